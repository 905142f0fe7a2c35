"""Probes of seven kinds of question answered by the wrong clause or wrongly rejected, each in
several phrasings of our own from the documents: a place taken back for another (不是X，是Y),
long stories asking about career standing (职称, 荣誉, 同等待遇), fraud and its consequences
(假材料, 冒领 → 叶集 十: 予以收回), dialect wording of studying for a certificate at a vocational
school (连云港 五: 学历证书 + 职业技能等级证书), very short place + term or document-status
questions (草稿, 定了没: answered from the document's facts), pinyin class programmes (订单班,
冠名班), a first place said as 头名/状元, and contests no document covers (马拉松, 广场舞).
Real knowledge base and search."""

from __future__ import annotations

import pytest
from factories.search import leading_hit

from policy_kb.docinfo import bare_status_ask
from policy_kb.search import SearchIndex
from policy_kb.search.lexicon import apply_rewrites
from policy_kb.search.negation import drop_negated_places

PROBES: list[tuple[str, str, str]] = [
    # 1. a place taken back: the one asserted wins
    ("不是洪泽，是叶集的高级工奖励多少", "yeji", "三-1"),
    ("不是宿迁，是洪泽的技能大赛奖金多少", "hongze-2021", "三（三）5"),
    ("我不在台儿庄，是叶集的，技师引进有补贴吗", "yeji", "四-1"),
    ("台儿庄不对，我问的是叶集技能大师工作室补助", "yeji", "八"),
    ("不问叶集了，洪泽引进高级技师补多少", "hongze-2021", "三（三）1"),
    ("不是叶集，是洪泽的，企业跟学校合作能补多少", "hongze-2021", "三（三）3"),
    ("洪泽不对，我说的是宿迁的订单班补助", "suqian-2021", "三（四）2"),
    # 2. long stories asking about standing, not money
    (
        "我是台儿庄的焊工，干了十几年了，高级工证早拿了，年年考核都合格。听说可以评职称，"
        "我这种能参加工程系列评审吗？",
        "taierzhuang-2021",
        "三（二）5",
    ),
    (
        "俺在连云港一个机械厂当钳工，上个月参加了市里的技能竞赛拿了头名。厂长很高兴。"
        "我想问比赛拿了名次能评上什么荣誉称号？",
        "lianyungang-draft",
        "六",
    ),
    (
        "我从宿迁一所技工院校的高级工班毕业，现在在一家纺织厂上班，三年了，工资不高。"
        "听说高级工班毕业能按大专待遇，真的吗？",
        "suqian-2021",
        "三（三）5",
    ),
    (
        "我在连云港国企当技术工人，高级技师，二十多年工龄了。车间主任说高技能人才能比照"
        "专业技术人员。岗位聘任和晋升上有啥说法？",
        "lianyungang-draft",
        "七",
    ),
    # 3. fraud and what follows
    ("要是用假材料申请培训补贴被查出来咋办", "yeji", "十-2"),
    ("冒领补贴有什么后果", "yeji", "十-2"),
    ("用假证明领补贴会咋样", "yeji", "十-2"),
    ("企业套取培训补贴怎么处理", "yeji", "十-2"),
    ("伪造证书领了奖励后果严重不", "yeji", "十-2"),
    # 4. dialect wording of a certificate while at school, in every document
    ("娃儿在中专读书，能顺带考个技能证嘛", "lianyungang-draft", "五"),
    ("连云港娃儿读职校能顺带整个职业技能等级证书不", "lianyungang-draft", "五"),
    ("叶集娃儿读职校，学历和技能能一起搞嘛", "yeji", "二-1"),
    ("洪泽娃儿上中专，能边上学边拿学历和技能嘛", "hongze-2021", "三（二）1"),
    ("台儿庄娃儿上职业中专，啥时候能考技能等级证", "taierzhuang-2021", "三（一）1"),
    ("宿迁娃儿在技校读高级工班，毕业了咋整待遇", "suqian-2021", "三（三）5"),
    # 5. very short: a place and a term, a place and its document's standing
    ("宿迁降费", "suqian-2021", "三（六）1"),
    ("宿迁降低企业负担", "suqian-2021", "三（六）1"),
    ("洪泽学徒", "hongze-2021", "三（二）2"),
    ("连云港草稿", "lianyungang-draft", "文件信息"),
    ("连云港定了没", "lianyungang-draft", "文件信息"),
    ("连云港正式的吗", "lianyungang-draft", "文件信息"),
    ("宿迁生效没", "suqian-2021", "文件信息"),
    ("叶集定了没", "yeji", "文件信息"),
    # 6. class programmes in pinyin
    ("hongze guanming ban 怎么报", "hongze-2021", "三（二）1"),
    ("洪泽 guanmingban zenme ban", "hongze-2021", "三（二）1"),
    ("宿迁 dingdan ban 每年补多少", "suqian-2021", "三（四）2"),
    # 7. a first place said as a rank
    ("洪泽技能大赛拿了头名奖多少", "hongze-2021", "三（三）5"),
    ("洪泽技能比赛考了状元有多少钱", "hongze-2021", "三（三）5"),
]


@pytest.mark.parametrize(("question", "doc_id", "clause_id"), PROBES)
def test_probe_is_answered_with_its_clause_first(
    index: SearchIndex, question: str, doc_id: str, clause_id: str
) -> None:
    hit = leading_hit(index, question)
    assert (hit.doc_id, hit.clause_id) == (doc_id, clause_id), question


def test_a_draft_says_so_when_asked_in_everyday_words(index: SearchIndex) -> None:
    assert "征求意见稿" in index.search("连云港定了没").hits[0].sentence
    assert "正式印发" in index.search("宿迁生效没").hits[0].sentence


@pytest.mark.parametrize(
    "question",
    [
        "洪泽马拉松跑了第一名奖多少",
        "叶集广场舞比赛一等奖奖金多少",
        "连云港歌唱比赛拿了头名有啥荣誉",
        "台儿庄象棋比赛冠军奖励多少",
        "宿迁篮球比赛拿了冠军有奖金吗",
        # out of scope stays out, whichever place is taken back
        "不是洪泽，是苏州的技师补贴多少",
        "宿迁辞退员工赔偿几个月工资",
        "叶集养老金怎么领",
    ],
)
def test_outside_questions_stay_rejected(index: SearchIndex, question: str) -> None:
    assert not index.search(question).answered, question


def test_negated_places_are_dropped_only_for_another() -> None:
    assert "洪泽" not in drop_negated_places("不是洪泽，是叶集的")
    assert "叶集" in drop_negated_places("不是洪泽，是叶集的")
    assert "台儿庄" not in drop_negated_places("台儿庄不对，我问的是叶集")
    # nothing asserted instead, or asked rather than negated: kept
    assert drop_negated_places("不是洪泽的政策吗") == "不是洪泽的政策吗"
    assert drop_negated_places("是不是洪泽和叶集都有") == "是不是洪泽和叶集都有"


def test_everyday_words_read_as_the_documents() -> None:
    assert "第一名" in apply_rewrites("拿了头名")
    assert "状元大赛" in apply_rewrites("参加状元大赛")
    assert "弄虚作假" in apply_rewrites("用假材料申请")
    assert apply_rewrites("弄虚作假") == "弄虚作假"
    assert "降费减负" in apply_rewrites("降低企业负担")
    assert "降低企业培训成本" in apply_rewrites("降低企业培训成本")
    assert bare_status_ask("定了没") and bare_status_ask("是草稿吗")
    assert not bare_status_ask("补贴多少")


def test_order_and_directed_training_is_not_a_class_named_for_an_employer(index):
    # 订单、定向培训 is a way of training (叶集 一, 宿迁 三（四）2), not 洪泽's 冠名办班
    hits = index.search("叶集的工人参加订单定向式的培训有没有补贴", region="叶集区").hits
    assert (hits[0].doc_id, hits[0].clause_id) == ("yeji", "一")
