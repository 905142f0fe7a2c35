"""What a how-many question counts, and a question about a table's units."""

from __future__ import annotations

import pytest

from policy_kb.search import SearchIndex


def test_how_many_is_answered_by_the_count_of_what_is_asked(index: SearchIndex) -> None:
    # The measure's own clause describes the training; the targets count its trainees.
    r = index.search("洪泽新型学徒制要培训多少人")
    assert r.answered
    assert "新型学徒制培训1000人以上" in r.hits[0].text


def test_a_countys_count_still_comes_from_its_table_row(index: SearchIndex) -> None:
    r = index.search("泗洪县三年要引进多少各类人才")
    assert r.hits[0].text.startswith("泗洪县")


@pytest.mark.parametrize(
    "question", ["台儿庄那张调查表的数字以什么为单位", "调查表里工资按啥单位填"]
)
def test_a_question_about_units_gets_the_tables_note_of_units(
    index: SearchIndex, question: str
) -> None:
    r = index.search(question)
    assert r.answered
    assert "单位" in r.hits[0].text and len(r.hits[0].text) < 20


def test_a_table_note_of_units_does_not_answer_other_questions(index: SearchIndex) -> None:
    r = index.search("台儿庄调查表要填哪些栏目")
    assert "（单位" not in r.hits[0].text


@pytest.mark.parametrize(
    "question", ["为什么要填技能人才需求调查表", "台儿庄那张调查表拿去做什么用"]
)
def test_what_a_form_is_for_is_the_sentence_saying_what_it_serves(
    index: SearchIndex, question: str
) -> None:
    r = index.search(question)
    assert r.answered
    assert "为领导决策和工作开展提供依据" in r.hits[0].text
