"""The worker's 技工蓝卡 in the mini-program: apply, see the card (masked) with its subsidy
applications, and show the dynamic QR code at a service window."""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any, Literal

from flask import Response, jsonify
from flask_openapi3 import Tag
from pydantic import BaseModel, ConfigDict, Field

from bluecard.apidoc import APIBlueprint
from bluecard.cards import services as cards
from bluecard.errors import (
    COMMON_ERROR_RESPONSES,
    ApiError,
    ErrorBody,
    FieldError,
    register_service_errors,
)
from bluecard.followers.services import application_summaries
from miniapp_api.auth import BEARER, require_user
from miniapp_api.schemas import fields_of
from policy_kb.card_form import CARD_FIELDS, CardField, CardFormError

api = APIBlueprint(
    "cards_api",
    __name__,
    url_prefix="/api/v1",
    abp_tags=[Tag(name="cards", description="技工蓝卡: application, card, QR code")],
    abp_responses={**COMMON_ERROR_RESPONSES, "400": ErrorBody, "401": ErrorBody, "422": ErrorBody},
)
register_service_errors(api)

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_TEXT = Field(default=None, max_length=200)


class CardApplicationRequest(BaseModel):
    """A blue-card application. Every field is checked and every bad or missing one is named
    in one 422 (``fields``). certificate_date: ``2024-03-01`` or ``2024年3月1日``; district:
    a region name or alias; consent must be true (个人信息处理同意)."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = _TEXT
    id_number: str | None = _TEXT
    phone: str | None = _TEXT
    skill_level: str | None = _TEXT
    certificate_no: str | None = _TEXT
    certificate_issuer: str | None = _TEXT
    certificate_date: str | None = _TEXT
    employer_name: str | None = _TEXT
    credit_code: str | None = _TEXT
    district: str | None = _TEXT
    social_security_no: str | None = _TEXT
    consent: bool | None = None


class EmploymentItem(fields_of(cards.EmploymentView)):  # type: ignore[misc]
    """One employer of the card's history (ended_on null: current)."""


class ApplicationItem(BaseModel):
    """A subsidy application of the card holder; amount_yuan in yuan, from the rules."""

    benefit: str
    amount_yuan: str
    status: str
    status_label: str
    clause: str
    citation: str
    reject_reason: str | None = None
    opened_on: str | None = Field(None, description="ISO date the application was opened")
    decided_on: str | None = Field(None, description="ISO date of the last decision")


class CardResponse(BaseModel):
    """The worker's card, personal data masked."""

    status: str = Field(description="pending | active | rejected | revoked")
    status_label: str
    card_no: str | None
    name_masked: str
    id_number_masked: str
    phone_masked: str
    skill_level: str
    certificate_no: str
    certificate_issuer: str
    certificate_date: date
    district: str
    district_code: str
    employments: list[EmploymentItem]
    applied_at: datetime
    reviewed_at: datetime | None
    reject_reason: str | None
    applications: list[ApplicationItem]


class QrQuery(BaseModel):
    """format: ``json`` (token, URL, expiry and the SVG/PNG inline), ``png`` or ``svg``."""

    format: Literal["json", "png", "svg"] = "json"


class QrResponse(BaseModel):
    """A dynamic code: show it, and fetch a new one before ``expires_at``."""

    url: str
    kind: str
    expires_at: datetime
    expires_in: int = Field(description="seconds")
    svg: str
    png_base64: str


class FormFieldItem(fields_of(CardField)):  # type: ignore[misc]
    """One field of the form, in asking order: key, Chinese label, how to ask, a sample."""


class BlockedItem(BaseModel):
    """Why the worker cannot apply now: ``card_suspended`` | ``card_pending`` |
    ``card_active``, the message to show instead of the form, and the held card's status."""

    code: str
    message: str
    status: str


class CardFormResponse(BaseModel):
    """What the application form shows first. ``can_apply`` false: show ``blocked.message``
    and ask nothing; true: ask ``fields`` in order, then consent (个人信息处理同意)."""

    can_apply: bool
    blocked: BlockedItem | None
    fields: list[FormFieldItem]


def _form_error(err: CardFormError) -> ApiError:
    labels = {f.name: f.label for f in CARD_FIELDS}
    fields = [FieldError(field=name, message=message) for name, message in err.errors.items()]
    named = "、".join(labels.get(name, name) for name in err.errors)
    return ApiError(422, f"申请表有误：{named}", "invalid_card_application", fields)


def _card_json(card: cards.CardView) -> dict[str, Any]:
    return CardResponse(
        status=card.status,
        status_label=card.status_label,
        card_no=card.card_no,
        name_masked=card.name_masked,
        id_number_masked=card.id_number_masked,
        phone_masked=card.phone_masked,
        skill_level=card.skill_level,
        certificate_no=card.certificate_no,
        certificate_issuer=card.certificate_issuer,
        certificate_date=card.certificate_date,
        district=card.district,
        district_code=card.district_code,
        employments=[EmploymentItem(**vars(e)) for e in card.employments],
        applied_at=card.applied_at,
        reviewed_at=card.reviewed_at,
        reject_reason=card.reject_reason,
        applications=[ApplicationItem(**a) for a in application_summaries(card.openid)],
    ).model_dump(mode="json")


@api.get("/cards/form", security=BEARER, responses={"200": CardFormResponse})
def card_form() -> Response:
    """Open the card application form: whether this worker may apply at all, checked before
    anything is asked (a suspended, pending or active card says so here, with the
    suspension's reason, instead of a 409 after the whole form), and the fields to ask."""
    user = require_user()
    start = cards.application_start(user.openid)
    blocked = (
        BlockedItem(code=start.code or "", message=start.message or "", status=start.status or "")
        if not start.can_apply
        else None
    )
    body = CardFormResponse(
        can_apply=start.can_apply,
        blocked=blocked,
        fields=[] if blocked else [FormFieldItem(**vars(f)) for f in CARD_FIELDS],
    )
    response = jsonify(body.model_dump(mode="json"))
    response.headers.update(NO_STORE)
    return response


@api.post(
    "/cards",
    security=BEARER,
    responses={"201": CardResponse, "409": ErrorBody},
)
def apply(body: CardApplicationRequest) -> tuple[dict[str, Any], int]:
    """Apply for a blue card (pending until a reviewer approves it). 422 names every bad or
    missing field (身份证号 and 统一社会信用代码 check digits included); 409 ``live_card``
    when this person already has a pending, active or suspended card (``GET /cards/form``
    says so before the form is filled)."""
    user = require_user()
    try:
        card = cards.apply_for_card(user.openid, body.model_dump())
    except CardFormError as err:
        raise _form_error(err) from None
    return _card_json(card), 201


@api.get("/cards/me", security=BEARER, responses={"200": CardResponse, "404": ErrorBody})
def my_card() -> Response:
    """The worker's newest card (any state; a rejected one carries ``reject_reason``) with
    their subsidy applications. 404 when they never applied."""
    user = require_user()
    card = cards.card_of(user.openid)
    if card is None:
        raise ApiError(404, "你还没有申请技工蓝卡", "no_card")
    response = jsonify(_card_json(card))
    response.headers.update(NO_STORE)
    return response


class PhoneChangeRequest(BaseModel):
    """The new mobile number of the worker's card: 11 digits, +86 and separators allowed."""

    model_config = ConfigDict(extra="forbid")
    phone: str = Field(max_length=40)


@api.put(
    "/cards/me/phone",
    security=BEARER,
    responses={"200": CardResponse, "404": ErrorBody},
)
def change_phone(body: PhoneChangeRequest) -> Response:
    """Change the mobile number on the worker's pending, active or suspended card; the card
    comes back masked. 422 ``invalid_phone`` naming ``phone`` for a bad number, 422 ``same_phone``
    when the card already has it, 404 ``no_card`` without such a card."""
    user = require_user()
    try:
        card = cards.change_phone(user.openid, body.phone)
    except CardFormError as err:
        why = err.errors.get("phone", str(err))
        raise ApiError(
            422, f"手机号有误：{why}", "invalid_phone", [FieldError(field="phone", message=why)]
        ) from None
    response = jsonify(_card_json(card))
    response.headers.update(NO_STORE)
    return response


@api.get("/cards/me/qr", security=BEARER, responses={"200": QrResponse, "409": ErrorBody})
def my_qr(query: QrQuery) -> Response:
    """A fresh dynamic QR code of the worker's active card, valid DYNAMIC_QR_TTL seconds
    (60-120): as JSON, PNG or SVG. Never cached. 422 ``inactive`` without an active card."""
    user = require_user()
    code = cards.dynamic_code(user.openid)
    if query.format == "png":
        response = Response(code.png, mimetype="image/png")
    elif query.format == "svg":
        response = Response(code.svg, mimetype="image/svg+xml")
    else:
        assert code.expires_at is not None
        now = datetime.now(code.expires_at.tzinfo)
        response = jsonify(
            QrResponse(
                url=code.url,
                kind=code.kind,
                expires_at=code.expires_at,
                expires_in=max(0, int((code.expires_at - now).total_seconds())),
                svg=code.svg,
                png_base64=base64.b64encode(code.png).decode("ascii"),
            ).model_dump(mode="json")
        )
    response.headers.update(NO_STORE)
    return response
