"""The enterprise survey in a real headless Chromium: 台儿庄 staff start a round of three
enterprises in the console, two enterprises fill the form on a 375 px phone (one keeps a
draft first, one is told of a row that does not add up), staff see who has submitted, and
the page's 统计汇总 and the exported workbook add up. Only what is on screen (and in the file
a clerk downloads) is asserted."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import requests
from factories.browser import PHONE, WAIT_SECONDS, login, screenshot, type_into, wait_text
from factories.console import make_staff
from factories.surveys import taierzhuang_credit_code
from openpyxl import load_workbook
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from bluecard.extensions import db

pytestmark = pytest.mark.e2e


def _fill(driver: Any, fields: dict[str, Any], levels: dict[str, dict[str, int]]) -> None:
    for name, value in fields.items():
        if name in ("enterprise_type", "enterprise_size"):
            Select(driver.find_element(By.NAME, name)).select_by_visible_text(value)
        else:
            type_into(driver, name, value)
    for level, row in levels.items():
        for key, value in row.items():
            type_into(driver, f"levels.{level}.{key}", value)


def _seal_file(tmp_path: Path) -> str:
    path = tmp_path / "seal.jpg"
    Image.new("RGB", (1200, 900), (210, 30, 30)).save(path, format="JPEG")
    return str(path)


def test_taierzhuang_round_of_three_two_submit_from_phones(app, server, browsers, tmp_path):
    with app.app_context():
        clerk = make_staff("clerk", district="台儿庄区")
        db.session.remove()
    codes = [taierzhuang_credit_code() for _ in range(3)]

    # Staff log in and start a round of three enterprises.
    staff = browsers()
    login(staff, server, clerk.username, "台儿庄区人社局 就业科", shows="台儿庄区人社局")
    staff.find_element(By.LINK_TEXT, "企业调查").click()
    type_into(staff, "title", "2026年第四季度重点企业走访")
    names = ["台儿庄精工机械有限公司", "运河纺织有限公司", "古城食品厂"]
    staff.find_element(By.NAME, "enterprises").send_keys(
        "\n".join(f"{n}，{c}" for n, c in zip(names, codes, strict=True))
    )
    staff.find_element(By.CSS_SELECTOR, "#new-round button").click()
    wait_text(staff, "共 3 家企业")
    links = [
        box.get_attribute("value") for box in staff.find_elements(By.CSS_SELECTOR, "input.link")
    ]
    assert len(links) == 3 and all(link.startswith("http://127.0.0.1:5000/s/") for link in links)
    # the links carry PUBLIC_BASE_URL; here the phones reach the test server instead
    links = [server + urlparse(link).path for link in links]
    assert len(staff.find_elements(By.CSS_SELECTOR, ".qr svg")) == 3
    round_url = staff.current_url

    # Enterprise 1 on its phone: keeps a draft, comes back, submits with a seal photo.
    phone = browsers(PHONE)
    phone.get(links[0])
    wait_text(phone, "企业技能人才现状及需求情况调查表")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= PHONE.width
    assert phone.find_element(By.NAME, "enterprise_name").get_attribute("value") == names[0]
    type_into(phone, "leader", "张建华")
    type_into(phone, "phone", "13906321234")
    phone.find_element(By.ID, "save-draft").click()
    wait_text(phone, "草稿已保存")
    phone.get(links[0])
    assert phone.find_element(By.NAME, "leader").get_attribute("value") == "张建华"
    _fill(
        phone,
        {
            "enterprise_type": "民营企业",
            "enterprise_size": "中",
            "business_field": "装备制造",
            "employees_total": 120,
            "avg_monthly_wage_yuan": 5200,
            "training_funds_drawn_yuan": 30000,
            "training_funds_used_yuan": 24000,
            "filled_by": "李明",
        },
        {
            "初级工": {"count": 10, "age_18_30": 6, "age_31_40": 4, "edu_high_school": 10},
            "高级工": {"count": 6, "age_31_40": 6, "edu_college": 6, "self_trained": 2},
            "技师": {"count": 2, "age_41_50": 2, "edu_bachelor": 2},
        },
    )
    type_into(phone, "demands.0.trade", "焊工")
    type_into(phone, "demands.0.count", 5)
    type_into(phone, "demands.0.monthly_wage_yuan", 6500)
    Select(phone.find_element(By.NAME, "demands.0.level")).select_by_visible_text("高级工")
    wait_text(phone, "18", "[data-total='count']")
    phone.find_element(By.NAME, "seal").send_keys(_seal_file(tmp_path))
    screenshot(phone, "survey-phone-filled")
    phone.find_element(By.ID, "submit").click()
    wait_text(phone, "已提交")
    screenshot(phone, "survey-phone-submitted")

    # Enterprise 2 on another phone: a row that does not add up is named, then corrected.
    phone2 = browsers(PHONE)
    phone2.get(links[1])
    _fill(
        phone2,
        {
            "leader": "王芳",
            "phone": "0632-6612345",
            "enterprise_type": "私营企业",
            "enterprise_size": "小",
            "business_field": "服务业",
            "employees_total": 40,
            "avg_monthly_wage_yuan": 4000,
            "training_funds_drawn_yuan": 5000,
            "training_funds_used_yuan": 5000,
            "filled_by": "赵强",
        },
        {"中级工": {"count": 8, "age_18_30": 3, "age_31_40": 3, "edu_high_school": 8}},
    )
    phone2.find_element(By.ID, "submit").click()
    wait_text(phone2, "有 1 处需要修改", "#problems")
    assert (
        "中级工：年龄结构四栏之和（6）与人数（8）不一致"
        in phone2.find_element(By.ID, "problems").text
    )
    screenshot(phone2, "survey-phone-problem")
    assert phone2.find_element(By.NAME, "leader").get_attribute("value") == "王芳"
    type_into(phone2, "levels.中级工.age_41_50", 2)
    phone2.find_element(By.ID, "submit").click()
    wait_text(phone2, "已提交")

    # Staff see who has and has not submitted, and a summary that adds up.
    staff.get(round_url)
    wait_text(staff, "已提交 2 家", "main")
    statuses = [
        r.get_attribute("data-status")
        for r in staff.find_elements(By.CSS_SELECTOR, "#invitations tbody tr")
    ]
    assert statuses == ["submitted", "submitted", "pending"]
    assert staff.find_element(By.ID, "sum-employees").text == "160 人"
    assert staff.find_element(By.ID, "sum-skilled").text == "26 人（高技能人才 8 人）"
    assert staff.find_element(By.ID, "sum-demand").text == "5 人"
    total_row = staff.find_elements(By.CSS_SELECTOR, "#sum-levels tbody tr")[-1]
    cells = [c.text for c in total_row.find_elements(By.TAG_NAME, "td")]
    assert cells[0] == "26"
    assert sum(int(c) for c in cells[1:5]) == 26  # the age groups add up to the total
    screenshot(staff, "survey-round-detail")

    # The workbook a clerk downloads adds up the same way.
    export = staff.find_element(By.ID, "export").get_attribute("href")
    cookies = {c["name"]: c["value"] for c in staff.get_cookies()}
    response = requests.get(export, cookies=cookies, timeout=WAIT_SECONDS)
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    summary = wb["统计汇总"]
    assert summary["B3"].value == 2 and summary["E3"].value == 160
    assert summary["B12"].value == 26
    assert sum(summary[f"B{r}"].value for r in range(7, 12)) == 26
    forms = wb.worksheets[2:]
    assert [ws["B3"].value for ws in forms] == names[:2]
    assert sum(ws["B15"].value for ws in forms) == 26
    assert forms[0]._images, "the seal photo is in the first form's sheet"
    assert [wb["填报情况"][f"B{r}"].value for r in (2, 3, 4)] == ["已提交", "已提交", "未填写"]
