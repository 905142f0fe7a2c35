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
    """The knowledge base a process serves, following the version in the database.

    Policy staff publishing or retiring a document raise ``knowledge_version.version``
    (``bluecard.documents.services``). ``current()`` compares it with the version this
    process built (one primary-key read, once per request, remembered on ``flask.g``); when
    it moved, the process builds the new knowledge base — the base (bundled corpus and
    ``POLICY_KB_DIR``) plus the published documents — and its index once, under a lock, and
    a bot on it; requests in flight keep the one they started with. Version 0 (nothing
    published) serves the base as built at start-up.
    """

    def __init__(self, base: Knowledge, make_bot: Callable[[Knowledge], Any]) -> None:
        self._base = base
        self._make_bot = make_bot
        self._current = Current(0, base, make_bot(base))
        self._lock = threading.Lock()

    def current(self) -> Current:
        """The knowledge and bot of the database's version (see the class docstring)."""
        version = _checked_version()
        if version is None or version == self._current.version:
            return self._current
        with self._lock:
            if version != self._current.version:
                self._current = self._build(version)
            return self._current

    def _build(self, version: int) -> Current:
        if version == 0:
            from policy_kb.eligibility.catalogue import use_lifecycle
            from policy_kb.regions import use_regions

            use_lifecycle({})
            use_regions(())
            return Current(0, self._base, self._make_bot(self._base))
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
        return Current(built_version, knowledge, self._make_bot(knowledge))


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
