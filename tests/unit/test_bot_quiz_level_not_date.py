"""A time alone (「上个月」「前年5月」) answering the skill-level question is no level: the
level is asked again, politely, and no certificate date is kept from it."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


@pytest.mark.parametrize("said", ["上个月", "前年5月的", "2024年"])
def test_a_time_for_the_level_asks_the_level_again(bot, said):
    uid = f"lvl-{said}"
    bot.on_text(uid, "帮我算算能拿哪些补贴")
    assert "技能等级" in bot.on_text(uid, "台儿庄").text
    reply = bot.on_text(uid, said).text
    assert "不好意思" in reply and "技能等级" in reply
    assert "已记下" not in reply
    reply = bot.on_text(uid, "高级工").text
    assert "技能等级是？" not in reply


def test_a_level_with_its_time_is_taken(bot):
    bot.on_text("lvl-both", "帮我算算能拿哪些补贴")
    bot.on_text("lvl-both", "台儿庄")
    reply = bot.on_text("lvl-both", "技师，前年拿的").text
    assert "不好意思" not in reply and "技能等级是？" not in reply
