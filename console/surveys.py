"""Console pages of the enterprise survey (台儿庄 附件1; ``survey.manage``) and the mobile form.

- ``GET  /console/surveys``: the rounds of the district and the form to start one (title and
  the enterprises to visit, one a line: ``名称`` or ``名称，统一社会信用代码``).
- ``POST /console/surveys/new``; ``POST /console/surveys/<id>/add``.
- ``GET  /console/surveys/<id>``: who has and has not submitted, each enterprise's link and QR
  code, 现场填写 (staff fill the form at the visit), the round's 统计汇总.
- ``GET  /console/surveys/<id>/export.xlsx``: the workbook (form layout + summary).
- ``GET  /console/surveys/seal/<invitation_id>.png``: a submitted 盖章 image.
- ``GET|POST /console/surveys/fill/<invitation_id>``: the form, filled by staff.
- ``GET|POST /s/<token>``: the form an enterprise opens from its link or QR code (375 px
  phones): 保存草稿 keeps what is typed, 提交 checks every field and names each bad one (422;
  a good 盖章 image sent with it is kept). A post too large for the limit (413) is a page
  telling them to go back and choose a smaller picture; ``survey.js`` shrinks the picture in
  the browser first, so that page is rarely seen.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from bluecard.cards import qr
from bluecard.errors import http_error_response
from bluecard.services.errors import ServiceError
from bluecard.services.ids import parse_id
from bluecard.staff.audit import Actor
from bluecard.surveys import services as surveys
from bluecard.surveys.form import (
    AGE_GROUPS,
    BUSINESS_FIELDS,
    EDUCATION,
    ENTERPRISE_SIZE_LABELS,
    ENTERPRISE_TYPE_LABELS,
    LEVELS,
    TRADE_EXAMPLES,
    TRAINING,
    form_fields_to_data,
)
from bluecard.surveys.seal import MAX_SEAL_BYTES, TOO_LARGE
from bluecard.surveys.summary import DIMENSIONS
from console.auth import current_actor, require_permission
from policy_kb.chinatime import china_today
from policy_kb.regions import REGIONS

bp = Blueprint(
    "console_surveys", __name__, url_prefix="/console/surveys", template_folder="templates"
)
public_bp = Blueprint("survey_public", __name__, template_folder="templates")
PERM = surveys.PERM
#: A form post may carry a phone photo of the seal: the app-wide 1 MiB limit is raised here.
FORM_BODY_LIMIT = MAX_SEAL_BYTES + 512 * 1024
#: Blank demand lines the form shows (JS adds more).
DEMAND_LINES = 3
PUBLIC_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def init_app(app: Flask) -> None:
    """Register the blueprints and raise the body limit of form posts (before the CSRF check
    reads the body, so the hook goes first)."""

    def _survey_body_limit() -> None:
        if request.path.startswith(("/s/", "/console/surveys/fill/")):
            request.max_content_length = FORM_BODY_LIMIT

    app.before_request_funcs.setdefault(None, []).insert(0, _survey_body_limit)
    app.register_blueprint(bp)
    app.register_blueprint(public_bp)


@public_bp.errorhandler(413)
@bp.errorhandler(413)
def _too_large(exc: HTTPException) -> ResponseReturnValue:
    """A form post over the limit (a phone photo of the seal): a page in Chinese telling the
    enterprise to go back — the browser keeps what was typed — and choose a smaller picture,
    never the API's JSON. Other console pages keep the console's error page."""
    if not request.path.startswith(("/s/", "/console/surveys/fill/")):
        return http_error_response(exc, request.path)
    page = render_template("surveys/too_large.html", max_seal_mb=MAX_SEAL_BYTES // (1024 * 1024))
    response = make_response(page, 413)
    response.headers.update(PUBLIC_HEADERS)
    return response


@bp.get("")
@require_permission(PERM)
def index() -> ResponseReturnValue:
    """The rounds of the district and the form to start one."""
    actor = current_actor()
    return render_template(
        "surveys/index.html",
        rounds=surveys.list_rounds(actor),
        regions=[r.name for r in REGIONS],
        pick_district=actor.district is None,
        form={},
        problems=[],
    )


@bp.post("/new")
@require_permission(PERM)
def create() -> ResponseReturnValue:
    """Start a round; the enterprises' lines are checked (统一社会信用代码 if given)."""
    actor = current_actor()
    form = {k: request.form.get(k, "") for k in ("title", "enterprises", "district")}
    items, problems = surveys.parse_enterprise_lines(form["enterprises"])
    if not problems:
        try:
            created = surveys.create_round(
                actor, title=form["title"], enterprises=items, district=form["district"] or None
            )
        except ServiceError as exc:
            problems = [exc.message]
        else:
            flash(f"已创建调查「{created.title}」，共 {len(created.invitations)} 家企业", "success")
            return redirect(url_for(".detail", round_id=created.id))
    page = render_template(
        "surveys/index.html",
        rounds=surveys.list_rounds(actor),
        regions=[r.name for r in REGIONS],
        pick_district=actor.district is None,
        form=form,
        problems=problems,
    )
    return page, 422


@bp.get("/<int:round_id>")
@require_permission(PERM)
def detail(round_id: int) -> ResponseReturnValue:
    """Who has and has not submitted, links and QR codes, the 统计汇总."""
    actor = current_actor()
    view = surveys.get_round(actor, round_id)
    result = surveys.summary(actor, round_id=round_id)
    qr_codes = {inv.id: qr.qr_svg(inv.link) for inv in view.invitations if inv.link}
    return render_template(
        "surveys/detail.html",
        round=view,
        qr_codes=qr_codes,
        summary=result.summary.as_json(),
        dimensions=DIMENSIONS,
        levels=LEVELS,
        age_groups=AGE_GROUPS,
        education=EDUCATION,
        training=TRAINING,
    )


@bp.post("/<int:round_id>/add")
@require_permission(PERM)
def add(round_id: int) -> ResponseReturnValue:
    """Add enterprises to a round."""
    items, problems = surveys.parse_enterprise_lines(request.form.get("enterprises", ""))
    if problems:
        for problem in problems:
            flash(problem, "error")
        return redirect(url_for(".detail", round_id=round_id))
    try:
        surveys.add_enterprises(current_actor(), round_id, items)
    except ServiceError as exc:
        flash(exc.message, "error")
    else:
        flash(f"已添加 {len(items)} 家企业", "success")
    return redirect(url_for(".detail", round_id=round_id))


@bp.get("/<int:round_id>/export.xlsx")
@require_permission(PERM)
def export(round_id: int) -> ResponseReturnValue:
    """The round's workbook."""
    name, data = surveys.export_round(current_actor(), round_id)
    response = make_response(data)
    response.headers["Content-Type"] = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/seal/<int:invitation_id>.png")
@require_permission(PERM)
def seal(invitation_id: int) -> ResponseReturnValue:
    """A submitted form's 盖章 image."""
    data = surveys.seal_image(current_actor(), invitation_id)
    response = Response(data, mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _form_context(state: surveys.FormState | None, values: dict[str, Any]) -> dict[str, Any]:
    demands = list(values.get("demands") or [])
    demands += [{} for _ in range(max(DEMAND_LINES - len(demands), 1))]
    return {
        "state": state,
        "values": values,
        "demands": demands,
        "levels": LEVELS,
        "age_groups": AGE_GROUPS,
        "education": EDUCATION,
        "training": TRAINING,
        "types": list(ENTERPRISE_TYPE_LABELS.items()),
        "sizes": list(ENTERPRISE_SIZE_LABELS.items()),
        "fields": BUSINESS_FIELDS,
        "trade_examples": TRADE_EXAMPLES,
        "today": china_today().isoformat(),
        "max_seal_mb": MAX_SEAL_BYTES // (1024 * 1024),
        "max_seal_bytes": MAX_SEAL_BYTES,
        # the browser's refusal, worded as the server's problem line for the seal
        "seal_too_large": f"盖章：{TOO_LARGE}",
    }


def _render_form(
    token: str,
    actor: Actor | None,
    action_url: str,
    back_url: str | None,
) -> Response:
    """GET shows the form; POST keeps a draft (保存草稿) or submits (提交)."""
    status = 200
    problems: list[Any] = []
    values: dict[str, Any] | None = None
    state: surveys.FormState | None = None
    done = False
    try:
        if request.method == "POST":
            data = form_fields_to_data((k, v) for k, vs in request.form.lists() for v in vs)
            upload = request.files.get("seal")
            seal_bytes = upload.read(MAX_SEAL_BYTES + 1) if upload and upload.filename else None
            if request.form.get("action") == "draft":
                state = surveys.save_draft(token, data, seal=seal_bytes, actor=actor)
                values = state.values
                flash("草稿已保存，可以稍后接着填写", "success")
            else:
                try:
                    surveys.submit(token, data, seal=seal_bytes, actor=actor)
                    done = True
                except surveys.SurveyInvalid as exc:
                    problems, values, status = exc.problems, data, 422
        if state is None:
            state = surveys.open_form(token)
        if values is None:
            values = state.values
    except surveys.SurveyInvalid as exc:
        problems, status = exc.problems, 422
        state = surveys.open_form(token)
        values = values or state.values
    except ServiceError as exc:
        page = render_template("surveys/form_gone.html", message=exc.message)
        response = make_response(page, exc.status)
        response.headers.update(PUBLIC_HEADERS)
        return response
    errors: dict[str, str] = {}
    for problem in problems:
        errors.setdefault(problem.field, problem.message)
    page = render_template(
        "surveys/form.html",
        problems=problems,
        errors=errors,
        done=done,
        action_url=action_url,
        back_url=back_url,
        by_staff=actor is not None,
        **_form_context(state, values),
    )
    response = make_response(page, status)
    response.headers.update(PUBLIC_HEADERS)
    return response


@public_bp.route("/s/<token>", methods=["GET", "POST"])
def public_form(token: str) -> ResponseReturnValue:
    """The enterprise's form from its link or QR code."""
    return _render_form(token, None, request.path, None)


@bp.route("/fill/<int:invitation_id>", methods=["GET", "POST"])
@require_permission(PERM)
def staff_form(invitation_id: int) -> ResponseReturnValue:
    """The form filled by staff at the visit (recorded as filled by them)."""
    actor = current_actor()
    token, round_id = surveys.token_of(actor, invitation_id)
    return _render_form(token, actor, request.path, url_for(".detail", round_id=round_id))


def _value(values: dict[str, Any], path: str) -> Any:
    node: Any = values
    for part in path.split("."):
        if isinstance(node, dict):
            node = node.get(part)
        elif (
            isinstance(node, list)
            and (i := parse_id(part, minimum=0)) is not None
            and i < len(node)
        ):
            node = node[i]
        else:
            return ""
    return "" if node is None else node


@public_bp.app_template_filter("survey_value")
def survey_value(values: dict[str, Any], path: str) -> Any:
    """The value of a dotted path in the form's values (blank when absent)."""
    return _value(values, path)


__all__ = ["bp", "init_app", "public_bp"]
