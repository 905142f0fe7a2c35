"""统计汇总 of submitted surveys (台儿庄 四（一）: 由人社部门负责统计汇总). PURE.

``summarise(rows)`` adds up the non-personal figures of submitted forms (``SurveyForm.figures()``
plus the district): overall and by 区县 (district), 企业类型, 企业规模 and 经营领域. Counts are people,
money is yuan. ``Summary.as_json()`` is what ``GET /api/v1/staff/surveys/summary`` answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bluecard.surveys.form import (
    AGE_GROUPS,
    EDUCATION,
    ENTERPRISE_SIZE_LABELS,
    ENTERPRISE_TYPE_LABELS,
    HIGH_SKILL_LEVELS,
    LEVELS,
    ROW_FIELDS,
    TRAINING,
    EnterpriseSize,
    EnterpriseType,
    trade_name,
)

#: The groupings of 统计汇总: key → label.
DIMENSIONS: dict[str, str] = {
    "district": "区县",
    "enterprise_type": "企业类型",
    "enterprise_size": "企业规模",
    "business_field": "经营领域",
}


@dataclass
class Tally:
    """The sums over a set of enterprises. ``levels``: level → row field → people;
    ``demand``: (level, 工种) → [people wanted, sum of wage × people, people with a wage]."""

    enterprises: int = 0
    employees: int = 0
    wage_bill_yuan: int = 0  # Σ 人均月工资 × 职工总数, for the weighted average
    training_funds_drawn_yuan: int = 0
    training_funds_used_yuan: int = 0
    levels: dict[str, dict[str, int]] = field(
        default_factory=lambda: {lv: dict.fromkeys(ROW_FIELDS, 0) for lv in LEVELS}
    )
    demand: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def add(self, figures: Mapping[str, Any]) -> None:
        """Add one submitted form's figures."""
        self.enterprises += 1
        self.employees += int(figures["employees_total"])
        self.wage_bill_yuan += int(figures["avg_monthly_wage_yuan"]) * int(
            figures["employees_total"]
        )
        self.training_funds_drawn_yuan += int(figures["training_funds_drawn_yuan"])
        self.training_funds_used_yuan += int(figures["training_funds_used_yuan"])
        for level in LEVELS:
            row = figures.get("levels", {}).get(level) or {}
            for key in ROW_FIELDS:
                self.levels[level][key] += int(row.get(key, 0))
        for line in figures.get("demands", []):
            # Forms kept before 需求工种 was normalised at submission are read alike.
            slot = self.demand.setdefault(
                (line["level"], str(trade_name(line["trade"]))), [0, 0, 0]
            )
            slot[0] += int(line["count"])
            if line.get("monthly_wage_yuan") is not None:
                slot[1] += int(line["monthly_wage_yuan"]) * int(line["count"])
                slot[2] += int(line["count"])

    @property
    def total(self) -> dict[str, int]:
        """合计 row: each row field summed over the levels."""
        return {k: sum(self.levels[lv][k] for lv in LEVELS) for k in ROW_FIELDS}

    @property
    def skilled(self) -> int:
        """技能人才 (people holding a level)."""
        return self.total["count"]

    @property
    def high_skilled(self) -> int:
        """高技能人才: 高级工, 技师, 高级技师 (the form's note 1)."""
        return sum(self.levels[lv]["count"] for lv in HIGH_SKILL_LEVELS)

    @property
    def demand_total(self) -> int:
        """People wanted, all trades and levels."""
        return sum(v[0] for v in self.demand.values())

    @property
    def avg_monthly_wage_yuan(self) -> int | None:
        """Average monthly wage over all employees (weighted by 职工总数), yuan; None if none."""
        return round(self.wage_bill_yuan / self.employees) if self.employees else None

    def as_json(self) -> dict[str, Any]:
        """Plain JSON: counts, levels with 合计, demand lines sorted by people wanted."""
        return {
            "enterprises": self.enterprises,
            "employees": self.employees,
            "avg_monthly_wage_yuan": self.avg_monthly_wage_yuan,
            "training_funds_drawn_yuan": self.training_funds_drawn_yuan,
            "training_funds_used_yuan": self.training_funds_used_yuan,
            "skilled": self.skilled,
            "high_skilled": self.high_skilled,
            "levels": {**{lv: dict(self.levels[lv]) for lv in LEVELS}, "合计": self.total},
            "demand_total": self.demand_total,
            "demand": [
                {
                    "level": level,
                    "trade": trade,
                    "count": v[0],
                    "avg_monthly_wage_yuan": round(v[1] / v[2]) if v[2] else None,
                }
                for (level, trade), v in sorted(
                    self.demand.items(), key=lambda kv: (-kv[1][0], LEVELS.index(kv[0][0]))
                )
            ],
        }


@dataclass
class Summary:
    """``overall`` and, per dimension of DIMENSIONS, a Tally per group label."""

    overall: Tally
    groups: dict[str, dict[str, Tally]]

    def as_json(self) -> dict[str, Any]:
        """``{"overall": {...}, "by": {"district": {"台儿庄区": {...}}, ...}}``."""
        return {
            "overall": self.overall.as_json(),
            "by": {
                dim: {label: tally.as_json() for label, tally in groups.items()}
                for dim, groups in self.groups.items()
            },
        }


def group_label(dimension: str, district: str, figures: Mapping[str, Any]) -> str:
    """The label a form falls under in ``dimension`` (Chinese labels for type and size)."""
    if dimension == "district":
        return district
    if dimension == "enterprise_type":
        return ENTERPRISE_TYPE_LABELS[EnterpriseType(figures["enterprise_type"])]
    if dimension == "enterprise_size":
        return ENTERPRISE_SIZE_LABELS[EnterpriseSize(figures["enterprise_size"])]
    return str(figures["business_field"]).strip()


def summarise(rows: Iterable[tuple[str, Mapping[str, Any]]]) -> Summary:
    """The 统计汇总 of ``rows``: (district, figures of one submitted form)."""
    overall = Tally()
    groups: dict[str, dict[str, Tally]] = {dim: {} for dim in DIMENSIONS}
    for district, figures in rows:
        overall.add(figures)
        for dim in DIMENSIONS:
            label = group_label(dim, district, figures)
            groups[dim].setdefault(label, Tally()).add(figures)
    return Summary(overall, groups)


__all__ = ["AGE_GROUPS", "DIMENSIONS", "EDUCATION", "TRAINING", "Summary", "Tally", "summarise"]
