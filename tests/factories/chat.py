"""Talking to the bot: in unit tests to a ``bot.dialogue.Bot`` (a clock the test moves forward
for session expiry, a chat sent message by message, what its ``MemoryStore`` kept); in
end-to-end tests through an app's
signed WeChat callback (``say``)."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.dialogue import Bot
from bot.reply import Reply
from bot.store import MemoryStore


class Clock:
    """A monotonic clock (seconds) the test moves forward by setting ``now``."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def chat(bot: Bot, uid: str, *lines: str) -> Reply:
    """Send ``lines`` from worker ``uid`` one by one; the reply to the last one."""
    reply = Reply("", "ignored")
    for line in lines:
        reply = bot.on_text(uid, line)
    return reply


def kept(store: MemoryStore) -> str:
    """Everything ``store`` holds (its values as JSON, expiry times left out), then the same
    with only its ASCII digits: a number kept in any grouping is found whole there."""
    raw = json.dumps({k: v for k, (v, _) in store._data.items()}, ensure_ascii=False)
    return raw + "\n" + re.sub(r"[^0-9]", "", raw)


def say(app: Any, wx: Any, text: str, openid: str, mode: str = "aes") -> str:
    """``text`` from worker ``openid`` through ``app``'s ``/wechat`` callback, posted by ``wx``
    (the root conftest's WeChat simulator) signed and, in the default safe mode, encrypted
    (``mode``: raw, aes, compat); the reply's text. Fails unless the callback answered.
    A module whose chats are one worker's binds it: ``say = partial(chat.say, openid=OPENID)``.
    """
    return wx.say(app, text, openid, mode)
