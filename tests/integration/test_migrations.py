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
    """``bluecard`` (pyproject: bluecard.cli:main) lists our commands next to Flask's."""
    import os
    import subprocess
    import sys

    run = [sys.executable, "-c", "from bluecard.cli import main; main()"]
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
