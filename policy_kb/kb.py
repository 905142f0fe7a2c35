"""Loading the knowledge base: the bundled corpus plus documents ingested since.

The bundled corpus (``policy_kb/corpus/<doc_id>.txt`` + ``<doc_id>.yaml``) is parsed once per
process and cached; documents staff ingested later live in a directory of the same layout
(``POLICY_KB_DIR``, written by ``python -m policy_kb ingest``).
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from policy_kb.ingest import (
    IngestError,
    decode_policy_bytes,
    load_document,
    meta_from_mapping,
    parse_document,
)
from policy_kb.model import Document, KnowledgeBase
from policy_kb.yamltext import safe_load

__all__ = ["ENV_DIR", "bundled_doc_ids", "default_extra_dir", "load_knowledge_base"]

ENV_DIR = "POLICY_KB_DIR"


def default_extra_dir() -> Path | None:
    """The directory of ingested documents named by ``$POLICY_KB_DIR``, or None when unset."""
    value = os.environ.get(ENV_DIR, "").strip()
    return Path(value) if value else None


def _corpus_root() -> Traversable:
    return resources.files("policy_kb").joinpath("corpus")


def _load_bundled_one(entry: Traversable) -> Document:

    doc_id = entry.name.removesuffix(".yaml")
    data = safe_load(entry.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise IngestError(f"bundled corpus: {entry.name} is not a mapping")
    meta = meta_from_mapping(doc_id, data)
    txt = _corpus_root().joinpath(f"{doc_id}.txt")
    return parse_document(decode_policy_bytes(txt.read_bytes(), txt.name), meta)


@lru_cache(maxsize=1)
def _bundled() -> tuple[Document, ...]:
    entries = sorted(
        (e for e in _corpus_root().iterdir() if e.name.endswith(".yaml")), key=lambda e: e.name
    )
    return tuple(_load_bundled_one(e) for e in entries)


def bundled_doc_ids() -> frozenset[str]:
    """The doc_ids of the documents shipped with the package."""
    return frozenset(d.meta.doc_id for d in _bundled())


def _load_extra(directory: Path) -> list[Document]:
    docs = []
    for meta_path in sorted(directory.glob("*.yaml")):
        txt = meta_path.with_suffix(".txt")
        if not txt.is_file():
            raise IngestError(f"{meta_path}: no matching {txt.name}")
        docs.append(load_document(txt, meta_path))
    return docs


def load_knowledge_base(extra_dir: Path | None = None) -> KnowledgeBase:
    """All documents: the bundled corpus plus those ingested into ``extra_dir``.

    ``extra_dir`` defaults to ``$POLICY_KB_DIR`` (none when unset); a missing directory counts
    as empty. The bundled corpus is parsed once per process; the returned Document objects are
    shared between calls, so treat them as read-only.
    Raises IngestError if an ingested document is broken or reuses a bundled doc_id.
    """
    kb = KnowledgeBase({d.meta.doc_id: d for d in _bundled()})
    directory = extra_dir if extra_dir is not None else default_extra_dir()
    if directory is not None and directory.is_dir():
        for doc in _load_extra(directory):
            if doc.meta.doc_id in kb.documents:
                raise IngestError(f"{directory}: doc_id {doc.meta.doc_id!r} already in the corpus")
            kb.documents[doc.meta.doc_id] = doc
    return kb
