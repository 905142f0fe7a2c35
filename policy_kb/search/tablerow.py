"""A table row as the document prints it: its label and its cells in order.

Ingestion reads a one-cell-per-line table into one sentence per row that names every cell's
column (``沭阳县：企业推荐用工人数（人）29000；引进各类人才数（人）10980；…``), which is what
search matches questions against. A reader holding the printed table, and anyone quoting it,
writes the row as it stands on the page: ``沭阳县 29000 10980 1500 17800 10746 12``.
"""

from __future__ import annotations

import re

__all__ = ["printed_row"]

_ROW = re.compile(r"^([^：；。\n]{1,16})：(.+?)。?$")
_CELL_VALUE = re.compile(r"(\d+(?:\.\d+)?%?)$")


def printed_row(text: str) -> str | None:
    """``"label v1 v2 …"`` for a row sentence ``label：header1 v1；header2 v2；…``, or None when
    ``text`` is not such a row (a cell without a number at its end, fewer than two cells)."""
    m = _ROW.match(text.strip())
    if m is None:
        return None
    cells = [c for c in m.group(2).split("；") if c]
    if len(cells) < 2:
        return None
    values = []
    for cell in cells:
        v = _CELL_VALUE.search(cell)
        if v is None or v.start() == 0:
            return None  # a cell of words, or a bare number without its column
        values.append(v.group(1))
    return " ".join([m.group(1), *values])
