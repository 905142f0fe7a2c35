"""One JSON error shape for every error response of the service.

    {"error": {"code": "validation_error", "message": "...",
               "fields": [{"field": "code", "message": "..."}]}}

``fields`` appears only for validation errors. 4xx from Flask/Werkzeug (404, 405, 413...)
get the shape through ``register_error_handlers``; anything unexpected becomes a 500 with a
generic message, the stack trace going to the server log only.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from flask import Blueprint, Flask, Response, jsonify, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException

from bluecard.services.errors import ServiceError

log = logging.getLogger(__name__)

#: Error code for each HTTP status the service answers with.
CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    409: "conflict",
    411: "length_required",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    429: "rate_limited",
    500: "internal_error",
    502: "upstream_error",
    503: "unavailable",
}

_MESSAGES: dict[int, str] = {
    404: "No such resource.",
    405: "Method not allowed on this resource.",
    413: "Request body too large.",
    500: "Internal error; it has been logged.",
}


class FieldError(BaseModel):
    """One invalid input field: its dotted path and what is wrong with it."""

    field: str
    message: str


class ErrorDetail(BaseModel):
    """The error itself: a stable machine ``code`` and a human ``message``."""

    code: str
    message: str
    fields: list[FieldError] | None = None


class ErrorBody(BaseModel):
    """Body of every error response."""

    error: ErrorDetail


#: What any API operation may answer besides its own responses, documented on every one:
#: bad input (400), no such resource or an id out of range (404), body too large (413),
#: refused (422), too many requests (429), Redis or the database unreachable (503).
#: Never a 500. Blueprints add 401/403 where a token is needed.
COMMON_ERROR_RESPONSES: dict[str | int, type[BaseModel] | dict[Any, Any] | None] = {
    code: ErrorBody for code in ("400", "404", "413", "422", "429", "503")
}


class ApiError(Exception):
    """Raise in a view to answer ``status`` with the error shape.

    code: machine-readable code (default from the status); message: shown to the client, so
    never put internals in it.
    """

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        fields: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.fields = fields
        self.headers = headers or {}


def error_response(
    status: int,
    message: str,
    code: str | None = None,
    fields: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A JSON response with the error shape and ``status``."""
    detail = ErrorDetail(code=code or CODES.get(status, "error"), message=message, fields=fields)
    response = jsonify(ErrorBody(error=detail).model_dump(exclude_none=True))
    response.status_code = status
    response.headers.update(headers or {})
    return response


def validation_error_response(exc: ValidationError) -> Response:
    """400 ``validation_error`` listing each invalid field (flask-openapi3's callback)."""
    fields = [
        FieldError(field=".".join(str(p) for p in err["loc"]) or "body", message=err["msg"])
        for err in exc.errors(include_url=False)
    ]
    return error_response(400, "The request is invalid.", "validation_error", fields)


def register_service_errors(blueprint: Blueprint) -> None:
    """Answer a service's refusal (``ServiceError``: NotFound, Conflict, Refused, Forbidden...)
    raised in a view of ``blueprint`` with the error shape: its status, message and code. The
    one mapping of service errors to HTTP; views let them propagate."""

    @blueprint.errorhandler(ServiceError)
    def _service_error(exc: ServiceError) -> Response:
        return error_response(exc.status, exc.message, exc.code)


def register_error_handlers(app: Flask) -> None:
    """Answer every HTTP error and every unexpected exception of ``app`` with the shape."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.message, exc.code, exc.fields, exc.headers)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        message = _MESSAGES.get(status) or exc.description or exc.name
        response = error_response(status, message)
        if status == 405 and exc.get_response().headers.get("Allow"):
            response.headers["Allow"] = exc.get_response().headers["Allow"]
        return response

    @app.errorhandler(redis.exceptions.RedisError)
    def _redis_down(exc: redis.exceptions.RedisError) -> Response | Any:
        # Dialogue state, de-duplication, replay memory and staff tokens live in Redis:
        # without it the request cannot be served correctly. 503 (WeChat retries a callback),
        # and the next request reconnects by itself once Redis is back.
        log.error(
            "Redis unreachable (%s) on %s %s: answering 503 until it is back",
            type(exc).__name__,
            request.method,
            request.path,
        )
        message = "服务暂时不可用（缓存服务无法连接），请稍后再试。"
        if request.path.startswith("/console"):
            from flask import render_template

            page = render_template("error.html", title="服务暂时不可用", message=message)
            return Response(page, status=503, mimetype="text/html")
        return error_response(503, message, "unavailable", headers={"Retry-After": "5"})

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response | Any:
        if isinstance(exc, HTTPException):  # pragma: no cover - routed above
            return _http_error(exc)
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, _MESSAGES[500])
