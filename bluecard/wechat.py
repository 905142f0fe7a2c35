"""Outbound calls to WeChat (api.weixin.qq.com) through wechatpy, with our guards.

``SharedTokenClient`` keeps the official account's access_token in Redis, so every process
uses one token (WeChat allows 2000 fetches a day), fetched under a Redis lock so that N
workers finding it expired fetch it once. wechatpy retries a call rejected with 40001
without limit; here a call is retried after at most ONE refetch, and 45009 (quota reached)
surfaces as ``WeChatQuotaError``. ``code_to_session`` serves mini-program login.

Lives in the service core rather than handlers/ because notifications (a later issue, in
bluecard/) send through it too.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import APILimitedException, WeChatClientException
from wechatpy.session.redisstorage import RedisStorage

from bluecard.stores import redis_lock

log = logging.getLogger(__name__)

#: WeChat's API base; ``api_base`` points the client at another one (a local fake).
DEFAULT_API_BASE = "https://api.weixin.qq.com/cgi-bin/"
TOKEN_URL = DEFAULT_API_BASE + "token"
#: The token was refreshed elsewhere, revoked or expired: refetch (once) and retry.
TOKEN_ERRORS = frozenset({40001, 40014, 42001})
#: Daily quota of the API reached.
QUOTA_ERRORS = frozenset({45009})


class WeChatQuotaError(APILimitedException):
    """WeChat answered 45009: the API's daily quota is used up; retrying today won't help."""


class SharedTokenClient(WeChatClient):
    """wechatpy ``WeChatClient`` sharing its access_token through Redis.

    client: Redis holding the token under ``<prefix>:wechatpy:<appid>_access_token`` (wechatpy's
    RedisStorage layout) and the fetch lock under ``<prefix>:wechatpy:lock:<appid>``.
    timeout: seconds per HTTP call. refresh_margin: the token is dropped this many seconds
    before WeChat expires it (old and new tokens overlap about 5 minutes after a refresh).
    api_base: base URL of the API (default WeChat's; tests and the benchmark use a local
    fake): the token endpoint is ``<api_base>token`` and every call goes under it.
    All API groups of WeChatClient (``.message``, ``.template``, ``.menu``...) work as usual;
    errors are wechatpy's WeChatClientException, or WeChatQuotaError for 45009.
    """

    def __init__(
        self,
        appid: str,
        secret: str,
        client: redis.Redis,
        prefix: str,
        *,
        timeout: float = 5.0,
        refresh_margin: int = 300,
        lock_wait: float = 15.0,
        api_base: str = DEFAULT_API_BASE,
    ) -> None:
        super().__init__(
            appid,
            secret,
            session=RedisStorage(client, prefix=f"{prefix}:wechatpy"),
            timeout=timeout,
            auto_retry=False,  # we retry ourselves, bounded
        )
        self.API_BASE_URL = api_base.rstrip("/") + "/"
        self._token_url = self.API_BASE_URL + "token"
        self._redis = client
        self._lock_name = f"{prefix}:wechatpy:lock:{appid}"
        self._refresh_margin = refresh_margin
        self._lock_wait = lock_wait

    @property
    def access_token(self) -> str:
        """The shared token, fetched (under the lock) when Redis has none."""
        token = self.session.get(self.access_token_key)
        return str(token) if token else self.refresh_access_token()

    def refresh_access_token(self, stale: str | None = None) -> str:
        """Fetch a new token unless another process already replaced ``stale``; return it.

        Raises WeChatClientException (WeChatQuotaError for 45009) when WeChat refuses, and
        stores.LockTimeout when another process holds the fetch lock too long.
        """
        with redis_lock(
            self._redis, self._lock_name, ttl=self.timeout_seconds * 2, wait=self._lock_wait
        ):
            current = self.session.get(self.access_token_key)
            if current and current != stale:
                return str(current)  # someone refreshed while we waited for the lock
            result = self.fetch_access_token()
            token = str(result["access_token"])
            ttl = max(int(result.get("expires_in", 7200)) - self._refresh_margin, 60)
            self.session.set(self.access_token_key, token, ttl)
            log.info("fetched a new WeChat access_token (valid %d s here)", ttl)
            return token

    @property
    def timeout_seconds(self) -> float:
        """HTTP timeout per call, seconds."""
        return float(self.timeout or 5.0)

    def fetch_access_token(self) -> dict[str, Any]:
        """GET /cgi-bin/token once (with our timeout; wechatpy's has none) and return the JSON."""
        try:
            res = self._http.get(
                self._token_url,
                params={
                    "grant_type": "client_credential",
                    "appid": self.appid,
                    "secret": self.secret,
                },
                timeout=self.timeout_seconds,
            )
            res.raise_for_status()
            result = res.json()
        except (requests.RequestException, ValueError) as exc:
            raise WeChatClientException(None, f"token fetch failed: {type(exc).__name__}") from exc
        errcode = int(result.get("errcode") or 0)
        if errcode:
            error = WeChatQuotaError if errcode in QUOTA_ERRORS else WeChatClientException
            raise error(
                errcode, result.get("errmsg"), client=self, request=res.request, response=res
            )
        return dict(result)

    def _request(self, method: str, url_or_endpoint: str, **kwargs: Any) -> Any:
        params = kwargs.get("params")
        explicit_token = isinstance(params, dict) and "access_token" in params
        first = dict(kwargs, params=dict(params or {}))
        try:
            return self._call(method, url_or_endpoint, first)
        except WeChatClientException as exc:
            if exc.errcode not in TOKEN_ERRORS or explicit_token:
                raise
            log.info("WeChat rejected the access_token (%s); refetching once", exc.errcode)
            used = first["params"].get("access_token")  # wechatpy filled it in
        self.refresh_access_token(stale=used)
        return self._call(method, url_or_endpoint, dict(kwargs, params=dict(params or {})))

    def _call(self, method: str, url_or_endpoint: str, kwargs: dict[str, Any]) -> Any:
        try:
            return super()._request(method, url_or_endpoint, **kwargs)
        except WeChatClientException as exc:
            if exc.errcode in QUOTA_ERRORS:
                raise WeChatQuotaError(
                    exc.errcode, exc.errmsg, client=self, request=exc.request, response=exc.response
                ) from exc
            raise


class _AppSecretClient(WeChatClient):
    """A client for the APIs authenticated by appid + secret (jscode2session).

    wechatpy would fetch an access_token before every call (and spend the daily token quota)
    though jscode2session does not take one; ``None`` makes requests drop the parameter.
    """

    @property
    def access_token(self) -> None:
        return None


def api_root(api_base: str) -> str:
    """The host root of an API base: WECHAT_API_BASE names the ``cgi-bin/`` APIs
    (``https://api.weixin.qq.com/cgi-bin/``), while jscode2session lives beside them under
    ``sns/``; ``http://127.0.0.1:8801/cgi-bin/`` → ``http://127.0.0.1:8801/``. A base not
    ending in ``cgi-bin/`` is taken as the root itself."""
    base = api_base.rstrip("/") + "/"
    return base.removesuffix("cgi-bin/")


def code_to_session(
    app_id: str,
    secret: str,
    code: str,
    timeout: float = 5.0,
    api_base: str = DEFAULT_API_BASE,
) -> dict[str, Any]:
    """Exchange a mini-program ``wx.login`` code for ``{"openid", "session_key", "unionid"?}``.

    Calls ``sns/jscode2session`` under the root of ``api_base`` (WECHAT_API_BASE, like the
    official-account client: https://api.weixin.qq.com/sns/jscode2session by default, the
    local fake WeChat when pointed at it). Raises WeChatClientException with WeChat's
    errcode (40029 invalid code, 40163 code used, 45011 too frequent, -1 busy), or with
    errcode None when WeChat cannot be reached. Never log the result: session_key is a
    secret.
    """
    client = _AppSecretClient(app_id, secret, timeout=timeout, auto_retry=False)
    client.wxa.API_BASE_URL = api_root(api_base)
    try:
        result = client.wxa.code_to_session(code)
    except requests.RequestException as exc:
        raise WeChatClientException(None, f"jscode2session failed: {type(exc).__name__}") from exc
    if not isinstance(result, dict) or not result.get("openid"):
        raise WeChatClientException(None, "jscode2session answered without an openid")
    return result
