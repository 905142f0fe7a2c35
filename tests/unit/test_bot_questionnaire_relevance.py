"""The questionnaire asks only what can change the result: a fact the worker's words imply is
filled (a 重点产业企业 is the district's own; 「厂就在叶集」 places the employer), and a question
none of whose answers changes what the worker gets is not asked, nor named as still to
confirm. Through ``Bot.on_text`` and the ``Questionnaire`` itself; our own phrasings."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.dialogue import Bot
from bot.profile_facts import facts_in
from bot.questionnaire import Questionnaire, implied
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def _quiz() -> Questionnaire:
    return Questionnaire(MemoryStore(), today=lambda: TODAY)


def test_a_key_industry_employer_is_not_asked_where_it_is_registered(bot):
    reply = bot.on_text(
        "rel-1",
        "帮我测下能拿多少：在洪泽，高级技师，外地挖过来的，公司属于战略性新兴产业，"
        "岗位紧缺，签了3年合同，社保缴了10个月",
    )
    assert reply.intent == "quiz"
    assert "15000元" in reply.text  # already sure
    assert "注册" not in reply.text and "单位是什么性质" not in reply.text
    # whatever is asked next, the two employer questions never come
    for said in ("没有", "不知道", "不知道", "不知道", "不知道"):
        if not bot.quiz_active("rel-1"):
            break
        reply = bot.on_text("rel-1", said)
        assert "注册" not in reply.text and "单位是什么性质" not in reply.text
    assert "还要确认：单位是否在本区注册" not in reply.text


def test_a_worker_who_says_otherwise_keeps_their_answer():
    answers: dict[str, Any] = {"key_industry": True, "employer_in_region": False}
    assert implied(answers)["employer_in_region"] is False
    assert implied({"key_industry": True})["employer_in_region"] is True
    assert "employer_in_region" not in implied({"key_industry": False})


def test_without_a_key_industry_the_registration_still_matters(bot):
    reply = bot.on_text(
        "rel-2", "帮我测下能拿多少：在洪泽，技师，外地来的，急需岗位，合同两年，社保一年"
    )
    # the 引进 subsidy hangs on it (a firm registered elsewhere gets nothing): it is asked
    assert "注册" in reply.text or "重点产业" in reply.text


def test_an_employer_placed_by_the_worker_fills_registration():
    assert facts_in("我们厂就在洪泽", TODAY)["employer_in_region"] is True
    assert facts_in("在叶集的一家公司干活", TODAY)["employer_in_region"] is True
    assert facts_in("人在洪泽，公司在淮安市区", TODAY)["employer_in_region"] is False
    assert facts_in("公司就在本地", TODAY, "洪泽区")["employer_in_region"] is True
    # a place the worker worked before says nothing of the employer now
    assert "employer_in_region" not in facts_in("在苏州的厂里干过两年", TODAY, "洪泽区")


def test_a_yes_no_question_no_answer_of_which_changes_the_result_is_not_asked():
    quiz = _quiz()
    step = quiz.start(
        "rel-3",
        {
            "region": "洪泽区",
            "skill_level": "技师",
            "introduced": True,
            "key_industry": True,
            "shortage_post": True,
            "contract_years": 2.0,
            "insurance_months": 12,
        },
    )
    assert step.kind == "question" and step.question is not None
    assert step.question.field not in ("employer_in_region", "employer_type")
    answers = dict(step.answers)
    result = quiz.evaluate(quiz._profile(answers))
    # employer_type: every enterprise kind gives the same result here
    assert not quiz._can_change(answers, "employer_type", result)
    # a number is always worth asking when the engine lists it
    assert quiz._can_change(answers, "level_obtained_on", result)
