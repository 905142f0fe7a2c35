"""One incoming message as the dialogue sees it: who sent it and their state, read once at the
start and written once at the end (``bot.state``), with the questionnaire and the card form
working on that state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.cardform import CardForm
from bot.context import CONTEXT_KEY, CONTEXT_TTL_SECONDS, Topic
from bot.places import Place
from bot.questionnaire import Questionnaire
from bot.state import UserState


@dataclass
class Turn:
    """One incoming message: who sent it and their state (read once, written once)."""

    uid: str
    state: UserState
    quiz: Questionnaire
    card: CardForm

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
        return Topic.from_json(data) if data else None

    def set_topic(self, topic: Topic) -> None:
        """Keep ``topic`` for follow-ups (30 minutes)."""
        self.state.set(CONTEXT_KEY, topic.to_json(), CONTEXT_TTL_SECONDS)
        # a question answered: an earlier unanswered one (a place without a document) is over
        self.state.delete(f"bot:unanswered:{self.uid}")
