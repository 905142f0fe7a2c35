"""The survey round as an Excel workbook: each submitted form in the printed layout of
企业技能人才现状及需求情况调查表 (台儿庄 附件1), the 统计汇总 sheet, and who has submitted.

PURE (openpyxl, Pillow for the seal image): takes ``SubmittedForm`` values, returns bytes.
Names and phones come masked from the caller; typed text is never evaluated as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from bluecard.services import sheets
from bluecard.surveys.form import (
    AGE_GROUPS,
    EDUCATION,
    ENTERPRISE_SIZE_LABELS,
    ENTERPRISE_TYPE_LABELS,
    LEVELS,
    TRAINING,
    EnterpriseSize,
    EnterpriseType,
)
from bluecard.surveys.summary import DIMENSIONS, Summary, Tally

if TYPE_CHECKING:  # openpyxl is imported when a workbook is made, not at every start (~0.1 s)
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Border
    from openpyxl.worksheet.worksheet import Worksheet

TITLE = "企业技能人才现状及需求情况调查表"
SUMMARY_SHEET = "统计汇总"
STATUS_SHEET = "填报情况"


@dataclass(frozen=True)
class SubmittedForm:
    """One enterprise's submitted form. ``figures``: ``SurveyForm.figures()``; ``personal``:
    负责人, 联系电话, 填表人, 填表人联系电话 already masked; ``seal_png``: the 盖章 image or None."""

    district: str
    figures: dict[str, Any]
    personal: dict[str, str | None]
    seal_png: bytes | None = None


@dataclass(frozen=True)
class InvitationLine:
    """One enterprise on the round's list: name, status label, when submitted (text)."""

    enterprise_name: str
    status: str
    submitted_on: str


@cache
def _styles() -> tuple[Border, Alignment]:
    """(thin box, centred and wrapped): every cell's border and alignment."""
    from openpyxl.styles import Alignment, Border, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    return box, Alignment(horizontal="center", vertical="center", wrap_text=True)


def _put(ws: Worksheet, ref: str, value: Any, *, bold: bool = False, box: bool = True) -> Cell:
    from openpyxl.styles import Font

    cell: Cell = ws[ref]
    cell.value = sheets.as_typed(value)  # a typed name is shown as typed, never run
    cell.alignment = _styles()[1]
    if bold:
        cell.font = Font(bold=True)
    if box:
        cell.border = _styles()[0]
    return cell


def _merge(ws: Worksheet, span: str, value: Any, *, bold: bool = False) -> None:
    first = span.split(":")[0]
    _put(ws, first, value, bold=bold)
    for row in ws[span]:
        for cell in row:
            cell.border = _styles()[0]
    ws.merge_cells(span)


def _demand_cells(figures: dict[str, Any], level: str | None) -> tuple[str, int, int | str]:
    """需求工种 (工种×人数), 人数 and 月工资待遇 of one level's demand lines (all levels: None).
    One wage is a number (yuan), so the sheet can sum and sort it; several are a range as
    text (``5500-6500``); none is blank."""
    lines = [d for d in figures.get("demands", []) if level is None or d["level"] == level]
    trades = "、".join(f"{d['trade']}{d['count']}人" for d in lines)
    wages = sorted({int(d["monthly_wage_yuan"]) for d in lines if d.get("monthly_wage_yuan")})
    wage: int | str = (
        "" if not wages else (wages[0] if len(wages) == 1 else f"{wages[0]}-{wages[-1]}")
    )
    return trades, sum(int(d["count"]) for d in lines), wage


def _body_header(ws: Worksheet, top: int) -> None:
    """The two header rows of the form's body (职业技能等级 … 用于职工培训、措施)."""
    from openpyxl.utils import get_column_letter

    r1, r2 = top, top + 1
    _merge(ws, f"A{r1}:A{r2}", "职业技能等级", bold=True)
    _merge(ws, f"B{r1}:B{r2}", "人数", bold=True)
    _merge(ws, f"C{r1}:F{r1}", "技能人才年龄结构", bold=True)
    _merge(ws, f"G{r1}:I{r1}", "学历", bold=True)
    _merge(ws, f"J{r1}:L{r1}", "技能人才需求", bold=True)
    _merge(ws, f"M{r1}:N{r1}", "用于职工培训、措施", bold=True)
    labels = [
        *AGE_GROUPS.values(),
        *EDUCATION.values(),
        "需求工种",
        "人数",
        "月工资待遇",
        *TRAINING.values(),
    ]
    for i, label in enumerate(labels):
        _put(ws, f"{get_column_letter(3 + i)}{r2}", label, bold=True)


def _body_row(
    ws: Worksheet, r: int, label: str, row: dict[str, int], demand: tuple[str, int, int | str]
) -> None:
    from openpyxl.utils import get_column_letter

    _put(ws, f"A{r}", label, bold=label == "合计")
    keys = ["count", *AGE_GROUPS, *EDUCATION]
    for i, key in enumerate(keys):
        _put(ws, f"{get_column_letter(2 + i)}{r}", row.get(key, 0))
    trades, wanted, wages = demand
    _put(ws, f"J{r}", trades)
    _put(ws, f"K{r}", wanted)
    _put(ws, f"L{r}", wages)
    _put(ws, f"M{r}", row.get("self_trained", 0))
    _put(ws, f"N{r}", row.get("joint_trained", 0))


def _widths(ws: Worksheet) -> None:
    sheets.set_widths(ws, (14, 8, 8, 8, 8, 8, 12, 10, 10, 22, 8, 12, 10, 16))


def write_form_sheet(ws: Worksheet, form: SubmittedForm) -> None:
    """One enterprise's form in the printed layout (rows 1-17)."""
    from openpyxl.drawing.image import Image as XlImage
    from openpyxl.styles import Font

    f, p = form.figures, form.personal
    _widths(ws)
    ws.merge_cells("A1:N1")
    _put(ws, "A1", f"附件1：{TITLE}", bold=True, box=False).font = Font(bold=True, size=14)
    _put(ws, "L2", "（单位：人，元）", box=False)
    ws.merge_cells("L2:N2")
    _put(ws, "A3", "企业名称（盖章）", bold=True)
    _merge(ws, "B3:F3", f["enterprise_name"])
    _merge(ws, "G3:H3", "负责人", bold=True)
    _merge(ws, "I3:J3", p.get("leader") or "")
    _put(ws, "K3", "联系电话", bold=True)
    _merge(ws, "L3:N3", p.get("phone") or "")
    _put(ws, "A4", "企业类型", bold=True)
    _merge(ws, "B4:F4", ENTERPRISE_TYPE_LABELS[EnterpriseType(f["enterprise_type"])])
    _merge(ws, "G4:H4", "企业规模", bold=True)
    _merge(ws, "I4:J4", ENTERPRISE_SIZE_LABELS[EnterpriseSize(f["enterprise_size"])])
    _put(ws, "K4", "经营领域", bold=True)
    _merge(ws, "L4:N4", f["business_field"])
    _put(ws, "A5", "职工总数", bold=True)
    _put(ws, "B5", f["employees_total"])
    _merge(ws, "C5:D5", "人均月工资", bold=True)
    _put(ws, "E5", f["avg_monthly_wage_yuan"])
    _merge(ws, "F5:G5", "提取职工培训经费", bold=True)
    _merge(ws, "H5:I5", f["training_funds_drawn_yuan"])
    _merge(ws, "J5:K5", "用于职工培训经费", bold=True)
    _merge(ws, "L5:N5", f["training_funds_used_yuan"])
    _put(ws, "A6", "统一社会信用代码", bold=True)
    _merge(ws, "B6:F6", f["credit_code"])
    _merge(ws, "G6:H6", "所在区县", bold=True)
    _merge(ws, "I6:N6", form.district)
    _merge(ws, "A7:N7", "技能人才结构状况、需求、待遇及措施", bold=True)
    _body_header(ws, 8)
    for i, level in enumerate(LEVELS):
        _body_row(ws, 10 + i, level, f["levels"][level], _demand_cells(f, level))
    _body_row(ws, 15, "合计", f["totals"], _demand_cells(f, None))
    footer = f"填表人：{p.get('filled_by') or ''}    联系电话：{p.get('filled_by_phone') or ''}    填表时间：{f['filled_on']}"
    ws.merge_cells("A17:N17")
    _put(ws, "A17", footer, box=False)
    if form.seal_png:
        image = XlImage(io.BytesIO(form.seal_png))
        scale = 90 / max(image.height, 1)
        image.width, image.height = int(image.width * scale), 90
        ws.add_image(image, "P3")
        _put(ws, "P2", "盖章", box=False)


def _tally_columns() -> list[str]:
    return [
        "企业数",
        "职工总数",
        "人均月工资",
        "技能人才",
        "高技能人才",
        "需求人数",
        "提取职工培训经费",
        "用于职工培训经费",
    ]


def _tally_values(t: Tally) -> list[Any]:
    return [
        t.enterprises,
        t.employees,
        t.avg_monthly_wage_yuan or 0,
        t.skilled,
        t.high_skilled,
        t.demand_total,
        t.training_funds_drawn_yuan,
        t.training_funds_used_yuan,
    ]


def write_summary_sheet(ws: Worksheet, summary: Summary, scope: str) -> None:
    """统计汇总: the body of the form summed over every submitted form, then the totals by
    区县, 企业类型, 企业规模 and 经营领域, then demand by 工种."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    t = summary.overall
    _widths(ws)
    ws.merge_cells("A1:N1")
    _put(ws, "A1", f"{TITLE} 统计汇总（{scope}）", box=False).font = Font(bold=True, size=14)
    _put(ws, "A3", "企业数", bold=True)
    _put(ws, "B3", t.enterprises)
    _merge(ws, "C3:D3", "职工总数", bold=True)
    _put(ws, "E3", t.employees)
    _merge(ws, "F3:G3", "提取职工培训经费", bold=True)
    _merge(ws, "H3:I3", t.training_funds_drawn_yuan)
    _merge(ws, "J3:K3", "用于职工培训经费", bold=True)
    _merge(ws, "L3:N3", t.training_funds_used_yuan)
    _body_header(ws, 5)
    totals = t.as_json()
    by_level: dict[str, list[dict[str, Any]]] = {}
    for line in totals["demand"]:
        by_level.setdefault(line["level"], []).append(
            {
                "level": line["level"],
                "trade": line["trade"],
                "count": line["count"],
                "monthly_wage_yuan": line["avg_monthly_wage_yuan"],
            }
        )
    all_lines = [d for lines in by_level.values() for d in lines]
    for i, level in enumerate(LEVELS):
        _body_row(
            ws,
            7 + i,
            level,
            t.levels[level],
            _demand_cells({"demands": by_level.get(level, [])}, None),
        )
    _body_row(ws, 12, "合计", t.total, _demand_cells({"demands": all_lines}, None))
    r = 14
    for dim, label in DIMENSIONS.items():
        _put(ws, f"A{r}", f"按{label}", bold=True)
        for i, col in enumerate(_tally_columns()):
            _put(ws, f"{get_column_letter(2 + i)}{r}", col, bold=True)
        r += 1
        for group, tally in sorted(summary.groups[dim].items()):
            _put(ws, f"A{r}", group)
            for i, value in enumerate(_tally_values(tally)):
                _put(ws, f"{get_column_letter(2 + i)}{r}", value)
            r += 1
        r += 1
    _put(ws, f"A{r}", "需求工种", bold=True)
    for i, col in enumerate(("职业技能等级", "人数", "平均月工资待遇")):
        _put(ws, f"{get_column_letter(2 + i)}{r}", col, bold=True)
    for line in totals["demand"]:
        r += 1
        _put(ws, f"A{r}", line["trade"])
        _put(ws, f"B{r}", line["level"])
        _put(ws, f"C{r}", line["count"])
        _put(ws, f"D{r}", line["avg_monthly_wage_yuan"] or "")


def workbook_bytes(
    forms: Sequence[SubmittedForm], summary: Summary, lines: Sequence[InvitationLine], scope: str
) -> bytes:
    """The round's workbook: 统计汇总, 填报情况, then one sheet per submitted form."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SUMMARY_SHEET
    write_summary_sheet(ws, summary, scope)
    status = wb.create_sheet(STATUS_SHEET)
    for i, col in enumerate(("企业名称", "状态", "提交日期")):
        _put(status, f"{get_column_letter(1 + i)}1", col, bold=True)
    for r, line in enumerate(lines, start=2):
        _put(status, f"A{r}", line.enterprise_name)
        _put(status, f"B{r}", line.status)
        _put(status, f"C{r}", line.submitted_on)
    status.column_dimensions["A"].width = 36
    status.column_dimensions["C"].width = 14
    used: set[str] = {SUMMARY_SHEET, STATUS_SHEET}
    for n, form in enumerate(forms, start=1):
        title = _sheet_title(f"{n}-{form.figures['enterprise_name']}", used)
        write_form_sheet(wb.create_sheet(title), form)
    return sheets.workbook_bytes(wb)


def _sheet_title(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of []:*?/\\), unique."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31]
    title, k = clean, 2
    while title in used:
        title = f"{clean[:28]}~{k}"
        k += 1
    used.add(title)
    return title


__all__ = [
    "InvitationLine",
    "SubmittedForm",
    "workbook_bytes",
    "write_form_sheet",
    "write_summary_sheet",
]
