"""Policy notifications as staff use them: the console (compose → preview → confirm →
progress), the staff API, the mini-program subscription endpoint, delivery receipts through
the signed WeChat callback, and proactive matching after a rule change."""

from __future__ import annotations

import re

import pytest
from factories.console import actor_of, bearer, console_client, make_staff, staff_login
from notif_helpers import (
    MINI_TEMPLATE_ID,
    add_card,
    add_follower,
    drain,
    notify_config,
    received_by,
)
from rq import Worker
from sqlalchemy import select

from bluecard.extensions import db
from bluecard.models import NotificationRecipient
from bluecard.notifications import services as notif
from bluecard.notifications import worker

pytestmark = pytest.mark.e2e


def test_policy_staff_sends_to_yeji_technicians_from_the_console(napp, fake):
    """The issue's done criterion, as a new policy-staff user would do it."""
    for i in range(4):
        add_card(f"oYjTech{i}", district="叶集区", skill_level="技师")
    add_card("oYjUnsub", district="叶集区", skill_level="技师", follower=False)
    add_card("oYjSenior", district="叶集区", skill_level="高级工")
    add_card("oHzTech", district="洪泽区", skill_level="技师")
    browser, _ = console_client(napp, "policy")

    page = browser.get("/console/notifications/new")
    assert page.status_code == 200 and "撰写政策通知" in page.get_data(as_text=True)
    form = {
        "title": "叶集区技师补贴申报开始",
        "body": "请持蓝卡到区政务服务中心窗口申报。",
        "link_doc": "fake-2021",
        "link_clause": "一",
        "kind": "card_holders",
        "district": "叶集区",
        "skill_level": "技师",
        "employer": "",
        "send_at": "",
    }
    created = browser.post_form("/console/notifications/new", "/console/notifications/new", form)
    assert created.status_code == 303
    preview_url = created.headers["Location"]
    preview = browser.get(preview_url).get_data(as_text=True)
    assert re.search(r'id="preview-count">4<', preview)  # the unsubscribed one is not counted

    confirmed = browser.post_form(preview_url, preview_url + "/confirm", {})
    assert confirmed.status_code == 303
    drain(napp)

    assert sorted(received_by(fake)) == [f"oYjTech{i}" for i in range(4)]
    assert "oYjUnsub" not in received_by(fake)
    page = browser.get(preview_url).get_data(as_text=True)
    assert "已完成" in page
    assert re.search(r'data-state="sent">4<', page)
    listing = browser.get("/console/notifications").get_data(as_text=True)
    assert "叶集区技师补贴申报开始" in listing and 'data-state="sent">4<' in listing


def test_compose_names_bad_fields(napp, fake):
    browser, _ = console_client(napp, "policy")
    response = browser.post_form(
        "/console/notifications/new",
        "/console/notifications/new",
        {"title": "", "body": "正文", "kind": "card_holders", "district": "火星区", "link": ""},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-field="title"' in html and 'data-field="district"' in html


def test_clerk_may_not_open_notifications(napp, fake):
    browser, _ = console_client(napp, "clerk")
    assert browser.get("/console/notifications").status_code == 403
    assert browser.get("/console/notifications/new").status_code == 403


def test_console_shows_failures_with_reasons_and_quota_pause(napp, fake):
    add_follower("oRefuser")
    add_follower("oOk")
    fake.control(reject={"oRefuser": 43004})
    browser, _ = console_client(napp, "policy")
    created = browser.post_form(
        "/console/notifications/new",
        "/console/notifications/new",
        {"title": "通知", "body": "正文", "kind": "followers", "link": ""},
    )
    url = created.headers["Location"]
    browser.post_form(url, url + "/confirm", {})
    drain(napp)
    html = browser.get(url).get_data(as_text=True)
    assert "用户未关注或已拒收" in html and "43004" in html
    assert "oRefuser" not in html  # openids are pseudonymised on screen


def test_staff_api_preview_create_confirm_progress(napp, fake):
    add_card("oApi1", district="叶集区", skill_level="技师")
    add_card("oApi2", district="叶集区", skill_level="高级技师")
    client = napp.test_client()
    auth = bearer(napp, "policy")
    audience = {"kind": "card_holders", "district": "叶集区", "skill_level": "技师"}
    assert client.post(
        "/api/v1/staff/notifications/preview", json={"audience": audience}, headers=auth
    ).get_json() == {"count": 1}
    bad = client.post(
        "/api/v1/staff/notifications",
        json={"title": "", "body": "b", "audience": audience},
        headers=auth,
    )
    assert bad.status_code == 422
    assert bad.get_json()["error"]["fields"][0]["field"] == "title"
    created = client.post(
        "/api/v1/staff/notifications",
        json={"title": "API 通知", "body": "正文", "audience": audience},
        headers=auth,
    )
    assert created.status_code == 201 and created.get_json()["preview_count"] == 1
    nid = created.get_json()["id"]
    assert (
        client.post(f"/api/v1/staff/notifications/{nid}/confirm", headers=auth).status_code == 200
    )
    drain(napp)
    progress = client.get(f"/api/v1/staff/notifications/{nid}", headers=auth).get_json()
    assert progress["status"] == "done" and progress["counts"]["sent"] == 1
    assert received_by(fake) == ["oApi1"]
    # The draft's ``message`` is what the worker received, field by field.
    shown = [f["value"] for f in created.get_json()["message"]["fields"]]
    data = fake.messages[0]["data"]
    assert [shown[0], shown[1], shown[3]] == [
        data[k]["value"] for k in ("thing1", "thing2", "thing4")
    ]
    assert shown[0] == "API 通知" and created.get_json()["message"]["url"] is None
    missing = " ".join(created.get_json()["sending"]["missing"])
    assert "WECHAT_APP_ID" not in missing and "WECHAT_TEMPLATE_ID" not in missing
    again = client.post(f"/api/v1/staff/notifications/{nid}/confirm", headers=auth)
    assert again.status_code == 409


def test_clerk_token_gets_403_from_the_staff_api(napp, fake):
    client = napp.test_client()
    token = staff_login(napp, "clerk", window="3号窗口")["token"]
    response = client.post(
        "/api/v1/staff/notifications",
        json={"title": "t", "body": "b", "audience": {"kind": "followers"}},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403


def test_template_send_job_finish_updates_delivery(napp, fake, wx):
    add_follower("oReceipt")
    actor = actor_of(make_staff("policy"))
    draft = notif.create_draft(actor, title="通知", body="正文", audience={"kind": "followers"})
    notif.confirm(actor, draft.id, parallel=1)
    drain(napp)
    msgid = fake.messages[0]["msgid"]
    client = napp.test_client()
    xml = wx.event(
        "TEMPLATESENDJOBFINISH",
        openid="oReceipt",
        extra=f"<MsgID>{msgid}</MsgID><Status><![CDATA[failed:user block]]></Status>",
    )
    assert wx.post(client, xml, mode="aes").status_code == 200
    row = db.session.execute(
        select(NotificationRecipient).where(NotificationRecipient.openid == "oReceipt")
    ).scalar_one()
    assert row.delivery == "failed:user block"
    view = notif.get_notification(draft.id)
    assert view.delivery == {"failed:user block": 1}


def test_miniapp_subscription_endpoint(napp, fake):
    from bluecard.staff.sessions import open_session

    token = open_session("oMiniUser", 3600).token
    client = napp.test_client()
    response = client.post(
        "/api/v1/notifications/subscriptions",
        json={"template_id": MINI_TEMPLATE_ID, "accepted": True},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200 and response.get_json() == {"remaining": 1}
    assert (
        client.post(
            "/api/v1/notifications/subscriptions",
            json={"template_id": MINI_TEMPLATE_ID, "accepted": True},
        ).status_code
        == 401
    )


def test_with_a_queue_and_no_worker_the_draft_offers_no_send_button(napp, fake, monkeypatch):
    """With REDIS_URL set, sends wait in the RQ queue: while no worker listens, the draft
    says so instead of offering 确认发送; once one registers, the button is there."""
    monkeypatch.setattr(worker, "uses_queue", lambda: True)  # as with REDIS_URL set
    add_card("oQueued", district="叶集区", skill_level="技师")
    browser, _ = console_client(napp, "policy")
    created = browser.post_form(
        "/console/notifications/new",
        "/console/notifications/new",
        {"title": "通知", "body": "正文", "kind": "card_holders", "district": "叶集区"},
    )
    url = created.headers["Location"]
    waiting = browser.get(url).get_data(as_text=True)
    assert 'id="not-configured"' in waiting and "python -m bluecard.notifications.worker" in waiting
    assert 'id="confirm-send"' not in waiting

    listener = Worker([worker.notify_queue()], connection=worker.notify_queue().connection)
    listener.register_birth()
    try:
        ready = browser.get(url).get_data(as_text=True)
    finally:
        listener.register_death()
    assert 'id="confirm-send"' in ready and 'id="not-configured"' not in ready


def test_district_staff_cannot_link_another_districts_document(make_app, real_knowledge, fake):
    app = make_app(knowledge=real_knowledge, **notify_config(fake))
    with app.app_context():
        account = make_staff("policy", district="叶集区")
        actor = actor_of(account)
        choices = notif.compose_choices(actor)
        assert [d.doc_id for d in choices.documents] == ["yeji"]
        assert choices.districts == ("叶集区",)
        with pytest.raises(notif.NotificationFormError) as refused:
            notif.create_draft(
                actor,
                title="通知",
                body="正文",
                audience={"kind": "card_holders"},
                link_doc="hongze-2021",
            )
        assert refused.value.errors == {"link_doc": "只能关联本区县（叶集区）的政策文件"}
        # The preview never cites it either.
        preview = notif.preview_message(actor, title="通知", body="正文", link_doc="hongze-2021")
        assert dict(preview.fields)["政策依据"] == "技工蓝卡政策通知" and preview.url is None
