"""The service as a real server process for end-to-end tests (``flask run``, gunicorn): a free
local port, the process's environment (an SQLite file of its own, migrated at start; its Redis
keys under a prefix of its own), start and stop with the Redis keys removed after, waits that
show the server's log when they give up, a signed WeChat message posted, rows read from its
database file."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import requests

from factories.testapp import WECHAT_TOKEN

#: The repository: servers start here (``wsgi.py``, ``gunicorn.conf.py``).
ROOT = Path(__file__).resolve().parents[2]
#: Settings of the test process that must not reach a server of its own.
OWN_SETTINGS = ("WECHAT_", "MINIAPP_", "DATABASE_", "FLASK_")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(
    db_path: Path, prefix: str, *, drop: tuple[str, ...] = (), **settings: str
) -> dict[str, str]:
    """This process's environment for a server: without our settings (``OWN_SETTINGS`` and
    any starting with one of ``drop``), on the SQLite file ``db_path`` (migrated at start),
    Redis keys under ``prefix``, the tests' WeChat token, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS + drop)}
    env.update(
        DATABASE_URL=f"sqlite:///{db_path}",
        AUTO_MIGRATE="true",
        REDIS_PREFIX=prefix,
        WECHAT_TOKEN=WECHAT_TOKEN,
    )
    env.update(settings)
    return env


def log_tail(log_path: Path) -> str:
    """The last 3000 characters of a server's output (for a failed assertion's message)."""
    return log_path.read_text(errors="replace")[-3000:]


@contextlib.contextmanager
def running(
    args: list[str],
    env: dict[str, str],
    log_path: Path,
    *,
    prefix: str,
    stop: signal.Signals,
    grace: float,
) -> Iterator[subprocess.Popen[bytes]]:
    """``args`` started in ``ROOT`` with ``env``, in a session of its own, its output to
    ``log_path``. On leaving: ``stop`` sent to the whole process group, SIGKILL after
    ``grace`` seconds, then the Redis keys under ``prefix`` deleted."""
    log = open(log_path, "wb")  # noqa: SIM115 - closed once the server has its copy
    server = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()
    try:
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, stop)
        try:
            server.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)
        clean_redis(prefix)


def wait_for(what: str, check: Callable[[], Any], limit: float, log_path: Path) -> Any:
    """``check()``'s first true value, asked every 0.1 s; fails saying ``what`` with the
    server's log after ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}\n{log_tail(log_path)}"
        time.sleep(0.1)


def wait_healthy(
    server: subprocess.Popen[bytes], base: str, what: str, limit: float, log_path: Path
) -> None:
    """Until ``base``/healthz answers 200; fails at once, with the log, if the server exits."""

    def healthy() -> bool:
        assert server.poll() is None, log_tail(log_path)
        # (With a reloader the socket is open before the serving child has the app.)
        with contextlib.suppress(requests.ConnectionError):
            return requests.get(f"{base}/healthz", timeout=limit).status_code == 200
        return False

    wait_for(what, healthy, limit, log_path)


def post_wechat(base: str, wx: Any, xml: str) -> requests.Response:
    """``xml`` posted to ``base``/wechat as WeChat does, signed by the simulator ``wx``."""
    return requests.post(
        f"{base}/wechat",
        params=wx.signed_query(),
        data=xml.encode(),
        headers={"Content-Type": "text/xml"},
        timeout=30,
    )


def sqlite_rows(db_path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` on the server's SQLite file; [] while it is not migrated yet."""
    try:
        with contextlib.closing(sqlite3.connect(db_path)) as conn:
            return list(conn.execute(sql, params))
    except sqlite3.OperationalError:  # not migrated yet
        return []


def clean_redis(prefix: str) -> None:
    """Delete the keys under ``prefix`` from the real Redis (nothing without REDIS_URL)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        return
    import redis

    client = redis.Redis.from_url(url)
    try:
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)
    finally:
        client.close()
