"""Every profile fact a free-form message states, for the questionnaire.

「三级工，从外地引进的，合同签了1年」 → ``{"skill_level": "高级工", "introduced": True,
"contract_years": 1.0}``. Each field has one reader (a dict of readers, not a chain); a reader
returns the value, or None when the message says nothing about its field. Values are as the
questionnaire stores them (dates ISO, competition as ``{"level", "rank"}``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from bot import parsing
from bot.context import level_in
from bot.lunar import obtained_on
from bot.places import named_place
from bot.questions import EMPLOYER_ALIASES, HONOURS
from policy_kb.eligibility.profile import EMPLOYER_TYPES
from policy_kb.places import resolve_places
from policy_kb.regions import on_change
from policy_kb.regions import region as region_info
from policy_kb.search.text import simplified

_NUM = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十半]+)"

_INTRODUCED_NO = re.compile(
    r"(?:不是|没|没有|并非|非)(?:从外地|外地|区外|外面)?(?:引进|招引|挖)|本地人|本地的"
    r"|(?:在)?(?:本地|当地|区里)(?:招|招聘|招工|招进来)的"
)
_INTRODUCED_YES = re.compile(
    r"引进|从外地|外地来|外地过来|区外来|外省来|挖过来|招过来|新来的"
    r"|从[^，。,；;]{1,6}(?:过来|来的|来这|调过来|调来)"
)
_OTHER_PROVINCE_YES = re.compile(r"外省|省外|从.{1,4}省(?:来|过来)|跨省")
_OTHER_PROVINCE_NO = re.compile(r"省内|本省|同一个省|不是外省|不是省外")
# 「十来个月」「二十几个月」「三年多」: the round number said
_ABOUT = r"(?:来|几|多)?"
# a length's unit, with the half that may follow it: 「一年半」 is 18 months, never 12
_YEAR_UNIT = r"周?年半?"
# 「六个多月」: the round number, 个, then the word saying it is about that
_MONTH_UNIT = r"个" + _ABOUT + r"月"
_CONTRACT = re.compile(
    r"合同[^，。,；;]{0,6}?" + _NUM + _ABOUT + r"(?:" + _YEAR_UNIT + r"|" + _MONTH_UNIT + r")"
)
_CONTRACT_BEFORE = re.compile(
    r"签(?:了|订了?)?" + _NUM + r"(" + _YEAR_UNIT + r")(?:的)?(?:劳动)?合同"
)
_CONTRACT_OPEN = re.compile(r"无固定期限|长期合同|合同.{0,4}长期")
_INSURANCE = re.compile(
    r"(?:社保|社会保险|五险|保险)[^，。,；;]{0,6}?"
    + _NUM
    + _ABOUT
    + r"(?:"
    + _MONTH_UNIT
    + r"|月|"
    + _YEAR_UNIT
    + r")"
)
_INSURANCE_BEFORE = re.compile(
    _NUM + _ABOUT + r"(" + _MONTH_UNIT + r"|" + _YEAR_UNIT + r")的?(?:社保|社会保险)"
)
_TENURE = re.compile(
    r"(?:干了|做了|工作了|待了|呆了|上了|上班|干活|连续工作|连续干|工龄|干满|做满|工作满|待满|呆满|干够|干足|做够)"
    + r"[^，。,；;第]{0,3}?"  # 「上班第一年考的证」 says when, not how long
    + _NUM
    + _ABOUT
    + r"("
    + _YEAR_UNIT
    + r"|"
    + _MONTH_UNIT
    + r")"
)
_IN_REGION_YES = re.compile(
    r"(?:厂子|工厂|厂|公司|单位|企业)(?:就|也|是|都)?(?:在|位于)(?:本地|本区|区里|区内|这边|当地|本市|市里)|(?:在|是)?(?:本区|区里|本地|这边|本市|当地)注册|注册在(?:本|这|当地)|注册地(?:在|是)?(?:本|这|当地)|(?:本地|本区|我区|区内|区里)(?:的)?[^，。,；;]{0,8}(?:企业|公司|厂|单位|产业|私企|民企|国企|外企)"
)
_IN_REGION_NO = re.compile(r"(?:在)?(?:外地|区外|外区|外市)注册|注册在外")
# 「急需岗位」「岗位是急需的」「工种紧缺」: the post (or trade) and the need, in either order.
_NEED = r"(?:急需|急缺|紧缺|短缺|缺人)"
_POST = r"(?:岗位|工种|岗|职位)"
_SHORTAGE_YES = re.compile(
    rf"急需紧缺|{_NEED}[^，。,；;]{{0,4}}{_POST}|{_POST}[^，。,；;]{{0,4}}{_NEED}"
    # 「紧缺」 said alone as a part of the message, as 「重点产业」 is
    r"|(?:^|[，,、；;\s])(?:是|属于|算)?(?:急需|紧缺|急缺)的?(?=$|[，,、。；;\s])"
)
_SHORTAGE_NO = re.compile(
    rf"(?:不是|不属于|非|不算)(?:急需|紧缺|急缺)|不(?:急需|紧缺|急缺|缺人)|{_POST}[^，。,；;]{{0,3}}(?:一般|普通)"
)
# 「厂子是重点产业」「重点企业」「属于新兴产业」
_KEY_INDUSTRY_YES = re.compile(
    r"重点(?:产业|企业|行业|项目)|战略性新兴|新兴产业|(?:产业|企业|行业)[^，。,；;]{0,4}重点"
)
_KEY_INDUSTRY_NO = re.compile(
    r"(?:不是|不属于|不算|非)(?:重点|新兴)|(?:产业|企业|行业)[^，。,；;]{0,3}一般"
)
_INSURANCE_ALWAYS = re.compile(
    r"社保[^，。,；;]{0,4}(?:一直|都|全|按时|按月|正常)[^，。,；;]{0,3}(?:交|缴)|(?:一直|都)(?:在)?(?:交|缴)(?:着)?社保"
)
# the wage's whole phrase (「工资一个月到手五千」「税后工资1万5到2万」): parsing.parse_yuan reads it
_SALARY = re.compile(r"(?:工资|月薪|薪水|收入|到手)([^，。,；;]{1,16})")
#: Below this a monthly wage read from a message is some other number (「工资3年没涨」).
_LEAST_WAGE = 100.0
# a part of the year said after the year (「去年年底」「今年开春」) or alone (「年底拿的证」)
_PART_OF_YEAR = r"年?(?:底|末|初|中|尾)|上半年|下半年|开春|过完年|年后"
_PART_OF_YEAR_ALONE = r"年(?:底|末|初|尾)|上半年|下半年|开春|过完年"
_OBTAINED = re.compile(
    r"((?:\d{4}年\d{1,2}月|\d{4}年|\d{2}年\d{1,2}月|(?<!\d)\d{2}年(?!前|以前|之前|了|多|半)|今年\d{0,2}月?|去年\d{0,2}月?|大前年\d{0,2}月?"
    r"|前年\d{0,2}月?|\d{1,2}年(?:以|之)?前"
    r"|上个?月|\d{1,2}个月前)(?:" + _PART_OF_YEAR + r")?|" + _PART_OF_YEAR_ALONE + r")"
    r"[^，。,；;]{0,4}?(?:拿|取得|考|获得|评上|领)"
)
_OBTAINED_AFTER = re.compile(
    r"(?:证书?|证)[^，。,；;]{0,4}?(?:是)?(\d{4}年\d{1,2}月|\d{4}年|\d{2}年\d{1,2}月|(?<!\d)\d{2}年(?!前|以前|之前|了|多|半)|今年\d{0,2}月?|去年\d{0,2}月?"
    r"|大前年\d{0,2}月?|前年\d{0,2}月?|\d{1,2}年(?:以|之)?前)"
)
_NO_COMPETITION = re.compile(
    r"没(?:有)?(?:参加|参赛|比过)|没(?:有)?(?:获|得|拿|中)过?[^，。,；;]{0,4}奖|没有获奖|没获奖"
    r"|(?:比赛|竞赛|大赛)[^，。,；;]{0,3}(?:没|没有)(?:参加|获奖|得奖|拿奖|拿过|得过)"
)
_NO_HONOURS = re.compile(
    r"没(?:有|啥|什么|得过|评过|拿过|获过)?[^，。,；;]{0,3}(?:荣誉|称号)|没评过"
    r"|(?:荣誉|称号)[^，。,；;]{0,3}(?:没|没有|都没)"
)


# 「不到」「将近」「快」: short of the length said; 「大」(大半年): more than it
_UNDER_BEFORE = re.compile(r"(?:不到|不满|没到|没满|不足|将近|快要|快|接近|大|小)$")


# What may follow a length and change it: 「两年零十一个月」「三年差一个月」「两年不到」
_LENGTH_TAIL = re.compile(
    r"(?:零?\d+(?:来|几|多)?个?(?:来|几|多)?月)?(?:(?:还)?差\d+个?月)?"
    r"(?:都|还|也)?(?:不到|不满|没到|没满|不足)?"
)
# 「七八个月」 (7到8个月 once written in digits), 「1-2年」: the range's shorter end, said before
_RANGE_BEFORE = re.compile(r"\d+(?:\.\d+)?(?:个?月|年)?(?:到|至|-|~|～)$")
# 「差一个月就干满三年」: the months it lacks, said before
_SHORT_BEFORE = re.compile(r"差(\d+)个?月(?:就|才|还)?(?:能)?$")


def _duration(text: str, m: re.Match[str]) -> str:
    """The duration a match states, from its number on, with the words around it that change
    it: 「社保还不到半年」 is under six months, 「干了大半年」 more than six, 「两年零十一个月」
    35 months, 「三年差一个月」 and 「差一个月干满三年」 35, 「两年不到」 under 24."""
    span = m.group(0)[m.start(1) - m.start() :]
    tail = _LENGTH_TAIL.match(text, m.end())
    span += tail.group(0) if tail is not None else ""
    before = _UNDER_BEFORE.search(text, 0, m.start(1)) or _RANGE_BEFORE.search(text, 0, m.start(1))
    if before:
        return before.group(0) + span
    short = _SHORT_BEFORE.search(text, 0, m.start())
    return f"差{short.group(1)}个月满{span}" if short else span


def _years(text: str) -> float | None:
    try:
        value = parsing.parse_years(text)
    except parsing.AnswerError:
        return None
    return value if isinstance(value, float) else None


def _months(text: str) -> int | None:
    try:
        value = parsing.parse_months(text)
    except parsing.AnswerError:
        return None
    return value if isinstance(value, int) else None


def _bool_field(yes: re.Pattern[str], no: re.Pattern[str]) -> Callable[[str, date], bool | None]:
    def read(text: str, _today: date) -> bool | None:
        if no.search(text):
            return False
        if yes.search(text):
            return True
        return None

    return read


def _region(text: str, _today: date) -> str | None:
    place = named_place(text)
    return place.region if place is not None else None


# 「没证」「没有等级」「啥证都没考过」「没考过什么证」「一个证也没有」: no certificate at all
_NO_CERTIFICATE = re.compile(
    r"没(?:有)?(?:证|等级|技能等级)|无证"
    r"|(?:啥|什么|任何|一个)(?:证|证书|等级)[^，。,；;]{0,3}(?:都|也)(?:没|没有|无)"
    r"|没(?:考|拿|评|办)(?:过|到)?(?:啥|什么|任何)?(?:证|证书|等级)"
)


def _skill_level(text: str, _today: date) -> str | None:
    if _NO_CERTIFICATE.search(text):
        return "无"
    return level_in(text)


# 「没签劳动合同」「合同还没签」「没有合同」: no contract at all, 0 years, so a rule asking only
# that one exists (叶集 四 已签订劳动合同) is missed rather than presumed from the worker's tenure
_NO_CONTRACT = re.compile(
    r"(?:没|没有|未|还没|从没|不)(?:跟[^，。,；;]{1,6})?(?:签|签订|订)(?:过|的)?(?:劳动)?合同"
    r"|(?:劳动)?合同(?:还|都|也)?(?:没|没有|未)(?:签|订)"
    r"|(?:没有|没|无)(?:签)?(?:劳动)?合同"
)


def _contract(text: str, _today: date) -> float | None:
    if _NO_CONTRACT.search(text):
        return 0.0
    if _CONTRACT_OPEN.search(text):
        return parsing.OPEN_ENDED_YEARS
    m = _CONTRACT.search(text)
    if m:
        return _years(_duration(text, m))
    m = _CONTRACT_BEFORE.search(text)
    if m is None:
        return _bare_length(_CONTRACT_BARE, text, parsing.MAX_MONTHS / 12)
    return _years(m.group(1) + m.group(2))


# 「前年腊月开始在这干的」「2022年入职」「社保从今年3月开始交」: a length said by when it began
_WHEN = r"([^，。,；;]{2,12}?)"
_TENURE_SINCE = re.compile(
    _WHEN
    + r"(?:开始|起)(?:就)?(?:在这|在这里|在这儿|在厂里|在这个厂|在这家|在本单位|在单位|在公司)?"
    r"(?:干|上班|工作|做事|做工|打工)|" + _WHEN + r"(?:入职|进厂|进的厂|进的公司|来的厂|进来)"
)
_INSURANCE_SINCE = re.compile(
    r"(?:社保|社会保险)[^，。,；;]{0,3}?" + _WHEN + r"(?:开始|起)(?:交|缴|买|上)"
    r"|" + _WHEN + r"(?:开始|起)(?:交|缴|买|上)(?:的)?(?:社保|社会保险)"
)
_SINCE_LEAD = re.compile(r"^(?:我|俺|是|都|也|就|从|自|打|自从)+")


def _when_began(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    if m is None:
        return None
    return _SINCE_LEAD.sub("", next(g for g in m.groups() if g))


def _months_since(pattern: re.Pattern[str], text: str, today: date) -> float | None:
    when = _when_began(pattern, text)
    span = None if when is None else parsing.months_since(when + "开始", today)
    return None if span is None else span[0]


_SINCE_OF = {"tenure_years": _TENURE_SINCE, "insurance_months": _INSURANCE_SINCE}


def began_said(name: str, text: str) -> str | None:
    """When ``text`` says the length ``name`` (tenure_years, insurance_months) began, as said
    (「社保去年开始交的」 → 「去年」); None when it gives no beginning for that field."""
    pattern = _SINCE_OF.get(name)
    norm = parsing.to_digits(text) if re.search(r"[一二两三四五六七八九十]", text) else text
    return None if pattern is None else _when_began(pattern, norm)


# 「一共交了两年」「累计缴了30个月」 in a message about 社保: the total paid, said with a gap
_INSURANCE_TOTAL = re.compile(
    r"(?:[一1]共|总共|累计|合计|加起来|前后|总计)(?:也|就)?(?:交|缴|买|上)?(?:了|过)?"
    + _NUM
    + _ABOUT
    + r"(?:"
    + _MONTH_UNIT
    + r"|月|"
    + _YEAR_UNIT
    + r")"
)


#: How far before a length of 社保 a gap word still says the length is a gap (「中间断过一年社保」).
GAP_BEFORE = 3


# A length said by voice without its unit (「社保交了36」「干了3」「合同签了3」): months of 社保,
# years of work or of a contract, as the questionnaire's questions count them; never a number a
# unit, a measure word or another digit follows.
_NO_UNIT = r"(\d{1,3})(?![\d.年月个万千百元块岁天周次号点多来余%])"
_INSURANCE_BARE = re.compile(
    r"(?:社保|社会保险|五险一金|五险)(?:也|都|一共|总共)?(?:交|缴)了?" + _NO_UNIT
)
_TENURE_BARE = re.compile(r"(?:干了|做了|工作了|上班)" + _NO_UNIT)
_CONTRACT_BARE = re.compile(r"合同(?:也|都)?签了?" + _NO_UNIT)


def _bare_length(pattern: re.Pattern[str], text: str, most: float) -> float | None:
    m = pattern.search(text)
    if m is None or not 0 < float(m.group(1)) <= most:
        return None
    return float(m.group(1))


def _insurance(text: str, today: date) -> int | None:
    since = _months_since(_INSURANCE_SINCE, text, today)
    if since is not None:
        return int(since)
    total = _INSURANCE_TOTAL.search(text)
    if total is not None and re.search(r"社保|社会保险|五险|保险", text):
        return _months(_duration(text, total))
    for pattern in (_INSURANCE, _INSURANCE_BEFORE):
        for m in pattern.finditer(text):
            # the gap word may come just before the length (「断过一年社保」) or inside
            if parsing.GAP.search(text, max(0, m.start() - GAP_BEFORE), m.start(1)):
                # 「社保断了两年」: a gap in paying is not the months paid (the questionnaire
                # asks for the total, ``parsing.gap_only``)
                continue
            return _months(_duration(text, m))
    bare_months = _bare_length(_INSURANCE_BARE, text, parsing.MAX_MONTHS)
    return None if bare_months is None else int(bare_months)


def _tenure(text: str, today: date) -> float | None:
    since = _months_since(_TENURE_SINCE, text, today)
    if since is not None:
        return round(since / 12, 2)
    m = _TENURE.search(text)
    if m is None:
        return _bare_length(_TENURE_BARE, text, parsing.MAX_MONTHS / 12)
    return _years(_duration(text, m))


def _employer(text: str, _today: date) -> str | None:
    if "区属国有" in text or "区属国企" in text:
        return "区属国有企业"
    for name in sorted(EMPLOYER_TYPES, key=len, reverse=True):
        if name != "其他" and name in text:
            return name
    for alias, name in sorted(EMPLOYER_ALIASES.items(), key=lambda kv: -len(kv[0])):
        if alias in text:
            return name
    return None


def _salary(text: str, _today: date) -> float | None:
    m = _SALARY.search(text)
    if m is None:
        return None
    try:
        value = parsing.parse_yuan(m.group(1))
    except parsing.AnswerError:
        return None
    return value if isinstance(value, float) and value >= _LEAST_WAGE else None


def _obtained(text: str, today: date) -> str | None:
    m = _OBTAINED.search(text) or _OBTAINED_AFTER.search(text)
    if m is None:
        return None
    raw = m.group(1)
    if re.match(r"\d{2}年(?!前|以前|之前)", raw):  # 「23年」 is 2023; 「10年前」 counts back
        raw = "20" + raw
    try:
        value = parsing.parse_date(raw, today)
    except parsing.AnswerError:
        return None
    return value.isoformat() if isinstance(value, date) else None


def _competition(text: str, _today: date) -> dict[str, object] | list[dict[str, object]] | None:
    """Every contest result the message states (``parsing.competition_results``): one as
    ``{"level", "rank"}``, several as a list of them (区里一等奖，市里二等奖)."""
    found = parsing.competition_results(text)
    if not found:
        return None
    return found[0] if len(found) == 1 else found


def _honours(text: str, _today: date) -> list[str] | None:
    if _NO_HONOURS.search(text):
        return []
    found = [h for h in HONOURS if h in text]
    found += [t for t in parsing.named_titles(text) if not any(t in h or h in t for h in found)]
    return found or None


def _origin_province(text: str) -> str | None:
    """The province of a place the worker says they came from (「从安徽过来」), or None."""
    for mention in resolve_places(text):
        if mention.start > 0 and text[mention.start - 1] == "从":
            return mention.province or (mention.name if mention.level == "province" else None)
    return None


READERS: dict[str, Callable[[str, date], Any]] = {
    "region": _region,
    "skill_level": _skill_level,
    "level_obtained_on": _obtained,
    "introduced": _bool_field(_INTRODUCED_YES, _INTRODUCED_NO),
    "from_other_province": _bool_field(_OTHER_PROVINCE_YES, _OTHER_PROVINCE_NO),
    "shortage_post": _bool_field(_SHORTAGE_YES, _SHORTAGE_NO),
    "key_industry": _bool_field(_KEY_INDUSTRY_YES, _KEY_INDUSTRY_NO),
    "employer_type": _employer,
    "employer_in_region": _bool_field(_IN_REGION_YES, _IN_REGION_NO),
    "contract_years": _contract,
    "insurance_months": _insurance,
    "tenure_years": _tenure,
    "competition": _competition,
    "honors": _honours,
    "monthly_salary": _salary,
}


_REGISTERED_AT = re.compile(
    r"(?:在|注册在|注册地(?:在|是)?|落户在?)([^，。,；;]{1,10}?)(?:注册|登记)"
    r"|注册(?:在|地在|地是|地)([^，。,；;]{1,10})"
)


# 「我们厂在洪泽」「公司就在叶集」「在宿迁的一家厂上班」「洪泽的企业」: where the employer is.
_EMPLOYER = r"(?:厂子|工厂|厂|公司|单位|企业)"
_LOCATED_AT = re.compile(
    rf"{_EMPLOYER}(?:就|也|是|都)?(?:在|位于|落在)([^，。,；;]{{1,10}})"
    rf"|(?:在)?([^，。,；;在]{{1,10}}?)(?:的|这边的|那边的)(?:一家|一个|这家|个)?{_EMPLOYER}"
)


def _registered_in(text: str, region: str | None) -> bool | None:
    """「厂子在洪泽注册的」「公司注册地是苏州」, or where it is: 「我们厂在洪泽」「在宿迁的一家厂
    上班」: whether the employer is in ``region`` (the worker's), from the place named; None
    when no place or no region. An employer said to be in a place is taken as registered
    there (the rules' 区内企业 / 我区企业); 「注册在外地」 is read by ``_IN_REGION_NO`` first."""
    if region is None:
        return None
    m = _REGISTERED_AT.search(text)
    if m is not None:
        place = named_place(m.group(1) or m.group(2) or "")
        if place is not None:
            return place.region == region
    m = _LOCATED_AT.search(text)
    if m is not None:
        place = named_place(m.group(1) or m.group(2) or "")
        if place is not None and (place.region == region or m.group(1)):
            # 「厂在苏州」 says where it is now; 「在苏州的公司上过班」 may be a past job
            return place.region == region
    return None


def facts_in(text: str, today: date, region: str | None = None) -> dict[str, Any]:
    """Every profile field ``text`` states, as the questionnaire stores it; {} for none.

    A competition the worker says they never won is recorded as None (the questionnaire's
    "no prize"); every other field is left out when the text does not state it.
    ``region``: the worker's region when the text does not name one (the questionnaire's),
    for facts relative to it (「厂子在洪泽注册的」 → employer_in_region).
    """
    if not text:
        return {}
    text = simplified(text)  # 「社保繳了兩年」: typed in traditional characters
    # a new dict, its lists and dicts new too: the caller's own to change
    return {
        k: dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v
        for k, v in _facts_in(text, today, region).items()
    }


# Read of every message (the facts a worker states are remembered) and again by the
# questionnaire and the what-if readers: kept for the last few thousand texts; they read the
# text, the day and the region registry (dropped when it changes, as ``bot.intents``' are).
@functools.lru_cache(maxsize=4096)
def _facts_in(text: str, today: date, region: str | None) -> dict[str, Any]:
    # every message: Chinese numerals, full-width digits and dates written 202305 / 2023.5
    norm = parsing.to_digits(text)
    out: dict[str, Any] = {}
    for name, read in READERS.items():
        source = text if name in ("region", "skill_level", "honors", "competition") else norm
        value = read(source, today)
        if name == "level_obtained_on":
            # 「去年腊月拿的证」: a lunar date, read before its numerals became digits
            lunar = obtained_on(text, today)
            value = lunar.first.isoformat() if lunar is not None else value
        if value is not None:
            out[name] = value
    if "competition" not in out and (_NO_COMPETITION.search(text) or parsing.unranked_prize(text)):
        # 「市级优秀奖」: a prize no rule pays (they name 一、二、三等奖), kept as none ranked
        out["competition"] = None
    if "employer_in_region" not in out:
        registered = _registered_in(text, out.get("region") or region)
        if registered is not None:
            out["employer_in_region"] = registered
    origin = _origin_province(text)
    region = out.get("region") or region
    if origin and isinstance(region, str) and "from_other_province" not in out:
        # 「从安徽过来」 to 洪泽 (江苏省): from another province; the place the message names,
        # else the worker's (the questionnaire's, asked 「是从外地引进的吗」)
        out["from_other_province"] = origin != region_info(region).province
    if "insurance_months" not in out and "tenure_years" in out and _INSURANCE_ALWAYS.search(text):
        # 「同一家干了6年，社保一直在交」: insured for as long as they have worked there
        out["insurance_months"] = int(out["tenure_years"] * 12)
    return out


on_change(_facts_in.cache_clear)
