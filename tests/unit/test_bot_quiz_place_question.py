"""A question typed in the middle of the questionnaire that names the place already told
(「连云港那个文件作数不」 after 连云港) is answered and the questionnaire resumes; it is not taken
as the place again. Spoken yes-no questions with no question word (「还有效不」) count as
questions. Phrasings written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.intents import looks_like_question
from bot.store import MemoryStore

TODAY = date(2026, 6, 15)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


@pytest.mark.parametrize(
    "text", ["洪泽那个方案现在还作数不", "这个文件还管用不", "引进补贴今年还给没", "这钱还发不"]
)
def test_spoken_yes_no_questions_are_questions(text: str) -> None:
    assert looks_like_question(text)


@pytest.mark.parametrize("text", ["不是外地来的", "没有", "合同签了两年", "社保没断过"])
def test_answers_are_not_questions(text: str) -> None:
    assert not looks_like_question(text)


def test_question_naming_the_told_place_is_answered_and_the_questionnaire_resumes(bot) -> None:
    uid = "worker-aside"
    bot.on_text(uid, "测一测")
    bot.on_text(uid, "宿迁")
    asked = bot.on_text(uid, "高级工")
    assert asked.text.strip()
    reply = bot.on_text(uid, "宿迁发的那个方案现在还作数不")
    assert "宿人社发〔2021〕20号" in reply.text
    assert "已记下" not in reply.text
    assert "测算还在继续" in reply.text
    # the question asked before the aside is still the one waiting
    assert asked.text.splitlines()[0] in reply.text
