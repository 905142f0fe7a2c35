"""The policy knowledge base and its search index, built once per process.

Building parses every document and fits the ranking model, so it happens in ``create_app``
(before a pre-forking server forks, the workers share the pages) and never per request.
Documents policy staff publish in the console raise the knowledge-base version in the
database; ``LiveKnowledge`` rebuilds once per version in every process, without a restart.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from flask import current_app, has_app_context

from policy_kb import eligibility
from policy_kb.eligibility.catalogue import default_catalogue, use_lifecycle
from policy_kb.kb import load_knowledge_base
from policy_kb.model import KnowledgeBase
from policy_kb.regions import use_regions
from policy_kb.search import SearchIndex, SearchResult
from policy_kb.search.cache import build_index
from policy_kb.search.phrasings import Phrasing, with_phrasings

log = logging.getLogger(__name__)

#: Answers kept per knowledge version and process (least recently asked dropped first).
SEARCH_CACHE_SIZE = 2048
#: Eligibility results kept per bot (``CachedEvaluator``).
EVALUATION_CACHE_SIZE = 1024
_SearchKey = tuple[str, int, str | None, str | None]


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
    started = time.monotonic()
    kb = load_knowledge_base(Path(extra_dir) if extra_dir else None)
    index = build_index(kb)  # loaded from the on-disk cache when these documents were indexed
    log.info(
        "knowledge base: %d documents, search index ready in %.1f s",
        len(kb.documents),
        time.monotonic() - started,
    )
    return Knowledge(kb, index)


class CachedSearch(SearchIndex):
    """A ``SearchIndex`` (or ``PhrasedIndex``) whose ``search`` results are kept, up to
    ``size`` of them, the least recently asked dropped first.

    Keyed by the question as given and the search's arguments (``top``, ``region``,
    ``prefer_region``): a search reads nothing but them and the index, so the same key gives the
    same result. One wrapper is made per knowledge version (``LiveKnowledge``): a document
    published or retired, or a 扩展问 attached, starts with an empty cache. Everything else
    (``document_info``, ``match``...) is the wrapped index's. Safe to share between threads.
    """

    def __init__(self, index: SearchIndex, size: int = SEARCH_CACHE_SIZE) -> None:
        # Shares the wrapped index's arrays and models (nothing is copied or re-indexed).
        self.__dict__.update(index.__dict__)
        self.uncached = index
        self._size = size
        self._answers: OrderedDict[_SearchKey, SearchResult] = OrderedDict()
        self._answers_lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        # Only for what SearchIndex itself lacks (``PhrasedIndex.match``, ``phrasings``).
        return getattr(self.__dict__["uncached"], name)

    def search(
        self,
        query: str,
        *,
        top: int = 3,
        region: str | None = None,
        prefer_region: str | None = None,
    ) -> SearchResult:
        """``SearchIndex.search`` of the wrapped index, from memory when asked before (raises
        as it does; a raise is not kept)."""
        key = (query, top, region, prefer_region)
        with self._answers_lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
        if found is None:
            found = self.uncached.search(query, top=top, region=region, prefer_region=prefer_region)
            with self._answers_lock:
                self._answers[key] = found
                while len(self._answers) > self._size:
                    self._answers.popitem(last=False)
        # Results and hits are frozen; the list is the caller's own.
        return replace(found, hits=list(found.hits))


class CachedEvaluator:
    """The bot's eligibility evaluator (``bot.questionnaire.default_evaluator``: profile dict →
    result dict, raising ``policy_kb.eligibility.ProfileError``) keeping the engine's results,
    up to ``size`` of them, the least recently asked dropped first.

    Every questionnaire turn evaluates the answers so far, and most turns repeat a profile
    already evaluated (an aside, a question asked again): the engine reads nothing but the
    profile, the day and the catalogue in use, so results are keyed by the profile's JSON
    (plus the day when the profile names none) and dropped whenever the catalogue in use is
    another one (``use_lifecycle``: published lifecycles). One per bot, so per knowledge
    version. Each call returns a new dict (``EligibilityResult.to_dict``): callers may change
    it. A raise is not kept. Safe to share between threads.
    """

    def __init__(self, size: int = EVALUATION_CACHE_SIZE) -> None:
        self._size = size
        self._catalogue: object | None = None
        self._results: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, profile: dict[str, Any]) -> dict[str, Any]:
        catalogue = default_catalogue()
        key = json.dumps(profile, sort_keys=True, ensure_ascii=False, default=str)
        if "as_of" not in profile:
            key += "@" + date.today().isoformat()  # parse_profile's default day
        with self._lock:
            if self._catalogue is not catalogue:
                self._results.clear()
                self._catalogue = catalogue
            found = self._results.get(key)
            if found is not None:
                self._results.move_to_end(key)
        if found is None:
            found = eligibility.evaluate(eligibility.parse_profile(profile), catalogue)
            with self._lock:
                if self._catalogue is catalogue:
                    self._results[key] = found
                    while len(self._results) > self._size:
                        self._results.popitem(last=False)
        result: dict[str, Any] = found.to_dict()
        return result


class KnowledgeSource(Protocol):
    """Where the published versions live (the database: ``bluecard.documents.services`` and
    ``bluecard.stats.services``; the app factory passes them in, so this module imports no
    feature)."""

    def knowledge_version(self) -> int | None:
        """The documents' published version (0: none); None when it cannot be read."""
        ...

    def phrasing_version(self) -> int:
        """The version of the set of 扩展问 (0: none). May raise when unreadable."""
        ...

    def published_knowledge_base(self, base: KnowledgeBase) -> tuple[int, KnowledgeBase]:
        """(version, ``base`` with the published documents and lifecycle)."""
        ...

    def live_phrasings(self) -> Sequence[Phrasing]:
        """The 扩展问 attached to clauses now."""
        ...


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
    phrasing version (``bluecard.stats.services``). ``current()`` reads both at most once per
    ``KNOWLEDGE_CHECK_SECONDS`` (Flask config, default 1 s: two primary-key reads a second per
    process, not two per message — they were an eighth of a callback's time); ``recheck``
    makes the next request look (the process that made a change). When the documents moved,
    the process builds the new knowledge base — the base (bundled corpus and
    ``POLICY_KB_DIR``) plus the published documents — and its index once, under a lock; when
    only the 扩展问 moved, it wraps the index it has (no re-indexing). Either way a bot is built
    on the result; requests in flight keep the one they started with. Version 0 (nothing
    published) serves the base as built at start-up. A version that cannot be read leaves the
    current knowledge answering: the chat must not fail for it.
    """

    def __init__(
        self, base: Knowledge, make_bot: Callable[[Knowledge], Any], source: KnowledgeSource
    ) -> None:
        self._base = base
        self._make_bot = make_bot
        self._source = source
        served = _cached(base)
        self._current = Current(0, served, make_bot(served))
        self._documents = base  # the knowledge of self._current.version, before 扩展问
        self._phrasing_version = 0
        self._checked_at = float("-inf")
        self._lock = threading.Lock()

    def current(self) -> Current:
        """The knowledge and bot of the database's versions (see the class docstring)."""
        versions = self._checked_versions()
        if versions is None:
            return self._current
        version, phrasing = versions
        if version == self._current.version and phrasing == self._phrasing_version:
            return self._current
        with self._lock:
            if version != self._current.version:
                self._documents = self._build(version)
            if version != self._current.version or phrasing != self._phrasing_version:
                knowledge = _cached(self._with_phrasings(self._documents, phrasing))
                self._current = Current(version, knowledge, self._make_bot(knowledge))
                self._phrasing_version = phrasing
            return self._current

    def recheck(self) -> None:
        """Make the next ``current()`` read the versions (after a change in this process)."""
        self._checked_at = float("-inf")

    def _checked_versions(self) -> tuple[int, int] | None:
        """(document version, 扩展问 version) when it is time to look, else None."""
        interval = 1.0
        if has_app_context():
            interval = float(current_app.config.get("KNOWLEDGE_CHECK_SECONDS", 1.0))
        now = time.monotonic()
        if now - self._checked_at < interval:
            return None
        self._checked_at = now
        version = self._source.knowledge_version()  # None when unreadable (logged there)
        try:
            phrasing = self._source.phrasing_version()
        except Exception:
            log.exception("could not read the 扩展问 version; the index stays as it is")
            phrasing = self._phrasing_version
        return (self._current.version if version is None else version, phrasing)

    def _build(self, version: int) -> Knowledge:
        if version == 0:
            use_lifecycle({})
            use_regions(())
            return self._base
        started = time.monotonic()
        built_version, kb = self._source.published_knowledge_base(self._base.kb)
        knowledge = _index_for(kb)
        log.info(
            "knowledge base version %d: %d documents, index built in %.1f s",
            built_version,
            len(kb.documents),
            time.monotonic() - started,
        )
        return knowledge

    def _with_phrasings(self, knowledge: Knowledge, phrasing_version: int) -> Knowledge:
        """``knowledge`` whose index also answers the live 扩展问 (itself when there are none
        or its index is a test double)."""
        if phrasing_version == 0 or not isinstance(knowledge.index, SearchIndex):
            return knowledge
        phrasings = self._source.live_phrasings()
        return Knowledge(knowledge.kb, with_phrasings(knowledge.index, phrasings))


def _cached(knowledge: Knowledge) -> Knowledge:
    """``knowledge`` whose index remembers its answers (``CachedSearch``; a test double stays
    as it is)."""
    if not isinstance(knowledge.index, SearchIndex):
        return knowledge
    return Knowledge(knowledge.kb, CachedSearch(knowledge.index))


def _index_for(kb: KnowledgeBase) -> Knowledge:
    return Knowledge(kb, build_index(kb))
