"""The notifications' gauges for ``/metrics`` (``bluecard.observability``), read at scrape time:
the RQ queue depth and the recipients by delivery state and WeChat errcode."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from sqlalchemy import func, select

from bluecard.extensions import db
from bluecard.notifications.models import NotificationRecipient as R
from bluecard.notifications.worker import notify_queue
from bluecard.runtime import current_runtime

log = logging.getLogger(__name__)


def notification_gauges() -> Iterator[Metric]:
    """``bluecard_notification_queue_depth`` (0 without REDIS_URL: no queue) and
    ``bluecard_notification_recipients{state,error_code}``. Either one unavailable (Redis or
    the database away) is logged and left out of this scrape's values."""
    runtime = current_runtime()
    depth = GaugeMetricFamily(
        "bluecard_notification_queue_depth", "Notification jobs waiting in the RQ queue."
    )
    if runtime.settings.redis_url:
        try:
            depth.add_metric([], notify_queue().count)
        except Exception:
            log.warning("queue depth unavailable for /metrics", exc_info=True)
    else:
        depth.add_metric([], 0)
    yield depth
    outcomes = GaugeMetricFamily(
        "bluecard_notification_recipients",
        'Notification recipients by delivery state and WeChat errcode ("": none).',
        labels=["state", "error_code"],
    )
    try:
        for state, code, count in _recipient_counts():
            outcomes.add_metric([state, "" if code is None else str(code)], count)
    except Exception:
        log.warning("delivery outcomes unavailable for /metrics", exc_info=True)
    yield outcomes


def _recipient_counts() -> list[tuple[str, int | None, int]]:
    try:
        rows = db.session.execute(
            select(R.state, R.error_code, func.count()).group_by(R.state, R.error_code)
        ).all()
    finally:
        db.session.rollback()
    return [(str(state), code, int(count)) for state, code, count in rows]
