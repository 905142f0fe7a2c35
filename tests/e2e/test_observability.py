"""What operators see: /metrics (guarded), JSON log lines with a request id, no personal data;
and the hot path's parsing (one XML parse gives wechatpy's own objects)."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring as safe_fromstring
from prometheus_client import REGISTRY
from wechatpy import parse_message

from bluecard.observability import RequestIdFilter, json_formatter
from bot.reply import Reply
from handlers.wxmessage import message_from_root

pytestmark = pytest.mark.e2e

METRICS_TOKEN = "metrics-token-0123456789"


class IntentBot:
    """Answers every text with the intent it is told to, events with their name."""

    def __init__(self) -> None:
        self.intent = "answer"

    def on_text(self, user_id: str, text: str) -> Reply:
        return Reply(f"答：{text}", self.intent)

    def on_event(self, user_id: str, event: str, key: str | None = None) -> Reply:
        return Reply("", event)


def _sample(name: str, labels: dict[str, str] | None = None) -> float:
    return REGISTRY.get_sample_value(name, labels or {}) or 0.0


# -- /metrics --------------------------------------------------------------------------------
def test_metrics_is_off_without_a_token(client):
    assert client.get("/metrics").status_code == 404


def test_metrics_wants_the_bearer_token(make_app):
    client = make_app(bot=IntentBot(), METRICS_TOKEN=METRICS_TOKEN).test_client()
    assert client.get("/metrics").status_code == 401
    wrong = {"Authorization": "Bearer not-the-token-at-all"}
    assert client.get("/metrics", headers=wrong).status_code == 401
    ok = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert ok.status_code == 200
    assert "bluecard_callback_seconds_bucket" in ok.get_data(as_text=True)


def test_callback_counts_answers_retries_and_latency(make_app, wx):
    bot = IntentBot()
    app = make_app(bot=bot, METRICS_TOKEN=METRICS_TOKEN)
    client = app.test_client()
    before = {
        "answered": _sample("bluecard_questions_total", {"outcome": "answered"}),
        "not": _sample("bluecard_questions_total", {"outcome": "not_answered"}),
        "retries": _sample("bluecard_callback_retries_total"),
        "count": _sample("bluecard_callback_seconds_count"),
    }
    assert wx.post(client, wx.text("洪泽有什么补贴")).status_code == 200
    bot.intent = "not_answered"
    xml = wx.text("火星有什么补贴")
    query = wx.signed_query()
    assert wx.post(client, xml, query=query).status_code == 200
    retry = wx.post(client, xml, query=query)  # WeChat's retry: the very same request
    assert retry.status_code == 200 and retry.reply.findtext("Content") == "答：火星有什么补贴"

    assert _sample("bluecard_questions_total", {"outcome": "answered"}) == before["answered"] + 1
    assert _sample("bluecard_questions_total", {"outcome": "not_answered"}) == before["not"] + 1
    assert _sample("bluecard_callback_retries_total") == before["retries"] + 1
    assert _sample("bluecard_callback_seconds_count") == before["count"] + 2

    text = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}).text
    assert 'bluecard_callback_replies_total{intent="not_answered"}' in text
    assert "bluecard_notification_queue_depth" in text
    assert "bluecard_notification_recipients" in text


# -- request id and JSON logs ----------------------------------------------------------------
def test_request_id_is_echoed_or_made(client):
    given = client.get("/healthz", headers={"X-Request-Id": "abc-123-def-456"})
    assert given.headers["X-Request-Id"] == "abc-123-def-456"
    made = client.get("/healthz", headers={"X-Request-Id": "bad id <script>"})
    assert made.headers["X-Request-Id"] != "bad id <script>"
    assert len(made.headers["X-Request-Id"]) == 32


def test_json_log_lines_carry_the_request_id_and_no_personal_data(make_app, wx):
    class LeakyBot(IntentBot):
        def on_text(self, user_id: str, text: str) -> Reply:
            logging.getLogger("bot.leaky").warning("user typed %s", text)
            raise RuntimeError(f"cannot handle {text}")

    app = make_app(bot=LeakyBot())
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(json_formatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        response = wx.post(
            app.test_client(),
            wx.text("身份证341504199005123011，电话13812345678", openid="oPrivate01"),
        )
    finally:
        root.removeHandler(handler)
    assert response.status_code == 200
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines, "the request logged nothing"
    ids = {line["request_id"] for line in lines}
    assert len(ids) == 1 and None not in ids  # every line of the request names it
    assert {"time", "level", "logger", "message"} <= set(lines[0])
    text = stream.getvalue()
    for secret in ("341504199005123011", "13812345678", "oPrivate01"):
        assert secret not in text
    assert any("exc_info" in line for line in lines)  # the traceback is there, redacted


def test_json_log_lines_keep_digests_and_ids_whole():
    """An index cache key or request id in a log line (message or traceback) stays findable;
    a phone in the same line does not reach the log."""
    from bluecard.privacy import install_log_redaction

    install_log_redaction()
    key = "2d711642b726b04401627ca9fbac32f5c8530fb1"  # 7+ digits in a row inside
    job = "1a2b3c4d-1234-4567-8901-123456789012"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(json_formatter())
    logger = logging.getLogger("bluecard.test.digests")
    logger.addHandler(handler)
    try:
        logger.warning("search index loaded from /cache/%s.pickle, job %s", key, job)
        try:
            raise OSError(f"cannot read /cache/{key}.pickle (asked by 13987654321)")
        except OSError:
            logger.exception("index cache %s unreadable for 139-8765-4321", key)
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == f"search index loaded from /cache/{key}.pickle, job {job}"
    assert second["message"] == f"index cache {key} unreadable for [已隐去]"
    assert f"/cache/{key}.pickle" in str(second["exc_info"])
    assert "8765" not in stream.getvalue()  # neither phone, in any grouping


def test_enqueued_jobs_carry_the_request_id(app, monkeypatch):
    from bluecard.notifications import worker

    calls: list[dict[str, Any]] = []

    class Queue:
        connection = None

        def enqueue(self, *args: Any, **kwargs: Any) -> None:
            calls.append(kwargs)

    monkeypatch.setattr(worker, "uses_queue", lambda: True)
    monkeypatch.setattr(worker, "notify_queue", lambda: Queue())
    with app.test_request_context(headers={"X-Request-Id": "req-0000-1111"}):
        app.preprocess_request()
        assert worker.enqueue_run(7, parallel=2) == 2
    assert [c["meta"] for c in calls] == [{"request_id": "req-0000-1111"}] * 2


# -- one XML parse ---------------------------------------------------------------------------
XMLS = [
    "<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>text</MsgType><Content><![CDATA[补贴]]></Content><MsgId>42</MsgId></xml>",
    "<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>text</MsgType><Content></Content><MsgId>43</MsgId></xml>",
    "<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_123</EventKey></xml>",
    "<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>event</MsgType><Event>SCAN</Event><EventKey>123</EventKey></xml>",
    "<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>event</MsgType><Event>CLICK</Event><EventKey>MENU_A</EventKey></xml>",
    "<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>event</MsgType><Event>scancode_push</Event><EventKey>k</EventKey>"
    "<ScanCodeInfo><ScanType>qrcode</ScanType><ScanResult>1</ScanResult></ScanCodeInfo></xml>",
    "<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>event</MsgType><Event>pic_weixin</Event><EventKey>k</EventKey><SendPicsInfo>"
    "<Count>2</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item>"
    "<item><PicMd5Sum>b</PicMd5Sum></item></PicList></SendPicsInfo></xml>",
    "<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>location</MsgType><Location_X>23.1</Location_X><Location_Y>113.3</Location_Y>"
    "<Scale>20</Scale><Label>x</Label><MsgId>44</MsgId></xml>",
    "<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><MsgID>9</MsgID>"
    "<Status>success</Status></xml>",
    "<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>shortvideo</MsgType><MediaId>m</MediaId><MsgId>45</MsgId></xml>",
    "<xml><ToUserName>gh</ToUserName><FromUserName>oU</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>event</MsgType><Event>unknown_thing</Event></xml>",
]


@pytest.mark.parametrize("xml", XMLS)
def test_message_from_the_tree_is_what_wechatpy_parses(xml):
    ours, theirs = message_from_root(safe_fromstring(xml)), parse_message(xml)
    assert type(ours) is type(theirs)
    assert ours._data == theirs._data
