"""Whether several benefits may be taken together: one vocabulary for search and dialogue, and
the place's ruling clause (叶集 十: 符合多重条件的，按上限资助，不重复享受) leads the answer."""

from __future__ import annotations

from datetime import date

import pytest
from fakes.bot_services import FakeBotServices

from bot.context import leans_on_context
from bot.dialogue import Bot
from policy_kb.search.intent import asks_stacking

RULING = "按上限资助，不重复享受"


@pytest.fixture
def bot(kb_index, store):
    kb, index = kb_index
    return Bot(kb, index, store, services=FakeBotServices(), today=lambda: date(2026, 3, 1))


@pytest.mark.parametrize(
    "ask",
    [
        "能一块儿领吗",
        "可以一并享受不",
        "两样能一起拿吗",
        "能同时享受吗",
        "能叠加不",
        "能领两个吗",
        "怎么俩都要不行",
        "两项都给发吗",
    ],
)
def test_dialogue_and_search_hear_the_same_ask(ask):
    assert asks_stacking(ask)
    assert leans_on_context(ask)  # a short ask of what was just said


@pytest.mark.parametrize(
    "text",
    [
        "厂里的人都能领吗",
        "同时满足哪些条件",
        "一起去窗口办吗",
        "技师都拿多少",
        "两年都领不到",
    ],
)
def test_other_uses_of_the_words_are_not_the_ask(text):
    assert not asks_stacking(text)


@pytest.mark.parametrize(
    "question",
    [
        "我在叶集，技师奖励和引进补贴能一块儿领吗",
        "叶集区考证奖励和生活补贴可以一并享受吗",
        "叶集的住房补贴跟大师工作室补助能同时拿吗",
    ],
)
def test_the_ruling_clause_leads_where_the_document_has_one(bot, question):
    first = bot.on_text("s1", question).text.splitlines()[0]
    assert RULING in first


def test_a_follow_up_stacking_ask_gets_the_ruling(bot):
    bot.on_text("s2", "我在叶集，考了技师有奖励吗")
    assert RULING in bot.on_text("s2", "这个和住房补贴能一块儿领吗").text


@pytest.mark.parametrize("place", ["洪泽", "台儿庄", "宿迁", "连云港"])
def test_a_place_ruling_nothing_says_so(bot, place):
    reply = bot.on_text("s3" + place, f"我在{place}，几项补贴能一起拿吗")
    assert "没有写几项补贴、奖励能不能同时享受" in reply.text
    assert RULING not in reply.text  # never 叶集's ruling for another place


def test_asking_why_not_both_after_two_honours_gets_the_ruling(bot):
    bot.on_text("s4", "我在叶集，拿过两个荣誉称号，奖励怎么算")
    assert RULING in bot.on_text("s4", "那俩凭啥不能都给").text


@pytest.mark.parametrize(
    "text", ["学徒补助能发三个月吗", "生活补贴是领两年还是三年", "两个月都领不到"]
)
def test_a_length_after_a_counter_is_no_stacking_ask(text):
    assert not asks_stacking(text)
