"""WeChat's daily quota (45009) resets at midnight Beijing time, not UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from bluecard.notifications.lifecycle import STATUS_LABELS, NotificationStatus
from bluecard.notifications.ratelimit import seconds_to_quota_reset


def test_quota_resets_at_beijing_midnight():
    # 15:30 UTC is 23:30 in Beijing: half an hour to go.
    assert seconds_to_quota_reset(datetime(2026, 11, 30, 15, 30, tzinfo=UTC)) == 1800
    # 16:00 UTC is midnight in Beijing: a full day to the next reset.
    assert seconds_to_quota_reset(datetime(2026, 11, 30, 16, 0, tzinfo=UTC)) == 86400


def test_every_status_has_its_label_for_staff():
    assert STATUS_LABELS["paused"] == NotificationStatus.PAUSED.label == "已暂停"
    assert set(STATUS_LABELS) == {s.value for s in NotificationStatus}
