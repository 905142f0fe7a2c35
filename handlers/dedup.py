"""WeChat retries a callback it got no answer to within 5 s (three tries in all). Each
delivery is processed once and every retry gets the same reply body.

Redis key ``<prefix>:dedup:<delivery>``: ``SET NX`` claims it (value ``pending``); when done
it holds the rendered reply. A retry that finds it pending polls until the first attempt is
done or ``wait`` runs out, then answers ``success`` (no reply) rather than process twice.

A claim is a lease of ``LEASE_SECONDS`` (WeChat gives up on an answer after 5 s anyway): a
retry that finds a claim still pending after its lease ran out takes it over (WATCH/MULTI) and
processes the message, so a worker killed between claiming and answering loses neither the
answer to the next retry nor the message-log row.
"""

from __future__ import annotations

import time
from typing import Any, cast

import orjson
import redis

POLL_SECONDS = 0.05
#: Seconds after which a pending claim counts as abandoned (its worker died).
LEASE_SECONDS = 6.0


def pending() -> bytes:
    """The value of a fresh claim: pending until its lease runs out (epoch seconds)."""
    return orjson.dumps({"state": "pending", "until": time.time() + LEASE_SECONDS})


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
        return bool(self._redis.set(self._prefix + delivery, pending(), nx=True, ex=self._ttl))

    def claim_on(self, pipe: Any, delivery: str) -> None:
        """Queue ``claim`` on a Redis pipeline (its result: True for the first attempt)."""
        pipe.set(self._prefix + delivery, pending(), nx=True, ex=self._ttl)

    def complete(self, delivery: str, body: str) -> None:
        """Store the reply ``body`` ("" = no reply) for the retries of ``delivery``."""
        self.complete_on(self._redis, delivery, body)

    def complete_on(self, pipe: Any, delivery: str, body: str) -> None:
        """``complete`` on a Redis pipeline (or the client itself: at once)."""
        value = orjson.dumps({"state": "done", "body": body})  # JSON, UTF-8
        pipe.set(self._prefix + delivery, value, ex=self._ttl)

    def release(self, delivery: str) -> None:
        """Forget ``delivery`` (its processing failed), so that a retry processes it again."""
        self._redis.delete(self._prefix + delivery)

    def wait_for(self, delivery: str) -> str | None:
        """The reply stored by the first attempt, waiting up to ``wait`` seconds; None if it
        is still pending (or was released) by then."""
        deadline = time.monotonic() + self._wait
        while True:
            raw = cast(bytes | None, self._redis.get(self._prefix + delivery))
            if raw is None:
                return None
            state = orjson.loads(raw)
            if state.get("state") == "done":
                return str(state.get("body", ""))
            if time.monotonic() >= deadline:
                return None
            time.sleep(POLL_SECONDS)

    def take_over(self, delivery: str) -> bool:
        """Claim ``delivery`` again when its claim is still pending past its lease (the first
        attempt's worker died). True when this caller now owns it and must process it."""
        key = self._prefix + delivery
        with self._redis.pipeline() as pipe:
            try:
                pipe.watch(key)
                raw = cast(bytes | None, pipe.get(key))
                state = orjson.loads(raw) if raw is not None else None
                if not isinstance(state, dict) or state.get("state") != "pending":
                    pipe.unwatch()
                    return False
                if float(state.get("until", float("inf"))) > time.time():
                    pipe.unwatch()
                    return False
                pipe.multi()
                pipe.set(key, pending(), ex=self._ttl)
                pipe.execute()
            except redis.WatchError:
                return False  # another retry took it over first
        return True
