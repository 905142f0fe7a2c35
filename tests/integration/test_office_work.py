"""Issue 12, what a district office runs on (services on the configured database): suspending
and resuming a card; the 受理 checklist confirmed item by item and audited; each
application's time limit in China's working days, overdue ones first; paying alone an
application that sits in a pending payout batch refused; the dashboards per role."""

from __future__ import annotations

import pytest
from factories.console import (
    CHIEF_RULE,
    active_card,
    actor_of,
    card_form,
    checklist,
    make_staff,
    open_backdated,
    pending_card,
)
from sqlalchemy import select

from bluecard.cards import services as cards
from bluecard.extensions import db
from bluecard.ledger import services as ledger
from bluecard.ledger import workdays
from bluecard.models import AuditLog
from bluecard.payouts import services as payouts
from bluecard.services.errors import Conflict, NotFound, Refused
from bluecard.staff import dashboard
from bluecard.staff.audit import PermissionDenied
from policy_kb.chinatime import china_today

pytestmark = pytest.mark.integration


@pytest.fixture
def office(ctx):
    return {r: actor_of(make_staff(r)) for r in ("clerk", "reviewer", "finance", "admin")}


def _audits(action):
    return list(
        db.session.execute(
            select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
        ).scalars()
    )


# -- suspension -----------------------------------------------------------------------------
def test_a_suspended_card_scans_as_suspended_and_opens_nothing_until_resumed(office):
    card = active_card()
    token = cards.static_code(card.id, office["clerk"]).token
    suspended = cards.suspend_card(card.id, office["reviewer"], reason="社保缴纳情况核查中")
    assert suspended.status == "suspended" and suspended.status_label == "已暂停"
    assert suspended.suspend_reason == "社保缴纳情况核查中"

    scanned = cards.scan(token, office["clerk"])
    assert scanned.card.status == "suspended" and scanned.card.suspend_reason
    assert _audits("card.scan")[-1].detail.get("suspended") is True
    public = cards.public_status(token)
    assert not public.valid and public.reason_code == "suspended" and "暂停" in public.reason
    with pytest.raises(Refused) as no_code:
        cards.dynamic_code(card.openid)
    assert no_code.value.code == "suspended"
    options = ledger.benefits_for_card(card.id)
    assert options and not any(o.claimable for o in options)
    assert "暂停" in (options[0].blocked_reason or "")
    with pytest.raises(Conflict) as refused:
        ledger.open_application(card.id, CHIEF_RULE, office["clerk"], confirmed=checklist())
    assert refused.value.code == "card_inactive" and "暂停" in refused.value.message

    resumed = cards.resume_card(card.id, office["reviewer"], reason="核查无误")
    assert resumed.status == "active" and resumed.suspend_reason is None
    # The printed code works again (same qr_version) and applications open.
    assert cards.public_status(token).valid
    app = ledger.open_application(card.id, CHIEF_RULE, office["clerk"], confirmed=checklist())
    assert app.status == "submitted"
    suspend_row, resume_row = _audits("card.suspend")[-1], _audits("card.resume")[-1]
    assert suspend_row.detail["reason"] == "社保缴纳情况核查中"
    assert resume_row.detail["reason"] == "核查无误" and resume_row.detail["suspended_since"]


def test_a_suspended_card_still_holds_the_person_no_second_card(office):
    card = active_card()
    cards.suspend_card(card.id, office["reviewer"], reason="核查中")
    holder = cards.get_card(card.id, reveal=True)

    with pytest.raises(Conflict) as again:
        cards.apply_for_card("oSomeoneElse", card_form(id_number=holder.id_number))
    # someone else typing the holder's 身份证号 learns that a card exists, not its state
    assert again.value.code == "live_card" and "已有蓝卡记录" in again.value.message
    assert "暂停" not in again.value.message and "核查中" not in again.value.message
    with pytest.raises(Conflict) as same_openid:
        cards.apply_for_card(card.openid, card_form())
    assert same_openid.value.code == "live_card" and "暂停" in same_openid.value.message


def test_who_may_suspend_and_what_can_be_suspended(office):
    card = active_card()
    with pytest.raises(PermissionDenied):
        cards.suspend_card(card.id, office["clerk"], reason="x")
    with pytest.raises(Refused) as no_reason:
        cards.suspend_card(card.id, office["reviewer"], reason="  ")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(Conflict):
        cards.resume_card(card.id, office["reviewer"], reason="x")  # not suspended
    with pytest.raises(Conflict):
        cards.suspend_card(pending_card().id, office["reviewer"], reason="x")
    other = actor_of(make_staff("reviewer", district="洪泽区"))
    with pytest.raises(NotFound):
        cards.suspend_card(card.id, other, reason="x")
    assert cards.get_card(card.id).status == "active"
    # A suspended card can still be revoked.
    cards.suspend_card(card.id, office["reviewer"], reason="核查中")
    assert cards.revoke_card(card.id, office["reviewer"], reason="骗取").status == "revoked"


# -- the 受理 checklist ----------------------------------------------------------------------
def test_the_application_opens_only_once_every_item_is_confirmed_and_that_is_audited(office):
    card = active_card()
    keys = checklist()
    assert len(keys) == 2
    with pytest.raises(Refused) as partly:
        ledger.open_application(card.id, CHIEF_RULE, office["clerk"], confirmed=keys[:1])
    assert partly.value.code == "checklist_incomplete"
    assert "聘任期内" in partly.value.message
    with pytest.raises(Refused):
        ledger.open_application(card.id, CHIEF_RULE, office["clerk"], confirmed=[])
    assert ledger.applications_for_card(card.id) == []
    refused = _audits("application.open")[-1]
    assert refused.outcome == "refused"

    app = ledger.open_application(card.id, CHIEF_RULE, office["clerk"], confirmed=keys)
    row = _audits("application.open")[-1]
    assert row.outcome == "ok" and row.window == office["clerk"].window
    assert row.detail["checklist"] == [
        "核验：获得“六安市首席技师”称号",
        "核验：在“六安市首席技师”聘任期内",
    ]
    assert app.processing_days == 60
    assert app.due_on == workdays.add_workdays(china_today(), 60)
    assert not app.overdue and app.days_left == 60


def test_a_district_time_limit_from_the_guide_file(make_app, echo_bot, tmp_path):
    path = tmp_path / "guides.yaml"
    path.write_text(
        "benefits:\n  yeji-chief-technician-allowance:\n    processing_days: 5\n"
        "    materials: [首席技师聘书]\n",
        encoding="utf-8",
    )
    app = make_app(bot=echo_bot, BENEFIT_GUIDES_FILE=str(path), PROCESSING_DAYS=30)
    with app.app_context():
        clerk = actor_of(make_staff("clerk"))
        card = active_card()
        keys = checklist()
        assert len(keys) == 3  # the material first, then the two checks
        opened = ledger.open_application(card.id, CHIEF_RULE, clerk, confirmed=keys)
        assert opened.processing_days == 5
        assert opened.due_on == workdays.add_workdays(china_today(), 5)
        db.session.remove()


# -- overdue, oldest first, per role ----------------------------------------------------------
def _opened(office, days_ago: int):
    return open_backdated(active_card().id, office["clerk"], days_ago)


def test_overdue_applications_come_first_and_are_counted(office):
    fresh = _opened(office, 0)
    late = _opened(office, 150)  # 60 working days are long past
    later = _opened(office, 120)
    assert late.overdue and late.days_over > 0 and later.overdue and not fresh.overdue
    total, rows = ledger.worklist(office["reviewer"], ("submitted",))
    assert total == 3 and [r.id for r in rows] == [late.id, later.id, fresh.id]
    overdue_total, overdue = ledger.worklist(office["clerk"], overdue_only=True)
    assert overdue_total == 2 and [r.id for r in overdue] == [late.id, later.id]

    board = dashboard.dashboard(office["reviewer"])
    assert board.counts is not None and board.counts["submitted"] == 3
    assert board.overdue_total == 2
    to_decide = next(s for s in board.sections if s.key == "to_decide")
    assert to_decide.applications[0].id == late.id and to_decide.applications[0].overdue
    # Deciding it takes it off the reviewer's list; it is still overdue until paid.
    ledger.decide_application(late.id, office["reviewer"], approve=True)
    board = dashboard.dashboard(office["reviewer"])
    assert [a.id for a in next(s for s in board.sections if s.key == "to_decide").applications] == [
        later.id,
        fresh.id,
    ]
    finance = dashboard.dashboard(office["finance"])
    assert [s.key for s in finance.sections] == ["to_pay"]
    assert finance.sections[0].applications[0].id == late.id
    ledger.pay_application(late.id, office["finance"])
    assert dashboard.dashboard(office["finance"]).overdue_total == 1


def test_each_role_sees_its_own_worklists_inside_its_district(office):
    waiting = pending_card()
    _opened(office, 0)
    assert [s.key for s in dashboard.dashboard(office["clerk"]).sections] == ["in_progress"]
    reviewer = dashboard.dashboard(office["reviewer"])
    assert [s.key for s in reviewer.sections] == ["cards", "to_decide"]
    cards_section = reviewer.sections[0]
    assert cards_section.total == 1 and cards_section.cards[0].card.id == waiting.id
    assert [s.key for s in dashboard.dashboard(office["admin"]).sections] == [
        "cards",
        "to_decide",
        "to_pay",
    ]
    hongze = dashboard.dashboard(actor_of(make_staff("reviewer", district="洪泽区")))
    assert hongze.counts == {s: 0 for s in hongze.counts} and hongze.sections[0].total == 0
    policy = dashboard.dashboard(actor_of(make_staff("policy")))
    assert policy.sections == [] and policy.counts is None


# -- paying alone what a batch holds -----------------------------------------------------------
def test_paying_alone_an_application_in_a_pending_batch_is_refused(office):
    app = _opened(office, 0)
    ledger.decide_application(app.id, office["reviewer"], approve=True)
    batch = payouts.create_batch(office["finance"], [app.id])
    assert ledger.get_application(app.id).payout_batch_id == batch.id
    with pytest.raises(Conflict) as refused:
        ledger.pay_application(app.id, office["finance"])
    assert refused.value.code == "in_payout_batch"
    assert (
        f"发放批次 #{batch.id}" in refused.value.message and "不能单笔发放" in refused.value.message
    )
    assert ledger.get_application(app.id).status == "approved"
    # The batch still pays it.
    paid = payouts.mark_batch_paid(batch.id, office["finance"], reference="PZ-001")
    assert paid.status == "closed" and ledger.get_application(app.id).status == "paid"


def test_a_window_opening_cannot_skip_the_checklist_by_passing_none(office):
    """There is no "no checklist" value at the window: None is an error, not a way round."""
    card = active_card()
    with pytest.raises(TypeError):
        ledger.open_application(card.id, CHIEF_RULE, office["clerk"], confirmed=None)  # type: ignore[arg-type]
    assert ledger.applications_for_card(card.id) == []
