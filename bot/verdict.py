"""The worker's own facts set against the conditions of the clause answering them.

A question or a what-if may state a fact the answering rule tests: years in the same firm
(「我在厂里干了两年」), a contract's length, months of insurance, the employer's type, a skill
level. The answer then says, next to its amount, whether that fact meets the rule's condition
(「❌ 本条要求在同一企业连续工作3年以上（含3年），你说的是2年，还不符合」) rather than showing the
amount as if it applied. Only the catalogue rule the answering sentence grants is read (its
conditions on those fields); a fact the rule does not test says nothing.

Pure: the dialogue passes the rule and the facts; this module compares and words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot import parsing
from bot.aspects import rule_of
from bot.questions import FIELD_LABELS
from bot.whatif import value_text
from policy_kb.eligibility.catalogue import AnyOf, Condition, Rule
from policy_kb.eligibility.engine import condition_met

#: The facts a worker states of their case that a rule may test and a what-if may change.
CASE_FIELDS = ("tenure_years", "contract_years", "insurance_months", "employer_type", "skill_level")

_UNITS = {"tenure_years": "年", "contract_years": "年", "insurance_months": "个月"}
_SHAPES = {
    "at_least": "{v}{u}以上",
    "more_than": "超过{v}{u}",
    "at_most": "{v}{u}以下",
    "less_than": "不到{v}{u}",
}
# 「满3年」「干够两年」「3个月」: a length said with no word naming what it is of.
_BARE_LENGTH = re.compile(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十半]+)个?(年|月)")


# A kind of employer said more broadly than a rule may name it: 国企 may be 区属国有企业.
_NARROWER = {"国有企业": "区属国有企业"}


@dataclass(frozen=True)
class Verdict:
    """One condition of a rule set against what the worker said: ``field``; ``required``: the
    condition in words; ``said``: the worker's value in words; ``met``."""

    field: str
    required: str
    said: str
    met: bool | None
    narrower: str = ""

    def line(self) -> str:
        """The reply's line: 「✅ 你说的…，符合本条…」, 「❌ 本条要求…，你说的…，还不符合」, or
        for a kind said more broadly than the rule names it (国企 of a rule for 区属国有企业)
        「❓ 本条要求…，要是…才符合」."""
        if self.met is None:
            return f"❓ 本条要求{self.required}，你说的{self.said}，要是{self.narrower}才符合"
        if self.met:
            return f"✅ 你说的{self.said}，符合本条“{self.required}”的要求"
        return f"❌ 本条要求{self.required}，你说的{self.said}，还不符合"


def _flat(conds: tuple[Condition | AnyOf, ...]) -> list[Condition]:
    out: list[Condition] = []
    for c in conds:
        if isinstance(c, AnyOf):
            continue  # either of several facts: one said alone decides nothing
        out.append(c)
    return out


def _required(cond: Condition) -> str:
    if cond.label:
        return cond.label
    label = FIELD_LABELS.get(cond.field, cond.field)
    if isinstance(cond.value, list | tuple):
        values = "、".join(str(v) for v in cond.value)
        return f"{label}为{values}" if cond.op == "in" else f"{label}不是{values}"
    shape = _SHAPES.get(cond.op)
    if shape is not None and isinstance(cond.value, int | float):
        return label + shape.format(v=f"{cond.value:g}", u=_UNITS.get(cond.field, ""))
    if shape is not None and cond.field == "skill_level":
        return shape.format(v=cond.value, u="")
    return label


def verdicts(rule: Rule | None, facts: dict[str, Any]) -> list[Verdict]:
    """Each condition of ``rule`` on a fact in ``facts`` (``CASE_FIELDS`` only), in the rule's
    order; a skill level only when it falls short (the amount line already names the level)."""
    if rule is None:
        return []
    out: list[Verdict] = []
    for cond in _flat(rule.conditions):
        if cond.field not in CASE_FIELDS or cond.field not in facts:
            continue
        value = facts[cond.field]
        met = condition_met(cond, value)
        if met is None or (met and cond.field == "skill_level"):
            continue
        label = FIELD_LABELS.get(cond.field, cond.field)
        said = f"{label}是{value_text(cond.field, value)}"
        narrower = _NARROWER.get(str(value), "")
        if (
            not met
            and cond.op == "in"
            and isinstance(cond.value, list | tuple)
            and narrower in cond.value
        ):
            # 「国企」 said, the rule names 区属国有企业: which one it is decides
            out.append(Verdict(cond.field, _required(cond), said, None, narrower))
            continue
        out.append(Verdict(cond.field, _required(cond), said, met))
    return out


def rule_verdicts(rule_id: str | None, facts: dict[str, Any]) -> list[Verdict]:
    """``verdicts`` of the catalogue rule with that id."""
    return verdicts(rule_of(rule_id), facts)


def tested_fields(rule_id: str | None) -> tuple[str, ...]:
    """The ``CASE_FIELDS`` the rule with that id tests, in its order."""
    rule = rule_of(rule_id)
    if rule is None:
        return ()
    return tuple(dict.fromkeys(c.field for c in _flat(rule.conditions) if c.field in CASE_FIELDS))


def _thresholds(rule_id: str | None) -> list[Condition]:
    """The rule's conditions setting a length to reach (not 「已签订」: more than nothing)."""
    rule = rule_of(rule_id)
    if rule is None:
        return []
    return [
        c
        for c in _flat(rule.conditions)
        if c.field in _UNITS
        and c.op in ("at_least", "more_than")
        and isinstance(c.value, int | float)
        and (c.value > 0 or c.op == "at_least")
    ]


def bare_length(text: str, rule_id: str | None) -> dict[str, Any]:
    """A length said without what it is of (「要是满三年了呢」「干够5年的话」) read as the one length
    the rule sets to reach in that unit: years → the one of 同一企业工作年限 / 劳动合同年限 it
    sets (else its insurance when that is set in years: 缴纳社会保险满3年), months → 社保月数.
    Empty when the unit fits none or several."""
    m = _BARE_LENGTH.search(text)
    if m is None:
        return {}
    conds = _thresholds(rule_id)
    if m.group(2) == "年":
        fields = [c.field for c in conds if _UNITS[c.field] == "年"] or [
            c.field for c in conds if c.field == "insurance_months" and "年" in (c.label or "")
        ]
    else:
        fields = [c.field for c in conds if c.field == "insurance_months"]
    fields = list(dict.fromkeys(fields))
    if len(fields) != 1:
        return {}
    try:
        value = (
            parsing.parse_months(m.group(0))
            if fields[0] == "insurance_months"
            else parsing.parse_years(m.group(0))
        )
    except parsing.AnswerError:
        return {}
    return {fields[0]: value} if isinstance(value, int | float) else {}


# What a supposition of a bare length may say besides it: supposing and asking-on words, the
# verbs of having served or paid it (干满, 交够, 已经).
_AROUND_LENGTH = frozenset(
    "要是如果假如假设万一若倘换成做作那么呢吧吗的话了已经都就又也还能可以拿领得到多少钱会怎样咋么样"
    "干做待呆满够工连续交缴签足有"
)


def only_length(text: str) -> bool:
    """True when ``text`` says a length (``bare_length``) and nothing beyond supposing it."""
    m = _BARE_LENGTH.search(text)
    if m is None:
        return False
    rest = text[: m.start()] + text[m.end() :]
    return all(ch in _AROUND_LENGTH or not ch.strip() or ch in "，,。？?！!~～" for ch in rest)
