"""Eligibility over the mini-program API: one-shot evaluation, the questionnaire (same state
machine as the chat), stored profiles; through the real app, engine and rules."""

from __future__ import annotations

import pytest
from factories.ledger import HONGZE_TECHNICIAN
from factories.miniapp import worker_bearer

pytestmark = pytest.mark.e2e


@pytest.fixture
def client(make_app, echo_bot, real_knowledge):
    return make_app(bot=echo_bot, knowledge=real_knowledge).test_client()


@pytest.fixture
def auth(client):
    return worker_bearer(client)


def test_eligibility_gives_the_amount_and_clause(client):
    body = client.post("/api/v1/eligibility", json={"profile": HONGZE_TECHNICIAN}).get_json()
    intro = [b for b in body["benefits"] if b["clause"] == "三（三）1"]
    assert intro and intro[0]["amount_yuan"] == 10000
    assert intro[0]["document"] == "洪办发〔2021〕10号"
    assert "10000元" in intro[0]["quote"]


def test_five_months_is_a_near_miss_naming_social_insurance(client):
    body = client.post(
        "/api/v1/eligibility", json={"profile": HONGZE_TECHNICIAN | {"insurance_months": 5}}
    ).get_json()
    assert not [b for b in body["benefits"] if b["clause"] == "三（三）1"]
    unmet = [u["field"] for n in body["near_misses"] for u in n["unmet"]]
    assert "insurance_months" in unmet


def test_invalid_profile_is_422_naming_every_bad_field(client):
    response = client.post(
        "/api/v1/eligibility",
        json={"profile": {"region": "上海市", "insurance_months": -1, "x": 1}},
    )
    assert response.status_code == 422
    fields = {f["field"] for f in response.get_json()["error"]["fields"]}
    assert {"region", "insurance_months", "x"} <= fields


def test_questionnaire_needs_login(client):
    assert client.get("/api/v1/questionnaire").status_code == 401


def test_questionnaire_asks_until_a_result(client, auth):
    answers = {
        "skill_level": {"value": "技师"},
        "introduced": {"text": "是"},
        "key_industry": {"text": "是"},
        "shortage_post": {"text": "是"},
        "contract_years": {"text": "两年"},
        "insurance_months": {"text": "8个月"},
        "employer_in_region": {"text": "是"},
        "employer_type": {"value": "民营企业"},
        "level_obtained_on": {"text": "2015年"},
        "competition": {"text": "没有"},
        "honors": {"text": "没有"},
    }
    step = client.post("/api/v1/questionnaire", json={"region": "洪泽"}, headers=auth).get_json()
    assert (
        client.get("/api/v1/questionnaire", headers=auth).get_json()["question"] == step["question"]
    )
    for _ in range(20):
        if step["kind"] != "question":
            break
        field = step["question"]["field"]
        step = client.post(
            "/api/v1/questionnaire/answers",
            json=answers.get(field, {"text": "不知道"}),
            headers=auth,
        ).get_json()
    assert step["kind"] == "result"
    amounts = {b["clause"]: b["amount_yuan"] for b in step["result"]["benefits"]}
    assert amounts.get("三（三）1") == 10000


def test_questionnaire_reprompts_and_refuses_bad_values(client, auth):
    step = client.post("/api/v1/questionnaire", json={}, headers=auth).get_json()
    assert step["question"]["field"] == "region"
    again = client.post(
        "/api/v1/questionnaire/answers", json={"text": "火星"}, headers=auth
    ).get_json()
    assert again["question"]["field"] == "region" and again["hint"]
    bad = client.post("/api/v1/questionnaire/answers", json={"value": "上海市"}, headers=auth)
    assert bad.status_code == 422
    assert (
        client.post(
            "/api/v1/questionnaire/answers", json={"action": "cancel"}, headers=auth
        ).get_json()["kind"]
        == "cancelled"
    )
    assert (
        client.post("/api/v1/questionnaire/answers", json={"text": "1"}, headers=auth).status_code
        == 409
    )


def test_profile_needs_consent_and_can_be_deleted(client, auth):
    profile = {k: v for k, v in HONGZE_TECHNICIAN.items() if k != "as_of"}
    refused = client.put(
        "/api/v1/profile", json={"profile": profile, "consent": False}, headers=auth
    )
    assert refused.status_code == 422
    assert client.get("/api/v1/profile", headers=auth).status_code == 404
    stored = client.put("/api/v1/profile", json={"profile": profile, "consent": True}, headers=auth)
    assert stored.status_code == 200
    assert (
        client.get("/api/v1/profile", headers=auth).get_json()["profile"]["skill_level"] == "技师"
    )
    assert client.delete("/api/v1/profile", headers=auth).status_code == 204
    assert client.get("/api/v1/profile", headers=auth).status_code == 404
