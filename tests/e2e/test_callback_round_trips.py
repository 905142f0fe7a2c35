"""What a message costs in Redis: two round trips — the replay check, the de-duplication claim
and the sender's dialogue state read in one; the reply stored for retries, the dialogue state
written and the message-log row queued in the other (issue 11 §3). Counted at the client
(every command sent alone, every pipeline sent), on the embedded store or the real Redis."""

from __future__ import annotations

from typing import Any

import pytest
import redis.client

from bluecard.followers.msglog import flush_message_log
from handlers.dispatch import ERROR_TEXT

pytestmark = pytest.mark.e2e


@pytest.fixture
def round_trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    sent: list[str] = []
    command = redis.client.Redis.execute_command
    execute = redis.client.Pipeline.execute

    def one_command(self: Any, *args: Any, **options: Any) -> Any:
        sent.append(str(args[0]))
        return command(self, *args, **options)

    def one_pipeline(self: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(f"pipeline of {len(self.command_stack)}")
        return execute(self, *args, **kwargs)

    monkeypatch.setattr(redis.client.Redis, "execute_command", one_command)
    monkeypatch.setattr(redis.client.Pipeline, "execute", one_pipeline)
    return sent


@pytest.mark.parametrize("queued", [True, False])
def test_a_message_costs_two_redis_round_trips(make_app, real_knowledge, wx, round_trips, queued):
    app = make_app(knowledge=real_knowledge, MESSAGE_LOG_QUEUE=queued)  # the real bot
    client = app.test_client()
    questions = ["洪泽区引进的高级技师有什么补贴？", "我在叶集", "那技师呢", "帮助"]
    costs = []
    for n, text in enumerate(questions):
        round_trips.clear()
        response = client.post(
            "/wechat",
            query_string=wx.signed_query(),
            data=wx.text(text, openid="oTrips", msg_id=9500000 + n),
            content_type="text/xml",
        )
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and "<Content>" in body and ERROR_TEXT not in body
        costs.append(list(round_trips))
        flush_message_log(app)
    assert all(len(cost) == 2 for cost in costs), costs
    assert all(cost[0].startswith("pipeline") and cost[1].startswith("pipeline") for cost in costs)
