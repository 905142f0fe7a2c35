"""What operators see: Prometheus metrics at ``/metrics``, JSON logs, a request id per request.

Metrics (prometheus-client). Under gunicorn, ``gunicorn.conf.py`` puts every worker in
multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``), so a scrape of any worker sums them all:

- ``bluecard_callback_seconds``: histogram of POST /wechat handling time (first attempts);
- ``bluecard_callback_replies_total{intent}``: replies by the bot's intent;
- ``bluecard_questions_total{outcome}``: questions ``answered`` / ``not_answered``;
- ``bluecard_callback_retries_total``: WeChat retries answered from the de-duplication store;
- gauges read at scrape time from the sources ``init_app`` is given
  (``bluecard.notifications.metrics``: ``bluecard_notification_queue_depth``, RQ jobs waiting;
  ``bluecard_notification_recipients{state,error_code}``, delivery outcomes by WeChat errcode
  counted in the database, exact whichever worker or machine sent them).

``/metrics`` is off (404) unless METRICS_TOKEN is set; then it wants
``Authorization: Bearer <METRICS_TOKEN>`` (401 otherwise).

Logs: one JSON object a line on stderr (python-json-logger) with ``request_id`` (the
``X-Request-Id`` header if sane, else a new one, echoed in the response and carried into RQ
jobs as job meta). Messages pass ``bluecard.privacy`` redaction, tracebacks too.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar, Token
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, has_request_context, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from pythonjsonlogger.json import JsonFormatter
from rq import get_current_job

from bluecard.privacy import redact_keeping_digests

log = logging.getLogger(__name__)

CALLBACK_SECONDS = Histogram(
    "bluecard_callback_seconds",
    "Time to handle one WeChat callback delivery (first attempts).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
REPLIES = Counter("bluecard_callback_replies", "Callback replies by the bot's intent.", ["intent"])
QUESTIONS = Counter(
    "bluecard_questions", "Questions answered or not answered by the knowledge base.", ["outcome"]
)
RETRIES = Counter(
    "bluecard_callback_retries", "WeChat retries answered from the de-duplication store."
)

#: Reply intents that count as a question answered / not answered (``bot.reply.Reply``).
QUESTION_OUTCOMES = {"answer": "answered", "more": "answered", "not_answered": "not_answered"}
_INTENT = re.compile(r"^[a-z_]{1,32}$")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
REQUEST_ID_HEADER = "X-Request-Id"


#: The counters (labelled children) each intent increments, looked up once per intent: a
#: ``labels()`` call takes a lock and checks its labels every time, about half of counting.
_REPLY_COUNTERS: dict[str, tuple[Any, ...]] = {}


def count_reply(intent: str) -> None:
    """Count one reply by its intent (and as a question answered or not)."""
    counters = _REPLY_COUNTERS.get(intent)
    if counters is None:
        counters = (REPLIES.labels(intent if _INTENT.match(intent) else "other"),)
        outcome = QUESTION_OUTCOMES.get(intent)
        if outcome:
            counters += (QUESTIONS.labels(outcome),)
        if _INTENT.match(intent):  # a bounded set; anything else is looked up each time
            _REPLY_COUNTERS[intent] = counters
    for counter in counters:
        counter.inc()


# -- request id -------------------------------------------------------------------------------
#: The id of a request served outside Flask's request context (``handlers.lean``).
_BOUND_REQUEST_ID: ContextVar[str | None] = ContextVar("bluecard_request_id", default=None)


def request_id_from(header: str | None) -> str:
    """The request id for an incoming ``X-Request-Id`` value: itself when sane (8–64 of
    ``A-Za-z0-9._-``), else a new one (32 hex digits)."""
    return header if header and _REQUEST_ID.match(header) else uuid.uuid4().hex


def bind_request_id(request_id: str | None) -> Token[str | None]:
    """Make ``request_id`` the current request's id in this thread (for a request served
    without a Flask request context); give the token back to ``unbind_request_id``."""
    return _BOUND_REQUEST_ID.set(request_id)


def unbind_request_id(token: Token[str | None]) -> None:
    """End ``bind_request_id``'s binding."""
    _BOUND_REQUEST_ID.reset(token)


def current_request_id() -> str | None:
    """The id of the request being handled, or of the RQ job's originating request."""
    bound = _BOUND_REQUEST_ID.get()
    if bound is not None:
        return bound
    if has_request_context():
        request_id: str | None = g.get("request_id")
        return request_id
    try:
        job = get_current_job()
    except Exception:  # no job, or no Redis connection bound
        return None
    meta_id = job.meta.get("request_id") if job is not None else None
    return str(meta_id) if meta_id else None


def _begin_request() -> None:
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))


def _end_request(response: Response) -> Response:
    request_id = g.get("request_id")
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    return response


# -- logs -------------------------------------------------------------------------------------
class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (None outside requests and jobs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


def _redacted(text: Any) -> Any:
    if isinstance(text, list):
        return [redact_keeping_digests(t) for t in text]
    return redact_keeping_digests(text)


class RedactingJsonFormatter(JsonFormatter):
    """JSON lines whose traceback text is redacted like the message (``bluecard.privacy``:
    personal numbers removed, hex digests and ids kept)."""

    def formatException(self, ei: Any) -> Any:
        text = super().formatException(ei)
        return _redacted(text)

    def formatStack(self, stack_info: str) -> Any:
        text = super().formatStack(stack_info)
        return _redacted(text)


def json_formatter() -> logging.Formatter:
    """The formatter of the service's log lines."""
    return RedactingJsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        json_ensure_ascii=False,
    )


def configure_logging(fmt: str = "json", level: int = logging.INFO) -> None:
    """Send this process's logs to stderr as JSON lines (``fmt="json"``) or plain text.

    Idempotent: one handler of ours on the root logger, replaced on a second call.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_bluecard", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler()
    handler._bluecard = True  # type: ignore[attr-defined]
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(json_formatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)


# -- /metrics ---------------------------------------------------------------------------------
bp = Blueprint("metrics", __name__)


#: A source of gauges read at scrape time (``init_app(app, gauges=...)``).
GaugeSource = Callable[[], Iterable[Metric]]
_GAUGES_KEY = "bluecard.metrics.gauges"


class _LiveCollector:
    """The gauges read at scrape time, from the sources the app factory registered (the
    notification queue depth and delivery outcomes: ``bluecard.notifications.metrics``)."""

    def __init__(self, sources: Sequence[GaugeSource]) -> None:
        self._sources = sources

    def collect(self) -> Iterator[Metric]:
        for source in self._sources:
            yield from source()


@bp.get("/metrics")
def metrics() -> Response:
    """Prometheus text exposition; 404 when METRICS_TOKEN is unset, 401 without it."""
    token = current_app.config["BLUECARD_SETTINGS"].metrics_token
    if not token:
        return Response("Not Found\n", 404, mimetype="text/plain")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return Response(
            "Unauthorized\n", 401, {"WWW-Authenticate": "Bearer"}, mimetype="text/plain"
        )
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        base = CollectorRegistry()
        MultiProcessCollector(base)
    else:
        base = REGISTRY
    live = CollectorRegistry(auto_describe=False)
    live.register(_LiveCollector(current_app.extensions.get(_GAUGES_KEY, ())))
    return Response(generate_latest(base) + generate_latest(live), mimetype=CONTENT_TYPE_LATEST)


def init_app(app: Flask, gauges: Sequence[GaugeSource] = ()) -> None:
    """Request ids (``X-Request-Id``) and ``/metrics`` (logging: ``configure_logging``);
    ``gauges``: sources of gauges read at each scrape."""
    app.extensions[_GAUGES_KEY] = tuple(gauges)
    app.before_request(_begin_request)
    app.after_request(_end_request)
    app.register_blueprint(bp)
