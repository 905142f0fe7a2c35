"""A worker logged into the mini-program API: ``POST /api/v1/auth/login`` with WeChat's
jscode2session answered by ``responses`` (at whatever WECHAT_API_BASE the app uses)."""

from __future__ import annotations

import re
from typing import Any

import responses

from factories.testapp import recorded

JSCODE2SESSION = re.compile(r"^https?://[^/]+/sns/jscode2session")


def worker_bearer(client: Any, openid: str | None = None) -> dict[str, str]:
    """The Authorization header of a worker logged in through ``client`` (a Flask test
    client): WeChat says the code belongs to ``openid`` (default: the recorded answer's,
    tests/fixtures/wechat/jscode2session_ok.json). Fails unless WeChat was asked once and
    the login gave a token."""
    answer = recorded("jscode2session_ok")
    if openid is not None:
        answer = {"openid": openid, "session_key": "c2Vzc2lvbmtleQ=="}
    with responses.RequestsMock() as mock:
        mock.get(JSCODE2SESSION, json=answer)
        response = client.post("/api/v1/auth/login", json={"code": "081aBcDe0fGhIj1kLmNo2pQ"})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}
