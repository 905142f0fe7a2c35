"""A card holder changes the mobile number on their 技工蓝卡 in the official account: signed
WeChat requests → callback → real bot → card service → database. The number is stored
encrypted, shown masked, and kept out of the message log and the audit log."""

from __future__ import annotations

from functools import partial

import pytest
from factories import chat
from factories.cards import valid_form
from sqlalchemy import select

from bluecard.cards import services as cards
from bluecard.extensions import db
from bluecard.models import AuditLog, BlueCard, MessageLog
from bluecard.runtime import current_runtime

pytestmark = pytest.mark.e2e

HOLDER = "oPhoneChanger"


@pytest.fixture
def real_app(make_app):
    return make_app()


say = partial(chat.say, openid=HOLDER)


def test_a_holder_changes_the_number_and_it_is_stored_encrypted_and_logged_masked(real_app, wx):
    with real_app.app_context():
        cards.apply_for_card(HOLDER, valid_form(phone="13812345678"))

    reply = say(real_app, wx, "我的手机换成 139 2468 1357 了")
    assert "已把你技工蓝卡上登记的手机号改为 139****1357" in reply
    assert "13924681357" not in reply

    with real_app.app_context():
        card = db.session.execute(select(BlueCard).where(BlueCard.openid == HOLDER)).scalar_one()
        assert current_runtime().cipher.decrypt(card.phone_enc) == "13924681357"
        assert cards.get_card(card.id).phone_masked == "139****1357"
        logged = " ".join(
            q or "" for q in db.session.execute(select(MessageLog.question)).scalars()
        )
        assert "2468" not in logged and "1357" not in logged
        audit = db.session.execute(
            select(AuditLog).where(AuditLog.action == "card.phone_change")
        ).scalar_one()
        assert "13924681357" not in str(audit.detail) and HOLDER not in audit.actor

    again = say(real_app, wx, "手机号改为13924681357")
    assert "手机号没有改" in again and "已经是这个手机号" in again


def test_a_bad_number_is_refused_with_why_and_how_to_resend(real_app, wx):
    with real_app.app_context():
        cards.apply_for_card(HOLDER, valid_form(phone="13812345678"))
    reply = say(real_app, wx, "手机号改为 1392468135")
    assert "手机号没有改" in reply and "11位" in reply and "请重新发「手机号改为」" in reply
    with real_app.app_context():
        card = db.session.execute(select(BlueCard).where(BlueCard.openid == HOLDER)).scalar_one()
        assert current_runtime().cipher.decrypt(card.phone_enc) == "13812345678"


def test_without_a_number_the_bot_says_how_and_without_a_card_why_not(real_app, wx):
    assert "请直接发「手机号改为」加新号码" in say(real_app, wx, "我换号了")
    reply = say(real_app, wx, "手机号改为13924681357", openid="oNoCardYet")
    assert "还没有审核中或有效的技工蓝卡" in reply
