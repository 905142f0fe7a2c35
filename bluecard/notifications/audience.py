"""Who receives a notification: the audience staff choose, limited to their district, counted
for the preview, and written as one ``queued`` recipient row per person before anything is sent.

Audiences (``audience`` dict):
- ``{"kind": "followers"}``: every follower of the official account (following, not opted out).
- ``{"kind": "card_holders", "district": "叶集区"?, "skill_level": "技师"?, "employer": "…"?}``:
  holders of an active 技工蓝卡, optionally of that district, skill level and current
  employer (name or 统一社会信用代码).
- ``{"kind": "newly_eligible", "rule_ids": [...]}``: made by proactive matching
  (``bluecard.notifications.matching``), with a personal line per worker (amount and clause).

Channels: ``mp_template`` (official-account template message) for followers;
``miniapp_subscribe`` for mini-program users who are not followers but accepted the
subscribe-message template (``MiniappSubscription.remaining`` > 0). Followers who unfollowed
or opted out (「退订」) are never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, insert, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bluecard.models import BlueCard, Employment, Follower, utcnow
from bluecard.notifications.lifecycle import RecipientState
from bluecard.notifications.models import MiniappSubscription, Notification, NotificationRecipient
from bluecard.runtime import current_runtime
from bluecard.services.errors import NotFound, Refused
from bluecard.staff.audit import Actor
from bluecard.uow import read_only
from policy_kb.eligibility import canonical_skill_level
from policy_kb.regions import canonical_region

AUDIENCE_KINDS = ("followers", "card_holders", "newly_eligible")
AUDIENCE_LABELS = {
    "followers": "全部关注者",
    "card_holders": "蓝卡持卡人",
    "newly_eligible": "新符合条件的职工（主动匹配）",
}
MAX_EMPLOYER = 128


class NotificationFormError(Refused):
    """The composed notification is invalid; ``errors`` maps each bad field to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("；".join(errors.values()), code="invalid_notification")


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


def blank(value: Any) -> str | None:
    """``value`` stripped, or None when empty."""
    text = str(value).strip() if value is not None else ""
    return text or None


def parse_audience(raw: dict[str, Any] | None) -> Audience:
    """Validate an audience dict. Raises NotificationFormError naming the bad field."""
    raw = dict(raw or {})
    errors: dict[str, str] = {}
    kind = str(raw.get("kind") or "").strip()
    if kind not in AUDIENCE_KINDS:
        errors["audience"] = "请选择发送对象：全部关注者或蓝卡持卡人"
    district = blank(raw.get("district"))
    if district is not None:
        canonical = canonical_region(district)
        if canonical is None:
            errors["district"] = f"不认识的区县：{district}"
        district = canonical
    level = blank(raw.get("skill_level"))
    if level is not None:
        canonical_level = canonical_skill_level(level)
        if canonical_level is None:
            errors["skill_level"] = f"不认识的技能等级：{level}"
        level = canonical_level
    employer = blank(raw.get("employer"))
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


def audience_district(audience: dict[str, Any] | None) -> str | None:
    """The district a stored audience is limited to (None: it spans districts)."""
    value = (audience or {}).get("district")
    return str(value) if value else None


def load_notification(
    session: Session, notification_id: int, *, lock: bool = False, actor: Actor | None = None
) -> Notification:
    """The notification (row-locked on PostgreSQL with ``lock``); NotFound also when ``actor``
    is bound to a district and the notification's audience is not limited to that district."""
    stmt = select(Notification).where(Notification.id == notification_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    row = session.execute(stmt).scalar_one_or_none()
    if row is None or (
        actor is not None
        and actor.district is not None
        and audience_district(row.audience) != actor.district
    ):
        raise NotFound(f"没有编号为 {notification_id} 的通知")
    return row


def reachable_followers() -> ColumnElement[bool]:
    """Followers a push may reach: following and not opted out."""
    return and_(Follower.subscribed.is_(True), Follower.opted_out.is_(False))


def _card_holder_openids(audience: Audience) -> Select[tuple[str]]:
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


def _audience_selects(audience: Audience) -> list[tuple[str, Select[tuple[str]]]]:
    """(channel, SELECT openid) pairs whose union is the audience, disjoint by construction:
    followers get template messages; card holders who are not followers but accepted the
    mini-program subscribe template get subscribe messages. Never an opted-out person."""
    followers = select(Follower.openid).where(reachable_followers())
    if audience.kind == "followers":
        return [("mp_template", followers)]
    if audience.kind != "card_holders":
        return []
    holders = _card_holder_openids(audience)
    out = [("mp_template", followers.where(Follower.openid.in_(holders)))]
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
    with read_only() as session:
        for _channel, stmt in _audience_selects(parsed):
            total += session.execute(
                select(func.count()).select_from(stmt.distinct().subquery())
            ).scalar_one()
    return int(total)


def materialise(session: Session, notification_id: int, audience: Audience) -> int:
    """Write one ``queued`` row per recipient (INSERT ... SELECT, in the caller's unit of
    work). Returns the number of rows written. Called once per notification, under its row
    lock (confirm / the scheduler); the channels' selects are disjoint, and the unique
    (notification_id, openid) constraint guards against a second call."""
    R = NotificationRecipient
    now = utcnow()
    written = 0
    for channel, stmt in _audience_selects(audience):
        source = stmt.distinct().subquery()
        rows = select(
            literal(notification_id).label("notification_id"),
            source.c.openid,
            literal(channel).label("channel"),
            literal(RecipientState.QUEUED.value).label("state"),
            literal(0).label("attempts"),
            literal(now, type_=R.updated_at.type).label("updated_at"),
        )
        result = session.execute(
            insert(R).from_select(
                ["notification_id", "openid", "channel", "state", "attempts", "updated_at"],
                rows,
            )
        )
        written += max(int(getattr(result, "rowcount", 0) or 0), 0)
    return written
