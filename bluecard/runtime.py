"""What one app instance holds besides its config: Redis, knowledge, bot, WeChat client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import redis
from flask import current_app

from bluecard.config import Settings
from bluecard.knowledge import Knowledge
from bluecard.wechat import SharedTokenClient

EXTENSION_KEY = "bluecard"


@dataclass(frozen=True)
class Runtime:
    """Per-app objects built once by ``create_app``.

    redis: shared client (real, or embedded when REDIS_URL is unset). bot: a
    ``bot.dialogue.Bot`` (or a test double with ``on_text``/``on_event``). wechat: the
    outbound official-account client, None when WECHAT_APP_ID/SECRET are unset.
    """

    settings: Settings
    redis: redis.Redis
    knowledge: Knowledge
    bot: Any
    wechat: SharedTokenClient | None


def current_runtime() -> Runtime:
    """The Runtime of the app handling the current request or CLI command."""
    runtime: Runtime = current_app.extensions[EXTENSION_KEY]
    return runtime
