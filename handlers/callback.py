"""The ``/wechat`` callback: GET verifies the server, POST receives messages and events.

POST, in order: signature (plaintext mode, before reading the body) → body ≤ MAX_CONTENT_LENGTH
(413) → XML guards (400; the XML is parsed once, ``handlers.wxmessage`` builds wechatpy's
object from that tree) → msg_signature and decryption (safe/compatible mode) → replay guard
((signature, nonce) reused with another body: 403), de-duplication claim and the read of the
sender's dialogue state, one pipelined Redis round trip → handler from the dispatch table (bot)
→ the reply stored for retries, the dialogue state written and the message-log row queued, one
Redis transaction (``bluecard.followers.msglog``; without a queue the row is written directly
first, one statement) → reply (encrypted again in safe mode): two Redis round trips a message.
Errors answer with the service's JSON error shape; WeChat only looks at the status. Redis
unreachable: 503 (``bluecard.errors``), so WeChat retries. Logs never carry message content or
full openids.

Two edges call the same core (``verify``, ``answer_post``, Flask-free but inside an app
context): ``handlers.lean``, the WSGI path in front of the app that serves every GET and POST
``/wechat`` without Flask's request machinery, and the Flask views below, kept for what the
lean path hands on (HEAD, OPTIONS) and as its reference (the tests compare the two).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import Element

from flask import Blueprint, Flask, Response, current_app, request
from wechatpy.crypto import WeChatCrypto
from wechatpy.events import BaseEvent

from bluecard.errors import ApiError
from bluecard.followers.msglog import MessageLogQueue, queue_for
from bluecard.followers.services import (
    Interaction,
    QueuedRow,
    deferred_regions,
    interaction_row,
    record_interaction,
)
from bluecard.observability import CALLBACK_SECONDS, RETRIES, count_reply
from bluecard.privacy import mask_openid
from bluecard.runtime import Runtime, current_runtime
from bluecard.stores import RedisSessionStore
from bot.reply import Reply
from bot.state import LEGACY_USER_KEY, state_key
from handlers.dedup import Deduplicator
from handlers.dispatch import ERROR_TEXT, handler_for
from handlers.render import render_text_reply
from handlers.security import (
    DecryptionFailed,
    ReplayGuard,
    SignatureRejected,
    check_fresh,
    decrypt_envelope,
    encrypt_reply,
    verify_plain_signature,
)
from handlers.wxmessage import message_from_root
from handlers.xmlguard import XmlRejected, decode_body, parse_xml

log = logging.getLogger(__name__)

bp = Blueprint("wechat", __name__)
STATE_KEY = "handlers.callback"
#: WeChat waits 5 s for an answer; past this we log a warning.
SLOW_SECONDS = 4.0
_OPENID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class CallbackState:
    """Per-app state of the callback: token, safe-mode crypto (None: plaintext only), dedup,
    the message-log queue (None: rows written directly), the bot's session store."""

    token: str | None
    crypto: WeChatCrypto | None
    dedup: Deduplicator
    max_age: float
    replay: ReplayGuard
    redis: Any
    msglog: MessageLogQueue | None
    sessions: RedisSessionStore


def init_callback(app: Flask) -> None:
    """Build the callback's state from the app's validated settings."""
    runtime: Runtime = app.extensions["bluecard"]
    s = runtime.settings
    crypto = None
    if s.safe_mode:
        crypto = WeChatCrypto(s.wechat_token, s.wechat_encoding_aes_key, s.wechat_app_id)
    dedup = Deduplicator(runtime.redis, s.redis_prefix, s.dedup_ttl, s.dedup_wait_seconds)
    replay = ReplayGuard(runtime.redis, s.redis_prefix, s.dedup_ttl)
    app.extensions[STATE_KEY] = CallbackState(
        s.wechat_token,
        crypto,
        dedup,
        s.dedup_ttl,
        replay,
        runtime.redis,
        queue_for(runtime),
        runtime.sessions,
    )


def callback_state(app: Flask) -> CallbackState:
    """The callback's state of ``app``. Raises ApiError(503) when WECHAT_TOKEN is unset."""
    state: CallbackState = app.extensions[STATE_KEY]
    if not state.token:
        raise ApiError(
            503, "The WeChat callback is not configured (WECHAT_TOKEN).", "not_configured"
        )
    return state


@bp.get("/wechat")
def verify_server() -> Response:
    """WeChat's server check: echo ``echostr`` when ``signature`` is ours, else 403."""
    state = callback_state(current_app)
    return Response(verify(state, request.args), mimetype="text/plain")


@bp.post("/wechat")
def receive() -> Response:
    """One message or event from WeChat; answers a passive reply or ``success``."""
    state = callback_state(current_app)
    body, mimetype = answer_post(state, request.args, lambda: request.get_data(cache=False))
    return Response(body, mimetype=mimetype)


def verify(state: CallbackState, args: Mapping[str, str]) -> str:
    """The GET check's answer: ``echostr`` (text/plain). Raises ApiError 403 (signature) or
    400 (no echostr)."""
    _check_plain(state, args)
    echostr = args.get("echostr")
    if not echostr:
        raise ApiError(400, "echostr is missing.")
    return echostr


def answer_post(
    state: CallbackState, args: Mapping[str, str], read_body: Callable[[], bytes]
) -> tuple[str, str]:
    """The answer to one POST: (body, mimetype) — a passive reply (``application/xml``, in
    safe mode encrypted again) or ``success`` (``text/plain``).

    args: the query string's parameters (first value of each); read_body: reads the request
    body, called only once the signature and the timestamp passed (it raises werkzeug's
    RequestEntityTooLarge, 413, for a body over MAX_CONTENT_LENGTH). Raises ApiError (400,
    403, 503 not configured), redis.RedisError when Redis is down, and whatever the core
    raised unexpectedly; both edges (the Flask view, ``handlers.lean``) answer them alike.
    Must run inside an app context (the runtime, the bot's database services).
    """
    mode = args.get("encrypt_type", "raw").lower()
    if mode not in ("raw", "aes"):
        raise ApiError(400, "encrypt_type must be raw or aes.")
    if mode == "raw":
        _check_plain(state, args)
    elif state.crypto is None:
        log.warning("safe-mode request but WECHAT_ENCODING_AES_KEY is not configured")
        raise ApiError(400, "Safe mode is not configured on this server.", "not_configured")
    try:
        check_fresh(args, state.max_age, time.time())
        raw = read_body()
        root = parse_xml(decode_body(raw))[1]
        if mode == "aes":
            assert state.crypto is not None
            root = parse_xml(decrypt_envelope(state.crypto, root, args))[1]
        msg = _parse_wechat(root)
    except SignatureRejected as exc:
        log.info("callback refused: %s", exc)
        raise ApiError(403, "Signature check failed.") from None
    except (XmlRejected, DecryptionFailed) as exc:
        log.info("callback refused: %s", exc)
        raise ApiError(400, str(exc)) from None
    # Signed and fresh: now refuse a (signature, nonce) already used with another body, and
    # claim the delivery, both in one Redis round trip.
    signature = args.get("signature" if mode == "raw" else "msg_signature") or ""
    body = _answer(state, msg, root, (signature, args.get("nonce") or "", raw))
    if not body:
        return "success", "text/plain"
    if mode == "aes":
        assert state.crypto is not None
        body = encrypt_reply(state.crypto, body, args.get("nonce", ""), str(int(time.time())))
    return body, "application/xml"


def _check_plain(state: CallbackState, args: Mapping[str, str]) -> None:
    try:
        verify_plain_signature(str(state.token), args)
    except SignatureRejected as exc:
        log.info("callback refused: %s", exc)
        raise ApiError(403, "Signature check failed.") from None


def _parse_wechat(root: Element) -> Any:
    """wechatpy's message object for guarded XML. Raises XmlRejected if it is not a message."""
    openid = (root.findtext("FromUserName") or "").strip()
    if not _OPENID.match(openid) or not (root.findtext("MsgType") or "").strip():
        raise XmlRejected("not a WeChat message (FromUserName, MsgType)")
    try:
        return message_from_root(root)
    except Exception as exc:  # wechatpy raises KeyError/AttributeError on odd shapes
        raise XmlRejected("not a WeChat message") from exc


def _admit(
    state: CallbackState, delivery: str, openid: str, request_key: tuple[str, str, bytes]
) -> bool:
    """The replay check, the de-duplication claim and the read of the sender's dialogue state
    in one pipelined round trip (the session store's turn begins with it).

    Returns True when this is the first attempt of ``delivery``. Raises ApiError(403) for a
    (signature, nonce) already used with another body (and gives back a claim it took).
    """
    key, digest = state.replay.fingerprint(*request_key)
    # The record of the sender, and the record it replaced (read only when the first is missing).
    session_keys = (state_key(openid), LEGACY_USER_KEY.format(uid=openid))
    with state.redis.pipeline(transaction=False) as pipe:
        state.replay.remember(pipe, key, digest)
        state.dedup.claim_on(pipe, delivery)
        state.sessions.read_on(pipe, session_keys)
        first_seen, claimed, *values = pipe.execute()
    state.sessions.begin_turn(session_keys, values)
    try:
        state.replay.verdict(first_seen, key, digest)
    except SignatureRejected as exc:
        state.sessions.discard_turn()
        if claimed:
            state.dedup.release(delivery)
        log.info("callback refused: %s", exc)
        raise ApiError(403, "Signature check failed.") from None
    return bool(claimed)


def _answer(
    state: CallbackState, msg: Any, root: Element, request_key: tuple[str, str, bytes]
) -> str:
    """The reply body for ``msg`` (rendered XML, "" for none), computed once per delivery."""
    started = time.monotonic()
    msg_type = (root.findtext("MsgType") or "").strip().lower()
    event = None
    if msg_type == "event":
        raw_event = (root.findtext("Event") or "").strip().lower()
        event = msg.event if isinstance(msg, BaseEvent) and msg.event else raw_event
    delivery = _delivery_key(msg_type, event, root)
    openid = msg.source  # wechatpy converts a field at every read
    if not _admit(state, delivery, openid, request_key):
        state.sessions.discard_turn()  # read before the first attempt wrote: stale
        body = state.dedup.wait_for(delivery)
        if body is not None or not state.dedup.take_over(delivery):
            RETRIES.inc()
            log.info(
                "retry of a %s delivery from %s: %s",
                msg_type,
                mask_openid(openid),
                "same reply" if body is not None else "first attempt still running; success",
            )
            return body or ""
        log.warning(
            "retry of a %s delivery from %s: first attempt abandoned; processing it",
            msg_type,
            mask_openid(openid),
        )
        state.sessions.begin_turn((), ())
    try:
        body, reply, item = _process(msg, openid, root, msg_type, event, delivery)
    except Exception:
        state.sessions.discard_turn()
        state.dedup.release(delivery)
        raise
    _finish(state, delivery, body, reply, item)
    elapsed = time.monotonic() - started
    CALLBACK_SECONDS.observe(elapsed)
    count_reply(reply.intent)
    (log.warning if elapsed > SLOW_SECONDS else log.info)(
        "wechat %s%s from %s: intent=%s refs=%d in %d ms",
        msg_type,
        f"/{event}" if event else "",
        mask_openid(openid),
        reply.intent,
        len(reply.clause_refs),
        elapsed * 1000,
    )
    return body


def _finish(
    state: CallbackState, delivery: str, body: str, reply: Reply, item: Interaction
) -> None:
    """Store the reply for retries, the dialogue state the message changed and its log row,
    in one Redis transaction (one round trip; no reply is sent without its row queued).
    Without a queue the row is written to the database first (a failure there is logged: the
    user still gets the answer)."""
    row: QueuedRow | None = None
    if state.msglog is not None:
        row = interaction_row(item, intent=reply.intent, clause_refs=reply.clause_refs)
    else:
        try:
            record_interaction(item, intent=reply.intent, clause_refs=reply.clause_refs)
        except Exception:
            # The user still gets the answer; the statistics miss one row, which the log says.
            log.exception("could not record a %s from %s", item.msg_type, mask_openid(item.openid))
    with state.redis.pipeline(transaction=True) as pipe:
        state.sessions.end_turn_on(pipe)
        state.dedup.complete_on(pipe, delivery, body)
        if state.msglog is not None and row is not None:
            state.msglog.enqueue_on(pipe, row)
        pipe.execute()


def _process(
    msg: Any, openid: str, root: Element, msg_type: str, event: str | None, delivery: str
) -> tuple[str, Reply, Interaction]:
    runtime = current_runtime()
    with deferred_regions() as regions:
        outcome = handler_for(msg_type, event)(_GuardedBot(runtime.bot), msg, root)
        region = regions.pop(openid, None)  # written with the log row
    reply = outcome.reply
    interaction = Interaction(
        dedup_key=delivery,
        openid=openid,
        msg_type=msg_type,
        received_at=datetime.now(UTC),
        event=event,
        event_key=outcome.event_key,
        msg_id=outcome.msg_id or (root.findtext("MsgId") or "").strip() or None,
        question=outcome.question,
        follow=outcome.follow,
        opens_window=outcome.opens_window,
        region=region,
    )
    if not reply.text:
        return "", reply, interaction
    body = render_text_reply(openid, msg.target or "", reply.text, int(time.time()))
    return body, reply, interaction


def _delivery_key(msg_type: str, event: str | None, root: Element) -> str:
    """WeChat's identity of a delivery: MsgId for messages, FromUserName + CreateTime (and the
    event name, so two different events in one second stay apart) for events."""
    msg_id = (root.findtext("MsgId") or "").strip()
    if msg_type != "event" and msg_id:
        return f"msg:{msg_id[:32]}"
    openid = (root.findtext("FromUserName") or "").strip()
    created = (root.findtext("CreateTime") or "").strip()[:16]
    return f"event:{openid}:{created}:{(event or msg_type)[:40]}"


class _GuardedBot:
    """The bot, but an exception in it becomes an apology instead of a failed callback."""

    def __init__(self, bot: Any) -> None:
        self._bot = bot

    def on_text(self, user_id: str, text: str) -> Reply:
        try:
            reply: Reply = self._bot.on_text(user_id, text)
        except Exception:
            log.exception("bot failed on a text from %s", mask_openid(user_id))
            return Reply(ERROR_TEXT, "error")
        return reply

    def on_event(self, user_id: str, event: str, key: str | None = None) -> Reply:
        try:
            reply: Reply = self._bot.on_event(user_id, event, key)
        except Exception:
            log.exception("bot failed on event %s from %s", event, mask_openid(user_id))
            return Reply(ERROR_TEXT, "error")
        return reply
