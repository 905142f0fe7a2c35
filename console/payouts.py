"""Console pages of payout batches (finance: ``payout.manage``).

- ``GET  /console/payouts``: the batches of the district, and the approved applications not
  yet in a batch with boxes to tick and 「生成发放批次」;
- ``POST /console/payouts``: make a batch of the ticked applications;
- ``GET  /console/payouts/<id>``: the batch's lines, 「整批标记已发放」 with a payment
  reference, the bank result upload, and the payee list download (finance role only);
- ``POST /console/payouts/<id>/lines/<application_id>/remove``: take a pending line out of
  a batch not yet sent to the bank, with a reason (the application waits for a batch again);
- ``POST /console/payouts/<id>/paid`` and ``/bank-result`` (multipart ``file``): the latter
  answers the reconciliation report (paid, failed with reasons, unchanged, mismatches);
- ``GET  /console/payouts/<id>/payees.csv`` and ``/console/payouts/payees.csv``: the
  payout-ready export with payee names and 社保卡号 (``payout.payee``, audited).
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bluecard.payouts import services as payouts
from bluecard.payouts.export import payees_csv
from bluecard.services.errors import ServiceError
from bluecard.services.ids import parse_id
from console.auth import current_actor, require_permission
from console.views import yuan
from policy_kb.chinatime import CHINA_TZ

bp = Blueprint(
    "console_payouts", __name__, url_prefix="/console/payouts", template_folder="templates"
)
PERM = "payout.manage"
#: Largest bank result file accepted (bytes).
MAX_BANK_FILE = 5 * 1024 * 1024


def _index(status: int = 200) -> ResponseReturnValue:
    actor = current_actor()
    return render_template(
        "payouts/index.html",
        batches=payouts.list_batches(actor),
        approved=payouts.approved_for_payout(actor),
        can_payees=actor.can("payout.payee"),
    ), status


@bp.get("")
@require_permission(PERM)
def index() -> ResponseReturnValue:
    """Batch list and the form to make a batch."""
    return _index()


@bp.post("")
@require_permission(PERM)
def create() -> ResponseReturnValue:
    """Make a batch of the ticked approved applications."""
    ids = [parse_id(x) for x in request.form.getlist("application_id")]
    if None in ids:
        flash("申请编号（application_id）无效：应为数字", "error")
        return _index(400)
    try:
        batch = payouts.create_batch(
            current_actor(), [i for i in ids if i is not None], note=request.form.get("note")
        )
    except ServiceError as exc:
        flash(exc.message, "error")
        return _index(exc.status)
    flash(f"已生成发放批次 #{batch.id}，共 {len(batch.lines)} 笔", "ok")
    return redirect(url_for("console_payouts.detail", batch_id=batch.id))


def _detail(
    batch_id: int, status: int = 200, report: payouts.Reconciliation | None = None
) -> ResponseReturnValue:
    actor = current_actor()
    batch = report.batch if report is not None else payouts.get_batch(batch_id, actor)
    return render_template(
        "payouts/detail.html",
        batch=batch,
        report=report,
        recon_labels=payouts.RECON_LABELS,
        can_payees=actor.can("payout.payee"),
    ), status


@bp.get("/<int:batch_id>")
@require_permission(PERM)
def detail(batch_id: int) -> ResponseReturnValue:
    """A batch, its lines and the actions left."""
    return _detail(batch_id)


@bp.post("/<int:batch_id>/paid")
@require_permission(PERM)
def mark_paid(batch_id: int) -> ResponseReturnValue:
    """Mark every pending line paid with the payment reference."""
    try:
        payouts.mark_batch_paid(
            batch_id, current_actor(), reference=request.form.get("reference", "")
        )
    except ServiceError as exc:
        flash(exc.message, "error")
        return _detail(batch_id, exc.status)
    flash("已整批标记为已发放", "ok")
    return redirect(url_for("console_payouts.detail", batch_id=batch_id))


@bp.post("/<int:batch_id>/lines/<int:application_id>/remove")
@require_permission(PERM)
def remove_line(batch_id: int, application_id: int) -> ResponseReturnValue:
    """Take one pending line out of the batch, with the reason typed next to it."""
    try:
        batch = payouts.remove_line(
            batch_id, application_id, current_actor(), reason=request.form.get("reason", "")
        )
    except ServiceError as exc:
        flash(exc.message, "error")
        return _detail(batch_id, exc.status)
    flash(
        f"已将申请 {application_id} 移出本批次，本批合计 {yuan(batch.total_yuan)} 元；"
        "该申请仍为已批准，可编入下一批次",
        "ok",
    )
    return redirect(url_for("console_payouts.detail", batch_id=batch_id))


@bp.post("/<int:batch_id>/bank-result")
@require_permission(PERM)
def bank_result(batch_id: int) -> ResponseReturnValue:
    """Import the bank's result file; answer the reconciliation report."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("请选择银行回盘文件（.csv 或 .xlsx）", "error")
        return _detail(batch_id, 400)
    data = upload.read(MAX_BANK_FILE + 1)
    if len(data) > MAX_BANK_FILE:
        flash("文件超过5MB", "error")
        return _detail(batch_id, 413)
    try:
        report = payouts.import_bank_result(batch_id, current_actor(), data, upload.filename)
    except ServiceError as exc:
        flash(exc.message, "error")
        return _detail(batch_id, exc.status)
    return _detail(batch_id, report=report)


def _payees(batch_id: int | None) -> ResponseReturnValue:
    rows = payouts.payee_rows(current_actor(), batch_id=batch_id)  # audited by the service
    stamp = datetime.now(CHINA_TZ).strftime("%Y%m%d-%H%M")
    name = f"payees-{batch_id}-{stamp}.csv" if batch_id else f"payees-{stamp}.csv"
    response = Response(payees_csv(rows).encode("utf-8"), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/<int:batch_id>/payees.csv")
@require_permission("payout.payee")
def batch_payees(batch_id: int) -> ResponseReturnValue:
    """The batch's payee list (names and 社保卡号 in clear; finance only, audited)."""
    return _payees(batch_id)


@bp.get("/payees.csv")
@require_permission("payout.payee")
def all_payees() -> ResponseReturnValue:
    """Every decided application of the district with its payee (finance only, audited)."""
    return _payees(None)


__all__ = ["bp"]
