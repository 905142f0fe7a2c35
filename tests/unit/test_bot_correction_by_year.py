"""A correction giving a length by its year alone (「不对，是大前年进的厂」) has its month asked
when a rule's line falls inside that year, as a first answer does. Our own phrasings."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def test_a_first_answer_by_its_year_alone_asks_the_month(bot):
    reply = chat(bot, "cy-0", "测一测", "叶集", "技师", "民营企业", "大前年进的厂")
    assert "几月" in reply.text and "2023年" in reply.text


def test_a_correction_by_its_year_alone_asks_the_month(bot):
    chat(bot, "cy-1", "测一测", "叶集", "技师", "民营企业", "干了五年")
    reply = bot.on_text("cy-1", "不对，是大前年进的厂")
    assert "几月" in reply.text and "2023年" in reply.text
    after = bot.on_text("cy-1", "5月")
    assert "几月" not in after.text
