"""The blue-card form in chat, as a worker types it: field by field with polite re-prompts,
上一步/退出, corrections, a masked summary with consent, submission, 「我的蓝卡」, 退订/订阅.

The service core is replaced by ``FakeBotServices``, an implementation of the bot's own
``BotServices`` protocol (our boundary, not WeChat's)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from factories.cards import credit_code, id_number, with_wrong_check
from fakes.bot_services import FakeBotServices

from bot.cardform import ASKED, CONSENT_TEXT
from bot.dialogue import Bot
from bot.services import ApplicationView, CardApplyOutcome, CardView
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)
ID = id_number(birth="19880512")
PHONE = "13912345678"
CREDIT = credit_code()
ANSWERS = [
    "张三丰",
    ID,
    PHONE,
    "技师",
    "S000034150000243000123",
    "六安市职业技能鉴定中心",
    "2023年6月1日",
    "六安叶集木业有限公司",
    CREDIT,
    "叶集",
    "341504123456789",
]


@pytest.fixture
def services():
    return FakeBotServices()


@pytest.fixture
def bot(kb_index, services, clock):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(clock), services=services, today=lambda: TODAY, clock=clock)


def fill(bot, uid="w1", answers=ANSWERS):
    replies = [bot.on_text(uid, "申请蓝卡")]
    replies += [bot.on_text(uid, a) for a in answers]
    return replies


def test_apply_in_chat_field_by_field_then_confirm(bot, services):
    replies = fill(bot)
    assert "（1/11）姓名" in replies[0].text and "退出" in replies[0].text
    assert "（2/11）身份证号" in replies[1].text
    summary = replies[-1]
    assert summary.intent == "card_confirm"
    assert "个人信息处理同意" in summary.text and "确认提交" in summary.text
    assert CONSENT_TEXT in summary.text
    # masked, never echoed in full
    for reply in replies:
        assert ID not in reply.text and PHONE not in reply.text
        assert "341504123456789" not in reply.text
    assert ID[:4] + "*" * 10 + ID[-4:] in summary.text
    assert "139****5678" in summary.text
    assert "张*丰" in summary.text and "张三丰" not in summary.text
    done = bot.on_text("w1", "确认提交")
    assert done.intent == "card_submitted" and "审核中" in done.text
    ((uid, form),) = services.applied
    assert uid == "w1" and form["consent"] is True
    assert form["id_number"] == ID and form["district"] == "叶集区"
    assert form["certificate_date"] == "2023-06-01"
    # the form is over: the next message is an ordinary one
    assert bot.on_text("w1", "我的蓝卡").intent == "my_card"


def test_a_worker_with_a_live_card_is_told_at_once(bot, services):
    fill(bot)
    bot.on_text("w1", "确认提交")
    reply = bot.on_text("w1", "申请蓝卡")
    assert reply.intent == "card_apply" and "正在审核中" in reply.text
    assert not bot.card_form_active("w1")


def test_bad_answer_is_re_asked_naming_the_problem(bot):
    bot.on_text("w1", "申请蓝卡")
    bot.on_text("w1", "张三丰")
    reply = bot.on_text("w1", with_wrong_check(ID))
    assert "身份证号校验位不对，请核对最后一位" in reply.text
    assert "请重新输入身份证号" in reply.text and "（2/11）" in reply.text
    reply = bot.on_text("w1", ID)
    assert "已记下 身份证号：" in reply.text and "（3/11）手机号" in reply.text


def test_injection_like_name_is_just_an_invalid_name(bot):
    bot.on_text("w1", "申请蓝卡")
    reply = bot.on_text("w1", "'; DROP TABLE blue_card;--")
    assert reply.intent == "card_form" and "姓名" in reply.text and "（1/11）" in reply.text


def test_back_and_exit(bot, services):
    bot.on_text("w1", "申请蓝卡")
    bot.on_text("w1", "张三丰")
    bot.on_text("w1", ID)
    reply = bot.on_text("w1", "上一步")
    assert "（2/11）身份证号" in reply.text
    reply = bot.on_text("w1", "退出")
    assert reply.intent == "card_cancel" and "没有保存" in reply.text
    assert bot.on_text("w1", "张三丰").intent != "card_form"
    assert services.applied == []


def test_correction_from_the_summary_returns_to_the_summary(bot, services):
    fill(bot)
    reply = bot.on_text("w1", "改手机号")
    assert "手机号" in reply.text and "（3/11）" in reply.text
    reply = bot.on_text("w1", "13700001111")
    assert reply.intent == "card_confirm" and "137****1111" in reply.text
    reply = bot.on_text("w1", "好")
    assert reply.intent == "card_confirm" and "确认提交" in reply.text
    bot.on_text("w1", "确认提交")
    assert services.applied[0][1]["phone"] == "13700001111"


def test_service_refusal_with_field_errors_asks_that_field_again(bot, services):
    fill(bot)
    services.next_outcome = CardApplyOutcome(ok=False, message="x", errors={"phone": "手机号有误"})
    reply = bot.on_text("w1", "确认提交")
    assert "手机号有误" in reply.text and "（3/11）" in reply.text


def test_live_card_conflict_is_said_politely(bot, services):
    fill(bot)
    services.next_outcome = CardApplyOutcome(ok=False, message="这个身份证号已有一张蓝卡")
    reply = bot.on_text("w1", "确认提交")
    assert reply.intent == "card_refused" and "已有一张蓝卡" in reply.text


def test_form_expires_after_thirty_minutes(bot, clock):
    bot.on_text("w1", "申请蓝卡")
    bot.on_text("w1", "张三丰")
    clock.now += 31 * 60
    reply = bot.on_text("w1", ID)
    assert "自动结束" in reply.text and ID not in reply.text


def test_my_card_shows_status_and_applications(bot, services):
    assert "回复「申请蓝卡」" in bot.on_text("w2", "我的蓝卡").text
    services.cards["w2"] = CardView(
        status="rejected",
        status_label="未通过",
        skill_level="技师",
        district="叶集区",
        name_masked="李*",
        reject_reason="证书编号与发证机构记录不符",
    )
    text = bot.on_text("w2", "我的蓝卡").text
    assert "未通过" in text and "证书编号与发证机构记录不符" in text and "李*" in text
    services.cards["w2"] = dataclasses.replace(
        services.cards["w2"],
        status="active",
        status_label="有效",
        card_no="3415042026000001",
        applications=(
            ApplicationView(
                benefit="技师津贴",
                amount_yuan="10000",
                status="submitted",
                status_label="已提交",
                citation="叶政办〔2023〕1号",
                clause="九",
                opened_on="2026-02-20",
            ),
        ),
    )
    text = bot.on_event("w2", "click", "MENU_CARD").text
    assert "3415042026000001" in text and "技师津贴 10000元 · 已提交" in text and "九" in text
    assert "受理于2026-02-20" in text


def test_opt_out_and_in(bot, services):
    assert "已退订" in bot.on_text("w3", "退订").text
    assert services.opted_out == {"w3": True}
    assert "已订阅" in bot.on_text("w3", "订阅").text
    assert services.opted_out == {"w3": False}


def test_without_services_applying_needs_the_online_service(kb_index):
    kb, index = kb_index
    offline = Bot(kb, index, MemoryStore(), today=lambda: TODAY)
    reply = offline.on_text("t", "申请蓝卡")
    assert "联网服务" in reply.text
    assert "联网服务" in offline.on_text("t", "我的蓝卡").text
    assert "不推送政策通知" in offline.on_text("t", "退订").text
    assert offline.on_text("t", "张三丰").intent != "card_form"


def test_policy_question_about_the_blue_card_still_searches(bot):
    reply = bot.on_text("w4", "技工蓝卡是什么制度")
    assert reply.intent == "answer" and "蓝卡" in reply.text


def test_every_field_is_asked():
    assert len(ASKED) == 11


def test_a_question_about_the_blue_card_says_how_to_apply_before_the_clause(bot):
    reply = bot.on_text("oAsk", "怎么申请技工蓝卡")
    first, _, rest = reply.text.partition("\n")
    assert "申请蓝卡" in first and "建立技工“蓝卡”制度" in rest
