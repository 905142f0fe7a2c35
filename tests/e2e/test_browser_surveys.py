"""The enterprise survey in a real headless Chromium: 台儿庄 staff start a round of three
enterprises in the console, two enterprises fill the form on a 375 px phone (one keeps a
draft first, one is told of a row that does not add up), staff see who has submitted, and
the page's 统计汇总 and the exported workbook add up. Only what is on screen (and in the file
a clerk downloads) is asserted."""

from __future__ import annotations

import io
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import requests
from factories.console import PASSWORD, make_staff
from factories.surveys import taierzhuang_credit_code
from openpyxl import load_workbook
from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait
from werkzeug.serving import make_server

from bluecard.extensions import db

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT_SECONDS = 20
PHONE_WIDTH = 375
SHOTS = Path(tempfile.gettempdir()) / "bluecard-shots"


@pytest.fixture
def server(app) -> Iterator[str]:
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=5)


def _chrome(phone: bool) -> tuple[webdriver.Chrome, str]:
    profile = tempfile.mkdtemp(prefix="bluecard-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    if phone:
        options.add_experimental_option(
            "mobileEmulation",
            {"deviceMetrics": {"width": PHONE_WIDTH, "height": 812, "pixelRatio": 2}},
        )
    chrome = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    chrome.set_page_load_timeout(WAIT_SECONDS)
    return chrome, profile


@pytest.fixture
def browsers() -> Iterator[Any]:
    """A desktop Chromium for staff and a factory of 375 px phones for enterprises."""
    made: list[tuple[webdriver.Chrome, str]] = []

    def make(phone: bool) -> webdriver.Chrome:
        made.append(_chrome(phone))
        return made[-1][0]

    try:
        yield make
    finally:
        for chrome, profile in made:
            chrome.quit()
            shutil.rmtree(profile, ignore_errors=True)


def _wait_text(driver: Any, text: str, css: str = "body") -> None:
    WebDriverWait(
        driver,
        WAIT_SECONDS,
        ignored_exceptions=(StaleElementReferenceException, WebDriverException),
    ).until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text), f"no {text!r}")


def _type(driver: Any, name: str, value: Any) -> None:
    box = driver.find_element(By.NAME, name)
    box.clear()
    box.send_keys(str(value))


def _fill(driver: Any, fields: dict[str, Any], levels: dict[str, dict[str, int]]) -> None:
    for name, value in fields.items():
        if name in ("enterprise_type", "enterprise_size"):
            Select(driver.find_element(By.NAME, name)).select_by_visible_text(value)
        else:
            _type(driver, name, value)
    for level, row in levels.items():
        for key, value in row.items():
            _type(driver, f"levels.{level}.{key}", value)


def _seal_file(tmp_path: Path) -> str:
    path = tmp_path / "seal.jpg"
    Image.new("RGB", (1200, 900), (210, 30, 30)).save(path, format="JPEG")
    return str(path)


def test_taierzhuang_round_of_three_two_submit_from_phones(app, server, browsers, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    with app.app_context():
        clerk = make_staff("clerk", district="台儿庄区")
        db.session.remove()
    codes = [taierzhuang_credit_code() for _ in range(3)]

    # Staff log in and start a round of three enterprises.
    staff = browsers(False)
    staff.get(f"{server}/console/login")
    _type(staff, "username", clerk.username)
    _type(staff, "password", PASSWORD)
    _type(staff, "window", "台儿庄区人社局 就业科")
    staff.find_element(By.ID, "login").click()
    _wait_text(staff, "台儿庄区人社局", "header .who")
    staff.find_element(By.LINK_TEXT, "企业调查").click()
    _type(staff, "title", "2026年第四季度重点企业走访")
    names = ["台儿庄精工机械有限公司", "运河纺织有限公司", "古城食品厂"]
    staff.find_element(By.NAME, "enterprises").send_keys(
        "\n".join(f"{n}，{c}" for n, c in zip(names, codes, strict=True))
    )
    staff.find_element(By.CSS_SELECTOR, "#new-round button").click()
    _wait_text(staff, "共 3 家企业")
    links = [
        box.get_attribute("value") for box in staff.find_elements(By.CSS_SELECTOR, "input.link")
    ]
    assert len(links) == 3 and all(link.startswith("http://127.0.0.1:5000/s/") for link in links)
    # the links carry PUBLIC_BASE_URL; here the phones reach the test server instead
    links = [server + urlparse(link).path for link in links]
    assert len(staff.find_elements(By.CSS_SELECTOR, ".qr svg")) == 3
    round_url = staff.current_url

    # Enterprise 1 on its phone: keeps a draft, comes back, submits with a seal photo.
    phone = browsers(True)
    phone.get(links[0])
    _wait_text(phone, "企业技能人才现状及需求情况调查表")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert phone.find_element(By.NAME, "enterprise_name").get_attribute("value") == names[0]
    _type(phone, "leader", "张建华")
    _type(phone, "phone", "13906321234")
    phone.find_element(By.ID, "save-draft").click()
    _wait_text(phone, "草稿已保存")
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
    _type(phone, "demands.0.trade", "焊工")
    _type(phone, "demands.0.count", 5)
    _type(phone, "demands.0.monthly_wage_yuan", 6500)
    Select(phone.find_element(By.NAME, "demands.0.level")).select_by_visible_text("高级工")
    _wait_text(phone, "18", "[data-total='count']")
    phone.find_element(By.NAME, "seal").send_keys(_seal_file(tmp_path))
    phone.save_screenshot(str(SHOTS / "survey-phone-filled.png"))
    phone.find_element(By.ID, "submit").click()
    _wait_text(phone, "已提交")
    phone.save_screenshot(str(SHOTS / "survey-phone-submitted.png"))

    # Enterprise 2 on another phone: a row that does not add up is named, then corrected.
    phone2 = browsers(True)
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
    _wait_text(phone2, "有 1 处需要修改", "#problems")
    assert (
        "中级工：年龄结构四栏之和（6）与人数（8）不一致"
        in phone2.find_element(By.ID, "problems").text
    )
    phone2.save_screenshot(str(SHOTS / "survey-phone-problem.png"))
    assert phone2.find_element(By.NAME, "leader").get_attribute("value") == "王芳"
    _type(phone2, "levels.中级工.age_41_50", 2)
    phone2.find_element(By.ID, "submit").click()
    _wait_text(phone2, "已提交")

    # Staff see who has and has not submitted, and a summary that adds up.
    staff.get(round_url)
    _wait_text(staff, "已提交 2 家", "main")
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
    staff.save_screenshot(str(SHOTS / "survey-round-detail.png"))

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
