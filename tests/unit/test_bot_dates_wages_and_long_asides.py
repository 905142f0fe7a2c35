"""Readings a worker would notice when wrong: a Gregorian 31st, a two-digit past year, a length
said as a month of this year, a wage range or a wage said with its month, and replies kept to
one message without repeating a long number back."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bluecard.privacy import FORM_INTENTS
from bot.dialogue import Bot
from bot.lunar import lunar_span
from bot.paging import MAX_REPLY_BYTES, utf8_len
from bot.parsing import parse_months, parse_yuan
from bot.profile_facts import facts_in
from bot.store import MemoryStore

DAY = date(2026, 12, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: DAY)


def test_a_thirty_first_is_a_gregorian_day_not_a_lunar_one() -> None:
    assert lunar_span("去年十二月三十一号考下来的", DAY) is None
    assert lunar_span("十二月初八拿的证", DAY) is not None  # 初八 is lunar


def test_a_two_digit_year_is_never_one_still_to_come() -> None:
    span = lunar_span("98年腊月", DAY)
    assert span is not None and span.first.year in (1998, 1999)


def test_a_month_of_this_or_last_year_answering_how_long_counts_up_to_today() -> None:
    assert parse_months("今年2月", DAY) == 10
    assert parse_months("去年6月份", DAY) == 18


def test_a_wage_range_is_read_as_its_lower_end_with_the_unit_of_each_side() -> None:
    assert parse_yuan("1万2到1万8") == 12000.0
    assert parse_yuan("4千到1万") == 4000.0
    assert parse_yuan("6、7千") == 6000.0


def test_a_wage_said_with_its_month_in_a_message_is_the_wage() -> None:
    said = facts_in("我是技师，每个月工资到手六千，引进的能补多少", DAY)
    assert said.get("monthly_salary") == 6000.0
    assert "monthly_salary" not in facts_in("工资2年没涨过", DAY)


def test_how_it_was_worked_out_is_kept_out_of_the_message_log_like_the_questionnaire() -> None:
    assert "quiz_explain" in FORM_INTENTS


def test_a_long_run_of_numerals_after_a_result_is_not_repeated_back(bot) -> None:
    chat(bot, "long1", "测一测", "洪泽", "高级工", "就这些")
    reply = bot.on_text("long1", "一五九八七六五四三二一")
    assert "一五九八七六五四三二一" not in reply.text


def test_a_question_inside_the_questionnaire_comes_with_the_question_in_one_message(bot) -> None:
    chat(bot, "long2", "我在洪泽", "算算我能领多少", "高级工")
    reply = bot.on_text("long2", "那叶集呢")
    assert utf8_len(reply.text) <= MAX_REPLY_BYTES
    assert "测算还在继续" in reply.text and "更多" not in reply.text
