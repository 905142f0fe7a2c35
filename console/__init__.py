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

from bluecard.errors import register_service_error_pages
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

#: Blueprints ``init_app`` registers itself, in order (the others register in their module's
#: ``init_app``).
_REGISTERED_HERE = (
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
)
#: Every console module with a blueprint ``bp``.
_MODULES = (*_REGISTERED_HERE, auth, documents, surveys)

# Once per process, before any app registers them (a registered blueprint takes no handler).
for _bp in (*(m.bp for m in _MODULES), surveys.public_bp):
    register_service_error_pages(_bp)


def init_app(app: Flask) -> None:
    """Register the console and public-page blueprints and their extensions on ``app``;
    every one of them answers a service refusal with the one error page
    (``register_service_error_pages``: missing or another district's row → 404, not 500)."""
    # First: their upload limits must hold before the CSRF check reads the form.
    documents.init_app(app)
    office.init_app(app)
    auth.init_app(app)
    for module in _REGISTERED_HERE:
        app.register_blueprint(module.bp)
    surveys.init_app(app)


__all__ = ["init_app"]
