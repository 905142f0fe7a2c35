"""Workers told (issue 12 §3): each decision on a card or an application reaches the worker in
the fake WeChat — a customer-service message within 48 hours of their last message, a
template message otherwise — through the notification queue and its opt-out rules, with no
personal data they did not already know."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from factories.console import actor_of, make_staff
from factories.ledger import YEJI_CHIEF, YEJI_INTRODUCED, make_card, open_at_window
from notif_helpers import TEMPLATE_ID, drain
from sqlalchemy import select

from bluecard.cards.services import review_card
from bluecard.extensions import db
from bluecard.ledger.services import decide_application
from bluecard.models import Follower, Notification, utcnow
from bluecard.notifications import services as notif
from bluecard.payouts import services as payouts

pytestmark = pytest.mark.integration

AS_OF = date(2026, 11, 21)


@pytest.fixture
def napp_knowledge(real_knowledge):
    return real_knowledge


@pytest.fixture
def staff(napp):
    return {role: actor_of(make_staff(role)) for role in ("clerk", "reviewer", "finance")}


def follow(openid: str, *, wrote_hours_ago: float | None, opted_out: bool = False) -> None:
    last = utcnow() - timedelta(hours=wrote_hours_ago) if wrote_hours_ago is not None else None
    db.session.add(
        Follower(openid=openid, subscribed=True, opted_out=opted_out, last_message_at=last)
    )
    db.session.commit()


def texts_to(fake, openid):
    """Everything the fake delivered to ``openid``: customer-service texts, and template
    messages as their title + line."""
    out = [m["text"]["content"] for m in fake.custom_messages if m["touser"] == openid]
    out += [
        m["data"]["thing1"]["value"] + "｜" + m["data"]["thing4"]["value"]
        for m in fake.messages
        if m["touser"] == openid
    ]
    return out


def test_card_approved_inside_48_hours_is_a_customer_service_message(napp, fake, staff):
    holder = make_card(None, status="pending")
    follow(holder.openid, wrote_hours_ago=2)
    card = review_card(holder.card_id, staff["reviewer"], approve=True)
    drain(napp)
    assert fake.messages == []
    [text] = texts_to(fake, holder.openid)
    # The card number masked but its last 4 digits, as the worker's pages show it: a chat
    # message may be forwarded or screenshotted.
    masked = "*" * (len(card.card_no) - 4) + card.card_no[-4:]
    assert "技工蓝卡已审核通过" in text and f"卡号 {masked}。" in text
    everything = json.dumps(fake.custom_messages, ensure_ascii=False)
    assert card.card_no not in everything
    assert holder.id_number not in everything and holder.name not in everything
    assert holder.phone not in everything
    kept = db.session.execute(
        select(Notification.body).where(Notification.kind == "decision")
    ).scalars()
    assert all(card.card_no not in body for body in kept)  # nor in the stored message


def test_card_rejected_after_48_hours_is_a_template_message_with_the_reason(napp, fake, staff):
    holder = make_card(None, status="pending")
    follow(holder.openid, wrote_hours_ago=49)
    review_card(holder.card_id, staff["reviewer"], approve=False, reason="证书编号无法核验")
    drain(napp)
    assert fake.custom_messages == []
    [message] = [m for m in fake.messages if m["touser"] == holder.openid]
    assert message["template_id"] == TEMPLATE_ID
    assert message["data"]["thing1"]["value"] == "技工蓝卡未通过审核"
    assert message["data"]["thing4"]["value"].startswith("你的技工蓝卡申请未通过")


def test_application_approved_rejected_and_paid_each_reach_the_worker(napp, fake, staff):
    holder = make_card(YEJI_INTRODUCED)
    follow(holder.openid, wrote_hours_ago=1)
    app = open_at_window(holder.card_id, "yeji-intro-living-housing", staff["clerk"], as_of=AS_OF)
    decide_application(app.id, staff["reviewer"], approve=True)
    batch = payouts.create_batch(staff["finance"], [app.id])
    payouts.mark_batch_paid(batch.id, staff["finance"], reference="PZ-1")

    other = make_card(YEJI_CHIEF)
    follow(other.openid, wrote_hours_ago=1)
    refused = open_at_window(
        other.card_id, "yeji-chief-technician-allowance", staff["clerk"], as_of=AS_OF
    )
    decide_application(refused.id, staff["reviewer"], approve=False, reason="首席技师称号未核实")
    drain(napp)

    first, second = texts_to(fake, holder.openid)
    assert "已批准" in first and "30,000元" in first and "等待发放" in first
    assert "已发放" in second and "30,000元" in second
    [rejected] = texts_to(fake, other.openid)
    assert "未获批准" in rejected and "首席技师称号未核实" in rejected
    everything = json.dumps(fake.custom_messages, ensure_ascii=False)
    for person in (holder, other):
        assert person.id_number not in everything and person.name not in everything
    # The staff's notification list is about policy notifications, not these.
    assert notif.list_notifications() == []


def test_a_closed_window_falls_back_to_a_template_and_opted_out_workers_get_nothing(
    napp, fake, staff
):
    late = make_card(None, status="pending")
    follow(late.openid, wrote_hours_ago=1)
    fake.control(closed_window=[late.openid])  # WeChat says 45015: the 48 hours are over
    quiet = make_card(None, status="pending")
    follow(quiet.openid, wrote_hours_ago=1, opted_out=True)
    review_card(late.card_id, staff["reviewer"], approve=True)
    review_card(quiet.card_id, staff["reviewer"], approve=True)
    drain(napp)
    assert [m["touser"] for m in fake.messages] == [late.openid]
    assert fake.custom_messages == []
    assert texts_to(fake, quiet.openid) == []
    kinds = db.session.query(Notification.kind).distinct().all()
    assert kinds == [("decision",)]
