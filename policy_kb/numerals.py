"""Short Chinese numerals read without cn2an: 一 → 1, 十五 → 15, 五千 → 5000, 一万 → 10000.

cn2an takes ~0.12 s of CPU to import (it compiles large patterns, and so does its ``proces``
dependency), and checking the rules' amounts at start-up (``eligibility.catalogue``) reads
only a few one-character numerals. ``short_numeral`` gives exactly what
``cn2an.cn2an(text, "strict")`` gives — as an int, None where cn2an raises or gives a fraction
— for every text of at most ``SHORT`` characters of ``CHARACTERS`` (checked on all 813,615 of
them); anything longer is for cn2an.
"""

from __future__ import annotations

#: The characters a short numeral is read from (两 is the caller's to turn into 二).
CHARACTERS = frozenset("零〇一二三四五六七八九十百千万")
#: Texts up to this length are read here (each one checked against cn2an).
SHORT = 5

_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def is_short(text: str) -> bool:
    """True when ``short_numeral`` reads ``text`` (at most ``SHORT`` of ``CHARACTERS``)."""
    return 0 < len(text) <= SHORT and CHARACTERS.issuperset(text)


def short_numeral(text: str) -> int | None:
    """The value of ``text`` as cn2an's strict mode reads it (一万零五十 → 10050, 一百零五 →
    105; not 一百五, 一万五, 两, 〇, 二二, 百: None). Only for ``is_short`` texts: longer ones
    and other characters give ValueError."""
    if not is_short(text):
        raise ValueError(f"not a short numeral: {text!r}")
    if text == "零":
        return 0
    if "万" not in text:
        return _below_10000(text, first=True)
    high, _, low = text.partition("万")
    if "万" in low:
        return None
    wan = _below_10000(high, first=True)
    if wan is None:
        return None
    if not low:
        return wan * 10000
    if low.startswith("零"):  # 一万零五十: the zero stands for the thousands
        rest = _below_10000(low, first=False, after_wan=True)
    else:  # 一万五千, never 一万五 (speaking style, refused as cn2an does)
        rest = _below_10000(low, first=False)
        if rest is not None and rest < 1000:
            return None
    return None if rest is None else wan * 10000 + rest


def _below_10000(text: str, *, first: bool, after_wan: bool = False) -> int | None:
    """A part below 10,000 written out place by place: digit + unit (一千, 三百, 五十), the
    units falling one place at a time; 零 for skipped places, only between two of them (or
    first after 万, ``after_wan``), and then a bare unit counts one (一千零十 → 1010); a
    leading bare 十 only at the numeral's start (``first``: 十五). None when not so."""
    value, last, zero, i = 0, 10000, False, 0
    while i < len(text):
        c = text[i]
        if c == "零":
            if (i == 0 and not after_wan) or zero or i == len(text) - 1:
                return None
            zero, i = True, i + 1
            continue
        if c in _DIGITS:
            digit, place = _DIGITS[c], 1
            if i + 1 < len(text):
                if text[i + 1] not in _UNITS:
                    return None  # 二二
                place = _UNITS[text[i + 1]]
            i += 2 if place > 1 else 1
        elif c in _UNITS and (zero or (c == "十" and i == 0 and first)):
            digit, place, i = 1, _UNITS[c], i + 1
        else:
            return None
        if place >= last:
            return None
        if zero:
            if last // place < 100:  # 零 skips at least one place
                return None
        elif last != 10000 and last // place != 10:  # 一千五: a place left out, no 零
            return None
        zero, value, last = False, value + digit * place, place
    return value if text else None


__all__ = ["CHARACTERS", "SHORT", "is_short", "short_numeral"]
