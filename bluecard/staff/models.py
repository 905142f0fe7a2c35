"""Staff of the service windows and the policy office, and the audit log of what they do."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow

#: Staff roles. clerk: window clerk (scan, open applications); reviewer: approves/rejects
#: cards and applications; finance: pays, claws back, exports the ledger; policy: composes
#: and sends notifications, changes rules; admin: everything plus staff accounts.
STAFF_ROLES = ("clerk", "reviewer", "finance", "policy", "admin")
#: Roles that always work for one district (an account of them needs a district).
DISTRICT_ROLES = ("clerk", "reviewer", "finance")
#: Roles that sit at a service window and say which one at login (the audit log and every
#: application record it); back-office roles are not asked.
WINDOW_ROLES = ("clerk",)


class StaffUser(Base):
    """A staff account of the console.

    password_hash: argon2id (argon2-cffi). district: the district the account works for
    (None = all). failed_logins / locked_until: brute-force lock-out besides the rate limit.
    session_epoch: every console session and API token carries the epoch it was issued in;
    logout, a password, role or district change and deactivation increment it, which ends
    every session and token of the account at once, server-side.
    """

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    district: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditLog(Base):
    """One staff action (who, when, at which window, what), written in the same transaction
    as the action itself. detail holds ids, states and amounts, never personal data.

    action: dotted name, e.g. ``card.scan``, ``card.approve``, ``application.open``,
    ``application.pay``, ``ledger.export``, ``notification.send``, ``login.fail``.
    target_type / target_id: what was acted on (``card`` 17, ``application`` 4...).
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    window: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64))


class MiniappSession(Base):
    """A session opened by ``POST /api/v1/auth/login``.

    token_hash: hex SHA-256 of the bearer token (the token itself is never stored, so a
    database leak yields no usable tokens). WeChat's session_key is not stored at all.
    A session is valid while ``revoked_at`` is None and ``expires_at`` is in the future.
    """

    __tablename__ = "miniapp_session"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
