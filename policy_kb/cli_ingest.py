"""``python -m policy_kb ingest PATH``: add a policy document (plain UTF-8 text) to the corpus.

Metadata comes from flags, from a ``--meta`` YAML file with the sidecar fields (title, issuer,
wenhao, issued_on, issued_note, regions, status, horizon, horizon_end), or both (flags win)::

    python -m policy_kb ingest new.txt --doc-id gulou-2024 --title 鼓楼区…实施办法 \\
        --region 洪泽区 --wenhao 洪人社发〔2024〕3号 --issued 2024-03-01 --horizon-end 2026-12-31

The text is validated (UTF-8, not binary, not empty), metadata checked (known region, ISO
dates, in_force|draft, doc_id unused) and the clause tree parsed; only then are
``<doc_id>.txt`` (the text as received) and ``<doc_id>.yaml`` written into ``--dest``
(default ``$POLICY_KB_DIR``, else ``./instance/policies``), atomically: both files or neither.
The text is stored as received; repairs are redone at every load.

Exit 0 on success (one line on stdout); exit 2 with a one-line message on stderr for bad
input, and nothing is written.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from policy_kb.ingest import (
    IngestError,
    decode_policy_bytes,
    meta_from_mapping,
    meta_to_mapping,
    parse_document,
)
from policy_kb.kb import bundled_doc_ids, default_extra_dir
from policy_kb.model import Document

DEFAULT_DEST = Path("instance") / "policies"

# flag attribute -> sidecar field
_FLAG_FIELDS: dict[str, str] = {
    "title": "title",
    "issuer": "issuer",
    "wenhao": "wenhao",
    "issued": "issued_on",
    "issued_note": "issued_note",
    "status": "status",
    "horizon": "horizon",
    "horizon_end": "horizon_end",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``ingest`` flags on ``parser``."""
    parser.description = __doc__
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("path", type=Path, help="the document as plain UTF-8 text")
    parser.add_argument("--doc-id", help="stable id, e.g. gulou-2024 (default: the file's stem)")
    parser.add_argument("--title", help="the document's own title")
    parser.add_argument(
        "--region", action="append", help="region it governs (repeatable; aliases allowed)"
    )
    parser.add_argument("--wenhao", help="文号 as printed, e.g. 洪办发〔2021〕10号")
    parser.add_argument("--issuer", help="issuing body as printed")
    parser.add_argument("--issued", help="issue date as printed, YYYY-MM-DD")
    parser.add_argument("--issued-note", help="what is known of an unprinted issue date")
    parser.add_argument("--status", choices=["in_force", "draft"], help="default in_force")
    parser.add_argument("--horizon", help="target period as people say it, e.g. 至2025年")
    parser.add_argument("--horizon-end", help="last day of the target period, YYYY-MM-DD")
    parser.add_argument("--meta", type=Path, help="YAML file with the metadata fields")
    parser.add_argument(
        "--dest",
        type=Path,
        help="directory to write into (default $POLICY_KB_DIR or ./instance/policies)",
    )


def _metadata(args: argparse.Namespace) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if args.meta is not None:
        try:
            loaded = yaml.safe_load(args.meta.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise IngestError(
                f"--meta {args.meta}: cannot read YAML ({exc.__class__.__name__})"
            ) from exc
        if not isinstance(loaded, dict):
            raise IngestError(f"--meta {args.meta}: expected a mapping of metadata fields")
        data.update(loaded)
    for attr, key in _FLAG_FIELDS.items():
        value = getattr(args, attr)
        if value is not None:
            data[key] = value
    if args.region:
        data["regions"] = args.region
    return data


def prepare(args: argparse.Namespace) -> tuple[Document, bytes, Path]:
    """Validate everything and parse; returns (document, raw bytes, destination directory).

    Raises IngestError naming the first problem; writes nothing.
    """
    path: Path = args.path
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    text = decode_policy_bytes(raw, str(path))
    data = _metadata(args)
    doc_id = args.doc_id or data.pop("doc_id", None) or path.stem
    meta = meta_from_mapping(str(doc_id), data)
    dest: Path = args.dest or default_extra_dir() or DEFAULT_DEST
    taken = set(bundled_doc_ids())
    extra = default_extra_dir()
    for directory in {dest, *([extra] if extra else [])}:
        if directory.is_dir():
            taken.update(p.stem for p in directory.glob("*.yaml"))
            taken.update(p.stem for p in directory.glob("*.txt"))
    if meta.doc_id in taken:
        raise IngestError(f"doc_id {meta.doc_id!r} already exists in the knowledge base")
    return parse_document(text, meta), raw, dest


def _write_atomic_pair(dest: Path, doc_id: str, raw: bytes, meta_yaml: str) -> None:
    """Write <doc_id>.txt then <doc_id>.yaml via temp files + os.replace; both or neither.

    Loaders key on the .yaml, so the pair becomes visible only once both are in place.
    """
    dest.mkdir(parents=True, exist_ok=True)
    temps: list[str] = []
    final_txt = dest / f"{doc_id}.txt"
    final_yaml = dest / f"{doc_id}.yaml"
    try:
        for content in (raw, meta_yaml.encode("utf-8")):
            fd, tmp = tempfile.mkstemp(prefix=f".{doc_id}.", suffix=".tmp", dir=dest)
            temps.append(tmp)
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(temps[0], final_txt)
        try:
            os.replace(temps[1], final_yaml)
        except OSError:
            final_txt.unlink(missing_ok=True)
            raise
    finally:
        for tmp in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def run(args: argparse.Namespace) -> int:
    """Ingest ``args.path``; returns 0, or 2 after printing the problem on stderr."""
    try:
        doc, raw, dest = prepare(args)
    except IngestError as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 2
    header = f"# {doc.meta.doc_id}: metadata of {doc.meta.doc_id}.txt; null = not printed\n"
    body = yaml.safe_dump(meta_to_mapping(doc.meta), allow_unicode=True, sort_keys=False)
    try:
        _write_atomic_pair(dest, doc.meta.doc_id, raw, header + body)
    except OSError as exc:
        print(f"ingest: cannot write into {dest}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    numbered = sum(1 for c in doc.clauses if c.clause_id != "序言")
    print(f"ingested {doc.meta.doc_id}: {numbered} clauses -> {dest}")
    return 0
