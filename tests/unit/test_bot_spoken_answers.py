"""Answers as workers say them by voice or type them on other keyboards: fillers (嗯, 那个,
就是), no punctuation, the unit left to the question (交了36, 干了3), traditional characters,
full-width digits, and an age where a length is asked. Our own phrasings."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.parsing import AGE_NOT_LENGTH, AnswerError, parse_bool, parse_months, parse_years
from bot.profile_facts import facts_in
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


@pytest.mark.parametrize(("said", "months"), [("嗯那个交了36", 36), ("社保交了24吧", 24)])
def test_months_without_their_unit(said, months):
    assert parse_months(said, TODAY) == months


def test_years_without_their_unit():
    assert parse_years("就是干了3", TODAY) == 3


@pytest.mark.parametrize(("said", "value"), [("嗯是的", True), ("那个不是", False)])
def test_a_filler_before_yes_or_no(said, value):
    assert parse_bool(said) is value


def test_a_voice_story_without_punctuation():
    told = facts_in("嗯那个我是技师就是在民营厂干了三年社保交了36合同签了3", TODAY)
    assert told["tenure_years"] == 3 and told["insurance_months"] == 36
    assert told["contract_years"] == 3 and told["employer_type"] == "民营企业"


def test_a_number_with_another_unit_is_not_a_length():
    assert "tenure_years" not in facts_in("干了3天", TODAY)


def test_traditional_characters():
    told = facts_in("我在洪澤，合同簽了三年，社保繳了兩年，區裡比賽拿過一等獎", TODAY)
    assert told["region"] == "洪泽区" and told["contract_years"] == 3
    assert told["insurance_months"] == 24
    assert told["competition"] == {"level": "区级", "rank": 1}


def test_full_width_digits_in_a_story():
    assert facts_in("社保交了３６个月", TODAY)["insurance_months"] == 36


def test_an_age_is_no_length():
    with pytest.raises(AnswerError, match=AGE_NOT_LENGTH):
        parse_years("今年35周岁", TODAY)


def test_traditional_answer_in_chat(bot):
    reply = chat(bot, "sp-1", "测一测", "洪澤", "技師", "是", "社保繳了兩年")
    assert "已记下：社保缴纳月数" in reply.text


@pytest.mark.parametrize(
    ("question", "printed"),
    [("葉集考了技師有獎勵嗎", "2000元"), ("臺兒莊區裡技能比賽第二名獎金多少", "1000")],
)
def test_a_question_typed_in_traditional_characters_is_answered(bot, question, printed):
    # a phone set to 繁體: the question is read as the documents print it, and the answer cites it
    reply = bot.on_text("sp-2", question)
    assert printed in reply.text and "出处" in reply.text


def test_search_reads_traditional_characters(kb_index):
    _, index = kb_index
    hits = index.search("洪澤從外地引進高級工補貼多少").hits
    assert (hits[0].doc_id, hits[0].clause_id) == ("hongze-2021", "三（三）1")
