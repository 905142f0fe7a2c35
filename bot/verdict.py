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


# -- a condition asked about is not a fact stated ---------------------------------------------

# Words asking whether a condition holds or what it is: 「是不是要…」「要…吗」「需要…吗」「至少…吗」
# 「得干满…」. 要 is one unless it supposes (要是) or names a demand (要求, itself one); 得 unless it
# is got (获得, 拿得到, 得了, 得奖).
_ASKS_CONDITION = re.compile(
    r"是不是|是否|要不要|需不需要|用不用|得不得|有没有|有无|需要|要求|必须|至少|起码|最少|最低|非得|一定要"
    r"|(?<![只还])要(?!是|求)|(?<![获取记觉值懂拿领认晓使赢])得(?![到了奖])"
)
# A part is a question when it ends asking or holds an asking word.
_ASKING = re.compile(
    r"[吗么嘛？?]\s*$|有没有|有无|是不是|要不要|需不需要|用不用|得不得|是否|多久|几年|几个月|多长"
)
# 「…够吗」「…行不行」 of a length said of no one: asks whether it would do
_ENOUGH = re.compile(r"(?:够|行|可以|符合)(?:吗|么|嘛|不)[？?]?$|够不够|行不行")
_OWN = re.compile(r"我|俺|本人|自己|咱")
# a fact denied: 还没…, 没有…, 不是…, 尚未…
_NEGATES = re.compile(
    r"还没|没有|没能|没[拿考评取交缴签满够到]|未[取拿满交缴签]|尚未|不是|并非|还不是|不算"
)
# a part and the punctuation ending it (「？」 tells it asks)
_PART_WITH_END = re.compile(r"([^，,。；;！!？?\s]+)([，,。；;！!？?\s]*)")


def stated_text(text: str) -> str:
    """``text`` without what it asks about a condition: each part (between punctuation) that
    asks (「吗」「是不是」…) loses everything from its first word asking a condition
    (「是不是要」「要…吗」「需要」「至少」) on. 「我干了两年，是不是要满3年」 → 「我干了两年」;
    「合同要签至少1年吗」 → 「合同」; 「我干了两年能领吗」 is kept (it asks for the money, not a
    condition). A part denying a fact (「还没拿到高级工证」) is dropped too. Facts read from the
    result are the ones the worker stated of the case."""
    kept: list[str] = []
    for m in _PART_WITH_END.finditer(text):
        part, end = m.group(1), m.group(2)
        ask = _ASKS_CONDITION.search(part)
        if ask is not None and _ASKING.search(part + end.strip()):
            part = part[: ask.start()]
        elif _ENOUGH.search(part) and not _OWN.search(part):
            part = ""  # 「合同签1年够吗」: whether such a length would do, of no one's case
        elif _NEGATES.search(part.replace("有没有", "").replace("是不是", "")):
            # 「还没拿到高级工证」「社保还没交满半年」「我不是民营企业的」: a fact denied is no
            # fact stated (read as if said, it would be judged met)
            part = ""
        if part:
            kept.append(part)
    return "，".join(kept)


def asked_conditions(rule_id: str | None, asked: dict[str, Any]) -> list[str]:
    """Lines answering a condition asked about (``asked``: the facts the asking words name,
    ``CASE_FIELDS`` only) with what the rule sets: 「👉 本条要求：在同一企业连续工作3年以上（含3年）」;
    nothing for a field the rule does not test."""
    rule = rule_of(rule_id)
    if rule is None:
        return []
    out: list[str] = []
    for cond in _flat(rule.conditions):
        if cond.field in asked and cond.field in CASE_FIELDS:
            line = f"👉 本条要求：{_required(cond)}"
            if line not in out:
                out.append(line)
    return out


# Lengths a worker may say of their work, and what each is not: years in the job are not years
# of insurance paid, nor a contract's term.
_LENGTHS = ("tenure_years", "insurance_months", "contract_years")


def other_length(
    rule_id: str | None, facts: dict[str, Any], said: tuple[str, ...] | None = None
) -> list[str]:
    """For a length the rule does not test while it tests another (「干了4年」 against 缴纳社会保险
    满3年): which fact the rule needs, what the said length would mean for it, and that fact
    asked. 「ℹ️ 本条看的不是连续工作年限，而是“按规定缴纳社会保险满3年（36个月）”。你说的是4年：
    要是这些年社保一直在交，就满足；社保交了多久？」. Empty when the rule tests the length said or
    none. ``said``: the lengths to speak of (default: all of ``facts``); the others are known
    (a length the rule tests already told says nothing more)."""
    rule = rule_of(rule_id)
    if rule is None:
        return []
    # 「已签订劳动合同」 sets no length to reach: a length said is no stand-in for it
    # a length worth mistaking for one's years at work: insurance of a year or more, a contract
    # of a year or more (「依法参加社会保险」, at least a month, is being insured, not a length)
    tested = {
        c.field: c
        for c in _thresholds(rule_id)
        if isinstance(c.value, int | float)
        and c.value >= (12 if c.field == "insurance_months" else 1)
    }
    # only years at work are mistaken so: 「干了4年」 said of a rule on years of insurance
    names = [n for n in (said if said is not None else tuple(facts)) if n == "tenure_years"]
    if any(c.field in names for c in _flat(rule.conditions) if c.field in _LENGTHS):
        return []  # the length said is one the rule tests: its verdict speaks
    out: list[str] = []
    for name in names:
        if name not in facts:
            continue
        for other, cond in tested.items():
            if other in facts:
                continue  # that one was said too: its own verdict speaks
            length = value_text(name, facts[name])
            label = FIELD_LABELS.get(name, name)
            need = FIELD_LABELS.get(other, other)
            met = _would_meet(name, facts[name], cond)
            if met is True:
                hint = f"要是这{length}里{_over(other)}，就满足这一条"
            elif met is False:
                hint = f"就算这{length}里{_over(other)}，也还不够"
            else:
                hint = "两者不是一回事"
            out.append(
                f"ℹ️ 本条看的不是{label}，而是“{_required(cond)}”。你说的{label}是{length}：{hint}；"
                f"你的{need}是多少？"
            )
    return out


def _over(field: str) -> str:
    return {"insurance_months": "社保一直在交", "contract_years": "劳动合同一直签着"}.get(
        field, "一直在同一企业"
    )


def _would_meet(name: str, value: Any, cond: Condition) -> bool | None:
    """Whether ``value`` of ``name`` (a length) would meet ``cond`` on another length were it
    all of that other kind: years as 12 months each for insurance."""
    if not isinstance(value, int | float):
        return None
    if cond.field == "insurance_months":
        as_other: float = value * 12 if name != "insurance_months" else value
    else:
        as_other = value / 12 if name == "insurance_months" else value
    return condition_met(cond, as_other)


def conditions_left(rule_id: str | None, facts: dict[str, Any]) -> list[str]:
    """The rule's conditions, in words, on facts ``facts`` does not hold (「民营企业职工」
    「在同一企业连续工作3年以上（含3年）」), for someone whose case was told only in part; an
    either-of condition by its label."""
    rule = rule_of(rule_id)
    if rule is None:
        return []
    out: list[str] = []
    for c in rule.conditions:
        if isinstance(c, AnyOf):
            if c.label and c.label not in out and not set(c.fields()) & set(facts):
                out.append(c.label)
            continue
        if c.field in facts:
            continue
        words = _required(c)
        if words not in out:
            out.append(words)
    return out


# 「…够不够」「…够吗」「…符合吗」「…行不行」 ending a message: whether what it says would do
_ENOUGH_END = re.compile(
    r"(?:够|行|可以|符合|满足|达标)了?(?:要求|条件)?了?(?:吗|么|嘛|不|没)[？?]?$|够不够|行不行|符不符合|满不满足"
)


def asks_enough(text: str) -> bool:
    """Whether ``text`` ends asking whether what it says is enough (「我交了4个月，合同签了2年，
    够不够」「社保交了8个月够吗」)."""
    parts = [m.group(1) for m in _PART_WITH_END.finditer(text)]
    return bool(parts) and bool(_ENOUGH_END.search(parts[-1]))


def enough_parts(text: str) -> tuple[list[str], str]:
    """``text``'s parts before the last, and the last (the one asking whether it is enough)."""
    parts = [m.group(1) for m in _PART_WITH_END.finditer(text)]
    return parts[:-1], parts[-1] if parts else ""


def without_enough(text: str) -> str | None:
    """``text`` without the ask ending it whether that is enough (「8个月够吗」 → 「8个月」), or
    None when it asks no such thing or nothing is left."""
    if not asks_enough(text):
        return None
    rest = _ENOUGH_END.sub("", text.strip(" ？?。！!")).strip(" ，,。")
    return rest or None


def enough_lines(field: str, value: Any, rule_ids: list[str], limit: int = 4) -> list[str]:
    """A questionnaire answer set against the lines of the rules still in play (``rule_ids``:
    the result's benefits, pending and near misses), one line per place and requirement, its
    clauses together: 「✅ 够：洪泽 三（三）1、三（三）2 要求社保缴纳月数6个月以上」, 「❌ 不够：
    叶集 四 要求…（你的是8个月）」. Either-of conditions and conditions the value cannot be
    compared with say nothing; at most ``limit`` lines, those falling short first."""
    found: dict[tuple[bool, str, str], list[str]] = {}
    for rule_id in dict.fromkeys(rule_ids):
        rule = rule_of(rule_id)
        if rule is None:
            continue
        for cond in _flat(rule.conditions):
            met = condition_met(cond, value) if cond.field == field else None
            if met is None:
                continue
            where = rule.doc.regions[0].removesuffix("区") if rule.doc.regions else ""
            clauses = found.setdefault((met, where, _required(cond)), [])
            if rule.clause not in clauses:
                clauses.append(rule.clause)
    said = value_text(field, value)
    lines = [
        ("✅ 够：" if met else "❌ 不够：")
        + f"{where} {'、'.join(clauses)} 要求{required}"
        + ("" if met else f"（你的是{said}）")
        for (met, where, required), clauses in sorted(found.items(), key=lambda kv: kv[0][0])
    ]
    return lines[:limit]
