"""Payout batches over the staff API (bearer token from POST /api/v1/staff/login; permission
``payout.manage``: finance and admin; the payee list ``payout.payee``: finance only).

GET  /api/v1/staff/payouts                    → {"items": [batch]} of the account's district
GET  /api/v1/staff/payouts/approved           → {"items": [application]} approved, in no batch
POST /api/v1/staff/payouts {application_ids, note?} → the batch with its lines (201)
GET  /api/v1/staff/payouts/{id}               → the batch with its lines
POST /api/v1/staff/payouts/{id}/lines/{application_id}/remove {reason} → the batch, that
     pending line removed (until the batch's payee list is first downloaded: ``sent_at``)
POST /api/v1/staff/payouts/{id}/paid {reference} → the batch, every pending line paid
POST /api/v1/staff/payouts/{id}/bank-result   (multipart ``file``: the bank's CSV or xlsx)
     → {"batch", "lines": [{row, application_id, outcome, label, reason}], "counts"}
GET  /api/v1/staff/payouts/payees?batch_id=   → {"items": [payee row]} names and 社保卡号 in
     clear (finance only; audited)

Amounts are decimal strings in yuan. Errors use the one error shape: 409 ``not_approved`` /
``already_in_batch`` / ``batch_closed`` / ``batch_sent`` / ``line_settled``, 422 ``bad_bank_file`` naming the row.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from flask import request
from flask_openapi3 import Tag
from pydantic import BaseModel, ConfigDict, Field

from bluecard.apidoc import APIBlueprint
from bluecard.errors import COMMON_ERROR_RESPONSES, ApiError, ErrorBody, register_service_errors
from bluecard.payouts import services as payouts
from miniapp_api.auth import BEARER
from miniapp_api.staff import application_json, require_staff

api = APIBlueprint(
    "payouts_api",
    __name__,
    url_prefix="/api/v1/staff/payouts",
    abp_tags=[Tag(name="payouts", description="finance: payout batches, bank reconciliation")],
    abp_responses={**COMMON_ERROR_RESPONSES, "400": ErrorBody, "401": ErrorBody, "403": ErrorBody},
)
register_service_errors(api)
PERM = "payout.manage"
#: Largest bank result file accepted (bytes); the API's usual body limit is lifted for it.
MAX_BANK_FILE = 5 * 1024 * 1024


class CreateBatchRequest(BaseModel):
    """Approved applications of one district to pay together."""

    model_config = ConfigDict(extra="forbid")
    application_ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(
        min_length=1, max_length=payouts.MAX_BATCH_LINES
    )
    note: str | None = Field(default=None, max_length=200)


class MarkPaidRequest(BaseModel):
    """The payment reference (银行批次号 or voucher number)."""

    model_config = ConfigDict(extra="forbid")
    reference: str = Field(min_length=1, max_length=64)


class RemoveLineRequest(BaseModel):
    """Why the line is taken out of the batch (shown on the batch and in the audit log)."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=200)


class LinePath(BaseModel):
    """A batch id and one of its applications."""

    batch_id: int = Field(ge=1, le=2**63 - 1)
    application_id: int = Field(ge=1, le=2**63 - 1)


class BatchPath(BaseModel):
    """A batch id."""

    batch_id: int = Field(ge=1, le=2**63 - 1)


class PayeesQuery(BaseModel):
    """One batch's payees, or every decided application of the district."""

    batch_id: int | None = Field(default=None, ge=1, le=2**63 - 1)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def batch_json(batch: payouts.BatchView) -> dict[str, Any]:
    """A batch and (when loaded) its lines."""
    return {
        "id": batch.id,
        "district": batch.district,
        "status": batch.status,
        "status_label": batch.status_label,
        "note": batch.note,
        "reference": batch.reference,
        "total_yuan": _amount(batch.total_yuan),
        "counts": batch.counts,
        "created_by": batch.created_by,
        "created_at": _iso(batch.created_at),
        "closed_at": _iso(batch.closed_at),
        "sent_at": _iso(batch.sent_at),
        "sent_by": batch.sent_by,
        "removable": batch.removable,
        "lines": [
            {
                "application_id": line.application_id,
                "card_no": line.card_no,
                "benefit": line.benefit,
                "citation": line.citation,
                "amount_yuan": _amount(line.amount_yuan),
                "status": line.status,
                "status_label": line.status_label,
                "reason": line.reason,
                "bank_reference": line.bank_reference,
                "settled_at": _iso(line.settled_at),
            }
            for line in batch.lines
        ],
    }


@api.get("", security=BEARER, responses={"200": None})
def list_batches() -> dict[str, Any]:
    """The batches of the account's district, newest first."""
    return {"items": [batch_json(b) for b in payouts.list_batches(require_staff(PERM))]}


@api.get("/approved", security=BEARER, responses={"200": None})
def approved() -> dict[str, Any]:
    """Approved applications not yet in a pending or paid batch line."""
    rows = payouts.approved_for_payout(require_staff(PERM))
    return {"items": [application_json(r) for r in rows]}


@api.post(
    "",
    security=BEARER,
    responses={"201": None, "404": ErrorBody, "409": ErrorBody, "422": ErrorBody},
)
def create(body: CreateBatchRequest) -> tuple[dict[str, Any], int]:
    """Make a batch of approved applications (each a pending line)."""
    batch = payouts.create_batch(require_staff(PERM), body.application_ids, note=body.note)
    return batch_json(batch), 201


@api.get("/<int:batch_id>", security=BEARER, responses={"200": None, "404": ErrorBody})
def get_batch(path: BatchPath) -> dict[str, Any]:
    """One batch with its lines."""
    return batch_json(payouts.get_batch(path.batch_id, require_staff(PERM)))


@api.post(
    "/<int:batch_id>/lines/<int:application_id>/remove",
    security=BEARER,
    responses={"200": None, "404": ErrorBody, "409": ErrorBody, "422": ErrorBody},
)
def remove_line(path: LinePath, body: RemoveLineRequest) -> dict[str, Any]:
    """Take one pending line out of a batch not yet sent to the bank, with a reason; the
    application stays 已批准 and may go into a later batch."""
    actor = require_staff(PERM)
    batch = payouts.remove_line(path.batch_id, path.application_id, actor, reason=body.reason)
    return batch_json(batch)


@api.post(
    "/<int:batch_id>/paid",
    security=BEARER,
    responses={"200": None, "404": ErrorBody, "409": ErrorBody, "422": ErrorBody},
)
def mark_paid(path: BatchPath, body: MarkPaidRequest) -> dict[str, Any]:
    """Every pending line paid with the reference."""
    actor = require_staff(PERM)
    return batch_json(payouts.mark_batch_paid(path.batch_id, actor, reference=body.reference))


@api.post(
    "/<int:batch_id>/bank-result",
    security=BEARER,
    responses={"200": None, "404": ErrorBody, "413": ErrorBody, "422": ErrorBody},
)
def bank_result(path: BatchPath) -> dict[str, Any]:
    """Reconcile the bank's result file (multipart ``file``, CSV or xlsx) with the batch."""
    actor = require_staff(PERM)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ApiError(422, "请上传银行回盘文件（multipart 字段 file）", "file_required")
    data = upload.read(MAX_BANK_FILE + 1)
    if len(data) > MAX_BANK_FILE:
        raise ApiError(413, "文件超过5MB", "file_too_large")
    report = payouts.import_bank_result(path.batch_id, actor, data, upload.filename)
    return {
        "batch": batch_json(report.batch),
        "lines": [vars(line) for line in report.lines],
        "counts": report.counts,
    }


@api.get("/payees", security=BEARER, responses={"200": None, "404": ErrorBody})
def payees(query: PayeesQuery) -> dict[str, Any]:
    """The payout-ready list with payee names and 社保卡号 in clear (finance only, audited)."""
    rows = payouts.payee_rows(require_staff("payout.payee"), batch_id=query.batch_id)
    return {
        "items": [
            {
                **{k: v for k, v in vars(r).items() if not isinstance(v, (Decimal, datetime))},
                "amount_yuan": _amount(r.amount_yuan),
                "opened_at": _iso(r.opened_at),
                "decided_at": _iso(r.decided_at),
                "paid_at": _iso(r.paid_at),
            }
            for r in rows
        ]
    }


__all__ = ["api", "batch_json"]
