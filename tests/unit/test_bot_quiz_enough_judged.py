"""A length answered with 「够吗」 in the questionnaire is judged against the lines of the
clauses still in play (洪泽 三（三）1/2: 6个月以上; 叶集 四: 满3年), then the next question."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.store import MemoryStore
from bot.verdict import enough_lines, without_enough

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def _to_insurance(bot: Bot, uid: str) -> str:
    told = "洪泽的，高级工，单位在洪泽注册，民营企业，外地引进的，劳动合同签了两年，测一测"
    reply = bot.on_text(uid, told).text
    for _ in range(6):
        if "交了多少个月社保" in reply:
            return reply
        reply = bot.on_text(uid, "是").text
    raise AssertionError(reply)


@pytest.mark.parametrize("said", ["九个月，这样行不行？", "九个月够了吗"])
def test_nine_months_meets_the_six_month_line(bot, said):
    _to_insurance(bot, "enough-9")
    reply = bot.on_text("enough-9", said).text
    assert "✅ 够：洪泽" in reply and "6个月以上" in reply
    assert "不够" not in reply
    assert "交了多少个月社保" not in reply  # taken: the next question follows


def test_four_months_falls_short_and_says_the_workers_own(bot):
    _to_insurance(bot, "enough-4")
    reply = bot.on_text("enough-4", "才4个月，够不够").text
    assert "❌ 不够：洪泽" in reply and "（你的是4个月）" in reply


def test_the_lines_name_each_place_and_clause_once():
    lines = enough_lines(
        "insurance_months", 20, ["yeji-intro-living-housing", "hongze-intro-subsidy"]
    )
    assert any(line.startswith("❌ 不够：叶集 四") and "36个月" in line for line in lines)
    assert lines == sorted(lines, key=lambda line: not line.startswith("❌"))


def test_the_ask_is_cut_from_the_length():
    assert without_enough("十个月够吗") == "十个月"
    assert without_enough("十个月") is None


def test_no_ask_no_verdict(bot):
    _to_insurance(bot, "enough-plain")
    reply = chat(bot, "enough-plain", "9个月").text
    assert "够：" not in reply
