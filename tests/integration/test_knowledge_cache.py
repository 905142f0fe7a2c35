"""Answers kept per knowledge version (``bluecard.knowledge.CachedSearch``): a question asked
again is answered from memory, the same answer, without searching again; bounded."""

from __future__ import annotations

from typing import Any

import pytest

from bluecard.knowledge import CachedSearch

pytestmark = pytest.mark.integration

QUESTION = "洪泽区引进的高级技师有什么补贴？"


@pytest.fixture
def counted(real_knowledge: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[CachedSearch, list[str]]:
    cached = CachedSearch(real_knowledge.index, size=2)
    calls: list[str] = []
    search = cached.uncached.search

    def counting(query: str, **kwargs: Any) -> Any:
        calls.append(query)
        return search(query, **kwargs)

    monkeypatch.setattr(cached.uncached, "search", counting)
    return cached, calls


def test_a_question_asked_again_is_answered_from_memory(counted, real_knowledge):
    cached, calls = counted
    first = cached.search(QUESTION, top=8)
    again = cached.search(QUESTION, top=8)
    assert calls == [QUESTION]
    # Other arguments are another question.
    cached.search(QUESTION, top=8, region="台儿庄区")
    assert calls == [QUESTION, QUESTION]
    assert again == first == real_knowledge.index.search(QUESTION, top=8)
    assert first.answered and "15000" in first.hits[0].text


def test_the_cache_is_bounded_least_recently_asked_first(counted):
    cached, calls = counted
    for q in ("叶集区引进技师有住房补贴吗", "宿迁市级技能大师工作室资助标准", QUESTION):
        cached.search(q)
    cached.search(QUESTION)  # still kept
    cached.search("叶集区引进技师有住房补贴吗")  # dropped (size 2): searched again
    assert calls.count("叶集区引进技师有住房补贴吗") == 2 and calls.count(QUESTION) == 1


def test_a_caller_changing_its_result_does_not_change_the_next_answer(counted):
    cached, _ = counted
    result = cached.search(QUESTION)
    result.hits.clear()
    assert cached.search(QUESTION).hits


def test_the_rest_of_the_index_is_the_wrapped_one(counted, real_knowledge):
    cached, _ = counted
    doc_id = real_knowledge.index.search(QUESTION).hits[0].doc_id
    assert cached.document_info(doc_id) == real_knowledge.index.document_info(doc_id)
