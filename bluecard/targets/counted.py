"""What the system counts itself for targets and reports: cards issued, apprenticeship
subsidy applications, subsidies paid, questions asked.

Read-only queries over other features' tables (cards, ledger, the message log), kept in this
one module so a move of those tables touches only it. Periods are China dates, inclusive.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from bluecard.models import BlueCard, Follower, MessageLog, SubsidyApplication
from policy_kb.chinatime import CHINA_TZ
from policy_kb.eligibility import HIGH_SKILL_LEVELS
from policy_kb.targets import Counted

#: The card levels each counted target takes (高技能人才 = 高级工 and above).
LEVELS_OF: dict[Counted, tuple[str, ...] | None] = {
    Counted.CARDS_ALL: None,
    Counted.CARDS_HIGH_SKILL: tuple(HIGH_SKILL_LEVELS),
    Counted.CARDS_TECHNICIAN: tuple(lv for lv in HIGH_SKILL_LEVELS if lv != "高级工"),
    Counted.CARDS_SENIOR: ("高级工",),
}
#: Cards that were issued (approved), whether still valid, suspended or revoked since.
ISSUED_STATES = ("active", "suspended", "revoked")
#: Applications that count as 学徒制 training taken up (not rejected or clawed back).
TAKEN_UP_STATES = ("submitted", "approved", "paid")


def _utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CHINA_TZ).astimezone(UTC)


def _between(column: Any, start: date | None, end: date) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [column < _utc(end + timedelta(days=1))]
    if start is not None:
        conds.append(column >= _utc(start))
    return conds


def count_for(
    session: Session, counted: Counted, district: str, start: date | None, end: date
) -> int:
    """The system's count for a target of ``district`` over [start, end] (start None: up to
    ``end``): cards issued (approved) at the target's levels, or 新型学徒制 applications."""
    if counted is Counted.APPRENTICESHIPS:
        stmt = select(func.count(SubsidyApplication.id)).where(
            SubsidyApplication.district == district,
            SubsidyApplication.rule_id.like("%-apprenticeship"),
            SubsidyApplication.status.in_(TAKEN_UP_STATES),
            *_between(SubsidyApplication.opened_at, start, end),
        )
        return int(session.execute(stmt).scalar_one())
    stmt = select(func.count(BlueCard.id)).where(
        BlueCard.district == district,
        BlueCard.status.in_(ISSUED_STATES),
        BlueCard.reviewed_at.is_not(None),
        *_between(BlueCard.reviewed_at, start, end),
    )
    levels = LEVELS_OF[counted]
    if levels is not None:
        stmt = stmt.where(BlueCard.skill_level.in_(levels))
    return int(session.execute(stmt).scalar_one())


def cards_by_level(
    session: Session, district: str, start: date | None, end: date
) -> dict[str, int]:
    """Cards issued in the period by 技能等级."""
    stmt = (
        select(BlueCard.skill_level, func.count(BlueCard.id))
        .where(
            BlueCard.district == district,
            BlueCard.status.in_(ISSUED_STATES),
            BlueCard.reviewed_at.is_not(None),
            *_between(BlueCard.reviewed_at, start, end),
        )
        .group_by(BlueCard.skill_level)
    )
    return {level: int(n) for level, n in session.execute(stmt).all()}


def cards_valid_on(session: Session, district: str, day: date) -> int:
    """Cards issued by ``day`` and not revoked by then."""
    end = _utc(day + timedelta(days=1))
    stmt = select(func.count(BlueCard.id)).where(
        BlueCard.district == district,
        BlueCard.status.in_(ISSUED_STATES),
        BlueCard.reviewed_at < end,
        (BlueCard.revoked_at.is_(None)) | (BlueCard.revoked_at >= end),
    )
    return int(session.execute(stmt).scalar_one())


@dataclass(frozen=True)
class PaidByRule:
    """Subsidies paid in a period under one rule: applications and yuan."""

    rule_id: str
    doc_id: str
    clause: str
    count: int
    amount_yuan: Decimal


def paid_by_rule(
    session: Session, district: str, start: date | None, end: date
) -> list[PaidByRule]:
    """Subsidies paid (status paid, by ``paid_at``) in the period, per rule, largest first."""
    stmt = (
        select(
            SubsidyApplication.rule_id,
            SubsidyApplication.doc_id,
            SubsidyApplication.clause,
            func.count(SubsidyApplication.id),
            func.coalesce(func.sum(SubsidyApplication.amount_yuan), 0),
        )
        .where(
            SubsidyApplication.district == district,
            SubsidyApplication.status == "paid",
            *_between(SubsidyApplication.paid_at, start, end),
        )
        .group_by(SubsidyApplication.rule_id, SubsidyApplication.doc_id, SubsidyApplication.clause)
    )
    rows = [
        PaidByRule(rule, doc, clause, int(n), Decimal(str(total)).quantize(Decimal("0.01")))
        for rule, doc, clause, n, total in session.execute(stmt).all()
    ]
    return sorted(rows, key=lambda r: (-r.amount_yuan, r.rule_id))


@dataclass(frozen=True)
class Questions:
    """Questions workers of a district asked in a period (text messages on the callback):
    how many, from how many people, and the most frequent kinds (intent → count)."""

    asked: int
    people: int
    by_intent: list[tuple[str, int]]


def questions_asked(session: Session, district: str, start: date | None, end: date) -> Questions:
    """Counted from the message log: text messages of followers whose district is known."""
    stmt = (
        select(MessageLog.openid, MessageLog.intent)
        .join(Follower, Follower.openid == MessageLog.openid)
        .where(
            Follower.region == district,
            MessageLog.msg_type == "text",
            *_between(MessageLog.received_at, start, end),
        )
    )
    rows = session.execute(stmt).all()
    intents = Counter(intent or "未识别" for _, intent in rows)
    return Questions(
        asked=len(rows),
        people=len({openid for openid, _ in rows}),
        by_intent=intents.most_common(8),
    )
