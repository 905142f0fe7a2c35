"""Settings from the environment, validated once at start-up.

Every setting is read from an environment variable of the same name; ``create_app(config)``
may override any of them with a dict (tests do). Problems are collected and raised together as
one ``ConfigError`` whose message names each variable, so an operator fixes them in one pass.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: Variables read from the environment (all optional; see ``Settings`` for defaults).
ENV_VARS: tuple[str, ...] = (
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "REDIS_PREFIX",
    "WECHAT_TOKEN",
    "WECHAT_APP_ID",
    "WECHAT_APP_SECRET",
    "WECHAT_ENCODING_AES_KEY",
    "MINIAPP_APP_ID",
    "MINIAPP_APP_SECRET",
    "MINIAPP_SESSION_TTL",
    "POLICY_KB_DIR",
    "AUTO_MIGRATE",
    "DEDUP_TTL",
    "DEDUP_WAIT_SECONDS",
    "WECHAT_HTTP_TIMEOUT",
    "WECHAT_API_BASE",
    "PII_KEYS",
    "PII_HASH_KEY",
    "CARD_SIGNING_KEY",
    "PUBLIC_BASE_URL",
    "DYNAMIC_QR_TTL",
    "STAFF_SESSION_TTL",
    "STAFF_SESSION_MAX_AGE",
    "LOGIN_RATE_LIMIT",
    "WECHAT_TEMPLATE_ID",
    "MINIAPP_SUBSCRIBE_TEMPLATE_ID",
    "NOTIFY_RATE_PER_SECOND",
    "NOTIFY_MAX_ATTEMPTS",
    "METRICS_TOKEN",
    "LOG_FORMAT",
)

# WeChat's console only accepts 3-32 letters and digits as the callback Token.
_TOKEN_RE = re.compile(r"^[A-Za-z0-9]{3,32}$")
_AES_KEY_RE = re.compile(r"^[A-Za-z0-9+/]{43}$")
_DB_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")
_REDIS_SCHEMES = ("redis", "rediss", "unix")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


class ConfigError(ValueError):
    """The configuration is unusable; ``problems`` lists one message per bad variable."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid configuration:\n  - " + "\n  - ".join(problems))


@dataclass(frozen=True)
class Settings:
    """Validated settings. Secrets are kept here but never logged (see ``summary``).

    database_url: SQLAlchemy URL; None means the embedded SQLite file under instance/.
    redis_url: None means the embedded in-process store (fakeredis, one process only).
    redis_prefix: prefix of every Redis key this service writes (``"<prefix>:..."``).
    miniapp_session_ttl: lifetime of a mini-program session token, seconds.
    auto_migrate: apply Alembic migrations in ``create_app``; default True only for the
        embedded SQLite database (a shared PostgreSQL is migrated explicitly by the operator).
    dedup_ttl: how long a processed WeChat MsgId is remembered, seconds (WeChat retries
        within 15 s; 300 leaves room for clock skew).
    dedup_wait_seconds: how long a retry waits for the first attempt still in progress.
    wechat_http_timeout: timeout of outbound calls to api.weixin.qq.com, seconds.
    wechat_api_base: base URL of WeChat's API (a local fake in tests and benchmarks).
    pii_keys: Fernet keys (urlsafe base64, 32 bytes) for personal data at rest, newest
        first (older ones only decrypt: key rotation); None = derived from SECRET_KEY.
    pii_hash_key: key of the HMAC used to look up a 身份证号; None = derived from SECRET_KEY.
    card_signing_key: Ed25519 private key (urlsafe base64 of the 32-byte seed) signing QR
        tokens; None = derived from SECRET_KEY.
    public_base_url: the URL a QR code points to (``<public_base_url>/c/<token>``).
    dynamic_qr_ttl: lifetime of a dynamic (on-screen) QR code, seconds, 60-120.
    staff_session_ttl: a console session ends after this many idle seconds.
    staff_session_max_age: a console session ends this many seconds after login, however
        busy (absolute lifetime).
    login_rate_limit: flask-limiter limit on console/API logins per client address.
    wechat_template_id / miniapp_subscribe_template_id: the template of policy
        notifications (official account) and the mini-program subscribe-message template.
    notify_rate_per_second: template messages per second per account, shared by all workers.
    notify_max_attempts: tries per recipient on transient errors before it is failed.
    secret_key_generated: True when SECRET_KEY was unset and a random one was made.
    metrics_token: bearer token of ``/metrics`` (None: ``/metrics`` is off, 404).
    log_format: ``json`` (one JSON object a line, the default) or ``text``.
    """

    secret_key: str
    database_url: str | None
    redis_url: str | None
    redis_prefix: str
    wechat_token: str | None
    wechat_app_id: str | None
    wechat_app_secret: str | None
    wechat_encoding_aes_key: str | None
    miniapp_app_id: str | None
    miniapp_app_secret: str | None
    miniapp_session_ttl: int
    policy_kb_dir: str | None
    auto_migrate: bool
    dedup_ttl: int
    dedup_wait_seconds: float
    wechat_http_timeout: float
    wechat_api_base: str = "https://api.weixin.qq.com/cgi-bin/"
    pii_keys: tuple[str, ...] | None = None
    pii_hash_key: str | None = None
    card_signing_key: str | None = None
    public_base_url: str = "http://127.0.0.1:5000"
    dynamic_qr_ttl: int = 90
    staff_session_ttl: int = 1800
    staff_session_max_age: int = 43200
    login_rate_limit: str = "10 per minute"
    wechat_template_id: str | None = None
    miniapp_subscribe_template_id: str | None = None
    notify_rate_per_second: float = 50.0
    notify_max_attempts: int = 5
    secret_key_generated: bool = False
    metrics_token: str | None = None
    log_format: str = "json"

    @property
    def safe_mode(self) -> bool:
        """True when an EncodingAESKey is configured (WeChat safe/compatible mode possible)."""
        return self.wechat_encoding_aes_key is not None

    def summary(self) -> dict[str, Any]:
        """What is configured, without any secret value (for logs and ``bluecard check-config``)."""
        return {
            "database": _redact_url(self.database_url) if self.database_url else "embedded SQLite",
            "redis": _redact_url(self.redis_url) if self.redis_url else "embedded (one process)",
            "redis_prefix": self.redis_prefix,
            "wechat_callback": bool(self.wechat_token),
            "wechat_safe_mode": self.safe_mode,
            "wechat_outbound": bool(self.wechat_app_id and self.wechat_app_secret),
            "miniapp_login": bool(self.miniapp_app_id and self.miniapp_app_secret),
            "miniapp_session_ttl": self.miniapp_session_ttl,
            "policy_kb_dir": self.policy_kb_dir or "(bundled corpus)",
            "auto_migrate": self.auto_migrate,
            "secret_key": "generated (dev only)" if self.secret_key_generated else "set",
            "pii_keys": f"{len(self.pii_keys)} set" if self.pii_keys else "derived from SECRET_KEY",
            "card_signing_key": "set" if self.card_signing_key else "derived from SECRET_KEY",
            "public_base_url": self.public_base_url,
            "wechat_api_base": self.wechat_api_base,
            "notify_rate_per_second": self.notify_rate_per_second,
            "metrics": "token set" if self.metrics_token else "off",
            "log_format": self.log_format,
        }


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Read settings from ``environ`` (default ``os.environ``), then apply ``overrides``.

    An override of None means "unset", whatever the environment says. Raises ConfigError
    listing every invalid variable.
    """
    env = os.environ if environ is None else environ
    raw: dict[str, Any] = {k: env.get(k) for k in ENV_VARS}
    for key, value in (overrides or {}).items():
        if key in raw:
            raw[key] = value
    raw = {k: _blank_to_none(v) for k, v in raw.items()}

    problems: list[str] = []
    database_url = _database_url(raw["DATABASE_URL"], problems)
    redis_url = raw["REDIS_URL"]
    if redis_url and redis_url.split("://", 1)[0] not in _REDIS_SCHEMES:
        problems.append("REDIS_URL must start with redis://, rediss:// or unix://")
    token = raw["WECHAT_TOKEN"]
    if token and not _TOKEN_RE.match(token):
        problems.append("WECHAT_TOKEN must be 3-32 letters or digits (as in the WeChat console)")
    aes_key = raw["WECHAT_ENCODING_AES_KEY"]
    if aes_key:
        problem = aes_key_problem(aes_key)
        if problem:
            problems.append(problem)
        if not raw["WECHAT_APP_ID"]:
            problems.append("WECHAT_APP_ID is required when WECHAT_ENCODING_AES_KEY is set")
        if not token:
            problems.append("WECHAT_TOKEN is required when WECHAT_ENCODING_AES_KEY is set")
    # An AppID alone is enough for the callback (safe mode); the secret needs its AppID.
    if raw["WECHAT_APP_SECRET"] and not raw["WECHAT_APP_ID"]:
        problems.append("WECHAT_APP_SECRET is set but WECHAT_APP_ID is not")
    if bool(raw["MINIAPP_APP_ID"]) != bool(raw["MINIAPP_APP_SECRET"]):
        problems.append("MINIAPP_APP_ID and MINIAPP_APP_SECRET must be set together")
    ttl = _positive_int(raw, "MINIAPP_SESSION_TTL", 7 * 24 * 3600, problems)
    dedup_ttl = _positive_int(raw, "DEDUP_TTL", 300, problems)
    wait = _positive_float(raw, "DEDUP_WAIT_SECONDS", 4.0, problems)
    http_timeout = _positive_float(raw, "WECHAT_HTTP_TIMEOUT", 5.0, problems)
    auto_migrate = _bool(raw, "AUTO_MIGRATE", database_url is None, problems)
    # A missing POLICY_KB_DIR is fine: policy_kb counts it as "no ingested documents yet".
    kb_dir = raw["POLICY_KB_DIR"]
    api_base = raw["WECHAT_API_BASE"] or "https://api.weixin.qq.com/cgi-bin/"
    if not api_base.startswith(("https://", "http://")):
        problems.append("WECHAT_API_BASE must be an http(s) URL")
    api_base = api_base.rstrip("/") + "/"
    pii_keys = _fernet_keys(raw["PII_KEYS"], problems)
    signing_key = raw["CARD_SIGNING_KEY"]
    if signing_key and _urlsafe_bytes(signing_key) is None:
        problems.append("CARD_SIGNING_KEY must be urlsafe base64 of a 32-byte Ed25519 seed")
    public_base_url = (raw["PUBLIC_BASE_URL"] or "http://127.0.0.1:5000").rstrip("/")
    if not public_base_url.startswith(("https://", "http://")):
        problems.append("PUBLIC_BASE_URL must be an http(s) URL")
    qr_ttl = _positive_int(raw, "DYNAMIC_QR_TTL", 90, problems)
    if not 60 <= qr_ttl <= 120:
        problems.append(f"DYNAMIC_QR_TTL must be 60-120 seconds, got {qr_ttl}")
    staff_ttl = _positive_int(raw, "STAFF_SESSION_TTL", 1800, problems)
    staff_max_age = _positive_int(raw, "STAFF_SESSION_MAX_AGE", 43200, problems)
    login_limit = raw["LOGIN_RATE_LIMIT"] or "10 per minute"
    notify_rate = _positive_float(raw, "NOTIFY_RATE_PER_SECOND", 50.0, problems)
    notify_attempts = _positive_int(raw, "NOTIFY_MAX_ATTEMPTS", 5, problems)
    prefix = raw["REDIS_PREFIX"] or "bluecard"
    if not re.match(r"^[A-Za-z0-9_.:-]{1,64}$", prefix):
        problems.append("REDIS_PREFIX must be 1-64 of letters, digits, _ . : -")
    metrics_token = raw["METRICS_TOKEN"]
    if metrics_token is not None and not re.match(r"^[\x21-\x7e]{16,256}$", metrics_token):
        problems.append("METRICS_TOKEN must be 16-256 printable ASCII characters, no spaces")
    log_format = (raw["LOG_FORMAT"] or "json").lower()
    if log_format not in ("json", "text"):
        problems.append("LOG_FORMAT must be json or text")
    if problems:
        raise ConfigError(problems)

    secret_key = raw["SECRET_KEY"]
    generated = secret_key is None
    if generated:
        secret_key = secrets.token_urlsafe(32)
    return Settings(
        secret_key=secret_key,
        database_url=database_url,
        redis_url=redis_url,
        redis_prefix=prefix,
        wechat_token=token,
        wechat_app_id=raw["WECHAT_APP_ID"],
        wechat_app_secret=raw["WECHAT_APP_SECRET"],
        wechat_encoding_aes_key=aes_key,
        miniapp_app_id=raw["MINIAPP_APP_ID"],
        miniapp_app_secret=raw["MINIAPP_APP_SECRET"],
        miniapp_session_ttl=ttl,
        policy_kb_dir=kb_dir,
        auto_migrate=auto_migrate,
        dedup_ttl=dedup_ttl,
        dedup_wait_seconds=wait,
        wechat_http_timeout=http_timeout,
        wechat_api_base=api_base,
        pii_keys=pii_keys,
        pii_hash_key=raw["PII_HASH_KEY"],
        card_signing_key=signing_key,
        public_base_url=public_base_url,
        dynamic_qr_ttl=qr_ttl,
        staff_session_ttl=staff_ttl,
        staff_session_max_age=staff_max_age,
        login_rate_limit=login_limit,
        wechat_template_id=raw["WECHAT_TEMPLATE_ID"],
        miniapp_subscribe_template_id=raw["MINIAPP_SUBSCRIBE_TEMPLATE_ID"],
        notify_rate_per_second=notify_rate,
        notify_max_attempts=notify_attempts,
        secret_key_generated=generated,
        metrics_token=metrics_token,
        log_format=log_format,
    )


def aes_key_problem(key: str) -> str | None:
    """Why ``key`` is not a usable EncodingAESKey (43 base64 characters = 32 bytes), or None.

    wechatpy would fail on a bad key with a bare binascii.Error or AssertionError deep in a
    request; this turns it into a start-up message.
    """
    if not _AES_KEY_RE.match(key):
        return (
            "WECHAT_ENCODING_AES_KEY must be the 43-character EncodingAESKey from the WeChat "
            f"console (letters, digits, + and /); got {len(key)} characters"
        )
    try:
        decoded = base64.b64decode(key + "=", validate=True)
    except (binascii.Error, ValueError):
        return "WECHAT_ENCODING_AES_KEY is not valid base64"
    if len(decoded) != 32:  # pragma: no cover - 43 base64 chars always decode to 32 bytes
        return "WECHAT_ENCODING_AES_KEY must decode to 32 bytes"
    return None


def _urlsafe_bytes(value: str, size: int = 32) -> bytes | None:
    """``value`` decoded as urlsafe base64 when it gives ``size`` bytes, else None."""
    try:
        decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None
    return decoded if len(decoded) == size else None


def _fernet_keys(value: str | None, problems: list[str]) -> tuple[str, ...] | None:
    """PII_KEYS split on commas; each must be a Fernet key (urlsafe base64 of 32 bytes)."""
    if value is None:
        return None
    keys = tuple(k.strip() for k in value.split(",") if k.strip())
    for position, key in enumerate(keys, 1):
        if _urlsafe_bytes(key) is None:
            problems.append(
                f"PII_KEYS key #{position} is not a Fernet key (urlsafe base64, 32 bytes)"
            )
    return keys or None


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _database_url(url: str | None, problems: list[str]) -> str | None:
    if url is None:
        return None
    # Heroku-style and bare postgresql:// URLs would select psycopg2, which is not installed.
    for bare in ("postgres://", "postgresql://"):
        if url.startswith(bare):
            url = "postgresql+psycopg://" + url[len(bare) :]
    if url.split("://", 1)[0] not in _DB_SCHEMES:
        problems.append("DATABASE_URL must be a sqlite:/// or postgresql+psycopg:// URL")
    return url


def _positive_int(raw: dict[str, Any], name: str, default: int, problems: list[str]) -> int:
    return int(_positive(raw, name, default, problems, int, "a whole number of seconds"))


def _positive_float(raw: dict[str, Any], name: str, default: float, problems: list[str]) -> float:
    return float(_positive(raw, name, default, problems, float, "a number of seconds"))


def _positive(
    raw: dict[str, Any],
    name: str,
    default: float,
    problems: list[str],
    kind: Callable[[Any], float],
    what: str,
) -> float:
    """``raw[name]`` read with ``kind`` and required > 0; a problem is noted, default kept."""
    value = raw[name]
    if value is None:
        return default
    try:
        number = kind(value)
    except (TypeError, ValueError):
        problems.append(f"{name} must be {what}, got {value!r}")
        return default
    if number <= 0:
        problems.append(f"{name} must be positive, got {number}")
    return number


def _bool(raw: dict[str, Any], name: str, default: bool, problems: list[str]) -> bool:
    value = raw[name]
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    problems.append(f"{name} must be true or false, got {value!r}")
    return default


def _redact_url(url: str) -> str:
    """The URL with any password replaced by ***."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)
