"""Reading a row id or a small count typed as text (a form field, a query argument, a cell of
an uploaded file), the one way every caller does it.

``str.isdigit`` is no test for this: it is true of ``²`` and ``①``, which ``int`` refuses
(ValueError, a 500 where it was trusted), and a string of 25 nines passes it and overflows the
database's BIGINT. ``parse_id`` takes ASCII digits only and bounds the value.
"""

from __future__ import annotations

#: The largest id a row can have (PostgreSQL BIGINT).
MAX_ID = 2**63 - 1
#: The deepest page a listing may be asked for (as the staff API bounds ``page``).
MAX_PAGE = 100_000


def parse_id(text: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The whole number ``text`` spells in ASCII digits 0-9 (spaces around it allowed; no
    sign, no other digits), when it lies in ``minimum``..``maximum``; else None."""
    s = text.strip()
    if not s or len(s) > 19 or not (s.isascii() and s.isdecimal()):
        return None
    value = int(s)
    return value if minimum <= value <= maximum else None
