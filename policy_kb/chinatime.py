"""China Standard Time, the time of every date the policies, windows and workers speak of.

「当年获得」, 「印发日期」, a ledger day and a card's 申请日期 are dates in China (UTC+8, no
daylight saving), whatever the server's own time zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

#: UTC+8, as a fixed offset (no tz database needed; China has had no DST since 1991).
CHINA_TZ = timezone(timedelta(hours=8), "CST")


def china_now() -> datetime:
    """The current moment as an aware datetime in China Standard Time."""
    return datetime.now(UTC).astimezone(CHINA_TZ)


def china_today() -> date:
    """Today's date in China."""
    return china_now().date()


def china_date(moment: datetime) -> date:
    """The date in China of an aware ``moment`` (naive datetimes are read as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA_TZ).date()


#: The years a date typed into a form, a filter or a request may name. Anything outside is a
#: slip of the keyboard (0001-01-01, 9999-12-31), and a day past 9999-12-30 cannot even be
#: turned into the next day's midnight, which every inclusive "to" date needs.
MIN_YEAR = 2000
MAX_YEAR = 2100
#: How the range is said in the messages naming a field.
YEARS_TEXT = f"{MIN_YEAR}–{MAX_YEAR}年"


def in_years(day: date) -> bool:
    """Whether ``day`` (a date or datetime) lies in MIN_YEAR..MAX_YEAR."""
    return MIN_YEAR <= day.year <= MAX_YEAR


def parse_day(text: str) -> date:
    """An ISO date (2026-11-30) in MIN_YEAR..MAX_YEAR. Raises ValueError otherwise (the
    caller names the field)."""
    day = date.fromisoformat(text.strip())
    if not in_years(day):
        raise ValueError(f"year outside {MIN_YEAR}..{MAX_YEAR}")
    return day
