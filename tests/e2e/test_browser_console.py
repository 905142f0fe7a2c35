"""The console end to end in a real headless Chromium (Debian's chromium + chromedriver,
driven by selenium) against the app served over HTTP on a local port.

A worker with a stored profile (六安市首席技师 → 600 yuan a month under 叶集区 六) has applied
for a card. A reviewer logs in through the form and approves it; a clerk logs in at a window,
types the worker's dynamic QR URL into the scan box and presses Enter (what a USB scanner in
keyboard-wedge mode does), sees the masked card and the benefit the engine found, opens an
application; a second window trying the same benefit is told why not; the reviewer approves
the application. Only what is on the screen is asserted."""

from __future__ import annotations

import pytest
from factories.browser import WAIT_SECONDS, login, logout, wait_text
from factories.console import CHIEF_PROFILE, make_staff, pending_card
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from bluecard.cards import services as cards
from bluecard.extensions import db

pytestmark = pytest.mark.e2e


def test_review_scan_open_and_approve_in_chromium(app, server, driver):
    with app.app_context():
        reviewer = make_staff("reviewer")
        clerk = make_staff("clerk")
        card = pending_card(CHIEF_PROFILE)
        db.session.remove()

    # A reviewer logs in through the form and approves the pending card.
    login(driver, server, reviewer.username, "叶集区政务服务中心 审核室")
    driver.find_element(By.LINK_TEXT, "蓝卡审核").click()
    row = WebDriverWait(driver, WAIT_SECONDS).until(
        ec.presence_of_element_located((By.ID, f"pending-{card.id}"))
    )
    assert "王*国" in row.text and "技师" in row.text
    row.find_element(By.CSS_SELECTOR, "button.approve").click()
    wait_text(driver, "已批准，卡号")
    assert "没有待审核的蓝卡申请" in driver.find_element(By.TAG_NAME, "main").text
    logout(driver)

    with app.app_context():
        issued = cards.get_card(card.id)
        code = cards.dynamic_code(card.openid)  # what the worker's phone shows
        db.session.remove()
    assert issued.status == "active"

    # A clerk at window 3 scans it: the scanner types the URL into the focused box + Enter.
    login(driver, server, clerk.username, "叶集区政务服务中心 3号窗口")
    driver.find_element(By.LINK_TEXT, "扫码").click()
    WebDriverWait(driver, WAIT_SECONDS).until(ec.presence_of_element_located((By.ID, "code")))
    focused = driver.switch_to.active_element
    assert focused.get_attribute("id") == "code"  # no click needed before scanning
    focused.send_keys(code.url + Keys.ENTER)
    wait_text(driver, "扫码成功（动态码）")
    assert driver.find_element(By.ID, "holder-name").text == "王*国"
    page = driver.find_element(By.TAG_NAME, "main").text
    assert issued.card_no in page and "王建国" not in page
    assert driver.find_element(By.ID, "skill-level").text == "技师"
    assert driver.find_element(By.ID, "district").text == "叶集区"
    assert "叶集精工机械有限公司" in driver.find_element(By.ID, "employments").text
    benefit = driver.find_element(
        By.CSS_SELECTOR, 'tr.benefit[data-rule="yeji-chief-technician-allowance"]'
    )
    assert "六安市首席技师聘任期内每月奖励" in benefit.text
    assert benefit.find_element(By.CSS_SELECTOR, "td.amount").text == "600"

    # 受理: the clerk opens the benefit's checklist, in two windows at once (two tabs of the
    # same session, as two windows of one office would).
    driver.find_element(
        By.CSS_SELECTOR, 'tr.benefit[data-rule="yeji-chief-technician-allowance"] .open-application'
    ).click()
    WebDriverWait(driver, WAIT_SECONDS).until(ec.presence_of_element_located((By.ID, "checklist")))
    first_tab = driver.current_window_handle
    intake_url = driver.current_url
    driver.switch_to.new_window("tab")
    driver.get(intake_url)
    second_tab = driver.current_window_handle
    for box in WebDriverWait(driver, WAIT_SECONDS).until(
        ec.presence_of_all_elements_located((By.CSS_SELECTOR, "input.check-item"))
    ):
        box.click()

    # The first window checks every item and opens it: amount from the rule, nothing typed.
    driver.switch_to.window(first_tab)
    for box in driver.find_elements(By.CSS_SELECTOR, "input.check-item"):
        box.click()
    driver.find_element(By.ID, "confirm-intake").click()
    wait_text(driver, "已受理申请")
    application = driver.find_element(By.CSS_SELECTOR, "tr.application")
    assert "六安市首席技师聘任期内每月奖励" in application.text
    assert application.find_element(By.CSS_SELECTOR, "td.amount").text == "600"
    assert application.find_element(By.CSS_SELECTOR, "td.state").text.startswith("已提交")

    # The second window opens the same benefit: refused, with the reason on the page.
    driver.switch_to.window(second_tab)
    driver.find_element(By.ID, "confirm-intake").click()
    wait_text(driver, "未能受理")
    refusal = driver.find_element(By.CSS_SELECTOR, ".flash.error").text
    assert "未能受理：" in refusal and len(refusal) > len("未能受理：")
    assert len(driver.find_elements(By.CSS_SELECTOR, "tr.application")) == 1
    driver.close()
    driver.switch_to.window(first_tab)
    logout(driver)

    # The reviewer finds the application and approves it.
    login(driver, server, reviewer.username, "叶集区政务服务中心 审核室")
    driver.find_element(By.LINK_TEXT, "补贴申请").click()
    driver.find_element(By.LINK_TEXT, issued.card_no).click()
    WebDriverWait(driver, WAIT_SECONDS).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "tr.application button.approve"))
    ).click()
    wait_text(driver, "已批准", "tr.application td.state")
    assert driver.find_element(By.CSS_SELECTOR, "tr.application td.amount").text == "600"
