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

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from factories.servers import (
    free_port,
    post_wechat,
    running,
    server_env,
    sqlite_rows,
    wait_for,
    wait_healthy,
)
from factories.testapp import RUN_PREFIX

pytestmark = pytest.mark.e2e

#: gunicorn loads the knowledge base before it forks; a loaded test machine may take long.
START_LIMIT = 120.0
WRITE_LIMIT = 60.0


def _logged(db_path: Path, dedup_key: str) -> int:
    sql = "SELECT count(*) FROM message_log WHERE dedup_key = ?"
    rows = sqlite_rows(db_path, sql, (dedup_key,))
    return int(rows[0][0]) if rows else 0


def _workers(master: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout
    return [int(pid) for pid in out.split()]


def test_a_worker_killed_between_reply_and_flush_loses_no_row(wx, tmp_path):
    queued = bool(os.environ.get("REDIS_URL"))
    db_path = tmp_path / "bluecard.sqlite3"
    port = free_port()
    prefix = f"{RUN_PREFIX}:killed-{uuid.uuid4().hex[:8]}"
    env = server_env(
        db_path,
        prefix,
        drop=("MESSAGE_LOG_",),
        SECRET_KEY="worker-killed-test-secret",
        MESSAGE_LOG_FLUSH_SECONDS="60",
    )
    log_path = tmp_path / "gunicorn.log"
    args = [sys.executable, "-m", "gunicorn", "-w", "1", "--preload", "-b",
            f"127.0.0.1:{port}", "wsgi:app"]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    message = wx.text("洪泽引进技师有补贴吗", openid="oKilled1", msg_id=9600001)
    # On leaving, SIGTERM: the workers write what they hold.
    with running(args, env, log_path, prefix=prefix, stop=signal.SIGTERM, grace=30) as server:
        wait_healthy(server, base, "gunicorn did not start", START_LIMIT, log_path)
        [worker] = _workers(server.pid)

        first = post_wechat(base, wx, message)
        assert first.status_code == 200 and "<Content>" in first.text
        # Answered; with the queue the row waits in Redis (the flusher sleeps a minute).
        assert _logged(db_path, "msg:9600001") == (0 if queued else 1)

        os.kill(worker, signal.SIGKILL)  # no worker_exit hook, no last flush
        wait_for("no new worker", lambda: [p for p in _workers(server.pid) if p != worker],
                 START_LIMIT, log_path)  # fmt: skip
        # The new worker's flusher writes what the dead one left, at its start.
        wait_for("the row was lost", lambda: _logged(db_path, "msg:9600001"), WRITE_LIMIT,
                 log_path)  # fmt: skip

        # WeChat sending the same message again changes nothing in the log.
        again = post_wechat(base, wx, message)
        assert again.status_code == 200
        if queued:
            assert again.text == first.text  # the stored reply, not a second answer
    assert _logged(db_path, "msg:9600001") == 1
