"""Survey rounds and the enterprises invited in each (one row per enterprise and round).

Personal data of a form (负责人, phones, 填表人) is never stored in clear: ``personal_enc`` and
``draft_enc`` hold Fernet tokens (``bluecard.crypto``). ``figures`` holds the rest of a
submitted form (``SurveyForm.figures()``), which summaries read. The link's token is kept as
a SHA-256 hash for lookup and as a Fernet token so staff can print the QR code again.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow


class InvitationStatus(enum.StrEnum):
    """Where an invited enterprise's form is: not opened or empty, a draft kept, submitted."""

    PENDING = "pending"
    DRAFT = "draft"
    SUBMITTED = "submitted"

    @property
    def label(self) -> str:
        return INVITATION_STATUS_LABELS[self]


INVITATION_STATUS_LABELS: dict[InvitationStatus, str] = {
    InvitationStatus.PENDING: "未填写",
    InvitationStatus.DRAFT: "已存草稿",
    InvitationStatus.SUBMITTED: "已提交",
}


class SurveyRound(Base):
    """One round of enterprise visits in a district (``policy_kb.regions`` canonical name)."""

    __tablename__ = "survey_round"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    district: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(100))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    invitations: Mapped[list[SurveyInvitation]] = relationship(
        back_populates="round", order_by="SurveyInvitation.id", cascade="all, delete-orphan"
    )


class SurveyInvitation(Base):
    """An enterprise to visit in a round, with its form link and what was filled in.

    status: an InvitationStatus value. submitted_via: ``link`` (the enterprise on its phone)
    or ``staff`` (filled by staff at the visit, ``submitted_by`` their account).
    seal_png: the 盖章 image, re-encoded (``bluecard.surveys.seal``).
    """

    __tablename__ = "survey_invitation"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id"), index=True)
    district: Mapped[str] = mapped_column(String(16), index=True)
    enterprise_name: Mapped[str] = mapped_column(String(100))
    credit_code: Mapped[str | None] = mapped_column(String(18))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_enc: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=InvitationStatus.PENDING, index=True)
    draft_enc: Mapped[str | None] = mapped_column(Text)
    draft_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    figures: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    personal_enc: Mapped[str | None] = mapped_column(Text)
    seal_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_via: Mapped[str | None] = mapped_column(String(8))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    round: Mapped[SurveyRound] = relationship(back_populates="invitations")
