"""gunicorn settings read from the working directory: Prometheus multiprocess mode, and the
message-log flusher of every worker.

Each gunicorn worker is its own process; prometheus-client's multiprocess mode has them write
their counters and histograms to files in ``PROMETHEUS_MULTIPROC_DIR``, and ``/metrics``
(any worker) sums them. Set the variable to an empty directory of your own, or this file
makes a fresh one for the server's lifetime. ``child_exit`` tells the client that a worker
died (its live gauges are dropped; its counters stay counted).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

_made = None
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _made = tempfile.mkdtemp(prefix="bluecard-prometheus-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _made


def post_worker_init(worker: Any) -> None:
    """Each worker writes queued message-log rows to the database in a thread of its own
    (``bluecard.followers.msglog``; nothing when the app has no queue)."""
    if hasattr(worker.wsgi, "extensions"):
        from bluecard.followers.msglog import start_flusher

        start_flusher(worker.wsgi)


def worker_exit(server: Any, worker: Any) -> None:
    """A worker stopping writes the rows it holds before it goes."""
    if hasattr(getattr(worker, "wsgi", None), "extensions"):
        from bluecard.followers.msglog import stop_flusher

        stop_flusher(worker.wsgi)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server: Any) -> None:
    if _made:
        shutil.rmtree(_made, ignore_errors=True)
