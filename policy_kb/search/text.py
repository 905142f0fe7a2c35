"""Character-level helpers shared by indexing and querying: normalisation, units, bigrams."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# A "unit" is one CJK character or one run of digits/Latin letters (``15000``, ``ab``): Chinese
# bigrams over units keep ``15000元`` together instead of splitting the number into pairs.
_UNIT_RE = re.compile(r"[\u4e00-\u9fff]|[0-9]+(?:\.[0-9]+)?%?|[a-z]+")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_ASCII_WORD_RE = re.compile(r"[a-z]+")


def normalize(text: str) -> str:
    """NFKC (full-width Latin/digits to ASCII), lower case; the form both index and query use."""
    return unicodedata.normalize("NFKC", text).lower()


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
