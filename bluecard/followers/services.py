"""Followers of the official account and the log of their messages (staff statistics)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypedDict
from urllib.parse import quote

from sqlalchemy import JSON, bindparam, inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite

from bluecard.cards import services as cards
from bluecard.extensions import db
from bluecard.followers.models import Follower, MessageLog
from bluecard.ledger import guides
from bluecard.ledger import services as ledger
from bluecard.models.base import UTCDateTime, utcnow
from bluecard.privacy import mask_card_no, redact
from bluecard.profiles import services as profiles
from bluecard.runtime import current_runtime
from bluecard.services._sql import insert_ignoring_conflict
from bluecard.services.errors import NotFound, ServiceError
from bluecard.uow import read_only, unit_of_work
from bot.services import ApplicationView, CardApplyOutcome, CardStart, CardView, GuideView
from policy_kb.card_form import CardFormError
from policy_kb.chinatime import china_date

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


class QueuedRow(TypedDict):
    """One ``Interaction`` as the message-log queue carries it (JSON): the ``message_log``
    columns already redacted and clipped (``received_at`` ISO 8601 with its offset), and the
    follower change it means."""

    dedup_key: str
    openid: str
    msg_type: str
    event: str | None
    event_key: str | None
    msg_id: str | None
    received_at: str
    question: str | None
    intent: str | None
    clause_refs: list[str]
    follow: Literal["subscribe", "unsubscribe"] | None
    opens_window: bool


def interaction_row(
    item: Interaction, *, intent: str | None = None, clause_refs: Sequence[str] = ()
) -> QueuedRow:
    """``item`` with the bot's ``intent`` and cited ``clause_refs`` as the log stores it: the
    question redacted (``bluecard.privacy.redact``) and every value cut to its column."""
    return {
        "dedup_key": item.dedup_key,
        "openid": item.openid,
        "msg_type": item.msg_type,
        "event": item.event,
        "event_key": _clip(item.event_key, MAX_EVENT_KEY_CHARS),
        "msg_id": _clip(item.msg_id, 64),
        "received_at": item.received_at.isoformat(),
        "question": _stored_question(item.question),
        "intent": intent,
        "clause_refs": list(clause_refs),
        "follow": item.follow,
        "opens_window": item.opens_window,
    }


def record_interaction(
    item: Interaction, *, intent: str | None = None, clause_refs: Sequence[str] = ()
) -> bool:
    """Log ``item`` with the bot's ``intent`` and cited ``clause_refs``, and update its follower.

    Idempotent: a second call with the same ``dedup_key`` changes nothing and returns False
    (True when recorded now).

    On PostgreSQL this is one statement in autocommit: the message-log INSERT … ON CONFLICT DO
    NOTHING and the follower upsert (created as following when first seen, follow state and
    last-seen time moved forward) in one data-modifying CTE, one round trip, atomic, no read
    back. Elsewhere (the embedded SQLite) the same two statements and a commit. The callback
    calls this only without a message-log queue (``bluecard.followers.msglog``).
    """
    row = interaction_row(item, intent=intent, clause_refs=clause_refs)
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            recorded = conn.execute(_RECORD_SQL, _params(row)).first() is not None
        _expire_followers({item.openid})
        return recorded
    with unit_of_work() as uow:
        return _record_in(uow.session, row)


def record_rows(rows: Sequence[QueuedRow]) -> None:
    """Write queued rows (``interaction_row``) in one transaction; rows already logged (same
    ``dedup_key``) change nothing, so writing a batch twice is harmless. Rows are written by
    openid then time: every writer locks followers in the same order, and a follower's
    changes apply in the order they happened."""
    ordered = sorted(rows, key=lambda r: (r["openid"], r["received_at"], r["dedup_key"]))
    if not ordered:
        return
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(_RECORD_SQL, [_params(row) for row in ordered])
        _expire_followers({row["openid"] for row in ordered})
        return
    with unit_of_work() as uow:
        for row in ordered:
            _record_in(uow.session, row)


def _record_in(session: Any, row: QueuedRow) -> bool:
    """``row`` on the session's transaction (the portable path: two statements)."""
    received_at = datetime.fromisoformat(row["received_at"])
    columns = {k: v for k, v in row.items() if k not in ("follow", "opens_window")}
    inserted = insert_ignoring_conflict(
        session, MessageLog, {**columns, "received_at": received_at}, key="dedup_key"
    )
    if not inserted:
        return False
    follower = _follower(row["openid"])
    if row["follow"] == "subscribe":
        follower.subscribed = True
        follower.subscribed_at = received_at
    elif row["follow"] == "unsubscribe":
        follower.subscribed = False
        follower.unsubscribed_at = received_at
    if row["opens_window"] and (
        follower.last_message_at is None or follower.last_message_at < received_at
    ):
        follower.last_message_at = received_at
    return True


#: ``record_interaction`` on PostgreSQL: built once (SQLAlchemy then reuses its compiled form).
#: The follower row is created as following when first seen; on conflict the follow state
#: and times move only as this event says (EXCLUDED carries its values; GREATEST ignores
#: NULL, so last_message_at never goes back). RETURNING yields a row iff the message was new.
_RECORD_SQL = text(
    """
WITH logged AS (
    INSERT INTO message_log (dedup_key, openid, msg_type, event, event_key, msg_id,
                             received_at, question, intent, clause_refs)
    VALUES (:dedup_key, :openid, :msg_type, :event, :event_key, :msg_id,
            :received_at, :question, :intent, :clause_refs)
    ON CONFLICT (dedup_key) DO NOTHING
    RETURNING openid
)
INSERT INTO follower AS f (openid, subscribed, opted_out, subscribed_at, unsubscribed_at,
                           last_message_at, created_at)
SELECT openid, :subscribed, false, :subscribed_at, :unsubscribed_at, :last_message_at, :now
FROM logged
ON CONFLICT (openid) DO UPDATE SET
    subscribed = CASE WHEN EXCLUDED.subscribed_at IS NOT NULL THEN true
                      WHEN EXCLUDED.unsubscribed_at IS NOT NULL THEN false
                      ELSE f.subscribed END,
    subscribed_at = COALESCE(EXCLUDED.subscribed_at, f.subscribed_at),
    unsubscribed_at = COALESCE(EXCLUDED.unsubscribed_at, f.unsubscribed_at),
    last_message_at = GREATEST(f.last_message_at, EXCLUDED.last_message_at)
RETURNING f.id
"""
).bindparams(
    bindparam("clause_refs", type_=JSON()),
    *(
        bindparam(name, type_=UTCDateTime())
        for name in ("received_at", "subscribed_at", "unsubscribed_at", "last_message_at", "now")
    ),
)


def _params(row: QueuedRow) -> dict[str, Any]:
    """The bind parameters of ``_RECORD_SQL`` for one row."""
    at = datetime.fromisoformat(row["received_at"])
    follow = row["follow"]
    return {
        **{k: v for k, v in row.items() if k not in ("follow", "opens_window")},
        "received_at": at,
        "subscribed": follow != "unsubscribe",
        "subscribed_at": at if follow == "subscribe" else None,
        "unsubscribed_at": at if follow == "unsubscribe" else None,
        "last_message_at": at if row["opens_window"] else None,
        "now": utcnow(),
    }


def _expire_followers(openids: set[str]) -> None:
    """Written beside the request's session: a Follower it already loaded is stale now."""
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Follower) and inspect(obj).dict.get("openid") in openids:
            db.session.expire(obj)


def remember_region(openid: str, region: str) -> None:
    """Store the region (canonical name) the user chose, creating the follower (as following)
    when first seen. Written only when it changed: most questions name the asker's district
    again, and then this is one read and no commit. A change is one upsert and one commit
    (race-free beside the message-log flusher creating the same follower)."""
    with read_only() as session:
        stored = session.execute(select(Follower.region).where(Follower.openid == openid)).first()
    if stored is not None and stored[0] == region:
        return
    with unit_of_work() as uow:
        insert = (
            postgresql.insert
            if uow.session.get_bind().dialect.name == "postgresql"
            else sqlite.insert
        )
        stmt = insert(Follower).values(
            openid=openid, subscribed=True, opted_out=False, created_at=utcnow(), region=region
        )
        uow.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["openid"], set_={"region": stmt.excluded.region}
            )
        )
        _expire_followers({openid})  # a Follower the session holds is stale now


def get_follower(openid: str) -> Follower | None:
    """The follower with this openid, or None."""
    with read_only() as session:
        return session.execute(
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


def set_opted_out(openid: str, opted_out: bool) -> None:
    """Record that the user asked for no policy notifications (「退订」, True) or wants them
    again (「订阅」, False). Creates the follower record if needed. One commit."""
    with unit_of_work():
        _follower(openid).opted_out = opted_out


class BotServices:
    """The service core's implementation of ``bot.services.BotServices`` (``Bot(services=)``)."""

    def remember_region(self, user_id: str, region: str) -> None:
        """Persist the user's chosen region on their follower record."""
        remember_region(user_id, region)

    def save_profile(self, user_id: str, answers: Mapping[str, Any]) -> None:
        """Keep the questionnaire's answers as the user's profile (they replied 「保存」)."""
        profiles.save_profile(user_id, dict(answers))

    def delete_profile(self, user_id: str) -> bool:
        """Delete the user's stored profile (「删除档案」); True when there was one."""
        return profiles.delete_profile(user_id)

    def apply_card(self, user_id: str, form: Mapping[str, Any]) -> CardApplyOutcome:
        """Apply for a blue card from the chat form (``bot.cardform``). A refusal (invalid
        form, a live card already held) is returned, never raised: the bot says it politely."""
        try:
            card = cards.apply_for_card(user_id, dict(form))
        except CardFormError as err:
            return CardApplyOutcome(ok=False, message=str(err), errors=dict(err.errors))
        except ServiceError as err:
            return CardApplyOutcome(ok=False, message=err.message)
        return CardApplyOutcome(
            ok=True, status=card.status, status_label=card.status_label, district=card.district
        )

    def my_card(self, user_id: str) -> CardView | None:
        """The user's newest card for 「我的蓝卡」 (masked: the card number too, but its last 4
        digits, since the reply is a chat message) with their subsidy applications."""
        card = cards.card_of(user_id)
        if card is None:
            return None
        current = card.current_employment
        return CardView(
            status=card.status,
            status_label=card.status_label,
            card_no=mask_card_no(card.card_no) or None,
            skill_level=card.skill_level,
            district=card.district,
            name_masked=card.name_masked,
            id_number_masked=card.id_number_masked,
            employer_name=current.employer_name if current else None,
            applied_on=china_date(card.applied_at).isoformat(),
            reject_reason=card.reject_reason,
            applications=tuple(self.my_applications(user_id)),
        )

    def my_applications(self, user_id: str) -> list[ApplicationView]:
        """The user's subsidy applications, newest first."""
        return [ApplicationView(**a) for a in application_summaries(user_id)]

    def opt_out(self, user_id: str) -> None:
        """「退订」: no more policy notifications for this user."""
        set_opted_out(user_id, True)

    def opt_in(self, user_id: str) -> None:
        """「订阅」: policy notifications again."""
        set_opted_out(user_id, False)

    def card_start(self, user_id: str) -> CardStart:
        """``cards.application_start``: a held card (suspended with date and reason, pending,
        active) stops the chat form before its first question."""
        start = cards.application_start(user_id)
        return CardStart(start.can_apply, start.code, start.message, start.status)

    def benefit_guide(self, district: str, rule_id: str | None) -> GuideView | None:
        """The district's 申兑指南 of ``rule_id`` (``ledger.guides``), or the district's own
        facts when no rule is named or the rule is not the district's; None for an unknown
        district. The page link is ``<PUBLIC_BASE_URL>/guides/<区县>``."""
        try:
            whole = guides.district_guide(district)
        except NotFound:
            return None
        base = current_runtime().settings.public_base_url.rstrip("/")
        # percent-encoded: WeChat links only the ASCII part of a URL typed in a message
        url = f"{base}/guides/{quote(whole.district, safe='')}"
        g: guides.Guide | None = None
        if rule_id:
            try:
                g = guides.guide(rule_id, whole.district)
            except NotFound:
                g = None
        facts = whole if g is None else g
        return GuideView(
            district=whole.district,
            benefit=g.title if g else "",
            materials=tuple(m.text for m in g.materials) if g else whole.materials,
            processing=facts.processing.text,
            processing_set=facts.processing.source == guides.FROM_DISTRICT,
            where=facts.where.text if facts.where.known else None,
            phone=facts.phone.text if facts.phone.known else None,
            page_url=url,
        )


def application_summaries(openid: str) -> list[dict[str, Any]]:
    """The subsidy applications of ``openid``'s cards as plain dicts for the chat and the
    mini-program: benefit, amount_yuan (text, yuan), status, status_label, clause, citation,
    reject_reason (the ledger service lists them)."""
    return [
        {
            "benefit": a.benefit,
            "amount_yuan": format(a.amount_yuan.normalize(), "f"),
            "status": a.status,
            "status_label": a.status_label,
            "clause": a.clause,
            "citation": a.citation,
            "reject_reason": a.reject_reason,
            "opened_on": _china_date(a.opened_at),
            "decided_on": _china_date(a.decided_at),
        }
        for a in ledger.applications_for_openid(openid)
    ]


def _china_date(moment: datetime | None) -> str | None:
    """ISO date of ``moment`` in China time, or None."""
    if moment is None:
        return None
    return china_date(moment).isoformat()
