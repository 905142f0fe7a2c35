"""What the dialogue's state keeps between messages never holds a personal number: a number
typed in the middle of the questionnaire is checked as one typed anywhere else, and a number
no check recognises (a phone written with +86) is still redacted from the question kept for
follow-ups. A follow-up after the answer's document was withdrawn is read afresh. Phrasings
written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import kept

from bot.dialogue import Bot
from bot.store import MemoryStore
from policy_kb.model import KnowledgeBase

TODAY = date(2026, 6, 15)


@pytest.fixture
def bot(kb_index, store):
    kb, index = kb_index
    return Bot(kb, index, store, today=lambda: TODAY)


def test_a_phone_typed_with_a_question_in_the_questionnaire_is_never_kept(bot, store):
    bot.on_text("q1", "帮我测一下能领啥")
    bot.on_text("q1", "洪泽")
    reply = bot.on_text("q1", "我电话15851234567，问一下技师引进补贴要签几年合同")
    assert "15851234567" not in reply.text
    assert "手机号" in reply.text  # the worker is told it is taken only in the card form
    assert "测算还在继续" in reply.text or "？" in reply.text  # the questionnaire goes on
    assert "5851234567" not in kept(store)


def test_an_id_number_alone_in_the_questionnaire_is_checked_and_the_question_asked_again(
    bot, store
):
    bot.on_text("q2", "测一测")
    asked = bot.on_text("q2", "叶集").text.splitlines()[0]
    reply = bot.on_text("q2", "34150419900101123X")
    assert "身份证号" in reply.text and asked in reply.text
    assert "3415041990" not in kept(store)


def test_a_phone_written_with_the_country_code_is_not_kept_for_follow_ups(bot, store):
    bot.on_text("p1", "+86 158 5123 4567 洪泽引进技师补多少")
    bot.on_text("p1", "要签几年合同")
    assert "5851234567" not in kept(store)


def test_a_follow_up_after_the_answer_s_document_was_withdrawn_is_read_afresh(kb_index):
    kb, index = kb_index
    held = KnowledgeBase(dict(kb.documents))
    bot = Bot(held, index, MemoryStore(), today=lambda: TODAY)
    first = bot.on_text("w1", "洪泽引进技师补多少")
    assert "洪办发" in first.text
    doc_id = next(d for d, doc in held.documents.items() if "洪办发" in (doc.meta.wenhao or ""))
    del held.documents[doc_id]
    reply = bot.on_text("w1", "个人呢")  # no exception: the withdrawn topic is forgotten
    assert reply.text
