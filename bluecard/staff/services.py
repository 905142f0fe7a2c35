"""Staff accounts of the console: creation, password login with lock-out, and API tokens.

Passwords are hashed with argon2id (argon2-cffi's ``PasswordHasher`` defaults) and rehashed
on login when those defaults grow. A login is answered with the same status, message and
about the same time whether the username is unknown, the account inactive or locked, or the
password wrong (a dummy hash is verified where no real one is), so nothing reveals which
accounts exist. After ``LOCKOUT_THRESHOLD`` wrong passwords in a row an account is locked for
``LOCKOUT_MINUTES`` (besides the per-address rate limit of ``console.auth``); the audit log,
not the answer, says so. Every login, good or bad, is on the audit log; the password never
is, anywhere.

Sessions end server-side: every console session and API token carries the account's
``session_epoch``; ``end_sessions`` (logout), ``set_password``, ``update_staff`` (role,
district, deactivation) increment it, which ends all of them at once.

Staff API tokens (``POST /api/v1/staff/login``) live in Redis under
``<prefix>:staff:token:<sha256 of token>`` with an idle TTL of STAFF_SESSION_TTL seconds:
no table is needed and a token dies by itself.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bluecard.extensions import db
from bluecard.models.base import utcnow
from bluecard.runtime import current_runtime
from bluecard.services.errors import Conflict, NotFound, Refused
from bluecard.staff import audit
from bluecard.staff.audit import Actor
from bluecard.staff.models import DISTRICT_ROLES, STAFF_ROLES, WINDOW_ROLES, StaffUser
from bluecard.uow import read_only, unit_of_work
from policy_kb.regions import canonical_region

#: Wrong passwords in a row that lock an account, and for how long.
LOCKOUT_THRESHOLD = 5
LOCKOUT_MINUTES = 15
#: Shortest password accepted (NIST SP 800-63B asks at least 8; staff accounts hold PII).
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
MAX_WINDOW_LENGTH = 64
#: The one answer to every failed login (unknown user, inactive, locked, wrong password).
LOGIN_FAILED_MESSAGE = "用户名或密码错误"

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified when the username is unknown, so an unknown user costs as much time as a known
    one. Made at the first such login, not at import (an argon2 hash is ~50 ms of start-up)."""
    return _hasher.hash(secrets.token_urlsafe(16))


class StaffInputError(Refused):
    """A bad value for ``field`` (username, password, role, district, display_name)."""

    code = "invalid_staff"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class LoginFailed(Refused):
    """Wrong username or password (one message for both: no account oracle). HTTP 401."""

    status = 401
    code = "login_failed"


class AccountLocked(LoginFailed):
    """Too many wrong passwords in a row: the account is locked for a while. Answered
    exactly like LoginFailed (401, ``login_failed``, the same message) so that a lock does
    not reveal that the account exists; the audit log records the lock."""


@dataclass(frozen=True)
class StaffAccount:
    """A staff account as the console shows it (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    district: str | None
    active: bool
    locked_until: datetime | None
    created_at: datetime
    session_epoch: int = 0

    def actor(self, window: str | None = None, ip: str | None = None) -> Actor:
        """This account acting at ``window`` from ``ip``, inside its district boundary."""
        return Actor(self.id, self.username, self.role, window, ip, actor_district(self))


def actor_district(account: StaffAccount | StaffUser) -> str | None:
    """The district boundary of ``account``: its district; None (all districts) for an admin
    or policy account without one; "" (nothing) for a district role stored without one."""
    if account.district:
        return account.district
    return "" if account.role in DISTRICT_ROLES else None


def _view(row: StaffUser) -> StaffAccount:
    return StaffAccount(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        district=row.district,
        active=row.active,
        locked_until=row.locked_until,
        created_at=row.created_at,
        session_epoch=row.session_epoch or 0,
    )


def clean_text(value: str) -> str:
    """``value`` without control characters (PostgreSQL refuses NUL in text), stripped."""
    return "".join(c for c in value if unicodedata.category(c)[0] != "C").strip()


def validate_role(role: str) -> str:
    """``role`` if it is one of STAFF_ROLES; raises StaffInputError("role") otherwise."""
    if role not in STAFF_ROLES:
        raise StaffInputError("role", f"角色无效：应为 {', '.join(STAFF_ROLES)} 之一")
    return role


def validate_district(district: str | None) -> str | None:
    """The canonical district name of ``district`` (None = all districts); raises
    StaffInputError("district") for an unknown district."""
    if district is None or not district.strip():
        return None
    name = canonical_region(district)
    if name is None:
        raise StaffInputError(
            "district", "地区无效：应为 洪泽区、台儿庄区、宿迁市、连云港市、叶集区 之一"
        )
    return name


def require_district(role: str, district: str | None) -> None:
    """Raise StaffInputError("district") when ``role`` works for one district (clerk,
    reviewer, finance) and ``district`` is None: only admin and policy may have all."""
    if role in DISTRICT_ROLES and district is None:
        raise StaffInputError(
            "district",
            f"{role} 账号必须指定所属区县（--district），只有 admin 和 policy 可以不限区县",
        )


def validate_password(password: str) -> str:
    """``password`` if long enough; raises StaffInputError("password") otherwise."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffInputError("password", f"密码至少 {MIN_PASSWORD_LENGTH} 个字符")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise StaffInputError("password", f"密码最多 {MAX_PASSWORD_LENGTH} 个字符")
    return password


def create_staff(
    username: str,
    password: str,
    role: str,
    display_name: str,
    district: str | None = None,
    *,
    actor: Actor | None = None,
) -> StaffAccount:
    """Create a staff account; the password is stored as an argon2id hash only.

    role: one of STAFF_ROLES. district: a district name or alias (None = all districts, only
    for admin and policy: clerk, reviewer and finance need one). Raises StaffInputError
    naming the bad field (422), Conflict(code="username_taken") (409).
    Audited as ``staff.create`` (by ``actor``, or "cli" when created from the command line).
    One commit.
    """
    if not USERNAME_RE.match(username or ""):
        raise StaffInputError("username", "用户名应为 2-64 个字母、数字或 _ . -")
    validate_role(role)
    district = validate_district(district)
    require_district(role, district)
    validate_password(password)
    display_name = (display_name or "").strip()
    if not display_name or len(display_name) > 64:
        raise StaffInputError("display_name", "姓名不能为空，最多 64 个字符")
    with unit_of_work(actor) as uow:
        row = StaffUser(
            username=username,
            display_name=display_name,
            password_hash=_hasher.hash(password),
            role=role,
            district=district,
            active=True,
            failed_logins=0,
            created_at=utcnow(),
        )
        uow.session.add(row)
        try:
            uow.session.flush()
        except IntegrityError:
            raise Conflict(f"用户名 {username} 已存在", code="username_taken") from None
        uow.audit(
            "staff.create",
            target_type="staff",
            target_id=row.id,
            detail={"role": role, "district": district},
            actor_name="cli",
        )
    return _view(row)


def authenticate(
    username: str, password: str, ip: str | None = None, window: str | None = None
) -> StaffAccount:
    """Check a username and password; the account on success.

    Raises LoginFailed (a Refused, code ``login_failed``, 401) for an unknown user, an
    inactive account or a wrong password, and its subclass AccountLocked while the account
    is locked — one status, message and cost for all. A wrong password counts towards the
    lock-out; a success resets the count and rehashes the password when argon2's parameters
    changed. Audited ``login.ok`` / ``login.fail`` with the window and address (never the
    password). One commit.
    """
    now = utcnow()
    window = clean_text(window or "")[:MAX_WINDOW_LENGTH] or None
    # A refused login commits what it counted and logged, then raises: not inside the block.
    with unit_of_work():
        outcome = _login(username, password, ip, window, now)
    if isinstance(outcome, LoginFailed):
        raise outcome
    return outcome


def _login(
    username: str, password: str, ip: str | None, window: str | None, now: datetime
) -> StaffAccount | LoginFailed:
    """``authenticate``'s check inside its unit of work: the account, or the error to raise
    once the failed attempt (count, lock, audit row) is committed."""
    row = None
    # A username that cannot exist is not looked up (nor stored as typed in the log).
    if USERNAME_RE.match(username or ""):
        row = _locked_row(username)
    if row is None or not row.active:
        _verify(_dummy_hash(), password)  # same cost as a real check
        _fail_row(None, username, ip, window, "unknown" if row is None else "inactive", row)
        return LoginFailed(LOGIN_FAILED_MESSAGE)
    actor = Actor(row.id, row.username, row.role, window, ip, actor_district(row))
    if row.locked_until is not None and row.locked_until > now:
        _verify(_dummy_hash(), password)  # same cost as a real check
        audit.record(
            actor,
            "login.fail",
            target_type="staff",
            target_id=row.id,
            outcome="denied",
            detail={"reason": "locked"},
        )
        return AccountLocked(LOGIN_FAILED_MESSAGE)
    if row.locked_until is not None:  # the lock has run out: start counting afresh
        row.locked_until = None
        row.failed_logins = 0
    if not _verify(row.password_hash, password):
        row.failed_logins = (row.failed_logins or 0) + 1
        locked = row.failed_logins >= LOCKOUT_THRESHOLD
        if locked:
            row.locked_until = now + timedelta(minutes=LOCKOUT_MINUTES)
            row.failed_logins = 0
        audit.record(
            actor,
            "login.fail",
            target_type="staff",
            target_id=row.id,
            outcome="refused",
            detail={"reason": "password", "locked": locked},
        )
        return AccountLocked(LOGIN_FAILED_MESSAGE) if locked else LoginFailed(LOGIN_FAILED_MESSAGE)
    row.failed_logins = 0
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    audit.record(actor, "login.ok", target_type="staff", target_id=row.id)
    return _view(row)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def _fail_row(
    actor: Actor | None,
    username: str,
    ip: str | None,
    window: str | None,
    reason: str,
    row: StaffUser | None,
) -> None:
    """Audit a failed login of an unknown or inactive account (no Actor to name)."""
    entry = audit.record(
        actor,
        "login.fail",
        target_type="staff",
        target_id=row.id if row else None,
        outcome="refused",
        detail={"reason": reason},
        actor_name=(username if USERNAME_RE.match(username or "") else "(invalid username)"),
    )
    entry.ip = ip
    entry.window = window


def set_password(username: str, password: str, *, actor: Actor | None = None) -> StaffAccount:
    """Replace ``username``'s password (argon2id hash) and lift any lock-out.

    Ends every console session and API token of the account. Raises NotFound,
    StaffInputError("password"). Audited ``staff.password``. One commit.
    """
    validate_password(password)
    with unit_of_work(actor) as uow:
        row = _locked_row(username)
        if row is None:
            raise NotFound(f"没有用户 {username}")
        row.password_hash = _hasher.hash(password)
        row.failed_logins = 0
        row.locked_until = None
        row.session_epoch = (row.session_epoch or 0) + 1
        uow.audit("staff.password", target_type="staff", target_id=row.id, actor_name="cli")
    return _view(row)


def _locked_row(username: str) -> StaffUser | None:
    """The account row of ``username``, locked for this transaction (FOR UPDATE), or None."""
    return db.session.execute(
        select(StaffUser).where(StaffUser.username == username).with_for_update()
    ).scalar_one_or_none()


_UNCHANGED = object()


def update_staff(
    username: str,
    *,
    role: str | None = None,
    district: str | object | None = _UNCHANGED,
    active: bool | None = None,
    actor: Actor | None = None,
) -> StaffAccount:
    """Change ``username``'s role, district (None = all: admin and policy only) or active
    flag; a change ends every console session and API token of the account at once.
    Raises NotFound, StaffInputError("role"/"district"). Audited ``staff.update`` with what
    changed. One commit."""
    with unit_of_work(actor) as uow:
        row = _locked_row(username)
        if row is None:
            raise NotFound(f"没有用户 {username}")
        changes: dict[str, object] = {}
        new_role = validate_role(role) if role is not None else row.role
        new_district = (
            row.district
            if district is _UNCHANGED
            else validate_district(district if isinstance(district, str) else None)
        )
        require_district(new_role, new_district)
        if new_role != row.role:
            changes["role"] = new_role
        if new_district != row.district:
            changes["district"] = new_district
        if active is not None and active != row.active:
            changes["active"] = active
        if changes:
            row.role = new_role
            row.district = new_district
            if active is not None:
                row.active = active
            row.session_epoch = (row.session_epoch or 0) + 1
            uow.audit(
                "staff.update",
                target_type="staff",
                target_id=row.id,
                detail=changes,
                actor_name="cli",
            )
    return _view(row)


def end_sessions(staff_id: int, reason: str, *, actor: Actor | None = None) -> None:
    """End every console session and API token of account ``staff_id`` (logout ends them
    all: a cookie or token copied earlier stops working). Audited ``staff.sessions_end``
    with ``reason``. One commit; an unknown id does nothing."""
    with unit_of_work(actor) as uow:
        row = uow.session.get(StaffUser, staff_id, with_for_update=True)
        if row is not None:
            row.session_epoch = (row.session_epoch or 0) + 1
            uow.audit(
                "staff.sessions_end",
                target_type="staff",
                target_id=row.id,
                detail={"reason": reason[:32]},
                actor_name=row.username,
            )


def list_staff() -> list[StaffAccount]:
    """Every staff account, by username."""
    with read_only() as session:
        rows = session.execute(select(StaffUser).order_by(StaffUser.username)).scalars()
        return [_view(r) for r in rows]


def get_staff(staff_id: int) -> StaffAccount:
    """The account with id ``staff_id``; raises NotFound."""
    with read_only() as session:
        row = session.get(StaffUser, staff_id)
        if row is None:
            raise NotFound("没有这个工作人员账号")
        return _view(row)


# -- API tokens ---------------------------------------------------------------------------
def _token_key(token: str) -> str:
    prefix = current_runtime().settings.redis_prefix
    return f"{prefix}:staff:token:{hashlib.sha256(token.encode()).hexdigest()}"


def issue_staff_token(account: StaffAccount, window: str | None) -> tuple[str, int]:
    """A new opaque bearer token for ``account`` at ``window``; returns (token, expires_in
    seconds). Only the token's SHA-256 is stored (Redis), with an idle TTL of
    STAFF_SESSION_TTL."""
    ttl = current_runtime().settings.staff_session_ttl
    token = secrets.token_urlsafe(32)
    value = {
        "staff_id": account.id,
        "epoch": account.session_epoch,
        "issued": int(time.time()),
        "window": clean_text(window or "")[:MAX_WINDOW_LENGTH] or None,
    }
    current_runtime().redis.set(_token_key(token), json.dumps(value), ex=ttl)
    return token, ttl


def resolve_staff_token(token: str, ip: str | None = None) -> Actor | None:
    """The Actor of a staff bearer token, or None when unknown, expired (idle longer than
    STAFF_SESSION_TTL, or issued longer than STAFF_SESSION_MAX_AGE ago), its account was
    deactivated or its sessions were ended since it was issued (``session_epoch``). Each
    use extends the token's idle TTL. Role and district come from the database."""
    if not token or len(token) > 256:
        return None
    redis = current_runtime().redis
    key = _token_key(token)
    raw = redis.get(key)
    if raw is None:
        return None
    try:
        value = json.loads(cast("str | bytes", raw))
        account = get_staff(int(value["staff_id"]))
    except (ValueError, KeyError, TypeError, NotFound):
        return None
    settings = current_runtime().settings
    too_old = time.time() - float(value.get("issued", 0)) > settings.staff_session_max_age
    if not account.active or value.get("epoch", 0) != account.session_epoch or too_old:
        redis.delete(key)
        return None
    redis.expire(key, current_runtime().settings.staff_session_ttl)
    return account.actor(value.get("window"), ip)


def revoke_staff_token(token: str) -> bool:
    """Forget a staff bearer token; False when it was not known."""
    return bool(current_runtime().redis.delete(_token_key(token)))


__all__ = [
    "DISTRICT_ROLES",
    "LOCKOUT_MINUTES",
    "LOCKOUT_THRESHOLD",
    "STAFF_ROLES",
    "WINDOW_ROLES",
    "AccountLocked",
    "LoginFailed",
    "StaffAccount",
    "StaffInputError",
    "actor_district",
    "authenticate",
    "clean_text",
    "create_staff",
    "end_sessions",
    "get_staff",
    "issue_staff_token",
    "list_staff",
    "require_district",
    "resolve_staff_token",
    "revoke_staff_token",
    "set_password",
    "update_staff",
    "validate_district",
    "validate_password",
    "validate_role",
]
