"""The statistics pages in a real headless Chromium: a policy staff member opens 运营统计,
reads the figures and charts, opens the unanswered questions, attaches one to a clause and
marks another out of scope; the list shrinks. Only what is on the screen is asserted."""

from __future__ import annotations

import pytest
from factories.browser import login, screenshot, wait_text
from factories.console import make_staff
from factories.stats import at, card_at, message, worker
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from bluecard.extensions import db
from policy_kb.chinatime import china_today

pytestmark = pytest.mark.e2e


def test_statistics_page_and_working_through_unanswered_questions(app, server, driver):
    today = china_today().isoformat()
    with app.app_context():
        policy = make_staff("policy")
        yeji = worker("叶集区")
        for hour in range(3):
            message(yeji, at(today, hour), intent="answer", refs=("fake-2021#一",))
        message(yeji, at(today, 3), intent="answer", refs=("fake-2021#二",))
        message(yeji, at(today, 4), intent="not_answered", question="夜班补贴怎么算")
        message(worker(), at(today, 5), intent="not_answered", question="请问夜班补贴怎么算？")
        message(worker(), at(today, 6), intent="not_answered", question="公积金怎么提取")
        message(worker(), at(today, 7), intent="quiz")
        db.session.remove()

    login(driver, server, policy.username, "区人社局 政策科")
    driver.find_element(By.LINK_TEXT, "运营统计").click()
    wait_text(driver, "运营统计", "h1")
    assert driver.find_element(By.CSS_SELECTOR, "#fig-answered .value").text == "4"
    assert driver.find_element(By.CSS_SELECTOR, "#fig-not-answered .value").text == "3"
    assert "57%" in driver.find_element(By.ID, "fig-answered").text
    # the charts are drawn (SVG with the console's Chinese labels), not left empty
    days_chart = driver.find_element(By.CSS_SELECTOR, "#chart-days svg")
    assert days_chart.size["width"] > 600 and days_chart.size["height"] > 150
    assert "每日问题" in driver.find_element(By.ID, "chart-days").text
    assert "洪泽区 一 总体要求" in driver.find_element(By.ID, "chart-topics").text
    preview = driver.find_element(By.ID, "unanswered-preview").text
    assert "请问夜班补贴怎么算？" in preview and "公积金怎么提取" in preview
    screenshot(driver, "stats")
    driver.execute_script("document.getElementById('chart-days').scrollIntoView()")
    screenshot(driver, "stats-charts")

    # A bad period is refused on the page, naming the field.
    date_from = driver.find_element(By.NAME, "from")
    driver.execute_script("arguments[0].value = '2026-12-31'", date_from)
    driver.execute_script("arguments[0].value = '2026-01-01'", driver.find_element(By.NAME, "to"))
    driver.find_element(By.CSS_SELECTOR, "#stats-filters button").click()
    wait_text(driver, "开始日期不能晚于", "#error-from")

    driver.get(f"{server}/console/stats/unanswered")
    wait_text(driver, "未能答复的问题", "h1")
    rows = driver.find_elements(By.CSS_SELECTOR, "tr.unanswered-row")
    assert len(rows) == 2
    assert "其他问法：夜班补贴怎么算" in rows[0].text
    rows[0].find_element(By.LINK_TEXT, "关联条款").click()
    wait_text(driver, "请问夜班补贴怎么算？", "#attach-question")
    Select(driver.find_element(By.ID, "clause")).select_by_value("fake-2021|二")
    driver.find_element(By.ID, "attach-save").click()
    wait_text(driver, "作为扩展问关联到 洪泽区 二 保障")
    rows = driver.find_elements(By.CSS_SELECTOR, "tr.unanswered-row")
    assert [r.find_element(By.CSS_SELECTOR, ".question").text for r in rows] == ["公积金怎么提取"]
    rows[0].find_element(By.CSS_SELECTOR, "button.secondary").click()
    wait_text(driver, "已将「公积金怎么提取」标为不在服务范围")
    assert driver.find_element(By.ID, "no-unanswered").is_displayed()
    handled = driver.find_element(By.ID, "phrasings").text
    assert "扩展问" in handled and "不在服务范围" in handled and "洪泽区 二 保障" in handled
    screenshot(driver, "stats-unanswered")


def test_suspended_cards_have_their_own_column_in_chromium(app, server, driver):
    """A card suspended after it was issued is counted under 已暂停, not lost between the
    columns: the row adds up to 申请."""
    today = china_today().isoformat()
    with app.app_context():
        policy = make_staff("policy")
        for status in ("active", "active", "suspended", "pending", "revoked"):
            card_at("叶集区", status, at(today))
        db.session.remove()

    login(driver, server, policy.username, "区人社局 政策科")
    driver.find_element(By.LINK_TEXT, "运营统计").click()
    wait_text(driver, "蓝卡（按地区）")
    table = driver.find_element(By.ID, "cards-table")
    heads = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    row = table.find_element(By.XPATH, ".//tbody/tr[td[1][normalize-space()='叶集区']]")
    cells = dict(zip(heads, (td.text for td in row.find_elements(By.TAG_NAME, "td")), strict=True))
    assert cells["已暂停"] == "1" and cells["申请"] == "5" and cells["已注销"] == "1"
    counted = [cells[h] for h in heads[2:]]
    assert sum(int(n) for n in counted) == 5
    driver.execute_script("document.getElementById('cards-table').scrollIntoView()")
    screenshot(driver, "stats-cards-suspended")
