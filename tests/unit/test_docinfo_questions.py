"""Questions about a document itself, in a worker's words: may it be passed on, is it still in
force when the last words only ask 「到期了没」, which rule wins when two disagree."""

from __future__ import annotations

import pytest

from policy_kb import docinfo


@pytest.mark.parametrize(
    "question",
    [
        "宿迁人社局这个方案是公开的么，可以转发给工友吗",
        "叶集的意见和老规定矛盾的话听哪个",
        "洪泽的实施方案执行到哪年，到期了没",
    ],
)
def test_these_ask_about_the_document(question):
    assert docinfo.asks_about_document(question) is not None


def test_a_short_last_question_about_a_story_is_not_about_a_document():
    assert docinfo.asks_about_document("我在宿迁干了三年电焊，社保断了两个月，还有效吗") is None


def test_may_it_be_passed_on_is_answered_from_the_printed_footer(kb_index):
    _kb, index = kb_index
    result = index.search("宿迁人社局这个方案是公开的么，可以转发给工友吗")
    assert result.about_document
    assert result.hits[0].doc_id == "suqian-2021"
    assert "此件公开发布" in result.hits[0].sentence


def test_which_rule_wins_is_answered_from_the_documents_own_clause(kb_index):
    _kb, index = kb_index
    result = index.search("叶集的意见和老规定矛盾的话听哪个")
    assert result.hits[0].doc_id == "yeji"
    assert "以本意见为准" in result.hits[0].sentence


def test_in_force_asked_at_the_end_of_a_question_naming_the_document(kb_index):
    _kb, index = kb_index
    result = index.search("洪泽的实施方案执行到哪年，到期了没")
    assert result.about_document
    assert "2025" in result.hits[0].sentence
