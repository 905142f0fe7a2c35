"""Follow-ups a worker makes on the fact they just gave, and titles a city awards.

A city's honour (its 首席技师) named with the city, asked by a worker remembered in one of its
covered districts (or a town of one), is that district's clause, not a place without a
document; a what-if changing one fact of the last question answers the last topic again under
it; a fact the question states is set against the clause's condition; another place without
a clause on the topic says so. Real knowledge base and search, in-memory store; the phrasings
are our own."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.places import names_home_title
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


# -- a city's title asked from one of its covered districts -----------------------------------


def test_a_city_named_as_the_start_of_a_printed_title_is_the_home_districts():
    def prints(words: str) -> bool:
        return words in "对获得“六安市首席技师”称号的"

    assert names_home_title("评上六安市首席技师给几个钱", "叶集区", prints)
    assert names_home_title("六安首席技师一个月多少", "叶集区", prints)
    # the city asked about as a place, another city, a district that is a city itself
    assert not names_home_title("六安市那边有啥补贴", "叶集区", prints)
    assert not names_home_title("南京市首席技师一个月多少", "叶集区", prints)
    assert not names_home_title("六安市首席技师一个月多少", "宿迁市", prints)


def test_a_worker_remembered_by_a_town_gets_the_citys_title_from_their_district(bot):
    reply = chat(bot, "h1", "我在三元镇", "当上了六安市首席技师，一个月能多拿多少")
    assert "600元" in reply.text
    assert "暂时没有收录" not in reply.text
    who = bot.on_text("h1", "这钱发给厂里还是发给我")
    assert who.text.splitlines()[0] == "👉 发给我"


def test_the_citys_title_after_another_answer_of_the_district(bot):
    reply = chat(bot, "h2", "我在叶集", "技能大师工作室补多少", "六安的首席技师每月多少钱")
    assert "600元" in reply.text


def test_a_city_without_a_covered_district_is_still_not_covered(bot):
    reply = chat(bot, "h3", "我在叶集", "南京市首席技师每月多少")
    assert "暂时没有收录南京市" in reply.text
    # a worker in a district of 六安 that has no document of its own
    reply = chat(bot, "h4", "我在六安金安区", "六安市首席技师每月多少")
    assert "600元" not in reply.text


def test_the_citys_title_asked_in_the_middle_of_the_questionnaire(bot):
    reply = chat(bot, "h5", "测一测", "叶集", "先问一下，六安市首席技师每月奖励多少")
    assert "600元" in reply.text
    assert "测算还在继续" in reply.text
    who = bot.on_text("h5", "这个是给单位的还是给个人的")
    assert "个人" in who.text.splitlines()[0]
    assert "测算还在继续" in who.text
