"""What a WeChat message does not pay for: the staff login limiter (flask-limiter) runs on the
two logins only, not on every request (issue 11 §3)."""

from __future__ import annotations

from typing import Any

import pytest
from flask_limiter import Limiter

pytestmark = pytest.mark.e2e


def test_the_login_limiter_runs_on_logins_only(make_app, echo_bot, wx, monkeypatch):
    checks: list[str | None] = []
    check = Limiter._check_request_limit

    def counted(self: Any, callable_name: str | None = None, in_middleware: bool = True) -> None:
        checks.append(callable_name)
        check(self, callable_name, in_middleware)

    monkeypatch.setattr(Limiter, "_check_request_limit", counted)
    app = make_app(bot=echo_bot, LOGIN_RATE_LIMIT="2 per minute", WTF_CSRF_ENABLED=False)
    client = app.test_client()
    for n in range(3):
        response = wx.post(client, wx.text(f"问题{n}", openid="oLimiter", msg_id=9800000 + n))
        assert response.status_code == 200
    assert client.get("/healthz").status_code == 200
    assert checks == []
    logins = [
        client.post("/api/v1/staff/login", json={"username": "nobody", "password": "x" * 12})
        for _ in range(3)
    ]
    assert [r.status_code for r in logins][-1] == 429
    assert len(checks) == 3
