"""Done-when of issue 13 §1 in a real headless Chromium: a policy staff member uploads a
.docx with a new district's policy (盱眙县, no bundled document), corrects its date, publishes;
without a restart, a second app instance on the same database (another worker process)
answers from it on /api/v1/search and in the chat through /wechat."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from factories.console import PASSWORD, make_staff
from factories.documents import xuyi_docx
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from bluecard.extensions import db
from policy_kb.eligibility.catalogue import use_lifecycle
from policy_kb.regions import use_regions

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT_SECONDS = 20
QUESTION = "盱眙引进的技师有什么补贴"


@pytest.fixture(autouse=True)
def bundled_registry() -> Iterator[None]:
    yield
    use_regions(())
    use_lifecycle({})


@pytest.fixture
def instances(make_app, real_knowledge) -> tuple[Any, Any]:
    """Two app instances on one database, each with the real bot: two worker processes."""
    return make_app(knowledge=real_knowledge), make_app(knowledge=real_knowledge)


@pytest.fixture
def server(instances) -> Iterator[str]:
    httpd = make_server("127.0.0.1", 0, instances[0], threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def driver() -> Iterator[webdriver.Chrome]:
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
    chrome = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    chrome.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield chrome
    finally:
        chrome.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait_text(driver: Any, text: str, css: str = "body") -> None:
    WebDriverWait(
        driver,
        WAIT_SECONDS,
        ignored_exceptions=(StaleElementReferenceException, WebDriverException),
    ).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text),
        f"page never showed {text!r}",
    )


def _screenshot(driver: Any, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        driver.save_screenshot(os.path.join(folder, name))


def _chat(wx: Any, client: Any, text: str) -> str:
    response = wx.post(client, wx.text(text, openid="oXuyiWorker"))
    assert response.status_code == 200 and response.reply is not None
    return response.reply.findtext("Content") or ""


def test_upload_correct_publish_and_both_instances_answer(instances, server, driver, wx, tmp_path):
    first, second = instances
    with first.app_context():
        policy = make_staff("policy")
        db.session.remove()
    api = second.test_client()  # the other worker process
    before = api.get("/api/v1/search", query_string={"q": QUESTION}).get_json()
    assert before["answered"] is False
    assert "盱眙" in _chat(wx, second.test_client(), QUESTION)  # said: no document there

    docx_path = tmp_path / "盱眙县技能人才引进补贴办法.docx"
    docx_path.write_bytes(xuyi_docx())

    driver.get(f"{server}/console/login")
    driver.find_element(By.NAME, "username").send_keys(policy.username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.NAME, "window").send_keys("淮安市盱眙县人社局 政策科")
    driver.find_element(By.ID, "login").click()
    _wait_text(driver, "政策科", "header .who")
    driver.find_element(By.LINK_TEXT, "政策文件").click()
    driver.find_element(By.ID, "upload-file").send_keys(str(docx_path))
    driver.find_element(By.CSS_SELECTOR, "#upload-form button").click()
    _wait_text(driver, "请核对识别结果")
    _screenshot(driver, "documents-preview.png")

    clauses = driver.find_element(By.ID, "clauses").text
    assert "二（一）" in clauses and "每人给予一次性安家补贴12000元" in clauses
    assert driver.find_element(By.ID, "f-wenhao").get_attribute("value") == "盱人社发〔2026〕8号"
    date_box = driver.find_element(By.ID, "f-issued_on")
    assert date_box.get_attribute("value") == "2026-03-02"  # as printed; the staff corrects it
    date_box.clear()
    date_box.send_keys("2026-03-05")
    driver.find_element(By.ID, "publish").click()
    _wait_text(driver, "已发布，知识库版本 1")
    row = driver.find_element(By.CSS_SELECTOR, "#documents tr[data-stage='published']")
    assert "尚无规则" in row.text and "盱眙县" in row.text
    _screenshot(driver, "documents-list.png")

    # The other process, not restarted, answers from the new document.
    after = api.get("/api/v1/search", query_string={"q": QUESTION}).get_json()
    assert after["answered"] is True
    hit = after["hits"][0]
    assert hit["doc_title"] == "盱眙县技能人才引进补贴办法" and "12000" in hit["text"]
    assert hit["standing"] == "in_force"
    reply = _chat(wx, second.test_client(), QUESTION)
    assert "12000" in reply and "盱人社发〔2026〕8号" in reply
    assert "2026年3月5日" in reply  # the corrected date, as cited
