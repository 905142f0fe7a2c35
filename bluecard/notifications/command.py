"""``python -m bluecard.notifications.worker [--burst] [--tick S] [--lease S]``: the notification
worker process (``run_worker``: RQ's worker on the queue, the ticker running ``dispatch_due``,
the message-log flusher; or the in-process loop) and its command line. The command builds the
app (``bluecard.create_app``), so it sits above the app factory, which imports the worker
module (``bluecard.notifications.worker``: the jobs and the queue) through the features that
queue work; the worker module runs this only when started as ``__main__``. The queue's
functions are called through that module, so a test replacing one there replaces it here.
"""

from __future__ import annotations

import argparse
import logging
import threading
import time
from collections.abc import Callable

from flask import Flask
from rq import SimpleWorker

import bluecard
from bluecard.followers.msglog import start_flusher, stop_flusher
from bluecard.notifications import worker
from bluecard.runtime import current_runtime

log = logging.getLogger(__name__)


def tick(app: Flask, interval: float) -> None:
    """Run ``dispatch_due`` now, unless another worker did within ``interval`` seconds."""
    with app.app_context():
        runtime = current_runtime()
        key = f"{runtime.settings.redis_prefix}:notify:tick"
        if not runtime.redis.set(key, "1", nx=True, px=max(int(interval * 1000), 100)):
            return
        try:
            worker.dispatch_due(lease_seconds=worker._LEASE[0])
        except Exception:  # a bad tick must not kill the worker; the next one retries
            log.exception("dispatch_due failed")


def _ticker(app: Flask, interval: float, stop: threading.Event) -> None:
    while not stop.wait(interval):
        tick(app, interval)


def run_worker(app: Flask, *, burst: bool = False, tick_seconds: float = 10.0) -> None:
    """Run a notification worker for ``app`` (see the module docstring)."""
    with app.app_context():
        if worker.uses_queue():
            tick(app, 0.001)  # first: recover what a dead worker left, start what is due
            queue = worker.notify_queue()
            stop = threading.Event()
            ticker = threading.Thread(target=_ticker, args=(app, tick_seconds, stop), daemon=True)
            if not burst:
                ticker.start()
            # The message log the callbacks queued is written here too (and by every
            # gunicorn worker): rows reach the database even if the web workers are down.
            start_flusher(app)
            try:
                # SimpleWorker runs jobs in this process (no fork per job): the app, its
                # database pool and WeChat clients are built once.
                SimpleWorker([queue], connection=queue.connection).work(
                    burst=burst, logging_level="WARNING"
                )
            finally:
                stop.set()
                stop_flusher(app)
            return
    _embedded_loop(app, burst=burst, tick_seconds=tick_seconds)


def _embedded_loop(app: Flask, *, burst: bool, tick_seconds: float) -> None:
    while True:
        with app.app_context():
            worker.dispatch_due(lease_seconds=worker._LEASE[0])
        if burst:
            return
        time.sleep(tick_seconds)


def _seconds(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a number of seconds in ``low``..``high`` (no negative, nan or inf:
    a negative lease would recover rows still being sent); else exit 2 naming the option."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text[:20]!r}") from None
        if not low <= value <= high:  # also false for nan
            raise argparse.ArgumentTypeError(f"must be {low:g}-{high:g} seconds")
        return value

    return parse


def main(argv: list[str] | None = None) -> None:
    """Parse ``argv`` (default: the command line), set the lease the package's ``send_job``
    reads, build the app and run ``run_worker`` until stopped (or the queue is empty
    with ``--burst``). Exits with status 2 on a bad option (argparse)."""
    parser = argparse.ArgumentParser(description="技工蓝卡 notification worker")
    parser.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    parser.add_argument(
        "--tick",
        type=_seconds(0.1, 3600),
        default=10.0,
        help="seconds between dispatch_due (0.1-3600)",
    )
    parser.add_argument(
        "--lease",
        type=_seconds(1, 86400),
        default=None,
        help="seconds after which a row left 'sending' by a dead worker is recovered (60)",
    )
    args = parser.parse_args(argv)
    worker._LEASE[0] = args.lease
    # create_app configures logging (LOG_FORMAT: JSON lines with the job's request_id).
    run_worker(bluecard.create_app(), burst=args.burst, tick_seconds=args.tick)
