"""Split long answers into pages that fit one WeChat passive reply (≤ 2048 UTF-8 bytes)."""

from __future__ import annotations

import re

from bot.reply import MAX_REPLY_BYTES

MORE_HINT = "（回复「更多」看下一页）"
_SENTENCE_END = re.compile(r"(?<=[。；！？;!?])")


def utf8_len(text: str) -> int:
    """Length of ``text`` in UTF-8 bytes (what WeChat counts)."""
    return len(text.encode("utf-8"))


def _pieces(line: str, limit: int) -> list[str]:
    """Cut one line into pieces of at most ``limit`` bytes, at sentence ends where possible."""
    if utf8_len(line) <= limit:
        return [line]
    out: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_END.split(line) if s):
        while utf8_len(sentence) > limit:  # one sentence longer than a page: cut by characters
            cut = len(sentence.encode("utf-8")[:limit].decode("utf-8", "ignore"))
            if current:
                out.append(current)
                current = ""
            out.append(sentence[:cut])
            sentence = sentence[cut:]
        if utf8_len(current + sentence) > limit:
            out.append(current)
            current = sentence
        else:
            current += sentence
    if current:
        out.append(current)
    return out


def paginate(text: str, limit: int = MAX_REPLY_BYTES) -> list[str]:
    """Pages of ``text``, each at most ``limit`` UTF-8 bytes including the 「更多」 hint that
    every page but the last ends with. Lines are kept whole where they fit.

    >>> paginate("短答案")
    ['短答案']
    """
    if utf8_len(text) <= limit:
        return [text]
    budget = limit - utf8_len("\n" + MORE_HINT)
    pages: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        for piece in _pieces(line, budget):
            extra = utf8_len(piece) + (1 if current else 0)
            if current and size + extra > budget:
                pages.append("\n".join(current))
                current, size = [], 0
                extra = utf8_len(piece)
            current.append(piece)
            size += extra
    if current:
        pages.append("\n".join(current))
    return [p + "\n" + MORE_HINT for p in pages[:-1]] + [pages[-1]]


def paginate_items(
    first: str, items: list[str], limit: int = MAX_REPLY_BYTES, *, first_hint: str = MORE_HINT
) -> list[str]:
    """Pages for an answer laid out as a first page and items for 「更多」: the first page as
    composed, then the items packed whole, never one split across pages (an item longer than
    a page alone is cut at sentence ends). Every page but the last ends with the 「更多」 hint
    (the first with ``first_hint``, which says what 「更多」 brings).
    """
    budget = limit - max(utf8_len("\n" + MORE_HINT), utf8_len("\n" + first_hint))
    pages: list[str] = []
    pages.extend(paginate(first, budget) if utf8_len(first) > budget else [first])
    pages.extend(_pack(items, budget))
    out = [p.removesuffix("\n" + MORE_HINT) + "\n" + MORE_HINT for p in pages[:-1]] + pages[-1:]
    if len(out) > 1:
        out[0] = out[0].removesuffix("\n" + MORE_HINT) + "\n" + first_hint
    return out


def paginate_packed(items: list[str], limit: int = MAX_REPLY_BYTES) -> list[str]:
    """Pages holding as many whole items as fit, in order (no item split across pages unless
    it alone is longer than a page); every page but the last ends with the 「更多」 hint."""
    if not items:
        return [""]
    pages = _pack(items, limit - utf8_len("\n" + MORE_HINT)) or [""]
    return [p.removesuffix("\n" + MORE_HINT) + "\n" + MORE_HINT for p in pages[:-1]] + pages[-1:]


def _pack(items: list[str], budget: int) -> list[str]:
    """``items`` joined by newlines into pages of at most ``budget`` UTF-8 bytes, each item
    whole on one page unless it alone is longer than a page (then cut at sentence ends)."""
    pages: list[str] = []
    current = ""
    for item in items:
        for piece in paginate(item, budget) if utf8_len(item) > budget else [item]:
            joined = current + "\n" + piece if current else piece
            if current and utf8_len(joined) > budget:
                pages.append(current)
                current = piece
            else:
                current = joined
    if current:
        pages.append(current)
    return pages
