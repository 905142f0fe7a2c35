"""Rendering passive replies (the XML body answering a callback)."""

from __future__ import annotations

import logging

from bot.reply import MAX_REPLY_BYTES
from handlers.xmlguard import cdata

log = logging.getLogger(__name__)
ELLIPSIS = "…"


def fit_reply(content: str, limit: int = MAX_REPLY_BYTES) -> str:
    """``content`` cut to ``limit`` UTF-8 bytes (ending in …) if longer.

    The bot pages long answers, so this only fires on a bot bug; WeChat fails a reply whose
    Content is too long, and a cut answer beats an error screen.
    """
    data = content.encode("utf-8")
    if len(data) <= limit:
        return content
    log.warning("reply of %d bytes cut to %d; the bot should have paged it", len(data), limit)
    room = limit - len(ELLIPSIS.encode("utf-8"))
    return data[:room].decode("utf-8", errors="ignore") + ELLIPSIS


def render_text_reply(to_user: str, from_user: str, content: str, create_time: int) -> str:
    """A passive text reply as WeChat expects it; every field is safely CDATA-quoted.

    to_user: the user's openid (the incoming FromUserName); from_user: the account's id (the
    incoming ToUserName); content: at most MAX_REPLY_BYTES (longer is cut); create_time:
    Unix seconds.
    """
    return (
        "<xml>"
        f"<ToUserName>{cdata(to_user)}</ToUserName>"
        f"<FromUserName>{cdata(from_user)}</FromUserName>"
        f"<CreateTime>{int(create_time)}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{cdata(fit_reply(content))}</Content>"
        "</xml>"
    )
