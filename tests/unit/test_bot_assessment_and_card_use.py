"""What a worker sees when asking to be assessed (the questionnaire starts) or asking what the
技工蓝卡 is for (the document's clause, not their card's progress)."""

from __future__ import annotations

from datetime import date

import pytest
from fakes.bot_services import FakeBotServices

from bot.dialogue import Bot
from bot.store import MemoryStore


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), services=FakeBotServices(), today=lambda: date(2026, 3, 1))


def test_asking_to_be_assessed_starts_the_questionnaire(bot):
    reply = bot.on_text("w6", "帮忙做个补贴资格评估")
    assert reply.intent == "quiz" and "没有找到答案" not in reply.text
    assert "哪个区" in reply.text


def test_how_a_subsidy_is_worked_out_is_searched(bot):
    reply = bot.on_text("w7", "研修提升补助是怎么算的")
    assert reply.intent != "quiz" and not bot.quiz_active("w7")


def test_what_the_card_gives_is_answered_from_the_documents(bot):
    reply = bot.on_text("w8", "蓝卡申请下来了能干什么")
    assert "你还没有申请技工蓝卡" not in reply.text
    assert "社会保障卡" in reply.text and "叶集区" in reply.text


def test_where_my_card_stands_is_still_a_progress_query(bot):
    assert "你还没有申请技工蓝卡" in bot.on_text("w9", "我的蓝卡审核到哪一步了").text
