"""Followers of the official account and the log of their messages (staff statistics)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, NotRequired, TypedDict
from urllib.parse import quote

import orjson
from sqlalchemy import bindparam, inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite

from bluecard.cards import services as cards
from bluecard.extensions import db
from bluecard.followers.models import Follower, MessageLog
from bluecard.ledger import guides
from bluecard.ledger import services as ledger
from bluecard.models.base import UTCDateTime, utcnow
from bluecard.privacy import mask_card_no, mask_numbers, redact
from bluecard.profiles import services as profiles
from bluecard.runtime import current_runtime
from bluecard.services._sql import insert_ignoring_conflict
from bluecard.services.errors import NotFound, ServiceError
from bluecard.uow import read_only, unit_of_work
from bot.services import (
    ApplicationView,
    CardApplyOutcome,
    CardStart,
    CardView,
    GuideView,
    PhoneChangeOutcome,
)
from policy_kb.card_form import CardFormError
from policy_kb.chinatime import china_date

#: Longest question kept in the log; statistics need the gist, not an essay.
MAX_QUESTION_CHARS = 1000
MAX_EVENT_KEY_CHARS = 256
#: follower.region's length.
MAX_REGION_CHARS = 16


@dataclass(frozen=True)
class Interaction:
    """One message or event received on the callback, as the log records it.

    dedup_key: WeChat's identity of the delivery (MsgId, or FromUserName + CreateTime for
    events); unique in the log. question: the raw text, redacted here before storing.
    follow: the follow state change this event means, if any. opens_window: True when it
    (re)opens the 48 h customer-service window (a message, menu click, scan or follow).
    region: the district (canonical name) the user chose in this message (「我在叶集」), kept
    on their follower record with the row (``deferred_region``), or None.
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
    region: str | None = None


class QueuedRow(TypedDict):
    """One ``Interaction`` as the message-log queue carries it (JSON): the ``message_log``
    columns already redacted and clipped (``received_at`` ISO 8601 with its offset), and the
    follower change it means (``region``: absent in rows queued before it existed)."""

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
    region: NotRequired[str | None]


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
        "region": _clip(item.region, MAX_REGION_CHARS),
    }


def record_interaction(
    item: Interaction, *, intent: str | None = None, clause_refs: Sequence[str] = ()
) -> bool:
    """Log ``item`` with the bot's ``intent`` and cited ``clause_refs``, and update its follower.

    Idempotent: a second call with the same ``dedup_key`` changes nothing and returns False
    (True when recorded now). On PostgreSQL one statement in autocommit (``record_rows``'s);
    elsewhere (the embedded SQLite) two statements and a commit. The callback calls this only
    without a message-log queue (``bluecard.followers.msglog``).
    """
    row = interaction_row(item, intent=intent, clause_refs=clause_refs)
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            recorded = _record_batch(conn, [row]) == 1
        _expire_followers({item.openid})
        return recorded
    with unit_of_work() as uow:
        return _record_in(uow.session, row)


def record_rows(rows: Sequence[QueuedRow]) -> int:
    """Write queued rows (``interaction_row``) in one transaction; the number of messages
    logged now. Rows already logged (same ``dedup_key``) change nothing, so writing a batch
    twice is harmless. A follower's changes apply in the order they happened (time, then
    ``dedup_key``).

    On PostgreSQL the whole batch is one statement (``_RECORD_SQL``): the rows travel as one
    JSON array, so a batch costs one round trip and next to no Python per row."""
    if not rows:
        return 0
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            logged = _record_batch(conn, rows)
        _expire_followers({row["openid"] for row in rows})
        return logged
    ordered = sorted(rows, key=lambda r: (r["openid"], r["received_at"], r["dedup_key"]))
    with unit_of_work() as uow:
        return sum(_record_in(uow.session, row) for row in ordered)


def _record_batch(conn: Any, rows: Sequence[QueuedRow]) -> int:
    """``_RECORD_SQL`` on ``conn`` for ``rows``; the number of messages logged now."""
    payload = orjson.dumps(rows).decode("utf-8")  # compact JSON, as json.dumps would write it
    return int(conn.execute(_RECORD_SQL, {"rows": payload, "now": utcnow()}).scalar_one())


def _record_in(session: Any, row: QueuedRow) -> bool:
    """``row`` on the session's transaction (the portable path: two statements)."""
    received_at = datetime.fromisoformat(row["received_at"])
    columns = {k: v for k, v in row.items() if k not in ("follow", "opens_window", "region")}
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
    if row.get("region"):
        follower.region = row.get("region")
    return True


#: ``record_rows`` on PostgreSQL, one statement for a whole batch (``:rows``, a JSON array of
#: ``QueuedRow``). ``batch``: the rows, one per dedup_key. ``logged``: the messages not logged
#: before (ON CONFLICT DO NOTHING), inserted in (openid, time) order so concurrent writers lock
#: in the same order. ``changes``: per follower, what its newly logged rows say, as if applied
#: one after another in time order — the last follow event decides ``subscribed``, the last
#: (un)follow times and the last region named are kept, the last message time only moves
#: forward (GREATEST ignores NULL). A follower is created as following when first seen.
#: The result: how many messages were logged now.
_RECORD_SQL = text(
    """
WITH batch AS (
    SELECT DISTINCT ON (r.dedup_key) r.*
    FROM json_to_recordset(CAST(:rows AS json)) AS r(
        dedup_key text, openid text, msg_type text, event text, event_key text, msg_id text,
        received_at timestamptz, question text, intent text, clause_refs json,
        follow text, opens_window boolean, region text)
    ORDER BY r.dedup_key
),
logged AS (
    INSERT INTO message_log (dedup_key, openid, msg_type, event, event_key, msg_id,
                             received_at, question, intent, clause_refs)
    SELECT dedup_key, openid, msg_type, event, event_key, msg_id, received_at, question,
           intent, COALESCE(clause_refs, '[]'::json)
    FROM batch
    ORDER BY openid, received_at, dedup_key
    ON CONFLICT (dedup_key) DO NOTHING
    RETURNING dedup_key
),
changes AS (
    SELECT b.openid,
           (array_agg(b.follow ORDER BY b.received_at DESC, b.dedup_key DESC)
                FILTER (WHERE b.follow IN ('subscribe', 'unsubscribe')))[1] AS last_follow,
           max(b.received_at) FILTER (WHERE b.follow = 'subscribe') AS subscribed_at,
           max(b.received_at) FILTER (WHERE b.follow = 'unsubscribe') AS unsubscribed_at,
           max(b.received_at) FILTER (WHERE b.opens_window) AS last_message_at,
           (array_agg(b.region ORDER BY b.received_at DESC, b.dedup_key DESC)
                FILTER (WHERE b.region IS NOT NULL AND b.region <> ''))[1] AS region
    FROM batch b JOIN logged l ON l.dedup_key = b.dedup_key
    GROUP BY b.openid
),
followed AS (
    INSERT INTO follower AS f (openid, subscribed, opted_out, subscribed_at, unsubscribed_at,
                               last_message_at, created_at, region)
    SELECT openid, COALESCE(last_follow, 'subscribe') = 'subscribe', false, subscribed_at,
           unsubscribed_at, last_message_at, :now, region
    FROM changes
    ORDER BY openid
    ON CONFLICT (openid) DO UPDATE SET
        subscribed = CASE WHEN EXCLUDED.subscribed_at IS NULL
                           AND EXCLUDED.unsubscribed_at IS NULL THEN f.subscribed
                          ELSE EXCLUDED.subscribed END,
        subscribed_at = COALESCE(EXCLUDED.subscribed_at, f.subscribed_at),
        unsubscribed_at = COALESCE(EXCLUDED.unsubscribed_at, f.unsubscribed_at),
        last_message_at = GREATEST(f.last_message_at, EXCLUDED.last_message_at),
        region = COALESCE(EXCLUDED.region, f.region)
    RETURNING f.id
)
SELECT count(*) FROM logged
"""
).bindparams(bindparam("now", type_=UTCDateTime()))


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


#: The regions remembered while a callback handles a message (``deferred_regions``).
_DEFERRED: ContextVar[dict[str, str] | None] = ContextVar("bluecard_deferred_regions", default=None)


@contextmanager
def deferred_regions() -> Iterator[dict[str, str]]:
    """Within the block, a region the bot remembers (``BotServices.remember_region``) is not
    written at once but kept in the dict yielded (openid → canonical name, the last one said):
    the callback puts the sender's into the message's log row (``Interaction.region``), which
    writes it with the row (``record_rows``), so no database round trip happens while the
    worker waits for the answer. A region left in the dict at the end (the callback took it
    out, or nobody did) is written then (``remember_region``)."""
    held: dict[str, str] = {}
    token = _DEFERRED.set(held)
    try:
        yield held
    finally:
        _DEFERRED.reset(token)
        for openid, region in held.items():
            remember_region(openid, region)


class BotServices:
    """The service core's implementation of ``bot.services.BotServices`` (``Bot(services=)``)."""

    def remember_region(self, user_id: str, region: str) -> None:
        """Persist the user's chosen region on their follower record: with the message's log
        row while a callback handles it (``deferred_regions``), else at once."""
        held = _DEFERRED.get()
        if held is not None:
            held[user_id] = region
        else:
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

    def change_phone(self, user_id: str, phone: str) -> PhoneChangeOutcome:
        """「手机号改为…」 from the chat: the held card's number changed, or why not."""
        try:
            card = cards.change_phone(user_id, phone)
        except CardFormError as err:
            why = err.errors.get("phone", str(err))
            return PhoneChangeOutcome(ok=False, message=why, retry=True)
        except ServiceError as err:
            return PhoneChangeOutcome(ok=False, message=err.message)
        return PhoneChangeOutcome(ok=True, phone_masked=card.phone_masked)

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
            reject_reason=mask_numbers(card.reject_reason or "") or None,
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
