"""Fixtures shared by the dialogue's unit tests."""

from __future__ import annotations

import pytest

from policy_kb.kb import load_knowledge_base
from policy_kb.model import KnowledgeBase
from policy_kb.search import SearchIndex


@pytest.fixture(scope="session")
def kb_index() -> tuple[KnowledgeBase, SearchIndex]:
    """The bundled knowledge base and its search index, built once for the whole run."""
    kb = load_knowledge_base()
    return kb, SearchIndex.build(kb)
