"""The subsidy ledger (资金发放台账): one row per application for one benefit of one person."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow


class ApplicationStatus(StrEnum):
    """A subsidy application's state (transitions: ``APPLICATION_TRANSITIONS``); ``label`` is
    what clerks and workers read (``APPLICATION_STATUS_LABELS``)."""

    SUBMITTED = "submitted"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"
    CLAWED_BACK = "clawed_back"

    @property
    def label(self) -> str:
        """The status in Chinese: 已提交 / 已批准 / 已发放 / 已驳回 / 已追回."""
        return APPLICATION_STATUS_LABELS[self]


#: The one table of application-status labels (console, chat, mini-program, ledger).
APPLICATION_STATUS_LABELS: dict[ApplicationStatus, str] = {
    ApplicationStatus.SUBMITTED: "已提交",
    ApplicationStatus.APPROVED: "已批准",
    ApplicationStatus.PAID: "已发放",
    ApplicationStatus.REJECTED: "已驳回",
    ApplicationStatus.CLAWED_BACK: "已追回",
}
#: Application states and the only transitions allowed between them.
APPLICATION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ApplicationStatus.SUBMITTED: (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED),
    ApplicationStatus.APPROVED: (ApplicationStatus.PAID,),
    ApplicationStatus.PAID: (ApplicationStatus.CLAWED_BACK,),
    ApplicationStatus.REJECTED: (),
    ApplicationStatus.CLAWED_BACK: (),
}
#: States of an application still being processed: its time limit runs (受理 → 发放).
IN_PROGRESS_STATES = (ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED)
#: States that count as a claim (a rejected application does not block a new one).
CLAIMING_STATES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.PAID,
    ApplicationStatus.CLAWED_BACK,
)
_CLAIMING = "status IN ('submitted', 'approved', 'paid', 'clawed_back')"


class SubsidyApplication(Base):
    """An application for one benefit the eligibility engine found for a card holder.

    person_key: the card's ``id_number_hash`` (a person, across cards and openids).
    rule_id / doc_id / clause: the rule of ``policy_kb/rules`` and its source clause.
    amount_yuan: from the rule (never typed by hand), yuan with 2 decimals.
    period: "" for one-off benefits, "2026" for yearly, "2026-11" for monthly ones; the
    database allows one claiming application per (person, rule, period) and per
    (person, exclusivity group, period). exclusivity_group: the rule's group (e.g. 叶集
    十: several honours pay the highest once), None when the rule stands alone.
    window: the service window where it was opened. status: key of APPLICATION_TRANSITIONS.
    processing_days / due_on: the benefit's time limit in China's working days when it was
    opened (its 申兑指南, else PROCESSING_DAYS) and the date it falls due (``workdays``); None
    on rows opened before migration 0012 (then read as opened_at + PROCESSING_DAYS).
    """

    __tablename__ = "subsidy_application"
    __table_args__ = (
        Index(
            "uq_subsidy_application_claim",
            "person_key",
            "rule_id",
            "period",
            unique=True,
            postgresql_where=text(_CLAIMING),
            sqlite_where=text(_CLAIMING),
        ),
        Index(
            "uq_subsidy_application_exclusive",
            "person_key",
            "exclusivity_group",
            "period",
            unique=True,
            postgresql_where=text(_CLAIMING + " AND exclusivity_group IS NOT NULL"),
            sqlite_where=text(_CLAIMING + " AND exclusivity_group IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("blue_card.id"), index=True)
    person_key: Mapped[str] = mapped_column(String(64), index=True)
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    doc_id: Mapped[str] = mapped_column(String(32))
    clause: Mapped[str] = mapped_column(String(32))
    benefit: Mapped[str] = mapped_column(String(200))
    amount_yuan: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    period: Mapped[str] = mapped_column(String(7), default="")
    exclusivity_group: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), default="submitted", index=True)
    window: Mapped[str | None] = mapped_column(String(64))
    opened_by: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reject_reason: Mapped[str | None] = mapped_column(String(500))
    paid_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    clawed_back_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    clawed_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    clawback_reason: Mapped[str | None] = mapped_column(String(500))
    processing_days: Mapped[int | None] = mapped_column(Integer)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
