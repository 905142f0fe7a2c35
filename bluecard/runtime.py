"""What one app instance holds besides its config: Redis, knowledge, bot, WeChat client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import redis
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import current_app

from bluecard.config import Settings
from bluecard.crypto import PiiCipher
from bluecard.knowledge import Knowledge, LiveKnowledge
from bluecard.stores import RedisSessionStore
from bluecard.wechat import SharedTokenClient

EXTENSION_KEY = "bluecard"


@dataclass(frozen=True)
class Runtime:
    """Per-app objects built once by ``create_app``.

    redis: shared client (real, or embedded when REDIS_URL is unset). live: the knowledge
    base following the published version (``bluecard.knowledge.LiveKnowledge``); ``knowledge``
    and ``bot`` (a ``bot.dialogue.Bot`` or a test double with ``on_text``/``on_event``) are
    those of the current version. wechat: the
    outbound official-account client, None when WECHAT_APP_ID/SECRET are unset. cipher:
    encrypts personal data at rest (``bluecard.crypto``). signing_key: the Ed25519 key of
    QR tokens (``bluecard.cards.qr``). sessions: the bot's session store on ``redis`` (the
    chat's and the mini-program questionnaire's).
    """

    settings: Settings
    redis: redis.Redis
    live: LiveKnowledge
    wechat: SharedTokenClient | None
    cipher: PiiCipher
    signing_key: Ed25519PrivateKey
    sessions: RedisSessionStore

    @property
    def knowledge(self) -> Knowledge:
        """The knowledge base and index of the current version."""
        return self.live.current().knowledge

    @property
    def bot(self) -> Any:
        """The bot built on the current version's knowledge base."""
        return self.live.current().bot


def current_runtime() -> Runtime:
    """The Runtime of the app handling the current request or CLI command."""
    runtime: Runtime = current_app.extensions[EXTENSION_KEY]
    return runtime
