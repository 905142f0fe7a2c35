"""The back office end to end in a real headless Chromium (issue 12, done when): a clerk finds
a card with no phone at hand (by the holder's full name in the search box of every page) and
uploads the certificate photo; a reviewer approves the card with the certificate in view; an
admin makes an account and reads the audit log. Screenshots go to BROWSER_SHOTS_DIR when set
(to look at them as a clerk would)."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories.browser import WAIT_SECONDS, login, logout, screenshot, wait_text
from factories.console import make_staff, pending_card
from PIL import Image, ImageDraw
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from bluecard.cards import services as cards
from bluecard.extensions import db

pytestmark = pytest.mark.e2e


@pytest.fixture
def app(make_app, echo_bot, tmp_path):
    return make_app(bot=echo_bot, EVIDENCE_DIR=str(tmp_path / "evidence"))


def _certificate_photo(path: Path) -> Path:
    image = Image.new("RGB", (900, 600), (250, 246, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 880, 580), outline=(160, 30, 30), width=8)
    draw.text((60, 80), "CERTIFICATE  S000123456789", fill=(40, 40, 40))
    image.save(path, format="JPEG")
    return path


def test_clerk_finds_by_name_reviewer_approves_with_certificate_admin_audits(
    app, server, driver, tmp_path
):
    with app.app_context():
        clerk = make_staff("clerk")
        reviewer = make_staff("reviewer")
        admin = make_staff("admin")
        card = pending_card(name="欧阳建华")
        db.session.remove()

    # The clerk has only the worker's name: types it into the search box on the dashboard.
    login(driver, server, clerk.username, "叶集区政务服务中心 3号窗口")
    box = driver.find_element(By.ID, "card-search")
    box.send_keys("欧阳建华" + Keys.ENTER)
    WebDriverWait(driver, WAIT_SECONDS).until(ec.presence_of_element_located((By.ID, "evidence")))
    assert driver.find_element(By.ID, "holder-name").text == "欧**华"
    assert driver.find_element(By.ID, "card-status").text == "审核中"
    # The worker brought the certificate: the clerk photographs and uploads it.
    photo = _certificate_photo(tmp_path / "certificate.jpg")
    driver.find_element(By.ID, "evidence-file").send_keys(str(photo))
    driver.find_element(By.ID, "evidence-upload").click()
    wait_text(driver, "已上传：职业技能等级证书")
    screenshot(driver, "1-clerk-card-found-by-name")
    logout(driver)

    # The reviewer logs in without a window (back office) and sees the certificate.
    login(driver, server, reviewer.username, shows="审核员")
    driver.find_element(By.LINK_TEXT, "蓝卡审核").click()
    row = WebDriverWait(driver, WAIT_SECONDS).until(
        ec.presence_of_element_located((By.ID, f"pending-{card.id}"))
    )
    image = row.find_element(By.CSS_SELECTOR, "img.evidence-image")
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.execute_script("return arguments[0].naturalWidth", image) > 0
    )
    assert driver.execute_script("return arguments[0].naturalWidth", image) == 900
    assert "职业技能等级证书" in row.text and "窗口上传" in row.text
    screenshot(driver, "2-reviewer-certificate-in-view")
    row.find_element(By.CSS_SELECTOR, "button.approve").click()
    wait_text(driver, "已批准，卡号")
    logout(driver)
    with app.app_context():
        assert cards.get_card(card.id).status == "active"
        db.session.remove()

    # The admin makes an account for a new clerk and reads the audit log.
    login(driver, server, admin.username, shows="管理员")
    driver.find_element(By.LINK_TEXT, "账号管理").click()
    driver.find_element(By.ID, "new-username").send_keys("zhangsan")
    driver.find_element(By.ID, "new-display-name").send_keys("张三")
    Select(driver.find_element(By.ID, "new-role")).select_by_value("clerk")
    Select(driver.find_element(By.ID, "new-district")).select_by_value("叶集区")
    driver.find_element(By.ID, "new-password").send_keys("a long enough password")
    driver.find_element(By.ID, "create-account").click()
    wait_text(driver, "已新建账号 zhangsan")
    assert "窗口受理员" in driver.find_element(By.ID, "account-zhangsan").text
    driver.find_element(By.LINK_TEXT, "审计日志").click()
    card_filter = WebDriverWait(driver, WAIT_SECONDS).until(
        ec.presence_of_element_located((By.NAME, "card"))
    )
    card_filter.send_keys(str(card.id) + Keys.ENTER)
    wait_text(driver, "批准蓝卡", "#audit")
    log = driver.find_element(By.ID, "audit").text
    assert clerk.username in log and "上传材料" in log and "叶集区政务服务中心 3号窗口" in log
    assert reviewer.username in log
    assert "欧阳建华" not in log
    screenshot(driver, "3-admin-audit-log")
    driver.find_element(By.LINK_TEXT, "审计日志").click()
    Select(driver.find_element(By.NAME, "action")).select_by_value("staff.create")
    driver.find_element(By.CSS_SELECTOR, "#audit-filter button").click()
    wait_text(driver, "新建账号", "#audit")
    assert admin.username in driver.find_element(By.ID, "audit").text

    # A page that does not exist answers in Chinese, in the console's look.
    driver.get(f"{server}/console/no-such-page")
    wait_text(driver, "页面不存在")
    assert driver.find_element(By.CSS_SELECTOR, "header .brand").text.startswith("技工蓝卡")
    screenshot(driver, "4-not-found")
