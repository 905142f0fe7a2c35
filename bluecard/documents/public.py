"""A published policy document as a worker reads it on a phone (``/policies/<doc_id>``, the
page a notification's clause links to): citation, title, issuer, date, the warnings of its
standing today (a draft is never shown as policy in force), and its clauses in reading
order, each with the anchor ``c-<clause_id>``. Only documents of the live knowledge base
(published or bundled) are shown; nothing personal is on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bluecard.runtime import current_runtime
from policy_kb import docinfo
from policy_kb.chinatime import china_today

__all__ = ["ClauseView", "PublicDocument", "public_document"]


@dataclass(frozen=True)
class ClauseView:
    """One clause as a page shows it (the public page, the staff preview): id (the public
    page's anchor is ``c-<clause_id>``), number as cited, heading, its own text and depth
    (1 = top level)."""

    clause_id: str
    number: str
    heading: str
    text: str
    level: int


@dataclass(frozen=True)
class PublicDocument:
    """The page's document: ``citation`` (文号, else 《title》), ``title``, ``wenhao`` and
    ``issuer`` (None when not printed), ``issued_on`` (None: not printed), ``warnings``
    today, ``clauses`` in reading order."""

    doc_id: str
    citation: str
    title: str
    wenhao: str | None
    issuer: str | None
    issued_on: date | None
    warnings: tuple[str, ...]
    clauses: tuple[ClauseView, ...]


def public_document(doc_id: str) -> PublicDocument | None:
    """Document ``doc_id`` of the live knowledge base, or None when there is none."""
    doc = current_runtime().knowledge.kb.documents.get(doc_id)
    if doc is None:
        return None
    meta = doc.meta
    return PublicDocument(
        doc_id=meta.doc_id,
        citation=meta.citation(),
        title=meta.title,
        wenhao=meta.wenhao,
        issuer=meta.issuer,
        issued_on=meta.issued_on,
        warnings=tuple(docinfo.warnings(meta, china_today())),
        clauses=tuple(
            ClauseView(c.clause_id, c.number, c.heading, c.text, c.level)
            for c in doc.clauses
            if c.clause_id != docinfo.INFO_CLAUSE_ID
        ),
    )
