"""Personal data typed into the chat card form stays in the form: a grouped 身份证号 or phone
asked about is form input (never searched or kept as the dialogue's question), a name said
with a question is not kept either, another person's name or phone never replaces the
worker's, digit groups are read as one number, and free text is echoed masked. Through
``Bot.on_text`` with ``FakeBotServices``; the store is read raw to see what it keeps."""

from __future__ import annotations

from datetime import date

import pytest
from factories.cards import id_number
from factories.chat import kept
from fakes.bot_services import FakeBotServices

from bluecard.notifications.decisions import application_message, card_message
from bot.cardform import (
    CardForm,
    asks_instead,
    display_value,
    fields_in,
    render_application,
    render_card,
)
from bot.dialogue import Bot
from bot.services import ApplicationView, CardView
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)
PERSON = id_number(birth="19900512", area="341502")
PHONE = "13755556666"
IDENTITY = frozenset({"name", "id_number", "phone"})


@pytest.fixture
def bot(kb_index, store):
    kb, index = kb_index
    return Bot(kb, index, store, services=FakeBotServices(), today=lambda: TODAY)


def values_of(store: MemoryStore, uid: str) -> dict:
    """The answers the user's open form holds."""
    return CardForm(store, lambda: TODAY).values(uid)


def to_employer_step(bot, store, uid):
    bot.on_text(uid, "申请技工蓝卡")
    bot.on_text(uid, f"赵立新 {PERSON} {PHONE}")
    for answer in ("高级工", "S000034150000243000555", "六安市职业技能鉴定中心", "2024-05-20"):
        bot.on_text(uid, answer)
    assert values_of(store, uid)["phone"] == PHONE
    return values_of(store, uid)


@pytest.mark.parametrize(
    "message",
    [
        "证件号 341_502_1990_0512 这样写行吗",
        "电话137-5555-6666能用吗",
        "手机号137·5555·6666行不行",
        "我身份证是3415 0219 9005 12 有啥问题",
    ],
)
def test_a_grouped_number_asked_about_is_form_input_not_a_question(message):
    assert not asks_instead(message)


@pytest.mark.parametrize("grouped", ["137-5555-6666", "137_5555_6666", "137·5555·6666"])
def test_a_grouped_phone_with_a_question_is_never_kept_outside_the_form(bot, store, grouped):
    bot.on_text("p1", "申请技工蓝卡")
    bot.on_text("p1", "赵立新")
    bot.on_text("p1", f"身份证号码{PERSON}")
    bot.on_text("p1", f"手机{grouped}可以不")
    bot.on_text("p1", "退出")
    assert not bot.card_form_active("p1")
    assert "5555" not in kept(store) and PERSON[-8:] not in kept(store)


def test_a_name_said_with_a_question_is_answered_but_not_kept(bot, store):
    bot.on_text("p2", "申请技工蓝卡")
    reply = bot.on_text("p2", "我叫欧阳丽华，办这张卡收费吗")
    assert "（1/11）姓名" in reply.text  # answered, then the step again
    assert "欧阳丽华" not in reply.text
    bot.on_text("p2", "退出")
    assert "欧阳丽华" not in kept(store)


def test_someone_elses_phone_at_the_employer_step_leaves_the_workers(bot, store):
    to_employer_step(bot, store, "p3")
    reply = bot.on_text("p3", "六安华兴家具厂，法人手机13900001111")
    values = values_of(store, "p3")
    assert values["phone"] == PHONE and values["name"] == "赵立新"
    assert values["employer_name"] == "六安华兴家具厂"
    assert "13900001111" not in reply.text


def test_a_boss_named_with_a_phone_changes_nothing_of_the_worker(bot, store):
    to_employer_step(bot, store, "p4")
    bot.on_text("p4", "六安华兴家具厂")
    bot.on_text("p4", "经理李大伟 电话139 0000 1111")
    values = values_of(store, "p4")
    assert values["phone"] == PHONE and values["name"] == "赵立新"


def test_a_refused_landline_keeps_the_stored_phone(bot, store):
    to_employer_step(bot, store, "p5")
    reply = bot.on_text("p5", "六安华兴家具厂，电话0564-3334444")
    values = values_of(store, "p5")
    assert values["phone"] == PHONE
    assert "0564-3334444" not in reply.text


def test_the_worker_may_still_change_their_phone_saying_it_is_theirs():
    got = fields_in("我的手机号是13900001111", "employer_name", TODAY, IDENTITY)
    assert got.get("phone") == "13900001111"
    # by shape alone, at another step, a stored phone is not replaced
    assert "phone" not in fields_in("13900001111", "employer_name", TODAY, IDENTITY)
    # at its own step it is the answer
    assert fields_in("139 0000 1111", "phone", TODAY, IDENTITY) == {"phone": "13900001111"}


def test_an_id_number_in_digit_groups_is_read_as_one_and_not_kept_with_the_employer(bot, store):
    to_employer_step(bot, store, "p6")
    grouped = " ".join((PERSON[:4], PERSON[4:8], PERSON[8:12], PERSON[12:16], PERSON[16:]))
    reply = bot.on_text("p6", f"六安华兴家具厂 {grouped}")
    values = values_of(store, "p6")
    assert values["employer_name"] == "六安华兴家具厂"
    assert values["id_number"] == PERSON
    assert PERSON not in reply.text and grouped not in reply.text


def test_a_number_alone_at_a_free_text_step_is_asked_again(bot, store):
    to_employer_step(bot, store, "p7")
    reply = bot.on_text("p7", "联系人 139-0000-1111")
    assert "（8/11）工作单位" in reply.text and "号码" in reply.text
    assert "employer_name" not in values_of(store, "p7")


def test_free_text_is_echoed_with_numbers_masked():
    shown = display_value("employer_name", f"六安华兴家具厂{PERSON}")
    assert PERSON not in shown and shown.endswith(PERSON[-4:])
    assert display_value("certificate_no", "S000034150000243000555") == "S000034150000243000555"


def test_a_reason_typed_by_staff_goes_out_with_numbers_masked():
    reason = f"证书与身份证{PERSON}不符，请联系137-5555-6666"
    for _title, text in (
        card_message(approved=False, card_no=None, reason=reason),
        application_message("rejected", benefit="技师津贴", amount_yuan=10000, reason=reason),
    ):
        assert PERSON not in text and "5555" not in text and PERSON[-4:] in text
    assert "未说明" in card_message(approved=False, card_no=None, reason=None)[1]
    card = CardView(
        status="rejected",
        status_label="未通过",
        skill_level="技师",
        district="叶集区",
        name_masked="赵*新",
        reject_reason=reason,
    )
    app = ApplicationView(
        benefit="技师津贴",
        amount_yuan="10000",
        status="rejected",
        status_label="已驳回",
        reject_reason=reason,
    )
    for text in (render_card(card), render_application(1, app)):
        assert "证书与身份证" in text and PERSON not in text and "5555" not in text
