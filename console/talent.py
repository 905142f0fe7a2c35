"""Console pages of the talent database (技能人才库; 洪泽 三（一）4, 台儿庄 三（三）7, 叶集 九).

- ``GET  /console/talent``: search the workers of the staff member's district (技能等级 or
  高技能人才, 工种, open to offers), paged; 「导出 Excel」; 「同步蓝卡持卡人」 (``talent.manage``).
- ``GET  /console/talent/export.xlsx``: the search as .xlsx (masked; audited).
- ``POST /console/talent/sync``: put the district's active card holders in.
- ``GET  /console/talent/demands``: demand posts (pending ones to check first), the form to
  enter one; ``POST /console/talent/demands``; ``POST …/<id>/approve|reject|close|offer``.
- ``GET  /console/talent/summary``: today's supply–demand summary of the district;
  ``POST /console/talent/summary/publish`` makes it a notification draft (``notification.send``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bluecard.services.errors import ServiceError
from bluecard.services.ids import MAX_PAGE, parse_id
from bluecard.talent import services as talent
from console.auth import current_actor, require_permission
from policy_kb.chinatime import china_today
from policy_kb.regions import REGIONS
from policy_kb.talent import TALENT_LEVELS, trade_names

bp = Blueprint(
    "console_talent", __name__, url_prefix="/console/talent", template_folder="templates"
)
PER_PAGE = 50
SEARCH_FIELDS = ("level", "trade", "district", "open_only")
DEMAND_FIELDS = (
    "employer_name",
    "credit_code",
    "contact_name",
    "contact_phone",
    "trade",
    "skill_level",
    "count",
    "wage_min",
    "wage_max",
    "district",
    "valid_until",
)


def _choices() -> dict[str, Any]:
    actor = current_actor()
    regions = [r.name for r in REGIONS if actor.sees(r.name)]
    return {
        "levels": [talent.HIGH_SKILL, *TALENT_LEVELS],
        "demand_levels": TALENT_LEVELS,
        "trades": trade_names(),
        "regions": regions,
        "demand_labels": {s.value: s.label for s in talent.DemandStatus},
    }


def _search_form() -> dict[str, str]:
    return {k: (request.args.get(k) or "").strip() for k in SEARCH_FIELDS}


def _search_kwargs(form: dict[str, str]) -> dict[str, Any]:
    return {
        "level": form["level"] or None,
        "trade": form["trade"] or None,
        "district": form["district"] or None,
        "open_only": form["open_only"] in ("1", "on", "true"),
    }


@bp.get("")
@require_permission(talent.VIEW)
def index() -> ResponseReturnValue:
    """The database of the district, searched."""
    form = _search_form()
    page = parse_id(request.args.get("page") or "1", maximum=MAX_PAGE) or 1
    errors: dict[str, str] = {}
    try:
        found = talent.search(current_actor(), page=page, per_page=PER_PAGE, **_search_kwargs(form))
    except talent.TalentFormError as err:
        errors = err.errors
        found = talent.SearchResult([], 0)
    pages = max(1, -(-found.total // PER_PAGE))
    return (
        render_template(
            "talent/index.html",
            form=form,
            errors=errors,
            found=found,
            page=page,
            pages=pages,
            **_choices(),
        ),
        422 if errors else 200,
    )


@bp.get("/export.xlsx")
@require_permission(talent.VIEW)
def export() -> ResponseReturnValue:
    """The search as an Excel workbook (audited ``talent.export``)."""
    form = _search_form()
    try:
        body = talent.export_xlsx(current_actor(), **_search_kwargs(form))
    except talent.TalentFormError as err:
        flash("；".join(err.errors.values()), "error")
        args: dict[str, Any] = dict(form)
        return redirect(url_for(".index", **args))
    response = Response(
        body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = china_today().isoformat()
    response.headers["Content-Disposition"] = f'attachment; filename="talent-{stamp}.xlsx"'
    return response


@bp.post("/sync")
@require_permission(talent.MANAGE)
def sync() -> ResponseReturnValue:
    """Put the district's active card holders in the database."""
    try:
        result = talent.sync_card_holders(current_actor())
        flash(result.message, "success")
    except ServiceError as err:
        flash(err.message, "error")
    return redirect(url_for(".index"))


def _demands_page(
    form: dict[str, str], errors: dict[str, str], status: int = 200
) -> ResponseReturnValue:
    actor = current_actor()
    demands = talent.list_demands(actor)
    pending = [d for d in demands if d.status == talent.DemandStatus.PENDING]
    others = [d for d in demands if d.status != talent.DemandStatus.PENDING]
    return (
        render_template(
            "talent/demands.html",
            form=form,
            errors=errors,
            pending=pending,
            demands=others,
            **_choices(),
        ),
        status,
    )


@bp.get("/demands")
@require_permission(talent.VIEW)
def demands() -> ResponseReturnValue:
    """Demand posts of the district and the form to enter one."""
    return _demands_page({"district": current_actor().district or ""}, {})


@bp.post("/demands")
@require_permission(talent.MANAGE)
def post_demand() -> ResponseReturnValue:
    """Enter an enterprise's demand (published at once); 422 with every bad field named."""
    form = {k: (request.form.get(k) or "").strip() for k in DEMAND_FIELDS}
    try:
        demand = talent.post_demand(current_actor(), dict(form))
    except talent.TalentFormError as err:
        return _demands_page(form, err.errors, 422)
    flash(
        f"已登记用工需求 #{demand.id}：{demand.employer_name} 招{demand.trade} {demand.count}人",
        "success",
    )
    return redirect(url_for(".demands"))


def _act(demand_id: int, action: str) -> ResponseReturnValue:
    actor = current_actor()
    try:
        if action == "approve":
            talent.review_demand(actor, demand_id, approve=True)
            flash(f"需求 #{demand_id} 已审核通过，开始招聘", "success")
        elif action == "reject":
            talent.review_demand(actor, demand_id, approve=False)
            flash(f"需求 #{demand_id} 未通过审核", "success")
        elif action == "close":
            talent.close_demand(actor, demand_id)
            flash(f"需求 #{demand_id} 已关闭", "success")
        else:
            result = talent.send_offers(actor, demand_id)
            flash(result.message, "success" if result.notified else "warning")
    except ServiceError as err:
        flash(err.message, "error")
    return redirect(url_for(".demands"))


@bp.post("/demands/<int:demand_id>/approve")
@require_permission(talent.MANAGE)
def approve(demand_id: int) -> ResponseReturnValue:
    """Publish a demand an enterprise contact submitted."""
    return _act(demand_id, "approve")


@bp.post("/demands/<int:demand_id>/reject")
@require_permission(talent.MANAGE)
def reject(demand_id: int) -> ResponseReturnValue:
    """Refuse a demand an enterprise contact submitted."""
    return _act(demand_id, "reject")


@bp.post("/demands/<int:demand_id>/close")
@require_permission(talent.MANAGE)
def close(demand_id: int) -> ResponseReturnValue:
    """Close a demand (filled or withdrawn)."""
    return _act(demand_id, "close")


@bp.post("/demands/<int:demand_id>/offer")
@require_permission(talent.MANAGE)
def offer(demand_id: int) -> ResponseReturnValue:
    """Tell the workers open to offers who match the demand."""
    return _act(demand_id, "offer")


@bp.get("/summary")
@require_permission(talent.VIEW)
def summary() -> ResponseReturnValue:
    """Today's supply–demand summary of a district."""
    actor = current_actor()
    district = (request.args.get("district") or actor.district or "").strip()
    result = None
    error = None
    if district:
        try:
            result = talent.summary(actor, district)
        except (talent.TalentFormError, ServiceError) as err:
            error = str(err)
    return render_template(
        "talent/summary.html", district=district, result=result, error=error, **_choices()
    )


@bp.post("/summary/publish")
@require_permission("notification.send")
def publish() -> ResponseReturnValue:
    """Make today's summary a notification draft to the district's card holders."""
    district = (request.form.get("district") or "").strip() or None
    try:
        notification_id = talent.publish_summary(current_actor(), district)
    except (talent.TalentFormError, ServiceError) as err:
        flash(str(err), "error")
        return redirect(url_for(".summary", district=district or ""))
    flash("已生成供求信息通知草稿，请核对后确认发送", "success")
    return redirect(url_for("console_notifications.detail", notification_id=notification_id))
