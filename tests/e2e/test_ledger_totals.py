"""Ledger totals never mix states: the console page, the Excel workbook, the CSV file and the
staff API give the same count and amount per state; the amount to pay is the approved
applications' only, the amount paid the paid ones'; rejected and clawed-back money is in
neither."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from decimal import Decimal

import openpyxl
import pytest
from factories.console import (
    CHIEF_RULE,
    active_card,
    actor_of,
    bearer,
    console_client,
    make_staff,
    staff_login,
)
from factories.ledger import open_at_window

from bluecard.ledger import services as ledger
from bluecard.ledger.export import COLUMNS, TOTAL_LABELS

pytestmark = pytest.mark.e2e

AMOUNT = Decimal("600.00")  # the chief-technician allowance of one month


@pytest.fixture
def states(ctx) -> dict[str, int]:
    """One application in each state (submitted, approved, paid, rejected, clawed_back)."""
    clerk = actor_of(make_staff("clerk"))
    reviewer = actor_of(make_staff("reviewer"))
    finance = actor_of(make_staff("finance"))
    made: dict[str, int] = {}
    for state in ("submitted", "approved", "paid", "rejected", "clawed_back"):
        app_id = open_at_window(active_card().id, CHIEF_RULE, clerk).id
        if state == "rejected":
            ledger.decide_application(app_id, reviewer, approve=False, reason="材料不全")
        elif state != "submitted":
            ledger.decide_application(app_id, reviewer, approve=True)
        if state in ("paid", "clawed_back"):
            ledger.pay_application(app_id, finance)
        if state == "clawed_back":
            ledger.claw_back(app_id, finance, reason="弄虚作假骗取的奖补资金")
        made[state] = app_id
    return made


def test_page_xlsx_csv_and_api_agree_and_never_mix_states(app, states):
    browser, _ = console_client(app, "finance")
    expected = {s: (1, AMOUNT) for s in TOTAL_LABELS}

    # The page: one row per state.
    html = browser.get("/console/ledger").get_data(as_text=True)
    page = {
        status: (int(count), Decimal(amount))
        for status, count, amount in re.findall(
            r'<tr data-status="(\w+)"><td>[^<]*</td><td class="count">(\d+)</td>'
            r'<td class="amount">([\d.]+)</td>',
            html,
        )
    }
    assert page == expected
    assert "合计 3000" not in html  # never one sum over every state

    # The workbook: the state total rows under the data.
    book = openpyxl.load_workbook(io.BytesIO(browser.get("/console/ledger.xlsx").data))
    sheet = book.active
    amount_col = COLUMNS.index("金额（元）")
    lines = {row[0]: row[amount_col] for row in sheet.iter_rows(min_row=7, values_only=True)}
    xlsx = {
        s: (int(re.search(r"（(\d+)笔）", k).group(1)), Decimal(str(v)).quantize(Decimal("0.01")))
        for s, label in TOTAL_LABELS.items()
        for k, v in lines.items()
        if k and k.startswith(label + "合计")
    }
    assert xlsx == expected

    # The CSV: summing its rows per state gives the same figures.
    text = browser.get("/console/ledger.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    labels = {v: k for k, v in ledger.STATUS_LABELS.items()}
    sums: dict[str, list] = defaultdict(lambda: [0, Decimal("0.00")])
    for r in rows:
        sums[labels[r["状态"]]][0] += 1
        sums[labels[r["状态"]]][1] += Decimal(r["金额（元）"])
    assert {s: tuple(v) for s, v in sums.items()} == expected

    # The staff API.
    auth = bearer(app, "finance")
    body = app.test_client().get("/api/v1/staff/ledger", headers=auth).get_json()
    assert {s: (t["count"], Decimal(t["amount_yuan"])) for s, t in body["totals"].items()} == (
        expected
    )
    assert len(body["items"]) == 5
    approved = app.test_client().get("/api/v1/staff/ledger?status=approved", headers=auth)
    only = approved.get_json()
    assert [i["id"] for i in only["items"]] == [states["approved"]]
    assert only["totals"]["approved"] == {"count": 1, "amount_yuan": "600.00"}
    assert only["totals"]["rejected"] == {"count": 0, "amount_yuan": "0.00"}


def test_staff_api_ledger_refuses_an_unknown_district_and_status(app, states):
    auth = bearer(app, "finance")
    bad_district = app.test_client().get("/api/v1/staff/ledger?district=北京市", headers=auth)
    assert bad_district.status_code == 422
    assert bad_district.get_json()["error"]["code"] == "bad_filter"
    bad_status = app.test_client().get("/api/v1/staff/ledger?status=stolen", headers=auth)
    assert bad_status.status_code == 422
    clerk = staff_login(app, "clerk")["token"]
    denied = app.test_client().get(
        "/api/v1/staff/ledger", headers={"Authorization": f"Bearer {clerk}"}
    )
    assert denied.status_code == 403
