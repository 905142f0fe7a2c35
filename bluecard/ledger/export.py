"""The disbursement ledger (资金发放台账, 叶集区《关于推进技工强区建设的实施意见》十:
"建立完善资金发放台账") as an Excel workbook or a CSV file, for finance.

Rows come from ``bluecard.ledger.services.ledger_rows`` / ``rows_for_export``. The only
personal identifier in an export is the card number (蓝卡号): no name, 身份证号 or phone.
Times are shown in Asia/Shanghai. Typed text (window names, reasons) is never evaluated as a
formula: workbook cells stay text cells, CSV cells starting with = + - @ get a leading
apostrophe (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from bluecard.ledger.services import ApplicationView, ledger_totals
from bluecard.services.sheets import csv_text
from policy_kb.chinatime import CHINA_TZ

__all__ = ["COLUMNS", "SHEET_TITLE", "TOTAL_LABELS", "to_csv", "to_xlsx"]

SHEET_TITLE = "资金发放台账"
#: Column headers, in order (the same in the workbook and the CSV).
COLUMNS: tuple[str, ...] = (
    "申请编号",
    "蓝卡号",
    "区县",
    "补贴项目",
    "政策依据",
    "期间",
    "金额（元）",
    "状态",
    "受理窗口",
    "受理人",
    "受理时间",
    "审核时间",
    "发放时间",
    "追回时间",
    "追回原因",
)
_AMOUNT_COL = COLUMNS.index("金额（元）") + 1
_TIME_COLS = tuple(COLUMNS.index(c) + 1 for c in ("受理时间", "审核时间", "发放时间", "追回时间"))
_WIDTHS = (10, 20, 10, 36, 48, 9, 14, 8, 24, 12, 20, 20, 20, 20, 36)
AMOUNT_FORMAT = "#,##0.00"
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def _local(at: datetime | None) -> datetime | None:
    """Naive Asia/Shanghai wall time (spreadsheets have no time zones)."""
    return at.astimezone(CHINA_TZ).replace(tzinfo=None, microsecond=0) if at else None


def _values(r: ApplicationView) -> list[object]:
    return [
        r.id,
        r.card_no or "",
        r.district,
        r.benefit,
        r.citation,
        r.period,
        r.amount_yuan,
        r.status_label,
        r.window or "",
        r.opened_by,
        _local(r.opened_at),
        _local(r.decided_at),
        _local(r.paid_at),
        _local(r.clawed_back_at),
        r.clawback_reason or "",
    ]


#: The total line of each state, in this order (the console page shows the same labels).
#: States never mix: the amount to pay is the approved total, the amount paid the paid total.
TOTAL_LABELS: dict[str, str] = {
    "submitted": "已提交待审批",
    "approved": "待发放（已批准）",
    "paid": "已发放",
    "rejected": "已驳回（不发放）",
    "clawed_back": "已追回（已收回）",
}


def to_xlsx(rows: Sequence[ApplicationView]) -> bytes:
    """The rows as an .xlsx workbook (bytes): one sheet 资金发放台账, a bold frozen header row,
    amounts as numbers (format ``#,##0.00``), times as Beijing-time date cells, then one
    total row per state (``TOTAL_LABELS``: 「待发放（已批准）合计（2笔）」 …): the amount to
    pay counts approved applications only, the amount paid paid ones only; rejected and
    clawed-back applications are in neither, and no row adds different states together."""
    from openpyxl import Workbook  # here, not at every start (~0.1 s)
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook always has its first sheet
    ws.title = SHEET_TITLE
    ws.append(list(COLUMNS))
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center")
    ws.freeze_panes = "A2"
    for r in rows:
        ws.append(_values(r))
        row = ws.max_row
        for cell in ws[row]:
            # openpyxl stores text starting with "=" as a formula: keep typed text as text.
            if cell.data_type == "f":
                cell.data_type = "s"
        ws.cell(row, _AMOUNT_COL).number_format = AMOUNT_FORMAT
        for col in _TIME_COLS:
            ws.cell(row, col).number_format = TIME_FORMAT
    totals = ledger_totals(rows)
    for status, label in TOTAL_LABELS.items():
        total = totals[status]
        ws.append(
            [f"{label}合计（{total.count}笔）"] + [None] * (_AMOUNT_COL - 2) + [total.amount_yuan]
        )
        row = ws.max_row
        ws.cell(row, 1).font = bold
        ws.cell(row, _AMOUNT_COL).font = bold
        ws.cell(row, _AMOUNT_COL).number_format = AMOUNT_FORMAT
    for i, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, str):
        return csv_text(value)
    return str(value)


def to_csv(rows: Sequence[ApplicationView]) -> str:
    """The rows as CSV text starting with a UTF-8 BOM (so Excel opens the Chinese correctly
    when the text is written as UTF-8): the header row, then one line per application, same
    columns as the workbook; amounts as plain numbers with 2 decimals (5000.00), times
    "YYYY-MM-DD HH:MM:SS" in Beijing time. No total row (CSV is for machines too)."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([_csv_cell(v) for v in _values(r)])
    return buf.getvalue()
