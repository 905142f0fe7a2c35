"""Counts of blue cards for other features (statistics, targets and their reports): typed rows
and numbers, never a model object, so those features read cards through this module and not
the table. Each function joins the caller's read or unit of work (``bluecard.uow.read_only``).

Times are UTC datetimes, intervals half-open ``[since, until)``; ``since=None`` is open.
District: a canonical district name (``None`` = every district where allowed). No district
check is made here: the calling service has scoped the request to the actor's district.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select

from bluecard.cards.models import BlueCard, CardStatus
from bluecard.uow import read_only

#: A card state (``CardStatus`` value) → the one label every page and chart reads
#: (``CARD_STATUS_LABELS``: 审核中, 有效, 已暂停, 未通过, 已注销), for features that show cards.
STATUS_LABELS: dict[str, str] = {s.value: s.label for s in CardStatus}

#: Cards that were issued (approved), whether still valid, suspended or revoked since.
ISSUED = (CardStatus.ACTIVE, CardStatus.SUSPENDED, CardStatus.REVOKED)


@dataclass(frozen=True)
class CardApplied:
    """A card application: the card's district, its status now and when it was applied for."""

    district: str
    status: str
    applied_at: datetime


def applied_between(since: datetime, until: datetime, district: str | None) -> list[CardApplied]:
    """Cards applied for in ``[since, until)`` (of ``district``; None = all), any status."""
    stmt = select(BlueCard.district, BlueCard.status, BlueCard.applied_at).where(
        BlueCard.applied_at >= since, BlueCard.applied_at < until
    )
    if district is not None:
        stmt = stmt.where(BlueCard.district == district)
    with read_only() as session:
        return [CardApplied(d, s, at) for d, s, at in session.execute(stmt).all()]


def first_applied_at() -> datetime | None:
    """When the first card of any district was applied for (None: no card yet): before it
    the system holds no record of cards to count."""
    with read_only() as session:
        first: datetime | None = session.execute(select(func.min(BlueCard.applied_at))).scalar()
        return first


def _issued(district: str, since: datetime | None, until: datetime) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [
        BlueCard.district == district,
        BlueCard.status.in_(ISSUED),
        BlueCard.reviewed_at.is_not(None),
        BlueCard.reviewed_at < until,
    ]
    if since is not None:
        conds.append(BlueCard.reviewed_at >= since)
    return conds


def issued_count(
    district: str, since: datetime | None, until: datetime, levels: Collection[str] | None = None
) -> int:
    """Cards of ``district`` approved in ``[since, until)`` (valid, suspended or revoked now), of
    the 技能等级 in ``levels`` (None = every level)."""
    stmt: Any = select(func.count(BlueCard.id)).where(*_issued(district, since, until))
    if levels is not None:
        stmt = stmt.where(BlueCard.skill_level.in_(tuple(levels)))
    with read_only() as session:
        return int(session.execute(stmt).scalar_one())


def issued_by_level(district: str, since: datetime | None, until: datetime) -> dict[str, int]:
    """Cards of ``district`` approved in ``[since, until)``, by 技能等级."""
    stmt = (
        select(BlueCard.skill_level, func.count(BlueCard.id))
        .where(*_issued(district, since, until))
        .group_by(BlueCard.skill_level)
    )
    with read_only() as session:
        return {level: int(n) for level, n in session.execute(stmt).all()}


def valid_at(district: str, moment: datetime) -> int:
    """Cards of ``district`` approved before ``moment`` and not revoked by then."""
    stmt = select(func.count(BlueCard.id)).where(
        BlueCard.district == district,
        BlueCard.status.in_(ISSUED),
        BlueCard.reviewed_at < moment,
        (BlueCard.revoked_at.is_(None)) | (BlueCard.revoked_at >= moment),
    )
    with read_only() as session:
        return int(session.execute(stmt).scalar_one())
