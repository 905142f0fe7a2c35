"""A worker lists their facts outside the questionnaire, then asks for the result
(「说完了」「出结果吧」「那我能领多少钱」): the result of those facts, as the questionnaire gives
it, and the place they named kept for the next answers. Phrasings written for these tests."""

from __future__ import annotations

import json
from datetime import date

import pytest
from factories.chat import Clock

from bot.dialogue import Bot
from bot.store import MemoryStore
from bot.told import asks_for_result, told_facts, worker_place_words

TODAY = date(2026, 6, 15)


@pytest.fixture
def store(clock: Clock) -> MemoryStore:
    return MemoryStore(clock)


@pytest.fixture
def bot(kb_index, store, clock):
    kb, index = kb_index
    return Bot(kb, index, store, today=lambda: TODAY, clock=clock)


# -- reading the messages ----------------------------------------------------------------------


def test_a_list_of_facts_asking_nothing_is_told():
    facts = told_facts("叶集区，民营企业，技师，同一家厂干了5年", TODAY)
    assert facts["region"] == "叶集区" and facts["employer_type"] == "民营企业"
    assert facts["skill_level"] == "技师" and facts["tenure_years"] == 5.0


@pytest.mark.parametrize(
    "text",
    [
        "洪泽引进技师有补贴吗",  # a question
        "外地引进的技师补贴多少",  # a question
        "叶集，引进技师，住房补贴",  # names a benefit: asks about it
        "要是合同签了3年，社保交了1年",  # a supposition
        "台儿庄技师",  # one part: a search, not a list
        "技师，电话13912345678",  # the phone is no fact
    ],
)
def test_questions_suppositions_and_searches_tell_nothing(text):
    assert told_facts(text, TODAY) == {}


def test_the_part_naming_only_a_place_is_where_the_worker_works():
    assert worker_place_words("台儿庄这边，高级工，合同两年") == "台儿庄"
    assert worker_place_words("在叶集上班的，技师，民营企业") == "叶集"
    # where they came from is not where they work; where the employer is, is
    assert worker_place_words("从安徽过来的，技师") is None
    assert worker_place_words("安徽人，技师，合同一年") is None
    assert worker_place_words("技师，厂子在洪泽注册的") == "洪泽"
    assert worker_place_words("从安徽过来的，技师，在台儿庄的厂里干") == "台儿庄"


@pytest.mark.parametrize("text", ["说完了", "出结果吧", "那我能领多少钱", "情况就这些", "没别的了"])
def test_words_asking_for_the_result(text):
    assert asks_for_result(text)


@pytest.mark.parametrize("text", ["好的", "谢谢", "技师能拿多少"])
def test_nods_and_questions_do_not_ask_for_the_result(text):
    assert not asks_for_result(text)


# -- the chat ------------------------------------------------------------------------------------


def test_told_facts_then_done_gives_their_result(bot):
    told = bot.on_text(
        "t1", "叶集区，民营企业，高级技师，在同一家厂干了6年，社保一直交着，证是2019年拿的"
    )
    assert told.intent != "quiz_result"  # the list itself is answered as before
    result = bot.on_text("t1", "说完了")
    assert result.intent == "quiz_result"
    assert "测算结果（叶集区" in result.text and "3000元" in result.text
    assert "《关于推进技工强区建设的实施意见》" in result.text


def test_the_result_of_told_facts_names_the_condition_missed(bot):
    bot.on_text(
        "t2",
        "洪泽这边，从外省招来的高级技师，厂子是战略性新兴产业，岗位紧缺，合同三年，社保交了4个月",
    )
    result = bot.on_text("t2", "那我能领多少钱")
    assert result.intent == "quiz_result"
    near = result.text.split("差一点就能领")[1]
    assert "社保" in near and "6个月" in near and "4个月" in near


def test_a_prize_at_another_level_is_named_as_what_was_missed(bot):
    bot.on_text("t3", "洪泽区，技师，市里组织的技能大赛拿过二等奖")
    result = bot.on_text("t3", "出结果吧")
    near = result.text.split("差一点就能领")[1]
    assert "区技能大赛获奖选手奖励" in near and "市级二等奖" in near


def test_the_place_of_told_facts_answers_the_next_question(bot):
    bot.on_text("t4", "台儿庄这边，高级工，合同两年")
    reply = bot.on_text("t4", "学徒制培训怎么补贴")
    assert "没说地区" not in reply.text
    assert reply.clause_refs and reply.clause_refs[0].startswith("taierzhuang-2021#")


def test_done_without_facts_told_starts_the_questionnaire(bot):
    reply = bot.on_text("t5", "情况就这些")
    assert reply.intent == "quiz" and "哪个区" in reply.text


def test_a_question_in_between_ends_the_told_list(bot):
    bot.on_text("t6", "叶集区，民营企业，技师")
    bot.on_text("t6", "技工蓝卡是干什么的")
    assert bot.on_text("t6", "说完了").intent != "quiz_result"


def test_told_facts_do_not_outlive_the_session(bot, clock):
    bot.on_text("t7", "叶集区，民营企业，高级技师，在同一家厂干了6年")
    clock.now += 31 * 60
    assert bot.on_text("t7", "说完了").intent != "quiz_result"


def test_no_personal_number_is_kept_with_told_facts(bot, store):
    bot.on_text("t8", "叶集区，民营企业，技师，手机13912345678")
    bot.on_text("t8", "台儿庄，高级工，身份证320102198807154418")
    parts = (store.get("bot:state:t8") or {})["parts"]
    kept = {k: v for k, v in parts.items() if k.startswith(("bot:told:", "bot:facts:"))}
    said = json.dumps(kept, ensure_ascii=False)
    assert "139" not in said and "3415" not in said


def test_an_organisation_listing_itself_is_not_a_worker_told(bot):
    bot.on_text("t9", "我们是洪泽的一家民营企业，重点产业，招了外地技师")
    assert bot.on_text("t9", "说完了").intent != "quiz_result"


def test_told_and_done_in_one_message_gives_the_result(bot):
    bot.on_text("t10", "学徒制补贴多少")  # an answer before: the message is not read as a follow-up
    result = bot.on_text(
        "t10", "叶集区，高级技师，民营企业，干了7年，社保交了7年，证是2020年拿的，没别的了"
    )
    assert result.intent == "quiz_result" and "3000元" in result.text
