"""Console sessions and staff tokens end server-side: a cookie copied before logout, a
password, role or district change or a deactivation no longer works; idle and absolute
lifetimes apply. A locked account and an unknown username are answered alike."""

from __future__ import annotations

import json
import statistics
import time

import pytest
from factories.console import WINDOW, Browser, console_client, make_staff, staff_login

from bluecard.staff import services as staff

pytestmark = pytest.mark.e2e


def _logged_in(app, account) -> Browser:
    browser, _ = console_client(app, account)
    assert browser.get("/console/scan").status_code == 200
    return browser


def _copy(app, browser: Browser) -> Browser:
    """Another browser holding a copy of ``browser``'s session cookie (a stolen cookie)."""
    cookie = browser.client.get_cookie("session")
    assert cookie is not None
    thief = Browser(app.test_client())
    thief.client.set_cookie("session", cookie.value)
    assert thief.get("/console/scan").status_code == 200
    return thief


def _scan_status(app, token: str) -> int:
    response = app.test_client().post(
        "/api/v1/staff/scan", json={"code": "x"}, headers={"Authorization": f"Bearer {token}"}
    )
    return int(response.status_code)


def test_cookie_copied_before_logout_stops_working(ctx):
    account = make_staff("clerk")
    browser = _logged_in(ctx, account)
    thief = _copy(ctx, browser)
    token = staff_login(ctx, account)["token"]
    assert browser.post_form("/console/", "/console/logout", {}).status_code == 303
    stolen = thief.get("/console/scan")
    assert stolen.status_code == 303 and "/console/login" in stolen.headers["Location"]
    assert _scan_status(ctx, token) == 401  # logout ends the account's API tokens too


@pytest.mark.parametrize(
    "change",
    ["password", "role", "district", "deactivate"],
)
def test_account_changes_end_every_session_and_token(ctx, change):
    account = make_staff("clerk")
    browser = _logged_in(ctx, account)
    token = staff_login(ctx, account)["token"]
    assert _scan_status(ctx, token) == 422  # alive: the code is refused, not the token
    runner = ctx.test_cli_runner()
    if change == "password":
        args = ["set-password", account.username]
    elif change == "role":
        args = ["update-staff", account.username, "--role", "reviewer"]
    elif change == "district":
        args = ["update-staff", account.username, "--district", "洪泽区"]
    else:
        args = ["update-staff", account.username, "--deactivate"]
    result = runner.invoke(
        args=["bluecard", *args], env={"BLUECARD_STAFF_PASSWORD": "a new long passphrase"}
    )
    assert result.exit_code == 0, result.output
    ended = browser.get("/console/scan")
    assert ended.status_code == 303 and "/console/login" in ended.headers["Location"]
    assert _scan_status(ctx, token) == 401


def test_update_staff_refuses_to_leave_a_clerk_without_district(ctx):
    account = make_staff("clerk")
    result = ctx.test_cli_runner().invoke(
        args=["bluecard", "update-staff", account.username, "--all-districts"]
    )
    assert result.exit_code == 2 and "--district" in result.output


def test_absolute_lifetime_ends_a_busy_session(make_app, echo_bot):
    app = make_app(bot=echo_bot, STAFF_SESSION_MAX_AGE=3600)
    with app.app_context():
        account = make_staff("clerk")
    browser = _logged_in(app, account)
    with browser.client.session_transaction() as session:
        session["created"] = int(time.time()) - 3601  # logged in over an hour ago, still busy
        session["seen"] = int(time.time())
    response = browser.get("/console/scan")
    assert response.status_code == 303 and "/console/login" in response.headers["Location"]
    assert "会话已过期" in browser.get(response.headers["Location"]).get_data(as_text=True)


def test_locked_and_unknown_usernames_get_the_same_answer(make_app, echo_bot):
    app = make_app(bot=echo_bot, LOGIN_RATE_LIMIT="1000 per minute")
    with app.app_context():
        make_staff("clerk", username="existing.user")
    client = app.test_client()

    def attempt(username: str) -> tuple[int, str, str, float]:
        started = time.perf_counter()
        response = client.post(
            "/api/v1/staff/login",
            json={"username": username, "password": "wrong password!", "window": WINDOW},
        )
        elapsed = time.perf_counter() - started
        error = response.get_json()["error"]
        return response.status_code, error["code"], error["message"], elapsed

    known = [attempt("existing.user") for _ in range(5)]  # locked after the fifth
    # Locked and unknown attempts alternate, so a busy machine slows both alike.
    locked, unknown = [], []
    for _ in range(7):
        locked.append(attempt("existing.user"))
        unknown.append(attempt("nobody.here"))
    assert (
        {k[:3] for k in known + locked}
        == {u[:3] for u in unknown}
        == {(401, "login_failed", staff.LOGIN_FAILED_MESSAGE)}
    )
    # The locked attempts cost an argon2 check like the unknown ones.
    locked_time = statistics.median(k[3] for k in locked)
    unknown_time = statistics.median(u[3] for u in unknown)
    assert 0.5 < locked_time / unknown_time < 2.0
    # The console says the same for both.
    browser = Browser(app.test_client())
    pages = [browser.login(name, "wrong password!") for name in ("existing.user", "nobody.here")]
    assert {p.status_code for p in pages} == {401}
    assert all(staff.LOGIN_FAILED_MESSAGE in p.get_data(as_text=True) for p in pages)


def test_staff_token_has_an_absolute_lifetime_too(make_app, echo_bot):
    app = make_app(bot=echo_bot, STAFF_SESSION_MAX_AGE=3600)
    with app.app_context():
        account = make_staff("clerk")
    token = staff_login(app, account)["token"]
    assert _scan_status(app, token) == 422
    with app.app_context():
        runtime = app.extensions["bluecard"]
        [key] = list(
            runtime.redis.scan_iter(match=f"{runtime.settings.redis_prefix}:staff:token:*")
        )
        value = json.loads(runtime.redis.get(key))
        value["issued"] -= 3601  # issued over an hour ago, used ever since
        runtime.redis.set(key, json.dumps(value), ex=600)
    assert _scan_status(app, token) == 401


def test_a_request_without_the_cookie_builds_no_signer_and_one_with_it_is_read(ctx, monkeypatch):
    """The session of a request carrying no cookie (a WeChat message, a bearer call) is empty
    without building the cookie's signer; a logged-in browser's cookie is still read."""
    from console.auth import CookieSessions

    assert isinstance(ctx.session_interface, CookieSessions)
    browser = _logged_in(ctx, make_staff("clerk"))
    built: list[object] = []
    real = CookieSessions.get_signing_serializer
    monkeypatch.setattr(
        CookieSessions,
        "get_signing_serializer",
        lambda self, app: built.append(app) or real(self, app),
    )
    assert ctx.test_client().get("/healthz").status_code in (200, 503)
    assert built == []
    assert browser.get("/console/scan").status_code == 200  # signed cookie read and saved
    assert built
