"""Answers typed the way workers talk, through ``Bot.on_text``: a date said with a Chinese month
next to digits, 「大前年」「三年前」, 「记不清了」, rough durations (「十来个月」「大半年」
「不到半年」), and a date typed while the honour titles are asked is never read as option 3."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot import parsing
from bot.dialogue import Bot
from bot.questions import HONOURS
from bot.store import MemoryStore

TODAY = date(2026, 12, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


@pytest.mark.parametrize(
    ("said", "when"),
    [
        ("2022年六月份拿到的", date(2022, 6, 1)),
        ("2020年十二月", date(2020, 12, 1)),
        ("大前年", date(2023, 1, 1)),
        ("四年前", date(2022, 12, 1)),  # this month, four years back
        ("两年前年底拿的", date(2024, 12, 1)),
    ],
)
def test_certificate_dates_said_in_words(said, when):
    assert parsing.parse_date(said, TODAY) == when


@pytest.mark.parametrize("said", ["记不清了", "俺记不得了", "想不起来了", "忘记了"])
def test_cannot_remember_is_do_not_know(said):
    assert parsing.parse_date(said, TODAY) is parsing.SKIP
    assert parsing.parse_months(said) is parsing.SKIP


@pytest.mark.parametrize(
    ("said", "months"),
    [
        ("十来个月", 10),
        ("三十几个月", 30),
        ("交了大半年", 7),
        ("还不到半年", 5),
        ("不满两年", 23),
        ("2年零五个月", 29),
    ],
)
def test_rough_durations(said, months):
    assert parsing.parse_months(said) == months


@pytest.mark.parametrize("said", ["前年五月", "2021年8月", "三年前拿的"])
def test_a_date_is_not_an_honour_number(said):
    with pytest.raises(parsing.AnswerError):
        parsing.parse_titles(said, HONOURS)


@pytest.mark.parametrize(("said", "count"), [("2", 1), ("第1个和第4个", 2), ("3、5", 2)])
def test_honour_numbers_still_read(said, count):
    value = parsing.parse_titles(said, HONOURS)
    assert isinstance(value, list) and len(value) == count


def test_a_date_typed_at_the_honours_question_gives_no_title_award(bot):
    uid = "spoken-honour"
    reply = chat(bot, uid, "测一测", "叶集", "高级工")
    assert "荣誉称号" in reply.text
    reply = bot.on_text(uid, "前年三月")
    # asked again: no 80000元 title award out of 「三月」; the date is kept as the certificate's
    # (the question it answers comes later), so it is not asked again
    assert "荣誉称号" in reply.text and "80000" not in reply.text
    assert "已记下：取证时间" in reply.text
    reply = bot.on_text(uid, "没有")
    assert "什么时候拿到" not in reply.text


def test_rough_insurance_months_decide_a_threshold(bot):
    uid = "spoken-insurance"
    reply = chat(
        bot,
        uid,
        "测一测",
        "洪泽区",
        "俺是二级工，从外地引进的，单位是重点产业",
        "合同签了一年零三个月",
        "社保还不到半年",
    )
    # the rule asks for 6 months or more: no second question about the insurance
    assert "交了多少个月社保" not in reply.text
    result = bot.on_text(uid, "就这些")
    # under six months: the 引进 grants are near misses naming the insurance, never granted
    assert "可以申请" not in result.text and "可以申领：" not in result.text
    near = result.text.split("差一点就能领")[1].split("🔎")[0]
    assert "社保缴纳月数要求至少6个月" in near


@pytest.mark.parametrize(
    ("said", "months"),
    [("社保缴了十来个月", 10), ("交了二十几个月社保", 20), ("社保还不到半年", 5)],
)
def test_rough_insurance_said_with_other_words(said, months):
    from bot.profile_facts import facts_in

    assert facts_in(said, TODAY)["insurance_months"] == months


def test_a_correction_giving_only_a_date_fixes_the_certificate_date(bot):
    uid = "spoken-fix-date"
    reply = chat(
        bot, uid, "测一测", "叶集", "俺是技师，大前年五月考下来的", "不好意思说错了，是前年五月"
    )
    assert "已改为：取证时间是2024年5月" in reply.text
    assert "荣誉称号" in reply.text  # the question waiting is asked again


def test_a_correction_giving_only_a_duration_fixes_the_last_one_given(bot):
    uid = "spoken-fix-months"
    reply = chat(
        bot,
        uid,
        "测一测",
        "洪泽",
        "高级工，从外地引进来的，厂子是重点产业",
        "合同签了三年",
        "社保交了九个月",
        "我填错了 应该是四个月",
    )
    assert "已改为：社保缴纳月数是4个月" in reply.text
    result = bot.on_text(uid, "就这些")
    assert "社保缴纳月数要求至少6个月，你的是4个月" in result.text


def test_a_hedged_answer_is_an_answer_not_a_correction(bot):
    uid = "spoken-hedge"
    reply = chat(
        bot,
        uid,
        "测一测",
        "洪泽",
        "高级工，从外地引进来的，厂子是重点产业",
        "社保交了九个月",
        "应该是三年吧",
    )  # the contract, asked now
    assert "已改为" not in reply.text and "劳动合同是几年" not in reply.text
    result = bot.on_text(uid, "就这些")
    assert "社保缴纳月数要求" not in result.text


def test_coming_from_another_province_answers_both_questions(bot):
    uid = "spoken-province"
    reply = chat(bot, uid, "测一测", "宿迁", "高级工")
    assert "外地新引进" in reply.text
    reply = bot.on_text(uid, "俺是从河南那边引过来的")
    # 河南 is not 江苏: 「是从外省来的吗」 is not asked, the 大专 treatment is sure
    assert "外省来的吗" not in reply.text
    assert "享受大专学历同等待遇" in reply.text


def test_coming_from_the_same_province_is_not_another_province(bot):
    uid = "spoken-same-province"
    result = chat(bot, uid, "测一测", "宿迁", "高级工", "从南京调过来的", "就这些")
    near = result.text.split("差一点就能领")[1]
    assert "要求从省外引进" in near


def test_a_near_miss_on_a_level_or_a_title_names_both_facts(bot):
    uid = "spoken-either"
    result = chat(
        bot, uid, "测一测", "叶集", "高级工", "没评过啥称号", "2024年3月", "合资的", "就这些"
    )
    line = next(x for x in result.text.splitlines() if "一体化" in x)
    assert "你的是技能等级：高级工，荣誉称号：无" in line
    assert "；无" not in line


@pytest.mark.parametrize("none_said", ["没评过啥称号", "俺没得过什么荣誉"])
def test_none_said_with_a_question_word_answers_the_titles(bot, none_said):
    uid = "spoken-none-" + none_said
    bot.on_text(uid, "测一测")
    bot.on_text(uid, "叶集")
    bot.on_text(uid, "高级工")
    reply = bot.on_text(uid, none_said)
    assert "出处" not in reply.text  # not searched as a question
    assert "什么时候拿到" in reply.text  # the next question


@pytest.mark.parametrize("why", ["咋还问这个", "问这个干嘛？", "为什么要问这个"])
def test_why_is_this_asked_names_the_benefits_that_hang_on_it(bot, why):
    uid = "spoken-why-" + why
    asked = chat(bot, uid, "测一测", "俺搁洪泽干活", "三级工，去年考的证", "对")  # 外地新引进
    assert "本区（市）注册" in asked.text
    reply = bot.on_text(uid, why)
    assert reply.intent == "quiz" and "出处" not in reply.text
    assert "问这个，是因为" in reply.text
    assert "急需紧缺高技能引进人才一次性补贴：一次性补贴5000元" in reply.text
    assert "职称" not in reply.text  # what every answer gives does not hang on it
    assert reply.text.rstrip().endswith("结束测算）") and "本区（市）注册" in reply.text
    # the questionnaire goes on from the same question
    assert "劳动合同" in bot.on_text(uid, "是").text


def test_a_worker_without_a_certificate_is_told_so_plainly(bot):
    uid = "spoken-no-cert"
    result = chat(bot, uid, "测一测", "洪泽", "俺啥证都没考过", "就这些")
    assert "你还没有技能等级证书" in result.text
    assert "你的是无" not in result.text


def test_going_back_over_a_fact_that_changes_nothing_asks_the_step_before(bot):
    uid = "spoken-back"
    asked = chat(
        bot, uid, "测一测", "宿迁", "三级工", "前年五月考的"
    )  # no rule of 宿迁 looks at the date
    assert "外地新引进" in asked.text
    back = bot.on_text(uid, "上一步")
    assert "技能等级是" in back.text
    # the answer is read against the question shown
    reply = bot.on_text(uid, "技师")
    assert "外地新引进" in reply.text and "请回复" not in reply.text


def test_a_correction_said_as_not_right_says_what_was_changed(bot):
    uid = "spoken-not-right"
    reply = chat(
        bot, uid, "测一测", "台儿庄", "技师，外省引进来的", "合同签了两年", "不对，合同是三年的"
    )
    assert "已改为" in reply.text and "3年" in reply.text
