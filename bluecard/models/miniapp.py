"""Mini-program login sessions: our own opaque bearer tokens, stored only as hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow


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
