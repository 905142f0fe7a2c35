"""Console pages of policy notifications (policy staff and admins: ``notification.send``).

- ``GET  /console/notifications``: the list, each with a progress bar (queued / sending /
  sent / failed / skipped), the compose link and the 「规则已更新，匹配并通知」 action.
- ``GET|POST /console/notifications/new``: compose (title, body, district, document and
  clause, audience: all followers or card holders by district / skill level / employer, send
  time). The documents offered are those of the chosen district (staff bound to a district:
  only theirs), the clauses those of the chosen document; beside the form, the message as
  the worker will see it in WeChat (``/preview``), and what sending still needs when it is
  not set up. A valid form makes a draft and leads to its preview.
- ``GET  /console/notifications/preview``: the WeChat message for the composed fields (an
  HTML fragment the compose page fetches as staff type; nothing is stored).
- ``GET  /console/notifications/<id>``: a draft's preview (the message as sent, how many
  will receive it, a confirm button only when sending is set up — else what is missing)
  or, once confirmed, progress and the delivery report (failures with reasons); refreshes
  itself while sending.
- ``POST /console/notifications/<id>/{confirm,cancel,pause,resume}``.
- ``POST /console/notifications/match`` (``rules.change``): proactive matching.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bluecard.notifications import services as notif
from bluecard.services.errors import ServiceError
from console.auth import current_actor, require_permission
from policy_kb.chinatime import YEARS_TEXT, in_years
from policy_kb.eligibility import SKILL_LEVELS

bp = Blueprint(
    "console_notifications",
    __name__,
    url_prefix="/console/notifications",
    template_folder="templates",
)
PERM = "notification.send"
FORM_FIELDS = (
    "title",
    "body",
    "link_doc",
    "link_clause",
    "kind",
    "district",
    "skill_level",
    "employer",
    "send_at",
)


def _form_page(
    form: dict[str, str], errors: dict[str, str], status: int = 200
) -> ResponseReturnValue:
    actor = current_actor()
    return (
        render_template(
            "notifications/compose.html",
            form=form,
            errors=errors,
            choices=notif.compose_choices(actor),
            skill_levels=[level for level in SKILL_LEVELS if level != "无"],
            setup=notif.sending_setup(),
            message=notif.preview_message(
                actor,
                title=form.get("title") or "",
                body=form.get("body") or "",
                link_doc=form.get("link_doc"),
                link_clause=form.get("link_clause"),
            ),
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
        own = current_actor().district
        return _form_page({"kind": "card_holders", "district": own or ""}, {})
    form = {k: (request.form.get(k) or "").strip() for k in FORM_FIELDS}
    errors: dict[str, str] = {}
    send_at = None
    if form["send_at"]:
        try:
            send_at = datetime.fromisoformat(form["send_at"])  # naive: Beijing time
        except ValueError:
            errors["send_at"] = "定时发送时间格式不对"
        else:
            if not in_years(send_at):
                errors["send_at"] = f"定时发送时间应在{YEARS_TEXT}之间"
                send_at = None
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
            link_doc=form["link_doc"] or None,
            link_clause=form["link_clause"] or None,
            send_at=send_at,
        )
    except notif.NotificationFormError as exc:
        return _form_page(form, exc.errors, 422)
    except ServiceError as exc:
        flash(exc.message, "error")
        return _form_page(form, {}, exc.status)
    return redirect(url_for("console_notifications.detail", notification_id=draft.id), 303)


@bp.get("/preview")
@require_permission(PERM)
def preview() -> ResponseReturnValue:
    """The WeChat message for the composed fields (query: title, body, link_doc,
    link_clause), as an HTML fragment; nothing is stored."""
    message = notif.preview_message(
        current_actor(),
        title=(request.args.get("title") or "")[: notif.MAX_TITLE],
        body=(request.args.get("body") or "")[: notif.MAX_BODY],
        link_doc=request.args.get("link_doc"),
        link_clause=request.args.get("link_clause"),
    )
    return render_template("notifications/_wechat_message.html", message=message)


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
        message=notif.draft_preview(current_actor(), notification_id),
        setup=notif.sending_setup() if view.status == "draft" else None,
        state_labels=notif.STATE_LABELS,
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
