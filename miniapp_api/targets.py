"""The documents' targets with their actuals (issue 14 §3).

GET /api/v1/staff/targets?region=  (Bearer, ``targets.read``) → ``{"items": [{"id",
    "indicator", "area", "district", "period", "period_end", "target", "bound", "actual",
    "unit", "progress", "standing", "standing_label", "draft", "actual_source",
    "actual_kind", "actual_as_of", "source": {"doc_id", "clause", "quote"}}]}`` for the
    account's district (staff of every district: ``region``, or every target).
"""

from __future__ import annotations

from typing import Any

from flask_openapi3.models.tag import Tag
from pydantic import BaseModel, ConfigDict, Field

from bluecard.apidoc import APIBlueprint
from bluecard.errors import COMMON_ERROR_RESPONSES, ErrorBody, register_service_errors
from bluecard.targets import services as targets
from miniapp_api.auth import BEARER
from miniapp_api.staff import require_staff


def _responses(extra: dict[str, Any]) -> dict[str | int, Any]:
    """The error responses every operation documents, and ``extra``."""
    out: dict[str | int, Any] = {}
    out.update(COMMON_ERROR_RESPONSES)
    out.update(extra)
    return out


api = APIBlueprint(
    "targets_api",
    __name__,
    url_prefix="/api/v1/staff/targets",
    abp_tags=[Tag(name="staff", description="service-window staff")],
    abp_responses=_responses({"401": ErrorBody, "403": ErrorBody}),
)
register_service_errors(api)


class TargetsQuery(BaseModel):
    """A district (name or alias); default the account's own."""

    model_config = ConfigDict(extra="forbid")
    region: str | None = Field(default=None, min_length=1, max_length=32)


@api.get("", security=BEARER, responses={"200": None})
def list_targets(query: TargetsQuery) -> dict[str, Any]:
    """The targets the documents set for the district, each with its actual and progress
    today and the clause it is printed in."""
    actor = require_staff(targets.READ)
    items = targets.target_progress(actor, region=query.region)
    return {"items": [p.as_json() for p in items]}
