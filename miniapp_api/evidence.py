"""Mini-program API: a worker uploads a photo or PDF of their certificate for their card.

POST /api/v1/cards/me/evidence  multipart ``file`` (JPEG, PNG or PDF, at most
EVIDENCE_MAX_BYTES), optional form field ``kind`` (certificate, contract, insurance, other)
→ 201 ``{"id", "kind", "kind_label", "content_type", "size", "uploaded_at"}``. Images are
re-encoded without EXIF; 422 ``unsupported_type`` / ``too_large`` / ``unreadable`` /
``empty``; 404 ``no_card`` before the worker applied for a card.
"""

from __future__ import annotations

from typing import Any

from flask_openapi3 import FileStorage, Tag
from pydantic import BaseModel, Field

from bluecard.apidoc import APIBlueprint
from bluecard.errors import COMMON_ERROR_RESPONSES, ErrorBody, register_service_errors
from bluecard.evidence import services as evidence
from miniapp_api.auth import BEARER, require_user

api = APIBlueprint(
    "evidence_api",
    __name__,
    url_prefix="/api/v1",
    abp_tags=[Tag(name="evidence", description="certificate photos and PDFs for a card")],
    abp_responses={**COMMON_ERROR_RESPONSES, "401": ErrorBody},
)
register_service_errors(api)

#: The path whose body may be as large as EVIDENCE_MAX_BYTES (the API allows 16 KiB elsewhere).
UPLOAD_PATH = "/api/v1/cards/me/evidence"


class EvidenceForm(BaseModel):
    """The file and what it shows."""

    file: FileStorage
    kind: str = Field(default="certificate", max_length=16)


def evidence_json(item: evidence.EvidenceView) -> dict[str, Any]:
    """An uploaded file as the API shows it (never its stored name)."""
    return {
        "id": item.id,
        "kind": item.kind,
        "kind_label": item.kind_label,
        "content_type": item.content_type,
        "size": item.size,
        "uploaded_at": item.uploaded_at.isoformat(),
    }


@api.post("/cards/me/evidence", security=BEARER, responses={"201": None, "422": ErrorBody})
def upload_evidence(form: EvidenceForm) -> tuple[dict[str, Any], int]:
    """Upload a certificate photo or PDF for the worker's own card (see the module doc)."""
    session = require_user()
    data = form.file.read()
    item = evidence.upload_by_worker(session.openid, data, kind=form.kind)
    return evidence_json(item), 201


__all__ = ["UPLOAD_PATH", "api", "evidence_json"]
