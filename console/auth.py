"""Placeholder: filled by its owner (see console/__init__.py)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Bind the console's extensions (CSRF, limiter, sessions) to ``app``."""
