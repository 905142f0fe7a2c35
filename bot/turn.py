"""One incoming message as the dialogue sees it: who sent it and their state, read once at the
start and written once at the end (``bot.state``), with the questionnaire and the card form
working on that state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from bot.cardform import CardForm
from bot.context import CONTEXT_KEY, CONTEXT_TTL_SECONDS, Topic
from bot.places import Place
from bot.questionnaire import Questionnaire
from bot.state import UserState
from policy_kb.redaction import redact


@dataclass
class Turn:
    """One incoming message: who sent it and their state (read once, written once)."""

    uid: str
    state: UserState
    quiz: Questionnaire
    card: CardForm
    #: Whether the knowledge base still holds a clause (doc_id, clause_id): a topic whose
    #: document was withdrawn since is forgotten, not followed up.
    holds: Callable[[str, str], bool] = lambda doc_id, clause_id: True
    #: The stored topic last read and the Topic made of it: ``topic`` is asked about five times
    #: a message and the stored dict only changes by being replaced (``set_topic``, delete).
    _read_topic: tuple[object, Topic | None] = field(
        default=(None, None), init=False, repr=False, compare=False
    )

    # -- the parts of the state the dialogue reads ---------------------------------------
    @property
    def user(self) -> dict[str, Any]:
        """Kept facts: ``region`` (covered, canonical), ``place`` (as named), ``menu``."""
        return self.state.get(f"bot:user:{self.uid}") or {}

    def set_user(self, **changes: Any) -> None:
        """Update kept facts; a value of None removes the key."""
        user = dict(self.user)
        for key, value in changes.items():
            if value is None:
                user.pop(key, None)
            else:
                user[key] = value
        self.state.set(f"bot:user:{self.uid}", user)

    @property
    def place(self) -> Place | None:
        """Where the worker said they are (a covered region, a county, or an uncovered place)."""
        user = self.user
        stored = Place.from_json(user.get("place"))
        if stored is not None:
            return stored
        region = user.get("region")
        return Place(str(region), str(region)) if region else None

    @property
    def topic(self) -> Topic | None:
        """The last answer's topic, while the session lasts."""
        data = self.state.get(CONTEXT_KEY)
        if not data:
            return None
        kept, topic = self._read_topic
        if kept is not data:
            topic = Topic.from_json(data)
            self._read_topic = (data, topic)
        if topic is not None and not self.holds(topic.doc_id, topic.clause_id):
            self.state.delete(CONTEXT_KEY)
            return None
        return topic

    def set_topic(self, topic: Topic) -> None:
        """Keep ``topic`` for follow-ups (30 minutes); its question with personal numbers
        redacted (a number no check caught, 「+86 139…」, is still never kept)."""
        if topic.question:
            topic = replace(topic, question=redact(topic.question))
        before = self.topic
        if before is not None and (before.doc_id, before.clause_id) != (
            topic.doc_id,
            topic.clause_id,
        ):
            # an answered aside (「蓝卡是什么」) replaces the subject: kept aside, so 「说回刚才
            # 的，技师呢」 finds the subject before it
            self.state.set(f"bot:earlier:{self.uid}", before.to_json(), CONTEXT_TTL_SECONDS)
        self.state.set(CONTEXT_KEY, topic.to_json(), CONTEXT_TTL_SECONDS)
        # a question answered: an earlier unanswered one (a place without a document) is over
        self.state.delete(f"bot:unanswered:{self.uid}")

    def drop_topic(self) -> None:
        """End the last answer's topic (a question of its own went unanswered: what follows
        leans on it, not on the answer before). The topic is kept aside for the session, so a
        worker going back to it after the aside (「回到刚才那个，…」) finds it again
        (``earlier_topic``)."""
        data = self.state.get(CONTEXT_KEY)
        if data:
            self.state.set(f"bot:earlier:{self.uid}", data, CONTEXT_TTL_SECONDS)
        self.state.delete(CONTEXT_KEY)

    def earlier_topic(self) -> Topic | None:
        """The topic before the last answer's: the one ``drop_topic`` ended or another clause's
        answer replaced, or None (none, expired, or its document gone)."""
        data = self.state.get(f"bot:earlier:{self.uid}")
        topic = Topic.from_json(data) if data else None
        if topic is None or not self.holds(topic.doc_id, topic.clause_id):
            return None
        return topic

    def keep_unanswered(self, kept: dict[str, Any], ttl_seconds: int) -> None:
        """Keep an unanswered question (``{"question": text, …}``) for the next message to
        lean on (「那洪泽的呢」), for ``ttl_seconds``; its text with personal numbers redacted."""
        question = kept.get("question")
        if isinstance(question, str):
            kept = {**kept, "question": redact(question)}
        self.state.set(f"bot:unanswered:{self.uid}", kept, ttl_seconds)
