"""The app behind a real HTTP server on a local socket (werkzeug, threaded), driven with
``requests``: what WeChat's servers and the mini-program actually talk to."""

from __future__ import annotations

import time

import pytest
import requests
from factories.testapp import wechat_signature

pytestmark = pytest.mark.e2e


@pytest.fixture
def base_url(server: str) -> str:
    return server


def test_signed_callback_round_trip_over_http(base_url, wx, echo_bot):
    query = wx.signed_query(echostr="hello-wechat")
    assert requests.get(f"{base_url}/wechat", params=query, timeout=5).text == "hello-wechat"

    query = wx.signed_query()
    plain = wx.text("技师补贴", openid="oHttpUser")
    encrypt = wx.crypt.prp_crypto.encrypt(plain, wx.app_id).decode()
    query.update(
        encrypt_type="aes",
        msg_signature=wechat_signature(wx.token, query["timestamp"], query["nonce"], encrypt),
    )
    body = f"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    started = time.monotonic()
    response = requests.post(
        f"{base_url}/wechat",
        params=query,
        data=body.encode(),
        headers={"Content-Type": "text/xml"},
        timeout=5,
    )
    assert time.monotonic() - started < 5  # WeChat's deadline
    assert response.status_code == 200
    reply = wx._reply_root(_AsFlask(response), "aes")
    assert reply.findtext("Content") == "你说：技师补贴"
    assert echo_bot.texts == [("oHttpUser", "技师补贴")]


def test_api_and_errors_over_http(base_url, wx):
    policies = requests.get(f"{base_url}/api/v1/policies", timeout=5)
    assert policies.status_code == 200 and policies.json()["count"] == 2
    missing = requests.get(f"{base_url}/api/v1/policies/none", timeout=5)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    too_big = requests.post(
        f"{base_url}/wechat",
        params=wx.signed_query(),
        data=b"x" * (1024 * 1024 + 1),
        timeout=10,
    )
    assert too_big.status_code == 413
    assert too_big.json()["error"]["code"] == "payload_too_large"
    assert requests.get(f"{base_url}/healthz", timeout=5).json()["status"] == "ok"


class _AsFlask:
    """Adapter so the simulator's reply decoder reads a requests.Response."""

    def __init__(self, response: requests.Response) -> None:
        self.status_code = response.status_code
        self._text = response.text

    def get_data(self, as_text: bool = False) -> str:
        return self._text
