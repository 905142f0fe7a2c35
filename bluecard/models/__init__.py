"""Database models, one module per area; importing this package registers them all."""

# Feature packages keep their models; importing them here registers their tables.
import bluecard.surveys.models
import bluecard.targets.models  # noqa: F401
from bluecard.models.base import Base, UTCDateTime, utcnow
from bluecard.models.cards import CARD_STATES, LIVE_CARD_STATES, BlueCard, Employment
from bluecard.models.followers import Follower, MessageLog
from bluecard.models.ledger import (
    APPLICATION_TRANSITIONS,
    CLAIMING_STATES,
    SubsidyApplication,
)
from bluecard.models.miniapp import MiniappSession
from bluecard.models.profiles import WorkerProfile
from bluecard.models.staff import DISTRICT_ROLES, STAFF_ROLES, AuditLog, StaffUser
from bluecard.notifications.models import (
    EligibilitySnapshot,
    MiniappSubscription,
    Notification,
    NotificationRecipient,
    RuleSnapshot,
)

__all__ = [
    "APPLICATION_TRANSITIONS",
    "CARD_STATES",
    "CLAIMING_STATES",
    "DISTRICT_ROLES",
    "LIVE_CARD_STATES",
    "STAFF_ROLES",
    "AuditLog",
    "Base",
    "BlueCard",
    "EligibilitySnapshot",
    "Employment",
    "Follower",
    "MessageLog",
    "MiniappSession",
    "MiniappSubscription",
    "Notification",
    "NotificationRecipient",
    "RuleSnapshot",
    "StaffUser",
    "SubsidyApplication",
    "UTCDateTime",
    "WorkerProfile",
    "utcnow",
]
