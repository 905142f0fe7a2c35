"""Each process keeps its search index in step with the 扩展问 (``bluecard.stats.services``).

Before a request that may search (``/wechat``, ``/api/v1/search``) the process compares the
phrasing-set version in the database with the one its index was wrapped for, at most once per
``PHRASINGS_CHECK_SECONDS`` (Flask config, default 1 s: one primary-key read a second, not one
per message); the process that made a change checks at its next request (``invalidate``).
On a new version it wraps the index it has (``policy_kb.search.phrasings.with_phrasings``:
no re-indexing, the built arrays are shared) and gives it to the runtime and the bot. A failed
check leaves the current index answering: the chat must not fail for it.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from dataclasses import dataclass, field

from flask import Flask, current_app, has_app_context, request

from bluecard.knowledge import Knowledge
from bluecard.runtime import EXTENSION_KEY, Runtime

log = logging.getLogger(__name__)

STATE_KEY = "bluecard.phrasings"
DEFAULT_CHECK_SECONDS = 1.0
#: Requests that may search the knowledge base.
SEARCHING_PATHS = ("/wechat", "/api/v1/search")


@dataclass
class _State:
    """What this app's index was last wrapped for."""

    version: int = -1
    base: object = None
    checked_at: float = float("-inf")
    lock: threading.Lock = field(default_factory=threading.Lock)


def init_app(app: Flask) -> None:
    """Check the 扩展问 version before every request that may search."""
    app.extensions[STATE_KEY] = _State()

    @app.before_request
    def _phrasings_current() -> None:
        if request.path.startswith(SEARCHING_PATHS):
            refresh(app)


def invalidate() -> None:
    """Make the current app check the version at its next request (after a change)."""
    if has_app_context():
        state = current_app.extensions.get(STATE_KEY)
        if state is not None:
            state.checked_at = float("-inf")


def refresh(app: Flask) -> bool:
    """Wrap the app's index for the current 扩展问 when their version (or the index under the
    wrapper) changed; True when it did. Checks the database at most once per interval."""
    from bluecard.stats import services
    from policy_kb.search import SearchIndex
    from policy_kb.search.phrasings import PhrasedIndex, with_phrasings

    state: _State = app.extensions[STATE_KEY]
    interval = float(app.config.get("PHRASINGS_CHECK_SECONDS", DEFAULT_CHECK_SECONDS))
    now = time.monotonic()
    if now - state.checked_at < interval:
        return False
    with state.lock:
        if time.monotonic() - state.checked_at < interval:
            return False
        state.checked_at = time.monotonic()
        runtime: Runtime = app.extensions[EXTENSION_KEY]
        index = runtime.knowledge.index
        base = index.base if isinstance(index, PhrasedIndex) else index
        try:
            version = services.phrasing_version()
            if version == state.version and base is state.base:
                return False
            if not isinstance(base, SearchIndex):  # a test double: nothing to wrap
                state.version, state.base = version, base
                return False
            wrapped = with_phrasings(base, services.live_phrasings())
        except Exception:
            log.exception("could not check the 扩展问 version; the index stays as it is")
            return False
        state.version, state.base = version, base
        if wrapped is index:
            return False
        app.extensions[EXTENSION_KEY] = dataclasses.replace(
            runtime, knowledge=Knowledge(runtime.knowledge.kb, wrapped)
        )
        if getattr(runtime.bot, "index", None) is index:
            runtime.bot.index = wrapped
        log.info("search index wrapped for 扩展问 version %d", version)
        return True
