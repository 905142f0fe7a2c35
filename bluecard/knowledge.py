"""The policy knowledge base and its search index, built once per process.

Building parses every document and fits the ranking model, so it happens in ``create_app``
(before a pre-forking server forks, the workers share the pages) and never per request.
Documents policy staff publish in the console raise the knowledge-base version in the
database; ``LiveKnowledge`` rebuilds once per version in every process, without a restart.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policy_kb.model import KnowledgeBase
    from policy_kb.search import SearchIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Knowledge:
    """The knowledge base (documents, clause trees) and the search index built on it."""

    kb: KnowledgeBase
    index: SearchIndex


@functools.lru_cache(maxsize=4)
def load_knowledge(extra_dir: str | None = None) -> Knowledge:
    """The bundled corpus plus documents ingested into ``extra_dir``, with a search index.

    Cached per process and per ``extra_dir``: every app created in this process shares it.
    Raises policy_kb.ingest.IngestError when an ingested document is broken.
    """
    # Imported here so importing bluecard stays cheap (jieba, bm25s) until an app is built.
    from policy_kb.kb import load_knowledge_base
    from policy_kb.search import SearchIndex

    started = time.monotonic()
    kb = load_knowledge_base(Path(extra_dir) if extra_dir else None)
    index = SearchIndex.build(kb)
    log.info(
        "knowledge base: %d documents, search index built in %.1f s",
        len(kb.documents),
        time.monotonic() - started,
    )
    return Knowledge(kb, index)


@dataclass(frozen=True)
class Current:
    """What requests use: the knowledge base of ``version``, and the bot built on it."""

    version: int
    knowledge: Knowledge
    bot: Any


class LiveKnowledge:
    """The knowledge base a process serves, following two versions in the database.

    Policy staff publishing or retiring a document raise ``knowledge_version.version``
    (``bluecard.documents.services``); attaching a question to a clause (扩展问) raises the
    phrasing version (``bluecard.stats.services``). ``current()`` compares both with what this
    process built: the document version once per request (one primary-key read, remembered on
    ``flask.g``), the phrasing version at most once per ``PHRASINGS_CHECK_SECONDS`` (Flask
    config, default 1 s; ``recheck_phrasings`` makes the next request look). When the
    documents moved, the process builds the new knowledge base — the base (bundled corpus and
    ``POLICY_KB_DIR``) plus the published documents — and its index once, under a lock; when
    only the 扩展问 moved, it wraps the index it has (no re-indexing). Either way a bot is built
    on the result; requests in flight keep the one they started with. Version 0 (nothing
    published) serves the base as built at start-up. A version that cannot be read leaves the
    current knowledge answering: the chat must not fail for it.
    """

    def __init__(self, base: Knowledge, make_bot: Callable[[Knowledge], Any]) -> None:
        self._base = base
        self._make_bot = make_bot
        self._current = Current(0, base, make_bot(base))
        self._documents = base  # the knowledge of self._current.version, before 扩展问
        self._phrasing_version = 0
        self._phrasing_checked = float("-inf")
        self._lock = threading.Lock()

    def current(self) -> Current:
        """The knowledge and bot of the database's versions (see the class docstring)."""
        version = _checked_version()
        if version is None:
            version = self._current.version
        phrasing = self._checked_phrasing_version()
        if version == self._current.version and phrasing == self._phrasing_version:
            return self._current
        with self._lock:
            if version != self._current.version:
                self._documents = self._build(version)
            if version != self._current.version or phrasing != self._phrasing_version:
                knowledge = _with_phrasings(self._documents, phrasing)
                self._current = Current(version, knowledge, self._make_bot(knowledge))
                self._phrasing_version = phrasing
            return self._current

    def recheck_phrasings(self) -> None:
        """Make the next ``current()`` read the phrasing version (after a change here)."""
        self._phrasing_checked = float("-inf")

    def _checked_phrasing_version(self) -> int:
        from flask import current_app, has_app_context

        interval = 1.0
        if has_app_context():
            interval = float(current_app.config.get("PHRASINGS_CHECK_SECONDS", 1.0))
        now = time.monotonic()
        if now - self._phrasing_checked < interval:
            return self._phrasing_version
        self._phrasing_checked = now
        from bluecard.stats.services import phrasing_version

        try:
            return phrasing_version()
        except Exception:
            log.exception("could not read the 扩展问 version; the index stays as it is")
            return self._phrasing_version

    def _build(self, version: int) -> Knowledge:
        if version == 0:
            from policy_kb.eligibility.catalogue import use_lifecycle
            from policy_kb.regions import use_regions

            use_lifecycle({})
            use_regions(())
            return self._base
        from bluecard.documents.services import published_knowledge_base

        started = time.monotonic()
        built_version, kb = published_knowledge_base(self._base.kb)
        knowledge = _index_for(kb)
        log.info(
            "knowledge base version %d: %d documents, index built in %.1f s",
            built_version,
            len(kb.documents),
            time.monotonic() - started,
        )
        return knowledge


def _with_phrasings(knowledge: Knowledge, phrasing_version: int) -> Knowledge:
    """``knowledge`` whose index also answers the live 扩展问 (itself when there are none or
    its index is a test double)."""
    from policy_kb.search import SearchIndex
    from policy_kb.search.phrasings import with_phrasings

    if phrasing_version == 0 or not isinstance(knowledge.index, SearchIndex):
        return knowledge
    from bluecard.stats.services import live_phrasings

    return Knowledge(knowledge.kb, with_phrasings(knowledge.index, live_phrasings()))


def _index_for(kb: KnowledgeBase) -> Knowledge:
    from policy_kb.search import SearchIndex

    return Knowledge(kb, SearchIndex.build(kb))


def _checked_version() -> int | None:
    """The database's knowledge-base version, read once per request (0 when no document was
    ever published; None when it cannot be read)."""
    from flask import g, has_request_context

    if has_request_context() and "kb_version" in g:
        cached: int | None = g.kb_version
        return cached
    from bluecard.documents.services import knowledge_version

    version = knowledge_version()
    if has_request_context():
        g.kb_version = version
    return version
