"""Staff search the talent database in a real headless Chromium: a 叶集区 clerk opens 技能人才库,
asks for 高技能人才 welders, sees only their own district's (masked), exports; enters an
enterprise's demand (a bad wage named first) and reads the supply–demand summary. Only what
is on the screen is asserted; a screenshot of the search is kept for a person to look at."""

from __future__ import annotations

import pytest
from factories.browser import login, screenshot, wait_text
from factories.console import make_staff
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from talent_helpers import register

from bluecard.extensions import db

pytestmark = pytest.mark.e2e


def test_clerk_searches_the_talent_database_in_chromium(app, server, driver):
    with app.app_context():
        clerk = make_staff("clerk")  # 叶集区
        register(
            "oTech", name="张三丰", phone="13812345678", skill_level="技师", employer="叶集木业"
        )
        register("oMid", name="李小龙", skill_level="中级工")
        register("oElec", name="王大锤", trade="电工", open_to_offers=False)
        register("oHongze", name="赵子龙", skill_level="高级技师", district="洪泽区")
        db.session.remove()

    login(driver, server, clerk.username, "叶集区政务服务中心 2号窗口")
    driver.find_element(By.LINK_TEXT, "技能人才库").click()
    wait_text(driver, "共 3 人", "#talent-total")

    Select(driver.find_element(By.NAME, "level")).select_by_value("高技能人才")
    driver.find_element(By.NAME, "trade").send_keys("电焊工")
    driver.find_element(By.CSS_SELECTOR, "#talent-search button[type=submit]").click()
    wait_text(driver, "共 1 人", "#talent-total")
    table = driver.find_element(By.ID, "talent-workers").text
    assert "张*丰" in table and "138****5678" in table and "技师" in table and "焊工" in table
    assert "叶集木业" in table
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "13812345678" not in body and "赵" not in body and "李*龙" not in body
    screenshot(driver, "talent-search")
    export = driver.find_element(By.ID, "talent-export").get_attribute("href")
    assert "trade=" in export and "level=" in export

    driver.find_element(By.LINK_TEXT, "企业用工需求").click()
    wait_text(driver, "登记用工需求")
    form = driver.find_element(By.ID, "demand-form")
    for name, value in {
        "employer_name": "六安叶集木业有限公司",
        "trade": "焊工",
        "count": "4",
        "wage_min": "7000",
        "wage_max": "6000",
    }.items():
        form.find_element(By.NAME, name).send_keys(value)
    driver.execute_script(
        "document.querySelector('#demand-form [name=valid_until]').value = '2099-01-01'"
    )
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_text(driver, "最高月薪不能低于最低月薪", "#error-wage_max")
    assert "截止日期最多在一年以内" in driver.find_element(By.ID, "demand-form").text
    wage = driver.find_element(By.NAME, "wage_max")
    wage.clear()
    wage.send_keys("9000")
    driver.execute_script(
        "const d = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);"
        "document.querySelector('#demand-form [name=valid_until]').value = d;"
    )
    driver.find_element(By.CSS_SELECTOR, "#demand-form button[type=submit]").click()
    wait_text(driver, "已登记用工需求")
    assert "六安叶集木业有限公司" in driver.find_element(By.ID, "demands").text
    screenshot(driver, "talent-demands")

    driver.find_element(By.LINK_TEXT, "供求信息").click()
    wait_text(driver, "紧缺工种", "#summary")
    short = driver.find_element(By.ID, "short-trades").text
    assert "焊工" in short
    assert "紧缺工种：焊工（需求4人，可供2人）" in driver.find_element(By.ID, "summary-text").text
    screenshot(driver, "talent-summary")
