"""A conversation that wanders and comes back, as the worker reads it: a topic kept through an
aside and found again by words going back to it; a document question naming the topic's own
place; a figure of a plan's targets asked after its target year; the other side of a payment;
small talk before a question. Real knowledge base and search, in-memory store; the phrasings
are our own."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.context import returned_to_topic
from bot.dialogue import Bot
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)
NOT_FOUND = "没有找到答案"
AWARD = "洪办发〔2021〕10号《洪泽区产业工人队伍建设实施方案》三（三）4"


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


# -- 1. going back to the subject after an aside ------------------------------------------------


@pytest.mark.parametrize(
    ("said", "rest"),
    [
        ("咱们说回之前的，那技师呢", "那技师呢"),
        ("继续刚刚的话题：企业能拿吗", "企业能拿吗"),
        ("前面问的那个，要交社保吗", "要交社保吗"),
        ("言归正传，技师呢", "技师呢"),
        ("回到刚刚那个问题", ""),
    ],
)
def test_words_going_back_are_taken_off_the_follow_up(said, rest):
    assert returned_to_topic(said) == (True, rest)


@pytest.mark.parametrize("said", ["刚才打错了，是技师", "刚刚我拿到技师证了", "之前在洪泽干"])
def test_a_message_merely_starting_with_a_time_word_goes_back_to_nothing(said):
    assert returned_to_topic(said)[0] is False


@pytest.mark.parametrize(
    "aside",
    # a short aside, and one long enough that, unanswered, it ends the topic
    ["明天会下雨吗", "周末想带孩子去公园划船你知道哪个公园好玩吗"],
)
@pytest.mark.parametrize("back", ["咱们说回之前那个，高级技师呢", "继续刚刚的，高级技师呢"])
def test_a_level_asked_after_going_back_is_the_award_before_the_aside(bot, aside, back):
    first = chat(bot, "w1", "我在洪泽，考上技师奖励多少")
    assert AWARD in first.text
    assert NOT_FOUND in chat(bot, "w1", aside).text
    reply = chat(bot, "w1", back)
    assert reply.text.startswith("👉 高级技师：4000元")
    assert AWARD in reply.text


@pytest.mark.parametrize("aside", ["技工蓝卡是干嘛用的", "落户有什么政策"])
def test_going_back_passes_over_an_aside_that_was_answered(bot, aside):
    first = chat(bot, "w5", "洪泽从外地招来的高级工能补几块钱")
    assert "三（三）1" in first.text
    assert "三（三）1" not in chat(bot, "w5", aside).text
    reply = chat(bot, "w5", "说回刚才那个，技师呢")
    assert reply.text.startswith("👉 技师：10000元")
    assert "三（三）1" in reply.text


def test_a_level_swapped_right_after_a_long_aside_stays_on_the_award(bot):
    chat(bot, "w2", "我在洪泽，考上技师奖励多少")
    chat(bot, "w2", "周末想带孩子去公园划船你知道哪个公园好玩吗")
    reply = chat(bot, "w2", "那高级工呢")
    assert reply.text.startswith("👉 高级工：1600元")
    assert AWARD in reply.text


def test_going_back_in_those_words_alone_shows_the_answer_again(bot):
    chat(bot, "w3", "我在洪泽，考上技师奖励多少")
    chat(bot, "w3", "周末想带孩子去公园划船你知道哪个公园好玩吗")
    reply = chat(bot, "w3", "好，说回刚刚的话题")
    assert AWARD in reply.text
    assert "3000元" in reply.text


# -- 2. a document question naming the topic's own place -----------------------------------------


def test_the_document_of_an_answer_is_given_when_its_place_is_named_again(bot):
    chat(bot, "d1", "宿迁对省外招来的高级工给什么待遇")
    reply = chat(bot, "d1", "宿迁这条是出自哪份文件")
    assert "宿人社发〔2021〕20号" in reply.text
    assert "没有找到这一项" not in reply.text
    assert "叶集" not in reply.text
    issuer = chat(bot, "d1", "哪个部门发的")
    assert "👉 发文单位：宿迁市人力资源和社会保障局" in issuer.text


def test_a_county_of_the_answers_city_names_that_citys_document(bot):
    chat(bot, "d2", "宿迁对省外招来的高级工给什么待遇")
    reply = chat(bot, "d2", "泗洪这个文号是啥")
    assert "👉 文号：宿人社发〔2021〕20号" in reply.text


def test_a_document_question_after_an_aside_keeps_the_answers_document(bot):
    chat(bot, "d3", "洪泽考上技师奖励多少")
    chat(bot, "d3", "今天风好大")
    reply = chat(bot, "d3", "洪泽这条文号是什么")
    assert "👉 文号：洪办发〔2021〕10号" in reply.text
    when = chat(bot, "d3", "啥时候印发的")
    assert "👉 印发日期：2021年2月5日" in when.text


def test_a_document_question_naming_another_place_is_not_the_answers_document(bot):
    chat(bot, "d4", "洪泽考上技师奖励多少")
    reply = chat(bot, "d4", "台儿庄的文号是多少")
    assert "洪办发〔2021〕10号" not in reply.text.split("\n")[0]


# -- 3. a figure of the plan whose target year was just asked -------------------------------------


def test_a_figure_asked_after_the_plans_target_year_is_that_plans(bot):
    chat(bot, "t1", "洪泽的实施方案目标定到哪一年")
    reply = chat(bot, "t1", "高技能人才数量要达到多少")
    assert reply.text.startswith("👉 高技能人才（高级技师、技师、高级工）4000人以上")
    assert "洪办发〔2021〕10号" in reply.text
    assert "连云港" not in reply.text
    again = chat(bot, "t1", "新型学徒制培训呢")
    assert again.text.startswith("👉 新型学徒制培训1000人以上")


def test_a_benefit_asked_after_a_target_is_not_read_as_a_figure_of_the_plan(bot):
    chat(bot, "t2", "洪泽的实施方案目标定到哪一年")
    reply = chat(bot, "t2", "技师补多少")
    assert reply.text.startswith("👉 技师：")
    assert "元" in reply.text.split("\n")[0]


# -- 4. the other side of a payment --------------------------------------------------------------


def test_the_employers_share_is_found_when_asked_as_who_is_given_it(bot):
    chat(bot, "r1", "洪泽从外地引进技师补多少")
    reply = chat(bot, "r1", "那发给单位的呢")
    assert reply.text.startswith("刚才那条是发给个人的；发给企业（单位）的是这条：")
    assert "500元/人" in reply.text
    back = chat(bot, "r1", "那给个人的呢")
    assert "10000元" in back.text


def test_no_workers_share_is_said_plainly_without_another_places_amounts(bot):
    chat(bot, "r2", "台儿庄职业培训补贴怎么给")
    reply = chat(bot, "r2", "那给个人的呢")
    assert "没有发给个人的条款" in reply.text
    assert "台儿庄" in reply.text
    assert "元" not in reply.text


def test_an_enterprise_asked_after_a_training_base_gets_the_enterprises_sentence(bot):
    # a training base is an organisation but not an enterprise: 「企业呢」 is another payee
    chat(bot, "r3", "台儿庄的实训培训基地每个人能补多少")
    reply = chat(bot, "r3", "那企业拿多少")
    assert reply.text.startswith("刚才那条发给的不是企业；发给企业的是这条：")
    assert "4000-6000元/人" in reply.text
    assert "2000-5000" not in reply.text.split("📄")[0]


def test_an_organisation_asked_after_an_enterprise_sentence_is_that_one_again(bot):
    chat(bot, "r4", "台儿庄搞新型学徒制企业每年补多少")
    reply = chat(bot, "r4", "那给企业的呢")
    assert "4000-6000元/人" in reply.text
    assert not reply.text.startswith("刚才那条发给的不是企业")


# -- 5. small talk before a question --------------------------------------------------------------


@pytest.mark.parametrize("hello", ["吃过饭了没", "师傅好，最近咋样", "在忙不忙啊"])
def test_small_talk_is_greeted_and_the_topic_kept(bot, hello):
    chat(bot, "s1" + hello, "洪泽考技师奖多少")
    greeted = chat(bot, "s1" + hello, hello)
    assert greeted.intent == "greeting"
    assert NOT_FOUND not in greeted.text
    reply = chat(bot, "s1" + hello, "那高级工呢")
    assert reply.text.startswith("👉 高级工：1600元")


def test_small_talk_before_a_question_reads_the_question_as_said_alone(bot, kb_index):
    kb, index = kb_index
    alone = Bot(kb, index, MemoryStore(), today=lambda: TODAY)
    question = "我在叶集，考上技师奖多少"
    expected = chat(alone, "s2", question).text
    assert expected.startswith("👉 技师：")
    assert chat(bot, "s3", "早啊师傅，吃过了没，" + question).text == expected
    chat(bot, "s4", "吃过饭了没")
    assert chat(bot, "s4", question).text == expected


# -- 6. a place whose documents pay no cash for what is asked ----------------------------------


def test_a_county_whose_city_pays_no_cash_for_a_grade_says_so_with_its_own_clause(bot):
    chat(bot, "c1", "我在泗洪")
    reply = chat(bot, "c1", "拿到高级工证书能领补贴不")
    assert reply.text.startswith("👉 宿迁市的文件里没有这项现金补贴。")
    assert "宿人社发〔2021〕20号" in reply.text
    for elsewhere in ("洪泽", "叶集", "台儿庄", "连云港"):
        assert elsewhere not in reply.text
    assert "元" not in reply.text


def test_a_place_paying_for_the_grade_gets_no_such_line(bot):
    reply = chat(bot, "c2", "洪泽拿到高级工证书能领补贴不")
    assert "没有这项现金补贴" not in reply.text
    assert "1600元" in reply.text


@pytest.mark.parametrize("fee", ["去考技能等级证要交钱不", "评职业技能等级得花钱吗"])
def test_a_fee_the_worker_would_pay_is_no_cash_benefit_asked(bot, fee):
    chat(bot, "c3", "我在宿迁")
    reply = chat(bot, "c3", fee)
    assert "没有这项现金补贴" not in reply.text
