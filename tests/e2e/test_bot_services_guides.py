"""The service core's side of the chat's claiming questions: the card form's up-front check
and the district's 申兑指南, as ``bluecard.followers.services.BotServices`` gives them to the bot."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from factories.cards import valid_form
from factories.console import actor_of, make_staff

from bluecard.cards import services as cards
from bluecard.followers.services import BotServices


@pytest.fixture
def app(make_app, echo_bot):
    return make_app(bot=echo_bot, PUBLIC_BASE_URL="https://lanka.example.cn")


def test_the_chat_hears_a_suspended_card_with_its_date_and_reason(app):
    with app.app_context():
        hooks = BotServices()
        assert hooks.card_start("oChatGuide1").can_apply is True
        cards.apply_for_card("oChatGuide1", valid_form())
        pending = hooks.card_start("oChatGuide1")
        assert pending.can_apply is False and pending.code == "card_pending"
        card = cards.card_of("oChatGuide1")
        cards.review_card(card.id, actor_of(make_staff("reviewer")), approve=True)
        cards.suspend_card(card.id, actor_of(make_staff("admin")), reason="劳动合同待核实")
        held = hooks.card_start("oChatGuide1")
    assert held.code == "card_suspended" and held.status == "suspended"
    assert "劳动合同待核实" in (held.message or "") and "年" in (held.message or "")


def test_the_guide_says_what_the_district_set_and_leaves_the_rest_unset(app):
    with app.app_context():
        hooks = BotServices()
        benefit = hooks.benefit_guide("洪泽", "hongze-intro-subsidy")
        whole = hooks.benefit_guide("洪泽区", None)
        elsewhere = hooks.benefit_guide("台儿庄", "hongze-intro-subsidy")
        unknown = hooks.benefit_guide("火星区", None)
    assert benefit is not None and benefit.benefit and benefit.district == "洪泽区"
    assert benefit.where and "高技能人才专项服务窗口" in benefit.where
    assert benefit.phone is None and benefit.materials == ()
    assert benefit.processing_set is False and "60个工作日" in (benefit.processing or "")
    # percent-encoded, so the whole link is tappable in WeChat, and it opens that page
    assert benefit.page_url.endswith("/guides/%E6%B4%AA%E6%B3%BD%E5%8C%BA")
    assert unquote(benefit.page_url).endswith("/guides/洪泽区")
    assert whole is not None and whole.benefit == "" and whole.where
    # another district's benefit: that district's own facts, not the other's
    assert elsewhere is not None and elsewhere.district == "台儿庄区" and elsewhere.benefit == ""
    assert unknown is None
