"""WeChat official-account callback: signature and AES checks, hostile-XML guards,
de-duplication of WeChat's retries, and dispatch of messages and events to the bot.

``init_app(app)`` registers the ``/wechat`` blueprint; the service core (``bluecard``) must
have put its runtime in ``app.extensions["bluecard"]`` first.
"""

from __future__ import annotations

from flask import Flask

from handlers.callback import bp, init_callback


def init_app(app: Flask) -> None:
    """Register the callback blueprint and its per-app state (crypto, de-duplicator)."""
    init_callback(app)
    app.register_blueprint(bp)


__all__ = ["init_app"]
