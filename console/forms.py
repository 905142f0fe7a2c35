"""Parsing of filter forms shared by console pages (dates typed as 2026-11-30)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from policy_kb.chinatime import YEARS_TEXT, in_years


def date_range(raw: Mapping[str, str], errors: list[str]) -> dict[str, date | None]:
    """``{"date_from", "date_to"}`` parsed from ``raw`` (ISO dates; empty = no bound). A bad
    date or a start after the end appends a Chinese message to ``errors`` and leaves that
    bound None; so does a year outside 2000–2100 (``chinatime.in_years``)."""
    dates: dict[str, date | None] = {}
    for key, label in (("date_from", "起始日期"), ("date_to", "截止日期")):
        dates[key] = None
        if raw.get(key):
            try:
                day = date.fromisoformat(raw[key])
            except ValueError:
                errors.append(f"{label}格式应为 2026-11-30")
                continue
            if in_years(day):
                dates[key] = day
            else:
                errors.append(f"{label}应在{YEARS_TEXT}之间")
    if dates["date_from"] and dates["date_to"] and dates["date_from"] > dates["date_to"]:
        errors.append("起始日期晚于截止日期")
    return dates
