"""Session-store protocol: where the bot keeps per-user state (region, paging, questionnaire).

The service core supplies a Redis-backed implementation (``bluecard.stores``); ``MemoryStore``
serves the terminal chat and unit tests. Values are JSON-serialisable dicts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol


class SessionStore(Protocol):
    """Key-value store of JSON-serialisable dicts with optional expiry (seconds)."""

    def get(self, key: str) -> dict[str, Any] | None:
        """The value under ``key``, or None when absent or expired."""
        ...

    def set(self, key: str, value: dict[str, Any], ttl_seconds: int | None = None) -> None:
        """Store ``value`` under ``key``; it expires after ``ttl_seconds`` (None: never)."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        ...


class MemoryStore:
    """In-process SessionStore for one process (terminal chat, tests). Not shared across workers."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._data: dict[str, tuple[dict[str, Any], float | None]] = {}
        self._clock = clock

    def get(self, key: str) -> dict[str, Any] | None:
        item = self._data.get(key)
        if item is None:
            return None
        value, expires = item
        if expires is not None and self._clock() >= expires:
            del self._data[key]
            return None
        return value

    def set(self, key: str, value: dict[str, Any], ttl_seconds: int | None = None) -> None:
        expires = None if ttl_seconds is None else self._clock() + ttl_seconds
        self._data[key] = (value, expires)

    def delete(self, key: str) -> None:
        self._data.pop(key, None)
