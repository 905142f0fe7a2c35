"""What is due: starting a confirmed notification (its recipient rows written), and the
worker's periodic look at what to (re)start — scheduled notifications whose time has come,
quota-paused ones once WeChat's daily quota has reset, rows stuck in ``sending`` past their
lease, notifications with due rows and no live run, and finished ones left unmarked by a
crash. ``plan_due`` does the database part and returns the notifications to run;
``bluecard.notifications.worker.dispatch_due`` runs them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.orm import Session

from bluecard.models import utcnow
from bluecard.notifications.audience import load_notification, materialise, parse_audience
from bluecard.notifications.delivery import (
    LEASE_SECONDS,
    account_ids,
    active_key,
    finish_if_complete,
    recover_stuck,
)
from bluecard.notifications.lifecycle import (
    OPEN_STATES,
    QUOTA_PAUSE_REASON,
    NotificationStatus,
    RecipientState,
)
from bluecard.notifications.models import Notification, NotificationRecipient
from bluecard.notifications.ratelimit import quota_spent
from bluecard.runtime import current_runtime
from bluecard.uow import read_only, unit_of_work

log = logging.getLogger(__name__)

SCHEDULED = NotificationStatus.SCHEDULED.value
SENDING = NotificationStatus.SENDING.value


def start(session: Session, n: Notification) -> int:
    """Write the recipient rows and move ``n`` to ``sending`` (``done`` at once when nobody is
    reached), in the caller's unit of work. Returns the number of recipient rows. A
    ``newly_eligible`` notification had its rows written by matching."""
    audience = parse_audience(n.audience)
    written = materialise(session, n.id, audience) if audience.kind != "newly_eligible" else 0
    total = session.execute(
        select(func.count()).where(NotificationRecipient.notification_id == n.id)
    ).scalar_one()
    if total:
        n.status = SENDING
    else:
        n.status = NotificationStatus.DONE.value
        n.finished_at = utcnow()
    log.info("notification %s: %d recipients written", n.id, written)
    return int(total)


@dataclass
class DuePlan:
    """What ``plan_due`` did: notifications started (scheduled, time come), resumed (quota
    reset), kicked (due rows, no live run); ``to_run``: ids whose sending should start now."""

    started: int = 0
    resumed: int = 0
    kicked: int = 0
    to_run: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """``{"started", "resumed", "kicked"}`` (what ``dispatch_due`` reports)."""
        return {"started": self.started, "resumed": self.resumed, "kicked": self.kicked}


def plan_due(*, lease_seconds: float | None = None) -> DuePlan:
    """The database part of the worker's periodic step (see the module docstring): each
    start and the quota resume is one unit of work. Returns what to run."""
    now = utcnow()
    plan = DuePlan()
    with read_only() as session:
        due = list(
            session.execute(
                select(Notification.id).where(
                    Notification.status == SCHEDULED, Notification.send_at <= now
                )
            ).scalars()
        )
    for nid in due:
        with unit_of_work(
            None, "notification.start", target_type="notification", target_id=nid
        ) as uow:
            n = load_notification(uow.session, nid, lock=True)
            if n.status != SCHEDULED:
                continue
            start(uow.session, n)
            uow.audit(actor_name="scheduler")
            status = n.status
        plan.started += 1
        if status == SENDING:
            plan.to_run.append(nid)
    if not quota_spent(account_ids()):
        with unit_of_work() as uow:
            ids = list(
                uow.session.execute(
                    update(Notification)
                    .where(
                        Notification.status == NotificationStatus.PAUSED.value,
                        Notification.pause_reason == QUOTA_PAUSE_REASON,
                    )
                    .values(status=SENDING, pause_reason=None)
                    .returning(Notification.id)
                    .execution_options(synchronize_session=False)
                ).scalars()
            )
        plan.resumed = len(ids)
        plan.to_run.extend(ids)
    recover_stuck(lease_seconds=lease_seconds or LEASE_SECONDS)
    R = NotificationRecipient
    with read_only() as session:
        waiting = list(
            session.execute(
                select(Notification.id).where(
                    Notification.status == SENDING,
                    exists().where(
                        R.notification_id == Notification.id,
                        R.state == RecipientState.QUEUED.value,
                        or_(R.next_attempt_at.is_(None), R.next_attempt_at <= now),
                    ),
                )
            ).scalars()
        )
        # Finished notifications whose last run ended without marking them (a crash).
        unmarked = list(
            session.execute(
                select(Notification.id).where(
                    Notification.status == SENDING,
                    ~exists().where(R.notification_id == Notification.id, R.state.in_(OPEN_STATES)),
                )
            ).scalars()
        )
    redis = current_runtime().redis
    for nid in waiting:
        if nid not in plan.to_run and not redis.exists(active_key(nid)):
            plan.to_run.append(nid)
            plan.kicked += 1
    for nid in unmarked:
        finish_if_complete(nid)
    return plan
