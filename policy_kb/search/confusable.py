"""Characters typed for one another: the same sound (a homophone picked from the input method's
list: 兰 for 蓝, 定 for 订) or nearly the same shape (a slip of handwriting input or of the eye:
帅 for 师, 徙 for 徒, 寒 for 赛).

Shape comes from the characters' 四角号码 (four-corner codes, ``four_corner_method``): each
corner's stroke shape is one digit, so characters drawn alike share most digits. Two characters
are shape-alike when four of the five digits agree in place (师 21027 / 帅 24027, 徒 24281 /
徙 21281, 人 80000 / 入 80000); three would make every character a look-alike of dozens.
Sound is toneless pinyin (``pypinyin``).

A confusion alone is weak evidence (every character has a few dozen look-alikes), so
``Confusables.fix`` replaces a character only when the typed text never occurs in the
documents and the text with one confusable character does, the new character inside one of
the documents' words, in a window of at least ``MIN_WINDOW`` characters (the typed word with the word next to it: 技工兰卡 -> 技工蓝卡,
定单班 -> 订单班, 高级技帅 -> 高级技师).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from functools import cache, lru_cache

from four_corner_method import FourCornerMethod
from pypinyin import Style, lazy_pinyin

__all__ = ["Confusables", "shape_alike"]

SHAPE_DIGITS = 4  # of the five digits of a four-corner code, equal in place
MIN_WINDOW = 3  # characters: a shorter window confirms nothing (two characters make many words)
# Marks that quote or bracket a term in print (技工“蓝卡”): typed questions leave them out.
_QUOTE_MARKS = re.compile(r"[“”‘’\"'《》「」『』〈〉]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=16384)
def _sound(ch: str) -> str:
    return lazy_pinyin(ch, style=Style.NORMAL)[0]


@cache
def _codes() -> FourCornerMethod:
    return FourCornerMethod()


@lru_cache(maxsize=16384)
def _code(ch: str) -> str | None:
    code = _codes().query(ch)
    return code if code and len(code) == 5 else None


def shape_alike(a: str, b: str) -> bool:
    """Are characters ``a`` and ``b`` drawn nearly alike (see the module docstring)? False for
    the same character and for a character without a four-corner code."""
    if a == b:
        return False
    x, y = _code(a), _code(b)
    if x is None or y is None:
        return False
    return sum(p == q for p, q in zip(x, y, strict=True)) >= SHAPE_DIGITS


class Confusables:
    """One-character repairs against one corpus.

    ``corpus_text``: every indexed text, normalised. Only characters the corpus prints are
    ever put in (a repair makes the question say what the documents say)."""

    def __init__(self, corpus_text: str, words: Iterable[str] = ()) -> None:
        self._plain = _QUOTE_MARKS.sub("", corpus_text)
        # the corpus's words: a repaired character must fall inside one (订单, not 技能大赛+省)
        self._words = frozenset(w for w in words if len(w) >= 2)
        chars = sorted(set(_CJK.findall(self._plain)))
        self._by_sound: dict[str, list[str]] = {}
        for c in chars:
            self._by_sound.setdefault(_sound(c), []).append(c)
        self._chars = chars
        self._pairs = frozenset(self._plain[i : i + 2] for i in range(len(self._plain) - 1))
        self._cache: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        # The four-corner table (about 30 ms to load) is read now, while the index is built,
        # so the first question typed with a look-alike character does not wait for it.
        _codes()

    def known(self, text: str) -> bool:
        """Does ``text`` occur in the corpus (quote marks ignored)?"""
        return text in self._plain

    def _similar(self, ch: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(homophones, look-alikes) of ``ch`` among the corpus's characters."""
        got = self._cache.get(ch)
        if got is None:
            sound = tuple(c for c in self._by_sound.get(_sound(ch), ()) if c != ch)
            shape = tuple(c for c in self._chars if c not in sound and shape_alike(ch, c))
            got = (sound, shape)
            self._cache[ch] = got
        return got

    def _plausible(self, text: str) -> bool:
        """Every character pair of ``text`` occurs in the corpus (a cheap test before the
        substring search)."""
        return all(text[i : i + 2] in self._pairs for i in range(len(text) - 1))

    def _in_word(self, text: str, i: int) -> bool:
        """Does a corpus word of ``text`` span position ``i``?"""
        return any(
            text[a:b] in self._words
            for a in range(max(0, i - 7), i + 1)
            for b in range(i + 1, min(len(text), a + 8) + 1)
            if b - a >= 2
        )

    def fix(
        self,
        window: str,
        start: int = 0,
        end: int | None = None,
        shortest: int = MIN_WINDOW,
        keep: Container[str] = (),
        sound_only: bool = False,
    ) -> str | None:
        """``window`` with one character of ``window[start:end]`` replaced by a homophone or a
        look-alike so that it occurs in the corpus; None when the window is shorter than
        ``shortest``, already occurs, or no single replacement makes it occur. Characters in
        ``keep`` are never replaced (common words of their own: 在, 能, 过). Homophones
        win over look-alikes, then the replacement the corpus prints more often;
        ``sound_only``: homophones only."""
        stop = len(window) if end is None else end
        if len(window) < shortest or self.known(window):
            return None
        best: tuple[int, int, str] | None = None
        for i in range(start, stop):
            ch = window[i]
            if not _CJK.match(ch) or ch in keep:
                continue
            sound, shape = self._similar(ch)
            for rank, pool in ((0, sound), (1, () if sound_only else shape)):
                for c in pool:
                    cand = window[:i] + c + window[i + 1 :]
                    if not self._plausible(cand) or not self.known(cand):
                        continue
                    if self._words and not self._in_word(cand, i):
                        continue
                    key = (rank, -self._plain.count(cand), cand)
                    if best is None or key < best:
                        best = key
        return best[2] if best else None
