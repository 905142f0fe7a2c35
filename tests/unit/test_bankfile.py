"""Reading the bank's result file (pure): CSV in UTF-8 or GBK, xlsx, headers in any order,
results in the bank's words, errors naming the row."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from bluecard.payouts.bankfile import BankFileError, parse_bank_file


def test_csv_lines_with_bank_wording_and_reasons():
    text = (
        "流水号,申请编号,金额（元）,处理结果,失败原因\n"
        'B001,17,"30,000.00",交易成功,\n'
        "B002,18,2000,失败,账户已销户\n"
        "\n"
        "B003,19,600,退票,\n"
    )
    lines = parse_bank_file(text.encode("utf-8"), "result.csv")
    assert [(x.application_id, x.paid) for x in lines] == [(17, True), (18, False), (19, False)]
    assert lines[0].amount_yuan == Decimal("30000.00") and lines[0].reference == "B001"
    assert lines[1].reason == "账户已销户" and lines[1].row == 3
    assert lines[2].reason == "银行未说明原因"  # a failure always carries a reason


def test_gbk_csv_and_xlsx_read_the_same():
    gbk = "申请编号,结果,原因\n5,成功,\n6,失败,户名不符\n".encode("gb18030")
    book = Workbook()
    sheet = book.active
    sheet.append(["结果", "申请编号", "原因"])
    sheet.append(["成功", 5, None])
    sheet.append(["失败", 6, "户名不符"])
    buf = io.BytesIO()
    book.save(buf)
    from_csv = parse_bank_file(gbk, "回盘.csv")
    from_xlsx = parse_bank_file(buf.getvalue(), "回盘.xlsx")
    strip = [(x.application_id, x.paid, x.reason) for x in from_csv]
    assert strip == [(x.application_id, x.paid, x.reason) for x in from_xlsx]
    assert strip == [(5, True, ""), (6, False, "户名不符")]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("编号,结果\n1,成功\n", "缺少「申请编号」列"),
        ("申请编号,金额\n1,100\n", "缺少「结果」列"),
        ("申请编号,结果\nabc,成功\n", "第2行：申请编号「abc」无效"),
        ("申请编号,结果\n1,成功\n1,失败\n", "第3行：申请编号 1 重复出现"),
        ("申请编号,结果\n1,处理中\n", "第2行：无法识别结果「处理中」"),
        ("申请编号,结果,金额\n1,成功,一百\n", "第2行：金额「一百」无效"),
        ("", "文件是空的"),
    ],
)
def test_bad_files_are_refused_naming_the_row(text, says):
    with pytest.raises(BankFileError) as err:
        parse_bank_file(text.encode("utf-8"), "x.csv")
    assert says in str(err.value)


def test_a_broken_workbook_is_refused():
    with pytest.raises(BankFileError) as err:
        parse_bank_file(b"PK\x03\x04 not really a zip", "x.xlsx")
    assert "Excel" in str(err.value)
