"""GET /api/v1/staff/stats: the statistics over the staff API, in the one error shape, within
the account's district."""

from __future__ import annotations

import pytest
from factories.console import Browser, bearer
from factories.stats import at, message, worker

pytestmark = pytest.mark.e2e


@pytest.fixture
def api(app) -> Browser:
    return Browser(app.test_client())


def test_statistics_with_unanswered_questions(ctx, api):
    yeji = worker("叶集区")
    message(yeji, at("2026-11-03"), intent="answer", refs=("fake-2021#一",))
    message(yeji, at("2026-11-04"), intent="not_answered", question="夜班补贴怎么算")
    message(worker(), at("2026-11-05"), intent="not_answered", question="请问夜班补贴怎么算？")
    message(
        worker(), at("2026-11-06"), intent="not_answered", question="身份证341504199001011234能领吗"
    )
    headers = bearer(api, "policy")

    response = api.get("/api/v1/staff/stats?from=2026-11-01&to=2026-11-30", headers=headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["from"], body["to"], body["region"]) == ("2026-11-01", "2026-11-30", None)
    assert body["messages"]["answered"] == 1 and body["messages"]["not_answered"] == 3
    assert body["messages"]["answer_rate"] == 0.25
    assert body["top_topics"][0]["ref"] == "fake-2021#一" and body["top_topics"][0]["count"] == 1
    assert len(body["by_day"]) == 30
    first = body["unanswered"][0]
    assert {"question", "count", "last_asked"} <= set(first)
    assert (first["question"], first["count"]) == ("请问夜班补贴怎么算？", 2)
    assert first["last_asked"] == "2026-11-05T10:00:00+08:00"
    assert "341504199001011234" not in response.get_data(as_text=True)
    assert any("[已隐去]" in g["question"] for g in body["unanswered"])

    # A district account sees its district only.
    own = api.get(
        "/api/v1/staff/stats?from=2026-11-01&to=2026-11-30", headers=bearer(api, "reviewer")
    )
    assert own.status_code == 200
    assert own.get_json()["region"] == "叶集区"
    assert [g["question"] for g in own.get_json()["unanswered"]] == ["夜班补贴怎么算"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-11-31&to=2026-12-01", "from"),
        ("from=2026-11-01&to=30.11.2026", "to"),
        ("from=2026-12-01&to=2026-11-01", "from"),
        ("region=苏州", "region"),
    ],
)
def test_bad_dates_and_places_are_422_naming_the_field(ctx, api, query, field):
    response = api.get(f"/api/v1/staff/stats?{query}", headers=bearer(api, "policy"))
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert [f["field"] for f in error["fields"]] == [field]
    assert field in error["message"] and any("\u4e00" <= c <= "\u9fff" for c in error["message"])


def test_district_boundary_and_permissions(ctx, api):
    other = api.get("/api/v1/staff/stats?region=洪泽", headers=bearer(api, "reviewer"))
    assert other.status_code == 403
    assert other.get_json()["error"]["code"] == "district"
    assert "叶集区" in other.get_json()["error"]["message"]
    clerk = api.get("/api/v1/staff/stats", headers=bearer(api, "clerk"))
    assert clerk.status_code == 403
    assert api.get("/api/v1/staff/stats").status_code == 401
    # without dates: the last 30 days
    body = api.get("/api/v1/staff/stats", headers=bearer(api, "admin")).get_json()
    assert len(body["by_day"]) == 30 and body["unanswered"] == []
