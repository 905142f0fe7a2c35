"""Console login and the guards every console page uses.

``init_app(app)`` binds:
- CSRF protection (flask-wtf) on every form POST outside ``/api/`` and ``/wechat`` (those
  authenticate with bearer tokens and WeChat signatures; a browser cannot forge either);
- a rate limit (flask-limiter, LOGIN_RATE_LIMIT per client address) shared by
  ``POST /console/login`` and ``POST /api/v1/staff/login``, stored in Redis when REDIS_URL is
  set so every worker counts together;
- the session cookie (``CookieSessions``: Flask's signed cookie, its signer built only for a
  request that carries one — a WeChat message or an API call never does): HttpOnly, SameSite=Lax, idle expiry after STAFF_SESSION_TTL seconds
  and absolute expiry STAFF_SESSION_MAX_AGE seconds after login (both times are kept in the
  signed session), cleared at login (no fixation). Sessions also end server-side: the
  cookie carries the account's ``session_epoch`` and is refused once it changed — logout,
  a password, role or district change and deactivation change it, so a cookie copied
  before any of them no longer works.

``login_required``, ``require_permission(perm)`` and ``current_actor()`` are what views use.
A refused permission answers a 403 page naming what was not allowed, and is audited
(outcome ``denied``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError, CSRFProtect

from bluecard.errors import error_response
from bluecard.runtime import current_runtime
from bluecard.services.errors import NotFound, ServiceError
from bluecard.staff import audit
from bluecard.staff import services as staff
from bluecard.staff.audit import PERMISSION_LABELS, ROLE_LABELS, Actor
from bluecard.staff.limits import check_login_rate

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)

#: Paths that never carry a console form (bearer tokens / WeChat signatures instead).
CSRF_EXEMPT_PREFIXES = ("/api/", "/wechat")
SESSION_EXPIRED = "会话已过期，请重新登录"

bp = Blueprint("console_auth", __name__, url_prefix="/console", template_folder="templates")
csrf = CSRFProtect()


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, opening a request without the cookie (every WeChat
    message, every bearer-token call) as an empty session without building the signer."""

    def open_session(self, app: Flask, request: Any) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    """Bind CSRF protection, the login rate limiter and the session policy to ``app`` and
    register the login/logout pages."""
    settings = app.config["BLUECARD_SETTINGS"]
    app.session_interface = CookieSessions()
    # Flask's defaults are HttpOnly, no SameSite, not Secure: tighten unless configured.
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    if settings.public_base_url.startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
    # The token lives as long as the session, whose idle expiry is enforced below.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    # We decide which requests are checked (console forms), not CSRFProtect's default hook.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)

    @app.before_request
    def _csrf_on_forms() -> None:
        if not app.config.get("WTF_CSRF_ENABLED", True) or request.endpoint is None:
            return
        if request.path.startswith(CSRF_EXEMPT_PREFIXES):
            return
        csrf.protect()

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError) -> ResponseReturnValue:
        message = "页面已失效（安全校验未通过），请刷新页面后重试。"
        return render_template("error.html", title="请求无效", message=message), 400

    @app.errorhandler(RateLimitExceeded)
    def _rate_limited(exc: RateLimitExceeded) -> ResponseReturnValue:
        message = "登录尝试过于频繁，请稍后再试。"
        if request.path.startswith("/api/"):
            return error_response(429, message, "rate_limited")
        return render_template("error.html", title="请求过于频繁", message=message), 429

    @app.context_processor
    def _console_globals() -> dict[str, Any]:
        actor = g.get("actor")
        return {
            "console_actor": actor,
            "console_name": session.get("display_name"),
            "can": (lambda perm: bool(actor and actor.can(perm))),
            "role_label": lambda role: ROLE_LABELS.get(role, role),
            "permission_label": lambda perm: PERMISSION_LABELS.get(perm, perm),
        }

    app.register_blueprint(bp)


# -- session ------------------------------------------------------------------------------
def _now() -> int:
    return int(time.time())


def start_session(account: staff.StaffAccount, window: str | None) -> None:
    """Log ``account`` in at ``window``: a fresh session (whatever was in the old one is
    dropped, so a planted session id or token cannot survive the login)."""
    session.clear()
    g.pop("csrf_token", None)  # flask-wtf caches the old session's token for this request
    session["staff_id"] = account.id
    session["display_name"] = account.display_name
    session["window"] = window
    session["epoch"] = account.session_epoch
    session["created"] = session["seen"] = _now()


def _session_actor() -> Actor | None:
    """The logged-in Actor, or None (with a flash saying why when the session ended)."""
    staff_id = session.get("staff_id")
    if staff_id is None:
        return None
    seen, created = session.get("seen"), session.get("created")
    settings = current_runtime().settings
    if (
        not isinstance(seen, int)
        or not isinstance(created, int)
        or _now() - seen > settings.staff_session_ttl
        or _now() - created > settings.staff_session_max_age
    ):
        session.clear()
        flash(SESSION_EXPIRED, "warning")
        return None
    try:
        account = staff.get_staff(int(staff_id))
    except (NotFound, ValueError, TypeError):
        account = None
    if account is None or not account.active:
        session.clear()
        flash("账号已停用，请联系管理员", "warning")
        return None
    if session.get("epoch") != account.session_epoch:
        # Ended server-side: logout elsewhere, password, role or district change.
        session.clear()
        flash(SESSION_EXPIRED, "warning")
        return None
    session["seen"] = _now()
    return account.actor(session.get("window"), request.remote_addr)


def _safe_next(target: str | None) -> str | None:
    """``target`` if it is a console path of ours (no open redirect), else None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/console/"):
        return None
    if "\\" in target or target.startswith("//"):
        return None
    return target


def login_required(view: F) -> F:
    """Decorator: the view runs only for a logged-in staff member whose session is not idle
    for longer than STAFF_SESSION_TTL; otherwise a redirect to the login page."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        actor = _session_actor()
        if actor is None:
            target = request.full_path.rstrip("?") if request.method == "GET" else None
            return redirect(url_for("console_auth.login", next=target), 303)
        g.actor = actor
        return view(*args, **kwargs)

    return cast(F, wrapper)


def require_permission(permission: str) -> Callable[[F], F]:
    """Decorator: like login_required, and the actor's role must hold ``permission``;
    otherwise a 403 page naming what is not allowed, audited with outcome ``denied``."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            actor = current_actor()
            if not actor.can(permission):
                return forbidden(permission)
            return view(*args, **kwargs)

        return login_required(cast(F, wrapper))

    return decorate


def forbidden(permission: str) -> ResponseReturnValue:
    """Audit a denied ``permission`` for the current actor and answer the 403 page."""
    actor = current_actor()
    audit.record_now(
        actor,
        permission,
        target_type="page",
        target_id=request.path,
        outcome="denied",
        detail={"endpoint": request.endpoint, "method": request.method},
    )
    label = PERMISSION_LABELS.get(permission, permission)
    message = (
        f"你的角色（{ROLE_LABELS.get(actor.role, actor.role)}）无权{label}。"
        "如需办理，请联系有权限的同事。"
    )
    return render_template("error.html", title="无权操作", message=message), 403


def current_actor() -> Actor:
    """The Actor of the current console request (inside login_required views)."""
    actor = g.get("actor")
    if actor is None:
        raise RuntimeError("current_actor() outside a login_required view")
    return cast(Actor, actor)


# -- pages --------------------------------------------------------------------------------
@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """GET: the login form (username, password, service window — required of window roles
    only). POST: check them; on
    success a fresh session and a redirect to ``next`` (a console path) or the dashboard."""
    next_url = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", next=next_url, form={})
    check_login_rate()
    form = {k: (request.form.get(k) or "").strip() for k in ("username", "window")}
    password = request.form.get("password") or ""
    errors = []
    if not form["username"]:
        errors.append("请填写用户名")
    if not password:
        errors.append("请填写密码")
    if len(form["window"]) > staff.MAX_WINDOW_LENGTH:
        errors.append(f"窗口名称最多 {staff.MAX_WINDOW_LENGTH} 个字")
    elif staff.clean_text(form["window"]) != form["window"]:
        errors.append("窗口名称含有无效字符")
    if errors:
        for message in errors:
            flash(message, "error")
        return render_template("login.html", next=next_url, form=form), 400
    try:
        account = staff.authenticate(
            form["username"], password, request.remote_addr, form["window"] or None
        )
    except ServiceError as exc:
        flash(exc.message, "error")
        return render_template("login.html", next=next_url, form=form), exc.status
    if account.role in staff.WINDOW_ROLES and not form["window"]:
        flash("窗口受理员请填写所在窗口，例如「叶集区政务服务中心 3号窗口」", "error")
        return render_template("login.html", next=next_url, form=form), 400
    start_session(account, form["window"] or None)
    return redirect(next_url or url_for("console_views.dashboard"), 303)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """End the session (a POST with the CSRF token: a link cannot log someone out) and,
    server-side, every session and API token of the account: a copy of the cookie taken
    before logging out stops working."""
    staff_id = session.get("staff_id")
    if isinstance(staff_id, int) and session.get("epoch") is not None:
        actor = _session_actor()
        if actor is not None:
            staff.end_sessions(actor.staff_id, "logout", actor=actor)
    session.clear()
    flash("已退出登录", "info")
    return redirect(url_for("console_auth.login"), 303)


__all__ = [
    "PERMISSION_LABELS",
    "ROLE_LABELS",
    "SESSION_EXPIRED",
    "bp",
    "current_actor",
    "forbidden",
    "init_app",
    "login_required",
    "require_permission",
    "start_session",
]
