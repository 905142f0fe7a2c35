"""Answerable questions not rejected for how they ask (issue 9): words that ask which or where
(哪几个, 哪份, 省里, 开在), a rewrite that would cut a word (工资涨幅), grades the documents print
with a floor (具备中级以上) or listed with one suffix (初、中、高级), homophones of the field's words
(护口 for 户口)."""

from __future__ import annotations

import pytest

from policy_kb.search import SearchIndex
from policy_kb.search.index import _levels_included, _shared_suffix_spelt_out
from policy_kb.search.lexicon import apply_rewrites
from policy_kb.search.scope import _spelt_near


def test_a_rewrite_never_cuts_a_word_of_the_lexicon() -> None:
    # 涨幅 is a word (the documents' 增幅); 工资涨 → 工资增幅 must not leave 增幅幅
    assert "增幅幅" not in apply_rewrites("高级工工资涨幅大不大")
    assert "涨幅" in apply_rewrites("高级工工资涨幅大不大")
    assert "增幅" in apply_rewrites("技师工资涨了没有")
    # a term printed as it is stays whole
    assert apply_rewrites("劳模创新工作室") == "劳模创新工作室"


def test_pay_rise_said_with_a_synonym_is_answered(index: SearchIndex) -> None:
    r = index.search("高技能人才的工资涨幅有下限吗")
    assert r.answered
    assert "增幅" in r.hits[0].text


def test_words_that_ask_which_weigh_nothing(index: SearchIndex) -> None:
    cov = index._coverage
    assert cov.weight("哪几个") == 0
    assert cov.weight("哪条") == 0
    q = index._analyse("这套办法是根据哪份文件定的", None)
    assert "份文件" not in q.content and "文件" in q.content
    q = index._analyse("服务窗口开在哪", None)
    assert "开在" not in q.content
    q = index._analyse("省里对技师有啥说法", None)
    assert "省里" not in q.content


def test_an_unseen_word_counts_as_a_clause_word_only_when_spelt_nearby() -> None:
    assert _spelt_near("普高", "普通高中")
    assert not _spelt_near("额度", "工资总额的增长制度")


def test_grades_printed_with_a_floor_include_the_grades_above() -> None:
    assert _levels_included("具备中级以上技能水平的劳动者").split()[:3] == [
        "中级工",
        "高级工",
        "技师",
    ]
    assert "初级工" not in _levels_included("技师及以上人才")
    assert _levels_included("引进人才") == ""


@pytest.mark.parametrize(
    "question",
    ["我是四级工，想把户口落在叶集行吗", "高级工来叶集能落户不", "高级技师的护口能落在叶集吗"],
)
def test_a_grade_above_the_floor_is_answered_by_the_settling_clause(
    index: SearchIndex, question: str
) -> None:
    r = index.search(question)
    assert r.answered
    assert "中级以上技能水平" in r.hits[0].text


def test_grades_listed_with_one_suffix_are_spelt_out(index: SearchIndex) -> None:
    assert _shared_suffix_spelt_out("进行初、中、高级技能人才培养") == (
        "进行初级技能人才、中级技能人才、高级技能人才培养"
    )
    assert _shared_suffix_spelt_out("二中、三中全会") == "二中、三中全会"
    r = index.search("初级工在台儿庄培训，培训机构能拿多少补贴")
    assert "2000-5000元/人的培训补贴" in r.hits[0].text
