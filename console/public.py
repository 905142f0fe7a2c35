"""Placeholder: filled by its owner (see console/__init__.py)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("console_public", __name__)
