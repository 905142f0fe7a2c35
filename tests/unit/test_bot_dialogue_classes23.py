"""Follow-ups workers type after an answer, as they see the replies: the clause's own wording
asked in everyday words, a grade they may get later, what the bot covers, a question after
one it could not answer, whether a draft's clause can be used now, a place swapped in that
pays nothing for it, and a questionnaire answer that also asks something. Real knowledge
base and search, in-memory store; the phrasings are our own."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.coverage import asks_coverage
from bot.dialogue import Bot
from bot.future import future_level
from bot.intents import classify
from bot.standing import asks_usable_now
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)
AMOUNT = re.compile(r"\d+(?:\.\d+)?万?元")
NOT_FOUND = "没有找到答案"


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


# -- 1. the clause's original wording ----------------------------------------------------------


@pytest.mark.parametrize(
    "ask",
    ["给我看看原文", "条款原话", "这条具体咋规定的", "文件里咋说的", "发我全文", "原话给我看看"],
)
def test_the_original_wording_is_asked_in_everyday_words(ask):
    assert classify(ask) == "original"


def test_a_topic_of_its_own_with_how_the_document_says_it_is_searched():
    assert classify("落户条件文件里咋说的") == "question"
    assert classify("申请表怎么写") == "question"


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        ("洪泽考上技师能拿多少钱", "鼓励规模以上企业开展技能等级认定工作"),
        ("叶集当上首席技师以后每月能奖多少", "六安市首席技师"),
        ("台儿庄区的文号是多少", "台人社发"),
        ("连云港引进高技能人才有什么补贴", "连云港"),
        ("宿迁学徒制要培养多少人", "学徒"),
    ],
)
def test_the_original_wording_shows_the_whole_clause_with_its_citation(bot, question, printed):
    bot.on_text("o1", question)
    reply = bot.on_text("o1", "具体怎么写的")
    assert reply.intent == "original"
    assert printed in reply.text
    assert NOT_FOUND not in reply.text


# -- 2. a grade got later ----------------------------------------------------------------------


def test_a_later_grade_is_read_with_when():
    assert future_level("那明年考下技师呢") is not None
    assert future_level("等我拿到技师证呢") is not None
    assert future_level("再考个高级技师能拿多少") is not None
    assert future_level("那技师呢") is None  # a plain swap, no time and no getting
    assert future_level("明年考下技师去叶集呢") is None  # a place too: not only a grade


def test_next_years_grade_is_answered_from_the_same_clause_with_the_year_it_counts(bot):
    bot.on_text("f1", "洪泽考上高级工奖励多少")
    reply = bot.on_text("f1", "那明年考下技师呢")
    assert reply.text.startswith("👉 技师：3000元")
    assert "当年获得" in reply.text and "2027年" in reply.text
    assert "三（三）4" in reply.text


def test_a_supposed_grade_without_a_year_says_the_year_got_counts(bot):
    bot.on_text("f2", "洪泽考上高级工奖励多少")
    reply = bot.on_text("f2", "以后要是考了高级技师呢")
    assert reply.text.startswith("👉 高级技师：4000元")
    assert "哪一年拿到证就算哪一年" in reply.text


def test_a_clause_not_paying_by_the_year_got_has_no_year_note(bot):
    bot.on_text("f3", "叶集考上高级工奖励多少")
    reply = bot.on_text("f3", "等我拿到技师证呢")
    assert reply.text.startswith("👉 技师：2000元")
    assert "当年获得" not in reply.text


def test_a_later_grade_after_another_place_s_rule_still_says_whose_rule_it_is(bot):
    bot.on_text("f4", "台儿庄考上高级工奖励多少")
    reply = bot.on_text("f4", "那明年考下技师呢")
    assert reply.text.startswith("⚠️ 台儿庄区的政策里没有找到这一项；以下是叶集区的规定")
    assert "👉 技师：2000元" in reply.text


# -- 3. what the bot covers --------------------------------------------------------------------


@pytest.mark.parametrize(
    "ask", ["能查哪些地方", "支持哪几个区县", "都有哪些文件", "你们管哪里的政策"]
)
def test_coverage_lists_every_place_and_document_from_the_knowledge_base(bot, kb_index, ask):
    kb, _ = kb_index
    bot.on_text("c1", "洪泽考上技师能拿多少钱")  # a topic before it changes nothing
    reply = bot.on_text("c1", ask)
    assert reply.intent == "coverage"
    for doc in kb.documents.values():
        assert doc.meta.title in reply.text
        if doc.meta.wenhao:
            assert doc.meta.wenhao in reply.text
    assert "征求意见稿" in reply.text and "目标期" in reply.text
    assert "没有写明" not in reply.text


def test_a_place_s_benefits_are_no_coverage_question():
    assert not asks_coverage("叶集有哪些补贴")
    assert not asks_coverage("洪泽引进技师补多少")


# -- 4. after an answer that failed; a draft asked about now ----------------------------------


def test_an_out_of_scope_aside_keeps_the_topic_before_it(bot):
    # a worker who asks about something else in between still means the award by 「那高级工呢」
    bot.on_text("s1", "洪泽考上技师能拿多少钱")
    bot.on_text("s1", "失业金怎么领")
    reply = bot.on_text("s1", "那高级工呢")
    assert "1600元" in reply.text and "洪办发" in reply.text


@pytest.mark.parametrize("ask", ["现在能办吗", "还有效吗", "能申请了吗"])
def test_a_draft_s_clause_asked_whether_usable_now_says_it_is_not_in_force(bot, ask):
    assert asks_usable_now(ask)
    bot.on_text("s2", "连云港引进高技能人才有什么补贴")
    reply = bot.on_text("s2", ask)
    assert "征求意见稿" in reply.text and "尚未正式生效" in reply.text
    assert NOT_FOUND not in reply.text


# -- 5. a place swapped in that has no such benefit --------------------------------------------


@pytest.mark.parametrize(
    ("first", "swap", "place"),
    [
        ("洪泽考上技师能拿多少钱", "那宿迁呢", "宿迁市"),
        ("叶集住房补贴多少", "那宿迁呢", "宿迁市"),
        ("叶集当上首席技师以后每月能奖多少", "那台儿庄呢", "台儿庄区"),
        ("洪泽考上高级工奖励多少", "换成连云港呢", "连云港市"),
    ],
)
def test_a_place_swapped_in_without_the_benefit_says_so_without_other_amounts(
    bot, first, swap, place
):
    bot.on_text("p1", first)
    reply = bot.on_text("p1", swap)
    assert f"{place}的政策文件里没有这一项" in reply.text
    assert not AMOUNT.search(reply.text)


# -- 6. a questionnaire answer that also asks --------------------------------------------------


def _to_insurance_question(bot: Bot, uid: str) -> str:
    for line in ("测一测", "叶集", "技师", "民营企业", "没有", "没有", "去年"):
        reply = bot.on_text(uid, line)
    return reply.text


def test_a_length_asked_whether_enough_is_taken_and_judged(bot):
    assert "社保" in _to_insurance_question(bot, "q1")
    reply = bot.on_text("q1", "8个月，够不够？")
    assert "记下了：8个月" in reply.text
    assert "✅ 够：叶集 三" in reply.text  # judged against the line: 依法参加社会保险
    assert "社保" not in reply.text.split("\n")[-2]  # the next question, not the same again
    assert NOT_FOUND not in reply.text


def test_a_length_with_a_question_is_taken_and_the_question_answered(bot):
    _to_insurance_question(bot, "q2")
    reply = bot.on_text("q2", "三年了吧，奖励啥时候发？")
    assert "记下了" in reply.text
    assert "办理时限" in reply.text  # when money comes is the 申兑指南's, not a contest clause
    assert "技能大赛" not in reply.text
