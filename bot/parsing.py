"""Read what workers really type as answers: 1/2/3, 是/否, 两年, 半年, 18个月, 一万五, 三级,
技师证, 今年3月, 区级二等奖.

Every parser takes the raw text and returns the value, ``SKIP`` when the worker says they do
not know (the field stays unknown), or raises ``AnswerError`` with a re-prompt hint.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final

from bot.cases import GRADES, SKILL_LEVELS
from bot.intents import bare, normalize
from bot.lunar import lunar_span
from policy_kb.numerals import is_short, short_numeral
from policy_kb.places import resolve_places
from policy_kb.search.text import simplified


class AnswerError(ValueError):
    """The answer could not be understood; ``str(err)`` is a polite hint for the re-prompt."""


class _Skip:
    def __repr__(self) -> str:
        return "SKIP"


SKIP: Final = _Skip()

_YES = frozenset(
    {
        "是",
        "是的",
        "对",
        "对的",
        "有",
        "有的",
        "嗯",
        "恩",
        "y",
        "yes",
        "好",
        "签了",
        "交了",
        "缴了",
        "是滴",
        "没错",
        "属于",
        "算",
        # said in dialect: 中 (河南), 得行/要得 (西南), 对头, 嗯呐, 是嘞, 可不是
        "中",
        "得行",
        "要得",
        "对头",
        "嗯呐",
        "嗯哪",
        "是嘞",
        "是哩",
        "是咧",
        "可不是",
        "那当然",
        "当然",
        "算是",
        "算是的",
        "是呢",
        "是啊",
        "有嘞",
    }
)
_NO = frozenset(
    {
        "否",
        "不是",
        "不",
        "没有",
        "没",
        "无",
        "n",
        "no",
        "不对",
        "不属于",
        "不算",
        "没签",
        "没交",
        "都没有",
        "不中",
        "没得",
        "莫得",
        "莫有",
        "冇",
        "冇得",
        "没有嘞",
        "不是嘞",
        # 木有 / 冇有 / 么有 (spoken and southern 没有), 不得 (西南)
        "木有",
        "冇有",
        "么有",
        "没得嘞",
        "不算是",
    }
)
_DONT_KNOW = frozenset(
    {
        "不知道",
        "不清楚",
        "不确定",
        "不晓得",
        "说不清",
        "跳过",
        "忘了",
        "不记得",
        "?",
        "？",
        "不懂",
        "搞不清",
        "弄不清",
        "不太清楚",
        "不大清楚",
        "不太知道",
        "没注意",
        "不了解",
        "晓不得",
        "不造",
        "记不清",
        "记不得",
        "忘记了",
        "忘记",
        "想不起来",
        "记不住",
        "不记得了",
    }
)


# Asked of the same message by each reader of its facts (the questionnaire's answer, the facts
# it states, a what-if after the result): kept for the last few thousand texts (pure: the text
# and cn2an's reading of it).
@functools.lru_cache(maxsize=4096)
def to_digits(text: str) -> str:
    """Normalise full-width forms and write Chinese numerals as digits (十八个月 → 18个月,
    一万五 → 15000), using cn2an; ``两`` counts as 2."""
    import cn2an  # local import: only the questionnaire needs it (≈0.2 s)

    # 「一两年」「七八个月」: two neighbouring numerals are a range, never 12 or 78
    t = _written_dates(_PAIR_OF_LENGTHS.sub(_pair_digits, simplified(normalize(text))))
    # 「五险一金」「一线」「十佳」「五一」「一等奖」: words holding a numeral that count nothing
    # stay as typed (``_words_kept``); only the numbers are written in digits
    t, kept = _words_kept(t)
    t = t.replace("两", "二")
    if re.search(r"\d", t):  # typed with digits already (1.5万, 2021年3月): only a Chinese
        # number before a unit of time is written out (2023年五月 → 2023年5月, 1年零三个月)
        return _restored(_MIXED_NUMERAL.sub(_numeral_digits, t), kept)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns on every unit word it leaves alone
        try:
            # 「2年零十一个月」: cn2an leaves a numeral after 零; written out as a mixed one
            out = _MIXED_NUMERAL.sub(_numeral_digits, str(cn2an.transform(t, "cn2an")))
        except (ValueError, KeyError):  # it gives up on some mixtures; keep the text as typed
            out = t
    return _restored(out, kept)


# A Chinese numeral is a number when a unit or a measure word follows it (三年, 十八个月, 一万五,
# 三级, 第一名), a range word or a rough one (七到八, 十来, 二十多), a closing particle (交了十八了),
# or nothing (干了三; 选二); followed by any other character it is part of a word that counts
# nothing: 五险一金 (险, 金), 一线 (线), 十佳 (佳), 一直, 一共, 五一拿的证, 一等奖 (等: the
# rank is read from the word itself, ``_RANK``). cn2an's ``transform`` writes every numeral it
# finds in digits (五险 → 5险); this is the guard in front of it.
_NUMERAL_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_COUNTS_AFTER = frozenset(
    "年月日号天周岁个次级名倍元块毛角分秒点万千百亿期届季"  # units and measure words
    "到至或、~-多来几余左上出以半零整"  # ranges, rough amounts (十来个, 二十多, 五千左右)
    "了啦吧啊呀呢嘞哦么吗的"  # closing particles (交了十八了, 三吧)
)
# Words whose numeral is followed by a measure word yet count nothing: 一把手 (把), 三八节 (节);
# and holidays said by their date (五一, 十一) when no unit follows the word (五一的时候).
_NUMERAL_WORDS = re.compile(r"一把手|三八(?:妇女)?节|三八|五一|十一(?=假|长假|国庆|放假|黄金周)")
_KEEP_BASE = 0xE000  # private-use characters stand for the kept words while cn2an reads the rest


def _words_kept(text: str) -> tuple[str, list[str]]:
    """``text`` with each word holding a numeral that is no number (``_COUNTS_AFTER``,
    ``_NUMERAL_WORDS``) replaced by one private-use character, and those words in order."""
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return chr(_KEEP_BASE + len(kept) - 1)

    def run(m: re.Match[str]) -> str:
        after = m.string[m.end() : m.end() + 1]
        counts = not after or not ("\u4e00" <= after <= "\u9fff") or after in _COUNTS_AFTER
        return m.group(0) if counts else keep(m)

    def word(m: re.Match[str]) -> str:
        after = m.string[m.end() : m.end() + 1]
        holiday = m.group(0) in ("五一", "十一", "三八")
        return m.group(0) if holiday and after and after in "个年月天日号" else keep(m)

    return _NUMERAL_RUN.sub(run, _NUMERAL_WORDS.sub(word, text)), kept


def _restored(text: str, kept: list[str]) -> str:
    """``text`` with the words ``_words_kept`` took out put back."""
    for i, original in enumerate(kept):
        text = text.replace(chr(_KEEP_BASE + i), original)
    return text


# A year and month written as a form or a phone keyboard gives them: 202305, 20230515, 2023.5,
# 2023/05, 2023-5-15 (a year 1950–2049, a month 1–12), and 23年5月 (the year's last two digits
# before 年 and a month): written out as 2023年5月(15日), so every reader takes the month too,
# never January of the year alone.
_COMPACT_DATE = re.compile(
    r"(?<![\d.])((?:19[5-9]|20[0-4])\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])?(?![\d.万千百元块kw%])"
)
_SEPARATED_DATE = re.compile(
    r"(?<![\d.])((?:19[5-9]|20[0-4])\d)\s*([./／\-])\s*(0?[1-9]|1[0-2])"
    r"(?:\s*\2\s*(0?[1-9]|[12]\d|3[01]))?(?![\d.万千百元块kw%])"
)
_SHORT_YEAR_MONTH = re.compile(r"(?<![\d.])(\d{2})年(?=\s*(?:0?[1-9]|1[0-2])月)")


def _written_dates(text: str) -> str:
    """Dates written in digits without 年/月 (``_COMPACT_DATE``, ``_SEPARATED_DATE``) and
    years said by two digits before a month (23年5月), as 2023年5月 (15日)."""

    def said(year: str, month: str, day: str | None) -> str:
        return f"{year}年{int(month)}月" + (f"{int(day)}日" if day else "")

    text = _COMPACT_DATE.sub(lambda m: said(m[1], m[2], m[3]), text)
    text = _SEPARATED_DATE.sub(lambda m: said(m[1], m[3], m[4]), text)
    return _SHORT_YEAR_MONTH.sub(lambda m: ("20" if int(m[1]) < 50 else "19") + m[1] + "年", text)


_PAIR_OF_LENGTHS = re.compile(
    r"(?<![十百千万零〇一二两三四五六七八九])([一两二三四五六七八九])([两二三四五六七八九])"
    r"(?=个?(?:多|来)?(?:个?月|年|周年))"
)


def _pair_digits(m: re.Match[str]) -> str:
    low, high = _NUMERAL[m.group(1)], _NUMERAL[m.group(2)]
    return f"{low}到{high}" if high == low + 1 else m.group(0)


_MIXED_NUMERAL = re.compile(r"零?([一二三四五六七八九十]+)(?=个?月|年|[日号])")
"""A Chinese number written before a unit of time, in a text that has digits as well."""


def _numeral_digits(m: re.Match[str]) -> str:

    run = m.group(1)
    value = short_numeral(run) if is_short(run) else None
    return m.group(0) if value is None else str(value)


# Words around 「不知道」 that change nothing: 「这个不太清楚」「俺也不晓得啊」.
_AROUND_DONT_KNOW = re.compile(
    r"^(?:这个|这|那个|这块|我|俺|额|嗯|呃|哎|唉|真|也|还|确实|实在)+|(?:了|啊|呀|呢|哎|诶|哈|耶|嘞|哦)+$"
)


def _dont_know(text: str) -> bool:
    b = bare(text)
    return b in _DONT_KNOW or _AROUND_DONT_KNOW.sub("", b) in _DONT_KNOW


# 「应该是吧」「好像不是」「估计是」: a hedged answer is still the answer
_HEDGE = re.compile(
    r"^(?:我)?(?:应该|应当|好像|似乎|貌似|可能|估计|大概|大约|差不多|觉得|记得|印象中|听说)+"
    r"|(?:吧|吧应该|的吧|啊|呀|哦|好像|应该)+$"
)


_FILLER_LEAD = re.compile(r"^(?:嗯|呃|额|啊|那个|这个|就是)+")


def parse_bool(text: str) -> bool | _Skip:
    """是/否 answers (also 1 = 是, 2 = 否, as numbered in the question), hedged ones too
    (「应该是吧」 → 是, 「好像不是」 → 否)."""
    b = bare(text)
    if _dont_know(text):
        return SKIP
    if b not in _YES and b not in _NO and re.search(r"\d|第|选", b):
        b = _picked_number(bare(to_digits(b)))
    if b not in _YES and b not in _NO:
        # 「嗯是的」「那个不是」: a filler before the answer
        b = _FILLER_LEAD.sub("", b) or b
    hedged = _HEDGE.sub("", b)
    if hedged and hedged != b and (hedged in _YES or hedged in _NO):
        b = hedged
    if b in _YES or b == "1":
        return True
    if b in _NO or b == "2":
        return False
    if b.startswith(("是", "有", "对")):
        return True
    if b.startswith(("不", "没", "否")):
        return False
    raise AnswerError("请回复「是」或「否」（也可以回复1或2；不清楚可回复「不知道」）。")


_NUMBER = r"(\d+(?:\.\d+)?)"
_HALF_YEAR = re.compile(
    r"^(?:差不多|大概|大约|约|估计|应该|可能|好像|也就|才|刚|刚好|正好|整整|满|足|够|有|已经|超过|都)*半年"
)
# 「十来个月」「二十几个月」「十多年」: the round number said, as 「一年多」 is a year
_ABOUT = r"(?:来|几|多)?"
# 「满3周年」 is three years
_YEARS_MONTHS = re.compile(_NUMBER + _ABOUT + r"周?年半?(?:零?(\d+)" + _ABOUT + r"个?月)?")
# 「6个多月」「七个来月」: the round number said
_MONTHS = re.compile(_NUMBER + _ABOUT + r"个?" + _ABOUT + r"月")
# 「大半年」: more than half a year; 「不到半年」「不满一年」: just under the length said
_MOST_OF_A_YEAR = re.compile(r"大半年")
# 「将近3年」「快两年了」「接近一年」 say the same: short of the length, never the length itself
_UNDER = re.compile(r"(?:不到|不满|没到|没满|不足|将近|快要|快|接近|差不多快)(?=\d|半)")
# 「差一个月满三年」「三年差两个月」: the length said less the months it lacks
_SHORT_BY = re.compile(
    r"(?:还)?差" + _NUMBER + r"个?月(?:就)?(?:满|到|够)?" + _NUMBER + r"(周?年|个?月)"
    r"|" + _NUMBER + r"(周?年|个?月)(?:还)?差" + _NUMBER + r"个?月"
)
# 「两年不到」「半年都不满」: the length said, then that it falls short of it
_UNDER_AFTER = re.compile(
    r"(" + _NUMBER + r"(?:周?年|个?月)|半年)(?:都|还|也)?(?:不到|不满|没到|没满|不足)"
)
_BARE_NUMBER = re.compile(r"^" + _NUMBER + r"(?:以上|多)?$")
# What a spoken answer puts around its number (「嗯那个交了36」「就是干了3吧」): fillers, the
# question's own verb, a closing particle; the number is then in the question's unit.
_SPOKEN_LEAD = re.compile(
    r"^(?:嗯|呃|额|啊|那个|这个|就是|我|俺|大概|应该|差不多|一共|总共|已经|都|也|有|是"
    r"|社保|社会保险|五险一金|五险|合同|在这|这边)*"
    r"(?:交|缴|干|做|签|上|待|呆|工作)?(?:了|过)?(?:有)?"
    r"|(?:吧|啊|呀|嗯|了|的|左右)+$"
)


# 「七八个月」「两三年」「一两年」: two neighbouring numerals, a range (never 78 or 23)
_NEIGHBOURS = re.compile(
    r"(?<![十百])([一两二三四五六七八九])([两二三四五六七八九])(?:个)?多?来?(个?月|年)"
)
_NUMERAL = {
    "一": 1,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# 「一到两年」「5-7个月」「五、六个月」: two numbers joined by 到 / 至 / - / ~ / 、 / 或
_BETWEEN = re.compile(
    r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s*(个?月|年)?\s*(?:到|至|-|~|～|、|或者?)\s*(\d{1,2}(?:\.\d+)?)\s*(个?月|年)"
)


# 「从今年5月开始交的」「2020年起」「去年腊月到现在」: counted from a date up to today
# 「前年3月进的厂」「2022年入职」: the day work there began, as a beginning too
_SINCE = re.compile(
    r"^(?:从|自|打|自从)?(?P<when>.+?)"
    r"(?:开始|起|到现在|至今|以来|入职|进(?:的)?(?:厂|公司|单位)|进来|来的|参保|参加工作)"
)


# 「今年3月」「去年」「前年下半年」 answering how long: since then
_RELATIVE_MONTH = re.compile(
    r"^(?:今年|去年|前年|大前年)(?:\d{1,2}月(?:份)?|上半年|下半年)?(?:的时候|的)?$"
)
# A beginning said by its year alone (「2024年」「去年」「23年」), or by a half of it
# (「前年下半年」): the month is not known, so the length is a range (``months_since``).
_YEAR_ONLY = re.compile(
    r"^(?:(?:19|20)?\d{2}年|今年|去年|前年|大前年)(?:的)?(上半年|下半年)?(?:份|的时候|那会儿?|那时候?)?$"
)
_HALVES = {"上半年": (1, 6), "下半年": (7, 12)}


def year_only(when: str, today: date) -> tuple[date, date] | None:
    """The first and last month (their first days) a beginning said by its year alone could
    be — 「去年」 → January to December of last year, 「前年下半年」 → July to December, never
    after this month —; None when ``when`` says the month (or says no year)."""
    t = bare(to_digits(when))
    m = _YEAR_ONLY.match(t)
    if m is None:
        return None
    try:
        day = _parse_date(t[: m.start(1)] if m.group(1) else t, today)
    except AnswerError:
        return None
    if not isinstance(day, date):
        return None
    first_month, last_month = _HALVES.get(m.group(1) or "", (1, 12))
    first = date(day.year, first_month, 1)
    last = min(date(day.year, last_month, 1), today.replace(day=1))
    return (first, last) if first <= last else None


_FULL_DATE = re.compile(
    r"^(?:19|20)\d{2}(?:年|[.\-/])(?:\d{1,2}(?:月|[.\-/])?(?:\d{1,2}[日号]?)?)?$"
)


def months_since(text: str, today: date) -> tuple[float, float] | None:
    """The whole months from the date ``text`` says a thing began (「从今年5月开始交的」) to
    ``today``: (fewest, most) — the same unless the date is a lunar month, which spans two
    Gregorian months, or a year said without its month (「去年开始交的」: from December to
    January of that year, ``year_only``); None when ``text`` names no beginning."""

    m = _SINCE.search(bare(text))
    if m is not None and re.search(r"年|月|\d", m.group("when")):
        when = m.group("when")
    elif _FULL_DATE.match(bare(to_digits(text))) or _RELATIVE_MONTH.match(bare(to_digits(text))):
        # 「2026年6月20日」「今年3月」 answering how long: since then
        when = bare(to_digits(text))
    else:
        return None
    lunar = lunar_span(when, today)
    year = year_only(when, today) if lunar is None else None
    if lunar is not None:
        first, last = lunar.first, min(lunar.last, today)
    elif year is not None:
        # 「去年进的厂」: any month of that year; the questionnaire asks the month when a rule's
        # threshold lies between the ends (``Questionnaire.answer``), else keeps the fewer
        first, last = year
    else:
        try:
            day = _parse_date(when, today)
        except AnswerError:
            return None
        if not isinstance(day, date) or day > today:
            return None
        first = last = day

    def elapsed(d: date) -> float:
        return float((today.year - d.year) * 12 + today.month - d.month)

    return elapsed(last), elapsed(first)


def since_when(text: str) -> str:
    """The beginning an answer names (「从去年开始交的」 → 「去年」), else the answer itself."""
    m = _SINCE.search(bare(text))
    return m.group("when") if m is not None else bare(text)


# 「5月」「五月份」「是3月进的」「8月开始交的吧」: a month said alone, no year and no length
_MONTH_ALONE = re.compile(
    r"^(?:是|就是|应该是|大概是?|好像是?|在)?(\d{1,2})月(?:份)?(?:\d{1,2}[日号])?"
    r"(?:(?:的时候|开始|起|进的|进来的|入职的?|来的|交的|上的|签的|的))*(?:吧|啊|呀|哦|吧应该)?$"
)


def month_alone(text: str) -> int | None:
    """The month of a message that says only a month (「5月」「五月份进的」), else None: the
    month of a year said before, when the questionnaire asked which month."""
    m = _MONTH_ALONE.match(bare(to_digits(text)))
    if m is None:
        return None
    month = int(m.group(1))
    return month if 1 <= month <= 12 else None


def duration_range(
    text: str, bare_unit: str, today: date | None = None
) -> tuple[float, float] | None:
    """The shortest and longest duration, in months, a range answer gives (「七八个月」 → 7, 8;
    「一到两年」 → 12, 24), or None when ``text`` gives one duration. ``bare_unit``: "years" or
    "months", for a number said without its unit. ``today``: for a length said by when it
    began, a lunar month (「去年腊月开始交的」)."""
    if today is not None:
        since = months_since(text, today)
        if since is not None and since[0] < since[1]:
            return since
    m = _NEIGHBOURS.search(normalize(text))
    if m is not None:
        low, high = _NUMERAL[m.group(1)], _NUMERAL[m.group(2)]
        if high != low + 1:
            return None
        per = 12 if m.group(3) == "年" else 1
        return float(low * per), float(high * per)
    b = _BETWEEN.search(to_digits(text))
    if b is None:
        return None
    high_per = 12 if b.group(4) == "年" else 1
    low_per = high_per if b.group(2) is None else (12 if b.group(2) == "年" else 1)
    start, end = float(b.group(1)) * low_per, float(b.group(3)) * high_per
    return (start, end) if start < end else None


# 「差不多3年」「大概8个月」「两年左右」: about the length said, a little either side of it
_ABOUT_BEFORE = re.compile(
    r"(?:差不多|大概|大约|约莫|约|估计|估摸|左右)(?:也就|就是|就|有|是)?(?=\d|半)"
)
_ABOUT_AFTER = re.compile(r"(?:个?月|年)(?:左右|上下|出头)")
# 「3年多」「两年多」: the whole years said and some months more (never 4)
_YEARS_AND_SOME = re.compile(r"(?<![\d.])(\d{1,2})(?:年多|多年)(?!\d|个?月)")
#: How far either side of a length said as approximate (差不多/大概/左右) it may be, in months.
APPROX_MONTHS = {"years": 3.0, "months": 1.0}


def duration_about(text: str, bare_unit: str) -> tuple[float, float, float] | None:
    """A length said only roughly, in months: (shortest, as said, longest) — 「差不多3年」 →
    (33, 36, 39), 「3年多」 → (36, 36, 47), 「大概8个月」 → (7, 8, 9); None when ``text``
    says a length plainly (or none). The questionnaire keeps the length as said and asks for
    the exact one when a rule's threshold lies inside (``Questionnaire.answer``)."""
    t = bare(to_digits(text))
    some = _YEARS_AND_SOME.search(t)
    if some is not None:
        years = float(some.group(1)) * 12
        return years, years, years + 11
    if not (_ABOUT_BEFORE.search(t) or _ABOUT_AFTER.search(t)):
        return None
    try:
        said = _months(_ABOUT_BEFORE.sub("", t), bare_unit)
    except AnswerError:
        return None
    unit = "years" if re.search(r"\d年", t) else "months" if re.search(r"\d个?月", t) else bare_unit
    spread = APPROX_MONTHS[unit]
    return max(said - spread, 0), said, said + spread


# 「没有」「没交」「还没签」「一个月都没交」: none at all
_NONE_AT_ALL = re.compile(
    r"^(?:还|都|我|也|一直|从来)?(?:没有|没|无|未|木有|冇)(?:交|缴|签|买|上|参保)?(?:过|呢|的|啊|吧)*$|^0$"
    # 「刚来」「刚进厂」「才入职」: not a month yet
    r"|^(?:我)?(?:刚|才|刚刚)(?:来|进厂|进来|入职|上班)(?:的|呢|啊|没多久|不久)*$"
)


# 「断了两年」「断缴半年」「停了3个月」「中间断过一年」: a gap in paying, not the length paid
GAP = re.compile(
    r"断(?:交|缴|保|档|掉|开)?(?:了|过)?|停(?:交|缴|保|掉)?(?:了|过)?|欠(?:交|缴|费)?(?:了|过)?|漏(?:交|缴)|中断|没(?:交|缴)(?:的)?"
)
_GAP_LENGTH = re.compile(
    r"(?:"
    + GAP.pattern
    + r")[^，。,；;\d一二两三四五六七八九十半]{0,3}(?:\d|[一二两三四五六七八九十半])"
)
#: the total, said with a gap: 「一共交了两年」「累计缴了30个月」
_TOTAL = re.compile(
    r"(?:[一1]共|总共|累计|合计|加起来|前后|总计)[^，。,；;\d一二两三四五六七八九十半]{0,4}"
)


def gap_only(text: str) -> bool:
    """Whether ``text`` gives only a gap in paying (「社保断了两年」「中间停了半年」), no total."""
    t = normalize(text)
    return bool(_GAP_LENGTH.search(t)) and not _TOTAL.search(t)


def _months(text: str, bare_unit: str, today: date | None = None) -> float:
    if _NONE_AT_ALL.match(bare(text)):
        return 0
    total = _TOTAL.search(normalize(text))
    if total is not None and _GAP_LENGTH.search(normalize(text)):
        # 「中间断了半年，一共交了两年」: the total is the length asked
        text = normalize(text)[total.end() :]
    since = months_since(text, today) if today is not None else None
    if since is not None:
        return since[0]
    span = duration_range(text, bare_unit)
    if span is not None:
        # a range: its shorter end (what is sure); the questionnaire asks for the exact
        # length when the range straddles a rule's threshold (``Questionnaire.answer``)
        return span[0]
    t = bare(to_digits(text))
    if _MOST_OF_A_YEAR.search(t):
        return 7
    if "小半年" in t:
        return 5  # 「小半年」: short of half a year
    short = _SHORT_BY.search(t)
    if short is not None:
        if short.group(1) is not None:
            lacking, said, unit = short.group(1), short.group(2), short.group(3)
        else:
            said, unit, lacking = short.group(4), short.group(5), short.group(6)
        whole = float(said) * (12 if "年" in unit else 1)
        return max(whole - float(lacking), 0)
    under = _UNDER.search(t) or _UNDER_AFTER.search(t)
    if under is not None and under.re is _UNDER_AFTER:
        return max(_months(under.group(1), bare_unit) - 1, 0)
    if under:
        return max(_months(t[under.end() :], bare_unit) - 1, 0)
    if _HALF_YEAR.match(t):
        return 6
    m = _YEARS_MONTHS.search(t)
    if m:
        months = float(m.group(1)) * 12 + (int(m.group(2)) if m.group(2) else 0)
        return months + (6 if "年半" in t[m.start() : m.end()] else 0)
    m = _MONTHS.search(t)
    if m:
        return float(m.group(1))
    m = _BARE_NUMBER.match(t) or _BARE_NUMBER.match(_SPOKEN_LEAD.sub("", t))
    if m:
        value = float(m.group(1))
        return value * 12 if bare_unit == "years" else value
    if re.search(r"\d+(?:周)?岁", t):
        # 「35岁」「25周岁进的厂」: an age, never a length (a year of work is no year of age)
        raise AnswerError(AGE_NOT_LENGTH)
    raise AnswerError("没看懂这个时长，请回复数字，如「8个月」「2年」「一年半」。")


AGE_NOT_LENGTH = "这个像是年龄。这里问的是时长，请回复多少年或多少个月，如「3年」「8个月」。"


GAP_HINT = "断缴（停交）的时间不算进去。请回复一共实际交了多少个月社保，如「断过半年，一共交了30个月」就回复「30个月」。"
"""Re-prompt for an answer that gives only a gap in paying: the rules count months paid."""

#: The longest duration a worker can mean, in months: a working life (50 years) of insurance,
#: tenure or contract; more is a slip (a phone number typed into the answer) and is asked again.
MAX_MONTHS = 600


#: An open-ended labour contract (无固定期限劳动合同), in years: it meets every contract-length
#: threshold in the rules (all 「X年以上」), and is above ``MAX_MONTHS`` so no length a worker
#: signed reads as it; ``bot.results.value_said`` shows it as 无固定期限, never as a number.
OPEN_ENDED_YEARS: Final = 99.0


def _bounded(months: float) -> float:
    if not months <= MAX_MONTHS:  # also inf and nan, from a number of hundreds of digits
        raise AnswerError("这个时长太长了，请核对后再回复，如「8个月」「2年」。")
    return months


def parse_months(text: str, today: date | None = None) -> int | _Skip:
    """A duration in whole months: 8 / 8个月 / 半年 / 一年半 / 2年 → 8, 8, 6, 18, 24.
    A bare number means months. Raises AnswerError for a negative one or one over
    ``MAX_MONTHS``."""
    if _dont_know(text):
        return SKIP
    if gap_only(text):
        raise AnswerError(GAP_HINT)
    value = _bounded(_months(text, "months", today))
    if value < 0:
        raise AnswerError("月数不能是负数。")
    return int(value)


def parse_years(text: str, today: date | None = None) -> float | _Skip:
    """A duration in years: 2 / 两年 / 半年 / 18个月 / 三年以上 → 2, 2, 0.5, 1.5, 3. A bare
    number means years; 无固定期限 is ``OPEN_ENDED_YEARS`` (longer than any threshold in the
    texts, shown back as 无固定期限). Raises AnswerError for one over ``MAX_MONTHS`` months."""
    if _dont_know(text):
        return SKIP
    if "无固定" in text or "长期" in text:
        return OPEN_ENDED_YEARS
    value = _bounded(_months(text, "years", today)) / 12
    return round(value, 2)


_WAN = re.compile(_NUMBER + r"\s*(万|w)")
_K = re.compile(_NUMBER + r"\s*(千|k)")
_BAI = re.compile(_NUMBER + r"\s*(百)")
# a length or an age where a wage is asked (「8个月」「3年」「一年半」「35周岁」): no amount
_NOT_MONEY = re.compile(r"\d\s*(?:个月|个多月|年|岁|周岁)|半年|周岁|岁")


# words around a wage that are no amount: 「一个月」「每月」「到手」「税后」「工资」
_PAY_WORDS = re.compile(
    r"一个月|1个月|每个月|每月|一月|月薪|月工资|工资|到手|税后|拿到手|能拿|大概|大约|左右|差不多"
)
_NEIGHBOURS_MONEY = re.compile(r"(?<![十百])([一两二三四五六七八九])([二三四五六七八九])(千|万)")


def parse_yuan(text: str) -> float | _Skip:
    """An amount of money in yuan: 8000 / 八千 / 一万五 / 1.5万 / 5k → 8000, 8000, 15000, 15000, 5000."""
    if _dont_know(text):
        return SKIP
    text = _PAY_WORDS.sub("", text)  # 「一个月到手五千」: 一个月 is no amount
    m = _NEIGHBOURS_MONEY.search(normalize(text))
    if m is not None and _NUMERAL[m.group(2)] == _NUMERAL[m.group(1)] + 1:
        # 「八九千」「五六千块」: a range, its lower end
        unit = 10000 if m.group(3) == "万" else 1000
        return float(_NUMERAL[m.group(1)] * unit)
    t = to_digits(text).replace(",", "").replace("元", "").replace("块", "")
    if _NOT_MONEY.search(t):
        raise AnswerError("这里问的是每月工资，请回复金额（元），如「6000」「一万五」。")
    joined = _RANGE_WORD.search(t)
    if joined is not None and t[: joined.start()].strip() and t[joined.end() :].strip():
        # 「5000到6000」「4、5千」「1万5到2万」: the lower end, in the unit said after the pair
        # when the lower end says none
        low, high = t[: joined.start()], t[joined.end() :]
        said_unit = _UNIT_AT_END.search(high)
        if said_unit is not None and not _UNIT_AT_END.search(low):
            low += said_unit.group(1)
        return _one_amount(bare(low))
    return _one_amount(bare(t))


#: A word joining the two ends of a range (a minus sign leading the text joins nothing).
_RANGE_WORD = re.compile(r"\s*(?:到|至|~|～|、|或|(?<=\S)-)\s*")
_UNIT_AT_END = re.compile(r"(万|w|千|k|百)\d*$")


def _one_amount(t: str) -> float:
    tail = re.search(r"(\d+(?:\.\d+)?)(万|w|千|k)(\d)(?!\d)", t)
    if tail is not None:
        # 「1万5」「6千5」: the digit after the unit is the next place down (15000, 6500)
        unit = 10000 if tail.group(2) in ("万", "w") else 1000
        return float(tail.group(1)) * unit + int(tail.group(3)) * unit / 10
    for pattern, factor in ((_WAN, 10000), (_K, 1000), (_BAI, 100)):
        m = pattern.search(t)
        if m:
            return float(m.group(1)) * factor
    m = re.search(_NUMBER, t)
    if m:
        return float(m.group(1))
    raise AnswerError("请回复金额，如「8000」「一万五」。")


# 「第一个」「选5」「我选第2项」: an option by its number
_OPTION_PICK = re.compile(
    r"^(?:我)?(?:就)?(?:选|选择|选的|是)?第?(\d{1,2})(?:个|项|条|种|号)?(?:吧|啊|呀)?$"
)


def _picked_number(b: str) -> str:
    """The option number a bare answer picks (「第1个」 → 1, 「选5」 → 5), else ``b``."""
    m = _OPTION_PICK.match(b)
    return m.group(1) if m else b


def parse_choice(
    text: str, choices: Sequence[str], aliases: dict[str, str] | None = None
) -> str | _Skip:
    """One of ``choices``: by number (1-based, as listed), by name, or by an alias.

    Longest names are tried first so 高级技师 is not read as 技师.
    """
    if _dont_know(text):
        return SKIP
    b = _picked_number(bare(to_digits(text)))
    if b.isdigit() and 1 <= int(b) <= len(choices):
        return choices[int(b) - 1]
    for name in sorted(choices, key=len, reverse=True):
        if name and name.lower() in b:
            return name
    for alias, name in sorted((aliases or {}).items(), key=lambda kv: len(kv[0]), reverse=True):
        if alias in b and name in choices:
            return name
    raise AnswerError(f"请回复1到{len(choices)}之间的数字，或直接写出选项。")


def skill_level_aliases() -> dict[str, str]:
    """Other ways to say a skill level: grades (三级/三级工/3级) and certificates (技师证)."""
    out = {f"{g}工": lv for g, lv in GRADES.items()} | dict(GRADES)
    digits = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5"}
    out |= {digits[g[0]] + "级": lv for g, lv in GRADES.items()}
    out |= {lv + "证": lv for lv in SKILL_LEVELS}
    out |= {"没有": "无", "没证": "无", "无证": "无", "普工": "无", "学徒": "学徒工"}
    # 「中级」「高级」 said without 工 (a level name said in full is matched before these)
    out |= {"初级": "初级工", "中级": "中级工", "高级": "高级工"}
    return out


_HOLIDAYS = {"国庆": (10, 1), "元旦": (1, 1), "五一": (5, 1), "劳动节": (5, 1), "十一长假": (10, 1)}
_HOLIDAY = re.compile(r"(今年|去年|前年|大前年)?(?:的)?(国庆|元旦|五一|劳动节|十一长假)")
_YEAR_MONTH = re.compile(r"(\d{4})(?:(?:年|[-./])(\d{1,2}))?")
_RELATIVE_YEAR = {"今年": 0, "去年": -1, "大前年": -3, "前年": -2}
_YEARS_AGO = re.compile(r"^(\d{1,2})年(?:前|以前|之前)")


# 开春 / 过完年 / 年后: the weeks after the Spring Festival (February–March)
_PART_OF_YEAR = {
    "年初": 1,
    "开年": 1,
    "年头": 1,
    "过完年": 2,
    "年后": 2,
    "开春": 3,
    "上半年": 3,
    "年中": 6,
    "下半年": 9,
    "年底": 12,
}
_PART_OF_YEAR_WORDS = re.compile(
    r"年初|开年|年头|过完年|年后|开春|上半年|年中|下半年|年底|年末|年尾"
)


def _part_of_year(text: str) -> int:
    """The month a part of a year stands for (年底 → 12, 年初 → 1, 年中 → 6); 1 when none."""
    m = _PART_OF_YEAR_WORDS.search(text)
    if m is None:
        return 1
    return _PART_OF_YEAR.get(m.group(0), 12)


def parse_date(text: str, today: date) -> date | _Skip:
    """See ``_parse_date``; a date after ``today`` (「今年5月」 asked in March) is refused:
    a certificate not yet obtained has no date."""
    value = _parse_date(text, today)
    if isinstance(value, date) and value > today:
        raise AnswerError("这个时间还没到呢，请回复已经拿到证书的年月，如「2021年3月」或「去年」。")
    return value


_DATE_HEDGE = re.compile(
    r"^(?:我)?(?:应该|好像|似乎|可能|估计|大概|大约|差不多|记得|印象中)+(?:是|在)?|(?:吧|的吧|吧应该|左右)+$"
)
_JUST_NOW = re.compile(
    r"^(刚|才|刚刚|这个月|本月|这月|上周|上礼拜|上个礼拜|前几天|这几天)"
    r"(?:才)?(?:拿|考|取得|评|领|下来|出来|发)?(?:到|上|下来|出来)?(?:的|了)?(?:证)?$"
)


_WEEK_AGO = frozenset({"上周", "上礼拜", "上个礼拜", "前几天"})


def _parse_date(text: str, today: date) -> date | _Skip:
    """A date given roughly: 2021-03-15 / 2021年3月 / 23年6月 / 2021 / 今年3月 / 6月份 / 去年 → a
    date (a missing day is the 1st; a missing month is January, enough for 当年 which depends
    on the year, or the month a part of the year stands for: 去年底 → December; a month alone
    is the last such month up to today; 上个月 / 三个月前 counted back from today)."""
    if _dont_know(text):
        return SKIP
    holiday = _HOLIDAY.search(normalize(text))
    if holiday is not None:
        # 「今年国庆」「去年五一」: a Gregorian holiday's day, in the year said
        on_month, on_day = _HOLIDAYS[holiday.group(2)]
        year = today.year + _RELATIVE_YEAR.get(holiday.group(1) or "今年", 0)
        when = date(year, on_month, on_day)
        return when if holiday.group(1) or when <= today else date(year - 1, on_month, on_day)

    lunar = lunar_span(normalize(text), today)
    if lunar is not None:
        # 去年腊月, 八月十五: the lunar month's first Gregorian day (the questionnaire asks for
        # the Gregorian date when the day within it matters, ``Questionnaire.answer``)
        return lunar.first
    # 「大概是去年吧」「应该是前年」: a hedged date is still the date
    t = _DATE_HEDGE.sub("", bare(to_digits(text))) or bare(to_digits(text))
    try:
        return date.fromisoformat(t)
    except ValueError:
        pass
    just = _JUST_NOW.match(t)
    if just is not None:
        # 「刚拿的」「这个月考的」: this month; 「上周」「前几天」: the month a week back (on
        # 3 January that is last year's December, and 当年 is the calendar year)
        back = 7 if just.group(1) in _WEEK_AGO else 0
        return (today - timedelta(days=back)).replace(day=1)
    # 23年6月: this century; never 「10年前」, ten years back from today
    short = re.match(r"^(\d{2})年(?!前|以前|之前)", t)
    if short and 2000 + int(short.group(1)) <= today.year + 1:
        t = "20" + t
    only_month = re.match(r"^(\d{1,2})月份?", t)  # 6月份: the last such month up to today
    if only_month and 1 <= int(only_month.group(1)) <= 12:
        month = int(only_month.group(1))
        return date(today.year if month <= today.month else today.year - 1, month, 1)
    months_back = re.match(r"^(?:上个?月|(\d{1,2})个月(?:前|以前|之前))", t)
    if months_back:
        # 「上个月」「三个月前」: counted back from this month
        back = int(months_back.group(1) or 1)
        index = today.year * 12 + today.month - 1 - back
        return date(index // 12, index % 12 + 1, 1)
    years_ago = _YEARS_AGO.match(t)  # 「三年前」: that year, counted back from this one
    if years_ago:
        # this month that many years back (「三年前」 is three years, not three and a part),
        # or the part of that year said (「三年前年底」)
        month = _part_of_year(t) if _PART_OF_YEAR_WORDS.search(t) else today.month
        return date(today.year - int(years_ago.group(1)), month, 1)
    for word, delta in _RELATIVE_YEAR.items():
        if t.startswith(word):
            m = re.search(r"(\d{1,2})月", t)
            month = int(m.group(1)) if m else _part_of_year(t)
            if 1 <= month <= 12:
                return date(today.year + delta, month, 1)
    if _PART_OF_YEAR_WORDS.match(t):
        # 「年底」「开春考的」 with no year: this year's, or last year's when still to come
        month = _part_of_year(t)
        return date(today.year if month <= today.month else today.year - 1, month, 1)
    m = _YEAR_MONTH.search(t)
    if m:
        year, month = int(m.group(1)), int(m.group(2) or _part_of_year(t))
        if 1950 <= year <= today.year + 1 and 1 <= month <= 12:
            day = re.search(r"月(\d{1,2})[日号]?", t)
            try:
                return date(year, month, int(day.group(1)) if day else 1)
            except ValueError:
                return date(year, month, 1)
    raise AnswerError("请回复取得证书的年月，如「2021年3月」或「去年」。")


# The tier of a contest as workers say it (市里, 县里, 省赛, 全国), and its rank in any of the
# words for it (三等奖, 拿了个三等, 第一名, 头名, 冠军, 金奖); a result is a tier, then its rank
# within a few characters: 「区里一等奖，市里二等奖」 holds two, 「区里和市里都拿了一等奖」 too.
_TIER = (
    r"世界技能大赛|世赛|世界|国家级|全国|国赛|国家|省级|省里|省赛|全省|省|市级|市里|市赛|全市|市"
    r"|区级|区里|区赛|全区|县级|县里|县赛|全县|区|县"
)
_TIER_OF = {
    "世": "世界",
    "国": "国家级",
    "全国": "国家级",
    "省": "省级",
    "全省": "省级",
    "市": "市级",
    "全市": "市级",
    "区": "区级",
    "全区": "区级",
    "县": "区级",
    "全县": "区级",
}
# a rank said without its noun (拿了个三等, 第三) only where the message or its part ends
_ENDS = r"(?=$|[，。,；;！!？?\s吧啊呀呢了的嘛])"
_RANK_WORD = (
    rf"([一二三123])等(?:奖|{_ENDS})|第([一二三123])(?:名|{_ENDS})"
    r"|(头名|头奖|状元|冠军|亚军|季军|金奖|银奖|铜奖|金牌|银牌|铜牌)"
)
_RANK_OF_WORD = {"头名": 1, "头奖": 1, "状元": 1, "冠军": 1, "亚军": 2, "季军": 3}
_RANK_OF_WORD |= {"金奖": 1, "银奖": 2, "铜奖": 3, "金牌": 1, "银牌": 2, "铜牌": 3}
_RESULT = re.compile(rf"((?:{_TIER})[^，。,；;！!？?]{{0,14}}?)(?:{_RANK_WORD})")
# 优秀奖, 鼓励奖, 参与奖, 入围: a prize the documents pay nothing for (every rule names 一、二、三等奖)
_UNRANKED = re.compile(
    rf"(?:{_TIER})[^，。,；;]{{0,14}}?(?:优秀奖|鼓励奖|参与奖|纪念奖|优胜奖|入围|入选)"
)


def _tier(word: str) -> str:
    for key in sorted(_TIER_OF, key=len, reverse=True):
        if word.startswith(key) or word == key:
            return _TIER_OF[key]
    return _TIER_OF.get(word[:1], "区级")


def competition_results(text: str) -> list[dict[str, object]]:
    """Every contest result ``text`` states, as ``{"level", "rank"}``, each once, in the
    order said: 「区里一等奖，市里二等奖」 → 区级 1 and 市级 2; 「市级比赛头名」 → 市级 1;
    「省赛拿了个三等」 → 省级 3; [] when it states none."""
    out: list[dict[str, object]] = []
    for m in _RESULT.finditer(normalize(text)):
        said = m.group(2) or m.group(3) or ""
        rank = int(said) if said.isdigit() else _NUMERAL.get(said, 0)
        rank = rank or _RANK_OF_WORD.get(m.group(4) or "", 0)
        if not rank:
            continue
        for tier in re.findall(_TIER, m.group(1)):
            result: dict[str, object] = {"level": _tier(tier), "rank": rank}
            if result not in out:
                out.append(result)
    return out


def unranked_prize(text: str) -> bool:
    """Whether ``text`` names only a prize no document pays (市级优秀奖, 区里的鼓励奖)."""
    return bool(_UNRANKED.search(normalize(text))) and not competition_results(text)


def parse_competition(text: str) -> dict[str, object] | list[dict[str, object]] | _Skip | None:
    """Competition results: 「区级二等奖」 → {"level": "区级", "rank": 2}; several (「区里一等
    奖，市里二等奖」) → a list of them; 没有/没参加, or a prize no document pays (优秀奖, 鼓励奖:
    every rule names 一、二、三等奖) → None."""
    if _dont_know(text):
        return SKIP
    b = bare(to_digits(text))
    results = competition_results(text)
    if results:
        return results[0] if len(results) == 1 else results
    if (
        b in _NO
        or b.startswith(("没", "无", "未"))
        or re.search(r"(?:没|未)(?:获|得|拿)(?:过)?奖", b)
        or unranked_prize(text)
    ):
        return None  # 「参加过没获奖」: took part, no prize
    raise AnswerError(
        "请按「级别+名次」回复，如「区级二等奖」「市级一等奖」；没获过奖回复「没有」。"
    )


# A title named by a place or a region and the kind of honour (江淮工匠, 洪泽工匠, 淮安市技术能手,
# 齐鲁首席技师): a title the worker holds, though perhaps not one the documents name (the
# engine then says it is not counted); never the worker's grade (「我是首席技师」 has no place).
_TITLE_KIND = r"(?:杰出工匠|工匠|技术能手|技能大奖|首席技师|技能标兵|技术标兵|能工巧匠|劳动模范|劳模|技能大师)"
_NAMED_TITLE = re.compile(r"([\u4e00-\u9fff]{2,4}?)" + _TITLE_KIND + r"(?!工作室|工作站)")
# regions named by their old names in titles: 江淮 (安徽), 皖西 (六安), 齐鲁 (山东), 苏北 …
_REGION_NAMES = frozenset({"江淮", "皖西", "皖北", "皖南", "齐鲁", "苏北", "苏中", "苏南", "鲁南"})
_WHOLE = frozenset({"全国", "全省", "全市", "全区", "全县", "中华", "中国"})


def named_titles(text: str) -> list[str]:
    """The honour titles ``text`` names by a place or region and a kind (江淮工匠, 淮安市技术
    能手), as said; the documents may name none of them."""
    out: list[str] = []
    for m in _NAMED_TITLE.finditer(text):
        for cut in range(len(m.group(1))):
            lead = m.group(1)[cut:]
            if (
                lead in _REGION_NAMES
                or lead in _WHOLE
                or (len(lead) >= 2 and resolve_places(lead) and resolve_places(lead)[0].start == 0)
            ):
                out.append(text[m.start(1) + cut : m.end()])
                break
    return out


_OPTION_NUMBERS = re.compile(
    r"(?:(?:第|选|还有|和|跟|与|及)?\d+(?:号|个|项)?[\s、,，;；和跟与及.。]*)*"
)


def parse_titles(text: str, known: Sequence[str]) -> list[str] | _Skip:
    """Honour titles held: every known title named in the text (or its number in the list);
    没有 → []."""
    if _dont_know(text):
        return SKIP
    b = bare(to_digits(text))
    if b in _NO or b.startswith(("没", "无")):
        return []
    found = [t for t in known if t in b]
    # 「江淮工匠」: a title held that the list (the documents) does not name; kept as said, so
    # the question is not asked again (the result says it is not counted)
    found += [t for t in named_titles(text) if not any(t in k or k in t for k in found)]
    rest = to_digits(text)
    for title in found:
        rest = rest.replace(title, " ")
    # option numbers only from a list of them (「1 3」「第2个」「3和5」), never from a date or
    # a count the message states (「去年三月」 is not title 3)
    numbers = (
        [int(n) for n in re.findall(r"\d+", rest) if 1 <= int(n) <= len(known)]
        if _OPTION_NUMBERS.fullmatch(rest.strip())
        else []
    )
    found += [known[n - 1] for n in numbers if known[n - 1] not in found]
    if not found:
        raise AnswerError("请回复荣誉称号的编号（可多个，如「1 3」），没有请回复「没有」。")
    return found
