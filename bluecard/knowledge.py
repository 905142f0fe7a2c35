"""The policy knowledge base and its search index, built once per process.

Building parses every document and fits the ranking model, so it happens in ``create_app``
(before a pre-forking server forks, the workers share the pages) and never per request.
Documents ingested after start-up are picked up on the next restart.
"""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
