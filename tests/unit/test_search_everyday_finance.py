"""Everyday money matters of banks, apps and shops (借呗, 网贷, 股票, 以旧换新) are out of
scope, even where one of their words (额度, 补) is a word of the documents too."""

from __future__ import annotations

import pytest

from policy_kb.search import SearchIndex


@pytest.mark.parametrize(
    "question", ["花呗额度能调高吗", "网贷逾期了咋办", "股票怎么开户", "家电以旧换新能补多少"]
)
def test_everyday_finance_is_out_of_scope(index: SearchIndex, question: str) -> None:
    assert not index.search(question).answered


def test_an_amount_word_of_the_documents_subject_stays_in_scope(index: SearchIndex) -> None:
    assert index.search("技师引进补贴额度多少").answered
    assert index.search("叶集引进技师住房补贴额度是多少").answered
