"""Dates far outside any working range (0001-01-01, 9999-12-31) typed into a filter, a
statistics period or a scheduled send are refused with a 400/422 naming the field, never a
500 (9999-12-31's next midnight does not exist)."""

from __future__ import annotations

import pytest
from factories.console import bearer, console_client

pytestmark = pytest.mark.e2e

EXTREMES = ("9999-12-31", "0001-01-01")


@pytest.mark.parametrize("day", EXTREMES)
def test_console_filters_refuse_years_out_of_range(ctx, day):
    admin, _ = console_client(ctx, "admin")
    for path in (
        "/console/applications",
        "/console/ledger",
        "/console/ledger.csv",
        "/console/audit",
        "/console/audit.csv",
    ):
        for field, label in (("date_to", "截止日期"), ("date_from", "起始日期")):
            answer = admin.get(f"{path}?{field}={day}")
            assert answer.status_code == 400, (path, field, answer.status_code)
            assert f"{label}应在2000–2100年之间" in answer.get_data(as_text=True)
    for path in ("/console/stats", "/console/stats/unanswered"):
        for field in ("to", "from"):
            answer = admin.get(f"{path}?{field}={day}")
            assert 400 <= answer.status_code < 500, (path, field, answer.status_code)
            assert f"{field} 日期应在2000–2100年之间" in answer.get_data(as_text=True)


@pytest.mark.parametrize("day", EXTREMES)
def test_staff_api_refuses_years_out_of_range_naming_the_field(ctx, day):
    client = ctx.test_client()
    headers = bearer(ctx, "admin")
    for query, field in (
        (f"date_to={day}", "date_to"),
        (f"date_from={day}", "date_from"),
    ):
        answer = client.get(f"/api/v1/staff/audit?{query}", headers=headers)
        assert answer.status_code == 422
        assert field in answer.get_json()["error"]["message"]
    for name in ("to", "from"):
        answer = client.get(f"/api/v1/staff/stats?{name}={day}", headers=headers)
        assert answer.status_code == 422
        error = answer.get_json()["error"]
        assert error["fields"][0]["field"] == name and "2000–2100" in error["message"]


def test_a_send_time_out_of_range_is_named_on_the_compose_form(ctx):
    policy, _ = console_client(ctx, "policy")
    answer = policy.post_form(
        "/console/notifications/new",
        "/console/notifications/new",
        {
            "title": "通知",
            "body": "正文",
            "kind": "followers",
            "send_at": "0001-01-01T00:00",
        },
    )
    assert answer.status_code == 422
    assert "定时发送时间应在2000–2100年之间" in answer.get_data(as_text=True)
