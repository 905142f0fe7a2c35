"""``GET /healthz``: is this instance able to serve (database and Redis answer)?"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify
from sqlalchemy import text

from bluecard.extensions import db
from bluecard.runtime import current_runtime

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """200 ``{"status": "ok", ...}`` when the database and Redis answer, else 503."""
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        checks["database"] = "ok"
    except Exception as exc:  # report, don't raise: this endpoint exists to say what is down
        log.warning("health: database down: %s", type(exc).__name__)
        checks["database"] = "down"
    try:
        current_runtime().redis.ping()
        checks["redis"] = "ok"
    except Exception as exc:
        log.warning("health: redis down: %s", type(exc).__name__)
        checks["redis"] = "down"
    ok = all(v == "ok" for v in checks.values())
    return jsonify(status="ok" if ok else "unavailable", **checks), 200 if ok else 503
