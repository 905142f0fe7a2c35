"""Metadata sidecars: ``<doc_id>.yaml`` <-> ``DocumentMeta``."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, cast

import yaml

from policy_kb.ingest.errors import IngestError
from policy_kb.model import DocumentMeta, Status
from policy_kb.places import region_for_place
from policy_kb.regions import canonical_region
from policy_kb.yamltext import safe_load

DOC_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
STATUSES: tuple[Status, ...] = ("in_force", "draft")


def _opt_str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str | int | float):
        raise IngestError(f"metadata field {key!r} must be text, got {type(value).__name__}")
    return str(value).strip() or None


def _opt_date(data: dict[str, Any], key: str) -> date | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise IngestError(f"metadata field {key!r} must be a date YYYY-MM-DD, got {value!r}")


def meta_from_mapping(doc_id: str, data: dict[str, Any]) -> DocumentMeta:
    """Validate sidecar fields (a YAML mapping) into a ``DocumentMeta`` for ``doc_id``.

    Regions may be given as aliases (``叶集``) and are stored canonical (``叶集区``); a
    county-level place or city outside the registry (``盱眙``) is stored by its full name
    (``盱眙县``, see ``policy_kb.places.region_for_place``).
    Raises IngestError naming the first bad field (unknown region, bad date, bad status,
    missing title, malformed doc_id).
    """
    if not DOC_ID_RE.match(doc_id):
        raise IngestError(
            f"doc_id {doc_id!r} must be lower-case letters, digits, '-' or '_' (max 64)"
        )
    title = _opt_str(data, "title")
    if not title:
        raise IngestError("metadata field 'title' is required")
    raw_regions = data.get("regions", data.get("region"))
    if isinstance(raw_regions, str):
        raw_regions = [raw_regions]
    if not isinstance(raw_regions, list) or not raw_regions:
        raise IngestError("metadata field 'regions' must name at least one region")
    regions: list[str] = []
    for r in raw_regions:
        name = canonical_region(str(r))
        if name is None:
            # A district without a bundled document (盱眙县): any county-level place or city.

            place = region_for_place(str(r))
            name = place.name if place is not None else None
        if name is None:
            raise IngestError(f"unknown region {r!r} (see policy_kb.regions)")
        if name not in regions:
            regions.append(name)
    status = data.get("status") or "in_force"
    if status not in STATUSES:
        raise IngestError(f"metadata field 'status' must be in_force or draft, got {status!r}")
    return DocumentMeta(
        doc_id=doc_id,
        title=title,
        issuer=_opt_str(data, "issuer"),
        wenhao=_opt_str(data, "wenhao"),
        issued_on=_opt_date(data, "issued_on"),
        issued_note=_opt_str(data, "issued_note"),
        regions=tuple(regions),
        status=cast(Status, status),
        horizon=_opt_str(data, "horizon"),
        horizon_end=_opt_date(data, "horizon_end"),
    )


def meta_to_mapping(meta: DocumentMeta) -> dict[str, Any]:
    """The sidecar mapping for ``meta`` (dates as ISO strings, regions as a list)."""
    return {
        "title": meta.title,
        "issuer": meta.issuer,
        "wenhao": meta.wenhao,
        "issued_on": meta.issued_on.isoformat() if meta.issued_on else None,
        "issued_note": meta.issued_note,
        "regions": list(meta.regions),
        "status": meta.status,
        "horizon": meta.horizon,
        "horizon_end": meta.horizon_end.isoformat() if meta.horizon_end else None,
    }


def read_meta(path: Path, doc_id: str | None = None) -> DocumentMeta:
    """Read a ``<doc_id>.yaml`` sidecar. ``doc_id`` defaults to the file stem.

    Raises IngestError if the YAML is malformed or a field is invalid.
    """
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(f"{path.name}: not valid UTF-8 YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise IngestError(f"{path.name}: expected a mapping of metadata fields")
    return meta_from_mapping(doc_id or path.stem, data)
