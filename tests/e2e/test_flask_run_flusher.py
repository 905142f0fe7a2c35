"""``flask run`` (the development server) with the message log queued in Redis: the rows of
what users asked reach the database by themselves, as under gunicorn — the server starts its
own flusher (``bluecard.followers.msglog.start_flusher_under_flask_run``), also when the
reloader serves from a child process.

The server is a real ``flask --app wsgi run`` process on a local port, on an SQLite file of
its own; with REDIS_URL set it queues in that Redis (under a prefix of its own, removed after),
else in its embedded store (MESSAGE_LOG_QUEUE=true).
"""

from __future__ import annotations

import signal
import sys
import time
import uuid
from pathlib import Path

import pytest
from factories.servers import (
    free_port,
    post_wechat,
    running,
    server_env,
    sqlite_rows,
    wait_healthy,
)
from factories.testapp import RUN_PREFIX

pytestmark = pytest.mark.e2e

#: The server starts in a few seconds; a loaded test machine may take much longer.
START_LIMIT = 90.0
FLUSH_LIMIT = 15.0


def _logged(db_path: Path) -> list[tuple[str, str]]:
    return sqlite_rows(db_path, "SELECT openid, question FROM message_log")


@pytest.mark.parametrize("reload", ["--no-reload", "--reload"])
def test_flask_run_writes_the_message_log_by_itself(reload, wx, tmp_path):
    db_path = tmp_path / "bluecard.sqlite3"
    port = free_port()
    prefix = f"{RUN_PREFIX}:flask-run-{uuid.uuid4().hex[:8]}"
    env = server_env(db_path, prefix, MESSAGE_LOG_QUEUE="true", SECRET_KEY="flask-run-test-secret")
    log_path = tmp_path / "server.log"
    args = [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port), reload]
    base = f"http://127.0.0.1:{port}"
    with running(args, env, log_path, prefix=prefix, stop=signal.SIGINT, grace=20) as server:
        wait_healthy(server, base, "flask run did not start", START_LIMIT, log_path)

        xml = wx.text("洪泽技师补贴多少", openid="oFlaskRun1", msg_id=9300001)
        response = post_wechat(base, wx, xml)
        assert response.status_code == 200 and "<Content>" in response.text

        # Nobody flushes but the server itself: the row arrives within the flusher's rhythm.
        deadline = time.monotonic() + FLUSH_LIMIT
        while not _logged(db_path):
            assert time.monotonic() < deadline, "the row waits in Redis: no flusher"
            time.sleep(0.1)
        assert _logged(db_path) == [("oFlaskRun1", "洪泽技师补贴多少")]
