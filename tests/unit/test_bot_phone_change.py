"""Which messages change the card's phone number, and which only mention a phone."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import kept
from fakes.bot_services import FakeBotServices

from bot.dialogue import Bot
from bot.intents import classify, normalize, phone_in
from bot.services import CardView
from bot.store import MemoryStore


@pytest.mark.parametrize(
    "text",
    [
        "手机号改为13924681357",
        "我的手机换成 139 2468 1357 了",
        "电话号码变更一下",
        "改一下我的手机号",
        "换号了",
        "联系电话改成 +86 139-2468-1357",
    ],
)
def test_a_phone_change_is_recognised(text):
    assert classify(normalize(text)) == "phone_change"


@pytest.mark.parametrize(
    "text",
    [
        "换了手机号蓝卡还能用吗",
        "申请蓝卡要填手机号吗",
        "高技能人才服务窗口电话多少",
        "我在叶集区一家民营企业上班，手机号换了以后，之前考的技师证奖励还能不能申请到",
    ],
)
def test_a_question_mentioning_a_phone_is_not_a_change(text):
    assert classify(normalize(text)) != "phone_change"


def test_the_number_is_read_as_typed():
    assert phone_in("联系电话改成 +86 139-2468-1357") == "+86 139-2468-1357"
    assert phone_in("改一下我的手机号") is None


@pytest.fixture
def bot(kb_index, store):
    kb, index = kb_index
    services = FakeBotServices()
    services.cards["u1"] = CardView(
        status="active",
        status_label="有效",
        skill_level="技师",
        district="叶集区",
        name_masked="张*",
    )
    return Bot(kb, index, store, services=services, today=lambda: date(2026, 3, 1))


def test_a_holder_in_the_questionnaire_changes_the_number_and_the_store_keeps_none_of_it(
    bot, store
):
    bot.on_text("u1", "帮我算算能领哪些补贴")
    reply = bot.on_text("u1", "手机号改为 139 2468 1357")
    assert "改为 139****1357" in reply.text
    assert "2468" not in kept(store)


def test_without_services_the_chat_says_the_card_needs_the_service(kb_index):
    kb, index = kb_index
    reply = Bot(kb, index, MemoryStore()).on_text("u2", "手机号改为13924681357")
    assert "需要联网服务" in reply.text
