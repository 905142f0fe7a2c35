"""Words holding a numeral that count nothing (五险一金, 一线, 十佳, 五一, 三八节, 一把手, 一等奖)
stay words when numbers are written in digits, and a year with its month written the way forms
and phone keyboards give it (202305, 2023.5, 2023/05, 23年5月) is that month, not January.
Our own phrasings."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.parsing import months_since, parse_date, to_digits
from bot.profile_facts import facts_in
from bot.questionnaire import Questionnaire
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("五险交了快一年", "五险"),
        ("单位给交五险一金", "五险一金"),
        ("一线岗位的车工", "一线"),
        ("厂里评过十佳员工", "十佳"),
        ("五一前拿的证", "五一"),
        ("三八节发的奖状", "三八节"),
        ("车间一把手", "一把手"),
        ("县里比赛拿了一等奖", "一等奖"),
    ],
)
def test_a_word_holding_a_numeral_is_not_a_number(said, kept):
    assert kept in to_digits(said)


@pytest.mark.parametrize(
    ("said", "digits"),
    [("干了一年", "1年"), ("十一个月", "11个月"), ("工资八千左右", "8000左右"), ("交了十八", "18")],
)
def test_numbers_are_still_written_in_digits(said, digits):
    assert digits in to_digits(said)


def test_insurance_said_as_five_insurances_is_read():
    assert facts_in("五险交了半年多", TODAY)["insurance_months"] == 6
    assert facts_in("五险一金交了两年了", TODAY)["insurance_months"] == 24


@pytest.mark.parametrize("said", ["202305", "2023.5", "2023/05", "2023-05", "23年5月", "2023.05"])
def test_a_year_and_month_written_compactly_is_that_month(said):
    assert parse_date(said, TODAY) == date(2023, 5, 1)
    assert months_since(said, TODAY) == (34.0, 34.0)


def test_a_compact_date_in_a_story():
    assert facts_in("证是2023/05拿的", TODAY)["level_obtained_on"] == "2023-05-01"
    assert facts_in("2023.5拿的技师证", TODAY)["level_obtained_on"] == "2023-05-01"
    assert facts_in("社保202305开始交的", TODAY)["insurance_months"] == 34
    assert facts_in("23年5月进的厂", TODAY)["tenure_years"] == round(34 / 12, 2)


def test_an_amount_with_a_point_is_no_date():
    assert to_digits("2023.5万") == "2023.5万"
    assert "年" not in to_digits("工资5000")


def test_a_compact_date_answering_the_certificate_question():
    quiz = Questionnaire(MemoryStore(), today=lambda: TODAY)
    quiz.start("nw-2", {"region": "洪泽区", "skill_level": "技师"})
    quiz.change("nw-2", "level_obtained_on")
    step = quiz.answer("nw-2", "202305")
    assert step.answers["level_obtained_on"] == "2023-05-01"


def test_five_insurances_in_the_five_insurance_story_in_chat(bot):
    reply = chat(bot, "nw-3", "测一测", "叶集", "技师", "五险交了半年多")
    assert "已记下：社保缴纳月数" in reply.text
