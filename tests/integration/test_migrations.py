"""Alembic migrations: they build exactly the models' schema, down and up again, on the
configured backend (a scratch database of its own, not the run's shared one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from factories.testapp import RUN_ID, EchoBot, base_config, throwaway_database, unique_prefix
from sqlalchemy import inspect

from bluecard import create_app
from bluecard.extensions import db, upgrade_database

pytestmark = pytest.mark.integration


@pytest.fixture
def scratch_app(tmp_path, fake_knowledge, redis_cleanup):
    with throwaway_database(tmp_path, f"bluecard_test_{RUN_ID}_mig") as url:
        config = base_config(url, unique_prefix())
        config.update(KNOWLEDGE=fake_knowledge, BOT_FACTORY=lambda *_: EchoBot())
        app = create_app(config)
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_migrations_match_models_and_downgrade_cleanly(scratch_app):
    app = scratch_app
    upgrade_database(app)
    with app.app_context():
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
            )
        assert diff == [], diff
        config = app.extensions["migrate"].migrate.get_config()
        command.downgrade(config, "base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        command.upgrade(config, "head")
        assert {"follower", "message_log", "miniapp_session"} <= set(
            inspect(db.engine).get_table_names()
        )


def test_cli_migrate_and_flask_db_upgrade(scratch_app):
    runner = scratch_app.test_cli_runner()
    result = runner.invoke(args=["bluecard", "migrate"])
    assert result.exit_code == 0, result.output
    assert "database at head" in result.output
    with scratch_app.app_context(), db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == _head_revision()
    result = runner.invoke(args=["db", "upgrade"])  # Flask-Migrate's command: already at head
    assert result.exit_code == 0, result.output


def test_check_config_command(monkeypatch):
    from click.testing import CliRunner

    from bluecard.cli import check_config_command

    monkeypatch.setenv("WECHAT_TOKEN", "bad token")
    result = CliRunner().invoke(check_config_command)
    assert result.exit_code == 2 and "WECHAT_TOKEN" in result.output
    monkeypatch.setenv("WECHAT_TOKEN", "goodtoken1")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:hunter2@db/bc")
    result = CliRunner().invoke(check_config_command)
    assert result.exit_code == 0, result.output
    assert '"wechat_callback": true' in result.output
    assert "hunter2" not in result.output


def test_console_script_entry_point(tmp_path):
    """``bluecard`` (pyproject: bluecard.__main__:main) lists our commands next to Flask's."""
    import os
    import subprocess
    import sys

    run = [sys.executable, "-c", "from bluecard.__main__ import main; main()"]
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])  # the project, if not installed
    # --help builds the app to list its commands: keep its database out of the project tree.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    env["AUTO_MIGRATE"] = "true"
    helped = subprocess.run(
        [*run, "--help"], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path
    )
    assert helped.returncode == 0, helped.stderr
    for name in ("migrate", "check-config", "run", "db"):
        assert name in helped.stdout
    checked = subprocess.run(
        [*run, "check-config"],
        capture_output=True,
        text=True,
        env={**env, "WECHAT_ENCODING_AES_KEY": "tooshort"},
        timeout=60,
        cwd=tmp_path,
    )
    assert checked.returncode == 2
    assert "WECHAT_ENCODING_AES_KEY" in checked.stderr and "Traceback" not in checked.stderr


def _head_revision() -> str:
    """The newest revision in bluecard/migrations (what 'migrate' must reach)."""
    from pathlib import Path

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import bluecard

    config = Config()
    config.set_main_option("script_location", str(Path(bluecard.__file__).parent / "migrations"))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def test_0005_scrubs_personal_data_already_in_the_message_log(scratch_app):
    from datetime import UTC, datetime

    from sqlalchemy import text

    app = scratch_app
    upgrade_database(app, "0004")
    rows = [
        ("k1", "王小明", "card_form"),
        ("k2", "3415 0419 9005 1230 11", "card_form"),
        ("k3", "一万五", "quiz"),
        ("k4", "我电话 138-1234-5678 能办吗", "answer"),
        ("k5", "洪泽引进技师有多少补贴", "answer"),
    ]
    with app.app_context():
        for key, question, intent in rows:
            db.session.execute(
                text(
                    "INSERT INTO message_log (dedup_key, openid, msg_type, received_at, question,"
                    " intent, clause_refs) VALUES (:k, 'oOld', 'text', :at, :q, :i, '[]')"
                ),
                {"k": key, "q": question, "i": intent, "at": datetime(2026, 11, 1, tzinfo=UTC)},
            )
        db.session.commit()
    upgrade_database(app)
    with app.app_context():
        stored = dict(
            db.session.execute(text("SELECT dedup_key, question FROM message_log")).tuples().all()
        )
    assert stored == {
        "k1": "〔表单：card_form〕",
        "k2": "〔表单：card_form〕",
        "k3": "〔表单：quiz〕",
        "k4": "我电话 [已隐去] 能办吗",
        "k5": "洪泽引进技师有多少补贴",
    }


def test_0014_masks_card_numbers_in_old_decision_messages_and_nothing_else(scratch_app):
    """Decision messages stored before card numbers and reasons were masked read, after the
    upgrade, exactly as the service writes them today; other notifications keep their text;
    a second run (down to 0013 and up again) changes nothing."""
    from datetime import UTC, datetime
    from decimal import Decimal

    import sqlalchemy as sa

    from bluecard.notifications.decisions import application_message, card_message

    app = scratch_app
    upgrade_database(app, "0013_office13")
    card_no = "3408012026000123"
    reason = "身份证号341504199005123011与社保记录不符，请打138-1234-5678"
    old_bodies = {
        # as ffa6dd3's predecessor wrote them: the full card number, the reason as typed
        "approved": f"你的技工蓝卡已审核通过，卡号 {card_no}。回复「我的蓝卡」查看电子卡和二维码。",
        "rejected": (
            f"你的技工蓝卡申请未通过审核。原因：{reason}。"
            "如有疑问请到申请窗口咨询，补齐材料后可重新申请。"
        ),
        "paid": application_message("paid", benefit="技能提升补贴", amount_yuan=Decimal(1500))[1],
        "broadcast": "洪泽区技能提升补贴开始申报，咨询电话 0517-86881234，截止2026-12-31。",
    }
    table = sa.table(
        "notification",
        sa.column("id", sa.Integer()),
        sa.column("title", sa.String()),
        sa.column("body", sa.Text()),
        sa.column("audience", sa.JSON()),
        sa.column("kind", sa.String()),
        sa.column("status", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    with app.app_context():
        for name, body in old_bodies.items():
            kind = "manual" if name == "broadcast" else "decision"
            db.session.execute(
                table.insert().values(
                    title=name,
                    body=body,
                    audience={"kind": kind},
                    kind=kind,
                    status="done",
                    created_at=datetime(2026, 11, 1, tzinfo=UTC),
                )
            )
        db.session.commit()

    def stored() -> dict[str, str]:
        with app.app_context():
            rows = db.session.execute(sa.select(table.c.title, table.c.body)).tuples().all()
            db.session.remove()
        return dict(rows)

    upgrade_database(app)
    masked = stored()
    assert masked == {
        "approved": card_message(approved=True, card_no=card_no, reason=None)[1],
        "rejected": card_message(approved=False, card_no=None, reason=reason)[1],
        "paid": old_bodies["paid"],  # the amount (1,500元) is no personal number
        "broadcast": old_bodies["broadcast"],  # staff's text to many: the hotline stays
    }
    assert "卡号 ************0123。" in masked["approved"]
    assert "341504199005123011" not in masked["rejected"] and "5678" in masked["rejected"]

    with app.app_context():
        command.downgrade(app.extensions["migrate"].migrate.get_config(), "0013_office13")
    assert stored() == masked  # the downgrade keeps the masked text
    upgrade_database(app)
    assert stored() == masked  # and a second run finds nothing to change


def test_0015_masks_numbers_typed_in_old_audit_reasons(scratch_app):
    """Audit rows written before reasons were masked read, after the upgrade, as rows written
    today: the 身份证号 and phone in a reason masked but their last 4 digits; card numbers and
    ids under other keys, and rows without a reason, unchanged."""
    from datetime import UTC, datetime

    import sqlalchemy as sa

    from bluecard.staff.audit import masked_detail

    app = scratch_app
    upgrade_database(app, "0014_tidy15")
    table = sa.table(
        "audit_log",
        sa.column("id", sa.Integer()),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("actor", sa.String()),
        sa.column("action", sa.String()),
        sa.column("outcome", sa.String()),
        sa.column("detail", sa.JSON()),
    )
    old = {
        "card.review": {"reason": "身份证号341504199005123011有误，电话13812345678"},
        "card.revoke": {"card_no": "3415042026000001", "reason": "材料不全"},
        "application.pay": {"application_id": 7, "amount_yuan": "600.00"},
    }
    with app.app_context():
        for action, detail in old.items():
            db.session.execute(
                table.insert().values(
                    at=datetime(2026, 11, 1, tzinfo=UTC),
                    actor="reviewer1",
                    action=action,
                    outcome="ok",
                    detail=detail,
                )
            )
        db.session.commit()

    def stored() -> dict[str, dict]:
        with app.app_context():
            rows = db.session.execute(sa.select(table.c.action, table.c.detail)).tuples().all()
            db.session.remove()
        return dict(rows)

    upgrade_database(app)
    assert stored() == {action: masked_detail(detail) for action, detail in old.items()}
    assert stored()["card.review"] == {"reason": "身份证号**************3011有误，电话*******5678"}
    assert stored()["card.revoke"] == old["card.revoke"]
