"""Payout batches (发放批次): finance pays approved applications in batches and reconciles the
bank's result file.

- ``approved_for_payout``: approved applications of the actor's district not in a live line;
- ``create_batch``: a batch of approved applications (each line pending);
- ``remove_line``: finance takes one pending line out of a batch not yet sent to the bank,
  with a reason; the application stays 已批准 (待发放) and may go into a later batch;
- ``mark_batch_paid``: every pending line paid with one payment reference;
- ``import_bank_result``: the bank's result file (``bluecard.payouts.bankfile``) reconciled
  line by line: paid lines pay their application (approved → paid), failed lines keep the
  application 已批准 (it may go into a later batch) with the bank's reason; a line already
  settled the same way is reported ``unchanged`` (importing a file twice pays nothing twice),
  one settled the other way or with a different amount is reported and left alone;
- ``payee_rows``: the payout-ready export with the payee's name and 社保卡号 (finance only,
  decrypted here, audited ``payout.payee_export``); a batch's first payee list is its
  sending to the bank (``sent_at``).

Nothing is paid twice: an application moves approved → paid only by compare-and-set, and
the partial unique index ``uq_payout_line_live`` allows one pending or paid line per
application. Every action is one unit of work, audited; the worker is told of each payment
(``bluecard.notifications.decisions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from bluecard.cards.models import BlueCard
from bluecard.ledger import services as ledger
from bluecard.ledger.models import ApplicationStatus, SubsidyApplication
from bluecard.models.base import utcnow
from bluecard.notifications import decisions
from bluecard.payouts.bankfile import BankFileError, parse_bank_file
from bluecard.payouts.models import (
    BATCH_STATUS_LABELS,
    LINE_STATUS_LABELS,
    BatchStatus,
    LineStatus,
    PayoutBatch,
    PayoutLine,
)
from bluecard.privacy import mask_numbers
from bluecard.runtime import current_runtime
from bluecard.services.errors import Conflict, NotFound, Refused
from bluecard.services.ids import MAX_ID
from bluecard.staff.audit import Actor
from bluecard.staff.models import StaffUser
from bluecard.uow import UnitOfWork, read_only, unit_of_work
from policy_kb.chinatime import CHINA_TZ

__all__ = [
    "BatchView",
    "LineView",
    "PayeeRow",
    "ReconLine",
    "Reconciliation",
    "approved_for_payout",
    "create_batch",
    "get_batch",
    "import_bank_result",
    "list_batches",
    "mark_batch_paid",
    "payee_rows",
    "remove_line",
]

#: Most applications in one batch.
MAX_BATCH_LINES = 2000
_CENT = Decimal("0.01")
_LIVE = (LineStatus.PENDING.value, LineStatus.PAID.value)

#: Reconciliation outcomes and their labels.
RECON_LABELS = {
    "paid": "已发放",
    "failed": "发放失败，退回已批准",
    "unchanged": "此前已对账，未重复处理",
    "mismatch": "与系统记录不符，未处理",
    "unknown": "不在本批次，未处理",
}


@dataclass(frozen=True)
class LineView:
    """One line of a batch: the application, its benefit and amount (yuan), card number, the
    line's state (pending | paid | failed) and label, the bank's reason and reference."""

    id: int
    application_id: int
    card_no: str | None
    benefit: str
    citation: str
    amount_yuan: Decimal
    status: str
    status_label: str
    application_status: str
    reason: str | None
    bank_reference: str | None
    settled_at: datetime | None


@dataclass(frozen=True)
class BatchView:
    """A batch: district, state (open | closed) and label, the payment reference, total in
    yuan, counts per line state, who made it and when; ``lines`` when asked for."""

    id: int
    district: str
    status: str
    status_label: str
    note: str | None
    reference: str | None
    total_yuan: Decimal
    counts: dict[str, int]
    created_by: str
    created_at: datetime
    closed_at: datetime | None
    sent_at: datetime | None = None
    sent_by: str | None = None
    lines: tuple[LineView, ...] = ()

    @property
    def removable(self) -> bool:
        return (
            self.status == BatchStatus.OPEN.value
            and self.sent_at is None
            and self.counts.get(LineStatus.PENDING.value, 0) > 0
        )


@dataclass(frozen=True)
class ReconLine:
    """What reconciling one bank line did. outcome: a key of RECON_LABELS; label its Chinese
    text; reason: the bank's reason or why nothing was done."""

    row: int
    application_id: int
    outcome: str
    label: str
    reason: str


@dataclass(frozen=True)
class Reconciliation:
    """The reconciliation report of one imported bank file: each line, and counts per
    outcome."""

    batch: BatchView
    lines: tuple[ReconLine, ...]

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(RECON_LABELS, 0)
        for line in self.lines:
            out[line.outcome] += 1
        return out


@dataclass(frozen=True)
class PayeeRow:
    """One line of the payout-ready export (finance only): payee name and 社保卡号 in clear,
    amount in yuan, the benefit and its rule and clause, who opened, approved and paid it, the
    dates, and any rejection or claw-back reason."""

    application_id: int
    batch_id: int | None
    card_no: str | None
    payee_name: str
    social_security_no: str
    amount_yuan: Decimal
    benefit: str
    rule_id: str
    citation: str
    status_label: str
    opened_by: str
    reviewer: str | None
    payer: str | None
    opened_at: datetime
    decided_at: datetime | None
    paid_at: datetime | None
    bank_reference: str | None
    reject_reason: str | None
    clawback_reason: str | None


# -- reading -----------------------------------------------------------------------------------


def _batch_row(session: Session, batch_id: int, actor: Actor, *, lock: bool = False) -> PayoutBatch:
    stmt = select(PayoutBatch).where(PayoutBatch.id == batch_id)
    if lock:
        stmt = stmt.with_for_update()
    batch = session.execute(stmt.execution_options(populate_existing=True)).scalar_one_or_none()
    if batch is None or not actor.sees(batch.district):
        raise NotFound("没有这个发放批次", code="batch_not_found")
    return batch


def _lines(session: Session, batch_id: int) -> list[LineView]:
    rows = session.execute(
        select(PayoutLine, SubsidyApplication, BlueCard.card_no)
        .join(SubsidyApplication, PayoutLine.application_id == SubsidyApplication.id)
        .join(BlueCard, SubsidyApplication.card_id == BlueCard.id)
        .where(PayoutLine.batch_id == batch_id)
        .order_by(PayoutLine.id)
        .execution_options(populate_existing=True)
    ).all()
    cites: dict[tuple[str, str], str] = {}
    out = []
    for line, app, card_no in rows:
        key = (app.doc_id, app.clause)
        if key not in cites:
            cites[key] = ledger.citation_of(app.doc_id, app.clause)
        out.append(
            LineView(
                id=line.id,
                application_id=app.id,
                card_no=card_no,
                benefit=app.benefit,
                citation=cites[key],
                amount_yuan=Decimal(line.amount_yuan).quantize(_CENT),
                status=line.status,
                status_label=LINE_STATUS_LABELS[LineStatus(line.status)],
                application_status=app.status,
                reason=mask_numbers(line.reason) if line.reason else line.reason,
                bank_reference=line.bank_reference,
                settled_at=line.settled_at,
            )
        )
    return out


def _view(session: Session, batch: PayoutBatch, *, with_lines: bool) -> BatchView:
    counts = dict.fromkeys((s.value for s in LineStatus), 0)
    for status, n in session.execute(
        select(PayoutLine.status, func.count())
        .where(PayoutLine.batch_id == batch.id)
        .group_by(PayoutLine.status)
    ):
        counts[status] = int(n)
    creator = session.get(StaffUser, batch.created_by)
    sender = session.get(StaffUser, batch.sent_by) if batch.sent_by is not None else None
    return BatchView(
        id=batch.id,
        district=batch.district,
        status=batch.status,
        status_label=BATCH_STATUS_LABELS[BatchStatus(batch.status)],
        note=mask_numbers(batch.note) if batch.note else batch.note,
        reference=batch.reference,
        total_yuan=Decimal(batch.total_yuan).quantize(_CENT),
        counts=counts,
        created_by=creator.username if creator else "-",
        created_at=batch.created_at,
        closed_at=batch.closed_at,
        sent_at=batch.sent_at,
        sent_by=sender.username if sender else None,
        lines=tuple(_lines(session, batch.id)) if with_lines else (),
    )


def list_batches(actor: Actor, limit: int = 100) -> list[BatchView]:
    """The batches of the actor's district, newest first (perm payout.manage). Raises
    PermissionDenied."""
    with unit_of_work(actor) as uow:
        uow.require("payout.manage")
    with read_only() as session:
        stmt = select(PayoutBatch).order_by(PayoutBatch.id.desc()).limit(limit)
        if actor.district is not None:
            stmt = stmt.where(PayoutBatch.district == actor.district)
        return [_view(session, b, with_lines=False) for b in session.execute(stmt).scalars()]


def get_batch(batch_id: int, actor: Actor) -> BatchView:
    """One batch with its lines (perm payout.manage). Raises PermissionDenied, NotFound
    (also for another district's batch)."""
    with unit_of_work(actor) as uow:
        uow.require("payout.manage")
    with read_only() as session:
        return _view(session, _batch_row(session, batch_id, actor), with_lines=True)


def approved_for_payout(actor: Actor, district: str | None = None) -> list[ledger.ApplicationView]:
    """Approved applications of the actor's district (or ``district``) that are in no pending
    or paid batch line: what a new batch may hold, oldest first."""
    rows = ledger.ledger_rows(
        ledger.LedgerFilter(district=district, status=ApplicationStatus.APPROVED.value), actor
    )
    with read_only() as session:
        busy = set(
            session.execute(
                select(PayoutLine.application_id).where(PayoutLine.status.in_(_LIVE))
            ).scalars()
        )
    return [r for r in rows if r.id not in busy]


# -- writing -----------------------------------------------------------------------------------


def create_batch(
    actor: Actor, application_ids: Sequence[int], *, note: str | None = None
) -> BatchView:
    """A batch of the approved applications ``application_ids`` (perm payout.manage), all of
    one district, each a pending line with the application's amount. Audited
    ``payout.create`` with the ids and total.

    Raises PermissionDenied (403); Refused(code="empty_batch" | "too_many") (422);
    NotFound(code="application_not_found") for an id outside the actor's district (404);
    Conflict(code="not_approved") naming an application that is not 已批准,
    Conflict(code="already_in_batch") for one already pending or paid in a batch (409);
    Refused(code="mixed_districts") (422).
    """
    ids = sorted({int(i) for i in application_ids})
    with unit_of_work(actor, "payout.create", target_type="payout_batch") as uow:
        uow.require("payout.manage")
        if not ids:
            raise Refused("请至少选择一笔已批准的申请", code="empty_batch")
        for app_id in ids:
            if not 1 <= app_id <= MAX_ID:  # no row has it; never sent to the database
                raise NotFound(f"没有申请 {str(app_id)[:20]}", code="application_not_found")
        if len(ids) > MAX_BATCH_LINES:
            raise Refused(f"一个批次最多{MAX_BATCH_LINES}笔", code="too_many")
        session = uow.session
        apps = {
            a.id: a
            for a in session.execute(
                select(SubsidyApplication)
                .where(SubsidyApplication.id.in_(ids))
                .with_for_update()
                .execution_options(populate_existing=True)
            ).scalars()
        }
        for app_id in ids:
            app = apps.get(app_id)
            if app is None or not actor.sees(app.district):
                raise NotFound(f"没有申请 {app_id}", code="application_not_found")
            if app.status != ApplicationStatus.APPROVED:
                label = ledger.STATUS_LABELS.get(app.status, app.status)
                raise Conflict(
                    f"申请 {app_id} 的状态是「{label}」，只有已批准的申请可以发放",
                    code="not_approved",
                )
        districts = {a.district for a in apps.values()}
        if len(districts) != 1:
            raise Refused("一个批次只能包含同一区县的申请", code="mixed_districts")
        busy = list(
            session.execute(
                select(PayoutLine.application_id).where(
                    PayoutLine.application_id.in_(ids), PayoutLine.status.in_(_LIVE)
                )
            ).scalars()
        )
        if busy:
            raise Conflict(
                f"申请 {busy[0]} 已在其他批次中（待发放或已发放）", code="already_in_batch"
            )
        total = sum((Decimal(a.amount_yuan) for a in apps.values()), Decimal("0"))
        batch = PayoutBatch(
            district=districts.pop(),
            status=BatchStatus.OPEN.value,
            note=(note or "").strip()[:200] or None,
            total_yuan=total.quantize(_CENT),
            created_by=actor.staff_id,
            created_at=utcnow(),
        )
        session.add(batch)
        session.flush()
        for app_id in ids:
            session.add(
                PayoutLine(
                    batch_id=batch.id,
                    application_id=app_id,
                    amount_yuan=apps[app_id].amount_yuan,
                    status=LineStatus.PENDING.value,
                )
            )
        try:
            session.flush()
        except IntegrityError:
            # Another batch took one of them between our check and our insert.
            session.rollback()
            raise Conflict("所选申请已在其他批次中", code="already_in_batch") from None
        uow.audit(
            target_id=batch.id,
            detail={"application_ids": ids, "total_yuan": str(batch.total_yuan)},
        )
        return _view(session, batch, with_lines=True)


def remove_line(batch_id: int, application_id: int, actor: Actor, *, reason: str) -> BatchView:
    """Take application ``application_id``'s pending line out of batch ``batch_id`` (perm
    payout.manage) with ``reason`` (required, at most 200 characters): the line becomes
    ``removed`` with the reason and who removed it, the batch's total drops by its amount, the
    application stays 已批准 — back among those waiting for a batch (待发放) — and can be
    paid singly or in a later batch. A batch left with no pending line is closed. Audited
    ``payout.remove_line`` (application, amount, reason, new total).

    Raises PermissionDenied (403); NotFound(code="batch_not_found" | "line_not_found") (404);
    Refused(code="reason_required" | "reason_too_long") (422); Conflict(code="batch_sent")
    once the batch's payee list went to the bank, Conflict(code="line_settled") for a line
    already paid, failed or removed (409).
    """
    why = (reason or "").strip()
    with unit_of_work(
        actor,
        "payout.remove_line",
        target_type="payout_batch",
        target_id=batch_id,
        detail={"application_id": application_id},
    ) as uow:
        uow.require("payout.manage")
        if not why:
            raise Refused("请填写移出原因", code="reason_required")
        if len(why) > 200:
            raise Refused("移出原因不能超过200个字", code="reason_too_long")
        session = uow.session
        batch = _batch_row(session, batch_id, actor, lock=True)
        line = session.execute(
            select(PayoutLine)
            .where(PayoutLine.batch_id == batch.id, PayoutLine.application_id == application_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).scalar_one_or_none()
        if line is None:
            raise NotFound(f"本批次没有申请 {application_id}", code="line_not_found")
        if batch.sent_at is not None:
            when = batch.sent_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
            raise Conflict(
                f"本批发放清单已于 {when} 报送银行，不能再移出；"
                "银行未发放的，请在导入回盘时记为失败",
                code="batch_sent",
            )
        if line.status != LineStatus.PENDING.value:
            label = LINE_STATUS_LABELS[LineStatus(line.status)]
            raise Conflict(
                f"申请 {application_id} 在本批次中已是「{label}」，不能移出", code="line_settled"
            )
        settled = session.scalar(
            select(func.count())
            .select_from(PayoutLine)
            .where(
                PayoutLine.batch_id == batch.id,
                PayoutLine.status.in_((LineStatus.PAID.value, LineStatus.FAILED.value)),
            )
        )
        if settled:
            # a bank result was recorded for this batch: it is at the bank, even if its list
            # never went out through this service
            raise Conflict(
                "本批已有银行回盘结果，说明清单已在银行，不能再移出；"
                "银行未发放的，请在导入回盘时记为失败",
                code="batch_sent",
            )
        amount = Decimal(line.amount_yuan).quantize(_CENT)
        line.status = LineStatus.REMOVED.value
        line.reason = why[:200]
        line.settled_by = actor.staff_id
        line.settled_at = utcnow()
        batch.total_yuan = (Decimal(batch.total_yuan) - amount).quantize(_CENT)
        session.flush()
        _close_if_done(session, batch)
        session.flush()
        uow.audit(
            detail={
                "application_id": application_id,
                "amount_yuan": str(amount),
                "reason": why[:200],
                "total_yuan": str(batch.total_yuan),
            }
        )
        return _view(session, batch, with_lines=True)


def _pay_line(
    uow: UnitOfWork, actor: Actor, line: PayoutLine, reference: str | None
) -> tuple[bool, int | None]:
    """Move the line's application approved → paid (compare-and-set) and the line to paid.
    Returns (paid, decision-notification id); (False, None) when the application is no
    longer 已批准 (the line is then left pending and reported). Audited ``application.pay``
    like a single payment, with the batch."""
    session = uow.session
    now = utcnow()
    moved = session.execute(
        update(SubsidyApplication)
        .where(
            SubsidyApplication.id == line.application_id,
            SubsidyApplication.status == ApplicationStatus.APPROVED.value,
        )
        .values(status=ApplicationStatus.PAID.value, paid_by=actor.staff_id, paid_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(moved, "rowcount", 0) != 1:
        return False, None
    line.status = LineStatus.PAID.value
    line.bank_reference = (reference or "")[:64] or None
    line.settled_by = actor.staff_id
    line.settled_at = now
    app = session.get(SubsidyApplication, line.application_id, populate_existing=True)
    assert app is not None
    uow.audit(
        "application.pay",
        target_type="application",
        target_id=app.id,
        detail={
            "application_id": app.id,
            "from": ApplicationStatus.APPROVED.value,
            "to": ApplicationStatus.PAID.value,
            "rule_id": app.rule_id,
            "amount_yuan": str(app.amount_yuan),
            "batch_id": line.batch_id,
        },
    )
    return True, ledger.tell_worker(session, app, ApplicationStatus.PAID)


def _close_if_done(session: Session, batch: PayoutBatch) -> None:
    pending = session.execute(
        select(func.count()).where(
            PayoutLine.batch_id == batch.id, PayoutLine.status == LineStatus.PENDING.value
        )
    ).scalar_one()
    if not pending and batch.status == BatchStatus.OPEN.value:
        batch.status = BatchStatus.CLOSED.value
        batch.closed_at = utcnow()


def mark_batch_paid(batch_id: int, actor: Actor, *, reference: str) -> BatchView:
    """Mark every pending line of the batch paid with the payment ``reference`` (the bank's
    批次号 or voucher number; required, at most 64 characters) (perm payout.manage). Each
    application moves approved → paid and its holder is told. Audited ``payout.mark_paid``.

    Raises PermissionDenied (403), NotFound (404), Refused(code="reference_required") (422),
    Conflict(code="batch_closed") when no line is pending, Conflict(code="not_approved")
    naming an application that left 已批准 meanwhile (nothing is then paid) (409).
    """
    ref = (reference or "").strip()
    told: list[int | None] = []
    with unit_of_work(
        actor, "payout.mark_paid", target_type="payout_batch", target_id=batch_id
    ) as uow:
        uow.require("payout.manage")
        if not ref:
            raise Refused("请填写付款凭证号或银行批次号", code="reference_required")
        if len(ref) > 64:
            raise Refused("凭证号不能超过64个字符", code="reference_too_long")
        session = uow.session
        batch = _batch_row(session, batch_id, actor, lock=True)
        lines = list(
            session.execute(
                select(PayoutLine)
                .where(
                    PayoutLine.batch_id == batch_id,
                    PayoutLine.status == LineStatus.PENDING.value,
                )
                .order_by(PayoutLine.id)
                .with_for_update()
            ).scalars()
        )
        if not lines:
            raise Conflict("该批次没有待发放的申请", code="batch_closed")
        for line in lines:
            paid, nid = _pay_line(uow, actor, line, ref)
            if not paid:
                raise Conflict(
                    f"申请 {line.application_id} 已不是已批准状态，整批未发放，请核对",
                    code="not_approved",
                )
            told.append(nid)
        batch.reference = ref
        _close_if_done(session, batch)
        session.flush()
        uow.audit(
            detail={"reference": ref, "lines": len(lines), "total_yuan": str(batch.total_yuan)}
        )
        view = _view(session, batch, with_lines=True)
    decisions.send_decisions(told)
    return view


def import_bank_result(
    batch_id: int, actor: Actor, data: bytes, filename: str = ""
) -> Reconciliation:
    """Reconcile the bank's result file (CSV or xlsx, see ``bluecard.payouts.bankfile``) with
    the batch (perm payout.manage), line by line:

    - paid by the bank, line pending, same amount → the application is paid (approved →
      paid), the line keeps the bank's reference, the worker is told: ``paid``;
    - failed, line pending → the line is ``failed`` with the bank's reason; the application
      stays 已批准 and may go into a later batch: ``failed``;
    - a line already settled the same way (the file imported again) → ``unchanged``;
    - settled the other way, an amount that differs, or an application no longer 已批准 →
      ``mismatch`` (nothing done, for finance to check); not in this batch → ``unknown``.

    The batch closes when no line is pending. Audited ``payout.reconcile`` with the counts.
    Raises PermissionDenied (403), NotFound (404), Refused(code="bad_bank_file") with the row
    (422).
    """
    try:
        bank = parse_bank_file(data, filename)
    except BankFileError as err:
        with unit_of_work(
            actor, "payout.reconcile", target_type="payout_batch", target_id=batch_id
        ) as uow:
            uow.require("payout.manage")
            raise Refused(f"银行回盘文件有误：{err}", code="bad_bank_file") from None
    told: list[int | None] = []
    report: list[ReconLine] = []
    with unit_of_work(
        actor, "payout.reconcile", target_type="payout_batch", target_id=batch_id
    ) as uow:
        uow.require("payout.manage")
        session = uow.session
        batch = _batch_row(session, batch_id, actor, lock=True)
        lines = {
            line.application_id: line
            for line in session.execute(
                select(PayoutLine)
                .where(PayoutLine.batch_id == batch_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            ).scalars()
        }

        def note(b: Any, outcome: str, reason: str) -> None:
            report.append(
                ReconLine(b.row, b.application_id, outcome, RECON_LABELS[outcome], reason)
            )

        for b in bank:
            line = lines.get(b.application_id)
            if line is None:
                note(b, "unknown", "本批次没有该申请编号")
                continue
            amount = Decimal(line.amount_yuan).quantize(_CENT)
            if line.status == LineStatus.PENDING.value:
                if b.amount_yuan is not None and b.amount_yuan != amount:
                    note(b, "mismatch", f"银行金额 {b.amount_yuan} 与应发金额 {amount} 不符")
                    continue
                if b.paid:
                    paid, nid = _pay_line(uow, actor, line, b.reference or batch.reference)
                    if paid:
                        told.append(nid)
                        note(b, "paid", b.reason or "")
                    else:
                        note(b, "mismatch", "该申请已不是已批准状态")
                else:
                    line.status = LineStatus.FAILED.value
                    line.reason = b.reason[:200]
                    line.bank_reference = b.reference or None
                    line.settled_by = actor.staff_id
                    line.settled_at = utcnow()
                    note(b, "failed", b.reason)
                continue
            if line.status == LineStatus.REMOVED.value:
                note(b, "mismatch", f"该申请已移出本批次（{line.reason or '—'}），请人工核对")
                continue
            same = (line.status == LineStatus.PAID.value) == b.paid
            if same:
                note(b, "unchanged", line.reason or "")
            else:
                was = LINE_STATUS_LABELS[LineStatus(line.status)]
                note(b, "mismatch", f"系统中已记为「{was}」，银行回盘不同，请人工核对")
        _close_if_done(session, batch)
        session.flush()
        result = Reconciliation(_view(session, batch, with_lines=True), tuple(report))
        uow.audit(detail={"file_lines": len(bank), **result.counts})
    decisions.send_decisions(told)
    return result


# -- the payout-ready export -------------------------------------------------------------------


def payee_rows(actor: Actor, *, batch_id: int | None = None) -> list[PayeeRow]:
    """The payout-ready export (perm payout.payee: the finance role only): for every
    application of the actor's district that is approved, paid, rejected or clawed back (or
    every line of batch ``batch_id``), the payee's name and 社保卡号 decrypted, amount, rule
    and clause, reviewer, approver, payer, dates and reasons. Audited ``payout.payee_export``
    with the row count (the decryption is the audited act). Downloading a list marks the
    batches it names as sent to the bank (``sent_at``): batch ``batch_id``, or every open
    batch of the district for the district-wide list. Raises PermissionDenied (403),
    NotFound (404)."""
    reviewer = aliased(StaffUser)
    payer = aliased(StaffUser)
    opener = aliased(StaffUser)
    cipher = current_runtime().cipher
    with unit_of_work(
        actor, "payout.payee_export", target_type="payout_batch", target_id=batch_id
    ) as uow:
        uow.require("payout.payee")
        session = uow.session
        line_of = (
            select(PayoutLine.application_id, func.max(PayoutLine.batch_id).label("batch_id"))
            .where(PayoutLine.status != LineStatus.REMOVED.value)
            .group_by(PayoutLine.application_id)
            .subquery()
        )
        stmt = (
            select(
                SubsidyApplication,
                BlueCard,
                opener.username,
                reviewer.username,
                payer.username,
                line_of.c.batch_id,
            )
            .join(BlueCard, SubsidyApplication.card_id == BlueCard.id)
            .join(opener, SubsidyApplication.opened_by == opener.id)
            .outerjoin(reviewer, SubsidyApplication.decided_by == reviewer.id)
            .outerjoin(payer, SubsidyApplication.paid_by == payer.id)
            .outerjoin(line_of, line_of.c.application_id == SubsidyApplication.id)
            .order_by(SubsidyApplication.id)
        )
        if batch_id is not None:
            batch = _batch_row(session, batch_id, actor, lock=True)
            if batch.sent_at is None:  # the first list for the bank: the batch is sent
                batch.sent_at = utcnow()
                batch.sent_by = actor.staff_id
            stmt = stmt.where(
                SubsidyApplication.id.in_(
                    select(PayoutLine.application_id).where(
                        PayoutLine.batch_id == batch.id,
                        PayoutLine.status != LineStatus.REMOVED.value,
                    )
                )
            )
        else:
            stmt = stmt.where(SubsidyApplication.status != ApplicationStatus.SUBMITTED.value)
            # The district-wide list names every pending line of every open batch, with its
            # batch: whoever downloads it can hand those lines to the bank, so those batches
            # count as sent too, and no line of them can be taken out any more.
            open_batches = update(PayoutBatch).where(
                PayoutBatch.status == BatchStatus.OPEN.value, PayoutBatch.sent_at.is_(None)
            )
            if actor.district is not None:
                open_batches = open_batches.where(PayoutBatch.district == actor.district)
            session.execute(open_batches.values(sent_at=utcnow(), sent_by=actor.staff_id))
        if actor.district is not None:
            stmt = stmt.where(SubsidyApplication.district == actor.district)
        refs: dict[int, str | None] = {
            app_id: ref
            for app_id, ref in session.execute(
                select(PayoutLine.application_id, PayoutLine.bank_reference).where(
                    PayoutLine.status == LineStatus.PAID.value
                )
            ).tuples()
        }
        out = []
        for app, card, opened_by, reviewed_by, paid_by, in_batch in session.execute(stmt).all():
            out.append(
                PayeeRow(
                    application_id=app.id,
                    batch_id=in_batch,
                    card_no=card.card_no,
                    payee_name=cipher.decrypt(card.name_enc),
                    social_security_no=cipher.decrypt(card.social_security_no_enc),
                    amount_yuan=Decimal(app.amount_yuan).quantize(_CENT),
                    benefit=app.benefit,
                    rule_id=app.rule_id,
                    citation=ledger.citation_of(app.doc_id, app.clause),
                    status_label=ledger.STATUS_LABELS.get(app.status, app.status),
                    opened_by=opened_by,
                    reviewer=reviewed_by,
                    payer=paid_by,
                    opened_at=app.opened_at,
                    decided_at=app.decided_at,
                    paid_at=app.paid_at,
                    bank_reference=refs.get(app.id),
                    reject_reason=mask_numbers(app.reject_reason or "") or None,
                    clawback_reason=mask_numbers(app.clawback_reason or "") or None,
                )
            )
        uow.audit(detail={"rows": len(out), "batch_id": batch_id})
    return out
