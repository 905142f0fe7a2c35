"""The blue-card form through the signed (AES) WeChat callback, on the real knowledge base and
the card service: a worker types name and 身份证号 in one message, asks what the card is for in
the middle, finishes; the number is never echoed nor kept in the message log."""

from __future__ import annotations

from functools import partial

import pytest
from factories import chat
from factories.cards import credit_code, id_number, with_wrong_check
from sqlalchemy import select

from bluecard.extensions import db
from bluecard.models import BlueCard, MessageLog

pytestmark = pytest.mark.e2e

OPENID = "oCardSeveralFields"


say = partial(chat.say, openid=OPENID)


def test_name_and_id_together_a_question_between_then_submitted(real_app, wx):
    person = id_number(birth="19920714", area="341504")
    assert "（1/11）姓名" in say(real_app, wx, "我要办技工蓝卡")

    refused = say(real_app, wx, f"郑雨桐，身份证{with_wrong_check(person)}")
    assert "姓名：郑*桐" in refused and "身份证号校验位不对" in refused
    assert "（2/11）身份证号" in refused and with_wrong_check(person) not in refused

    kept = say(real_app, wx, f"身份证号{person}，手机15899990000")
    assert "（4/11）技能等级" in kept and person not in kept and "15899990000" not in kept

    aside = say(real_app, wx, "这卡拿到手能干嘛")
    assert "社会保险" in aside and "（4/11）技能等级" in aside
    assert "回复「申请蓝卡」即可" not in aside

    for answer in (
        "高级工",
        "S0000341500001234",
        "六安市职业技能鉴定中心",
        "2023年11月2日",
        "叶集木器有限公司",
        credit_code(),
        "叶集",
        "341504000333444",
    ):
        reply = say(real_app, wx, answer)
    assert "请核对你的蓝卡申请" in reply and "郑*桐" in reply
    assert "已提交" in say(real_app, wx, "确认提交")

    with real_app.app_context():
        card = db.session.execute(select(BlueCard).where(BlueCard.openid == OPENID)).scalar_one()
        assert card.status == "pending" and card.skill_level == "高级工"
        logged = " ".join(
            q or ""
            for q in db.session.execute(
                select(MessageLog.question).where(MessageLog.openid == OPENID)
            ).scalars()
        )
        assert person not in logged and with_wrong_check(person) not in logged
        assert "15899990000" not in logged and "郑雨桐" not in logged
