"""Chats where the place and the topic carry from one message to the next: a place said with a
tail (「…城区的」「…的工人」) is remembered; a remembered place whose documents hold nothing on a
question is told so, not answered with another place's amounts; 「这是哪里的规定」 and 「那X能办
吗」 after an answer; a new subject keeping the last question's aspect (补贴标准); another row of
the table just quoted; what a sum is to be spent on; a word the search reads as its synonym; the
fields of a form the last question named. Real knowledge base and search, in-memory store, the
fake services; the phrasings are our own."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fakes.bot_services import FakeBotServices

from bot.context import asks_whose_place, ellipsis_in, place_ask_in
from bot.dialogue import Bot
from bot.intents import place_statement
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)
AMOUNT = re.compile(r"\d+(?:\.\d+)?万?元")


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), services=FakeBotServices(), today=lambda: TODAY)


# -- 1. a place said with a tail, and a remembered place without the rule ---------------------


@pytest.mark.parametrize(
    ("said", "region"),
    [
        ("台儿庄这边的工人", "台儿庄区"),
        ("泗洪城区的", "宿迁市"),
        ("叶集的企业", "叶集区"),
        ("我是洪泽区的职工", "洪泽区"),
        ("在叶集打工的工人", "叶集区"),
    ],
)
def test_a_place_said_with_a_tail_is_remembered_like_a_place_statement(bot, said, region):
    reply = bot.on_text("t-" + said, said)
    assert reply.intent == "set_region"
    assert "已记住" in reply.text and region in reply.text
    assert bot.region_of("t-" + said) == region


def test_a_covered_place_and_de_with_nothing_asked_before_is_where_the_worker_is(bot):
    reply = bot.on_text("t-de", "淮安洪泽的")
    assert reply.intent == "set_region" and bot.region_of("t-de") == "洪泽区"


def test_a_place_with_a_question_or_only_de_is_not_a_statement():
    assert place_statement("洪泽的补贴有哪些") is None
    assert place_statement("那洪泽的呢") is None
    assert place_statement("洪泽的") is None  # after an answer: the last question there


def test_a_remembered_place_without_the_rule_is_told_so_without_other_amounts(bot):
    bot.on_text("p1", "泗洪城区的")
    reply = bot.on_text("p1", "技能大师工作室一年补贴多少")
    assert "宿迁市的政策文件里没有找到这一项" in reply.text
    assert not AMOUNT.search(reply.text)
    # the places that have it are named, and asking there answers with their amounts
    named = re.search(r"找到这一项。(.+?)有这方面的规定", reply.text)
    assert named is not None and ("洪泽区" in named.group(1) or "叶集区" in named.group(1))
    there = bot.on_text("p1", "那洪泽的呢")
    assert AMOUNT.search(there.text) and "洪办发" in there.text


def test_a_remembered_place_with_the_rule_still_answers_it(bot):
    bot.on_text("p2", "台儿庄这边的工人")
    reply = bot.on_text("p2", "技能竞赛拿了一等奖奖多少")
    assert "台人社发" in reply.text and "没有找到这一项" not in reply.text


# -- 2. whose place the last answer is, and the last answer asked of another place ------------


def test_which_place_a_rule_is_from_is_the_answering_documents_place(bot):
    assert asks_whose_place("这条是哪个区的规定")
    assert asks_whose_place("这规定是哪儿出的")
    assert not asks_whose_place("洪泽的政策是哪年发的")
    bot.on_text("q1", "蓝卡是干嘛用的")
    reply = bot.on_text("q1", "这条是哪个区的规定")
    assert reply.intent == "answer"
    assert "叶集区的政策" in reply.text and "技工强区" in reply.text


def test_another_place_without_the_rule_is_told_so_not_answered_with_its_other_clause(bot):
    assert place_ask_in("那台儿庄也能办不") == "台儿庄"
    assert place_ask_in("台儿庄引进技师补多少") is None
    assert place_ask_in("我们宿迁能用这个吗") == "宿迁"
    bot.on_text("q2", "蓝卡是干嘛用的")
    reply = bot.on_text("q2", "那台儿庄也能办不")
    assert "叶集区的政策" in reply.text and "台儿庄区的政策文件里没有这一项" in reply.text
    assert "台人社发" not in reply.text


def test_saying_one_is_in_that_place_remembers_it(bot):
    bot.on_text("q3", "蓝卡是干嘛用的")
    reply = bot.on_text("q3", "我人在宿迁可以申请吗")
    assert "宿迁市的政策文件里没有这一项" in reply.text
    assert bot.region_of("q3") == "宿迁市"


def test_another_place_with_the_rule_answers_from_its_own_document(bot):
    bot.on_text("q4", "叶集引进技师给多少生活补贴")
    reply = bot.on_text("q4", "那洪泽有没有")
    assert "洪办发" in reply.text and "没有这一项" not in reply.text


# -- 3. a new subject keeps the last question's aspect ------------------------------------------


def test_a_new_subject_keeps_the_aspect_the_last_question_asked(bot):
    first = bot.on_text("r1", "台儿庄金蓝领培训给培训基地的补贴标准")
    assert "2000-5000" in first.text
    reply = bot.on_text("r1", "那学徒制培训呢")
    assert "4000-6000" in reply.text


def test_a_longer_new_subject_stays_in_the_last_answers_place_with_its_aspect(bot):
    bot.on_text("r2", "台儿庄金蓝领培训给培训基地的补贴标准")
    reply = bot.on_text("r2", "那企业开展新型学徒制培训呢")
    assert "4000-6000" in reply.text and "台人社发" in reply.text


def test_a_changed_figure_is_not_taken_for_a_new_subject():
    assert ellipsis_in("那社保只交了4个月呢") is None
    assert ellipsis_in("那合同签了半年呢") is None
    assert ellipsis_in("那企业开展新型学徒制培训呢") == "企业开展新型学徒制培训"


# -- 4. another row of the table just quoted ----------------------------------------------------


def test_another_row_of_the_quoted_table_is_answered_even_when_its_label_is_a_place(bot):
    first = bot.on_text("s1", "宿迁宿豫区引进各类人才任务多少人")
    assert "9480" in first.text
    lake = bot.on_text("s1", "那湖滨新区呢")
    assert "3000" in lake.text and "湖滨新区" in lake.text
    zone = bot.on_text("s1", "宿迁经济技术开发区呢")
    assert "3600" in zone.text and "重点任务清单" in zone.text
    # a shortened label naming one row only
    short = bot.on_text("s1", "洋河呢")
    assert "1500" in short.text and "洋河新区" in short.text


# -- 5. what the money is for; a word read as its synonym -----------------------------------------


@pytest.mark.parametrize("asked", ["这钱主要用在什么上面", "这个钱能拿来做啥"])
def test_what_a_sum_is_spent_on_is_the_clauses_use_sentence_not_where_to_apply(bot, asked):
    bot.on_text("u1", "洪泽企业和洪泽中专联合培养学生能补多少")
    reply = bot.on_text("u1", asked)
    assert "学费" in reply.text
    assert "责任单位" not in reply.text


def test_a_follow_up_word_search_reads_as_its_synonym_stays_on_the_topic(bot):
    bot.on_text("u2", "洪泽区技能大赛三等奖奖多少")
    reply = bot.on_text("u2", "另外还能晋升等级吗")
    assert "晋级" in reply.text and "洪办发" in reply.text


def test_going_on_about_something_the_last_document_does_not_say_is_searched_as_usual(bot):
    bot.on_text("u3", "洪泽区技能大赛三等奖奖多少")
    reply = bot.on_text("u3", "还有购房券吗")
    assert "购房券" in reply.text and "洪办发" not in reply.text.split("相关条款")[0]


# -- 6. the fields of the form the last question named ------------------------------------------


def test_the_form_a_document_attaches_is_named_and_its_fields_follow(bot):
    # asked as a question about the document: its one form, by title, not its 文号 and date
    first = bot.on_text("v1", "台儿庄单位要交的那张调查表全称是啥")
    assert "《企业技能人才现状及需求情况调查表》" in first.text
    reply = bot.on_text("v1", "企业类型咋填")
    assert "国有企业" in reply.text and "填表说明" in reply.text
    assert "大、中、小" in bot.on_text("v1", "企业规模那栏写什么").text


def test_a_document_without_a_form_answers_the_question_about_it_as_before(bot):
    reply = bot.on_text("v2", "洪泽那个表格叫啥")
    assert "调查表" not in reply.text and "洪办发" in reply.text


@pytest.mark.parametrize(
    ("place", "about_document", "then"),
    [
        ("台儿庄", "这个政策是哪个单位出的", "那要怎么去申请"),
        ("宿迁", "它的文号是啥", "能补几个钱"),
        ("我在洪泽", "这个文件是谁印发的", "去哪里办"),
        ("叶集", "这个文件什么时候发的", "我能领不"),
    ],
)
def test_a_follow_up_after_the_documents_own_facts_is_answered_not_crashed(
    bot, place, about_document, then
):
    """After an answer about the document itself (its 文件信息, no clause of its own), a
    follow-up cites the document alone instead of failing on the missing clause."""
    bot.on_text("d1", place)
    bot.on_text("d1", about_document)
    reply = bot.on_text("d1", then)
    assert reply.text and "出错" not in reply.text and "抱歉，系统" not in reply.text
