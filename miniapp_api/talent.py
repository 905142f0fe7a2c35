"""The talent database (技能人才库) over the API: staff search it, workers join or leave it,
enterprise contacts submit demand (洪泽 三（一）4, 台儿庄 三（三）7, 叶集 九).

Staff (bearer token of ``POST /api/v1/staff/login``; every call limited to the account's
district):

    GET  /api/v1/staff/talent?level=&trade=&district=&open_only=&page=&per_page=
         → {"items": [worker], "total"}   level: a 技能等级 or 高技能人才; trade: a 工种
    GET  /api/v1/staff/talent/summary?district=   → trades short and in surplus
    GET  /api/v1/staff/talent/demands?status=     → {"items": [demand]}
    POST /api/v1/staff/talent/demands             a demand entered by staff (open at once)
    POST /api/v1/staff/talent/demands/{id}/offers tell matching workers open to offers

Workers (mini-program session token):

    GET    /api/v1/talent/me           the worker's entry (404 when not in the database)
    PUT    /api/v1/talent/me           join or update (consent required without a card)
    PUT    /api/v1/talent/me/offers    {"open_to_offers": bool}
    DELETE /api/v1/talent/me           leave: consent revoked, entry out of search and offers

Enterprise contacts (mini-program session token; there is no enterprise login, so what they
submit waits for staff of the district to check it):

    POST /api/v1/talent/demands        → the demand, status ``pending``
    GET  /api/v1/talent/demands/mine   → {"items": [demand]}

Names and phones are always masked. Bad input: 422 naming every bad field (``fields``).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, jsonify
from flask_openapi3.models.tag import Tag
from pydantic import BaseModel, ConfigDict, Field

from bluecard.apidoc import APIBlueprint
from bluecard.errors import (
    COMMON_ERROR_RESPONSES,
    ApiError,
    ErrorBody,
    FieldError,
    register_service_errors,
)
from bluecard.talent import services as talent
from miniapp_api.auth import BEARER, require_user
from miniapp_api.schemas import fields_of
from miniapp_api.staff import require_staff
from policy_kb.talent import TradeBalance

_TAGS = [Tag(name="talent", description="技能人才库: workers, enterprise demand, supply–demand")]
_RESPONSES: dict[str | int | HTTPStatus, type[BaseModel] | dict[Any, Any] | None] = {
    **{code: body for code, body in COMMON_ERROR_RESPONSES.items()},
    "400": ErrorBody,
    "401": ErrorBody,
    "403": ErrorBody,
}
staff_api = APIBlueprint(
    "talent_staff_api",
    __name__,
    url_prefix="/api/v1/staff/talent",
    abp_tags=_TAGS,
    abp_responses=_RESPONSES,
)
api = APIBlueprint(
    "talent_api",
    __name__,
    url_prefix="/api/v1/talent",
    abp_tags=_TAGS,
    abp_responses=_RESPONSES,
)
register_service_errors(staff_api)
register_service_errors(api)
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
MAX_ID = 2**63 - 1
_SHORT = Field(default=None, max_length=64)


class TalentQuery(BaseModel):
    """Search filters: ``level`` a 技能等级 (exact) or 高技能人才 (高级工 and above); ``trade``
    a 工种 (电焊工 reads as 焊工); ``district`` a name or alias (another district than the
    account's finds nothing); ``open_only``: only workers open to offers."""

    model_config = ConfigDict(extra="forbid")
    level: str | None = _SHORT
    trade: str | None = _SHORT
    district: str | None = Field(default=None, max_length=32)
    open_only: bool = False
    page: int = Field(default=1, ge=1, le=100_000)
    per_page: int = Field(default=50, ge=1, le=talent.MAX_PAGE)


class WorkerItem(fields_of(talent.WorkerView, as_json={"updated_at": str})):  # type: ignore[misc]
    """A worker of the database; name and phone masked. updated_at: China date."""

    source: str = Field(description="card | registered")


class TalentPage(BaseModel):
    """One page of workers and how many match in all."""

    items: list[WorkerItem]
    total: int


class SummaryQuery(BaseModel):
    """The district (default: the account's own)."""

    model_config = ConfigDict(extra="forbid")
    district: str | None = Field(default=None, max_length=32)


class TradeBalanceItem(fields_of(TradeBalance, properties={"gap": "high_skill"})):  # type: ignore[misc]
    """One trade: workers wanted, available (open to offers), registered, gap (+ short)."""


class SummaryResponse(BaseModel):
    """Supply and demand of one district today (叶集 九 定期发布技能人才供求信息)."""

    district: str
    as_of: str
    workers: int
    available: int
    demand: int
    demands: int
    short: list[TradeBalanceItem]
    surplus: list[TradeBalanceItem]
    text: str


class DemandRequest(BaseModel):
    """An enterprise's demand. wage_min / wage_max: yuan per month; valid_until: ISO date;
    skill_level: the lowest level wanted (empty: any); credit_code: 统一社会信用代码."""

    model_config = ConfigDict(extra="forbid")
    employer_name: str | None = Field(default=None, max_length=200)
    credit_code: str | None = Field(default=None, max_length=40)
    contact_name: str | None = Field(default=None, max_length=64)
    contact_phone: str | None = Field(default=None, max_length=32)
    trade: str | None = _SHORT
    skill_level: str | None = _SHORT
    count: int | str | None = None
    wage_min: int | str | None = None
    wage_max: int | str | None = None
    district: str | None = Field(default=None, max_length=32)
    valid_until: str | None = Field(default=None, max_length=32)


class DemandItem(
    fields_of(  # type: ignore[misc]
        talent.DemandView,
        as_json={"valid_until": str, "created_at": str, "offered_at": str | None},
        properties={"open": "expired"},
    )
):
    """A demand post; the contact masked. open: published and not past valid_until."""


class DemandList(BaseModel):
    """Demand posts, newest first."""

    items: list[DemandItem]


class DemandListQuery(BaseModel):
    """Filter by status: pending, open, rejected, closed."""

    model_config = ConfigDict(extra="forbid")
    status: str | None = Field(default=None, pattern=r"^(pending|open|rejected|closed)$")


class DemandPath(BaseModel):
    """A demand id."""

    demand_id: int = Field(ge=1, le=MAX_ID)


class OfferResponse(
    fields_of(  # type: ignore[misc]
        talent.OfferResult, properties={"message": "notification_id"}
    )
):
    """Workers matched (open to offers, same trade and district, level high enough) and
    those told (not opted out)."""


class EntryRequest(BaseModel):
    """Join or update. Card holders give ``trade`` (and ``industry``, ``open_to_offers``):
    level, district and employer come from their card. Others give everything and
    ``consent: true`` (个人信息处理同意; revocable by DELETE)."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = _SHORT
    phone: str | None = Field(default=None, max_length=32)
    skill_level: str | None = _SHORT
    trade: str | None = _SHORT
    employer: str | None = Field(default=None, max_length=200)
    industry: str | None = Field(default=None, max_length=200)
    district: str | None = Field(default=None, max_length=32)
    open_to_offers: bool = False
    consent: bool | None = None


class OffersRequest(BaseModel):
    """Whether the worker wants to be told of matching demand."""

    model_config = ConfigDict(extra="forbid")
    open_to_offers: bool


class LeftResponse(BaseModel):
    """left: the worker was in the database and is out now."""

    left: bool


def _form_error(err: talent.TalentFormError, what: str) -> ApiError:
    fields = [FieldError(field=name, message=message) for name, message in err.errors.items()]
    return ApiError(422, f"{what}有误：{err}", "invalid_talent_form", fields)


def _no_store(body: dict[str, Any], status: int = 200) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers.update(NO_STORE)
    return response


# -- staff ------------------------------------------------------------------------------------
@staff_api.get("", security=BEARER, responses={"200": TalentPage, "422": ErrorBody})
def search(query: TalentQuery) -> Response:
    """Workers of the talent database in the account's district (``talent.view``), newest
    entries first. 422 names a level, trade or district that cannot be read."""
    actor = require_staff(talent.VIEW)
    try:
        found = talent.search(
            actor,
            level=query.level,
            trade=query.trade,
            district=query.district,
            open_only=query.open_only,
            page=query.page,
            per_page=query.per_page,
        )
    except talent.TalentFormError as err:
        raise _form_error(err, "查询条件") from None
    return _no_store({"items": [w.to_dict() for w in found.items], "total": found.total})


@staff_api.get("/summary", security=BEARER, responses={"200": SummaryResponse})
def supply_demand(query: SummaryQuery) -> dict[str, Any]:
    """Today's supply–demand summary of the district: trades short and in surplus."""
    actor = require_staff(talent.VIEW)
    try:
        s = talent.summary(actor, query.district)
    except talent.TalentFormError as err:
        raise _form_error(err, "查询条件") from None

    def item(b: Any) -> dict[str, Any]:
        return {**{k: getattr(b, k) for k in TradeBalanceItem.model_fields}}

    return {
        "district": s.district,
        "as_of": s.as_of.isoformat(),
        "workers": s.workers,
        "available": s.available,
        "demand": s.demand,
        "demands": s.demands,
        "short": [item(b) for b in s.short],
        "surplus": [item(b) for b in s.surplus],
        "text": s.text(),
    }


@staff_api.get("/demands", security=BEARER, responses={"200": DemandList})
def staff_demands(query: DemandListQuery) -> dict[str, Any]:
    """Demand posts of the district, newest first."""
    actor = require_staff(talent.VIEW)
    rows = talent.list_demands(actor, status=query.status)
    return {"items": [d.to_dict() for d in rows]}


@staff_api.post("/demands", security=BEARER, responses={"201": DemandItem, "422": ErrorBody})
def staff_post_demand(body: DemandRequest) -> tuple[dict[str, Any], int]:
    """Enter an enterprise's demand (``talent.manage``); published at once. The district
    defaults to the account's own; another is a 422."""
    actor = require_staff(talent.MANAGE)
    try:
        demand = talent.post_demand(actor, body.model_dump())
    except talent.TalentFormError as err:
        raise _form_error(err, "用工需求") from None
    return demand.to_dict(), 201


@staff_api.post(
    "/demands/<int:demand_id>/offers",
    security=BEARER,
    responses={"200": OfferResponse, "409": ErrorBody},
)
def staff_send_offers(path: DemandPath) -> dict[str, Any]:
    """Tell the workers open to offers who match the demand (once per demand; 409 when not
    open, expired or offered already; 422 ``not_configured`` without a template id)."""
    actor = require_staff(talent.MANAGE)
    result = talent.send_offers(actor, path.demand_id)
    return {**vars(result), "message": result.message}


# -- workers and enterprise contacts -----------------------------------------------------------
@api.get("/me", security=BEARER, responses={"200": WorkerItem, "404": ErrorBody})
def my_entry() -> Response:
    """The worker's entry (404 ``not_in_database`` when they are not in it)."""
    user = require_user()
    entry = talent.my_entry(user.openid)
    if entry is None:
        raise ApiError(404, "你还不在技能人才库中", "not_in_database")
    return _no_store(entry.to_dict())


@api.put("/me", security=BEARER, responses={"200": WorkerItem, "422": ErrorBody})
def join(body: EntryRequest) -> Response:
    """Join the database or update the entry; 422 names every bad field (consent included)."""
    user = require_user()
    try:
        entry = talent.join(user.openid, body.model_dump())
    except talent.TalentFormError as err:
        raise _form_error(err, "登记信息") from None
    return _no_store(entry.to_dict())


@api.put("/me/offers", security=BEARER, responses={"200": WorkerItem, "404": ErrorBody})
def set_offers(body: OffersRequest) -> Response:
    """Say whether to be told of matching demand (404 when not in the database)."""
    user = require_user()
    entry = talent.set_open_to_offers(user.openid, body.open_to_offers)
    return _no_store(entry.to_dict())


@api.delete("/me", security=BEARER, responses={"200": LeftResponse})
def leave() -> Response:
    """Leave the database (consent revoked): out of search, summaries and offers, name and
    phone wiped."""
    user = require_user()
    return _no_store({"left": talent.leave(user.openid)})


@api.post("/demands", security=BEARER, responses={"201": DemandItem, "422": ErrorBody})
def submit_demand(body: DemandRequest) -> Response:
    """An enterprise contact submits demand; it waits (``pending``) for staff of its
    district to check and publish it. Contact name and phone are required; 422
    ``too_many_pending`` when 20 of the user's posts already wait."""
    user = require_user()
    try:
        demand = talent.submit_demand(user.openid, body.model_dump())
    except talent.TalentFormError as err:
        raise _form_error(err, "用工需求") from None
    return _no_store(demand.to_dict(), 201)


@api.get("/demands/mine", security=BEARER, responses={"200": DemandList})
def my_demands() -> Response:
    """Demand the mini-program user submitted, newest first, with their status."""
    user = require_user()
    return _no_store({"items": [d.to_dict() for d in talent.my_demands(user.openid)]})


__all__ = ["api", "staff_api"]
