"""The staff console through Flask's test client, used like a browser: forms carry the CSRF
token of the page they came from, cookies are kept. What a clerk, reviewer or finance officer
sees on the page is what is asserted."""

from __future__ import annotations

import io
import time
from html import unescape as html_unescape

import openpyxl
import pytest
from factories.console import (
    CHIEF_RULE,
    PASSWORD,
    WINDOW,
    Browser,
    active_card,
    actor_of,
    checklist,
    console_client,
    csrf_token,
    make_staff,
    pending_card,
)
from factories.ledger import open_at_window
from sqlalchemy import select

from bluecard.cards import qr
from bluecard.cards import services as cards
from bluecard.extensions import db
from bluecard.ledger import services as ledger
from bluecard.models import AuditLog
from bluecard.runtime import current_runtime

pytestmark = pytest.mark.e2e

SCRIPT = "<script>alert(1)</script>"
SQLI = "' OR '1'='1"
NASTY = [SCRIPT, SQLI, "'; DROP TABLE staff_user;--", "\x00\x1f", "１" * 3000]


@pytest.fixture
def browser(app) -> Browser:
    return Browser(app.test_client())


def _audit(action: str) -> list[AuditLog]:
    db.session.expire_all()
    query = select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
    rows = db.session.execute(query).scalars()
    return list(rows)


def _text(response) -> str:
    return response.get_data(as_text=True)


# -- login, CSRF, rate limit, sessions ------------------------------------------------------
def test_login_page_asks_username_password_and_window(browser):
    page = browser.get("/console/login")
    html = _text(page)
    assert page.status_code == 200
    for field in ('name="username"', 'name="password"', 'name="window"', 'name="csrf_token"'):
        assert field in html
    assert "所在窗口" in html
    assert "http://" not in html and "https://" not in html  # no CDN: our own CSS and JS


def test_login_shows_who_and_where_and_sets_a_safe_cookie(ctx, browser):
    account = make_staff("clerk")
    response = browser.login(account.username)
    assert response.status_code == 303 and response.headers["Location"].endswith("/console/")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = _text(browser.get("/console/"))
    assert "测试clerk" in page and "窗口受理员" in page and WINDOW in page
    assert "扫码" in page and "资金发放台账" not in page  # nav by permission
    assert [a.window for a in _audit("login.ok")] == [WINDOW]


def test_wrong_password_is_refused_on_the_page(ctx, browser):
    account = make_staff("clerk")
    response = browser.login(account.username, "wrong password!")
    assert response.status_code == 401
    assert "用户名或密码错误" in _text(response)
    assert browser.get("/console/scan").status_code == 303  # still logged out


def test_missing_window_is_named(ctx, browser):
    account = make_staff("clerk")
    response = browser.login(account.username, window="")
    assert response.status_code == 400 and "请填写所在窗口" in _text(response)


def test_post_without_csrf_token_is_refused(ctx, browser):
    account = make_staff("clerk")
    no_token = browser.post(
        "/console/login",
        data={"username": account.username, "password": PASSWORD, "window": WINDOW},
    )
    assert no_token.status_code == 400 and "请刷新页面后重试" in _text(no_token)
    assert _audit("login.ok") == []
    browser.login(account.username)
    forged = browser.post("/console/scan", data={"code": "x", "csrf_token": "forged"})
    assert forged.status_code == 400
    assert _audit("card.scan") == []


def test_login_rate_limit(make_app, echo_bot):
    app = make_app(bot=echo_bot, LOGIN_RATE_LIMIT="3 per minute")
    browser = Browser(app.test_client())
    with app.app_context():
        make_staff("clerk", username="ratelimited")
    statuses = [browser.login("ratelimited", "wrong password!").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    blocked = browser.login("ratelimited")  # even the right password, from this address
    assert blocked.status_code == 429 and "登录尝试过于频繁" in _text(blocked)
    # The API login shares the count (same client address) and answers the error shape.
    api = app.test_client().post(
        "/api/v1/staff/login",
        json={"username": "ratelimited", "password": PASSWORD, "window": WINDOW},
    )
    assert api.status_code == 429 and api.get_json()["error"]["code"] == "rate_limited"


def test_idle_session_expires(make_app, echo_bot):
    app = make_app(bot=echo_bot, STAFF_SESSION_TTL=60)
    browser, _ = console_client(app)
    assert browser.get("/console/scan").status_code == 200
    with browser.client.session_transaction() as session:
        session["seen"] = int(time.time()) - 61  # a minute of idleness, as the clock would
    response = browser.get("/console/scan")
    assert response.status_code == 303 and "/console/login" in response.headers["Location"]
    login_page = _text(browser.get(response.headers["Location"]))
    assert "会话已过期，请重新登录" in login_page
    assert browser.get("/console/scan").status_code == 303  # really logged out


def test_activity_keeps_the_session_alive(make_app, echo_bot):
    app = make_app(bot=echo_bot, STAFF_SESSION_TTL=60)
    browser, _ = console_client(app)
    with browser.client.session_transaction() as session:
        session["seen"] = int(time.time()) - 50
    assert browser.get("/console/scan").status_code == 200
    with browser.client.session_transaction() as session:
        assert session["seen"] >= int(time.time()) - 2


def test_login_starts_a_fresh_session(ctx, browser):
    account = make_staff("clerk")
    with browser.client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["staff_id"] = 999999
    browser.login(account.username)
    with browser.client.session_transaction() as session:
        assert "planted" not in session and session["staff_id"] == account.id


def test_logout_needs_the_form_and_ends_the_session(ctx):
    browser, _ = console_client(ctx, "clerk")
    response = browser.post_form("/console/", "/console/logout", {})
    assert response.status_code == 303
    assert browser.get("/console/").status_code == 303


def test_next_only_returns_to_console_pages(ctx, browser):
    account = make_staff("clerk")
    page = _text(browser.get("/console/login?next=https://evil.example/"))
    response = browser.post(
        "/console/login?next=https://evil.example/",
        data={
            "csrf_token": csrf_token(page),
            "username": account.username,
            "password": PASSWORD,
            "window": WINDOW,
        },
    )
    assert response.headers["Location"].endswith("/console/")


# -- scanning and the card view ---------------------------------------------------------------
def test_scan_dynamic_code_shows_masked_card_with_benefits(ctx):
    card = active_card()
    browser, _ = console_client(ctx, "clerk")
    code = cards.dynamic_code(card.openid)
    response = browser.post_form("/console/scan", "/console/scan", {"code": code.url})
    assert response.status_code == 303
    page = browser.get(response.headers["Location"])
    html = _text(page)
    assert page.status_code == 200
    assert "扫码成功（动态码）" in html
    assert "王*国" in html and "王建国" not in html
    full = cards.get_card(card.id, reveal=True)
    assert full.id_number not in html and full.phone not in html
    assert card.card_no in html and "技师" in html and "叶集区" in html
    assert "叶集精工机械有限公司" in html
    assert "六安市首席技师聘任期内每月奖励" in html and ">600<" in html
    assert "受理申请" in html
    assert "批准" not in html  # a clerk may not decide
    scans = _audit("card.scan")
    assert [(s.outcome, s.window, s.target_id) for s in scans] == [("ok", WINDOW, str(card.id))]


def test_reviewer_sees_full_personal_data(ctx):
    card = active_card()
    browser, _ = console_client(ctx, "reviewer")
    html = _text(browser.get(f"/console/cards/{card.id}"))
    assert "王建国" in html
    assert cards.get_card(card.id, reveal=True).id_number in html
    assert _audit("card.view")[-1].detail == {"pii": True}


@pytest.mark.parametrize(
    ("make_code", "headline"),
    [
        (lambda c: c.url[:-3] + ("AAA" if not c.url.endswith("AAA") else "BBB"), "伪造或被篡改"),
        (lambda c: "not a code at all", "无法识别"),
        (lambda c: SQLI, "无法识别"),
        (lambda c: SCRIPT, "无法识别"),
    ],
)
def test_bad_codes_are_refused_with_the_reason(ctx, make_code, headline):
    card = active_card()
    browser, _ = console_client(ctx, "clerk")
    code = make_code(cards.dynamic_code(card.openid))
    response = browser.post_form("/console/scan", "/console/scan", {"code": code})
    html = _text(response)
    assert response.status_code == 422
    assert headline in html or "二维码无效" in html
    assert SCRIPT not in html
    assert _audit("card.scan")[-1].outcome == "refused"


def test_expired_and_revoked_codes_say_so(ctx):
    card = active_card()
    browser, _ = console_client(ctx, "clerk")
    runtime = current_runtime()
    expired_token, _ = qr.issue_token(
        runtime.signing_key, card.id, 1, qr.KIND_DYNAMIC, ttl_seconds=90, now=time.time() - 600
    )
    expired = browser.post_form(
        "/console/scan",
        "/console/scan",
        {"code": qr.token_url(runtime.settings.public_base_url, expired_token)},
    )
    assert expired.status_code == 422 and "二维码已过期" in _text(expired)

    reviewer = make_staff("reviewer")
    printed = cards.static_code(card.id, actor_of(reviewer))
    cards.reissue_static_code(card.id, actor_of(reviewer))
    revoked = browser.post_form("/console/scan", "/console/scan", {"code": printed.url})
    assert revoked.status_code == 422 and "二维码已注销" in _text(revoked)


def test_empty_scan_is_a_polite_400(ctx):
    browser, _ = console_client(ctx, "clerk")
    response = browser.post_form("/console/scan", "/console/scan", {"code": "   "})
    assert response.status_code == 400 and "请扫描或粘贴蓝卡二维码" in _text(response)


def test_scan_page_works_with_a_keyboard_wedge_or_camera(ctx):
    browser, _ = console_client(ctx, "clerk")
    html = _text(browser.get("/console/scan"))
    assert 'id="code"' in html and "autofocus" in html
    assert "scan.js" in html and "<video" in html
    script = _text(browser.get("/console/static/scan.js"))
    assert "BarcodeDetector" in script


def test_unknown_card_is_a_404_page(ctx):
    browser, _ = console_client(ctx, "clerk")
    response = browser.get("/console/cards/987654")
    assert response.status_code == 404 and "<html" in _text(response)


# -- applications from the card view ------------------------------------------------------
def test_open_approve_pay_and_claw_back(ctx):
    card = active_card()
    clerk, _ = console_client(ctx, "clerk")
    page = f"/console/cards/{card.id}"
    opened = clerk.post_form(
        page, f"{page}/applications", {"rule_id": CHIEF_RULE, "confirmed": checklist()}
    )
    assert opened.status_code == 303
    html = _text(clerk.get(page))
    assert "已受理申请" in html and "600" in html and "已提交" in html

    again = clerk.post_form(
        page, f"{page}/applications", {"rule_id": CHIEF_RULE, "confirmed": checklist()}
    )
    assert again.status_code == 409 and "未能受理" in _text(again)

    (application,) = ledger.applications_for_card(card.id)
    denied = clerk.post_form(
        page, f"/console/applications/{application.id}/decide", {"decision": "approve"}
    )
    assert denied.status_code == 403 and "无权审批补贴申请" in _text(denied)
    assert _audit("application.decide")[-1].outcome == "denied"

    reviewer, _ = console_client(ctx, "reviewer")
    approved = reviewer.post_form(
        page, f"/console/applications/{application.id}/decide", {"decision": "approve"}
    )
    assert approved.status_code == 303
    assert "已批准" in _text(reviewer.get(page))

    finance, _ = console_client(ctx, "finance")
    finance.post_form(page, f"/console/applications/{application.id}/pay", {})
    html = _text(finance.get(page))
    assert "已发放" in html and ledger.CLAWBACK_DEFAULT_REASON in html  # prefilled
    back = finance.post_form(
        page,
        f"/console/applications/{application.id}/claw-back",
        {"reason": ledger.CLAWBACK_DEFAULT_REASON},
    )
    assert back.status_code == 303
    assert "已追回" in _text(finance.get(page))


def test_reject_needs_a_reason_and_shows_it_escaped(ctx):
    card = active_card()
    clerk, _ = console_client(ctx, "clerk")
    page = f"/console/cards/{card.id}"
    clerk.post_form(page, f"{page}/applications", {"rule_id": CHIEF_RULE, "confirmed": checklist()})
    (application,) = ledger.applications_for_card(card.id)
    reviewer, _ = console_client(ctx, "reviewer")
    url = f"/console/applications/{application.id}/decide"
    no_reason = reviewer.post_form(page, url, {"decision": "reject", "reason": " "})
    assert no_reason.status_code == 400 and "请填写理由" in _text(no_reason)
    bad = reviewer.post_form(page, url, {"decision": "maybe"})
    assert bad.status_code == 400
    reviewer.post_form(page, url, {"decision": "reject", "reason": SCRIPT + SQLI})
    html = _text(reviewer.get(page))
    assert "已驳回" in html
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_rule_or_bad_rule_id_is_refused(ctx):
    card = active_card()
    clerk, _ = console_client(ctx, "clerk")
    page = f"/console/cards/{card.id}"
    for rule_id in ("no-such-rule", SQLI, SCRIPT, ""):
        response = clerk.post_form(page, f"{page}/applications", {"rule_id": rule_id})
        assert 400 <= response.status_code < 500
        assert SCRIPT not in _text(response)
    assert ledger.applications_for_card(card.id) == []


# -- card review and static codes ---------------------------------------------------------
def test_reviewer_approves_and_rejects_card_applications(ctx):
    first = pending_card()
    second = pending_card()
    reviewer, _ = console_client(ctx, "reviewer")
    html = _text(reviewer.get("/console/review"))
    assert "王*国" in html and f'id="pending-{first.id}"' in html
    approved = reviewer.post_form(
        "/console/review", f"/console/cards/{first.id}/review", {"decision": "approve"}
    )
    assert approved.status_code == 303
    html = _text(reviewer.get("/console/review"))
    issued = cards.get_card(first.id)
    assert issued.status == "active" and f"已批准，卡号 {issued.card_no}" in html
    no_reason = reviewer.post_form(
        "/console/review", f"/console/cards/{second.id}/review", {"decision": "reject"}
    )
    assert no_reason.status_code == 400 and "请填写理由" in _text(no_reason)
    reviewer.post_form(
        "/console/review",
        f"/console/cards/{second.id}/review",
        {"decision": "reject", "reason": "证书编号与发证机构记录不符"},
    )
    rejected = cards.get_card(second.id)
    assert rejected.status == "rejected" and rejected.reject_reason == "证书编号与发证机构记录不符"


def test_clerk_cannot_review_cards(ctx):
    card = pending_card()
    clerk, _ = console_client(ctx, "clerk")
    assert clerk.get("/console/review").status_code == 403
    response = clerk.post_form(
        "/console/scan", f"/console/cards/{card.id}/review", {"decision": "approve"}
    )
    assert response.status_code == 403 and "无权审核蓝卡申请" in _text(response)
    assert cards.get_card(card.id).status == "pending"


def test_static_code_page_and_reissue(ctx):
    card = active_card()
    reviewer, _ = console_client(ctx, "reviewer")
    page = f"/console/cards/{card.id}/static-code"
    html = _text(reviewer.get(page))
    assert "<svg" in html and card.card_no in html and "王*国" in html
    old = cards.static_code(card.id, actor_of(make_staff("reviewer")))
    reissued = reviewer.post_form(page, f"{page}/reissue", {})
    assert reissued.status_code == 303
    assert "之前打印的二维码全部作废" in _text(reviewer.get(page))
    assert cards.public_status(old.token).reason_code == "revoked"


# -- ledger, exports, permissions -----------------------------------------------------------
def _paid_application(ctx) -> tuple[object, object]:
    card = active_card()
    clerk = make_staff("clerk")
    app = open_at_window(card.id, CHIEF_RULE, actor_of(clerk))
    ledger.decide_application(app.id, actor_of(make_staff("reviewer")), approve=True)
    return card, app


def test_clerk_cannot_export_the_ledger_and_it_is_audited(ctx):
    clerk, account = console_client(ctx, "clerk")
    for path in ("/console/ledger.xlsx", "/console/ledger.csv", "/console/ledger"):
        response = clerk.get(path)
        assert response.status_code == 403
        assert "无权查看和导出资金发放台账" in _text(response)
    denied = _audit("ledger.export")
    assert len(denied) == 3 and {d.outcome for d in denied} == {"denied"}
    assert {d.actor for d in denied} == {account.username}


def test_finance_filters_and_exports_the_ledger(ctx):
    card, _application = _paid_application(ctx)
    finance, _ = console_client(ctx, "finance")
    html = _text(finance.get("/console/ledger?district=叶集区&status=approved"))
    assert card.card_no in html and "六安市首席技师聘任期内每月奖励" in html
    assert "download-xlsx" in html
    empty = _text(finance.get("/console/ledger?status=paid"))
    assert "没有符合条件的记录" in empty

    xlsx = finance.get("/console/ledger.xlsx?district=叶集区")
    assert xlsx.status_code == 200
    assert xlsx.headers["Content-Disposition"].startswith("attachment;")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert card.card_no in cells
    csv = finance.get("/console/ledger.csv?rule_id=" + CHIEF_RULE)
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert card.card_no in csv.get_data(as_text=True)
    exports = _audit("ledger.export")
    assert [(e.outcome, e.detail["format"], e.detail["rows"]) for e in exports] == [
        ("ok", "xlsx", 1),
        ("ok", "csv", 1),
    ]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("date_from=2026-13-01", "起始日期"),
        ("date_to=yesterday", "截止日期"),
        ("date_from=2026-05-01&date_to=2026-01-01", "起始日期晚于截止日期"),
        ("district=北京市", "地区无效"),
        ("status=bogus", "状态无效"),
    ],
)
def test_bad_filters_are_named(ctx, query, named):
    finance, _ = console_client(ctx, "finance")
    for path in ("/console/ledger", "/console/applications", "/console/ledger.xlsx"):
        response = finance.get(f"{path}?{query}")
        assert response.status_code == 400 and named in _text(response)


def test_applications_list_for_window_staff(ctx):
    card, _ = _paid_application(ctx)
    clerk, _ = console_client(ctx, "clerk")
    html = _text(clerk.get("/console/applications?status=approved"))
    assert card.card_no in html and "已批准" in html


def test_policy_staff_cannot_scan(ctx):
    policy, _ = console_client(ctx, "policy")
    assert policy.get("/console/scan").status_code == 403
    assert policy.get("/console/").status_code == 200


# -- hostile input in every form field ---------------------------------------------------------
@pytest.mark.parametrize("value", NASTY)
def test_hostile_input_in_every_field_is_harmless(ctx, value):
    card = active_card()
    account = make_staff("admin")
    anon = Browser(ctx.test_client())
    for field in ("username", "password", "window"):
        data = {"username": account.username, "password": PASSWORD, "window": WINDOW}
        data[field] = value
        response = anon.post_form("/console/login", "/console/login", data)
        if field == "window" and response.status_code == 303:
            # A window name is free text: the SQL-looking one is simply a (strange) name.
            page = _text(anon.get("/console/"))
            assert value in html_unescape(page) and SCRIPT not in page
            assert _audit("login.ok")[-1].window == value
            anon.post_form("/console/", "/console/logout", {})
            continue
        assert 400 <= response.status_code < 500, (field, response.status_code)
        assert SCRIPT not in _text(response)

    admin, _ = console_client(ctx, account)
    page = f"/console/cards/{card.id}"
    checks = [
        admin.post_form("/console/scan", "/console/scan", {"code": value}),
        admin.post_form(page, f"{page}/applications", {"rule_id": value}),
        admin.get("/console/ledger", query_string={"district": value}),
        admin.get("/console/ledger", query_string={"rule_id": value}),
        admin.get("/console/ledger", query_string={"status": value}),
        admin.get("/console/applications", query_string={"date_from": value}),
        admin.get("/console/ledger.csv", query_string={"date_to": value}),
        admin.post_form(
            "/console/review",
            f"/console/cards/{card.id}/review",
            {"decision": value, "reason": value},
        ),
        admin.get("/console/login", query_string={"next": value}),
    ]
    for response in checks:
        assert response.status_code < 500
        assert SCRIPT not in _text(response)
    # The reason field itself, on a real application: stored as text, shown escaped.
    application = open_at_window(card.id, CHIEF_RULE, actor_of(account))
    reject = admin.post_form(
        page,
        f"/console/applications/{application.id}/decide",
        {"decision": "reject", "reason": value},
    )
    assert reject.status_code < 500
    html = _text(admin.get(page))
    assert SCRIPT not in html
    # And the reason of a card rejection, shown on that card's page.
    waiting = pending_card()
    rejected = admin.post_form(
        "/console/review",
        f"/console/cards/{waiting.id}/review",
        {"decision": "reject", "reason": value},
    )
    assert rejected.status_code < 500
    assert SCRIPT not in _text(admin.get(f"/console/cards/{waiting.id}"))
    assert admin.get("/console/").status_code == 200  # the session and tables are intact
