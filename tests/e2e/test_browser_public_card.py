"""The page a card's QR code opens, in a real headless Chromium at phone width (375 px), as
the worker (or whoever scans the card) reads it: the verdict (有效 / 已暂停 / 无效) first,
the holder's name masked, the level and district, the Chinese wording whole — nothing
clipped, no sideways scrolling — and nothing else of the card."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from factories.browser import PHONE, screenshot, served, wait_text
from factories.cards import valid_form
from factories.console import actor_of, make_staff
from selenium.webdriver.common.by import By

from bluecard.cards import services as cards

pytestmark = pytest.mark.e2e

NAME, PHONE_NO = "欧阳秀英", "13812345678"


def _card(app, openid: str) -> tuple[int, dict[str, str]]:
    """An approved card of a new person (``valid_form``: a new 身份证号 each call)."""
    form = valid_form(name=NAME, phone=PHONE_NO, skill_level="高级技师")
    with app.app_context():
        card = cards.apply_for_card(openid, form)
        cards.review_card(card.id, actor_of(make_staff("reviewer")), approve=True)
        return card.id, form


def _reads_whole(driver) -> None:
    """No sideways scrolling, and no text cut at its box's edge or the screen's."""
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= PHONE.width, f"the page is {width}px wide on a {PHONE.width}px phone"
    clipped = driver.execute_script(
        """
        return [...document.querySelectorAll('h1, p, dt, dd')].filter(e => {
            const r = e.getBoundingClientRect();
            return e.scrollWidth > e.clientWidth + 1 || r.right > window.innerWidth
                || r.left < 0;
        }).map(e => e.textContent);
        """
    )
    assert clipped == []


def _text(driver, css: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def test_the_card_page_reads_whole_on_a_phone(app, browsers):
    active, form = _card(app, "oCardPage1")
    suspended, _ = _card(app, "oCardPage2")
    with app.app_context():
        valid_url = cards.dynamic_code("oCardPage1").url
        revoked_token = cards.static_code(active, actor_of(make_staff("clerk"))).token
        suspended_token = cards.static_code(suspended, actor_of(make_staff("clerk"))).token
        cards.suspend_card(suspended, actor_of(make_staff("admin")), reason="单位变更待核实")

    phone = browsers(PHONE)
    with served(app) as base:
        phone.get(base + urlsplit(valid_url).path)
        wait_text(phone, "有效", ".verdict")
        assert phone.title == "技工蓝卡核验"
        shown = _text(phone, "main")
        for words in (
            "技工蓝卡核验",
            "持卡人",
            "欧**英",
            "技能等级",
            "高级技师",
            "所在地区",
            "叶集区",
        ):
            assert words in shown
        for secret in (NAME, form["id_number"], PHONE_NO, form["social_security_no"]):
            assert secret not in phone.page_source
        _reads_whole(phone)
        screenshot(phone, "public-card-valid")

        phone.get(f"{base}/c/{suspended_token}")
        wait_text(phone, "已暂停", ".verdict")
        assert "欧**英" not in _text(phone, "main")
        _reads_whole(phone)
        screenshot(phone, "public-card-suspended")

        with app.app_context():
            cards.revoke_card(active, actor_of(make_staff("reviewer")), reason="离开本区")
        phone.get(f"{base}/c/{revoked_token}")
        wait_text(phone, "无效", ".verdict")
        assert "此卡已注销" in _text(phone, "main") and "欧**英" not in _text(phone, "main")
        _reads_whole(phone)
        screenshot(phone, "public-card-revoked")
