"""Admin console pages: staff accounts (create, role, district, deactivate, reset password,
end all sessions) and the audit log (filtered, exported as CSV or Excel).

Every change goes through ``bluecard.staff.services`` with the admin as actor, so it is
audited and ends the account's sessions where it must (role, district, password, state).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bluecard.services.errors import ServiceError
from bluecard.services.ids import parse_id
from bluecard.staff import auditlog
from bluecard.staff import services as staff
from console.auth import current_actor, require_permission
from console.forms import date_range
from policy_kb.chinatime import CHINA_TZ

bp = Blueprint("console_admin", __name__, url_prefix="/console", template_folder="templates")


def _accounts_page(status: int = 200, form: dict[str, str] | None = None) -> ResponseReturnValue:
    return render_template(
        "admin/staff.html",
        accounts=staff.list_staff(),
        roles=staff.STAFF_ROLES,
        district_roles=staff.DISTRICT_ROLES,
        form=form or {},
    ), status


@bp.get("/staff")
@require_permission("staff.manage")
def accounts() -> ResponseReturnValue:
    """Every staff account with its role, district and state, and the form for a new one."""
    return _accounts_page()


@bp.post("/staff")
@require_permission("staff.manage")
def create_account() -> ResponseReturnValue:
    """Create an account (username, display name, role, district, initial password)."""
    form = {
        k: (request.form.get(k) or "").strip()
        for k in ("username", "display_name", "role", "district")
    }
    password = request.form.get("password") or ""
    try:
        account = staff.create_staff(
            form["username"],
            password,
            form["role"],
            form["display_name"],
            form["district"] or None,
            actor=current_actor(),
        )
    except ServiceError as exc:
        flash(f"未能新建账号：{exc.message}", "error")
        return _accounts_page(exc.status, form)
    flash(f"已新建账号 {account.username}", "success")
    return redirect(url_for("console_admin.accounts"), 303)


def _account(staff_id: int) -> staff.StaffAccount:
    return staff.get_staff(staff_id)


@bp.post("/staff/<int:staff_id>/update")
@require_permission("staff.manage")
def update_account(staff_id: int) -> ResponseReturnValue:
    """Change role and district (ends the account's sessions)."""
    account = _account(staff_id)
    role = (request.form.get("role") or "").strip()
    district = (request.form.get("district") or "").strip()
    try:
        staff.update_staff(
            account.username, role=role, district=district or None, actor=current_actor()
        )
    except ServiceError as exc:
        flash(f"未能修改 {account.username}：{exc.message}", "error")
        return _accounts_page(exc.status)
    flash(f"已修改 {account.username}，其登录已全部结束", "success")
    return redirect(url_for("console_admin.accounts"), 303)


@bp.post("/staff/<int:staff_id>/active")
@require_permission("staff.manage")
def set_active(staff_id: int) -> ResponseReturnValue:
    """Deactivate (``active=0``) or reactivate (``active=1``) an account."""
    account = _account(staff_id)
    active = request.form.get("active") == "1"
    if not active and account.id == current_actor().staff_id:
        flash("不能停用自己的账号", "error")
        return _accounts_page(422)
    staff.update_staff(account.username, active=active, actor=current_actor())
    flash(f"已{'启用' if active else '停用'} {account.username}", "success")
    return redirect(url_for("console_admin.accounts"), 303)


@bp.post("/staff/<int:staff_id>/password")
@require_permission("staff.manage")
def reset_password(staff_id: int) -> ResponseReturnValue:
    """Set a new random password, shown once to the admin to hand over (ends all sessions)."""
    account = _account(staff_id)
    password = secrets.token_urlsafe(12)
    staff.set_password(account.username, password, actor=current_actor())
    flash(f"{account.username} 的新密码：{password}（只显示这一次，请当面交给本人）", "success")
    return redirect(url_for("console_admin.accounts"), 303)


@bp.post("/staff/<int:staff_id>/sessions/end")
@require_permission("staff.manage")
def end_sessions(staff_id: int) -> ResponseReturnValue:
    """End every console session and API token of the account now."""
    account = _account(staff_id)
    staff.end_sessions(account.id, "admin", actor=current_actor())
    flash(f"已结束 {account.username} 的全部登录", "success")
    return redirect(url_for("console_admin.accounts"), 303)


# -- audit log ----------------------------------------------------------------------------
def _audit_filter() -> tuple[auditlog.AuditFilter, dict[str, str], list[str]]:
    raw = {
        k: (request.args.get(k) or "").strip()[:64]
        for k in ("person", "action", "card", "date_from", "date_to")
    }
    errors: list[str] = []
    card_id = None
    if raw["card"]:
        card_id = parse_id(raw["card"].lstrip("#"))
        if card_id is None:
            errors.append("蓝卡编号（card）应为数字")
    dates = date_range(raw, errors)
    filters = auditlog.AuditFilter(
        person=raw["person"] or None,
        action=raw["action"] or None,
        card_id=card_id,
        date_from=dates["date_from"],
        date_to=dates["date_to"],
    )
    return filters, raw, errors


@bp.get("/audit")
@require_permission("audit.read")
def audit_page() -> ResponseReturnValue:
    """The audit log, newest first, filtered by person, action, card and date."""
    filters, raw, errors = _audit_filter()
    for message in errors:
        flash(message, "error")
    rows, total = ([], 0) if errors else auditlog.audit_entries(filters, current_actor())
    return render_template(
        "admin/audit.html",
        rows=rows,
        total=total,
        form=raw,
        query={k: v for k, v in raw.items() if v},
        actions=auditlog.ACTION_LABELS,
    ), (400 if errors else 200)


@bp.get("/audit.<fmt>")
@require_permission("audit.read")
def audit_export(fmt: str) -> ResponseReturnValue:
    """The filtered audit log as CSV or Excel (audited ``audit.export``)."""
    if fmt not in ("csv", "xlsx"):
        return render_template("error.html", title="页面不存在", message="没有这种导出格式"), 404
    filters, _raw, errors = _audit_filter()
    if errors:
        return render_template("error.html", title="筛选条件有误", message="；".join(errors)), 400
    rows = auditlog.export_entries(filters, current_actor(), fmt=fmt)
    stamp = datetime.now(CHINA_TZ).strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        body = auditlog.to_xlsx(rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = auditlog.to_csv(rows)
        mimetype = "text/csv; charset=utf-8"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{fmt}"'
    return response


__all__ = ["bp"]
