"""Sending policy notifications: exactly one message per recipient, at a shared rate.

How "exactly once" holds, even when a worker is killed mid-run:

1. Recipients are written first (``NotificationRecipient``, state ``queued``) by
   ``bluecard.notifications.audience`` before anything is sent.
2. A sender *claims* a batch: one UPDATE sets ``state = 'sending'`` and ``attempts + 1`` on
   rows picked with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL: concurrent workers never claim the
   same row; SQLite is single-process), and COMMITS before calling WeChat.
3. Each template message carries ``client_msg_id = "bc-<notification>-<recipient>"``. WeChat
   de-duplicates on (openid, client_msg_id) for 10 minutes ("对于同一个openid + client_msg_id,
   只发送一条消息, 10分钟有效"): sending the same row twice within that window delivers once.
4. Outcomes are written after the batch: ``sent`` (wx_msgid), ``failed`` (permanent errcode:
   user refused, invalid openid, bad template... never retried, reason kept), or back to
   ``queued`` with ``next_attempt_at`` (transient: -1 busy, HTTP errors, rate errors) until
   NOTIFY_MAX_ATTEMPTS tries.
5. Recovery (``recover_stuck``): a row left in ``sending`` longer than the lease (its worker
   died between claim and outcome) is put back to ``queued`` and sent again — safe, because
   the resend has the same client_msg_id and WeChat drops it if the first one went out. The
   time of that first possibly-delivered send is kept in ``unconfirmed_since``; once it is
   more than ``SAFE_RESEND_SECONDS`` (9 min, a margin under WeChat's 10) old, the row is
   marked ``failed`` with ``UNKNOWN_OUTCOME`` instead: a possible loss is reported to staff
   rather than risking a duplicate. Mini-program subscribe messages have no such
   de-duplication, so an unknown outcome there is failed at once (``UNKNOWN_SUBSCRIBE``).

45009 (the account's daily quota) pauses the notification (status ``paused``); the row goes
back to ``queued`` without counting a try; staff resume it, or the scheduler does once the
quota resets (midnight Beijing time). The rate limit is a per-account fixed-window counter in
Redis shared by every worker (NOTIFY_RATE_PER_SECOND; ``bluecard.notifications.ratelimit``).

Every write is one unit of work (``bluecard.uow``); reads end their transaction before
anything goes to WeChat, so no snapshot or lock is held while sending.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import requests
from flask import current_app
from sqlalchemy import Table, and_, bindparam, case, func, literal, or_, select, update
from sqlalchemy.orm import Session
from wechatpy.exceptions import WeChatClientException

from bluecard.models import Follower, utcnow
from bluecard.notifications import links
from bluecard.notifications.lifecycle import (
    OPEN_STATES,
    QUOTA_PAUSE_REASON,
    NotificationStatus,
    RecipientState,
)
from bluecard.notifications.models import MiniappSubscription, Notification, NotificationRecipient
from bluecard.notifications.ratelimit import RateLimiter, mark_quota_spent
from bluecard.runtime import current_runtime
from bluecard.stores import LockTimeout
from bluecard.uow import read_only, unit_of_work
from bluecard.wechat import SharedTokenClient, WeChatQuotaError
from policy_kb.chinatime import CHINA_TZ

log = logging.getLogger(__name__)

#: A row in ``sending`` longer than this (seconds) lost its worker: recover it.
LEASE_SECONDS = 60.0
#: Resend an unconfirmed message only this long after it first went out (WeChat's
#: client_msg_id de-duplication lasts 10 minutes; one minute of margin for clock skew).
SAFE_RESEND_SECONDS = 9 * 60
UNKNOWN_OUTCOME = "结果不明（超过微信10分钟防重窗口，未重发）"
UNKNOWN_SUBSCRIBE = "结果不明（订阅消息无防重机制，未重发）"
OPTED_OUT = "用户已退订或取消关注，未发送"
NO_SUBSCRIPTION = "用户没有可用的订阅消息授权，未发送"
MAX_ATTEMPTS_REACHED = "多次重试仍失败"

#: Permanent errcodes: retrying cannot help (the user refused, the request is wrong).
PERMANENT_ERRORS: dict[int, str] = {
    40003: "openid 无效",
    40036: "模板 ID 无效",
    40037: "模板 ID 无效",
    41028: "form_id 无效",
    43004: "用户未关注或已拒收",
    43019: "用户已被拉黑",
    43101: "用户拒绝接收此订阅消息",
    47003: "模板参数不正确",
    40164: "调用接口的 IP 不在白名单",
}
#: Transient errcodes: try again later (system busy, frequency limits, token trouble).
TRANSIENT_ERRORS: dict[int, str] = {
    -1: "微信系统繁忙",
    40001: "access_token 无效（已重新获取后仍失败）",
    42001: "access_token 过期",
    45011: "调用过于频繁",
    45047: "发送频率超限",
}

#: A run refreshes its "alive" mark every batch; a mark older than this means it died.
ACTIVE_TTL = 15
CLIENT_MSG_ID = "bc-{notification_id}-{recipient_id}"
TEMPLATE_SEND = "message/template/send"
CUSTOM_SEND = "message/custom/send"
#: Customer-service message refused because the 48-hour window has closed (45015 回复时间超过
#: 限制, 45047 客服下行消息超过上限): the message goes as a template message instead.
CUSTOM_WINDOW_CLOSED = (45015, 45047)
SUBSCRIBE_SEND = "message/subscribe/send"
DELIVERY_KEY = "bluecard.delivery"

SENDING = NotificationStatus.SENDING.value
QUEUED = RecipientState.QUEUED.value
ROW_SENDING = RecipientState.SENDING.value
SENT = RecipientState.SENT.value
FAILED = RecipientState.FAILED.value
SKIPPED = RecipientState.SKIPPED.value


# -- clients -----------------------------------------------------------------------------------
def clients() -> tuple[SharedTokenClient | None, SharedTokenClient | None]:
    """(official-account client, mini-program client) built from the settings, once per app;
    None when the account's AppID/secret are unset. Both share their tokens through Redis
    and honour WECHAT_API_BASE."""
    cached = current_app.extensions.get(DELIVERY_KEY)
    if cached is None:
        runtime = current_runtime()
        s = runtime.settings

        def build(app_id: str | None, secret: str | None) -> SharedTokenClient | None:
            if not (app_id and secret):
                return None
            return SharedTokenClient(
                app_id,
                secret,
                runtime.redis,
                s.redis_prefix,
                timeout=s.wechat_http_timeout,
                api_base=s.wechat_api_base,
            )

        cached = (
            build(s.wechat_app_id, s.wechat_app_secret),
            build(s.miniapp_app_id, s.miniapp_app_secret),
        )
        current_app.extensions[DELIVERY_KEY] = cached
    return cast(tuple[SharedTokenClient | None, SharedTokenClient | None], cached)


def account_ids() -> list[str]:
    """AppIDs of the configured accounts (official account, mini-program)."""
    return [client.appid for client in clients() if client is not None]


# -- claim -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Claimed:
    """One row claimed for sending."""

    id: int
    openid: str
    channel: str
    personal: str | None
    attempts: int
    unconfirmed_since: datetime | None


@dataclass
class Outcome:
    """What happened to one claimed row; written by ``_flush``."""

    id: int
    state: str  # a RecipientState value: sent | failed | queued | skipped
    error_code: int | None = None
    error: str | None = None
    wx_msgid: str | None = None
    next_attempt_at: datetime | None = None
    refund_attempt: bool = False
    unconfirmed_since: datetime | None = None
    channel: str = "mp_template"
    openid: str = ""

    @classmethod
    def of(cls, row: Claimed, state: str, **fields: Any) -> Outcome:
        """The outcome of ``row`` (its id, channel and openid) with ``fields`` set."""
        return cls(id=row.id, state=state, channel=row.channel, openid=row.openid, **fields)


def claim_batch(notification_id: int, limit: int, now: datetime | None = None) -> list[Claimed]:
    """Atomically move up to ``limit`` due ``queued`` rows of the notification to ``sending``
    (attempts + 1) and COMMIT; return them. Rows of a notification that is not ``sending``
    (paused, cancelled...) are never claimed. PostgreSQL: ``FOR UPDATE SKIP LOCKED`` lets
    concurrent workers take disjoint batches."""
    R = NotificationRecipient
    now = now or utcnow()
    with unit_of_work() as uow:
        session = uow.session
        active = session.execute(
            select(Notification.status).where(Notification.id == notification_id)
        ).scalar_one_or_none()
        if active != SENDING:
            return []
        pick = (
            select(R.id)
            .where(
                R.notification_id == notification_id,
                R.state == QUEUED,
                or_(R.next_attempt_at.is_(None), R.next_attempt_at <= now),
            )
            .limit(limit)
        )
        if session.get_bind().dialect.name == "postgresql":
            pick = pick.with_for_update(skip_locked=True)
        stmt = (
            update(R)
            .where(R.id.in_(pick.scalar_subquery()))
            .values(state=ROW_SENDING, attempts=R.attempts + 1, updated_at=now)
            .returning(R.id, R.openid, R.channel, R.personal, R.attempts, R.unconfirmed_since)
            .execution_options(synchronize_session=False)
        )
        rows = [Claimed(*row) for row in session.execute(stmt)]
    return rows


def recover_stuck(
    notification_id: int | None = None,
    *,
    lease_seconds: float = LEASE_SECONDS,
    now: datetime | None = None,
) -> int:
    """Recover rows left in ``sending`` longer than ``lease_seconds`` (their worker died).

    Template messages go back to ``queued`` (resending is de-duplicated by WeChat through the
    same client_msg_id) while their first unconfirmed send is younger than
    SAFE_RESEND_SECONDS, else they are ``failed`` with UNKNOWN_OUTCOME; subscribe messages
    are failed with UNKNOWN_SUBSCRIBE. Returns the number of rows recovered. One commit.
    """
    R = NotificationRecipient
    now = now or utcnow()
    cutoff = now - timedelta(seconds=lease_seconds)
    unsafe = now - timedelta(seconds=SAFE_RESEND_SECONDS)
    stuck = [R.state == ROW_SENDING, R.updated_at < cutoff]
    if notification_id is not None:
        stuck.append(R.notification_id == notification_id)
    first_sent = func.coalesce(R.unconfirmed_since, R.updated_at)
    with unit_of_work() as uow:
        session = uow.session
        failed = _rowcount(
            session.execute(
                update(R)
                .where(*stuck, or_(R.channel != "mp_template", first_sent < unsafe))
                .values(
                    state=RecipientState.FAILED.value,
                    error_code=None,
                    error=_case_channel(UNKNOWN_OUTCOME, UNKNOWN_SUBSCRIBE),
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
        )
        requeued = _rowcount(
            session.execute(
                update(R)
                .where(*stuck, R.channel == "mp_template")
                .values(
                    state=QUEUED,
                    next_attempt_at=None,
                    unconfirmed_since=first_sent,
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
        )
    total = failed + requeued
    if total:
        log.warning(
            "recovered %d notification rows stuck in sending (%d re-queued, %d failed as unknown)",
            total,
            requeued,
            failed,
        )
    return total


def _rowcount(result: Any) -> int:
    """Rows an UPDATE matched (0 when the driver does not say)."""
    return int(getattr(result, "rowcount", 0) or 0)


def _case_channel(template_text: str, subscribe_text: str) -> Any:
    return case(
        (NotificationRecipient.channel == "mp_template", literal(template_text)),
        else_=literal(subscribe_text),
    )


# -- sending -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Message:
    """What every recipient of a notification gets (built once per batch)."""

    notification_id: int
    title: str
    body: str
    source: str
    when: str
    url: str | None
    page: str | None


def build_message(n: Notification) -> Message:
    """The notification's shared content (see ``template_payload``)."""
    return compose_message(
        n.id, n.title, n.body, n.link_doc, n.link_clause, n.confirmed_at or utcnow()
    )


def compose_message(
    notification_id: int,
    title: str,
    body: str,
    link_doc: str | None,
    link_clause: str | None,
    when: datetime,
) -> Message:
    """The content every recipient gets, from the composed fields: the source is the linked
    document's citation (文号, else 《title》) and clause; ``url`` is the document's public
    page at that clause (``links.clause_url``; the worker's own page of the notification links
    to it), the mini-program page the same. ``when`` (aware) is
    printed in Beijing time. The console's preview renders drafts with this same function."""
    runtime = current_runtime()
    source = ""
    url = page = None
    if link_doc:
        try:
            doc = runtime.knowledge.kb.document(link_doc)
            source = doc.meta.citation()
            if link_clause:  # the clause as cited (its number), not its internal id
                try:
                    source += f" {doc.clause(link_clause).number}"
                except KeyError:
                    source += f" {link_clause}"
        except KeyError:
            source = link_doc
        url = links.clause_url(link_doc, link_clause)
        page = f"pages/policy/policy?doc={link_doc}&clause={link_clause or ''}"
    printed = when.astimezone(CHINA_TZ).strftime("%Y年%m月%d日 %H:%M")
    return Message(notification_id, title, body, source, printed, url, page)


def _thing(text: str) -> str:
    """WeChat ``thing`` fields take at most 20 characters."""
    text = " ".join(text.split())
    return text if len(text) <= 20 else text[:19] + "…"


#: The template's keywords as the WeChat template chosen for policy notifications names them
#: (README: 政策通知 template); the console's preview prints these labels.
TEMPLATE_LABELS: dict[str, str] = {
    "thing1": "通知标题",
    "thing2": "政策依据",
    "time3": "发布时间",
    "thing4": "通知内容",
}
#: The title of that template (chosen from WeChat's template library).
TEMPLATE_TITLE = "政策通知"
#: What WeChat shows under a template message that has a link.
DETAIL_LINK_TEXT = "详情"


def template_data(message: Message, personal: str | None) -> dict[str, dict[str, str]]:
    """The template's data: ``thing1`` title, ``thing2`` source (文号 + clause), ``time3``
    when it was published, ``thing4`` the worker's own line (proactive matches: amount and
    clause) or the start of the body. ``thing`` fields are cut to WeChat's 20 characters; the
    full text is on the worker's page the 详情 link opens (``links.page_url``)."""
    return {
        "thing1": {"value": _thing(message.title)},
        "thing2": {"value": _thing(message.source or "技工蓝卡政策通知")},
        "time3": {"value": message.when},
        "thing4": {"value": _thing(personal or message.body)},
    }


def template_payload(message: Message, row: Claimed, template_id: str) -> dict[str, Any]:
    """Body of POST cgi-bin/message/template/send for one recipient (with client_msg_id);
    ``url`` (详情) opens this recipient's own page of the notification: the whole text, their
    own line and the linked clause (``links.page_url``)."""
    return {
        "touser": row.openid,
        "template_id": template_id,
        "data": template_data(message, row.personal),
        "url": links.page_url(row.id, message.notification_id),
        "client_msg_id": CLIENT_MSG_ID.format(
            notification_id=message.notification_id, recipient_id=row.id
        ),
    }


def custom_payload(message: Message, row: Claimed, template_id: str) -> dict[str, Any]:
    """Body of POST cgi-bin/message/custom/send: a customer-service text message (only within
    48 hours of the user's last interaction), the full text (decision messages)."""
    text = message.body if not row.personal else f"{row.personal}\n{message.body}"
    return {"touser": row.openid, "msgtype": "text", "text": {"content": text}}


def subscribe_payload(message: Message, row: Claimed, template_id: str) -> dict[str, Any]:
    """Body of POST cgi-bin/message/subscribe/send (mini-program subscribe message)."""
    payload: dict[str, Any] = {
        "touser": row.openid,
        "template_id": template_id,
        "data": template_data(message, row.personal),
    }
    if message.page:
        payload["page"] = message.page
    return payload


@dataclass
class RunStats:
    """What one ``run_notification`` call did."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0
    skipped: int = 0
    recovered: int = 0
    paused: bool = False
    finished: bool = False

    def add(self, outcome: Outcome) -> None:
        if outcome.state == SENT:
            self.sent += 1
        elif outcome.state == FAILED:
            self.failed += 1
        elif outcome.state == SKIPPED:
            self.skipped += 1
        elif not outcome.refund_attempt:
            self.retried += 1


@dataclass
class Sender:
    """Tunables of a sending run (the defaults suit production).

    batch_size: rows per claim (default: five seconds' worth at the rate limit, 1-200, so a
    batch finishes well inside the lease). lease_seconds: see ``recover_stuck``.
    backoff_base: seconds before the first retry of a transient failure; each further try
    waits three times longer, at most ``backoff_max``. max_wait: how long a run waits in
    place for retries that are due soon or rows other workers hold; longer waits end the run
    (``dispatch_due`` starts a new one). sleep: how to wait (tests may pass a faster one).
    """

    batch_size: int | None = None
    lease_seconds: float = LEASE_SECONDS
    backoff_base: float = 5.0
    backoff_max: float = 300.0
    max_wait: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def backoff(self, attempts: int) -> timedelta:
        """Delay before the next try after ``attempts`` tries."""
        return timedelta(
            seconds=min(self.backoff_base * 3 ** max(attempts - 1, 0), self.backoff_max)
        )


def run_notification(notification_id: int, sender: Sender | None = None) -> RunStats:
    """Send the notification's due rows until none is left (or it is paused/cancelled, or
    only retries far in the future remain). Safe to run in any number of workers at once.

    Marks the notification ``done`` when every row is sent, failed or skipped. Returns what
    this run did. Raises nothing for WeChat errors (they become row outcomes); database
    errors propagate (the rows stay claimed and are recovered after the lease).
    """
    sender = sender or Sender()
    settings = current_runtime().settings
    rate = settings.notify_rate_per_second
    batch_size = sender.batch_size or max(1, min(200, int(rate * 5)))
    stats = RunStats()
    stats.recovered += recover_stuck(notification_id, lease_seconds=sender.lease_seconds)
    mp_client, mini_client = clients()
    limiter = RateLimiter(
        current_runtime().redis,
        settings.redis_prefix,
        (mp_client.appid if mp_client else "none"),
        rate,
    )
    mini_limiter = RateLimiter(
        current_runtime().redis,
        settings.redis_prefix,
        (mini_client.appid if mini_client else "none-mini"),
        rate,
    )
    waited = 0.0
    while True:
        _heartbeat(notification_id)
        # read_only ends the read transaction: no snapshot is held while sending.
        with read_only() as session:
            notification = session.get(Notification, notification_id, populate_existing=True)
            status = notification.status if notification is not None else None
            message = (
                build_message(notification)
                if notification is not None and status == SENDING
                else None
            )
        if notification is None or message is None:
            stats.paused = status == NotificationStatus.PAUSED
            break
        rows = claim_batch(notification_id, batch_size)
        if rows:
            waited = 0.0
            stats.claimed += len(rows)
            outcomes = _send_batch(message, rows, sender, limiter, mini_limiter, stats)
            _flush(outcomes, settings.notify_max_attempts, sender)
            for outcome in outcomes:
                stats.add(outcome)
            if stats.paused:
                break
            continue
        wait = _idle_wait(notification_id, sender)
        if wait is None:
            stats.finished = finish_if_complete(notification_id)
            break
        if waited + wait > sender.max_wait:
            break
        sender.sleep(wait)
        waited += wait
    log.info("notification %s run: %s", notification_id, stats)
    return stats


def _heartbeat(notification_id: int) -> None:
    """Tell the scheduler a run of this notification is alive (ACTIVE_TTL seconds)."""
    runtime = current_runtime()
    runtime.redis.set(active_key(notification_id), "1", ex=ACTIVE_TTL)


def active_key(notification_id: int) -> str:
    """Redis key present while some worker runs the notification."""
    return f"{current_runtime().settings.redis_prefix}:notify:active:{notification_id}"


def _idle_wait(notification_id: int, sender: Sender) -> float | None:
    """Nothing claimable now: seconds to wait before looking again, or None when no row is
    left to send (all sent, failed or skipped)."""
    R = NotificationRecipient
    now = utcnow()
    with read_only() as session:
        row = session.execute(
            select(
                func.count().filter(R.state == ROW_SENDING),
                func.count().filter(R.state == QUEUED),
                func.min(R.next_attempt_at).filter(R.state == QUEUED),
            ).where(R.notification_id == notification_id, R.state.in_(OPEN_STATES))
        ).one()
    sending, queued = int(row[0]), int(row[1])
    next_at: datetime | None = row[2]
    if not sending and not queued:
        return None
    if sending:
        # Other workers hold rows (or a dead one did): recover those past the lease.
        if recover_stuck(notification_id, lease_seconds=sender.lease_seconds):
            return 0.0
        return min(0.5, sender.max_wait) if sender.max_wait > 0 else math.inf
    if next_at is None:
        return 0.0
    return max((next_at - now).total_seconds(), 0.01)


def _send_batch(
    message: Message,
    rows: list[Claimed],
    sender: Sender,
    limiter: RateLimiter,
    mini_limiter: RateLimiter,
    stats: RunStats,
) -> list[Outcome]:
    settings = current_runtime().settings
    mp_client, mini_client = clients()
    blocked = _opted_out({r.openid for r in rows})
    outcomes: list[Outcome] = []
    for index, row in enumerate(rows):
        if row.openid in blocked:
            # They opted out or unfollowed after the recipients were written.
            outcomes.append(Outcome.of(row, SKIPPED, error=OPTED_OUT))
            continue
        now = utcnow()
        if row.unconfirmed_since and (now - row.unconfirmed_since).total_seconds() > (
            SAFE_RESEND_SECONDS
        ):
            outcomes.append(Outcome.of(row, FAILED, error=UNKNOWN_OUTCOME))
            continue
        if row.channel == "miniapp_subscribe":
            client, limit = mini_client, mini_limiter
            template_id = settings.miniapp_subscribe_template_id
            endpoint, payload_of = SUBSCRIBE_SEND, subscribe_payload
        elif row.channel == "mp_custom":
            client, limit = mp_client, limiter
            template_id = "custom"  # a text message: no template
            endpoint, payload_of = CUSTOM_SEND, custom_payload
        else:
            client, limit = mp_client, limiter
            template_id = settings.wechat_template_id
            endpoint, payload_of = TEMPLATE_SEND, template_payload
        if client is None or not template_id:
            outcomes.append(Outcome.of(row, FAILED, error="未配置公众号/小程序 AppID 或模板 ID"))
            continue
        try:
            limit.acquire()
            try:
                result = client.post(endpoint, data=payload_of(message, row, template_id))
            except WeChatClientException as exc:
                if endpoint != CUSTOM_SEND or _errcode(exc.errcode) not in CUSTOM_WINDOW_CLOSED:
                    raise
                # The 48-hour window closed since the row was written: a template message.
                if not settings.wechat_template_id:
                    raise
                result = client.post(
                    TEMPLATE_SEND,
                    data=template_payload(message, row, settings.wechat_template_id),
                )
        except WeChatQuotaError:
            stats.paused = True
            _pause_for_quota(message.notification_id, client.appid)
            # This row and the rest of the batch go back unsent, their try not counted.
            for rest in rows[index:]:
                outcomes.append(
                    Outcome(
                        id=rest.id,
                        state=QUEUED,
                        refund_attempt=True,
                        channel=rest.channel,
                        openid=rest.openid,
                        unconfirmed_since=rest.unconfirmed_since,
                    )
                )
            return outcomes
        except WeChatClientException as exc:
            outcomes.append(_classify(row, exc.errcode, exc.errmsg, now))
            continue
        except (requests.RequestException, LockTimeout) as exc:
            # Timeout or cut connection: WeChat may have accepted it. Unknown outcome.
            outcome = Outcome.of(
                row,
                QUEUED,
                error_code=None,
                error=f"网络错误：{type(exc).__name__}",
            )
            outcome.unconfirmed_since = row.unconfirmed_since or now
            if row.channel != "mp_template":
                outcome.state, outcome.error = FAILED, UNKNOWN_SUBSCRIBE
            outcomes.append(outcome)
            continue
        msgid = result.get("msgid") if isinstance(result, dict) else None
        outcomes.append(Outcome.of(row, SENT, wx_msgid=str(msgid) if msgid else None))
    return outcomes


def _errcode(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _classify(row: Claimed, errcode: Any, errmsg: Any, now: datetime) -> Outcome:
    try:
        code = int(errcode) if errcode is not None else None
    except (TypeError, ValueError):
        code = None
    if code is None:
        # HTTP error status from WeChat's front end: not accepted, try again.
        return Outcome.of(
            row,
            QUEUED,
            error="微信接口 HTTP 错误",
            unconfirmed_since=row.unconfirmed_since,
        )
    if code in TRANSIENT_ERRORS:
        return Outcome.of(
            row,
            QUEUED,
            error_code=code,
            error=TRANSIENT_ERRORS[code],
            unconfirmed_since=row.unconfirmed_since,
        )
    reason = PERMANENT_ERRORS.get(code) or f"微信拒绝：{str(errmsg or '')[:120]}"
    return Outcome.of(row, FAILED, error_code=code, error=reason)


def _opted_out(openids: set[str]) -> set[str]:
    """Of ``openids``, those whose follower record says unfollowed or opted out."""
    if not openids:
        return set()
    with read_only() as session:
        return set(
            session.execute(
                select(Follower.openid).where(
                    Follower.openid.in_(openids),
                    or_(Follower.opted_out.is_(True), Follower.subscribed.is_(False)),
                )
            ).scalars()
        )


def _flush(outcomes: list[Outcome], max_attempts: int, sender: Sender) -> None:
    """Write a batch's outcomes in one transaction."""
    R = NotificationRecipient
    now = utcnow()
    sent = [o for o in outcomes if o.state == SENT]
    with unit_of_work() as uow:
        session = uow.session
        if sent:
            # The common case in one executemany (a 100k broadcast is mostly this).
            t = cast(Table, NotificationRecipient.__table__)
            session.execute(
                t.update()
                .where(t.c.id == bindparam("rid"), t.c.state != SENT)
                .values(
                    state=SENT,
                    wx_msgid=bindparam("msgid"),
                    sent_at=now,
                    updated_at=now,
                    error=None,
                    error_code=None,
                    next_attempt_at=None,
                    unconfirmed_since=None,
                ),
                [{"rid": o.id, "msgid": o.wx_msgid} for o in sent],
            )
            for o in sent:
                if o.channel == "miniapp_subscribe":
                    _use_subscription(session, o.openid)
        for o in outcomes:
            if o.state == SENT:
                continue
            values: dict[str, Any] = {"updated_at": now, "error_code": o.error_code}
            guard = [R.id == o.id]
            if o.state == QUEUED and o.refund_attempt:
                values.update(state=QUEUED, attempts=R.attempts - 1, next_attempt_at=None)
                values.pop("error_code")
                guard.append(R.state == ROW_SENDING)
            elif o.state == QUEUED:
                attempts = session.execute(select(R.attempts).where(R.id == o.id)).scalar_one()
                if attempts >= max_attempts:
                    values.update(
                        state=FAILED,
                        error=f"{MAX_ATTEMPTS_REACHED}（{o.error}）"[:200],
                    )
                else:
                    values.update(
                        state=QUEUED,
                        error=(o.error or "")[:200] or None,
                        next_attempt_at=now + sender.backoff(attempts),
                        unconfirmed_since=o.unconfirmed_since,
                    )
                guard.append(R.state == ROW_SENDING)
            else:  # failed | skipped
                values.update(state=o.state, error=(o.error or "")[:200] or None)
                guard.append(R.state == ROW_SENDING)
            session.execute(
                update(R)
                .where(*guard)
                .values(**values)
                .execution_options(synchronize_session=False)
            )


def _use_subscription(session: Session, openid: str) -> None:
    """One accepted subscribe message used up (one-time subscriptions allow one each)."""
    template_id = current_runtime().settings.miniapp_subscribe_template_id
    S = MiniappSubscription
    session.execute(
        update(S)
        .where(S.openid == openid, S.template_id == template_id, S.remaining > 0)
        .values(remaining=S.remaining - 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def _pause_for_quota(notification_id: int, appid: str) -> None:
    """45009: pause the notification and remember the account's quota is spent until the
    daily reset (the scheduler resumes quota-paused notifications then; other notifications
    being sent pause themselves on their own 45009)."""
    mark_quota_spent(appid)
    with unit_of_work() as uow:
        uow.session.execute(
            update(Notification)
            .where(Notification.id == notification_id, Notification.status == SENDING)
            .values(status=NotificationStatus.PAUSED.value, pause_reason=QUOTA_PAUSE_REASON)
            .execution_options(synchronize_session=False)
        )
    log.warning("notification %s paused: WeChat daily quota reached (45009)", notification_id)


def finish_if_complete(notification_id: int) -> bool:
    """Mark the notification ``done`` when no row is queued or sending. True when it was
    marked now. One unit of work."""
    R = NotificationRecipient
    open_rows = (
        select(R.id).where(R.notification_id == notification_id, R.state.in_(OPEN_STATES)).exists()
    )
    with unit_of_work() as uow:
        marked = _rowcount(
            uow.session.execute(
                update(Notification)
                .where(
                    and_(Notification.id == notification_id, Notification.status == SENDING),
                    ~open_rows,
                )
                .values(status=NotificationStatus.DONE.value, finished_at=utcnow())
                .execution_options(synchronize_session=False)
            )
        )
    return bool(marked)
