"""The mini-program API over HTTP: login against a faked WeChat, sessions, the error shape,
the OpenAPI document. jscode2session is served by ``responses`` from recorded JSON."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import responses
from factories.testapp import MINIAPP_APP_ID, MINIAPP_APP_SECRET, recorded
from sqlalchemy import select, update

from bluecard.extensions import db
from bluecard.models import MiniappSession, utcnow

pytestmark = pytest.mark.e2e

JSCODE2SESSION = "https://api.weixin.qq.com/sns/jscode2session"
OPENID = recorded("jscode2session_ok")["openid"]


@pytest.fixture
def wechat_api():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def _login(client: Any, wechat_api: Any, code: str = "081aBcDe0fGhIj1kLmNo2pQrSt3aBcDe") -> Any:
    wechat_api.get(JSCODE2SESSION, json=recorded("jscode2session_ok"))
    return client.post("/api/v1/auth/login", json={"code": code})


def assert_error_shape(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The one error shape: {"error": {"code", "message", "fields"?}}, nothing else."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) <= {"code", "message", "fields"}
    assert isinstance(error["code"], str) and isinstance(error["message"], str)
    if code:
        assert error["code"] == code
    for f in error.get("fields", []):
        assert set(f) == {"field", "message"}
    assert "Traceback" not in response.get_data(as_text=True)
    return error


# -- login, me, logout ---------------------------------------------------------------------
def test_login_exchanges_code_for_our_own_token(app, client, wechat_api):
    response = _login(client, wechat_api, code="CODE_abc-123")
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert len(body["token"]) >= 40
    # The session_key never leaves the server, and is not in the database either.
    session_key = recorded("jscode2session_ok")["session_key"]
    assert session_key not in response.get_data(as_text=True)
    call = wechat_api.calls[0].request
    assert call.url.startswith(JSCODE2SESSION)
    params = dict(re.findall(r"[?&]([^=]+)=([^&]*)", call.url))
    assert params["appid"] == MINIAPP_APP_ID and params["secret"] == MINIAPP_APP_SECRET
    assert params["js_code"] == "CODE_abc-123"
    assert params["grant_type"] == "authorization_code"
    assert "access_token" not in params  # jscode2session needs none; no token fetched
    assert len(wechat_api.calls) == 1
    with app.app_context():
        row = db.session.execute(select(MiniappSession)).scalar_one()
        assert row.token_hash != body["token"] and len(row.token_hash) == 64
        assert row.openid == OPENID
        assert session_key not in repr(row.__dict__)


def test_me_needs_a_valid_bearer_token(client, wechat_api):
    token = _login(client, wechat_api).get_json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.get_json()["openid"] == OPENID
    missing = client.get("/api/v1/me")
    assert_error_shape(missing, 401, "unauthorized")
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert_error_shape(client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}), 401)
    assert_error_shape(client.get("/api/v1/me", headers={"Authorization": f"Basic {token}"}), 401)


def test_logout_revokes_the_token(client, wechat_api):
    token = _login(client, wechat_api).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/v1/auth/logout", headers=auth).status_code == 204
    assert_error_shape(client.get("/api/v1/me", headers=auth), 401, "unauthorized")
    assert_error_shape(client.post("/api/v1/auth/logout", headers=auth), 401)


def test_expired_token_is_refused(app, client, wechat_api):
    token = _login(client, wechat_api).get_json()["token"]
    with app.app_context():
        db.session.execute(
            update(MiniappSession).values(expires_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
    assert_error_shape(client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}), 401)


def test_each_login_is_a_separate_session(client, wechat_api):
    first = _login(client, wechat_api).get_json()["token"]
    second = _login(client, wechat_api).get_json()["token"]
    assert first != second
    client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {first}"})
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"})
    assert me.status_code == 200


@pytest.mark.parametrize(
    ("fixture", "status", "code"),
    [
        ("jscode2session_40029", 401, "invalid_code"),
        ("jscode2session_45011", 429, "rate_limited"),
        ("jscode2session_busy", 502, "upstream_error"),
    ],
)
def test_login_errors_from_wechat(client, wechat_api, fixture, status, code):
    wechat_api.get(JSCODE2SESSION, json=recorded(fixture))
    response = client.post("/api/v1/auth/login", json={"code": "used-code"})
    error = assert_error_shape(response, status, code)
    assert "rid" not in error["message"]  # WeChat's internals stay in our log


def test_login_when_wechat_is_unreachable_is_502(client, wechat_api):
    import requests

    wechat_api.get(JSCODE2SESSION, body=requests.ConnectionError("down"))
    assert_error_shape(client.post("/api/v1/auth/login", json={"code": "abc"}), 502)


def test_login_not_configured_is_503(make_app, echo_bot):
    client = make_app(bot=echo_bot, MINIAPP_APP_ID=None, MINIAPP_APP_SECRET=None).test_client()
    assert_error_shape(
        client.post("/api/v1/auth/login", json={"code": "abc"}), 503, "not_configured"
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "code"),
        ({"code": ""}, "code"),
        ({"code": "has spaces and 中文"}, "code"),
        ({"code": "x" * 129}, "code"),
        ({"code": "ok", "extra": 1}, "extra"),
    ],
)
def test_login_validation_errors(client, wechat_api, payload, field):
    error = assert_error_shape(
        client.post("/api/v1/auth/login", json=payload), 422, "validation_error"
    )
    assert field in [f["field"] for f in error["fields"]]
    assert len(wechat_api.calls) == 0


def test_login_with_non_json_body_is_422(client, wechat_api):
    response = client.post("/api/v1/auth/login", data="{not json", content_type="application/json")
    assert_error_shape(response, 422, "validation_error")


def test_api_body_limit_is_small(client):
    response = client.post("/api/v1/auth/login", json={"code": "a" * 20000})
    assert_error_shape(response, 413, "payload_too_large")


# -- the error shape everywhere --------------------------------------------------------------
def test_not_found_and_method_not_allowed_have_the_shape(client):
    assert_error_shape(client.get("/no/such/page"), 404, "not_found")
    assert_error_shape(client.get("/api/v1/nothing"), 404, "not_found")
    error = client.delete("/api/v1/auth/login")
    assert_error_shape(error, 405, "method_not_allowed")
    assert "POST" in error.headers["Allow"]


def test_unexpected_error_is_a_generic_500(make_app, echo_bot, caplog):
    app = make_app(bot=echo_bot)

    @app.get("/test-only/boom")
    def boom():
        raise RuntimeError("secret internals /etc/passwd")

    response = app.test_client().get("/test-only/boom")
    error = assert_error_shape(response, 500, "internal_error")
    assert "secret" not in error["message"]
    assert "secret internals" in caplog.text  # logged server-side


# -- OpenAPI ------------------------------------------------------------------------------------
def test_openapi_document_describes_the_api(client):
    response = client.get("/openapi/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path in (
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/policies",
        "/api/v1/policies/{doc_id}",
        "/api/v1/search",
    ):
        assert path in paths, path
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert paths["/api/v1/me"]["get"]["security"] == [{"bearer": []}]
    # Validation errors are documented with OUR error shape, not flask-openapi3's default.
    login_422 = paths["/api/v1/auth/login"]["post"]["responses"]["422"]
    ref = login_422["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/ErrorBody")
    search_params = {p["name"] for p in paths["/api/v1/search"]["get"]["parameters"]}
    assert {"q", "region", "top"} <= search_params
