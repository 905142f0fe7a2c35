"""Charts of the statistics as inline SVG (pygal, drawn on the server: no JavaScript, no CDN).

Each function takes the figures of ``bluecard.stats.services`` and returns an ``<svg>``
element as text to put in the page as it is (pygal escapes every label). Colours and the
font are the console's; a chart with nothing to show is None (the page says so instead).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pygal
    from pygal.style import Style

from bluecard.stats.services import CardCount, DayStats, SubsidyCount, TopicCount

FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'


@cache
def _style() -> Style:
    """The charts' colours and font (pygal, imported here: a chart is drawn in a console page,
    never at start-up, where pygal cost ~0.03 s)."""
    from pygal.style import Style

    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1b1f24",
        foreground_strong="#1b1f24",
        foreground_subtle="#5b6673",
        font_family=FONT,
        label_font_family=FONT,
        major_label_font_family=FONT,
        value_font_family=FONT,
        value_label_font_family=FONT,
        title_font_family=FONT,
        legend_font_family=FONT,
        tooltip_font_family=FONT,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=13,
        title_font_size=15,
        value_font_size=12,
        colors=("#0b5cad", "#d9822b", "#2e8540", "#b3261e", "#6f42c1", "#5b6673"),
    )


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)
#: Most x labels a time axis shows (a 30-day period labels every third day).
MAX_X_LABELS = 12
#: pygal measures labels as Latin text: a Chinese label is wider, so horizontal bars get this
#: much more room on the left (pixels).
CJK_LABEL_ROOM = 60


def _config(title: str, **extra: object) -> dict[str, object]:
    return {
        "title": title,
        "style": _style(),
        "width": 900,
        "height": 340,
        "js": [],  # no script from anywhere: the SVG is static
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        "print_values": False,
        "truncate_label": -1,
        **extra,
    }


def _count_axis(most: int) -> list[int]:
    """Whole-number ticks from 0 to at least ``most`` in steps of 1, 2 or 5 times a power of
    ten, at most 8 steps (counts have no fractions)."""
    magnitude = 1
    while True:
        for base in (1, 2, 5):
            step = base * magnitude
            if most <= 8 * step:
                return list(range(0, -(-most // step) * step + 1, step))
        magnitude *= 10


def _render(chart: pygal.graph.graph.Graph) -> str:
    svg = str(chart.render(is_unicode=True))
    # pygal always writes its tooltip configuration as an inline script; without pygal.js
    # (js=[]) it does nothing, and a page that forbids inline scripts would report it.
    return _SCRIPT.sub("", svg)


def questions_by_day(days: Sequence[DayStats]) -> str | None:
    """Stacked bars per day: questions answered and not answered; None without questions."""
    import pygal

    if not any(d.answered or d.not_answered for d in days):
        return None
    chart = pygal.StackedBar(**_config("每日问题（已答复 / 未能答复）", x_label_rotation=0))
    step = max(1, -(-len(days) // MAX_X_LABELS))
    chart.x_labels = [d.day.strftime("%m-%d") if i % step == 0 else "" for i, d in enumerate(days)]
    chart.y_labels = _count_axis(max(d.answered + d.not_answered for d in days))
    chart.add("已答复", [d.answered for d in days])
    chart.add("未能答复", [d.not_answered for d in days])
    return _render(chart)


def top_topics(topics: Sequence[TopicCount]) -> str | None:
    """Horizontal bars: how many answers cited each of the most cited clauses."""
    import pygal

    if not topics:
        return None
    chart = pygal.HorizontalBar(
        **_config(
            "热门问题条款（被引用次数）",
            show_legend=False,
            height=90 + 32 * len(topics),
            margin_left=CJK_LABEL_ROOM,
        )
    )
    ordered = list(reversed(topics))  # pygal draws the first value at the bottom
    chart.x_labels = [t.label[:28] for t in ordered]
    chart.y_labels = _count_axis(max(t.count for t in topics))
    chart.add("引用次数", [t.count for t in ordered])
    return _render(chart)


def cards_by_month(months: Sequence[CardCount]) -> str | None:
    """Stacked bars per month of application: cards by their state now."""
    import pygal

    if not months:
        return None
    chart = pygal.StackedBar(**_config("蓝卡申请（按申请月份、当前状态）"))
    chart.x_labels = [m.key for m in months]
    chart.y_labels = _count_axis(max(m.applied for m in months))
    chart.add("待审核", [m.pending for m in months])
    chart.add("已发卡", [m.active for m in months])
    chart.add("已暂停", [m.suspended for m in months])
    chart.add("未通过", [m.rejected for m in months])
    chart.add("已注销", [m.revoked for m in months])
    return _render(chart)


def subsidies_by(rows: Sequence[SubsidyCount], title: str) -> str | None:
    """Horizontal bars per district, rule or month: amount claimed and amount paid (yuan)."""
    import pygal

    if not rows:
        return None
    chart = pygal.HorizontalBar(
        **_config(title, height=110 + 44 * len(rows), margin_left=CJK_LABEL_ROOM)
    )
    ordered = list(reversed(rows))
    chart.x_labels = [r.label[:28] for r in ordered]
    chart.value_formatter = lambda v: f"{v:,.0f}元"
    chart.add("申请金额", [float(r.claimed_yuan) for r in ordered])
    chart.add("已发放", [float(r.paid_yuan) for r in ordered])
    return _render(chart)
