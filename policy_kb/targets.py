"""The targets the documents print (目标任务), as data: ``policy_kb/data/targets.yaml``.

PURE: no Flask, no SQLAlchemy. ``load_targets() -> tuple[Target, ...]`` (cached) reads and
checks the file; ``targets_for(district)`` the targets staff of a district answer for.

What is there: 洪泽 二 (2025, cumulative from 2021, and 2021), 台儿庄 二 (end of 2021) and 三（四）10,
宿迁 附件 (six indicators for 全市 and each of its nine counties and zones, 2021—2023: 60
cells), 叶集 一, 二, 三 (2021), 连云港 序言 and 二 (十五五 and 2035; a 征求意见稿, so ``draft``).
Each target carries the verbatim ``quote`` of its clause; tests check the quote against the
clause and the value against the quote.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from policy_kb.regions import canonical_region
from policy_kb.yamltext import safe_load

DATA_FILE = Path(__file__).parent / "data" / "targets.yaml"


class Bound(enum.StrEnum):
    """How the printed figure binds: 以上/不少于 (at_least), 达到 (reach), a bare figure
    (exactly: met when reached), or no figure at all (qualitative)."""

    AT_LEAST = "at_least"
    REACH = "reach"
    EXACTLY = "exactly"
    QUALITATIVE = "qualitative"

    @property
    def label(self) -> str:
        return BOUND_LABELS[self]


BOUND_LABELS: dict[Bound, str] = {
    Bound.AT_LEAST: "以上",
    Bound.REACH: "达到",
    Bound.EXACTLY: "",
    Bound.QUALITATIVE: "定性目标",
}


class Counted(enum.StrEnum):
    """What the system can count itself for a target (else staff enter the actual)."""

    CARDS_ALL = "cards_all"
    CARDS_HIGH_SKILL = "cards_high_skill"
    CARDS_TECHNICIAN = "cards_technician"
    CARDS_SENIOR = "cards_senior"
    APPRENTICESHIPS = "apprenticeships"

    @property
    def label(self) -> str:
        return COUNTED_LABELS[self]


COUNTED_LABELS: dict[Counted, str] = {
    Counted.CARDS_ALL: "系统统计：期内发放的技工蓝卡",
    Counted.CARDS_HIGH_SKILL: "系统统计：期内发放的技工蓝卡（高级工、技师、高级技师及以上）",
    Counted.CARDS_TECHNICIAN: "系统统计：期内发放的技工蓝卡（技师、高级技师及以上）",
    Counted.CARDS_SENIOR: "系统统计：期内发放的技工蓝卡（高级工）",
    Counted.APPRENTICESHIPS: "系统统计：资金发放台账中的新型学徒制补贴申请",
}


class TargetsDataError(ValueError):
    """targets.yaml is malformed; the message names the entry and field."""


@dataclass(frozen=True)
class Target:
    """One printed target.

    target_id: stable id (``suqian-shuyang-talent``). doc_id/clause: where it is printed
    (``suqian-2021``, ``附件-2``). district: the covered region whose staff answer for it
    (``policy_kb.regions``); area: the place it is set for (宿迁市's counties: 沭阳县 …; 全市).
    indicator: what is counted; period: as printed (2021—2023年); start/end: dates the figure
    is counted over (start None: a level to reach by ``end``). value: the figure in ``unit``
    (None for a qualitative target). quote: the clause's words. counted: what the system
    counts itself, or None. draft: the document is a 征求意见稿 (not in force).
    """

    target_id: str
    doc_id: str
    clause: str
    district: str
    area: str
    indicator: str
    period: str
    start: date | None
    end: date
    value: float | None
    unit: str | None
    bound: Bound
    quote: str
    counted: Counted | None
    draft: bool

    @property
    def year(self) -> int:
        """The year the target falls due."""
        return self.end.year


def _date(entry: dict[str, Any], key: str) -> date | None:
    value = entry.get(key)
    if value is None:
        return None
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError as exc:
        raise TargetsDataError(f"{entry.get('id')}: {key} is not a date: {value!r}") from exc


def _target(entry: dict[str, Any]) -> Target:
    required = ("id", "doc_id", "clause", "district", "area", "indicator", "period", "end", "quote")
    missing = [k for k in required if not entry.get(k)]
    if missing:
        raise TargetsDataError(f"{entry.get('id')}: missing {', '.join(missing)}")
    district = canonical_region(str(entry["district"]))
    if district is None:
        raise TargetsDataError(f"{entry['id']}: unknown district {entry['district']!r}")
    bound = Bound(entry.get("bound") or "exactly")
    value = entry.get("value")
    if (value is None) != (bound is Bound.QUALITATIVE):
        raise TargetsDataError(f"{entry['id']}: a figure is required unless qualitative")
    if value is not None and (not isinstance(value, int | float) or value < 0):
        raise TargetsDataError(f"{entry['id']}: value must be a non-negative number")
    end = _date(entry, "end")
    assert end is not None
    start = _date(entry, "start")
    if start is not None and start > end:
        raise TargetsDataError(f"{entry['id']}: start after end")
    return Target(
        target_id=str(entry["id"]),
        doc_id=str(entry["doc_id"]),
        clause=str(entry["clause"]),
        district=district,
        area=str(entry["area"]),
        indicator=str(entry["indicator"]),
        period=str(entry["period"]),
        start=start,
        end=end,
        value=None if value is None else float(value),
        unit=entry.get("unit"),
        bound=bound,
        quote=str(entry["quote"]),
        counted=Counted(entry["counted"]) if entry.get("counted") else None,
        draft=bool(entry.get("draft", False)),
    )


def parse_targets(text: str) -> tuple[Target, ...]:
    """The targets of a targets.yaml text. Raises TargetsDataError (duplicate id, missing
    field, unknown district, a figure on a qualitative target...)."""
    data = safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("targets"), list):
        raise TargetsDataError("targets.yaml must hold a list under 'targets'")
    out = tuple(_target(entry) for entry in data["targets"])
    seen: set[str] = set()
    for target in out:
        if target.target_id in seen:
            raise TargetsDataError(f"duplicate id {target.target_id}")
        seen.add(target.target_id)
    return out


@cache
def load_targets() -> tuple[Target, ...]:
    """Every target of the bundled data file, in file order (read once)."""
    return parse_targets(DATA_FILE.read_text(encoding="utf-8"))


def targets_for(district: str | None) -> list[Target]:
    """The targets of one covered region (name or alias), or every target for None.
    Raises KeyError for a name that is no covered region."""
    if district is None:
        return list(load_targets())
    name = canonical_region(district)
    if name is None:
        raise KeyError(district)
    return [t for t in load_targets() if t.district == name]


def get_target(target_id: str) -> Target:
    """The target of ``target_id``; raises KeyError."""
    for target in load_targets():
        if target.target_id == target_id:
            return target
    raise KeyError(target_id)


def progress(target: Target, actual: float | None) -> float | None:
    """actual / target value (0.0-…; above 1 when exceeded), None when either is unknown or
    the target has no figure."""
    if actual is None or target.value is None or target.value == 0:
        return None
    return actual / target.value


__all__ = [
    "BOUND_LABELS",
    "COUNTED_LABELS",
    "Bound",
    "Counted",
    "Target",
    "TargetsDataError",
    "get_target",
    "load_targets",
    "parse_targets",
    "progress",
    "targets_for",
]
