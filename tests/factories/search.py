"""Probing the real search index with a question: the clause it leads with."""

from __future__ import annotations

from policy_kb.search import Hit, SearchIndex


def leading_hit(index: SearchIndex, question: str) -> Hit:
    """The first clause ``index`` answers ``question`` with; fails the test (naming the
    question) when the question is rejected as not answered."""
    result = index.search(question)
    assert result.answered, question
    return result.hits[0]
