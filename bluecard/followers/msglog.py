"""The message log written off the reply's path: a durable Redis stream flushed in batches.

With REDIS_URL set (or MESSAGE_LOG_QUEUE=true) the callback does not write ``message_log`` and
``follower`` itself: it appends the row — already redacted and clipped
(``bluecard.followers.services.interaction_row``) — to the stream ``<prefix>:msglog`` in the
same Redis transaction that stores its reply for WeChat's retries, so a reply is never sent
without its row queued (JSON, written and read with orjson). Flushers move the rows to the
database in batches (one transaction, ``record_rows``): a thread in every gunicorn worker
(``gunicorn.conf.py`` starts it, ``start_flusher``), in a ``flask run`` development server (the
app factory starts it, ``start_flusher_under_flask_run``) and the notification worker
(``python -m bluecard.notifications.worker``).

Nothing is lost when a flusher is killed mid-flight: it reads entries through the consumer
group ``flush`` (they stay pending under its name until acknowledged) and acknowledges them
only after the database committed. A flusher that starts takes over the entries another one
left pending for longer than ``CLAIM_IDLE_MS`` (XAUTOCLAIM); writing a row twice changes
nothing (``dedup_key`` is unique, the follower moves only for a row written now).

Without Redis (the embedded defaults: one process, fakeredis) the callback writes directly, as
before (``record_interaction``).
"""

from __future__ import annotations

import atexit
import logging
import os
import socket
import threading
import time
from collections.abc import Iterable
from typing import Any, cast

import click
import orjson
import redis
from flask import Flask

from bluecard.followers.services import QueuedRow, record_rows
from bluecard.runtime import EXTENSION_KEY, Runtime

log = logging.getLogger(__name__)

GROUP = "flush"
#: Rows written to the database per transaction.
BATCH = 500
#: An entry read by a flusher and not acknowledged for this long is taken over (its flusher
#: died); longer than any batch takes to write.
CLAIM_IDLE_MS = 30_000
_FLUSHER_KEY = "bluecard.msglog.flusher"


class MessageLogQueue:
    """The stream ``<prefix>:msglog`` of rows waiting for the database (module docstring)."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._redis = client
        self.key = f"{prefix}:msglog"
        self._group_ready = False

    # -- producer ---------------------------------------------------------------------------
    def enqueue_on(self, pipe: Any, row: QueuedRow) -> None:
        """Queue appending ``row`` on a Redis pipeline (executed by the caller)."""
        pipe.xadd(self.key, {"row": orjson.dumps(row)})

    def enqueue(self, row: QueuedRow) -> None:
        """Append ``row`` now (one round trip)."""
        self._redis.xadd(self.key, {"row": orjson.dumps(row)})

    # -- consumer ---------------------------------------------------------------------------
    def depth(self) -> int:
        """Entries in the stream (waiting or being written)."""
        return int(cast(int, self._redis.xlen(self.key)))

    def take(
        self, consumer: str, count: int = BATCH, claim_idle_ms: int = CLAIM_IDLE_MS
    ) -> list[tuple[str, QueuedRow | None]]:
        """Up to ``count`` entries for ``consumer``, oldest first: those other flushers left
        pending longer than ``claim_idle_ms``, this consumer's own pending ones, then new
        ones. They stay pending under ``consumer`` until ``ack``. An entry that cannot be
        read comes back as (id, None) (to be acknowledged and dropped)."""
        self._ensure_group()
        try:
            return self._take(consumer, count, claim_idle_ms)
        except redis.ResponseError as exc:
            if "NOGROUP" not in str(exc):
                raise
            self._group_ready = False  # the stream was deleted meanwhile
            self._ensure_group()
            return self._take(consumer, count, claim_idle_ms)

    def _take(
        self, consumer: str, count: int, claim_idle_ms: int
    ) -> list[tuple[str, QueuedRow | None]]:
        self._redis.xautoclaim(
            self.key, GROUP, consumer, claim_idle_ms, start_id="0-0", count=count, justid=True
        )
        entries = _entries(self._redis.xreadgroup(GROUP, consumer, {self.key: "0"}, count=count))
        if len(entries) < count:
            fresh = self._redis.xreadgroup(
                GROUP, consumer, {self.key: ">"}, count=count - len(entries)
            )
            entries += _entries(fresh)
        return entries

    def ack(self, ids: Iterable[str]) -> None:
        """Acknowledge and delete written entries (one round trip)."""
        ids = list(ids)
        if not ids:
            return
        with self._redis.pipeline(transaction=False) as pipe:
            pipe.xack(self.key, GROUP, *ids)
            pipe.xdel(self.key, *ids)
            pipe.execute()

    def flush(
        self, consumer: str | None = None, *, batch: int = BATCH, claim_idle_ms: int = CLAIM_IDLE_MS
    ) -> int:
        """Write every waiting row to the database, ``batch`` a transaction; the number of
        entries handled. Needs an app context. A database error propagates with the batch's
        entries left pending (this consumer reads them first next time)."""
        consumer = consumer or consumer_name()
        handled = 0
        while True:
            entries = self.take(consumer, batch, claim_idle_ms)
            if not entries:
                return handled
            rows = [row for _, row in entries if row is not None]
            if len(rows) < len(entries):
                log.warning("dropped %d unreadable message-log entries", len(entries) - len(rows))
            if rows:
                record_rows(rows)
            self.ack(entry_id for entry_id, _ in entries)
            handled += len(entries)
            if len(entries) < batch:
                return handled

    def _ensure_group(self) -> None:
        if self._group_ready:
            return
        try:
            # From the stream's start: rows queued before any flusher ran are written too.
            self._redis.xgroup_create(self.key, GROUP, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self._group_ready = True


def _entries(reply: Any) -> list[tuple[str, QueuedRow | None]]:
    """(id, row) pairs of an XREADGROUP reply (one stream)."""
    out: list[tuple[str, QueuedRow | None]] = []
    for _stream, items in reply or ():
        for raw_id, fields in items:
            entry_id = raw_id.decode() if isinstance(raw_id, bytes) else str(raw_id)
            out.append((entry_id, _row(fields)))
    return out


def _row(fields: Any) -> QueuedRow | None:
    raw = (fields or {}).get(b"row") or (fields or {}).get("row")
    try:
        value = orjson.loads(raw or "")
    except (TypeError, ValueError):
        return None
    return cast(QueuedRow, value) if isinstance(value, dict) else None


def consumer_name() -> str:
    """This process's name in the consumer group (host and pid: a restart is a new one)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def queue_for(runtime: Runtime) -> MessageLogQueue | None:
    """The app's message-log queue, or None when the callback writes directly (no REDIS_URL,
    or MESSAGE_LOG_QUEUE=false)."""
    settings = runtime.settings
    if not settings.queues_message_log:
        return None
    return MessageLogQueue(runtime.redis, settings.redis_prefix)


def flush_message_log(app: Flask) -> int:
    """Write what the app's queue holds now (0 when it has none); rows handled."""
    queue = queue_for(app.extensions[EXTENSION_KEY])
    if queue is None:
        return 0
    with app.app_context():
        return queue.flush()


def start_flusher(app: Any, interval: float | None = None) -> threading.Event | None:
    """Start this process's flusher thread for ``app`` (a daemon; once per process and app),
    sleeping ``interval`` seconds when the queue is empty (default MESSAGE_LOG_FLUSH_SECONDS);
    the Event that stops it (``stop_flusher``). None when ``app`` has no queue (or is not a
    bluecard app: gunicorn's hook calls this for whatever it serves)."""
    extensions = getattr(app, "extensions", None)
    if not isinstance(extensions, dict) or EXTENSION_KEY not in extensions:
        return None
    runtime: Runtime = extensions[EXTENSION_KEY]
    queue = queue_for(runtime)
    if queue is None:
        return None
    if interval is None:
        interval = runtime.settings.message_log_flush_seconds
    running = extensions.get(_FLUSHER_KEY)
    if running is not None and running[0] == os.getpid():
        return cast(threading.Event, running[1])
    stop = threading.Event()
    thread = threading.Thread(
        target=_flush_loop, args=(app, queue, stop, interval), name="msglog-flusher", daemon=True
    )
    extensions[_FLUSHER_KEY] = (os.getpid(), stop, thread)
    thread.start()
    return stop


def start_flusher_under_flask_run(app: Any) -> threading.Event | None:
    """``start_flusher`` when this process serves ``app`` with ``flask run`` (the development
    server has no gunicorn hook to start one, so queued rows would wait in Redis until some
    other flusher ran); the rows left are written when the server stops. None otherwise:
    under gunicorn (``gunicorn.conf.py``), other ``flask`` commands, tests, and the watching
    parent of the reloader (its child serves and flushes)."""
    if not _serving_with_flask_run():
        return None
    stop = start_flusher(app)
    if stop is not None:
        atexit.register(stop_flusher, app)
    return stop


def _serving_with_flask_run() -> bool:
    from flask.cli import run_command
    from flask.helpers import get_debug_flag
    from werkzeug.serving import is_running_from_reloader

    ctx = click.get_current_context(silent=True)
    if ctx is None or ctx.command is not run_command:
        return False
    reload = ctx.params.get("reload")
    if reload is None:
        reload = get_debug_flag()
    return not reload or is_running_from_reloader()


def stop_flusher(app: Any, timeout: float = 5.0) -> None:
    """Stop this process's flusher thread and write what is left (a worker exiting)."""
    extensions = getattr(app, "extensions", None)
    running = extensions.get(_FLUSHER_KEY) if isinstance(extensions, dict) else None
    if running is None or running[0] != os.getpid():
        return
    _, stop, thread = running
    stop.set()
    thread.join(timeout)


def _flush_loop(app: Flask, queue: MessageLogQueue, stop: threading.Event, interval: float) -> None:
    consumer = consumer_name()
    while True:
        handled = 0
        try:
            with app.app_context():
                handled = queue.flush(consumer)
        except Exception:  # the database or Redis is away: the rows wait in the stream
            log.warning("message-log flush failed; retrying", exc_info=True)
            time.sleep(min(5.0, interval * 8))
        if stop.is_set():
            return
        if handled < BATCH:
            stop.wait(interval)
