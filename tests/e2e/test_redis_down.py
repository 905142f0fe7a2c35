"""Redis goes down and comes back while the service runs: the WeChat callback answers 503
(WeChat retries), staff logins 503 with a log line saying why, /healthz names Redis, and
everything works again once Redis is back — no restart. Also: replayed callback signatures
are refused."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from factories.console import PASSWORD, WINDOW, Browser, make_staff
from factories.testapp import wechat_signature
from redis_proxy import RedisProxy

pytestmark = pytest.mark.e2e


@pytest.fixture
def proxy() -> Iterator[RedisProxy]:
    url = os.environ.get("REDIS_URL")
    server = None
    if url:
        parts = urlsplit(url)
        target = (parts.hostname or "127.0.0.1", parts.port or 6379)
    else:
        from fakeredis import TcpFakeServer

        server = TcpFakeServer(("127.0.0.1", 0), server_type="redis")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        target = server.server_address[:2]
    proxy = RedisProxy(target)
    yield proxy
    proxy.cut()
    if server is not None:
        server.shutdown()
        server.server_close()


def _login(app) -> int:
    response = app.test_client().post(
        "/api/v1/staff/login",
        json={"username": "redis.clerk", "password": PASSWORD, "window": WINDOW},
    )
    return int(response.status_code)


def test_redis_down_then_back_without_restart(make_app, echo_bot, wx, proxy, caplog):
    app = make_app(bot=echo_bot, REDIS_URL=proxy.url)
    with app.app_context():
        make_staff("clerk", username="redis.clerk")
    client = app.test_client()
    assert wx.post(client, wx.text("你好", msg_id=1)).status_code == 200
    assert _login(app) == 200

    proxy.cut()
    caplog.set_level(logging.INFO)
    callback = wx.post(client, wx.text("你好", msg_id=2))
    assert callback.status_code == 503  # WeChat retries later
    assert callback.get_json()["error"]["code"] == "unavailable"
    assert _login(app) == 503
    assert "staff login refused: Redis unreachable" in caplog.text
    console = Browser(app.test_client()).login("redis.clerk")
    assert console.status_code == 503 and "服务暂时不可用" in console.get_data(as_text=True)
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json() == {"status": "unavailable", "database": "ok", "redis": "down"}
    for response in (callback, console, health):
        assert "Traceback" not in response.get_data(as_text=True)  # no stack trace to users

    proxy.restore()
    assert client.get("/healthz").status_code == 200
    again = wx.post(client, wx.text("你好", msg_id=2))  # WeChat's retry of the lost one
    assert again.status_code == 200 and again.reply is not None
    assert _login(app) == 200


def test_a_captured_plaintext_signature_cannot_carry_another_body(app, wx):
    client = app.test_client()
    query = wx.signed_query()
    body = wx.text("第一条", msg_id=11)  # built once: a retry is byte for byte the same request
    first = wx.post(client, body, query=query)
    assert first.status_code == 200
    # The very same request again (WeChat's retry) still gets the first reply.
    retry = wx.post(client, body, query=query)
    assert retry.status_code == 200
    assert retry.get_data() == first.get_data()
    forged = wx.post(client, wx.text("伪造的另一条", msg_id=12), query=query)
    assert forged.status_code == 403


def test_a_captured_safe_mode_request_cannot_carry_another_body(app, wx):
    client = app.test_client()

    def envelope(text: str, msg_id: int) -> str:
        encrypt = wx.crypt.prp_crypto.encrypt(wx.text(text, msg_id=msg_id), wx.app_id).decode()
        return encrypt

    query = wx.signed_query()
    encrypt = envelope("第一条", 21)
    query["encrypt_type"] = "aes"
    query["msg_signature"] = wechat_signature(wx.token, query["timestamp"], query["nonce"], encrypt)

    def send(encrypted: str):
        body = f"<xml><ToUserName><![CDATA[{wx.account}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
        return client.post("/wechat", query_string=query, data=body, content_type="text/xml")

    assert send(encrypt).status_code == 200
    assert send(envelope("伪造的另一条", 22)).status_code == 403
