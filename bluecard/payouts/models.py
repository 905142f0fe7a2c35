"""Payout batches and their lines: which approved applications finance sent to the bank, with
what result.

Nothing is paid twice: the partial unique index ``uq_payout_line_live`` allows one line per
application that is pending or paid (a failed line does not count, so the application, back
to 已批准, can go into a later batch), and the application itself moves approved → paid by
compare-and-set in the ledger.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Numeric, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow


class BatchStatus(StrEnum):
    """A batch's state: ``open`` while some line waits for the bank, ``closed`` when every
    line is paid or failed."""

    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """待发放 / 已完成."""
        return BATCH_STATUS_LABELS[self]


BATCH_STATUS_LABELS: dict[BatchStatus, str] = {
    BatchStatus.OPEN: "待发放",
    BatchStatus.CLOSED: "已完成",
}


class LineStatus(StrEnum):
    """One line's state: ``pending`` (waiting for the bank, no result yet), ``paid``,
    ``failed`` (the bank returned it; the application stays 已批准), ``removed`` (finance took
    it out of the batch before it went to the bank, with a reason; the application stays
    已批准 and may go into a later batch)."""

    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        """待发放 / 已发放 / 发放失败 / 已移出."""
        return LINE_STATUS_LABELS[self]


LINE_STATUS_LABELS: dict[LineStatus, str] = {
    LineStatus.PENDING: "待发放",
    LineStatus.PAID: "已发放",
    LineStatus.FAILED: "发放失败",
    LineStatus.REMOVED: "已移出",
}
_LIVE = "status IN ('pending', 'paid')"


class PayoutBatch(Base):
    """A batch of approved applications of one district sent to the bank together.

    reference: the payment reference finance typed when marking the whole batch paid (the
    bank's 批次号 or voucher number), None until then. total_yuan: sum of the lines' amounts.
    """

    __tablename__ = "payout_batch"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    district: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), default=BatchStatus.OPEN.value, index=True)
    note: Mapped[str | None] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(64))
    total_yuan: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    created_by: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When finance first downloaded the batch's payee list for the bank (报送银行); from
    #: then on no line can be removed.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))


class PayoutLine(Base):
    """One application in a batch. amount_yuan: copied from the application when the batch
    was made (the bank file is checked against it). reason: why the bank failed it.
    bank_reference: the bank's 流水号 for this line (or the batch reference)."""

    __tablename__ = "payout_line"
    __table_args__ = (
        UniqueConstraint("batch_id", "application_id"),
        Index(
            "uq_payout_line_live",
            "application_id",
            unique=True,
            postgresql_where=text(_LIVE),
            sqlite_where=text(_LIVE),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("payout_batch.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("subsidy_application.id"), index=True)
    amount_yuan: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    status: Mapped[str] = mapped_column(String(16), default=LineStatus.PENDING.value)
    reason: Mapped[str | None] = mapped_column(String(200))
    bank_reference: Mapped[str | None] = mapped_column(String(64))
    settled_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
