"""Issue 12 in a real headless Chromium, as each role works: a reviewer's first page shows the
overdue application first, marked; a window clerk 受理s a benefit by checking its 申兑指南
checklist item by item (the page will not open it before); a reviewer suspends a card and a
clerk scanning it sees 已暂停 with no benefits. Screenshots go to BROWSER_SHOTS_DIR when set
(to look at the pages as a clerk would)."""

from __future__ import annotations

import pytest
from factories.browser import WAIT_SECONDS, login, logout, screenshot, wait_text
from factories.console import (
    CHIEF_RULE,
    WINDOW,
    active_card,
    actor_of,
    checklist,
    make_staff,
    open_backdated,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from bluecard.cards import services as cards
from bluecard.extensions import db
from bluecard.ledger import services as ledger
from bluecard.models import AuditLog

pytestmark = pytest.mark.e2e


def test_overdue_first_checklist_at_intake_and_a_suspended_card_scanned(app, server, driver):
    with app.app_context():
        clerk = make_staff("clerk")
        reviewer = make_staff("reviewer")
        opener = actor_of(make_staff("clerk"))
        # Two applications waiting for a decision: one opened today, one opened 150 days
        # ago (its 60 working days long past), listed after it by id.
        fresh = ledger.open_application(active_card().id, CHIEF_RULE, opener, confirmed=checklist())
        late = open_backdated(active_card().id, opener, days_ago=150)
        walk_in = active_card()
        db.session.remove()

    # The reviewer's first page: the overdue application at the top, marked.
    login(driver, server, reviewer.username, shows="审核员")
    section = WebDriverWait(driver, WAIT_SECONDS).until(
        ec.presence_of_element_located((By.ID, "section-to_decide"))
    )
    assert "待审批的补贴申请（2）" in section.text
    rows = section.find_elements(By.CSS_SELECTOR, "tr.application")
    assert [r.get_attribute("data-app") for r in rows] == [str(late.id), str(fresh.id)]
    assert "已超期" in rows[0].find_element(By.CSS_SELECTOR, "td.due").text
    assert "剩 60 个工作日" in rows[1].find_element(By.CSS_SELECTOR, "td.due").text
    assert driver.find_element(By.CSS_SELECTOR, "#overdue-count .count").text == "1"
    submitted = driver.find_element(By.CSS_SELECTOR, '#counts li[data-status="submitted"]')
    assert "2" in submitted.text
    screenshot(driver, "office-1-reviewer-dashboard-overdue-first")
    logout(driver)

    # A clerk 受理s the walk-in worker's benefit through its checklist.
    login(driver, server, clerk.username, WINDOW)
    wait_text(driver, "办理中的补贴申请（2）", "#section-in_progress")
    driver.get(f"{server}/console/cards/{walk_in.id}")
    driver.find_element(
        By.CSS_SELECTOR, f'tr.benefit[data-rule="{CHIEF_RULE}"] .open-application'
    ).click()
    WebDriverWait(driver, WAIT_SECONDS).until(ec.presence_of_element_located((By.ID, "checklist")))
    guide = driver.find_element(By.ID, f"guide-{CHIEF_RULE}").text
    assert "对获得“六安市首席技师”称号的首席技师在聘任期内给予每人每月600元奖励" in guide
    assert "60个工作日" in driver.find_element(By.ID, "guide-time").text
    assert "未规定，请咨询窗口" in driver.find_element(By.ID, "guide-phone").text
    boxes = driver.find_elements(By.CSS_SELECTOR, "input.check-item")
    assert len(boxes) == 2
    # One item left unchecked: the page does not open the application.
    boxes[0].click()
    driver.find_element(By.ID, "confirm-intake").click()
    assert driver.find_elements(By.ID, "checklist")
    assert driver.execute_script("return arguments[0].validity.valueMissing", boxes[1])
    screenshot(driver, "office-2-clerk-checklist")
    boxes[1].click()
    driver.find_element(By.ID, "confirm-intake").click()
    wait_text(driver, "已受理申请")
    flash = driver.find_element(By.CSS_SELECTOR, ".flash.success").text
    assert "办理时限 60 个工作日" in flash
    row = driver.find_element(By.CSS_SELECTOR, "tr.application")
    assert "60 个工作日" in row.find_element(By.CSS_SELECTOR, "td.due").text
    screenshot(driver, "office-3-clerk-opened")
    with app.app_context():
        opened = db.session.execute(
            select(AuditLog)
            .where(AuditLog.action == "application.open", AuditLog.staff_id == clerk.id)
            .order_by(AuditLog.id.desc())
        ).scalar()
        assert opened is not None and opened.window == WINDOW
        assert len(opened.detail["checklist"]) == 2
        code = cards.static_code(walk_in.id, actor_of(clerk))
        db.session.remove()
    logout(driver)

    # The reviewer suspends the card, with a reason.
    login(driver, server, reviewer.username, shows="审核员")
    driver.get(f"{server}/console/cards/{walk_in.id}")
    driver.find_element(By.ID, "suspend-reason").send_keys("社保缴纳情况核查中")
    driver.find_element(By.ID, "suspend").click()
    wait_text(driver, "此卡已暂停使用", "#suspended")
    logout(driver)

    # The clerk scans the card's printed code: 已暂停, why, and no benefit to 受理.
    login(driver, server, clerk.username, WINDOW)
    driver.find_element(By.LINK_TEXT, "扫码").click()
    WebDriverWait(driver, WAIT_SECONDS).until(ec.presence_of_element_located((By.ID, "code")))
    driver.switch_to.active_element.send_keys(code.url + Keys.ENTER)
    wait_text(driver, "此卡已暂停使用（静态码）")
    assert driver.find_element(By.ID, "card-status").text == "已暂停"
    assert "社保缴纳情况核查中" in driver.find_element(By.ID, "suspended").text
    assert not driver.find_elements(By.CSS_SELECTOR, ".open-application")
    assert "不能受理补贴申请" in driver.find_element(By.ID, "benefits").text
    screenshot(driver, "office-4-suspended-card-scanned")
    # The worker's phone, opening the same code, is told it is suspended.
    driver.get(f"{server}/c/{code.token}")
    wait_text(driver, "此卡已暂停使用")
    screenshot(driver, "office-5-public-page-suspended")
