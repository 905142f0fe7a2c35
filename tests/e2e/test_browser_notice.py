"""The worker's page of a notification in a real headless Chromium at phone width (375 px):
the WeChat template message carries only 19 characters of the body, its 详情 opens the
worker's own page with the whole notification and the linked clause, and from there the
clause in the document. A link is the recipient's own: another's cannot be made from it,
and it shows nobody else's line; after 90 days it no longer shows their own line either. Only what is on the screen is asserted."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote, urlsplit

import pytest
from factories.browser import PHONE, screenshot, served, wait_text
from itsdangerous import URLSafeSerializer
from notif_helpers import add_card, clear_queue, drain, notify_config, staff
from selenium.webdriver.common.by import By
from sqlalchemy import select

from bluecard.extensions import db
from bluecard.models import NotificationRecipient, utcnow
from bluecard.notifications import services as notif

pytestmark = pytest.mark.e2e

TITLE = "叶集区高技能人才引进补贴开始申报"
BODY = (
    "企业从区外引进的技师、高级技师，请于12月31日前持蓝卡到区政务服务中心申报。\n"
    "申报材料：职业技能等级证书原件、劳动合同、社保缴费证明。\n"
    "咨询电话见区人社局公告栏，节假日不受理。"
)
MINE = "新政策：你可申领生活和住房补贴30000元（《关于推进技工强区建设的实施意见》四）"


def _no_sideways_scroll(driver) -> None:
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px phone"


def test_details_opens_the_workers_own_page_of_the_whole_notification(
    make_app, real_knowledge, fake, browsers
):
    app = make_app(knowledge=real_knowledge, **notify_config(fake))
    with app.app_context():
        policy = staff("policy")
        add_card("oNoticeA", district="叶集区")
        add_card("oNoticeB", district="叶集区")
        draft = notif.create_draft(
            policy,
            title=TITLE,
            body=BODY,
            audience={"kind": "card_holders", "district": "叶集区"},
            link_doc="yeji",
            link_clause="四-2",
        )
        notif.confirm(policy, draft.id)
        drain(app)
        received = {m["touser"]: m for m in fake.messages}
        rows = {
            r.openid: r
            for r in db.session.execute(
                select(NotificationRecipient).where(
                    NotificationRecipient.notification_id == draft.id
                )
            ).scalars()
        }
        rows["oNoticeA"].personal = MINE  # what proactive matching writes for this worker
        row_a = rows["oNoticeA"].id
        db.session.commit()
        db.session.remove()
    assert set(received) == {"oNoticeA", "oNoticeB"}
    # WeChat shows 19 characters of the body; 详情 is each worker's own link.
    assert received["oNoticeB"]["data"]["thing4"]["value"] == BODY[:19] + "…"
    path_a = urlsplit(received["oNoticeA"]["url"]).path
    path_b = urlsplit(received["oNoticeB"]["url"]).path
    assert path_a.startswith("/n/") and path_b.startswith("/n/") and path_a != path_b

    phone = browsers(PHONE)
    with served(app) as base:
        phone.get(base + path_b)
        wait_text(phone, TITLE, "#notice-title")
        body = phone.find_element(By.ID, "notice-body").text
        assert "咨询电话见区人社局公告栏，节假日不受理。" in body  # the whole text, every line
        assert len(phone.find_elements(By.CSS_SELECTOR, "#notice-body p")) == 3
        assert phone.find_elements(By.ID, "notice-mine") == []  # A's line is not on B's page
        clause = phone.find_element(By.ID, "notice-clause").text
        assert "《关于推进技工强区建设的实施意见》" in clause and "四" in clause
        page = phone.find_element(By.TAG_NAME, "body").text
        assert "oNotice" not in page and "工人" not in page  # no openid, no name
        _no_sideways_scroll(phone)
        screenshot(phone, "notice-phone")

        # From the page to the clause in the document, scrolled to and marked.
        phone.find_element(By.ID, "clause-link").click()
        wait_text(phone, "关于推进技工强区建设的实施意见", "h1")
        assert unquote(phone.execute_script("return location.hash")) == "#c-四-2"
        target = phone.find_element(By.CSS_SELECTOR, ".clause:target")
        assert target.get_attribute("id") == "c-四-2" and target.text
        _no_sideways_scroll(phone)
        screenshot(phone, "notice-clause-phone")

        # A's page shows A's own line.
        phone.get(base + path_a)
        wait_text(phone, "30000元", "#notice-mine")

        # A link altered by hand, or one made for another row without the key, opens nothing.
        token = path_a.removeprefix("/n/")
        phone.get(f"{base}/n/{token[:-2]}xx")
        wait_text(phone, "找不到这条通知")
        forged = URLSafeSerializer("guessed-key", salt="notification-page").dumps(1)
        phone.get(f"{base}/n/{forged}")
        wait_text(phone, "找不到这条通知")
        assert phone.find_elements(By.ID, "notice") == []

        # After NOTICE_PERSONAL_DAYS (90) a forwarded link still shows the notification, not
        # A's own line, and says where to see it.
        with app.app_context():
            row = db.session.get(NotificationRecipient, row_a)
            row.sent_at = utcnow() - timedelta(days=91)
            db.session.commit()
            db.session.remove()
        phone.get(base + path_a)
        wait_text(phone, "已过期", "#notice-expired")
        assert "小程序" in phone.find_element(By.ID, "notice-expired").text
        assert phone.find_elements(By.ID, "notice-mine") == []
        assert "30000元" not in phone.find_element(By.TAG_NAME, "body").text
        assert "咨询电话见区人社局公告栏" in phone.find_element(By.ID, "notice-body").text
        _no_sideways_scroll(phone)
    clear_queue(app)
