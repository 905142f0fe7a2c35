"""Dates a worker gives by the lunar calendar (农历): 正月, 冬月, 腊月, 闰四月, 八月十五, 初三,
中秋, 端午, 元宵, 过年, with 去年 / 今年 / 前年 or a year — converted to Gregorian dates with
``lunar_python`` (6tail's calendar tables, imported only when a lunar word is seen).

A lunar month without its day spans two Gregorian months, sometimes two years (去年腊月 is this
January–February): ``LunarSpan`` keeps the first and last Gregorian day, so a rule whose
outcome depends on where in the span the day falls (当年, six months) can ask the worker for the
Gregorian date instead of guessing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MONTH_NAMES = {"正": 1, "冬": 11, "腊": 12, "十一": 11, "十二": 12, "十": 10} | {
    k: v for k, v in _DIGIT.items() if k != "两"
}
_NUMERAL_DAY = r"(?:初[一二三四五六七八九十]|十[一二三四五六七八九]?|二十[一二三四五六七八九]?|廿[一二三四五六七八九]?|三十|卅)"
# a month by its name or, after 农历, by digits (「农历5月」 is the fifth lunar month: the word
# governs what follows it, whatever the script; ``_is_lunar`` checks that it was said)
_MONTH = (
    r"(?P<leap>闰)?(?P<month>正|冬|腊|十一|十二|十|[一二三四五六七八九]|1[0-2]|0?[1-9])月(?:份)?"
)
_YEAR_WORDS = r"今年|去年|前年|大前年|(?:19|20)\d{2}年|\d{2}年"
_YEAR = r"(?P<year>" + _YEAR_WORDS + r")?"
# the lunar calendar said outright (农历, 阴历, 老历, 旧历) or by its own month and day names
_SAID_LUNAR = re.compile(r"农历|阴历|老历|旧历|夏历")
_LUNAR_DATE = re.compile(
    _YEAR
    + r"(?:的)?(?P<said>农历|阴历|老历|旧历|夏历)?(?:的)?"
    + r"(?P<year_after>"
    + _YEAR_WORDS
    + r")?(?:的)?"
    + _MONTH
    + r"(?P<day>"
    + _NUMERAL_DAY
    + r"|(?<=月)(?:初)?(?:[12]\d|3[01]|0?[1-9])(?!\d))?"
)
_FESTIVALS = {
    "春节": (1, 1),
    "大年初一": (1, 1),
    "过年": (1, 1),
    "元宵": (1, 15),
    "正月十五": (1, 15),
    "端午": (5, 5),
    "七夕": (7, 7),
    "中秋": (8, 15),
    "重阳": (9, 9),
    "小年": (12, 23),
    "除夕": (12, 0),  # the last day of the twelfth month
    "年三十": (12, 0),
}
_FESTIVAL = re.compile(_YEAR + r"(?:的)?(?P<festival>" + "|".join(_FESTIVALS) + r")")
_RELATIVE = {"今年": 0, "去年": -1, "前年": -2, "大前年": -3}


@dataclass(frozen=True)
class LunarSpan:
    """A lunar date said by a worker: ``words`` as said, ``first`` … ``last`` the Gregorian
    days it may be (the same day when the lunar day was said)."""

    words: str
    first: date
    last: date
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)

    @property
    def exact(self) -> bool:
        return self.first == self.last

    def said(self) -> str:
        """「农历去年腊月（公历2026年1月19日至2月16日）」."""
        if self.exact:
            return f"农历{self.words}（公历{_day(self.first)}）"
        return f"农历{self.words}（公历{_day(self.first)}至{_day(self.last, self.first)}）"


def _day(d: date, since: date | None = None) -> str:
    if since is not None and since.year == d.year:
        return f"{d.month}月{d.day}日"
    return f"{d.year}年{d.month}月{d.day}日"


def _number(words: str) -> int:
    if words.lstrip("初").isdigit():
        return int(words.lstrip("初"))
    if words in ("三十", "卅"):
        return 30
    words = words.removeprefix("初").replace("廿", "二十")
    if words == "十":
        return 10
    if words.startswith("二十"):
        return 20 + _DIGIT.get(words[2:], 0)
    if words.startswith("十"):
        return 10 + _DIGIT.get(words[1:], 0)
    return _DIGIT[words]


def _lunar_year(word: str | None, today: date) -> tuple[int, bool]:
    """The lunar year ``word`` (今年, 去年, 2023年, 23年) names, and whether it named one."""
    if not word:
        return today.year, False
    if word in _RELATIVE:
        return today.year + _RELATIVE[word], True
    digits = int(word.rstrip("年"))
    if digits < 100:  # 「99年腊月」 is 1999, 「21年腊月」 2021: never a year still to come
        digits += 2000 if 2000 + digits <= today.year else 1900
    return digits, True


def lunar_span(text: str, today: date) -> LunarSpan | None:
    """The lunar date ``text`` gives, as Gregorian days, or None when it says none. A month by
    a digit (8月, 2023年5月) is Gregorian unless 农历 is said just before it (「农历2023年5月」
    「2023年农历5月初三」); a Chinese-numeral month with a
    Chinese-numeral day and no 日/号 (八月十五) is read as lunar, as people say festivals. With
    no year, the last such day up to ``today``."""
    festival = _FESTIVAL.search(text)
    # the first lunar one: 「2024年3月进厂，去年腊月拿的证」 has a Gregorian month before it
    m = next((x for x in _LUNAR_DATE.finditer(text) if _is_lunar(x, text)), None)
    if m is None and festival is None:
        return None
    if m is not None:
        name, leap = m.group("month"), bool(m.group("leap"))
        month = int(name) if name.isdigit() else _MONTH_NAMES[name]
        day = _number(m.group("day")) if m.group("day") else None
        year_word, words, where = m.group("year") or m.group("year_after"), m.group(0), m.span()
    else:
        assert festival is not None
        month, day = _FESTIVALS[festival.group("festival")]
        leap, year_word, words = False, festival.group("year"), festival.group(0)
        where = festival.span()
    words = _SAID_LUNAR.sub("", words).replace("的", "")
    year, named = _lunar_year(year_word, today)
    span = _span(year, month, day, leap)
    if span is None:
        return None
    if not named and span[0] > today:
        span = _span(year - 1, month, day, leap)  # 「腊月」 said in November: last year's
        if span is None:
            return None
    return LunarSpan(words, *span, *where)


def _is_lunar(m: re.Match[str], text: str) -> bool:
    if m.group("month").isdigit() or (m.group("day") or "").lstrip("初").isdigit():
        # 「农历2023年5月」: digits are lunar only where 农历 is said before them
        return bool(m.group("said"))
    if m.group("said") or _SAID_LUNAR.search(text) or m.group("leap"):
        return True
    if m.group("month") in ("正", "冬", "腊"):
        return True
    day = m.group("day")
    if day is None:
        return False
    after = text[m.end() : m.end() + 1]
    if after and after in "一二三四五六七八九十":
        return False  # 「十二月三十一号」: the day goes on past any lunar day, so it is Gregorian
    return after not in ("日", "号") or day.startswith("初")


def _span(year: int, month: int, day: int | None, leap: bool) -> tuple[date, date] | None:
    from lunar_python import LunarMonth

    found = LunarMonth.fromYm(year, -month if leap else month)
    if found is None:
        return None
    solar = found.getFirstJulianDay()
    from lunar_python import Solar

    first_solar = Solar.fromJulianDay(solar)
    first = date(first_solar.getYear(), first_solar.getMonth(), first_solar.getDay())
    days = int(found.getDayCount())
    if day is None:
        return first, first + timedelta(days=days - 1)
    if day == 0 or day > days:
        day = days  # 除夕, 年三十: the month's last day (29th in a short month)
    exact = first + timedelta(days=day - 1)
    return exact, exact


_OBTAINED_NEAR = re.compile(r"^[^，。,；;]{0,4}?(?:拿|取得|考|获得|评上|领|发)")
_CERTIFICATE_BEFORE = re.compile(r"证书?[^，。,；;]{0,4}$")


def obtained_on(text: str, today: date) -> LunarSpan | None:
    """The lunar date ``text`` says a certificate was got on (「去年腊月拿的证」「证是中秋前后
    考下来的」): a lunar date with a verb of getting just after it, or 证 just before."""
    span = lunar_span(text, today)
    if span is None:
        return None
    if _OBTAINED_NEAR.search(text[span.end :]) or _CERTIFICATE_BEFORE.search(text[: span.start]):
        return span
    return None


def confirm_text(span: LunarSpan) -> str:
    """Asking for the Gregorian date when where in ``span`` the day falls changes the result."""
    example = span.first + (span.last - span.first) // 2
    return (
        f"{span.said()}跨了公历的月份，具体哪天会影响能不能领。"
        f"请回复公历日期，如「{example.year}年{example.month}月{example.day}日」（看证书上印的发证日期）。"
    )


def noted_text(span: LunarSpan) -> str:
    """Saying how a lunar date was taken, when where in its span it falls changes nothing."""
    if span.exact:
        return f"已按{span.said()}记下。"
    return f"已按{span.said()}记下（这段时间里哪天都不影响结果）。"
