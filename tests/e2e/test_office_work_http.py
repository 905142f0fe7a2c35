"""Issue 12 over HTTP: the 受理 checklist in the console and the staff API (an unchecked item
refused with the checklist shown again); suspending and resuming a card through the staff
API; 申兑指南 for workers (mini-program API and a public page) and staff; the dashboard page
per role; paying alone an application in a pending payout batch refused in the console and
the API with a Chinese message."""

from __future__ import annotations

import re

import pytest
from factories.console import (
    CHIEF_RULE,
    active_card,
    actor_of,
    checklist,
    console_client,
    make_staff,
    staff_login,
)
from sqlalchemy import select

from bluecard.cards import services as cards
from bluecard.extensions import db
from bluecard.ledger import services as ledger
from bluecard.models import AuditLog
from bluecard.payouts import services as payouts

pytestmark = pytest.mark.e2e


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _text(response) -> str:
    return response.get_data(as_text=True)


# -- 受理 ------------------------------------------------------------------------------------
def test_the_console_opens_an_application_only_with_every_item_checked(ctx):
    card = active_card()
    clerk, _ = console_client(ctx, "clerk")
    page = f"/console/cards/{card.id}"
    assert f"/console/cards/{card.id}/applications/new?rule_id={CHIEF_RULE}" in _text(
        clerk.get(page)
    )
    intake = f"{page}/applications/new?rule_id={CHIEF_RULE}"
    html = _text(clerk.get(intake))
    assert "受理核对清单" in html and "核验：在“六安市首席技师”聘任期内" in html
    assert "未规定，请咨询窗口" in html and "60个工作日" in html
    keys = checklist()
    partly = clerk.post_form(
        intake, f"{page}/applications", {"rule_id": CHIEF_RULE, "confirmed": keys[:1]}
    )
    assert partly.status_code == 422
    assert "尚未确认「核验：在“六安市首席技师”聘任期内」" in _text(partly)
    assert 'id="checklist"' in _text(partly)  # the checklist again, the ticked item kept
    ticked = re.search(rf'<input[^>]*value="{keys[0]}"[^>]*>', _text(partly))
    assert ticked and " checked" in ticked.group(0)
    unticked = re.search(rf'<input[^>]*value="{keys[1]}"[^>]*>', _text(partly))
    assert unticked and " checked" not in unticked.group(0)
    assert ledger.applications_for_card(card.id) == []
    done = clerk.post_form(
        intake, f"{page}/applications", {"rule_id": CHIEF_RULE, "confirmed": keys}
    )
    assert done.status_code == 303
    assert "办理时限 60 个工作日" in _text(clerk.get(page))


def test_the_staff_api_gives_the_checklist_and_needs_it_confirmed(ctx):
    card = active_card()
    client, token = ctx.test_client(), staff_login(ctx, "clerk")["token"]
    got = client.get(
        f"/api/v1/staff/cards/{card.id}/checklist",
        query_string={"rule_id": CHIEF_RULE},
        headers=_auth(token),
    )
    assert got.status_code == 200
    items = got.get_json()["checklist"]
    assert items[0]["text"] == "核验：获得“六安市首席技师”称号"
    url = f"/api/v1/staff/cards/{card.id}/applications"
    missing = client.post(url, json={"rule_id": CHIEF_RULE}, headers=_auth(token))
    assert missing.status_code == 422
    assert missing.get_json()["error"]["code"] == "checklist_incomplete"
    assert "尚未确认" in missing.get_json()["error"]["message"]
    opened = client.post(
        url,
        json={"rule_id": CHIEF_RULE, "confirmed": [i["key"] for i in items]},
        headers=_auth(token),
    )
    assert opened.status_code == 201
    body = opened.get_json()
    assert body["processing_days"] == 60 and body["due_on"] and body["overdue"] is False


# -- suspension ------------------------------------------------------------------------------
def test_suspend_and_resume_through_the_staff_api(ctx):
    card = active_card()
    client = ctx.test_client()
    clerk, reviewer = staff_login(ctx, "clerk")["token"], staff_login(ctx, "reviewer")["token"]
    url = f"/api/v1/staff/cards/{card.id}"
    code = cards.static_code(card.id, actor_of(make_staff("clerk"))).token  # printed before
    denied = client.post(f"{url}/suspend", json={"reason": "核查"}, headers=_auth(clerk))
    assert denied.status_code == 403
    blank = client.post(f"{url}/suspend", json={"reason": ""}, headers=_auth(reviewer))
    assert blank.status_code == 422
    done = client.post(f"{url}/suspend", json={"reason": "社保核查中"}, headers=_auth(reviewer))
    assert done.status_code == 200
    assert done.get_json()["status"] == "suspended" and done.get_json()["status_label"] == "已暂停"
    assert done.get_json()["suspension"]["reason"] == "社保核查中"
    scanned = client.post("/api/v1/staff/scan", json={"code": code}, headers=_auth(clerk))
    assert scanned.status_code == 200
    assert scanned.get_json()["card"]["status"] == "suspended"
    assert scanned.get_json()["benefits"] == [] and "暂停" in scanned.get_json()["benefits_note"]
    public = client.get(f"/c/{code}")
    assert public.status_code == 410 and "此卡已暂停使用" in _text(public)
    twice = client.post(f"{url}/suspend", json={"reason": "再次"}, headers=_auth(reviewer))
    assert twice.status_code == 409 and twice.get_json()["error"]["code"] == "invalid_transition"
    back = client.post(f"{url}/resume", json={"reason": "核查无误"}, headers=_auth(reviewer))
    assert back.status_code == 200 and back.get_json()["status"] == "active"
    assert client.get(f"/c/{code}").status_code == 200
    actions = [
        a.action
        for a in db.session.execute(
            select(AuditLog).where(AuditLog.target_id == str(card.id)).order_by(AuditLog.id)
        ).scalars()
    ]
    assert "card.suspend" in actions and "card.resume" in actions


def test_the_console_suspends_with_a_reason_and_the_audit_log_names_it(ctx):
    card = active_card()
    reviewer, _ = console_client(ctx, "reviewer")
    page = f"/console/cards/{card.id}"
    assert 'id="suspend"' in _text(reviewer.get(page))
    no_reason = reviewer.post_form(page, f"{page}/suspend", {"reason": " "})
    assert no_reason.status_code == 400 and "请填写理由" in _text(no_reason)
    reviewer.post_form(page, f"{page}/suspend", {"reason": "核查中"})
    html = _text(reviewer.get(page))
    assert "蓝卡已暂停" in html  # the flash after the redirect
    assert "此卡已暂停使用" in html and "暂停原因：核查中" in html and 'id="resume"' in html
    again = reviewer.post_form(page, f"{page}/suspend", {"reason": "再次暂停"})
    assert again.status_code == 409 and "未能暂停：" in _text(again)
    reviewer.post_form(page, f"{page}/resume", {"reason": "核查完毕"})
    assert "蓝卡已恢复使用" in _text(reviewer.get(page))
    reviewer.post_form(page, f"{page}/suspend", {"reason": "核查中"})
    clerk, _ = console_client(ctx, "clerk")
    assert 'id="suspend"' not in _text(clerk.get(page))  # the clerk cannot suspend
    admin, _ = console_client(ctx, "admin")
    log = _text(admin.get("/console/audit", query_string={"card": card.id}))
    assert "暂停蓝卡" in log
    # The audit log's date filter says what is wrong, as the ledger's does.
    bad = _text(admin.get("/console/audit", query_string={"date_from": "2026-13-01"}))
    assert "起始日期格式应为 2026-11-30" in bad
    backwards = {"date_from": "2026-05-01", "date_to": "2026-01-01"}
    assert "起始日期晚于截止日期" in _text(admin.get("/console/audit", query_string=backwards))


# -- 申兑指南 for workers and staff ------------------------------------------------------------
def test_workers_read_the_guides_in_the_mini_program_and_on_a_page(ctx):
    client = ctx.test_client()
    listed = client.get("/api/v1/guides", query_string={"district": "六安市叶集区"})
    assert listed.status_code == 200
    body = listed.get_json()
    assert body["district"] == "叶集区" and body["items"]
    chief = next(g for g in body["items"] if g["rule_id"] == CHIEF_RULE)
    assert chief["who"]["source"] == "document" and "每人每月600元" in chief["who"]["quote"]
    assert chief["phone"] == {
        "text": "未规定，请咨询窗口",
        "source": "unknown",
        "citation": None,
        "quote": None,
    }
    assert chief["processing_days"] == 60 and chief["processing"]["source"] == "default"
    one = client.get(f"/api/v1/guides/{CHIEF_RULE}")
    assert one.status_code == 200 and one.get_json()["district"] == "叶集区"
    taierzhuang = client.get("/api/v1/guides", query_string={"district": "台儿庄区"}).get_json()
    where = taierzhuang["items"][0]["where"]
    assert where["source"] == "document" and where["quote"] == "在市民中心开设高技能人才服务窗口"
    nowhere = client.get("/api/v1/guides", query_string={"district": "苏州市"})
    assert nowhere.status_code == 404 and nowhere.get_json()["error"]["code"] == "region_not_found"
    wrong = client.get(f"/api/v1/guides/{CHIEF_RULE}", query_string={"district": "洪泽区"})
    assert wrong.status_code == 404
    page = client.get("/guides/叶集区")
    assert page.status_code == 200
    assert "六安市首席技师聘任期内每月奖励" in _text(page) and "未规定，请咨询窗口" in _text(page)
    assert client.get("/guides/苏州市").status_code == 404


def test_staff_read_their_districts_guides(ctx):
    clerk, _ = console_client(ctx, "clerk")
    html = _text(clerk.get("/console/guides"))
    assert "申兑指南 · 叶集区" in html and "六安市首席技师聘任期内每月奖励" in html
    assert "文件原文" in html and "默认时限" in html


# -- dashboards ------------------------------------------------------------------------------
def test_each_role_sees_its_worklists_on_the_first_page(ctx):
    opener = actor_of(make_staff("clerk"))
    ledger.open_application(active_card().id, CHIEF_RULE, opener, confirmed=checklist())
    clerk, _ = console_client(ctx, "clerk")
    html = _text(clerk.get("/console/"))
    assert "办理中的补贴申请（1）" in html and "待审核的蓝卡" not in html
    reviewer, _ = console_client(ctx, "reviewer")
    html = _text(reviewer.get("/console/"))
    assert "待审核的蓝卡（0）" in html and "待审批的补贴申请（1）" in html
    finance, _ = console_client(ctx, "finance")
    html = _text(finance.get("/console/"))
    assert "待发放的补贴申请（0）" in html and "待审批的补贴申请" not in html
    policy, _ = console_client(ctx, "policy")
    html = _text(policy.get("/console/"))
    assert "补贴申请（按状态）" not in html


# -- paying alone what a batch holds -----------------------------------------------------------
def test_paying_alone_what_a_pending_batch_holds_is_refused_in_chinese(ctx):
    opener = actor_of(make_staff("clerk"))
    app = ledger.open_application(active_card().id, CHIEF_RULE, opener, confirmed=checklist())
    ledger.decide_application(app.id, actor_of(make_staff("reviewer")), approve=True)
    batch = payouts.create_batch(actor_of(make_staff("finance")), [app.id])
    finance, _ = console_client(ctx, "finance")
    page = f"/console/cards/{app.card_id}"
    html = _text(finance.get(page))
    assert "已列入发放批次" in html and 'class="pay"' not in html
    refused = finance.post_form(page, f"/console/applications/{app.id}/pay", {})
    assert refused.status_code == 409
    assert f"该申请已列入发放批次 #{batch.id}（待发放），不能单笔发放" in _text(refused)
    token = staff_login(ctx, "finance")["token"]
    api = ctx.test_client().post(f"/api/v1/staff/applications/{app.id}/pay", headers=_auth(token))
    assert api.status_code == 409 and api.get_json()["error"]["code"] == "in_payout_batch"
    assert ledger.get_application(app.id).status == "approved"
