"""Policy notifications: what staff compose, and one row per recipient with its delivery state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow
from bluecard.notifications.lifecycle import NotificationStatus, RecipientState


class Notification(Base):
    """A policy notification composed by policy staff.

    audience: the targeting, e.g. ``{"kind": "card_holders", "district": "叶集区",
    "skill_level": "技师", "employer": null}`` or ``{"kind": "followers"}`` or
    ``{"kind": "newly_eligible", "rule_ids": [...]}``. link_doc / link_clause: the document
    and clause the message points to. send_at: when to send (None = on confirmation).
    kind: ``manual`` (composed) or ``match`` (proactive: a rule change made them eligible).
    status: a ``NotificationStatus`` value (``bluecard.notifications.lifecycle``).
    """

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    link_doc: Mapped[str | None] = mapped_column(String(32))
    link_clause: Mapped[str | None] = mapped_column(String(32))
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    kind: Mapped[str] = mapped_column(String(16), default="manual")
    status: Mapped[str] = mapped_column(
        String(16), default=NotificationStatus.DRAFT.value, index=True
    )
    send_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pause_reason: Mapped[str | None] = mapped_column(String(200))


class NotificationRecipient(Base):
    """One recipient of one notification; written (state ``queued``) before anything is sent,
    so a worker killed mid-run resumes from the rows and nobody gets a message twice.

    channel: ``mp_template`` (official-account template message) or ``miniapp_subscribe``
    (mini-program subscribe message). personal: per-recipient text (the amount and clause
    for proactive matches), None for a plain broadcast. wx_msgid: the msgid WeChat returned;
    TEMPLATESENDJOBFINISH events match it and set ``delivery`` (success, failed:user block,
    failed: system failed). error_code / error: WeChat's errcode and errmsg of the last try.
    unconfirmed_since: when a send whose outcome is unknown (the worker died after sending,
    or the HTTP call timed out) first went out; a resend with the same client_msg_id is only
    safe within WeChat's 10-minute de-duplication window from then
    (``bluecard.notifications.delivery``). state: a ``RecipientState`` value.
    """

    __tablename__ = "notification_recipient"
    __table_args__ = (
        UniqueConstraint("notification_id", "openid"),
        Index("ix_notification_recipient_claim", "notification_id", "state"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notification.id"), index=True)
    openid: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(24), default="mp_template")
    personal: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=RecipientState.QUEUED.value, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    wx_msgid: Mapped[str | None] = mapped_column(String(32), index=True)
    error_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivery: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    unconfirmed_since: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MiniappSubscription(Base):
    """A mini-program user's acceptance of a subscribe-message template
    (wx.requestSubscribeMessage → "accept"): each acceptance allows one message.

    remaining: messages still allowed (one-time subscriptions add 1 per acceptance).
    """

    __tablename__ = "miniapp_subscription"
    __table_args__ = (UniqueConstraint("openid", "template_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    openid: Mapped[str] = mapped_column(String(64))
    template_id: Mapped[str] = mapped_column(String(64))
    remaining: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RuleSnapshot(Base):
    """The rules catalogue as last matched (rule_id → content hash), so that a change of a
    rule or document is noticed and only workers who became eligible are told."""

    __tablename__ = "rule_snapshot"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(64), unique=True)
    digest: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EligibilitySnapshot(Base):
    """The rule_ids a stored profile qualified for at the last matching run, per openid; the
    difference with a new evaluation is "newly eligible"."""

    __tablename__ = "eligibility_snapshot"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True)
    rule_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
