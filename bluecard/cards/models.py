"""技工蓝卡 (叶集区文件 九: 建立技工"蓝卡"制度): the card record and its employment history.

Personal data is never stored in clear: ``*_enc`` columns hold Fernet tokens
(``bluecard.crypto``), and ``id_number_hash`` is a keyed HMAC of the normalised 身份证号 for
exact lookup (the same person cannot hold two live cards, whatever their openid).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow


class CardStatus(StrEnum):
    """A card's state: pending → active (approved) | rejected; active ⇄ suspended (暂停, with
    a reason, e.g. while a doubt about the holder's facts is checked); active | suspended →
    revoked. ``label`` is what workers and staff read (``CARD_STATUS_LABELS``)."""

    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REJECTED = "rejected"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        """The status in Chinese: 审核中 / 有效 / 已暂停 / 未通过 / 已注销."""
        return CARD_STATUS_LABELS[self]


#: The one table of card-status labels (chat, mini-program, console, ledger messages).
#: 审核中 (not 待审核): the state of the card for everyone, worker and clerk alike; the review
#: queue may still say 待审核的申请. 未通过 (not 已驳回): a card application that did not pass
#: review, kept apart from 已驳回, which is the state of a subsidy application
#: (``ApplicationStatus.REJECTED``), so one word names one thing; the worker has read 审核中 /
#: 未通过 in chat since cards began.
CARD_STATUS_LABELS: dict[CardStatus, str] = {
    CardStatus.PENDING: "审核中",
    CardStatus.ACTIVE: "有效",
    # 已暂停 (not 冻结): the card is the worker's and comes back on resumption; 冻结 reads as a
    # sanction on money.
    CardStatus.SUSPENDED: "已暂停",
    CardStatus.REJECTED: "未通过",
    CardStatus.REVOKED: "已注销",
}
#: Card states, in the order of their life.
CARD_STATES = tuple(CardStatus)
#: States in which a card is "live": it is being reviewed or can be used (scanned for
#: benefits, applications opened, its holder in the talent pool and among card holders told of
#: policies). A suspended card is not live.
LIVE_CARD_STATES = (CardStatus.PENDING, CardStatus.ACTIVE)
#: States in which the person *holds* the card: at most one per person (the partial unique
#: index ``uq_blue_card_live_person``). A suspended card stays held: the holder cannot apply
#: for a second card while it is suspended, and resuming it can never meet a newer card.
HELD_CARD_STATES = (CardStatus.PENDING, CardStatus.ACTIVE, CardStatus.SUSPENDED)
HELD_SQL = "status IN ('pending', 'active', 'suspended')"


class BlueCard(Base):
    """One application for, and then the life of, a person's 技工蓝卡.

    openid: the WeChat user who applied (official-account or mini-program openid); the card
    is shown to them in chat (「我的蓝卡」) and the mini-program. status: one of CARD_STATES.
    card_no: issued on approval: district code (6 digits) + year (4) + serial (6), e.g.
    ``341504 2026 000017`` stored without spaces. skill_level: a value of
    ``policy_kb.eligibility.SKILL_LEVELS``. district: canonical region name
    (``policy_kb.regions``), district_code its 行政区划代码. qr_version: the version the
    printable static QR code carries; bumping it (revocation, reprint) invalidates every
    static code printed before. reject_reason: told to the worker. consented_at: when the
    worker agreed to the processing of their personal data (required to apply).
    """

    __tablename__ = "blue_card"
    __table_args__ = (
        # At most one held card per person, enforced by the database on both backends.
        Index(
            "uq_blue_card_live_person",
            "id_number_hash",
            unique=True,
            postgresql_where=text(HELD_SQL),
            sqlite_where=text(HELD_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    card_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    name_enc: Mapped[str] = mapped_column(Text)
    id_number_enc: Mapped[str] = mapped_column(Text)
    id_number_hash: Mapped[str] = mapped_column(String(64), index=True)
    #: keyed HMAC of the full name (spaces removed, NFKC) and of the 11-digit phone, for the
    #: clerk's exact search (``bluecard.cards.search``); None on rows made before 0006 until
    #: ``flask cards backfill-lookup`` fills them.
    name_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_enc: Mapped[str] = mapped_column(Text)
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    social_security_no_enc: Mapped[str] = mapped_column(Text)
    skill_level: Mapped[str] = mapped_column(String(16))
    certificate_no: Mapped[str] = mapped_column(String(64))
    certificate_issuer: Mapped[str] = mapped_column(String(128))
    certificate_date: Mapped[date] = mapped_column(Date)
    district: Mapped[str] = mapped_column(String(16))
    district_code: Mapped[str] = mapped_column(String(6))
    qr_version: Mapped[int] = mapped_column(Integer, default=1)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    reject_reason: Mapped[str | None] = mapped_column(String(500))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(String(500))
    #: the current suspension (None when the card is not suspended; history in the audit log).
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspend_reason: Mapped[str | None] = mapped_column(String(500))

    employments: Mapped[list[Employment]] = relationship(
        back_populates="card", order_by="Employment.started_on", cascade="all, delete-orphan"
    )


class Employment(Base):
    """One employer in a card's employment history (a change of employer adds a row and ends
    the previous one; the card stays the same).

    credit_code: the employer's 统一社会信用代码 (18 characters, GB 32100 check character).
    started_on / ended_on: dates; ended_on None for the current employer.
    """

    __tablename__ = "employment"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("blue_card.id"), index=True)
    employer_name: Mapped[str] = mapped_column(String(128))
    credit_code: Mapped[str] = mapped_column(String(18))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    card: Mapped[BlueCard] = relationship(back_populates="employments")
