"""Staff API: what the console does at the window, for other clients (a window terminal,
a handheld scanner app).

POST /api/v1/staff/login   {username, password, window} → {token, expires_in, role}
POST /api/v1/staff/logout  (Bearer)
POST /api/v1/staff/scan    {code} (Bearer) → the card summary: masked holder, level, district,
                           status, employment history, benefits found, applications
GET  /api/v1/staff/cards/{card_id}/checklist?rule_id= → the benefit's 申兑指南 and 受理 checklist
POST /api/v1/staff/cards/{card_id}/applications {rule_id, confirmed: [checklist keys]} → the
                           new application (every checklist item confirmed, else 422
                           ``checklist_incomplete``)
POST /api/v1/staff/cards/{card_id}/suspend | resume {reason} → the card (暂停 / 恢复)
POST /api/v1/staff/applications/{app_id}/approve | reject {reason} | pay | claw-back {reason}
GET  /api/v1/staff/ledger?status=&district=  (finance) → {items, totals per state}
GET  /api/v1/staff/cards?q=  → {items, total}: by card number, 身份证号, phone or full name
POST /api/v1/staff/cards/{card_id}/review {decision: approve|reject, reason} → the card
GET  /api/v1/staff/audit?person=&action=&card_id=&date_from=&date_to= (admin) → {items, total}

Every call is limited to the account's district: another district's card or application
is a 404, the ledger lists only the district's rows.

Errors use the one error shape: 401 no/invalid token, 403 no permission, 422 refused scan
(code ``forged`` / ``expired`` / ``revoked`` / ``inactive`` / ``malformed``), 409 double
claim, 429 too many logins. Personal data is always masked here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from flask import request
from flask_openapi3 import Tag
from pydantic import BaseModel, ConfigDict, Field

from bluecard.apidoc import APIBlueprint
from bluecard.cards import search as card_search
from bluecard.cards import services as cards
from bluecard.errors import COMMON_ERROR_RESPONSES, ApiError, ErrorBody, register_service_errors
from bluecard.ledger import guides
from bluecard.ledger import services as ledger
from bluecard.services.errors import ServiceError
from bluecard.staff import audit, auditlog
from bluecard.staff import services as staff
from bluecard.staff.audit import Actor
from bluecard.staff.limits import check_login_rate
from miniapp_api.auth import BEARER, bearer_token
from miniapp_api.guides import guide_json
from miniapp_api.schemas import Day

api = APIBlueprint(
    "staff_api",
    __name__,
    url_prefix="/api/v1/staff",
    abp_tags=[Tag(name="staff", description="service-window staff: login, scan, applications")],
    abp_responses={**COMMON_ERROR_RESPONSES, "400": ErrorBody, "401": ErrorBody, "403": ErrorBody},
)
register_service_errors(api)


class StaffLoginRequest(BaseModel):
    """A staff member's username, password and the service window they sit at."""

    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    window: str | None = Field(
        default=None,
        max_length=64,
        description="e.g. 叶集区政务服务中心 3号窗口; required of window clerks only",
    )


class StaffLoginResponse(BaseModel):
    """Send the token as ``Authorization: Bearer <token>``; it expires after ``expires_in``
    idle seconds."""

    token: str
    token_type: str = "Bearer"
    expires_in: int = Field(description="idle seconds before the token expires")
    role: str


class ScanRequest(BaseModel):
    """What the scanner read: the URL of the QR code (…/c/<token>) or the bare token."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=2048)


class OpenApplicationRequest(BaseModel):
    """The rule of a benefit the engine found for the card (amount comes from the rule) and
    the keys of the 受理 checklist items the clerk checked (``GET …/checklist``): all of them
    are needed."""

    model_config = ConfigDict(extra="forbid")
    rule_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    confirmed: list[str] = Field(default_factory=list, max_length=100)


class ChecklistQuery(BaseModel):
    """The benefit whose checklist is wanted."""

    model_config = ConfigDict(extra="forbid")
    rule_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")


class ReasonRequest(BaseModel):
    """A reason (rejections, claw-backs)."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=500)


#: Largest id a path accepts (a signed 64-bit key); larger ids are a 404 at routing.
MAX_ID = 2**63 - 1


class CardPath(BaseModel):
    """A card id."""

    card_id: int = Field(ge=1, le=MAX_ID)


class ApplicationPath(BaseModel):
    """A subsidy application id."""

    app_id: int = Field(ge=1, le=MAX_ID)


class LedgerQuery(BaseModel):
    """Ledger filters: an application state and a district (name or alias)."""

    model_config = ConfigDict(extra="forbid")
    status: str | None = Field(
        default=None, pattern=r"^(submitted|approved|paid|rejected|clawed_back)$"
    )
    district: str | None = Field(default=None, min_length=1, max_length=32)


class CardSearchQuery(BaseModel):
    """What to look for: a card number (16 digits), a 身份证号, a mobile number or a full
    name (exact)."""

    model_config = ConfigDict(extra="forbid")
    q: str = Field(min_length=1, max_length=64)


class CardSearchResponse(BaseModel):
    """Cards found in the account's district, newest first (masked); ``total`` all found;
    ``kind``: how ``q`` was read (card_no, id_number, phone, card_id, name)."""

    items: list[dict[str, Any]]
    total: int
    kind: str


class ReviewRequest(BaseModel):
    """A reviewer's decision on a pending card; ``reason`` is required to reject (the
    worker is told it)."""

    model_config = ConfigDict(extra="forbid")
    decision: Literal["approve", "reject"]
    reason: str | None = Field(default=None, max_length=500)


class AuditQuery(BaseModel):
    """Audit-log filters: username, action (or its prefix: ``card``), card id, China dates."""

    model_config = ConfigDict(extra="forbid")
    person: str | None = Field(default=None, max_length=64)
    action: str | None = Field(default=None, max_length=64, pattern=r"^[a-z_.]+$")
    card_id: int | None = Field(default=None, ge=1, le=2**63 - 1)
    date_from: Day | None = None
    date_to: Day | None = None
    limit: int = Field(default=200, ge=1, le=auditlog.MAX_ROWS)


class AuditResponse(BaseModel):
    """Audit rows newest first and how many match."""

    items: list[dict[str, Any]]
    total: int


class LedgerTotalBody(BaseModel):
    """Count and amount (yuan, decimal string) of the rows of one state."""

    count: int
    amount_yuan: str


class LedgerResponse(BaseModel):
    """Ledger rows (oldest first) and the totals per state; states are never added together:
    ``approved`` is the amount to pay, ``paid`` the amount paid."""

    items: list[dict[str, Any]]
    totals: dict[str, LedgerTotalBody]


#: One 401 message for an unknown, expired, ended or revoked staff token (no oracle for
#: token guessing); a missing one is said by ``bearer_token``.
TOKEN_EXPIRED = "工作人员登录已失效或已过期，请重新登录。"


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, message, headers={"WWW-Authenticate": 'Bearer realm="bluecard-staff"'})


def require_staff(permission: str) -> Actor:
    """The Actor of the request's staff bearer token, holding ``permission``.

    Raises ApiError 401 (no, unknown or expired token) or 403 (the role lacks the
    permission; audited with outcome ``denied``).
    """
    actor = staff.resolve_staff_token(bearer_token(), request.remote_addr)
    if actor is None:
        raise _unauthorized(TOKEN_EXPIRED)
    if not actor.can(permission):
        audit.record_now(
            actor,
            permission,
            target_type="api",
            target_id=request.path,
            outcome="denied",
            detail={"endpoint": request.endpoint},
        )
        raise ApiError(403, audit.denied_message(permission, actor.role), "forbidden")
    return actor


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def card_json(card: cards.CardView) -> dict[str, Any]:
    """A card as the API shows it: personal data masked, whatever the role."""
    return {
        "id": card.id,
        "card_no": card.card_no,
        "status": card.status,
        "holder": {
            "name": card.name_masked,
            "id_number": card.id_number_masked,
            "phone": card.phone_masked,
            "social_security_no": card.social_security_no_masked,
        },
        "skill_level": card.skill_level,
        "certificate": {
            "number": card.certificate_no,
            "issuer": card.certificate_issuer,
            "date": _iso(card.certificate_date),
        },
        "district": card.district,
        "status_label": card.status_label,
        "suspension": (
            {"since": _iso(card.suspended_at), "reason": card.suspend_reason}
            if card.status == "suspended"
            else None
        ),
        "employments": [
            {
                "employer_name": e.employer_name,
                "credit_code": e.credit_code,
                "started_on": _iso(e.started_on),
                "ended_on": _iso(e.ended_on),
            }
            for e in card.employments
        ],
        "applied_at": _iso(card.applied_at),
        "reviewed_at": _iso(card.reviewed_at),
    }


def benefit_json(option: ledger.BenefitOption) -> dict[str, Any]:
    """One benefit the engine found; amount in yuan as a decimal string."""
    return {
        "rule_id": option.rule_id,
        "benefit": option.benefit,
        "amount_yuan": _amount(option.amount_yuan),
        "doc_id": option.doc_id,
        "clause": option.clause,
        "citation": option.citation,
        "quote": option.quote,
        "period": option.period,
        "exclusivity_group": option.exclusivity_group,
        "claimable": option.claimable,
        "blocked_reason": option.blocked_reason,
    }


def application_json(app: ledger.ApplicationView) -> dict[str, Any]:
    """One subsidy application; amount in yuan as a decimal string."""
    return {
        "id": app.id,
        "card_id": app.card_id,
        "card_no": app.card_no,
        "rule_id": app.rule_id,
        "benefit": app.benefit,
        "amount_yuan": _amount(app.amount_yuan),
        "doc_id": app.doc_id,
        "clause": app.clause,
        "citation": app.citation,
        "period": app.period,
        "district": app.district,
        "status": app.status,
        "status_label": app.status_label,
        "window": app.window,
        "opened_by": app.opened_by,
        "opened_at": _iso(app.opened_at),
        "decided_at": _iso(app.decided_at),
        "reject_reason": app.reject_reason,
        "paid_at": _iso(app.paid_at),
        "clawed_back_at": _iso(app.clawed_back_at),
        "clawback_reason": app.clawback_reason,
        "processing_days": app.processing_days,
        "due_on": _iso(app.due_on),
        "overdue": app.overdue,
        "payout_batch_id": app.payout_batch_id,
    }


def card_summary(card: cards.CardView) -> dict[str, Any]:
    """The card, the benefits the engine finds today (active cards) and its applications."""
    benefits: list[dict[str, Any]] = []
    note = None
    if card.status == "active":
        try:
            benefits = [benefit_json(b) for b in ledger.benefits_for_card(card.id)]
        except ServiceError as exc:
            note = exc.message
    elif card.status == "suspended":
        note = "蓝卡已暂停使用，暂停期间不享受补贴，不能受理补贴申请"
    return {
        "card": card_json(card),
        "benefits": benefits,
        "benefits_note": note,
        "applications": [application_json(a) for a in ledger.applications_for_card(card.id)],
    }


@api.post("/login", responses={"200": StaffLoginResponse, "429": ErrorBody})
def staff_login(body: StaffLoginRequest) -> dict[str, Any]:
    """Log a staff member in at a service window; rate-limited per client address
    (LOGIN_RATE_LIMIT, shared with the console login) and locked after repeated failures."""
    check_login_rate()
    window = (body.window or "").strip() or None
    account = staff.authenticate(body.username, body.password, request.remote_addr, window)
    if account.role in staff.WINDOW_ROLES and window is None:
        raise ApiError(422, "窗口受理员请填写所在窗口（window）", "window_required")
    token, ttl = staff.issue_staff_token(account, window)
    return StaffLoginResponse(token=token, expires_in=ttl, role=account.role).model_dump()


@api.post("/logout", security=BEARER, responses={"204": None})
def staff_logout() -> tuple[str, int]:
    """Forget the bearer token; 401 when it was not a live staff token."""
    if not staff.revoke_staff_token(bearer_token()):
        raise _unauthorized(TOKEN_EXPIRED)
    return "", 204


@api.post("/scan", security=BEARER, responses={"200": None, "422": ErrorBody})
def staff_scan(body: ScanRequest) -> dict[str, Any]:
    """Scan a card's QR code (URL or token): the card summary, or 422 with code
    ``forged`` / ``expired`` / ``revoked`` / ``inactive`` / ``malformed``. Audited
    ``card.scan``."""
    actor = require_staff("card.scan")
    result = cards.scan(body.code.strip(), actor)
    summary = card_summary(result.card)
    summary["scan"] = {"kind": result.kind, "expires_at": _iso(result.expires_at)}
    return summary


@api.get("/cards", security=BEARER, responses={"200": CardSearchResponse})
def staff_search_cards(query: CardSearchQuery) -> dict[str, Any]:
    """Find cards of the account's district by card number, 身份证号, phone or full name;
    422 ``invalid_query`` for a number of the wrong length or a bad 身份证号 check character.
    Audited ``card.search``."""
    actor = require_staff("card.scan")
    result = card_search.search_cards(query.q, actor)
    return {
        "items": [card_json(c) for c in result.items],
        "total": result.total,
        "kind": result.kind,
    }


@api.post(
    "/cards/<int:card_id>/review",
    security=BEARER,
    responses={"200": None, "409": ErrorBody, "422": ErrorBody},
)
def staff_review_card(path: CardPath, body: ReviewRequest) -> dict[str, Any]:
    """Approve (the card number is issued) or reject (``reason`` required) a pending card;
    409 ``invalid_transition`` when it is not pending. Audited ``card.approve`` /
    ``card.reject``."""
    actor = require_staff("card.review")
    card = cards.review_card(
        path.card_id, actor, approve=body.decision == "approve", reason=body.reason
    )
    return {**card_json(card), "reject_reason": card.reject_reason}


@api.get("/audit", security=BEARER, responses={"200": AuditResponse})
def staff_audit(query: AuditQuery) -> dict[str, Any]:
    """The audit log (admin): who, when, window, action, target, outcome, detail."""
    actor = require_staff("audit.read")
    filters = auditlog.AuditFilter(
        person=query.person,
        action=query.action,
        card_id=query.card_id,
        date_from=query.date_from,
        date_to=query.date_to,
    )
    rows, total = auditlog.audit_entries(filters, actor, limit=query.limit)
    items = [
        {
            "id": e.id,
            "at": e.at.isoformat(),
            "actor": e.actor,
            "window": e.window,
            "action": e.action,
            "action_label": e.action_label,
            "target_type": e.target_type,
            "target_id": e.target_id,
            "outcome": e.outcome,
            "detail": e.detail,
        }
        for e in rows
    ]
    return {"items": items, "total": total}


@api.post(
    "/cards/<int:card_id>/applications",
    security=BEARER,
    responses={"201": None, "409": ErrorBody, "422": ErrorBody},
)
def staff_open_application(path: CardPath, body: OpenApplicationRequest) -> tuple[Any, int]:
    """Open an application for a benefit the engine found (amount from the rule)."""
    actor = require_staff("application.open")
    app = ledger.open_application(path.card_id, body.rule_id, actor, confirmed=body.confirmed)
    return application_json(app), 201


@api.get("/cards/<int:card_id>/checklist", security=BEARER, responses={"404": ErrorBody})
def staff_checklist(path: CardPath, query: ChecklistQuery) -> dict[str, Any]:
    """The 申兑指南 of a benefit for this card's district, with the 受理 checklist whose item
    keys ``POST …/applications`` needs in ``confirmed``."""
    actor = require_staff("application.open")
    card = cards.get_card(path.card_id, actor=actor)
    return guide_json(guides.guide(query.rule_id, card.district))


@api.post(
    "/cards/<int:card_id>/suspend",
    security=BEARER,
    responses={"200": None, "409": ErrorBody, "422": ErrorBody},
)
def staff_suspend_card(path: CardPath, body: ReasonRequest) -> dict[str, Any]:
    """Suspend (暂停) an active card with a reason; 409 ``invalid_transition`` unless active.
    Audited ``card.suspend``."""
    actor = require_staff("card.suspend")
    return card_json(cards.suspend_card(path.card_id, actor, reason=body.reason))


@api.post(
    "/cards/<int:card_id>/resume",
    security=BEARER,
    responses={"200": None, "409": ErrorBody, "422": ErrorBody},
)
def staff_resume_card(path: CardPath, body: ReasonRequest) -> dict[str, Any]:
    """Resume (恢复) a suspended card with a reason; 409 ``invalid_transition`` unless
    suspended. Audited ``card.resume``."""
    actor = require_staff("card.suspend")
    return card_json(cards.resume_card(path.card_id, actor, reason=body.reason))


def _act(app_id: int, permission: str, run: Any) -> dict[str, Any]:
    actor = require_staff(permission)
    return application_json(run(actor))


@api.post("/applications/<int:app_id>/approve", security=BEARER, responses={"409": ErrorBody})
def staff_approve(path: ApplicationPath) -> dict[str, Any]:
    """Approve a submitted application."""
    return _act(
        path.app_id,
        "application.decide",
        lambda a: ledger.decide_application(path.app_id, a, approve=True),
    )


@api.post("/applications/<int:app_id>/reject", security=BEARER, responses={"409": ErrorBody})
def staff_reject(path: ApplicationPath, body: ReasonRequest) -> dict[str, Any]:
    """Reject a submitted application with a reason."""
    return _act(
        path.app_id,
        "application.decide",
        lambda a: ledger.decide_application(path.app_id, a, approve=False, reason=body.reason),
    )


@api.post("/applications/<int:app_id>/pay", security=BEARER, responses={"409": ErrorBody})
def staff_pay(path: ApplicationPath) -> dict[str, Any]:
    """Mark an approved application paid."""
    return _act(path.app_id, "application.pay", lambda a: ledger.pay_application(path.app_id, a))


@api.post("/applications/<int:app_id>/claw-back", security=BEARER, responses={"409": ErrorBody})
def staff_claw_back(path: ApplicationPath, body: ReasonRequest) -> dict[str, Any]:
    """Claw back a paid application, with a reason."""
    return _act(
        path.app_id,
        "application.claw_back",
        lambda a: ledger.claw_back(path.app_id, a, reason=body.reason),
    )


@api.get(
    "/ledger",
    security=BEARER,
    responses={"200": LedgerResponse, "422": ErrorBody},
)
def staff_ledger(query: LedgerQuery) -> dict[str, Any]:
    """The disbursement ledger of the account's district (finance, admin): the rows, filtered
    by ``status`` and ``district``, and per state the count and amount. 422 for an unknown
    district."""
    actor = require_staff("ledger.export")
    filters = ledger.LedgerFilter(district=query.district, status=query.status)
    rows = ledger.ledger_rows(filters, actor)
    totals = ledger.ledger_totals(rows)
    return {
        "items": [application_json(r) for r in rows],
        "totals": {
            state: {"count": t.count, "amount_yuan": _amount(t.amount_yuan)}
            for state, t in totals.items()
        },
    }


__all__ = ["api", "card_summary", "require_staff"]
