"""The 免申即享 page: a reviewer sees the benefits a card's verified facts prove, ticks them
and grants them in one go; a clerk is refused the page."""

from __future__ import annotations

from datetime import date

import pytest
from factories.console import console_client, make_staff
from factories.ledger import LEVEL_AWARD, make_card, verified_only_catalogue

from bluecard.extensions import db
from bluecard.ledger.services import applications_for_card

pytestmark = pytest.mark.e2e


def test_reviewer_grants_the_worklist_in_a_batch(make_app, real_knowledge, tmp_path):
    app = make_app(knowledge=real_knowledge, RULES_CATALOGUE=verified_only_catalogue(tmp_path))
    with app.app_context():
        holders = [make_card(None, certificate_date=date(2025, 6, 1)) for _ in range(2)]
        reviewer = make_staff("reviewer")
        clerk = make_staff("clerk")
        db.session.remove()

    browser, _ = console_client(app, reviewer)
    page = browser.get("/console/grants").get_data(as_text=True)
    assert page.count('class="grant"') == 2 and "民营企业职工取得高技能职业资格一次性奖励" in page
    items = [f"{h.card_id}:{LEVEL_AWARD}" for h in holders]
    done = browser.post_form("/console/grants", "/console/grants", {"item": items})
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and "已发放（免申即享）2 项" in html
    assert 'id="worklist-empty"' in html
    with app.app_context():
        for h in holders:
            [granted] = applications_for_card(h.card_id)
            assert granted.status == "approved" and granted.amount_yuan == 2000
        db.session.remove()

    other, _ = console_client(app, clerk)
    assert other.get("/console/grants").status_code == 403
