"""A message holding a personal number whose check fails still has its question answered (the
number never echoed nor kept)."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import kept
from fakes.bot_services import FakeBotServices

from bot.dialogue import Bot
from policy_kb.identifiers import id_check_char

TODAY = date(2026, 3, 1)
FIRST17 = "32058219870412561"
BAD_ID = FIRST17 + ("3" if id_check_char(FIRST17) != "3" else "5")


@pytest.fixture
def bot(kb_index, store):
    kb, index = kb_index
    return Bot(kb, index, store, services=FakeBotServices(), today=lambda: TODAY)


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        (f"身份证{BAD_ID}，我在叶集，考下技师证能奖励多少钱", "2000元"),
        (f"{BAD_ID} 请问洪泽新引进的高级工补多少", "5000元"),
        (
            f"我的身份证号码是 {BAD_ID[:6]} {BAD_ID[6:14]} {BAD_ID[14:]}，叶集那边建技能大师工作室能补贴多少钱",
            "8万元",
        ),
    ],
)
def test_the_question_is_answered_after_the_failed_check(bot, store, text, printed):
    reply = bot.on_text("n1", text)
    assert "身份证号校验不通过" in reply.text
    assert printed in reply.text  # the clause answering the question, not only the notice
    assert reply.step == "personal_number"  # the log keeps a marker, never the text
    assert BAD_ID not in reply.text and BAD_ID[6:14] not in kept(store)


def test_a_worker_s_situation_told_with_the_number_is_taken_up(bot, store):
    reply = bot.on_text("n2", f"身份证{BAD_ID}，俺在洪泽干了5年的技师，看看能领啥")
    assert "身份证号校验不通过" in reply.text
    assert "洪泽区" in reply.text  # the questionnaire for the place said, not the notice alone
    assert BAD_ID[6:14] not in kept(store)


def test_the_number_alone_still_gets_only_the_notice(bot):
    reply = bot.on_text("n3", f"身份证号{BAD_ID}")
    assert reply.intent == "personal_number"
    assert "没有找到答案" not in reply.text
