"""社保 stopped for a while after years paid: the total paid is judged, the gap said as the
documents leave it (``bot.insurance``)."""

from __future__ import annotations

from datetime import date

import pytest
from fakes.bot_services import FakeBotServices

from bot.dialogue import Bot
from bot.insurance import insurance_gap


@pytest.fixture
def bot(kb_index, store):
    kb, index = kb_index
    return Bot(kb, index, store, services=FakeBotServices(), today=lambda: date(2026, 3, 1))


@pytest.mark.parametrize(
    ("text", "gap", "before"),
    [
        ("社保停了4个月，以前交了6年", 4, 72),
        ("之前社保缴了三年，中间断了两个月", 2, 36),
        ("社保断缴半年了，之前交过8年", 6, 96),
        ("社保中断了5个月，前面交了两年", 5, 24),
        ("我社保有4个月没交，以前一共交了3年", 4, 36),
    ],
)
def test_both_facts_are_read(text, gap, before):
    read = insurance_gap(text)
    assert read is not None and (read.gap, read.before) == (gap, before)
    assert f"社保交了{before}个月" in read.text


@pytest.mark.parametrize("text", ["社保交了7个月", "社保断了3个月", "合同断了两个月，之前签了3年"])
def test_one_fact_alone_is_not_a_gap_story(text):
    assert insurance_gap(text) is None


@pytest.mark.parametrize(
    ("question", "clause", "months"),
    [
        ("我在洪泽，社保断了三个月，之前交了五年，还能申请引进补贴吗", "洪办发", "60个月"),
        ("叶集的，社保停缴了两个月，之前连续交了4年，这个影响补贴吗", "满3年", "48个月"),
        ("我在叶集，社保中间断了半年，以前交过两年，生活补贴还能领吗", "满3年", "24个月"),
    ],
)
def test_the_insurance_condition_is_judged_on_the_total(bot, question, clause, months):
    reply = bot.on_text("g1", question)
    assert clause in reply.text
    assert f"社保缴纳月数是{months}" in reply.text  # the total, never the gap, is judged
    assert "文件没有写" in reply.text  # whether the gap counts is not printed anywhere
    assert "负责解释" not in reply.text  # not the interpretation clause


@pytest.mark.parametrize(
    "text",
    [
        "车间停了三个月，之前交了4年社保",
        "公积金断了两个月，之前交了5年",
        "公积金停缴了半年，以前交过三年",
    ],
)
def test_a_stop_of_something_else_is_no_gap_of_insurance(text):
    assert insurance_gap(text) is None
