"""Probes written from the five documents alone, asked the way a worker types on a phone:
dialect (咋, 啥, 俺, 中不中), pinyin-input slips, two to five characters, a long story with the
question at its end, a table's row, and questions about a document itself (文号, 日期, 谁发的,
还有效吗). Each must be answered with the clause named first. Then the rules they led to: a
question about the whole city (全市, 市里) is answered by a city's own document when one holds
the kind of thing asked, and a district's rule is said to be a district's; one term typed alone
with a homophone (篮卡, 级工) is read as the documents' or the product's term; a place corrected
after an answer (「说错了，是洪泽」) asks the last question of that place. Real knowledge base and
search; the phrasings are our own."""

from __future__ import annotations

from datetime import date

import pytest
from fakes.bot_services import FakeBotServices

from bot.dialogue import Bot
from bot.store import MemoryStore
from policy_kb.search import SearchIndex

TODAY = date(2026, 3, 1)
INFO = "文件信息"

PROBES: list[tuple[str, str, str]] = [
    # 洪泽
    ("洪泽从外头引来的技师能补多少钱啊", "hongze-2021", "三（三）1"),
    ("洪泽这边俺刚拿到高级工证书 能奖点啥不", "hongze-2021", "三（三）4"),
    ("洪泽中专跟厂子合作培养学生，企业最多补多少", "hongze-2021", "三（三）3"),
    ("洪泽技能大塞二等奖给多少", "hongze-2021", "三（三）5"),
    ("洪泽大师工作室", "hongze-2021", "三（三）4"),
    ("洪泽这个方案是啥文号", "hongze-2021", INFO),
    ("洪泽中介帮企业招来高级工，一个人给多少", "hongze-2021", "三（三）2"),
    (
        "我老家是江西的，前年跟着老乡到洪泽一家做电子信息的厂子上班，干了快两年，今年厂里让我去"
        "参加区里组织的技能比赛，我拿了个三等奖，回来同事都说区里有奖金，到底能拿多少钱",
        "hongze-2021",
        "三（三）5",
    ),
    ("洪泽给企业的培训基地经费资助多少钱中不中", "hongze-2021", "三（三）4"),
    ("hongze xiaoqi hezuo butie", "hongze-2021", "三（三）3"),
    # 台儿庄
    ("台儿庄的厂子带新型学徒，每人每年补贴多少", "taierzhuang-2021", "三（一）3"),
    ("台儿庄专门为高技能人才开的服务窗口在什么地方", "taierzhuang-2021", "三（三）9"),
    ("台儿装培训基地补贴咋算", "taierzhuang-2021", "三（一）2"),
    ("台儿庄文件啥时候发的", "taierzhuang-2021", INFO),
    ("台儿庄谁发的文", "taierzhuang-2021", INFO),
    ("台儿庄计划新评多少名首席技师", "taierzhuang-2021", "二"),
    (
        "俺在台儿庄的机床厂当钳工十多年了，如今是高级工，听主任讲一线技术工人也可以参评"
        "工程师职称，想问问条件是啥",
        "taierzhuang-2021",
        "三（二）5",
    ),
    (
        "俺是台儿庄的电焊工，去年区里比武得了个二等奖，听说还能升一级，给多少钱中不中啊",
        "taierzhuang-2021",
        "三（二）6",
    ),
    # 宿迁 (the attachment's rows: 附件-1 全市, then the counties in printed order)
    ("宿迁办订单班的话每班每年能补贴多少", "suqian-2021", "三（四）2"),
    ("泗洪县职业技能等级认定的任务数", "suqian-2021", "附件-4"),
    ("宿豫区的就业见习任务是多少人", "suqian-2021", "附件-5"),
    ("市湖滨新区和谐劳动关系企业数", "suqian-2021", "附件-8"),
    ("宿迁每季度搞几次技能竞赛", "suqian-2021", "三（三）2"),
    ("宿迁失业保险降费延到啥时候", "suqian-2021", "三（六）1"),
    ("宿迁文号", "suqian-2021", INFO),
    (
        "本人在宿迁某光伏厂做人事，今年打算让老师傅们都做技能等级认定，但厂里技术力量不够"
        "没法自主评价，可不可以请第三方机构来评",
        "suqian-2021",
        "三（三）1",
    ),
    ("宿迁预备技师班毕业的，享受什么学历的待遇", "suqian-2021", "三（三）5"),
    # 连云港 (a draft)
    ("连云港首席技师工资参照啥", "lianyungang-draft", "七"),
    ("连云港技能状元大赛", "lianyungang-draft", "六"),
    ("连云港这个意见生效了没", "lianyungang-draft", INFO),
    ("连云港职业学校老师要考啥证，比例多少", "lianyungang-draft", "二"),
    ("连云港乡村工匠工作站", "lianyungang-draft", "四"),
    ("连云港要培养多少高技能人才", "lianyungang-draft", "序言"),
    # 叶集
    ("叶集这边评了六安市首席技师的，按月补多少", "yeji", "六-2"),
    ("叶集民企干满三年考了技师奖多少", "yeji", "三-2"),
    ("叶集技工篮卡干啥用的", "yeji", "九"),
    ("叶集谁下的文", "yeji", INFO),
    ("叶集承办省级技能竞赛给多少赛事补助", "yeji", "七-1"),
    ("叶集从区外引进高级技师补助几年", "yeji", "四-2"),
    ("yeji jishi butie", "yeji", "四-1"),
    # the product's own name, one term typed alone with a homophone
    ("篮卡", "yeji", "九"),
    # the whole city, no city named
    ("全市订单班补多少", "suqian-2021", "三（四）2"),
    ("市里要培养多少高技能人才", "lianyungang-draft", "序言"),
]


@pytest.mark.parametrize(("question", "doc", "clause"), PROBES)
def test_probe_is_answered_with_its_clause_first(
    index: SearchIndex, question: str, doc: str, clause: str
) -> None:
    result = index.search(question)
    assert result.answered, question
    top = result.hits[0]
    assert (top.doc_id, top.clause_id) == (doc, clause), (question, top.doc_id, top.clause_id)


# -- one term alone, typed with a homophone ------------------------------------------------


@pytest.mark.parametrize("typed", ["级工", "极工"])
def test_a_homophone_of_jigong_alone_is_read_as_the_documents_term(
    index: SearchIndex, typed: str
) -> None:
    result = index.search(typed)
    meant = index.search("技工")
    assert result.answered
    assert result.hits[0].clause_id == meant.hits[0].clause_id
    assert result.hits[0].doc_id == meant.hits[0].doc_id


@pytest.mark.parametrize("word", ["天气", "你好"])
def test_an_ordinary_word_alone_is_not_read_as_a_term(index: SearchIndex, word: str) -> None:
    assert not index.search(word).answered


# -- the whole city --------------------------------------------------------------------------


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), services=FakeBotServices(), today=lambda: TODAY)


def test_a_district_rule_given_for_the_whole_city_says_whose_it_is(bot: Bot) -> None:
    reply = bot.on_text("u-city", "全市的技能比赛拿一等奖能奖多少").text
    assert "市级政策文件里没有找到这一项" in reply
    first = reply.split("\n")[0]  # 洪泽 and 台儿庄 both pay district contest prizes
    assert "只适用于" in first and ("洪泽区" in first or "台儿庄区" in first)


def test_a_city_rule_for_the_whole_city_carries_no_district_warning(bot: Bot) -> None:
    reply = bot.on_text("u-city2", "全市订单班补多少").text
    assert "1万元" in reply
    assert "市级政策文件里没有找到" not in reply


# -- a place corrected after an answer --------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "correction", "place"),
    [
        ("叶集建技能大师工作室能给多少钱", "不是叶集，是台儿庄", "台儿庄区"),
        ("叶集住房补贴多少", "说错了，是洪泽", "洪泽区"),
        ("台儿庄技能比赛拿了一等奖奖金多少", "不对，我是连云港的", "连云港市"),
    ],
)
def test_a_corrected_place_without_the_rule_is_said_to_have_none(
    bot: Bot, first: str, correction: str, place: str
) -> None:
    bot.on_text("u-fix", first)
    reply = bot.on_text("u-fix", correction).text
    assert f"{place}的政策文件里没有这一项" in reply
    # not the corrected place's (or the old place's) opening paragraph instead
    assert "贯彻落实" not in reply


def test_a_correction_to_a_place_with_the_rule_answers_it_there(bot: Bot) -> None:
    bot.on_text("u-fix2", "洪泽考上技师奖励多少")
    reply = bot.on_text("u-fix2", "搞错了，是叶集").text
    assert "2000元" in reply
    assert "叶集区" in reply
