"""A question asking which higher document a policy follows (依据, 根据哪个文件, 照着什么文件
出的) gets the document's facts, led by its 依据 line."""

from __future__ import annotations

import pytest

from policy_kb.search import SearchIndex


@pytest.mark.parametrize(
    "question",
    ["宿迁这个实施方案根据的是上面哪份文件", "台儿庄的方案是照着市里什么文件出的"],
)
def test_basis_questions_quote_the_documents_basis(index: SearchIndex, question: str) -> None:
    r = index.search(question)
    assert r.about_document and r.answered
    assert r.hits[0].sentence.startswith("依据：")


def test_a_question_on_what_a_document_grants_is_not_one_on_its_basis(index: SearchIndex) -> None:
    r = index.search("宿迁按照什么标准给技师补贴")
    assert not r.about_document
