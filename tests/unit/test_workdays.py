"""China's working days for processing time limits (bluecard/ledger/workdays.py): the State
Council's schedule where the installed chinesecalendar has it (holidays off, 调休 weekends
on), Monday to Friday beyond it."""

from __future__ import annotations

from datetime import date

import pytest

from bluecard.ledger import workdays


def test_a_tiaoxiu_saturday_is_a_working_day_and_national_day_is_not():
    # 2026 Spring Festival: Saturday 2026-02-14 was worked; 2026-10-01 is a holiday.
    assert date(2026, 2, 14).weekday() == 5 and workdays.is_workday(date(2026, 2, 14))
    assert date(2026, 10, 1).weekday() == 3 and not workdays.is_workday(date(2026, 10, 1))
    assert not workdays.is_workday(date(2026, 11, 29))  # an ordinary Sunday
    assert workdays.is_workday(date(2026, 11, 30))  # an ordinary Monday


def test_the_national_day_week_does_not_count():
    # Opened on Wednesday 2026-09-30: the 1st working day after it is after the holiday.
    due = workdays.add_workdays(date(2026, 9, 30), 1)
    assert due > date(2026, 10, 7) and workdays.is_workday(due)
    # Counting back gives the same number.
    assert workdays.workdays_between(date(2026, 9, 30), due) == 1


def test_sixty_working_days_are_longer_than_twelve_calendar_weeks_over_holidays():
    start = date(2026, 9, 1)
    due = workdays.add_workdays(start, 60)
    # 60 Mon–Fri days would end 2026-11-24; National Day (a net loss of working days) pushes it.
    assert due > date(2026, 11, 24)
    assert workdays.workdays_between(start, due) == 60


def test_beyond_the_published_schedule_monday_to_friday_is_assumed():
    assert not workdays.covered(date(2099, 1, 1))
    assert workdays.covered(date(2026, 6, 1))
    # 2099-01-01 is a Thursday: counted as a working day (no schedule to say otherwise).
    assert workdays.is_workday(date(2099, 1, 1))
    assert not workdays.is_workday(date(2099, 1, 3))  # Saturday
    assert workdays.add_workdays(date(2099, 1, 2), 1) == date(2099, 1, 5)  # Fri → Mon


def test_nothing_counts_before_the_start_and_negative_limits_are_refused():
    assert workdays.workdays_between(date(2026, 11, 30), date(2026, 11, 30)) == 0
    assert workdays.workdays_between(date(2026, 11, 30), date(2026, 11, 1)) == 0
    assert workdays.add_workdays(date(2026, 11, 30), 0) == date(2026, 11, 30)
    with pytest.raises(ValueError):
        workdays.add_workdays(date(2026, 11, 30), -1)
