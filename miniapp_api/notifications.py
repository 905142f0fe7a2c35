"""Notifications API.

Staff (bearer token from POST /api/v1/staff/login; permission ``notification.send``):

POST /api/v1/staff/notifications/preview   {audience} → {count}
POST /api/v1/staff/notifications           {title, body, audience, link_doc?, link_clause?,
                                            send_at?} → the draft (201) with ``message``
                                            (as the worker will see it in WeChat: title,
                                            fields [{label, value}], link_text, url) and
                                            ``sending`` ({ready, missing, queued})
POST /api/v1/staff/notifications/{id}/confirm → progress (send now, or scheduled)
POST /api/v1/staff/notifications/{id}/cancel | pause | resume → progress
GET  /api/v1/staff/notifications/{id}      → progress: counts per state, failures with
                                            reasons, delivery report
POST /api/v1/staff/rules/match             (``rules.change``) → the matching run's result

Mini-program (user bearer token):

POST /api/v1/notifications/subscriptions   {template_id, accepted} → {remaining}: the
     user's answer to wx.requestSubscribeMessage; each acceptance allows one message.

Errors use the one error shape (422 with ``fields`` for an invalid notification).
"""

from __future__ import annotations

from typing import Any

from flask_openapi3 import Tag
from pydantic import BaseModel, ConfigDict, Field

from bluecard.apidoc import APIBlueprint
from bluecard.errors import COMMON_ERROR_RESPONSES, ApiError, ErrorBody, FieldError
from bluecard.notifications import services as notif
from bluecard.services.errors import ServiceError
from miniapp_api.auth import BEARER, require_user
from miniapp_api.schemas import Moment
from miniapp_api.staff import require_staff

PERM = "notification.send"

api = APIBlueprint(
    "notifications_api",
    __name__,
    url_prefix="/api/v1",
    abp_tags=[Tag(name="notifications", description="policy notifications")],
    abp_responses={**COMMON_ERROR_RESPONSES, "400": ErrorBody, "401": ErrorBody, "403": ErrorBody},
)


class AudienceBody(BaseModel):
    """Who receives it: ``followers`` or ``card_holders`` (optionally by district, skill
    level, employer name or 统一社会信用代码)."""

    model_config = ConfigDict(extra="forbid")
    kind: str = Field(description="followers | card_holders")
    district: str | None = Field(default=None, max_length=32)
    skill_level: str | None = Field(default=None, max_length=16)
    employer: str | None = Field(default=None, max_length=128)


class PreviewRequest(BaseModel):
    """An audience to count."""

    model_config = ConfigDict(extra="forbid")
    audience: AudienceBody


class PreviewResponse(BaseModel):
    """How many people the audience reaches now (opted-out and unfollowed excluded)."""

    count: int


class ComposeRequest(BaseModel):
    """A notification to draft."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=200)
    body: str = Field(max_length=2000)
    audience: AudienceBody
    link_doc: str | None = Field(default=None, max_length=64)
    link_clause: str | None = Field(default=None, max_length=32)
    send_at: Moment | None = Field(default=None, description="ISO time; naive = Beijing time")


class NotificationPath(BaseModel):
    """A notification id."""

    notification_id: int = Field(ge=1, le=2**63 - 1)


class SubscriptionRequest(BaseModel):
    """The user's answer to wx.requestSubscribeMessage for one template."""

    model_config = ConfigDict(extra="forbid")
    template_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    accepted: bool


class SubscriptionResponse(BaseModel):
    """Messages of this template the user may still receive."""

    remaining: int


def _error(exc: ServiceError) -> ApiError:
    if isinstance(exc, notif.NotificationFormError):
        return ApiError(
            exc.status,
            exc.message,
            exc.code,
            fields=[FieldError(field=f, message=m) for f, m in exc.errors.items()],
        )
    return ApiError(exc.status, exc.message, exc.code)


def _audience(body: AudienceBody) -> dict[str, Any]:
    return body.model_dump()


@api.post(
    "/staff/notifications/preview",
    security=BEARER,
    responses={"200": PreviewResponse, "422": ErrorBody},
)
def preview(body: PreviewRequest) -> dict[str, Any]:
    """Count the recipients of an audience."""
    actor = require_staff(PERM)
    try:
        return {"count": notif.preview_count(_audience(body.audience), actor)}
    except ServiceError as exc:
        raise _error(exc) from None


@api.post("/staff/notifications", security=BEARER, responses={"201": None, "422": ErrorBody})
def create(body: ComposeRequest) -> tuple[dict[str, Any], int]:
    """Draft a notification (nothing is sent before confirm)."""
    actor = require_staff(PERM)
    try:
        view = notif.create_draft(
            actor,
            title=body.title,
            body=body.body,
            audience=_audience(body.audience),
            link_doc=body.link_doc,
            link_clause=body.link_clause,
            send_at=body.send_at,
        )
    except ServiceError as exc:
        raise _error(exc) from None
    out = view.to_dict()
    out["preview_count"] = notif.preview_count(view.audience)
    # The message as the worker will see it, and whether it can be sent from here.
    out["message"] = notif.draft_preview(actor, view.id).to_dict()
    out["sending"] = notif.sending_setup().to_dict()
    return out, 201


@api.get(
    "/staff/notifications/<int:notification_id>", security=BEARER, responses={"404": ErrorBody}
)
def progress(path: NotificationPath) -> dict[str, Any]:
    """Progress and delivery report."""
    actor = require_staff(PERM)
    try:
        return notif.get_notification(path.notification_id, actor).to_dict()
    except ServiceError as exc:
        raise _error(exc) from None


def _act(path: NotificationPath, action: Any) -> dict[str, Any]:
    actor = require_staff(PERM)
    try:
        view = action(actor, path.notification_id)
    except ServiceError as exc:
        raise _error(exc) from None
    return dict(view.to_dict())


@api.post(
    "/staff/notifications/<int:notification_id>/confirm",
    security=BEARER,
    responses={"404": ErrorBody, "409": ErrorBody, "422": ErrorBody},
)
def confirm(path: NotificationPath) -> dict[str, Any]:
    """Confirm a draft: send now or at its send_at."""
    return _act(path, notif.confirm)


@api.post(
    "/staff/notifications/<int:notification_id>/cancel",
    security=BEARER,
    responses={"200": None, "409": ErrorBody},
)
def cancel(path: NotificationPath) -> dict[str, Any]:
    """Cancel what was not sent yet."""
    return _act(path, notif.cancel)


@api.post(
    "/staff/notifications/<int:notification_id>/pause",
    security=BEARER,
    responses={"200": None, "409": ErrorBody},
)
def pause(path: NotificationPath) -> dict[str, Any]:
    """Pause sending."""
    return _act(path, notif.pause)


@api.post(
    "/staff/notifications/<int:notification_id>/resume",
    security=BEARER,
    responses={"200": None, "409": ErrorBody},
)
def resume(path: NotificationPath) -> dict[str, Any]:
    """Resume a paused notification."""
    return _act(path, notif.resume)


@api.post("/staff/rules/match", security=BEARER, responses={"200": None})
def match() -> dict[str, Any]:
    """Rules changed: find the workers who became eligible and draft their notification."""
    actor = require_staff("rules.change")
    try:
        result = notif.run_matching(actor)
    except ServiceError as exc:
        raise _error(exc) from None
    return {
        "first_run": result.first_run,
        "changed_rules": list(result.changed),
        "profiles": result.profiles,
        "newly_eligible": result.newly_eligible,
        "notified": result.notified,
        "notification_id": result.notification_id,
        "message": result.message,
    }


@api.post(
    "/notifications/subscriptions",
    security=BEARER,
    responses={"200": SubscriptionResponse},
)
def subscribe(body: SubscriptionRequest) -> dict[str, Any]:
    """Record the user's answer to the subscribe-message popup."""
    session = require_user()
    remaining = notif.record_subscription(session.openid, body.template_id, body.accepted)
    return {"remaining": remaining}
