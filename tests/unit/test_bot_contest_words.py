"""Contest results and honours said in the words workers use: ranks as 头名, 第一名, 拿了个三等,
金奖; two results in one message (each kept); a prize no document pays (优秀奖) and a title no
document names (江淮工匠) recorded, so neither is asked again. Our own phrasings."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.parsing import parse_competition, parse_titles
from bot.profile_facts import facts_in
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


@pytest.mark.parametrize(
    ("said", "level", "rank"),
    [
        ("市里比赛拿的头名", "市级", 1),
        ("县里第一名", "区级", 1),
        ("省赛拿了个三等", "省级", 3),
        ("全国比赛银奖", "国家级", 2),
        ("区里比赛第三", "区级", 3),
    ],
)
def test_a_rank_in_other_words(said, level, rank):
    assert parse_competition(said) == {"level": level, "rank": rank}


def test_a_first_time_is_no_first_place():
    with pytest.raises(ValueError):
        parse_competition("市里比赛第一次参加")


def test_two_results_in_one_answer_are_both_kept():
    assert parse_competition("县里拿过一等奖，后来市里拿了二等奖") == [
        {"level": "区级", "rank": 1},
        {"level": "市级", "rank": 2},
    ]
    told = facts_in("区里和市里都拿过一等奖", TODAY)
    assert told["competition"] == [{"level": "区级", "rank": 1}, {"level": "市级", "rank": 1}]


def test_a_prize_no_document_pays_is_no_ranked_prize():
    assert parse_competition("市级优秀奖") is None
    assert facts_in("去年市里比赛拿了个优秀奖", TODAY)["competition"] is None


def test_a_named_title_the_documents_do_not_print_is_kept():
    assert facts_in("评上过江淮工匠", TODAY)["honors"] == ["江淮工匠"]
    assert parse_titles("江淮工匠", ("全国技术能手", "江淮杰出工匠")) == ["江淮工匠"]
    # a grade is no title: no place names it
    assert "honors" not in facts_in("我是首席技师", TODAY)


def test_both_prizes_in_taierzhuang_in_chat(bot):
    reply = chat(bot, "cw-1", "测一测", "台儿庄", "技师", "区里一等奖，市里二等奖", "就这些")
    assert "全区职业技能竞赛一、二、三等奖奖金：一次性2000元" in reply.text
    assert "市级职业技能竞赛优异成绩奖励" in reply.text


def test_an_unranked_prize_is_not_asked_again(bot):
    reply = chat(bot, "cw-2", "测一测", "台儿庄", "技师", "市级优秀奖")
    assert "获过奖吗" not in reply.text


def test_a_title_the_documents_do_not_name_is_not_asked_again(bot):
    reply = chat(bot, "cw-3", "测一测", "叶集", "技师，评过江淮工匠")
    assert "荣誉称号吗" not in reply.text
    reply = chat(bot, "cw-3", "就这些")
    assert "江淮工匠" in reply.text
