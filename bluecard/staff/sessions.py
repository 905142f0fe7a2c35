"""Mini-program sessions: opaque bearer tokens that expire and can be revoked."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, or_, select, update

from bluecard.models.base import utcnow
from bluecard.staff.models import MiniappSession
from bluecard.uow import read_only, unit_of_work


@dataclass(frozen=True)
class OpenedSession:
    """A new session: ``token`` is shown to the client once and stored only as a hash."""

    token: str
    openid: str
    expires_at: datetime


@dataclass(frozen=True)
class ActiveSession:
    """A valid session found by its token."""

    openid: str
    expires_at: datetime


def token_hash(token: str) -> str:
    """Hex SHA-256 of ``token``: what the database stores and looks tokens up by."""
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(openid: str, ttl_seconds: int, now: datetime | None = None) -> OpenedSession:
    """Open a session for ``openid`` lasting ``ttl_seconds``. One commit."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(seconds=ttl_seconds)
    with unit_of_work() as uow:
        uow.session.add(
            MiniappSession(
                token_hash=token_hash(token), openid=openid, created_at=now, expires_at=expires_at
            )
        )
    return OpenedSession(token=token, openid=openid, expires_at=expires_at)


def resolve_session(token: str, now: datetime | None = None) -> ActiveSession | None:
    """The active session for ``token``, or None when unknown, expired or revoked."""
    now = now or utcnow()
    with read_only() as session:
        row = session.execute(
            select(MiniappSession.openid, MiniappSession.expires_at).where(
                MiniappSession.token_hash == token_hash(token),
                MiniappSession.revoked_at.is_(None),
                MiniappSession.expires_at > now,
            )
        ).first()
    return ActiveSession(openid=row.openid, expires_at=row.expires_at) if row else None


def revoke_session(token: str, now: datetime | None = None) -> bool:
    """Revoke the active session for ``token``; False when it is unknown, expired or already
    revoked. One commit."""
    now = now or utcnow()
    with unit_of_work() as uow:
        result = uow.session.execute(
            update(MiniappSession)
            .where(
                MiniappSession.token_hash == token_hash(token),
                MiniappSession.revoked_at.is_(None),
                MiniappSession.expires_at > now,
            )
            .values(revoked_at=now)
        )
    return bool(cast("CursorResult[Any]", result).rowcount)


def purge_sessions(older_than: timedelta, now: datetime | None = None) -> int:
    """Delete sessions that expired or were revoked more than ``older_than`` ago; returns how
    many. One commit."""
    cutoff = (now or utcnow()) - older_than
    with unit_of_work() as uow:
        result = uow.session.execute(
            delete(MiniappSession).where(
                or_(MiniappSession.expires_at < cutoff, MiniappSession.revoked_at < cutoff)
            )
        )
    return int(cast("CursorResult[Any]", result).rowcount or 0)
