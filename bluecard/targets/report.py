"""The 季报/年报 as an Excel workbook. PURE (openpyxl): takes a
``bluecard.targets.services.Report`` and returns bytes.

Sheets: 目标任务 (each target, its figure, the actual, progress, the source clause), 技工蓝卡
(issued in the period by level, valid at its end), 补贴发放 (paid by rule), 企业调查 (the
统计汇总 of forms submitted in the period), 政策咨询 (questions asked).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bluecard.ledger.services import citation_of
from bluecard.services import sheets
from bluecard.targets.services import Report

if TYPE_CHECKING:  # openpyxl is imported when a workbook is made, not at every start (~0.1 s)
    from openpyxl.worksheet.worksheet import Worksheet


def _row(ws: Worksheet, values: list[Any], *, bold: bool = False) -> None:
    from openpyxl.styles import Font

    ws.append(sheets.typed_row(values))
    if bold:
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)


def _heading(ws: Worksheet, report: Report, what: str) -> None:
    from openpyxl.styles import Font

    ws.append([f"{report.title} · {what}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            f"报告期 {report.period.start.isoformat()} 至 {report.period.end.isoformat()}，"
            f"数据截至 {report.as_of.isoformat()}，生成于 {report.generated_on.isoformat()}"
            + (f"，依据{report.basis}" if report.basis else "")
        ]
    )
    ws.append([])


def workbook_bytes(report: Report) -> bytes:
    """The report's workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "目标任务"
    _heading(ws, report, "目标任务完成情况")
    _row(
        ws,
        [
            "区域",
            "指标",
            "期限",
            "目标",
            "单位",
            "完成数",
            "完成进度",
            "状态",
            "完成数来源",
            "统计日期",
            "依据",
            "原文",
        ],
        bold=True,
    )
    for p in report.progress:
        t = p.target
        _row(
            ws,
            [
                t.area,
                t.indicator + ("（征求意见稿）" if t.draft else ""),
                t.period,
                t.value,
                t.unit,
                p.actual,
                None if p.ratio is None else round(p.ratio, 4),
                p.standing.label,
                p.actual_source or "",
                p.actual_as_of.isoformat() if p.actual_as_of else "",
                citation_of(t.doc_id, t.clause),
                t.quote,
            ],
        )
        ws.cell(ws.max_row, 7).number_format = "0.0%"
    sheets.set_widths(ws, [14, 30, 12, 10, 6, 10, 10, 12, 40, 12, 22, 50])
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)

    cards = wb.create_sheet("技工蓝卡")
    _heading(cards, report, "技工蓝卡")
    _row(cards, ["技能等级", "期内发放（张）"], bold=True)
    for level, n in report.cards_issued.items():
        _row(cards, [level, n])
    _row(cards, ["合计", sum(report.cards_issued.values())], bold=True)
    _row(cards, [])
    _row(cards, [f"截至 {report.as_of.isoformat()} 有效蓝卡（张）", report.cards_valid], bold=True)
    sheets.set_widths(cards, [28, 16])

    paid = wb.create_sheet("补贴发放")
    _heading(paid, report, "补贴发放（按政策条款）")
    _row(paid, ["补贴项目", "依据", "发放笔数", "金额（元）"], bold=True)
    for line in report.paid:
        _row(
            paid,
            [
                line.title,
                citation_of(line.doc_id, line.clause),
                line.count,
                float(line.amount_yuan),
            ],
        )
        paid.cell(paid.max_row, 4).number_format = "#,##0.00"
    count, amount = report.paid_total
    _row(paid, ["合计", "", count, float(amount)], bold=True)
    paid.cell(paid.max_row, 4).number_format = "#,##0.00"
    sheets.set_widths(paid, [40, 26, 10, 16])

    survey = wb.create_sheet("企业调查")
    _heading(survey, report, "企业技能人才现状及需求情况调查")
    s = report.survey.summary.overall
    for label, value in (
        ("走访企业（名单内）", report.survey.invited),
        ("期内提交调查表", report.survey.submitted),
        ("职工总数", s.employees),
        ("技能人才", s.skilled),
        ("其中高技能人才", s.high_skilled),
        ("需求人数", s.demand_total),
        ("提取职工培训经费（元）", s.training_funds_drawn_yuan),
        ("用于职工培训经费（元）", s.training_funds_used_yuan),
    ):
        _row(survey, [label, value])
    _row(survey, [])
    _row(survey, ["需求工种", "等级", "人数", "平均月工资待遇（元）"], bold=True)
    for line in s.as_json()["demand"]:
        _row(survey, [line["trade"], line["level"], line["count"], line["avg_monthly_wage_yuan"]])
    sheets.set_widths(survey, [26, 12, 10, 20])

    asked = wb.create_sheet("政策咨询")
    _heading(asked, report, "政策咨询")
    q = report.questions
    _row(asked, ["期内咨询（条）", q.asked])
    _row(asked, ["咨询人数", q.people])
    _row(asked, [])
    _row(asked, ["问题类型", "条数"], bold=True)
    for intent, n in q.by_intent:
        _row(asked, [intent, n])
    sheets.set_widths(asked, [24, 12])

    return sheets.workbook_bytes(wb)
