"""Each process keeps its search index in step with the 扩展问 (``bluecard.stats.services``):
``bluecard.knowledge.LiveKnowledge`` reads the phrasing-set version at most once per
``PHRASINGS_CHECK_SECONDS`` and wraps its index on a new one; the process that made a change
looks at its next request (``invalidate``)."""

from __future__ import annotations

from flask import has_app_context

from bluecard.runtime import current_runtime


def invalidate() -> None:
    """Make the current app read the 扩展问 version at its next request (after a change)."""
    if has_app_context():
        current_runtime().live.recheck_phrasings()
