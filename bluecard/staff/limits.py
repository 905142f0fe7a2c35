"""The staff login rate limit (flask-limiter, LOGIN_RATE_LIMIT per client address), one count
shared by the console's login page and the staff API's ``/login``; both edges import it from
here. The edges render the 429 (``RateLimitExceeded``) in their own form."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

import redis
from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from bluecard.runtime import current_runtime

log = logging.getLogger(__name__)

LIMITER_KEY = "bluecard_login_limiter"


def init_login_limiter(app: Flask) -> None:
    """Bind the login limiter to ``app`` (Redis when REDIS_URL is set, else in-process)."""
    settings = app.config["BLUECARD_SETTINGS"]
    app.extensions[LIMITER_KEY] = Limiter(
        get_remote_address,
        app=app,
        storage_uri=settings.redis_url or "memory://",
        key_prefix=f"{settings.redis_prefix}:limiter",
        strategy="fixed-window",
        headers_enabled=False,
        # Redis down: let logins through (the per-account lock-out still holds) rather than
        # answer a 500 at every window.
        swallow_errors=True,
    )
    _drop_request_hooks(app, app.extensions[LIMITER_KEY])


def _drop_request_hooks(app: Flask, limiter: Limiter) -> None:
    """Unhook ``limiter`` from every request: it limits the two logins only, through
    ``check_login_rate``, yet flask-limiter registers a before-request check, an after-request
    header step and a teardown that ran on each request (a tenth of a millisecond on every
    WeChat callback, for no limit). Its explicit check keeps its state on the request context,
    which ends with the request, so nothing needs the teardown."""

    def hooked(func: Any) -> bool:
        owner = getattr(func, "__self__", None)
        if owner is None and isinstance(func, partial):
            owner = func.args[0] if func.args else None
        return owner is limiter

    registries: tuple[dict[Any, list[Any]], ...] = (
        app.before_request_funcs,
        app.after_request_funcs,
        app.teardown_request_funcs,
    )
    for registry in registries:
        for funcs in registry.values():
            funcs[:] = [f for f in funcs if not hooked(f)]


def check_login_rate() -> None:
    """Count one login attempt of this client address; raises RateLimitExceeded (429) once
    LOGIN_RATE_LIMIT is used up. Console and API logins share the count. With REDIS_URL set
    and Redis unreachable, raises the RedisError (answered 503, logged)."""
    runtime = current_runtime()
    if runtime.settings.redis_url:
        # The shared count and staff tokens live in Redis: without it, refuse (503) rather
        # than let logins through uncounted.
        try:
            runtime.redis.ping()
        except redis.RedisError as exc:
            log.error(
                "staff login refused: Redis unreachable (%s); the login rate limit and staff "
                "tokens need it — answering 503 until it is back",
                type(exc).__name__,
            )
            raise
    limiter: Limiter = current_app.extensions[LIMITER_KEY]
    with limiter.shared_limit(runtime.settings.login_rate_limit, scope="staff-login"):
        pass
