"""A gunicorn worker killed right after it answered loses no message-log row, and the row is
written once (issue 11 §3).

A real ``gunicorn --preload wsgi:app`` (one worker, ``gunicorn.conf.py``: the worker's flusher)
on an SQLite file of its own. With REDIS_URL set the callback queues its row in that Redis
(a prefix of its own, removed after) and the flusher sleeps a minute between batches, so the
worker is SIGKILLed between the reply and the flush: the row is only in Redis then. The worker
gunicorn starts in its place writes it, once, also when WeChat sends the message again. On the
embedded defaults (no Redis to share) the row is written before the reply, and the same checks
hold.
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
from typing import Any

import pytest
import requests
from factories.testapp import RUN_PREFIX, WECHAT_TOKEN

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
#: gunicorn loads the knowledge base before it forks; a loaded test machine may take long.
START_LIMIT = 120.0
WRITE_LIMIT = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _logged(db_path: Path, dedup_key: str) -> int:
    try:
        with contextlib.closing(sqlite3.connect(db_path)) as conn:
            row = conn.execute(
                "SELECT count(*) FROM message_log WHERE dedup_key = ?", (dedup_key,)
            ).fetchone()
    except sqlite3.OperationalError:  # not migrated yet
        return 0
    return int(row[0])


def _workers(master: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout
    return [int(pid) for pid in out.split()]


def _post(base: str, wx: Any, xml: str) -> requests.Response:
    return requests.post(
        f"{base}/wechat",
        params=wx.signed_query(),
        data=xml.encode(),
        headers={"Content-Type": "text/xml"},
        timeout=30,
    )


def _wait(what: str, check: Any, limit: float, log_path: Path) -> Any:
    deadline = time.monotonic() + limit
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, (
            f"{what}\n{log_path.read_text(errors='replace')[-3000:]}"
        )
        time.sleep(0.1)


def test_a_worker_killed_between_reply_and_flush_loses_no_row(wx, tmp_path):
    queued = bool(os.environ.get("REDIS_URL"))
    db_path = tmp_path / "bluecard.sqlite3"
    port = _free_port()
    prefix = f"{RUN_PREFIX}:killed-{uuid.uuid4().hex[:8]}"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WECHAT_", "MINIAPP_", "DATABASE_", "FLASK_", "MESSAGE_LOG_"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{db_path}",
        AUTO_MIGRATE="true",
        REDIS_PREFIX=prefix,
        SECRET_KEY="worker-killed-test-secret",
        WECHAT_TOKEN=WECHAT_TOKEN,
        MESSAGE_LOG_FLUSH_SECONDS="60",
    )
    log_path = tmp_path / "gunicorn.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed once gunicorn has its copy
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "--preload", "-b", f"127.0.0.1:{port}",
         "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    log.close()
    base = f"http://127.0.0.1:{port}"
    message = wx.text("洪泽引进技师有补贴吗", openid="oKilled1", msg_id=9600001)
    try:

        def healthy() -> bool:
            assert server.poll() is None, log_path.read_text(errors="replace")[-3000:]
            with contextlib.suppress(requests.ConnectionError):
                return requests.get(f"{base}/healthz", timeout=START_LIMIT).status_code == 200
            return False

        _wait("gunicorn did not start", healthy, START_LIMIT, log_path)
        [worker] = _workers(server.pid)

        first = _post(base, wx, message)
        assert first.status_code == 200 and "<Content>" in first.text
        # Answered; with the queue the row waits in Redis (the flusher sleeps a minute).
        assert _logged(db_path, "msg:9600001") == (0 if queued else 1)

        os.kill(worker, signal.SIGKILL)  # no worker_exit hook, no last flush
        _wait("no new worker", lambda: [p for p in _workers(server.pid) if p != worker],
              START_LIMIT, log_path)  # fmt: skip
        # The new worker's flusher writes what the dead one left, at its start.
        _wait("the row was lost", lambda: _logged(db_path, "msg:9600001"), WRITE_LIMIT, log_path)

        # WeChat sending the same message again changes nothing in the log.
        again = _post(base, wx, message)
        assert again.status_code == 200
        if queued:
            assert again.text == first.text  # the stored reply, not a second answer
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)  # workers write what they hold
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)
        _clean_redis(prefix)
    assert _logged(db_path, "msg:9600001") == 1


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
