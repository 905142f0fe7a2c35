"""Progress charts as server-side SVG (pygal): no script, no CDN, printable.

``progress_chart(title, bars) -> str``: a horizontal bar chart of percent of target, one bar
per (label, ratio), capped at 150 % so one outlier does not flatten the rest; the value label
shows the real percent. ``None`` ratios (actual unknown) get no bar; callers leave out a
chart whose bars are all unknown.
"""

from __future__ import annotations

from collections.abc import Sequence

from bluecard.services.charts import render, style

CAP = 1.5


def progress_chart(title: str, bars: Sequence[tuple[str, float | None]]) -> str:
    """An inline SVG (``<svg …>``, no XML declaration) of ``bars``: (label, actual/target)."""
    import pygal

    chart = pygal.HorizontalBar(
        style=style(),
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
    return render(chart)
