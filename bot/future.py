"""A grade the worker may get later, asked right after an answer about a grade award
(「那明年考下技师呢」「以后要是考了高级技师呢」「等我拿到技师证呢」「再考个高级技师能拿多少」):
the level and when, so the dialogue answers that level from the same clause and, where the
clause pays for a grade got 当年 (洪办发〔2021〕10号 三（三）4: 「当年获得高级技师、技师、高级工
职业资格或职业技能等级的分别奖励…」), says which year it would count in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .context import level_spans
from .intents import bare

# when: a later time (明年, 以后, 过两年 …) or a supposition (要是, 等我 …)
_WHEN = re.compile(
    r"明年|后年|下一年|来年|今年年底|年底|年后|下半年|以后|将来|往后|过两年|过几年|过一阵|回头"
)
_SUPPOSE = re.compile(
    r"^(?:那|那么|那要是|那如果)?(?:要是|如果|假如|假设|万一|等|等到|等我|等俺|再)"
)
# getting the grade: 考下, 考上, 考了, 考个, 考到, 拿到, 评上, 取得 …
_GET = re.compile(
    r"(?:再|又|也)?(?:考下|考上|考了|考个|考到|考出|考过|考取|拿到|拿下|拿了|拿个|评上|评了|取得|获得|升到|升成|晋升为?|升为|考)(?:了|个|到)?"
)
_FILLER = re.compile(
    r"那么|那|要是|如果|假如|假设|万一|等到|等我|等俺|等|我|俺|再|又|也|还|的话|证书|证|资格"
    r"|能拿多少|能领多少|能奖多少|能有多少|有多少|给多少|奖多少|拿多少|多少钱|多少|能拿|能领|有没有|有吗"
    r"|呢|吧|啊|呀|咋样|怎么样|如何|会怎样|了|的|钱|奖励|补贴"
)


@dataclass(frozen=True)
class FutureLevel:
    """A level the worker supposes getting later: ``level`` canonical (技师); ``when`` the
    time word said (明年, 以后 …), or "" when only supposed (「等我拿到技师证呢」)."""

    level: str
    when: str


def future_level(text: str) -> FutureLevel | None:
    """The level a short follow-up supposes the worker gets later, or None when the message
    says anything else (a place, a fact of their own, another question)."""
    b = bare(text)
    if len(b) > 20:
        return None
    spans = level_spans(b)
    if len(spans) != 1:
        return None
    when = _WHEN.search(b)
    get = _GET.search(b)
    if get is None or (when is None and _SUPPOSE.search(b) is None):
        return None
    start, end, level = spans[0]
    rest = b[:start] + b[end:]
    for m in (when, get):
        if m is not None:
            rest = rest.replace(m.group(0), "", 1)
    if _FILLER.sub("", rest):
        return None
    return FutureLevel(level, when.group(0) if when else "")


def counted_year(when: str, today: date) -> str | None:
    """The year a grade got ``when`` counts in, as a reply says it (明年 → 「明年（2027年）」,
    年底 → 「今年（2026年）」), or None for an open time (以后, 等我拿到 …)."""
    offsets = {"明年": 1, "下一年": 1, "来年": 1, "后年": 2, "今年年底": 0, "年底": 0, "下半年": 0}
    if when not in offsets:
        return None
    year = today.year + offsets[when]
    return f"{when}（{year}年）" if offsets[when] else f"今年（{year}年）"
