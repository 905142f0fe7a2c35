"""One uploaded file of evidence (a certificate photo or PDF) for a card or an application.

The file itself lives outside the web root under EVIDENCE_DIR, named ``stored_name`` (random,
never the uploader's file name, which may carry a person's name); the row holds what the
reviewer needs to show it and nothing personal.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow


class EvidenceKind(StrEnum):
    """What a file shows; ``label`` is what clerks and reviewers read."""

    CERTIFICATE = "certificate"
    CONTRACT = "contract"
    INSURANCE = "insurance"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The kind in Chinese: 职业技能等级证书 / 劳动合同 / 社保缴纳证明 / 其他材料."""
        return EVIDENCE_KIND_LABELS[self]


#: The one table of evidence-kind labels.
EVIDENCE_KIND_LABELS: dict[EvidenceKind, str] = {
    EvidenceKind.CERTIFICATE: "职业技能等级证书",
    EvidenceKind.CONTRACT: "劳动合同",
    EvidenceKind.INSURANCE: "社保缴纳证明",
    EvidenceKind.OTHER: "其他材料",
}


class Evidence(Base):
    """An uploaded file. card_id: the card it belongs to; application_id: the subsidy
    application it supports (None = the card itself). content_type: ``image/jpeg``,
    ``image/png`` or ``application/pdf`` (what is stored, after re-encoding). size: bytes
    stored. sha256: hex digest of the stored bytes. uploaded_via: ``worker`` (mini-program) or
    ``window`` (a clerk); uploaded_by: the staff account for ``window``."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("blue_card.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("subsidy_application.id"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_via: Mapped[str] = mapped_column(String(8))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
