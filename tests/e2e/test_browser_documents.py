"""Done-when of issue 13 §1 in a real headless Chromium: a policy staff member uploads a
.docx with a new district's policy (盱眙县, no bundled document), corrects its date, publishes;
without a restart, a second app instance on the same database (another worker process)
answers from it on /api/v1/search and in the chat through /wechat."""

from __future__ import annotations

from typing import Any

import pytest
from factories.browser import login, screenshot, wait_text
from factories.console import make_staff
from factories.documents import xuyi_docx
from selenium.webdriver.common.by import By

from bluecard.extensions import db

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("bundled_registry")]

QUESTION = "盱眙引进的技师有什么补贴"


@pytest.fixture
def instances(make_app, real_knowledge) -> tuple[Any, Any]:
    """Two app instances on one database, each with the real bot: two worker processes."""
    return make_app(knowledge=real_knowledge), make_app(
        knowledge=real_knowledge, KNOWLEDGE_CHECK_SECONDS=0
    )


@pytest.fixture
def app(instances):
    """The first instance is the one staff use in the browser."""
    return instances[0]


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

    login(driver, server, policy.username, "淮安市盱眙县人社局 政策科", shows="政策科")
    driver.find_element(By.LINK_TEXT, "政策文件").click()
    driver.find_element(By.ID, "upload-file").send_keys(str(docx_path))
    driver.find_element(By.CSS_SELECTOR, "#upload-form button").click()
    wait_text(driver, "请核对识别结果")
    screenshot(driver, "documents-preview")

    clauses = driver.find_element(By.ID, "clauses").text
    assert "二（一）" in clauses and "每人给予一次性安家补贴12000元" in clauses
    assert driver.find_element(By.ID, "f-wenhao").get_attribute("value") == "盱人社发〔2026〕8号"
    date_box = driver.find_element(By.ID, "f-issued_on")
    assert date_box.get_attribute("value") == "2026-03-02"  # as printed; the staff corrects it
    date_box.clear()
    date_box.send_keys("2026-03-05")
    driver.find_element(By.ID, "publish").click()
    wait_text(driver, "已发布，知识库版本 1")
    row = driver.find_element(By.CSS_SELECTOR, "#documents tr[data-stage='published']")
    assert "尚无规则" in row.text and "盱眙县" in row.text
    screenshot(driver, "documents-list")

    # The other process, not restarted, answers from the new document.
    after = api.get("/api/v1/search", query_string={"q": QUESTION}).get_json()
    assert after["answered"] is True
    hit = after["hits"][0]
    assert hit["doc_title"] == "盱眙县技能人才引进补贴办法" and "12000" in hit["text"]
    assert hit["standing"] == "in_force"
    reply = _chat(wx, second.test_client(), QUESTION)
    assert "12000" in reply and "盱人社发〔2026〕8号" in reply
    assert "2026年3月5日" in reply  # the corrected date, as cited
