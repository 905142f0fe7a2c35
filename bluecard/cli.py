"""Command line: ``bluecard <command>`` (the console script, ``bluecard.__main__``) or
``flask --app wsgi bluecard <command>``.

bluecard migrate            apply database migrations (same as ``flask --app wsgi db upgrade``)
bluecard purge-sessions     delete mini-program sessions that ended long ago
bluecard check-config       validate the environment and print what is configured
bluecard create-staff USERNAME --role ROLE --name NAME [--district D]   a console account
                            (--district required for clerk, reviewer, finance)
bluecard set-password USERNAME                                          reset its password
bluecard update-staff USERNAME [--role R] [--district D|--all-districts] [--deactivate|--activate]
                            (password, role, district changes and deactivation end every
                            console session and API token of the account)
bluecard run / routes / db / openapi ...   Flask's, Flask-Migrate's and flask-openapi3's
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from bluecard.cards.qr import public_key_pem
from bluecard.cards.search import backfill_lookup_hashes
from bluecard.config import ConfigError, load_settings
from bluecard.extensions import upgrade_database
from bluecard.models import STAFF_ROLES
from bluecard.runtime import current_runtime
from bluecard.services.errors import ServiceError
from bluecard.staff import services as staff
from bluecard.staff.sessions import purge_sessions
from bot.__main__ import run_loop
from policy_kb.regions import canonical_region

#: Environment variable a script can set instead of typing the password at the prompt.
PASSWORD_ENV = "BLUECARD_STAFF_PASSWORD"

#: The furthest back ``purge-sessions --days`` may reach (100 years).
MAX_PURGE_DAYS = 36_500

commands = AppGroup("bluecard", help="技工蓝卡 service commands.")


@commands.command("backfill-card-search")
def backfill_card_search_command() -> None:
    """Fill the search hashes (name, phone) of cards made before migration 0006."""
    click.echo(f"filled {backfill_lookup_hashes()} cards")


@commands.command("migrate")
@click.option("--revision", default="head", show_default=True, help="Alembic target revision.")
def migrate_command(revision: str) -> None:
    """Apply the database migrations up to REVISION."""
    upgrade_database(current_app, revision)
    click.echo(f"database at {revision}")


@commands.command("purge-sessions")
@click.option(
    "--days",
    default=30,
    show_default=True,
    # Never negative (that would reach sessions still live); at most 100 years back.
    type=click.IntRange(0, MAX_PURGE_DAYS),
    help=f"Keep sessions ended this recently (0-{MAX_PURGE_DAYS}).",
)
def purge_sessions_command(days: int) -> None:
    """Delete mini-program sessions that expired or were revoked more than DAYS days ago
    (exit 2 naming --days for a negative or absurd number)."""
    count = purge_sessions(timedelta(days=days))
    click.echo(f"deleted {count} sessions")


@commands.command("check-config", with_appcontext=False)
def check_config_command() -> None:
    """Validate the environment's configuration; exit 2 naming each problem."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    click.echo(json.dumps(settings.summary(), ensure_ascii=False, indent=2))


def _read_password() -> str:
    """The password from BLUECARD_STAFF_PASSWORD, else typed twice at a hidden prompt."""
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        return staff.validate_password(password)
    except staff.StaffInputError as exc:
        raise click.BadParameter(exc.message, param_hint="password") from None


_PARAM_HINTS = {
    "username": "USERNAME",
    "role": "'--role'",
    "district": "'--district'",
    "display_name": "'--name'",
    "password": "password",
}


@commands.command("create-staff")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(STAFF_ROLES), help="Console role.")
@click.option("--name", "display_name", required=True, help="Display name, e.g. 张三.")
@click.option(
    "--district",
    default=None,
    help="District the account works for; required for clerk, reviewer and finance "
    "(admin and policy: default all).",
)
def create_staff_command(username: str, role: str, display_name: str, district: str | None) -> None:
    """Create a console account USERNAME. The password is read from BLUECARD_STAFF_PASSWORD
    or prompted for (never an argument: it would stay in the shell history)."""
    try:
        district = staff.validate_district(district)
        staff.require_district(role, district)
    except staff.StaffInputError as exc:
        raise click.BadParameter(exc.message, param_hint="'--district'") from None
    password = _read_password()
    try:
        account = staff.create_staff(username, password, role, display_name, district)
    except staff.StaffInputError as exc:
        raise click.BadParameter(exc.message, param_hint=_PARAM_HINTS.get(exc.field)) from None
    except ServiceError as exc:
        raise click.BadParameter(exc.message, param_hint="USERNAME") from None
    where = account.district or "all districts"
    click.echo(f"created {account.username} ({account.role}, {where})")


@commands.command("set-password")
@click.argument("username")
def set_password_command(username: str) -> None:
    """Set USERNAME's password (BLUECARD_STAFF_PASSWORD or prompt) and lift any lock-out."""
    password = _read_password()
    try:
        staff.set_password(username, password)
    except ServiceError as exc:
        raise click.BadParameter(exc.message, param_hint="USERNAME") from None
    click.echo(f"password of {username} changed")


@commands.command("update-staff")
@click.argument("username")
@click.option("--role", default=None, type=click.Choice(STAFF_ROLES), help="New role.")
@click.option("--district", default=None, help="New district.")
@click.option("--all-districts", is_flag=True, help="No district (admin and policy only).")
@click.option("--deactivate/--activate", "deactivate", default=None, help="Disable the account.")
def update_staff_command(
    username: str,
    role: str | None,
    district: str | None,
    all_districts: bool,
    deactivate: bool | None,
) -> None:
    """Change USERNAME's role, district or active flag; every console session and API token
    of the account ends at once."""
    if district is not None and all_districts:
        raise click.BadParameter("give --district or --all-districts", param_hint="'--district'")
    kwargs: dict[str, object] = {}
    if district is not None or all_districts:
        kwargs["district"] = None if all_districts else district
    try:
        account = staff.update_staff(
            username,
            role=role,
            active=None if deactivate is None else not deactivate,
            **kwargs,  # type: ignore[arg-type]
        )
    except staff.StaffInputError as exc:
        raise click.BadParameter(exc.message, param_hint=_PARAM_HINTS.get(exc.field)) from None
    except ServiceError as exc:
        raise click.BadParameter(exc.message, param_hint="USERNAME") from None
    where = account.district or "all districts"
    state = "active" if account.active else "deactivated"
    click.echo(f"updated {account.username} ({account.role}, {where}, {state}); sessions ended")


@commands.command("chat")
@click.option("--user", default="terminal", help="user key (an openid in WeChat)")
@click.option("--region", default=None, help="start as if the user said 「我在REGION」")
def chat_command(user: str, region: str | None) -> None:
    """Talk to the service's bot in the terminal, with the database: unlike
    ``python -m bot chat``, card applications (申请蓝卡), 我的蓝卡 and 保存 work here."""
    canonical = None
    if region:
        canonical = canonical_region(region)
        if canonical is None:
            raise click.BadParameter(f"unknown region {region!r}", param_hint="--region")
    raise SystemExit(run_loop(current_runtime().bot, user, canonical))


@commands.command("qr-public-key")
def qr_public_key_command() -> None:
    """Print the PEM public key that verifies QR codes offline (give it to the windows;
    ``python -m bluecard.cards.qr verify KEY.pem CODE``)."""
    click.echo(public_key_pem(current_runtime().signing_key), nl=False)
