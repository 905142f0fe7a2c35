"""Counts and totals of subsidy applications for other features (statistics, targets and their
reports): typed rows and numbers, never a model object, so those features read the ledger
through this module and not the table. Each function joins the caller's read or unit of work
(``bluecard.uow.read_only``).

Times are UTC datetimes, intervals half-open ``[since, until)``; ``since=None`` is open.
Amounts in yuan (``Decimal``, two places). No district check is made here: the calling service
has scoped the request to the actor's district.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select

from bluecard.ledger.models import ApplicationStatus, SubsidyApplication
from bluecard.uow import read_only

#: A live claim: submitted, approved or paid (not rejected, not clawed back).
LIVE_STATUSES: frozenset[ApplicationStatus] = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED, ApplicationStatus.PAID}
)


@dataclass(frozen=True)
class OpenedApplication:
    """A subsidy application: district, rule and benefit name, status now, amount (yuan) and
    when it was opened."""

    district: str
    rule_id: str
    benefit: str
    status: str
    amount_yuan: Decimal
    opened_at: datetime


@dataclass(frozen=True)
class RulePaid:
    """Applications paid under one rule (its document and clause) and their total in yuan."""

    rule_id: str
    doc_id: str
    clause: str
    count: int
    amount_yuan: Decimal


def opened_between(
    since: datetime, until: datetime, district: str | None
) -> list[OpenedApplication]:
    """Applications opened in ``[since, until)`` (of ``district``; None = all), any status."""
    stmt = select(
        SubsidyApplication.district,
        SubsidyApplication.rule_id,
        SubsidyApplication.benefit,
        SubsidyApplication.status,
        SubsidyApplication.amount_yuan,
        SubsidyApplication.opened_at,
    ).where(SubsidyApplication.opened_at >= since, SubsidyApplication.opened_at < until)
    if district is not None:
        stmt = stmt.where(SubsidyApplication.district == district)
    with read_only() as session:
        return [
            OpenedApplication(d, rule, benefit, status, Decimal(amount), at)
            for d, rule, benefit, status, amount, at in session.execute(stmt).all()
        ]


def first_opened_at() -> datetime | None:
    """When the first subsidy application of any district was opened (None: none yet):
    before it the system holds no record of applications to count."""
    with read_only() as session:
        first: datetime | None = session.execute(
            select(func.min(SubsidyApplication.opened_at))
        ).scalar()
        return first


def opened_count(
    district: str,
    since: datetime | None,
    until: datetime,
    *,
    rule_suffix: str,
    statuses: Collection[ApplicationStatus],
) -> int:
    """Applications of ``district`` opened in ``[since, until)`` under a rule whose id ends
    with ``rule_suffix`` (e.g. ``-apprenticeship``), now in one of ``statuses``."""
    conds: list[ColumnElement[bool]] = [
        SubsidyApplication.district == district,
        SubsidyApplication.rule_id.like(f"%{rule_suffix}"),
        SubsidyApplication.status.in_(tuple(statuses)),
        SubsidyApplication.opened_at < until,
    ]
    if since is not None:
        conds.append(SubsidyApplication.opened_at >= since)
    stmt = select(func.count(SubsidyApplication.id)).where(*conds)
    with read_only() as session:
        return int(session.execute(stmt).scalar_one())


def paid_by_rule(district: str, since: datetime | None, until: datetime) -> list[RulePaid]:
    """Applications of ``district`` paid (status paid, by ``paid_at``) in ``[since, until)``,
    per rule, in no particular order."""
    conds: list[ColumnElement[bool]] = [
        SubsidyApplication.district == district,
        SubsidyApplication.status == ApplicationStatus.PAID,
        SubsidyApplication.paid_at < until,
    ]
    if since is not None:
        conds.append(SubsidyApplication.paid_at >= since)
    stmt = (
        select(
            SubsidyApplication.rule_id,
            SubsidyApplication.doc_id,
            SubsidyApplication.clause,
            func.count(SubsidyApplication.id),
            func.coalesce(func.sum(SubsidyApplication.amount_yuan), 0),
        )
        .where(*conds)
        .group_by(SubsidyApplication.rule_id, SubsidyApplication.doc_id, SubsidyApplication.clause)
    )
    with read_only() as session:
        return [
            RulePaid(rule, doc, clause, int(n), Decimal(str(total)).quantize(Decimal("0.01")))
            for rule, doc, clause, n, total in session.execute(stmt).all()
        ]
