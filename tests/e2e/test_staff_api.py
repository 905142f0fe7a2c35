"""The staff API (POST /api/v1/staff/*): login with a window, scan, applications — the same
as the console, for other clients, in the one error shape."""

from __future__ import annotations

import time

import pytest
from factories.console import (
    CHIEF_AMOUNT,
    CHIEF_RULE,
    WINDOW,
    Browser,
    active_card,
    checklist,
    make_staff,
    pending_card,
    staff_login,
)
from sqlalchemy import select

from bluecard.cards import qr
from bluecard.cards import services as cards
from bluecard.extensions import db
from bluecard.models import AuditLog
from bluecard.runtime import current_runtime

pytestmark = pytest.mark.e2e


@pytest.fixture
def api(app) -> Browser:
    return Browser(app.test_client())  # each request in its own app context


def _token(api, role: str) -> str:
    body = staff_login(api, role)
    assert body["role"] == role and body["token_type"] == "Bearer" and body["expires_in"] > 0
    return body["token"]


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _error(response) -> dict:
    return response.get_json()["error"]


def test_login_refusals(ctx, api):
    account = make_staff("clerk")
    wrong = api.post(
        "/api/v1/staff/login",
        json={"username": account.username, "password": "wrong password", "window": WINDOW},
    )
    assert wrong.status_code == 401 and _error(wrong)["code"] == "login_failed"
    missing = api.post("/api/v1/staff/login", json={"username": account.username})
    assert missing.status_code == 422
    # The window is asked of window clerks only (checked after the password), so only the
    # password is missing from the schema's point of view.
    assert {f["field"] for f in _error(missing)["fields"]} == {"password"}
    extra = api.post(
        "/api/v1/staff/login",
        json={"username": "a", "password": "b", "window": "c", "role": "admin"},
    )
    assert extra.status_code == 422


def test_scan_without_or_with_a_bad_token_is_401(ctx, api):
    card = active_card()
    code = cards.dynamic_code(card.openid)
    none = api.post("/api/v1/staff/scan", json={"code": code.url})
    assert none.status_code == 401 and _error(none)["code"] == "unauthorized"
    assert "Bearer" in none.headers["WWW-Authenticate"]
    bogus = api.post("/api/v1/staff/scan", json={"code": code.url}, headers=_auth("made-up"))
    assert bogus.status_code == 401
    # A mini-program (worker) token is not a staff token either.
    assert db.session.scalar(select(AuditLog.id).where(AuditLog.action == "card.scan")) is None


def test_scan_returns_the_masked_card_summary(ctx, api):
    card = active_card()
    token = _token(api, "clerk")
    code = cards.dynamic_code(card.openid)
    response = api.post("/api/v1/staff/scan", json={"code": code.url}, headers=_auth(token))
    assert response.status_code == 200
    body = response.get_json()
    assert body["scan"]["kind"] == "dynamic"
    assert body["card"]["card_no"] == card.card_no and body["card"]["status"] == "active"
    assert body["card"]["holder"]["name"] == "王*国"
    assert body["card"]["skill_level"] == "技师" and body["card"]["district"] == "叶集区"
    assert body["card"]["employments"][0]["employer_name"] == "叶集精工机械有限公司"
    chief = next(b for b in body["benefits"] if b["rule_id"] == CHIEF_RULE)
    assert chief["amount_yuan"] == CHIEF_AMOUNT + ".00" and chief["claimable"] is True
    assert body["applications"] == []
    full = cards.get_card(card.id, reveal=True)
    assert full.name not in response.get_data(as_text=True)
    assert full.id_number not in response.get_data(as_text=True)
    (row,) = db.session.execute(select(AuditLog).where(AuditLog.action == "card.scan")).scalars()
    assert row.window == WINDOW and row.outcome == "ok"


def test_scan_refusals_are_422_with_the_reason_code(ctx, api):
    card = active_card()
    token = _token(api, "clerk")
    good = cards.dynamic_code(card.openid).token
    forged = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    response = api.post("/api/v1/staff/scan", json={"code": forged}, headers=_auth(token))
    assert response.status_code == 422 and _error(response)["code"] == "forged"

    runtime = current_runtime()
    old, _ = qr.issue_token(
        runtime.signing_key, card.id, 1, qr.KIND_DYNAMIC, ttl_seconds=90, now=time.time() - 600
    )
    expired = api.post("/api/v1/staff/scan", json={"code": old}, headers=_auth(token))
    assert expired.status_code == 422 and _error(expired)["code"] == "expired"

    waiting = pending_card()
    static, _ = qr.issue_token(runtime.signing_key, waiting.id, 1, qr.KIND_STATIC)
    inactive = api.post("/api/v1/staff/scan", json={"code": static}, headers=_auth(token))
    assert inactive.status_code == 422 and _error(inactive)["code"] == "inactive"

    for junk in ("' OR '1'='1", "<script>alert(1)</script>"):
        response = api.post("/api/v1/staff/scan", json={"code": junk}, headers=_auth(token))
        assert response.status_code == 422


def test_role_without_scan_permission_is_403_and_audited(ctx, api):
    card = active_card()
    token = _token(api, "policy")
    response = api.post(
        "/api/v1/staff/scan",
        json={"code": cards.dynamic_code(card.openid).url},
        headers=_auth(token),
    )
    assert response.status_code == 403 and _error(response)["code"] == "forbidden"
    denied = db.session.execute(
        select(AuditLog).where(AuditLog.action == "card.scan", AuditLog.outcome == "denied")
    ).scalars()
    assert len(list(denied)) == 1


def test_open_approve_and_no_double_claim(ctx, api):
    card = active_card()
    clerk = _token(api, "clerk")
    opened = api.post(
        f"/api/v1/staff/cards/{card.id}/applications",
        json={"rule_id": CHIEF_RULE, "confirmed": checklist()},
        headers=_auth(clerk),
    )
    assert opened.status_code == 201
    application = opened.get_json()
    assert application["amount_yuan"] == CHIEF_AMOUNT + ".00"
    assert application["status"] == "submitted" and application["window"] == WINDOW
    twice = api.post(
        f"/api/v1/staff/cards/{card.id}/applications",
        json={"rule_id": CHIEF_RULE, "confirmed": checklist()},
        headers=_auth(clerk),
    )
    assert twice.status_code == 409 and _error(twice)["code"] == "double_claim"

    approve_url = f"/api/v1/staff/applications/{application['id']}/approve"
    clerk_approve = api.post(approve_url, headers=_auth(clerk))
    assert clerk_approve.status_code == 403
    reviewer = _token(api, "reviewer")
    approved = api.post(approve_url, headers=_auth(reviewer))
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    again = api.post(approve_url, headers=_auth(reviewer))
    assert again.status_code == 409 and _error(again)["code"] == "invalid_transition"

    finance = _token(api, "finance")
    paid = api.post(f"/api/v1/staff/applications/{application['id']}/pay", headers=_auth(finance))
    assert paid.get_json()["status"] == "paid"
    no_reason = api.post(
        f"/api/v1/staff/applications/{application['id']}/claw-back",
        json={},
        headers=_auth(finance),
    )
    assert no_reason.status_code == 422
    clawed = api.post(
        f"/api/v1/staff/applications/{application['id']}/claw-back",
        json={"reason": "弄虚作假骗取的奖补资金，一经发现全部予以收回"},
        headers=_auth(finance),
    )
    assert clawed.status_code == 200 and clawed.get_json()["status"] == "clawed_back"


def test_reject_needs_a_reason(ctx, api):
    card = active_card()
    clerk = _token(api, "clerk")
    app_id = api.post(
        f"/api/v1/staff/cards/{card.id}/applications",
        json={"rule_id": CHIEF_RULE, "confirmed": checklist()},
        headers=_auth(clerk),
    ).get_json()["id"]
    reviewer = _token(api, "reviewer")
    url = f"/api/v1/staff/applications/{app_id}/reject"
    assert api.post(url, json={"reason": ""}, headers=_auth(reviewer)).status_code == 422
    rejected = api.post(url, json={"reason": "证明材料不全"}, headers=_auth(reviewer))
    assert rejected.get_json()["status"] == "rejected"
    assert rejected.get_json()["reject_reason"] == "证明材料不全"


def test_logout_ends_the_token(ctx, api):
    token = _token(api, "clerk")
    assert api.post("/api/v1/staff/logout", headers=_auth(token)).status_code == 204
    assert api.post("/api/v1/staff/logout", headers=_auth(token)).status_code == 401
    response = api.post("/api/v1/staff/scan", json={"code": "x"}, headers=_auth(token))
    assert response.status_code == 401


def test_api_needs_no_csrf_token(ctx, api):
    # Bearer-token requests are not forms a browser could be tricked into sending.
    token = _token(api, "clerk")
    response = api.post("/api/v1/staff/scan", json={"code": "garbage"}, headers=_auth(token))
    assert response.status_code == 422


def test_openapi_documents_the_staff_endpoints(ctx, api):
    paths = api.get("/openapi/openapi.json").get_json()["paths"]
    assert "/api/v1/staff/login" in paths and "/api/v1/staff/scan" in paths


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and not any(
        word in text for word in ("token", "invalid", "expired", "log in")
    )


def test_token_errors_speak_chinese_in_the_one_error_shape(ctx, api):
    """A window terminal shows the API's message to the clerk: every token error is Chinese,
    in the same shape as the rest of the API, and says what to do."""
    none = api.get("/api/v1/staff/cards?q=1")
    bogus = api.get("/api/v1/staff/cards?q=1", headers=_auth("made-up"))
    token = _token(api, "clerk")
    assert api.post("/api/v1/staff/logout", headers=_auth(token)).status_code == 204
    ended = api.get("/api/v1/staff/cards?q=1", headers=_auth(token))
    logout_again = api.post("/api/v1/staff/logout", headers=_auth(token))
    for response in (none, bogus, ended, logout_again):
        assert response.status_code == 401
        assert set(response.get_json()) == {"error"}
        error = _error(response)
        assert error["code"] == "unauthorized" and _chinese(error["message"]), error
        assert "Bearer" in response.headers["WWW-Authenticate"]
    assert "请先登录" in _error(none)["message"]
    # One message for an unknown, an ended and a logged-out token: no oracle for guessing.
    assert _error(bogus)["message"] == _error(ended)["message"] == _error(logout_again)["message"]
    assert "重新登录" in _error(bogus)["message"]


def test_a_role_without_the_permission_is_told_in_chinese(ctx, api):
    token = _token(api, "clerk")
    response = api.post("/api/v1/staff/applications/1/approve", json={}, headers=_auth(token))
    assert response.status_code == 403
    assert _error(response)["message"] == "你的角色（窗口受理员）无权审批补贴申请"
