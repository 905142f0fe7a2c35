"""A 身份证号, phone or 社保卡号 typed with no form open: checked, never searched, never kept."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import kept
from fakes.bot_services import FakeBotServices

from bot.dialogue import Bot
from bot.personal_numbers import numbers_typed
from policy_kb.identifiers import id_check_char

TODAY = date(2026, 3, 1)
FIRST17 = "34150219880915302"
VALID_ID = FIRST17 + id_check_char(FIRST17)
WRONG_ID = FIRST17 + ("1" if id_check_char(FIRST17) != "1" else "2")


def _spaced(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


@pytest.mark.parametrize(
    ("text", "kind", "passes"),
    [
        (f"本人身份证号码：{VALID_ID}", "id_number", True),
        (f"身份证 {_spaced(WRONG_ID)}", "id_number", False),
        (f"{WRONG_ID}", "id_number", False),
        (f"我身份证号{VALID_ID[:16]}", "id_number", False),  # two digits short
        ("我的手机是 137-2468-1359", "phone", True),
        ("手机号12345678901", "phone", False),
        ("社保卡号 B20031578", "social_security_no", True),
    ],
)
def test_a_personal_number_is_recognised_and_checked(text, kind, passes):
    typed = numbers_typed(text, TODAY)
    assert typed is not None
    assert [n.kind for n in typed.numbers] == [kind]
    assert (typed.numbers[0].problem is None) is passes


@pytest.mark.parametrize(
    "text",
    [
        "身份证号18位吗",
        "社保交了12个月能申请吗",
        "身份证丢了还能办蓝卡吗",
        "2023年考的技师证，奖励10000元什么时候发",
        "统一社会信用代码913415027654321098怎么填",
    ],
)
def test_a_message_without_such_a_number_is_left_alone(text):
    assert numbers_typed(text, TODAY) is None


@pytest.fixture
def bot(kb_index, store):
    kb, index = kb_index
    return Bot(kb, index, store, services=FakeBotServices(), today=lambda: TODAY)


def test_a_wrong_id_after_asking_how_to_apply_is_said_to_fail_its_check(bot, store):
    bot.on_text("w1", "蓝卡怎么办理")
    reply = bot.on_text("w1", f"我的身份证号是{WRONG_ID}")
    assert "身份证号校验不通过，请核对" in reply.text
    assert "「申请蓝卡」" in reply.text
    assert "没有找到答案" not in reply.text
    assert reply.intent == "personal_number" and reply.step == "personal_number"
    assert FIRST17[6:14] not in kept(store)  # not even the birth date


def test_a_valid_id_is_taken_only_in_the_form(bot, store):
    reply = bot.on_text("w2", f"身份证：{_spaced(VALID_ID)}")
    assert "只在申请技工蓝卡的表单里填写" in reply.text and "「申请蓝卡」" in reply.text
    assert "校验不通过" not in reply.text
    assert VALID_ID[6:14] not in kept(store)
    # the form is not started, and the next message is not read as that number's follow-up
    assert not bot.card_form_active("w2")
    assert "技工蓝卡" in bot.on_text("w2", "申请蓝卡").text


def test_a_question_typed_with_a_number_is_answered_without_it(bot, store):
    reply = bot.on_text("w3", f"我身份证{VALID_ID}，技工蓝卡是干什么的")
    assert reply.text.startswith("身份证号只在申请技工蓝卡的表单里填写")
    assert "社会保障卡" in reply.text  # the 技工蓝卡 clause, searched without the number
    assert reply.step == "personal_number"  # the message log keeps a marker, never the text
    assert VALID_ID[6:14] not in kept(store)


def test_a_phone_outside_the_form_is_not_searched(bot):
    reply = bot.on_text("w4", "我手机 137 2468 1359")
    assert "手机号只在申请技工蓝卡的表单里填写" in reply.text
    assert "「手机号改为」" in reply.text


def test_an_id_typed_in_the_form_is_still_the_form_s(bot):
    bot.on_text("w5", "申请蓝卡")
    bot.on_text("w5", "王建国")
    reply = bot.on_text("w5", f"身份证号{WRONG_ID}")
    assert reply.intent == "card_form" and "校验位" in reply.text
