"""Kinds of question beyond their words (issue 9): a definition (「X指哪几个等级」「包括哪些」),
where something is (开在哪), how long (学几年), what an organisation receives (厂里能领多少),
how much asked in pinyin (jiang duoshao)."""

from __future__ import annotations

from policy_kb.search import SearchIndex
from policy_kb.search.intent import (
    asks_about_organisation,
    asks_for_organisation,
    definition_term,
)


def test_a_manner_idiom_and_a_duration_ask(index: SearchIndex) -> None:
    r = index.search("台儿庄的学徒要学多久，能半工半读吗")
    assert r.answered
    assert "1—3年弹性学制" in r.hits[0].text


def test_definition_questions_in_workers_words() -> None:
    assert definition_term("讲的高技能人才分哪几个级别") == ("高技能人才", "高技能人才")
    assert definition_term("说的高技能人才包括哪些证书的人") == ("高技能人才", "高技能人才")
    assert definition_term("高技能人才都包括哪几类人") == ("高技能人才", "高技能人才")
    assert definition_term("补贴分几年") is None
    assert definition_term("学徒制有什么补贴") is None


def test_definition_question_gets_the_clause_that_defines(index: SearchIndex) -> None:
    r = index.search("洪泽讲的高技能人才分哪几个级别")
    assert "高技能人才（高级技师、技师、高级工）" in r.hits[0].text
    # defined in a form's notes, with the term printed 高能人才: still the defining clause
    r = index.search("台儿庄说的高技能人才包括哪些证书的人")
    assert "是指取得高级工、技师、高级技师证书人员" in r.hits[0].text


def test_who_receives_the_money() -> None:
    assert asks_for_organisation("我们公司在洪泽新招了个技师，公司这边能领多少钱")
    assert asks_for_organisation("我们是一家培训学校，政府给补贴吗")
    assert asks_for_organisation("给企业补多少")
    assert not asks_for_organisation("我在企业干能领多少")
    assert not asks_for_organisation("企业技师能拿多少")
    # the workplace named as where one works is no organisation asking
    assert not asks_about_organisation("我在一家家具厂干了三年，技师补多少")
    assert asks_about_organisation("企业引进技师有补贴吗")


def test_an_employer_asking_gets_the_employers_money(index: SearchIndex) -> None:
    org = index.search("我们公司在洪泽，新招了一个外地技师，公司这边能领多少钱")
    assert "就业服务补助" in org.hits[0].text
    worker = index.search("外地技师来洪泽能拿多少")
    assert "分别给予15000元" in worker.hits[0].text


def test_pinyin_asking_how_much_prefers_the_amounts(index: SearchIndex) -> None:
    q = index._analyse("quanguo jishu nengshou jiang duoshao", None)
    assert q.amount
    r = index.search("quanguo jishu nengshou jiang duoshao")
    assert "万元奖励" in r.hits[0].text


def test_where_a_service_window_is(index: SearchIndex) -> None:
    r = index.search("台儿庄人才服务窗口在什么地方")
    assert "在市民中心开设" in r.hits[0].text
    r = index.search("洪泽高技能人才的服务窗口在什么地方")
    assert "设立高技能人才专项服务窗口" in r.hits[0].text
