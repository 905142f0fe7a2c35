"""Policy notifications as staff and the edges use them (issue 5): compose, preview, confirm,
cancel, pause, resume, follow progress; receipts and subscriptions from WeChat; proactive
matching. The console, the staff API and the callback import this module only.

The life of a notification and its labels: ``bluecard.notifications.lifecycle``. Starting
to send writes one recipient row per person (``audience``) before anything is sent;
``delivery`` then sends each exactly once; ``worker`` runs the sends (RQ, or in-process on
the embedded defaults) and the scheduler's periodic step (``dispatch_due``).

Every staff action needs the permission ``notification.send`` (policy staff, admin) and is
one unit of work (``bluecard.uow``), audited, refusals included. Refusals raise
``bluecard.services.errors`` (NotFound, Conflict, Refused, Forbidden).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bluecard.models import utcnow
from bluecard.notifications.audience import (
    Audience,
    NotificationFormError,
    audience_district,
    blank,
    load_notification,
    parse_audience,
    preview_count,
    scope_audience,
)
from bluecard.notifications.delivery import (
    DETAIL_LINK_TEXT,
    TEMPLATE_LABELS,
    TEMPLATE_TITLE,
    account_ids,
    compose_message,
    template_data,
)
from bluecard.notifications.lifecycle import (
    CANCELLED_REASON,
    FINAL_STATUSES,
    FINISHED_STATES,
    QUOTA_PAUSE_REASON,
    STATE_LABELS,
    STATUS_LABELS,
    UNDELIVERED_STATES,
    NotificationStatus,
    RecipientState,
    status_label,
)
from bluecard.notifications.matching import MatchResult, run_matching
from bluecard.notifications.models import MiniappSubscription, Notification, NotificationRecipient
from bluecard.notifications.ratelimit import clear_quota_marks
from bluecard.notifications.scheduler import start
from bluecard.notifications.worker import (
    dispatch_due,
    enqueue_run,
    listening_workers,
)
from bluecard.privacy import mask_openid
from bluecard.runtime import current_runtime
from bluecard.services.errors import Conflict, Refused
from bluecard.staff.audit import Actor, require
from bluecard.uow import read_only, unit_of_work
from policy_kb.chinatime import CHINA_TZ
from policy_kb.regions import REGIONS

__all__ = [
    "PERMISSION",
    "STATE_LABELS",
    "STATUS_LABELS",
    "Audience",
    "ComposeChoices",
    "MatchResult",
    "MessagePreview",
    "NotificationFormError",
    "NotificationView",
    "SendingSetup",
    "cancel",
    "compose_choices",
    "confirm",
    "create_draft",
    "delivery_counts_by_state",
    "dispatch_due",
    "draft_preview",
    "get_notification",
    "list_notifications",
    "pause",
    "preview_count",
    "preview_message",
    "record_subscription",
    "record_template_delivery",
    "resume",
    "run_matching",
    "sending_setup",
]

log = logging.getLogger(__name__)

PERMISSION = "notification.send"
MAX_TITLE = 100
MAX_BODY = 1000
#: How far ahead a notification may be scheduled.
MAX_SCHEDULE_AHEAD = timedelta(days=90)


# -- progress ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class NotificationView:
    """A notification with its progress.

    counts: rows per recipient state (queued, sending, sent, failed, skipped); total: rows.
    delivery: TEMPLATESENDJOBFINISH results (success, failed:user block...) per count.
    failures: up to 50 failed/skipped rows as (masked openid, errcode, reason).
    failure_reasons: reason → count over all failed and skipped rows.
    link_label: the linked document as staff cite it — 文号 and 《title》 (or 《title》
    alone when no 文号 is printed), then the clause number and （征求意见稿） for a draft —
    None without a link.
    """

    id: int
    title: str
    body: str
    link_doc: str | None
    link_clause: str | None
    audience: dict[str, Any]
    audience_text: str
    kind: str
    status: str
    status_label: str
    send_at: datetime | None
    created_at: datetime
    confirmed_at: datetime | None
    finished_at: datetime | None
    pause_reason: str | None
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    delivery: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, int | None, str | None]] = field(default_factory=list)
    failure_reasons: dict[str, int] = field(default_factory=dict)
    link_label: str | None = None

    @property
    def done_percent(self) -> int:
        """Share of rows no longer waiting (sent, failed or skipped), 0-100."""
        if not self.total:
            return 100 if self.status == NotificationStatus.DONE else 0
        finished = sum(self.counts.get(s, 0) for s in FINISHED_STATES)
        return int(finished * 100 / self.total)

    def to_dict(self) -> dict[str, Any]:
        """JSON form for the API."""
        return {
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "link_doc": self.link_doc,
            "link_clause": self.link_clause,
            "link_label": self.link_label,
            "audience": self.audience,
            "audience_text": self.audience_text,
            "kind": self.kind,
            "status": self.status,
            "status_label": self.status_label,
            "send_at": _iso(self.send_at),
            "created_at": _iso(self.created_at),
            "confirmed_at": _iso(self.confirmed_at),
            "finished_at": _iso(self.finished_at),
            "pause_reason": self.pause_reason,
            "counts": self.counts,
            "total": self.total,
            "done_percent": self.done_percent,
            "delivery": self.delivery,
            "failures": [{"openid": o, "error_code": c, "reason": r} for o, c, r in self.failures],
            "failure_reasons": self.failure_reasons,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _validated(
    actor: Actor,
    title: str,
    body: str,
    audience: dict[str, Any],
    link_doc: str | None,
    link_clause: str | None,
    send_at: datetime | None,
) -> tuple[str, str, Audience, str | None, str | None, datetime | None]:
    """The composed fields checked (see ``create_draft``); raises NotificationFormError with
    every bad field named."""
    errors: dict[str, str] = {}
    title = (title or "").strip()
    body = (body or "").strip()
    if not title:
        errors["title"] = "请填写标题"
    elif len(title) > MAX_TITLE:
        errors["title"] = f"标题不能超过{MAX_TITLE}个字（现在{len(title)}个）"
    if not body:
        errors["body"] = "请填写正文"
    elif len(body) > MAX_BODY:
        errors["body"] = f"正文不能超过{MAX_BODY}个字（现在{len(body)}个）"
    link_doc, link_clause = blank(link_doc), blank(link_clause)
    kb = current_runtime().knowledge.kb
    if link_clause and not link_doc:
        errors["link_doc"] = "选择条款前请先选择文件"
    elif link_doc:
        if link_doc not in kb.documents:
            errors["link_doc"] = f"知识库中没有文件 {link_doc}"
        elif not _governs_for(actor, kb.documents[link_doc].meta.regions):
            errors["link_doc"] = f"只能关联本区县（{actor.district}）的政策文件"
        elif link_clause:
            try:
                kb.clause(link_doc, link_clause)
            except KeyError:
                errors["link_clause"] = f"文件 {link_doc} 中没有条款 {link_clause}"
    if send_at is not None:
        if send_at.tzinfo is None:
            send_at = send_at.replace(tzinfo=CHINA_TZ).astimezone(UTC)
        now = utcnow()
        if send_at <= now:
            errors["send_at"] = "定时发送的时间必须晚于现在"
        elif send_at > now + MAX_SCHEDULE_AHEAD:
            errors["send_at"] = "定时发送最多提前90天"
    parsed: Audience | None
    try:
        parsed = parse_audience(audience)
    except NotificationFormError as exc:
        errors.update(exc.errors)
        parsed = None
    if parsed is not None and parsed.kind == "newly_eligible":
        errors["audience"] = "「新符合条件的职工」由规则匹配自动生成，不能手动选择"
    elif parsed is not None:
        try:
            parsed = scope_audience(parsed, actor)
        except NotificationFormError as exc:
            errors.update(exc.errors)
    if errors or parsed is None:
        raise NotificationFormError(errors)
    return title, body, parsed, link_doc, link_clause, send_at


# -- composing: what may be chosen, whether sending is set up, the message as sent -------------
#: Clauses offered as link targets: the document's articles and their first sub-level.
LINK_CLAUSE_LEVELS = 2


def _governs_for(actor: Actor, regions: tuple[str, ...] | list[str]) -> bool:
    """True when a document governing ``regions`` is inside the actor's district boundary
    (staff of all districts see every document)."""
    return actor.district is None or any(actor.sees(r) for r in regions)


@dataclass(frozen=True)
class DocumentChoice:
    """A document a notification may point to: ``doc_id``, ``title``, ``citation`` (文号,
    else 《title》), the ``regions`` it governs, ``draft`` (征求意见稿), and its ``clauses``
    as (clause_id, label) — articles and their first sub-level, each label saying the
    clause's number once and its heading or the start of its text."""

    doc_id: str
    title: str
    citation: str
    regions: tuple[str, ...]
    draft: bool
    clauses: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ComposeChoices:
    """What the compose form offers an actor: the ``districts`` they may address (only their
    own when bound to one: ``own_district``) and the ``documents`` governing those districts
    (all documents for staff of all districts)."""

    districts: tuple[str, ...]
    own_district: str | None
    documents: tuple[DocumentChoice, ...]


def _clause_label(number: str, heading: str, text: str) -> str:
    about = heading or " ".join(text.split())[:24]
    return f"{number} {about}".strip()[:48]


def compose_choices(actor: Actor) -> ComposeChoices:
    """Districts and documents (with their clauses) the actor may choose when composing.
    Reads the knowledge base of the current version (published uploads included). Raises
    PermissionDenied."""
    require(actor, PERMISSION)
    kb = current_runtime().knowledge.kb
    documents = []
    for doc_id in sorted(kb.documents):
        doc = kb.documents[doc_id]
        meta = doc.meta
        if not _governs_for(actor, meta.regions):
            continue
        clauses = tuple(
            (c.clause_id, _clause_label(c.clause_id, c.heading, c.text))
            for c in doc.clauses
            if c.level <= LINK_CLAUSE_LEVELS and not c.number.startswith("附件")
        )
        documents.append(
            DocumentChoice(
                doc_id=doc_id,
                title=meta.title,
                citation=meta.citation(),
                regions=tuple(meta.regions),
                draft=meta.status == "draft",
                clauses=clauses,
            )
        )
    if actor.district is not None:
        districts: tuple[str, ...] = (actor.district,) if actor.district else ()
    else:
        districts = tuple(r.name for r in REGIONS)
    return ComposeChoices(districts, actor.district, tuple(documents))


@dataclass(frozen=True)
class SendingSetup:
    """Whether notifications can be sent from this deployment: ``missing`` names, in
    Chinese, each thing an operator must still set up (empty: ready); ``queued`` is True
    when sends go through the RQ queue (REDIS_URL set) rather than in-process."""

    missing: tuple[str, ...]
    queued: bool

    @property
    def ready(self) -> bool:
        """True when nothing is missing."""
        return not self.missing

    def to_dict(self) -> dict[str, Any]:
        """JSON form for the API."""
        return {"ready": self.ready, "missing": list(self.missing), "queued": self.queued}


def sending_setup() -> SendingSetup:
    """What sending still needs: the official account's AppID and AppSecret, the template
    id, and — with REDIS_URL set — a worker listening on the queue (without one, confirmed
    notifications would wait in the queue unsent). On the embedded defaults a confirmed
    notification is sent in-process, so no worker is required to send it now. Raises
    redis errors when Redis is unreachable (the edges answer 503)."""
    settings = current_runtime().settings
    missing = []
    if not (settings.wechat_app_id and settings.wechat_app_secret):
        missing.append("公众号 AppID 和 AppSecret（WECHAT_APP_ID、WECHAT_APP_SECRET）")
    if not settings.wechat_template_id:
        missing.append("政策通知的模板消息 ID（WECHAT_TEMPLATE_ID）")
    workers = listening_workers()
    if workers == 0:
        missing.append(
            "发送进程：已设置 REDIS_URL，通知经队列发送，但没有进程在处理队列"
            "（请运行 python -m bluecard.notifications.worker）"
        )
    return SendingSetup(tuple(missing), workers is not None)


@dataclass(frozen=True)
class MessagePreview:
    """A notification as the worker sees it in WeChat, rendered by the code that sends it
    (``delivery.compose_message`` and ``delivery.template_data``): the template's ``title``,
    its ``fields`` as (label, value) in order with each value cut to WeChat's 20 characters
    as it will be sent, the ``link_text`` under the message and the ``url`` it opens (None:
    no link), ``personal`` True when the last field is each recipient's own line (proactive
    matching; the preview shows the first recipient's), and ``cut``: labels of the fields
    WeChat will show shortened."""

    title: str
    fields: tuple[tuple[str, str], ...]
    link_text: str
    url: str | None
    personal: bool
    cut: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form for the API."""
        return {
            "title": self.title,
            "fields": [{"label": label, "value": value} for label, value in self.fields],
            "link_text": self.link_text,
            "url": self.url,
            "personal": self.personal,
            "cut": list(self.cut),
        }


def _preview(
    title: str,
    body: str,
    link_doc: str | None,
    link_clause: str | None,
    personal: str | None,
    when: datetime,
    notification_id: int = 0,
) -> MessagePreview:
    message = compose_message(notification_id, title, body, link_doc, link_clause, when)
    data = template_data(message, personal)
    full = {"thing1": title, "thing2": message.source, "thing4": personal or body}
    fields = tuple((TEMPLATE_LABELS.get(k, k), v["value"]) for k, v in data.items())
    cut = tuple(
        TEMPLATE_LABELS.get(k, k)
        for k, v in data.items()
        if k in full and full[k] and v["value"] != " ".join(full[k].split())
    )
    return MessagePreview(
        TEMPLATE_TITLE, fields, DETAIL_LINK_TEXT, message.url, personal is not None, cut
    )


def preview_message(
    actor: Actor,
    *,
    title: str,
    body: str,
    link_doc: str | None = None,
    link_clause: str | None = None,
) -> MessagePreview:
    """The message a worker would receive for these composed fields if sent now (nothing is
    stored). A document outside the actor's district is not linked. Raises
    PermissionDenied."""
    require(actor, PERMISSION)
    doc, clause = blank(link_doc), blank(link_clause)
    kb = current_runtime().knowledge.kb
    if doc is not None and (
        doc not in kb.documents or not _governs_for(actor, kb.documents[doc].meta.regions)
    ):
        doc = clause = None
    return _preview((title or "").strip(), (body or "").strip(), doc, clause, None, utcnow())


def draft_preview(actor: Actor, notification_id: int) -> MessagePreview:
    """The message the recipients of a stored notification get (a draft: as if confirmed
    now); for proactive matching, with the first recipient's personal line. Raises
    PermissionDenied, NotFound (none, or outside the actor's district)."""
    require(actor, PERMISSION)
    R = NotificationRecipient
    with read_only() as session:
        n = load_notification(session, notification_id, actor=actor)
        personal = session.execute(
            select(R.personal)
            .where(R.notification_id == n.id, R.personal.is_not(None))
            .order_by(R.id)
            .limit(1)
        ).scalar_one_or_none()
        fields = (n.id, n.title, n.body, n.link_doc, n.link_clause, n.confirmed_at)
    nid, title, body, doc, clause, confirmed_at = fields
    return _preview(title, body, doc, clause, personal, confirmed_at or utcnow(), nid)


def create_draft(
    actor: Actor,
    *,
    title: str,
    body: str,
    audience: dict[str, Any],
    link_doc: str | None = None,
    link_clause: str | None = None,
    send_at: datetime | None = None,
) -> NotificationView:
    """Compose a notification (status ``draft``); nothing is sent until ``confirm``.

    title ≤ 100 and body ≤ 1000 characters, both required. link_doc / link_clause: a document
    of the knowledge base and, optionally, one of its clauses. send_at: aware datetime (a
    naive one is read as Beijing time), in the future, at most 90 days ahead; None = on
    confirmation. Raises PermissionDenied, NotificationFormError (every bad field named).
    One unit of work (with the audit row).
    """
    with unit_of_work(actor, "notification.create", target_type="notification") as uow:
        uow.require(PERMISSION)
        title, body, parsed, link_doc, link_clause, send_at = _validated(
            actor, title, body, audience, link_doc, link_clause, send_at
        )
        row = Notification(
            title=title,
            body=body,
            link_doc=link_doc,
            link_clause=link_clause,
            audience=parsed.to_dict(),
            kind="manual",
            status=NotificationStatus.DRAFT.value,
            send_at=send_at,
            created_by=actor.staff_id,
            created_at=utcnow(),
        )
        uow.session.add(row)
        uow.session.flush()
        notification_id = row.id
        uow.audit(
            target_id=notification_id,
            detail={"audience": parsed.to_dict(), "scheduled": send_at is not None},
        )
    return get_notification(notification_id)


def _check_configured() -> None:
    settings = current_runtime().settings
    if not settings.wechat_template_id:
        raise Refused(
            "未配置模板消息 ID（WECHAT_TEMPLATE_ID），无法发送；请运维在配置中填写后再确认。",
            code="not_configured",
        )
    if not (settings.wechat_app_id and settings.wechat_app_secret):
        raise Refused(
            "未配置公众号 AppID/AppSecret（WECHAT_APP_ID / WECHAT_APP_SECRET），无法发送。",
            code="not_configured",
        )


def confirm(actor: Actor, notification_id: int, *, parallel: int | None = None) -> NotificationView:
    """Confirm a draft: schedule it (send_at in the future) or start sending now — the
    recipient rows are written in this unit of work, then send jobs are enqueued (embedded
    defaults: sent in-process before returning).

    parallel: RQ jobs to enqueue (default one per listening worker). Raises
    PermissionDenied, NotFound, Conflict (not a draft), Refused(code="not_configured") when
    WECHAT_TEMPLATE_ID or the account's AppID/secret is unset.
    """
    with unit_of_work(
        actor, "notification.confirm", target_type="notification", target_id=notification_id
    ) as uow:
        uow.require(PERMISSION)
        n = load_notification(uow.session, notification_id, lock=True, actor=actor)
        if n.status != NotificationStatus.DRAFT:
            raise Conflict(
                f"通知当前状态为「{status_label(n.status)}」，只有草稿可以确认发送",
                code="invalid_transition",
            )
        _check_configured()
        now = utcnow()
        n.confirmed_by = actor.staff_id
        n.confirmed_at = now
        detail: dict[str, Any] = {}
        if n.send_at is not None and n.send_at > now:
            n.status = NotificationStatus.SCHEDULED.value
            detail["send_at"] = n.send_at.isoformat()
        else:
            detail["recipients"] = start(uow.session, n)
        sending = n.status == NotificationStatus.SENDING
        uow.audit(detail=detail)
    if sending:
        enqueue_run(notification_id, parallel)
    return get_notification(notification_id)


def cancel(actor: Actor, notification_id: int) -> NotificationView:
    """Cancel a notification not finished yet; rows not sent yet are ``skipped``
    (CANCELLED_REASON); a batch already handed to WeChat still completes. Raises
    PermissionDenied, NotFound, Conflict (done or cancelled already). One unit of work."""
    with unit_of_work(
        actor, "notification.cancel", target_type="notification", target_id=notification_id
    ) as uow:
        uow.require(PERMISSION)
        n = load_notification(uow.session, notification_id, lock=True, actor=actor)
        if n.status in FINAL_STATUSES:
            raise Conflict(f"通知已{status_label(n.status)}，不能取消", code="invalid_transition")
        n.status = NotificationStatus.CANCELLED.value
        n.finished_at = utcnow()
        R = NotificationRecipient
        skipped = uow.session.execute(
            update(R)
            .where(R.notification_id == n.id, R.state == RecipientState.QUEUED.value)
            .values(state=RecipientState.SKIPPED.value, error=CANCELLED_REASON, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        uow.audit(detail={"skipped": int(getattr(skipped, "rowcount", 0) or 0)})
    return get_notification(notification_id)


def pause(actor: Actor, notification_id: int, reason: str | None = None) -> NotificationView:
    """Pause a notification being sent (workers stop claiming its rows; a batch in flight
    completes). Raises PermissionDenied, NotFound, Conflict (not sending). One unit of work."""
    with unit_of_work(
        actor, "notification.pause", target_type="notification", target_id=notification_id
    ) as uow:
        uow.require(PERMISSION)
        n = load_notification(uow.session, notification_id, lock=True, actor=actor)
        if n.status != NotificationStatus.SENDING:
            raise Conflict("只有发送中的通知可以暂停", code="invalid_transition")
        n.status = NotificationStatus.PAUSED.value
        n.pause_reason = (reason or f"由 {actor.username} 手动暂停")[:200]
        uow.audit()
    return get_notification(notification_id)


def resume(actor: Actor, notification_id: int, *, parallel: int | None = None) -> NotificationView:
    """Resume a paused notification (staff pause, or the 45009 quota pause: then the quota
    mark is cleared and sending retried; a quota still spent pauses it again). Raises
    PermissionDenied, NotFound, Conflict (not paused). One unit of work, then the run."""
    with unit_of_work(
        actor, "notification.resume", target_type="notification", target_id=notification_id
    ) as uow:
        uow.require(PERMISSION)
        n = load_notification(uow.session, notification_id, lock=True, actor=actor)
        if n.status != NotificationStatus.PAUSED:
            raise Conflict("只有已暂停的通知可以恢复", code="invalid_transition")
        quota = n.pause_reason == QUOTA_PAUSE_REASON
        n.status = NotificationStatus.SENDING.value
        n.pause_reason = None
        uow.audit(detail={"after_quota": quota})
    if quota:
        clear_quota_marks(account_ids())
    enqueue_run(notification_id, parallel)
    return get_notification(notification_id)


# -- reading -----------------------------------------------------------------------------------
def _state_counts(session: Session, notification_id: int) -> dict[str, int]:
    R = NotificationRecipient
    counts = dict.fromkeys(STATE_LABELS, 0)
    for state, count in session.execute(
        select(R.state, func.count()).where(R.notification_id == notification_id).group_by(R.state)
    ):
        counts[state] = int(count)
    return counts


def get_notification(notification_id: int, actor: Actor | None = None) -> NotificationView:
    """The notification with its progress and delivery report; with ``actor``, one outside
    the actor's district is NotFound. Raises NotFound."""
    R = NotificationRecipient
    with read_only() as session:
        n = load_notification(session, notification_id, actor=actor)
        counts = _state_counts(session, n.id)
        delivery = {
            str(d): int(c)
            for d, c in session.execute(
                select(R.delivery, func.count())
                .where(R.notification_id == n.id, R.delivery.is_not(None))
                .group_by(R.delivery)
            )
        }
        failures = [
            (mask_openid(o), code, error)
            for o, code, error in session.execute(
                select(R.openid, R.error_code, R.error)
                .where(R.notification_id == n.id, R.state.in_(UNDELIVERED_STATES))
                .order_by(R.id)
                .limit(50)
            )
        ]
        reasons = {
            str(reason or "未知"): int(c)
            for reason, c in session.execute(
                select(R.error, func.count())
                .where(R.notification_id == n.id, R.state.in_(UNDELIVERED_STATES))
                .group_by(R.error)
            )
        }
        return _view(n, counts, delivery, failures, reasons)


def _view(
    n: Notification,
    counts: dict[str, int],
    delivery: dict[str, int] | None = None,
    failures: list[tuple[str, int | None, str | None]] | None = None,
    reasons: dict[str, int] | None = None,
) -> NotificationView:
    try:
        audience_text = parse_audience(n.audience).describe()
    except NotificationFormError:
        audience_text = str(n.audience)
    return NotificationView(
        id=n.id,
        title=n.title,
        body=n.body,
        link_doc=n.link_doc,
        link_clause=n.link_clause,
        audience=dict(n.audience or {}),
        audience_text=audience_text,
        kind=n.kind,
        status=n.status,
        status_label=status_label(n.status),
        send_at=n.send_at,
        created_at=n.created_at,
        confirmed_at=n.confirmed_at,
        finished_at=n.finished_at,
        pause_reason=n.pause_reason,
        counts=counts,
        total=sum(counts.values()),
        delivery=delivery or {},
        failures=failures or [],
        failure_reasons=reasons or {},
        link_label=link_label(n.link_doc, n.link_clause),
    )


def link_label(doc_id: str | None, clause_id: str | None) -> str | None:
    """How staff read a notification's link (see ``NotificationView.link_label``): from the
    current knowledge base; a document no longer in it is named by its id, said so."""
    if not doc_id:
        return None
    doc = current_runtime().knowledge.kb.documents.get(doc_id)
    if doc is None:
        return f"{doc_id}（该文件已不在知识库中）"
    meta = doc.meta
    label = f"{meta.wenhao}《{meta.title}》" if meta.wenhao else f"《{meta.title}》"
    if clause_id:
        try:
            label += f" {doc.clause(clause_id).number}"
        except KeyError:
            label += f" {clause_id}"
    return label + ("（征求意见稿）" if meta.status == "draft" else "")


def list_notifications(limit: int = 50, actor: Actor | None = None) -> list[NotificationView]:
    """Newest notifications first, with their counts (no failure details); with ``actor``
    bound to a district, only notifications whose audience is that district's."""
    R = NotificationRecipient
    with read_only() as session:
        rows = list(
            session.execute(
                select(Notification)
                .where(Notification.kind != "decision")  # a worker's own decision message
                .order_by(Notification.id.desc())
                .limit(limit)
            ).scalars()
        )
        if actor is not None and actor.district is not None:
            rows = [n for n in rows if audience_district(n.audience) == actor.district]
        counts: dict[int, dict[str, int]] = {n.id: dict.fromkeys(STATE_LABELS, 0) for n in rows}
        if rows:
            for nid, state, count in session.execute(
                select(R.notification_id, R.state, func.count())
                .where(R.notification_id.in_(list(counts)))
                .group_by(R.notification_id, R.state)
            ):
                counts[nid][state] = int(count)
        return [_view(n, counts[n.id]) for n in rows]


def delivery_counts_by_state(notification_id: int) -> dict[str, int]:
    """Row counts per recipient state (cheap; for progress polling)."""
    with read_only() as session:
        return _state_counts(session, notification_id)


# -- events and subscriptions ------------------------------------------------------------------
def record_template_delivery(msg_id: str | None, status: str | None) -> bool:
    """TEMPLATESENDJOBFINISH: set ``delivery`` (``success``, ``failed:user block``,
    ``failed: system failed``) on the recipient row WeChat's MsgID names. Returns True
    when a row matched. One unit of work."""
    if not msg_id or not status:
        return False
    R = NotificationRecipient
    with unit_of_work() as uow:
        result = uow.session.execute(
            update(R)
            .where(R.wx_msgid == str(msg_id)[:32])
            .values(delivery=status[:64], updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    return bool(getattr(result, "rowcount", 0))


def record_subscription(openid: str, template_id: str, accepted: bool) -> int:
    """A mini-program user answered wx.requestSubscribeMessage for ``template_id``:
    ``accepted`` adds one allowed message (one-time subscription), a refusal clears them.
    Returns the messages now allowed. One unit of work."""
    S = MiniappSubscription
    with unit_of_work() as uow:
        row = uow.session.execute(
            select(S).where(S.openid == openid, S.template_id == template_id)
        ).scalar_one_or_none()
        if row is None:
            row = S(openid=openid, template_id=template_id, remaining=0, updated_at=utcnow())
            uow.session.add(row)
        row.remaining = (row.remaining or 0) + 1 if accepted else 0
        row.updated_at = utcnow()
        remaining = row.remaining
    return int(remaining)
