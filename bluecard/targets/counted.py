"""What the system counts itself for targets and reports: cards issued, apprenticeship
subsidy applications, subsidies paid, questions asked.

Read through the read functions of those features (``bluecard.cards.reads``,
``bluecard.ledger.reads``, ``bluecard.followers.reads``), never their tables; each joins the
caller's read transaction. Periods are China dates, inclusive.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from bluecard.cards import reads as cards
from bluecard.followers import reads as message_log
from bluecard.ledger import reads as ledger
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
#: Applications that count as 学徒制 training taken up (not rejected or clawed back).
TAKEN_UP_STATES = ledger.LIVE_STATUSES
#: The rules of 新型学徒制 training subsidies end with this (``yeji-apprenticeship``).
APPRENTICESHIP_RULE_SUFFIX = "-apprenticeship"


def _utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CHINA_TZ).astimezone(UTC)


def _bounds(start: date | None, end: date) -> tuple[datetime | None, datetime]:
    """The UTC interval ``[since, until)`` of the China dates ``start``..``end`` inclusive."""
    return (None if start is None else _utc(start)), _utc(end + timedelta(days=1))


def count_for(counted: Counted, district: str, start: date | None, end: date) -> int:
    """The system's count for a target of ``district`` over [start, end] (start None: up to
    ``end``): cards issued (approved) at the target's levels, or 新型学徒制 applications."""
    since, until = _bounds(start, end)
    if counted is Counted.APPRENTICESHIPS:
        return ledger.opened_count(
            district,
            since,
            until,
            rule_suffix=APPRENTICESHIP_RULE_SUFFIX,
            statuses=TAKEN_UP_STATES,
        )
    return cards.issued_count(district, since, until, LEVELS_OF[counted])


def records_from(counted: Counted) -> date | None:
    """The China date of the system's first record of what ``counted`` counts (a card applied
    for, an application opened), None when it holds none: a period that ended before it was
    never counted here, so its count is no figure at all, not 0."""
    first = (
        ledger.first_opened_at() if counted is Counted.APPRENTICESHIPS else cards.first_applied_at()
    )
    if first is None:
        return None
    if first.tzinfo is None:  # SQLite hands back naive UTC
        first = first.replace(tzinfo=UTC)
    return first.astimezone(CHINA_TZ).date()


def cards_by_level(district: str, start: date | None, end: date) -> dict[str, int]:
    """Cards issued in the period by 技能等级."""
    return cards.issued_by_level(district, *_bounds(start, end))


def cards_valid_on(district: str, day: date) -> int:
    """Cards issued by ``day`` and not revoked by then."""
    return cards.valid_at(district, _utc(day + timedelta(days=1)))


@dataclass(frozen=True)
class PaidByRule:
    """Subsidies paid in a period under one rule: applications and yuan."""

    rule_id: str
    doc_id: str
    clause: str
    count: int
    amount_yuan: Decimal


def paid_by_rule(district: str, start: date | None, end: date) -> list[PaidByRule]:
    """Subsidies paid (status paid, by ``paid_at``) in the period, per rule, largest first."""
    rows = [
        PaidByRule(r.rule_id, r.doc_id, r.clause, r.count, r.amount_yuan)
        for r in ledger.paid_by_rule(district, *_bounds(start, end))
    ]
    return sorted(rows, key=lambda r: (-r.amount_yuan, r.rule_id))


@dataclass(frozen=True)
class Questions:
    """Questions workers of a district asked in a period (text messages on the callback):
    how many, from how many people, and the most frequent kinds (the label staff read for
    the bot's reply intent, ``followers.reads.intent_label`` → count)."""

    asked: int
    people: int
    by_intent: list[tuple[str, int]]


def questions_asked(district: str, start: date | None, end: date) -> Questions:
    """Counted from the message log: text messages of followers whose district is known."""
    rows = message_log.text_messages(district, *_bounds(start, end))
    intents = Counter(message_log.intent_label(row.intent) for row in rows)
    return Questions(
        asked=len(rows),
        people=len({row.openid for row in rows}),
        by_intent=intents.most_common(8),
    )
