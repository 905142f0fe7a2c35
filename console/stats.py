"""Console pages of the operations statistics and of what workers asked that nothing answered.

- ``GET /console/stats?from=&to=&region=`` (``stats.view``): followers, messages, questions
  answered and not, questionnaire uptake and completion, top topics, cards and subsidies by
  district, rule and month, with charts (server-side SVG) and the most asked unanswered
  questions.
- ``GET /console/stats/unanswered`` (``stats.view``): every group of similar unanswered
  questions; policy staff (``phrasing.manage``) attach one to a clause (扩展问) or mark it out
  of scope, and see (and undo) the 扩展问 in force.
- ``GET|POST /console/stats/unanswered/attach``: choose the clause that answers a question.
- ``POST /console/stats/unanswered/out-of-scope`` and ``/console/stats/phrasings/<id>/retire``.

Bad dates or an unknown district re-render the page (422) naming the field; a refusal of the
service is flashed with its status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bluecard.runtime import current_runtime
from bluecard.services.errors import ServiceError
from bluecard.staff.audit import Actor
from bluecard.stats import charts, services
from bluecard.stats.period import Period, PeriodError, parse_period, parse_region
from console.auth import current_actor, require_permission
from policy_kb.chinatime import china_today
from policy_kb.regions import REGIONS

bp = Blueprint("console_stats", __name__, url_prefix="/console/stats", template_folder="templates")
VIEW = "stats.view"
MANAGE = "phrasing.manage"
#: Unanswered groups shown on the statistics page (the full list is one click away).
PAGE_UNANSWERED = 10


def _filters() -> tuple[dict[str, str], Period | None, str | None, dict[str, str]]:
    """The form values, the period and district they ask for, and errors by field."""
    form = {k: (request.values.get(k) or "").strip() for k in ("from", "to", "region")}
    errors: dict[str, str] = {}
    period: Period | None = None
    region: str | None = None
    try:
        period = parse_period(form["from"], form["to"], china_today())
    except PeriodError as exc:
        errors[exc.field] = exc.message
    try:
        region = parse_region(form["region"])
    except PeriodError as exc:
        errors[exc.field] = exc.message
    if period is not None:
        form["from"], form["to"] = period.start.isoformat(), period.end.isoformat()
    return form, period, region, errors


def _regions() -> list[str]:
    """The districts the actor may choose ([] = only their own, fixed)."""
    actor = current_actor()
    return [r.name for r in REGIONS] if actor.district is None else []


def _query(form: dict[str, str]) -> dict[str, Any]:
    return {k: v for k, v in form.items() if v}


def _error_page(template: str, form: dict[str, str], errors: dict[str, str]) -> ResponseReturnValue:
    return (
        render_template(
            template, form=form, errors=errors, regions=_regions(), stats=None, groups=[]
        ),
        422,
    )


def _filtered_page(
    template: str, fetch: Callable[[Actor, Period, str | None], dict[str, Any]]
) -> ResponseReturnValue:
    """What every page of the period and district filters does: read them (bad ones: the
    page again, 422, naming the field), ``fetch`` what the page shows for the actor, period
    and district (a refusal, e.g. another district: flashed, the page again, 422) and render
    ``template`` with the filters and what ``fetch`` returned."""
    form, period, region, errors = _filters()
    if errors or period is None:
        return _error_page(template, form, errors)
    try:
        shown = fetch(current_actor(), period, region)
    except ServiceError as exc:
        flash(exc.message, "error")
        return _error_page(template, form, {"region": exc.message})
    return render_template(
        template, form=form, errors={}, regions=_regions(), query=_query(form), **shown
    )


@bp.get("")
@require_permission(VIEW)
def index() -> ResponseReturnValue:
    """The statistics of the chosen period and district, with charts."""
    return _filtered_page("stats/index.html", _overview)


def _overview(actor: Actor, period: Period, region: str | None) -> dict[str, Any]:
    stats = services.operations_stats(actor, period, region)
    return {
        "stats": stats,
        "groups": stats.unanswered[:PAGE_UNANSWERED],
        "charts": {
            "days": charts.questions_by_day(stats.by_day),
            "topics": charts.top_topics(stats.topics),
            "cards": charts.cards_by_month(stats.cards_by_month),
            "rules": charts.subsidies_by(stats.subsidies_by_rule, "补贴申请（按规则，元）"),
            "districts": charts.subsidies_by(stats.subsidies_by_district, "补贴申请（按地区，元）"),
        },
    }


@bp.get("/unanswered")
@require_permission(VIEW)
def unanswered() -> ResponseReturnValue:
    """Every group of similar unanswered questions, and the 扩展问 in force."""
    return _filtered_page("stats/unanswered.html", _unanswered)


def _unanswered(actor: Actor, period: Period, region: str | None) -> dict[str, Any]:
    return {
        "groups": services.unanswered_questions(actor, period, region, limit=500),
        "phrasings": services.list_phrasings(actor),
    }


def _clauses() -> list[dict[str, Any]]:
    """Documents and their clauses with text, for the clause select (``doc_id|clause_id``)."""
    kb = current_runtime().knowledge.kb
    out = []
    for doc_id in sorted(kb.documents):
        doc = kb.documents[doc_id]
        where = "、".join(doc.meta.regions)
        out.append(
            {
                "title": f"{where}：{doc.meta.title}"
                + ("（征求意见稿）" if doc.meta.status == "draft" else ""),
                "clauses": [
                    (
                        f"{doc_id}|{c.clause_id}",
                        f"{c.number} {c.heading or ''} {c.text[:40]}".strip(),
                    )
                    for c in doc.clauses
                    if c.text
                ],
            }
        )
    return out


def _back(form: dict[str, str]) -> ResponseReturnValue:
    return redirect(url_for("console_stats.unanswered", **_query(form)), 303)


def _attach_page(
    form: dict[str, str], question: str, chosen: str, status: int = 200
) -> ResponseReturnValue:
    return (
        render_template(
            "stats/attach.html",
            question=question,
            form=form,
            query=_query(form),
            documents=_clauses(),
            chosen=chosen,
        ),
        status,
    )


@bp.route("/unanswered/attach", methods=["GET", "POST"])
@require_permission(MANAGE)
def attach() -> ResponseReturnValue:
    """GET: the question and the clause select. POST: attach it as a 扩展问, back to the list."""
    form = _filters()[0]
    question = (request.values.get("question") or "").strip()
    if request.method == "GET":
        return _attach_page(form, question, "")
    chosen = (request.form.get("clause") or "").strip()
    doc_id, _, clause_id = chosen.partition("|")
    if not doc_id or not clause_id:
        flash("请选择回答这个问题的条款", "error")
        return _attach_page(form, question, chosen, 422)
    try:
        view = services.attach_phrasing(current_actor(), question, doc_id, clause_id)
    except ServiceError as exc:
        flash(exc.message, "error")
        return _attach_page(form, question, chosen, exc.status)
    flash(
        f"已将「{view.question}」作为扩展问关联到 {view.clause_label}，机器人将据此答复", "success"
    )
    return _back(form)


def _act(action: Callable[[Actor], str]) -> ResponseReturnValue:
    """A change from the unanswered list: flash the sentence ``action`` returns (or its
    refusal) and go back to the list with the same filters."""
    form = _filters()[0]
    try:
        flash(action(current_actor()), "success")
    except ServiceError as exc:
        flash(exc.message, "error")
    return _back(form)


@bp.post("/unanswered/out-of-scope")
@require_permission(MANAGE)
def out_of_scope() -> ResponseReturnValue:
    """Mark a question out of scope; back to the list (where it no longer shows)."""

    def mark(actor: Actor) -> str:
        view = services.mark_out_of_scope(actor, request.form.get("question") or "")
        return f"已将「{view.question}」标为不在服务范围"

    return _act(mark)


@bp.post("/phrasings/<int:phrasing_id>/retire")
@require_permission(MANAGE)
def retire(phrasing_id: int) -> ResponseReturnValue:
    """Undo a 扩展问 or an out-of-scope mark."""

    def undo(actor: Actor) -> str:
        view = services.retire_phrasing(actor, phrasing_id)
        return f"已撤销「{view.question}」（{view.kind_label}）"

    return _act(undo)
