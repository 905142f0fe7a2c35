"""The rules catalogue: ``policy_kb/rules/<doc_id>.yaml`` → checked ``Rule`` objects.

One YAML file per policy document, named by its doc_id. Each rule cites its clause and quotes,
verbatim, the sentence that grants it. Loading checks every rule against the ingested text
(``KnowledgeBase``) and fails loudly (``CatalogueError`` naming the file and the rule) when:

- the cited clause does not exist, or the quote is not in the clause's subtree text (compared
  with whitespace removed and full/half-width forms folded);
- any amount of the rule (yuan values, rates as %, years) does not appear in its quote
  (``15万`` = 150000, ``5-10万`` = 50000 and 100000, Chinese numerals such as 一万 are read);
- a condition names a field that is not a profile field, uses an operator the field's type
  does not support, or a value outside the field's choices;
- the document header disagrees with the knowledge base's metadata (文号, issue date, status).

So the catalogue cannot drift from the text.

File format::

    document:                  # facts about the document; null = not printed
      doc_id: hongze-2021      # = the file name
      title: …                 # its own title
      citation: 洪办发〔2021〕10号   # 文号, or 《title》 when none is printed (= kb citation)
      status: in_force         # or draft (征求意见稿: rules only ever "proposed")
      regions: [洪泽区]
      issued_on: 2021-02-05    # null when not printed; then issued_note is required and
      issued_not_before: null  #   issued_not_before the earliest possible date, if known
      issued_note: null        # what staff must confirm about an unprinted date
      horizon_end: 2025-12-31  # end of the target period: after it benefits carry horizon_note
      horizon_note: …
      responsible: 区人社局     # default 责任单位
    exclusivity:               # groups of which only the highest pays, once
      - {id: …, clause: 十, quote: 符合多重条件的，按上限资助，不重复享受。, reason: …}
    rules:
      - id: hongze-intro-subsidy          # stable slug
        title: …
        beneficiary: individual           # individual | employer | institution
        listing: benefit                  # benefit (decided by the profile) | programme
        clause: 三（三）1                  # clause_id as people cite it
        quote: …                          # verbatim: the sentence stating the amount
        conditions:                       # all must hold; see Condition for operators
          - {field: key_industry, is: true, label: 重点产业、战略性新兴产业企业}
          - {field: skill_level, at_least: 高级工}       # ladder; 以上 includes the bound
          - {field: insurance_months, at_least: 6}
          - {field: contract_years, more_than: 0}        # 超过 excludes the bound
          - {field: level_obtained_on, same_year_as_as_of: true}   # 当年
          - {field: level_obtained_on, on_or_after: $effective_from}
          - {field: competition, competition: {level: [区级], rank: [1, 2, 3]}}
          - {field: honors, in: [中华技能大奖, 全国技术能手]}       # holds any of
          - {field: employer_in_region, is: true, presume: 按…计算（未作答）}
          - {any: [cond, cond], label: …}
        amount:                           # one shape, see Amount
          {per: once, by: skill_level, table: {高级技师: 15000, 技师: 10000, 高级工: 5000}}
          # or {per: once, yuan: 500} | {per: once, max: 300000} | {per: year, min: 4000, max: 6000}
          # or {per: month, rate: 0.2, base: monthly_salary, max_years: 3}
          # or {per: once, components: {生活补贴: 10000, 住房补贴: 20000}, instalments: …}
          # or {entitlement: 可参加工程系列专业技术职称评审}
        checks: [facts staff verify at the window]
        group: exclusivity group id
        responsible: 区财政局、人社局      # 责任单位 as printed (default: the document's)
        apply_to: where to apply, when printed
        notes: [interpretations, shown with the benefit]
        effective_from: / effective_until:  # only when the rule's dates differ from the document's

A condition's ``presume`` is used only where another answer implies the fact: the profile's
``region`` is where the worker works, so an unanswered ``employer_in_region`` is taken as "yes"
(with the note), and an unanswered ``employer_type`` as "an enterprise" where the text says 企业.
The engine itself presumes one more without a ``presume`` key: a contract condition asking only
that one exists (``contract_years`` ``more_than: 0``) is met when the worker has years or insured
months at the present employer (劳动合同法 第十条), noted for staff; a minimum length is asked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from policy_kb import numerals
from policy_kb.eligibility.profile import (
    COMPETITION_LEVELS,
    EMPLOYER_TYPES,
    KNOWN_HONORS,
    PROFILE_FIELDS,
    SKILL_LEVELS,
    field_spec,
)
from policy_kb.kb import load_knowledge_base
from policy_kb.yamltext import safe_load

if TYPE_CHECKING:
    from policy_kb.model import KnowledgeBase

__all__ = [
    "Amount",
    "AnyOf",
    "Catalogue",
    "CatalogueError",
    "Condition",
    "DocumentInfo",
    "ExclusivityGroup",
    "Rule",
    "default_catalogue",
    "load_catalogue",
    "numbers_in",
    "percents_in",
]

Beneficiary = Literal["individual", "employer", "institution"]
Listing = Literal["benefit", "programme"]
Per = Literal["once", "month", "year"]

BENEFICIARIES: tuple[Beneficiary, ...] = ("individual", "employer", "institution")
LISTINGS: tuple[Listing, ...] = ("benefit", "programme")
PERS: tuple[Per, ...] = ("once", "month", "year")
EFFECTIVE_FROM = "$effective_from"
"""Condition value meaning "the document's issue date" (for 自本…发布之日起)."""

_RULE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}$")


class CatalogueError(ValueError):
    """The catalogue is broken; the message names the file and the rule (or group) at fault."""


# ---------------------------------------------------------------------------------------------
# model


@dataclass(frozen=True)
class DocumentInfo:
    """A policy document as the catalogue needs it.

    citation: 文号 or 《title》 (how answers cite it); status: ``in_force`` or ``draft``;
    regions: canonical region names it governs; issued_on: issue date as printed, or None;
    issued_not_before: earliest possible issue date when none is printed (from what the text
    cites); issued_note: what staff must confirm about an unprinted date; horizon_end: end of
    the document's target period (after it answers warn, they do not drop the rule);
    horizon_note: the warning shown after horizon_end; responsible: default 责任单位.
    in_force_from / ended_on: the lifecycle policy staff published (``with_lifecycle``): no
    rule of the document applies before in_force_from or from ended_on on (expired or
    superseded); None when none was published.
    """

    doc_id: str
    title: str
    citation: str
    status: Literal["in_force", "draft"]
    regions: tuple[str, ...]
    issued_on: date | None
    issued_not_before: date | None
    issued_note: str | None
    horizon: str | None
    horizon_end: date | None
    horizon_note: str | None
    responsible: str | None
    in_force_from: date | None = None
    ended_on: date | None = None

    @property
    def effective_from(self) -> date | None:
        """The first day the document can be in force: its issue date, or the earliest
        possible one when the date is not printed; None when nothing is known."""
        return self.issued_on or self.issued_not_before


@dataclass(frozen=True)
class Condition:
    """One test of a profile field. Evaluated three-valued (met / unmet / unknown).

    op: ``is`` (bool or enum equality), ``in`` / ``not_in`` (enum membership; for the list
    field ``honors``: holds any of), ``at_least`` / ``more_than`` / ``at_most`` / ``less_than``
    (numbers, or the skill ladder: 以上 includes the number, 超过 excludes it),
    ``same_year_as_as_of`` (当年), ``on_or_after`` (a date or ``$effective_from``),
    ``competition`` (value: (levels, ranks)).
    label: the requirement in plain words (near misses), else generated.
    gate: failing it means the rule is not for this worker (no near miss); defaults per field.
    presume: an unanswered field counts as met, with a note (only where another answer implies
    it, see the module docstring); note: shown with the benefit when the condition is met.
    """

    field: str
    op: str
    value: object
    label: str | None = None
    gate: bool = False
    presume: str | None = None
    note: str | None = None

    def fields(self) -> tuple[str, ...]:
        """The profile fields this condition reads."""
        return (self.field,)


@dataclass(frozen=True)
class AnyOf:
    """Met when any option is met; unmet when all are; else unknown."""

    options: tuple[Condition | AnyOf, ...]
    label: str | None = None

    def fields(self) -> tuple[str, ...]:
        """The profile fields the options read, in order, without repeats."""
        out: list[str] = []
        for o in self.options:
            out.extend(f for f in o.fields() if f not in out)
        return tuple(out)


Cond = Condition | AnyOf


@dataclass(frozen=True)
class Amount:
    """What a rule pays (all money in yuan, durations in years).

    Exactly one shape: ``yuan`` (fixed), ``table`` keyed by ``by`` (skill_level,
    competition_rank, honors — a list field pays its highest entry, see exclusivity — or
    training_level, the level an apprentice is trained to, not read from the profile),
    ``min``/``max`` (a range or a ceiling 最高…), ``rate`` of ``base`` (a profile field, e.g.
    monthly_salary) or of ``base_text`` (something the profile does not hold), ``components``
    (several sums paid together), or none of these (an entitlement without money: ``entitlement``
    describes it, ``entitlement_by`` per skill level).
    per: once|month|year (None for an entitlement); max_years / min_years: duration limits;
    instalments: how it is paid out (分2年补贴到位); duration: a printed period (在聘任期内);
    noun: 补贴/奖励/补助…; rate_at_least: the rate is a minimum (不低于50%).
    """

    per: Per | None = None
    noun: str = "补贴"
    yuan: float | None = None
    by: str | None = None
    table: tuple[tuple[str, float], ...] = ()
    min: float | None = None
    max: float | None = None
    rate: float | None = None
    rate_at_least: bool = False
    base: str | None = None
    base_text: str | None = None
    cap: float | None = None
    components: tuple[tuple[str, float], ...] = ()
    max_years: float | None = None
    min_years: float | None = None
    instalments: str | None = None
    duration: str | None = None
    unit_text: str | None = None
    entitlement: str | None = None
    entitlement_by: tuple[tuple[str, str], ...] = ()

    @property
    def kind(self) -> str:
        """fixed|table|range|rate|components|entitlement."""
        if self.yuan is not None:
            return "fixed"
        if self.table:
            return "table"
        if self.rate is not None:
            return "rate"
        if self.components:
            return "components"
        if self.min is not None or self.max is not None:
            return "range"
        return "entitlement"

    def yuan_values(self) -> list[float]:
        """Every yuan amount the rule states (each must appear in the quote)."""
        vals = [v for v in (self.yuan, self.min, self.max, self.cap) if v is not None]
        vals += [v for _, v in self.table] + [v for _, v in self.components]
        return vals

    def top_yuan(self) -> float | None:
        """The largest sum one person (or one unit) can get per ``per``, if printed."""
        if self.yuan is not None:
            return self.yuan
        if self.table:
            return max(v for _, v in self.table)
        if self.components:
            return sum(v for _, v in self.components)
        if self.max is not None:
            return self.max
        return self.cap


@dataclass(frozen=True)
class ExclusivityGroup:
    """Rules of one kind of which a person is paid only the highest, once (e.g. 叶集区 十).

    reason: the rule in plain words; quote: the sentence that says so, in ``clause``.
    """

    id: str
    doc_id: str
    clause: str
    quote: str
    reason: str
    rule_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One benefit (or proposed benefit) of one document, with its citation.

    beneficiary: who receives the money (individual|employer|institution).
    listing: ``benefit`` when the worker profile can decide it; ``programme`` when it hinges on
    facts a worker profile does not record (a training project taken part in, a studio built):
    such rules are listed for the region, never counted as the worker's benefit.
    checks: facts staff must verify at the window (shown as notes, they do not block).
    group: id of an ExclusivityGroup. responsible: 责任单位 as printed. apply_to: where to apply.
    effective_from / effective_until: the rule's own dates when they differ from the document's.
    """

    id: str
    title: str
    beneficiary: Beneficiary
    listing: Listing
    doc: DocumentInfo
    clause: str
    quote: str
    conditions: tuple[Cond, ...]
    amount: Amount
    checks: tuple[str, ...] = ()
    group: str | None = None
    responsible: str | None = None
    apply_to: str | None = None
    notes: tuple[str, ...] = ()
    effective_from: date | None = None
    effective_until: date | None = None
    source: str = ""

    @property
    def proposed(self) -> bool:
        """True for a rule of a draft (征求意见稿): never a benefit."""
        return self.doc.status == "draft"

    def fields(self) -> tuple[str, ...]:
        """Profile fields the rule reads (conditions, table key, rate base)."""
        out: list[str] = []
        for c in self.conditions:
            out.extend(f for f in c.fields() if f not in out)
        for extra in (_by_field(self.amount.by), self.amount.base):
            if extra and extra not in out:
                out.append(extra)
        return tuple(out)


@dataclass(frozen=True)
class Catalogue:
    """All rules, their documents and exclusivity groups, in file then rule order."""

    rules: tuple[Rule, ...]
    documents: Mapping[str, DocumentInfo]
    groups: Mapping[str, ExclusivityGroup]

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id. Raises KeyError."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def for_region(self, region: str) -> tuple[Rule, ...]:
        """The rules of the documents that govern ``region`` (canonical name)."""
        return tuple(r for r in self.rules if region in r.doc.regions)


def _by_field(by: str | None) -> str | None:
    """The profile field a table key is read from (None for training_level)."""
    return {"competition_rank": "competition", "training_level": None}.get(by or "", by)


# ---------------------------------------------------------------------------------------------
# numbers in Chinese text


def _cn_to_int(text: str) -> int | None:
    """一万 → 10000, 五千 → 5000, 十五 → 15 (cn2an); None when ``text`` is not a numeral."""
    text = text.replace("两", "二")
    if numerals.is_short(text):  # what cn2an gives, without importing it at every start
        return numerals.short_numeral(text)
    import cn2an  # ~0.12 s of CPU to import: only for a longer numeral

    try:
        value = cn2an.cn2an(text, "strict")
    except ValueError:
        return None
    return int(value) if float(value).is_integer() else None


def _fold(text: str) -> str:
    """Whitespace removed, full/half-width forms folded (NFKC): how quotes are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


_NUM = r"\d+(?:\.\d+)?"


def numbers_in(text: str) -> set[float]:
    """Every number a Chinese policy sentence states, in units (yuan, years, people…).

    ``15万元`` → 150000; ``5-10万元`` → 50000 and 100000; ``2000-5000元`` → 2000 and 5000;
    ``一万元`` → 10000; a bare number is returned as is (``3年`` → 3).
    """
    t = _fold(text)
    out: set[float] = set()
    for a, b in re.findall(rf"({_NUM})[-—–~～至到]({_NUM})万", t):
        out.update({float(a) * 10000, float(b) * 10000})
    for num, wan in re.findall(rf"({_NUM})(万?)", t):
        out.add(float(num) * (10000 if wan else 1))
    for run in re.findall(r"[零〇一二两三四五六七八九十百千万]+", t):
        value = _cn_to_int(run)
        if value is not None:
            out.add(float(value))
    return out


def percents_in(text: str) -> set[float]:
    """Every percentage stated, as a fraction: ``20%`` → 0.2, ``百分之五十`` → 0.5."""
    t = _fold(text)
    out = {round(float(n) / 100, 6) for n in re.findall(rf"({_NUM})%", t)}
    for run in re.findall(r"百分之([零〇一二两三四五六七八九十百]+)", t):
        value = _cn_to_int(run)
        if value is not None:
            out.add(round(value / 100, 6))
    return out


# ---------------------------------------------------------------------------------------------
# YAML → objects

_FIELD_OPS: dict[str, tuple[str, ...]] = {
    "bool": ("is",),
    "enum": ("is", "in", "not_in"),
    "int": ("at_least", "more_than", "at_most", "less_than"),
    "float": ("at_least", "more_than", "at_most", "less_than"),
    "date": ("same_year_as_as_of", "on_or_after"),
    "list": ("in",),
    "competition": ("competition",),
}
_LADDER_OPS = ("at_least", "more_than", "at_most", "less_than")
_COND_KEYS = {"field", "label", "gate", "presume", "note"}
# Facts about who the worker is or what already happened: failing one means the rule is not
# for this worker, so it is not offered as a near miss.
_GATE_FIELDS = frozenset(
    {
        "region",
        "employer_in_region",
        "introduced",
        "from_other_province",
        "honors",
        "competition",
        "level_obtained_on",
    }
)
_ENUM_CHOICES: dict[str, tuple[str, ...]] = {
    "skill_level": SKILL_LEVELS,
    "employer_type": EMPLOYER_TYPES,
}
# What a table is keyed by. training_level: the level an apprentice is trained to (新型学徒制),
# not a fact of the worker's profile, so no worker-specific amount is read from it.
_BY_KEYS: dict[str, tuple[str, ...]] = {
    "skill_level": SKILL_LEVELS,
    "training_level": SKILL_LEVELS,
    "competition_rank": ("1", "2", "3"),
    "honors": KNOWN_HONORS,
}
_PROFILE_FIELD_NAMES = frozenset(f.name for f in PROFILE_FIELDS)


class _Ctx:
    """Where we are while reading the YAML, for error messages."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.where = ""

    def error(self, message: str) -> CatalogueError:
        where = f" {self.where}" if self.where else ""
        return CatalogueError(f"{self.source}:{where}: {message}")


def _as_map(value: object, ctx: _Ctx, what: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ctx.error(f"{what} must be a mapping, got {type(value).__name__}")
    return cast(Mapping[str, object], value)


def _as_str(value: object, ctx: _Ctx, what: str, *, optional: bool = False) -> str:
    if value is None and optional:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise ctx.error(f"{what} must be non-empty text, got {value!r}")
    return value.strip()


def _as_date(value: object, ctx: _Ctx, what: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ctx.error(f"{what} must be a date YYYY-MM-DD, got {value!r}")


def _as_number(value: object, ctx: _Ctx, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ctx.error(f"{what} must be a number, got {value!r}")
    return float(value)


def _as_strs(value: object, ctx: _Ctx, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ctx.error(f"{what} must be a list of text")
    return tuple(cast(list[str], value))


def _check_keys(m: Mapping[str, object], allowed: Iterable[str], ctx: _Ctx, what: str) -> None:
    extra = sorted(set(m) - set(allowed))
    if extra:
        raise ctx.error(f"{what}: unknown key(s) {', '.join(extra)}")


def _parse_condition(raw: object, ctx: _Ctx) -> Cond:
    m = _as_map(raw, ctx, "condition")
    if "any" in m:
        _check_keys(m, {"any", "label"}, ctx, "condition")
        options = m["any"]
        if not isinstance(options, list) or len(options) < 2:
            raise ctx.error("condition 'any' must list at least two conditions")
        label = m.get("label")
        return AnyOf(
            tuple(_parse_condition(o, ctx) for o in options),
            label if isinstance(label, str) else None,
        )
    name = m.get("field")
    if not isinstance(name, str) or name not in _PROFILE_FIELD_NAMES:
        raise ctx.error(f"condition names unknown profile field {name!r}")
    ops = [k for k in m if k not in _COND_KEYS]
    if len(ops) != 1:
        raise ctx.error(f"condition on {name} must have exactly one operator, got {ops}")
    op = ops[0]
    ftype = field_spec(name).type
    allowed = _FIELD_OPS[ftype] + (_LADDER_OPS if name == "skill_level" else ())
    if op not in allowed:
        raise ctx.error(f"condition on {name} ({ftype}): operator {op!r} not in {allowed}")
    value = _condition_value(name, ftype, op, m[op], ctx)
    label, presume, note = m.get("label"), m.get("presume"), m.get("note")
    gate = m.get("gate", name in _GATE_FIELDS or op == "same_year_as_as_of")
    if not isinstance(gate, bool):
        raise ctx.error(f"condition on {name}: gate must be true or false")
    for key, v in (("label", label), ("presume", presume), ("note", note)):
        if v is not None and not isinstance(v, str):
            raise ctx.error(f"condition on {name}: {key} must be text")
    return Condition(
        name,
        op,
        value,
        cast(str | None, label),
        gate,
        cast(str | None, presume),
        cast(str | None, note),
    )


def _condition_value(name: str, ftype: str, op: str, raw: object, ctx: _Ctx) -> object:
    if op == "is" and ftype == "bool":
        if not isinstance(raw, bool):
            raise ctx.error(f"condition on {name}: 'is' needs true/false, got {raw!r}")
        return raw
    if ftype == "enum" or (name == "honors" and op == "in"):
        choices = KNOWN_HONORS if name == "honors" else _ENUM_CHOICES.get(name, ())
        values = (raw,) if op == "is" or op in _LADDER_OPS else _as_strs(raw, ctx, name)
        for v in values:
            if not isinstance(v, str) or v not in choices:
                raise ctx.error(f"condition on {name}: {v!r} is not one of {', '.join(choices)}")
        return values[0] if op == "is" or op in _LADDER_OPS else values
    if ftype in ("int", "float"):
        return _as_number(raw, ctx, f"condition on {name}")
    if op == "same_year_as_as_of":
        if raw is not True:
            raise ctx.error(f"condition on {name}: same_year_as_as_of must be true")
        return True
    if op == "on_or_after":
        if raw == EFFECTIVE_FROM:
            return EFFECTIVE_FROM
        return _as_date(raw, ctx, f"condition on {name}")
    if op == "competition":
        m = _as_map(raw, ctx, "competition condition")
        _check_keys(m, {"level", "rank"}, ctx, "competition condition")
        levels = _as_strs(m.get("level"), ctx, "competition level")
        ranks_raw = m.get("rank", [1, 2, 3])
        ranks_in: list[object] = ranks_raw if isinstance(ranks_raw, list) else [ranks_raw]
        if not levels or any(lv not in COMPETITION_LEVELS for lv in levels):
            raise ctx.error(f"competition levels {levels} not in {COMPETITION_LEVELS}")
        ranks = tuple(r for r in ranks_in if isinstance(r, int) and not isinstance(r, bool))
        if not ranks or len(ranks) != len(ranks_in) or any(r not in (1, 2, 3) for r in ranks):
            raise ctx.error(f"competition ranks {ranks_in} must be among 1, 2, 3")
        return (levels, ranks)
    raise ctx.error(f"condition on {name}: cannot read {op}: {raw!r}")  # pragma: no cover


_AMOUNT_KEYS = {
    "per",
    "noun",
    "yuan",
    "by",
    "table",
    "min",
    "max",
    "rate",
    "rate_at_least",
    "base",
    "base_text",
    "cap",
    "components",
    "max_years",
    "min_years",
    "instalments",
    "duration",
    "unit_text",
    "entitlement",
    "entitlement_by",
}


def _opt_number(m: Mapping[str, object], key: str, ctx: _Ctx) -> float | None:
    v = m.get(key)
    return None if v is None else _as_number(v, ctx, f"amount.{key}")


def _opt_text(m: Mapping[str, object], key: str, ctx: _Ctx) -> str | None:
    v = m.get(key)
    return None if v is None else _as_str(v, ctx, f"amount.{key}")


def _parse_amount(raw: object, ctx: _Ctx) -> Amount:
    if raw is None:
        raise ctx.error("amount is required (use entitlement: … for a benefit without money)")
    m = _as_map(raw, ctx, "amount")
    _check_keys(m, _AMOUNT_KEYS, ctx, "amount")
    per = m.get("per")
    if per is not None and per not in PERS:
        raise ctx.error(f"amount.per must be one of {PERS}, got {per!r}")
    by = _opt_text(m, "by", ctx)
    table: list[tuple[str, float]] = []
    if m.get("table") is not None:
        if by not in _BY_KEYS:
            raise ctx.error(f"amount.by must be one of {sorted(_BY_KEYS)} for a table")
        for k, v in _as_map(m["table"], ctx, "amount.table").items():
            key = str(k)
            if key not in _BY_KEYS[by]:
                raise ctx.error(f"amount.table key {key!r} is not a {by} value")
            table.append((key, _as_number(v, ctx, f"amount.table[{key}]")))
    elif by is not None and m.get("entitlement_by") is None:
        raise ctx.error("amount.by given without table")
    components = [
        (str(k), _as_number(v, ctx, f"amount.components[{k}]"))
        for k, v in _as_map(m.get("components") or {}, ctx, "amount.components").items()
    ]
    ent_by = [
        (str(k), _as_str(v, ctx, f"amount.entitlement_by[{k}]"))
        for k, v in _as_map(m.get("entitlement_by") or {}, ctx, "amount.entitlement_by").items()
    ]
    for key, _ in ent_by:
        if key not in SKILL_LEVELS:
            raise ctx.error(f"amount.entitlement_by key {key!r} is not a skill level")
    base = _opt_text(m, "base", ctx)
    if base is not None and (base not in _PROFILE_FIELD_NAMES or field_spec(base).unit != "yuan"):
        raise ctx.error(f"amount.base {base!r} must be a profile field in yuan")
    rate_at_least = m.get("rate_at_least", False)
    if not isinstance(rate_at_least, bool):
        raise ctx.error("amount.rate_at_least must be true or false")
    amount = Amount(
        per=per,
        noun=_opt_text(m, "noun", ctx) or "补贴",
        yuan=_opt_number(m, "yuan", ctx),
        by=by,
        table=tuple(table),
        min=_opt_number(m, "min", ctx),
        max=_opt_number(m, "max", ctx),
        rate=_opt_number(m, "rate", ctx),
        rate_at_least=rate_at_least,
        base=base,
        base_text=_opt_text(m, "base_text", ctx),
        cap=_opt_number(m, "cap", ctx),
        components=tuple(components),
        max_years=_opt_number(m, "max_years", ctx),
        min_years=_opt_number(m, "min_years", ctx),
        instalments=_opt_text(m, "instalments", ctx),
        duration=_opt_text(m, "duration", ctx),
        unit_text=_opt_text(m, "unit_text", ctx),
        entitlement=_opt_text(m, "entitlement", ctx),
        entitlement_by=tuple(ent_by),
    )
    shapes = [
        amount.yuan is not None,
        bool(amount.table),
        amount.rate is not None,
        bool(amount.components),
    ]
    if sum(shapes) > 1:
        raise ctx.error("amount: give only one of yuan, table, rate, components")
    if amount.kind == "entitlement" and not (amount.entitlement or amount.entitlement_by):
        raise ctx.error("amount without money needs 'entitlement' text")
    if amount.kind != "entitlement" and amount.per is None:
        raise ctx.error("amount.per is required when money is stated")
    if amount.rate is not None and not (amount.base or amount.base_text):
        raise ctx.error("amount.rate needs base (profile field) or base_text")
    return amount


_DOC_KEYS = {
    "doc_id",
    "title",
    "citation",
    "status",
    "regions",
    "issued_on",
    "issued_not_before",
    "issued_note",
    "horizon",
    "horizon_end",
    "horizon_note",
    "responsible",
}
_RULE_KEYS = {
    "id",
    "title",
    "beneficiary",
    "listing",
    "clause",
    "quote",
    "conditions",
    "amount",
    "checks",
    "group",
    "responsible",
    "apply_to",
    "notes",
    "effective_from",
    "effective_until",
}


def _parse_document(raw: object, ctx: _Ctx, expected_id: str) -> DocumentInfo:
    m = _as_map(raw, ctx, "document")
    _check_keys(m, _DOC_KEYS, ctx, "document")
    doc_id = _as_str(m.get("doc_id"), ctx, "document.doc_id")
    if doc_id != expected_id:
        raise ctx.error(f"document.doc_id {doc_id!r} must equal the file name {expected_id!r}")
    status = m.get("status")
    if status not in ("in_force", "draft"):
        raise ctx.error(f"document.status must be in_force or draft, got {status!r}")
    regions = _as_strs(m.get("regions"), ctx, "document.regions")
    if not regions:
        raise ctx.error("document.regions is required")
    issued_on = _as_date(m.get("issued_on"), ctx, "document.issued_on")
    not_before = _as_date(m.get("issued_not_before"), ctx, "document.issued_not_before")
    note = m.get("issued_note")
    if issued_on is None and not isinstance(note, str):
        raise ctx.error("document.issued_note must say what is known when issued_on is unknown")
    return DocumentInfo(
        doc_id=doc_id,
        title=_as_str(m.get("title"), ctx, "document.title"),
        citation=_as_str(m.get("citation"), ctx, "document.citation"),
        status=status,
        regions=regions,
        issued_on=issued_on,
        issued_not_before=not_before,
        issued_note=cast(str | None, note),
        horizon=cast(str | None, m.get("horizon")),
        horizon_end=_as_date(m.get("horizon_end"), ctx, "document.horizon_end"),
        horizon_note=cast(str | None, m.get("horizon_note")),
        responsible=cast(str | None, m.get("responsible")),
    )


def _parse_rule(raw: object, ctx: _Ctx, doc: DocumentInfo) -> Rule:
    m = _as_map(raw, ctx, "rule")
    rule_id = m.get("id")
    if not isinstance(rule_id, str) or not _RULE_ID_RE.match(rule_id):
        raise ctx.error(f"rule id {rule_id!r} must be a slug (a-z, 0-9, -)")
    ctx.where = f"rule {rule_id}"
    _check_keys(m, _RULE_KEYS, ctx, "rule")
    beneficiary = m.get("beneficiary")
    if beneficiary not in BENEFICIARIES:
        raise ctx.error(f"beneficiary must be one of {BENEFICIARIES}, got {beneficiary!r}")
    listing = m.get("listing", "benefit")
    if listing not in LISTINGS:
        raise ctx.error(f"listing must be one of {LISTINGS}, got {listing!r}")
    conds_raw = m.get("conditions") or []
    if not isinstance(conds_raw, list):
        raise ctx.error("conditions must be a list")
    group = m.get("group")
    if group is not None and not isinstance(group, str):
        raise ctx.error("group must be text")
    return Rule(
        id=rule_id,
        title=_as_str(m.get("title"), ctx, "title"),
        beneficiary=beneficiary,
        listing=listing,
        doc=doc,
        clause=_as_str(m.get("clause"), ctx, "clause"),
        quote=_as_str(m.get("quote"), ctx, "quote"),
        conditions=tuple(_parse_condition(c, ctx) for c in conds_raw),
        amount=_parse_amount(m.get("amount"), ctx),
        checks=_as_strs(m.get("checks"), ctx, "checks"),
        group=group,
        responsible=cast(str | None, m.get("responsible")) or doc.responsible,
        apply_to=cast(str | None, m.get("apply_to")),
        notes=_as_strs(m.get("notes"), ctx, "notes"),
        effective_from=_as_date(m.get("effective_from"), ctx, "effective_from"),
        effective_until=_as_date(m.get("effective_until"), ctx, "effective_until"),
        source=ctx.source,
    )


def _parse_group(raw: object, ctx: _Ctx, doc_id: str) -> ExclusivityGroup:
    m = _as_map(raw, ctx, "exclusivity group")
    _check_keys(m, {"id", "clause", "quote", "reason"}, ctx, "exclusivity group")
    gid = _as_str(m.get("id"), ctx, "exclusivity.id")
    ctx.where = f"exclusivity group {gid}"
    return ExclusivityGroup(
        id=gid,
        doc_id=doc_id,
        clause=_as_str(m.get("clause"), ctx, "clause"),
        quote=_as_str(m.get("quote"), ctx, "quote"),
        reason=_as_str(m.get("reason"), ctx, "reason"),
    )


# ---------------------------------------------------------------------------------------------
# checks against the text


def _check_quote(kb: KnowledgeBase, doc_id: str, clause: str, quote: str, ctx: _Ctx) -> None:
    try:
        text = kb.document(doc_id).subtree_text(clause)
    except KeyError:
        raise ctx.error(f"clause {clause!r} not found in document {doc_id!r}") from None
    if _fold(quote) not in _fold(text):
        raise ctx.error(f"quote not found in {doc_id} {clause}: «{quote}»")


def _years_text(y: float) -> str:
    return f"{int(y)}" if y.is_integer() else f"{y}"


def _check_amounts(rule: Rule, ctx: _Ctx) -> None:
    a = rule.amount
    stated = numbers_in(rule.quote)
    for v in a.yuan_values():
        if v not in stated:
            raise ctx.error(f"amount {_years_text(v)} yuan does not appear in the quote")
    for y in (a.max_years, a.min_years):
        if y is not None and y not in stated:
            raise ctx.error(f"duration {_years_text(y)} years does not appear in the quote")
    if a.rate is not None and round(a.rate, 6) not in percents_in(rule.quote):
        raise ctx.error(f"rate {a.rate:.0%} does not appear in the quote")
    for key, text in (("instalments", a.instalments), ("duration", a.duration)):
        if text is not None and _fold(text) not in _fold(rule.quote):
            raise ctx.error(f"amount.{key} «{text}» does not appear in the quote")


def _check_document(doc: DocumentInfo, kb: KnowledgeBase, ctx: _Ctx) -> None:
    try:
        meta = kb.document(doc.doc_id).meta
    except KeyError:
        raise ctx.error(f"document {doc.doc_id!r} is not in the knowledge base") from None
    expected = {
        "citation": (doc.citation, meta.citation()),
        "status": (doc.status, meta.status),
        "issued_on": (doc.issued_on, meta.issued_on),
        "horizon_end": (doc.horizon_end, meta.horizon_end),
    }
    for key, (ours, theirs) in expected.items():
        if ours != theirs:
            raise ctx.error(
                f"document.{key} {ours!r} disagrees with the knowledge base: {theirs!r}"
            )
    if set(doc.regions) != set(meta.regions):
        raise ctx.error(f"document.regions {doc.regions} disagree with {meta.regions}")


# ---------------------------------------------------------------------------------------------
# loading


def _rule_files(rules_dir: Path | Traversable) -> list[tuple[str, str, str]]:
    """(doc_id, display name, text) of every ``*.yaml`` in the directory, sorted by name."""
    out = []
    for entry in sorted(rules_dir.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml") and entry.is_file():
            display = str(entry) if isinstance(entry, Path) else f"policy_kb/rules/{entry.name}"
            out.append((entry.name.removesuffix(".yaml"), display, entry.read_text("utf-8")))
    return out


def load_catalogue(rules_dir: Path | None = None, kb: KnowledgeBase | None = None) -> Catalogue:
    """Load and check every ``<doc_id>.yaml`` in ``rules_dir`` (default: the bundled rules).

    ``kb`` is the knowledge base quotes are checked against (default: ``load_knowledge_base()``).
    Returns the Catalogue. Raises CatalogueError naming the file and rule for a YAML error, an
    unknown key or field, a quote not in its clause, an amount not in its quote, a duplicate
    rule id, an unknown exclusivity group, or a document header that disagrees with the kb.
    """
    import yaml

    if kb is None:
        kb = load_knowledge_base()
    root: Path | Traversable = (
        rules_dir if rules_dir is not None else resources.files("policy_kb").joinpath("rules")
    )
    rules: list[Rule] = []
    documents: dict[str, DocumentInfo] = {}
    groups: dict[str, ExclusivityGroup] = {}
    members: dict[str, list[str]] = {}
    for doc_id, source, text in _rule_files(root):
        ctx = _Ctx(source)
        try:
            data = safe_load(text)
        except yaml.YAMLError as err:
            raise ctx.error(f"not valid YAML: {err}") from None
        m = _as_map(data, ctx, "file")
        _check_keys(m, {"document", "exclusivity", "rules"}, ctx, "file")
        doc = _parse_document(m.get("document"), ctx, doc_id)
        _check_document(doc, kb, ctx)
        documents[doc_id] = doc
        for g_raw in cast(Sequence[object], m.get("exclusivity") or []):
            g = _parse_group(g_raw, ctx, doc_id)
            if g.id in groups:
                raise ctx.error("duplicate exclusivity group id")
            _check_quote(kb, doc_id, g.clause, g.quote, ctx)
            groups[g.id] = g
            ctx.where = ""
        rules_raw = m.get("rules")
        if not isinstance(rules_raw, list) or not rules_raw:
            raise ctx.error("rules must be a non-empty list")
        for r_raw in rules_raw:
            ctx.where = ""
            rule = _parse_rule(r_raw, ctx, doc)
            if any(r.id == rule.id for r in rules):
                raise ctx.error("duplicate rule id")
            _check_quote(kb, doc_id, rule.clause, rule.quote, ctx)
            _check_amounts(rule, ctx)
            rules.append(rule)
            if rule.group is not None:
                members.setdefault(rule.group, []).append(rule.id)
    for rule in rules:
        ctx = _Ctx(rule.source)
        ctx.where = f"rule {rule.id}"
        if rule.group is not None and rule.group not in groups:
            raise ctx.error(f"unknown exclusivity group {rule.group!r}")
        if rule.amount.by == "honors" and rule.group is None:
            # Several titles can match one table; which pays must be cited, not implied.
            raise ctx.error("a table keyed by honors needs an exclusivity group")
    groups = {
        gid: ExclusivityGroup(
            g.id, g.doc_id, g.clause, g.quote, g.reason, tuple(members.get(gid, ()))
        )
        for gid, g in groups.items()
    }
    return Catalogue(tuple(rules), documents, groups)


@lru_cache(maxsize=1)
def bundled_catalogue() -> Catalogue:
    """The bundled catalogue checked against the bundled knowledge base, loaded once per process.

    Raises CatalogueError (see ``load_catalogue``).
    """
    return load_catalogue()


#: The bundled catalogue with the lifecycle policy staff published (``use_lifecycle``).
_LIVE: list[Catalogue] = []


def default_catalogue() -> Catalogue:
    """The catalogue in use: the bundled one, with the published lifecycle of its documents
    once ``use_lifecycle`` gave one. Raises CatalogueError (see ``load_catalogue``)."""
    return _LIVE[0] if _LIVE else bundled_catalogue()


def with_lifecycle(
    catalogue: Catalogue, lifecycles: Mapping[str, tuple[date | None, date | None]]
) -> Catalogue:
    """``catalogue`` with each document's published lifecycle: doc_id → (in_force_from,
    ended_on); documents not named keep theirs. Rules point to the updated documents."""
    docs = {
        doc_id: replace(doc, in_force_from=lifecycles[doc_id][0], ended_on=lifecycles[doc_id][1])
        if doc_id in lifecycles
        else doc
        for doc_id, doc in catalogue.documents.items()
    }
    rules = tuple(replace(r, doc=docs.get(r.doc.doc_id, r.doc)) for r in catalogue.rules)
    return Catalogue(rules, docs, catalogue.groups)


def use_lifecycle(lifecycles: Mapping[str, tuple[date | None, date | None]]) -> None:
    """Make ``default_catalogue()`` the bundled catalogue with these lifecycles (the
    knowledge base's current version sets them in every process)."""
    live = with_lifecycle(bundled_catalogue(), lifecycles) if lifecycles else None
    _LIVE[:] = [live] if live is not None else []
