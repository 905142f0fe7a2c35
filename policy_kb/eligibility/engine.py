"""The eligibility engine: a profile and the catalogue → what this worker gets, and why not.

Logic is three-valued: each condition of a rule is met, unmet or unknown (the field was not
answered). A rule with every condition met is a *benefit*; one with an unmet condition is not,
and if it fails on at most two conditions that the worker or employer could still satisfy it
is a *near miss* (with each unmet condition in plain words and a hint; a rule paying money
missed on a kind alone — a prize of another level, another employer type — is one whatever
else is unanswered, ``CATEGORICAL_OPS``); one with unknown
conditions and none unmet is *pending*, and its unknown fields go into ``unknown``, ordered by
how much money hangs on them (the questionnaire asks in that order).

Rules of a draft (征求意见稿) are only ever *proposed*. Rules whose decisive facts a worker profile
does not record (a training project, a studio built, a class run) are listed as *programmes* for
the region, never as the worker's benefit. Rules of one exclusivity group pay the highest once
(叶集区 十: 符合多重条件的，按上限资助，不重复享受), and the result says which was chosen and why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import cast

from policy_kb.eligibility.catalogue import (
    EFFECTIVE_FROM,
    Amount,
    AnyOf,
    Catalogue,
    Cond,
    Condition,
    DocumentInfo,
    ExclusivityGroup,
    Rule,
    default_catalogue,
)
from policy_kb.eligibility.profile import (
    PROFILE_FIELDS,
    Competition,
    Profile,
    field_spec,
    level_rank,
)

__all__ = [
    "Benefit",
    "EligibilityResult",
    "ExclusivityChoice",
    "NearMiss",
    "Pending",
    "Programme",
    "Proposed",
    "Unmet",
    "evaluate",
    "next_questions",
]

# Ordering heuristic only (which question first, which of an exclusivity group when the salary
# is unknown): a plausible after-tax monthly wage, yuan. Never shown as an amount.
NOMINAL_MONTHLY_SALARY = 5000.0
# A near miss fails on at most 2 conditions, and leaves at most 3 unmet or unanswered in all:
# "you would need a higher level, and we know nothing else" is noise, not a near miss.
MAX_NEAR_MISS_UNMET = 2
MAX_NEAR_MISS_OPEN = 3
# Gates a worker of the rule's place can miss by one fact and still want to hear about: a
# certificate from another year (当年取得), an employer registered outside the district, an
# introduction from inside the province where the rule wants one from outside. When such a
# gate is the *only* unmet condition the rule is a near miss naming it, whatever else is
# still unanswered.
NEAR_MISS_GATES = frozenset(
    {
        ("level_obtained_on", "same_year_as_as_of"),
        ("employer_in_region", "is"),
        ("from_other_province", "is"),
    }
)
# Any other gate (introduced at all, a title, a prize) is a near miss only when it is the one
# condition the worker misses and every other condition of the rule holds: a locally hired
# 技师 in a key-industry shortage post with the contract and insurance is told that the
# 引进 subsidy is missed on 从外地新引进 alone. A rule with no other condition (a contest prize
# and nothing else) is not "near" for everyone without the prize, a rule granting no money
# (落户 for 外来劳动者) is not worth telling a local worker they "nearly" have, and a
# certificate dated before the policy began (on_or_after) is a fact of the past no answer
# can change.
NEVER_NEAR_GATES = frozenset({("level_obtained_on", "on_or_after")})
# Conditions on a kind (which competition — its level, who organised it —, which title, which
# employer): a worker who holds something of that kind, only not the one the clause names (a
# 市级 prize where the clause rewards the district's own contest, a 国有企业 where it wants a
# 民营企业), is told the rule's money was missed on that field alone, whatever else is still
# unanswered. Holding nothing of the kind (no prize, no title) is no near miss.
CATEGORICAL_OPS = frozenset({"in", "not_in", "competition"})
_FIELD_ORDER = {f.name: i for i, f in enumerate(PROFILE_FIELDS)}
_UNITS = {"months": "个月", "years": "年", "yuan": "元"}
_PER_PREFIX = {"once": "一次性", "month": "每月", "year": "每年"}


# ---------------------------------------------------------------------------------------------
# result shapes


@dataclass(frozen=True)
class Benefit:
    """One benefit this worker (or, for beneficiary employer, their employer) can claim.

    amount_yuan: this worker's amount per ``per`` (None when not printed or the rate's base is
    unknown; amount_text explains); rate: fraction of ``monthly_salary`` for rate rules;
    max_years: longest duration; quote: the sentence that grants it; notes: what staff must
    check, presumptions made, instalments, expired target periods.
    """

    rule_id: str
    title: str
    document: str
    doc_id: str
    clause: str
    beneficiary: str
    amount_yuan: float | None
    per: str | None
    rate: float | None
    max_years: float | None
    amount_text: str
    quote: str
    notes: tuple[str, ...]
    responsible: str | None
    apply_to: str | None
    effective_from: date | None = None
    effective_until: date | None = None
    value: float = field(default=0.0, compare=False)

    def to_dict(self) -> dict[str, object]:
        """JSON form (docs/contracts.md "Eligibility result", benefits[]) plus doc_id, responsible,
        apply_to, effective_from / effective_until (ISO; from = the issue date, or the earliest
        possible one when the date is not printed, see notes)."""
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "document": self.document,
            "clause": self.clause,
            "beneficiary": self.beneficiary,
            "amount_yuan": _num(self.amount_yuan),
            "per": self.per,
            "rate": self.rate,
            "max_years": _num(self.max_years),
            "amount_text": self.amount_text,
            "quote": self.quote,
            "notes": list(self.notes),
            "doc_id": self.doc_id,
            "responsible": self.responsible,
            "apply_to": self.apply_to,
            "effective_from": _iso(self.effective_from),
            "effective_until": _iso(self.effective_until),
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass(frozen=True)
class Unmet:
    """One unmet condition in plain words: ``required`` vs ``actual``, and a ``hint``."""

    field: str
    required: str
    actual: str
    hint: str | None

    def to_dict(self) -> dict[str, object]:
        """``{"field", "required", "actual", "hint"}``."""
        return {
            "field": self.field,
            "required": self.required,
            "actual": self.actual,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class NearMiss:
    """A rule the worker misses on at most two conditions they could still meet."""

    rule_id: str
    title: str
    document: str
    clause: str
    quote: str
    amount_text: str
    unmet: tuple[Unmet, ...]
    unknown: tuple[str, ...]
    value: float = field(default=0.0, compare=False)

    def to_dict(self) -> dict[str, object]:
        """JSON form (near_misses[]): rule_id, title, quote, unmet[], plus hint and context."""
        hints = [u.hint for u in self.unmet if u.hint]
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "quote": self.quote,
            "unmet": [u.to_dict() for u in self.unmet],
            "hint": "；".join(hints) if hints else None,
            "document": self.document,
            "clause": self.clause,
            "amount_text": self.amount_text,
            "unknown": list(self.unknown),
        }


@dataclass(frozen=True)
class Pending:
    """A rule no condition of which fails, but some are unanswered."""

    rule_id: str
    title: str
    amount_text: str
    unknown: tuple[str, ...]
    value: float = field(default=0.0, compare=False)

    def to_dict(self) -> dict[str, object]:
        """``{"rule_id", "title", "amount_text", "unknown"}``."""
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "amount_text": self.amount_text,
            "unknown": list(self.unknown),
        }


@dataclass(frozen=True)
class Programme:
    """A measure of the region that hinges on facts a worker profile does not record."""

    rule_id: str
    title: str
    beneficiary: str
    document: str
    clause: str
    amount_yuan: float | None
    per: str | None
    amount_text: str
    quote: str
    requires: tuple[str, ...]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON form (programmes[])."""
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "beneficiary": self.beneficiary,
            "document": self.document,
            "clause": self.clause,
            "amount_yuan": _num(self.amount_yuan),
            "per": self.per,
            "amount_text": self.amount_text,
            "quote": self.quote,
            "requires": list(self.requires),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Proposed:
    """A rule of a draft: what the worker *would* get if it were adopted. Never a benefit.

    status: ``would_qualify`` | ``would_not_qualify`` | ``unknown``.
    """

    rule_id: str
    title: str
    document: str
    clause: str
    status: str
    amount_text: str
    quote: str
    note: str

    def to_dict(self) -> dict[str, object]:
        """JSON form (proposed[]); ``"draft": true`` always."""
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "document": self.document,
            "clause": self.clause,
            "draft": True,
            "status": self.status,
            "amount_text": self.amount_text,
            "quote": self.quote,
            "note": self.note,
        }


@dataclass(frozen=True)
class ExclusivityChoice:
    """Which option of an exclusivity group pays, and why.

    candidates: (option, value in yuan over its duration) for every option the worker meets;
    chosen: the option paid; option is a rule id, or ``rule_id:key`` for one entry of a table
    keyed by a list field (several titles held).
    """

    group: str
    chosen: str
    candidates: tuple[tuple[str, float], ...]
    reason: str
    document: str
    clause: str
    quote: str

    def to_dict(self) -> dict[str, object]:
        """JSON form (exclusivity[])."""
        return {
            "group": self.group,
            "chosen": self.chosen,
            "candidates": [{"option": o, "value_yuan": _num(v)} for o, v in self.candidates],
            "reason": self.reason,
            "document": self.document,
            "clause": self.clause,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class EligibilityResult:
    """What ``evaluate`` returns; ``to_dict()`` is docs/contracts.md "Eligibility result" plus extras."""

    as_of: date
    region: str
    benefits: tuple[Benefit, ...]
    near_misses: tuple[NearMiss, ...]
    unknown: tuple[str, ...]
    pending: tuple[Pending, ...]
    proposed: tuple[Proposed, ...]
    programmes: tuple[Programme, ...]
    exclusivity: tuple[ExclusivityChoice, ...]
    warnings: tuple[str, ...]

    @property
    def total_once_yuan(self) -> float:
        """Sum of the worker's own one-off amounts (individual benefits, per once, known)."""
        return sum(
            b.amount_yuan or 0
            for b in self.benefits
            if b.beneficiary == "individual" and b.per == "once"
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict: as_of, region, benefits, near_misses, unknown (docs/contracts.md), then
        pending, proposed, programmes, exclusivity, warnings, total_once_yuan."""
        return {
            "as_of": self.as_of.isoformat(),
            "region": self.region,
            "benefits": [b.to_dict() for b in self.benefits],
            "near_misses": [n.to_dict() for n in self.near_misses],
            "unknown": list(self.unknown),
            "pending": [p.to_dict() for p in self.pending],
            "proposed": [p.to_dict() for p in self.proposed],
            "programmes": [p.to_dict() for p in self.programmes],
            "exclusivity": [e.to_dict() for e in self.exclusivity],
            "warnings": list(self.warnings),
            "total_once_yuan": _num(self.total_once_yuan),
        }


def _num(v: float | None) -> float | int | None:
    """JSON number: 5000 rather than 5000.0."""
    if v is None:
        return None
    return int(v) if float(v).is_integer() else round(v, 2)


# ---------------------------------------------------------------------------------------------
# formatting


def _fmt_number(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _fmt_yuan(v: float, wan: bool | None = None) -> str:
    """15万元 for round sums from 100000 up (as the documents write them), else 5000元."""
    if wan is None:
        wan = v >= 100000
    if wan and v % 10000 == 0:
        return f"{_fmt_number(v / 10000)}万元"
    return f"{_fmt_number(v)}元"


def _fmt_value(name: str, value: object) -> str:
    """A profile value in plain words, with its unit."""
    if value is None:
        return "未作答"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Competition):
        return value.describe()
    if isinstance(value, tuple):
        return "、".join(str(v) for v in value) or "无"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        unit = field_spec(name).unit
        return _fmt_number(value) + (_UNITS[unit] if unit else "")
    return str(value)


def _fmt_bound(name: str, v: object) -> str:
    if isinstance(v, int | float) and not isinstance(v, bool):
        unit = field_spec(name).unit
        return _fmt_number(v) + (_UNITS[unit] if unit else "")
    return str(v)


def _competition_words(levels: Iterable[str], ranks: Iterable[int]) -> str:
    rank_words = "、".join("一二三"[r - 1] for r in ranks)
    return f"{'、'.join(levels)}竞赛{rank_words}等奖"


def _required_text(c: Condition, doc: DocumentInfo, as_of: date) -> str:
    if c.label:
        return c.label
    ladder = c.field == "skill_level"
    texts: dict[str, Callable[[], str]] = {
        "is": lambda: ("是" if c.value else "否") if isinstance(c.value, bool) else str(c.value),
        "in": lambda: "、".join(_strs(c.value)) + ("（其一）" if c.field == "honors" else ""),
        "not_in": lambda: "非" + "、".join(_strs(c.value)),
        "at_least": lambda: f"{c.value}及以上" if ladder else "≥" + _fmt_bound(c.field, c.value),
        "more_than": lambda: f"高于{c.value}" if ladder else ">" + _fmt_bound(c.field, c.value),
        "at_most": lambda: f"{c.value}及以下" if ladder else "≤" + _fmt_bound(c.field, c.value),
        "less_than": lambda: f"低于{c.value}" if ladder else "<" + _fmt_bound(c.field, c.value),
        "same_year_as_as_of": lambda: f"{as_of.year}年内取得",
        "on_or_after": lambda: f"{_date_bound(c, doc)[0]}及以后",
        "competition": lambda: _competition_words(*_comp_value(c)),
    }
    return texts[c.op]()


def _strs(v: object) -> tuple[str, ...]:
    return tuple(str(x) for x in v) if isinstance(v, tuple) else (str(v),)


def _comp_value(c: Condition) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """(levels, ranks) of a competition condition (see Condition)."""
    assert isinstance(c.value, tuple) and len(c.value) == 2
    levels, ranks = c.value
    return tuple(str(x) for x in levels), tuple(int(x) for x in ranks)


def _date_bound(c: Condition, doc: DocumentInfo) -> tuple[date, bool]:
    """(the date, exact?) of an on_or_after condition; $effective_from may be a lower bound."""
    if c.value == EFFECTIVE_FROM:
        if doc.issued_on is not None:
            return doc.issued_on, True
        if doc.issued_not_before is not None:
            return doc.issued_not_before, False
        return date.min, False
    assert isinstance(c.value, date)
    return c.value, True


# ---------------------------------------------------------------------------------------------
# conditions


@dataclass(frozen=True)
class _Check:
    """Outcome of one condition: status True (met), False (unmet) or None (unknown); op: the
    condition's operator when unmet (which gates may still make a near miss)."""

    status: bool | None
    field: str
    required: str
    actual: str
    gate: bool
    hint: str | None = None
    unknown_fields: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    presumed: tuple[str, ...] = ()
    op: str = ""
    categorical: bool = False


@dataclass(frozen=True)
class _Env:
    profile: Profile
    doc: DocumentInfo


_Op = Callable[[Condition, object, _Env], tuple[bool, str | None]]


def _op_is(c: Condition, v: object, env: _Env) -> tuple[bool, str | None]:
    return v == c.value, None


def _op_in(c: Condition, v: object, env: _Env) -> tuple[bool, str | None]:
    wanted = set(_strs(c.value))
    if isinstance(v, tuple):  # honors: holds any of the titles
        return bool(wanted & set(v)), None
    return v in wanted, None


def _op_not_in(c: Condition, v: object, env: _Env) -> tuple[bool, str | None]:
    return v not in set(_strs(c.value)), None


def _compare(c: Condition, v: object) -> tuple[float, float]:
    if c.field == "skill_level":
        return float(level_rank(str(v))), float(level_rank(str(c.value)))
    assert isinstance(v, int | float) and isinstance(c.value, int | float)
    return float(v), float(c.value)


def _op_at_least(c: Condition, v: object, env: _Env) -> tuple[bool, str | None]:
    # 以上、届满、满 include the number itself (民法典 第一千二百五十九条).
    a, b = _compare(c, v)
    return a >= b, None


def _op_more_than(c: Condition, v: object, env: _Env) -> tuple[bool, str | None]:
    # 超过 excludes the number.
    a, b = _compare(c, v)
    return a > b, None


def _op_at_most(c: Condition, v: object, env: _Env) -> tuple[bool, str | None]:
    a, b = _compare(c, v)
    return a <= b, None


def _op_less_than(c: Condition, v: object, env: _Env) -> tuple[bool, str | None]:
    # 不满 excludes the number.
    a, b = _compare(c, v)
    return a < b, None


def _op_same_year(c: Condition, v: object, env: _Env) -> tuple[bool, str | None]:
    # 当年 = the calendar year of as_of.
    assert isinstance(v, date)
    return v.year == env.profile.as_of.year, None


def _op_on_or_after(c: Condition, v: object, env: _Env) -> tuple[bool, str | None]:
    assert isinstance(v, date)
    bound, exact = _date_bound(c, env.doc)
    if v < bound:
        return False, None
    # Before an unprinted issue date is possible; staff must confirm (docs/contracts.md).
    return True, None if exact else (env.doc.issued_note or "发布日期未印明，请工作人员核实")


def _op_competition(c: Condition, v: object, env: _Env) -> tuple[bool, str | None]:
    assert isinstance(v, Competition)
    levels, ranks = _comp_value(c)
    # any one of the worker's results (a prize of each tier is its own occasion)
    return any(level in levels and rank in ranks for level, rank in v.results), None


_OPS: dict[str, _Op] = {
    "is": _op_is,
    "in": _op_in,
    "not_in": _op_not_in,
    "at_least": _op_at_least,
    "more_than": _op_more_than,
    "at_most": _op_at_most,
    "less_than": _op_less_than,
    "same_year_as_as_of": _op_same_year,
    "on_or_after": _op_on_or_after,
    "competition": _op_competition,
}


#: The ops that read nothing but the condition and the value (no day, no document).
_PLAIN_OPS = frozenset({"is", "in", "not_in", "at_least", "more_than", "at_most", "less_than"})


def condition_met(c: Condition, value: object) -> bool | None:
    """Whether ``value`` meets ``c`` as the engine judges it, for an op that reads only the
    two (``is``, ``in``, ``not_in`` and the comparisons); None for another op or a value the
    op cannot compare (a level that is not on the ladder, a number that is not one).
    ``bot.verdict`` sets a fact a worker states against the rule answering them with it."""
    if c.op not in _PLAIN_OPS:
        return None
    try:
        # these ops never read the environment (the profile's day, the document)
        ok, _ = _OPS[c.op](c, value, cast(_Env, None))
    except (AssertionError, ValueError, TypeError):
        return None
    return ok


def _hint_insurance(c: Condition, v: object) -> str | None:
    if c.op == "at_least" and isinstance(v, int | float) and isinstance(c.value, int | float):
        return f"再缴纳{_fmt_number(c.value - v)}个月社保即可申领"
    return None


def _hint_contract(c: Condition, v: object) -> str | None:
    if c.op == "at_least" and isinstance(c.value, int | float):
        return f"签订{_fmt_number(c.value)}年以上劳动合同即可申领"
    return "签订劳动合同后即可申领"


def _hint_tenure(c: Condition, v: object) -> str | None:
    if c.op == "at_least" and isinstance(v, int | float) and isinstance(c.value, int | float):
        return f"在同一单位再连续工作{_years_words(c.value - v)}即可申领"
    return None


def _years_words(years: float) -> str:
    """A length in years as a worker says it, in whole months (tenure is kept in years to two
    places): 1 → 1年, 0.17 → 2个月, 1.5 → 1年6个月; never less than 1个月."""
    months = max(round(years * 12), 1)
    whole, rest = divmod(months, 12)
    return (f"{whole}年" if whole else "") + (f"{rest}个月" if rest else "")


def _hint_level(c: Condition, v: object) -> str | None:
    if c.op == "at_least":
        return f"取得{c.value}及以上等级后可申领"
    return None


def _hint_employer_type(c: Condition, v: object) -> str | None:
    if c.op == "in":
        return f"仅限{'、'.join(_strs(c.value))}职工"
    return "须为企业职工" if c.op == "not_in" else None


def _hint_obtained(c: Condition, v: object) -> str | None:
    if c.op == "same_year_as_as_of":
        return "只奖励当年取得的证书；取得更高等级证书的当年可以申领"
    return None


def _hint_competition(c: Condition, v: object) -> str | None:
    if c.op != "competition" or not isinstance(v, Competition) or v.is_none:
        return None
    levels, ranks = _comp_value(c)
    wanted = c.label or _competition_words(levels, ranks)
    held = tuple(dict.fromkeys(level for level, _rank in v.results))
    if not set(held) & set(levels):
        return f"只认{wanted}，{'、'.join(held)}竞赛的奖不在此列"
    return f"只认{wanted}"


def _hint_honours(c: Condition, v: object) -> str | None:
    if c.op == "in" and isinstance(v, tuple) and v:
        return "你的称号不在本条所列之内"
    return None


def _hint_in_region(c: Condition, v: object) -> str | None:
    return "须为在本区（市）注册的单位的职工" if c.op == "is" and c.value is True else None


def _hint_other_province(c: Condition, v: object) -> str | None:
    return "只限从省外引进的人才" if c.op == "is" and c.value is True else None


def _hint_introduced(c: Condition, v: object) -> str | None:
    return "本地招用的不在此列" if c.op == "is" and c.value is True else None


# Near-miss hints per field; any other field gets "须满足：<required>".
_HINTS: dict[str, Callable[[Condition, object], str | None]] = {
    "level_obtained_on": _hint_obtained,
    "employer_in_region": _hint_in_region,
    "from_other_province": _hint_other_province,
    "introduced": _hint_introduced,
    "insurance_months": _hint_insurance,
    "contract_years": _hint_contract,
    "tenure_years": _hint_tenure,
    "skill_level": _hint_level,
    "employer_type": _hint_employer_type,
    "competition": _hint_competition,
    "honors": _hint_honours,
}


def _check_condition(c: Cond, env: _Env) -> _Check:
    if isinstance(c, AnyOf):
        return _check_any(c, env)
    required = _required_text(c, env.doc, env.profile.as_of)
    value = env.profile.value(c.field)
    if value is None:
        if _contract_implied(c, env.profile):
            # not ``presumed``: those are still asked, after the money; this one is the
            # employment the worker already told, so asking it again could change nothing
            return _Check(True, c.field, required, "未作答", c.gate, notes=(CONTRACT_PRESUMED,))
        if c.presume:
            return _Check(
                True, c.field, required, "未作答", c.gate, presumed=(c.field,), notes=(c.presume,)
            )
        return _Check(None, c.field, required, "未作答", c.gate, unknown_fields=(c.field,))
    ok, note = _OPS[c.op](c, value, env)
    actual = _fmt_value(c.field, value)
    if not ok:
        hint_of = _HINTS.get(c.field)
        hint = (hint_of(c, value) if hint_of else None) or f"须满足：{required}"
        kind = _categorical(c, value)
        return _Check(
            False, c.field, required, actual, c.gate, hint=hint, op=c.op, categorical=kind
        )
    notes = tuple(n for n in (note, c.note) if n)
    return _Check(True, c.field, required, actual, c.gate, notes=notes)


CONTRACT_PRESUMED = "按已签订劳动合同计算，请工作人员核实"


def _contract_implied(c: Condition, profile: Profile) -> bool:
    """Whether an unanswered contract condition is taken as met: it asks only that a contract
    exists (``more_than: 0`` / ``at_least: 0``, e.g. 叶集 四 「已签订劳动合同」), and the profile
    shows the worker employed now (years or insured months at the present employer). Employing
    someone requires a written contract (劳动合同法 第十条), so the fact is presumed for staff to
    verify; a minimum length (「1年以上劳动合同」) is never presumed and is asked."""
    if c.field != "contract_years" or c.value != 0 or c.op not in ("more_than", "at_least"):
        return False
    return any(
        isinstance(v, int | float) and v > 0
        for v in (profile.tenure_years, profile.insurance_months)
    )


def _categorical(c: Condition, value: object) -> bool:
    """Whether ``c`` asks for a kind (``CATEGORICAL_OPS``, or ``is`` a named value) and the
    worker holds something of that kind: a prize (not 无), a title, an employer's type."""
    if c.op not in CATEGORICAL_OPS and not (c.op == "is" and isinstance(c.value, str)):
        return False
    if isinstance(value, Competition):
        return not value.is_none
    if isinstance(value, tuple):
        return bool(value)
    return value not in (None, "", "无")


def _check_any(c: AnyOf, env: _Env) -> _Check:
    checks = [_check_condition(o, env) for o in c.options]
    required = c.label or " 或 ".join(ch.required for ch in checks)
    actual = "；".join(dict.fromkeys(ch.actual for ch in checks))
    if len({ch.field for ch in checks}) > 1:
        # options on different facts (a level, or a title): each value with its fact's name,
        # 「技能等级：高级工，荣誉称号：无」, never a bare 「高级工；无」
        actual = "，".join(
            dict.fromkeys(f"{field_spec(ch.field).label}：{ch.actual}" for ch in checks)
        )
    gate = all(ch.gate for ch in checks)
    met = [ch for ch in checks if ch.status is True]
    if met:
        return _Check(
            True, met[0].field, required, actual, gate, notes=met[0].notes, presumed=met[0].presumed
        )
    unknown = [ch for ch in checks if ch.status is None]
    if unknown:
        fields = tuple(dict.fromkeys(f for ch in unknown for f in ch.unknown_fields))
        return _Check(None, unknown[0].field, required, actual, gate, unknown_fields=fields)
    # Unmet: report the option the worker could still reach (not a gate), if any.
    reachable = [ch for ch in checks if not ch.gate] or checks
    return _Check(False, reachable[0].field, required, actual, gate, hint=reachable[0].hint)


# ---------------------------------------------------------------------------------------------
# amounts


@dataclass(frozen=True)
class _Money:
    amount_yuan: float | None
    text: str
    notes: tuple[str, ...] = ()
    value: float = 0.0  # total over the duration, yuan (ordering, exclusivity)
    table_choice: tuple[str, tuple[tuple[str, float], ...]] | None = None


def _total(per: str | None, each: float, a: Amount) -> float:
    years = a.max_years or a.min_years or 1
    if per == "month":
        return each * 12 * years
    if per == "year":
        return each * years
    return each


def _unit(a: Amount) -> str:
    return f"（{a.unit_text}）" if a.unit_text else ""


def _tail(a: Amount) -> str:
    parts = []
    if a.duration:
        parts.append(a.duration)
    if a.max_years:
        parts.append(f"最长{_fmt_number(a.max_years)}年")
    if a.min_years:
        parts.append(f"不少于{_fmt_number(a.min_years)}年")
    if a.instalments:
        parts.append(a.instalments)
    return "，" + "，".join(parts) if parts else ""


def _table_wan(a: Amount) -> bool:
    # One style for the whole table: 15万元、10万元、8万元 rather than 15万元、80000元.
    return max(v for _, v in a.table) >= 100000 and all(v % 10000 == 0 for _, v in a.table)


def _table_text(a: Amount) -> str:
    def name(key: str) -> str:
        return "一二三"[int(key) - 1] + "等奖" if a.by == "competition_rank" else key

    return "、".join(f"{name(k)}{_fmt_yuan(v, _table_wan(a))}" for k, v in a.table)


def _money_fixed(a: Amount, p: Profile) -> _Money:
    assert a.yuan is not None
    text = f"{_PER_PREFIX[a.per or 'once']}{a.noun}{_fmt_yuan(a.yuan)}{_unit(a)}{_tail(a)}"
    return _Money(a.yuan, text, value=_total(a.per, a.yuan, a))


def _table_key(a: Amount, p: Profile) -> tuple[list[str], str | None]:
    """Keys of the table this worker matches, and a note when the level is above the table."""
    keys = [k for k, _ in a.table]
    if a.by == "competition_rank":
        c = p.competition
        return ([str(c.rank)] if c and not c.is_none and str(c.rank) in keys else []), None
    if a.by == "honors":
        return [k for k in keys if k in (p.honors or ())], None
    if a.by != "skill_level":
        return [], None
    level = p.skill_level
    if level is None:
        return [], None
    if level in keys:
        return [level], None
    top = max(keys, key=level_rank)
    if level_rank(level) > level_rank(top):
        # 特级技师、首席技师 sit above 高级技师; documents that stop at 高级技师 pay its rate.
        return [top], f"{level}文件未单列，按{top}标准计算，请工作人员核实"
    return [], None


def _money_table(a: Amount, p: Profile) -> _Money:
    table = dict(a.table)
    keys, note = _table_key(a, p)
    general = f"{_PER_PREFIX[a.per or 'once']}{a.noun}（{_table_text(a)}）{_unit(a)}{_tail(a)}"
    if not keys:
        return _Money(None, general, value=_total(a.per, max(table.values()), a))
    best = max(keys, key=lambda k: table[k])
    each = table[best]
    label = "一二三"[int(best) - 1] + "等奖" if a.by == "competition_rank" else best
    amount = _fmt_yuan(each, _table_wan(a))
    text = f"{_PER_PREFIX[a.per or 'once']}{a.noun}{amount}{_unit(a)}{_tail(a)}"
    text += f"（{label}：{_table_text(a)}）"
    choice = (best, tuple((k, table[k]) for k in keys)) if len(keys) > 1 else None
    return _Money(each, text, (note,) if note else (), _total(a.per, each, a), choice)


def _money_range(a: Amount, p: Profile) -> _Money:
    if a.min is not None and a.max is not None:
        span = f"{_fmt_yuan(a.min)}至{_fmt_yuan(a.max)}"
    else:
        span = f"最高{_fmt_yuan(a.max or 0)}"
    text = f"{_PER_PREFIX[a.per or 'once']}{a.noun}{span}{_unit(a)}{_tail(a)}"
    return _Money(None, text, value=_total(a.per, a.max or a.min or 0, a))


def _money_rate(a: Amount, p: Profile) -> _Money:
    assert a.rate is not None
    pct = f"{'不低于' if a.rate_at_least else ''}{_fmt_number(a.rate * 100)}%"
    if a.base is None:
        cap = f"，每人每年最高{_fmt_yuan(a.cap)}" if a.cap else ""
        text = f"按{a.base_text}的{pct}给予{a.noun}{_unit(a)}{cap}{_tail(a)}"
        return _Money(None, text, value=_total(a.per, a.cap or 0, a))
    base = p.value(a.base)
    label = field_spec(a.base).label
    general = f"按{label}的{pct}{'按月' if a.per == 'month' else ''}给予{a.noun}{_tail(a)}"
    if not isinstance(base, int | float):
        nominal = NOMINAL_MONTHLY_SALARY * a.rate
        note = f"{label}未作答，无法算出金额（每月{_fmt_number(a.rate * 100)}%×{label}）"
        return _Money(None, general, (note,), _total(a.per, nominal, a))
    each = round(base * a.rate, 2)
    if a.cap is not None:
        each = min(each, a.cap)
    text = (
        f"{general}（{label}{_fmt_yuan(base)}，{_PER_PREFIX[a.per or 'month']}{_fmt_yuan(each)}）"
    )
    return _Money(each, text, value=_total(a.per, each, a))


def _money_components(a: Amount, p: Profile) -> _Money:
    total = sum(v for _, v in a.components)
    parts = "和".join(f"{k}{_fmt_yuan(v)}" for k, v in a.components)
    text = f"{parts}，共{_fmt_yuan(total)}{_unit(a)}{_tail(a)}"
    notes = (a.instalments,) if a.instalments else ()
    return _Money(total, text, notes, _total(a.per, total, a))


def _money_entitlement(a: Amount, p: Profile) -> _Money:
    if a.entitlement_by and p.skill_level is not None:
        table = dict(a.entitlement_by)
        level = p.skill_level
        if level not in table:
            top = max(table, key=level_rank)
            if level_rank(level) > level_rank(top):
                level = top
        if level in table:
            return _Money(None, table[level])
    if a.entitlement:
        return _Money(None, a.entitlement)
    return _Money(None, "；".join(f"{k}：{v}" for k, v in a.entitlement_by))


# One handler per amount shape (Amount.kind).
_MONEY: dict[str, Callable[[Amount, Profile], _Money]] = {
    "fixed": _money_fixed,
    "table": _money_table,
    "range": _money_range,
    "rate": _money_rate,
    "components": _money_components,
    "entitlement": _money_entitlement,
}


def _money(rule: Rule, p: Profile) -> _Money:
    if rule.amount.by == "competition_rank" and p.competition is not None:
        # a table by rank pays the best result of the tiers the rule names (台儿庄 三（二）6:
        # the 区级 prize by the 区级 rank, never a 市级 one's), once however many there are
        levels = tuple(
            level
            for c in rule.conditions
            if isinstance(c, Condition) and c.op == "competition"
            for level in _comp_value(c)[0]
        )
        several = len(p.competition.results) > 1
        if levels:
            p = replace(p, competition=p.competition.among(levels))
        money = _MONEY[rule.amount.kind](rule.amount, p)
        best = p.competition
        if several and best is not None and money.amount_yuan is not None:
            # 区级一等奖 and 市级二等奖 held: the rank paid is named with its tier, so the worker
            # sees which of their prizes the amount is for
            rank = "一二三"[best.rank - 1] + "等奖"
            named = money.text.replace(f"（{rank}：", f"（{best.level}{rank}：", 1)
            money = replace(money, text=named)
        return money
    return _MONEY[rule.amount.kind](rule.amount, p)


# ---------------------------------------------------------------------------------------------
# evaluation


@dataclass(frozen=True)
class _RuleEval:
    rule: Rule
    checks: tuple[_Check, ...]
    money: _Money

    @property
    def status(self) -> bool | None:
        if any(c.status is False for c in self.checks):
            return False
        if any(c.status is None for c in self.checks):
            return None
        return True

    @property
    def unmet(self) -> tuple[_Check, ...]:
        return tuple(c for c in self.checks if c.status is False)

    @property
    def unknown_fields(self) -> tuple[str, ...]:
        fields = [f for c in self.checks if c.status is None for f in c.unknown_fields]
        return tuple(dict.fromkeys(fields))

    @property
    def presumed(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for c in self.checks for f in c.presumed))


def _in_force(rule: Rule, as_of: date) -> str | None:
    """None when the rule can apply on as_of; else why not (a warning)."""
    doc = rule.doc
    if doc.ended_on is not None and as_of >= doc.ended_on:
        return f"{doc.citation}已于{doc.ended_on.isoformat()}失效或被替代，测算日期{as_of.isoformat()}时不再适用"
    if doc.in_force_from is not None and as_of < doc.in_force_from:
        return f"{doc.citation}自{doc.in_force_from.isoformat()}起施行，测算日期{as_of.isoformat()}时尚未施行"
    start = rule.effective_from or rule.doc.effective_from
    if start is not None and as_of < start:
        exact = rule.effective_from is not None or rule.doc.issued_on is not None
        when = f"于{start.isoformat()}发布" if exact else f"不早于{start.year}年发布"
        return f"{rule.doc.citation}{when}，测算日期{as_of.isoformat()}时尚未施行"
    if rule.effective_until is not None and as_of > rule.effective_until:
        return f"{rule.doc.citation}「{rule.title}」已于{rule.effective_until.isoformat()}到期"
    return None


def _horizon_passed(doc: DocumentInfo, as_of: date) -> str | None:
    if doc.horizon_end is not None and as_of > doc.horizon_end:
        return (
            doc.horizon_note
            or f"{doc.citation}的目标期已于{doc.horizon_end}届满，请确认是否仍在执行"
        )
    return None


def _benefit(ev: _RuleEval, as_of: date) -> Benefit:
    r = ev.rule
    notes: list[str] = []
    for c in ev.checks:
        notes.extend(c.notes)
    notes.extend(ev.money.notes)
    notes.extend(f"须核实：{chk}" for chk in r.checks)
    notes.extend(r.notes)
    passed = _horizon_passed(r.doc, as_of)
    if passed:
        notes.append(passed)
    if r.beneficiary != "individual" and not r.notes:
        notes.append("由用人单位（或有关机构）申领，不发给个人")
    a = r.amount
    return Benefit(
        rule_id=r.id,
        title=r.title,
        document=r.doc.citation,
        doc_id=r.doc.doc_id,
        clause=r.clause,
        beneficiary=r.beneficiary,
        amount_yuan=ev.money.amount_yuan,
        per=a.per,
        rate=a.rate if a.base is not None else None,
        max_years=a.max_years,
        amount_text=ev.money.text,
        quote=r.quote,
        notes=tuple(dict.fromkeys(notes)),
        responsible=r.responsible,
        apply_to=r.apply_to
        or (f"{r.responsible}（文件未写明申领窗口）" if r.responsible else None),
        effective_from=r.effective_from or r.doc.effective_from,
        effective_until=r.effective_until,
        value=ev.money.value,
    )


def _near_miss(ev: _RuleEval) -> NearMiss | None:
    unmet = ev.unmet
    if not unmet or len(unmet) > MAX_NEAR_MISS_UNMET:
        return None
    # a rule paying money missed on a kind alone (CATEGORICAL_OPS) is near, whatever is open
    kind_only = len(unmet) == 1 and unmet[0].categorical and ev.money.value > 0
    gates = [c for c in unmet if c.gate]
    if not kind_only and gates and (len(unmet) > 1 or not _gate_near(gates[0], ev)):
        return None
    if not kind_only and len(unmet) + len(ev.unknown_fields) > MAX_NEAR_MISS_OPEN:
        return None
    r = ev.rule
    return NearMiss(
        rule_id=r.id,
        title=r.title,
        document=r.doc.citation,
        clause=r.clause,
        quote=r.quote,
        amount_text=ev.money.text,
        unmet=tuple(Unmet(c.field, c.required, c.actual, c.hint) for c in unmet),
        unknown=ev.unknown_fields,
        value=ev.money.value,
    )


def _gate_near(gate: _Check, ev: _RuleEval) -> bool:
    """Whether ``gate``, the one unmet condition of ``ev``, still leaves a near miss (see
    NEAR_MISS_GATES and NEVER_NEAR_GATES)."""
    key = (gate.field, gate.op)
    if key in NEAR_MISS_GATES:
        return True
    if key in NEVER_NEAR_GATES:
        return False
    others = [c for c in ev.checks if c is not gate]
    return ev.money.value > 0 and bool(others) and all(c.status is True for c in others)


def _programme(ev: _RuleEval) -> Programme:
    r = ev.rule
    return Programme(
        rule_id=r.id,
        title=r.title,
        beneficiary=r.beneficiary,
        document=r.doc.citation,
        clause=r.clause,
        amount_yuan=ev.money.amount_yuan,
        per=r.amount.per,
        amount_text=ev.money.text,
        quote=r.quote,
        requires=r.checks,
        notes=tuple(dict.fromkeys((*ev.money.notes, *r.notes))),
    )


_PROPOSED_STATUS = {True: "would_qualify", False: "would_not_qualify", None: "unknown"}


def _proposed(ev: _RuleEval) -> Proposed:
    r = ev.rule
    return Proposed(
        rule_id=r.id,
        title=r.title,
        document=f"{r.doc.citation}（征求意见稿）",
        clause=r.clause,
        status=_PROPOSED_STATUS[ev.status],
        amount_text=ev.money.text,
        quote=r.quote,
        note="征求意见稿，尚未施行，不能据此申领；正式文件印发后以正式文件为准",
    )


def _resolve_exclusivity(
    benefits: list[Benefit], evals: dict[str, _RuleEval], catalogue: Catalogue
) -> tuple[list[Benefit], list[ExclusivityChoice]]:
    """Pay the highest of each group once; record every group decision with its citation."""
    choices: list[ExclusivityChoice] = []
    # Within one rule: a table keyed by a list field (several titles held) pays its highest.
    for b in benefits:
        choice = evals[b.rule_id].money.table_choice
        group = catalogue.groups.get(evals[b.rule_id].rule.group or "")
        if choice is not None and group is not None:
            best, options = choice
            choices.append(
                _choice(
                    group,
                    f"{b.rule_id}:{best}",
                    best,
                    tuple((f"{b.rule_id}:{k}", v) for k, v in options),
                    catalogue,
                )
            )
    kept = list(benefits)
    for gid, group in catalogue.groups.items():
        members = [b for b in kept if evals[b.rule_id].rule.group == gid]
        if not members or (len(members) == 1 and evals[members[0].rule_id].money.table_choice):
            continue
        top = max(members, key=lambda b: b.value)  # ties: catalogue order (max keeps first)
        choices.append(
            _choice(
                group,
                top.rule_id,
                top.title,
                tuple((b.rule_id, b.value) for b in members),
                catalogue,
            )
        )
        kept = [b for b in kept if b not in members or b is top]
    return kept, choices


def _choice(
    group: ExclusivityGroup,
    chosen: str,
    chosen_label: str,
    candidates: tuple[tuple[str, float], ...],
    catalogue: Catalogue,
) -> ExclusivityChoice:
    reason = group.reason
    if len(candidates) > 1:
        best = max(v for _, v in candidates)
        reason += (
            f"；{len(candidates)}项中按最高者发放：{chosen_label}（{_fmt_yuan(best)}，按期限合计）"
        )
    return ExclusivityChoice(
        group=group.id,
        chosen=chosen,
        candidates=candidates,
        reason=reason,
        document=catalogue.documents[group.doc_id].citation,
        clause=group.clause,
        quote=group.quote,
    )


def _order_unknown(weights: dict[str, float]) -> tuple[str, ...]:
    return tuple(sorted(weights, key=lambda f: (-weights[f], _FIELD_ORDER.get(f, 99))))


def evaluate(profile: Profile, catalogue: Catalogue | None = None) -> EligibilityResult:
    """Evaluate a worker profile against the catalogue (default: the bundled one).

    Only rules of documents governing ``profile.region`` are considered, and only those in
    force on ``profile.as_of`` (a document is not in force before its issue date, or before the
    earliest possible one when none is printed). Returns an EligibilityResult: benefits (all
    conditions met; exclusivity groups resolved), near misses, unknown fields ordered by the
    money that hangs on them, pending rules, proposed (draft) rules, programmes, exclusivity
    decisions and warnings. Raises CatalogueError if the default catalogue cannot be loaded.
    """
    cat = catalogue if catalogue is not None else default_catalogue()
    as_of = profile.as_of
    warnings: list[str] = []
    evals: dict[str, _RuleEval] = {}
    benefits: list[Benefit] = []
    near: list[NearMiss] = []
    pending: list[Pending] = []
    proposed: list[Proposed] = []
    programmes: list[Programme] = []
    weights: dict[str, float] = {}

    def weigh(fields: Iterable[str], value: float) -> None:
        for f in fields:
            # A rule without money still makes its question worth asking, after the money.
            weights[f] = weights.get(f, 0.0) + max(value, 0.0) + 0.001

    docs_seen: dict[str, DocumentInfo] = {}
    for rule in cat.for_region(profile.region):
        docs_seen[rule.doc.doc_id] = rule.doc
        env = _Env(profile, rule.doc)
        ev = _RuleEval(
            rule, tuple(_check_condition(c, env) for c in rule.conditions), _money(rule, profile)
        )
        evals[rule.id] = ev
        if rule.proposed:
            proposed.append(_proposed(ev))
            continue
        why_not = _in_force(rule, as_of)
        if why_not:
            warnings.append(why_not)
            continue
        if rule.listing == "programme":
            if ev.status is not False:
                programmes.append(_programme(ev))
                weigh(ev.unknown_fields, ev.money.value)
            continue
        if ev.status is True:
            b = _benefit(ev, as_of)
            benefits.append(b)
            weigh(ev.presumed, ev.money.value)
            if rule.amount.base and profile.value(rule.amount.base) is None:
                weigh((rule.amount.base,), ev.money.value)
        elif ev.status is None:
            pending.append(
                Pending(rule.id, rule.title, ev.money.text, ev.unknown_fields, ev.money.value)
            )
            # The rate's base (salary) is asked only once the rule is a benefit: before that,
            # answering it changes nothing, and a wage is not asked for without need.
            weigh((*ev.unknown_fields, *ev.presumed), ev.money.value)
        else:
            nm = _near_miss(ev)
            if nm is not None:
                near.append(nm)

    kept, choices = _resolve_exclusivity(benefits, evals, cat)
    beneficiary_order = {"individual": 0, "employer": 1, "institution": 2}
    kept.sort(key=lambda b: (beneficiary_order[b.beneficiary], -b.value))
    near.sort(key=lambda n: -n.value)
    pending.sort(key=lambda p: -p.value)

    warnings.extend(_document_warnings(docs_seen.values(), as_of, bool(kept or pending)))
    for title in profile.unknown_honors:
        warnings.append(f"荣誉称号「{title}」不在现有文件列举的范围内，未计入")
    return EligibilityResult(
        as_of=as_of,
        region=profile.region,
        benefits=tuple(kept),
        near_misses=tuple(near),
        unknown=_order_unknown(weights),
        pending=tuple(pending),
        proposed=tuple(proposed),
        programmes=tuple(programmes),
        exclusivity=tuple(choices),
        warnings=tuple(dict.fromkeys(warnings)),
    )


def _document_warnings(docs: Iterable[DocumentInfo], as_of: date, any_result: bool) -> list[str]:
    out: list[str] = []
    docs = list(docs)
    for doc in docs:
        if doc.status == "draft":
            out.append(
                f"{doc.citation}是征求意见稿，尚未施行：其中的措施只作为“拟出台”列出，不能据此申领"
            )
            continue
        if doc.issued_on is None and doc.issued_note:
            out.append(f"{doc.citation}：{doc.issued_note}")
        passed = _horizon_passed(doc, as_of)
        if passed and any_result:
            out.append(f"{doc.citation}：{passed}")
    if docs and all(d.status == "draft" for d in docs):
        out.insert(0, "本地区目前只有征求意见稿，没有已施行的技能人才政策文件")
    return out


def next_questions(profile: Profile, catalogue: Catalogue | None = None) -> list[str]:
    """The profile fields worth asking next, most money first (= ``evaluate(...).unknown``)."""
    return list(evaluate(profile, catalogue).unknown)
