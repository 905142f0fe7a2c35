"""申兑指南: for each benefit a worker can claim, who it is for, its conditions, the materials,
the processing time limit, where to apply and the phone to call; and the 受理 checklist the
window clerk confirms item by item before an application opens.

Two sources, never mixed up and never invented:

- **the document**, through the rules catalogue (``policy_kb/rules``): the granting sentence
  quoted verbatim (who it is for), the conditions the rule reads, the facts staff verify at the
  window (``checks``), the 责任单位 and ``apply_to`` as printed;
- **the district's data file** (``bluecard/ledger/data/guides.yaml``, or the file named by
  BENEFIT_GUIDES_FILE): materials, time limits, where to apply and phone, per district and per
  benefit. A place the document prints carries its quote and clause (a test checks every quote
  against the clause text).

What neither gives is shown as 未规定，请咨询窗口. The time limit falls back to PROCESSING_DAYS
(default 60 working days, the 快申快享 norm), said as such. None of the bundled documents prints
materials, a phone number or a processing time for a benefit (read in the corpus: the only
phone fields are blanks of the 台儿庄 survey form), so in the bundled file only the two places
the documents print (台儿庄 三（三）9, 洪泽 三（一）1) are filled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from flask import current_app

from bluecard.runtime import current_runtime
from bluecard.services.errors import NotFound, ServiceError
from policy_kb.eligibility import AnyOf, Catalogue, Condition, DocumentInfo, Rule, default_catalogue
from policy_kb.eligibility.profile import field_spec
from policy_kb.regions import canonical_region
from policy_kb.yamltext import safe_load

BUNDLED = Path(__file__).with_name("data") / "guides.yaml"
#: What a page says for a fact neither the document nor the district gives.
UNKNOWN = "未规定，请咨询窗口"
#: Where a fact comes from (``GuideFact.source``).
FROM_DOCUMENT = "document"
FROM_DISTRICT = "district"
FROM_DEFAULT = "default"
UNKNOWN_SOURCE = "unknown"
SOURCE_LABELS = {
    FROM_DOCUMENT: "文件原文",
    FROM_DISTRICT: "本区规定",
    FROM_DEFAULT: "默认时限",
    UNKNOWN_SOURCE: "未规定",
}
_BENEFICIARY = {"individual": "职工本人", "employer": "用人单位", "institution": "培训或评价机构"}


class GuideFileError(ServiceError):
    """The district's guide file is not valid YAML of the documented shape (names the key):
    a setting to mend, answered 503 with the message, never a 500."""

    status = 503

    def __init__(self, message: str) -> None:
        super().__init__(message, code="guide_file_invalid")


@dataclass(frozen=True)
class GuideFact:
    """One fact of a guide. text: what the page shows (UNKNOWN when nobody says);
    source: FROM_DOCUMENT | FROM_DISTRICT | FROM_DEFAULT | UNKNOWN_SOURCE; citation: the
    document and clause when quoted from it, else None; quote: the printed words, or None."""

    text: str
    source: str
    citation: str | None = None
    quote: str | None = None

    @property
    def source_label(self) -> str:
        """文件原文 / 本区规定 / 默认时限 / 未规定."""
        return SOURCE_LABELS[self.source]

    @property
    def known(self) -> bool:
        """False when nobody says (the page shows 未规定，请咨询窗口)."""
        return self.source != UNKNOWN_SOURCE


@dataclass(frozen=True)
class ChecklistItem:
    """One item the clerk confirms at 受理. key: a digest of the text (a changed list is
    noticed: the confirmation of an old list does not match); text: what is checked;
    source: FROM_DOCUMENT (a condition or check of the rule) or FROM_DISTRICT (a material)."""

    key: str
    text: str
    source: str


@dataclass(frozen=True)
class Guide:
    """The 申兑指南 of one benefit in one district.

    who: the granting sentence as printed (verbatim, with its citation) and ``beneficiary``
    (职工本人 / 用人单位 / 培训或评价机构); conditions: the rule's conditions in plain words;
    checks: facts staff verify at the window (from the rule); materials: the district's list
    (empty: UNKNOWN); processing_days: working days from 受理 (district, benefit or the
    PROCESSING_DAYS default, said in ``processing``); where / phone / responsible: GuideFacts.
    checklist: what the clerk confirms at 受理 (materials, then each condition and check)."""

    rule_id: str
    title: str
    district: str
    citation: str
    clause: str
    beneficiary: str
    who: GuideFact
    conditions: tuple[str, ...]
    checks: tuple[str, ...]
    materials: tuple[GuideFact, ...]
    processing_days: int
    processing: GuideFact
    where: GuideFact
    phone: GuideFact
    responsible: GuideFact
    checklist: tuple[ChecklistItem, ...]


# -- the district's file ------------------------------------------------------------------
@lru_cache(maxsize=4)
def _load_file(path: str, mtime: float) -> dict[str, Any]:
    """The parsed file (cached per path and modification time: an edit is read at once)."""
    try:
        data = safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise GuideFileError(f"申兑指南配置文件无法读取：{path}（{err}）") from None
    if not isinstance(data, dict):
        raise GuideFileError("申兑指南配置文件应为 districts / benefits 两部分")
    for part in ("districts", "benefits"):
        if not isinstance(data.get(part) or {}, dict):
            raise GuideFileError(f"申兑指南配置文件的 {part} 应为映射")
    return data


def guide_config(path: str | Path | None = None) -> dict[str, Any]:
    """The district guide file as a dict (``districts`` and ``benefits`` mappings): ``path``,
    else BENEFIT_GUIDES_FILE, else the bundled file. Raises GuideFileError."""
    if path is None:
        configured = current_runtime().settings.benefit_guides_file
        path = configured or BUNDLED
    p = Path(path)
    try:
        mtime = p.stat().st_mtime
    except OSError:
        raise GuideFileError(f"申兑指南配置文件不存在：{p}") from None
    return _load_file(str(p), mtime)


def _part(data: dict[str, Any], part: str, key: str) -> dict[str, Any]:
    entry = (data.get(part) or {}).get(key) or {}
    if not isinstance(entry, dict):
        raise GuideFileError(f"申兑指南配置文件 {part}.{key} 应为映射")
    return entry


def _texts(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GuideFileError(f"申兑指南配置文件 {where} 应为文字列表")
    return tuple(v.strip() for v in value)


def _place(value: object, documents: Mapping[str, DocumentInfo], where: str) -> GuideFact | None:
    """A configured place or phone: plain text (district), or text + quote + clause (document)."""
    if value is None:
        return None
    if isinstance(value, str | int):
        return GuideFact(str(value).strip(), FROM_DISTRICT) if str(value).strip() else None
    if not isinstance(value, dict) or not str(value.get("text") or "").strip():
        raise GuideFileError(f"申兑指南配置文件 {where} 应为文字或含 text 的映射")
    text = str(value["text"]).strip()
    quote = value.get("quote")
    if quote:
        doc_id, clause = str(value.get("doc_id") or ""), str(value.get("clause") or "")
        doc = documents.get(doc_id)
        if doc is None or not clause:
            raise GuideFileError(f"申兑指南配置文件 {where}：引用原文须写明 doc_id 和 clause")
        return GuideFact(text, FROM_DOCUMENT, cite(doc, clause), str(quote))
    return GuideFact(text, FROM_DISTRICT)


def _days(value: object, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 365:
        raise GuideFileError(f"申兑指南配置文件 {where} 应为 1–365 的工作日数")
    return value


# -- the rule's words -----------------------------------------------------------------------
def _condition_text(c: Condition | AnyOf) -> str:
    """A condition in plain words: its printed label, else the field and the bound."""
    if c.label:
        return c.label
    if isinstance(c, AnyOf):
        return " 或 ".join(_condition_text(o) for o in c.options)
    try:
        name = field_spec(c.field).label
    except KeyError:
        name = c.field
    value = c.value
    if c.op == "is" and isinstance(value, bool):
        return name if value else f"非{name}"
    words = "、".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
    ops = {
        "is": f"{name}：{words}",
        "in": f"{name}：{words}",
        "not_in": f"{name}：非{words}",
        "at_least": f"{name}：{words}及以上",
        "more_than": f"{name}：高于{words}",
        "at_most": f"{name}：{words}及以下",
        "less_than": f"{name}：低于{words}",
    }
    return ops.get(c.op, name)


def cite(doc: DocumentInfo, clause: str) -> str:
    """文号 + 《title》 + clause from the catalogue's document (the ledger's citation when the
    knowledge base does not know the document), e.g. "台人社发〔2021〕17号《…》三（三）9"."""
    who = "" if doc.citation.startswith("《") else doc.citation
    return f"{who}《{doc.title}》{clause}"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def build_guide(
    rule: Rule,
    district: str,
    data: dict[str, Any],
    default_days: int,
    documents: Mapping[str, DocumentInfo],
) -> Guide:
    """The guide of ``rule`` in ``district`` from the rule and the file ``data``
    (``guide_config()``); ``default_days``: PROCESSING_DAYS; ``documents``: the catalogue's
    documents (a quoted place names one). Raises GuideFileError."""
    at_district = _part(data, "districts", district)
    at_benefit = _part(data, "benefits", rule.id)
    d_where, b_where = f"districts.{district}", f"benefits.{rule.id}"

    materials = _texts(at_district.get("materials"), f"{d_where}.materials") + _texts(
        at_benefit.get("materials"), f"{b_where}.materials"
    )
    days = _days(at_benefit.get("processing_days"), f"{b_where}.processing_days")
    if days is not None or (
        days := _days(at_district.get("processing_days"), f"{d_where}.processing_days")
    ):
        processing = GuideFact(f"{days}个工作日（自受理之日起）", FROM_DISTRICT)
    else:
        days = default_days
        processing = GuideFact(
            f"{days}个工作日（自受理之日起；文件未规定办理时限，按快申快享标准）", FROM_DEFAULT
        )

    where = _place(at_benefit.get("where"), documents, f"{b_where}.where")
    if where is None and rule.apply_to:
        where = GuideFact(rule.apply_to, FROM_DOCUMENT, cite(rule.doc, rule.clause))
    where = where or _place(at_district.get("where"), documents, f"{d_where}.where")
    phone = _place(at_benefit.get("phone"), documents, f"{b_where}.phone") or _place(
        at_district.get("phone"), documents, f"{d_where}.phone"
    )
    responsible_text = rule.responsible or rule.doc.responsible
    responsible = (
        GuideFact(
            responsible_text,
            FROM_DOCUMENT,
            # a rule's 责任单位 is printed in its clause; the document's in its closing part
            cite(rule.doc, rule.clause if rule.responsible else ""),
        )
        if responsible_text
        else GuideFact(UNKNOWN, UNKNOWN_SOURCE)
    )
    conditions = tuple(_condition_text(c) for c in rule.conditions)
    checklist: list[ChecklistItem] = [ChecklistItem(_key(m), m, FROM_DISTRICT) for m in materials]
    for text in (*(f"核验：{c}" for c in conditions), *(f"核验：{c}" for c in rule.checks)):
        if all(item.text != text for item in checklist):
            checklist.append(ChecklistItem(_key(text), text, FROM_DOCUMENT))
    return Guide(
        rule_id=rule.id,
        title=rule.title,
        district=district,
        citation=cite(rule.doc, rule.clause),
        clause=rule.clause,
        beneficiary=_BENEFICIARY.get(rule.beneficiary, rule.beneficiary),
        who=GuideFact(
            _BENEFICIARY.get(rule.beneficiary, rule.beneficiary),
            FROM_DOCUMENT,
            cite(rule.doc, rule.clause),
            rule.quote,
        ),
        conditions=conditions,
        checks=rule.checks,
        materials=tuple(GuideFact(m, FROM_DISTRICT) for m in materials),
        processing_days=days,
        processing=processing,
        where=where or GuideFact(UNKNOWN, UNKNOWN_SOURCE),
        phone=phone or GuideFact(UNKNOWN, UNKNOWN_SOURCE),
        responsible=responsible,
        checklist=tuple(checklist),
    )


def rules_catalogue() -> Catalogue:
    """The rules catalogue of this app: the Flask config key RULES_CATALOGUE (tests, a staging
    rules set), else the bundled one."""
    configured = current_app.config.get("RULES_CATALOGUE")
    return configured if configured is not None else default_catalogue()


def guide(rule_id: str, district: str | None) -> Guide:
    """The guide of benefit ``rule_id`` in ``district`` (name or alias; None: the rule's first
    region). Raises NotFound(code="guide_not_found") for an unknown rule or a district the
    rule's document does not govern; GuideFileError for a broken data file."""
    catalogue = rules_catalogue()
    try:
        rule = catalogue.rule(rule_id)
    except KeyError:
        raise NotFound("没有这项补贴的申兑指南", code="guide_not_found") from None
    name = canonical_region(district) if district else rule.doc.regions[0]
    if name is None or name not in rule.doc.regions:
        raise NotFound("这项补贴不适用于该地区", code="guide_not_found")
    days = current_runtime().settings.processing_days
    return build_guide(rule, name, guide_config(), days, catalogue.documents)


def guides_for(district: str) -> list[Guide]:
    """The guides of every benefit a worker claims in ``district`` (name or alias), in the
    catalogue's order; proposed rules of a draft and programmes are left out. Raises
    NotFound(code="region_not_found") for an unknown district."""
    catalogue = rules_catalogue()
    name = canonical_region(district)
    if name is None:
        raise NotFound("没有这个地区", code="region_not_found")
    data = guide_config()
    days = current_runtime().settings.processing_days
    return [
        build_guide(r, name, data, days, catalogue.documents)
        for r in catalogue.for_region(name)
        if r.beneficiary == "individual" and not r.proposed and r.listing == "benefit"
    ]


@dataclass(frozen=True)
class DistrictGuide:
    """What a district sets for every benefit it pays (no benefit named): materials (empty:
    nobody set them), processing (GuideFact: the district's working days, else the
    PROCESSING_DAYS default said as such), where and phone (GuideFact, UNKNOWN when unset)."""

    district: str
    materials: tuple[str, ...]
    processing: GuideFact
    where: GuideFact
    phone: GuideFact


def district_guide(district: str) -> DistrictGuide:
    """The facts ``district`` (name or alias) sets for all its benefits, from the guide file.
    Raises NotFound(code="region_not_found") for an unknown district; GuideFileError for a
    broken file."""
    name = canonical_region(district)
    if name is None:
        raise NotFound("没有这个地区", code="region_not_found")
    data = guide_config()
    part = _part(data, "districts", name)
    where_key = f"districts.{name}"
    days = _days(part.get("processing_days"), f"{where_key}.processing_days")
    if days:
        processing = GuideFact(f"{days}个工作日（自受理之日起）", FROM_DISTRICT)
    else:
        default = current_runtime().settings.processing_days
        processing = GuideFact(
            f"{default}个工作日（自受理之日起；文件未规定办理时限，按快申快享标准）", FROM_DEFAULT
        )
    documents = rules_catalogue().documents
    return DistrictGuide(
        district=name,
        materials=_texts(part.get("materials"), f"{where_key}.materials"),
        processing=processing,
        where=_place(part.get("where"), documents, f"{where_key}.where")
        or GuideFact(UNKNOWN, UNKNOWN_SOURCE),
        phone=_place(part.get("phone"), documents, f"{where_key}.phone")
        or GuideFact(UNKNOWN, UNKNOWN_SOURCE),
    )


def unconfirmed(g: Guide, confirmed: Sequence[str]) -> list[ChecklistItem]:
    """The checklist items of ``g`` whose key is not among ``confirmed`` (in list order)."""
    done = set(confirmed)
    return [item for item in g.checklist if item.key not in done]


__all__ = [
    "UNKNOWN",
    "ChecklistItem",
    "DistrictGuide",
    "Guide",
    "GuideFact",
    "GuideFileError",
    "build_guide",
    "cite",
    "district_guide",
    "guide",
    "guide_config",
    "guides_for",
    "rules_catalogue",
    "unconfirmed",
]
