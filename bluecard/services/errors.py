"""Errors the services raise, each with the HTTP status it maps to and a message a person can
act on (in Chinese: clerks and workers read it). Pages flash it, the API returns it in the one
error shape (``bluecard.errors``), the chat says it."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of the services' refusals. status: HTTP status; message: user-facing text;
    code: stable machine code (``double_claim``, ``forged``...)."""

    status = 400
    code = "refused"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotFound(ServiceError):
    """No such card, application, notification... (404)."""

    status = 404
    code = "not_found"


class Conflict(ServiceError):
    """The state forbids it: a live card exists, a benefit was already claimed, a transition
    is not allowed (409)."""

    status = 409
    code = "conflict"


class Refused(ServiceError):
    """Understood but refused on the merits: not eligible, code expired or forged (422)."""

    status = 422
    code = "refused"


class Forbidden(ServiceError):
    """The actor's role may not do this (403)."""

    status = 403
    code = "forbidden"
