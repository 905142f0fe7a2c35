"""China's working days (工作日), for the processing time limit of a subsidy application.

The 快申快享 norm counts a time limit in working days, and China's working days are not simply
Monday to Friday: public holidays close offices on weekdays and 调休 makes some Saturdays and
Sundays working days (2026-02-14, a Saturday, was one). The State Council publishes each
year's schedule around November; ``chinesecalendar`` (PyPI, kept up to date each year since
2016, no network access at run time) carries every published year from 2004.

Beyond its last published year (today: 2026; the 2027 schedule is not in the installed
release) there is no schedule to read, so a day counts as a working day when it is Monday to
Friday. Why not refuse or guess holidays: a time limit must always be shown, and inventing
next year's holidays would be wrong in both directions; Mon–Fri overstates the working days
of a year by the ~11 public holidays (a limit then looks up to two weeks later than it is)
and is corrected by upgrading the package when the schedule is published — ``covered()``
tells a page to say so.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

#: The longest span the counting walks (a guard against nonsense dates: ~10 years).
_MAX_DAYS = 3660


@lru_cache(maxsize=8192)
def is_workday(day: date) -> bool:
    """True when ``day`` is a working day in China: the published schedule (holidays and 调休
    working weekends) where ``chinesecalendar`` has it, else Monday to Friday."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the installed schedule does not cover
        return day.weekday() < 5


def covered(day: date) -> bool:
    """True when the published schedule covers ``day``'s year (False: Mon–Fri is assumed)."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def add_workdays(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted: an
    application opened on a Friday with a limit of 1 is due on the next working day).
    ``days`` ≥ 0; 0 returns ``start``."""
    if days < 0:
        raise ValueError("days must be >= 0")
    day, left = start, days
    for _ in range(_MAX_DAYS * 2):
        if left == 0:
            return day
        day += timedelta(days=1)
        if is_workday(day):
            left -= 1
    raise ValueError("time limit too long")


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``):
    how many working days an application opened on ``start`` has waited on ``end``."""
    if end <= start:
        return 0
    span = min((end - start).days, _MAX_DAYS)
    return sum(1 for i in range(1, span + 1) if is_workday(start + timedelta(days=i)))


__all__ = ["add_workdays", "covered", "is_workday", "workdays_between"]
