"""The staff API of the back office (issue 12 §1, §2, §6): card search, card review, the
audit log; the worker's evidence upload; schema errors answered like domain errors (422,
Chinese message, English code)."""

from __future__ import annotations

import io

import pytest
from factories.console import PASSWORD, Browser, bearer, make_staff, pending_card
from PIL import Image

from bluecard.extensions import db
from bluecard.staff.sessions import open_session

pytestmark = pytest.mark.e2e


@pytest.fixture
def ctx(make_app, echo_bot, tmp_path):
    app = make_app(bot=echo_bot, EVIDENCE_DIR=str(tmp_path / "evidence"))
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def api(ctx) -> Browser:
    return Browser(ctx.test_client())


def _error(response) -> dict:
    return response.get_json()["error"]


def test_search_review_and_audit_through_the_api(api):
    card = pending_card(name="欧阳建华", phone="13812345678")
    clerk = bearer(api, "clerk")
    found = api.get("/api/v1/staff/cards", query_string={"q": "欧阳建华"}, headers=clerk)
    assert found.status_code == 200
    body = found.get_json()
    assert body["total"] == 1 and body["kind"] == "name"
    assert body["items"][0]["id"] == card.id and body["items"][0]["holder"]["name"] == "欧**华"
    by_phone = api.get("/api/v1/staff/cards?q=13812345678", headers=clerk).get_json()
    assert [c["id"] for c in by_phone["items"]] == [card.id]

    # A reviewer of another district does not find it; a clerk may not review.
    other = bearer(api, "reviewer", district="洪泽区")
    assert api.get("/api/v1/staff/cards?q=欧阳建华", headers=other).get_json()["total"] == 0
    url = f"/api/v1/staff/cards/{card.id}/review"
    assert api.post(url, json={"decision": "approve"}, headers=clerk).status_code == 403
    assert api.post(url, json={"decision": "approve"}, headers=other).status_code == 404

    reviewer = bearer(api, "reviewer", window=None)  # back office: no window asked
    no_reason = api.post(url, json={"decision": "reject"}, headers=reviewer)
    assert no_reason.status_code == 422 and _error(no_reason)["code"] == "reason_required"
    approved = api.post(url, json={"decision": "approve"}, headers=reviewer)
    assert approved.status_code == 200
    assert approved.get_json()["status"] == "active" and approved.get_json()["card_no"]
    again = api.post(url, json={"decision": "reject", "reason": "重复"}, headers=reviewer)
    assert again.status_code == 409 and _error(again)["code"] == "invalid_transition"

    admin = bearer(api, "admin", window=None)
    audit = api.get(f"/api/v1/staff/audit?card_id={card.id}", headers=admin).get_json()
    actions = [(r["action"], r["outcome"]) for r in audit["items"]]
    assert ("card.approve", "ok") in actions and ("card.reject", "refused") in actions
    assert ("card.approve", "refused") in actions  # the other district's try: not found
    assert audit["total"] == len(audit["items"])
    assert api.get("/api/v1/staff/audit", headers=reviewer).status_code == 403


def test_schema_errors_are_422_with_a_chinese_message_like_domain_errors(api):
    clerk = bearer(api, "clerk")
    wrong = api.post("/api/v1/staff/cards/1/review", json={"decision": "maybe"}, headers=clerk)
    assert wrong.status_code == 422
    error = _error(wrong)
    assert error["code"] == "validation_error" and "decision" in error["message"]
    assert error["message"].startswith("请求内容有误")
    missing = api.get("/api/v1/staff/cards", headers=clerk)
    assert missing.status_code == 422 and _error(missing)["fields"][0]["field"] == "q"
    short = api.get("/api/v1/staff/cards?q=12345", headers=clerk)
    assert short.status_code == 422 and _error(short)["code"] == "invalid_query"
    unknown = api.get("/api/v1/no-such-thing")
    assert unknown.status_code == 404 and _error(unknown)["message"] == "没有找到这个页面或资源。"


def test_a_clerk_must_name_the_window_back_office_need_not(api):
    account = make_staff("clerk")
    response = api.post(
        "/api/v1/staff/login", json={"username": account.username, "password": PASSWORD}
    )
    assert response.status_code == 422 and _error(response)["code"] == "window_required"
    assert "窗口" in _error(response)["message"]
    bearer(api, "finance", window=None)


def test_the_worker_uploads_a_certificate_photo_from_the_mini_program(api):
    card = pending_card()
    token = open_session(card.openid, 600).token
    auth = {"Authorization": f"Bearer {token}"}
    photo = io.BytesIO()
    Image.effect_noise((1200, 800), 64).convert("RGB").save(photo, format="JPEG")
    big = photo.getvalue()
    assert len(big) > 16 * 1024  # larger than the API's body limit elsewhere
    response = api.post(
        "/api/v1/cards/me/evidence",
        data={"file": (io.BytesIO(big), "证书.jpg"), "kind": "certificate"},
        headers=auth,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["kind_label"] == "职业技能等级证书"
    text = api.post(
        "/api/v1/cards/me/evidence",
        data={"file": (io.BytesIO(b"hello"), "a.txt")},
        headers=auth,
        content_type="multipart/form-data",
    )
    assert text.status_code == 422 and _error(text)["code"] == "unsupported_type"
    anonymous = api.post(
        "/api/v1/cards/me/evidence",
        data={"file": (io.BytesIO(big), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert anonymous.status_code == 401
