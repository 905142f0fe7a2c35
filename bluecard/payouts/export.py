"""The payout-ready export (发放清单) as CSV, for finance to hand to the bank: payee name and
社保卡号 in clear (the rows come from ``services.payee_rows``, which checks the finance role
and audits the decryption). Typed text never becomes a formula (a leading apostrophe)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

from bluecard.payouts.services import PayeeRow
from bluecard.services.sheets import csv_text
from policy_kb.chinatime import CHINA_TZ

__all__ = ["PAYEE_COLUMNS", "payees_csv"]

PAYEE_COLUMNS: tuple[str, ...] = (
    "申请编号",
    "发放批次",
    "蓝卡号",
    "收款人",
    "社保卡号",
    "金额（元）",
    "补贴项目",
    "规则",
    "政策依据",
    "状态",
    "受理人",
    "审核人",
    "发放人",
    "受理时间",
    "审核时间",
    "发放时间",
    "银行流水号",
    "驳回原因",
    "追回原因",
)


def _when(at: datetime | None) -> str:
    return at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if at else ""


def payees_csv(rows: Sequence[PayeeRow]) -> str:
    """The rows as CSV text (header PAYEE_COLUMNS, amounts with 2 decimals, times in
    Asia/Shanghai), starting with a BOM so Excel reads the UTF-8."""
    buf = io.StringIO()
    buf.write("\ufeff")
    out = csv.writer(buf)
    out.writerow(PAYEE_COLUMNS)
    for r in rows:
        out.writerow(
            [
                r.application_id,
                r.batch_id or "",
                r.card_no or "",
                csv_text(r.payee_name),
                csv_text(r.social_security_no),
                f"{r.amount_yuan:.2f}",
                csv_text(r.benefit),
                r.rule_id,
                r.citation,
                r.status_label,
                r.opened_by,
                r.reviewer or "",
                r.payer or "",
                _when(r.opened_at),
                _when(r.decided_at),
                _when(r.paid_at),
                csv_text(r.bank_reference),
                csv_text(r.reject_reason),
                csv_text(r.clawback_reason),
            ]
        )
    return buf.getvalue()
