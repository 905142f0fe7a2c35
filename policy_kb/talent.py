"""The talent database's pure part (no Flask, no SQLAlchemy): 工种 (trades), the forms of a
worker's entry and of an enterprise's demand, who matches a demand, and the supply–demand
summary per district.

Policy anchors:
- 洪泽 三（一）4: 建立技能人才库，收集和完善各工种各专业高级技师、技师、高级工资料信息 … 积极为用人单位输送技能人才.
- 台儿庄 三（三）7: 建立高技能人才信息库 … 及时了解和掌握 … 企业需求，定期发布供求信息.
- 叶集 九: 定期发布技能人才供求信息，引导技能人才合理流动.

Trades come from ``policy_kb/data/trades.tsv`` (names of 《中华人民共和国职业分类大典（2022年版）》;
its header says where they come from and why no codes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from policy_kb.eligibility import canonical_skill_level
from policy_kb.eligibility.profile import level_rank
from policy_kb.identifiers import IdentifierError, check_credit_code, check_phone
from policy_kb.regions import canonical_region
from policy_kb.skill_levels import SKILL_LEVELS

#: Levels a worker or a demand may name (the ladder without 无).
TALENT_LEVELS: tuple[str, ...] = tuple(level for level in SKILL_LEVELS if level != "无")
MAX_TEXT = 64
MAX_COUNT = 10_000
#: Highest monthly wage a demand may state, yuan (a typo guard, not a policy figure).
MAX_WAGE_YUAN = 200_000
#: Longest a demand may stay open, days.
MAX_OPEN_DAYS = 366


@dataclass(frozen=True)
class Trade:
    """One 工种: ``name`` as in the 大典, its 大类 ``category``, and other ways people write it."""

    name: str
    category: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def trades() -> tuple[Trade, ...]:
    """Every trade of ``data/trades.tsv``, in the table's order."""
    text = resources.files("policy_kb").joinpath("data/trades.tsv").read_text("utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, category, aliases = [*line.split("\t"), "", ""][:3]
        out.append(Trade(name.strip(), category.strip(), tuple(a for a in aliases.split(",") if a)))
    return tuple(out)


@lru_cache(maxsize=1)
def _trade_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for trade in trades():
        for spelling in (trade.name, *trade.aliases):
            index.setdefault(_key(spelling), trade.name)
    return index


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def trade_names() -> tuple[str, ...]:
    """The trades' 大典 names, for select lists."""
    return tuple(t.name for t in trades())


def canonical_trade(value: str | None) -> str | None:
    """The 大典 name for a trade as people write it (电焊工 → 焊工, 维修电工 → 电工), or None
    when the table does not know it."""
    if not value:
        return None
    return _trade_index().get(_key(value))


class TalentFormError(ValueError):
    """A form of the talent database is invalid; ``errors`` maps each bad field to a message
    (in Chinese, naming what to fix)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


def _text(raw: Mapping[str, Any], name: str) -> str | None:
    value = raw.get(name)
    text = str(value).strip() if value is not None else ""
    return text or None


class _FormReader:
    """Reads the fields of one form, keeping a message (Chinese) per bad field in ``errors``,
    in the order the fields are read."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.errors: dict[str, str] = {}

    def text(self, name: str, label: str, limit: int, *, missing: str | None = None) -> str | None:
        """The field's text, stripped (None when empty: the error ``missing`` when given);
        more than ``limit`` characters is an error naming ``label``."""
        value = _text(self.raw, name)
        if value is None and missing:
            self.errors[name] = missing
        elif value is not None and len(value) > limit:
            self.errors[name] = f"{label}不能超过{limit}个字"
        return value

    def known(
        self,
        name: str,
        canonical: Callable[[str], str | None],
        unknown: str,
        *,
        missing: str | None = None,
        among: Collection[str] | None = None,
        check: bool = True,
    ) -> str | None:
        """The field's value as ``canonical`` names it (None when empty or not known).
        Unless ``check`` is false: an empty field is the error ``missing`` when given; one
        ``canonical`` does not know, or whose value is not ``among`` (when given), is
        ``unknown`` with its text in place of ``{}``."""
        text = _text(self.raw, name)
        value = canonical(text) if text else None
        if check and text is None and missing:
            self.errors[name] = missing
        elif check and text is not None and (value is None or (among and value not in among)):
            self.errors[name] = unknown.format(text)
        return value

    def identifier(
        self, name: str, check: Callable[[str], str], *, missing: str | None = None
    ) -> str | None:
        """The field's identifier as ``check`` normalises it (None when empty: the error
        ``missing`` when given); the IdentifierError ``check`` raises is the field's error."""
        text = _text(self.raw, name)
        if text is None:
            if missing:
                self.errors[name] = missing
            return None
        try:
            return check(text)
        except IdentifierError as err:
            self.errors[name] = str(err)
            return None

    def done(self) -> None:
        """Raises TalentFormError naming every bad field read, if any."""
        if self.errors:
            raise TalentFormError(self.errors)


_UNKNOWN_LEVEL = "不认识的技能等级：{}"
_UNKNOWN_TRADE = "工种「{}」不在工种表中，请从列表中选择"
_UNKNOWN_DISTRICT = "不认识的区县：{}"


@dataclass(frozen=True)
class WorkerEntry:
    """A worker's entry as they (or their card) state it. skill_level: a TALENT_LEVELS value;
    trade: a 大典 name; district: canonical region; name/phone: clear text, for encryption
    by the caller (None for card holders, whose card holds them)."""

    skill_level: str
    trade: str
    district: str
    open_to_offers: bool
    employer: str | None = None
    industry: str | None = None
    name: str | None = None
    phone: str | None = None


def parse_worker_entry(raw: Mapping[str, Any], *, card_holder: bool = False) -> WorkerEntry:
    """Validate a worker's entry: ``skill_level``, ``trade``, ``district`` required;
    ``employer``, ``industry`` optional (≤ 64 characters); ``open_to_offers`` a bool. A worker
    without a card also gives ``name`` and ``phone`` and must give ``consent`` (个人信息保护法
    第十四条: consent given by a clear act). Card holders' level, district and employer come
    from the card and are not read here. Raises TalentFormError naming every bad field."""
    form = _FormReader(raw)
    person = not card_holder
    level = form.known(
        "skill_level",
        canonical_skill_level,
        _UNKNOWN_LEVEL,
        missing="请选择技能等级",
        among=TALENT_LEVELS,
        check=person,
    )
    trade = form.known("trade", canonical_trade, _UNKNOWN_TRADE, missing="请选择工种")
    district = form.known(
        "district", canonical_region, _UNKNOWN_DISTRICT, missing="请选择所在区县", check=person
    )
    employer = form.text("employer", "工作单位", MAX_TEXT)
    industry = form.text("industry", "所属行业", MAX_TEXT)
    open_raw = raw.get("open_to_offers", False)
    if not isinstance(open_raw, bool):
        form.errors["open_to_offers"] = "是否愿意接收招聘信息只能是“是”或“否”"
    person_name = phone = None
    if person:
        person_name = form.text("name", "姓名", 32, missing="请填写姓名")
        phone = form.identifier("phone", check_phone, missing="请填写手机号")
        if raw.get("consent") is not True:
            form.errors["consent"] = "请阅读并同意个人信息处理说明（可随时退出人才库）"
    form.done()
    return WorkerEntry(
        skill_level=level or "",
        trade=trade or "",
        district=district or "",
        open_to_offers=bool(open_raw),
        employer=employer,
        industry=industry,
        name=person_name,
        phone=phone,
    )


@dataclass(frozen=True)
class DemandForm:
    """An enterprise's demand: ``count`` workers of ``trade`` at ``skill_level`` or above
    (None: any level), wage ``wage_min``–``wage_max`` yuan/month, in ``district``, open
    until ``valid_until`` (inclusive). credit_code: 统一社会信用代码 (GB 32100) or None;
    contact_name / contact_phone: clear text, for encryption by the caller."""

    employer_name: str
    trade: str
    skill_level: str | None
    count: int
    wage_min: int
    wage_max: int
    district: str
    valid_until: date
    credit_code: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None


def _int(raw: Mapping[str, Any], name: str) -> int | None:
    value = raw.get(name)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip().replace(",", "").replace("，", "") if value is not None else ""
    return int(text) if re.fullmatch(r"-?\d{1,9}", text) else None


def parse_demand(raw: Mapping[str, Any], *, today: date) -> DemandForm:
    """Validate a demand form (洪泽 三（一）1: 用工工种、时间、人数和薪资待遇). Required: employer_name,
    trade, count (1–10000), wage_min and wage_max (yuan/month, 0 < min ≤ max ≤ 200000),
    district, valid_until (ISO date, today to a year ahead). Optional: skill_level,
    credit_code (check character verified), contact_name, contact_phone (mobile number).
    Raises TalentFormError naming every bad field."""
    form = _FormReader(raw)
    employer = form.text("employer_name", "用人单位名称", 128, missing="请填写用人单位名称")
    credit = form.identifier("credit_code", check_credit_code)
    trade = form.known("trade", canonical_trade, _UNKNOWN_TRADE, missing="请选择需求工种")
    level = form.known("skill_level", canonical_skill_level, _UNKNOWN_LEVEL, among=TALENT_LEVELS)
    errors = form.errors
    count = _int(raw, "count")
    if count is None:
        errors["count"] = "请填写需求人数（整数）"
    elif not 1 <= count <= MAX_COUNT:
        errors["count"] = f"需求人数应在1到{MAX_COUNT}之间"
    wage_min, wage_max = _int(raw, "wage_min"), _int(raw, "wage_max")
    if wage_min is None or wage_min <= 0:
        errors["wage_min"] = "请填写最低月薪（元/月，正整数）"
    if wage_max is None or wage_max <= 0:
        errors["wage_max"] = "请填写最高月薪（元/月，正整数）"
    elif wage_max > MAX_WAGE_YUAN:
        errors["wage_max"] = f"月薪不能超过{MAX_WAGE_YUAN}元"
    if wage_min and wage_max and wage_min > 0 and 0 < wage_max < wage_min:
        errors["wage_max"] = "最高月薪不能低于最低月薪"
    district = form.known(
        "district", canonical_region, _UNKNOWN_DISTRICT, missing="请选择工作地区县"
    )
    until_raw = raw.get("valid_until")
    until: date | None = until_raw if isinstance(until_raw, date) else None
    if until is None and until_raw:
        try:
            until = date.fromisoformat(str(until_raw).strip())
        except ValueError:
            errors["valid_until"] = "截止日期格式应为 2026-12-31"
    if until is None and "valid_until" not in errors:
        errors["valid_until"] = "请填写截止日期"
    elif until is not None and until < today:
        errors["valid_until"] = "截止日期不能早于今天"
    elif until is not None and (until - today).days > MAX_OPEN_DAYS:
        errors["valid_until"] = "截止日期最多在一年以内"
    contact_name = form.text("contact_name", "联系人姓名", 32)
    phone = form.identifier("contact_phone", check_phone)
    form.done()
    assert employer and trade and count and wage_min and wage_max and district and until
    return DemandForm(
        employer_name=employer,
        trade=trade,
        skill_level=level,
        count=count,
        wage_min=wage_min,
        wage_max=wage_max,
        district=district,
        valid_until=until,
        credit_code=credit,
        contact_name=contact_name,
        contact_phone=phone,
    )


def meets_level(worker_level: str, wanted: str | None) -> bool:
    """True when a worker's 技能等级 is ``wanted`` or higher on the ladder (None: any level)."""
    if wanted is None:
        return True
    try:
        return level_rank(worker_level) >= level_rank(wanted)
    except ValueError:
        return False


# -- supply and demand ------------------------------------------------------------------------
@dataclass(frozen=True)
class SupplyRow:
    """One worker of the database as the summary counts them."""

    district: str
    trade: str | None
    skill_level: str
    open_to_offers: bool


@dataclass(frozen=True)
class DemandRow:
    """One open demand as the summary counts it (``count`` workers wanted)."""

    district: str
    trade: str
    skill_level: str | None
    count: int
    valid_until: date


@dataclass(frozen=True)
class TradeBalance:
    """One trade in one district: ``demand`` (workers wanted by open demands), ``available``
    (workers open to offers), ``registered`` (all workers of the trade in the database),
    ``high_skill`` (of them 高级工 and above); ``gap`` = demand − available (> 0 short,
    < 0 surplus)."""

    trade: str
    demand: int
    available: int
    registered: int
    high_skill: int

    @property
    def gap(self) -> int:
        """Workers wanted beyond those available (negative: more available than wanted)."""
        return self.demand - self.available


@dataclass(frozen=True)
class DistrictSummary:
    """The supply–demand picture of one district on ``as_of``.

    short: trades where demand exceeds the workers available, largest gap first.
    surplus: trades with more workers available than wanted, largest surplus first.
    balanced: the rest with any demand or supply. workers: in the database; available: open
    to offers; demand: workers wanted by open demands; demands: open demand posts."""

    district: str
    as_of: date
    workers: int
    available: int
    demand: int
    demands: int
    short: tuple[TradeBalance, ...] = field(default_factory=tuple)
    surplus: tuple[TradeBalance, ...] = field(default_factory=tuple)
    balanced: tuple[TradeBalance, ...] = field(default_factory=tuple)

    def text(self) -> str:
        """The summary as the published notice reads (台儿庄 三（三）7 定期发布供求信息), e.g.
        「2026-11-30 叶集区技能人才供求信息：紧缺工种 焊工（需求12人，可供3人）…」."""
        head = f"{self.as_of.isoformat()} {self.district}技能人才供求信息："
        parts = [
            f"人才库登记{self.workers}人，其中愿意接收招聘信息{self.available}人；"
            f"企业在招岗位{self.demands}个，需求{self.demand}人。"
        ]
        if self.short:
            parts.append(
                "紧缺工种："
                + "、".join(
                    f"{b.trade}（需求{b.demand}人，可供{b.available}人）" for b in self.short
                )
                + "。"
            )
        if self.surplus:
            parts.append(
                "富余工种："
                + "、".join(
                    f"{b.trade}（可供{b.available}人，需求{b.demand}人）" for b in self.surplus
                )
                + "。"
            )
        if not self.short and not self.surplus:
            parts.append("各工种供求基本平衡。")
        return head + "".join(parts)


def summarise(
    district: str,
    supply: Iterable[SupplyRow],
    demand: Iterable[DemandRow],
    *,
    as_of: date,
) -> DistrictSummary:
    """Aggregate one district's supply and demand on ``as_of`` (叶集 九, 台儿庄 三（三）7). Rows of
    other districts are ignored; a demand counts while ``as_of`` ≤ valid_until. A worker
    without a trade counts in ``workers`` but in no trade. Pure: no database."""
    per: dict[str, dict[str, int]] = {}

    def slot(trade: str) -> dict[str, int]:
        return per.setdefault(
            trade, {"demand": 0, "available": 0, "registered": 0, "high_skill": 0}
        )

    workers = available = 0
    for row in supply:
        if row.district != district:
            continue
        workers += 1
        available += row.open_to_offers
        if row.trade:
            counts = slot(row.trade)
            counts["registered"] += 1
            counts["available"] += row.open_to_offers
            counts["high_skill"] += meets_level(row.skill_level, "高级工")
    wanted = posts = 0
    for d in demand:
        if d.district != district or d.valid_until < as_of:
            continue
        posts += 1
        wanted += d.count
        slot(d.trade)["demand"] += d.count
    balances = [TradeBalance(trade, **counts) for trade, counts in per.items()]
    short = sorted((b for b in balances if b.gap > 0), key=lambda b: (-b.gap, b.trade))
    surplus = sorted((b for b in balances if b.gap < 0), key=lambda b: (b.gap, b.trade))
    balanced = sorted((b for b in balances if b.gap == 0), key=lambda b: b.trade)
    return DistrictSummary(
        district,
        as_of,
        workers,
        available,
        wanted,
        posts,
        tuple(short),
        tuple(surplus),
        tuple(balanced),
    )
