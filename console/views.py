"""Staff console pages under /console: dashboard, scan, card view, card review, printable
static code, subsidy applications and the disbursement ledger (资金发放台账) with exports.

Every action goes through a service function (``bluecard.cards.services`` / ``ledger``),
which checks the permission again and writes the audit row. A refusal of a service
(``ServiceError``) is flashed and the page re-rendered with the error's 4xx status; bad form
input answers 400 naming the field. Nothing here answers a 500 on user input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from bluecard.cards import services as cards
from bluecard.evidence import services as evidence
from bluecard.ledger import guides
from bluecard.ledger import services as ledger
from bluecard.ledger.export import TOTAL_LABELS, to_csv, to_xlsx
from bluecard.services.errors import ServiceError
from bluecard.staff import audit
from bluecard.staff import dashboard as dashboards
from console.auth import current_actor, login_required, require_permission
from console.forms import date_range
from policy_kb.chinatime import CHINA_TZ, YEARS_TEXT, china_today, parse_day
from policy_kb.regions import REGIONS, canonical_region

bp = Blueprint(
    "console_views",
    __name__,
    url_prefix="/console",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

#: Longest code accepted from the scan box (a URL with a signed token is ~200 characters).
MAX_CODE_LENGTH = 2048
MAX_REASON_LENGTH = 500
RULE_ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
#: Headline of each scan refusal (the service's message follows it).
SCAN_REFUSALS = {
    "forged": "二维码无效（伪造或被篡改）",
    "malformed": "无法识别的二维码",
    "expired": "二维码已过期",
    "revoked": "二维码已注销",
    "inactive": "蓝卡不在有效状态",
}


# -- template helpers ---------------------------------------------------------------------
@bp.app_template_filter("yuan")
def yuan(amount: Decimal | float | int | None) -> str:
    """An amount in yuan as shown on screen: ``10000`` or ``1234.50`` (no currency sign)."""
    if amount is None:
        return "—"
    value = Decimal(str(amount))
    if value == value.to_integral_value():
        return f"{int(value)}"
    return f"{value:.2f}"


@bp.app_template_filter("citation")
def citation(doc_id: str, clause: str) -> str:
    """A clause cited as staff read it everywhere (文号《title》clause), never the internal
    document id: ``{{ t.doc_id|citation(t.clause) }}``."""
    return ledger.citation_of(doc_id, clause)


@bp.app_template_filter("local_time")
def local_time(value: datetime | date | None) -> str:
    """A UTC datetime shown in China time (``2026-03-01 16:00``); a date as ISO."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {
        "status_labels": ledger.STATUS_LABELS,
        "card_status_labels": cards.STATUS_LABELS,
        "regions": [r.name for r in REGIONS],
    }


@bp.after_request
def _security_headers(response: Response) -> Response:
    # Pages show personal data: no caching, no framing, scripts and styles only our own.
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; media-src 'self' blob:; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'none'",
    )
    return response


def _error_page(title: str, message: str, status: int) -> ResponseReturnValue:
    return render_template("error.html", title=title, message=message), status


# -- dashboard and scan -------------------------------------------------------------------
@bp.get("/")
@login_required
def dashboard() -> ResponseReturnValue:
    """The role's first page: applications per state, the overdue ones, and its worklists
    (cards waiting, applications to decide / to pay / in progress), oldest first."""
    board = dashboards.dashboard(current_actor())
    return render_template("dashboard.html", board=board)


@bp.route("/scan", methods=["GET", "POST"])
@require_permission("card.scan")
def scan() -> ResponseReturnValue:
    """GET: the scan box (USB scanner, pasted code or camera). POST ``code``: the card view,
    or the page again with why the code was refused (422) or what is wrong with the input."""
    if request.method == "GET":
        return render_template("scan.html", code="")
    code = (request.form.get("code") or "").strip()
    if not code:
        flash("请扫描或粘贴蓝卡二维码", "error")
        return render_template("scan.html", code=""), 400
    if len(code) > MAX_CODE_LENGTH:
        flash("二维码内容过长，无法识别", "error")
        return render_template("scan.html", code=""), 400
    try:
        result = cards.scan(code, current_actor())
    except ServiceError as exc:
        headline = SCAN_REFUSALS.get(exc.code, "无法识别此二维码")
        return render_template(
            "scan.html", code=code, refusal=headline, reason=exc.message
        ), exc.status
    kind = "动态码" if result.kind == "dynamic" else "静态码"
    if result.card.status == "suspended":
        flash(f"此卡已暂停使用（{kind}）：暂停期间不能享受补贴、不能受理申请", "warning")
    else:
        flash(f"扫码成功（{kind}）", "success")
    return redirect(url_for("console_views.card_view", card_id=result.card.id), 303)


# -- card view and the actions on it ------------------------------------------------------
def _card_page(card_id: int, status: int = 200, *, audit_view: bool = False) -> ResponseReturnValue:
    """The card view of ``card_id`` (masked unless the role holds card.view_pii)."""
    actor = current_actor()
    reveal = actor.can("card.view_pii")
    card = cards.get_card(card_id, reveal=reveal, actor=actor)
    if audit_view:
        audit.record_now(
            actor, "card.view", target_type="card", target_id=card_id, detail={"pii": reveal}
        )
    benefits: list[ledger.BenefitOption] = []
    benefits_note = None
    if card.status == "active":
        try:
            benefits = ledger.benefits_for_card(card_id)
        except ServiceError as exc:
            benefits_note = exc.message
    elif card.status == "suspended":
        benefits_note = "蓝卡已暂停使用，暂停期间不享受补贴，不能受理补贴申请。"
    else:
        benefits_note = "蓝卡不在有效状态，不能受理补贴申请。"
    applications = ledger.applications_for_card(card_id)
    return render_template(
        "cards/view.html",
        card=card,
        reveal=reveal,
        benefits=benefits,
        benefits_note=benefits_note,
        applications=applications,
        clawback_reason=ledger.CLAWBACK_DEFAULT_REASON,
        files=evidence.list_evidence(card_id, actor),
        today=china_today().isoformat(),
    ), status


@bp.get("/cards/<int:card_id>")
@require_permission("card.scan")
def card_view(card_id: int) -> ResponseReturnValue:
    """Holder (masked), level, certificate, district, employment history, eligibility for the
    stored profile with an "open application" button per claimable benefit, applications."""
    return _card_page(card_id, audit_view=True)


def _intake_page(card_id: int, rule_id: str, status: int = 200) -> ResponseReturnValue:
    """The 受理 page: the card, the benefit's 申兑指南 and the checklist to confirm."""
    actor = current_actor()
    card = cards.get_card(card_id, actor=actor)
    option = None
    if card.status == "active":
        option = next((b for b in ledger.benefits_for_card(card_id) if b.rule_id == rule_id), None)
    guide = guides.guide(rule_id, card.district)
    ticked = set(request.form.getlist("confirmed")) if request.method == "POST" else set()
    return render_template(
        "cards/intake.html", card=card, option=option, guide=guide, ticked=ticked
    ), status


@bp.get("/cards/<int:card_id>/applications/new")
@require_permission("application.open")
def intake(card_id: int) -> ResponseReturnValue:
    """受理: the benefit's 申兑指南 and its checklist of materials; the clerk ticks each item
    after checking it, then opens the application."""
    rule_id = (request.args.get("rule_id") or "").strip()
    if not RULE_ID_RE.match(rule_id):
        return _error_page("无法受理", "补贴项目无效", 400)
    return _intake_page(card_id, rule_id)


@bp.post("/cards/<int:card_id>/applications")
@require_permission("application.open")
def open_application(card_id: int) -> ResponseReturnValue:
    """Open an application for the benefit ``rule_id`` the engine found for this card, once
    every item of its 受理 checklist is ticked (``confirmed``: the items' keys); the amount
    comes from the rule. Refusals (checklist incomplete, not eligible, double claim...)
    re-render the 受理 page with the 4xx status."""
    rule_id = (request.form.get("rule_id") or "").strip()
    if not RULE_ID_RE.match(rule_id):
        flash("补贴项目无效", "error")
        return _card_page(card_id, 400)
    confirmed = [k[:32] for k in request.form.getlist("confirmed")[:100]]
    try:
        app = ledger.open_application(card_id, rule_id, current_actor(), confirmed=confirmed)
    except ServiceError as exc:
        flash(f"未能受理：{exc.message}", "error")
        if exc.code == "checklist_incomplete":
            return _intake_page(card_id, rule_id, exc.status)
        return _card_page(card_id, exc.status)
    flash(
        f"已受理申请：{app.benefit}，金额 {yuan(app.amount_yuan)} 元（{app.citation}），"
        f"办理时限 {app.processing_days} 个工作日，{local_time(app.due_on)} 前办结",
        "success",
    )
    return redirect(url_for("console_views.card_view", card_id=card_id), 303)


def _reason(required: bool) -> tuple[str | None, str | None]:
    """The form's ``reason`` and an error message (None when fine)."""
    reason = (request.form.get("reason") or "").strip()
    if len(reason) > MAX_REASON_LENGTH:
        return None, f"理由最多 {MAX_REASON_LENGTH} 个字"
    if any(unicodedata.category(c) == "Cc" and c not in "\r\n\t" for c in reason):
        return None, "理由含有无效字符"
    if required and not reason:
        return None, "请填写理由"
    return reason or None, None


def _application_action(app_id: int, action: str) -> ResponseReturnValue:
    """Run ``action`` (approve, reject, pay, claw_back) on application ``app_id`` and go back
    to its card; a refusal re-renders the card page with the 4xx status."""
    application = ledger.get_application(app_id, current_actor())
    card_id = application.card_id
    actor = current_actor()
    reason, problem = _reason(required=action in ("reject", "claw_back"))
    if problem:
        flash(problem, "error")
        return _card_page(card_id, 400)
    try:
        if action in ("approve", "reject"):
            done = ledger.decide_application(
                app_id, actor, approve=action == "approve", reason=reason
            )
        elif action == "pay":
            done = ledger.pay_application(app_id, actor)
        else:
            done = ledger.claw_back(app_id, actor, reason=reason or "")
    except ServiceError as exc:
        flash(f"未能办理：{exc.message}", "error")
        return _card_page(card_id, exc.status)
    flash(f"申请 #{done.id}（{done.benefit}）：{done.status_label}", "success")
    return redirect(url_for("console_views.card_view", card_id=card_id), 303)


@bp.post("/applications/<int:app_id>/decide")
@require_permission("application.decide")
def decide_application(app_id: int) -> ResponseReturnValue:
    """Approve (``decision=approve``) or reject (``decision=reject`` with ``reason``)."""
    decision = request.form.get("decision")
    if decision not in ("approve", "reject"):
        flash("请选择批准或驳回", "error")
        return _application_action_error(app_id)
    return _application_action(app_id, decision)


def _application_action_error(app_id: int) -> ResponseReturnValue:
    application = ledger.get_application(app_id, current_actor())
    return _card_page(application.card_id, 400)


@bp.post("/applications/<int:app_id>/pay")
@require_permission("application.pay")
def pay_application(app_id: int) -> ResponseReturnValue:
    """Mark an approved application paid (发放)."""
    return _application_action(app_id, "pay")


@bp.post("/applications/<int:app_id>/claw-back")
@require_permission("application.claw_back")
def claw_back(app_id: int) -> ResponseReturnValue:
    """Claw back (追回) a paid application, with a reason (prefilled with the policy's)."""
    return _application_action(app_id, "claw_back")


# -- card review and static codes ---------------------------------------------------------
def _review_page(status: int = 200) -> ResponseReturnValue:
    actor = current_actor()
    pending = sorted(cards.list_cards(status="pending", limit=200, actor=actor), key=lambda c: c.id)
    files = {c.id: evidence.list_evidence(c.id, actor) for c in pending}
    return render_template("cards/review.html", pending=pending, files=files), status


@bp.get("/review")
@require_permission("card.review")
def review() -> ResponseReturnValue:
    """Card applications waiting for a decision, oldest first."""
    return _review_page()


@bp.post("/cards/<int:card_id>/review")
@require_permission("card.review")
def review_card(card_id: int) -> ResponseReturnValue:
    """Approve (card number issued) or reject with a reason the worker is told."""
    decision = request.form.get("decision")
    if decision not in ("approve", "reject"):
        flash("请选择批准或驳回", "error")
        return _review_page(400)
    reason, problem = _reason(required=decision == "reject")
    if problem:
        flash(problem, "error")
        return _review_page(400)
    try:
        card = cards.review_card(
            card_id, current_actor(), approve=decision == "approve", reason=reason
        )
    except ServiceError as exc:
        flash(f"未能办理：{exc.message}", "error")
        return _review_page(exc.status)
    if card.status == "active":
        flash(f"已批准，卡号 {card.card_no}", "success")
    else:
        flash("已驳回，申请人会收到驳回理由", "success")
    return redirect(url_for("console_views.review"), 303)


@bp.get("/cards/<int:card_id>/static-code")
@require_permission("card.scan")
def static_code(card_id: int) -> ResponseReturnValue:
    """A printable page with the card's static QR code (SVG inline)."""
    actor = current_actor()
    card = cards.get_card(card_id, actor=actor)
    qr = cards.static_code(card_id, actor)
    return render_template("cards/static_code.html", card=card, qr=qr)


@bp.post("/cards/<int:card_id>/static-code/reissue")
@require_permission("card.revoke")
def reissue_static_code(card_id: int) -> ResponseReturnValue:
    """Make a new static code; every code printed before stops working."""
    cards.reissue_static_code(card_id, current_actor())
    flash("已重新生成静态码，之前打印的二维码全部作废", "success")
    return redirect(url_for("console_views.static_code", card_id=card_id), 303)


def _card_transition(
    card_id: int, change: Callable[..., object], failed: str, done: str
) -> ResponseReturnValue:
    """Run a card's lifecycle ``change`` that needs a reason (注销, 暂停, 恢复): the form's
    reason checked first, a refusal shown on the card's page as 「``failed``：…」, ``done``
    flashed after it."""
    reason, problem = _reason(required=True)
    if problem:
        flash(problem, "error")
        return _card_page(card_id, 400)
    try:
        change(card_id, current_actor(), reason=reason or "")
    except ServiceError as exc:
        flash(f"{failed}：{exc.message}", "error")
        return _card_page(card_id, exc.status)
    flash(done, "success")
    return redirect(url_for("console_views.card_view", card_id=card_id), 303)


@bp.post("/cards/<int:card_id>/revoke")
@require_permission("card.revoke")
def revoke_card(card_id: int) -> ResponseReturnValue:
    """Revoke (注销) an active card with a reason; every code of it stops working."""
    return _card_transition(
        card_id, cards.revoke_card, "未能注销", "蓝卡已注销，所有二维码即时失效"
    )


@bp.post("/cards/<int:card_id>/suspend")
@require_permission("card.suspend")
def suspend_card(card_id: int) -> ResponseReturnValue:
    """Suspend (暂停) an active card with a reason: it scans as suspended, with no benefits."""
    return _card_transition(
        card_id,
        cards.suspend_card,
        "未能暂停",
        "蓝卡已暂停：扫码显示已暂停，暂停期间不能享受补贴、不能受理申请",
    )


@bp.post("/cards/<int:card_id>/resume")
@require_permission("card.suspend")
def resume_card(card_id: int) -> ResponseReturnValue:
    """Resume (恢复) a suspended card with a reason; its codes work again."""
    return _card_transition(card_id, cards.resume_card, "未能恢复", "蓝卡已恢复使用")


@bp.post("/cards/<int:card_id>/employer")
@require_permission("card.change_employer")
def change_employer(card_id: int) -> ResponseReturnValue:
    """Record a change of employer (a new row of the employment history)."""
    name = (request.form.get("employer_name") or "").strip()[:128]
    code = (request.form.get("credit_code") or "").strip()[:32]
    try:
        started = parse_day(request.form.get("started_on") or "")
    except ValueError:
        flash(f"入职日期格式应为 2026-11-30，年份在{YEARS_TEXT}之间", "error")
        return _card_page(card_id, 400)
    try:
        cards.change_employer(
            card_id, current_actor(), employer_name=name, credit_code=code, started_on=started
        )
    except ServiceError as exc:
        flash(f"未能变更：{exc.message}", "error")
        return _card_page(card_id, exc.status)
    flash(f"已变更工作单位：{name}（{started.isoformat()} 起）", "success")
    return redirect(url_for("console_views.card_view", card_id=card_id), 303)


# -- applications and the ledger ----------------------------------------------------------
def _filters() -> tuple[ledger.LedgerFilter, dict[str, str], list[str]]:
    """The ledger filter of the query string, the raw values (to refill the form) and a
    message per bad field."""
    raw = {
        k: (request.args.get(k) or "").strip()[:64]
        for k in ("district", "rule_id", "status", "date_from", "date_to")
    }
    errors: list[str] = []
    district = None
    if raw["district"]:
        district = canonical_region(raw["district"])
        if district is None:
            errors.append("地区无效")
    rule_id = None
    if raw["rule_id"]:
        if RULE_ID_RE.match(raw["rule_id"]):
            rule_id = raw["rule_id"]
        else:
            errors.append("补贴规则编号无效（字母、数字、_ . : -）")
    status = None
    if raw["status"]:
        if raw["status"] in ledger.APPLICATION_TRANSITIONS:
            status = raw["status"]
        else:
            errors.append("状态无效")
    dates = date_range(raw, errors)
    filters = ledger.LedgerFilter(
        district=district,
        rule_id=rule_id,
        status=status,
        date_from=dates["date_from"],
        date_to=dates["date_to"],
    )
    return filters, raw, errors


def _list_page(template: str) -> ResponseReturnValue:
    filters, raw, errors = _filters()
    for message in errors:
        flash(message, "error")
    rows = [] if errors else ledger.ledger_rows(filters, current_actor())
    query = {k: v for k, v in raw.items() if v}
    return render_template(
        template,
        rows=rows,
        totals=ledger.ledger_totals(rows),
        total_labels=TOTAL_LABELS,
        form=raw,
        query=query,
    ), (400 if errors else 200)


@bp.get("/applications")
@require_permission("card.scan")
def applications() -> ResponseReturnValue:
    """Subsidy applications, filtered by district, rule, status and date."""
    return _list_page("ledger/applications.html")


@bp.get("/ledger")
@require_permission("ledger.export")
def ledger_page() -> ResponseReturnValue:
    """The disbursement ledger (资金发放台账) with filters and Excel / CSV downloads."""
    return _list_page("ledger/index.html")


def _export(fmt: str) -> ResponseReturnValue:
    filters, _raw, errors = _filters()
    if errors:
        return _error_page("筛选条件有误", "；".join(errors), 400)
    rows = ledger.rows_for_export(filters, current_actor(), fmt=fmt)  # audited by the service
    stamp = datetime.now(CHINA_TZ).strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        body: bytes = to_xlsx(rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        text = to_csv(rows)
        # A BOM lets Excel open the UTF-8 CSV with the Chinese intact.
        body = (text if text.startswith("\ufeff") else "\ufeff" + text).encode("utf-8")
        mimetype = "text/csv; charset=utf-8"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="ledger-{stamp}.{fmt}"'
    return response


@bp.get("/ledger.xlsx")
@require_permission("ledger.export")
def ledger_xlsx() -> ResponseReturnValue:
    """The filtered ledger as an Excel workbook (audited ``ledger.export``)."""
    return _export("xlsx")


@bp.get("/ledger.csv")
@require_permission("ledger.export")
def ledger_csv() -> ResponseReturnValue:
    """The filtered ledger as UTF-8 CSV (audited ``ledger.export``)."""
    return _export("csv")


__all__ = ["bp"]
