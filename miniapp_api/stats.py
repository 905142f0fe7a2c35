"""Staff API: operations statistics and what workers asked that nothing answered.

GET /api/v1/staff/stats?from=2026-11-01&to=2026-11-30&region=叶集区  (Bearer, ``stats.view``)
→ {"from", "to", "region", "followers", "messages", "by_day", "top_topics", "questionnaire",
   "cards": {"by_district", "by_month"}, "subsidies": {"by_district", "by_rule", "by_month"},
   "unanswered": [{"question", "count", "last_asked", "variants"}]}

Dates are China dates (``to`` defaults to today, ``from`` to 30 days ending on ``to``); a bad
date, ``from`` after ``to`` or an unknown region is a 422 whose Chinese message names the field.
An account bound to a district sees only its district (another one: 403, code ``district``).
Amounts are yuan as decimal strings; ``last_asked`` is ISO 8601 in China time.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import request
from flask_openapi3 import Tag
from pydantic import BaseModel, ConfigDict, Field

from bluecard.apidoc import APIBlueprint
from bluecard.errors import COMMON_ERROR_RESPONSES, ApiError, ErrorBody, FieldError
from bluecard.services.errors import ServiceError
from bluecard.stats import services
from bluecard.stats.grouping import QuestionGroup
from bluecard.stats.period import PeriodError, parse_period, parse_region
from miniapp_api.auth import BEARER
from miniapp_api.schemas import fields_of
from miniapp_api.staff import require_staff
from policy_kb.chinatime import CHINA_TZ, china_today

api = APIBlueprint(
    "staff_stats_api",
    __name__,
    url_prefix="/api/v1/staff",
    abp_tags=[Tag(name="staff", description="service-window staff: login, scan, applications")],
    abp_responses={**COMMON_ERROR_RESPONSES, "401": ErrorBody, "403": ErrorBody},
)


class StatsQuery(BaseModel):
    """The period (China dates, YYYY-MM-DD) and district of the statistics."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    from_: str | None = Field(default=None, alias="from", max_length=32, description="2026-11-01")
    to: str | None = Field(default=None, max_length=32, description="2026-11-30")
    region: str | None = Field(default=None, max_length=32, description="叶集区 (name or alias)")


class UnansweredBody(
    fields_of(  # type: ignore[misc]
        QuestionGroup, as_json={"last_asked": str, "variants": list[str]}
    )
):
    """Similar unanswered questions grouped: the most asked wording, how often any wording was
    asked, when last (ISO 8601, China time), and other wordings."""


class StatsResponse(BaseModel):
    """The operations statistics of the period and district (see the module docstring)."""

    model_config = ConfigDict(populate_by_name=True)
    from_: str = Field(alias="from")
    to: str
    region: str | None
    followers: dict[str, int]
    messages: dict[str, Any]
    by_day: list[dict[str, Any]]
    top_topics: list[dict[str, Any]]
    questionnaire: dict[str, Any]
    cards: dict[str, list[dict[str, Any]]]
    subsidies: dict[str, list[dict[str, Any]]]
    unanswered: list[UnansweredBody]


@api.get("/stats", security=BEARER, responses={"200": StatsResponse})
def staff_stats(query: StatsQuery) -> dict[str, Any]:
    """Operations statistics for a period and district, with the unanswered questions."""
    actor = require_staff("stats.view")
    try:
        period = parse_period(request.args.get("from"), query.to, china_today())
        region = parse_region(query.region)
    except PeriodError as exc:
        raise ApiError(
            422, exc.message, "validation_error", [FieldError(field=exc.field, message=exc.message)]
        ) from None
    try:
        stats = services.operations_stats(actor, period, region)
    except ServiceError as exc:
        raise ApiError(exc.status, exc.message, exc.code) from None
    return stats_json(stats)


def _yuan(value: Decimal) -> str:
    return f"{value:.2f}"


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def unanswered_json(group: QuestionGroup) -> dict[str, Any]:
    """One group of similar unanswered questions as the API shows it."""
    return {
        "question": group.question,
        "count": group.count,
        "last_asked": group.last_asked.astimezone(CHINA_TZ).isoformat(timespec="seconds"),
        "variants": list(group.variants),
    }


def stats_json(stats: services.OperationsStats) -> dict[str, Any]:
    """The JSON body of ``GET /api/v1/staff/stats``."""
    m = stats.messages
    q = stats.questionnaire
    return {
        "from": stats.period.start.isoformat(),
        "to": stats.period.end.isoformat(),
        "region": stats.region,
        "followers": {
            "new": stats.followers.new,
            "lost": stats.followers.lost,
            "following": stats.followers.following,
        },
        "messages": {
            "messages": m.messages,
            "users": m.users,
            "questions": m.questions,
            "answered": m.answered,
            "not_answered": m.not_answered,
            "place_uncovered": m.place_uncovered,
            "vague": m.vague,
            "answer_rate": _rate(m.answer_rate),
        },
        "by_day": [
            {
                "date": d.day.isoformat(),
                "messages": d.messages,
                "answered": d.answered,
                "not_answered": d.not_answered,
            }
            for d in stats.by_day
        ],
        "top_topics": [
            {
                "ref": t.ref,
                "doc_id": t.doc_id,
                "clause_id": t.clause_id,
                "label": t.label,
                "count": t.count,
            }
            for t in stats.topics
        ],
        "questionnaire": {
            "users": q.users,
            "started": q.started,
            "completed": q.completed,
            "uptake": _rate(q.uptake),
            "completion": _rate(q.completion),
        },
        "cards": {
            "by_district": [_card(c, "district") for c in stats.cards_by_district],
            "by_month": [_card(c, "month") for c in stats.cards_by_month],
        },
        "subsidies": {
            "by_district": [_subsidy(s, "district") for s in stats.subsidies_by_district],
            "by_rule": [_subsidy(s, "rule_id") for s in stats.subsidies_by_rule],
            "by_month": [_subsidy(s, "month") for s in stats.subsidies_by_month],
        },
        "unanswered": [unanswered_json(g) for g in stats.unanswered],
    }


def _card(c: services.CardCount, key: str) -> dict[str, Any]:
    return {
        key: c.key,
        "applied": c.applied,
        "pending": c.pending,
        "active": c.active,
        "suspended": c.suspended,
        "rejected": c.rejected,
        "revoked": c.revoked,
    }


def _subsidy(s: services.SubsidyCount, key: str) -> dict[str, Any]:
    body: dict[str, Any] = {key: s.key}
    if key == "rule_id":
        body["benefit"] = s.label
    body.update(
        applications=s.applications,
        claimed_yuan=_yuan(s.claimed_yuan),
        paid_yuan=_yuan(s.paid_yuan),
    )
    return body
