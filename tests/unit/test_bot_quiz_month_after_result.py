"""A length corrected by its year alone after the result (「搞错了，我2023年进厂的」) has
its month asked when a rule's line (叶集 三: 连续工作3年以上) falls inside that year, as it is
during the questionnaire; a year clear of every line is taken at once."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)
TOLD = "叶集的，技师，民营企业，本地招的，在这干了6年，社保交了6年，去年拿的证，没获过奖，没有称号，测一测"


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def test_the_month_is_asked_then_decides(bot):
    bot.on_text("mar-1", TOLD)
    assert "测算结果" in bot.on_text("mar-1", "就这些").text
    reply = bot.on_text("mar-1", "搞错了，我2023年进厂的").text
    assert "没说几月" in reply and "连续工作几年" in reply
    reply = bot.on_text("mar-1", "6月").text
    assert "测算结果" in reply and "再连续工作3个月即可申领" in reply


def test_a_year_clear_of_the_line_is_taken(bot):
    bot.on_text("mar-2", TOLD)
    bot.on_text("mar-2", "就这些")
    reply = bot.on_text("mar-2", "搞错了，我2018年进厂的").text
    assert "没说几月" not in reply
