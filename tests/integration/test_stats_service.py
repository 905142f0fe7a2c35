"""The statistics service on the real database: figures computed from the message log,
followers, cards and the ledger; the district boundary; unanswered questions grouped and
shrinking as policy staff attach them to clauses or mark them out of scope (versioned,
audited)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from factories.console import actor_of, make_staff
from factories.stats import application_at, at, card_at, event, message, worker
from sqlalchemy import select

from bluecard.extensions import db
from bluecard.models import AuditLog, ExtendedQuestion
from bluecard.privacy import REDACTED
from bluecard.services.errors import Forbidden, NotFound, Refused
from bluecard.staff.audit import PermissionDenied
from bluecard.stats import services
from bluecard.stats.period import Period

pytestmark = pytest.mark.integration

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def policy(ctx):
    return actor_of(make_staff("policy"))


def test_chat_figures_of_a_period(ctx, policy):
    a, b, c = worker("叶集区"), worker("洪泽区"), worker()
    # Nov 1 00:30 China time is still Oct 31 in UTC: it belongs to November.
    message(a, at("2026-10-31", 16).replace(minute=30), intent="answer", refs=("fake-2021#一",))
    message(a, at("2026-11-03"), intent="answer", refs=("fake-2021#一", "fake-2021#二"))
    message(b, at("2026-11-03"), intent="answer", refs=("fake-2021#一",))
    message(b, at("2026-11-04"), intent="not_answered", question="夜班补贴怎么算")
    message(c, at("2026-11-04"), intent="place_uncovered", question="苏州有补贴吗")
    message(c, at("2026-11-05"), intent="quiz")
    message(c, at("2026-11-05"), intent="quiz_result")
    message(a, at("2026-11-06"), intent="quiz")
    message(a, at("2026-10-31", 15), intent="not_answered", question="十月的问题")  # Oct 31 CST
    event(worker(), at("2026-11-07"), "subscribe")
    event(b, at("2026-11-08"), "unsubscribe")

    stats = services.operations_stats(policy, NOVEMBER)
    m = stats.messages
    assert (m.messages, m.users, m.answered, m.not_answered, m.place_uncovered) == (8, 3, 3, 1, 1)
    assert m.questions == 5 and m.answer_rate == pytest.approx(0.6)
    assert (stats.followers.new, stats.followers.lost) == (1, 1)
    assert stats.followers.following == 3  # a, c and the new one; b left
    assert (stats.questionnaire.started, stats.questionnaire.completed) == (2, 1)
    assert stats.questionnaire.completion == pytest.approx(0.5)
    days = {d.day.isoformat(): d for d in stats.by_day}
    assert len(days) == 30 and days["2026-11-01"].answered == 1
    assert (days["2026-11-04"].messages, days["2026-11-04"].not_answered) == (2, 1)
    top = stats.topics[0]
    assert (top.ref, top.count) == ("fake-2021#一", 3)
    assert top.label == "洪泽区 一 总体要求"
    assert [g.question for g in stats.unanswered] == ["夜班补贴怎么算"]


def test_district_boundary(ctx, policy):
    yeji, hongze = worker("叶集区"), worker("洪泽区")
    message(yeji, at("2026-11-03"), intent="not_answered", question="叶集夜班补贴怎么算")
    message(hongze, at("2026-11-03"), intent="not_answered", question="洪泽职称评审啥时候")
    card_at("叶集区", "active", at("2026-11-02"))
    card_at("洪泽区", "pending", at("2026-11-02"))
    reviewer = actor_of(make_staff("reviewer", district="叶集区"))

    own = services.operations_stats(reviewer, NOVEMBER)
    assert own.region == "叶集区"
    assert own.messages.not_answered == 1
    assert [g.question for g in own.unanswered] == ["叶集夜班补贴怎么算"]
    assert [c.key for c in own.cards_by_district] == ["叶集区"]
    assert services.operations_stats(reviewer, NOVEMBER, "叶集区").region == "叶集区"
    with pytest.raises(Forbidden) as refused:
        services.operations_stats(reviewer, NOVEMBER, "洪泽区")
    assert refused.value.code == "district" and "叶集区" in refused.value.message
    with pytest.raises(Forbidden):
        services.unanswered_questions(reviewer, NOVEMBER, "洪泽区")

    everyone = services.operations_stats(policy, NOVEMBER)
    assert everyone.messages.not_answered == 2
    assert [c.key for c in everyone.cards_by_district] == ["叶集区", "洪泽区"]
    hongze_only = services.operations_stats(policy, NOVEMBER, "洪泽区")
    assert [g.question for g in hongze_only.unanswered] == ["洪泽职称评审啥时候"]

    clerk = actor_of(make_staff("clerk"))
    with pytest.raises(PermissionDenied):
        services.operations_stats(clerk, NOVEMBER)


def test_cards_and_subsidies_by_district_rule_and_month(ctx, policy):
    first = card_at("叶集区", "active", at("2026-09-30", 17))  # Oct 1 01:00 China time
    card_at("叶集区", "pending", at("2026-10-20"))
    card_at("叶集区", "rejected", at("2026-11-02"))
    card_at("叶集区", "suspended", at("2026-11-04"))
    second = card_at("洪泽区", "active", at("2026-11-03"))
    card_at("洪泽区", "active", at("2026-12-01"))  # after the period
    application_at(first, "叶集区", "yeji-chief", "首席技师津贴", "600", "paid", at("2026-10-02"))
    application_at(
        first, "叶集区", "yeji-chief", "首席技师津贴", "600", "submitted", at("2026-11-02")
    )
    application_at(
        first, "叶集区", "yeji-intro", "引进生活补贴", "10000", "rejected", at("2026-11-02")
    )
    application_at(
        second, "洪泽区", "hongze-intro", "引进补贴", "10000", "approved", at("2026-11-05")
    )

    stats = services.operations_stats(policy, Period(date(2026, 10, 1), date(2026, 11, 30)))
    months = [
        (c.key, c.applied, c.active, c.pending, c.rejected, c.suspended)
        for c in stats.cards_by_month
    ]
    assert months == [("2026-10", 2, 1, 1, 0, 0), ("2026-11", 3, 1, 0, 1, 1)]
    assert [(c.key, c.applied, c.suspended) for c in stats.cards_by_district] == [
        ("叶集区", 4, 1),
        ("洪泽区", 1, 0),
    ]
    for c in stats.cards_by_district:  # the columns add up to the applications
        assert c.pending + c.active + c.suspended + c.rejected + c.revoked == c.applied
    by_rule = {s.key: s for s in stats.subsidies_by_rule}
    assert by_rule["yeji-chief"].label == "首席技师津贴"
    assert (by_rule["yeji-chief"].applications, by_rule["yeji-chief"].claimed_yuan) == (
        2,
        Decimal("1200.00"),
    )
    assert by_rule["yeji-chief"].paid_yuan == Decimal("600.00")
    assert by_rule["yeji-intro"].claimed_yuan == Decimal("0.00")  # rejected: no claim
    by_district = {s.key: (s.applications, s.claimed_yuan) for s in stats.subsidies_by_district}
    assert by_district == {"叶集区": (3, Decimal("1200.00")), "洪泽区": (1, Decimal("10000.00"))}
    by_month = {s.key: s.applications for s in stats.subsidies_by_month}
    assert by_month == {"2026-10": 1, "2026-11": 3}


def test_unanswered_list_shrinks_as_policy_staff_work(ctx, policy):
    a, b = worker(), worker()
    message(a, at("2026-11-03"), intent="not_answered", question="职称评审什么时候开始")
    message(b, at("2026-11-04"), intent="not_answered", question="请问职称评审什么时候开始？")
    message(b, at("2026-11-02"), intent="not_answered", question="职称评审什么时候开始")
    message(b, at("2026-11-05"), intent="not_answered", question="公积金怎么提取")
    message(
        a, at("2026-11-06"), intent="not_answered", question="我电话13812345678，夜班补贴怎么算"
    )
    groups = services.unanswered_questions(policy, NOVEMBER)
    # the most asked wording stands for the group; the count and time are the group's
    assert (groups[0].question, groups[0].count) == ("职称评审什么时候开始", 3)
    assert groups[0].last_asked == at("2026-11-04")
    assert groups[0].variants == ("请问职称评审什么时候开始？",)
    assert not any("13812345678" in g.question for g in groups)
    assert any(REDACTED in g.question for g in groups)
    assert services.phrasing_version() == 0

    attached = services.attach_phrasing(policy, "职称评审什么时候开始", "fake-2021", "二")
    assert attached.kind_label == "扩展问" and attached.clause_label == "洪泽区 二 保障"
    assert services.phrasing_version() == 1
    services.mark_out_of_scope(policy, "公积金怎么提取")
    assert services.phrasing_version() == 2
    remaining = services.unanswered_questions(policy, NOVEMBER)
    assert [g.count for g in remaining] == [1]
    assert "夜班补贴怎么算" in remaining[0].question
    assert [p.question for p in services.live_phrasings()] == ["职称评审什么时候开始"]

    services.retire_phrasing(policy, attached.id)
    assert services.phrasing_version() == 3
    assert services.live_phrasings() == []
    back = services.unanswered_questions(policy, NOVEMBER)
    assert back[0].question == "职称评审什么时候开始"
    retired = db.session.get(ExtendedQuestion, attached.id)
    assert retired is not None and retired.retired_version == 3 and retired.version == 1
    actions = db.session.execute(
        select(AuditLog.action, AuditLog.outcome).where(AuditLog.staff_id == policy.staff_id)
    ).all()
    assert set(actions) >= {
        ("phrasing.attach", "ok"),
        ("phrasing.out_of_scope", "ok"),
        ("phrasing.retire", "ok"),
    }


def test_attaching_again_replaces_the_earlier_decision(ctx, policy):
    first = services.attach_phrasing(policy, "夜班补贴怎么算", "fake-2021", "一")
    second = services.attach_phrasing(policy, "夜班补贴怎么算", "fake-2021", "二")
    live = services.list_phrasings(policy)
    assert [(p.id, p.clause_id) for p in live] == [(second.id, "二")]
    assert db.session.get(ExtendedQuestion, first.id).retired_version == second.version


def test_refusals_are_audited_and_change_nothing(ctx, policy):
    reviewer = actor_of(make_staff("reviewer"))
    with pytest.raises(PermissionDenied):
        services.attach_phrasing(reviewer, "夜班补贴怎么算", "fake-2021", "一")
    with pytest.raises(NotFound) as missing:
        services.attach_phrasing(policy, "夜班补贴怎么算", "fake-2021", "九十九")
    assert missing.value.code == "no_clause"
    with pytest.raises(Refused) as empty:
        services.mark_out_of_scope(policy, "   ")
    assert empty.value.code == "empty_question"
    with pytest.raises(NotFound):
        services.retire_phrasing(policy, 987654)
    assert services.phrasing_version() == 0
    assert services.list_phrasings(policy) == []
    outcomes = db.session.execute(
        select(AuditLog.action, AuditLog.outcome).where(AuditLog.action.like("phrasing.%"))
    ).all()
    assert ("phrasing.attach", "denied") in outcomes
    assert ("phrasing.attach", "refused") in outcomes
    assert ("phrasing.out_of_scope", "refused") in outcomes
