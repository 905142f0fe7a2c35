"""The worker's own page of a notification (``/n/<token>``, what the template message's 详情
opens): the whole notification — title, when, source, every line of the body — the
worker's own line (proactive matching: their amount and clause) and the linked clause quoted
with its document's warnings (a draft is never shown as policy in force), with a link to the
clause on the document's public page.

Nothing else about the worker is on it: no name, openid or other recipient's line. The token
is the recipient row signed (``links``); a message sent to someone else, a draft, or a row
WeChat never accepted is "not found".
"""

from __future__ import annotations

from dataclasses import dataclass

from bluecard.notifications import links
from bluecard.notifications.delivery import compose_message
from bluecard.notifications.lifecycle import RecipientState
from bluecard.notifications.models import Notification, NotificationRecipient
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
    ``source`` (文号 + clause, may be ""), ``paragraphs`` of the body, ``personal`` (this
    worker's own line, or None), ``clause`` (None without a linked clause or when its
    document is no longer published)."""

    title: str
    when: str
    source: str
    paragraphs: tuple[str, ...]
    personal: str | None
    clause: NoticeClause | None


def worker_notice(token: str) -> WorkerNotice | None:
    """The page of the recipient row signed in ``token`` (``links.recipient_of``), or None
    (forged or unknown token, a row never delivered). Reads only."""
    recipient_id = links.recipient_of(token)
    if recipient_id is None:
        return None
    with read_only() as session:
        row = session.get(NotificationRecipient, recipient_id)
        if row is None or row.state not in _DELIVERED:
            return None
        n = session.get(Notification, row.notification_id)
        if n is None or n.confirmed_at is None:
            return None
        message = compose_message(n.id, n.title, n.body, n.link_doc, n.link_clause, n.confirmed_at)
        personal = row.personal
        link_doc, link_clause = n.link_doc, n.link_clause
    paragraphs = tuple(p.strip() for p in message.body.splitlines() if p.strip())
    return WorkerNotice(
        title=message.title,
        when=message.when,
        source=message.source,
        paragraphs=paragraphs,
        personal=personal,
        clause=_clause(link_doc, link_clause),
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
