"""The policy-notification form in a real headless Chromium (issue 12 §7): documents filtered
by district and clauses by document, the message previewed as the worker will see it in
WeChat (the preview and the fake WeChat receive the same fields), and no send button while
sending is not set up — the page says what is missing instead."""

from __future__ import annotations

from typing import Any

import pytest
from factories.browser import WAIT_SECONDS, login, served, wait_text
from factories.console import actor_of, make_staff
from notif_helpers import add_card, clear_queue, drain, notify_config
from rq import Worker
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from bluecard.extensions import db
from bluecard.notifications import services as notif
from bluecard.notifications import worker

pytestmark = pytest.mark.e2e

ALL_DOCUMENTS = {"hongze-2021", "lianyungang-draft", "suqian-2021", "taierzhuang-2021", "yeji"}
TITLE = "叶集区技工强区政策：高技能人才引进补贴开始申报"
BODY = "企业从区外引进的技师、高级技师，请于12月31日前持蓝卡到区政务服务中心申报。"


def _offered(select_id: str, driver: Any) -> set[str]:
    """Values of the options a person can pick in the select (shown and enabled)."""
    select = driver.find_element(By.ID, select_id)
    return {
        o.get_attribute("value")
        for o in select.find_elements(By.TAG_NAME, "option")
        if o.get_attribute("value") and o.is_enabled() and not o.get_property("hidden")
    }


def _shown_fields(driver: Any, **expected: str) -> dict[str, str]:
    """The WeChat message card on the page (label → value, read in one script call: the
    preview is replaced while staff type), once every ``expected`` label shows its value."""
    read = (
        "return Array.from(document.querySelectorAll('#wx-message dd'))"
        ".map(function (dd) { return [dd.getAttribute('data-label'), dd.textContent.trim()]; });"
    )
    seen: dict[str, str] = {}

    def ready(_driver: Any) -> bool:
        seen.clear()
        seen.update(dict(driver.execute_script(read)))
        return all(seen.get(label) == value for label, value in expected.items())

    WebDriverWait(driver, WAIT_SECONDS).until(ready, f"preview never showed {expected!r}")
    return dict(seen)


def test_form_filters_by_district_and_document_and_previews_what_wechat_receives(
    make_app, real_knowledge, fake, driver
):
    app = make_app(knowledge=real_knowledge, **notify_config(fake))
    with app.app_context():
        policy = make_staff("policy")  # all districts
        for i in range(2):
            add_card(f"oYjBrowser{i}", district="叶集区", skill_level="技师")
        add_card("oHzBrowser", district="洪泽区", skill_level="技师")
        # A worker listens on the queue, as `python -m bluecard.notifications.worker` would
        # (with REDIS_URL; on the embedded defaults sending needs none).
        queue = worker.notify_queue()
        listener = Worker([queue], connection=queue.connection)
        listener.register_birth()
        db.session.remove()
    with served(app) as base:
        login(driver, base, policy.username, shows="政策通知", where="header nav")
        driver.get(f"{base}/console/notifications/new")
        wait_text(driver, "职工在微信中看到的消息")
        assert driver.find_elements(By.ID, "not-configured") == []  # sending is set up
        # Every district: the five documents; no clause before a document is chosen.
        assert _offered("f-doc", driver) == ALL_DOCUMENTS
        assert _offered("f-clause", driver) == set()

        # 叶集区: only its document; choosing it offers its clauses and no other's.
        Select(driver.find_element(By.ID, "f-district")).select_by_value("叶集区")
        assert _offered("f-doc", driver) == {"yeji"}
        Select(driver.find_element(By.ID, "f-doc")).select_by_value("yeji")
        clauses = _offered("f-clause", driver)
        assert {"四-2", "九"} <= clauses and "三（一）" not in clauses  # 三（一） is 洪泽's
        Select(driver.find_element(By.ID, "f-clause")).select_by_value("四-2")
        driver.find_element(By.ID, "f-title").send_keys(TITLE)
        driver.find_element(By.ID, "f-body").send_keys(BODY)

        # The message as WeChat shows it, updated while typing: fields cut to 20 characters.
        shown = _shown_fields(driver, 通知标题=TITLE[:19] + "…", 通知内容=BODY[:19] + "…")
        # The clause as cited (四), not its internal id (四-2): 20 characters, not cut.
        assert shown["政策依据"] == "《关于推进技工强区建设的实施意见》 四"
        assert shown["通知内容"] == BODY[:19] + "…"
        cut = driver.find_element(By.ID, "wx-cut").text
        assert "通知标题" in cut and "通知内容" in cut and "政策依据" not in cut
        assert "点「详情」可看全文" in cut
        assert driver.find_element(By.CSS_SELECTOR, "#wx-message .wx-link").text.startswith("详情")

        # A district changed afterwards drops the document that is not its own.
        Select(driver.find_element(By.ID, "f-district")).select_by_value("洪泽区")
        assert _offered("f-doc", driver) == {"hongze-2021"}
        assert driver.find_element(By.ID, "f-doc").get_attribute("value") == ""
        Select(driver.find_element(By.ID, "f-district")).select_by_value("叶集区")
        Select(driver.find_element(By.ID, "f-doc")).select_by_value("yeji")
        Select(driver.find_element(By.ID, "f-clause")).select_by_value("四-2")
        wait_text(driver, TITLE[:19], "#wx-preview")

        driver.find_element(By.ID, "to-preview").click()
        wait_text(driver, "将发送给")
        assert driver.find_element(By.ID, "preview-count").text == "2"  # 叶集区 holders only
        on_draft = _shown_fields(driver)
        assert on_draft["通知标题"] == TITLE[:19] + "…"
        assert on_draft["政策依据"] == shown["政策依据"]
        driver.find_element(By.ID, "confirm-send").click()
        wait_text(driver, "已确认")
        drain(app)

        # What the workers received is what the preview showed.
        received = fake.messages
        assert sorted(m["touser"] for m in received) == ["oYjBrowser0", "oYjBrowser1"]
        data = received[0]["data"]
        assert data["thing1"]["value"] == on_draft["通知标题"]
        assert data["thing2"]["value"] == on_draft["政策依据"]
        assert data["thing4"]["value"] == on_draft["通知内容"]
        # 详情 opens each worker's own page of the notification (test_browser_notice.py).
        assert all("/n/" in m["url"] for m in received)
        assert len({m["url"] for m in received}) == 2
    with app.app_context():
        listener.register_death()
    clear_queue(app)


def test_district_staff_without_sending_set_up_see_what_is_missing_and_no_send_button(
    make_app, real_knowledge, driver
):
    app = make_app(
        knowledge=real_knowledge,
        WECHAT_APP_ID=None,
        WECHAT_APP_SECRET=None,
        WECHAT_ENCODING_AES_KEY=None,
        WECHAT_TEMPLATE_ID=None,
    )
    with app.app_context():
        policy = make_staff("policy", district="台儿庄区")
        add_card("oTezBrowser", district="台儿庄区", skill_level="技师")
        db.session.remove()
    with served(app) as base:
        login(driver, base, policy.username, shows="政策通知", where="header nav")
        driver.get(f"{base}/console/notifications/new")
        missing = driver.find_element(By.ID, "not-configured").text
        assert "WECHAT_APP_ID" in missing and "WECHAT_TEMPLATE_ID" in missing
        # Staff of one district: only that district and its document.
        assert _offered("f-district", driver) == {"台儿庄区"}
        assert _offered("f-doc", driver) == {"taierzhuang-2021"}
        Select(driver.find_element(By.ID, "f-doc")).select_by_value("taierzhuang-2021")
        driver.find_element(By.ID, "f-title").send_keys("技能人才引进补贴")
        driver.find_element(By.ID, "f-body").send_keys("请到区人社局申报。")
        wait_text(driver, "台人社发〔2021〕17号", "#wx-preview")

        driver.find_element(By.ID, "to-preview").click()
        wait_text(driver, "将发送给")
        assert driver.find_element(By.ID, "preview-count").text == "1"
        assert _shown_fields(driver)["通知标题"] == "技能人才引进补贴"
        assert "WECHAT_APP_SECRET" in driver.find_element(By.ID, "not-configured").text
        assert driver.find_elements(By.ID, "confirm-send") == []
        assert driver.find_elements(By.ID, "confirm-form") == []


def test_a_draft_names_its_linked_document_by_wenhao_and_title(make_app, real_knowledge, driver):
    """The draft page's 关联文件 reads as staff cite the document (文号《title》 clause), a
    draft document marked so — never the internal document id."""
    app = make_app(knowledge=real_knowledge)
    with app.app_context():
        policy = make_staff("policy")
        author = actor_of(policy)
        hongze = notif.create_draft(
            author,
            title="洪泽区技能提升补贴",
            body="正文",
            audience={"kind": "followers"},
            link_doc="hongze-2021",
            link_clause="三（一）1",
        )
        draft_doc = notif.create_draft(
            author,
            title="连云港征求意见",
            body="正文",
            audience={"kind": "followers"},
            link_doc="lianyungang-draft",
        )
        db.session.remove()
    with served(app) as base:
        login(driver, base, policy.username, shows="政策通知", where="header nav")
        driver.get(f"{base}/console/notifications/{hongze.id}")
        wait_text(driver, "关联文件")
        link = driver.find_element(By.ID, "link").text
        assert link == "洪办发〔2021〕10号《洪泽区产业工人队伍建设实施方案》 三（一）1"
        driver.get(f"{base}/console/notifications/{draft_doc.id}")
        wait_text(driver, "关联文件")
        link = driver.find_element(By.ID, "link").text
        assert link.endswith("（征求意见稿）") and "lianyungang-draft" not in link
