"""Redis wiring: the client (real or embedded), the bot's session store, and a small lock.

With REDIS_URL unset the service runs on an embedded in-process store (fakeredis): fine for
one process (development, tests), wrong for several workers, which would each see their own
de-duplication keys and bot sessions. ``make_redis`` logs that once, loudly.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

import orjson
import redis

from bluecard.crypto import DecryptionError, PiiCipher

log = logging.getLogger(__name__)


def make_redis(url: str | None) -> redis.Redis:
    """A Redis client for ``url``, or an embedded in-process one when ``url`` is None.

    No connection is opened here: redis-py connects on the first command, and again after
    Redis comes back (no restart needed). Short socket timeouts: an unreachable Redis is an
    error (503) within seconds, not a hung request.
    """
    if url:
        return redis.Redis.from_url(
            url, health_check_interval=30, socket_connect_timeout=2, socket_timeout=5
        )
    import fakeredis

    log.warning(
        "REDIS_URL is not set: using an embedded in-process store. It is single-process only "
        "(de-duplication, bot sessions and the WeChat access_token are not shared between "
        "workers); set REDIS_URL for any deployment with more than one process."
    )
    return fakeredis.FakeRedis(server=fakeredis.FakeServer())


class RedisSessionStore:
    """``bot.store.SessionStore`` on Redis: JSON dicts under ``<prefix>:<key>``, optional TTL.

    A value that is not a JSON object (corrupted, or written by something else) reads as None
    rather than breaking the conversation. With a ``cipher`` (``bluecard.crypto.PiiCipher``)
    values are stored sealed (AES-GCM, bound to their key; Fernet tokens written before are
    still read): a card application in progress holds a 身份证号 and a phone number, and Redis
    may be persisted or replicated where we do not control it. JSON is written and read with
    orjson (the same JSON as the standard library's for the dicts the bot keeps; a value orjson
    refuses, such as an integer beyond 64 bits, goes through ``json``).

    Turns (the callback, one message): ``read_on`` queues reads of the keys the message will
    need on the caller's pipeline and ``begin_turn`` keeps their values; until ``end_turn_on``
    the thread's reads of those keys cost no round trip and its writes are held, then queued on
    the caller's pipeline (the transaction that stores the reply). Outside a turn every call
    goes to Redis at once.
    """

    def __init__(self, client: redis.Redis, prefix: str, cipher: PiiCipher | None = None) -> None:
        self._redis = client
        self._prefix = prefix
        self._cipher = cipher
        self._local = threading.local()

    def _key(self, key: str) -> str:
        return f"{self._prefix}:{key}"

    # -- turns ------------------------------------------------------------------------------
    def read_on(self, pipe: Any, keys: Sequence[str]) -> None:
        """Queue a read of each of ``keys`` on ``pipe`` (results: ``begin_turn``'s values)."""
        for key in keys:
            pipe.get(self._key(key))

    def begin_turn(self, keys: Sequence[str], values: Sequence[Any]) -> None:
        """Start this thread's turn with the values ``read_on`` read for ``keys``."""
        self._local.turn = _Turn(dict(zip(keys, values, strict=True)))

    def end_turn_on(self, pipe: Any) -> None:
        """Queue the turn's writes on ``pipe`` (in the order made) and end the turn."""
        turn: _Turn | None = getattr(self._local, "turn", None)
        self._local.turn = None
        if turn is None:
            return
        for key, (text, ttl) in turn.writes.items():
            if text is None:
                pipe.delete(self._key(key))
            else:
                pipe.set(self._key(key), text, ex=ttl)

    def discard_turn(self) -> None:
        """End the turn without writing (its message was not processed)."""
        self._local.turn = None

    # -- SessionStore -----------------------------------------------------------------------
    def get(self, key: str) -> dict[str, Any] | None:
        """The dict stored under ``key``, or None when absent, expired or unreadable."""
        turn: _Turn | None = getattr(self._local, "turn", None)
        # written in this turn: held as clear JSON, never sealed yet
        written = turn is not None and key in turn.writes
        if turn is not None and key in turn.values:
            raw = turn.values[key]
        else:
            raw = self._redis.get(self._key(key))
            if turn is not None:
                turn.values[key] = raw
        if raw is None:
            return None
        try:
            data = raw if isinstance(raw, bytes) else str(raw).encode("utf-8")
            if self._cipher is not None and not written:
                # with a cipher, a value in Redis must be sealed: clear JSON there was planted
                # by whoever can write to Redis, and reads as nothing
                data = self._cipher.unseal(data, key.encode("utf-8"))
            value = _loads(data)
        except (ValueError, DecryptionError):
            log.warning("unreadable session value under %s; ignoring it", key.split(":", 1)[0])
            return None
        return value if isinstance(value, dict) else None

    def set(self, key: str, value: dict[str, Any], ttl_seconds: int | None = None) -> None:
        """Store ``value`` (JSON-serialisable) under ``key``; expires after ``ttl_seconds``."""
        data = _dumps(value)
        stored = data if self._cipher is None else self._cipher.seal(data, key.encode("utf-8"))
        turn: _Turn | None = getattr(self._local, "turn", None)
        if turn is not None:
            turn.writes.pop(key, None)  # re-inserted last: writes keep their order
            turn.writes[key] = (stored, ttl_seconds)
            turn.values[key] = data  # read again in this turn: the clear JSON, nothing to open
            return
        self._redis.set(self._key(key), stored, ex=ttl_seconds)

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        turn: _Turn | None = getattr(self._local, "turn", None)
        if turn is not None:
            turn.writes.pop(key, None)
            turn.writes[key] = (None, None)
            turn.values[key] = None
            return
        self._redis.delete(self._key(key))


def _dumps(value: dict[str, Any]) -> bytes:
    """``value`` as UTF-8 JSON (orjson; what it cannot write, ``json`` writes or refuses)."""
    try:
        return orjson.dumps(
            value,
            option=orjson.OPT_NON_STR_KEYS
            | orjson.OPT_PASSTHROUGH_DATACLASS
            | orjson.OPT_PASSTHROUGH_DATETIME,
        )
    except TypeError:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _loads(data: bytes) -> Any:
    """The JSON value of ``data`` (orjson; ``json`` for what it refuses, e.g. NaN)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data.decode("utf-8"))


class _Turn:
    """One message's reads (raw values by key, None: absent) and held writes (bytes, ttl; None:
    delete)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.writes: dict[str, tuple[bytes | None, int | None]] = {}


class LockTimeout(RuntimeError):
    """The lock was not acquired within the wait time."""


@contextmanager
def redis_lock(client: redis.Redis, name: str, *, ttl: float, wait: float) -> Iterator[None]:
    """Hold a Redis lock ``name`` for the ``with`` block.

    ttl: seconds after which Redis frees a lock whose holder died. wait: seconds to keep
    trying before raising LockTimeout. Release deletes the key only if it still holds our
    token (WATCH/MULTI, no Lua, so the embedded store supports it too).
    """
    token = secrets.token_hex(16)
    deadline = time.monotonic() + wait
    while not client.set(name, token, nx=True, px=int(ttl * 1000)):
        if time.monotonic() >= deadline:
            raise LockTimeout(name)
        time.sleep(0.05)
    try:
        yield
    finally:
        _release(client, name, token)


def _release(client: redis.Redis, name: str, token: str) -> None:
    with client.pipeline() as pipe:
        try:
            pipe.watch(name)
            current = cast(bytes | None, pipe.get(name))
            if current is not None and current.decode() == token:
                pipe.multi()
                pipe.delete(name)
                pipe.execute()
            else:
                pipe.unwatch()
        except redis.WatchError:
            pass  # the lock expired and was taken over meanwhile: not ours to delete
