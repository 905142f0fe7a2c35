"""Worker profiles kept with the worker's consent (「保存」 after the questionnaire)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow


class WorkerProfile(Base):
    """The eligibility profile of one user (openid of the official account or mini-program).

    profile: a Fernet token (``bluecard.crypto``) of the JSON answers in the shape of docs/contracts.md
    "Worker profile" (region, skill_level, insurance_months, salary …), without as_of: a stored
    profile is re-evaluated on later dates. Use ``bluecard.profiles.services``, which encrypts.
    consented_at: when the worker agreed to keep it (for later notifications and the blue
    card); deleting the profile (「删除档案」) removes the row.
    """

    __tablename__ = "worker_profile"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True)
    profile: Mapped[str] = mapped_column(Text)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
