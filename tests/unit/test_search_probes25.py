"""Probes of wordings answered by the wrong clause or wrongly rejected, in phrasings of our own
from the documents: whether a place's document has started to apply, asked in everyday words
(开始执行, 执行了没), answered by its document-information entry stating its standing; and an
employer asking whether a wage-growth rule is binding (硬性规定), answered by that clause.
Real knowledge base and search."""

from __future__ import annotations

import pytest
from factories.search import leading_hit

from policy_kb.docinfo import bare_status_ask
from policy_kb.search import SearchIndex

STANDING: list[tuple[str, str]] = [
    ("洪泽那份方案目前开始施行了么", "hongze-2021"),
    ("连云港的意见执行起来没", "lianyungang-draft"),
    ("宿迁这个文件打哪天起开始实施的", "suqian-2021"),
    ("连云港开始实行了没", "lianyungang-draft"),
]


@pytest.mark.parametrize(("question", "doc_id"), STANDING)
def test_whether_a_document_applies_yet_leads_with_its_standing(
    index: SearchIndex, question: str, doc_id: str
) -> None:
    hit = leading_hit(index, question)
    assert (hit.doc_id, hit.clause_id) == (doc_id, "文件信息"), question


def test_a_draft_asked_whether_it_applies_yet_says_it_is_a_draft(index: SearchIndex) -> None:
    hit = index.search("连云港那个意见开始执行了吗").hits[0]
    assert "征求意见稿" in hit.text


def test_a_benefit_asked_whether_it_is_paid_yet_stays_a_benefit_question(
    index: SearchIndex,
) -> None:
    hit = index.search("洪泽引进技师补贴执行了没有").hits[0]
    assert hit.clause_id != "文件信息"


def test_a_place_and_a_start_word_alone_ask_its_standing() -> None:
    assert bare_status_ask("开始执行没有")
    assert bare_status_ask("正式实行了吗")
    assert not bare_status_ask("开始报名没有")


@pytest.mark.parametrize(
    "question",
    [
        "连云港给技能人才加工资的幅度有没有硬性的规定",
        "我在公司管人事，连云港技工工资增幅是不是有硬性要求",
        "连云港技术工人的涨薪幅度有明文规定吗",
    ],
)
def test_a_binding_wage_growth_rule_is_answered_by_its_clause(
    index: SearchIndex, question: str
) -> None:
    hit = leading_hit(index, question)
    assert (hit.doc_id, hit.clause_id) == ("lianyungang-draft", "七")
    assert "工资增幅" in hit.text


@pytest.mark.parametrize(
    "question",
    [
        "宿迁要引进6w人才，这个说法是真的吗",
        "有人讲宿迁各类人才引进目标6万人是真的吗",
    ],
)
def test_a_target_figure_checked_finds_the_clause_printing_it(
    index: SearchIndex, question: str
) -> None:
    hit = leading_hit(index, question)
    assert (hit.doc_id, hit.clause_id) == ("suqian-2021", "二"), question
    assert "6万人" in hit.text


def test_a_story_naming_a_topic_then_asking_its_wording_gets_the_topic_clause(
    index: SearchIndex,
) -> None:
    question = (
        "我们厂在连云港，老板说想给技术骨干办企业年金，我听人讲区里对这个有说法，"
        "想找原文瞧瞧到底怎么写的"
    )
    hit = leading_hit(index, question)
    assert (hit.doc_id, hit.clause_id) == ("lianyungang-draft", "七")
    assert "年金" in hit.text


@pytest.mark.parametrize("question", ["洪泽的方案原文在哪看", "宿迁那个方案的原文哪里能找到"])
def test_the_original_of_a_document_alone_is_its_information(
    index: SearchIndex, question: str
) -> None:
    assert index.search(question).hits[0].clause_id == "文件信息", question


def test_health_named_as_a_benefits_condition_is_answered_by_the_benefit(
    index: SearchIndex,
) -> None:
    # 身体健康 alone is no doctor's question: here it asks whether a subsidy's conditions
    # look at it, which the subsidy's clause answers (it names no such condition)
    for question, doc_id in (
        ("身体健康会影响叶集的生活补贴吗", "yeji"),
        ("洪泽引进技师补贴跟身体健康有关系吗", "hongze-2021"),
    ):
        hit = leading_hit(index, question)
        assert hit.doc_id == doc_id, question


def test_health_itself_asked_after_night_shifts_is_still_rejected(index: SearchIndex) -> None:
    assert not index.search("老上夜班对身体健康影响大吗").answered
