"""The notification worker: RQ on Redis, or in-process on the embedded defaults.

With REDIS_URL set, confirming a notification enqueues ``send_job(notification_id)`` jobs on
the RQ queue ``<REDIS_PREFIX>:notify``; any number of workers, on any number of machines,
run them (``bluecard.notifications.delivery.run_notification`` claims disjoint batches, so
they share the work). Start one with::

    python -m bluecard.notifications.worker          # until stopped (SIGTERM/SIGINT: finish the job)
    python -m bluecard.notifications.worker --burst  # until the queue is empty (benchmarks, cron)

This module holds the jobs and the queue; the worker process — its loop, the ticker and the
message-log flusher — is ``bluecard.notifications.command``. Each worker also writes the
message log the callbacks queued (``bluecard.followers.msglog``) and runs ``dispatch_due`` (the scheduler's ``plan_due``, then the runs it names)
every ``--tick`` seconds (one worker at a time, under a Redis lock): scheduled notifications whose time has
come, quota-paused ones after the daily reset, and notifications whose runs died (rows left
``sending``, retries due) are (re)started.

Other features' background work goes on the same queue through ``run_or_enqueue`` (proactive
matching after a document is published or retired).

Without REDIS_URL (embedded in-process store, one process) there is no queue: confirming
runs the send in-process at once (the same ``run_notification``), and this command is a
loop around ``dispatch_due`` that also sends, for scheduled notifications and later retries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rq import Queue, Worker

from bluecard.notifications.delivery import LEASE_SECONDS, Sender, run_notification
from bluecard.notifications.scheduler import plan_due
from bluecard.observability import current_request_id
from bluecard.runtime import current_runtime

log = logging.getLogger(__name__)

#: RQ job timeout: a run sends until its notification is done (100k at 50/s ≈ 35 min).
JOB_TIMEOUT = 6 * 3600


def queue_name() -> str:
    """The RQ queue of this deployment's notification jobs."""
    return f"{current_runtime().settings.redis_prefix}:notify"


def uses_queue() -> bool:
    """True when jobs go through RQ (REDIS_URL set); False on the embedded defaults."""
    return bool(current_runtime().settings.redis_url)


def listening_workers() -> int | None:
    """RQ workers registered on the notification queue now (a registration expires when its
    worker stops sending heartbeats); None on the embedded defaults, where there is no queue
    (confirmed notifications are sent in-process)."""
    if not uses_queue():
        return None
    queue = notify_queue()
    return int(Worker.count(connection=queue.connection, queue=queue))


def notify_queue() -> Queue:
    """The RQ Queue (REDIS_URL set)."""
    return Queue(queue_name(), connection=current_runtime().redis, default_timeout=JOB_TIMEOUT)


def enqueue_run(notification_id: int, parallel: int | None = None) -> int:
    """Start sending ``notification_id``: enqueue ``parallel`` RQ jobs (default: one per
    worker listening, at least one), or on the embedded defaults run it here and now.
    Returns the number of jobs enqueued (0 when run in-process)."""
    if not uses_queue():
        # Embedded: send now; retries due later are left to the worker loop / dispatch_due.
        run_notification(notification_id, Sender(max_wait=0.0))
        return 0
    queue = notify_queue()
    if parallel is None:
        parallel = max(1, Worker.count(connection=queue.connection, queue=queue))
    # The request (or job) that started the run names it in the worker's log lines.
    meta = {"request_id": current_request_id()}
    for _ in range(parallel):
        queue.enqueue(send_job, notification_id, job_timeout=JOB_TIMEOUT, result_ttl=600, meta=meta)
    return parallel


@dataclass(frozen=True)
class Enqueued:
    """A task handed to the worker queue: its RQ ``job_id``."""

    job_id: str


def run_or_enqueue(func: Callable[..., Any], *args: Any, job_timeout: int = JOB_TIMEOUT) -> Any:
    """Run ``func(*args)`` in the background: with REDIS_URL, as an RQ job on this
    deployment's queue (a worker runs it in its app context; ``func`` must be importable by
    name and ``args`` picklable) and return ``Enqueued``; on the embedded defaults, where
    there is no queue, call it here and now and return its result (exceptions propagate).
    The request that enqueued it names it in the worker's log lines."""
    if not uses_queue():
        return func(*args)
    job = notify_queue().enqueue(
        func,
        *args,
        job_timeout=job_timeout,
        result_ttl=24 * 3600,
        meta={"request_id": current_request_id()},
    )
    return Enqueued(str(job.id))


def send_job(notification_id: int, lease_seconds: float | None = None) -> dict[str, Any]:
    """RQ job: ``run_notification`` in the worker's app context; returns its counts."""
    lease = lease_seconds if lease_seconds is not None else _LEASE[0]
    stats = run_notification(notification_id, Sender(lease_seconds=lease or LEASE_SECONDS))
    return dict(vars(stats))


#: The worker process's lease (``--lease``), read by its jobs.
_LEASE: list[float | None] = [None]


def dispatch_due(*, lease_seconds: float | None = None) -> dict[str, int]:
    """The worker's periodic step: ``plan_due`` (start scheduled notifications whose time has
    come, resume quota-paused ones once the daily quota has reset, recover rows stuck in
    ``sending``, mark finished ones done) and start a run for each notification it names.
    Returns ``{"started", "resumed", "kicked"}`` counts."""
    plan = plan_due(lease_seconds=lease_seconds)
    for nid in plan.to_run:
        enqueue_run(nid)
    return plan.counts()


if __name__ == "__main__":
    # `python -m` runs this file as __main__ while RQ's jobs import it by its package name: the
    # command (which builds the app, so it sits above the app factory) sets the package's copy,
    # so that --lease given here is the one send_job reads.
    from bluecard.notifications.command import main

    main()
