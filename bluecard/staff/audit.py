"""Who may do what (roles → permissions) and the audit log every staff action writes.

Services check permissions themselves (``require``), so a clerk cannot reach a finance action
through any page or API; views check too, to show a friendly 403 early. ``record`` adds an
``AuditLog`` row to the *current* transaction: it commits with the action it describes, or
not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bluecard.extensions import db
from bluecard.models.base import utcnow
from bluecard.services.errors import Forbidden
from bluecard.staff.models import AuditLog

#: permission → roles holding it. admin holds every permission.
PERMISSIONS: dict[str, frozenset[str]] = {
    "card.scan": frozenset({"clerk", "reviewer", "finance", "admin"}),
    "card.view_pii": frozenset({"reviewer", "admin"}),
    "card.review": frozenset({"reviewer", "admin"}),
    "card.change_employer": frozenset({"clerk", "reviewer", "admin"}),
    "card.revoke": frozenset({"reviewer", "admin"}),
    "application.open": frozenset({"clerk", "reviewer", "admin"}),
    "application.decide": frozenset({"reviewer", "admin"}),
    "application.pay": frozenset({"finance", "admin"}),
    "application.claw_back": frozenset({"finance", "admin"}),
    "ledger.export": frozenset({"finance", "admin"}),
    "payout.manage": frozenset({"finance", "admin"}),
    # Decrypted payee names and 社保卡号 for the bank: the finance role only.
    "payout.payee": frozenset({"finance"}),
    "notification.send": frozenset({"policy", "admin"}),
    "rules.change": frozenset({"policy", "admin"}),
    "stats.view": frozenset({"reviewer", "finance", "policy", "admin"}),
    "phrasing.manage": frozenset({"policy", "admin"}),
    "talent.view": frozenset({"clerk", "reviewer", "policy", "admin"}),
    "talent.manage": frozenset({"clerk", "reviewer", "policy", "admin"}),
    "document.manage": frozenset({"policy", "admin"}),
    "staff.manage": frozenset({"admin"}),
    "audit.read": frozenset({"admin"}),
    # issue 14 §2-3: enterprise survey rounds; targets, actuals and the 季报/年报
    "survey.manage": frozenset({"clerk", "reviewer", "policy", "admin"}),
    "targets.read": frozenset({"clerk", "reviewer", "finance", "policy", "admin"}),
    "targets.enter": frozenset({"reviewer", "policy", "admin"}),
    "evidence.upload": frozenset({"clerk", "reviewer", "admin"}),
    "evidence.view": frozenset({"clerk", "reviewer", "admin"}),
    # issue 12: suspend (暂停) and resume a card, like revoking it
    "card.suspend": frozenset({"reviewer", "admin"}),
}


class PermissionDenied(Forbidden):
    """The actor's role does not hold ``permission`` (HTTP 403)."""

    def __init__(self, permission: str, role: str) -> None:
        self.permission = permission
        self.role = role
        super().__init__(f"你的角色（{role}）无权执行此操作：{permission}", code="forbidden")


@dataclass(frozen=True)
class Actor:
    """A staff member acting: ``staff_id`` and ``username`` of the ``StaffUser``, their
    ``role`` (one of STAFF_ROLES), the service ``window`` they sit at (free text, e.g.
    "叶集区政务服务中心 3号窗口", None when unknown) and the client ``ip``.

    ``district``: the one district whose cards, applications, ledger rows and notifications
    the actor may see and act on; None = every district (admin, and policy staff not bound to
    one). An account of a district role (clerk, reviewer, finance) stored without a district
    acts with ``""``, which matches no district: it sees nothing until it is given one."""

    staff_id: int
    username: str
    role: str
    window: str | None = None
    ip: str | None = None
    district: str | None = None

    def can(self, permission: str) -> bool:
        """True when the role holds ``permission``; unknown permissions are held by no one."""
        return self.role in PERMISSIONS.get(permission, frozenset())

    def sees(self, district: str | None) -> bool:
        """True when a row of ``district`` is inside this actor's district boundary."""
        return self.district is None or (bool(self.district) and self.district == district)


def require(actor: Actor, permission: str) -> None:
    """Raise PermissionDenied unless ``actor`` holds ``permission``."""
    if not actor.can(permission):
        raise PermissionDenied(permission, actor.role)


def record(
    actor: Actor | None,
    action: str,
    *,
    target_type: str | None = None,
    target_id: object = None,
    outcome: str = "ok",
    detail: dict[str, Any] | None = None,
    actor_name: str | None = None,
) -> AuditLog:
    """Add an audit row to the current transaction (the caller commits with its action).

    action: dotted name (``card.scan``, ``application.pay``...). outcome: ``ok``, ``denied``,
    ``refused`` or ``failed``. detail: ids, states, amounts — never personal data.
    actor_name: who, when there is no Actor (a failed login names the username tried).
    """
    row = AuditLog(
        at=utcnow(),
        staff_id=actor.staff_id if actor else None,
        actor=(actor.username if actor else actor_name or "-")[:64],
        window=(actor.window[:64] if actor and actor.window else None),
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id)[:64],
        outcome=outcome,
        detail=dict(detail or {}),
        ip=actor.ip if actor else None,
    )
    db.session.add(row)
    return row


def record_now(actor: Actor | None, action: str, **kwargs: Any) -> None:
    """``record`` in a transaction of its own (one commit): for refusals and denials, whose
    action rolled back but must still be on the log."""
    session = db.session
    try:
        record(actor, action, **kwargs)
        session.commit()
    except Exception:
        session.rollback()
        raise
