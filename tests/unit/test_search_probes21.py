"""Probes of seven kinds of question that were rejected or answered by the wrong clause, each in
several phrasings of our own: regional question words (好多, 几多, 木有, 冇得, 么子, 咋个, 中不中)
and a homophone typed for a term inside a sentence; whether several benefits may be taken
together; a 文号 typed without its brackets; which form an employer must fill in; a county's or
the whole city's targets; an employer type and a benefit typed in pinyin; and a long story whose
trade, teller and spacing must not decide the answer. Real knowledge base and search."""

from __future__ import annotations

from datetime import date

import pytest
from factories.search import leading_hit
from fakes.bot_services import FakeBotServices

from bot.dialogue import Bot
from bot.store import MemoryStore
from policy_kb.search import SearchIndex
from policy_kb.search.lexicon import standard_asks

TODAY = date(2026, 3, 1)
INFO = "文件信息"

PROBES: list[tuple[str, str, str]] = [
    # 1a. regional question words
    ("洪泽技能竞赛得了二等奖，奖金是好多", "hongze-2021", "三（三）5"),
    ("叶集带徒弟的新型学徒制每人一年补几多", "yeji", "三-2"),
    ("洪泽技师补贴冇得", "hongze-2021", "三（三）1"),
    ("宿迁订单班有么子补助", "suqian-2021", "三（四）2"),
    ("叶集技工蓝卡咋个办", "yeji", "九"),
    ("洪泽厂里跟中专一起带学生，能补钱中不中", "hongze-2021", "三（三）3"),
    ("台儿庄参加职工技能比赛拿了奖有奖金木有", "taierzhuang-2021", "三（二）6"),
    # a new question after dropping the last matter
    ("不问这个了，洪泽技师补贴多少", "hongze-2021", "三（三）1"),
    # 1b. a homophone typed for a term inside a sentence, with a regional ask
    ("台儿庄技能竟赛拿奖有奖金没得", "taierzhuang-2021", "三（二）6"),
    ("洪泽企业搞新型学图制一年补多少", "hongze-2021", "三（三）4"),
    # 2. several benefits together: the clause ruling on it
    ("叶集这几项奖励能一起领吗", "yeji", "十-1"),
    ("叶集技能大赛奖和考证奖励可以同时享受不", "yeji", "十-1"),
    ("叶集几个补贴只能拿一个吗", "yeji", "十-1"),
    # 3. a 文号 however typed: the document's own facts
    ("洪办发2021 10号是什么文件", "hongze-2021", INFO),
    ("台人社发【2021】17号是谁印发的", "taierzhuang-2021", INFO),
    ("宿人社发(2021)20号什么时候发的", "suqian-2021", INFO),
    ("台人社发 2021 17 哪个单位的", "taierzhuang-2021", INFO),
    # 4. which form an employer fills in: the attachment's title
    ("台儿庄厂里要填哪张调查表", "taierzhuang-2021", INFO),
    ("台儿庄用人单位得交个啥表格", "taierzhuang-2021", INFO),
    # 5. a county's (or the whole city's) targets: its table row
    ("沭阳县任务数是多少", "suqian-2021", "附件-2"),
    ("泗阳县指标多少", "suqian-2021", "附件-3"),
    ("宿豫区认定人数得完成多少", "suqian-2021", "附件-5"),
    ("全市职业技能等级认定的指标是多少人", "suqian-2021", "附件-1"),
    # 6. employer type and benefit in pinyin: the certificate award, not the recruiting clause
    ("yeji minyingqiye gaojigong jiangli", "yeji", "三-2"),
    ("yeji minying qiye jishi jiangli duoshao", "yeji", "三-2"),
    ("叶集民营企业技师奖励", "yeji", "三-2"),
    # 7. a long story: the trade, the teller and the spacing do not decide
    (
        "我在宿迁一家光伏厂做焊工，听班长说县里每季度都会搞技能比赛，是真的吗，文件有写吗",
        "suqian-2021",
        "三（三）2",
    ),
    (
        "你好 俺是台儿庄做车工的 上半年区里办了场职工比赛 俺得了头名一等奖 说好的钱还没到手 "
        "想打听下文件上一等奖给几个钱",
        "taierzhuang-2021",
        "三（二）6",
    ),
    (
        "我单位在叶集，去年评上了市里的首席技师，证书发了就没动静了，听说区里每月有补助，"
        "到底有没有，多少",
        "yeji",
        "六-2",
    ),
]


@pytest.mark.parametrize(("question", "doc_id", "clause_id"), PROBES)
def test_probe_is_answered_with_its_clause_first(
    index: SearchIndex, question: str, doc_id: str, clause_id: str
) -> None:
    hit = leading_hit(index, question)
    assert (hit.doc_id, hit.clause_id) == (doc_id, clause_id), question


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("台人社发 2021 17 哪个单位的", "发文机关：枣庄市台儿庄区人力资源和社会保障局"),
        ("宿人社发(2021)20号什么时候发的", "印发日期：2021年4月26日"),
        ("台儿庄厂里要填哪张调查表", "企业技能人才现状及需求情况调查表"),
    ],
)
def test_a_document_question_leads_with_the_fact_asked(
    index: SearchIndex, question: str, fact: str
) -> None:
    assert fact in index.search(question).hits[0].sentence


@pytest.mark.parametrize(
    "question",
    ["好多人买彩票吗", "冇得钱交房租咋个办", "今天晚饭吃么子好", "咋个做红烧肉"],
)
def test_regional_asks_out_of_scope_stay_rejected(index: SearchIndex, question: str) -> None:
    assert not index.search(question).answered


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("补贴是好多", "补贴是多少"),
        ("有奖金木有", "有奖金没有"),
        ("有冇补贴", "有没有补贴"),
        ("能领中不中", "能领吗"),
        ("好多人都领了", "好多人都领了"),  # many people, no question word
    ],
)
def test_regional_question_words_read_as_standard(typed: str, read: str) -> None:
    assert standard_asks(typed) == read


def test_a_county_target_without_a_topic_it_prints_is_not_its_row(index: SearchIndex) -> None:
    # the row lists 推荐用工, 人才, 见习, 培训, 认定: a measure it does not list is not answered by it
    result = index.search("泗洪县的新型学徒制培训有啥目标")
    assert not result.hits[0].clause_id.startswith("附件")


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), services=FakeBotServices(), today=lambda: TODAY)


def test_stacking_asked_where_the_document_is_silent_says_so(bot: Bot) -> None:
    text = bot.on_text("u-stack-1", "台儿庄几种补贴能叠加不").text
    assert "没有写几项补贴、奖励能不能同时享受" in text
    assert "台儿庄区技能人才引进与培养工作实施方案" in text


def test_stacking_asked_where_the_document_rules_leads_with_the_rule(bot: Bot) -> None:
    text = bot.on_text("u-stack-2", "叶集这几项奖励能一起领吗").text
    assert "按上限资助，不重复享受" in text.split("\n")[0]
    assert "没有写几项" not in text


def test_a_county_asked_for_its_targets_gets_the_whole_row(bot: Bot) -> None:
    text = bot.on_text("u-row-1", "沭阳县要完成多少任务数").text
    assert "29000" in text and "10746" in text and "17800" in text
