"""``flask run`` (the development server) with the message log queued in Redis: the rows of
what users asked reach the database by themselves, as under gunicorn — the server starts its
own flusher (``bluecard.followers.msglog.start_flusher_under_flask_run``), also when the
reloader serves from a child process.

The server is a real ``flask --app wsgi run`` process on a local port, on an SQLite file of
its own; with REDIS_URL set it queues in that Redis (under a prefix of its own, removed after),
else in its embedded store (MESSAGE_LOG_QUEUE=true).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from factories.testapp import RUN_PREFIX, WECHAT_TOKEN

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
#: The server starts in a few seconds; a loaded test machine may take much longer.
START_LIMIT = 90.0
FLUSH_LIMIT = 15.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _logged(db_path: Path) -> list[tuple[str, str]]:
    try:
        with contextlib.closing(sqlite3.connect(db_path)) as conn:
            return list(conn.execute("SELECT openid, question FROM message_log"))
    except sqlite3.OperationalError:  # not migrated yet
        return []


@pytest.mark.parametrize("reload", ["--no-reload", "--reload"])
def test_flask_run_writes_the_message_log_by_itself(reload, wx, tmp_path):
    db_path = tmp_path / "bluecard.sqlite3"
    port = _free_port()
    prefix = f"{RUN_PREFIX}:flask-run-{uuid.uuid4().hex[:8]}"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WECHAT_", "MINIAPP_", "DATABASE_", "FLASK_"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{db_path}",
        AUTO_MIGRATE="true",
        REDIS_PREFIX=prefix,
        MESSAGE_LOG_QUEUE="true",
        SECRET_KEY="flask-run-test-secret",
        WECHAT_TOKEN=WECHAT_TOKEN,
    )
    log_path = tmp_path / "server.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed once the server has its copy
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port), reload],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_LIMIT
        while True:
            assert server.poll() is None, log_path.read_text(errors="replace")[-3000:]
            # (With the reloader the socket is open before the serving child has the app.)
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{base}/healthz", timeout=START_LIMIT).status_code == 200:
                    break
            assert time.monotonic() < deadline, "flask run did not start"
            time.sleep(0.2)

        response = requests.post(
            f"{base}/wechat",
            params=wx.signed_query(),
            data=wx.text("洪泽技师补贴多少", openid="oFlaskRun1", msg_id=9300001).encode(),
            headers={"Content-Type": "text/xml"},
            timeout=30,
        )
        assert response.status_code == 200 and "<Content>" in response.text

        # Nobody flushes but the server itself: the row arrives within the flusher's rhythm.
        deadline = time.monotonic() + FLUSH_LIMIT
        while not _logged(db_path):
            assert time.monotonic() < deadline, "the row waits in Redis: no flusher"
            time.sleep(0.1)
        assert _logged(db_path) == [("oFlaskRun1", "洪泽技师补贴多少")]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)
        _clean_redis(prefix)


def _clean_redis(prefix: str) -> None:
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
