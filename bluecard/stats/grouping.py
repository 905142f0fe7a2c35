"""Grouping workers' unanswered questions worded alike (pure: no database, no Flask).

Questions are compared by their character bigrams (``policy_kb.search.phrasings``: Dice
coefficient, openings such as 请问 and the 「[已隐去]」 marker of removed personal data left
out). Identical wordings are counted together first; then, most asked first, each wording joins
the most similar group whose leading wording is at least ``GROUP_THRESHOLD`` similar, or leads
a new group. Wordings similar to a ``known`` question (one staff already attached to a clause
or marked out of scope) join that question's group and are left out of the result, so the
list shrinks as staff work through it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bluecard.privacy import REDACTED
from policy_kb.search.phrasings import GramIndex, question_grams

#: Wordings at least this similar ask the same thing for the statistics: 「怎么申请蓝卡」 and
#: 「蓝卡怎么申请」 (0.67) group; 「公积金怎么提取」 and 「失业金怎么领」 (0.36) do not.
GROUP_THRESHOLD = 0.6
#: Other wordings kept per group, to show staff how else it was asked.
MAX_VARIANTS = 5


@dataclass(frozen=True)
class AskedQuestion:
    """One question as logged (personal data already removed) and when it was asked."""

    question: str
    asked_at: datetime


@dataclass(frozen=True)
class QuestionGroup:
    """Questions asking the same thing. question: the most asked wording (the latest among
    equals); count: how many times any wording was asked; last_asked: the latest time;
    variants: other wordings, most asked first (at most ``MAX_VARIANTS``)."""

    question: str
    count: int
    last_asked: datetime
    variants: tuple[str, ...] = ()


@dataclass
class _Wording:
    text: str
    count: int
    last: datetime


@dataclass
class _Group:
    known: bool
    wordings: list[_Wording] = field(default_factory=list)


def comparable(question: str) -> str:
    """``question`` without the marker of removed personal data (it says nothing about what
    was asked), stripped."""
    return question.replace(REDACTED, " ").strip()


def group_questions(
    asked: Iterable[AskedQuestion],
    *,
    known: Sequence[str] = (),
    threshold: float = GROUP_THRESHOLD,
) -> list[QuestionGroup]:
    """The groups of ``asked`` (see the module docstring), most asked first, then the most
    recently asked. Questions with nothing to compare (empty, only removed digits) are left
    out; so are the groups of ``known`` questions."""
    wordings: dict[str, _Wording] = {}
    for item in asked:
        text = item.question.strip()
        if not comparable(text):
            continue
        seen = wordings.get(text)
        if seen is None:
            wordings[text] = _Wording(text, 1, item.asked_at)
        else:
            seen.count += 1
            seen.last = max(seen.last, item.asked_at)

    grams = GramIndex()
    groups: list[_Group] = []
    for text in known:
        grams.add(question_grams(comparable(text)))
        groups.append(_Group(known=True))
    for wording in sorted(wordings.values(), key=lambda w: (-w.count, -w.last.timestamp())):
        own = question_grams(comparable(wording.text))
        if not own:
            continue
        found = grams.best(own, threshold)
        if found is None:
            grams.add(own)
            groups.append(_Group(known=False, wordings=[wording]))
        else:
            groups[found[0]].wordings.append(wording)

    out = [_result(g.wordings) for g in groups if not g.known and g.wordings]
    out.sort(key=lambda g: (-g.count, -g.last_asked.timestamp()))
    return out


def _result(wordings: list[_Wording]) -> QuestionGroup:
    ordered = sorted(wordings, key=lambda w: (-w.count, -w.last.timestamp()))
    return QuestionGroup(
        question=ordered[0].text,
        count=sum(w.count for w in ordered),
        last_asked=max(w.last for w in ordered),
        variants=tuple(w.text for w in ordered[1 : MAX_VARIANTS + 1]),
    )
