"""Reading the bank's result file (银行回盘文件) of a payout batch: CSV or xlsx, one line per
payment. Pure: bytes in, lines or a ``BankFileError`` naming the row out.

Columns are found by their header, in any order; accepted names (the bank's own wording or
the one of our payout export):

- application (required): 申请编号 / 业务编号 / 备注 — our application id;
- result (required): 结果 / 状态 / 处理结果 / 交易状态 — 成功, 已发放, 支付成功, success, paid
  mean paid; 失败, 退回, 退票, failed mean failed;
- reason: 原因 / 失败原因 / 备注说明 / 附言;
- amount: 金额 / 金额（元） / 交易金额 — checked against the line when present;
- reference: 流水号 / 交易流水号 / 银行流水号.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bluecard.services.ids import parse_id

__all__ = ["MAX_ROWS", "BankFileError", "BankLine", "parse_bank_file"]

#: A bank file longer than this is refused (a district's batch is a few hundred lines).
MAX_ROWS = 20000

_HEADERS: dict[str, tuple[str, ...]] = {
    "application": ("申请编号", "业务编号", "申请号", "备注", "application_id"),
    "result": ("结果", "状态", "处理结果", "交易状态", "发放结果", "result", "status"),
    "reason": ("原因", "失败原因", "备注说明", "附言", "reason"),
    "amount": ("金额", "金额（元）", "金额(元)", "交易金额", "amount", "amount_yuan"),
    "reference": ("流水号", "交易流水号", "银行流水号", "reference"),
}
_PAID = ("成功", "已发放", "支付成功", "交易成功", "success", "paid", "ok")
_FAILED = ("失败", "退回", "退票", "支付失败", "交易失败", "failed", "fail", "error")


class BankFileError(ValueError):
    """The file cannot be read as a bank result file; the message (Chinese) says where."""


@dataclass(frozen=True)
class BankLine:
    """One line of the bank file. row: its row number in the file (header = 1). paid: the
    bank paid it. amount_yuan: the amount the bank states, or None. reason: why it failed
    (or the bank's remark)."""

    row: int
    application_id: int
    paid: bool
    reason: str
    amount_yuan: Decimal | None
    reference: str


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_of(data: bytes, filename: str) -> list[list[str]]:
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise BankFileError("无法读取 Excel 文件（请上传 .xlsx 或 .csv）") from exc
        sheet = book.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BankFileError("无法识别文件编码（请使用 UTF-8 或 GBK 编码的 CSV）")
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]


def _result(text: str) -> bool | None:
    t = text.strip().lower()
    if any(word in t for word in _FAILED):
        return False
    if any(word in t for word in _PAID):
        return True
    return None


def parse_bank_file(data: bytes, filename: str = "") -> list[BankLine]:
    """The lines of a bank result file (CSV in UTF-8 or GBK, or xlsx: first sheet).

    Blank rows are skipped. Raises BankFileError (message in Chinese, naming the row) for an
    unreadable file, a missing 申请编号 or 结果 column, a bad id, result or amount, a repeated
    application, or more than MAX_ROWS lines."""
    rows = [r for r in _rows_of(data, filename) if any(c for c in r)]
    if not rows:
        raise BankFileError("文件是空的")
    header = [h.replace(" ", "") for h in rows[0]]
    where: dict[str, int] = {}
    for key, names in _HEADERS.items():
        for i, h in enumerate(header):
            if h in names or h.lower() in names:
                where.setdefault(key, i)
    for key, label in (("application", "申请编号"), ("result", "结果")):
        if key not in where:
            raise BankFileError(f"缺少「{label}」列（第1行应为表头）")
    if len(rows) - 1 > MAX_ROWS:
        raise BankFileError(f"文件超过{MAX_ROWS}行")

    def get(row: list[str], key: str) -> str:
        i = where.get(key)
        return row[i] if i is not None and i < len(row) else ""

    out: list[BankLine] = []
    seen: set[int] = set()
    for number, row in enumerate(rows[1:], start=2):
        raw_id = get(row, "application").lstrip("#")
        app_id = parse_id(raw_id)
        if app_id is None:
            raise BankFileError(f"第{number}行：申请编号「{raw_id[:20]}」无效")
        if app_id in seen:
            raise BankFileError(f"第{number}行：申请编号 {app_id} 重复出现")
        seen.add(app_id)
        paid = _result(get(row, "result"))
        if paid is None:
            raise BankFileError(f"第{number}行：无法识别结果「{get(row, 'result')[:20]}」")
        amount_text = get(row, "amount").replace(",", "").replace("¥", "")
        amount: Decimal | None = None
        if amount_text:
            try:
                amount = Decimal(amount_text).quantize(Decimal("0.01"))
            except InvalidOperation:
                raise BankFileError(f"第{number}行：金额「{amount_text[:20]}」无效") from None
        reason = get(row, "reason")[:200]
        if not paid and not reason:
            reason = "银行未说明原因"
        out.append(BankLine(number, app_id, paid, reason, amount, get(row, "reference")[:64]))
    return out
