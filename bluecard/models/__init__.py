"""Database models, one module per area; importing this package registers them all.

Later areas (cards, ledger, notifications) add a module here and an Alembic migration.
"""

from bluecard.models.base import Base, UTCDateTime, utcnow
from bluecard.models.followers import Follower, MessageLog
from bluecard.models.miniapp import MiniappSession
from bluecard.models.profiles import WorkerProfile

__all__ = [
    "Base",
    "Follower",
    "MessageLog",
    "MiniappSession",
    "UTCDateTime",
    "WorkerProfile",
    "utcnow",
]
