"""What every feature's spreadsheet export does alike (openpyxl): text shown as typed, never
run as a formula; column widths; the workbook's bytes. PURE (no Flask, no database)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # openpyxl is imported when a workbook is made, not at every start (~0.1 s)
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

#: How a cell's text may start that a spreadsheet would run as a formula (OWASP "CSV
#: injection"): = + - @, tab, carriage return.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def as_typed(value: T) -> T | str:
    """``value`` as a spreadsheet should show it: text that starts like a formula
    (FORMULA_START) gets a leading apostrophe, so it is shown as typed and never run; any
    other value is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(text: str | None) -> str:
    """A CSV cell's text as a spreadsheet should show it: ``None`` or empty as "", text that
    starts like a formula (FORMULA_START) behind an apostrophe, so it is never run."""
    if not text:
        return ""
    return "'" + text if text.startswith(FORMULA_START) else text


def typed_row(values: Iterable[Any]) -> list[Any]:
    """A row of cells for ``Worksheet.append``, each through ``as_typed``."""
    return [as_typed(v) for v in values]


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    """Column widths (characters) from column A on."""
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def workbook_bytes(book: Workbook) -> bytes:
    """The .xlsx file of ``book``."""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
