"""District boundaries: staff of 洪泽区 neither see nor act on a 叶集区 card, application or
ledger row — through the console and through the staff API — while the same role in 叶集区
does. Another district's row is a 404 to them; lists, exports and notifications stay inside
the account's district."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest
from factories.console import (
    CHIEF_RULE,
    Browser,
    active_card,
    actor_of,
    checklist,
    console_client,
    make_staff,
    pending_card,
    staff_login,
)
from factories.ledger import open_at_window

from bluecard.cards import qr
from bluecard.ledger import services as ledger
from bluecard.runtime import current_runtime

pytestmark = pytest.mark.e2e

HOME = "叶集区"
OTHER = "洪泽区"


@dataclass
class Scene:
    """叶集区 rows: a pending card, an active card with a submitted application, another with
    an approved one, and a static code of the active card."""

    pending_id: int
    card_id: int
    card_no: str
    submitted_id: int
    approved_id: int
    code: str
    fresh_id: int


@pytest.fixture
def scene(ctx) -> Scene:
    pending = pending_card()
    card = active_card()
    clerk = actor_of(make_staff("clerk"))
    submitted = open_at_window(card.id, CHIEF_RULE, clerk)
    other = active_card()
    approved = open_at_window(other.id, CHIEF_RULE, clerk)
    ledger.decide_application(approved.id, actor_of(make_staff("reviewer")), approve=True)
    runtime = current_runtime()
    token, _ = qr.issue_token(runtime.signing_key, card.id, card.qr_version, qr.KIND_STATIC)
    fresh = active_card()
    return Scene(pending.id, card.id, card.card_no, submitted.id, approved.id, token, fresh.id)


def _console(app, role: str, district: str) -> Browser:
    return console_client(app, role, district=district)[0]


def _api_token(app, role: str, district: str) -> str:
    return str(staff_login(app, role, district=district)["token"])


# role, what it does, (method, path, form) — paths filled from the scene.
CONSOLE_ACTIONS = [
    ("clerk", "view card", "GET", "/console/cards/{card_id}", {}),
    ("reviewer", "view card", "GET", "/console/cards/{card_id}", {}),
    ("finance", "view card", "GET", "/console/cards/{card_id}", {}),
    ("clerk", "print static code", "GET", "/console/cards/{card_id}/static-code", {}),
    ("clerk", "scan", "POST", "/console/scan", {"code": "{code}"}),
    ("reviewer", "scan", "POST", "/console/scan", {"code": "{code}"}),
    (
        "clerk",
        "open application",
        "POST",
        "/console/cards/{fresh_id}/applications",
        {"rule_id": CHIEF_RULE, "confirmed": checklist()},
    ),
    (
        "reviewer",
        "approve card",
        "POST",
        "/console/cards/{pending_id}/review",
        {"decision": "approve"},
    ),
    (
        "reviewer",
        "approve application",
        "POST",
        "/console/applications/{submitted_id}/decide",
        {"decision": "approve"},
    ),
    ("finance", "pay", "POST", "/console/applications/{approved_id}/pay", {}),
]


def _fill(text: Any, scene: Scene) -> Any:
    # Lists (the 受理 checklist's confirmed keys) are sent as they are.
    return text.format(**scene.__dict__) if isinstance(text, str) else text


@pytest.mark.parametrize(
    ("role", "action", "method", "path", "form"),
    CONSOLE_ACTIONS,
    ids=[f"{r}-{a}" for r, a, *_ in CONSOLE_ACTIONS],
)
def test_console_action_on_another_districts_row_is_404(
    app, scene, role, action, method, path, form
):
    url = _fill(path, scene)
    data = {k: _fill(v, scene) for k, v in form.items()}
    outsider = _console(app, role, OTHER)
    response = outsider.get(url) if method == "GET" else outsider.post_form("/console/", url, data)
    assert response.status_code == 404, (action, response.status_code)
    assert scene.card_no not in response.get_data(as_text=True)
    # The same role in the card's district may do it.
    insider = _console(app, role, HOME)
    allowed = insider.get(url) if method == "GET" else insider.post_form("/console/", url, data)
    assert allowed.status_code in (200, 303), (action, allowed.status_code)


def test_reviewer_of_another_district_cannot_reveal_the_id_number(app, scene):
    response = _console(app, "reviewer", OTHER).get(f"/console/cards/{scene.card_id}")
    assert response.status_code == 404
    assert "没有这张蓝卡" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("reviewer", "/console/review"),
        ("clerk", "/console/applications"),
        ("finance", "/console/applications"),
        ("finance", "/console/ledger"),
        ("finance", "/console/ledger.csv"),
        ("finance", f"/console/ledger?district={HOME}"),
    ],
)
def test_console_lists_and_exports_stay_inside_the_district(app, scene, role, path):
    outsider = _console(app, role, OTHER).get(path)
    assert outsider.status_code == 200
    body = outsider.get_data(as_text=True)
    assert f'/console/cards/{scene.card_id}"' not in body
    assert f"/console/cards/{scene.pending_id}/review" not in body
    assert scene.card_no not in body
    insider = _console(app, role, HOME).get(path.replace(f"district={HOME}", ""))
    inside = insider.get_data(as_text=True)
    assert f"/console/cards/{scene.pending_id}/review" in inside or scene.card_no in inside


def test_ledger_csv_of_a_district_lists_only_its_rows(app, scene):
    csv_text = _console(app, "finance", OTHER).get("/console/ledger.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert len(rows) == 1  # the header only
    home = _console(app, "finance", HOME).get("/console/ledger.csv").get_data(as_text=True)
    districts = {r[2] for r in list(csv.reader(io.StringIO(home.lstrip("\ufeff"))))[1:]}
    assert districts == {HOME}


API_ACTIONS = [
    ("clerk", "scan", "/api/v1/staff/scan", {"code": "{code}"}),
    ("reviewer", "scan", "/api/v1/staff/scan", {"code": "{code}"}),
    ("finance", "scan", "/api/v1/staff/scan", {"code": "{code}"}),
    (
        "clerk",
        "open",
        "/api/v1/staff/cards/{fresh_id}/applications",
        {"rule_id": CHIEF_RULE, "confirmed": checklist()},
    ),
    ("reviewer", "approve", "/api/v1/staff/applications/{submitted_id}/approve", None),
    (
        "reviewer",
        "reject",
        "/api/v1/staff/applications/{submitted_id}/reject",
        {"reason": "材料不全"},
    ),
    ("finance", "pay", "/api/v1/staff/applications/{approved_id}/pay", None),
]


@pytest.mark.parametrize(
    ("role", "action", "path", "body"), API_ACTIONS, ids=[f"{r}-{a}" for r, a, *_ in API_ACTIONS]
)
def test_staff_api_action_on_another_districts_row_is_404(app, scene, role, action, path, body):
    url = _fill(path, scene)
    payload = None if body is None else {k: _fill(v, scene) for k, v in body.items()}
    client = app.test_client()
    outsider = _api_token(app, role, OTHER)
    response = client.post(url, json=payload, headers={"Authorization": f"Bearer {outsider}"})
    assert response.status_code == 404, (action, response.get_json())
    assert scene.card_no not in response.get_data(as_text=True)
    insider = _api_token(app, role, HOME)
    allowed = client.post(url, json=payload, headers={"Authorization": f"Bearer {insider}"})
    assert allowed.status_code in (200, 201), (action, allowed.get_json())


def test_staff_api_ledger_lists_only_the_accounts_district(app, scene):
    client = app.test_client()
    outsider = _api_token(app, "finance", OTHER)
    listed = client.get(
        f"/api/v1/staff/ledger?district={HOME}", headers={"Authorization": f"Bearer {outsider}"}
    )
    assert listed.status_code == 200
    assert listed.get_json()["items"] == []
    assert listed.get_json()["totals"]["approved"] == {"count": 0, "amount_yuan": "0.00"}
    insider = _api_token(app, "finance", HOME)
    own = client.get("/api/v1/staff/ledger", headers={"Authorization": f"Bearer {insider}"})
    ids = {item["id"] for item in own.get_json()["items"]}
    assert {scene.submitted_id, scene.approved_id} <= ids


def test_district_policy_staff_notify_only_their_districts_card_holders(app, scene):
    client = app.test_client()
    token = _api_token(app, "policy", OTHER)
    auth = {"Authorization": f"Bearer {token}"}
    base = {"title": "通知", "body": "正文"}
    everyone = client.post(
        "/api/v1/staff/notifications",
        json={**base, "audience": {"kind": "followers"}},
        headers=auth,
    )
    assert everyone.status_code == 422
    elsewhere = client.post(
        "/api/v1/staff/notifications",
        json={**base, "audience": {"kind": "card_holders", "district": HOME}},
        headers=auth,
    )
    assert elsewhere.status_code == 422
    own = client.post(
        "/api/v1/staff/notifications",
        json={**base, "audience": {"kind": "card_holders"}},
        headers=auth,
    )
    assert own.status_code == 201
    assert own.get_json()["audience"]["district"] == OTHER
    # A notification of all districts (made by a policy officer of all) is not theirs to see.
    everywhere = _api_token(app, "policy", None)
    made = client.post(
        "/api/v1/staff/notifications",
        json={**base, "audience": {"kind": "followers"}},
        headers={"Authorization": f"Bearer {everywhere}"},
    )
    assert made.status_code == 201
    hidden = client.get(f"/api/v1/staff/notifications/{made.get_json()['id']}", headers=auth)
    assert hidden.status_code == 404


def test_district_policy_staff_compose_in_the_console_only_for_their_district(app, scene):
    browser = _console(app, "policy", OTHER)
    page = "/console/notifications/new"
    everyone = browser.post_form(
        page, page, {"title": "通知", "body": "正文", "kind": "followers", "link": ""}
    )
    assert everyone.status_code == 422
    assert f"区县账号只能向{OTHER}的蓝卡持卡人发送通知" in everyone.get_data(as_text=True)
    elsewhere = browser.post_form(
        page,
        page,
        {"title": "通知", "body": "正文", "kind": "card_holders", "district": HOME, "link": ""},
    )
    assert elsewhere.status_code == 422
    own = browser.post_form(
        page, page, {"title": "通知", "body": "正文", "kind": "card_holders", "link": ""}
    )
    assert own.status_code == 303
    detail = browser.get(own.headers["Location"]).get_data(as_text=True)
    assert OTHER in detail
    # The list shows only this district's notifications; a policy officer of all districts'
    # notification to every follower is not among them, nor reachable.
    everywhere = _console(app, "policy", None)
    made = everywhere.post_form(
        page, page, {"title": "全体通知", "body": "正文", "kind": "followers", "link": ""}
    )
    assert made.status_code == 303
    assert "全体通知" not in browser.get("/console/notifications").get_data(as_text=True)
    assert browser.get(made.headers["Location"]).status_code == 404
