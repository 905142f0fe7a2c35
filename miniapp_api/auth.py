"""Mini-program login: ``wx.login`` code → WeChat jscode2session → our own bearer token."""

from __future__ import annotations

import logging

from flask import Response, request
from flask_openapi3 import Tag
from wechatpy.exceptions import WeChatClientException

from bluecard.apidoc import APIBlueprint
from bluecard.errors import COMMON_ERROR_RESPONSES, ApiError, ErrorBody
from bluecard.privacy import mask_openid
from bluecard.runtime import current_runtime
from bluecard.staff.sessions import (
    ActiveSession,
    open_session,
    resolve_session,
    revoke_session,
)
from bluecard.wechat import code_to_session
from miniapp_api.schemas import LoginRequest, LoginResponse, MeResponse

log = logging.getLogger(__name__)

BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
#: jscode2session errcodes meaning "this code is no good" (invalid, already used, risky user).
BAD_CODE_ERRORS = frozenset({40029, 40163, 40226})
RATE_LIMIT_ERRORS = frozenset({45011})

api = APIBlueprint(
    "auth",
    __name__,
    url_prefix="/api/v1/auth",
    abp_tags=[Tag(name="auth", description="mini-program login and sessions")],
    abp_responses={**COMMON_ERROR_RESPONSES, "400": ErrorBody, "401": ErrorBody},
)
me_api = APIBlueprint(
    "me",
    __name__,
    url_prefix="/api/v1",
    abp_tags=[Tag(name="auth")],
    abp_responses={**COMMON_ERROR_RESPONSES, "400": ErrorBody, "401": ErrorBody},
)


def bearer_token() -> str:
    """The token of ``Authorization: Bearer <token>``. Raises ApiError 401 when absent."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("请先登录（缺少 Authorization: Bearer 令牌）。")
    return token.strip()


def require_user() -> ActiveSession:
    """The session of the request's bearer token. Raises ApiError 401 when it is missing,
    unknown, expired or revoked (one message for all: no oracle for token guessing)."""
    session = resolve_session(bearer_token())
    if session is None:
        raise _unauthorized("登录已失效或已过期，请重新登录。")
    return session


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, message, headers={"WWW-Authenticate": 'Bearer realm="bluecard"'})


@api.post("/login", responses={"200": LoginResponse, "502": ErrorBody, "503": ErrorBody})
def login(body: LoginRequest) -> dict[str, object]:
    """Exchange a ``wx.login`` code for a session token.

    WeChat's session_key stays on the server (it is not even stored); the token is ours,
    opaque, expiring after MINIAPP_SESSION_TTL seconds and revocable by logout.
    """
    runtime = current_runtime()
    s = runtime.settings
    if not (s.miniapp_app_id and s.miniapp_app_secret):
        raise ApiError(
            503, "小程序登录尚未配置（MINIAPP_APP_ID、MINIAPP_APP_SECRET）。", "not_configured"
        )
    try:
        result = code_to_session(
            s.miniapp_app_id,
            s.miniapp_app_secret,
            body.code,
            s.wechat_http_timeout,
            api_base=s.wechat_api_base,
        )
    except WeChatClientException as exc:
        log.info("jscode2session refused the code: errcode %s", exc.errcode)
        if exc.errcode in BAD_CODE_ERRORS:
            raise ApiError(
                401, "登录凭证无效或已使用，请重新调用 wx.login 获取。", "invalid_code"
            ) from None
        if exc.errcode in RATE_LIMIT_ERRORS:
            raise ApiError(429, "登录过于频繁，请一分钟后再试。") from None
        raise ApiError(502, "暂时无法连接微信登录服务，请稍后再试。") from None
    opened = open_session(str(result["openid"]), s.miniapp_session_ttl)
    log.info("mini-program login for %s", mask_openid(opened.openid))
    return LoginResponse(
        token=opened.token, expires_at=opened.expires_at, expires_in=s.miniapp_session_ttl
    ).model_dump(mode="json")


@api.post("/logout", security=BEARER, responses={"204": None})
def logout() -> Response:
    """Revoke the bearer token's session; 401 when it is not an active session."""
    if not revoke_session(bearer_token()):
        raise _unauthorized("登录已失效或已过期，请重新登录。")
    return Response(status=204)


@me_api.get("/me", security=BEARER, responses={"200": MeResponse})
def me() -> dict[str, object]:
    """The openid and session expiry of the bearer token (proves auth works)."""
    session = require_user()
    return MeResponse(openid=session.openid, session_expires_at=session.expires_at).model_dump(
        mode="json"
    )
