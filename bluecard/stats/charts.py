"""Charts of the statistics as inline SVG (pygal, drawn on the server: no JavaScript, no CDN).

Each function takes the figures of ``bluecard.stats.services`` and returns an ``<svg>``
element as text to put in the page as it is (pygal escapes every label). Colours and the
font are the console's (``bluecard.services.charts``); a chart with nothing to show is None
(the page says so instead).
"""

from __future__ import annotations

from collections.abc import Sequence

from bluecard.cards.reads import STATUS_LABELS as CARD_LABELS
from bluecard.followers.reads import intent_label
from bluecard.services.charts import render, style
from bluecard.stats.services import CardCount, DayStats, SubsidyCount, TopicCount

#: Most x labels a time axis shows (a 30-day period labels every third day).
MAX_X_LABELS = 12
#: pygal measures labels as Latin text: a Chinese label is wider, so horizontal bars get this
#: much more room on the left (pixels).
CJK_LABEL_ROOM = 60


def _config(title: str, **extra: object) -> dict[str, object]:
    return {
        "title": title,
        "style": style(),
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


def questions_by_day(days: Sequence[DayStats]) -> str | None:
    """Stacked bars per day: questions answered and not answered; None without questions."""
    import pygal

    if not any(d.answered or d.not_answered for d in days):
        return None
    chart = pygal.StackedBar(**_config("每日问题（已答复 / 未能答复）", x_label_rotation=0))
    step = max(1, -(-len(days) // MAX_X_LABELS))
    chart.x_labels = [d.day.strftime("%m-%d") if i % step == 0 else "" for i, d in enumerate(days)]
    chart.y_labels = _count_axis(max(d.answered + d.not_answered for d in days))
    chart.add(intent_label("answer"), [d.answered for d in days])
    chart.add(intent_label("not_answered"), [d.not_answered for d in days])
    return render(chart)


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
    return render(chart)


def cards_by_month(months: Sequence[CardCount]) -> str | None:
    """Stacked bars per month of application: cards by their state now."""
    import pygal

    if not months:
        return None
    chart = pygal.StackedBar(**_config("蓝卡申请（按申请月份、当前状态）"))
    chart.x_labels = [m.key for m in months]
    chart.y_labels = _count_axis(max(m.applied for m in months))
    # The states by the one label table (a pending card is 审核中 here as everywhere).
    chart.add(CARD_LABELS["pending"], [m.pending for m in months])
    chart.add(f"已发卡（{CARD_LABELS['active']}）", [m.active for m in months])
    chart.add(CARD_LABELS["suspended"], [m.suspended for m in months])
    chart.add(CARD_LABELS["rejected"], [m.rejected for m in months])
    chart.add(CARD_LABELS["revoked"], [m.revoked for m in months])
    return render(chart)


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
    return render(chart)
