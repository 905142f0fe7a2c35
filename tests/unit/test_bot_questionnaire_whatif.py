"""What-ifs and corrections during and right after the questionnaire, and facts given with
「别的没有了」 in one message. Through ``Bot.on_text`` (real knowledge base, in-memory store)
and ``bot.whatif`` itself; our own phrasings.

Decision: a supposition (「要是…呢」「那…呢」) is answered from the profile in hand with that
one fact changed and never stored; only a correction (「记错了」「改成…」「其实是…」) replaces
what the worker said."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.intents import finish_after, finishes_quiz
from bot.profile_facts import facts_in
from bot.store import MemoryStore
from bot.whatif import asks_beyond, changes_text, reading, whatif_lines

TODAY = date(2026, 3, 1)
HONGZE_TOLD = (
    "帮我看看能拿多少：我在洪泽，高级技师，外地挖过来的，公司是重点产业的，岗位紧缺，"
    "合同签了3年，社保交了一年"
)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def _started(bot: Bot, uid: str) -> str:
    reply = bot.on_text(uid, HONGZE_TOLD)
    assert reply.intent == "quiz" and "15000元" in reply.text
    return reply.text


# -- what-ifs in the middle of the questionnaire -------------------------------------------------


def test_a_shorter_insurance_supposed_names_the_months_required(bot):
    asked = _started(bot, "wi-1").splitlines()[-2]
    reply = bot.on_text("wi-1", "假如社保才交了4个月呢")
    assert reply.intent == "quiz_whatif"
    assert "至少6个月" in reply.text and "4个月" in reply.text
    assert "15000元" in reply.text and "领不了" in reply.text
    # the questionnaire goes on with the same question
    assert "测算还在继续" in reply.text and asked in reply.text
    assert bot.quiz_active("wi-1")


def test_a_supposition_leaves_the_facts_said_as_they_were(bot):
    _started(bot, "wi-2")
    bot.on_text("wi-2", "那合同只签半年呢")
    # nothing more to say: the result is that of the facts given, the 3-year contract kept
    result = bot.on_text("wi-2", "就这些")
    assert result.intent == "quiz_result"
    assert "一次性15000元" in result.text and "合同年限要求" not in result.text


def test_a_shorter_contract_supposed_names_the_year_required(bot):
    _started(bot, "wi-3")
    reply = bot.on_text("wi-3", "那合同只签半年呢")
    assert reply.intent == "quiz_whatif"
    assert "劳动合同年限要求至少1年" in reply.text


def test_another_level_supposed_changes_the_amount(bot):
    _started(bot, "wi-4")
    reply = bot.on_text("wi-4", "要是我只是三级工呢")
    assert reply.intent == "quiz_whatif"
    assert "15000元" in reply.text and "5000元" in reply.text and "→" in reply.text


def test_a_correction_replaces_the_fact(bot):
    _started(bot, "wi-5")
    reply = bot.on_text("wi-5", "不好意思说错了，社保其实是5个月")
    assert "已改为" in reply.text and "5个月" in reply.text
    result = bot.on_text("wi-5", "就这些")
    assert "差一点" in result.text and "至少6个月" in result.text
    assert "一次性15000元" not in result.text


def test_a_change_request_with_its_value_keeps_the_value(bot):
    _started(bot, "wi-6")
    reply = bot.on_text("wi-6", "合同改成半年")
    assert "已改为" in reply.text and "半年" in reply.text
    assert "几年" not in reply.text  # not asked again
    # 「改一下」 without a value still asks
    reply = bot.on_text("wi-6", "改一下社保")
    assert "交了多少个月社保" in reply.text


# -- right after the result ---------------------------------------------------------------------


def test_a_what_if_right_after_a_result_is_worked_out_on_that_result(bot):
    result = bot.on_text("wi-7", "我在台儿庄，四级工，区里技能比赛得过二等奖，看看我能领啥")
    assert result.intent == "quiz_result" and "1000元" in result.text
    reply = bot.on_text("wi-7", "如果是一等奖呢")
    assert reply.intent == "quiz_whatif"
    assert "1000元 → 一次性2000元" in reply.text
    assert "测算还在继续" not in reply.text
    # and the result itself is still the one of the facts given
    assert bot.on_text("wi-7", "就这些").text == result.text


def test_a_correction_right_after_a_result_gives_the_new_result(bot):
    bot.on_text("wi-8", "我在台儿庄，四级工，区里技能比赛得过二等奖，看看我能领啥")
    reply = bot.on_text("wi-8", "我记错了，比赛是区里三等奖")
    assert reply.intent == "quiz_result" and "已改为" in reply.text
    assert "一次性500元" in reply.text


# -- facts and 「别的没有了」 in one message ---------------------------------------------------------


def test_facts_then_nothing_more_gives_the_result_with_the_facts(bot):
    bot.on_text("wi-9", "帮我看看我能领点啥")
    bot.on_text("wi-9", "洪泽")
    reply = bot.on_text("wi-9", "前年区里组织的技能大赛得过一个二等奖，其他就没啥了")
    assert reply.intent == "quiz_result"
    assert "区技能大赛获奖选手奖励：一次性3000元" in reply.text
    assert "技能等级" in reply.text  # the level, never said, is named as still to confirm
    assert not bot.quiz_active("wi-9")


def test_nothing_more_alone_still_finishes(bot):
    bot.on_text("wi-10", "帮我看看我能领点啥")
    bot.on_text("wi-10", "台儿庄")
    assert bot.on_text("wi-10", "别的没啥了").intent == "quiz_result"


def test_the_words_before_nothing_more_are_the_facts():
    assert finish_after("技师，去年考的，别的没什么") == "技师，去年考的"
    assert finish_after("技师，去年考的") is None
    assert finish_after("其他都没有") is None  # nothing said before it
    assert finishes_quiz("其它也没啥了")


# -- bot.whatif ------------------------------------------------------------------------------------


def test_reading_tells_a_supposition_a_correction_and_an_answer_apart():
    said = {"insurance_months": 12}
    assert reading("要是社保交了4个月呢", {"insurance_months": 4}, said) == "suppose"
    assert reading("那社保交了4个月呢", {"insurance_months": 4}, said) == "suppose"
    assert reading("社保4个月的话呢", {"insurance_months": 4}, said) == "suppose"
    assert reading("搞错了，社保是4个月", {"insurance_months": 4}, said) == "correct"
    assert reading("社保交了4个月", {"insurance_months": 4}, {}) is None
    # a correction repeating what was said changes nothing
    assert reading("没错，社保是12个月", {"insurance_months": 12}, said) is None
    # no fact: not a what-if (「那社保呢」 asks about a subject)
    assert reading("那社保呢", {}, said) is None


def test_changes_are_said_as_the_worker_would():
    assert changes_text({"contract_years": 0.5}) == "劳动合同年限是半年"
    assert changes_text({"introduced": False}) == "不是外地新引进"
    assert changes_text({"competition": {"level": "区级", "rank": 1}}) == "竞赛获奖是区级一等奖"


def test_nothing_changing_is_said_once():
    result = {"benefits": [], "pending": [], "near_misses": []}
    assert whatif_lines(result, result) == ["结果不变：还是没有可以直接申领的补贴"]


def test_facts_and_nothing_more_in_the_first_message_give_the_result_at_once(bot):
    reply = bot.on_text("wi-11", "帮我测测：洪泽，区里技能大赛拿过一等奖，其他没有了")
    assert reply.intent == "quiz_result"
    assert "区技能大赛获奖选手奖励：一次性5000元" in reply.text


def test_a_what_if_that_opens_a_benefit_says_what_it_still_hangs_on(bot):
    reply = bot.on_text("wi-12", "帮我测一下：洪泽，技师，本地招的，单位是区里的私企")
    assert reply.intent == "quiz"
    reply = bot.on_text("wi-12", "假如我是从外地引进来的呢")
    assert reply.intent == "quiz_whatif"
    assert "有可能领：急需紧缺高技能引进人才一次性补贴" in reply.text
    assert "还要看" in reply.text and "社保缴纳月数" in reply.text


def test_a_supposed_date_is_said_as_a_date(bot):
    bot.on_text("wi-13", "测一测")
    bot.on_text("wi-13", "洪泽")
    bot.on_text("wi-13", "技师")
    reply = bot.on_text("wi-13", "要是2026年2月拿的证呢")
    assert "取证时间是2026年2月" in reply.text and "一次性3000元" in reply.text


def test_a_local_hire_and_a_local_private_firm_are_read():
    facts = facts_in("本地招的，在区里的民企上班", TODAY)
    assert facts["introduced"] is False and facts["employer_in_region"] is True
    # came from elsewhere and found the job here: not said to be a local hire
    assert facts_in("从外地过来，在这边找的活", TODAY).get("introduced") is not False


def test_a_local_hire_meeting_all_else_is_told_the_introduction_is_what_is_missing(bot):
    reply = bot.on_text(
        "wi-14",
        "帮我测测：洪泽，高级技师，本地招的，厂子是重点产业，岗位紧缺，合同两年，"
        "社保一年半，其他没有了",
    )
    assert reply.intent == "quiz_result"
    near = reply.text.split("差一点就能领：", 1)[1]
    assert near.lstrip().startswith("· 急需紧缺高技能引进人才一次性补贴：要求从外地新引进")
    assert "本地招用的不在此列" in near
    # a 重点产业 厂子 is an enterprise of the district: neither fact is left to confirm
    assert "单位性质" not in reply.text and "单位是否在本区注册" not in reply.text


def test_a_supposition_about_another_place_is_no_what_if():
    said = {"region": "洪泽区", "skill_level": "技师"}
    facts = {"region": "叶集区", "introduced": True}
    assert reading("如果是引进来的，叶集那边给多少", facts, said) is None


def test_a_hedged_first_answer_is_noted_not_said_to_be_changed(bot):
    bot.on_text("wi-15", "测一测")
    bot.on_text("wi-15", "叶集")
    reply = bot.on_text("wi-15", "应该是二级工吧")
    assert "已改为" not in reply.text
    reply = bot.on_text("wi-15", "不对，其实是一级")
    assert "已改为：技能等级是高级技师" in reply.text


def test_a_supposition_asking_something_of_its_own_is_a_question():
    assert asks_beyond("假如是高级工，补贴去哪里申请", TODAY)
    assert not asks_beyond("假如是高级工，还能拿多少", TODAY)
    assert not asks_beyond("要是拿的是二等奖呢", TODAY)


def test_a_question_with_a_supposition_mid_questionnaire_is_answered_in_between(bot):
    _started(bot, "wi-16")
    reply = bot.on_text("wi-16", "如果是高级工，补贴找哪个部门申请")
    assert reply.intent != "quiz_whatif" and "测算还在继续" in reply.text


def test_each_supposition_starts_from_what_was_said(bot):
    _started(bot, "wi-17")
    bot.on_text("wi-17", "要是社保才交了4个月呢")
    reply = bot.on_text("wi-17", "那合同只签半年呢")
    assert "劳动合同年限要求至少1年" in reply.text
    assert "社保" not in reply.text.split("测算还在继续")[0]


@pytest.mark.parametrize("months", ["1" * 400, "13812345678", "601"])
def test_an_impossible_duration_in_a_what_if_or_a_correction_is_asked_again(months):
    """A duration longer than a working life (a phone typed into it, a number of hundreds of
    digits) is never kept or echoed: the questionnaire asks again."""
    from bot.parsing import AnswerError, parse_months, parse_years

    with pytest.raises(AnswerError):
        parse_months(f"{months}个月")
    with pytest.raises(AnswerError):
        parse_years(f"{months}年")


def test_a_what_if_with_a_number_of_hundreds_of_digits_is_answered_not_crashed(bot):
    bot.on_text("w9", "帮我算算能领哪些补贴")
    bot.on_text("w9", "叶集区")
    reply = bot.on_text("w9", "如果社保交了" + "1" * 400 + "个月呢")
    assert reply.text and "1" * 20 not in reply.text
    corrected = bot.on_text("w9", "记错了，社保是13812345678个月")
    # refused as a duration (too long) or as a phone typed outside the card form; either way
    # never echoed, and the insurance question is asked again
    assert "13812345678" not in corrected.text
    assert "太长" in corrected.text or "手机号" in corrected.text
    assert "社保" in corrected.text
