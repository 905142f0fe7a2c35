"""Durations given as a range (「七八个月」「两三年」「一到两年」「5-7个月」): read as a range,
never as one number run together (78 months), its shorter end kept; in the questionnaire the
exact length is asked when a rule's threshold lies inside the range. Our own phrasings."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.parsing import duration_range, parse_months, parse_years
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)
# 洪泽: an introduced technician of a key-industry private firm; the subsidy asks 6 months
HONGZE_TO_CONTRACT = ("测一测", "洪泽", "技师", "是", "民营企业", "是")


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("七八个月", (7, 8)),
        ("大概五六个月吧", (5, 6)),
        ("两三年", (24, 36)),
        ("一到两年", (12, 24)),
        ("5-7个月", (5, 7)),
        ("5、6个月", (5, 6)),
    ],
)
def test_a_range_is_read_as_its_two_ends(text, months):
    assert duration_range(text, "months") == tuple(float(m) for m in months)


@pytest.mark.parametrize("text", ["八个月", "二十个月", "一年半", "2年"])
def test_one_duration_is_no_range(text):
    assert duration_range(text, "months") is None


def test_the_parsers_keep_the_shorter_end():
    assert parse_months("七八个月") == 7
    assert parse_years("三四年") == 3.0
    assert parse_months("差不多半年") == 6


def test_a_range_across_a_threshold_asks_for_the_exact_length(bot):
    chat(bot, "rg-1", *HONGZE_TO_CONTRACT, "重点产业", "紧缺岗位", "两年")
    reply = bot.on_text("rg-1", "五六个月")
    assert reply.intent == "quiz" and "请说个准数" in reply.text
    assert "社保" in reply.text.splitlines()[-2]
    assert "按7个月记下" not in bot.on_text("rg-1", "7个月").text


def test_a_range_on_one_side_of_every_threshold_is_kept(bot):
    chat(bot, "rg-2", *HONGZE_TO_CONTRACT, "重点产业", "紧缺岗位", "两年")
    reply = bot.on_text("rg-2", "七八个月")
    assert "按7个月记下" in reply.text
