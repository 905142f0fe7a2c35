"""The worker's own page of a notification (``/n/<token>``, what the template message's 详情
opens): the whole notification — title, when, source, every line of the body — the
worker's own line (proactive matching: their amount and clause) and the linked clause quoted
with its document's warnings (a draft is never shown as policy in force), with a link to the
clause on the document's public page.

Nothing else about the worker is on it: no name, openid or other recipient's line. The token
is the pair (recipient row, notification) sealed (``links``); a message sent to someone else,
a token whose notification is not the row's, a draft, or a row WeChat never accepted is
"not found".

Links can be forwarded, so the personal part — the worker's own line and, for a decision
message (``decisions``, kind ``decision``), its whole text (card number, amounts, the
reviewer's reason) — is shown only ``NOTICE_PERSONAL_DAYS`` days (default 90) after the
message was sent (``sent_at``; the confirmation time while WeChat's answer is being written);
after them the page keeps the public text (title, time, source, a policy notification's body,
the clause) and says the personal part expired and where to see it. Long numbers (a card
number) are always masked but their last 4 digits (``privacy.mask_numbers``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bluecard.models.base import utcnow
from bluecard.notifications import links
from bluecard.notifications.decisions import DECISION_KIND
from bluecard.notifications.delivery import compose_message
from bluecard.notifications.lifecycle import RecipientState
from bluecard.notifications.models import Notification, NotificationRecipient
from bluecard.privacy import mask_numbers
from bluecard.runtime import current_runtime
from bluecard.uow import read_only
from policy_kb import docinfo
from policy_kb.chinatime import china_today

__all__ = ["NoticeClause", "WorkerNotice", "worker_notice"]

#: Rows whose message may have reached the worker (``sending``: WeChat took it, the outcome
#: is being written).
_DELIVERED = (RecipientState.SENT.value, RecipientState.SENDING.value)


@dataclass(frozen=True)
class NoticeClause:
    """The linked clause: document citation and title, clause number, heading and text
    (with its sub-clauses' text), the document's warnings today; ``doc_id`` and
    ``clause_id`` (None: the document as a whole) for the link to the document's page."""

    doc_id: str
    clause_id: str | None
    citation: str
    document_title: str
    number: str
    heading: str
    text: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class WorkerNotice:
    """What the worker's page shows: ``title``, ``when`` (Beijing time, as in the message),
    ``source`` (文号 + clause, may be ""), ``paragraphs`` of the body (empty for an expired
    decision message), ``personal`` (this worker's own line, or None), ``clause`` (None
    without a linked clause or when its document is no longer published), ``expired`` (True
    when the personal part was hidden: older than ``personal_days`` days), ``personal_days``
    (the setting, days)."""

    title: str
    when: str
    source: str
    paragraphs: tuple[str, ...]
    personal: str | None
    clause: NoticeClause | None
    expired: bool = False
    personal_days: int = 90


def worker_notice(token: str) -> WorkerNotice | None:
    """The page of the recipient row and notification sealed in ``token``
    (``links.recipient_of``), or None (forged, old-format or unknown token, a row of another
    notification, a row never delivered). Reads only."""
    pair = links.recipient_of(token)
    if pair is None:
        return None
    recipient_id, notification_id = pair
    days = current_runtime().settings.notice_personal_days
    with read_only() as session:
        row = session.get(NotificationRecipient, recipient_id)
        if row is None or row.notification_id != notification_id or row.state not in _DELIVERED:
            return None
        n = session.get(Notification, row.notification_id)
        if n is None or n.confirmed_at is None:
            return None
        message = compose_message(n.id, n.title, n.body, n.link_doc, n.link_clause, n.confirmed_at)
        sent = row.sent_at or n.confirmed_at
        expired = utcnow() - sent > timedelta(days=days)
        decision = n.kind == DECISION_KIND
        personal = None if expired or not row.personal else mask_numbers(row.personal)
        link_doc, link_clause = n.link_doc, n.link_clause
    paragraphs = tuple(mask_numbers(p.strip()) for p in message.body.splitlines() if p.strip())
    return WorkerNotice(
        title=message.title,
        when=message.when,
        source=message.source,
        paragraphs=() if expired and decision else paragraphs,
        personal=personal,
        clause=_clause(link_doc, link_clause),
        expired=expired and (decision or row.personal is not None),
        personal_days=days,
    )


def _clause(doc_id: str | None, clause_id: str | None) -> NoticeClause | None:
    if not doc_id:
        return None
    kb = current_runtime().knowledge.kb
    doc = kb.documents.get(doc_id)
    if doc is None:
        return None
    meta = doc.meta
    warnings = tuple(docinfo.warnings(meta, china_today()))
    head = (doc_id, clause_id, meta.citation(), meta.title)
    if not clause_id:
        return NoticeClause(*head, "", "", "", warnings)
    try:
        clause = doc.clause(clause_id)
    except KeyError:
        return NoticeClause(*head, clause_id, "", "", warnings)
    return NoticeClause(*head, clause.number, clause.heading, doc.subtree_text(clause_id), warnings)
