"""The worker's own case in a question, and the amount a clause gives that case.

Policy sentences list several cases and their amounts in parallel:
「对…高级技师、技师、高级工…分别给予15000元、10000元、5000元一次性补贴」,
「获得一、二、三等奖的选手，分别给予5000元、3000元、2000元奖励」,
「按高级技师5000元/人、技师3500元/人、高级工2000元/人的标准」.
When the question names one case (「技师」, 「三级工」, 「二等奖」, 「江淮杰出工匠」) the answer
leads with that case's amount.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from policy_kb.skill_levels import GRADES as GRADES
from policy_kb.skill_levels import SKILL_LEVELS as LADDER

# Longest first, so 高级技师 is not read as 技师 (the one ladder: policy_kb/skill_levels.py).
SKILL_LEVELS: tuple[str, ...] = tuple(
    sorted((level for level in LADDER if level != "无"), key=len, reverse=True)
)
RANKS: dict[str, str] = {
    "一等奖": "一",
    "二等奖": "二",
    "三等奖": "三",
    "第一名": "一",
    "第二名": "二",
    "第三名": "三",
    "冠军": "一",
    "亚军": "二",
    "季军": "三",
}

_LEVEL_RE = re.compile("|".join(SKILL_LEVELS))
_GRADE_RE = re.compile(r"([一二三四五1-5])级(?:工|证|职业技能等级)?")
_DIGIT_GRADE = {"1": "一", "2": "二", "3": "三", "4": "四", "5": "五"}
_NUM = r"(\d+(?:\.\d+)?)(万元|万|元)?"
_AMOUNT_LIST = re.compile(_NUM + r"(?:/人(?:/年)?)?(?:[、和及]" + _NUM + r"(?:/人(?:/年)?)?)+")
_INLINE_PAIR = re.compile(
    "(" + "|".join(SKILL_LEVELS) + r")" + r"(\d+(?:\.\d+)?)(万元|万|元)(/人(?:/年)?)?"
)
_RANK_LIST = re.compile(r"([一二三])、([一二三])(?:、([一二三]))?等奖")
_QUOTED = re.compile(r"“([^”]{2,16})”")
# The tier of a body, a contest or a studio: 国家级、省级、市级 …
_TIER_RE = re.compile(r"世界级|国家级|省级|市级|区级|县级")


@dataclass(frozen=True)
class Case:
    """What the question says about the worker: a skill level, a prize rank, or a title."""

    kind: str  # "level" | "rank" | "title" | "tier"
    value: str  # 技师 / 二 / 江淮杰出工匠


def cases_in_question(question: str, titles: tuple[str, ...] = ()) -> list[Case]:
    """The worker's cases named in ``question``: skill levels (grades 三级 → 高级工 included),
    prize ranks and any of ``titles`` (honour titles found in the answering sentence)."""
    found: list[Case] = []
    for m in _LEVEL_RE.finditer(question):
        found.append(Case("level", m.group(0)))
    for m in _GRADE_RE.finditer(question):
        found.append(Case("level", GRADES[_DIGIT_GRADE.get(m.group(1), m.group(1)) + "级"]))
    for word, rank in RANKS.items():
        if word in question:
            found.append(Case("rank", rank))
    for title in titles:
        if title in question:
            found.append(Case("title", title))
    for m in _TIER_RE.finditer(question):
        found.append(Case("tier", m.group(0)))
    return found


def _amount_text(number: str, unit: str) -> str:
    """The amount as the document writes it (15万元, 10000元): workers recognise the text."""
    return number + ("万元" if unit.startswith("万") else "元")


def case_amounts(sentence: str) -> dict[Case, str]:
    """Map each case a policy sentence lists to the amount it gives, as display text
    (``{Case("level","技师"): "10000元"}``); empty when the sentence lists no parallel amounts."""
    return dict(_case_amounts(sentence))


# The documents' sentences are few and read again at every answer quoting them: what each lists
# is kept for the last few thousand (a copy is handed out).
@functools.lru_cache(maxsize=4096)
def _case_amounts(sentence: str) -> dict[Case, str]:
    out: dict[Case, str] = {}
    for m in _INLINE_PAIR.finditer(sentence):
        out[Case("level", m.group(1))] = _amount_text(m.group(2), m.group(3)) + (m.group(4) or "")
    if out:
        return out
    pos = sentence.find("分别")
    if pos < 0:
        return out
    tail = sentence[pos:]
    am = _AMOUNT_LIST.search(tail)
    if am is None:
        return out
    raw = re.findall(_NUM, am.group(0))
    last_unit = next((u for _, u in reversed(raw) if u), "元")
    amounts = [_amount_text(n, u or last_unit) for n, u in raw]
    head = sentence[:pos] + tail[: am.start()]
    # tiers (国家级、省级) are read after the last amount before 分别: 「对市级…每个给予8万元
    # 补助，对入选国家级、省级…的，再分别给予20万、10万元」
    amounts_before = list(re.finditer(r"\d+(?:\.\d+)?万?元", head))
    local = head[amounts_before[-1].end() :] if amounts_before else head
    candidates: list[list[Case]] = [
        [Case("level", lv) for lv in _LEVEL_RE.findall(head)],
        [Case("rank", r) for r in (_RANK_LIST.search(head) or _EMPTY).groups() if r],
        [Case("title", t) for t in _QUOTED.findall(head)],
        [Case("tier", t) for t in _TIER_RE.findall(local)],
    ]
    for items in candidates:
        if len(items) == len(amounts):
            return dict(zip(items, amounts, strict=True))
    return out


class _Empty:
    def groups(self) -> tuple[str, ...]:
        return ()


_EMPTY = _Empty()


def titles_in(sentence: str) -> tuple[str, ...]:
    """Quoted titles in a sentence (“全国技术能手”), the honours a question may name."""
    return tuple(_QUOTED.findall(sentence))


_NAMED_AMOUNT = re.compile(
    r"(\d+(?:\.\d+)?)(万元|元)(?:的)?((?:一次性)?([^，。、；和及\d]{1,6}?)(?:补贴|奖励|补助|资助|津贴))"
)


def named_amounts(sentence: str) -> dict[str, str]:
    """Amounts a sentence gives to named kinds of support: 「给予10000元的一次性生活补贴和20000元
    住房补贴」 → {"生活": "10000元一次性生活补贴", "住房": "20000元住房补贴"}, keyed by the
    word a question would use (住房, 生活)."""
    return dict(_named_amounts(sentence))


@functools.lru_cache(maxsize=4096)
def _named_amounts(sentence: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _NAMED_AMOUNT.finditer(sentence):
        key = m.group(4).removeprefix("一次性")
        if key:
            out[key] = f"{m.group(3)}：{m.group(1)}{m.group(2)}"
    return out
