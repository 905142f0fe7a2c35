"""The ``/wechat`` callback's WSGI path around Flask's request machinery.

Every WeChat message is a POST to ``/wechat``; Flask's request context, URL routing, the
app's before/after-request hooks (none of which does anything for ``/wechat`` but the request
id) and its Response objects were about a tenth of a message's CPU. ``LeanCallback`` sits in
front of the app (``app.wsgi_app``) and hands GET and POST ``/wechat`` straight to the
callback's core (``handlers.callback.verify`` / ``answer_post``); every other request, and
HEAD/OPTIONS of ``/wechat``, goes on to Flask unchanged.

What a client or an operator sees is what the Flask view gives: the same status codes,
bodies, ``Content-Type`` and ``Content-Length``; ``X-Request-Id`` echoed (or made) and on
the request's log lines (``bluecard.observability.bind_request_id``); errors in the
service's JSON shape through the app's own answers (``bluecard.errors``: ApiError, 413 for a
body over MAX_CONTENT_LENGTH, 503 when Redis is down, 500 otherwise, each logged alike). The
core runs inside a bare app context (``current_runtime()``, the database session of the
bot's services and of ``deferred_regions``, torn down as Flask tears it down), a few µs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

import redis
import werkzeug.urls  # noqa: F401  (registers the "werkzeug.url_quote" codec error handler)
from flask import Flask, Response
from werkzeug.exceptions import HTTPException
from werkzeug.wsgi import get_input_stream

from bluecard.errors import (
    ApiError,
    error_response,
    http_error_response,
    redis_down_response,
    unexpected_response,
)
from bluecard.observability import (
    REQUEST_ID_HEADER,
    bind_request_id,
    request_id_from,
    unbind_request_id,
)
from handlers.callback import answer_post, callback_state, verify

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
PATH = "/wechat"
_REQUEST_ID_KEY = "HTTP_" + REQUEST_ID_HEADER.upper().replace("-", "_")


class LeanCallback:
    """WSGI middleware: GET/POST ``/wechat`` served by the callback core, the rest by
    ``wsgi_app`` (the Flask app's own ``wsgi_app``). Install with ``install(app)``."""

    def __init__(self, app: Flask, wsgi_app: WsgiApp) -> None:
        self._app = app
        #: The app's own WSGI callable: every request but GET/POST /wechat goes there.
        self.flask = wsgi_app

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return self.flask(environ, start_response)
        method = environ.get("REQUEST_METHOD")
        if method != "POST" and method != "GET":
            return self.flask(environ, start_response)
        request_id = request_id_from(environ.get(_REQUEST_ID_KEY))
        token = bind_request_id(request_id)
        ctx = self._app.app_context()
        ctx.push()
        error: BaseException | None = None
        try:
            try:
                status, body, content_type = self._serve(environ, method)
            except Exception as exc:
                error = exc
                response = self._error(exc, method)
                response.headers[REQUEST_ID_HEADER] = request_id
                return response(environ, start_response)
            data = body.encode("utf-8")
            start_response(
                status,
                [
                    ("Content-Type", content_type),
                    ("Content-Length", str(len(data))),
                    (REQUEST_ID_HEADER, request_id),
                ],
            )
            return [data]
        finally:
            ctx.pop(error)
            unbind_request_id(token)

    def _serve(self, environ: dict[str, Any], method: str) -> tuple[str, str, str]:
        """(status line, body, Content-Type) of a GET or POST ``/wechat``."""
        state = callback_state(self._app)
        args = _query_args(environ)
        if method == "GET":
            return "200 OK", verify(state, args), "text/plain; charset=utf-8"
        limit = self._app.config.get("MAX_CONTENT_LENGTH")

        def read_body() -> bytes:
            return get_input_stream(environ, max_content_length=limit).read()

        body, mimetype = answer_post(state, args, read_body)
        return "200 OK", body, f"{mimetype}; charset=utf-8"

    @staticmethod
    def _error(exc: Exception, method: str) -> Response:
        """The app's answer to ``exc`` (called inside the ``except`` block)."""
        if isinstance(exc, ApiError):
            return error_response(exc.status, exc.message, exc.code, exc.fields, exc.headers)
        if isinstance(exc, HTTPException):
            return http_error_response(exc, PATH)
        if isinstance(exc, redis.exceptions.RedisError):
            return redis_down_response(exc, method, PATH)
        return unexpected_response(method, PATH)


def _query_args(environ: dict[str, Any]) -> dict[str, str]:
    """The query string's parameters, the first value of each, decoded as werkzeug decodes
    ``request.args``."""
    query = environ.get("QUERY_STRING", "").encode("latin1").decode()
    args: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True, errors="werkzeug.url_quote"):
        args.setdefault(key, value)
    return args


def install(app: Flask) -> None:
    """Put ``LeanCallback`` in front of ``app``'s WSGI callable (``app`` stays the Flask
    object gunicorn and the tests use; ``app(environ, start_response)`` goes through it)."""
    app.wsgi_app = LeanCallback(app, app.wsgi_app)  # type: ignore[method-assign]
