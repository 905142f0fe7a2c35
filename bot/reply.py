"""What the bot says back: one reply per incoming message or event."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reply:
    """The bot's answer to one message or event.

    text: what the user sees; at most ``MAX_REPLY_BYTES`` UTF-8 bytes (longer answers are paged
        and end with 回复「更多」). Empty text means "no reply" (WeChat: ``success``).
    intent: what the bot understood (``"answer"``, ``"not_answered"``, ``"greeting"``, ``"help"``,
        ``"more"``, ``"set_region"``, ``"subscribe"``, ...), for statistics.
    clause_refs: ``"doc_id#clause_id"`` of every clause the answer cites, for statistics.
    has_more: True when the user can reply 「更多」 for the next page.
    step: the form field the message was typed in answer to (``id_number``, ``skill_level`` …)
        when a card form or the questionnaire was waiting for one, else "": what a message log
        may keep of a message typed inside a form, instead of its text.
    """

    text: str
    intent: str
    clause_refs: tuple[str, ...] = field(default_factory=tuple)
    has_more: bool = False
    step: str = ""


# WeChat passive text replies: Content within 2048 UTF-8 bytes (community-measured limit).
MAX_REPLY_BYTES = 2048
