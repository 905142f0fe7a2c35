"""Probes of three kinds of question answered by the wrong clause, each in several phrasings of
our own: a cash benefit asked of a place whose documents grant none for it (a county of 宿迁
asking what passing a grade pays: its clauses give 技工院校 graduates 待遇, no money), the whole
city's targets said without the table's label (市里, 整个市, 总共), and a contest prize asked by
the contest's tier (市级, 区里, 省赛) in documents paying each tier differently. Real knowledge
base and search."""

from __future__ import annotations

from datetime import date

import pytest
from factories.search import leading_hit
from fakes.bot_services import FakeBotServices

from bot.dialogue import Bot
from bot.store import MemoryStore
from policy_kb.search import SearchIndex
from policy_kb.search.tiers import asked_tier, sentence_tiers

TODAY = date(2026, 3, 1)

PROBES: list[tuple[str, str, str]] = [
    # 1. a cash benefit the named place's documents do not grant: another place's answer leads
    # … while what the place does grant, or the 待遇 asked, is still its own
    ("宿迁高级工有什么待遇", "suqian-2021", "三（三）5"),
    ("宿迁订单班补多少", "suqian-2021", "三（四）2"),
    ("宿迁培训有补贴吗", "suqian-2021", "三（三）3"),
    # 2. the whole city's targets: the table's 全市 row
    ("宿迁市里定的指标是啥", "suqian-2021", "附件-1"),
    ("宿迁整个市今年要完成啥任务", "suqian-2021", "附件-1"),
    ("宿迁市里技能培训要搞多少人", "suqian-2021", "附件-1"),
    ("宿迁市总共要认定多少人", "suqian-2021", "附件-1"),
    ("全市推荐用工目标多少", "suqian-2021", "附件-1"),
    # 3. contest tiers
    ("台儿庄市级技能竞赛一等奖奖多少", "taierzhuang-2021", "三（二）6"),
    ("台儿庄区里比赛拿了三等奖给多少", "taierzhuang-2021", "三（二）6"),
    ("叶集区级比赛二等奖有奖金吗", "yeji", "七-2"),
    ("在叶集参加市级技能比赛得了一等奖，奖金怎么算", "yeji", "七-2"),
    ("叶集的单位办一场市级竞赛，能得到补助不", "yeji", "七-1"),
    ("洪泽区组织的比赛拿了第二名，奖励几多", "hongze-2021", "三（三）5"),
    ("连云港市级比赛成绩好有啥荣誉", "lianyungang-draft", "六"),
]


@pytest.mark.parametrize(("question", "doc_id", "clause_id"), PROBES)
def test_probe_is_answered_with_its_clause_first(
    index: SearchIndex, question: str, doc_id: str, clause_id: str
) -> None:
    hit = leading_hit(index, question)
    assert (hit.doc_id, hit.clause_id) == (doc_id, clause_id), question


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        ("台儿庄市里的技能比赛一等奖奖多少", "最高奖励50万元"),
        ("台儿庄省赛获奖奖励多少", "最高奖励50万元"),
        ("台儿庄区里比赛拿了三等奖给多少", "2000、1000、500元"),
        ("叶集区级比赛二等奖有奖金吗", "获奖选手给予奖励"),
    ],
)
def test_the_tier_asked_picks_its_sentence(index: SearchIndex, question: str, printed: str) -> None:
    assert printed in index.search(question).hits[0].sentence


def test_the_whole_city_row_is_the_sentence(index: SearchIndex) -> None:
    assert index.search("宿迁整个市今年要完成啥任务").hits[0].sentence.startswith("全市")


@pytest.mark.parametrize(
    "question",
    ["宿迁市里养老金一个月发多少", "泗阳县最低工资标准多少", "叶集区里医保报销比例多少"],
)
def test_near_topics_stay_rejected(index: SearchIndex, question: str) -> None:
    assert not index.search(question).answered


def test_tiers_read_from_questions_and_sentences() -> None:
    assert asked_tier("市级比赛拿了一等奖") == "市"
    assert asked_tier("县里组织的比赛二等奖") == "区"
    assert asked_tier("市里补贴多少") is None  # no contest asked about
    assert sentence_tiers("积极备战世界技能大赛和国家、省、市级职业技能竞赛") == {
        "国家",
        "省",
        "市",
    }
    assert sentence_tiers("对在区组织的技能大赛中获得一、二、三等奖的选手") == {"区"}
    assert sentence_tiers("对市级技能大师工作室，每个给予8万元补助") == frozenset()


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), services=FakeBotServices(), today=lambda: TODAY)


def test_another_tier_is_not_paired_with_a_rank_amount(bot: Bot) -> None:
    text = bot.on_text("u-p22-2", "洪泽市级比赛一等奖奖多少").text
    assert "👉 一等奖" not in text
    assert "在区组织的技能大赛" in text
