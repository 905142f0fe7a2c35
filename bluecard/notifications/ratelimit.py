"""How fast notifications may go out: a per-account rate shared by every worker, and WeChat's
daily quota (45009), remembered in Redis until it resets at midnight Beijing time."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from bluecard.models import utcnow
from bluecard.runtime import current_runtime
from policy_kb.chinatime import CHINA_TZ


class RateLimiter:
    """At most ``rate`` sends per second per account, counted in Redis so every worker on
    every machine shares the budget (fixed 1-second windows: INCR + EXPIRE; below one per
    second, one send per ``1/rate``-second window)."""

    def __init__(self, redis_client: Any, prefix: str, account: str, rate: float) -> None:
        self._redis = redis_client
        self._key = f"{prefix}:notify:rate:{account}"
        self._window = 1.0 if rate >= 1 else math.ceil(1 / rate)
        self._limit = max(1, int(rate * self._window))

    def acquire(self) -> None:
        """Block until this process may send one message."""
        while True:
            now = time.time()
            slot = int(now // self._window)
            key = f"{self._key}:{slot}"
            pipe = self._redis.pipeline()
            pipe.incr(key)
            pipe.expire(key, int(self._window) + 2)
            count = int(pipe.execute()[0])
            if count <= self._limit:
                return
            time.sleep(max((slot + 1) * self._window - now, 0.001))


def quota_key(appid: str) -> str:
    """Redis key present while the account's daily quota is used up (45009)."""
    return f"{current_runtime().settings.redis_prefix}:notify:quota-exhausted:{appid}"


def seconds_to_quota_reset(now: datetime | None = None) -> int:
    """Seconds until WeChat's daily quotas reset (midnight, Beijing time)."""
    local = (now or utcnow()).astimezone(CHINA_TZ)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(int((midnight - local).total_seconds()), 1)


def mark_quota_spent(appid: str) -> None:
    """Remember that the account's daily quota is spent, until the daily reset."""
    current_runtime().redis.set(quota_key(appid), "1", ex=seconds_to_quota_reset())


def quota_spent(appids: Iterable[str]) -> bool:
    """True while any of the accounts' daily quota is marked spent."""
    redis = current_runtime().redis
    return any(redis.exists(quota_key(appid)) for appid in appids)


def clear_quota_marks(appids: Iterable[str]) -> None:
    """Forget the accounts' spent quota (staff resume a quota-paused notification: try again;
    a quota still spent marks it again)."""
    redis = current_runtime().redis
    for appid in appids:
        redis.delete(quota_key(appid))
