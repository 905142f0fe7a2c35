"""The one registry of database models: importing this package imports every feature's
``models`` module, so ``Base.metadata`` holds every table (Alembic autogenerate and the
models-match-migrations test read it).

Feature model modules import ``bluecard.models.base``; ``bluecard/__init__.py`` imports this
package before any feature, so the registry always loads first (add new features here).
"""

from bluecard.cards.models import CARD_STATES, LIVE_CARD_STATES, BlueCard, Employment
from bluecard.documents.models import KnowledgeVersion, PolicyDocument
from bluecard.evidence.models import Evidence
from bluecard.followers.models import Follower, MessageLog
from bluecard.ledger.models import (
    APPLICATION_TRANSITIONS,
    CLAIMING_STATES,
    SubsidyApplication,
)
from bluecard.models.base import Base, UTCDateTime, utcnow
from bluecard.notifications.models import (
    EligibilitySnapshot,
    MiniappSubscription,
    Notification,
    NotificationRecipient,
    RuleSnapshot,
)
from bluecard.payouts.models import PayoutBatch, PayoutLine
from bluecard.profiles.models import WorkerProfile
from bluecard.staff.models import (
    DISTRICT_ROLES,
    STAFF_ROLES,
    AuditLog,
    MiniappSession,
    StaffUser,
)
from bluecard.stats.models import ExtendedQuestion, PhrasingVersion
from bluecard.surveys.models import SurveyInvitation, SurveyRound
from bluecard.talent.models import TalentDemand, TalentWorker
from bluecard.targets.models import TargetActual

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
    "Evidence",
    "ExtendedQuestion",
    "Follower",
    "KnowledgeVersion",
    "MessageLog",
    "MiniappSession",
    "MiniappSubscription",
    "Notification",
    "NotificationRecipient",
    "PayoutBatch",
    "PayoutLine",
    "PhrasingVersion",
    "PolicyDocument",
    "RuleSnapshot",
    "StaffUser",
    "SubsidyApplication",
    "SurveyInvitation",
    "SurveyRound",
    "TalentDemand",
    "TalentWorker",
    "TargetActual",
    "UTCDateTime",
    "WorkerProfile",
    "utcnow",
]
