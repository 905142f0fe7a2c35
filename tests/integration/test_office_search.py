"""Finding a card at the window without the worker's phone (issue 12 §1): card number,
身份证号, phone, full name; limited to the staff member's district; audited."""

from __future__ import annotations

import pytest
from factories.console import actor_of, card_form, id_number, make_staff, pending_card
from sqlalchemy import select, update

from bluecard.cards import search
from bluecard.cards import services as cards
from bluecard.cards.models import BlueCard
from bluecard.extensions import db
from bluecard.services.errors import Refused
from bluecard.staff.models import AuditLog


def _approved(**overrides):
    card = pending_card(**overrides)
    reviewer = make_staff("reviewer")
    return cards.review_card(card.id, actor_of(reviewer), approve=True)


def test_a_clerk_finds_a_card_by_number_id_number_phone_or_full_name(ctx):
    wanted_id = id_number()
    card = _approved(name="欧阳建华", id_number=wanted_id, phone="13912345678")
    _approved(name="王建国")  # someone else in the same district
    clerk = actor_of(make_staff("clerk"))

    for query, kind in (
        (card.card_no, "card_no"),
        (wanted_id, "id_number"),
        (wanted_id.lower(), "id_number"),
        ("139 1234 5678", "phone"),
        ("欧阳建华", "name"),
        ("欧阳 建华", "name"),
    ):
        found = search.search_cards(query, clerk)
        assert found.kind == kind, query
        assert [c.id for c in found.items] == [card.id], query
        # A clerk sees the holder masked, whatever was typed.
        assert found.items[0].name is None and found.items[0].name_masked == "欧**华"

    assert search.search_cards("欧阳建", clerk).total == 0  # whole names only
    assert search.search_cards("13900000000", clerk).total == 0


def test_another_districts_card_is_not_found(ctx):
    card = _approved(name="李四海")
    other = actor_of(make_staff("clerk", district="洪泽区"))
    assert search.search_cards("李四海", other).total == 0
    assert search.search_cards(card.card_no or "", other).total == 0


def test_bad_queries_are_refused_with_what_to_type(ctx):
    clerk = actor_of(make_staff("clerk"))
    with pytest.raises(Refused) as empty:
        search.search_cards("  ", clerk)
    assert "卡号" in empty.value.message
    with pytest.raises(Refused) as short:
        search.search_cards("12345", clerk)
    assert short.value.code == "invalid_query" and "18 位" in short.value.message
    good = id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(Refused) as check:
        search.search_cards(bad, clerk)
    assert "校验位" in check.value.message


def test_every_search_is_audited_without_what_was_typed(ctx):
    clerk = make_staff("clerk")
    search.search_cards("欧阳建华", actor_of(clerk))
    row = db.session.execute(
        select(AuditLog).where(AuditLog.action == "card.search", AuditLog.actor == clerk.username)
    ).scalar_one()
    assert row.detail == {"kind": "name", "found": 0}
    assert "欧阳" not in str(row.detail)


def test_cards_made_before_the_search_hashes_are_backfilled(ctx):
    card = cards.apply_for_card("oBackfill1", card_form(name="赵钱孙"))
    db.session.execute(
        update(BlueCard).where(BlueCard.id == card.id).values(name_hash=None, phone_hash=None)
    )
    db.session.commit()
    clerk = actor_of(make_staff("clerk"))
    assert search.search_cards("赵钱孙", clerk).total == 0
    assert search.backfill_lookup_hashes() >= 1
    assert [c.id for c in search.search_cards("赵钱孙", clerk).items] == [card.id]
