"""One worker's dialogue state: read once at the start of a message, written once at its end.

Everything the bot keeps about a worker (remembered place, open menu, pages of the last long
answer, the questionnaire, the card form, the last answer's topic) lives in one dict under
``bot:state:<user>`` in the session store, so a message costs one read and at most one write
(issue 11: the store is Redis in production). Each part inside it keeps its own expiry, as a
wall-clock time, so parts with different lifetimes share one record.

``UserState`` is itself a ``SessionStore`` over those parts: the questionnaire and the card form
(which the mini-program API also runs directly on the store) work on it unchanged.

Personal data stays where it was: the card form being filled in (name, 身份证号, phone …) is
kept under its own key with its own 30-minute expiry (``PERSONAL_PREFIXES``), so an abandoned
form disappears from the store on time whatever else the record keeps. The record only notes
that a form is open, so messages outside a form still cost one read.

Stored shape: ``{"v": 1, "parts": {name: {"value": dict, "exp": float | None}}}``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from bot.store import SessionStore

STATE_VERSION = 1
#: Keys whose values are personal: written through to their own store key, with their TTL.
PERSONAL_PREFIXES = ("bot:card:",)
#: The record before this module (region and menu, kept without expiry): read once, then moved.
LEGACY_USER_KEY = "bot:user:{uid}"
CHECKED_KEY = "bot:legacy-checked"
CHECKED_TTL_SECONDS = 30 * 24 * 3600


def state_key(uid: str) -> str:
    """The store key of ``uid``'s dialogue state."""
    return f"bot:state:{uid}"


class UserState:
    """A worker's state for one message (see module docstring).

    ``get``/``set``/``delete`` follow ``SessionStore`` (parts by name, optional TTL in seconds);
    ``save`` writes the record back when anything changed, with the record's own expiry the
    latest of its parts' (none while any part is kept without expiry).
    """

    def __init__(
        self, uid: str, data: dict[str, Any], now: float, store: SessionStore | None = None
    ) -> None:
        self.uid = uid
        self.now = now
        self._parts: dict[str, dict[str, Any]] = dict(data.get("parts") or {})
        self._store = store
        self._personal: dict[str, dict[str, Any] | None] = {}
        self.dirty = False

    @classmethod
    def load(cls, store: SessionStore, uid: str, now: float) -> UserState:
        """Read ``uid``'s state (one store read; a second only for a worker whose place was kept
        in the record before this module)."""
        data = store.get(state_key(uid))
        if data is not None:
            return cls(uid, data, now, store)
        state = cls(uid, {}, now, store)
        legacy = store.get(LEGACY_USER_KEY.format(uid=uid))
        if legacy:
            state.set(f"bot:user:{uid}", dict(legacy))
            store.delete(LEGACY_USER_KEY.format(uid=uid))
        else:
            # written once, so the next messages find a record and skip the legacy read
            state.set(CHECKED_KEY, {}, CHECKED_TTL_SECONDS)
        return state

    def save(self, store: SessionStore) -> None:
        """Write the state back (one store write) if anything changed during the message."""
        if not self.dirty:
            return
        live = {k: p for k, p in self._parts.items() if not self._expired(p)}
        if not live:
            store.delete(state_key(self.uid))
            self.dirty = False
            return
        expiries = [p.get("exp") for p in live.values()]
        ttl: int | None = None
        if all(e is not None for e in expiries):
            ttl = max(1, math.ceil(max(float(e) for e in expiries if e is not None) - self.now))
        store.set(state_key(self.uid), {"v": STATE_VERSION, "parts": live}, ttl)
        self.dirty = False

    def _expired(self, part: dict[str, Any]) -> bool:
        exp = part.get("exp")
        return exp is not None and self.now >= float(exp)

    # -- SessionStore over the parts ------------------------------------------------------
    @staticmethod
    def _is_personal(key: str) -> bool:
        return key.startswith(PERSONAL_PREFIXES)

    def get(self, key: str) -> dict[str, Any] | None:
        """The part under ``key``, or None when absent or expired (a personal value is read
        from its own key, once, and only while the record says it exists)."""
        # The commonest call of a message (some twenty-five times): the checks of
        # ``_is_personal`` and ``_expired`` written out here.
        if key.startswith(PERSONAL_PREFIXES):
            if key not in self._personal:
                held = self.get(_marker(key)) is not None and self._store is not None
                self._personal[key] = self._store.get(key) if held and self._store else None
            return self._personal[key]
        part = self._parts.get(key)
        if part is None:
            return None
        exp = part.get("exp")
        if exp is not None and self.now >= float(exp):
            return None
        value = part.get("value")
        return value if isinstance(value, dict) else None

    def set(self, key: str, value: dict[str, Any], ttl_seconds: int | None = None) -> None:
        """Keep ``value`` under ``key``; it expires ``ttl_seconds`` from now (None: kept)."""
        if self._is_personal(key) and self._store is not None:
            self._store.set(key, value, ttl_seconds)
            self._personal[key] = value
            self.set(_marker(key), {"open": True}, ttl_seconds)
            return
        exp = None if ttl_seconds is None else self.now + ttl_seconds
        self._parts[key] = {"value": value, "exp": exp}
        self.dirty = True

    def delete(self, key: str) -> None:
        """Drop the part under ``key`` if present."""
        if self._is_personal(key) and self._store is not None:
            if self.get(key) is not None:
                self._store.delete(key)
            self._personal[key] = None
            self.delete(_marker(key))
            return
        if self._parts.pop(key, None) is not None:
            self.dirty = True


def _marker(key: str) -> str:
    """The record's note that the personal value under ``key`` exists."""
    return "held:" + key


def open_state(store: SessionStore, clock: Callable[[], float], uid: str) -> UserState:
    """``UserState.load`` at the time ``clock()`` says (seconds, wall clock)."""
    return UserState.load(store, uid, clock())
