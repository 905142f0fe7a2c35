"""Followers of the official account and the log of their messages (staff statistics)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select

from bluecard.extensions import db
from bluecard.models import Follower, MessageLog, utcnow
from bluecard.privacy import redact
from bluecard.services._sql import insert_ignoring_conflict

#: Longest question kept in the log; statistics need the gist, not an essay.
MAX_QUESTION_CHARS = 1000
MAX_EVENT_KEY_CHARS = 256


@dataclass(frozen=True)
class Interaction:
    """One message or event received on the callback, as the log records it.

    dedup_key: WeChat's identity of the delivery (MsgId, or FromUserName + CreateTime for
    events); unique in the log. question: the raw text, redacted here before storing.
    follow: the follow state change this event means, if any. opens_window: True when it
    (re)opens the 48 h customer-service window (a message, menu click, scan or follow).
    """

    dedup_key: str
    openid: str
    msg_type: str
    received_at: datetime
    event: str | None = None
    event_key: str | None = None
    msg_id: str | None = None
    question: str | None = None
    follow: Literal["subscribe", "unsubscribe"] | None = None
    opens_window: bool = False


def record_interaction(
    item: Interaction, *, intent: str | None = None, clause_refs: Sequence[str] = ()
) -> bool:
    """Log ``item`` with the bot's ``intent`` and cited ``clause_refs``, and update its follower.

    Idempotent: a second call with the same ``dedup_key`` changes nothing and returns False
    (True when recorded now). One commit.
    """
    session = db.session
    try:
        inserted = insert_ignoring_conflict(
            session,
            MessageLog,
            {
                "dedup_key": item.dedup_key,
                "openid": item.openid,
                "msg_type": item.msg_type,
                "event": item.event,
                "event_key": _clip(item.event_key, MAX_EVENT_KEY_CHARS),
                "msg_id": _clip(item.msg_id, 64),
                "received_at": item.received_at,
                "question": _stored_question(item.question),
                "intent": intent,
                "clause_refs": list(clause_refs),
            },
            key="dedup_key",
        )
        if not inserted:
            session.rollback()
            return False
        follower = _follower(item.openid)
        if item.follow == "subscribe":
            follower.subscribed = True
            follower.subscribed_at = item.received_at
        elif item.follow == "unsubscribe":
            follower.subscribed = False
            follower.unsubscribed_at = item.received_at
        if item.opens_window and (
            follower.last_message_at is None or follower.last_message_at < item.received_at
        ):
            follower.last_message_at = item.received_at
        session.commit()
    except Exception:
        session.rollback()
        raise
    return True


def remember_region(openid: str, region: str) -> None:
    """Store the region (canonical name) the user chose. One commit."""
    session = db.session
    try:
        _follower(openid).region = region
        session.commit()
    except Exception:
        session.rollback()
        raise


def get_follower(openid: str) -> Follower | None:
    """The follower with this openid, or None."""
    return db.session.execute(
        select(Follower).where(Follower.openid == openid)
    ).scalar_one_or_none()


def _follower(openid: str) -> Follower:
    """The follower row for ``openid``, created (as following) when first seen."""
    # Someone who writes to the account follows it, even if they followed before we recorded.
    insert_ignoring_conflict(
        db.session,
        Follower,
        {"openid": openid, "subscribed": True, "opted_out": False, "created_at": utcnow()},
        key="openid",
    )
    return db.session.execute(select(Follower).where(Follower.openid == openid)).scalar_one()


def _stored_question(text: str | None) -> str | None:
    return _clip(redact(text), MAX_QUESTION_CHARS) if text else None


def _clip(value: str | None, limit: int) -> str | None:
    """``value`` cut to the column's length; None for None or "" (nothing to record)."""
    return value[:limit] if value else None


class BotServices:
    """The hooks ``bot.dialogue.Bot`` may call into the service core (``services=``)."""

    def remember_region(self, user_id: str, region: str) -> None:
        """Persist the user's chosen region on their follower record."""
        remember_region(user_id, region)

    def save_profile(self, user_id: str, answers: dict[str, Any]) -> None:
        """Keep the questionnaire's answers as the user's profile (they replied 「保存」)."""
        from bluecard.services.profiles import save_profile

        save_profile(user_id, answers)

    def delete_profile(self, user_id: str) -> bool:
        """Delete the user's stored profile (「删除档案」); True when there was one."""
        from bluecard.services.profiles import delete_profile

        return delete_profile(user_id)
