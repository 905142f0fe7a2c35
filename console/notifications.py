"""Console pages of policy notifications (policy staff and admins: ``notification.send``).

- ``GET  /console/notifications``: the list, each with a progress bar (queued / sending /
  sent / failed / skipped), the compose link and the 「规则已更新，匹配并通知」 action.
- ``GET|POST /console/notifications/new``: compose (title, body, document + clause,
  audience: all followers or card holders by district / skill level / employer, send time).
  A valid form makes a draft and leads to its preview.
- ``GET  /console/notifications/<id>``: a draft's preview (how many will receive it, a
  confirm button) or, once confirmed, progress and the delivery report (failures with
  reasons); refreshes itself while sending.
- ``POST /console/notifications/<id>/{confirm,cancel,pause,resume}``.
- ``POST /console/notifications/match`` (``rules.change``): proactive matching.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bluecard.notifications import services as notif
from bluecard.runtime import current_runtime
from bluecard.services.errors import ServiceError
from console.auth import current_actor, require_permission
from policy_kb.eligibility import SKILL_LEVELS
from policy_kb.regions import REGIONS

bp = Blueprint(
    "console_notifications",
    __name__,
    url_prefix="/console/notifications",
    template_folder="templates",
)
PERM = "notification.send"
FORM_FIELDS = ("title", "body", "link", "kind", "district", "skill_level", "employer", "send_at")


def _documents() -> list[dict[str, Any]]:
    """Documents and their clauses for the link select (value ``doc_id|clause_id``)."""
    kb = current_runtime().knowledge.kb
    out = []
    for doc_id in sorted(kb.documents):
        doc = kb.documents[doc_id]
        out.append(
            {
                "doc_id": doc_id,
                "title": doc.meta.title,
                "draft": doc.meta.status == "draft",
                "clauses": [
                    (c.clause_id, f"{c.number} {c.heading}".strip()[:40])
                    for c in doc.clauses
                    if c.level <= 2
                ],
            }
        )
    return out


def _form_page(
    form: dict[str, str], errors: dict[str, str], status: int = 200
) -> ResponseReturnValue:
    return (
        render_template(
            "notifications/compose.html",
            form=form,
            errors=errors,
            documents=_documents(),
            regions=[r.name for r in REGIONS],
            skill_levels=[level for level in SKILL_LEVELS if level != "无"],
        ),
        status,
    )


@bp.get("")
@require_permission(PERM)
def index() -> ResponseReturnValue:
    """Notifications, newest first, with their progress."""
    return render_template(
        "notifications/list.html",
        notifications=notif.list_notifications(actor=current_actor()),
        state_labels=notif.STATE_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
@require_permission(PERM)
def compose() -> ResponseReturnValue:
    """GET: the compose form. POST: a draft, then its preview (or the form with every bad
    field named, 422)."""
    if request.method == "GET":
        return _form_page({"kind": "card_holders"}, {})
    form = {k: (request.form.get(k) or "").strip() for k in FORM_FIELDS}
    errors: dict[str, str] = {}
    send_at = None
    if form["send_at"]:
        try:
            send_at = datetime.fromisoformat(form["send_at"])  # naive: Beijing time
        except ValueError:
            errors["send_at"] = "定时发送时间格式不对"
    link_doc, _, link_clause = form["link"].partition("|")
    audience = {
        "kind": form["kind"],
        "district": form["district"] or None,
        "skill_level": form["skill_level"] or None,
        "employer": form["employer"] or None,
    }
    if form["kind"] == "followers":
        audience = {"kind": "followers"}
    if errors:
        return _form_page(form, errors, 422)
    try:
        draft = notif.create_draft(
            current_actor(),
            title=form["title"],
            body=form["body"],
            audience=audience,
            link_doc=link_doc or None,
            link_clause=link_clause or None,
            send_at=send_at,
        )
    except notif.NotificationFormError as exc:
        return _form_page(form, exc.errors, 422)
    except ServiceError as exc:
        flash(exc.message, "error")
        return _form_page(form, {}, exc.status)
    return redirect(url_for("console_notifications.detail", notification_id=draft.id), 303)


@bp.get("/<int:notification_id>")
@require_permission(PERM)
def detail(notification_id: int) -> ResponseReturnValue:
    """Preview (draft) or progress and delivery report."""
    try:
        view = notif.get_notification(notification_id, current_actor())
    except ServiceError as exc:
        return render_template("error.html", title="没有这条通知", message=exc.message), exc.status
    preview = None
    if view.status == "draft":
        preview = view.total if view.kind == "match" else notif.preview_count(view.audience)
    return render_template(
        "notifications/detail.html",
        n=view,
        preview=preview,
        state_labels=notif.STATE_LABELS,
        template_configured=bool(current_runtime().settings.wechat_template_id),
    )


def _action(notification_id: int, do: Any, done: str) -> ResponseReturnValue:
    try:
        do(current_actor(), notification_id)
        flash(done, "info")
    except ServiceError as exc:
        flash(exc.message, "error")
    return redirect(url_for("console_notifications.detail", notification_id=notification_id), 303)


@bp.post("/<int:notification_id>/confirm")
@require_permission(PERM)
def confirm(notification_id: int) -> ResponseReturnValue:
    """Confirm a draft: send now, or at its scheduled time."""
    return _action(notification_id, notif.confirm, "已确认，开始发送（定时通知将按时发送）")


@bp.post("/<int:notification_id>/cancel")
@require_permission(PERM)
def cancel(notification_id: int) -> ResponseReturnValue:
    """Cancel: what was not sent yet will not be."""
    return _action(notification_id, notif.cancel, "通知已取消")


@bp.post("/<int:notification_id>/pause")
@require_permission(PERM)
def pause(notification_id: int) -> ResponseReturnValue:
    """Pause sending."""
    return _action(notification_id, notif.pause, "已暂停发送")


@bp.post("/<int:notification_id>/resume")
@require_permission(PERM)
def resume(notification_id: int) -> ResponseReturnValue:
    """Resume sending."""
    return _action(notification_id, notif.resume, "已恢复发送")


@bp.post("/match")
@require_permission("rules.change")
def match() -> ResponseReturnValue:
    """「规则已更新，匹配并通知」: re-evaluate stored profiles; newly eligible workers get a
    draft notification with their amount and clause, shown for confirmation."""
    try:
        result = notif.run_matching(current_actor())
    except ServiceError as exc:
        flash(exc.message, "error")
        return redirect(url_for("console_notifications.index"), 303)
    flash(result.message, "info")
    if result.notification_id:
        return redirect(
            url_for("console_notifications.detail", notification_id=result.notification_id), 303
        )
    return redirect(url_for("console_notifications.index"), 303)
