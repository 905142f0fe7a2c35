"""A follow-up about one field of a form the last answer cited is answered from that form's
填表说明, not from another document sharing the words. Through ``Bot.on_text`` on the bundled
台儿庄 调查表, and the pure reading of a form's fields on a form of our own."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.formfields import field_asked, field_instruction, form_clauses, form_fields
from bot.store import MemoryStore
from policy_kb.model import Clause

TODAY = date(2026, 3, 1)
SURVEY = "企业技能人才现状及需求情况调查表"


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def cite_the_survey(bot, uid):
    reply = bot.on_text(uid, "台儿庄那张企业技能人才调查表都有哪些栏目")
    assert SURVEY in reply.text
    return reply


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        ("企业类型该选哪个", "国有企业、集体企业"),
        ("那企业规模这一栏咋写", "大、中、小"),
        ("经营领域写什么", "装备制造"),
        ("工种那栏填啥", "电焊工"),
    ],
)
def test_a_field_of_the_cited_form_is_answered_from_its_instructions(bot, question, printed):
    cite_the_survey(bot, "ff-" + question)
    reply = bot.on_text("ff-" + question, question)
    assert reply.intent == "answer"
    assert printed in reply.text and "填表说明" in reply.text
    assert "台人社发〔2021〕17号" in reply.text and SURVEY in reply.text
    assert "洪办发" not in reply.text.split("相关条款")[0]


def test_fields_one_after_another_stay_in_the_form(bot):
    cite_the_survey(bot, "ff-2")
    assert "大、中、小" in bot.on_text("ff-2", "企业规模怎么写").text
    assert "装备制造" in bot.on_text("ff-2", "经营领域呢，填啥").text


def test_a_field_the_instructions_do_not_explain_is_shown_as_listed(bot):
    cite_the_survey(bot, "ff-3")
    reply = bot.on_text("ff-3", "填表人写谁")
    assert "没有另外解释" in reply.text and "填表人" in reply.text


def test_a_question_of_its_own_is_not_taken_for_a_field(bot):
    cite_the_survey(bot, "ff-4")
    reply = bot.on_text("ff-4", "洪泽规模以上企业搞技能等级认定有支持吗")
    assert "填表说明" not in reply.text


def test_without_a_form_cited_the_field_words_are_searched_as_usual(bot):
    bot.on_text("ff-5", "叶集引进技师有住房补贴吗")
    assert "填表说明是这样写的" not in bot.on_text("ff-5", "企业规模怎么填").text


def _form(*texts: str) -> list[Clause]:
    root = Clause("d", "附件2", "附件2", "学徒登记表", "", None, 1)
    rows = [Clause("d", f"附件2-{i}", "附件2", "", t, "附件2", 2) for i, t in enumerate(texts, 1)]
    return [root, *rows]


def test_a_form_of_our_own_its_fields_and_instructions():
    clauses = _form(
        "表中填写栏目：学员姓名、师傅姓名、培训工种；合作院校。",
        "填表说明：1、培训工种：按国家职业分类大典填写。2、合作院校如：技师学院、技工学校。",
    )
    assert {"学员姓名", "培训工种", "合作院校"} <= set(form_fields(clauses))
    assert field_asked("培训工种怎么填", clauses) == "培训工种"
    assert field_asked("师傅姓名要签字吗", clauses) == "师傅姓名"
    assert field_asked("培训工种有补贴吗能拿多少", clauses) is None
    found = field_instruction(clauses, "培训工种")
    assert found is not None and found.explained and "职业分类大典" in found.sentence
    listed = field_instruction(clauses, "师傅姓名")
    assert listed is not None and not listed.explained


def test_a_clause_of_the_body_or_a_table_of_figures_is_no_form(kb_index):
    kb, _ = kb_index
    assert form_clauses(kb, "yeji", "九") == []
    assert form_clauses(kb, "suqian-2021", "附件-2") == []
    form = form_clauses(kb, "taierzhuang-2021", "附件-3")
    assert [c.clause_id for c in form] == ["附件", "附件-1", "附件-2", "附件-3"]
