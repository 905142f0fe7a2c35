"""Answers workers give that are not the textbook form: hedged yes/no (「应该是吧」「好像不是」),
none at all for a length (「没交」「还没签」), a two-digit year with the certificate
(「21年拿的证」), and a length said in another part of the message than the fact it is of
(「社保一直交的，五年了」). Our own phrasings."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.parsing import parse_bool, parse_months, parse_years
from bot.profile_facts import facts_in
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


@pytest.mark.parametrize(
    ("text", "value"),
    [("应该是吧", True), ("好像是", True), ("估计不是", False), ("好像不是", False)],
)
def test_a_hedged_yes_or_no_is_the_answer(text, value):
    assert parse_bool(text) is value


@pytest.mark.parametrize("text", ["没有", "没交", "还没签", "没交过", "没有吧"])
def test_none_at_all_is_no_length(text):
    assert parse_months(text) == 0 and parse_years(text) == 0


def test_a_two_digit_year_with_the_certificate_is_its_date():
    assert facts_in("21年拿的证", TODAY)["level_obtained_on"] == "2021-01-01"
    assert facts_in("技师证是23年考的", TODAY)["level_obtained_on"] == "2023-01-01"
    assert "level_obtained_on" not in facts_in("干了12年了", TODAY)


def test_a_hedged_answer_moves_the_questionnaire_on(bot):
    reply = chat(bot, "od-1", "测一测", "洪泽", "高级工", "应该是吧")
    assert "单位是什么性质" in reply.text


def test_a_length_in_another_part_of_the_message_is_kept(bot):
    chat(bot, "od-2", "测一测", "叶集", "技师，在民营厂干了五年")
    reply = bot.on_text("od-2", "社保一直交的，五年了")
    assert "已记下：社保缴纳月数是60个月" in reply.text
    assert "交了多少个月社保" not in reply.text


def test_an_option_picked_by_its_place_in_the_list():
    from bot.parsing import parse_choice

    assert parse_choice("第二个", ("甲", "乙", "丙")) == "乙"
    assert parse_choice("选3", ("甲", "乙", "丙")) == "丙"
    assert parse_bool("选1") is True and parse_bool("第2个") is False


def test_a_length_said_by_when_it_began_is_counted_to_today():
    from bot.parsing import duration_range, months_since

    today = date(2026, 12, 1)
    assert parse_months("从今年5月开始交的", today) == 7
    # a year without its month: the fewest it can be (from that December); the most is
    # from January, and the questionnaire asks the month when a threshold lies between
    assert parse_years("2020年开始在这干", today) == 6.0
    assert months_since("2020年开始在这干", today) == (72.0, 83.0)
    # a lunar month began: the fewest and the most months it can be
    assert months_since("去年腊月开始交的", today) == (10.0, 11.0)
    assert duration_range("去年腊月开始交的", "months", today) == (10.0, 11.0)


def test_a_lunar_date_told_before_the_questionnaire_is_confirmed_first(kb_index):
    kb, index = kb_index
    bot = Bot(kb, index, MemoryStore(), today=lambda: date(2026, 12, 1))
    told = "测一测：洪泽，高级工，区内民营企业，本地的，没比过赛，去年冬月拿的证"
    reply = bot.on_text("od-3", told)
    assert reply.intent == "quiz" and "请回复公历日期" in reply.text
    assert "1600元" in bot.on_text("od-3", "2026年1月8日").text


def test_when_work_or_insurance_began_is_a_length_not_a_certificate_date():
    today = date(2026, 12, 1)
    assert facts_in("社保从今年3月开始交", today) == {"insurance_months": 9}
    assert facts_in("我2022年入职的", today)["tenure_years"] == 4.0  # from December at least
    began = facts_in("前年腊月开始在这干的", today)
    assert "level_obtained_on" not in began and began["tenure_years"] == 1.92


def test_a_beginning_said_while_the_certificate_date_is_asked_is_kept_for_tenure(kb_index):
    kb, index = kb_index
    bot = Bot(kb, index, MemoryStore(), today=lambda: date(2026, 12, 1))
    chat(bot, "od-4", "测一测", "叶集", "高级工", "没有")
    reply = bot.on_text("od-4", "前年腊月开始在这干的")
    assert "连续工作年限" in reply.text and "1年11个月" in reply.text


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("一个月到手五千", 5000),
        ("大概八九千", 8000),
        ("5000到6000", 5000),
        ("4、5千", 4000),
        ("1万5", 15000),
        ("6千5", 6500),
    ],
)
def test_a_wage_said_loosely_or_as_a_range(text, yuan):
    from bot.parsing import parse_yuan

    assert parse_yuan(text) == yuan


def test_levels_said_without_their_last_word_and_holidays_as_dates():
    from bot.parsing import parse_date
    from bot.questions import QUESTIONS

    assert QUESTIONS["skill_level"].parse("中级", TODAY) == "中级工"
    assert QUESTIONS["skill_level"].parse("高级", TODAY) == "高级工"
    assert QUESTIONS["skill_level"].parse("高级技师", TODAY) == "高级技师"
    assert parse_date("去年国庆", TODAY) == date(2025, 10, 1)
    assert parse_date("今年元旦", TODAY) == date(2026, 1, 1)


def test_took_part_without_a_prize_is_no_prize():
    from bot.parsing import parse_competition

    assert parse_competition("参加过没获奖") is None


def test_a_near_miss_says_a_length_as_a_worker_would():
    from bot.results import unmet_text

    said = unmet_text({"field": "contract_years", "required": "≥1年", "actual": "0.5年"})
    assert said.endswith("你的是半年")
    assert facts_in("重点产业，紧缺", TODAY)["shortage_post"] is True


def test_working_full_years_is_tenure():
    assert facts_in("假如我做够了三年", TODAY) == {"tenure_years": 3.0}
    assert facts_in("在这工作满两年了", TODAY)["tenure_years"] == 2.0


def test_a_bare_date_while_another_question_waits_is_the_certificates(bot):
    chat(bot, "od-5", "测一测", "台儿庄", "高级工")
    reply = bot.on_text("od-5", "2025年3月")
    assert "已记下：取证时间" in reply.text


def test_a_date_said_otherwise_while_another_question_waits_is_a_correction(kb_index):
    kb, index = kb_index
    bot = Bot(kb, index, MemoryStore(), today=lambda: date(2026, 12, 1))
    told = "我在洪泽，高级工，区内民企，本地人，今年5月拿的证，没参加过比赛"
    assert "1600元" in bot.on_text("od-6", told).text
    assert bot.on_text("od-6", "上一步").intent == "quiz"
    reply = bot.on_text("od-6", "去年5月")
    assert "已改为：取证时间是2025年5月" in reply.text and "领不了" in reply.text
