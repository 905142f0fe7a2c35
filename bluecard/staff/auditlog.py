"""Reading the audit log (issue 12 §6): who did what, when, at which window, to which card,
with which outcome; filtered by person, action, card and date; exported as CSV or Excel.

Only ``audit.read`` (admin) reads it. An admin bound to a district sees the rows of that
district's staff accounts; an admin without one sees every row. Exports are themselves
audited (``audit.export``). Detail columns hold ids and states only (``audit.record``
never writes personal data), so an export carries none either.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, select

from bluecard.cards.models import CARD_STATUS_LABELS
from bluecard.ledger.models import APPLICATION_STATUS_LABELS
from bluecard.services.sheets import csv_text
from bluecard.staff.audit import PERMISSION_LABELS, ROLE_LABELS, Actor, masked_detail
from bluecard.staff.models import AuditLog, StaffUser
from bluecard.uow import read_only, unit_of_work
from policy_kb.chinatime import CHINA_TZ

#: Most rows a page or an export holds (newest first); narrow the filter for older ones.
MAX_ROWS = 5000
PAGE_ROWS = 200

#: action → what the admin reads; unknown actions are shown as they are.
ACTION_LABELS: dict[str, str] = {
    "login.ok": "登录",
    "login.fail": "登录失败",
    "card.apply": "申请蓝卡",
    "card.scan": "扫码",
    "card.view": "查看蓝卡",
    "card.search": "查找蓝卡",
    "card.approve": "批准蓝卡",
    "card.reject": "驳回蓝卡",
    "card.revoke": "注销蓝卡",
    "card.suspend": "暂停蓝卡",
    "card.resume": "恢复蓝卡",
    "card.change_employer": "变更工作单位",
    "card.reissue_code": "补发二维码",
    "card.print_code": "打印二维码",
    "application.open": "受理补贴申请",
    "application.open_auto": "免申即享开立申请（无需窗口核对）",
    "application.approve": "批准补贴申请",
    "application.reject": "驳回补贴申请",
    "application.pay": "发放补贴",
    "application.claw_back": "追回补贴",
    "application.grant": "免申即享发放",
    "payout.create": "生成发放批次",
    "payout.remove_line": "移出发放批次",
    "payout.mark_paid": "整批标记已发放",
    "payout.reconcile": "导入银行回盘对账",
    "payout.payee_export": "下载发放清单（含收款人）",
    "ledger.export": "导出台账",
    "evidence.upload": "上传材料",
    "evidence.view": "查看材料",
    "staff.create": "新建账号",
    "staff.update": "修改账号",
    "staff.password": "重置密码",
    "staff.sessions_end": "结束会话",
    "audit.export": "导出审计日志",
    "notification.send": "发送通知",
    "document.upload": "上传政策文件",
    "document.update": "修改政策文件",
    "document.publish": "发布政策文件",
    "document.retire": "废止政策文件",
    "document.discard": "放弃待发布文件",
}
#: detail key → what the admin reads; unknown keys are shown as they are.
DETAIL_LABELS: dict[str, str] = {
    "amount_yuan": "金额（元）",
    "total_yuan": "合计（元）",
    "application_id": "申请编号",
    "application_ids": "申请编号",
    "card_id": "蓝卡编号",
    "card_no": "卡号",
    "rule_id": "补贴规则",
    "doc_id": "文件",
    "clause": "条款",
    "period": "期间",
    "from": "原状态",
    "to": "新状态",
    "reason": "原因",
    "checklist": "已核对",
    "verified_facts": "核验事实",
    "district": "地区",
    "skill_level": "技能等级",
    "pii": "查看完整个人信息",
    "code": "原因代码",
    "permission": "所需权限",
    "batch_id": "发放批次",
    "reference": "凭证号",
    "lines": "笔数",
    "rows": "行数",
    "window": "窗口",
    "username": "账号",
    "role": "角色",
}
#: outcome → label.
OUTCOME_LABELS: dict[str, str] = {
    "ok": "成功",
    "denied": "无权限",
    "refused": "被拒绝",
    "failed": "失败",
}
COLUMNS: tuple[str, ...] = ("时间", "人员", "窗口", "操作", "对象", "结果", "详情", "IP")


@dataclass(frozen=True)
class AuditFilter:
    """person: a username (exact); action: a dotted action or its prefix (``card`` = every
    card action); card_id: rows about that card; date_from / date_to: China dates, inclusive."""

    person: str | None = None
    action: str | None = None
    card_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One row as the page shows it; ``at`` is UTC (shown in China time)."""

    id: int
    at: datetime
    actor: str
    window: str | None
    action: str
    target_type: str | None
    target_id: str | None
    outcome: str
    detail: dict[str, Any]
    ip: str | None

    @property
    def action_label(self) -> str:
        """The action in Chinese, or its dotted name when unlabelled."""
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def outcome_label(self) -> str:
        """成功 / 无权限 / 被拒绝 / 失败."""
        return OUTCOME_LABELS.get(self.outcome, self.outcome)

    @property
    def target(self) -> str:
        """``card 17`` as 蓝卡 #17 and so on; empty when the row names no target."""
        if not self.target_type:
            return ""
        names = {"card": "蓝卡", "application": "申请", "staff": "账号", "evidence": "材料"}
        return f"{names.get(self.target_type, self.target_type)} #{self.target_id or ''}"

    @property
    def detail_text(self) -> str:
        """The detail as ``名称：值`` pairs in Chinese where known (DETAIL_LABELS; yes/no as
        是/否, lists joined with 、, a permission by its label), others as they are."""
        return "；".join(
            f"{DETAIL_LABELS.get(k, k)}：{_detail_value(k, v, self.action)}"
            for k, v in sorted(self.detail.items())
        )


#: action prefix → the labels of the states its ``from`` / ``to`` name.
_STATE_LABELS: dict[str, dict[str, str]] = {
    "application.": {str(k): v for k, v in APPLICATION_STATUS_LABELS.items()},
    "card.": {str(k): v for k, v in CARD_STATUS_LABELS.items()},
}


def _detail_value(key: str, value: Any, action: str) -> str:
    if key in ("from", "to"):
        for prefix, labels in _STATE_LABELS.items():
            if action.startswith(prefix):
                return labels.get(str(value), str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value) or "—"
    if key == "permission":
        return PERMISSION_LABELS.get(str(value), str(value))
    if key == "role":
        return ROLE_LABELS.get(str(value), str(value))
    return "—" if value is None else str(value)


def _start_utc(d: date) -> datetime:
    return datetime.combine(d, time(), CHINA_TZ)


def _query(filters: AuditFilter, actor: Actor) -> Select[Any]:
    stmt = select(AuditLog)
    if filters.person:
        stmt = stmt.where(AuditLog.actor == filters.person)
    if filters.action:
        stmt = stmt.where(
            (AuditLog.action == filters.action) | AuditLog.action.like(filters.action + ".%")
        )
    if filters.card_id is not None:
        stmt = stmt.where(
            AuditLog.target_type == "card", AuditLog.target_id == str(filters.card_id)
        )
    if filters.date_from:
        stmt = stmt.where(AuditLog.at >= _start_utc(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(AuditLog.at < _start_utc(filters.date_to + timedelta(days=1)))
    if actor.district is not None:
        district_staff = select(StaffUser.id).where(StaffUser.district == actor.district)
        stmt = stmt.where(AuditLog.staff_id.in_(district_staff))
    return stmt


def _entry(row: AuditLog) -> AuditEntry:
    return AuditEntry(
        row.id,
        row.at,
        row.actor,
        row.window,
        row.action,
        row.target_type,
        row.target_id,
        row.outcome,
        masked_detail(dict(row.detail or {})),
        row.ip,
    )


def audit_entries(
    filters: AuditFilter, actor: Actor, *, limit: int = PAGE_ROWS
) -> tuple[list[AuditEntry], int]:
    """``(rows newest first, at most limit (1-MAX_ROWS), total matching)``. Needs
    ``audit.read``. Raises PermissionDenied."""
    with unit_of_work(actor) as uow:
        uow.require("audit.read")
    stmt = _query(filters, actor)
    with read_only() as session:
        total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
        rows = session.execute(
            stmt.order_by(AuditLog.id.desc()).limit(max(1, min(limit, MAX_ROWS)))
        ).scalars()
        return [_entry(r) for r in rows], int(total)


def export_entries(filters: AuditFilter, actor: Actor, *, fmt: str) -> list[AuditEntry]:
    """The rows of an export (newest first, at most MAX_ROWS); audited ``audit.export`` with
    the filter and the count in the same transaction. Needs ``audit.read``."""
    with unit_of_work(actor, "audit.export", target_type="audit") as uow:
        uow.require("audit.read")
        rows = [
            _entry(r)
            for r in uow.session.execute(
                _query(filters, actor).order_by(AuditLog.id.desc()).limit(MAX_ROWS)
            ).scalars()
        ]
        uow.audit(
            detail={
                "format": fmt,
                "rows": len(rows),
                "filter": {
                    k: (v.isoformat() if isinstance(v, date) else v)
                    for k, v in vars(filters).items()
                    if v is not None
                },
            }
        )
        return rows


def _cells(e: AuditEntry) -> list[str]:
    return [
        e.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S"),
        e.actor,
        e.window or "",
        e.action_label,
        e.target,
        e.outcome_label,
        json.dumps(e.detail, ensure_ascii=False, sort_keys=True) if e.detail else "",
        e.ip or "",
    ]


def to_csv(rows: list[AuditEntry]) -> bytes:
    """UTF-8 CSV with a BOM (Excel opens it with the Chinese intact); typed text never starts
    a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for e in rows:
        writer.writerow([csv_text(c) for c in _cells(e)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows: list[AuditEntry]) -> bytes:
    """An Excel workbook with one sheet 审计日志; every cell is a text cell."""
    from openpyxl import Workbook  # here, not at every start (~0.1 s)
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "审计日志"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for e in rows:
        sheet.append(_cells(e))
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"
    for col, width in zip("ABCDEFGH", (20, 14, 26, 14, 14, 8, 40, 16), strict=True):
        sheet.column_dimensions[col].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


__all__ = [
    "ACTION_LABELS",
    "OUTCOME_LABELS",
    "AuditEntry",
    "AuditFilter",
    "audit_entries",
    "export_entries",
    "to_csv",
    "to_xlsx",
]
