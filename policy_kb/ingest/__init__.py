"""Policy text as received -> clause tree; reading and writing metadata sidecars.

The documents arrive as plain text converted from Word/PDF (see ``corpus/``): page breaks split
sentences across blank lines, Markdown and Word bookmarks are left over, one document puts spaces
around numbers, tables are flattened to one cell per line. ``parse_document`` repairs all of that
and builds the clause tree from the numbering people cite:

==============================  ======  ======================================
source                          level   clause_id (number)
==============================  ======  ======================================
``一、``                         1       ``三``
``（一）`` ``(一)`` ``**（一）…**``  2       ``三（一）`` (full-width brackets always)
``1.`` ``1、``                   3       ``三（一）1``
``（1）`` ``(1)``                4       ``三（一）1（1）``
several plain paragraphs        +1      ``三-2`` (number ``三``)
text before the first clause    1       ``序言``
attachment / its rows           1 / 2   ``附件``, ``附件-1`` (``附件1``… when several)
==============================  ======  ======================================

Markdown heading levels (``#``..``####``) are only hints: the numbering decides the level.
Header lines (issuer, 文号, title, addressees, signature, date) are not clauses. Ids depend only
on the text, so re-ingesting the same text gives the same ids.

Sidecars: ``<doc_id>.yaml`` next to ``<doc_id>.txt`` holds the ``DocumentMeta`` fields
(``title``, ``issuer``, ``wenhao``, ``issued_on``, ``issued_note``, ``regions``, ``status``,
``horizon``, ``horizon_end``); unknown facts are ``null``.
"""

from __future__ import annotations

from pathlib import Path

from policy_kb.ingest.errors import IngestError
from policy_kb.ingest.metadata import (
    DOC_ID_RE,
    STATUSES,
    meta_from_mapping,
    meta_to_mapping,
    read_meta,
)
from policy_kb.ingest.normalising import decode_policy_bytes, normalize_inline, split_sentences
from policy_kb.ingest.structure import (
    body_paragraphs,
    build_body,
    join_page_breaks,
    printed_matter,
)
from policy_kb.ingest.tables import build_attachments, split_attachments
from policy_kb.model import Document, DocumentMeta

__all__ = [
    "DOC_ID_RE",
    "STATUSES",
    "IngestError",
    "decode_policy_bytes",
    "load_document",
    "meta_from_mapping",
    "meta_to_mapping",
    "normalize_inline",
    "parse_document",
    "read_meta",
    "split_sentences",
]


def load_document(txt_path: Path, meta_path: Path | None = None) -> Document:
    """Read and parse ``<doc_id>.txt`` with its sidecar (default: same stem, ``.yaml``).

    Raises IngestError (bad encoding, bad metadata, no clauses) or OSError (unreadable file).
    """
    meta = read_meta(meta_path or txt_path.with_suffix(".yaml"), txt_path.stem)
    text = decode_policy_bytes(txt_path.read_bytes(), txt_path.name)
    return parse_document(text, meta)


def parse_document(text: str, meta: DocumentMeta) -> Document:
    """Build a document's clause tree from its text as received.

    ``text``: the whole document (str, any newline style). Returns a ``Document`` whose clauses
    are in reading order with repaired text (see the module docstring for ids and repairs).
    Raises IngestError when no numbered clause is recognised.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    body_lines, blocks = split_attachments(lines)
    pars = join_page_breaks(body_paragraphs(body_lines))
    clauses = build_body(meta.doc_id, pars)
    if not any(c.clause_id != "序言" for c in clauses):
        raise IngestError(
            f"{meta.doc_id}: no recognisable clauses (expected numbering like 一、 （一） 1.)"
        )
    clauses.extend(build_attachments(meta.doc_id, blocks))
    front, back = printed_matter(pars)
    return Document(meta=meta, clauses=clauses, front_matter=front, back_matter=back)
