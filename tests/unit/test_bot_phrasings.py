"""Intents from the many ways workers say them; the questionnaire that listens; the card form
that remembers. Real knowledge base and rules; the service core is ``FakeBotServices``."""

from __future__ import annotations

from datetime import date

import pytest
from factories.cards import id_number
from fakes.bot_services import FakeBotServices

from bot.dialogue import Bot
from bot.intents import classify
from bot.questions import QUESTIONS
from bot.services import ApplicationView
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def services():
    return FakeBotServices()


@pytest.fixture
def bot(kb_index, services):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), services=services, today=lambda: TODAY)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("帮我测下能拿哪些补贴", "quiz"),
        ("我想知道自己能领点啥", "quiz"),
        ("俺可以拿到些什么", "quiz"),
        ("我这情况能领啥钱", "quiz"),
        ("给我算算我能拿多少", "quiz"),
        ("看看我可以享受什么政策", "quiz"),
        ("我够不够条件领补贴", "quiz"),
        ("洪泽引进技师能领多少补贴", "question"),
        ("俺是三级工，想知道能领啥补贴", "quiz"),
        ("我想办张蓝卡", "card_apply"),
        ("帮我申请技工蓝卡", "card_apply"),
        ("蓝卡要什么条件才能办", "question"),
        ("我的蓝卡审核到哪了", "my_card"),
        ("我申请的补贴批了没", "my_applications"),
        ("补贴钱到账了吗", "my_applications"),
        ("这个公众号能干啥", "help"),
        ("不会用", "help"),
        ("能问些什么", "topics"),
        ("别再给我推送了", "opt_out"),
        ("看原文", "original"),
        ("奖励", "vague"),
    ],
)
def test_intents_from_how_workers_say_them(text, intent):
    assert classify(text) == intent


@pytest.mark.parametrize(
    "text",
    [
        "看看我提交的申请",
        "我那笔奖励审批到哪一步了",
        "资助款打过来没",
        "补助多久能到账",
        "我申报的研修补助有结果了吗",
        "钱啥时候能发给我",
    ],
)
def test_the_worker_s_own_applications_from_whose_what_and_where_it_is(text):
    assert classify(text) == "my_applications"


@pytest.mark.parametrize(
    "text",
    [
        "住房补贴分几年发",  # when a rule pays: the document says
        "引进技师的补贴什么时候发放",
        "什么情况下能领补贴",
        "我的补贴能拿多少",  # what they could get: the questionnaire
        "钱是发给单位还是发给我",  # a choice the clause answers
        "奖金打到工资卡还是社保卡",  # which way the rule pays, of nobody's case
        "补助一般打到哪个账户上",
        "我的蓝卡批了没",  # the card, not an application
        "测一测我的补贴资格",  # the questionnaire
    ],
)
def test_questions_about_rules_or_the_card_are_not_the_worker_s_applications(text):
    assert classify(text) != "my_applications"


def asked(text: str) -> str:
    for name, q in QUESTIONS.items():
        if q.prompt in text:
            return name
    raise AssertionError(f"no question in reply: {text}")


def test_one_word_gets_numbered_choices_and_a_number_picks(bot):
    reply = bot.on_text("v1", "补贴")
    assert "1." in reply.text and "2." in reply.text
    picked = bot.on_text("v1", "1")
    assert picked.intent == "quiz" and asked(picked.text) == "region"


def test_one_message_fills_every_field_it_states(bot):
    bot.on_text("q1", "帮我算算能拿多少")
    bot.on_text("q1", "洪泽")
    reply = bot.on_text("q1", "三级工，是从外地引进过来的，合同签了两年")
    assert asked(reply.text) not in ("skill_level", "introduced", "contract_years")


def test_region_and_level_come_first(bot):
    first = bot.on_text("q2", "看看我能享受哪些政策")
    assert asked(first.text) == "region"
    assert asked(bot.on_text("q2", "叶集").text) == "skill_level"


def test_region_named_when_starting_is_not_asked_again(bot):
    first = bot.on_text("q3", "我在台儿庄，帮我测测能领哪些补贴")
    assert asked(first.text) == "skill_level"


def test_month_only_date_and_dont_know(bot):
    bot.on_text("q4", "测一测")
    bot.on_text("q4", "洪泽")
    reply = bot.on_text("q4", "技师")
    for _ in range(12):
        field = asked(reply.text)
        if field == "level_obtained_on":
            after = bot.on_text("q4", "2023年6月")
            assert "请回复取得证书的年月" not in after.text
            assert after.intent != "quiz" or asked(after.text) != "level_obtained_on"
            return
        reply = bot.on_text("q4", "不知道")
        assert reply.intent == "quiz", "the questionnaire ended without asking the date"
    raise AssertionError("the certificate date was never asked")


def test_honours_offered_are_those_of_the_workers_place():
    yeji = QUESTIONS["honors"].render_for({"region": "叶集区"})
    assert "安徽省技能大奖" in yeji
    assert "枣庄市技术能手" not in yeji and "连云港市技术能手" not in yeji
    # the numbers the worker replies with follow the list they were shown
    first = yeji.splitlines()[1].split(". ", 1)[1]
    assert QUESTIONS["honors"].parse_for("1", TODAY, {"region": "叶集区"}) == [first]


def test_a_question_mid_way_is_answered_and_the_questionnaire_resumes(bot):
    bot.on_text("q6", "测一测")
    bot.on_text("q6", "叶集")
    reply = bot.on_text("q6", "技工蓝卡是干嘛的")
    assert "蓝卡" in reply.text.split("测算还在继续")[0]
    assert asked(reply.text.split("测算还在继续")[1]) == "skill_level"


def test_quiz_results_never_show_staff_notes(bot):
    bot.on_text("q7", "测一测")
    bot.on_text("q7", "叶集")
    reply = bot.on_text("q7", "高级工，在民营企业干了5年，社保一直在交，2024年3月拿的证")
    text = reply.text
    while reply.intent == "quiz":
        reply = bot.on_text("q7", "不知道")
        text += reply.text
    assert "工作人员" not in text


def test_card_form_reuses_level_and_place_and_asks_to_confirm(bot, services):
    bot.on_text("k1", "我在叶集")
    bot.on_text("k1", "叶集技师引进有住房补贴吗")
    reply = bot.on_text("k1", "我要办蓝卡")
    answers = ["张三丰", id_number(birth="19880512"), "13912345678"]
    for answer in answers:
        reply = bot.on_text("k1", answer)
    assert "技师" in reply.text and "对吗" in reply.text
    after = bot.on_text("k1", "对")
    assert "已记下 技能等级：技师" in after.text


def test_application_progress_lists_state_and_dates(bot, services):
    services.applications["a1"] = [
        ApplicationView(
            benefit="引进人才生活补贴",
            amount_yuan="10000",
            status="approved",
            status_label="已批准",
            opened_on="2026-02-01",
            decided_on="2026-02-20",
        )
    ]
    reply = bot.on_text("a1", "我的补贴申请进度")
    assert "已批准" in reply.text and "2026-02-01" in reply.text and "10000元" in reply.text
    assert "还没有补贴申请" in bot.on_text("a2", "补贴批下来没有").text


def test_a_rule_missed_on_one_condition_is_a_near_miss_naming_it(bot):
    bot.on_text("n1", "测一测")
    bot.on_text("n1", "洪泽")
    reply = bot.on_text("n1", "技师，2015年拿的证，单位是在区里注册的，不是外地引进的")
    text = reply.text
    while reply.intent == "quiz":
        reply = bot.on_text("n1", "不知道")
        text += reply.text
    near = text.split("差一点就能领")[1]
    assert "证书须是今年（" in near and "你的是2015年" in near


def test_clause_number_is_not_doubled_in_application_progress(bot, services):
    services.applications["a3"] = [
        ApplicationView(
            benefit="住房补贴",
            amount_yuan="20000",
            status="opened",
            status_label="已受理",
            clause="四",
            citation="《关于推进技工强区建设的实施意见》四",
        )
    ]
    reply = bot.on_text("a3", "补贴审核到哪一步了")
    assert "已受理" in reply.text and "四 四" not in reply.text


def test_the_card_named_alone_asks_which_and_a_number_picks(bot):
    reply = bot.on_text("b1", "蓝卡")
    assert "1." in reply.text and "申请蓝卡" in reply.text
    assert bot.on_text("b1", "2").intent == "card_form"


@pytest.mark.parametrize("said", ["我现在到叶集上班了", "我们这边是叶集的", "切换到叶集"])
def test_setting_the_place_in_many_words(bot, said):
    bot.on_text("g1", said)
    assert bot.region_of("g1") == "叶集区"


def test_a_place_without_a_document_in_the_questionnaire_is_said_plainly(bot):
    bot.on_text("q8", "测一测")
    reply = bot.on_text("q8", "苏州")
    assert "苏州市" in reply.text and asked(reply.text) == "region"
    assert asked(bot.on_text("q8", "洪泽").text) == "skill_level"
