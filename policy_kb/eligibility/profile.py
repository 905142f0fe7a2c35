"""The worker profile: what the eligibility engine knows about one worker, validated.

A profile is a JSON object (DESIGN.md "Worker profile"). Every field except ``region`` is
optional, and an absent field (or ``null``) means *not answered*: the engine treats it as unknown,
never as false or zero. ``parse_profile`` checks every field and reports every bad one at once.

``PROFILE_FIELDS`` describes each field (label, type, choices, unit, question) so that the chat
questionnaire and the mini-program can build their questions from one source.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeVar

from policy_kb.regions import REGIONS, canonical_region
from policy_kb.skill_levels import GRADES, HIGH_SKILL_LEVELS, SKILL_LEVELS

__all__ = [
    "COMPETITION_LEVELS",
    "EMPLOYER_TYPES",
    "HIGH_SKILL_LEVELS",
    "KNOWN_HONORS",
    "PROFILE_FIELDS",
    "SKILL_LEVELS",
    "Competition",
    "FieldSpec",
    "Profile",
    "ProfileError",
    "canonical_honor",
    "canonical_skill_level",
    "field_spec",
    "level_rank",
    "parse_profile",
]


_LEVEL_ALIASES: dict[str, str] = {
    **{lv: lv for lv in SKILL_LEVELS},
    **GRADES,
    **{g + "工": lv for g, lv in GRADES.items()},
    "初级": "初级工",
    "中级": "中级工",
    "高级": "高级工",
    "学徒": "学徒工",
    "没有": "无",
    "无证书": "无",
}

EMPLOYER_TYPES: tuple[str, ...] = (
    "民营企业",
    "国有企业",
    "区属国有企业",
    "集体企业",
    "外资企业",
    "事业单位",
    "个体工商户",
    "其他",
)
_EMPLOYER_ALIASES: dict[str, str] = {
    "私营企业": "民营企业",
    "民企": "民营企业",
    "私企": "民营企业",
    "国企": "国有企业",
    "外企": "外资企业",
}

COMPETITION_LEVELS: tuple[str, ...] = ("区级", "市级", "省级", "国家级", "世界")
_COMPETITION_ALIASES: dict[str, str] = {
    "县级": "区级",
    "区县级": "区级",
    "县区级": "区级",
    "全区": "区级",
    "地市级": "市级",
    "全市": "市级",
    "全省": "省级",
    "国家": "国家级",
    "全国": "国家级",
    "世界级": "世界",
    "世界技能大赛": "世界",
}
_RANK_WORDS: dict[str, int] = {"一等奖": 1, "二等奖": 2, "三等奖": 3}
# Spellings that mean "no competition result" (an answer, unlike an absent field).
_NO_COMPETITION: frozenset[str] = frozenset({"无", "没有", "none"})

# Titles the five documents name; a profile may hold others (they match no rule, with a warning).
KNOWN_HONORS: tuple[str, ...] = (
    "中华技能大奖",
    "全国技术能手",
    "江淮杰出工匠",
    "安徽省技能大奖",
    "安徽省技术能手",
    "皖西杰出工匠",
    "六安市技术能手",
    "六安市首席技师",
    "世界技能大赛中国队选手",
    "全国职业院校技能大赛一等奖",
    "枣庄市首席技师",
    "枣庄市技术能手",
    "连云港市技术能手",
    "连云港市技能标兵",
)
_HONOR_ALIASES: dict[str, str] = {
    "世界技能大赛中国队队员": "世界技能大赛中国队选手",
    "全国职业院校技能大赛一等奖选手": "全国职业院校技能大赛一等奖",
}

FieldType = Literal["bool", "int", "float", "date", "enum", "list", "competition"]


@dataclass(frozen=True)
class FieldSpec:
    """Metadata of one profile field, for questionnaires and error messages.

    name: the JSON key; label: Chinese label; type: bool|int|float|date|enum|list|competition;
    choices: allowed values of an enum, suggested values of a list (``honors``), competition
    levels for ``competition``; unit: ``"months"``, ``"years"`` or ``"yuan"`` for numbers;
    question: how to ask for it in plain words; required: only ``region``.
    """

    name: str
    label: str
    type: FieldType
    question: str
    choices: tuple[str, ...] = ()
    unit: Literal["months", "years", "yuan"] | None = None
    required: bool = False

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: name, label, type, question, choices (list), unit, required."""
        return {
            "name": self.name,
            "label": self.label,
            "type": self.type,
            "question": self.question,
            "choices": list(self.choices),
            "unit": self.unit,
            "required": self.required,
        }


PROFILE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("as_of", "测算日期", "date", "按哪一天测算？（默认今天）"),
    FieldSpec(
        "region",
        "所在地区",
        "enum",
        "你在哪个区（市）工作？",
        tuple(r.name for r in REGIONS),
        required=True,
    ),
    FieldSpec("skill_level", "技能等级", "enum", "你现在的技能等级是？", SKILL_LEVELS),
    FieldSpec("level_obtained_on", "取得现等级的日期", "date", "现在这个等级证书是哪天取得的？"),
    FieldSpec("introduced", "是否从区外新引进", "bool", "你是从外地（区外）新引进来工作的吗？"),
    FieldSpec("from_other_province", "是否从省外引进", "bool", "你是从外省来的吗？"),
    FieldSpec("shortage_post", "是否急需紧缺岗位", "bool", "你的岗位属于急需紧缺岗位吗？"),
    FieldSpec(
        "key_industry",
        "单位是否重点产业、战略性新兴产业",
        "bool",
        "你的单位属于重点产业或战略性新兴产业吗？",
    ),
    FieldSpec("employer_type", "单位性质", "enum", "你的单位是什么性质？", EMPLOYER_TYPES),
    FieldSpec(
        "employer_in_region", "单位是否在本区注册", "bool", "你的单位是在本区（市）注册的吗？"
    ),
    FieldSpec(
        "contract_years", "劳动合同期限", "float", "你和单位签的劳动合同是几年的？", unit="years"
    ),
    FieldSpec(
        "insurance_months",
        "在现单位缴纳社保月数",
        "int",
        "你在现在的单位交了多少个月社保？",
        unit="months",
    ),
    FieldSpec(
        "tenure_years",
        "在现单位连续工作年限",
        "float",
        "你在现在的单位连续工作几年了？",
        unit="years",
    ),
    FieldSpec(
        "competition",
        "技能竞赛获奖",
        "competition",
        "参加职业技能竞赛获过奖吗？什么级别、第几名（一、二、三等奖）？获过几次都说上",
        COMPETITION_LEVELS,
    ),
    FieldSpec("honors", "荣誉称号", "list", "获得过哪些荣誉称号？", KNOWN_HONORS),
    FieldSpec("monthly_salary", "税后月工资", "float", "你每月税后工资大约多少元？", unit="yuan"),
)
_SPECS: dict[str, FieldSpec] = {f.name: f for f in PROFILE_FIELDS}


def field_spec(name: str) -> FieldSpec:
    """The FieldSpec of a profile field. Raises KeyError for an unknown field name."""
    return _SPECS[name]


def level_rank(level: str) -> int:
    """Position of a canonical skill level on the ladder (无 = 0 … 首席技师 = 8).

    Raises ValueError for a name that is not a canonical level.
    """
    return SKILL_LEVELS.index(level)


def canonical_skill_level(value: str) -> str | None:
    """The canonical level for a name or grade, or None if it cannot be read.

    Accepts the names of ``SKILL_LEVELS``, the grades 五级..一级 (also 五级工), and both at once
    (``"三级/高级工"``, ``"高级技师（一级）"``) when they agree.
    """
    tokens = [t for t in re.split(r"[\s/／()（）、,，]+", value.strip()) if t]
    tokens = [t.removeprefix("职业技能等级").removeprefix("职业资格") for t in tokens]
    levels = {_LEVEL_ALIASES.get(t) for t in tokens}
    if not tokens or None in levels or len(levels) != 1:
        return None
    return levels.pop()


def canonical_honor(value: str) -> str:
    """A title as the catalogue spells it: quotes, 获得者 and 称号 removed, aliases resolved."""
    v = re.sub(r"[\s“”\"'「」『』《》]", "", value)
    for suffix in ("荣誉称号", "称号", "获得者"):
        v = v.removesuffix(suffix)
    return _HONOR_ALIASES.get(v, v)


@dataclass(frozen=True)
class Competition:
    """A worker's competition results: ``level`` one of COMPETITION_LEVELS, ``rank`` 1..3
    (一、二、三等奖); ``also`` the further results of a worker with more than one (区级一等奖
    and 市级二等奖: each tier's benefits are the documents' for that tier, e.g. 台儿庄 三（二）6
    pays a 区级 prize and names 市级 results apart), as ``(level, rank)`` pairs.

    ``Competition.NONE`` (level "无", rank 0) records the answer "no competition result".
    """

    level: str
    rank: int
    also: tuple[tuple[str, int], ...] = ()

    NONE_LEVEL = "无"

    @property
    def is_none(self) -> bool:
        """True for the answer "no competition result"."""
        return self.level == self.NONE_LEVEL

    @property
    def results(self) -> tuple[tuple[str, int], ...]:
        """Every result as ``(level, rank)``; () for "no competition result"."""
        return () if self.is_none else ((self.level, self.rank), *self.also)

    def among(self, levels: tuple[str, ...]) -> Competition | None:
        """The results of the tiers ``levels`` only, best rank first; None when none is."""
        kept = sorted((r for r in self.results if r[0] in levels), key=lambda r: r[1])
        if not kept:
            return None
        return Competition(kept[0][0], kept[0][1], tuple(kept[1:]))

    def describe(self) -> str:
        """Plain words: ``"区级二等奖"``, ``"区级一等奖、市级二等奖"`` or ``"无"``."""
        if self.is_none:
            return "无"
        return "、".join(f"{level}{'一二三'[rank - 1]}等奖" for level, rank in self.results)

    def to_json(self) -> object:
        """JSON form: ``{"level", "rank"}`` for one result (as profiles have always held it), a
        list of them for several, or ``"无"``."""
        if self.is_none:
            return "无"
        each = [{"level": level, "rank": rank} for level, rank in self.results]
        return each[0] if len(each) == 1 else each


@dataclass(frozen=True)
class Profile:
    """A validated worker profile. ``None`` means *not answered* (unknown) for every field.

    Units: contract_years and tenure_years in years, insurance_months in months (integer),
    monthly_salary in yuan after tax. ``honors`` holds canonical titles (``canonical_honor``);
    ``unknown_honors`` those of them the documents never name. ``as_of`` defaults to today.
    """

    region: str
    as_of: date
    skill_level: str | None = None
    level_obtained_on: date | None = None
    introduced: bool | None = None
    from_other_province: bool | None = None
    shortage_post: bool | None = None
    key_industry: bool | None = None
    employer_type: str | None = None
    employer_in_region: bool | None = None
    contract_years: float | None = None
    insurance_months: int | None = None
    tenure_years: float | None = None
    competition: Competition | None = None
    honors: tuple[str, ...] | None = None
    monthly_salary: float | None = None
    as_of_given: bool = field(default=True, compare=False)

    def value(self, name: str) -> object:
        """The value of a profile field by name (None = unknown). Raises KeyError if unknown."""
        if name not in _SPECS:
            raise KeyError(name)
        return getattr(self, name)

    @property
    def unknown_honors(self) -> tuple[str, ...]:
        """Titles held that no document names (they cannot match any rule)."""
        return tuple(h for h in self.honors or () if h not in KNOWN_HONORS)

    def to_dict(self) -> dict[str, object]:
        """The answered fields as JSON values (dates ISO), ``region`` and ``as_of`` always."""
        out: dict[str, object] = {}
        for spec in PROFILE_FIELDS:
            v = getattr(self, spec.name)
            if v is None:
                continue
            if isinstance(v, date):
                out[spec.name] = v.isoformat()
            elif isinstance(v, Competition):
                out[spec.name] = v.to_json()
            elif isinstance(v, tuple):
                out[spec.name] = list(v)
            else:
                out[spec.name] = v
        return out


class ProfileError(ValueError):
    """An invalid profile. ``errors`` lists every bad field as ``(field, message)``.

    ``str(err)`` is one line naming every bad field, e.g.
    ``"invalid profile: insurance_months: 应为整数（月数），收到 '很多'"``.
    """

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__(
            "invalid profile: " + "; ".join(f"{name}: {message}" for name, message in errors)
        )


_T = TypeVar("_T")


class _Bad(Exception):
    """One field's value is invalid (internal: collected into ProfileError)."""


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _Bad(f"应为 true 或 false，收到 {_describe(value)}")


def _number(value: object, what: str) -> float:
    # bool is an int in Python; a JSON true is not a count.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(f"应为数字（{what}），收到 {_describe(value)}")
    if not math.isfinite(value):
        raise _Bad(f"应为有限的数字（{what}），收到 {_describe(value)}")
    if value < 0:
        raise _Bad(f"不能为负数（{what}），收到 {_describe(value)}")
    return float(value)


def _parse_int(what: str) -> Callable[[object], int]:
    def parse(value: object) -> int:
        number = _number(value, what)
        if not number.is_integer():
            raise _Bad(f"应为整数（{what}），收到 {_describe(value)}")
        return int(number)

    return parse


def _parse_float(what: str) -> Callable[[object], float]:
    def parse(value: object) -> float:
        number = _number(value, what)
        return int(number) if number.is_integer() else number

    return parse


def _parse_date(value: object) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise _Bad(f"应为日期 YYYY-MM-DD，收到 {_describe(value)}")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise _Bad(f"不是有效日期，收到 {_describe(value)}") from None


def _parse_region(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad(f"应为地区名称，收到 {_describe(value)}")
    name = canonical_region(value)
    if name is None:
        known = "、".join(r.name for r in REGIONS)
        raise _Bad(f"不支持的地区 {value!r}（支持：{known}）")
    return name


def _parse_skill_level(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad(f"应为技能等级名称，收到 {_describe(value)}")
    level = canonical_skill_level(value)
    if level is None:
        raise _Bad(f"未知的技能等级 {value!r}（可选：{'、'.join(SKILL_LEVELS)}，或五级..一级）")
    return level


def _parse_employer_type(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad(f"应为单位性质，收到 {_describe(value)}")
    v = value.strip()
    v = _EMPLOYER_ALIASES.get(v, v)
    if v not in EMPLOYER_TYPES:
        raise _Bad(f"未知的单位性质 {value!r}（可选：{'、'.join(EMPLOYER_TYPES)}）")
    return v


def _parse_rank(value: object) -> int:
    if isinstance(value, str) and value.strip() in _RANK_WORDS:
        return _RANK_WORDS[value.strip()]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(f"名次应为 1..3，收到 {_describe(value)}")
    if value not in (1, 2, 3):
        raise _Bad(f"名次应为 1..3（一、二、三等奖），收到 {_describe(value)}")
    return int(value)


def _parse_competition(value: object) -> Competition:
    """One result ``{"level", "rank"}`` (every profile written before several were kept), a
    list of them (a worker with results in several contests; the same one twice is kept
    once), or "无" / [] for none."""
    if value is False or (isinstance(value, str) and value.strip().lower() in _NO_COMPETITION):
        return Competition(Competition.NONE_LEVEL, 0)
    if isinstance(value, list | tuple):
        results: list[tuple[str, int]] = []
        for item in value:
            one = _parse_one_result(item)
            if (one.level, one.rank) not in results:
                results.append((one.level, one.rank))
        if not results:
            return Competition(Competition.NONE_LEVEL, 0)
        return Competition(results[0][0], results[0][1], tuple(results[1:]))
    return _parse_one_result(value)


def _parse_one_result(value: object) -> Competition:
    if not isinstance(value, Mapping):
        raise _Bad(f'应为 {{"level": 级别, "rank": 1..3}}、其列表或 "无"，收到 {_describe(value)}')
    problems: list[str] = []
    extra = sorted(str(k) for k in value if k not in ("level", "rank"))
    if extra:
        problems.append(f"未知的键 {', '.join(extra)}")
    level_raw = value.get("level")
    level: str | None = None
    if not isinstance(level_raw, str):
        problems.append(f"level 应为 {'/'.join(COMPETITION_LEVELS)}，收到 {_describe(level_raw)}")
    else:
        lv = _COMPETITION_ALIASES.get(level_raw.strip(), level_raw.strip())
        if lv in COMPETITION_LEVELS:
            level = lv
        else:
            problems.append(
                f"未知的竞赛级别 {level_raw!r}（可选：{'、'.join(COMPETITION_LEVELS)}）"
            )
    rank = 0
    try:
        rank = _parse_rank(value.get("rank"))
    except _Bad as err:
        problems.append(str(err))
    if problems or level is None:
        raise _Bad("；".join(problems))
    return Competition(level, rank)


def _parse_honors(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise _Bad(f"应为荣誉称号列表，收到 {_describe(value)}")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or not canonical_honor(item):
            raise _Bad(f"每个荣誉称号应为非空文字，收到 {_describe(item)}")
        title = canonical_honor(item)
        if title not in out:
            out.append(title)
    return tuple(out)


# One parser per field: value as received (not None) -> canonical value, or _Bad.
_PARSERS: dict[str, Callable[[object], object]] = {
    "as_of": _parse_date,
    "region": _parse_region,
    "skill_level": _parse_skill_level,
    "level_obtained_on": _parse_date,
    "introduced": _parse_bool,
    "from_other_province": _parse_bool,
    "shortage_post": _parse_bool,
    "key_industry": _parse_bool,
    "employer_type": _parse_employer_type,
    "employer_in_region": _parse_bool,
    "contract_years": _parse_float("年"),
    "insurance_months": _parse_int("月数"),
    "tenure_years": _parse_float("年"),
    "competition": _parse_competition,
    "honors": _parse_honors,
    "monthly_salary": _parse_float("元"),
}


def parse_profile(data: Mapping[str, object], *, today: date | None = None) -> Profile:
    """Validate a profile mapping (DESIGN.md "Worker profile") and return a Profile.

    ``today`` is the default of ``as_of`` (default: ``date.today()``). Region aliases are resolved
    (淮安市洪泽区 → 洪泽区), grades mapped (三级 → 高级工), titles canonicalised.
    Raises ProfileError listing every bad field: an unknown key, a wrong type, a negative number,
    a non-integer month count, a bad date, an unknown region / skill level / employer type /
    competition level, a rank outside 1..3, a missing region, or a level obtained after ``as_of``.
    """
    if not isinstance(data, Mapping):
        raise ProfileError([("profile", f"应为 JSON 对象，收到 {type(data).__name__}")])
    errors: list[tuple[str, str]] = []
    values: dict[str, object] = {}
    for key in data:
        if not isinstance(key, str) or key not in _PARSERS:
            errors.append((str(key), f"未知字段（可用：{', '.join(_PARSERS)}）"))
    for name, parse in _PARSERS.items():
        raw = data.get(name)
        if raw is None:
            continue
        try:
            values[name] = parse(raw)
        except _Bad as err:
            errors.append((name, str(err)))
    if data.get("region") is None:
        errors.append(("region", "必填（所在地区）"))
    as_of = values.get("as_of")
    obtained = values.get("level_obtained_on")
    if isinstance(as_of, date) and isinstance(obtained, date) and obtained > as_of:
        errors.append(
            ("level_obtained_on", f"取得日期 {obtained.isoformat()} 晚于测算日期 {as_of}")
        )
    as_of_given = isinstance(as_of, date)
    as_of_day = as_of if isinstance(as_of, date) else (today or date.today())
    if not as_of_given and isinstance(obtained, date) and obtained > as_of_day:
        errors.append(("level_obtained_on", f"取得日期 {obtained.isoformat()} 晚于今天"))
    if errors:
        raise ProfileError(errors)
    return _build(values, as_of_day, as_of_given)


def _typed(values: Mapping[str, object], name: str, kind: type[_T]) -> _T | None:
    value = values.get(name)
    return value if isinstance(value, kind) else None


def _real(values: Mapping[str, object], name: str) -> float | None:
    value = values.get(name)
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _build(values: Mapping[str, object], as_of: date, as_of_given: bool) -> Profile:
    """A Profile from parsed values (each already of its field's type)."""
    honors = values.get("honors")
    return Profile(
        region=str(values["region"]),
        as_of=as_of,
        skill_level=_typed(values, "skill_level", str),
        level_obtained_on=_typed(values, "level_obtained_on", date),
        introduced=_typed(values, "introduced", bool),
        from_other_province=_typed(values, "from_other_province", bool),
        shortage_post=_typed(values, "shortage_post", bool),
        key_industry=_typed(values, "key_industry", bool),
        employer_type=_typed(values, "employer_type", str),
        employer_in_region=_typed(values, "employer_in_region", bool),
        contract_years=_real(values, "contract_years"),
        insurance_months=_typed(values, "insurance_months", int),
        tenure_years=_real(values, "tenure_years"),
        competition=_typed(values, "competition", Competition),
        honors=tuple(str(h) for h in honors) if isinstance(honors, tuple) else None,
        monthly_salary=_real(values, "monthly_salary"),
        as_of_given=as_of_given,
    )
