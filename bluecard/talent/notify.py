"""The talent database's one door to the notifications service (``bluecard.notifications``).

- ``summary_draft``: the supply–demand summary as a notification draft to a district's card
  holders, through the service's public ``create_draft`` (staff confirm it as any other).
- ``offer``: a demand's message to the workers who match it, each with a personal line: a
  notification of kind ``talent_offer`` whose recipient rows are written here, the way
  proactive matching (``bluecard.notifications.matching``) writes its own, because no public
  function of the service takes a list of recipients; who may be reached is the matching
  module's rule (following and not opted out, or a mini-program subscription), imported rather
  than copied (``_reachable``: a candidate for the service's public API).
- ``start_sending``: hand the notification to the delivery queue (``bluecard.notifications.worker``), which
  sends each row exactly once and skips anyone who opted out in between.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from bluecard.models.base import utcnow
from bluecard.notifications import services as notifications
from bluecard.notifications.matching import _reachable
from bluecard.notifications.models import Notification, NotificationRecipient
from bluecard.notifications.worker import enqueue_run
from bluecard.runtime import current_runtime
from bluecard.staff.audit import Actor

#: Recipients looked up per query.
CHUNK = 500


def configured() -> bool:
    """True when official-account template messages can be sent (a template id is set)."""
    return bool(current_runtime().settings.wechat_template_id)


def summary_draft(actor: Actor, district: str, *, title: str, body: str) -> int:
    """A draft notification to ``district``'s card holders; returns its id. Raises what
    ``create_draft`` raises (PermissionDenied without ``notification.send``,
    NotificationFormError)."""
    draft = notifications.create_draft(
        actor,
        title=title,
        body=body,
        audience={"kind": "card_holders", "district": district},
    )
    return draft.id


def offer(
    session: Session,
    actor: Actor,
    openids: list[str],
    *,
    title: str,
    body: str,
    personal: str,
    audience: dict[str, Any],
) -> tuple[int | None, int]:
    """Write a ``talent_offer`` notification (status ``sending``, confirmed by ``actor``) with
    one queued row per reachable worker of ``openids``, in the caller's transaction
    (``session``, the unit of work's). Returns
    (notification id, rows written); (None, 0) when nobody is reachable."""
    channels: dict[str, str] = {}
    for start in range(0, len(openids), CHUNK):
        channels.update(_reachable(session, openids[start : start + CHUNK]))
    if not channels:
        return None, 0
    now = utcnow()
    n = Notification(
        title=title,
        body=body,
        audience=audience,
        kind="talent_offer",
        status="sending",
        created_by=actor.staff_id,
        created_at=now,
        confirmed_by=actor.staff_id,
        confirmed_at=now,
    )
    session.add(n)
    session.flush()
    rows = [
        {
            "notification_id": n.id,
            "openid": openid,
            "channel": channel,
            "personal": personal,
            "state": "queued",
            "attempts": 0,
            "updated_at": now,
        }
        for openid, channel in sorted(channels.items())
    ]
    session.execute(insert(NotificationRecipient), rows)
    return n.id, len(rows)


def start_sending(notification_id: int) -> None:
    """Start delivering a committed ``sending`` notification (RQ jobs, or in-process on the
    embedded defaults)."""
    enqueue_run(notification_id)
