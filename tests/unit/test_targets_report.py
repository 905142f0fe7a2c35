"""Report periods (季报/年报) and the progress chart, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from bluecard.services.errors import Refused
from bluecard.targets.charts import progress_chart
from bluecard.targets.services import ReportKind, ReportPeriod
from policy_kb.chinatime import china_today


@pytest.mark.parametrize(
    ("quarter", "start", "end", "label"),
    [
        (1, date(2025, 1, 1), date(2025, 3, 31), "2025年第一季度"),
        (2, date(2025, 4, 1), date(2025, 6, 30), "2025年第二季度"),
        (3, date(2025, 7, 1), date(2025, 9, 30), "2025年第三季度"),
        (4, date(2025, 10, 1), date(2025, 12, 31), "2025年第四季度"),
    ],
)
def test_a_quarter_runs_from_its_first_to_its_last_day(quarter, start, end, label):
    period = ReportPeriod.parse("quarter", "2025", str(quarter))
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period.kind.label == "季报"


def test_a_year_report_and_the_default_quarter():
    year = ReportPeriod.parse("year", 2024, 2)
    assert (year.start, year.end, year.label, year.kind) == (
        date(2024, 1, 1),
        date(2024, 12, 31),
        "2024年度",
        ReportKind.YEAR,
    )
    today = china_today()
    default = ReportPeriod.parse(None, None, None)
    assert default.start <= today <= default.end and default.kind is ReportKind.QUARTER


@pytest.mark.parametrize(
    ("kind", "year", "quarter"),
    [
        ("month", "2025", "1"),
        ("quarter", "二〇二五", "1"),
        ("quarter", "2025", "5"),
        ("year", "1999", None),
    ],
)
def test_a_bad_period_is_refused(kind, year, quarter):
    with pytest.raises(Refused, match="报告期"):
        ReportPeriod.parse(kind, year, quarter)


def test_a_period_not_begun_is_refused():
    with pytest.raises(Refused):
        ReportPeriod.parse("year", china_today().year + 1, None)


def test_the_chart_is_offline_svg_with_the_real_percent_on_capped_bars():
    svg = progress_chart("新增高技能人才", [("沭阳县", 0.25), ("泗阳县", 2.0), ("泗洪县", None)])
    assert svg.startswith("<svg") and "<script" not in svg and "kozea.github.io" not in svg
    assert "25%" in svg and "200%" in svg  # 200 % is drawn at the 150 % cap but labelled as is
    assert "沭阳县" in svg and "泗洪县" in svg
