"""gunicorn settings read from the working directory: threaded workers, Prometheus
multiprocess mode, and the message-log flusher of every worker.

Workers are gunicorn's ``gthread`` class with ``THREADS`` threads each (``--threads`` /
``-k`` on the command line override it). A WeChat message spends much of its time waiting:
two Redis round trips, and gunicorn's graceful close waiting for the caller to hang up; a
sync worker sits idle through them, a threaded one answers other messages meanwhile.
Everything a request touches is per thread (the session store's turn, the database session,
the regions held for the log row) or locked (the search and eligibility caches).

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

#: Threads per worker (the WeChat callback under 50 concurrent deliveries on 2 workers:
#: 8 answered about twice the messages a sync worker did, ``scripts/bench_callback.py``).
THREADS = 8
worker_class = "gthread"
threads = THREADS

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
