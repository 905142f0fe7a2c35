"""Test data for the console, staff API, service and browser tests: staff accounts (the one
``make_staff`` of the tests), card applications made through the cards service (valid 身份证号 and
统一社会信用代码 built with their check characters), a form-posting client that takes the
CSRF token from the page like a browser does, and staff logged in through the console
(``console_client``) or the staff API (``staff_login``, ``bearer``)."""

from __future__ import annotations

import contextvars
import itertools
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from argon2 import PasswordHasher
from flask import current_app, has_app_context

from bluecard.cards import services as cards
from bluecard.extensions import db
from bluecard.ledger import guides
from bluecard.ledger import services as ledger
from bluecard.ledger.models import SubsidyApplication
from bluecard.models import DISTRICT_ROLES, StaffUser
from bluecard.profiles import services as profiles
from bluecard.staff import services as staff
from bluecard.staff.audit import Actor
from factories.testapp import PASSWORD, WINDOW
from policy_kb.chinatime import CHINA_TZ, china_today
from policy_kb.eligibility import default_catalogue
from policy_kb.identifiers import credit_check_char, id_check_char

#: 叶集区 六: a 六安市首席技师 gets 600 yuan a month (rule yeji-chief-technician-allowance).
CHIEF_PROFILE = {"honors": ["六安市首席技师"]}
CHIEF_RULE = "yeji-chief-technician-allowance"
CHIEF_AMOUNT = "600"

_serial = itertools.count(1)
_CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


# argon2 is deliberately slow (about 0.1-0.5 s a hash): each password is hashed once per run.
_hashes: dict[str, str] = {}


def make_staff(
    role: str,
    *,
    username: str | None = None,
    password: str = PASSWORD,
    district: str | None = "",
) -> staff.StaffAccount:
    """A committed staff account of ``role`` that can log in with ``password``: its
    StaffAccount (``actor_of`` gives the Actor at the test window).

    district: "" (default) = 叶集区 for the district roles (clerk, reviewer, finance) and all
    districts for admin and policy; otherwise that district or an alias of it (None = all).
    The row is written directly with an argon2 hash of the service's parameters made once per
    password, so it logs in as an account the staff service made (no ``staff.create`` audit
    row: tests of the audit log see only what they do)."""
    staff.validate_role(role)
    if district == "":
        district = "叶集区" if role in DISTRICT_ROLES else None
    if password not in _hashes:
        _hashes[password] = PasswordHasher().hash(password)
    row = StaffUser(
        username=username or f"{role}{uuid.uuid4().hex[:8]}",
        display_name=f"测试{role}",
        password_hash=_hashes[password],
        role=role,
        district=staff.validate_district(district),
        active=True,
    )
    db.session.add(row)
    db.session.commit()
    return staff.get_staff(row.id)


def id_number(seq: int | None = None) -> str:
    """A valid 身份证号 of a person born 1990-01-01 in 叶集区 (GB 11643 check character)."""
    seq = next(_serial) if seq is None else seq
    first17 = f"34150419900101{seq % 1000:03d}"
    return first17 + id_check_char(first17)


def credit_code() -> str:
    """A valid 统一社会信用代码 registered in 叶集区 (GB 32100 check character)."""
    first17 = "91341504" + f"{uuid.uuid4().int % 10**8:08d}" + "X"
    return first17 + credit_check_char(first17)


def card_form(**overrides: Any) -> dict[str, Any]:
    """A complete, valid card application for a 技师 of 叶集区, with consent."""
    form = {
        "name": "王建国",
        "id_number": id_number(),
        "phone": f"139{uuid.uuid4().int % 10**8:08d}",
        "skill_level": "技师",
        "certificate_no": f"S{uuid.uuid4().int % 10**12:012d}",
        "certificate_issuer": "六安市职业技能鉴定中心",
        "certificate_date": date(2020, 6, 1).isoformat(),
        "employer_name": "叶集精工机械有限公司",
        "credit_code": credit_code(),
        "district": "叶集区",
        "social_security_no": f"3415{uuid.uuid4().int % 10**8:08d}",
        "consent": True,
    }
    form.update(overrides)
    return form


def pending_card(profile: dict[str, Any] | None = CHIEF_PROFILE, **overrides: Any) -> Any:
    """A new worker (fresh openid) with a stored profile who applied for a card: its CardView
    (pending)."""
    openid = f"oConsole{uuid.uuid4().hex[:12]}"
    if profile is not None:
        profiles.save_profile(openid, {"region": "叶集区", **profile})
    return cards.apply_for_card(openid, card_form(**overrides))


def active_card(profile: dict[str, Any] | None = CHIEF_PROFILE, **overrides: Any) -> Any:
    """A pending card approved by a fresh reviewer: its CardView (active)."""
    card = pending_card(profile, **overrides)
    reviewer = make_staff("reviewer")
    return cards.review_card(card.id, reviewer.actor(WINDOW), approve=True)


def actor_of(
    account: staff.StaffAccount, window: str | None = WINDOW, *, every_district: bool = False
) -> Actor:
    """The Actor of a StaffAccount at ``window`` (default the test window), from 127.0.0.1.

    every_district: act without the account's district boundary, for tests of a service's
    own logic over cards of several districts (district scoping has tests of its own)."""
    actor = account.actor(window, "127.0.0.1")
    return replace(actor, district=None) if every_district else actor


def checklist(rule_id: str = CHIEF_RULE, district: str = "叶集区") -> list[str]:
    """The keys of every 受理 checklist item of ``rule_id`` in ``district`` (what a clerk who
    checked everything confirms): the app's guide file inside an app context, else the
    bundled one with the bundled rules."""
    if has_app_context():
        return [item.key for item in guides.guide(rule_id, district).checklist]
    catalogue = default_catalogue()
    guide = guides.build_guide(
        catalogue.rule(rule_id),
        district,
        guides.guide_config(guides.BUNDLED),
        60,
        catalogue.documents,
    )
    return [item.key for item in guide.checklist]


def open_backdated(card_id: int, actor: Actor, days_ago: int) -> Any:
    """An application on ``card_id`` opened ``days_ago`` calendar days ago (China dates), its
    time limit counted from then, as if a clerk had opened it that day: its ApplicationView."""
    opened_on = china_today() - timedelta(days=days_ago)
    app = ledger.open_application(
        card_id, CHIEF_RULE, actor, as_of=opened_on, confirmed=checklist()
    )
    row = db.session.get(SubsidyApplication, app.id)
    assert row is not None
    row.opened_at = datetime.combine(opened_on, time(10, 0), tzinfo=CHINA_TZ)
    db.session.commit()
    return ledger.get_application(app.id)


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = _CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class Browser:
    """A Flask test client used like a browser: every POST carries the CSRF token of the
    page it came from (GET ``page`` first).

    Each request runs in an empty ``contextvars`` context, so it gets an application context
    of its own (``g``, database session) as in a real server, even while the test holds one
    to call services."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def get(self, path: str, **kwargs: Any) -> Any:
        return contextvars.Context().run(self.client.get, path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return contextvars.Context().run(self.client.post, path, **kwargs)

    def post_form(self, page: str, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
        html = self.get(page).get_data(as_text=True)
        return self.post(path, data={"csrf_token": csrf_token(html), **data}, **kwargs)

    def login(self, username: str, password: str = PASSWORD, window: str = WINDOW) -> Any:
        return self.post_form(
            "/console/login",
            "/console/login",
            {"username": username, "password": password, "window": window},
        )


# -- staff logged in ----------------------------------------------------------------------------
@contextmanager
def _context_of(app: Any) -> Iterator[None]:
    """An application context of ``app``: the one the test holds, else a new one."""
    if has_app_context() and current_app._get_current_object() is app:
        yield
        return
    with app.app_context():
        yield
        db.session.remove()


def _account(
    app: Any, who: str | staff.StaffAccount, options: dict[str, Any]
) -> staff.StaffAccount:
    if not isinstance(who, str):
        return who
    with _context_of(app):
        return make_staff(who, **options)


def _app(app: Any) -> Any:
    """The Flask app of an app, its test client or a Browser on one."""
    if isinstance(app, Browser):
        app = app.client
    return getattr(app, "application", app)


def console_client(
    app: Any, who: str | staff.StaffAccount = "clerk", **options: Any
) -> tuple[Browser, staff.StaffAccount]:
    """A Browser logged into the console at the test window: (browser, account). ``app``:
    the app (or a test client or Browser of it); ``who``: a role (a new account,
    ``options`` passed to ``make_staff``: district, username…) or an existing
    StaffAccount. Fails unless the log-in redirects (303)."""
    app = _app(app)
    account = _account(app, who, options)
    browser = Browser(app.test_client())
    response = browser.login(account.username)
    assert response.status_code == 303, response.get_data(as_text=True)
    return browser, account


def staff_login(
    app: Any,
    who: str | staff.StaffAccount = "clerk",
    *,
    window: str | None = WINDOW,
    **options: Any,
) -> dict[str, Any]:
    """Log in through POST /api/v1/staff/login at ``window`` (None: no window, as back office
    may): the answer's JSON (``token``, ``token_type``, ``role``, ``expires_in``…).
    ``app``, ``who`` and ``options`` as for ``console_client``. Fails unless it is a 200."""
    app = _app(app)
    account = _account(app, who, options)
    body = {"username": account.username, "password": PASSWORD}
    if window is not None:
        body["window"] = window
    response = Browser(app.test_client()).post("/api/v1/staff/login", json=body)
    assert response.status_code == 200, response.get_json()
    answer: dict[str, Any] = response.get_json()
    return answer


def bearer(app: Any, who: str | staff.StaffAccount = "clerk", **options: Any) -> dict[str, str]:
    """The Authorization header of a staff API log-in (``staff_login``'s arguments)."""
    return {"Authorization": f"Bearer {staff_login(app, who, **options)['token']}"}
