"""「好了」「没了」「说完了」 in the questionnaire: that is all the worker knows. The result comes
now, from the facts given so far (the rest left unknown and named as what could add more);
「就这些」 right after a questionnaire that ended by itself shows that result again. Through
``Bot.on_text``."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.intents import finishes_quiz
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


@pytest.mark.parametrize("done", ["好了", "没了", "就这样吧", "不知道了", "没有了", "我说完了"])
def test_that_is_all_i_know_gives_the_result_with_what_is_known(bot, done):
    uid = "fin-" + done
    bot.on_text(uid, "帮我看看能拿哪些补贴")
    bot.on_text(uid, "洪泽")
    reply = bot.on_text(uid, "技师，今年1月考出来的，在区里的厂子干")
    assert reply.intent == "quiz"  # more is asked
    reply = bot.on_text(uid, done)
    assert reply.intent == "quiz_result"
    assert "测算结果（洪泽区" in reply.text and "3000元" in reply.text
    # the facts not answered are said, as what could add more
    assert "还要确认" in reply.text or "可能还能领" in reply.text
    assert not bot.quiz_active(uid)


def test_finishing_before_the_place_asks_for_the_place(bot):
    bot.on_text("fin-r", "帮我看看能拿哪些补贴")
    reply = bot.on_text("fin-r", "好了")
    assert reply.intent == "quiz" and "才能算出结果" in reply.text
    assert bot.quiz_active("fin-r")


def test_that_is_all_right_after_a_result_shows_it_again(bot):
    reply = bot.on_text("fin-a", "我在台儿庄，四级工，区里技能比赛得过三等奖，看看能领啥")
    assert reply.intent == "quiz_result" and "500元" in reply.text
    again = bot.on_text("fin-a", "就这么多了")
    assert again.intent == "quiz_result" and again.text == reply.text


def test_a_nod_after_a_result_is_a_nod(bot):
    reply = bot.on_text("fin-b", "我在台儿庄，四级工，区里技能比赛得过三等奖，看看能领啥")
    assert reply.intent == "quiz_result"
    assert bot.on_text("fin-b", "好了").intent == "thanks"


def test_that_is_all_after_another_answer_does_not_bring_the_old_result_back(bot):
    bot.on_text("fin-c", "我在台儿庄，四级工，区里技能比赛得过三等奖，看看能领啥")
    bot.on_text("fin-c", "叶集引进技师有住房补贴吗")
    assert bot.on_text("fin-c", "就这些").intent != "quiz_result"


@pytest.mark.parametrize("text", ["好了", "行了", "没了", "就这样吧", "我说完了", "就这点"])
def test_done_words_finish(text):
    assert finishes_quiz(text)


@pytest.mark.parametrize("text", ["好", "没有", "不知道", "好的"])
def test_answers_are_not_done_words(text):
    # 「没有」 answers a yes/no or honours question; 「不知道」 skips one
    assert not finishes_quiz(text)
