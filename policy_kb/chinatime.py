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
