"""Official-account followers and the log of what they sent (for staff statistics)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow


class Follower(Base):
    """One WeChat user of the official account, keyed by openid.

    subscribed: currently following. subscribed_at / unsubscribed_at: last (un)follow seen;
    subscribed_at is None for someone who followed before the service recorded it.
    opted_out: the user asked for no notifications (退订); set by a later issue.
    region: canonical region name the user chose (「我在叶集」), or None.
    last_message_at: last time the user wrote, clicked the menu, scanned or followed: the
    customer-service message window is 48 h from it.
    """

    __tablename__ = "follower"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True)
    subscribed: Mapped[bool] = mapped_column(Boolean, default=True)
    subscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    region: Mapped[str | None] = mapped_column(String(16))
    last_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MessageLog(Base):
    """One message or event received on the callback, recorded once (``dedup_key`` is unique).

    msg_type: WeChat MsgType (``text``, ``image``, ``event``...). event: lower-case event
    name for events (``subscribe``, ``click``, ``templatesendjobfinish``...). event_key: the
    event's parameter (menu key, QR scene, template send status). msg_id: MsgId (as text: it
    may exceed a signed 64-bit integer), or for TEMPLATESENDJOBFINISH the template MsgID.
    question: the text as asked, with 身份证号 and phone-like digit runs redacted.
    intent / clause_refs: what the bot understood and the ``doc_id#clause_id`` it cited.
    """

    __tablename__ = "message_log"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(160), unique=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)
    msg_type: Mapped[str] = mapped_column(String(32))
    event: Mapped[str | None] = mapped_column(String(64))
    event_key: Mapped[str | None] = mapped_column(String(256))
    msg_id: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    question: Mapped[str | None] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(32))
    clause_refs: Mapped[list[str]] = mapped_column(JSON, default=list)
