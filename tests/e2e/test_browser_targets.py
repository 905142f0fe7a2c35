"""Targets and the quarterly report in a real headless Chromium: 宿迁 staff read every
county's and zone's targets with progress (a figure a reviewer entered shows with its source
and percent), and 洪泽 staff generate this quarter's report, which counts the cards issued
this quarter. Only what is on screen is asserted."""

from __future__ import annotations

import io

import pytest
import requests
from factories.browser import WAIT_SECONDS, login, screenshot, wait_text
from factories.console import actor_of, make_staff, pending_card
from factories.targets import SUQIAN_AREAS
from openpyxl import load_workbook
from selenium.webdriver.common.by import By

from bluecard.cards import services as cards
from bluecard.extensions import db
from bluecard.targets import services as targets
from policy_kb.chinatime import china_today

pytestmark = pytest.mark.e2e


def test_suqian_staff_read_every_countys_targets_with_progress(app, server, driver):
    with app.app_context():
        reviewer = make_staff("reviewer", district="宿迁市")
        clerk = make_staff("clerk", district="宿迁市")
        targets.enter_actual(
            actor_of(reviewer),
            "suqian-siyang-certification",
            value=4478,
            as_of="2022-12-31",
            source="泗阳县人社局2022年统计",
        )
        db.session.remove()

    login(driver, server, clerk.username, "宿迁市人社局 就业处")
    driver.find_element(By.LINK_TEXT, "目标任务").click()
    wait_text(driver, "目标任务完成情况 · 宿迁市", "h1")
    areas = [
        s.get_attribute("data-area") for s in driver.find_elements(By.CSS_SELECTOR, "section.area")
    ]
    assert tuple(areas) == SUQIAN_AREAS
    for area in SUQIAN_AREAS:
        rows = driver.find_elements(By.CSS_SELECTOR, f"section[data-area='{area}'] tbody tr")
        assert len(rows) == 6, area
    row = driver.find_element(By.ID, "target-suqian-siyang-certification")
    assert "8,955人" in row.text
    assert "4,478人" in row.text and "泗阳县人社局2022年统计" in row.text
    assert "50.0%" in row.text and "期满未完成" in row.text
    charts = driver.find_elements(By.CSS_SELECTOR, "figure.chart svg")
    assert len(charts) == 1  # the one indicator with a figure; every county and zone a bar
    assert "职业技能等级认定人数" in driver.find_element(By.CSS_SELECTOR, "figure.chart").text
    # a clerk reads but does not enter figures
    assert not driver.find_elements(By.CSS_SELECTOR, "form.enter-actual")
    screenshot(driver, "targets-suqian")


def test_hongze_staff_generate_this_quarters_report(app, server, driver):
    with app.app_context():
        reviewer = make_staff("reviewer", district="洪泽区")
        for level in ("技师", "高级工", "高级工"):
            card = pending_card(None, district="洪泽区", skill_level=level)
            cards.review_card(card.id, actor_of(reviewer), approve=True)
        db.session.remove()

    login(driver, server, reviewer.username, "洪泽区人社局 职建科")
    driver.find_element(By.LINK_TEXT, "目标任务").click()
    wait_text(driver, "洪泽区", "h1")
    driver.find_element(By.ID, "report-link").click()
    today = china_today()
    quarter = "一二三四"[(today.month - 1) // 3]
    wait_text(driver, f"洪泽区技能人才工作季报（{today.year}年第{quarter}季度）", "#report h1")
    assert driver.find_element(By.ID, "cards-issued-total").text == "3"
    cards_table = driver.find_element(By.ID, "report-cards").text
    assert "高级工 2" in cards_table and "技师 1" in cards_table
    assert driver.find_element(By.ID, "cards-valid").text == "3"
    targets_rows = driver.find_elements(By.CSS_SELECTOR, "#report-targets tbody tr")
    assert len(targets_rows) == 8  # 洪泽 二: four indicators, to 2025 and for 2021
    # cited as staff know it (文号《title》clause), never by the internal document id
    assert "洪办发〔2021〕10号《洪泽区产业工人队伍建设实施方案》二" in targets_rows[0].text
    assert "hongze-2021" not in driver.find_element(By.ID, "report").text
    assert driver.find_element(By.ID, "paid-total").text == "0.00"
    assert "期内收到咨询 0 条" in driver.find_element(By.ID, "report-questions").text
    screenshot(driver, "report-hongze")
    # the workbook behind 导出 Excel holds the same counts
    href = driver.find_element(By.ID, "report-xlsx").get_attribute("href")
    cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
    wb = load_workbook(
        io.BytesIO(requests.get(href, cookies=cookies, timeout=WAIT_SECONDS).content)
    )
    sheet = wb["技工蓝卡"]
    assert [(sheet[f"A{r}"].value, sheet[f"B{r}"].value) for r in (5, 6, 7)] == [
        ("高级工", 2),
        ("技师", 1),
        ("合计", 3),
    ]
