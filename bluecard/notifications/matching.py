"""Proactive matching: when policy staff add or change a rule (or a document), re-evaluate
the stored worker profiles and notify only the workers who became eligible.

- ``rule_digests(catalogue)``: a SHA-256 per rule of its whole definition (conditions,
  amount, quote, clause and its document's metadata), so a changed amount, condition or
  document is noticed as a change of the rule. ``RuleSnapshot`` keeps the digests of the
  last run.
- ``run_matching(actor)``: evaluates every stored profile (``services.profiles``) with the
  eligibility engine; a worker is *newly eligible* when an individual benefit of a rule
  added or changed since the last run is in their result now and was not at the last run
  (``EligibilitySnapshot``). Those workers get one ``match`` notification, each with a
  personal line 「新政策：你可申领××元（《文件》clause）」. The notification is created as a
  draft with its recipients written, for staff to confirm
  (``bluecard.notifications.services.confirm``).
- The first run (no snapshot yet) only records snapshots and notifies no one: without a
  "before" nobody can be said to have *become* eligible.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, delete, select
from sqlalchemy.orm import Session

from bluecard.models import Base, Follower, utcnow
from bluecard.notifications.lifecycle import NotificationStatus, RecipientState
from bluecard.notifications.models import (
    EligibilitySnapshot,
    MiniappSubscription,
    Notification,
    NotificationRecipient,
    RuleSnapshot,
)
from bluecard.profiles.services import stored_profiles
from bluecard.runtime import current_runtime
from bluecard.services.errors import Conflict
from bluecard.staff.audit import Actor, PermissionDenied
from bluecard.stores import LockTimeout, redis_lock
from bluecard.uow import read_only, unit_of_work
from policy_kb.eligibility import (
    Benefit,
    Catalogue,
    ProfileError,
    default_catalogue,
    evaluate,
    parse_profile,
)

log = logging.getLogger(__name__)

PERMISSION = "rules.change"
MATCH_TITLE = "新政策：你可能可以申领新的补贴"
#: The Redis lock (under REDIS_PREFIX) that lets one matching run at a time.
LOCK_NAME = "matching:lock"
#: A run that died holding the lock frees it after this many seconds.
LOCK_TTL_SECONDS = 1800.0
#: How long a run waits by default for one in progress (a publish request's in-process run).
LOCK_WAIT_SECONDS = 30.0


def _table(model: type[Base]) -> Table:
    """The model's table (for executemany inserts of plain rows)."""
    return cast(Table, model.__table__)


def rule_digests(catalogue: Catalogue) -> dict[str, str]:
    """rule_id → SHA-256 (hex) of the rule's definition, its document included; the file
    path it was loaded from is left out (the same rule loaded elsewhere is unchanged)."""
    out: dict[str, str] = {}
    for rule in catalogue.rules:
        stable = dataclasses.replace(rule, source="")
        out[rule.id] = hashlib.sha256(repr(stable).encode("utf-8")).hexdigest()
    return out


def changed_rules(catalogue: Catalogue | None = None) -> list[str]:
    """Ids of rules added or changed since the last matching run (all rules on the first)."""
    digests = rule_digests(catalogue or default_catalogue())
    with read_only() as session:
        known = dict(
            session.execute(select(RuleSnapshot.rule_id, RuleSnapshot.digest)).tuples().all()
        )
    return [rid for rid, digest in digests.items() if known.get(rid) != digest]


@dataclass(frozen=True)
class MatchResult:
    """What a matching run did.

    first_run: no snapshot existed: snapshots recorded, nobody notified. changed: rules
    added or changed. profiles: stored profiles evaluated (unreadable ones are skipped and
    counted in ``invalid``). newly_eligible: workers who gained a changed rule's benefit;
    notified: of them, those reachable (following and not opted out, or a mini-program
    subscription) — rows written in ``notification_id`` (None when nobody).
    """

    first_run: bool
    changed: tuple[str, ...]
    profiles: int
    invalid: int
    newly_eligible: int
    notified: int
    notification_id: int | None

    @property
    def message(self) -> str:
        """One sentence for staff."""
        if self.first_run:
            return (
                f"首次匹配：已记录 {len(self.changed)} 条规则和 {self.profiles} 份档案的现状，"
                "本次不通知任何人（没有之前的状态可比较）。"
            )
        if not self.changed:
            return f"规则没有变化，已核对 {self.profiles} 份档案，无需通知。"
        if not self.notification_id:
            return (
                f"{len(self.changed)} 条规则有新增或变化，核对 {self.profiles} 份档案，"
                f"没有新符合条件且可通知的职工（新符合 {self.newly_eligible} 人）。"
            )
        return (
            f"{len(self.changed)} 条规则有新增或变化，{self.newly_eligible} 人新符合条件，"
            f"其中 {self.notified} 人可通知；已生成通知草稿，请确认发送。"
        )


def personal_line(benefit: Benefit) -> str:
    """「新政策：你可申领××元（《文件》clause）」 for one benefit (amount_text when the
    amount is not a plain sum, e.g. 每月奖励600元)."""
    if benefit.amount_yuan is not None and benefit.per in (None, "once"):
        amount = f"{benefit.amount_yuan:g}元"
        what = f"你可申领{amount}"
    else:
        what = f"你可享受：{benefit.amount_text}"
    return f"新政策：{what}（{benefit.document}{benefit.clause}）"


def run_matching(
    actor: Actor,
    *,
    catalogue: Catalogue | None = None,
    as_of: date | None = None,
    lock_wait: float = LOCK_WAIT_SECONDS,
) -> MatchResult:
    """Re-evaluate stored profiles after a rule change and prepare the notification (see
    the module docstring). Requires ``rules.change``. Snapshots are updated in the same
    transaction as the notification draft. One run at a time across every process (a Redis
    lock held until the run has committed: two runs reading the same snapshots would notify
    the same workers twice); ``lock_wait`` seconds to wait for a run in progress. Raises
    PermissionDenied (audited as denied), Conflict(code="matching_busy") when another run
    holds the lock longer (audited as refused). One unit of work.
    """
    runtime = current_runtime()
    name = f"{runtime.settings.redis_prefix}:{LOCK_NAME}"
    try:
        with redis_lock(runtime.redis, name, ttl=LOCK_TTL_SECONDS, wait=lock_wait):
            return _run_matching(actor, catalogue, as_of)
    except LockTimeout:
        with unit_of_work(actor, "rules.match"):
            raise Conflict(
                "另一次规则匹配正在进行，请稍后在「政策通知」页再运行一次", code="matching_busy"
            ) from None


def _run_matching(actor: Actor, catalogue: Catalogue | None, as_of: date | None) -> MatchResult:
    with unit_of_work(actor, "rules.match") as uow:
        uow.require(PERMISSION)
        if actor.district is not None:
            # Matching spans every district's workers: not for staff bound to one district.
            raise PermissionDenied(PERMISSION, actor.role)
        session = uow.session
        cat = catalogue or default_catalogue()
        digests = rule_digests(cat)
        known = dict(
            session.execute(select(RuleSnapshot.rule_id, RuleSnapshot.digest)).tuples().all()
        )
        first_run = not known
        changed = tuple(rid for rid, digest in digests.items() if known.get(rid) != digest)
        before = {
            openid: set(rule_ids or [])
            for openid, rule_ids in session.execute(
                select(EligibilitySnapshot.openid, EligibilitySnapshot.rule_ids)
            ).tuples()
        }
        today = as_of or utcnow().date()
        now_eligible: dict[str, list[str]] = {}
        gains: dict[str, list[Benefit]] = {}
        invalid = 0
        for openid, profile in stored_profiles():
            try:
                parsed = parse_profile({**profile, "as_of": today.isoformat()})
            except ProfileError:
                invalid += 1
                continue
            benefits = [b for b in evaluate(parsed, cat).benefits if b.beneficiary == "individual"]
            now_eligible[openid] = sorted({b.rule_id for b in benefits})
            if first_run or openid not in before:
                continue  # no "before" for this worker: they saw their result when they saved it
            gained = [
                b for b in benefits if b.rule_id in changed and b.rule_id not in before[openid]
            ]
            if gained:
                gains[openid] = sorted(gained, key=lambda b: -(b.amount_yuan or 0))
        notification_id, notified = (None, 0)
        if gains:
            notification_id, notified = _match_notification(session, actor, gains, changed)
        _save_snapshots(session, digests, now_eligible)
        uow.audit(
            target_type="notification" if notification_id else None,
            target_id=notification_id,
            detail={
                "first_run": first_run,
                "changed": list(changed)[:50],
                "profiles": len(now_eligible),
                "newly_eligible": len(gains),
                "notified": notified,
            },
        )
    result = MatchResult(
        first_run, changed, len(now_eligible), invalid, len(gains), notified, notification_id
    )
    log.info("matching: %s", result.message)
    return result


def _reachable(session: Session, openids: list[str]) -> dict[str, str]:
    """openid → channel for those a push may reach (see ``bluecard.notifications.audience``)."""
    followers = {
        openid: (subscribed and not opted_out)
        for openid, subscribed, opted_out in session.execute(
            select(Follower.openid, Follower.subscribed, Follower.opted_out).where(
                Follower.openid.in_(openids)
            )
        ).tuples()
    }
    out = {o: "mp_template" for o, ok in followers.items() if ok}
    template_id = current_runtime().settings.miniapp_subscribe_template_id
    if template_id:
        for openid in session.execute(
            select(MiniappSubscription.openid).where(
                MiniappSubscription.openid.in_(openids),
                MiniappSubscription.template_id == template_id,
                MiniappSubscription.remaining > 0,
            )
        ).scalars():
            if openid not in followers:  # opted-out or unfollowed followers stay out
                out[openid] = "miniapp_subscribe"
    return out


def _match_notification(
    session: Session, actor: Actor, gains: dict[str, list[Benefit]], changed: tuple[str, ...]
) -> tuple[int | None, int]:
    openids = sorted(gains)
    channels: dict[str, str] = {}
    for start in range(0, len(openids), 500):
        channels.update(_reachable(session, openids[start : start + 500]))
    if not channels:
        return None, 0
    rule_ids = sorted({b.rule_id for bs in gains.values() for b in bs})
    first = next(iter(gains.values()))[0]
    docs = {b.doc_id for bs in gains.values() for b in bs}
    titles = sorted({b.title for bs in gains.values() for b in bs})
    body = "政策规则有新增或调整，根据你保存的档案，你新符合以下补贴条件：" + "；".join(titles)
    now = utcnow()
    n = Notification(
        title=MATCH_TITLE,
        body=body[:1000],
        link_doc=first.doc_id if len(docs) == 1 else None,
        link_clause=first.clause if len(rule_ids) == 1 else None,
        audience={"kind": "newly_eligible", "rule_ids": rule_ids, "changed": list(changed)[:50]},
        kind="match",
        status=NotificationStatus.DRAFT.value,
        created_by=actor.staff_id,
        created_at=now,
    )
    session.add(n)
    session.flush()
    rows: list[dict[str, Any]] = [
        {
            "notification_id": n.id,
            "openid": openid,
            "channel": channel,
            "personal": personal_line(gains[openid][0]),
            "state": RecipientState.QUEUED.value,
            "attempts": 0,
            "updated_at": now,
        }
        for openid, channel in channels.items()
    ]
    session.execute(_table(NotificationRecipient).insert(), rows)
    return n.id, len(rows)


def _save_snapshots(
    session: Session, digests: dict[str, str], eligible: dict[str, list[str]]
) -> None:
    now: datetime = utcnow()
    session.execute(delete(RuleSnapshot))
    session.execute(
        _table(RuleSnapshot).insert(),
        [{"rule_id": rid, "digest": d, "updated_at": now} for rid, d in digests.items()],
    )
    existing = set(session.execute(select(EligibilitySnapshot.openid)).scalars())
    new_rows = [
        {"openid": o, "rule_ids": ids, "updated_at": now}
        for o, ids in eligible.items()
        if o not in existing
    ]
    if new_rows:
        session.execute(_table(EligibilitySnapshot).insert(), new_rows)
    for snapshot in session.execute(select(EligibilitySnapshot)).scalars():
        if snapshot.openid in eligible and snapshot.rule_ids != eligible[snapshot.openid]:
            snapshot.rule_ids = eligible[snapshot.openid]
            snapshot.updated_at = now
