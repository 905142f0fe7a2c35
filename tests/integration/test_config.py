"""Start-up configuration: clear messages for bad settings, safe defaults for missing ones."""

from __future__ import annotations

import logging

import pytest
from factories.testapp import AES_KEY, EchoBot
from sqlalchemy import inspect

from bluecard import create_app
from bluecard.config import ConfigError, load_settings
from bluecard.extensions import db

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "bad_key",
    [
        "short",
        AES_KEY + "A",  # 44 characters
        AES_KEY[:-1] + "=",  # padding inside
        AES_KEY[:-1] + "!",  # not base64
        AES_KEY[:-2] + "中文",
        "A" * 42,
    ],
)
def test_malformed_aes_key_is_a_clear_config_error(bad_key):
    env = {"WECHAT_TOKEN": "tok123", "WECHAT_APP_ID": "wx1", "WECHAT_ENCODING_AES_KEY": bad_key}
    with pytest.raises(ConfigError) as info:
        load_settings(env)
    assert "WECHAT_ENCODING_AES_KEY" in str(info.value)
    assert "43" in str(info.value) or "base64" in str(info.value)


def test_aes_key_needs_token_and_app_id():
    with pytest.raises(ConfigError) as info:
        load_settings({"WECHAT_ENCODING_AES_KEY": AES_KEY})
    problems = info.value.problems
    assert any("WECHAT_APP_ID" in p for p in problems)
    assert any("WECHAT_TOKEN" in p for p in problems)


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"WECHAT_TOKEN": "no spaces allowed"}, "WECHAT_TOKEN"),
        ({"WECHAT_TOKEN": "ab"}, "WECHAT_TOKEN"),
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://localhost"}, "REDIS_URL"),
        ({"MINIAPP_APP_ID": "wx1"}, "MINIAPP_APP_SECRET"),
        ({"WECHAT_APP_SECRET": "s"}, "WECHAT_APP_ID"),
        ({"MINIAPP_SESSION_TTL": "soon"}, "MINIAPP_SESSION_TTL"),
        ({"MINIAPP_SESSION_TTL": "-5"}, "MINIAPP_SESSION_TTL"),
        ({"AUTO_MIGRATE": "perhaps"}, "AUTO_MIGRATE"),
        ({"REDIS_PREFIX": "has space"}, "REDIS_PREFIX"),
    ],
)
def test_each_bad_variable_is_named(env, variable):
    with pytest.raises(ConfigError) as info:
        load_settings(env)
    assert variable in str(info.value)


def test_all_problems_are_reported_at_once():
    with pytest.raises(ConfigError) as info:
        load_settings({"WECHAT_TOKEN": "x", "DATABASE_URL": "mysql://", "MINIAPP_SESSION_TTL": "0"})
    assert len(info.value.problems) == 3


def test_create_app_refuses_a_bad_key_before_serving():
    with pytest.raises(ConfigError, match="WECHAT_ENCODING_AES_KEY"):
        create_app(
            {"WECHAT_TOKEN": "tok123", "WECHAT_APP_ID": "wx1", "WECHAT_ENCODING_AES_KEY": "bad"}
        )


def test_postgres_urls_select_psycopg3():
    s = load_settings({"DATABASE_URL": "postgres://u:p@db:5432/bc"})
    assert s.database_url == "postgresql+psycopg://u:p@db:5432/bc"
    assert load_settings({"DATABASE_URL": "postgresql://db/bc"}).database_url.startswith(
        "postgresql+psycopg://"
    )
    assert "p@" not in str(s.summary())  # no password in summaries


def test_defaults_and_generated_secret_key():
    s = load_settings({})
    assert s.database_url is None and s.redis_url is None
    assert s.auto_migrate is True  # only the embedded database migrates itself
    assert s.secret_key_generated and len(s.secret_key) >= 32
    assert load_settings({}).secret_key != s.secret_key
    assert load_settings({"DATABASE_URL": "sqlite:///x.db"}).auto_migrate is False
    assert s.miniapp_session_ttl == 7 * 24 * 3600


def test_overrides_beat_the_environment_and_none_unsets():
    env = {"WECHAT_TOKEN": "fromenv", "MINIAPP_SESSION_TTL": "60"}
    s = load_settings(env, {"WECHAT_TOKEN": None, "MINIAPP_SESSION_TTL": 120})
    assert s.wechat_token is None and s.miniapp_session_ttl == 120


def test_embedded_defaults_warn_and_migrate_themselves(tmp_path, fake_knowledge, caplog):
    """No DATABASE_URL, no REDIS_URL, no SECRET_KEY: SQLite under instance/, migrated on first
    start, embedded Redis, and a warning for each dev-only default."""
    caplog.set_level(logging.WARNING)
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": None,
            "REDIS_URL": None,
            "SECRET_KEY": None,
            "WECHAT_TOKEN": None,
            "WECHAT_APP_ID": None,
            "WECHAT_APP_SECRET": None,
            "WECHAT_ENCODING_AES_KEY": None,
            "MINIAPP_APP_ID": None,
            "MINIAPP_APP_SECRET": None,
            "AUTO_MIGRATE": None,
            "KNOWLEDGE": fake_knowledge,
            "BOT_FACTORY": lambda *_: EchoBot(),
        }
    )
    assert (tmp_path / "instance" / "bluecard.sqlite3").exists()
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert {"follower", "message_log", "miniapp_session", "alembic_version"} <= tables
    assert "single-process only" in caplog.text
    assert "SECRET_KEY is not set" in caplog.text
    # A second start on the same instance folder finds the schema current.
    create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": None,
            "KNOWLEDGE": fake_knowledge,
            "BOT_FACTORY": lambda *_: EchoBot(),
        }
    )


def test_importing_the_app_package_connects_to_nothing():
    """Import-time side effects would break pre-fork servers and CLI tools."""
    import subprocess
    import sys

    code = (
        "import socket\n"
        "def refuse(*a, **k): raise AssertionError('connection at import time')\n"
        "socket.socket.connect = refuse\n"
        "import bluecard, handlers, miniapp_api, bluecard.cli\n"
        "print('ok')\n"
    )
    env = {
        "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_public_base_url_follows_port_unless_set():
    """``PORT=5077 make run`` serves on 5077: QR codes must point there too."""
    assert load_settings({}).public_base_url == "http://127.0.0.1:5000"
    assert load_settings({"PORT": "5077"}).public_base_url == "http://127.0.0.1:5077"
    given = load_settings({"PORT": "5077", "PUBLIC_BASE_URL": "https://bc.example.gov.cn/"})
    assert given.public_base_url == "https://bc.example.gov.cn"
    with pytest.raises(ConfigError) as info:
        load_settings({"PORT": "70000"})
    assert any(p.startswith("PORT ") for p in info.value.problems)
