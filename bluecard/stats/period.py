"""The period and district a statistics request asks for, read from text (pure).

Used by the console page and the staff API alike, so both refuse the same inputs with the
same Chinese message naming the field (``from``, ``to``, ``region``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from policy_kb.chinatime import CHINA_TZ, YEARS_TEXT, in_years
from policy_kb.regions import canonical_region

#: Without ``from``: the 30 days ending on ``to``.
DEFAULT_DAYS = 30
#: Longest period one request may ask for (three years), so one request stays cheap.
MAX_DAYS = 3 * 366


class PeriodError(ValueError):
    """An invalid statistics request: ``field`` (``from``, ``to`` or ``region``) and a
    ``message`` in Chinese naming it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end`` (both included), China dates."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    @property
    def since(self) -> datetime:
        """The period's first moment (UTC): 00:00 China time on ``start``."""
        return datetime.combine(self.start, time(), CHINA_TZ).astimezone(UTC)

    @property
    def until(self) -> datetime:
        """The moment after the period (UTC, excluded): 00:00 China time the day after ``end``."""
        return datetime.combine(self.end + timedelta(days=1), time(), CHINA_TZ).astimezone(UTC)


def _date(field: str, text: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(
            field, f"{field} 日期格式不对：应为 YYYY-MM-DD，例如 2026-11-30"
        ) from None
    if not in_years(day):
        raise PeriodError(field, f"{field} 日期应在{YEARS_TEXT}之间")
    return day


def parse_period(start: str | None, end: str | None, today: date) -> Period:
    """The period from ``start`` and ``end`` (ISO dates, either may be empty): ``end``
    defaults to ``today``, ``start`` to ``DEFAULT_DAYS`` days ending on ``end``.

    Raises PeriodError naming the field: a date not in YYYY-MM-DD form or outside
    2000–2100 (``chinatime.in_years``), ``from`` after ``to``,
    or a period longer than ``MAX_DAYS`` days.
    """
    last = _date("to", end) if end and end.strip() else today
    first = _date("from", start) if start and start.strip() else last - timedelta(DEFAULT_DAYS - 1)
    if first > last:
        raise PeriodError("from", "from 开始日期不能晚于 to 结束日期")
    if (last - first).days + 1 > MAX_DAYS:
        raise PeriodError("from", f"from 到 to 最多 {MAX_DAYS} 天，请缩短统计期间")
    return Period(first, last)


def parse_region(text: str | None) -> str | None:
    """The canonical district of ``text`` (a name or alias, 叶集 → 叶集区); None when empty.
    Raises PeriodError (field ``region``) for a place without a document."""
    if text is None or not text.strip():
        return None
    canon = canonical_region(text)
    if canon is None:
        raise PeriodError("region", f"region 地区「{text.strip()[:20]}」不在服务范围内")
    return canon
