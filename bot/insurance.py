"""社保 stopped for a while after years paid: 「社保断了3个月，之前交了5年」「中间停缴了半年，前面
缴过两年」. Two facts: the gap, and the total paid before it. The total is the worker's months
of insurance, the fact the documents' conditions test (洪泽 洪办发〔2021〕10号 三（三）1、2:
缴纳6个月以上社会保险; 叶集 《关于推进技工强区建设的实施意见》 四: 按规定缴纳社会保险满3年,
三: 依法参加社会保险); the gap is no length of insurance, and no document says whether a gap
breaks the count, so the reply says that much and who to ask.

Read here before anything else reads the message: left as typed, the gap reads as the months
paid (or neither is read) and the words 断/停 pull in clauses about something else.

Pure: reads text only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.parsing import parse_months

_INSURANCE = r"(?:社保|社会保险|五险一金|五险)"
_LENGTH = r"(?:[0-9０-９一二两三四五六七八九十几半]+(?:个多?|多个?)?(?:月|年)|半年|大半年|一年多)"
# the gap: 社保断了3个月, 中间停缴了半年, 断缴两个月, 社保有4个月没交. A word of stopping that
# says nothing of paying (断了, 停了, 中断) is a gap of 社保 only when 社保 is said with it: 「厂里
# 停了两个月」 stopped the factory; one of paying (停缴, 断交, 没交) is, unless it is 公积金's.
_STOPPED = r"(?:断了|停了|中断了?|断档了?)"
_UNPAID = r"(?:断缴了?|停缴了?|断交了?|停交了?)"
_GAP = re.compile(
    rf"{_INSURANCE}[^，,。；;！!？?]{{0,4}}?(?:中间|中途|期间)?(?:{_STOPPED}|{_UNPAID})(?P<gap>{_LENGTH})"
    rf"|(?<!公积金)(?:中间|中途|期间)?{_UNPAID}(?P<gap3>{_LENGTH})"
    rf"|{_INSURANCE}(?:中间|中途)?有(?P<gap2>{_LENGTH})(?:没交|没缴|没有交|没有缴|断了|停了)"
    rf"|(?<!公积金)(?:中间|中途)有(?P<gap4>{_LENGTH})(?:没交|没缴|没有交|没有缴)"
)
# a stop said with no subject of its own (「…，中间断了两个月」): 社保's when the message says 社保
_BARE_STOP = re.compile(
    rf"(?:^|(?<=[，,。；;！!？?\s]))(?:中间|中途|期间|后来|然后)?{_STOPPED}(?P<gap>{_LENGTH})"
)
# the total before it: 之前交了5年, 以前缴过两年, 前面连续交了4年, 原来社保交了八年
_BEFORE = re.compile(
    rf"(?:之前|以前|前面|先前|原来|此前|断之前|停之前)(?:{_INSURANCE})?(?:一共|总共|连续|一直)?"
    rf"(?:交|缴|缴纳|交纳|参保)(?:了|过)?(?:{_INSURANCE})?(?P<before>{_LENGTH})"
)


@dataclass(frozen=True)
class InsuranceGap:
    """A gap in paying 社保 after a total paid: ``gap`` and ``before`` in months; ``text`` the
    message with the two told as the one fact the documents test (社保交了N个月)."""

    gap: int
    before: int
    text: str


def _months(length: str) -> int | None:
    months = parse_months(length)
    return months if isinstance(months, int) and months > 0 else None


def insurance_gap(text: str) -> InsuranceGap | None:
    """The gap and the total before it that ``text`` tells of the worker's 社保 (both said), or
    None. 「社保断了3个月，之前交了5年，还能申请吗」 → gap 3, before 60, text 「社保交了60个月，
    还能申请吗」."""
    gap = _GAP.search(text)
    if gap is None and re.search(_INSURANCE, text):
        gap = _BARE_STOP.search(text)
    before = _BEFORE.search(text)
    if gap is None or before is None:
        return None
    gap_months = _months(next((g for g in gap.groupdict().values() if g), ""))
    before_months = _months(before.group("before"))
    if gap_months is None or before_months is None:
        return None
    told = f"社保交了{before_months}个月"
    spans = sorted([gap.span(), before.span()])
    first, second = spans
    if first[1] > second[0]:
        return None
    out = text[: first[0]] + told + text[first[1] : second[0]] + text[second[1] :]
    out = re.sub(r"[，,]\s*[，,]", "，", out).strip("，, ")
    return InsuranceGap(gap_months, before_months, out)


def gap_note(gap: InsuranceGap) -> str:
    """What the reply says of the gap: the total is what was judged; whether the gap counts,
    no document says."""
    return (
        f"ℹ️ 按你之前交的{_said(gap.before)}社保算；中间断的{_said(gap.gap)}算不算、要不要补缴，"
        "文件没有写，请向当地人社部门确认。"
    )


def _said(months: int) -> str:
    if months % 12 == 0:
        return f"{months // 12}年"
    return "半年" if months == 6 else f"{months}个月"
