"""Fixtures shared by the unit tests of search and the dialogue: the bundled knowledge base and
its search index, built once for the whole run (a build takes seconds; the tests only read it),
a session clock the test moves forward and an in-memory session store. A module needing another index or clock defines its
own fixture of the same name."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories.chat import Clock

from bot.store import MemoryStore
from policy_kb.kb import load_knowledge_base
from policy_kb.model import KnowledgeBase
from policy_kb.search import SearchIndex


@pytest.fixture(scope="session")
def kb_index() -> tuple[KnowledgeBase, SearchIndex]:
    """The bundled knowledge base (no ingested documents, whatever ``$POLICY_KB_DIR`` says) and
    its search index."""
    kb = load_knowledge_base(extra_dir=Path("/nonexistent"))
    return kb, SearchIndex.build(kb)


@pytest.fixture(scope="session")
def index(kb_index: tuple[KnowledgeBase, SearchIndex]) -> SearchIndex:
    """The search index of ``kb_index``."""
    return kb_index[1]


@pytest.fixture
def store() -> MemoryStore:
    """The bot's session store, in memory: what it kept is read with ``factories.chat.kept``."""
    return MemoryStore()


@pytest.fixture
def clock() -> Clock:
    """A clock at 1000 s the test moves forward (``clock.now += …``) for session expiry."""
    return Clock()
