"""Reasons staff type (a card's or an application's rejection, a payout line's removal) that
quote a 身份证号, a phone or a 社保卡号 are shown with those numbers masked but their last 4
digits: on the card page, the payout batch, the audit log page, its CSV and the staff API."""

from __future__ import annotations

import pytest
from factories.console import (
    CHIEF_RULE,
    active_card,
    actor_of,
    bearer,
    console_client,
    make_staff,
    pending_card,
)
from factories.ledger import open_at_window

from bluecard.cards import services as cards
from bluecard.ledger import services as ledger
from bluecard.payouts import services as payouts

pytestmark = pytest.mark.e2e

ID_NO = "341504199005123011"
PHONE = "13812345678"
SOCIAL = "A12345678"
REASON = f"身份证号{ID_NO}与社保卡号{SOCIAL}不符，请联系{PHONE}"
FULL = (ID_NO, PHONE, SOCIAL)


def _shows_no_full_number(text: str) -> None:
    for number in FULL:
        assert number not in text
    assert "3011" in text and "5678" in text  # the last 4 digits tell which one


def test_typed_reasons_are_masked_wherever_staff_read_them(ctx):
    reviewer = actor_of(make_staff("reviewer"))
    clerk = actor_of(make_staff("clerk"))
    finance = actor_of(make_staff("finance"))
    rejected_card = pending_card()
    cards.review_card(rejected_card.id, reviewer, approve=False, reason=REASON)

    card = active_card()
    turned_down = open_at_window(card.id, CHIEF_RULE, clerk)
    ledger.decide_application(turned_down.id, reviewer, approve=False, reason=REASON)
    batch_app = open_at_window(
        card.id, CHIEF_RULE, clerk, as_of=ledger.china_today().replace(day=1)
    )
    ledger.decide_application(batch_app.id, reviewer, approve=True)
    batch = payouts.create_batch(finance, [batch_app.id])
    payouts.remove_line(batch.id, batch_app.id, finance, reason=REASON[:60])

    admin, _ = console_client(ctx, "admin")
    for page in (f"/console/cards/{rejected_card.id}", f"/console/cards/{card.id}"):
        html = admin.get(page).get_data(as_text=True)
        _shows_no_full_number(html)
        assert "**************3011" in html
    assert "驳回：身份证号**************3011" in admin.get(f"/console/cards/{card.id}").get_data(
        as_text=True
    )
    fin, _ = console_client(ctx, "finance")
    _shows_no_full_number(fin.get(f"/console/payouts/{batch.id}").get_data(as_text=True))

    audit_page = admin.get("/console/audit").get_data(as_text=True)
    assert "原因：身份证号**************3011" in audit_page
    _shows_no_full_number(audit_page)
    _shows_no_full_number(admin.get("/console/audit.csv").get_data(as_text=True))
    api = ctx.test_client().get("/api/v1/staff/audit", headers=bearer(ctx, "admin"))
    assert api.status_code == 200
    _shows_no_full_number(api.get_data(as_text=True))
