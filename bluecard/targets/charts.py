"""Progress charts as server-side SVG (pygal): no script, no CDN, printable.

``progress_chart(title, bars) -> str``: a horizontal bar chart of percent of target, one bar
per (label, ratio), capped at 150 % so one outlier does not flatten the rest; the value label
shows the real percent. ``None`` ratios (actual unknown) get no bar; callers leave out a
chart whose bars are all unknown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pygal.style import Style

CAP = 1.5
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


@cache
def _style() -> Style:
    """The charts' colours and font (pygal, imported here: a chart is drawn in a console page,
    never at start-up, where pygal cost ~0.03 s)."""
    from pygal.style import Style

    return Style(
        font_family="'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
        background="white",
        plot_background="white",
        colors=("#0b5cad",),
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=12,
        title_font_size=15,
        value_label_font_size=12,
    )


def progress_chart(title: str, bars: Sequence[tuple[str, float | None]]) -> str:
    """An inline SVG (``<svg …>``, no XML declaration) of ``bars``: (label, actual/target)."""
    import pygal

    chart = pygal.HorizontalBar(
        style=_style(),
        title=title,
        show_legend=False,
        width=760,
        height=max(140, 46 * len(bars) + 90),
        range=(0, CAP * 100),
        print_values=True,
        js=[],  # no pygal tooltip script from a CDN: the page and its print stay offline
        disable_xml_declaration=True,
        value_formatter=lambda v: f"{v:.0f}%",
        truncate_label=-1,
        y_labels=[0, 25, 50, 75, 100, 125, 150],
    )
    bars = list(reversed(bars))  # pygal draws the first bar at the bottom; read top-down
    # pygal sizes the label margin for Latin glyphs; a CJK glyph is about twice as wide, so
    # the label is padded on its (right-aligned, hence invisible) left with ideographic spaces.
    chart.x_labels = ["\u3000" * len(label) + label for label, _ in bars]
    chart.add(
        "完成进度",
        [
            None
            if ratio is None
            else {
                "value": min(ratio, CAP) * 100,
                "formatter": (lambda _v, r=ratio: f"{r * 100:.0f}%"),
            }
            for _, ratio in bars
        ],
    )
    svg = str(chart.render(is_unicode=True))
    # pygal always inlines its tooltip config as a script; the chart needs none of it
    return _SCRIPT.sub("", svg)
