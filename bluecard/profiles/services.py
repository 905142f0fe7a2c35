"""Worker profiles: saved with consent after the questionnaire, read back for re-evaluation
(notifications, the blue card), deleted on request (「删除档案」)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select

from bluecard.extensions import db
from bluecard.models.base import utcnow
from bluecard.profiles.models import WorkerProfile
from bluecard.runtime import current_runtime
from bluecard.uow import read_only, unit_of_work
from policy_kb.eligibility import parse_profile


def save_profile(openid: str, answers: dict[str, Any]) -> dict[str, Any]:
    """Validate ``answers`` (a worker profile dict) and store it for ``openid``, replacing any
    earlier one; ``as_of`` is dropped (a stored profile is evaluated on later dates).

    Stored encrypted (it holds salary and employer). Returns the stored profile. Raises
    ``policy_kb.eligibility.ProfileError`` when invalid. One commit.
    """
    profile = {k: v for k, v in answers.items() if k != "as_of"}
    parse_profile(profile)  # refuse to keep what the engine cannot read
    sealed = current_runtime().cipher.encrypt_json(profile)
    with unit_of_work() as uow:
        session = uow.session
        row = session.execute(
            select(WorkerProfile).where(WorkerProfile.openid == openid)
        ).scalar_one_or_none()
        now = utcnow()
        if row is None:
            session.add(
                WorkerProfile(openid=openid, profile=sealed, consented_at=now, updated_at=now)
            )
        else:
            row.profile = sealed
            row.updated_at = now
    return profile


def get_profile(openid: str) -> dict[str, Any] | None:
    """The stored profile of ``openid``, or None."""
    with read_only() as session:
        row = session.execute(
            select(WorkerProfile).where(WorkerProfile.openid == openid)
        ).scalar_one_or_none()
        return _open(row.profile) if row else None


def stored_profiles() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every stored profile as ``(openid, profile)``, streamed (for proactive matching)."""
    rows = db.session.execute(
        select(WorkerProfile.openid, WorkerProfile.profile).execution_options(yield_per=500)
    )
    for openid, sealed in rows:
        yield openid, _open(sealed)


def _open(sealed: str) -> dict[str, Any]:
    """The profile dict of a stored value: a Fernet token, or plain JSON written before
    migration 0003 (read as is; the next save encrypts it)."""
    if sealed.lstrip().startswith("{"):
        return dict(json.loads(sealed))
    return dict(current_runtime().cipher.decrypt_json(sealed))


def delete_profile(openid: str) -> bool:
    """Delete the stored profile; True when there was one. One commit."""
    with unit_of_work() as uow:
        result = uow.session.execute(delete(WorkerProfile).where(WorkerProfile.openid == openid))
    return bool(cast("CursorResult[Any]", result).rowcount)
