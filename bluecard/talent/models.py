"""Models of the talent database: one ``TalentWorker`` per WeChat user in it, one
``TalentDemand`` per enterprise demand post. Personal data is stored encrypted (``*_enc``,
Fernet tokens of ``bluecard.crypto``) as cards store it."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow


class WorkerSource(enum.StrEnum):
    """How a worker came into the database."""

    CARD = "card"
    REGISTERED = "registered"

    @property
    def label(self) -> str:
        """The source in Chinese."""
        return {"card": "蓝卡持卡人", "registered": "自主登记"}[self.value]


class WorkerStatus(enum.StrEnum):
    """``active``: in search, summaries and offers; ``withdrawn``: the worker left (consent
    revoked) or their card is no longer active — out of everything, personal data wiped."""

    ACTIVE = "active"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """The status in Chinese."""
        return {"active": "在库", "withdrawn": "已退出"}[self.value]


class DemandStatus(enum.StrEnum):
    """``pending``: posted by an enterprise contact in the mini-program, waiting for staff to
    check it; ``open``: published (staff posted or approved it); ``rejected``; ``closed``
    (filled or withdrawn). A demand past ``valid_until`` counts as expired whatever its status."""

    PENDING = "pending"
    OPEN = "open"
    REJECTED = "rejected"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The status in Chinese."""
        return {"pending": "待审核", "open": "招聘中", "rejected": "未通过", "closed": "已关闭"}[
            self.value
        ]


class TalentWorker(Base):
    """A worker in the 技能人才库 (洪泽 三（一）4).

    openid: the WeChat user (one entry each). source: a WorkerSource. card_id: the active
    技工蓝卡 the entry was taken from (card holders: level, district and employer follow the
    card). name_enc / phone_enc: Fernet tokens, "" once withdrawn. skill_level: a
    ``policy_kb.talent.TALENT_LEVELS`` value; trade: a 工种 of ``policy_kb/data/trades.tsv``
    (None for a card holder who has not said); district: canonical region. consented_at: when
    a worker without a card agreed (card holders agreed on their card application);
    withdrawn_at: when they left.
    """

    __tablename__ = "talent_worker"
    __table_args__ = (Index("ix_talent_worker_search", "district", "status", "trade"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(16))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("blue_card.id"))
    status: Mapped[str] = mapped_column(String(16), default=WorkerStatus.ACTIVE)
    name_enc: Mapped[str] = mapped_column(Text, default="")
    phone_enc: Mapped[str] = mapped_column(Text, default="")
    skill_level: Mapped[str] = mapped_column(String(16))
    trade: Mapped[str | None] = mapped_column(String(32))
    employer: Mapped[str | None] = mapped_column(String(128))
    industry: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str] = mapped_column(String(16))
    open_to_offers: Mapped[bool] = mapped_column(Boolean, default=False)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TalentDemand(Base):
    """An enterprise's demand for workers (洪泽 三（一）1: 用工工种、时间、人数和薪资待遇).

    skill_level: the lowest level wanted (None: any). count: workers wanted. wage_min /
    wage_max: yuan per month. valid_until: last day the post is open (China date).
    contact_name_enc / contact_phone_enc: the enterprise contact, encrypted ("" when not
    given). source: ``staff`` (entered in the console or staff API) or ``miniapp`` (an
    enterprise contact, ``submitted_by`` their openid). offer_notification_id: the
    notification that told matching workers (None until offers are sent).
    """

    __tablename__ = "talent_demand"
    __table_args__ = (Index("ix_talent_demand_district_status", "district", "status"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    employer_name: Mapped[str] = mapped_column(String(128))
    credit_code: Mapped[str | None] = mapped_column(String(18))
    contact_name_enc: Mapped[str] = mapped_column(Text, default="")
    contact_phone_enc: Mapped[str] = mapped_column(Text, default="")
    trade: Mapped[str] = mapped_column(String(32))
    skill_level: Mapped[str | None] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer)
    wage_min: Mapped[int] = mapped_column(Integer)
    wage_max: Mapped[int] = mapped_column(Integer)
    district: Mapped[str] = mapped_column(String(16))
    valid_until: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=DemandStatus.OPEN)
    source: Mapped[str] = mapped_column(String(16), default="staff")
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offer_notification_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id"))
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
