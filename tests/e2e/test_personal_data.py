"""No typed personal value in plaintext: after a blue-card application in chat, typed with
spaces and dashes and full-width digits, no table (outside the encrypted fields) and no log
line holds the name, the 身份证号, the phone or the 社保卡号 as typed or normalised. Free-text
questions are redacted in any grouping."""

from __future__ import annotations

import logging
import re
from functools import partial

import pytest
from factories import chat
from factories.cards import credit_code, id_number
from sqlalchemy import JSON, String, Text, select

from bluecard.extensions import db
from bluecard.models import Base, BlueCard, MessageLog
from bluecard.privacy import REDACTED, redact

pytestmark = pytest.mark.e2e

OPENID = "oPrivacyUser01"
NAME = "欧阳秀英"
PHONE = "13987654321"
SOCIAL = "341504198807154"
BANK_CARD = "6222 0213 5790 2468 135"


_say = partial(chat.say, openid=OPENID)


def _spaced(value: str, group: int = 4) -> str:
    return " ".join(value[i : i + group] for i in range(0, len(value), group))


def _full_width(value: str) -> str:
    return value.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})


def _plaintext_of_every_table() -> str:
    """Every text, string and JSON column of every table, except the *_enc ciphertexts."""
    parts: list[str] = []
    for table in Base.metadata.sorted_tables:
        columns = [
            c
            for c in table.columns
            if isinstance(c.type, String | Text | JSON) and not c.name.endswith("_enc")
        ]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)).all():
            parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def _variants(value: str) -> set[str]:
    digits = re.sub(r"\D", "", value)
    found = {value, _spaced(value), _full_width(value)}
    if len(digits) >= 7:
        found |= {digits[i : i + 7] for i in range(0, len(digits) - 6)}  # any 7-digit slice
    return found


def test_chat_card_application_leaves_no_plaintext_anywhere(real_app, wx, caplog):
    caplog.set_level(logging.DEBUG)
    person = id_number(birth="19900419")
    typed_id = _spaced(person)  # 「3415 0419 9004 1912 3X」
    typed_phone = "139-8765-4321"
    typed_social = _full_width(_spaced(SOCIAL, 3))
    assert "（1/11）" in _say(real_app, wx, "申请蓝卡")
    for answer in (
        NAME,
        typed_id,
        typed_phone,
        "三级",
        "S0000341500002430099",
        "六安市职业技能鉴定中心",
        "2022年9月1日",
        "叶集精工机械有限公司",
        credit_code(),
        "六安市叶集区",
        typed_social,
    ):
        reply = _say(real_app, wx, answer)
    assert "确认提交" in reply
    assert "已提交" in _say(real_app, wx, "确认提交")
    # A phone and a 身份证号 typed outside the form, with a question: the question is answered
    # and the log keeps a marker of the message, none of its text.
    _say(real_app, wx, f"我手机 {_full_width('138 0000 1111')} 身份证 {typed_id} 能申请补贴吗")
    # A free-text question with another long number in odd groupings is kept, redacted.
    _say(real_app, wx, f"银行卡 {_full_width(BANK_CARD)} 能收补贴吗")

    with real_app.app_context():
        card = db.session.execute(select(BlueCard).where(BlueCard.openid == OPENID)).scalar_one()
        assert card.status == "pending"  # the application went through
        stored = _plaintext_of_every_table()
        logged_questions = [
            q
            for q in db.session.execute(
                select(MessageLog.question)
                .where(MessageLog.openid == OPENID)
                .order_by(MessageLog.id)
            ).scalars()
        ]
    log_text = "\n".join(r.getMessage() for r in caplog.records)
    secrets = {NAME, person, PHONE, SOCIAL, "13800001111", BANK_CARD.replace(" ", "")}
    for secret in secrets:
        for variant in _variants(secret):
            assert variant not in stored, f"{variant!r} is stored in plaintext"
            assert variant not in log_text, f"{variant!r} is in a log line"
    # Each form answer is logged as the field it answered, never its value.
    for step in ("name", "id_number", "phone", "social_security_no"):
        assert f"〔表单：{step}〕" in logged_questions
    assert "〔表单：confirm〕" in logged_questions  # 「确认提交」 at the summary
    assert logged_questions[-2] == "〔表单：personal_number〕"
    question = logged_questions[-1]
    assert question.startswith("银行卡 ") and question.count(REDACTED) == 1


def test_an_id_typed_outside_the_form_is_checked_and_never_stored_nor_logged(real_app, wx, caplog):
    caplog.set_level(logging.DEBUG)
    person = id_number(birth="19870623")
    wrong = person[:17] + ("0" if person[17] != "0" else "1")  # the check digit wrong
    _say(real_app, wx, "蓝卡在哪申请")
    reply = _say(real_app, wx, f"我的身份证号是 {_spaced(wrong)}")
    assert "身份证号校验不通过，请核对" in reply and "「申请蓝卡」" in reply
    assert "没有找到答案" not in reply
    reply = _say(real_app, wx, f"身份证{person}")
    assert "只在申请技工蓝卡的表单里填写" in reply
    with real_app.app_context():
        rows = (
            db.session.execute(
                select(MessageLog.question)
                .where(MessageLog.openid == OPENID)
                .order_by(MessageLog.id)
            )
            .scalars()
            .all()
        )
        stored = _plaintext_of_every_table()
    assert rows[-2:] == ["〔表单：personal_number〕", "〔表单：personal_number〕"]
    assert not re.search(r"\d", "".join(rows[-2:]))  # not one digit of either number
    log_text = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (person, wrong):
        for variant in _variants(secret):
            assert variant not in stored, f"{variant!r} is stored in plaintext"
            assert variant not in log_text, f"{variant!r} is in a log line"


@pytest.mark.parametrize(
    "typed",
    [
        "3415 0419 9005 1230 11",
        "3415-0419-9005-1230-1X",
        "341504 19900512 301X",
        "１３８　１２３４　５６７８",
        "138.1234.5678",
        "6222 0212 3456 7890 123",
        "3415０４１９９００５１２３０１１",
        "341 504 198 807 154",
    ],
)
def test_redaction_catches_numbers_in_any_grouping(typed):
    assert redact(f"号码是{typed}，谢谢") == f"号码是{REDACTED}，谢谢"


@pytest.mark.parametrize("kept", ["2021-01-01", "补贴10000元", "第三条（二）2", "2024年12月31日"])
def test_redaction_keeps_dates_and_amounts(kept):
    assert redact(kept) == kept


def test_log_lines_are_redacted(real_app, caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("bluecard.test").info("user typed %s", "3415 0419 9005 1230 11")
    assert caplog.records[-1].getMessage() == f"user typed {REDACTED}"


def test_a_name_searched_for_never_reaches_the_access_log(real_app, caplog):
    """werkzeug's request line of a card search keeps its path but not what was searched
    (a name is no number, so the search paths' ``q`` goes whole); other arguments stay."""
    caplog.set_level(logging.INFO)
    access = logging.getLogger("werkzeug")
    for line in (
        "GET /console/search?q=%E7%8E%8B%E5%BB%BA%E5%9B%BD HTTP/1.1",
        "GET /console/search?q=王建国 HTTP/1.1",
        "GET /api/v1/staff/cards?limit=5&q=%E7%8E%8B%E5%BB%BA%E5%9B%BD HTTP/1.1",
    ):
        access.info('%s - - [%s] "%s" %s %s', "127.0.0.1", "01/Dec/2026 10:00:00", line, 200, "-")
        logged = caplog.records[-1].getMessage()
        assert "王建国" not in logged and "%E7%8E%8B" not in logged
        assert f"q={REDACTED}" in logged and '" 200 -' in logged
    access.info('"%s" %s', "GET /console/applications?status=approved HTTP/1.1", 200)
    assert "status=approved" in caplog.records[-1].getMessage()


class _FailingBot:
    """A bot that fails on every message, as a bug inside the card form would."""

    def on_text(self, user_id: str, text: str) -> object:
        raise RuntimeError("bug in a form step")

    def on_event(self, user_id: str, event: str, key: str | None = None) -> object:
        raise RuntimeError("bug in a form step")


def test_a_message_the_bot_failed_on_is_not_kept_in_the_message_log(make_app, wx):
    app = make_app(bot=_FailingBot())
    reply = _say(app, wx, f"{NAME} 安徽省六安市叶集区平岗街道88号")
    assert "抱歉" in reply or "出错" in reply or "稍后" in reply  # an apology, not a failure
    with app.app_context():
        logged = (
            db.session.execute(select(MessageLog.question).where(MessageLog.openid == OPENID))
            .scalars()
            .all()
        )
    assert logged and all(NAME not in q and "平岗街道" not in q for q in logged)
