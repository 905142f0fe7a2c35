"""Lengths workers type right at a rule's line, read to the month: 「三年差一个月」, 「差一个月就
干满三年」, 「两年零十一个月」, 「两年不到」 are short of 3 years (叶集 三: 连续工作3年以上（含3年）;
叶集 四: 缴纳社会保险满3年); 「六个多月」「超过半年」 meet 洪泽 三（三）1's 缴纳6个月以上, 「五个多月」
「小半年」 do not; 「一两年」「七八个月」 are ranges, never 12 years or 78 months. Dialect yes/no
(木有, 算是吧) and 区属国企 are read as said."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.parsing import parse_bool, parse_date, parse_months, parse_years
from bot.profile_facts import facts_in
from bot.questions import QUESTIONS
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


@pytest.mark.parametrize(
    ("said", "months"),
    [
        ("三年差一个月", 35),
        ("差一个月满三年", 35),
        ("两年零十一个月", 35),
        ("两年不到", 23),
        ("三年都不到", 35),
        ("半年不到", 5),
        ("小半年", 5),
        ("六个多月", 6),
        ("超过半年", 6),
        ("刚好半年", 6),
        ("一两年", 12),
        ("七个来月", 7),
    ],
)
def test_a_length_typed_near_a_line_is_read_to_the_month(said, months):
    assert parse_months(said, TODAY) == months


@pytest.mark.parametrize(
    ("said", "field", "value"),
    [
        ("在这干了三年差一个月", "tenure_years", 2.92),
        ("差一个月就干满三年了", "tenure_years", 2.92),
        ("我干了两年不到", "tenure_years", 1.92),
        ("社保交了两年零十一个月", "insurance_months", 35),
        ("社保三年差两个月", "insurance_months", 34),
        ("社保交了六个多月", "insurance_months", 6),
        ("社保交了小半年", "insurance_months", 5),
        ("社保交了七八个月", "insurance_months", 7),
        ("合同签了一两年", "contract_years", 1.0),
    ],
)
def test_the_same_lengths_told_in_a_sentence(said, field, value):
    assert facts_in(said, TODAY)[field] == value


def test_a_month_short_of_three_years_is_a_near_miss_with_the_month_left(bot):
    told = "我在叶集，技师，民营企业，今年1月拿的证，在这干了三年差一个月，社保一直交着，测一测"
    bot.on_text("line-ten", told)
    result = bot.on_text("line-ten", "就这些").text
    assert "差一点就能领" in result and "你的是2年11个月" in result
    assert "再连续工作1个月即可申领" in result
    assert "一次性奖励2000元" not in result.split("差一点")[0]


def test_insurance_a_month_short_of_three_years_is_no_housing_subsidy(bot):
    told = "我在叶集，技师，外地引进的，民营企业，合同三年，社保交了两年零十一个月，测一测"
    reply = bot.on_text("line-ins", told)
    assert "30000元" not in reply.text
    reply = chat(bot, "line-ins3", told.replace("两年零十一个月", "满三年"))
    assert "新引进技师及以上人才生活补贴和住房补贴：一次性30000元" in reply.text


def test_five_months_and_some_is_short_of_six(bot):
    told = (
        "我在洪泽，高级工，从外地引进，重点产业，紧缺岗位，劳动合同一年期，五个多月的社保，测一测"
    )
    assert "5000元" not in bot.on_text("line-5", told).text
    told6 = told.replace("五个多月", "六个多月")
    assert "急需紧缺高技能引进人才一次性补贴：一次性5000元" in bot.on_text("line-6", told6).text


@pytest.mark.parametrize(("said", "value"), [("木有", False), ("冇有", False), ("算是吧", True)])
def test_dialect_yes_and_no(said, value):
    assert parse_bool(said) is value


def test_district_owned_state_enterprise_is_kept_apart():
    # 叶集 四 grants 区属国有企业 what it does not grant any 国有企业
    asked = QUESTIONS["employer_type"]
    assert asked.parse_for("区属国企", TODAY, {"region": "叶集区"}) == "区属国有企业"
    assert parse_years("刚来", TODAY) == 0


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("刚拿的", date(2026, 3, 1)),
        ("这个月考的", date(2026, 3, 1)),
        ("大概是去年吧", date(2025, 1, 1)),
        ("应该是前年", date(2024, 1, 1)),
    ],
)
def test_a_certificate_date_said_loosely(said, day):
    assert parse_date(said, TODAY) == day


def test_last_week_in_early_january_is_last_year():
    # 当年 (洪泽 三（三）4) is the calendar year: a certificate got last week on 3 January is
    # last year's
    assert parse_date("上周", date(2026, 1, 3)) == date(2025, 12, 1)


def test_just_got_the_certificate_is_this_years_award(bot):
    reply = chat(bot, "just", "测一下我能领什么", "洪泽", "技师", "区内民企，本地人", "没比过赛")
    reply = bot.on_text("just", "刚拿的")
    assert "区内企业技术工人当年取得高技能等级奖励：一次性3000元" in reply.text
