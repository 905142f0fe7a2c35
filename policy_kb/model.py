"""Documents and clauses: the shapes every other part of the knowledge base works on.

A ``Document`` is one policy document (its metadata and its clause tree); a ``Clause`` is one
node of that tree. ``clause_id`` is stable across re-ingestion and equals the number people cite
(``"三（三）1"``) for numbered clauses; see ``policy_kb.ingest`` for how ids are made.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Status = Literal["in_force", "draft"]
#: Why a document stopped applying: it expired (失效、废止) or another one superseded it.
Ended = Literal["expired", "superseded"]


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata of a policy document. Anything not printed in the document is None (unknown).

    doc_id: stable slug, the corpus file's stem (``"hongze-2021"``).
    title: the document's own title (``"洪泽区产业工人队伍建设实施方案"``).
    issuer: issuing body as printed, or None.
    wenhao: 文号 as printed (``"洪办发〔2021〕10号"``), or None when none is printed.
    issued_on: issue date as printed, or None when not printed.
    issued_note: what is known about an unprinted date (``"不早于2024年（引用苏政办发〔2024〕37号）"``).
    regions: canonical region names the document governs (see ``policy_kb.regions``).
    status: ``"in_force"`` or ``"draft"`` (征求意见稿: never presented as policy in force).
    horizon: the target period as a person would say it (``"至2025年"``).
    horizon_end: last day of the target period, or None; after it an answer warns that the
        period has passed.
    in_force_from: first day the document applies (published lifecycle data), or None when
        it applies from its issue (the bundled corpus).
    ended_on: first day it no longer applies, or None; ``ended_how`` says why: ``"expired"``
        (失效/废止) or ``"superseded"`` (replaced by ``superseded_by``, a doc_id, cited as
        ``successor``: 文号 or 《title》).
    """

    doc_id: str
    title: str
    issuer: str | None
    wenhao: str | None
    issued_on: date | None
    issued_note: str | None
    regions: tuple[str, ...]
    status: Status
    horizon: str | None
    horizon_end: date | None
    in_force_from: date | None = None
    ended_on: date | None = None
    ended_how: Ended | None = None
    superseded_by: str | None = None
    successor: str | None = None

    def citation(self) -> str:
        """How an answer cites the document: 文号 when printed, else the title in 《》."""
        return self.wenhao or f"《{self.title}》"


@dataclass(frozen=True)
class Clause:
    """One node of a document's clause tree.

    clause_id: stable id, unique in its document; for numbered clauses equal to ``number``.
    number: the number as cited (``"三（三）1"``, ``"九"``); for an unnumbered paragraph, its
        section's number.
    heading: the clause's lead or title (``"实行急需紧缺高技能引进人才补贴政策"``), may be "".
    text: the clause's own text, repaired (page breaks joined, Markdown and bookmarks removed),
        without the text of its children.
    parent_id: clause_id of the parent, None at the top level.
    level: depth in the tree, 1 for top-level clauses.
    """

    doc_id: str
    clause_id: str
    number: str
    heading: str
    text: str
    parent_id: str | None
    level: int


@dataclass
class Document:
    """A policy document: metadata plus its clauses in reading order.

    front_matter / back_matter: the printed lines before the first clause (issuer, 文号, title,
    addressees 主送) and after the last one (signature, date, 附件 list, 此件公开发布), cleaned
    of conversion debris but otherwise verbatim: what a question about the document itself is
    answered from (``policy_kb.docinfo``).
    """

    meta: DocumentMeta
    clauses: list[Clause] = field(default_factory=list)
    front_matter: tuple[str, ...] = ()
    back_matter: tuple[str, ...] = ()

    def clause(self, clause_id: str) -> Clause:
        """The clause with this id. Raises KeyError if the document has none."""
        for c in self.clauses:
            if c.clause_id == clause_id:
                return c
        raise KeyError(f"{self.meta.doc_id}: no clause {clause_id!r}")

    def children(self, clause_id: str | None) -> list[Clause]:
        """Direct children of a clause (None: the top-level clauses), in reading order."""
        return [c for c in self.clauses if c.parent_id == clause_id]

    def subtree_text(self, clause_id: str) -> str:
        """The clause's text followed by all its descendants' texts, joined by newlines."""
        out: list[str] = []

        def walk(cid: str) -> None:
            c = self.clause(cid)
            if c.text:
                out.append(c.text)
            for ch in self.children(cid):
                walk(ch.clause_id)

        walk(clause_id)
        return "\n".join(out)


@dataclass
class KnowledgeBase:
    """All documents known to the service, keyed by doc_id."""

    documents: dict[str, Document] = field(default_factory=dict)

    def document(self, doc_id: str) -> Document:
        """The document with this id. Raises KeyError if unknown."""
        return self.documents[doc_id]

    def clause(self, doc_id: str, clause_id: str) -> Clause:
        """A clause by document and clause id. Raises KeyError if either is unknown."""
        return self.documents[doc_id].clause(clause_id)

    def iter_clauses(self) -> Iterator[Clause]:
        """Every clause of every document, documents in id order, clauses in reading order."""
        for doc_id in sorted(self.documents):
            yield from self.documents[doc_id].clauses
