"""The bot as a worker meets it: real knowledge base, real search, in-memory session store."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.paging import utf8_len
from bot.questions import QUESTIONS
from bot.reply import MAX_REPLY_BYTES
from bot.store import MemoryStore

TODAY = date(2021, 9, 1)


@pytest.fixture
def bot(kb_index, clock):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(clock), today=lambda: TODAY, clock=clock)


def test_done_criterion_hongze_introduced_technician(bot):
    reply = bot.on_text("w1", "洪泽从外地引进的技师有多少补贴")
    assert reply.intent == "answer"
    first_line = reply.text.splitlines()[0]
    assert "10000元" in first_line, "the worker's own amount leads"
    assert "洪办发〔2021〕10号" in reply.text and "三（三）1" in reply.text
    assert "2021年2月5日" in reply.text
    assert "hongze-2021#三（三）1" in reply.clause_refs


def test_done_criterion_yeji_housing(bot):
    reply = bot.on_text("w1", "叶集引进技师有住房补贴吗")
    assert "20000元" in reply.text.splitlines()[0]
    assert "叶集区" in reply.text and "《关于推进技工强区建设的实施意见》" in reply.text
    assert "印发日期未印明" in reply.text, "an unprinted date is said, never guessed"


def test_draft_is_never_presented_as_policy_in_force(bot):
    reply = bot.on_text("w1", "连云港职业学校能开展有偿培训吗")
    assert "征求意见稿" in reply.text


def test_passed_target_period_is_said(kb_index):
    kb, index = kb_index
    later = Bot(kb, index, MemoryStore(), today=lambda: date(2026, 11, 21))
    reply = later.on_text("w1", "叶集技工总量目标是多少")
    assert "已过" in reply.text


def test_out_of_scope_says_so_and_suggests_topics(bot):
    reply = bot.on_text("w1", "明天会下雨吗")
    assert reply.intent == "not_answered"
    assert "没有找到" in reply.text and "菜单" in reply.text
    assert not reply.clause_refs


def test_region_is_remembered_and_used(bot):
    assert bot.on_text("w2", "我在叶集").intent == "set_region"
    assert bot.region_of("w2") == "叶集区"
    reply = bot.on_text("w2", "引进技师有什么补贴")
    assert reply.clause_refs[0].startswith("yeji#"), reply.clause_refs
    # only 宿迁 pays for 订单班: said plainly, without its amounts read as 叶集's
    elsewhere = bot.on_text("w2", "订单班每年补助多少")
    assert "叶集区的政策文件里没有找到这一项" in elsewhere.text
    assert "宿迁市" in elsewhere.text and "元" not in elsewhere.text
    there = bot.on_text("w2", "那宿迁的呢")
    assert there.clause_refs[0].startswith("suqian-2021#"), there.clause_refs
    other = bot.on_text("w3", "我在上海")
    assert other.intent == "unknown_region" and "洪泽区" in other.text


def test_every_reply_fits_wechat_and_more_pages_through(bot):
    reply = bot.on_text("w4", "叶集区高技能人才引进有哪些政策")
    texts = [reply.text]
    while reply.has_more:
        assert "「更多」" in reply.text.splitlines()[-1]
        reply = bot.on_text("w4", "更多")
        texts.append(reply.text)
    assert all(utf8_len(t) <= MAX_REPLY_BYTES for t in texts)
    # after the last page, 「更多」 offers the next related clauses, until there are none
    for _ in range(5):
        reply = bot.on_text("w4", "更多")
        if reply.text.startswith("没有更多"):
            break
        assert "相关条款" in reply.text and reply.clause_refs
    else:
        raise AssertionError("「更多」 never ran out")


def test_topic_menu_numbers(bot):
    menu = bot.on_text("w5", "菜单")
    assert "1." in menu.text
    picked = bot.on_text("w5", "6")
    assert "蓝卡" in picked.text and picked.intent == "answer"
    assert bot.on_text("w5", "99").intent != "answer", "the menu is left once a topic is picked"


def test_greeting_help_and_events(bot):
    assert "测一测" in bot.on_text("w6", "你好").text
    assert bot.on_event("w6", "subscribe").intent == "subscribe"
    assert bot.on_event("w6", "unsubscribe").text == ""
    assert bot.on_event("w6", "scan", "region:叶集区").intent == "scan"
    assert bot.region_of("w6") == "叶集区"
    assert bot.on_event("w6", "click", "MENU_TOPICS").intent == "topics"
    assert bot.on_event("w6", "no-such-event").text == ""


# -- questionnaire ------------------------------------------------------------------------


def asked_field(text: str) -> str:
    for name, q in QUESTIONS.items():
        if q.prompt in text:
            return name
    raise AssertionError(f"no question in reply: {text}")


def run_quiz(bot: Bot, uid: str, answers: dict[str, str], limit: int = 20) -> str:
    reply = bot.on_text(uid, "测一测")
    for _ in range(limit):
        if reply.intent != "quiz":
            return reply.text
        field = asked_field(reply.text)
        reply = bot.on_text(uid, answers.get(field, "不知道"))
    raise AssertionError("questionnaire did not finish")


HONGZE_TECHNICIAN = {
    "region": "洪泽",
    "skill_level": "技师",
    "introduced": "是",
    "key_industry": "是",
    "shortage_post": "是",
    "contract_years": "两年",
    "insurance_months": "8个月",
    "employer_in_region": "是",
    "level_obtained_on": "2015年",
    "employer_type": "1",
    "competition": "没有",
    "honors": "没有",
}


def test_done_criterion_questionnaire_hongze_technician(bot):
    text = run_quiz(bot, "q1", HONGZE_TECHNICIAN)
    assert "10000元" in text and "洪办发〔2021〕10号 三（三）1" in text


def test_done_criterion_five_months_is_told_what_is_missing(bot):
    text = run_quiz(bot, "q2", HONGZE_TECHNICIAN | {"insurance_months": "5个月"})
    assert "差一点" in text and "社保" in text
    assert "10000元" not in text.split("差一点")[0], "not a benefit yet"


def test_questionnaire_reprompts_goes_back_corrects_and_cancels(bot):
    first = bot.on_text("q3", "补贴测算")
    assert asked_field(first.text) == "region"
    bad = bot.on_text("q3", "火星")
    assert asked_field(bad.text) == "region" and "请回复" in bad.text
    second = bot.on_text("q3", "1")
    field2 = asked_field(second.text)
    bot.on_text("q3", "不知道")
    back = bot.on_text("q3", "上一步")
    assert asked_field(back.text) == field2, "「上一步」 returns to the question just skipped"
    change = bot.on_text("q3", "改一下地区")
    assert asked_field(change.text) == "region"
    assert bot.on_text("q3", "退出").intent == "quiz_cancel"
    assert bot.on_text("q3", "你好").intent == "greeting"


def test_policy_question_in_the_middle_is_answered_and_quiz_resumes(bot):
    bot.on_text("q4", "测一测")
    reply = bot.on_text("q4", "技工蓝卡怎么办理呢？")
    assert "社会保障卡" in reply.text
    assert "测算还在继续" in reply.text
    assert bot.quiz_active("q4")


def test_questionnaire_expires_after_30_minutes_with_a_message(bot, clock):
    bot.on_text("q5", "测一测")
    clock.now += 31 * 60
    reply = bot.on_text("q5", "2")
    assert reply.intent == "quiz_expired" and "测一测" in reply.text


def test_compare_districts(bot):
    reply = bot.on_text("c1", "对比 技师 引进")
    assert reply.intent == "compare"
    full = reply.text
    while reply.has_more:
        reply = bot.on_text("c1", "更多")
        full += reply.text
    for region in ("洪泽区", "台儿庄区", "宿迁市", "连云港市", "叶集区"):
        assert f"【{region}】" in full
    assert "10000元" in full and "征求意见稿" in full


def test_save_without_a_database_says_so(bot):
    run_quiz(bot, "s1", HONGZE_TECHNICIAN)
    assert "不能保存" in bot.on_text("s1", "保存").text
