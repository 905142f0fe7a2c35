"""Channel-agnostic dialogue: intents, answers, questionnaire, session-store protocol, replies.

PURE: imports neither Flask nor SQLAlchemy. The official-account callback (handlers/), the
mini-program API (miniapp_api/) and the terminal chat (``python -m bot chat``) all talk to
``Bot``; whatever the bot needs from the service core (cards, stored profiles) is passed in.
"""

from bot.reply import Reply
from bot.store import MemoryStore, SessionStore

__all__ = ["MemoryStore", "Reply", "SessionStore"]
