"""申兑指南 for the mini-program (public, nothing personal):

GET /api/v1/guides?district=叶集区            → {district, items: [guide, …]}
GET /api/v1/guides/{rule_id}?district=叶集区  → one guide

Each guide says who a benefit is for (the document's sentence, verbatim), its conditions,
materials, time limit in working days, where to apply and the phone, each fact with its
``source``: ``document`` (quoted, with ``citation`` and ``quote``), ``district`` (the
district's guide file), ``default`` (PROCESSING_DAYS) or ``unknown`` (text 未规定，请咨询窗口).
404 ``region_not_found`` / ``guide_not_found``.
"""

from __future__ import annotations

from typing import Any

from flask_openapi3 import Tag
from pydantic import BaseModel, ConfigDict, Field

from bluecard.apidoc import APIBlueprint
from bluecard.errors import COMMON_ERROR_RESPONSES, ErrorBody, register_service_errors
from bluecard.ledger import guides

api = APIBlueprint(
    "guides_api",
    __name__,
    url_prefix="/api/v1",
    abp_tags=[Tag(name="guides", description="申兑指南: who, conditions, materials, time limit")],
    abp_responses={**COMMON_ERROR_RESPONSES, "404": ErrorBody, "422": ErrorBody},
)
register_service_errors(api)


class GuidesQuery(BaseModel):
    """A district (name or alias, e.g. 叶集区 or 六安市叶集区)."""

    model_config = ConfigDict(extra="forbid")
    district: str = Field(min_length=1, max_length=32)


class GuideQuery(BaseModel):
    """The district the guide is for (default: the rule's own district)."""

    model_config = ConfigDict(extra="forbid")
    district: str | None = Field(default=None, min_length=1, max_length=32)


class GuidePath(BaseModel):
    """A benefit's rule id (as in eligibility results and applications)."""

    rule_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")


def fact_json(f: guides.GuideFact) -> dict[str, Any]:
    """A fact with where it comes from."""
    return {"text": f.text, "source": f.source, "citation": f.citation, "quote": f.quote}


def guide_json(g: guides.Guide) -> dict[str, Any]:
    """A guide as the API shows it (``checklist``: what the window checks at 受理)."""
    return {
        "rule_id": g.rule_id,
        "title": g.title,
        "district": g.district,
        "citation": g.citation,
        "clause": g.clause,
        "beneficiary": g.beneficiary,
        "who": fact_json(g.who),
        "conditions": list(g.conditions),
        "checks": list(g.checks),
        "materials": [fact_json(m) for m in g.materials],
        "materials_note": None if g.materials else guides.UNKNOWN,
        "processing_days": g.processing_days,
        "processing": fact_json(g.processing),
        "where": fact_json(g.where),
        "phone": fact_json(g.phone),
        "responsible": fact_json(g.responsible),
        "checklist": [{"key": i.key, "text": i.text, "source": i.source} for i in g.checklist],
    }


@api.get("/guides", responses={"200": None})
def list_guides(query: GuidesQuery) -> dict[str, Any]:
    """Every benefit a worker claims in the district, with its guide."""
    items = guides.guides_for(query.district)
    district = items[0].district if items else query.district
    return {"district": district, "items": [guide_json(g) for g in items]}


@api.get("/guides/<rule_id>", responses={"200": None})
def get_guide(path: GuidePath, query: GuideQuery) -> dict[str, Any]:
    """One benefit's guide in a district."""
    return guide_json(guides.guide(path.rule_id, query.district))


__all__ = ["api", "guide_json"]
