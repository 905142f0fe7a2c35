"""Payout batches (issue 12 §4) on the configured database: finance pays a batch with a
reference, or imports the bank's result file and the system reconciles paid and failed lines;
nothing is ever paid twice; a failed line leaves the application 已批准; the payout-ready
export decrypts the payee for finance only, audited."""

from __future__ import annotations

import io
from datetime import date

import pytest
from factories.console import actor_of, make_staff
from factories.ledger import YEJI_CHIEF, YEJI_INTRODUCED, make_card, open_at_window
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bluecard.extensions import db
from bluecard.ledger.services import decide_application, get_application
from bluecard.models import AuditLog, PayoutLine
from bluecard.payouts import services as payouts
from bluecard.services.errors import Conflict, NotFound, Refused
from bluecard.staff.audit import Actor, PermissionDenied

pytestmark = pytest.mark.integration

AS_OF = date(2026, 11, 21)


@pytest.fixture
def ctx(make_app, real_knowledge):
    app = make_app(knowledge=real_knowledge)
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def staff(ctx):
    return {role: actor_of(make_staff(role)) for role in ("clerk", "reviewer", "finance", "admin")}


def approved(staff, profile=YEJI_INTRODUCED, rule="yeji-intro-living-housing", **card):
    holder = make_card(profile, **card)
    app = open_at_window(holder.card_id, rule, staff["clerk"], as_of=AS_OF)
    decide_application(app.id, staff["reviewer"], approve=True)
    return holder, app.id


def _csv(rows):
    lines = ["申请编号,金额,结果,原因,流水号"] + [",".join(map(str, r)) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _audits(action):
    return list(
        db.session.execute(
            select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
        ).scalars()
    )


def test_finance_pays_a_batch_with_a_reference_once(staff):
    finance = staff["finance"]
    _, a = approved(staff)
    _, b = approved(staff, YEJI_CHIEF, "yeji-chief-technician-allowance")
    assert {r.id for r in payouts.approved_for_payout(finance)} == {a, b}

    batch = payouts.create_batch(finance, [a, b], note="11月第1批")
    assert batch.status == "open" and batch.counts["pending"] == 2
    assert str(batch.total_yuan) == "30600.00"  # 30000 生活住房补贴 + 600 首席技师津贴
    assert payouts.approved_for_payout(finance) == []  # in a live batch: not offered again
    with pytest.raises(Conflict) as err:
        payouts.create_batch(finance, [a])
    assert err.value.code == "already_in_batch"

    paid = payouts.mark_batch_paid(batch.id, finance, reference="PZ-2026-1130-01")
    assert paid.status == "closed" and paid.status_label == "已完成"
    assert paid.counts == {"pending": 0, "paid": 2, "failed": 0, "removed": 0}
    assert {line.bank_reference for line in paid.lines} == {"PZ-2026-1130-01"}
    assert get_application(a).status == "paid" and get_application(b).status == "paid"
    first_paid_at = get_application(a).paid_at

    with pytest.raises(Conflict) as err:
        payouts.mark_batch_paid(batch.id, finance, reference="PZ-again")
    assert err.value.code == "batch_closed"
    assert get_application(a).paid_at == first_paid_at
    assert [x.outcome for x in _audits("payout.mark_paid")] == ["ok", "refused"]
    assert {x.target_id for x in _audits("application.pay")} == {str(a), str(b)}
    assert _audits("payout.create")[0].detail["total_yuan"] == "30600.00"


def test_bank_file_with_one_failed_line_reconciles_and_the_failed_one_returns(staff):
    finance = staff["finance"]
    _, a = approved(staff)
    _, b = approved(staff, YEJI_CHIEF, "yeji-chief-technician-allowance")
    batch = payouts.create_batch(finance, [a, b])

    report = payouts.import_bank_result(
        batch.id,
        finance,
        _csv([(a, "30000.00", "成功", "", "B-1"), (b, "600", "失败", "账户已冻结", "B-2")]),
        "回盘.csv",
    )
    assert {(r.application_id, r.outcome) for r in report.lines} == {(a, "paid"), (b, "failed")}
    assert next(r for r in report.lines if r.application_id == b).reason == "账户已冻结"
    assert report.batch.status == "closed"
    assert get_application(a).status == "paid"
    assert get_application(b).status == "approved"  # failed: back to 已批准, not paid
    line_b = next(x for x in report.batch.lines if x.application_id == b)
    assert line_b.status_label == "发放失败" and line_b.reason == "账户已冻结"

    # The same file again pays nothing twice.
    again = payouts.import_bank_result(
        batch.id,
        finance,
        _csv([(a, "30000.00", "成功", "", "B-1"), (b, "600", "失败", "账户已冻结", "B-2")]),
        "回盘.csv",
    )
    assert {r.outcome for r in again.lines} == {"unchanged"}
    # A file that now says the failed one was paid is a mismatch for a person to check.
    odd = payouts.import_bank_result(
        batch.id, finance, _csv([(b, "600", "成功", "", "B-3")]), "x.csv"
    )
    assert odd.lines[0].outcome == "mismatch" and get_application(b).status == "approved"

    # The failed application goes into the next batch and is paid there.
    assert [r.id for r in payouts.approved_for_payout(finance)] == [b]
    second = payouts.create_batch(finance, [b])
    book = Workbook()
    book.active.append(["申请编号", "结果", "交易金额"])
    book.active.append([b, "支付成功", 600])
    buf = io.BytesIO()
    book.save(buf)
    done = payouts.import_bank_result(second.id, finance, buf.getvalue(), "回盘.xlsx")
    assert done.lines[0].outcome == "paid" and get_application(b).status == "paid"
    assert [x.detail["paid"] for x in _audits("payout.reconcile") if x.outcome == "ok"] == [
        1,
        0,
        0,
        1,
    ]


def test_wrong_amount_and_foreign_lines_are_not_paid(staff):
    finance = staff["finance"]
    _, a = approved(staff)
    batch = payouts.create_batch(finance, [a])
    report = payouts.import_bank_result(
        batch.id, finance, _csv([(a, "3000.00", "成功", "", ""), (999999, "1", "成功", "", "")])
    )
    assert [r.outcome for r in report.lines] == ["mismatch", "unknown"]
    assert "不符" in report.lines[0].reason
    assert get_application(a).status == "approved" and report.batch.status == "open"
    with pytest.raises(Refused) as err:
        payouts.import_bank_result(batch.id, finance, b"foo,bar\n1,2\n", "x.csv")
    assert err.value.code == "bad_bank_file" and "申请编号" in err.value.message


def test_only_approved_applications_of_ones_district_and_only_finance(staff):
    finance = staff["finance"]
    holder = make_card(YEJI_INTRODUCED)
    submitted = open_at_window(
        holder.card_id, "yeji-intro-living-housing", staff["clerk"], as_of=AS_OF
    )
    with pytest.raises(Conflict) as err:
        payouts.create_batch(finance, [submitted.id])
    assert err.value.code == "not_approved" and "已提交" in err.value.message
    with pytest.raises(Refused):
        payouts.create_batch(finance, [])

    _, a = approved(staff)
    hongze_finance = Actor(finance.staff_id, finance.username, "finance", None, None, "洪泽区")
    with pytest.raises(NotFound):
        payouts.create_batch(hongze_finance, [a])
    batch = payouts.create_batch(finance, [a])
    with pytest.raises(NotFound):
        payouts.get_batch(batch.id, hongze_finance)
    assert payouts.list_batches(hongze_finance) == []
    with pytest.raises(PermissionDenied):
        payouts.create_batch(staff["clerk"], [a])
    with pytest.raises(PermissionDenied):
        payouts.mark_batch_paid(batch.id, staff["reviewer"], reference="x")
    denied = [r for r in _audits("payout.create") if r.outcome == "denied"]
    assert len(denied) == 1


def test_the_database_refuses_a_second_live_line(staff):
    finance = staff["finance"]
    _, a = approved(staff)
    batch = payouts.create_batch(finance, [a])
    other = payouts.create_batch(
        finance, [approved(staff, YEJI_CHIEF, "yeji-chief-technician-allowance")[1]]
    )
    db.session.add(PayoutLine(batch_id=other.id, application_id=a, amount_yuan=1, status="pending"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert (
        db.session.scalar(
            select(func.count()).select_from(PayoutLine).where(PayoutLine.application_id == a)
        )
        == 1
    )
    assert batch.counts["pending"] == 1


def test_payee_export_decrypts_for_finance_only_and_is_audited(staff):
    finance = staff["finance"]
    holder, a = approved(staff)
    rejected_holder = make_card(YEJI_CHIEF)
    r = open_at_window(
        rejected_holder.card_id, "yeji-chief-technician-allowance", staff["clerk"], as_of=AS_OF
    )
    decide_application(r.id, staff["reviewer"], approve=False, reason="首席技师证书已过期")
    batch = payouts.create_batch(finance, [a])
    payouts.mark_batch_paid(batch.id, finance, reference="PZ-9")

    rows = {row.application_id: row for row in payouts.payee_rows(finance)}
    paid = rows[a]
    assert paid.payee_name == holder.name and paid.social_security_no.startswith("SS")
    assert paid.reviewer == staff["reviewer"].username and paid.payer == finance.username
    assert paid.opened_by == staff["clerk"].username and paid.batch_id == batch.id
    assert paid.bank_reference == "PZ-9" and paid.citation.endswith(
        "《关于推进技工强区建设的实施意见》四"
    )
    assert rows[r.id].reject_reason == "首席技师证书已过期" and rows[r.id].status_label == "已驳回"
    assert [x.application_id for x in payouts.payee_rows(finance, batch_id=batch.id)] == [a]
    with pytest.raises(PermissionDenied):
        payouts.payee_rows(staff["admin"])
    logged = _audits("payout.payee_export")
    assert [x.outcome for x in logged] == ["ok", "ok", "denied"]
    assert holder.name not in str([x.detail for x in logged])


def test_finance_removes_a_line_from_a_pending_batch_with_a_reason(staff):
    finance = staff["finance"]
    _, keep = approved(staff)
    _, out = approved(staff, YEJI_CHIEF, "yeji-chief-technician-allowance")
    batch = payouts.create_batch(finance, [keep, out])

    with pytest.raises(Refused) as err:
        payouts.remove_line(batch.id, out, finance, reason="  ")
    assert err.value.code == "reason_required"
    with pytest.raises(PermissionDenied):
        payouts.remove_line(batch.id, out, staff["clerk"], reason="收款账户待核实")
    with pytest.raises(NotFound):
        payouts.remove_line(batch.id, 10**9, finance, reason="收款账户待核实")

    after = payouts.remove_line(batch.id, out, finance, reason="收款账户待核实")
    assert str(after.total_yuan) == "30000.00" and after.status_label == "待发放"
    assert after.counts["pending"] == 1 and after.counts["removed"] == 1
    [line] = [line for line in after.lines if line.application_id == out]
    assert line.status_label == "已移出" and line.reason == "收款账户待核实"
    # Back to 待发放: still 已批准, offered for the next batch, payable on its own.
    assert get_application(out).status == "approved"
    assert [r.id for r in payouts.approved_for_payout(finance)] == [out]
    outcomes = [a.outcome for a in _audits("payout.remove_line")]
    assert outcomes == ["refused", "denied", "refused", "ok"]
    logged = _audits("payout.remove_line")[-1]
    assert logged.detail["reason"] == "收款账户待核实"
    assert logged.detail["application_id"] == out and logged.detail["amount_yuan"] == "600.00"
    with pytest.raises(Conflict) as err:
        payouts.remove_line(batch.id, out, finance, reason="再移一次")
    assert err.value.code == "line_settled"

    # The bank's list leaves it out; once sent, nothing more can be removed.
    rows = payouts.payee_rows(finance, batch_id=batch.id)
    assert [r.application_id for r in rows] == [keep]
    sent = payouts.get_batch(batch.id, finance)
    assert sent.sent_at is not None and not sent.removable
    with pytest.raises(Conflict) as err:
        payouts.remove_line(batch.id, keep, finance, reason="收款人要求改期")
    assert err.value.code == "batch_sent" and "报送银行" in err.value.message

    # Paying the batch pays only what stayed in it; the removed one goes in a new batch.
    paid = payouts.mark_batch_paid(batch.id, finance, reference="PZ-2026-1130-02")
    assert paid.counts == {"pending": 0, "paid": 1, "failed": 0, "removed": 1}
    assert get_application(keep).status == "paid" and get_application(out).status == "approved"
    again = payouts.create_batch(finance, [out])
    assert [line.application_id for line in again.lines] == [out]


def test_a_paid_line_cannot_be_removed(staff):
    finance = staff["finance"]
    _, a = approved(staff)
    _, b = approved(staff, YEJI_CHIEF, "yeji-chief-technician-allowance")
    batch = payouts.create_batch(finance, [a, b])
    payouts.import_bank_result(batch.id, finance, _csv([(a, "30000.00", "成功", "", "B1")]))
    with pytest.raises(Conflict) as err:
        payouts.remove_line(batch.id, a, finance, reason="误操作")
    assert err.value.code == "line_settled" and "已发放" in err.value.message
    assert get_application(a).status == "paid"
    # A bank result means the list is at the bank, even if it never went out through us: the
    # other line may still be paid by the bank, so it cannot go back to 待发放 (a second
    # payment); the bank's next file records it as failed instead.
    with pytest.raises(Conflict) as err:
        payouts.remove_line(batch.id, b, finance, reason="本月预算不足，下月发放")
    assert err.value.code == "batch_sent" and "回盘" in err.value.message
    assert get_application(b).status == "approved"
    assert b not in [r.id for r in payouts.approved_for_payout(finance)]


def test_a_district_wide_payee_list_counts_as_sent_for_every_open_batch(staff):
    finance = staff["finance"]
    _, a = approved(staff)
    batch = payouts.create_batch(finance, [a])
    rows = payouts.payee_rows(finance)  # the whole district's list names the batch's line
    assert [r.batch_id for r in rows if r.application_id == a] == [batch.id]
    assert payouts.get_batch(batch.id, finance).sent_at is not None
    with pytest.raises(Conflict) as err:
        payouts.remove_line(batch.id, a, finance, reason="收款账户待核实")
    assert err.value.code == "batch_sent"
