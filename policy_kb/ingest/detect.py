"""Metadata a document prints about itself, read from its text for staff to check.

``detect_metadata(text)`` proposes the sidecar fields (``policy_kb.ingest.metadata``): title,
文号, issuer, issue date, regions, status, target horizon. What the text does not print stays
None (unknown), never guessed: staff correct or fill it in the preview before publishing.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from policy_kb.places import region_for_place, resolve_places
from policy_kb.regions import canonical_region

__all__ = ["detect_metadata", "parse_chinese_date"]

_WENHAO = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*\d{1,4}\s*号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(
    r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_ISSUER_END = re.compile(
    r"(?:人民政府|政府办公室|办公室|委员会|局|厅|部|委|中心|管委会|管理委员会|总工会|人民政府办公厅)$"
)
_TITLE_WORDS = re.compile(r"(?:方案|办法|意见|通知|细则|规定|计划|措施|政策|决定|条例|若干)")
_CLAUSE_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+条)"
)
_HORIZON_RANGE = re.compile(r"[（(]?\s*(20\d{2})\s*[-—–－~～至到]\s*(20\d{2})\s*年?\s*[）)]?")
_HORIZON_TO = re.compile(r"(?:到|至|截至)\s*(20\d{2})\s*年(?:底|末)?")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[:：]?$")
_PLAN = re.compile(r"十[四五六]五")
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGIT.update({"六": 6, "七": 7, "八": 8, "九": 9})


def _cn_small(text: str) -> int:
    """一..三十一 as a number."""
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def parse_chinese_date(text: str) -> date | None:
    """The first date written ``2021年2月5日`` or ``二〇二一年二月五日`` in ``text``, or None."""
    m = _DATE.search(text)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _CN_DATE.search(text)
        if m:
            year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
            return date(year, _cn_small(m.group(2)), _cn_small(m.group(3)))
    except (ValueError, KeyError):
        return None
    return None


def _lines(text: str) -> list[str]:
    return [ln.strip().lstrip("#").strip() for ln in text.splitlines() if ln.strip()]


def _front(lines: list[str]) -> list[str]:
    """The lines before the first numbered clause (issuer, 文号, title, addressees)."""
    out = []
    for ln in lines:
        if _CLAUSE_START.match(ln):
            break
        out.append(ln)
    return out[:15]


def _title(front: list[str]) -> str | None:
    for ln in front:
        if len(ln) > 60 or ln.endswith(("：", ":", "。")) or _WENHAO.fullmatch(ln):
            continue
        if _TITLE_WORDS.search(ln) and len(ln) >= 6:
            return ln.removeprefix("（征求意见稿）").strip()
    return None


def _issuer(front: list[str], back: list[str], wenhao_line: str | None) -> str | None:
    for ln in front:
        if ln == wenhao_line:
            break
        if _ISSUER_END.search(ln) and len(ln) <= 40 and not _TITLE_WORDS.search(ln):
            return ln.removesuffix("文件").strip()
    for ln in back:
        if _ISSUER_END.search(ln) and len(ln) <= 40:
            return ln
    return None


def _regions(title: str | None, issuer: str | None) -> list[str]:
    """The district the title or issuer names: a covered region, or a county-level place or
    city of China (a new district) named the way ``policy_kb.places`` resolves it."""

    for source in (issuer, title):
        if not source:
            continue
        mentions = resolve_places(source)
        for m in reversed(mentions):  # 江苏省淮安市盱眙县人民政府: the innermost place
            if m.level not in ("city", "county"):
                continue
            known = canonical_region(m.name)
            if known:
                return [known]
            region = region_for_place(m.text) or region_for_place(m.name)
            if region is not None:
                return [region.name]
    return []


def _horizon(title: str | None, text: str) -> tuple[str | None, date | None]:
    for source in (title or "", text[:3000]):
        m = _HORIZON_RANGE.search(source)
        if m and int(m.group(1)) <= int(m.group(2)):
            return f"{m.group(1)}—{m.group(2)}年", date(int(m.group(2)), 12, 31)
    m = _HORIZON_TO.search(text[:3000])
    if m:
        return f"至{m.group(1)}年", date(int(m.group(1)), 12, 31)
    m = _PLAN.search(title or "")
    if m:
        return f"“{m.group(0)}”期间", None
    return None, None


def detect_metadata(text: str) -> dict[str, Any]:
    """Proposed sidecar fields for ``text`` (a whole document as ``read_upload`` gives it).

    Returns a mapping with ``title``, ``wenhao``, ``issuer``, ``issued_on`` (date),
    ``regions`` (list of canonical region names, maybe empty), ``status`` (``draft`` when the
    text says 征求意见稿, else ``in_force``), ``horizon``, ``horizon_end`` (date); a fact the
    text does not print is None. Never raises on odd text.
    """
    lines = _lines(text)
    front = _front(lines)
    # The signature and date close the body, before any attachment (附件 on a line).
    body_end = next((i for i, ln in enumerate(lines) if _ATTACHMENT.match(ln)), len(lines))
    back = lines[:body_end][-8:]
    wenhao_line = next((ln for ln in front if _WENHAO.search(ln)), None)
    wenhao_match = _WENHAO.search(wenhao_line) if wenhao_line else None
    wenhao = re.sub(r"\s+", "", wenhao_match.group(0)) if wenhao_match else None
    title = _title(front)
    issuer = _issuer(front, back, wenhao_line)
    issued_on = None
    for ln in reversed(back):
        if len(ln) <= 20:
            issued_on = parse_chinese_date(ln)
            if issued_on:
                break
    horizon, horizon_end = _horizon(title, text)
    return {
        "title": title,
        "wenhao": wenhao,
        "issuer": issuer,
        "issued_on": issued_on,
        "regions": _regions(title, issuer),
        "status": "draft" if "征求意见稿" in text[:2000] else "in_force",
        "horizon": horizon,
        "horizon_end": horizon_end,
    }
