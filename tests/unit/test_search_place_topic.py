"""A place named (or remembered) selects its clauses only when they are about what is asked:
the topic decides over the place. A district's weakly related clause (its training clause for a
measure it never mentions, its 学徒 target for a 学徒 amount) does not come before the clauses
that answer; the district's own clause that answers comes before another district's."""

from __future__ import annotations

import pytest

from policy_kb.search import SearchIndex


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        # 宿迁 prints no 技能大师工作室: the clauses that fund one answer, not its training clause
        ("宿迁那边大师工作室能补多少钱", "技能大师工作室"),
        # 宿迁's 学徒 line is a target (培养1000人), not an amount
        ("我在泗阳，学徒制补贴啥标准", "元/人/年"),
        # 洪泽 has no 首席技师 reward; the 500元 service subsidy to employers is not it
        ("洪泽评上首席技师每个月给奖励不", "每月600元"),
    ],
)
def test_a_place_without_the_topic_does_not_hide_the_clause_about_it(
    index: SearchIndex, question: str, printed: str
) -> None:
    result = index.search(question)
    assert result.answered
    assert printed in result.hits[0].text


def test_a_named_place_with_the_topic_still_comes_first(index: SearchIndex) -> None:
    # 洪泽's certificate reward, though 叶集's clause says 民营企业 and 一次性 as asked
    assert index.search("洪泽那边民营企业工人考下技师证奖励多少").hits[0].doc_id == "hongze-2021"
    # the enterprise money of 洪泽's 企业培训奖补, not another district's training clause
    hits = index.search("洪泽的厂子自己搞职业技能培训，政府补钱吗").hits
    assert hits[0].doc_id == "hongze-2021"


def test_a_remembered_place_answering_the_topic_comes_before_another(
    index: SearchIndex,
) -> None:
    hz = index.search("考下证来奖多少", prefer_region="洪泽区").hits[0]
    assert hz.doc_id == "hongze-2021" and "1600元" in hz.text
    assert index.search("考下证来奖多少", prefer_region="叶集区").hits[0].doc_id == "yeji"
    # a remembered place with nothing about it does not lead
    assert index.search("订单班一个班补多少", prefer_region="洪泽区").hits[0].doc_id == (
        "suqian-2021"
    )
