"""The callback's lean WSGI path (``handlers.lean``) answers exactly as the Flask view does:
the same status, body, content type and request id for every kind of request WeChat (or an
attacker) sends, errors in the service's JSON shape, and the log line and metrics an
operator reads."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest
import redis
from prometheus_client import REGISTRY
from werkzeug.test import Client

from bluecard.observability import RequestIdFilter, json_formatter
from handlers.dedup import Deduplicator
from handlers.lean import LeanCallback

pytestmark = pytest.mark.e2e

REQUEST_ID = "req-lean-0001"


def _flask_only(app: Any) -> Client:
    """A client of the app's own Flask machinery, the lean path left out."""
    lean = app.wsgi_app
    assert isinstance(lean, LeanCallback)
    return Client(lean.flask)


def _call(client: Any, method: str, query: dict[str, str], data: bytes | str = b"") -> Any:
    return client.open(
        "/wechat",
        method=method,
        query_string=query,
        data=data,
        content_type="text/xml",
        headers={"X-Request-Id": REQUEST_ID},
    )


def _seen(response: Any) -> tuple[int, bytes, str | None, str | None, str | None]:
    """What a caller sees: status, body and the headers that matter."""
    headers = response.headers
    return (
        response.status_code,
        response.get_data(),
        headers.get("Content-Type"),
        headers.get("X-Request-Id"),
        headers.get("Retry-After"),
    )


def _cases(wx: Any) -> dict[str, tuple[str, dict[str, str], bytes | str]]:
    signed = wx.signed_query()
    unsigned = {**wx.signed_query(), "signature": "0" * 40}
    return {
        "get echo": ("GET", {**wx.signed_query(), "echostr": "echo-me-123"}, b""),
        "get bad signature": ("GET", {**unsigned, "echostr": "x"}, b""),
        "get without echostr": ("GET", wx.signed_query(), b""),
        "text answered": ("POST", signed, wx.text("你好", msg_id=7700001)),
        "bad signature": ("POST", unsigned, wx.text("你好", msg_id=7700002)),
        "no signature": ("POST", {}, wx.text("你好", msg_id=7700003)),
        "stale timestamp": (
            "POST",
            {**wx.signed_query(), "timestamp": "1000000000"},
            wx.text("你好", msg_id=7700004),
        ),
        "bad encrypt_type": ("POST", wx.signed_query(encrypt_type="rot13"), wx.text("你好")),
        "malformed xml": ("POST", wx.signed_query(), b"<xml><a>"),
        "not utf-8": ("POST", wx.signed_query(), "<xml>补</xml>".encode("gbk")),
        "dtd": ("POST", wx.signed_query(), b'<!DOCTYPE x [<!ENTITY a "b">]><xml>&a;</xml>'),
        "not a message": ("POST", wx.signed_query(), b"<xml><Foo>1</Foo></xml>"),
        "over 1 MiB": ("POST", wx.signed_query(), wx.text("补" * (1024 * 1024 // 3 + 10))),
    }


@pytest.mark.parametrize(
    "case",
    [
        "get echo",
        "get bad signature",
        "get without echostr",
        "text answered",
        "bad signature",
        "no signature",
        "stale timestamp",
        "bad encrypt_type",
        "malformed xml",
        "not utf-8",
        "dtd",
        "not a message",
        "over 1 MiB",
    ],
)
def test_lean_path_answers_as_the_flask_view(app, wx, case):
    method, query, data = _cases(wx)[case]
    lean = _call(app.test_client(), method, query, data)
    # The same request again, through Flask (a POST that was answered is now WeChat's retry:
    # the stored reply, byte for byte).
    flask = _call(_flask_only(app), method, query, data)
    assert _seen(lean) == _seen(flask)
    assert lean.headers["X-Request-Id"] == REQUEST_ID
    assert lean.headers["Content-Length"] == str(len(lean.get_data()))
    expected = {
        "get echo": 200,
        "get bad signature": 403,
        "get without echostr": 400,
        "text answered": 200,
        "bad signature": 403,
        "no signature": 403,
        "stale timestamp": 403,
        "bad encrypt_type": 400,
        "malformed xml": 400,
        "not utf-8": 400,
        "dtd": 400,
        "not a message": 400,
        "over 1 MiB": 413,
    }[case]
    assert lean.status_code == expected
    if expected == 200:
        assert lean.headers["Content-Type"] in (
            "text/plain; charset=utf-8",
            "application/xml; charset=utf-8",
        )
    else:
        error = json.loads(lean.get_data())["error"]
        assert lean.headers["Content-Type"] == "application/json"
        assert (
            error["code"]
            == {400: "bad_request", 403: "forbidden", 413: "payload_too_large"}[expected]
        )


def test_safe_mode_reply_is_encrypted_on_the_lean_path(client, wx):
    response = wx.post(client, wx.text("安全模式", msg_id=7700101), mode="aes")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert b"<Encrypt>" in response.get_data()
    assert response.reply.findtext("Content") == "你说：安全模式"


def test_request_id_is_made_when_missing_or_insane(client, wx):
    made = wx.post(client, wx.text("你好", msg_id=7700201))
    assert len(made.headers["X-Request-Id"]) == 32
    odd = client.post(
        "/wechat",
        query_string=wx.signed_query(),
        data=wx.text("你好", msg_id=7700202),
        headers={"X-Request-Id": "no spaces allowed"},
    )
    assert odd.status_code == 200 and len(odd.headers["X-Request-Id"]) == 32


def test_unconfigured_callback_is_503_not_configured(make_app, wx, echo_bot):
    app = make_app(bot=echo_bot, WECHAT_TOKEN=None, WECHAT_ENCODING_AES_KEY=None)
    response = _call(app.test_client(), "POST", wx.signed_query(), wx.text("你好"))
    assert response.status_code == 503
    assert json.loads(response.get_data())["error"]["code"] == "not_configured"


def test_redis_down_is_503_with_retry_after_and_logged(app, wx, monkeypatch, caplog):
    def down(self: Any, pipe: Any, delivery: str) -> None:
        raise redis.ConnectionError("connection refused")

    monkeypatch.setattr(Deduplicator, "claim_on", down)
    caplog.set_level(logging.ERROR)
    lean = _call(app.test_client(), "POST", wx.signed_query(), wx.text("你好", msg_id=7700301))
    flask = _call(_flask_only(app), "POST", wx.signed_query(), wx.text("你好", msg_id=7700302))
    assert _seen(lean) == _seen(flask)
    assert lean.status_code == 503 and lean.headers["Retry-After"] == "5"
    assert json.loads(lean.get_data())["error"]["code"] == "unavailable"
    logged = [r.getMessage() for r in caplog.records if r.name == "bluecard.errors"]
    assert (
        logged
        == ["Redis unreachable (ConnectionError) on POST /wechat: answering 503 until it is back"]
        * 2
    )


def test_unexpected_error_is_500_in_the_shape_and_the_delivery_is_given_back(
    app, wx, monkeypatch, caplog
):
    import handlers.callback as callback

    def broken(*args: Any) -> str:
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(callback, "render_text_reply", broken)
    caplog.set_level(logging.ERROR)
    xml, query = wx.text("你好", msg_id=7700401), wx.signed_query()
    response = _call(app.test_client(), "POST", query, xml)
    assert response.status_code == 500
    assert json.loads(response.get_data())["error"]["code"] == "internal_error"
    assert any(
        r.getMessage() == "unhandled error on POST /wechat" and r.exc_info for r in caplog.records
    )
    monkeypatch.undo()
    retry = wx.post(app.test_client(), xml, query=query)  # WeChat retries: processed now
    assert retry.status_code == 200 and retry.reply.findtext("Content") == "你说：你好"


def test_log_line_and_metrics_of_a_lean_answer(app, wx):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(json_formatter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    count = REGISTRY.get_sample_value("bluecard_callback_seconds_count") or 0.0
    retries = REGISTRY.get_sample_value("bluecard_callback_retries_total") or 0.0
    try:
        query, xml = wx.signed_query(), wx.text("你好", openid="oLeanLog01", msg_id=7700501)
        first = _call(app.test_client(), "POST", query, xml)
        again = _call(app.test_client(), "POST", query, xml)
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
    assert first.status_code == again.status_code == 200
    assert first.get_data() == again.get_data()
    assert REGISTRY.get_sample_value("bluecard_callback_seconds_count") == count + 1
    assert REGISTRY.get_sample_value("bluecard_callback_retries_total") == retries + 1
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    answered = [line for line in lines if line["message"].startswith("wechat text from")]
    assert len(answered) == 1
    assert answered[0]["request_id"] == REQUEST_ID and answered[0]["level"] == "INFO"
    assert answered[0]["logger"] == "handlers.callback"
    assert "intent=echo" in answered[0]["message"]
    assert "oLeanLog01" not in stream.getvalue()


def test_other_requests_still_go_through_flask(client):
    assert client.get("/healthz").status_code in (200, 503)
    head = client.head("/wechat")
    assert head.status_code == 503 or head.status_code in (400, 403)
    assert client.get("/wechat/").status_code in (404, 308)
