"""Mini-program login against the local fake WeChat over real HTTP: with WECHAT_API_BASE
pointing at the fake (as for notifications), ``POST /api/v1/auth/login`` exchanges a
``wx.login`` code through the fake's ``/sns/jscode2session`` — the way a developer tries the
mini-program login locally (README) — and a used code is refused as WeChat refuses it."""

from __future__ import annotations

import pytest
from factories.testapp import MINIAPP_APP_ID

pytestmark = pytest.mark.e2e


def test_login_through_the_fake_wechat_gives_the_same_worker_the_same_openid(make_app, fake):
    client = make_app(WECHAT_API_BASE=fake.api_base).test_client()

    first = client.post("/api/v1/auth/login", json={"code": "worker1-a"})
    assert first.status_code == 200, first.get_json()
    token = first.get_json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert me["openid"] == fake.openid_for(MINIAPP_APP_ID, "worker1")
    assert fake.logins == [{"appid": MINIAPP_APP_ID, "openid": me["openid"]}]

    # A new wx.login code of the same worker: the same openid, another session.
    again = client.post("/api/v1/auth/login", json={"code": "worker1-b"})
    assert again.status_code == 200 and again.get_json()["token"] != token
    other = client.post("/api/v1/auth/login", json={"code": "worker2-a"}).get_json()["token"]
    who = client.get("/api/v1/me", headers={"Authorization": f"Bearer {other}"}).get_json()
    assert who["openid"] not in (me["openid"], None)

    # A code already used is refused, as WeChat refuses it (40163).
    reused = client.post("/api/v1/auth/login", json={"code": "worker1-a"})
    assert reused.status_code == 401
    assert reused.get_json()["error"]["code"] == "invalid_code"
    assert fake.stats()["token_fetches"] == 0  # jscode2session needs no access_token


def test_login_reports_the_fake_being_down_as_unavailable(make_app, fake):
    base = fake.api_base
    fake.stop()
    client = make_app(WECHAT_API_BASE=base, WECHAT_HTTP_TIMEOUT=1.0).test_client()
    down = client.post("/api/v1/auth/login", json={"code": "worker1-a"})
    assert down.status_code == 502
    assert down.get_json()["error"]["code"] == "upstream_error"
