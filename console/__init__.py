"""Staff console (server-rendered pages) and the public card page a phone opens from a QR.

``init_app(app)`` registers: ``console.auth`` (login/logout, sessions, CSRF, rate limit),
``console.views`` (scan, card view, card review, applications, ledger export),
``console.notifications`` (compose, preview, confirm, progress), ``console.talent``
(技能人才库, demand, supply–demand), ``console.guides`` (申兑指南 for staff and workers) and
``console.public``
(``/c/<token>``: validity, level, district, masked name — nothing else).
"""

from __future__ import annotations

from flask import Flask

from console import (
    admin,
    auth,
    documents,
    grants,
    guides,
    notifications,
    office,
    payouts,
    public,
    stats,
    surveys,
    talent,
    targets,
    views,
)


def init_app(app: Flask) -> None:
    """Register the console and public-page blueprints and their extensions on ``app``."""
    # First: their upload limits must hold before the CSRF check reads the form.
    documents.init_app(app)
    office.init_app(app)
    auth.init_app(app)
    for module in (
        views,
        office,
        admin,
        notifications,
        payouts,
        grants,
        public,
        stats,
        talent,
        targets,
        guides,
    ):
        app.register_blueprint(module.bp)
    surveys.init_app(app)


__all__ = ["init_app"]
