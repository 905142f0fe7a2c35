"""A place switched or corrected with facts said alongside, a draft's standing asked in other
words, and a question announced as an aside in the questionnaire.

「那换成<another place>呢，<facts>」 after an answer asks the same kind of benefit there, the facts
applied; 「不对，<place>，<fact>」 re-asks the last question for the corrected place (remembered);
「能依着它办吗」「现在作数么」 after a draft's clause asks whether it is in force; 「打断一下，…」
in the questionnaire asks for its district, then the questionnaire goes on. Real knowledge base
and search, in-memory store; the phrasings are our own."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.context import asks_about_document
from bot.dialogue import Bot
from bot.intents import without_aside_lead
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def test_another_place_with_facts_answers_the_same_kind_of_benefit_there(bot):
    chat(bot, "p1", "我是叶集人", "在私企上班5年了社保没断，拿了技师证能奖多少")
    reply = bot.on_text("p1", "那洪泽怎么样，是区内的企业，证书今年拿的")
    first = reply.text.splitlines()[0]
    assert "3000元" in first
    assert "洪泽" in reply.text and "三（三）4" in reply.text


def test_a_corrected_place_with_a_fact_re_asks_the_last_question_there(bot):
    chat(bot, "p2", "我人在宿迁，今年拿的技师证奖多少")
    reply = bot.on_text("p2", "错了错了，刚才说错了，我其实在洪泽，是区内的企业")
    assert "3000元" in reply.text.splitlines()[0]
    # the corrected place is remembered
    again = bot.on_text("p2", "高级工考下来给多少")
    assert "1600元" in again.text


def test_a_place_with_facts_and_a_question_of_its_own_is_not_a_switch(bot):
    chat(bot, "p3", "我在叶集", "考了技师有奖励吗")
    reply = bot.on_text("p3", "那洪泽呢，区内企业，引进人才住房怎么申请")
    assert "3000元" not in reply.text.splitlines()[0]


@pytest.mark.parametrize(
    "said",
    ["那眼下可以照着它操作不", "能依照这个去申请吗", "现在作数么", "这个算不算数"],
)
def test_whether_a_document_may_be_acted_on_is_a_status_question(said):
    assert asks_about_document(said)


@pytest.mark.parametrize(
    "said", ["这个卡去外地能不能用", "技师证考下来能用吗", "照这个标准算我能拿多少", "技师证有用吗"]
)
def test_using_a_card_or_a_certificate_is_not_about_the_document(said):
    assert not asks_about_document(said)


def test_acting_on_a_draft_says_it_is_not_in_force(bot):
    chat(bot, "p4", "连云港那边对高技能人才出了啥政策")
    reply = bot.on_text("p4", "那眼下可以照着它操作不")
    assert "征求意见稿" in reply.text.splitlines()[1]


def test_aside_lead_words_are_dropped():
    assert without_aside_lead("打断一下，顺便问下，技师补多少") == "技师补多少"
    assert without_aside_lead("插句嘴：叶集有啥") == "叶集有啥"
    assert without_aside_lead("打断一下") == "打断一下"
    assert without_aside_lead("技师补多少，插一句") == "技师补多少，插一句"


def test_an_announced_aside_in_the_questionnaire_answers_for_its_district(bot):
    chat(bot, "p5", "帮我测一下能领啥补贴", "叶集")
    reply = bot.on_text("p5", "先插个嘴，首席技师每月奖励多少")
    assert "600元" in reply.text
    assert "测算还在继续" in reply.text


def test_the_same_kind_leads_there_though_the_told_facts_fit_another_clause(bot):
    # years of insurance fit the place's rule for introduced workers too; the last answer was
    # an award for a certificate, so the place's award for one answers
    chat(bot, "p6", "我是叶集人", "在私营厂里干了4年，社保一直在交，考出技师给奖励不")
    reply = bot.on_text("p6", "那换成洪泽呢，厂在区内，证是今年拿的")
    assert "3000元" in reply.text.splitlines()[0]
    assert "三（三）4" in reply.text


def test_facts_told_over_several_parts_and_a_bare_subject(bot):
    chat(bot, "p7", "我在洪泽", "区内企业今年考了高级工奖多少")
    reply = bot.on_text("p7", "那换成叶集呢，私营企业，做了六年了，社保一直在交")
    assert "1000元" in reply.text.splitlines()[0]
    # a part naming a subject of its own is asked as a question, not the last one re-asked
    other = bot.on_text("p7", "那洪泽呢，区内企业，住房补贴")
    assert "住房" in other.text
