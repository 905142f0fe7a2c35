"""JSON API for the mini-program (and later for staff), documented by OpenAPI.

``init_app(app)`` registers the blueprints on the ``flask_openapi3.OpenAPI`` app built by
``bluecard.create_app``; the spec is served at ``/openapi/openapi.json``.
"""

from __future__ import annotations

from flask import request
from flask_openapi3 import OpenAPI

from bluecard.errors import register_service_errors
from bluecard.services.errors import ServiceError
from miniapp_api import (
    auth,
    cards,
    documents,
    eligibility,
    evidence,
    guides,
    notifications,
    payouts,
    policies,
    staff,
    stats,
    surveys,
    talent,
    targets,
)

#: The API takes small JSON bodies only; the 1 MiB app-wide limit is for the WeChat callback.
MAX_API_BODY_BYTES = 16 * 1024


#: Every API blueprint, in the order ``init_app`` registers them.
_APIS = (
    auth.api,
    auth.me_api,
    policies.api,
    eligibility.api,
    cards.api,
    evidence.api,
    staff.api,
    notifications.api,
    payouts.api,
    stats.api,
    talent.staff_api,
    talent.api,
    documents.api,
    surveys.api,
    surveys.staff_api,
    targets.api,
    guides.api,
)

# Each blueprint maps ServiceError to HTTP once (a missing row is 404, never a 500), also the
# few whose views turn some refusals into ApiError themselves; once per process, before any app
# registers them.
for _api in _APIS:
    if ServiceError not in _api.error_handler_spec.get(None, {}).get(None, {}):
        register_service_errors(_api)


def init_app(app: OpenAPI) -> None:
    """Register the API blueprints and the API's request-size limit on ``app``."""
    for api in _APIS:
        app.register_api(api)

    @app.before_request
    def _limit_api_body() -> None:
        if request.path == evidence.UPLOAD_PATH:
            # An upload: its limit is the evidence limit plus room for the multipart framing.
            limit = app.config["BLUECARD_SETTINGS"].evidence_max_bytes
            request.max_content_length = limit + 64 * 1024
        elif request.path.startswith("/api/"):
            # The bank's result file of a payout batch is the other upload (limited there).
            big = request.path.endswith("/bank-result")
            request.max_content_length = payouts.MAX_BANK_FILE if big else MAX_API_BODY_BYTES


__all__ = ["init_app"]
