"""A length said by the year it began and no month (「去年进的厂」「社保前年开始交的」「2025年」)
may be anything from that December to that January. When a rule's line (洪泽 三（三）1: 缴纳6个月
以上社会保险; 叶集 三: 连续工作3年以上（含3年）) lies between, the worker is asked the month
and a month said alone then is that year's; otherwise the answer is taken as it is. Through
``Bot.on_text`` on 2026-03-01, as a worker sees it."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.parsing import month_alone, months_since, year_only
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def _hongze_to_insurance(bot: Bot, uid: str) -> None:
    reply = chat(
        bot,
        uid,
        "测一下我能领什么",
        "洪泽",
        "高级工",
        "从外地引进的，厂里属于重点产业，岗位紧缺",
        "合同签了3年",
    )
    assert "交了多少个月社保" in reply.text


@pytest.mark.parametrize("said", ["社保去年开始交的", "去年", "2025年", "从去年起交的"])
def test_insurance_begun_last_year_asks_the_month_across_six_months(bot, said):
    uid = "yr-ins-" + said
    _hongze_to_insurance(bot, uid)
    reply = bot.on_text(uid, said)
    # 2025-12 → 3 months, 2025-01 → 14: the 6-month line lies between
    assert "没说几月" in reply.text and "3个月到14个月" in reply.text
    assert "5000元" not in reply.text


def test_the_month_said_then_decides_the_award(bot):
    _hongze_to_insurance(bot, "yr-sep")
    bot.on_text("yr-sep", "社保去年开始交的")
    # September 2025 to March 2026: 6 months, 「6个月以上」 includes 6
    assert "一次性5000元" in bot.on_text("yr-sep", "9月份").text
    _hongze_to_insurance(bot, "yr-nov")
    bot.on_text("yr-nov", "社保去年开始交的")
    reply = bot.on_text("yr-nov", "十一月")
    assert "5000元" not in reply.text.split("再回答")[0]


def test_a_year_clear_of_every_line_is_taken_without_asking(bot):
    _hongze_to_insurance(bot, "yr-clear")
    reply = bot.on_text("yr-clear", "社保前年开始交的")
    assert "没说几月" not in reply.text
    assert "按15个月记下" in reply.text and "一次性5000元" in reply.text


def test_tenure_told_by_its_year_before_the_questions_is_asked_first(bot):
    told = "我在叶集民营企业，技师，大前年进的厂，帮我算算能领啥"
    reply = bot.on_text("yr-ten", told)
    assert "没说几月" in reply.text and "连续工作几年" in reply.text
    bot.on_text("yr-ten", "5月")  # 2023-05: 2年10个月, short of 3 years
    result = bot.on_text("yr-ten", "就这些").text
    assert "你的是2年10个月" in result and "再连续工作2个月即可申领" in result
    bot.on_text("yr-ten2", told)
    bot.on_text("yr-ten2", "1月份")  # 2023-01: 3年2个月
    result = bot.on_text("yr-ten2", "就这些").text
    assert "你的是2年" not in result
    if "民营企业职工取得高技能" not in result:
        result += bot.on_text("yr-ten2", "更多").text  # a longer result goes on a second page
    assert "民营企业职工取得高技能职业资格一次性奖励：一次性奖励2000元" in result


def test_a_year_far_from_the_line_is_not_asked(bot):
    reply = bot.on_text("yr-far", "我在叶集民营企业，技师，前年进的厂，帮我算算能领啥")
    assert "没说几月" not in reply.text


def test_the_span_of_a_year_without_its_month():
    assert months_since("去年开始交的", TODAY) == (3.0, 14.0)
    assert months_since("前年下半年开始", TODAY) == (15.0, 20.0)
    assert months_since("今年", TODAY) == (0.0, 2.0)
    assert months_since("去年3月开始", TODAY) == (12.0, 12.0)  # the month said: exact
    assert year_only("去年3月", TODAY) is None
    assert year_only("23年", TODAY) == (date(2023, 1, 1), date(2023, 12, 1))


@pytest.mark.parametrize(
    ("said", "month"), [("5月", 5), ("五月份", 5), ("是3月进的", 3), ("十二月", 12)]
)
def test_a_month_alone(said, month):
    assert month_alone(said) == month


@pytest.mark.parametrize("said", ["5个月", "2025年5月", "13月", "三年"])
def test_not_a_month_alone(said):
    assert month_alone(said) is None


def test_a_corrected_length_is_said_back_in_years_and_months(bot):
    reply = chat(bot, "yr-fix", "测一下我能领什么", "叶集", "技师", "民营企业", "没有", "不是")
    reply = chat(bot, "yr-fix", "今年1月", "两年")
    assert "连续工作几年" in reply.text
    reply = bot.on_text("yr-fix", "不对，是大前年进的厂")
    # the line (3 years) falls inside that year: its month is asked, the ends said in years
    # and months
    assert "2年3个月" in reply.text and "几月" in reply.text and "2.25" not in reply.text
    reply = bot.on_text("yr-fix", "12月")
    assert "连续工作几年" not in reply.text
