"""The app under test: this run's id and Redis prefixes, the WeChat and mini-program
credentials of the test apps, recorded api.weixin.qq.com answers, throw-away databases,
stand-in bots for plumbing tests (``EchoBot``, ``BrokenBot``), the settings of a test app and
WeChat's signature. Plain functions and values: the fixtures built on them are in the root
conftest."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.reply import Reply

RUN_ID = uuid.uuid4().hex[:10]
RUN_PREFIX = f"bluecard-test-{RUN_ID}"

WECHAT_TOKEN = "bluecardtoken"
WECHAT_APP_ID = "wx0123456789abcdef"
WECHAT_APP_SECRET = "officialaccountsecret"
# 43 base64 characters = 32 bytes, like the EncodingAESKey the WeChat console generates.
AES_KEY = base64.b64encode(bytes(range(32))).decode().rstrip("=")
MINIAPP_APP_ID = "wxminiapp0123456"
MINIAPP_APP_SECRET = "miniappsecret"
#: the password of every staff account the tests make, and the window clerks log in at
PASSWORD = "correct horse battery staple"
WINDOW = "叶集区政务服务中心 3号窗口"
RECORDED_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "wechat"


def recorded(name: str) -> dict[str, Any]:
    """A recorded api.weixin.qq.com JSON response (tests/fixtures/wechat/<name>.json)."""
    return json.loads((RECORDED_DIR / f"{name}.json").read_text(encoding="utf-8"))


# -- throw-away database and Redis namespace ------------------------------------------------
def _is_postgres(url: str | None) -> bool:
    return bool(url) and url.split("://", 1)[0].startswith(("postgres", "postgresql"))


@contextmanager
def throwaway_database(tmp_dir: Any, name: str) -> Iterator[str]:
    """A new empty database (PostgreSQL when DATABASE_URL points at one, else a SQLite file)
    named ``name``; dropped on exit. Never touches any other database."""
    base = os.environ.get("DATABASE_URL")
    if not _is_postgres(base):
        yield f"sqlite:///{tmp_dir / (name + '.sqlite3')}"
        return
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base.replace("postgres://", "postgresql+psycopg://", 1))
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_prefix_counter = itertools.count()


def unique_prefix() -> str:
    """A Redis key prefix no other test of this run uses."""
    return f"{RUN_PREFIX}:{next(_prefix_counter)}"


# -- bots ---------------------------------------------------------------------------------------
@dataclass
class EchoBot:
    """A test double for plumbing tests: echoes text, names events, counts calls.

    delay: seconds each call sleeps (to provoke WeChat retries while processing).
    """

    delay: float = 0.0
    texts: list[tuple[str, str]] = field(default_factory=list)
    events: list[tuple[str, str, str | None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_text(self, user_id: str, text: str) -> Reply:
        with self.lock:
            self.texts.append((user_id, text))
        time.sleep(self.delay)
        return Reply(f"你说：{text}", "echo", ("fake-2021#一（一）",))

    def on_event(self, user_id: str, event: str, key: str | None = None) -> Reply:
        with self.lock:
            self.events.append((user_id, event, key))
        time.sleep(self.delay)
        if event == "unsubscribe":
            return Reply("", "unsubscribe")
        return Reply(f"事件：{event}，参数：{key}", event)


class BrokenBot:
    """A bot that fails on everything (to check the callback still answers)."""

    def on_text(self, user_id: str, text: str) -> Reply:
        raise RuntimeError("bot exploded")

    def on_event(self, user_id: str, event: str, key: str | None = None) -> Reply:
        raise RuntimeError("bot exploded")


# -- apps --------------------------------------------------------------------------------------
def base_config(database_url: str, prefix: str) -> dict[str, Any]:
    """The settings of a test app on ``database_url`` with Redis keys under ``prefix``."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL"),
        "REDIS_PREFIX": prefix,
        "AUTO_MIGRATE": False,
        "WECHAT_TOKEN": WECHAT_TOKEN,
        "WECHAT_APP_ID": WECHAT_APP_ID,
        "WECHAT_APP_SECRET": WECHAT_APP_SECRET,
        "WECHAT_ENCODING_AES_KEY": AES_KEY,
        "MINIAPP_APP_ID": MINIAPP_APP_ID,
        "MINIAPP_APP_SECRET": MINIAPP_APP_SECRET,
        "MINIAPP_SESSION_TTL": 3600,
        "POLICY_KB_DIR": None,
        "DEDUP_WAIT_SECONDS": 1.0,
        "WECHAT_HTTP_TIMEOUT": 2.0,
    }


# -- WeChat ------------------------------------------------------------------------------------
def wechat_signature(*parts: str) -> str:
    """SHA-1 of the sorted, concatenated parts: WeChat's signature (and msg_signature)."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()
