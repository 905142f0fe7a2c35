"""Placeholder: filled by its owner (see miniapp_api/__init__.py)."""

from __future__ import annotations

from flask_openapi3 import APIBlueprint

api = APIBlueprint("cards_api", __name__, url_prefix="/api/v1")
