"""技工蓝卡 service core: configuration, app factory, database, Redis, services, CLI.

``create_app()`` builds the whole service: the WeChat callback (``handlers``), the
mini-program API (``miniapp_api``) and the pieces they share, built once per process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask_openapi3 import Info, OpenAPI
from sqlalchemy.orm import configure_mappers
from werkzeug.routing import IntegerConverter

from bluecard import models  # noqa: F401  (the model registry loads before any feature)
from bluecard.apidoc import LazyDocOpenAPI
from bluecard.cli import commands as cli_commands
from bluecard.config import ENV_VARS, Settings, load_settings
from bluecard.crypto import PiiCipher, card_signing_key
from bluecard.documents import services as documents
from bluecard.errors import ErrorBody, register_error_handlers, validation_error_response
from bluecard.extensions import db, init_migrations, upgrade_database
from bluecard.followers.msglog import start_flusher_under_flask_run
from bluecard.followers.services import BotServices
from bluecard.health import bp as health_bp
from bluecard.knowledge import CachedEvaluator, Knowledge, LiveKnowledge, load_knowledge
from bluecard.notifications.metrics import notification_gauges
from bluecard.observability import configure_logging
from bluecard.observability import init_app as init_observability
from bluecard.privacy import install_log_redaction
from bluecard.runtime import EXTENSION_KEY, Runtime
from bluecard.services.ids import MAX_ID  # largest id in a route (signed 64-bit keys)
from bluecard.staff.limits import init_login_limiter
from bluecard.stats import services as stats
from bluecard.stores import RedisSessionStore, make_redis
from bluecard.talent.cli import commands as talent_commands
from bluecard.wechat import SharedTokenClient
from bot.dialogue import Bot

__version__ = "0.1.0"
log = logging.getLogger(__name__)

#: The whole service accepts bodies up to 1 MiB (WeChat's XML is a few KiB); bigger → 413.
MAX_CONTENT_LENGTH = 1024 * 1024


def create_app(config: Mapping[str, Any] | None = None) -> OpenAPI:
    """Build the Flask app (a flask-openapi3 ``OpenAPI``, i.e. a Flask subclass).

    config: overrides. Keys named like the environment variables (``DATABASE_URL``,
    ``REDIS_URL``, ``WECHAT_TOKEN``...) replace them (None = unset); other keys go to Flask's
    config as they are. Test seams: ``KNOWLEDGE`` (a prebuilt ``Knowledge``), ``BOT_FACTORY``
    (``callable(knowledge, store, services) -> bot``), ``INSTANCE_PATH``.
    Raises bluecard.config.ConfigError naming every bad setting. Opens no connection, except
    to apply migrations when ``AUTO_MIGRATE`` (default for the embedded SQLite database).
    """
    install_log_redaction()
    overrides = dict(config or {})
    instance_path = overrides.pop("INSTANCE_PATH", None)
    settings = load_settings(overrides=overrides)
    configure_logging(settings.log_format)
    app = LazyDocOpenAPI(
        __name__,
        info=Info(title="技工蓝卡 API", version=__version__),
        security_schemes={"bearer": {"type": "http", "scheme": "bearer"}},
        validation_error_status=422,
        validation_error_model=ErrorBody,
        validation_error_callback=validation_error_response,
        instance_path=instance_path,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Chinese stays readable
    # Every <int:...> in a route stops at a signed 64-bit id: larger ones are a 404 there,
    # never an overflow in the database driver.
    app.url_map.converters["int"] = BoundedIntConverter
    app.config.update(_flask_config(app, settings))
    app.config.update({k: v for k, v in overrides.items() if k not in ENV_VARS})
    if settings.secret_key_generated:
        settings = _development_secret(app, settings)
        app.config["SECRET_KEY"] = settings.secret_key
        app.config["BLUECARD_SETTINGS"] = settings

    db.init_app(app)
    init_migrations(app)
    if settings.auto_migrate:
        upgrade_database(app)
        with app.app_context():
            db.engine.dispose()  # no pooled connection may cross a pre-fork server's fork

    app.extensions[EXTENSION_KEY] = _runtime(app, settings)
    _register(app)
    # Once, before a pre-forking server forks (else every worker's first query does it, ~60 ms).
    configure_mappers()
    start_flusher_under_flask_run(app)  # gunicorn workers start theirs in gunicorn.conf.py
    log.info("bluecard ready: %s", settings.summary())
    return app


class BoundedIntConverter(IntegerConverter):
    """Flask's ``int`` converter bounded to 1 .. 2**63-1 (a database key) unless a rule says
    otherwise: ``/applications/99999999999999999999/pay`` matches no route (404)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _development_secret(app: OpenAPI, settings: Settings) -> Settings:
    """Settings whose SECRET_KEY is kept in ``instance/dev-secret-key`` (made once, mode 0600).

    Personal data is encrypted with keys derived from SECRET_KEY when PII_KEYS is unset, so a
    key that changed at every start would make yesterday's cards unreadable on the embedded
    defaults. Production sets SECRET_KEY (and PII_KEYS, CARD_SIGNING_KEY) in the environment.
    """
    log.warning("SECRET_KEY is not set: using instance/dev-secret-key (development only)")
    os.makedirs(app.instance_path, exist_ok=True)
    path = os.path.join(app.instance_path, "dev-secret-key")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        with open(path, encoding="ascii") as handle:
            secret = handle.read().strip()
    else:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(settings.secret_key)
        secret = settings.secret_key
    return settings.model_copy(update={"secret_key": secret or settings.secret_key})


def _flask_config(app: OpenAPI, settings: Settings) -> dict[str, Any]:
    url = settings.database_url
    if url is None:
        os.makedirs(app.instance_path, exist_ok=True)
        url = "sqlite:///" + os.path.join(app.instance_path, "bluecard.sqlite3")
    engine_options: dict[str, Any] = {}
    if url.startswith("postgresql"):
        engine_options = {"pool_pre_ping": True, "pool_recycle": 1800}
    return {
        "SECRET_KEY": settings.secret_key,
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        "MAX_CONTENT_LENGTH": MAX_CONTENT_LENGTH,
        "BLUECARD_SETTINGS": settings,
    }


def _runtime(app: OpenAPI, settings: Settings) -> Runtime:
    redis_client = make_redis(settings.redis_url)
    knowledge: Knowledge = app.config.get("KNOWLEDGE") or load_knowledge(settings.policy_kb_dir)
    cipher = PiiCipher.from_settings(settings)
    store = RedisSessionStore(redis_client, settings.redis_prefix, cipher)
    factory = app.config.get("BOT_FACTORY") or _make_bot
    services = BotServices()
    live = LiveKnowledge(
        knowledge, lambda built: factory(built, store, services), _DatabaseKnowledge()
    )
    wechat = None
    if settings.wechat_app_id and settings.wechat_app_secret:
        wechat = SharedTokenClient(
            settings.wechat_app_id,
            settings.wechat_app_secret,
            redis_client,
            settings.redis_prefix,
            timeout=settings.wechat_http_timeout,
            api_base=settings.wechat_api_base,
        )
    return Runtime(
        settings,
        redis_client,
        live,
        wechat,
        cipher,
        card_signing_key(settings),
        store,
    )


class _DatabaseKnowledge:
    """``bluecard.knowledge.KnowledgeSource`` on the database: the documents' version and
    published knowledge base (``bluecard.documents``), the 扩展问 (``bluecard.stats``)."""

    knowledge_version = staticmethod(documents.knowledge_version)
    phrasing_version = staticmethod(stats.phrasing_version)
    published_knowledge_base = staticmethod(documents.published_knowledge_base)
    live_phrasings = staticmethod(stats.live_phrasings)


def _make_bot(knowledge: Knowledge, store: RedisSessionStore, services: BotServices) -> Any:
    return Bot(knowledge.kb, knowledge.index, store, services=services, evaluate=CachedEvaluator())


def _register(app: OpenAPI) -> None:
    # The one place bluecard imports the edges (ARCHITECTURE.md): they import bluecard's
    # services, so a module-level import here would be a cycle.
    import console
    import handlers
    import miniapp_api

    register_error_handlers(app)
    init_login_limiter(app)
    init_observability(app, gauges=[notification_gauges])
    handlers.init_app(app)
    miniapp_api.init_app(app)
    console.init_app(app)
    app.register_blueprint(health_bp)
    app.cli.add_command(cli_commands)
    app.cli.add_command(talent_commands)


__all__ = ["__version__", "create_app"]
