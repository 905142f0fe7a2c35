"""Two or three questions in one message (「学徒制补贴多少，要交啥材料」「技师能拿多少？高级工呢」).

Each is answered, in order, in one reply: a worker who typed both wants both, and a numbered
choice would cost them another message for what they already asked. The second may lean on
the first (「高级工呢」, 「要交啥材料」), so the questions are handled one after another as if sent
one by one. To keep the reply phone-sized, each answer is cut to its lead, its sentence and its
citation on the first page; the full answers (clause text, related clauses) come on 「更多」.

A message is split only where each later part is a question of its own or a known follow-up
(a level or place swap, a 申兑指南 question, a new subject with 呢): 「能不能领，领多少」 is one
question; 「我在洪泽，技师补多少」 tells a place and asks once."""

from __future__ import annotations

import re

from bot.context import asks_where_to_apply, ellipsis_in, swap_in
from bot.guide import guide_asked
from bot.intents import bare

MAX_QUESTIONS = 3
# A part that asks something.
_ASKS = re.compile(
    r"多少|多钱|啥|什么|哪|吗|么|几|怎么|咋|能不能|有没有|可不可以|是否|要不要|多久|多长|呢$|不$"
)
# 「1.技师奖励多少 2.去哪领」「(1)…」「①…」: the worker's own numbering of their questions
_NUMBERING = re.compile(r"(?:(?:^|(?<=[\s，,；;？?。]))[(（]?[1-9][)）.、．]|[①②③④⑤])\s*")
# A part carrying on the question before it rather than asking a new one.
_GOES_ON = re.compile(
    r"^(?:有的话|如果有的?话?|要是有的?话?|真有的话|能的话|可以的话|能领的话|行的话)"
    # 「加班费怎么算，是双倍吗」: the worker's own guess at the answer, asked to be confirmed
    r"|^(?:是不是|是)(?!.*还是).{1,12}(?:吗|么|嘛|不)$"
)
# A part of a story whose asking word asks nothing: said of a negation (「啥学历也没有」
# 「什么都没拿到」) or of what the worker does not know (「不知道啥时候发」「也说不清楚」).
_TELLS = re.compile(
    r"(?:啥|什么|哪|谁)(?:\w{0,4}?)(?:也|都)(?:没|不)"
    # 「前几天」「这几年」「好几个月」: a time told, not asked
    r"|(?:前|这|那|好|十)几(?:天|年|个月|月|次|回)"
)
# (what the worker does not know is asked when it ends the message: 「…，不知道去哪领」)
_UNKNOWN = re.compile(r"不知道|不晓得|不清楚|说不清|搞不清|弄不清|没搞懂|不懂|不明白")
_SPLIT = re.compile(r"[？?！!。；;，,\s]+")
# A later part this long asks about something of its own.
MIN_OWN_CHARS = 6
MIN_FIRST_CHARS = 4


def _stands_alone(part: str) -> bool:
    b = bare(part)
    return (
        swap_in(part) is not None
        or guide_asked(part) is not None
        or asks_where_to_apply(part)
        or ellipsis_in(part) is not None
        or len(b) >= MIN_OWN_CHARS
    )


def questions_in(text: str) -> list[str]:
    """The questions of a message asking two or three things, in order, each with the words
    before it that ask nothing (「我是技师，在洪泽」) kept in front of it; [] for a message that
    asks one thing (or more than three, or whose parts do not stand alone)."""
    text = _NUMBERING.sub("，", text.strip())
    if not re.search(r"[？?，,；;。\s]", text.strip("，")):
        return []
    groups: list[str] = []
    waiting = ""
    parts = [p.strip() for p in _SPLIT.split(text) if p.strip()]
    for at, part in enumerate(parts):
        # a time or a negation told (「前几天」「啥也没有」) asks nothing, but the rest of the
        # part still may: 「前几天考了证能拿多少钱」 asks
        asks = _ASKS.search(_TELLS.sub("", bare(part)))
        told = at < len(parts) - 1 and _UNKNOWN.search(part)
        if groups and _GOES_ON.match(part):
            # 「有吗？有的话多少钱」: the same question going on
            groups[-1] += "，" + waiting + part
            waiting = ""
        elif asks and not told:
            groups.append(waiting + part)
            waiting = ""
        else:
            waiting += part + "，"
    if waiting and groups:
        groups[-1] += "，" + waiting.rstrip("，")
    if not 2 <= len(groups) <= MAX_QUESTIONS:
        return []
    if len(bare(groups[0])) < MIN_FIRST_CHARS:
        return []
    if not all(_stands_alone(g) for g in groups[1:]):
        return []
    return groups


_RELATED = "相关条款："


def condensed(text: str) -> str:
    """An answer's first page without its related clauses and its 「更多」 hint: the lead, the
    sentence, the citation, the warnings and notes."""
    lines: list[str] = []
    for line in text.split("\n"):
        if line.startswith(_RELATED):
            break
        if line.startswith("（回复「更多」"):
            continue
        lines.append(line)
    return "\n".join(lines).strip()
