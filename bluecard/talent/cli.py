"""``flask --app wsgi talent summary``: the periodic supply–demand summary (台儿庄 三（三）7
定期发布供求信息, 叶集 九 定期发布技能人才供求信息), run by cron (e.g. on the 1st of each month).

    flask --app wsgi talent summary --as USERNAME [--district D]... [--publish]

prints each district's summary (its account's own district, or every covered district for an
account bound to none); with ``--publish`` it also makes each a notification draft to the
district's card holders, for staff to confirm in the console (the account needs
``notification.send``). Acts as the staff account USERNAME (audited like a person's action).
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from bluecard.services.errors import ServiceError
from bluecard.staff import services as staff
from bluecard.talent import services as talent
from policy_kb.regions import REGIONS

commands = AppGroup("talent", help="技能人才库: supply–demand summary.")


@commands.command("summary")
@click.option("--as", "username", required=True, help="Staff account acting (its district).")
@click.option("--district", "districts", multiple=True, help="District (default: the account's).")
@click.option("--publish", is_flag=True, help="Also make notification drafts to card holders.")
def summary_command(username: str, districts: tuple[str, ...], publish: bool) -> None:
    """Print (and with --publish, draft) each district's supply–demand summary; exit 2 on a
    refusal."""
    account = next((a for a in staff.list_staff() if a.username == username and a.active), None)
    if account is None:
        # A refusal exits 2, as the docstring says (a usage error naming the option).
        raise click.BadParameter(f"没有可用的员工账号 {username}", param_hint="'--as'")
    actor = account.actor(window="定时任务")
    chosen = list(districts) or ([actor.district] if actor.district else [r.name for r in REGIONS])
    for district in chosen:
        try:
            result = talent.summary(actor, district)
            click.echo(result.text())
            if publish:
                nid = talent.publish_summary(actor, district)
                click.echo(f"  → 通知草稿 #{nid}，请在控制台确认发送")
        except (talent.TalentFormError, ServiceError) as err:
            click.echo(f"{district}: {err}", err=True)
            raise SystemExit(2) from None
