"""Follow-ups that lean on the last question in ways workers write them: a new subject with
only a particle (「那实训基地呢」), a table's total (「全市合计呢」), another place's target, a
document fact beyond 文号/date/issuer/status (依据, who interprets), an attachment named by its
title; and the questionnaire asked for its result in free words. Real knowledge base and
search, in-memory store."""

from __future__ import annotations

from datetime import date

import pytest

from bot.context import asking_part, ellipsis_in, swap_in
from bot.dialogue import Bot
from bot.intents import finishes_quiz
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def first_line(text: str) -> str:
    return text.splitlines()[0]


# -- a new subject, the rest of the question left to the last one --------------------------


def test_a_bare_subject_with_a_particle_is_read_as_leaning_on_the_last_question():
    assert ellipsis_in("那实训基地呢") == "实训基地"
    assert ellipsis_in("订单班的话") == "订单班"
    # a question of its own, one about the worker, a level swap or nothing at all: not one
    assert ellipsis_in("订单班补多少呢") is None
    assert ellipsis_in("那我要是外省来的高级工呢") is None
    assert ellipsis_in("好的呢") is None
    assert ellipsis_in("洪泽引进技师有补贴吗") is None


def test_the_asking_part_of_a_question_is_what_follows_its_subject():
    assert asking_part("洪泽企业办培训基地最高给多少") == "最高给多少"
    assert asking_part("沭阳县就业见习任务多少人") == "多少人"
    assert asking_part("你好") == ""


def test_a_new_subject_is_asked_the_last_question_in_the_last_place(bot):
    bot.on_text("e1", "洪泽企业和中专合作培养学生最多补多少")
    reply = bot.on_text("e1", "那实训基地呢")
    assert "20万元" in first_line(reply.text)
    assert "洪泽区" in reply.text


# -- a table's total after one of its rows ----------------------------------------------------


def test_the_whole_city_is_a_swap_of_the_county_for_its_total():
    assert swap_in("全市合计呢") is not None and swap_in("全市合计呢").whole
    assert swap_in("一共多少") is not None and swap_in("一共多少").whole
    assert not swap_in("那技师呢").whole


def test_after_a_county_row_the_total_row_answers_the_whole_city(bot):
    county = bot.on_text("e2", "宿迁宿城区就业见习多少人")
    assert "1500" in first_line(county.text)
    total = bot.on_text("e2", "全市合计呢")
    assert "9000" in first_line(total.text)
    assert "1500" not in first_line(total.text)


# -- another place's target after a target -------------------------------------------------


def test_a_place_swap_after_a_target_answers_with_that_place_s_own_target(bot):
    bot.on_text("e3", "台儿庄到2021年底新增高技能人才目标多少")
    reply = bot.on_text("e3", "连云港的呢")
    assert "5万人" in reply.text.splitlines()[0]
    assert "征求意见稿" in reply.text  # a draft's target, said to be one


# -- document facts the engine reads beyond the usual four ---------------------------------


def test_who_interprets_a_document_is_answered_from_its_printed_line(bot):
    bot.on_text("e4", "叶集技能大师工作室给多少")
    reply = bot.on_text("e4", "这个由谁负责解释")
    assert "区人力资源和社会保障局负责解释" in reply.text.splitlines()[1]


def test_what_a_document_is_based_on_leads_with_its_basis(bot):
    bot.on_text("e5", "叶集技能大师工作室给多少")
    reply = bot.on_text("e5", "这个文件依据的什么")
    assert "六政〔2017〕67号" in reply.text.splitlines()[1]


def test_an_attachment_is_cited_with_its_title(bot):
    reply = bot.on_text("e6", "宿迁宿城区就业见习多少人")
    source = next(line for line in reply.text.splitlines() if line.startswith("📄"))
    assert "附件《" in source


# -- the questionnaire's result asked for in free words ------------------------------------


@pytest.mark.parametrize(
    "text", ["帮我估算下能领多少", "能拿到不", "我够不够", "可以领多少钱", "算一下吧"]
)
def test_asking_what_one_gets_mid_questionnaire_asks_for_the_result(text):
    assert finishes_quiz(text)


@pytest.mark.parametrize("text", ["技师能拿多少", "算了", "是", "没有", "3年"])
def test_answers_and_questions_of_their_own_are_not_a_request_for_the_result(text):
    assert not finishes_quiz(text)


def test_the_result_comes_when_asked_for_in_free_words(bot):
    bot.on_text("e7", "帮我测测能领什么")
    bot.on_text("e7", "洪泽")
    bot.on_text("e7", "技师，从外省引进的，重点产业的急需岗位")
    bot.on_text("e7", "合同签了2年 社保交了一年")
    reply = bot.on_text("e7", "帮我估算下能领多少")
    assert reply.intent == "quiz_result"
    assert "10000元" in reply.text


def test_a_quantity_stated_as_another_fact_is_not_an_option_number(bot):
    bot.on_text("e8", "帮我测测能领什么")
    bot.on_text("e8", "叶集")
    step = bot.on_text("e8", "技师 从外地引进来的")
    assert "荣誉称号" in step.text  # the honours question, options numbered 1…
    after = bot.on_text("e8", "社保交满2年了")
    assert after.text.startswith("已记下：社保缴纳月数")
    assert "荣誉称号奖励：一次性" not in after.text  # not option 2 of the honours
    result = bot.on_text("e8", "能拿多少")
    claimable = result.text.split("🔎")[0]
    assert "测算结果" in claimable and "荣誉称号奖励" not in claimable


# -- one cell of a table row ------------------------------------------------------------------


def test_the_cell_a_question_names_leads_with_its_row_s_label(bot):
    reply = bot.on_text("e9", "宿迁泗洪县引进人才的任务数是多少")
    assert first_line(reply.text) == "泗洪县：引进各类人才数（人）9480；"
    other = bot.on_text("e9", "就业见习呢")
    assert first_line(other.text) == "泗洪县：就业见习人数（人）1500；"


# -- the amount just shown is what a level swap leans on ----------------------------------


def test_after_the_amount_is_asked_of_the_last_clause_a_level_swap_stays_on_it(bot):
    bot.on_text("e10", "台儿庄企业搞新型学徒制")
    money = bot.on_text("e10", "一年补几千")
    assert "4000-6000元" in first_line(money.text)
    swapped = bot.on_text("e10", "那技师呢")
    assert "4000-6000元" in swapped.text.split("📄")[0]


def test_the_result_leads_with_the_worker_s_money_before_what_is_not_money(bot):
    bot.on_text("e11", "我想知道自己能领点啥")
    for answer in ("叶集", "技师", "民营", "外地引进的", "社保缴了40个月", "合同签了五年"):
        bot.on_text("e11", answer)
    result = bot.on_text("e11", "先这样，出结果吧")
    assert result.intent == "quiz_result"
    claimable = result.text.split("✅ 你可以申领：")[1]
    assert claimable.lstrip().startswith("1. 新引进技师及以上人才生活补贴和住房补贴：一次性30000元")


# -- places and documents said in other words ------------------------------------------------


def test_whether_a_draft_is_formal_is_answered_not_a_crash(bot):
    bot.on_text("e12", "连云港高技能人才有啥奖励")
    reply = bot.on_text("e12", "这个文件正式了吗")
    assert reply.intent == "document"
    assert "征求意见稿" in reply.text.splitlines()[1]


def test_a_place_said_in_dialect_is_remembered(bot):
    reply = bot.on_text("e13", "俺在泗洪县")
    assert reply.intent == "set_region" and "泗洪县" in reply.text


def test_after_a_place_without_documents_another_place_answers_the_same_question(bot):
    bot.on_text("e14", "我在南京上班")
    refused = bot.on_text("e14", "技师考证有奖励不")
    assert "南京市" in refused.text and "元" not in refused.text
    reply = bot.on_text("e14", "那洪泽的呢")
    assert first_line(reply.text) == "👉 技师：3000元"


def test_a_question_in_asking_words_only_is_about_what_was_just_said(bot):
    bot.on_text("e15", "叶集技工蓝卡是什么")
    reply = bot.on_text("e15", "有啥用")
    assert reply.intent == "answer"
    assert "社会保险关系接续" in first_line(reply.text)
    assert bot.on_text("e15", "是的").intent != "answer"


def test_a_fact_the_document_does_not_print_is_said_to_be_unprinted(bot):
    bot.on_text("e16", "台儿庄学徒制补多少")
    reply = bot.on_text("e16", "公开了吗")
    assert reply.text.splitlines()[1] == "👉 文件上没有印这一项。文件上印的是："
    named = bot.on_text("e16", "叫什么名字")
    assert named.intent == "document"
    assert "台儿庄区技能人才引进与培养工作实施方案" in named.text.splitlines()[1]


def test_an_amount_asked_after_a_clause_without_one_asks_both_questions_again(bot):
    bot.on_text("e17", "洪泽引进高级工")  # search leads with the targets (no amount)
    reply = bot.on_text("e17", "补多少钱")
    assert first_line(reply.text) == "👉 高级工：5000元"
