"""WeChat retries a callback it got no answer to within 5 s (three tries in all). Each
delivery is processed once and every retry gets the same reply body.

Redis key ``<prefix>:dedup:<delivery>``: ``SET NX`` claims it (value ``pending``); when done
it holds the rendered reply. A retry that finds it pending polls until the first attempt is
done or ``wait`` runs out, then answers ``success`` (no reply) rather than process twice.
"""

from __future__ import annotations

import json
import time
from typing import Any

import redis

PENDING = json.dumps({"state": "pending"})
POLL_SECONDS = 0.05


class Deduplicator:
    """Claims deliveries and remembers their replies.

    ttl: seconds a delivery is remembered; wait: seconds a retry waits for a pending one.
    """

    def __init__(self, client: redis.Redis, prefix: str, ttl: int, wait: float) -> None:
        self._redis = client
        self._prefix = f"{prefix}:dedup:"
        self._ttl = ttl
        self._wait = wait

    def claim(self, delivery: str) -> bool:
        """True if this is the first attempt of ``delivery`` (the caller must process it)."""
        return bool(self._redis.set(self._prefix + delivery, PENDING, nx=True, ex=self._ttl))

    def claim_on(self, pipe: Any, delivery: str) -> None:
        """Queue ``claim`` on a Redis pipeline (its result: True for the first attempt)."""
        pipe.set(self._prefix + delivery, PENDING, nx=True, ex=self._ttl)

    def complete(self, delivery: str, body: str) -> None:
        """Store the reply ``body`` ("" = no reply) for the retries of ``delivery``."""
        value = json.dumps({"state": "done", "body": body}, ensure_ascii=False)
        self._redis.set(self._prefix + delivery, value, ex=self._ttl)

    def release(self, delivery: str) -> None:
        """Forget ``delivery`` (its processing failed), so that a retry processes it again."""
        self._redis.delete(self._prefix + delivery)

    def wait_for(self, delivery: str) -> str | None:
        """The reply stored by the first attempt, waiting up to ``wait`` seconds; None if it
        is still pending (or was released) by then."""
        deadline = time.monotonic() + self._wait
        while True:
            raw = self._redis.get(self._prefix + delivery)
            if raw is None:
                return None
            state = json.loads(raw)
            if state.get("state") == "done":
                return str(state.get("body", ""))
            if time.monotonic() >= deadline:
                return None
            time.sleep(POLL_SECONDS)
