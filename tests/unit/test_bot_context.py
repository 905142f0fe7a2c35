"""Follow-ups, places and the one-record state, as a worker meets them: real knowledge base,
real search, in-memory store. Phrasings are written from how workers talk."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from factories.chat import Clock

from bot.dialogue import Bot
from bot.store import MemoryStore
from policy_kb.docinfo import INFO_CLAUSE_ID
from policy_kb.model import KnowledgeBase

TODAY = date(2026, 3, 1)


class CountingStore(MemoryStore):
    """A MemoryStore that counts reads and writes (the store is Redis in production)."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(clock)
        self.gets = 0
        self.sets = 0

    def get(self, key: str) -> dict[str, Any] | None:
        self.gets += 1
        return super().get(key)

    def set(self, key: str, value: dict[str, Any], ttl_seconds: int | None = None) -> None:
        self.sets += 1
        super().set(key, value, ttl_seconds)


@pytest.fixture
def clock():
    return Clock(5000.0)


@pytest.fixture
def store(clock):
    return CountingStore(clock)


@pytest.fixture
def bot(kb_index, store, clock):
    kb, index = kb_index
    return Bot(kb, index, store, today=lambda: TODAY, clock=clock)


def first_lines(text: str, n: int = 3) -> str:
    return "\n".join(text.splitlines()[:n])


# -- swaps: the last question for another level or place ------------------------------------


def test_level_swap_re_asks_the_last_question(bot):
    first = bot.on_text("s1", "叶集单位培养了个高级工，研修提升补助能给多少")
    assert "2000元" in first_lines(first.text)
    technician = bot.on_text("s1", "那技师呢")
    assert "3500元" in first_lines(technician.text)
    assert technician.clause_refs[0].startswith("yeji#")
    senior = bot.on_text("s1", "高级技师呢？")
    assert "5000元" in first_lines(senior.text)


def test_place_swap_answers_for_the_other_place(bot):
    first = bot.on_text("s2", "洪泽企业搞新型学徒制一个人补多少")
    assert first.clause_refs[0].startswith("hongze-2021#")
    other = bot.on_text("s2", "那叶集的呢")
    assert other.clause_refs[0].startswith("yeji#")
    assert "洪办发" not in first_lines(other.text, 4)


# -- the last answer's document ---------------------------------------------------------------


def test_document_questions_are_about_the_last_answers_document(bot):
    bot.on_text("d1", "宿迁到2023年要建多少家见习基地")
    when = bot.on_text("d1", "这文件啥时候印发的")
    assert "2021年4月26日" in first_lines(when.text)
    number = bot.on_text("d1", "文号呢")
    assert "宿人社发〔2021〕20号" in first_lines(number.text)
    assert "洪办发" not in number.text


def test_in_force_question_after_a_draft_answer_says_draft(bot):
    bot.on_text("d2", "连云港十五五期间要扶持几所技工学校")
    reply = bot.on_text("d2", "这个还有效吗")
    assert "征求意见稿" in first_lines(reply.text)


def test_context_expires_with_the_session(bot, clock):
    bot.on_text("d3", "宿迁到2023年要建多少家见习基地")
    clock.now += 31 * 60
    reply = bot.on_text("d3", "文号呢")
    assert "宿人社发〔2021〕20号" not in reply.text


# -- the last clause and its neighbours -------------------------------------------------------


def test_clause_follow_up_is_answered_from_the_last_clause(bot):
    bot.on_text("c1", "叶集大企业搞新型学徒制政府怎么补")
    years = bot.on_text("c1", "补几年")
    assert "2年" in first_lines(years.text, 2)
    assert "住房补贴" not in first_lines(years.text, 2)
    who = bot.on_text("c1", "钱是给企业还是给个人的")
    assert "企业" in first_lines(who.text, 2)


def test_a_new_question_is_not_taken_for_a_follow_up(bot):
    bot.on_text("c2", "我在叶集")
    bot.on_text("c2", "引进技师有什么补贴")
    reply = bot.on_text("c2", "订单班每年补助多少")
    # a question of its own (宿迁's 订单班), not the 叶集 clause's follow-up
    assert "yeji#" not in "".join(reply.clause_refs)
    assert "宿迁市" in reply.text


# -- places ------------------------------------------------------------------------------------


def test_a_place_without_a_document_is_said_and_no_other_places_amounts_follow(bot):
    said = bot.on_text("p1", "我在苏州上班")
    assert "苏州市" in said.text and "洪泽区" in said.text and "没有" in said.text
    later = bot.on_text("p1", "引进技师有补贴吗")
    assert "苏州市" in later.text and "元" not in later.text
    assert "地区名" in later.text  # how to ask about a place that has a document
    named = bot.on_text("p1", "叶集引进技师有补贴吗")
    assert "10000元" in named.text


def test_a_question_naming_a_place_without_a_document_gets_no_other_places_rule(bot):
    reply = bot.on_text("p2", "南京引进高级技师补多少钱")
    assert "南京市" in reply.text and "元" not in reply.text


def test_remembered_place_steers_and_a_named_place_overrides(bot):
    bot.on_text("p3", "我在台儿庄上班")
    mine = bot.on_text("p3", "新型学徒制一年能补多少")
    assert mine.clause_refs[0].startswith("taierzhuang-2021#")
    assert "4000-6000元" in first_lines(mine.text)
    named = bot.on_text("p3", "叶集新型学徒制补多少")
    assert named.clause_refs[0].startswith("yeji#")


def test_a_county_maps_to_its_city_and_steers_table_rows(bot):
    said = bot.on_text("p4", "我是泗洪县的")
    assert "宿迁市" in said.text
    reply = bot.on_text("p4", "推荐用工任务多少人")
    assert "泗洪县" in first_lines(reply.text)


# -- phone-sized replies -----------------------------------------------------------------------


def test_first_page_is_short_and_the_full_clause_waits_for_original(bot):
    reply = bot.on_text("f1", "洪泽从外地引进的技师有多少补贴")
    lines = reply.text.splitlines()
    assert "10000元" in lines[0] and len(lines) <= 12
    assert "条款原文（" not in reply.text, "the full clause only on 「原文」 or 「更多」"
    original = bot.on_text("f1", "原文")
    assert "条款原文（" in original.text and "洪办发〔2021〕10号" in original.text
    assert original.text.count("条款原文（") == 1


# -- state: read once, written once --------------------------------------------------------------


def test_state_is_read_once_and_written_at_most_once_per_message(bot, store):
    bot.on_text("r1", "我在叶集")
    for message in ("引进技师有住房补贴吗", "那高级技师呢", "更多", "文号呢", "你好"):
        store.gets = store.sets = 0
        bot.on_text("r1", message)
        assert store.gets == 1, message
        assert store.sets <= 1, message


def test_the_place_survives_the_session(bot, clock):
    bot.on_text("r2", "我在洪泽上班")
    clock.now += 3 * 24 * 3600
    assert bot.region_of("r2") == "洪泽区"


def test_a_swap_in_a_place_without_a_document_gives_no_other_places_amounts(bot):
    bot.on_text("p5", "我在苏州上班")
    bot.on_text("p5", "引进技师补多少钱")
    swapped = bot.on_text("p5", "那高级技师呢")
    assert "苏州市" in swapped.text and "元" not in swapped.text


def test_the_workers_known_level_leads_when_the_question_does_not_name_it(bot):
    bot.on_text("l1", "叶集培养一个高级工，研修提升补助多少")
    reply = bot.on_text("l1", "洪泽从外地引进人才给多少一次性补贴")
    assert "高级工" in reply.text.splitlines()[0] and "5000元" in reply.text.splitlines()[0]


def test_may_i_have_it_asks_only_what_the_question_did_not_say(bot):
    from bot.questions import QUESTIONS

    bot.on_text("e1", "洪泽从外地引进技师补多少")
    reply = bot.on_text("e1", "我能领吗")
    assert reply.intent == "quiz"
    for said in ("region", "skill_level", "introduced"):
        assert QUESTIONS[said].prompt not in reply.text


def test_card_form_values_keep_their_own_key_and_expiry(kb_index, clock):
    import json

    from fakes.bot_services import FakeBotServices

    kb, index = kb_index
    store = CountingStore(clock)
    bot = Bot(kb, index, store, services=FakeBotServices(), today=lambda: TODAY, clock=clock)
    bot.on_text("pd1", "我在叶集")
    bot.on_text("pd1", "我要办蓝卡")
    bot.on_text("pd1", "张三丰")
    assert "张三丰" in json.dumps(store.get("bot:card:pd1"), ensure_ascii=False)
    assert "张三丰" not in json.dumps(store.get("bot:state:pd1"), ensure_ascii=False)
    clock.now += 31 * 60
    assert store.get("bot:card:pd1") is None, "an abandoned form is gone after 30 minutes"
    assert bot.region_of("pd1") == "叶集区", "the place is kept"


def test_a_county_swap_reads_the_other_countys_row(bot):
    bot.on_text("p6", "我在宿迁沭阳上班")
    first = bot.on_text("p6", "职业技能培训要搞多少人")
    other = bot.on_text("p6", "那泗洪呢")
    assert "泗洪县" in other.text and other.text.splitlines()[0] != first.text.splitlines()[0]


def test_a_level_swap_on_a_clause_without_levels_stays_and_says_so(bot):
    bot.on_text("l2", "我在台儿庄")
    bot.on_text("l2", "企业搞新型学徒制一年补多少")
    reply = bot.on_text("l2", "高级技师呢")
    assert reply.clause_refs[0].startswith("taierzhuang-2021#")
    assert "没有按技能等级区分" in reply.text


def test_where_to_apply_names_the_office_the_rule_prints(bot):
    bot.on_text("w1", "叶集引进技师有住房补贴吗")
    reply = bot.on_text("w1", "找谁领")
    assert "区人力资源和社会保障局" in reply.text.splitlines()[0]


def test_a_follow_up_the_clause_does_not_answer_is_said_plainly(bot):
    bot.on_text("w2", "洪泽从外地引进技师补多少")
    # 「分几年给」 of a one-off sum: the clause's 一次性 answers it
    reply = bot.on_text("w2", "分几年给")
    assert reply.text.startswith("👉 期限：一次性")
    reply = bot.on_text("w2", "年纪有没有要求")
    assert "没有写年龄" in reply.text and "洪办发〔2021〕10号" in reply.text


def test_after_a_questionnaire_result_its_first_benefit_is_the_topic(bot):
    bot.on_text("t1", "测一测")
    bot.on_text("t1", "洪泽")
    reply = bot.on_text(
        "t1", "技师，从外地引进的，单位是区里重点产业，急需紧缺岗位，合同两年，社保交了8个月"
    )
    while reply.intent == "quiz":
        reply = bot.on_text("t1", "不知道")
    assert "10000元" in reply.text
    number = bot.on_text("t1", "文号呢")
    assert "洪办发〔2021〕10号" in number.text.splitlines()[1]


def test_more_after_the_last_page_never_repeats_a_clause(bot):
    reply = bot.on_text("m1", "台儿庄考了技师证有奖励吗")
    seen: list[str] = list(reply.clause_refs)
    shown_text = reply.text
    for _ in range(6):
        reply = bot.on_text("m1", "更多")
        if reply.text.startswith("没有更多"):
            break
        shown_text += reply.text
        seen.extend(reply.clause_refs)
    assert len(seen) == len(set(seen)), seen


def test_an_answer_for_the_workers_place_lists_only_that_places_clauses(bot):
    bot.on_text("r3", "我在台儿庄")
    reply = bot.on_text("r3", "搞新型学徒制一年补多少")
    assert "台人社发" in reply.text
    assert "叶集" not in reply.text and "洪办发" not in reply.text
    assert all(ref.startswith("taierzhuang-2021#") for ref in reply.clause_refs)


def test_an_answer_from_another_place_says_so_first(bot):
    bot.on_text("r4", "我在叶集")
    reply = bot.on_text("r4", "订单班每年补助多少")
    head = reply.text.splitlines()[0]
    assert "叶集区" in head and "宿迁市" in head


def test_a_new_worker_costs_one_read_from_the_second_message_on(bot, store):
    bot.on_text("n9", "你好")
    store.gets = 0
    bot.on_text("n9", "你好")
    assert store.gets == 1


def test_the_rest_unknown_gives_the_result_now_with_what_may_still_be_claimed(bot):
    bot.on_text("q9", "帮我算算能拿多少")
    bot.on_text("q9", "我在洪泽，技师，去年从外地引进的")
    result = bot.on_text("q9", "别的不清楚")
    assert result.intent == "quiz_result"
    assert "可能还能领" in result.text and "10000元" in result.text
    again = bot.on_text("q9", "所以我能拿多少？")
    assert again.intent == "quiz_result" and "可能还能领" in again.text


def test_asking_for_the_amount_mid_questionnaire_ends_it_with_the_result(bot):
    bot.on_text("q8", "我想查查自己能领什么补贴")
    bot.on_text("q8", "叶集，首席技师")
    reply = bot.on_text("q8", "那我一共能拿多少")
    assert reply.intent == "quiz_result" and "测算结果" in reply.text


def test_a_province_naming_an_honour_is_not_where_the_worker_is(bot):
    bot.on_text("h1", "我在叶集")
    reply = bot.on_text("h1", "评上安徽省技术能手有奖励吗")
    assert "5万元" in reply.text and "没有收录" not in reply.text


def test_who_gets_it_and_how_long_are_read_from_the_sentence_just_shown(bot):
    bot.on_text("f1", "叶集首席技师每月奖励多少")
    assert "聘任期内" in bot.on_text("f1", "发多久").text
    bot.on_text("f2", "洪泽企业建技能大师工作室有补助吗")
    assert "的企业，给予5万元" in bot.on_text("f2", "是给企业还是给个人").text


def test_a_short_question_nothing_answers_alone_leans_on_the_last_clause(bot):
    bot.on_text("f3", "叶集引进技师住房补贴")
    assert "社会保险满3年" in bot.on_text("f3", "社保要交多久").text


def test_a_prize_rank_swap_answers_from_the_clause_just_cited(bot):
    bot.on_text("r1", "我在台儿庄")
    bot.on_text("r1", "参加区里技能大赛拿了一等奖有奖金吗")
    second = bot.on_text("r1", "二等奖呢")
    assert second.text.startswith("👉 二等奖：1000元")
    assert second.clause_refs[0].startswith("taierzhuang-2021#")


def test_which_benefits_a_place_has_are_listed_with_their_amounts(bot):
    reply = bot.on_text("b1", "叶集区有哪些技能人才补贴，全部列出来")
    assert reply.intent == "list_benefits"
    assert "15万元" in reply.text and "600元" in reply.text
    bot.on_text("b2", "我在洪泽")
    listed = bot.on_text("b2", "都有啥补贴")
    assert "洪泽区" in listed.text and "15000元" in listed.text and "叶集" not in listed.text


def test_a_place_swap_after_a_place_without_a_document_asks_the_same_there(bot):
    assert "南京市" in bot.on_text("s1", "南京引进高级技师补多少钱").text
    reply = bot.on_text("s1", "那洪泽的呢")
    assert "15000元" in reply.text and reply.clause_refs[0].startswith("hongze-2021#")


def test_facts_given_out_of_turn_are_acknowledged_before_asking_again(bot):
    bot.on_text("k1", "帮我算算能拿多少")
    bot.on_text("k1", "我在洪泽，技师，去年从外地引进的")
    reply = bot.on_text("k1", "民营企业，合同签了两年")
    assert reply.text.startswith("已记下：") and "劳动合同年限" in reply.text


def test_whether_two_benefits_add_up_is_answered_from_the_documents_rule(bot):
    bot.on_text("x1", "在叶集拿了全国技术能手称号，资助多少钱")
    reply = bot.on_text("x1", "要是还评上了江淮杰出工匠能拿两份吗")
    assert "按上限资助，不重复享受" in reply.text


def test_topic_to_json_holds_every_field_and_reads_back() -> None:
    from dataclasses import asdict, fields

    from bot.context import Topic

    topic = Topic(
        "技师补贴多少", "hz", "hz-3", "洪泽区", "技师", "10000元", ("hz-4",), "句。", "r1"
    )
    data = topic.to_json()
    assert list(data) == [f.name for f in fields(Topic)]
    assert data == {**asdict(topic), "related": ["hz-4"]}
    assert Topic.from_json(data) == topic


def test_a_turn_holds_a_clause_while_its_document_in_the_knowledge_base_has_it(kb_index) -> None:
    """``Turn.holds`` reads each document's clause ids once, and afresh for a document removed
    or replaced under the same id (a correction published while the bot runs)."""
    kb, index = kb_index
    held = KnowledgeBase(dict(kb.documents))
    bot = Bot(held, index, MemoryStore(), today=lambda: TODAY)
    doc_id, doc = next(iter(held.documents.items()))
    first, last = doc.clauses[0].clause_id, doc.clauses[-1].clause_id
    holds = bot._open("h1").holds
    assert holds(doc_id, first) and holds(doc_id, last) and holds(doc_id, INFO_CLAUSE_ID)
    assert not holds(doc_id, "no-such-clause") and not holds("no-such-document", first)
    held.documents[doc_id] = dataclasses.replace(doc, clauses=doc.clauses[:-1])
    assert holds(doc_id, first) and not holds(doc_id, last)
    del held.documents[doc_id]
    assert not holds(doc_id, first) and not holds(doc_id, INFO_CLAUSE_ID)
