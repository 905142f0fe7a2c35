"""Settings from the environment, validated once at start-up.

Every setting is a field of ``Settings`` (pydantic-settings), read from the environment variable
of its name in capitals; ``create_app(config)``
may override any of them with a dict (tests do). Problems are collected and raised together as
one ``ConfigError`` whose message names each variable, so an operator fixes them in one pass.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import secrets
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

log = logging.getLogger(__name__)

_DB_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")
_REDIS_SCHEMES = ("redis", "rediss", "unix")
# WeChat's console only accepts 3-32 letters and digits as the callback Token.
_TOKEN_RE = re.compile(r"^[A-Za-z0-9]{3,32}$")
_AES_KEY_RE = re.compile(r"^[A-Za-z0-9+/]{43}$")
_PREFIX_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_METRICS_TOKEN_RE = re.compile(r"^[\x21-\x7e]{16,256}$")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})
_WECHAT_API = "https://api.weixin.qq.com/cgi-bin/"
#: ``make run``'s port when PORT is unset (the Makefile's ``$${PORT:-5000}``).
DEFAULT_PORT = 5000


class ConfigError(ValueError):
    """The configuration is unusable; ``problems`` lists one message per bad variable."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid configuration:\n  - " + "\n  - ".join(problems))


PositiveInt = Annotated[int, Field(gt=0)]
PositiveFloat = Annotated[float, Field(gt=0)]


class Settings(BaseSettings):
    """Validated settings, each read from the environment variable of its name in capitals
    (pydantic-settings); secrets are kept here but never logged (see ``summary``).

    Raises pydantic.ValidationError on bad values; ``load_settings`` turns that into a
    ConfigError naming every variable at once.
    """

    model_config = SettingsConfigDict(frozen=True, extra="ignore", case_sensitive=False)

    #: None = a random key is generated (development only; ``secret_key_generated``).
    secret_key: str = ""
    #: SQLAlchemy URL; None = the embedded SQLite file under instance/.
    database_url: str | None = None
    #: None = the embedded in-process store (fakeredis, one process only).
    redis_url: str | None = None
    #: prefix of every Redis key this service writes (``"<prefix>:..."``).
    redis_prefix: str = "bluecard"
    wechat_token: str | None = None
    wechat_app_id: str | None = None
    wechat_app_secret: str | None = None
    wechat_encoding_aes_key: str | None = None
    miniapp_app_id: str | None = None
    miniapp_app_secret: str | None = None
    #: lifetime of a mini-program session token, seconds.
    miniapp_session_ttl: PositiveInt = 7 * 24 * 3600
    #: directory of ingested documents; missing = "no ingested documents yet".
    policy_kb_dir: str | None = None
    #: apply Alembic migrations in ``create_app``; default True only for the embedded SQLite
    #: database (a shared PostgreSQL is migrated explicitly by the operator).
    auto_migrate: bool = True
    #: how long a processed WeChat MsgId is remembered, seconds (WeChat retries within 15 s;
    #: 300 leaves room for clock skew).
    dedup_ttl: PositiveInt = 300
    #: how long a retry waits for the first attempt still in progress, seconds.
    dedup_wait_seconds: PositiveFloat = 4.0
    #: the callback queues its message-log rows in Redis and flushers write them in batches
    #: (``bluecard.followers.msglog``); None = when REDIS_URL is set, False = written directly.
    message_log_queue: bool | None = None
    #: seconds a message-log flusher sleeps when the queue is empty (rows reach the
    #: statistics within about this long).
    message_log_flush_seconds: PositiveFloat = 1.0
    #: timeout of outbound calls to api.weixin.qq.com, seconds.
    wechat_http_timeout: PositiveFloat = 5.0
    #: base URL of WeChat's API (a local fake in tests and benchmarks).
    wechat_api_base: str = _WECHAT_API
    #: Fernet keys (urlsafe base64, 32 bytes) for personal data at rest, comma-separated,
    #: newest first (older ones only decrypt: key rotation); None = derived from SECRET_KEY.
    pii_keys: Annotated[tuple[str, ...] | None, NoDecode] = None
    #: key of the HMAC used to look up a 身份证号; None = derived from SECRET_KEY.
    pii_hash_key: str | None = None
    #: Ed25519 private key (urlsafe base64 of the 32-byte seed) signing QR tokens.
    card_signing_key: str | None = None
    #: the port ``make run`` serves on (``flask run --port``); PUBLIC_BASE_URL's default
    #: follows it.
    port: Annotated[int, Field(ge=1, le=65535)] = DEFAULT_PORT
    #: the URL a QR code points to (``<public_base_url>/c/<token>``); unset =
    #: ``http://127.0.0.1:<PORT>``, where ``make run`` serves.
    public_base_url: str = f"http://127.0.0.1:{DEFAULT_PORT}"
    #: lifetime of a dynamic (on-screen) QR code, seconds, 60-120.
    dynamic_qr_ttl: Annotated[int, Field(ge=60, le=120)] = 90
    #: a console session ends after this many idle seconds.
    staff_session_ttl: PositiveInt = 1800
    #: a console session ends this many seconds after login, however busy.
    staff_session_max_age: PositiveInt = 43200
    #: flask-limiter limit on console/API logins per client address.
    login_rate_limit: str = "10 per minute"
    #: template of policy notifications (official account).
    wechat_template_id: str | None = None
    #: the mini-program subscribe-message template.
    miniapp_subscribe_template_id: str | None = None
    #: template messages per second per account, shared by all workers.
    notify_rate_per_second: PositiveFloat = 50.0
    #: tries per recipient on transient errors before it is failed.
    notify_max_attempts: PositiveInt = 5
    #: days after sending during which a worker's notification page (``/n/<token>``) shows
    #: the personal part (their line, a decision's text); after them only the public text.
    notice_personal_days: PositiveInt = 90
    #: bearer token of ``/metrics`` (None: ``/metrics`` is off, 404).
    metrics_token: str | None = None
    #: where uploaded evidence files are kept, outside the web root (None: instance/evidence).
    evidence_dir: str | None = None
    #: largest evidence upload accepted, bytes (default 10 MiB).
    evidence_max_bytes: PositiveInt = 10 * 1024 * 1024
    #: a benefit's processing time limit in working days when its guide gives none (快申快享).
    processing_days: PositiveInt = 60
    #: the district's 申兑指南 data file (materials, time limits, where, phone); None: the
    #: bundled ``bluecard/ledger/data/guides.yaml``.
    benefit_guides_file: str | None = None
    #: ``json`` (one JSON object a line, the default) or ``text``.
    log_format: Literal["json", "text"] = "json"
    #: True when SECRET_KEY was unset and a random one was made (not read from the environment).
    secret_key_generated: bool = False

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        """Blank means unset; the defaults that depend on other settings."""
        if not isinstance(data, dict):
            return data
        values = {k.lower(): v for k, v in data.items()}
        values = {k: v for k, v in values.items() if _blank_to_none(v) is not None}
        values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
        values.pop("secret_key_generated", None)
        if "auto_migrate" not in values:
            values["auto_migrate"] = "database_url" not in values
        if "public_base_url" not in values:
            # QR codes must point where the service answers: ``PORT=5077 make run``.
            values["public_base_url"] = f"http://127.0.0.1:{values.get('port', DEFAULT_PORT)}"
        if "secret_key" not in values:
            values["secret_key"] = secrets.token_urlsafe(32)
            values["secret_key_generated"] = True
        return values

    @field_validator("database_url")
    @classmethod
    def _database(cls, url: str | None) -> str | None:
        if url is None:
            return None
        # Heroku-style and bare postgresql:// URLs would select psycopg2, not installed.
        for bare in ("postgres://", "postgresql://"):
            if url.startswith(bare):
                url = "postgresql+psycopg://" + url[len(bare) :]
        if url.split("://", 1)[0] not in _DB_SCHEMES:
            raise ValueError("must be a sqlite:/// or postgresql+psycopg:// URL")
        return url

    @field_validator("redis_url")
    @classmethod
    def _redis(cls, url: str | None) -> str | None:
        if url and url.split("://", 1)[0] not in _REDIS_SCHEMES:
            raise ValueError("must start with redis://, rediss:// or unix://")
        return url

    @field_validator("wechat_token")
    @classmethod
    def _token(cls, token: str | None) -> str | None:
        if token and not _TOKEN_RE.match(token):
            raise ValueError("must be 3-32 letters or digits (as in the WeChat console)")
        return token

    @field_validator("wechat_encoding_aes_key")
    @classmethod
    def _aes_key(cls, key: str | None) -> str | None:
        problem = aes_key_problem(key) if key else None
        if problem:
            raise ValueError(problem.removeprefix("WECHAT_ENCODING_AES_KEY "))
        return key

    @field_validator("wechat_api_base", "public_base_url")
    @classmethod
    def _http_url(cls, url: str, info: ValidationInfo) -> str:
        if not url.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return url.rstrip("/") + ("/" if info.field_name == "wechat_api_base" else "")

    @field_validator("pii_keys", mode="before")
    @classmethod
    def _fernet_keys(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = tuple(k.strip() for k in value.split(",") if k.strip())
        for position, key in enumerate(value or (), 1):
            if _urlsafe_bytes(key) is None:
                raise ValueError(f"key #{position} is not a Fernet key (urlsafe base64, 32 bytes)")
        return value or None

    @field_validator("card_signing_key")
    @classmethod
    def _signing_key(cls, key: str | None) -> str | None:
        if key and _urlsafe_bytes(key) is None:
            raise ValueError("must be urlsafe base64 of a 32-byte Ed25519 seed")
        return key

    @field_validator("redis_prefix")
    @classmethod
    def _prefix(cls, prefix: str) -> str:
        if not _PREFIX_RE.match(prefix):
            raise ValueError("must be 1-64 of letters, digits, _ . : -")
        return prefix

    @field_validator("metrics_token")
    @classmethod
    def _metrics_token(cls, token: str | None) -> str | None:
        if token is not None and not _METRICS_TOKEN_RE.match(token):
            raise ValueError("must be 16-256 printable ASCII characters, no spaces")
        return token

    @field_validator("auto_migrate", mode="before")
    @classmethod
    def _bool(cls, value: Any) -> Any:
        text = str(value).lower()
        if isinstance(value, bool) or text in _TRUE | _FALSE:
            return value if isinstance(value, bool) else text in _TRUE
        raise ValueError(f"must be true or false, got {value!r}")

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _together(self) -> Settings:
        """Settings that only work in pairs; every missing partner is named."""
        problems = []
        if self.wechat_encoding_aes_key:
            if not self.wechat_app_id:
                problems.append("WECHAT_APP_ID is required when WECHAT_ENCODING_AES_KEY is set")
            if not self.wechat_token:
                problems.append("WECHAT_TOKEN is required when WECHAT_ENCODING_AES_KEY is set")
        # An AppID alone is enough for the callback (safe mode); the secret needs its AppID.
        if self.wechat_app_secret and not self.wechat_app_id:
            problems.append("WECHAT_APP_SECRET is set but WECHAT_APP_ID is not")
        if bool(self.miniapp_app_id) != bool(self.miniapp_app_secret):
            problems.append("MINIAPP_APP_ID and MINIAPP_APP_SECRET must be set together")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @property
    def safe_mode(self) -> bool:
        """True when an EncodingAESKey is configured (WeChat safe/compatible mode possible)."""
        return self.wechat_encoding_aes_key is not None

    @property
    def queues_message_log(self) -> bool:
        """True when the callback queues message-log rows (``message_log_queue``)."""
        if self.message_log_queue is None:
            return bool(self.redis_url)
        return self.message_log_queue

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
            "message_log": "queued" if self.queues_message_log else "direct",
            "secret_key": "generated (dev only)" if self.secret_key_generated else "set",
            "pii_keys": f"{len(self.pii_keys)} set" if self.pii_keys else "derived from SECRET_KEY",
            "card_signing_key": "set" if self.card_signing_key else "derived from SECRET_KEY",
            "public_base_url": self.public_base_url,
            "wechat_api_base": self.wechat_api_base,
            "notify_rate_per_second": self.notify_rate_per_second,
            "metrics": "token set" if self.metrics_token else "off",
            "log_format": self.log_format,
        }


#: Variables read from the environment: each setting's name in capitals (named once, above).
ENV_VARS: tuple[str, ...] = tuple(
    name.upper() for name in Settings.model_fields if name != "secret_key_generated"
)


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Settings from ``environ`` (default: the process environment, read by
    pydantic-settings), then ``overrides`` (keys as the variable names).

    An override of None means "unset", whatever the environment says. Raises ConfigError
    listing every invalid variable.
    """
    given = {k: v for k, v in (overrides or {}).items() if k in ENV_VARS}
    if environ is not None:
        # An explicit mapping is the whole environment: nothing leaks in from the process's.
        given = {**{k: environ.get(k) for k in ENV_VARS}, **given}
    try:
        return Settings(**{k.lower(): v for k, v in given.items()})
    except ValidationError as err:
        raise ConfigError(_problems(err)) from None


def _problems(err: ValidationError) -> list[str]:
    """One message per problem, each naming its environment variable."""
    problems: list[str] = []
    for error in err.errors():
        message = str(error["msg"]).removeprefix("Value error, ")
        if not error["loc"]:
            problems.extend(message.split("\n"))
            continue
        name = str(error["loc"][0]).upper()
        value = error.get("input")
        problems.append(f"{name} {message}" + ("" if "got" in message else f", got {value!r}"))
    return problems


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


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _redact_url(url: str) -> str:
    """The URL with any password replaced by ***."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)
