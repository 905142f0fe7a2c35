"""Applying for a blue card in the official account, end to end: signed WeChat requests →
callback → real bot → card service → database; then 「我的蓝卡」 shows it pending, and after a
reviewer rejects it, the reason."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

import pytest
from factories import chat
from factories.cards import credit_code, id_number, with_wrong_check
from factories.console import actor_of, make_staff
from sqlalchemy import select

from bluecard.cards import services as cards
from bluecard.extensions import db
from bluecard.models import BlueCard, Follower, MessageLog

pytestmark = pytest.mark.e2e

OPENID = "oCardChatUser"


@pytest.fixture
def real_app(make_app):
    """The real bot (as production builds it, with the service hooks) on the fake knowledge."""
    return make_app()


say = partial(chat.say, openid=OPENID)


def test_apply_in_chat_then_my_card_is_pending_then_rejected_with_reason(real_app, wx):
    person = id_number(birth="19850315")
    assert "（1/11）姓名" in say(real_app, wx, "申请蓝卡")
    assert "（2/11）" in say(real_app, wx, "李四")
    reply = say(real_app, wx, with_wrong_check(person))
    assert "身份证号校验位不对，请核对最后一位" in reply
    answers = [
        person,
        "13912345678",
        "三级",
        "S0000341500002430001",
        "六安市职业技能鉴定中心",
        "2022年9月1日",
        "叶集精工机械有限公司",
        credit_code(),
        "六安市叶集区",
        "341504000111222",
    ]
    for answer in answers:
        reply = say(real_app, wx, answer)
    assert "个人信息处理同意" in reply and "确认提交" in reply
    assert person not in reply and "13912345678" not in reply and "李*" in reply
    reply = say(real_app, wx, "确认提交")
    assert "已提交" in reply and "审核中" in reply

    mine = say(real_app, wx, "我的蓝卡")
    assert "审核中" in mine and "李*" in mine and "高级工" in mine and "叶集区" in mine

    with real_app.app_context():
        card = db.session.execute(select(BlueCard).where(BlueCard.openid == OPENID)).scalar_one()
        assert card.status == "pending" and card.district_code == "341504"
        logged = " ".join(
            q or "" for q in db.session.execute(select(MessageLog.question)).scalars()
        )
        assert person not in logged and "13912345678" not in logged
        cards.review_card(
            card.id, actor_of(make_staff("reviewer")), approve=False, reason="社保卡号与身份证不符"
        )

    mine = say(real_app, wx, "我的蓝卡")
    assert "未通过" in mine and "社保卡号与身份证不符" in mine


def test_menu_click_shows_my_card_and_opt_out_is_stored(real_app, wx):
    response = wx.post(
        real_app.test_client(), wx.event("CLICK", openid="oMenuUser", key="MENU_CARD")
    )
    assert "还没有申请技工蓝卡" in response.reply.findtext("Content")
    assert "已退订" in say(real_app, wx, "退订", openid="oMenuUser")
    with real_app.app_context():
        follower = db.session.execute(
            select(Follower).where(Follower.openid == "oMenuUser")
        ).scalar_one()
        assert follower.opted_out is True
    assert "已订阅" in say(real_app, wx, "订阅", openid="oMenuUser")
    with real_app.app_context():
        assert (
            db.session.execute(
                select(Follower.opted_out).where(Follower.openid == "oMenuUser")
            ).scalar_one()
            is False
        )


def test_a_suspended_card_is_said_in_chat_before_the_form_asks_anything(real_app, wx):
    from factories.cards import valid_form

    with real_app.app_context():
        cards.apply_for_card(OPENID, valid_form())
        card = cards.card_of(OPENID)
        cards.review_card(card.id, actor_of(make_staff("reviewer")), approve=True)
        cards.suspend_card(card.id, actor_of(make_staff("admin")), reason="单位变更待核实")
    reply = say(real_app, wx, "我想申请个蓝卡")
    assert "已暂停使用" in reply and "单位变更待核实" in reply
    assert "（1/11）" not in reply
    # the next message is not taken as a form answer
    assert "（2/11）" not in say(real_app, wx, "张三")


def test_claiming_follow_ups_answer_from_the_districts_guide_page(make_app, real_knowledge, wx):
    app = make_app(knowledge=real_knowledge)
    say(app, wx, "我在叶集", openid="oGuideChat1")
    assert "600元" in say(app, wx, "叶集首席技师每月奖励多少", openid="oGuideChat1")
    reply = say(app, wx, "要带啥材料", openid="oGuideChat1")
    # the link percent-encoded, so WeChat makes all of it tappable
    assert "未规定，请咨询窗口" in reply and "/guides/" + quote("叶集区") in reply


def test_my_card_names_the_number_masked_and_the_message_log_keeps_no_number(real_app, wx):
    """「我的蓝卡」 is a chat message (forwarded, screenshotted): the card number in it is masked
    but its last 4 digits; numbers the worker types (their card number, phone, 身份证号 in any
    grouping) never reach the message log."""
    from factories.ledger import make_card

    with real_app.app_context():
        holder = make_card(None)
    assert holder.card_no
    card_no = holder.card_no

    mine = say(real_app, wx, "我的蓝卡", openid=holder.openid)
    assert f"卡号：{'*' * (len(card_no) - 4)}{card_no[-4:]}" in mine
    assert card_no not in mine and holder.id_number not in mine and holder.phone not in mine

    grouped = " ".join(card_no[i : i + 4] for i in range(0, len(card_no), 4))
    say(real_app, wx, f"我的卡号{card_no}还能用吗", openid=holder.openid)
    say(
        real_app,
        wx,
        f"卡号 {grouped}，手机{holder.phone}，身份证{holder.id_number}，能领补贴吗",
        openid=holder.openid,
    )
    with real_app.app_context():
        logged = [
            q or ""
            for q in db.session.execute(
                select(MessageLog.question).where(MessageLog.openid == holder.openid)
            ).scalars()
        ]
    assert len(logged) == 3 and logged[1].startswith("我的卡号")
    text = "\n".join(logged)
    for secret in (card_no, grouped, holder.phone, holder.id_number, card_no[-8:]):
        assert secret not in text
