"""Talking to a ``bot.dialogue.Bot`` in unit tests: a clock the test moves forward (session
expiry) and a chat sent message by message."""

from __future__ import annotations

from bot.dialogue import Bot
from bot.reply import Reply


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
