"""WeChat official-account callback: signature and AES checks, hostile-XML guards,
de-duplication of WeChat's retries, and dispatch of messages and events to the bot.

``init_app(app)`` registers the ``/wechat`` blueprint and serves GET/POST ``/wechat`` on its
lean WSGI path (``handlers.lean``); the service core (``bluecard``) must
have put its runtime in ``app.extensions["bluecard"]`` first.
"""

from __future__ import annotations

from flask import Flask

from handlers import lean
from handlers.callback import bp, init_callback


def init_app(app: Flask) -> None:
    """Register the callback blueprint and its per-app state (crypto, de-duplicator), and put
    the callback's lean WSGI path (``handlers.lean``) in front of the app."""
    init_callback(app)
    app.register_blueprint(bp)
    lean.install(app)


__all__ = ["init_app"]
