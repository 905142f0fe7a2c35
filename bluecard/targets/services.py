"""Targets with their actuals and progress, actuals entered by staff, and the 季报/年报.

Every target is data (``policy_kb.targets``). Its actual is, in this order: the latest
figure staff entered (dated, with its source), else what the system counts itself
(``bluecard.targets.counted``: cards issued, 学徒制 applications) over the target's period,
else unknown (尚无完成数) — also when the period ended before the system held any record of
what it counts, so a 2021 target reads as no figure rather than 期满未完成 at 0. Staff see the targets of their own district (宿迁市 staff: the city and its
nine counties and zones). Permissions: ``targets.read``; ``targets.enter`` to enter actuals.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from bluecard.ledger.services import citation_of
from bluecard.services.districts import district_read
from bluecard.services.errors import Forbidden, NotFound, Refused
from bluecard.staff.audit import Actor
from bluecard.surveys.services import district_summary
from bluecard.targets import counted
from bluecard.targets.models import TargetActual
from bluecard.uow import read_only, unit_of_work
from policy_kb.chinatime import YEARS_TEXT, china_today, in_years
from policy_kb.eligibility.catalogue import default_catalogue
from policy_kb.eligibility.profile import SKILL_LEVELS
from policy_kb.targets import Target, get_target, progress, targets_for

READ = "targets.read"
ENTER = "targets.enter"


class Standing(enum.StrEnum):
    """Where a target stands on a day."""

    MET = "met"
    IN_PROGRESS = "in_progress"
    MISSED = "missed"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return STANDING_LABELS[self]


STANDING_LABELS: dict[Standing, str] = {
    Standing.MET: "已完成",
    Standing.IN_PROGRESS: "进行中",
    Standing.MISSED: "期满未完成",
    Standing.UNKNOWN: "尚无完成数",
}


@dataclass(frozen=True)
class Progress:
    """A target and its actual on ``as_of``. actual: in the target's unit, None = unknown;
    actual_kind: ``entered`` | ``counted`` | None; actual_source: where the figure comes
    from (the staff's source, or what the system counted); actual_as_of: the day it is true
    for. ratio: actual / target (None when unknown). standing: a Standing value."""

    target: Target
    actual: float | None
    actual_kind: str | None
    actual_source: str | None
    actual_as_of: date | None
    ratio: float | None
    standing: Standing

    def as_json(self) -> dict[str, Any]:
        """The item of ``GET /api/v1/staff/targets``."""
        t = self.target
        return {
            "id": t.target_id,
            "indicator": t.indicator,
            "area": t.area,
            "district": t.district,
            "period": t.period,
            "period_end": t.end.isoformat(),
            "target": t.value,
            "bound": str(t.bound),
            "actual": self.actual,
            "unit": t.unit,
            "progress": None if self.ratio is None else round(self.ratio, 4),
            "standing": str(self.standing),
            "standing_label": self.standing.label,
            "draft": t.draft,
            "actual_source": self.actual_source,
            "actual_kind": self.actual_kind,
            "actual_as_of": None if self.actual_as_of is None else self.actual_as_of.isoformat(),
            "source": {"doc_id": t.doc_id, "clause": t.clause, "quote": t.quote},
        }


def scope(actor: Actor, region: str | None) -> str | None:
    """The district whose targets the actor reads: their own, or ``region`` for staff of
    every district (None = all). Raises Forbidden (role; another district), Refused (an
    unknown region)."""
    if not actor.can(READ):
        raise Forbidden("你的角色无权查看目标任务", code="forbidden")
    district = district_read(actor, region, what="目标任务")
    if district == "":
        raise Forbidden("你的账号还没有分配区县", code="no_district")
    return district


def _latest_entered(session: Any, target_ids: list[str], as_of: date) -> dict[str, TargetActual]:
    stmt = (
        select(TargetActual)
        .where(TargetActual.target_id.in_(target_ids), TargetActual.as_of <= as_of)
        .order_by(TargetActual.as_of, TargetActual.id)
    )
    latest: dict[str, TargetActual] = {}
    for row in session.execute(stmt).scalars():
        latest[row.target_id] = row  # ordered: the last one wins
    return latest


def _standing(target: Target, ratio: float | None, as_of: date) -> Standing:
    if ratio is None:
        return Standing.UNKNOWN
    if ratio >= 1:
        return Standing.MET
    return Standing.MISSED if as_of > target.end else Standing.IN_PROGRESS


def _never_counted(target: Target, as_of: date) -> bool:
    """The target's period ended before the system held any record of what it counts (a 2021
    target, cards first applied for in 2026): its count would be a 0 nobody measured."""
    if target.counted is None or as_of <= target.end:
        return False
    first = counted.records_from(target.counted)
    return first is None or first > target.end


def progress_of(session: Any, targets: list[Target], as_of: date) -> list[Progress]:
    """The progress of ``targets`` on ``as_of`` (see the module docstring)."""
    entered = _latest_entered(session, [t.target_id for t in targets], as_of)
    out = []
    for t in targets:
        actual: float | None = None
        kind = source = None
        actual_as_of: date | None = None
        row = entered.get(t.target_id)
        if row is not None:
            actual, kind, source, actual_as_of = float(row.value), "entered", row.source, row.as_of
        elif t.counted is not None and not _never_counted(t, as_of):
            end = min(t.end, as_of)
            if t.start is None or t.start <= end:
                actual = float(counted.count_for(t.counted, t.district, t.start, end))
            else:
                actual = 0.0
            kind, source, actual_as_of = "counted", t.counted.label, end
        ratio = progress(t, actual)
        out.append(
            Progress(t, actual, kind, source, actual_as_of, ratio, _standing(t, ratio, as_of))
        )
    return out


def target_progress(
    actor: Actor, *, region: str | None = None, as_of: date | None = None
) -> list[Progress]:
    """The targets of the actor's district (or ``region``), in data order, with progress on
    ``as_of`` (default today, China)."""
    district = scope(actor, region)
    day = as_of or china_today()
    with read_only() as session:
        return progress_of(session, targets_for(district), day)


@dataclass(frozen=True)
class EnteredActual:
    """An actual staff entered."""

    id: int
    target_id: str
    value: Decimal
    as_of: date
    source: str


def enter_actual(
    actor: Actor, target_id: str, *, value: str | float | Decimal, as_of: date | str, source: str
) -> EnteredActual:
    """Record an actual for a target of the actor's district: ``value`` in the target's unit
    (non-negative), ``as_of`` the day it is true for (not in the future), ``source`` where it
    comes from (required). Audited. Raises NotFound, Refused (naming the bad field)."""
    with unit_of_work(actor, "targets.enter", target_type="target", target_id=target_id) as uow:
        uow.require(ENTER)
        try:
            target = get_target(target_id)
        except KeyError:
            raise NotFound("没有这个目标任务", code="not_found") from None
        if not actor.sees(target.district):
            raise NotFound("没有这个目标任务", code="not_found")
        if target.value is None:
            raise Refused("定性目标不录入完成数", code="qualitative")
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise Refused("完成数应为数字", code="bad_value") from None
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
            raise Refused("完成数应为不小于0的数字", code="bad_value")
        try:
            day = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of).strip())
        except ValueError:
            raise Refused("统计日期格式应为 2026-11-30", code="bad_date") from None
        if not in_years(day):
            raise Refused(f"统计日期应在{YEARS_TEXT}之间", code="bad_date")
        if day > china_today():
            raise Refused("统计日期不能晚于今天", code="bad_date")
        text = " ".join(source.split())
        if not text or len(text) > 200:
            raise Refused(
                "请填写数据来源（如：区人社局2026年10月统计报表），最多200字",
                code="source_required",
            )
        row = TargetActual(
            target_id=target.target_id,
            district=target.district,
            value=amount.quantize(Decimal("0.01")),
            as_of=day,
            source=text,
            entered_by=actor.staff_id,
        )
        uow.session.add(row)
        uow.session.flush()
        uow.audit(detail={"value": str(row.value), "as_of": day.isoformat()})
        return EnteredActual(row.id, row.target_id, row.value, row.as_of, row.source)


# -- 季报 and 年报 (洪泽 四（二）: 建立工作情况季报、年报制度) ------------------------------------


#: A district's own clause asking for its work to be reported or its figures gathered, quoted
#: as printed (the report's 依据): 洪泽 四（二） the 季报/年报 system; 台儿庄 四（一） the survey
#: forms gathered into a 统计汇总 by the 人社 department. A district whose documents ask for
#: neither (叶集, 宿迁, 连云港) has no 依据 line, never another district's.
REPORT_BASIS: dict[str, tuple[str, str, str]] = {
    "洪泽区": ("hongze-2021", "四（二）", "建立工作情况季报、年报制度"),
    "台儿庄区": ("taierzhuang-2021", "四（一）", "由人社部门负责统计汇总"),
}


class ReportKind(enum.StrEnum):
    """A quarterly (季报) or an annual (年报) work report."""

    QUARTER = "quarter"
    YEAR = "year"

    @property
    def label(self) -> str:
        return "季报" if self is ReportKind.QUARTER else "年报"


@dataclass(frozen=True)
class ReportPeriod:
    """The period a report covers: a quarter (1-4) of a year, or a whole year."""

    kind: ReportKind
    year: int
    quarter: int | None = None

    @property
    def start(self) -> date:
        month = 1 if self.quarter is None else 3 * (self.quarter - 1) + 1
        return date(self.year, month, 1)

    @property
    def end(self) -> date:
        if self.quarter is None or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    @property
    def label(self) -> str:
        if self.quarter is None:
            return f"{self.year}年度"
        return f"{self.year}年第{'一二三四'[self.quarter - 1]}季度"

    @classmethod
    def parse(
        cls, kind: str | None, year: str | int | None, quarter: str | int | None
    ) -> ReportPeriod:
        """The period from request values; default this quarter (China). Raises Refused."""
        today = china_today()
        try:
            report_kind = ReportKind(kind or "quarter")
            y = int(year) if year not in (None, "") else today.year
            q = int(quarter) if quarter not in (None, "") else (today.month - 1) // 3 + 1
        except ValueError:
            raise Refused(
                "报告期不正确（季报选年份和季度，年报选年份）", code="bad_period"
            ) from None
        if not 2000 <= y <= today.year or not 1 <= q <= 4:
            raise Refused("报告期不正确（年份不能晚于今年，季度为1-4）", code="bad_period")
        period = cls(report_kind, y, q if report_kind is ReportKind.QUARTER else None)
        if period.start > today:
            raise Refused("报告期还没有开始", code="bad_period")
        return period


@dataclass(frozen=True)
class PaidLine:
    """Subsidies paid under one rule in the period."""

    rule_id: str
    title: str
    doc_id: str
    clause: str
    count: int
    amount_yuan: Decimal


@dataclass(frozen=True)
class Report:
    """A district's 季报 or 年报: its targets with actuals at the period's end, cards issued in
    the period by level and valid at its end, subsidies paid by rule, the enterprise survey's
    统计汇总 of forms submitted in the period, and the questions workers asked. ``basis``:
    the district's own clause asking for it, cited with its quote (None: its documents have
    none, see REPORT_BASIS)."""

    district: str
    period: ReportPeriod
    as_of: date
    generated_on: date
    progress: list[Progress]
    cards_issued: dict[str, int]
    cards_valid: int
    paid: list[PaidLine]
    survey: Any  # bluecard.surveys.services.SummaryResult
    questions: counted.Questions
    basis: str | None = None

    @property
    def title(self) -> str:
        return f"{self.district}技能人才工作{self.period.kind.label}（{self.period.label}）"

    @property
    def paid_total(self) -> tuple[int, Decimal]:
        return sum(p.count for p in self.paid), sum((p.amount_yuan for p in self.paid), Decimal(0))


def _basis(district: str) -> str | None:
    found = REPORT_BASIS.get(district)
    if found is None:
        return None
    doc_id, clause, quote = found
    return f"{citation_of(doc_id, clause)}“{quote}”"


def build_report(
    actor: Actor,
    *,
    region: str | None = None,
    kind: str | None = None,
    year: str | int | None = None,
    quarter: str | int | None = None,
) -> Report:
    """The 季报/年报 of the actor's district (staff of every district name ``region``) for the
    period (default this quarter). Audited ``targets.report``. Raises Forbidden, Refused."""
    district = scope(actor, region)
    if district is None:
        raise Refused("请选择区县", code="region_required")
    period = ReportPeriod.parse(kind, year, quarter)
    today = china_today()
    as_of = min(period.end, today)
    with read_only() as session:
        items = progress_of(session, targets_for(district), as_of)
        issued = counted.cards_by_level(district, period.start, as_of)
        valid = counted.cards_valid_on(district, as_of)
        paid_rows = counted.paid_by_rule(district, period.start, as_of)
        questions = counted.questions_asked(district, period.start, as_of)
    titles = {r.id: r.title for r in default_catalogue().rules}
    paid = [
        PaidLine(
            p.rule_id, titles.get(p.rule_id, p.rule_id), p.doc_id, p.clause, p.count, p.amount_yuan
        )
        for p in paid_rows
    ]
    survey = district_summary(district, period.start, as_of)
    order = {level: i for i, level in enumerate(SKILL_LEVELS)}
    report = Report(
        district=district,
        period=period,
        as_of=as_of,
        generated_on=today,
        progress=items,
        cards_issued=dict(sorted(issued.items(), key=lambda kv: order.get(kv[0], 99))),
        cards_valid=valid,
        paid=paid,
        survey=survey,
        questions=questions,
        basis=_basis(district),
    )
    with unit_of_work(actor, "targets.report", target_type="report", target_id=district) as uow:
        uow.audit(detail={"period": period.label, "kind": str(period.kind)})
    return report
