"""Policy notifications: compose, target, preview, confirm, follow progress (issue 5).

Life of a notification (``Notification.status``): ``draft`` (composed) → ``confirm`` →
``scheduled`` (send_at in the future; ``dispatch_due`` starts it) or ``sending`` →
``done``; ``sending`` ⇄ ``paused`` (staff, or WeChat's daily quota 45009);
draft/scheduled/sending/paused → ``cancelled`` (rows not yet sent are skipped).

Starting to send writes one ``NotificationRecipient`` row per recipient (state ``queued``) in
bulk (INSERT ... SELECT) before anything is sent; ``bluecard.delivery`` then sends each
exactly once (see its docstring). Followers who unfollowed or opted out (「退订」) are left
out when the rows are written, and skipped at send time if they opted out in between.

Audiences (``audience`` dict):
- ``{"kind": "followers"}``: every follower of the official account (following, not opted out).
- ``{"kind": "card_holders", "district": "叶集区"?, "skill_level": "技师"?, "employer": "…"?}``:
  holders of an active 技工蓝卡, optionally of that district, skill level and current
  employer (name or 统一社会信用代码).
- ``{"kind": "newly_eligible", "rule_ids": [...]}``: made by proactive matching
  (``bluecard.matching``), with a personal line per worker (amount and clause).

Channels: ``mp_template`` (official-account template message) for followers;
``miniapp_subscribe`` for mini-program users who are not followers but accepted the
subscribe-message template (``MiniappSubscription.remaining`` > 0).

Every staff action needs the permission ``notification.send`` (policy staff, admin) and is
audited. Refusals raise ``bluecard.services.errors`` (NotFound, Conflict, Refused, Forbidden).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, insert, literal, or_, select, update

from bluecard.extensions import db
from bluecard.models import (
    BlueCard,
    Employment,
    Follower,
    MiniappSubscription,
    Notification,
    NotificationRecipient,
    utcnow,
)
from bluecard.privacy import mask_openid
from bluecard.runtime import current_runtime
from bluecard.services.errors import Conflict, NotFound, Refused
from bluecard.staff import audit
from bluecard.staff.audit import Actor
from policy_kb.eligibility import canonical_skill_level
from policy_kb.regions import canonical_region

log = logging.getLogger(__name__)

PERMISSION = "notification.send"
AUDIENCE_KINDS = ("followers", "card_holders", "newly_eligible")
AUDIENCE_LABELS = {
    "followers": "全部关注者",
    "card_holders": "蓝卡持卡人",
    "newly_eligible": "新符合条件的职工（主动匹配）",
}
STATUS_LABELS = {
    "draft": "草稿",
    "scheduled": "已排期",
    "sending": "发送中",
    "paused": "已暂停",
    "done": "已完成",
    "cancelled": "已取消",
}
STATE_LABELS = {
    "queued": "排队中",
    "sending": "发送中",
    "sent": "已发送",
    "failed": "失败",
    "skipped": "已跳过",
}
MAX_TITLE = 100
MAX_BODY = 1000
MAX_EMPLOYER = 128
CANCELLED_REASON = "通知已取消，未发送"
#: How far ahead a notification may be scheduled.
MAX_SCHEDULE_AHEAD = timedelta(days=90)
CHINA_OFFSET = timedelta(hours=8)


class NotificationFormError(Refused):
    """The composed notification is invalid; ``errors`` maps each bad field to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("；".join(errors.values()), code="invalid_notification")


# -- audience ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Audience:
    """Validated targeting (see the module docstring)."""

    kind: str
    district: str | None = None
    skill_level: str | None = None
    employer: str | None = None
    rule_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form stored in ``Notification.audience``."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind == "card_holders":
            out.update(district=self.district, skill_level=self.skill_level, employer=self.employer)
        if self.kind == "newly_eligible":
            out["rule_ids"] = list(self.rule_ids)
        return out

    def describe(self) -> str:
        """Human description, e.g. 「蓝卡持卡人 · 叶集区 · 技师」."""
        parts = [AUDIENCE_LABELS.get(self.kind, self.kind)]
        parts += [p for p in (self.district, self.skill_level, self.employer) if p]
        return " · ".join(parts)


def parse_audience(raw: dict[str, Any] | None) -> Audience:
    """Validate an audience dict. Raises NotificationFormError naming the bad field."""
    raw = dict(raw or {})
    errors: dict[str, str] = {}
    kind = str(raw.get("kind") or "").strip()
    if kind not in AUDIENCE_KINDS:
        errors["audience"] = "请选择发送对象：全部关注者或蓝卡持卡人"
    district = _blank(raw.get("district"))
    if district is not None:
        canonical = canonical_region(district)
        if canonical is None:
            errors["district"] = f"不认识的区县：{district}"
        district = canonical
    level = _blank(raw.get("skill_level"))
    if level is not None:
        canonical_level = canonical_skill_level(level)
        if canonical_level is None:
            errors["skill_level"] = f"不认识的技能等级：{level}"
        level = canonical_level
    employer = _blank(raw.get("employer"))
    if employer is not None and len(employer) > MAX_EMPLOYER:
        errors["employer"] = f"用人单位不能超过{MAX_EMPLOYER}个字"
    if kind != "card_holders" and (district or level or employer):
        errors.setdefault("audience", "按区县、技能等级、用人单位筛选只适用于蓝卡持卡人")
    if errors:
        raise NotificationFormError(errors)
    rule_ids = tuple(str(r) for r in raw.get("rule_ids") or ())
    return Audience(kind, district, level, employer, rule_ids)


def scope_audience(audience: Audience, actor: Actor | None) -> Audience:
    """``audience`` inside ``actor``'s district: staff bound to a district reach only that
    district's card holders (the district is filled in when left open). Raises
    NotificationFormError for followers at large or another district."""
    if actor is None or actor.district is None:
        return audience
    if not actor.district:
        raise NotificationFormError({"audience": "账号未设置所属区县，不能发送通知"})
    if audience.kind != "card_holders":
        raise NotificationFormError(
            {"audience": f"区县账号只能向{actor.district}的蓝卡持卡人发送通知"}
        )
    if audience.district not in (None, actor.district):
        raise NotificationFormError(
            {"district": f"只能向本区县（{actor.district}）的持卡人发送通知"}
        )
    return Audience(
        audience.kind, actor.district, audience.skill_level, audience.employer, audience.rule_ids
    )


def _blank(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _reachable_followers() -> Any:
    """Followers a push may reach: following and not opted out."""
    return and_(Follower.subscribed.is_(True), Follower.opted_out.is_(False))


def _card_holder_openids(audience: Audience) -> Any:
    """SELECT of openids holding an active card matching the audience's filters."""
    stmt = select(BlueCard.openid).where(BlueCard.status == "active")
    if audience.district:
        stmt = stmt.where(BlueCard.district == audience.district)
    if audience.skill_level:
        stmt = stmt.where(BlueCard.skill_level == audience.skill_level)
    if audience.employer:
        stmt = stmt.where(
            exists().where(
                Employment.card_id == BlueCard.id,
                Employment.ended_on.is_(None),
                or_(
                    Employment.employer_name == audience.employer,
                    Employment.credit_code == audience.employer.upper(),
                ),
            )
        )
    return stmt


def _audience_selects(audience: Audience) -> list[tuple[str, Any]]:
    """(channel, SELECT openid) pairs whose union is the audience, disjoint by construction:
    followers get template messages; card holders who are not followers but accepted the
    mini-program subscribe template get subscribe messages. Never an opted-out person."""
    followers = select(Follower.openid).where(_reachable_followers())
    if audience.kind == "followers":
        return [("mp_template", followers)]
    if audience.kind != "card_holders":
        return []
    holders = _card_holder_openids(audience)
    out: list[tuple[str, Any]] = [("mp_template", followers.where(Follower.openid.in_(holders)))]
    template_id = current_runtime().settings.miniapp_subscribe_template_id
    if template_id:
        S = MiniappSubscription
        known = select(Follower.openid).where(
            or_(Follower.subscribed.is_(True), Follower.opted_out.is_(True))
        )
        out.append(
            (
                "miniapp_subscribe",
                select(S.openid).where(
                    S.template_id == template_id,
                    S.remaining > 0,
                    S.openid.in_(holders),
                    S.openid.not_in(known),
                ),
            )
        )
    return out


def preview_count(audience: dict[str, Any] | Audience, actor: Actor | None = None) -> int:
    """How many people the audience reaches right now (who would get a message); with
    ``actor``, the audience is limited to the actor's district (``scope_audience``).

    Raises NotificationFormError for an invalid audience (or one outside the district).
    """
    parsed = audience if isinstance(audience, Audience) else parse_audience(audience)
    parsed = scope_audience(parsed, actor)
    total = 0
    for _channel, stmt in _audience_selects(parsed):
        total += db.session.execute(
            select(func.count()).select_from(stmt.distinct().subquery())
        ).scalar_one()
    db.session.rollback()
    return int(total)


def materialise(notification_id: int, audience: Audience) -> int:
    """Write one ``queued`` row per recipient (INSERT ... SELECT, in the current transaction;
    the caller commits). Returns the number of rows written. Called once per notification,
    under its row lock (``confirm`` / ``dispatch_due``); the channels' selects are disjoint,
    and the unique (notification_id, openid) constraint guards against a second call."""
    R = NotificationRecipient
    now = utcnow()
    written = 0
    for channel, stmt in _audience_selects(audience):
        source = stmt.distinct().subquery()
        rows = select(
            literal(notification_id).label("notification_id"),
            source.c.openid,
            literal(channel).label("channel"),
            literal("queued").label("state"),
            literal(0).label("attempts"),
            literal(now, type_=R.updated_at.type).label("updated_at"),
        )
        result = db.session.execute(
            insert(R).from_select(
                ["notification_id", "openid", "channel", "state", "attempts", "updated_at"],
                rows,
            )
        )
        written += max(int(result.rowcount or 0), 0)
    return written


# -- compose / confirm -------------------------------------------------------------------------
@dataclass(frozen=True)
class NotificationView:
    """A notification with its progress.

    counts: rows per recipient state (queued, sending, sent, failed, skipped); total: rows.
    delivery: TEMPLATESENDJOBFINISH results (success, failed:user block...) per count.
    failures: up to 50 failed/skipped rows as (masked openid, errcode, reason).
    failure_reasons: reason → count over all failed and skipped rows.
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

    @property
    def done_percent(self) -> int:
        """Share of rows no longer waiting (sent, failed or skipped), 0-100."""
        if not self.total:
            return 100 if self.status == "done" else 0
        finished = sum(self.counts.get(s, 0) for s in ("sent", "failed", "skipped"))
        return int(finished * 100 / self.total)

    def to_dict(self) -> dict[str, Any]:
        """JSON form for the API."""
        return {
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "link_doc": self.link_doc,
            "link_clause": self.link_clause,
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
    One commit (with the audit row).
    """
    audit.require(actor, PERMISSION)
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
    link_doc, link_clause = _blank(link_doc), _blank(link_clause)
    kb = current_runtime().knowledge.kb
    if link_clause and not link_doc:
        errors["link_doc"] = "选择条款前请先选择文件"
    elif link_doc:
        if link_doc not in kb.documents:
            errors["link_doc"] = f"知识库中没有文件 {link_doc}"
        elif link_clause:
            try:
                kb.clause(link_doc, link_clause)
            except KeyError:
                errors["link_clause"] = f"文件 {link_doc} 中没有条款 {link_clause}"
    if send_at is not None:
        if send_at.tzinfo is None:
            send_at = (send_at - CHINA_OFFSET).replace(tzinfo=UTC)
        now = utcnow()
        if send_at <= now:
            errors["send_at"] = "定时发送的时间必须晚于现在"
        elif send_at > now + MAX_SCHEDULE_AHEAD:
            errors["send_at"] = "定时发送最多提前90天"
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
    if errors:
        raise NotificationFormError(errors)
    assert parsed is not None
    session = db.session
    try:
        row = Notification(
            title=title,
            body=body,
            link_doc=link_doc,
            link_clause=link_clause,
            audience=parsed.to_dict(),
            kind="manual",
            status="draft",
            send_at=send_at,
            created_by=actor.staff_id,
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        audit.record(
            actor,
            "notification.create",
            target_type="notification",
            target_id=row.id,
            detail={"audience": parsed.to_dict(), "scheduled": send_at is not None},
        )
        session.commit()
        notification_id = row.id
    except Exception:
        session.rollback()
        raise
    return get_notification(notification_id)


def _audience_district(audience: dict[str, Any] | None) -> str | None:
    """The district a stored audience is limited to (None: it spans districts)."""
    value = (audience or {}).get("district")
    return str(value) if value else None


def _load(notification_id: int, *, lock: bool = False, actor: Actor | None = None) -> Notification:
    """The notification; NotFound also when ``actor`` is bound to a district and the
    notification's audience is not limited to that district."""
    stmt = select(Notification).where(Notification.id == notification_id)
    if lock and db.session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    row = db.session.execute(stmt).scalar_one_or_none()
    if row is None or (
        actor is not None
        and actor.district is not None
        and _audience_district(row.audience) != actor.district
    ):
        raise NotFound(f"没有编号为 {notification_id} 的通知")
    return row


def _check_configured(n: Notification) -> None:
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
    recipient rows are written in this transaction, then send jobs are enqueued (embedded
    defaults: sent in-process before returning).

    parallel: RQ jobs to enqueue (default one per listening worker). Raises
    PermissionDenied, NotFound, Conflict (not a draft), Refused(code="not_configured") when
    WECHAT_TEMPLATE_ID or the account's AppID/secret is unset.
    """
    audit.require(actor, PERMISSION)
    session = db.session
    start = False
    try:
        n = _load(notification_id, lock=True, actor=actor)
        if n.status != "draft":
            raise Conflict(
                f"通知当前状态为「{STATUS_LABELS.get(n.status, n.status)}」，只有草稿可以确认发送",
                code="invalid_transition",
            )
        _check_configured(n)
        now = utcnow()
        n.confirmed_by = actor.staff_id
        n.confirmed_at = now
        detail: dict[str, Any] = {}
        if n.send_at is not None and n.send_at > now:
            n.status = "scheduled"
            detail["send_at"] = n.send_at.isoformat()
        else:
            detail["recipients"] = _start(n)
            start = n.status == "sending"
        audit.record(
            actor,
            "notification.confirm",
            target_type="notification",
            target_id=n.id,
            detail=detail,
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    if start:
        _enqueue(notification_id, parallel)
    return get_notification(notification_id)


def _start(n: Notification) -> int:
    """Write the rows and move to ``sending`` (``done`` at once when nobody is reached);
    in the caller's transaction."""
    audience = parse_audience(n.audience)
    written = materialise(n.id, audience) if audience.kind != "newly_eligible" else 0
    total = db.session.execute(
        select(func.count()).where(NotificationRecipient.notification_id == n.id)
    ).scalar_one()
    if total:
        n.status = "sending"
    else:
        n.status = "done"
        n.finished_at = utcnow()
    log.info("notification %s: %d recipients written", n.id, written)
    return int(total)


def _enqueue(notification_id: int, parallel: int | None = None) -> None:
    from bluecard.worker import enqueue_run

    enqueue_run(notification_id, parallel)


def cancel(actor: Actor, notification_id: int) -> NotificationView:
    """Cancel a notification not finished yet; rows not sent yet are ``skipped``
    (CANCELLED_REASON); a batch already handed to WeChat still completes. Raises
    PermissionDenied, NotFound, Conflict (done or cancelled already). One commit."""
    audit.require(actor, PERMISSION)
    session = db.session
    try:
        n = _load(notification_id, lock=True, actor=actor)
        if n.status in ("done", "cancelled"):
            raise Conflict(f"通知已{STATUS_LABELS[n.status]}，不能取消", code="invalid_transition")
        n.status = "cancelled"
        n.finished_at = utcnow()
        R = NotificationRecipient
        skipped = session.execute(
            update(R)
            .where(R.notification_id == n.id, R.state == "queued")
            .values(state="skipped", error=CANCELLED_REASON, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        audit.record(
            actor,
            "notification.cancel",
            target_type="notification",
            target_id=n.id,
            detail={"skipped": int(skipped or 0)},
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    return get_notification(notification_id)


def pause(actor: Actor, notification_id: int, reason: str | None = None) -> NotificationView:
    """Pause a notification being sent (workers stop claiming its rows; a batch in flight
    completes). Raises PermissionDenied, NotFound, Conflict (not sending). One commit."""
    audit.require(actor, PERMISSION)
    session = db.session
    try:
        n = _load(notification_id, lock=True, actor=actor)
        if n.status != "sending":
            raise Conflict("只有发送中的通知可以暂停", code="invalid_transition")
        n.status = "paused"
        n.pause_reason = (reason or f"由 {actor.username} 手动暂停")[:200]
        audit.record(actor, "notification.pause", target_type="notification", target_id=n.id)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return get_notification(notification_id)


def resume(actor: Actor, notification_id: int, *, parallel: int | None = None) -> NotificationView:
    """Resume a paused notification (staff pause, or the 45009 quota pause: then the quota
    mark is cleared and sending retried; a quota still spent pauses it again). Raises
    PermissionDenied, NotFound, Conflict (not paused)."""
    audit.require(actor, PERMISSION)
    session = db.session
    try:
        n = _load(notification_id, lock=True, actor=actor)
        if n.status != "paused":
            raise Conflict("只有已暂停的通知可以恢复", code="invalid_transition")
        quota = _is_quota_pause(n)
        n.status = "sending"
        n.pause_reason = None
        audit.record(
            actor,
            "notification.resume",
            target_type="notification",
            target_id=n.id,
            detail={"after_quota": quota},
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    if quota:
        _clear_quota_marks()
    _enqueue(notification_id, parallel)
    return get_notification(notification_id)


def _is_quota_pause(n: Notification) -> bool:
    from bluecard.delivery import QUOTA_PAUSE_REASON

    return n.pause_reason == QUOTA_PAUSE_REASON


def _clear_quota_marks() -> None:
    from bluecard.delivery import clients, quota_key

    runtime = current_runtime()
    for client in clients():
        if client is not None:
            runtime.redis.delete(quota_key(client.appid))


def _quota_spent() -> bool:
    from bluecard.delivery import clients, quota_key

    runtime = current_runtime()
    return any(c is not None and runtime.redis.exists(quota_key(c.appid)) for c in clients())


# -- reading -----------------------------------------------------------------------------------
def get_notification(notification_id: int, actor: Actor | None = None) -> NotificationView:
    """The notification with its progress and delivery report; with ``actor``, one outside
    the actor's district is NotFound. Raises NotFound."""
    n = _load(notification_id, actor=actor)
    R = NotificationRecipient
    counts = {state: 0 for state in STATE_LABELS}
    for state, count in db.session.execute(
        select(R.state, func.count()).where(R.notification_id == n.id).group_by(R.state)
    ):
        counts[state] = int(count)
    delivery = {
        str(d): int(c)
        for d, c in db.session.execute(
            select(R.delivery, func.count())
            .where(R.notification_id == n.id, R.delivery.is_not(None))
            .group_by(R.delivery)
        )
    }
    failures = [
        (mask_openid(o), code, error)
        for o, code, error in db.session.execute(
            select(R.openid, R.error_code, R.error)
            .where(R.notification_id == n.id, R.state.in_(("failed", "skipped")))
            .order_by(R.id)
            .limit(50)
        )
    ]
    reasons = {
        str(reason or "未知"): int(c)
        for reason, c in db.session.execute(
            select(R.error, func.count())
            .where(R.notification_id == n.id, R.state.in_(("failed", "skipped")))
            .group_by(R.error)
        )
    }
    view = _view(n, counts, delivery, failures, reasons)
    db.session.rollback()
    return view


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
        status_label=STATUS_LABELS.get(n.status, n.status),
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
    )


def list_notifications(limit: int = 50, actor: Actor | None = None) -> list[NotificationView]:
    """Newest notifications first, with their counts (no failure details); with ``actor``
    bound to a district, only notifications whose audience is that district's."""
    rows = list(
        db.session.execute(
            select(Notification).order_by(Notification.id.desc()).limit(limit)
        ).scalars()
    )
    if actor is not None and actor.district is not None:
        rows = [n for n in rows if _audience_district(n.audience) == actor.district]
    R = NotificationRecipient
    counts: dict[int, dict[str, int]] = {n.id: {s: 0 for s in STATE_LABELS} for n in rows}
    if rows:
        for nid, state, count in db.session.execute(
            select(R.notification_id, R.state, func.count())
            .where(R.notification_id.in_(list(counts)))
            .group_by(R.notification_id, R.state)
        ):
            counts[nid][state] = int(count)
    views = [_view(n, counts[n.id]) for n in rows]
    db.session.rollback()
    return views


# -- events and subscriptions --------------------------------------------------------------
def record_template_delivery(msg_id: str | None, status: str | None) -> bool:
    """TEMPLATESENDJOBFINISH: set ``delivery`` (``success``, ``failed:user block``,
    ``failed: system failed``) on the recipient row WeChat's MsgID names. Returns True
    when a row matched. One commit."""
    if not msg_id or not status:
        return False
    R = NotificationRecipient
    session = db.session
    try:
        result = session.execute(
            update(R)
            .where(R.wx_msgid == str(msg_id)[:32])
            .values(delivery=status[:64], updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    return bool(result.rowcount)


def record_subscription(openid: str, template_id: str, accepted: bool) -> int:
    """A mini-program user answered wx.requestSubscribeMessage for ``template_id``:
    ``accepted`` adds one allowed message (one-time subscription), a refusal clears them.
    Returns the messages now allowed. One commit."""
    S = MiniappSubscription
    session = db.session
    try:
        row = session.execute(
            select(S).where(S.openid == openid, S.template_id == template_id)
        ).scalar_one_or_none()
        if row is None:
            row = S(openid=openid, template_id=template_id, remaining=0, updated_at=utcnow())
            session.add(row)
        row.remaining = (row.remaining or 0) + 1 if accepted else 0
        row.updated_at = utcnow()
        remaining = row.remaining
        session.commit()
    except Exception:
        session.rollback()
        raise
    return int(remaining)


# -- scheduling ------------------------------------------------------------------------------
def dispatch_due(*, lease_seconds: float | None = None) -> dict[str, int]:
    """The worker's periodic step: start scheduled notifications whose time has come,
    resume quota-paused ones once the daily quota has reset, recover rows stuck in
    ``sending``, and (re)start runs for notifications with due rows and no live run.
    Returns counts of what it did."""
    from bluecard.delivery import LEASE_SECONDS, QUOTA_PAUSE_REASON, active_key, recover_stuck

    runtime = current_runtime()
    now = utcnow()
    started = resumed = kicked = 0
    session = db.session
    due = list(
        session.execute(
            select(Notification.id).where(
                Notification.status == "scheduled", Notification.send_at <= now
            )
        ).scalars()
    )
    session.rollback()
    to_run: list[int] = []
    for nid in due:
        try:
            n = _load(nid, lock=True)
            if n.status == "scheduled":
                _start(n)
                audit.record(
                    None,
                    "notification.start",
                    target_type="notification",
                    target_id=nid,
                    actor_name="scheduler",
                )
                session.commit()
                started += 1
                if n.status == "sending":
                    to_run.append(nid)
            else:
                session.rollback()
        except Exception:
            session.rollback()
            raise
    if not _quota_spent():
        try:
            ids = list(
                session.execute(
                    update(Notification)
                    .where(
                        Notification.status == "paused",
                        Notification.pause_reason == QUOTA_PAUSE_REASON,
                    )
                    .values(status="sending", pause_reason=None)
                    .returning(Notification.id)
                    .execution_options(synchronize_session=False)
                ).scalars()
            )
            session.commit()
        except Exception:
            session.rollback()
            raise
        resumed = len(ids)
        to_run.extend(ids)
    recover_stuck(lease_seconds=lease_seconds or LEASE_SECONDS)
    R = NotificationRecipient
    waiting = list(
        session.execute(
            select(Notification.id).where(
                Notification.status == "sending",
                exists().where(
                    R.notification_id == Notification.id,
                    R.state == "queued",
                    or_(R.next_attempt_at.is_(None), R.next_attempt_at <= now),
                ),
            )
        ).scalars()
    )
    session.rollback()
    for nid in waiting:
        if nid not in to_run and not runtime.redis.exists(active_key(nid)):
            to_run.append(nid)
            kicked += 1
    # Finished notifications whose last run ended without marking them (a crash).
    from bluecard.delivery import _finish_if_complete

    for nid in (
        session.execute(
            select(Notification.id).where(
                Notification.status == "sending",
                ~exists().where(
                    R.notification_id == Notification.id, R.state.in_(("queued", "sending"))
                ),
            )
        )
        .scalars()
        .all()
    ):
        _finish_if_complete(nid)
    for nid in to_run:
        _enqueue(nid)
    return {"started": started, "resumed": resumed, "kicked": kicked}


def delivery_counts_by_state(notification_id: int) -> dict[str, int]:
    """Row counts per recipient state (cheap; for progress polling)."""
    R = NotificationRecipient
    counts = {state: 0 for state in STATE_LABELS}
    for state, count in db.session.execute(
        select(R.state, func.count()).where(R.notification_id == notification_id).group_by(R.state)
    ):
        counts[state] = int(count)
    db.session.rollback()
    return counts
