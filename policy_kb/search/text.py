"""Character-level helpers shared by indexing and querying: normalisation, units, bigrams."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

import opencc

# A "unit" is one CJK character or one run of digits/Latin letters (``15000``, ``ab``): Chinese
# bigrams over units keep ``15000元`` together instead of splitting the number into pairs.
_UNIT_RE = re.compile(r"[\u4e00-\u9fff]|[0-9]+(?:\.[0-9]+)?%?|[a-z]+")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_ASCII_WORD_RE = re.compile(r"[a-z]+")


# Traditional characters a worker may type (a phone set to 繁體, a worker from Hong Kong or
# Taiwan: 洪澤引進技師補貼多少, 社保繳了兩年) are read as simplified, as the documents print
# them, by OpenCC's 't2s' table (built once, ~7 ms; ~3 µs a message).
@functools.cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` with traditional characters written as simplified (OpenCC 't2s'): 「區級二等獎」
    → 「区级二等奖」; simplified or ASCII text comes back unchanged."""
    if text.isascii():
        return text
    return str(_to_simplified().convert(text))


# Latin letters beyond ASCII: pinyin typed with its tone marks (yèjí, lǜ) by a phone keyboard
# offering them.
_TONED_LATIN = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")


def plain_pinyin(text: str) -> str:
    """``text`` with pinyin tone marks dropped (``yèjí jìshī`` -> ``yeji jishi``), ü typed as
    ``v`` as pinyin keyboards do (``lǜ`` -> ``lv``); characters and ASCII unchanged."""
    if not _TONED_LATIN.search(text):
        return text
    # ü with or without its tone (ǜ) decomposes to u + diaeresis (+ tone)
    text = re.sub(
        "([uU])\u0308",
        lambda m: "v" if m.group(1) == "u" else "V",
        unicodedata.normalize("NFD", text),
    )
    bare = "".join(c for c in text if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def normalize(text: str) -> str:
    """NFKC (full-width Latin/digits to ASCII), lower case, pinyin without its tone marks; the
    form both index and query use."""
    return plain_pinyin(unicodedata.normalize("NFKC", text)).lower()


def units(text: str) -> list[str]:
    """The units of normalised text, punctuation and spaces dropped."""
    return _UNIT_RE.findall(text)


def bigrams(text: str) -> list[str]:
    """Unit bigrams of normalised text (``补贴标准`` -> 补贴 贴标 标准); a lone unit: itself."""
    u = units(text)
    if len(u) == 1:
        return u
    return [u[i] + u[i + 1] for i in range(len(u) - 1)]


def bigrams_of_runs(runs: Iterable[str]) -> list[str]:
    """Bigrams of each run separately (no bigram straddles two runs)."""
    out: list[str] = []
    for r in runs:
        out.extend(bigrams(r))
    return out


def has_cjk(text: str) -> bool:
    """True if ``text`` contains a CJK ideograph."""
    return bool(_CJK_RE.search(text))


def ascii_words(text: str) -> list[str]:
    """Runs of Latin letters (candidate pinyin) in normalised text."""
    return _ASCII_WORD_RE.findall(text)
