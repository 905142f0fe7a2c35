"""The blue card over the mini-program API: apply (every bad field named in the one error
shape), see the card, fetch the dynamic QR code (decoded by zxing-cpp and scanned)."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from factories.cards import valid_form, with_wrong_check
from factories.console import actor_of, make_staff
from factories.miniapp import worker_bearer
from PIL import Image

from bluecard.cards import services as cards

pytestmark = pytest.mark.e2e


@pytest.fixture
def auth(client):
    return worker_bearer(client, "oMiniCardUser0001")


def test_bad_check_digit_is_named_with_every_other_bad_field(client, auth):
    form = valid_form(phone="123", district="火星")
    form["id_number"] = with_wrong_check(form["id_number"])
    del form["consent"]
    response = client.post("/api/v1/cards", json=form, headers=auth)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_card_application"
    fields = {f["field"]: f["message"] for f in error["fields"]}
    assert set(fields) == {"id_number", "phone", "district", "consent"}
    assert fields["id_number"] == "身份证号校验位不对，请核对最后一位"


def test_wrong_types_and_unknown_fields_are_422_in_the_same_shape(client, auth):
    response = client.post(
        "/api/v1/cards", json=valid_form(phone=13812345678, admin=True), headers=auth
    )
    assert response.status_code == 422  # schema errors are refused like domain errors
    named = {f["field"] for f in response.get_json()["error"]["fields"]}
    assert {"phone", "admin"} <= named


def test_login_required(client):
    assert client.post("/api/v1/cards", json=valid_form()).status_code == 401
    assert client.get("/api/v1/cards/me").status_code == 401


def test_apply_then_see_the_card_masked(client, auth):
    form = valid_form(name="王小明", phone="13900001111")
    response = client.post("/api/v1/cards", json=form, headers=auth)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "pending" and body["card_no"] is None
    me = client.get("/api/v1/cards/me", headers=auth)
    assert me.headers["Cache-Control"] == "no-store"
    card = me.get_json()
    assert card["name_masked"] == "王*明" and card["phone_masked"] == "139****1111"
    assert card["district"] == "叶集区" and card["applications"] == []
    raw = me.get_data(as_text=True)
    assert form["id_number"] not in raw and "13900001111" not in raw and "王小明" not in raw
    again = client.post("/api/v1/cards", json=valid_form(), headers=auth)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "live_card"


def test_no_card_yet(client, auth):
    response = client.get("/api/v1/cards/me", headers=auth)
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "no_card"
    assert client.get("/api/v1/cards/me/qr", headers=auth).status_code == 422


def test_dynamic_qr_png_decodes_and_scans(app, client, auth):
    card_id = client.post("/api/v1/cards", json=valid_form(), headers=auth).get_json()
    with app.app_context():
        card = cards.card_of("oMiniCardUser0001")
        cards.review_card(card.id, actor_of(make_staff("reviewer")), approve=True)
    png = client.get("/api/v1/cards/me/qr?format=png", headers=auth)
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert png.headers["Cache-Control"] == "no-store"
    url = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.data)))[0].text
    assert "/c/" in url
    with app.app_context():
        result = cards.scan(url, actor_of(make_staff("clerk")))
        assert result.card.id == card.id and result.kind == "dynamic"
    svg = client.get("/api/v1/cards/me/qr?format=svg", headers=auth)
    assert svg.mimetype == "image/svg+xml" and "<svg" in svg.get_data(as_text=True)
    js = client.get("/api/v1/cards/me/qr", headers=auth).get_json()
    assert 60 <= js["expires_in"] <= 120 and js["kind"] == "dynamic"
    assert js["url"] != url  # a fresh code each time
    assert client.get("/api/v1/cards/me/qr?format=gif", headers=auth).status_code == 422
    assert card_id["status"] == "pending"


def test_the_form_says_a_suspended_card_before_asking_anything(app, client, auth):
    """The form opens with GET /cards/form: a worker without a card gets the fields; one
    whose card is under review, valid or suspended is told so first (the suspension with its
    date and reason), with nothing to fill in; the final submit says the same words."""
    opened = client.get("/api/v1/cards/form", headers=auth)
    assert opened.status_code == 200 and opened.headers["Cache-Control"] == "no-store"
    form = opened.get_json()
    assert form["can_apply"] is True and form["blocked"] is None
    assert [f["label"] for f in form["fields"]][:3] == ["姓名", "身份证号", "手机号"]

    assert client.post("/api/v1/cards", json=valid_form(), headers=auth).status_code == 201
    pending = client.get("/api/v1/cards/form", headers=auth).get_json()
    assert pending["can_apply"] is False and pending["blocked"]["code"] == "card_pending"
    assert "正在审核中" in pending["blocked"]["message"] and pending["fields"] == []

    with app.app_context():
        card = cards.card_of("oMiniCardUser0001")
        cards.review_card(card.id, actor_of(make_staff("reviewer")), approve=True)
        cards.suspend_card(card.id, actor_of(make_staff("admin")), reason="社保缴纳记录待核实")
    suspended = client.get("/api/v1/cards/form", headers=auth).get_json()
    blocked = suspended["blocked"]
    assert suspended["can_apply"] is False and suspended["fields"] == []
    assert blocked["code"] == "card_suspended" and blocked["status"] == "suspended"
    assert "已暂停使用" in blocked["message"] and "社保缴纳记录待核实" in blocked["message"]
    assert "窗口" in blocked["message"]
    assert re.search(r"自\d{4}年\d{1,2}月\d{1,2}日起", blocked["message"])

    # Filling the form anyway is refused with the same words.
    refused = client.post("/api/v1/cards", json=valid_form(), headers=auth)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["message"] == blocked["message"]


def test_a_rejected_card_does_not_block_a_new_form(app, client, auth):
    client.post("/api/v1/cards", json=valid_form(), headers=auth)
    with app.app_context():
        card = cards.card_of("oMiniCardUser0001")
        cards.review_card(
            card.id, actor_of(make_staff("reviewer")), approve=False, reason="证书照片不清楚"
        )
    form = client.get("/api/v1/cards/form", headers=auth).get_json()
    assert form["can_apply"] is True and len(form["fields"]) > 5
    assert client.get("/api/v1/cards/form").status_code == 401


def test_the_worker_changes_the_cards_phone_and_bad_numbers_are_named(client, auth):
    assert client.put("/api/v1/cards/me/phone", json={"phone": "13900002222"}).status_code == 401
    none_yet = client.put("/api/v1/cards/me/phone", json={"phone": "13900002222"}, headers=auth)
    assert none_yet.status_code == 404 and none_yet.get_json()["error"]["code"] == "no_card"
    assert client.post("/api/v1/cards", json=valid_form(phone="13900001111"), headers=auth)

    changed = client.put(
        "/api/v1/cards/me/phone", json={"phone": "+86 139-0000-2222"}, headers=auth
    )
    assert changed.status_code == 200 and changed.headers["Cache-Control"] == "no-store"
    assert changed.get_json()["phone_masked"] == "139****2222"
    assert "13900002222" not in changed.get_data(as_text=True)
    assert client.get("/api/v1/cards/me", headers=auth).get_json()["phone_masked"] == "139****2222"

    bad = client.put("/api/v1/cards/me/phone", json={"phone": "1390000222"}, headers=auth)
    assert bad.status_code == 422
    error = bad.get_json()["error"]
    assert error["code"] == "invalid_phone" and error["fields"][0]["field"] == "phone"
    assert "11位" in error["fields"][0]["message"]
    same = client.put("/api/v1/cards/me/phone", json={"phone": "13900002222"}, headers=auth)
    assert same.status_code == 422 and same.get_json()["error"]["code"] == "same_phone"
    missing = client.put("/api/v1/cards/me/phone", json={}, headers=auth)
    assert (
        missing.status_code == 422 and missing.get_json()["error"]["fields"][0]["field"] == "phone"
    )
