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

#: The Chinese message of each HTTP error raised outside a view's own handling (the code
#: stays English, ``CODES``): staff and workers read the message, programs the code.
_MESSAGES: dict[int, str] = {
    400: "请求无效，请检查后重试。",
    401: "请先登录。",
    403: "无权访问。",
    404: "没有找到这个页面或资源。",
    405: "不支持这种请求方式。",
    406: "无法提供所要求的格式。",
    408: "请求超时，请重试。",
    409: "与当前状态冲突，请刷新后重试。",
    411: "请求缺少长度。",
    413: "请求内容过大。",
    414: "网址过长。",
    415: "不支持的内容类型。",
    429: "请求过于频繁，请稍后再试。",
    500: "系统内部错误，已记录，请稍后再试。",
    502: "上游服务出错，请稍后再试。",
    503: "服务暂时不可用，请稍后再试。",
}
#: Titles of the console's error pages.
_TITLES: dict[int, str] = {
    403: "无权访问",
    404: "页面不存在",
    405: "请求方式不对",
    413: "文件或内容过大",
    500: "系统出错",
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
    """422 ``validation_error`` listing each invalid field (flask-openapi3's callback): a
    request that does not fit the schema is refused like any other bad input (a domain
    refusal is 422 too), with a Chinese message naming the fields; each field keeps
    pydantic's own text as detail."""
    fields = [
        FieldError(field=".".join(str(p) for p in err["loc"]) or "body", message=err["msg"])
        for err in exc.errors(include_url=False)
    ]
    names = "、".join(dict.fromkeys(f.field for f in fields)) or "body"
    return error_response(422, f"请求内容有误：{names}", "validation_error", fields)


def _page(status: int, message: str) -> Response:
    """The console's error page (its look, in Chinese) for ``status``."""
    from flask import render_template

    title = _TITLES.get(status, "无法办理")
    return Response(render_template("error.html", title=title, message=message), status=status)


def register_service_errors(blueprint: Blueprint) -> None:
    """Answer a service's refusal (``ServiceError``: NotFound, Conflict, Refused, Forbidden...)
    raised in a view of ``blueprint`` with the error shape: its status, message and code. The
    one mapping of service errors to HTTP; views let them propagate."""

    @blueprint.errorhandler(ServiceError)
    def _service_error(exc: ServiceError) -> Response:
        return error_response(exc.status, exc.message, exc.code)


def register_service_error_pages(blueprint: Blueprint) -> None:
    """The console's form of the same mapping: a ``ServiceError`` raised in a view of
    ``blueprint`` is the console's error page with the service's message and status (a row
    that is missing or of another district is 404, never a 500). ``console.init_app`` puts it
    on every console blueprint; views let service errors propagate unless they re-render
    their own page with the message."""

    @blueprint.errorhandler(ServiceError)
    def _service_error(exc: ServiceError) -> Response:
        return _page(exc.status, exc.message)


def register_error_handlers(app: Flask) -> None:
    """Answer every HTTP error and every unexpected exception of ``app`` with the shape."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.message, exc.code, exc.fields, exc.headers)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        return http_error_response(exc, request.path)

    @app.errorhandler(redis.exceptions.RedisError)
    def _redis_down(exc: redis.exceptions.RedisError) -> Response | Any:
        return redis_down_response(exc, request.method, request.path)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response | Any:
        if isinstance(exc, HTTPException):  # pragma: no cover - routed above
            return _http_error(exc)
        return unexpected_response(request.method, request.path)


# The three answers below are shared by the app's handlers and ``handlers.lean`` (the
# callback's path around Flask's request machinery), which passes the method and path itself.
# They need an app context (``jsonify``, templates), not a request context.
def http_error_response(exc: HTTPException, path: str) -> Response:
    """An HTTP error (404, 405, 413...) of a request to ``path`` in the shape (the console's
    error page under ``/console``)."""
    status = exc.code or 500
    message = _MESSAGES.get(status) or exc.description or exc.name
    if path.startswith("/console"):
        return _page(status, message)
    response = error_response(status, message)
    if status == 405 and exc.get_response().headers.get("Allow"):
        response.headers["Allow"] = exc.get_response().headers["Allow"]
    return response


def redis_down_response(exc: redis.exceptions.RedisError, method: str, path: str) -> Response:
    """503 for a request that found Redis unreachable, logged with its method and path."""
    # Dialogue state, de-duplication, replay memory and staff tokens live in Redis:
    # without it the request cannot be served correctly. 503 (WeChat retries a callback),
    # and the next request reconnects by itself once Redis is back.
    log.error(
        "Redis unreachable (%s) on %s %s: answering 503 until it is back",
        type(exc).__name__,
        method,
        path,
    )
    message = "服务暂时不可用（缓存服务无法连接），请稍后再试。"
    if path.startswith("/console"):
        from flask import render_template

        page = render_template("error.html", title="服务暂时不可用", message=message)
        return Response(page, status=503, mimetype="text/html")
    return error_response(503, message, "unavailable", headers={"Retry-After": "5"})


def unexpected_response(method: str, path: str) -> Response:
    """500 with a generic message for an exception nothing handled; call it inside the
    ``except`` block (the traceback goes to the server log, redacted)."""
    log.exception("unhandled error on %s %s", method, path)
    if path.startswith("/console"):
        return _page(500, _MESSAGES[500])
    return error_response(500, _MESSAGES[500])
