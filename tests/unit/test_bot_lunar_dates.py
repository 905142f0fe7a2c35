"""Certificate dates said by the lunar calendar (腊月, 冬月, 正月, 八月十五, 中秋 …): converted to
Gregorian days (``bot.lunar``, lunar_python's tables), and in the questionnaire the Gregorian
date asked when the day within a lunar month changes the result (洪泽's 当年 award). Our own
phrasings."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.lunar import lunar_span, obtained_on
from bot.parsing import parse_date
from bot.profile_facts import facts_in
from bot.store import MemoryStore

TODAY = date(2026, 12, 1)  # lunar 2026-10-23
HONGZE_UP_TO_DATE = ("测一测", "洪泽", "高级工", "是", "民营企业", "不是", "没有")


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        # the twelfth month of last lunar year falls in this Gregorian January–February
        ("去年腊月", date(2026, 1, 19), date(2026, 2, 16)),
        ("今年正月", date(2026, 2, 17), date(2026, 3, 18)),
        ("去年冬月", date(2025, 12, 20), date(2026, 1, 18)),
        # no year: the last such month up to today (this year's 冬月 is still to come)
        ("冬月", date(2025, 12, 20), date(2026, 1, 18)),
        ("前年端午", date(2024, 6, 10), date(2024, 6, 10)),
        ("去年中秋", date(2025, 10, 6), date(2025, 10, 6)),
        ("八月十五", date(2026, 9, 25), date(2026, 9, 25)),
        ("去年腊月二十", date(2026, 2, 7), date(2026, 2, 7)),
        ("农历三月", date(2026, 4, 17), date(2026, 5, 16)),
    ],
)
def test_lunar_dates_as_gregorian_days(text, first, last):
    span = lunar_span(text, TODAY)
    assert span is not None and (span.first, span.last) == (first, last)


@pytest.mark.parametrize("text", ["去年10月", "十月", "8月15号", "初级工", "2025年3月"])
def test_gregorian_dates_and_other_words_are_not_lunar(text):
    assert lunar_span(text, TODAY) is None


def test_the_date_parser_reads_a_lunar_month_by_its_first_gregorian_day():
    assert parse_date("去年腊月", TODAY) == date(2026, 1, 19)
    assert parse_date("去年10月", TODAY) == date(2025, 10, 1)


def test_a_lunar_date_said_with_getting_the_certificate_is_a_fact():
    assert facts_in("技师证是去年腊月拿的", TODAY)["level_obtained_on"] == "2026-01-19"
    assert obtained_on("去年腊月开始上班", TODAY) is None


def test_a_lunar_month_inside_one_gregorian_year_is_kept_and_said_so(bot):
    reply = chat(bot, "lu-1", *HONGZE_UP_TO_DATE, "去年腊月")
    # Gregorian January–February of this year: 当年, the award for this year's certificate
    assert reply.intent == "quiz_result"
    assert "公历2026年1月19日至2月16日" in reply.text and "1600元" in reply.text


def test_a_lunar_month_across_new_year_asks_the_gregorian_date(bot):
    reply = chat(bot, "lu-2", *HONGZE_UP_TO_DATE, "去年冬月")
    assert reply.intent == "quiz" and "请回复公历日期" in reply.text
    assert "2025年12月20日至2026年1月18日" in reply.text
    assert bot.quiz_active("lu-2")
    after = bot.on_text("lu-2", "2026年1月6日")
    assert after.intent == "quiz_result" and "1600元" in after.text


def test_a_lunar_day_is_exact_and_asks_nothing(bot):
    reply = chat(bot, "lu-3", *HONGZE_UP_TO_DATE, "八月十五拿的")
    assert reply.intent == "quiz_result" and "公历2026年9月25日" in reply.text


def test_insurance_begun_in_a_lunar_month_across_six_months_asks_the_day(bot):
    chat(bot, "lu-4", "测一测", "洪泽", "技师", "是", "民营企业", "是", "重点产业，紧缺", "两年")
    reply = bot.on_text("lu-4", "今年农历五月开始交的")
    assert reply.intent == "quiz" and "5个月到6个月" in reply.text
    assert "农历今年五月" in reply.text and "交了多少个月社保" in reply.text
    # the Gregorian day it began answers how long: counted up to today
    assert "10000元" in bot.on_text("lu-4", "2026年6月20日").text
