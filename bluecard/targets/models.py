"""Actual figures staff enter against a target (where the system cannot count them itself).

The targets themselves are data (``policy_kb/data/targets.yaml``); an actual names the target
by its ``target_id``. Each actual is dated (``as_of``: the day the figure is true for) and
says where it comes from (``source``: a report, a statistics table, a department).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow


class TargetActual(Base):
    """One entered actual: ``value`` in the target's unit, true on ``as_of``; the latest
    ``as_of`` (then the latest entry) is the one shown."""

    __tablename__ = "target_actual"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    target_id: Mapped[str] = mapped_column(String(64), index=True)
    district: Mapped[str] = mapped_column(String(16), index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    as_of: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))
    entered_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
