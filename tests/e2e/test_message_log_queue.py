"""The message log through its Redis queue (``bluecard.followers.msglog``): what staff read in
the statistics arrives, once, even when the process writing it dies mid-flight.

The queue is forced on (MESSAGE_LOG_QUEUE) so these run on the embedded store too; with
REDIS_URL set they run on the real Redis. Requests are posted without the simulator's own
flush (``WeChatSim.post`` writes the queue at once, as the flusher thread would).
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from sqlalchemy import event, select

from bluecard.extensions import db
from bluecard.followers.msglog import (
    MessageLogQueue,
    flush_message_log,
    start_flusher,
    stop_flusher,
)
from bluecard.models import Follower, MessageLog
from bluecard.runtime import current_runtime
from bot.reply import Reply

pytestmark = pytest.mark.e2e


def _post(client: Any, wx: Any, xml: str) -> Any:
    """POST as WeChat does, without writing the queue afterwards."""
    return client.post("/wechat", query_string=wx.signed_query(), data=xml, content_type="text/xml")


def _logged(app: Any) -> list[tuple[str, str | None]]:
    with app.app_context():
        rows = db.session.execute(select(MessageLog).order_by(MessageLog.dedup_key)).scalars()
        out = [(r.dedup_key, r.question) for r in rows]
        db.session.remove()
        return out


def _queue(app: Any) -> MessageLogQueue:
    with app.app_context():
        runtime = current_runtime()
        return MessageLogQueue(runtime.redis, runtime.settings.redis_prefix)


@pytest.fixture
def queued_app(make_app: Any, echo_bot: Any) -> Any:
    return make_app(bot=echo_bot, MESSAGE_LOG_QUEUE=True)


def test_row_survives_a_flusher_killed_before_writing_it(queued_app, wx):
    client = queued_app.test_client()
    response = _post(client, wx, wx.text("洪泽技师补贴多少", openid="oQueue1", msg_id=9100001))
    assert response.status_code == 200 and "你说" in response.get_data(as_text=True)
    # Answered, and not yet in the database: the row waits in Redis.
    assert _logged(queued_app) == []
    queue = _queue(queued_app)
    assert queue.depth() == 1

    # A flusher reads the entry and dies before its transaction (what SIGKILL leaves behind:
    # the entry pending under a consumer that never acknowledges it).
    taken = queue.take("dead-host:4242")
    assert [row["dedup_key"] for _, row in taken if row] == ["msg:9100001"]
    assert _logged(queued_app) == []

    # Not yet abandoned long enough: a live flusher leaves it to its owner.
    with queued_app.app_context():
        assert queue.flush("new-host:1") == 0
    assert _logged(queued_app) == []

    # After the claim time, the restarted flusher (another name) takes it over and writes it.
    with queued_app.app_context():
        assert queue.flush("new-host:1", claim_idle_ms=0) == 1
    assert _logged(queued_app) == [("msg:9100001", "洪泽技师补贴多少")]
    assert queue.depth() == 0


def test_a_batch_written_twice_logs_each_message_once(queued_app, wx):
    client = queued_app.test_client()
    for n in range(3):
        _post(client, wx, wx.text(f"问题{n}", openid="oQueue2", msg_id=9200000 + n))
    queue = _queue(queued_app)
    taken = queue.take("writer-a")
    rows = [row for _, row in taken if row]
    with queued_app.app_context():
        from bluecard.followers.services import record_rows

        record_rows(rows)  # written, then the writer dies before acknowledging
        assert queue.flush("writer-b", claim_idle_ms=0) == 3  # written again: no change
    assert [key for key, _ in _logged(queued_app)] == [f"msg:{9200000 + n}" for n in range(3)]


def test_queued_rows_carry_no_personal_data(queued_app, wx):
    client = queued_app.test_client()
    _post(client, wx, wx.text("我的电话13812345678，身份证320102199001011234", openid="oQueue3"))
    with queued_app.app_context():
        runtime = current_runtime()
        entries = runtime.redis.xrange(f"{runtime.settings.redis_prefix}:msglog")
    stored = json.dumps([{k.decode(): v.decode() for k, v in f.items()} for _, f in entries])
    assert "13812345678" not in stored and "320102199001011234" not in stored
    assert "1234" not in stored  # not even the tail of either
    flush_message_log(queued_app)
    [(_, question)] = _logged(queued_app)
    assert question is not None and "13812345678" not in question and "电话" in question


def test_follow_events_in_one_batch_leave_the_last_state(queued_app, wx):
    client = queued_app.test_client()
    _post(client, wx, wx.event("subscribe", openid="oQueue4", create_time=1700000100))
    _post(client, wx, wx.event("unsubscribe", openid="oQueue4", create_time=1700000200))
    _post(client, wx, wx.event("subscribe", openid="oQueue5", create_time=1700000300))
    assert flush_message_log(queued_app) == 3
    with queued_app.app_context():
        followers = {
            f.openid: f for f in db.session.execute(select(Follower)).scalars() if f.openid
        }
        assert followers["oQueue4"].subscribed is False
        assert followers["oQueue4"].subscribed_at is not None
        assert followers["oQueue5"].subscribed is True
        db.session.remove()


def test_the_flusher_thread_writes_without_being_asked(queued_app, wx):
    client = queued_app.test_client()
    stop = start_flusher(queued_app, interval=0.05)
    assert stop is not None
    try:
        _post(client, wx, wx.text("叶集有补贴吗", openid="oQueue6", msg_id=9300001))
        deadline = time.monotonic() + 10
        while not _logged(queued_app) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _logged(queued_app) == [("msg:9300001", "叶集有补贴吗")]
    finally:
        stop_flusher(queued_app)


def test_without_the_queue_the_row_is_written_with_the_answer(make_app, echo_bot, wx):
    app = make_app(bot=echo_bot, MESSAGE_LOG_QUEUE=False)
    _post(app.test_client(), wx, wx.text("连云港有补贴吗", openid="oDirect", msg_id=9400001))
    assert _logged(app) == [("msg:9400001", "连云港有补贴吗")]
    assert flush_message_log(app) == 0


class _PlaceBot:
    """Says where the worker is, as the real bot does for 「我在叶集」: a message naming a
    district makes it remember the region through the services it was given."""

    def __init__(self, services: Any) -> None:
        self.services = services

    def on_text(self, user_id: str, text: str) -> Reply:
        if text.startswith("我在"):
            self.services.remember_region(user_id, text.removeprefix("我在"))
        return Reply(f"好的：{text}", "set_region")

    def on_event(self, user_id: str, event: str, key: str | None = None) -> Reply:
        return Reply("", event)


def _follower(app: Any, openid: str) -> Follower | None:
    with app.app_context():
        found = db.session.execute(
            select(Follower).where(Follower.openid == openid)
        ).scalar_one_or_none()
        db.session.remove()
        return found


def test_the_region_named_reaches_the_follower_with_the_row_not_before_the_reply(make_app, wx):
    app = make_app(
        MESSAGE_LOG_QUEUE=True,
        BOT_FACTORY=lambda _knowledge, _store, services: _PlaceBot(services),
        KNOWLEDGE_CHECK_SECONDS=3600,  # the published versions are read once, now:
    )
    client = app.test_client()
    _post(client, wx, wx.text("你好", openid="oPlace1", msg_id=9700000))
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        response = _post(client, wx, wx.text("我在叶集区", openid="oPlace1", msg_id=9700001))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert response.status_code == 200 and "好的" in response.get_data(as_text=True)
    assert statements == []  # the reply waited for no database round trip
    assert _follower(app, "oPlace1") is None

    _post(client, wx, wx.text("我在洪泽区", openid="oPlace1", msg_id=9700002))
    _post(client, wx, wx.text("补贴多少", openid="oPlace1", msg_id=9700003))
    assert flush_message_log(app) == 4  # one batch: the last region named wins
    follower = _follower(app, "oPlace1")
    assert follower is not None and follower.region == "洪泽区"

    _post(client, wx, wx.text("那技师呢", openid="oPlace1", msg_id=9700004))
    flush_message_log(app)
    follower = _follower(app, "oPlace1")
    assert follower is not None and follower.region == "洪泽区"  # a message naming none


def test_without_the_queue_the_region_is_written_with_the_row(make_app, wx):
    app = make_app(
        MESSAGE_LOG_QUEUE=False,
        BOT_FACTORY=lambda _knowledge, _store, services: _PlaceBot(services),
    )
    _post(app.test_client(), wx, wx.text("我在叶集区", openid="oPlace2", msg_id=9700101))
    follower = _follower(app, "oPlace2")
    assert follower is not None and follower.region == "叶集区"
    assert _logged(app) == [("msg:9700101", "我在叶集区")]


def test_a_row_queued_by_the_previous_version_is_written(queued_app):
    queue = _queue(queued_app)
    old = {  # no "region": rows queued before it existed
        "dedup_key": "msg:9700201",
        "openid": "oOldRow",
        "msg_type": "text",
        "event": None,
        "event_key": None,
        "msg_id": "9700201",
        "received_at": "2025-06-01T08:00:00+00:00",
        "question": "叶集有补贴吗",
        "intent": "answer",
        "clause_refs": ["d#1"],
        "follow": None,
        "opens_window": True,
    }
    queue.enqueue(old)  # type: ignore[arg-type]
    assert flush_message_log(queued_app) == 1
    assert _logged(queued_app) == [("msg:9700201", "叶集有补贴吗")]
    follower = _follower(queued_app, "oOldRow")
    assert follower is not None and follower.subscribed and follower.region is None
    assert follower.last_message_at is not None
