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
from bluecard.privacy import mask_numbers
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

#: What each permission lets a person do, as staff read it (403 messages, the console's nav).
PERMISSION_LABELS: dict[str, str] = {
    "card.scan": "扫码查看蓝卡",
    "card.view_pii": "查看持卡人完整个人信息",
    "card.review": "审核蓝卡申请",
    "card.change_employer": "变更工作单位",
    "card.revoke": "注销蓝卡",
    "card.suspend": "暂停和恢复蓝卡",
    "application.open": "受理补贴申请",
    "application.decide": "审批补贴申请",
    "application.pay": "发放补贴",
    "application.claw_back": "追回补贴",
    "ledger.export": "查看和导出资金发放台账",
    "payout.manage": "管理发放批次",
    "payout.payee": "下载含收款人信息的发放清单",
    "notification.send": "发送政策通知",
    "rules.change": "修改政策规则",
    "stats.view": "查看运营统计",
    "phrasing.manage": "处理未答复问题（扩展问）",
    "talent.view": "查看技能人才库",
    "talent.manage": "维护技能人才库和企业用工需求",
    "document.manage": "上传和发布政策文件",
    "staff.manage": "管理工作人员账号",
    "audit.read": "查看审计日志",
    "survey.manage": "组织企业技能人才调查",
    "targets.read": "查看目标任务进度和季报年报",
    "targets.enter": "录入目标任务完成数",
    "evidence.upload": "上传证书等材料",
    "evidence.view": "查看证书等材料",
}
#: role → its Chinese name.
ROLE_LABELS: dict[str, str] = {
    "clerk": "窗口受理员",
    "reviewer": "审核员",
    "finance": "财务",
    "policy": "政策专员",
    "admin": "管理员",
}


def denied_message(permission: str, role: str) -> str:
    """The 403 message: the role and the permission in Chinese (unknown ones as they are)."""
    return (
        f"你的角色（{ROLE_LABELS.get(role, role)}）无权"
        f"{PERMISSION_LABELS.get(permission, permission)}"
    )


class PermissionDenied(Forbidden):
    """The actor's role does not hold ``permission`` (HTTP 403)."""

    def __init__(self, permission: str, role: str) -> None:
        self.permission = permission
        self.role = role
        super().__init__(denied_message(permission, role), code="forbidden")


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


#: Detail keys whose values are text staff typed (a card's rejection, revocation or suspension
#: reason, a payout line's removal reason, a note).
FREE_TEXT_KEYS = frozenset({"reason", "note"})


def masked_detail(detail: dict[str, Any]) -> dict[str, Any]:
    """``detail`` with the personal numbers in its free text (FREE_TEXT_KEYS) masked but their
    last 4 digits (``privacy.mask_numbers``: 身份证号, phone, 社保卡号, bank card, as decision
    messages are since migration 0014); ids, card numbers and amounts under other keys stay.

    A person's name typed in a reason is kept: nothing tells a name from any other two or
    three characters reliably (王建国 and 材料不全 look alike to a pattern), and guessing would
    mangle the reason staff read. Reasons should say what is wrong, not whose."""
    return {
        k: mask_numbers(v) if k in FREE_TEXT_KEYS and isinstance(v, str) else v
        for k, v in detail.items()
    }


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
    ``refused`` or ``failed``. detail: ids, states, amounts — never personal data; numbers
    typed in a reason are masked (``masked_detail``).
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
        detail=masked_detail(detail or {}),
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
