"""Staff API of policy documents (bearer token from POST /api/v1/staff/login; permission
``document.manage``: policy staff and admins).

GET  /api/v1/staff/documents                 → {"items": [...]} uploaded and bundled documents,
                                               each with ``has_rules``, lifecycle and stage
POST /api/v1/staff/documents                 multipart, field ``file`` (.docx, .pdf, .txt)
                                               → 201 {"id", "doc_id", "preview": {...}}
GET  /api/v1/staff/documents/{id}            → the preview (metadata, clause tree, tables)
POST /api/v1/staff/documents/{id}/publish    optional JSON of metadata corrections
                                               → {"document", "version", "matching"}
POST /api/v1/staff/documents/{id}/retire     JSON {"status": "expired"|"superseded", "on",
                                               "superseded_by"} → {"document", "version", …}
DELETE /api/v1/staff/documents/{id}          discard a pending upload → {"id", "doc_id",
                                               "discarded": true}; 409 once published

``matching`` (after publish or retire) is the proactive matching's sentence: with REDIS_URL
it runs as a job on the worker queue and the sentence says so.

A file that cannot be read is a 422 (413 when too large) with a Chinese ``message`` and an
English ``code`` (empty, wrong_type, encrypted, scanned, corrupt, no_clauses, too_large);
nothing is stored. Invalid corrections are a 422 with ``fields``.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_openapi3 import Tag
from pydantic import BaseModel, ConfigDict, Field

from bluecard.apidoc import APIBlueprint
from bluecard.documents import services as documents
from bluecard.errors import COMMON_ERROR_RESPONSES, ApiError, ErrorBody, FieldError
from bluecard.services.errors import ServiceError
from miniapp_api.auth import BEARER
from miniapp_api.schemas import Day
from miniapp_api.staff import require_staff
from policy_kb.ingest.readers import MAX_UPLOAD_BYTES

PERM = documents.PERMISSION
#: A multipart body carries the file plus a few KiB of headers and boundaries.
MAX_UPLOAD_BODY = MAX_UPLOAD_BYTES + 64 * 1024

api = APIBlueprint(
    "documents_api",
    __name__,
    url_prefix="/api/v1/staff/documents",
    abp_tags=[Tag(name="documents", description="policy documents: upload, publish, retire")],
    abp_responses={
        **COMMON_ERROR_RESPONSES,
        "400": ErrorBody,
        "401": ErrorBody,
        "403": ErrorBody,
        "409": ErrorBody,
        "422": ErrorBody,
    },
)


@api.before_request
def _upload_limit() -> None:
    # After the API-wide 16 KiB limit: an upload may be a whole document.
    request.max_content_length = MAX_UPLOAD_BODY


class DocumentPath(BaseModel):
    """A document's row id."""

    document_id: int = Field(ge=1, le=2**63 - 1)


class Corrections(BaseModel):
    """Metadata corrections; a field left out keeps its value, an empty string or null makes
    it unknown. Dates as 2026-11-30; ``regions`` as a list of district names; ``lifecycle``
    draft | in_force | expired | superseded."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(default=None, max_length=300)
    wenhao: str | None = Field(default=None, max_length=100)
    issuer: str | None = Field(default=None, max_length=200)
    issued_on: str | None = Field(default=None, max_length=10)
    issued_note: str | None = Field(default=None, max_length=200)
    regions: list[str] | None = Field(default=None, max_length=10)
    horizon: str | None = Field(default=None, max_length=100)
    horizon_end: str | None = Field(default=None, max_length=10)
    lifecycle: str | None = Field(default=None, max_length=16)
    in_force_from: str | None = Field(default=None, max_length=10)


class RetireRequest(BaseModel):
    """How the document ends: ``expired`` or ``superseded`` (by ``superseded_by``, a doc_id)
    from the day ``on`` (default today)."""

    model_config = ConfigDict(extra="forbid")
    status: str = Field(pattern=r"^(expired|superseded)$")
    on: Day | None = None
    superseded_by: str | None = Field(default=None, max_length=64)


def _error(exc: ServiceError) -> ApiError:
    if isinstance(exc, documents.DocumentFormError):
        fields = [FieldError(field=f, message=m) for f, m in exc.errors.items()]
        return ApiError(exc.status, exc.message, exc.code, fields=fields)
    if exc.code == "too_large":
        return ApiError(413, exc.message, exc.code)
    return ApiError(exc.status, exc.message, exc.code)


def _too_large() -> ApiError:
    return ApiError(
        413,
        f"文件超过上限 {MAX_UPLOAD_BYTES // 1048576} MB；请去掉扫描图片或拆分附件后再上传。",
        "too_large",
    )


def _changed(result: documents.ChangeResult) -> dict[str, Any]:
    return {
        "document": result.document.to_json(with_clauses=False),
        "version": result.version,
        "matching": result.matching,
    }


@api.get("", security=BEARER, responses={"200": None})
def list_documents() -> dict[str, Any]:
    """Every document: uploads (pending and published) and the bundled corpus, with whether
    eligibility rules exist for it (rules stay YAML in the repository)."""
    actor = require_staff(PERM)
    try:
        items = documents.list_documents(actor)
    except ServiceError as exc:
        raise _error(exc) from None
    return {"items": [v.to_json(with_clauses=False) for v in items]}


@api.post("", security=BEARER, responses={"201": None, "413": ErrorBody})
def upload() -> tuple[dict[str, Any], int]:
    """Upload a policy document (multipart field ``file``): 201 with the pending draft's
    ``id`` and its preview (detected metadata, clause tree, tables)."""
    actor = require_staff(PERM)
    if (request.content_length or 0) > MAX_UPLOAD_BODY:
        raise _too_large()
    upload_file = request.files.get("file")
    if upload_file is None:
        raise ApiError(
            400,
            "请用 multipart/form-data 上传，文件字段名为 file。",
            "no_file",
            fields=[FieldError(field="file", message="缺少文件")],
        )
    data = upload_file.read(MAX_UPLOAD_BYTES + 1)
    try:
        view = documents.upload(actor, upload_file.filename or "", data)
    except ServiceError as exc:
        raise _error(exc) from None
    return {"id": view.id, "doc_id": view.doc_id, "preview": view.to_json()}, 201


@api.get("/<int:document_id>", security=BEARER, responses={"200": None, "404": ErrorBody})
def preview(path: DocumentPath) -> dict[str, Any]:
    """A document's preview."""
    actor = require_staff(PERM)
    try:
        return documents.get_document(actor, path.document_id).to_json()
    except ServiceError as exc:
        raise _error(exc) from None


@api.post("/<int:document_id>/publish", security=BEARER, responses={"200": None, "404": ErrorBody})
def publish(path: DocumentPath) -> dict[str, Any]:
    """Publish with optional corrections (JSON body): every process answers from it without
    a restart; proactive matching runs."""
    actor = require_staff(PERM)
    raw = request.get_json(silent=True) if request.content_length else None
    if raw is not None and not isinstance(raw, dict):
        raise ApiError(400, "请求体应为 JSON 对象（元数据更正）。", "bad_request")
    changes: dict[str, Any] = {}
    if raw:
        try:
            changes = Corrections.model_validate(raw).model_dump(exclude_unset=True)
        except ValueError as exc:
            raise ApiError(
                422, "元数据更正有误：" + str(exc).splitlines()[0], "invalid_metadata"
            ) from None
    try:
        result = documents.publish(actor, path.document_id, changes)
    except ServiceError as exc:
        raise _error(exc) from None
    return _changed(result)


@api.post("/<int:document_id>/retire", security=BEARER, responses={"200": None, "404": ErrorBody})
def retire(path: DocumentPath, body: RetireRequest) -> dict[str, Any]:
    """Mark a published document expired or superseded from a day; answers say so and
    eligibility stops using it from then; proactive matching runs."""
    actor = require_staff(PERM)
    try:
        doc_id = documents.doc_id_of(actor, path.document_id)
        result = documents.retire(
            actor,
            doc_id,
            body.status,
            body.on.isoformat() if body.on else None,
            body.superseded_by,
        )
    except ServiceError as exc:
        raise _error(exc) from None
    return _changed(result)


@api.delete("/<int:document_id>", security=BEARER, responses={"200": None, "404": ErrorBody})
def discard(path: DocumentPath) -> dict[str, Any]:
    """Discard a pending upload (never published): the file and its preview are deleted and
    the same file may be uploaded again; audited. 409 ``already_published`` once published
    (retire it instead)."""
    actor = require_staff(PERM)
    try:
        view = documents.discard(actor, path.document_id)
    except ServiceError as exc:
        raise _error(exc) from None
    return {"id": view.id, "doc_id": view.doc_id, "discarded": True}
