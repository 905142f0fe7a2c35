"""Console pages of the documents' targets (``targets.read``) and the 季报/年报.

- ``GET  /console/targets?region=``: the district's targets with their actuals and progress,
  charts per indicator (宿迁市: every county and zone side by side) and per area; staff with
  ``targets.enter`` enter an actual (value, the day it is true for, its source).
- ``POST /console/targets/<target_id>/actual``.
- ``GET  /console/targets/report?kind=quarter|year&year=&quarter=&region=``: the printable
  季报/年报 (洪泽 四（二）); ``/console/targets/report.xlsx`` the same as a workbook.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bluecard.services.errors import ServiceError
from bluecard.targets import report as report_xlsx
from bluecard.targets import services as targets
from bluecard.targets.charts import progress_chart
from console.auth import current_actor, require_permission
from policy_kb.chinatime import china_today
from policy_kb.regions import REGIONS

bp = Blueprint(
    "console_targets", __name__, url_prefix="/console/targets", template_folder="templates"
)


def _charts(items: list[targets.Progress]) -> list[tuple[str, str]]:
    """One chart per indicator across areas when a district has several areas (宿迁市),
    else one chart of the district's indicators per period; none where no actual is known
    (the tables say 尚无完成数)."""
    areas = list(OrderedDict.fromkeys(p.target.area for p in items))
    out = []
    if len(areas) > 1:
        by_indicator: dict[str, list[targets.Progress]] = OrderedDict()
        for p in items:
            by_indicator.setdefault(p.target.indicator, []).append(p)
        for indicator, group in by_indicator.items():
            if len(group) > 1 and any(p.ratio is not None for p in group):
                bars = [(p.target.area, p.ratio) for p in group]
                out.append(
                    (indicator, progress_chart(f"{indicator}（{group[0].target.period}）", bars))
                )
        return out
    by_period: dict[str, list[targets.Progress]] = OrderedDict()
    for p in items:
        if p.target.value is not None:
            by_period.setdefault(p.target.period, []).append(p)
    for period, group in by_period.items():
        if all(p.ratio is None for p in group):
            continue
        bars = [(p.target.indicator, p.ratio) for p in group]
        out.append((period, progress_chart(f"{group[0].target.area} {period}目标完成进度", bars)))
    return out


@bp.get("")
@require_permission(targets.READ)
def index() -> ResponseReturnValue:
    """Targets with progress and charts."""
    actor = current_actor()
    region = request.args.get("region") or None
    if actor.district is None and region is None:
        items: list[targets.Progress] = []
    else:
        items = targets.target_progress(actor, region=region)
    by_area: dict[str, list[targets.Progress]] = OrderedDict()
    for p in items:
        by_area.setdefault(p.target.area, []).append(p)
    return render_template(
        "targets/index.html",
        by_area=by_area,
        charts=_charts(items),
        region=region or actor.district,
        pick_region=actor.district is None,
        regions=[r.name for r in REGIONS],
        can_enter=actor.can(targets.ENTER),
        today=china_today().isoformat(),
    )


@bp.post("/<target_id>/actual")
@require_permission(targets.ENTER)
def enter(target_id: str) -> ResponseReturnValue:
    """Enter an actual for a target."""
    region = request.form.get("region") or None
    try:
        row = targets.enter_actual(
            current_actor(),
            target_id[:64],
            value=request.form.get("value", ""),
            as_of=request.form.get("as_of", ""),
            source=request.form.get("source", ""),
        )
    except ServiceError as exc:
        flash(exc.message, "error")
    else:
        flash(f"已录入完成数 {row.value}（{row.as_of.isoformat()}，来源：{row.source}）", "success")
    return redirect(url_for(".index", region=region) + f"#target-{target_id[:64]}")


def _report_args() -> dict[str, Any]:
    return {k: request.args.get(k) or None for k in ("region", "kind", "year", "quarter")}


@bp.get("/report")
@require_permission(targets.READ)
def report() -> ResponseReturnValue:
    """The printable 季报/年报."""
    actor = current_actor()
    args = _report_args()
    if actor.district is None and not args["region"]:
        return render_template(
            "targets/report.html", report=None, args=args, regions=[r.name for r in REGIONS]
        )
    built = targets.build_report(actor, **args)
    return render_template(
        "targets/report.html",
        report=built,
        args=args,
        regions=[r.name for r in REGIONS],
        chart=_charts(built.progress),
    )


@bp.get("/report.xlsx")
@require_permission(targets.READ)
def report_workbook() -> ResponseReturnValue:
    """The 季报/年报 as a workbook."""
    built = targets.build_report(current_actor(), **_report_args())
    response = make_response(report_xlsx.workbook_bytes(built))
    response.headers["Content-Type"] = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"report-{built.period.year}-{built.period.quarter or 'year'}.xlsx"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
