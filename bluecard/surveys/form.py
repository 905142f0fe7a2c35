"""The enterprise survey form 企业技能人才现状及需求情况调查表 (台儿庄 附件1) as data, and its checks.

PURE: pydantic and ``policy_kb`` only; no Flask, no database. The form as printed:

- header: 企业名称（盖章）, 负责人, 联系电话; 企业类型, 企业规模, 经营领域; 职工总数, 人均月工资,
  提取职工培训经费, 用于职工培训经费 (单位：人，元). The 统一社会信用代码 is asked besides (issue 14 §2),
  so one enterprise is one row whatever its name is typed like.
- the body, one row per 职业技能等级 (初级工, 中级工, 高级工, 技师, 高级技师) and 合计: 人数; 技能人才年龄结构
  (18-30岁, 31-40岁, 41-50岁, 51岁以上); 学历 (高中、技校及以下, 高职、大专, 本科及以上); 技能人才需求
  (需求工种, 人数, 月工资待遇); 用于职工培训、措施 (自主培养; 联合、委托培养、新型学徒制培养).
- footer: 填表人, 联系电话, 填表时间.

``check_survey(data) -> (SurveyForm | None, [FieldProblem])`` names every bad field: types and
ranges first (pydantic), then, when the types hold, the sums (each level's age groups and
education add up to its 人数, a printed 合计 equals the sum of the levels, the skilled workers
are not more than 职工总数, training counts are within 人数) and the 统一社会信用代码 (GB 32100
check character, python-stdnum). Messages are Chinese: the person filling the form reads them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from bluecard.services.ids import parse_id
from policy_kb.identifiers import IdentifierError, check_credit_code
from policy_kb.talent import canonical_trade

#: The rows of the form's body, in printed order (职业技能等级).
LEVELS: tuple[str, ...] = ("初级工", "中级工", "高级工", "技师", "高级技师")
#: 高技能人才 per the form's note 1 (高级工、技师、高级技师).
HIGH_SKILL_LEVELS: tuple[str, ...] = ("高级工", "技师", "高级技师")
#: 技能人才年龄结构 columns: key → printed label.
AGE_GROUPS: dict[str, str] = {
    "age_18_30": "18-30岁",
    "age_31_40": "31-40岁",
    "age_41_50": "41-50岁",
    "age_51_up": "51岁以上",
}
#: 学历 columns: key → printed label.
EDUCATION: dict[str, str] = {
    "edu_high_school": "高中、技校及以下",
    "edu_college": "高职、大专",
    "edu_bachelor": "本科及以上",
}
#: 用于职工培训、措施 columns: key → printed label.
TRAINING: dict[str, str] = {
    "self_trained": "自主培养",
    "joint_trained": "联合、委托培养、新型学徒制培养",
}
#: Every count of a level row: key → label.
ROW_FIELDS: dict[str, str] = {"count": "人数", **AGE_GROUPS, **EDUCATION, **TRAINING}


class EnterpriseType(enum.StrEnum):
    """企业类型 as the form's note 2 lists them."""

    STATE = "state"
    COLLECTIVE = "collective"
    PRIVATE = "private"
    PRIVATELY_OWNED = "privately_owned"
    INDIVIDUAL = "individual"

    @property
    def label(self) -> str:
        return ENTERPRISE_TYPE_LABELS[self]


ENTERPRISE_TYPE_LABELS: dict[EnterpriseType, str] = {
    EnterpriseType.STATE: "国有企业",
    EnterpriseType.COLLECTIVE: "集体企业",
    EnterpriseType.PRIVATE: "民营企业",
    EnterpriseType.PRIVATELY_OWNED: "私营企业",
    EnterpriseType.INDIVIDUAL: "个体工商户",
}


class EnterpriseSize(enum.StrEnum):
    """企业规模 as the form's note 4 lists them: 大、中、小."""

    LARGE = "large"
    MEDIUM = "medium"
    SMALL = "small"

    @property
    def label(self) -> str:
        return ENTERPRISE_SIZE_LABELS[self]


ENTERPRISE_SIZE_LABELS: dict[EnterpriseSize, str] = {
    EnterpriseSize.LARGE: "大",
    EnterpriseSize.MEDIUM: "中",
    EnterpriseSize.SMALL: "小",
}

#: 经营领域 examples printed in note 5 (the field itself is free text).
BUSINESS_FIELDS: tuple[str, ...] = ("装备制造", "IT行业", "建筑行业", "服务业")
#: 工种 examples printed in note 6.
TRADE_EXAMPLES: tuple[str, ...] = ("电焊工", "维修电工", "车工")

#: Printed labels of the header and footer fields (also the names used in error messages).
FIELD_LABELS: dict[str, str] = {
    "enterprise_name": "企业名称",
    "credit_code": "统一社会信用代码",
    "leader": "负责人",
    "phone": "联系电话",
    "enterprise_type": "企业类型",
    "enterprise_size": "企业规模",
    "business_field": "经营领域",
    "employees_total": "职工总数",
    "avg_monthly_wage_yuan": "人均月工资",
    "training_funds_drawn_yuan": "提取职工培训经费",
    "training_funds_used_yuan": "用于职工培训经费",
    "levels": "技能人才结构",
    "totals": "合计",
    "demands": "技能人才需求",
    "filled_by": "填表人",
    "filled_by_phone": "填表人联系电话",
    "filled_on": "填表时间",
}
#: Fields holding personal data (names, phones): encrypted at rest, never in a summary.
PERSONAL_FIELDS: tuple[str, ...] = ("leader", "phone", "filled_by", "filled_by_phone")

# A mainland mobile number or a landline with its area code (0632-6612345).
_PHONE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,5})?)$")
_SPACES = re.compile(r"[\s\u3000]+")


def _by_label(labels: Mapping[Any, str]) -> Any:
    """Accept the printed Chinese label as well as the code of an enum value."""
    reverse = {label: str(value) for value, label in labels.items()}

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            return reverse.get(text, text)
        return value

    return BeforeValidator(convert)


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


Count = Annotated[int, Field(ge=0, le=10_000_000)]
Yuan = Annotated[int, Field(ge=0, le=10_000_000_000)]
#: The highest demand row index a posted field may name (``demands.<i>.trade``; the form adds
#: rows one by one, and at most 50 are kept); a field naming another index is ignored.
MAX_DEMAND_INDEX = 999
Text = Annotated[str, Field(min_length=1, max_length=100)]


class LevelRow(BaseModel):
    """One 职业技能等级 row: 人数 and its split by age group, by education, and by training
    measure (people). Blank cells count as 0."""

    model_config = ConfigDict(extra="forbid")
    count: Count = 0
    age_18_30: Count = 0
    age_31_40: Count = 0
    age_41_50: Count = 0
    age_51_up: Count = 0
    edu_high_school: Count = 0
    edu_college: Count = 0
    edu_bachelor: Count = 0
    self_trained: Count = 0
    joint_trained: Count = 0

    def add(self, other: LevelRow) -> LevelRow:
        """The cell-by-cell sum of two rows (the 合计 row is the sum of the levels)."""
        return LevelRow(**{k: getattr(self, k) + getattr(other, k) for k in ROW_FIELDS})


def trade_name(value: object) -> object:
    """需求工种 as the talent database names it: spaces trimmed, then the 大典 name when the
    trade table knows it (电焊工 → 焊工), else as typed; a non-text value is left to the
    field's own check."""
    if not isinstance(value, str):
        return value
    typed = "".join(value.split())
    return canonical_trade(typed) or typed


class Demand(BaseModel):
    """One line of 技能人才需求: 需求工种 at a level, 人数 wanted, 月工资待遇 offered (yuan)."""

    model_config = ConfigDict(extra="forbid")
    level: Annotated[str, Field(pattern="^(" + "|".join(LEVELS) + ")$")]
    trade: Annotated[str, BeforeValidator(trade_name), Field(min_length=1, max_length=40)]
    count: Annotated[int, Field(ge=1, le=100_000)]
    monthly_wage_yuan: Annotated[int | None, Field(ge=0, le=1_000_000)] = None


class SurveyForm(BaseModel):
    """A filled-in 企业技能人才现状及需求情况调查表 (money in yuan, counts in people)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    enterprise_name: Text
    credit_code: Annotated[str, Field(min_length=1, max_length=40)]
    leader: Annotated[str, Field(min_length=1, max_length=40)]
    phone: Annotated[str, Field(min_length=1, max_length=40)]
    enterprise_type: Annotated[EnterpriseType, _by_label(ENTERPRISE_TYPE_LABELS)]
    enterprise_size: Annotated[EnterpriseSize, _by_label(ENTERPRISE_SIZE_LABELS)]
    business_field: Annotated[str, Field(min_length=1, max_length=40)]
    employees_total: Count
    avg_monthly_wage_yuan: Annotated[int, Field(ge=0, le=1_000_000)]
    training_funds_drawn_yuan: Yuan
    training_funds_used_yuan: Yuan
    levels: dict[Annotated[str, Field(pattern="^(" + "|".join(LEVELS) + ")$")], LevelRow] = Field(
        default_factory=dict
    )
    totals: LevelRow | None = None
    demands: Annotated[list[Demand], Field(max_length=50)] = Field(default_factory=list)
    filled_by: Annotated[str, Field(min_length=1, max_length=40)]
    filled_by_phone: Annotated[
        str | None, BeforeValidator(_blank_to_none), Field(max_length=40)
    ] = None
    filled_on: date

    def row(self, level: str) -> LevelRow:
        """The row of ``level`` (all zero when not filled)."""
        return self.levels.get(level) or LevelRow()

    def total_row(self) -> LevelRow:
        """合计: the sum of the five level rows."""
        total = LevelRow()
        for level in LEVELS:
            total = total.add(self.row(level))
        return total

    def figures(self) -> dict[str, Any]:
        """Everything but personal data, as JSON-able values: what summaries read."""
        data = self.model_dump(mode="json", exclude=set(PERSONAL_FIELDS))
        data["levels"] = {lv: self.row(lv).model_dump() for lv in LEVELS}
        data["totals"] = self.total_row().model_dump()
        return data

    def personal(self) -> dict[str, Any]:
        """The personal fields (encrypted at rest by the caller)."""
        return {k: getattr(self, k) for k in PERSONAL_FIELDS}


@dataclass(frozen=True)
class FieldProblem:
    """One bad field: its dotted path (``levels.初级工.age_18_30``) and what is wrong, in Chinese."""

    field: str
    message: str


def field_label(path: str) -> str:
    """The printed label of a dotted field path: ``levels.技师.age_51_up`` → 技师 51岁以上."""
    parts = path.split(".")
    head = parts[0]
    if head in ("levels", "totals") and len(parts) >= 2:
        level = parts[1] if head == "levels" else "合计"
        rest = parts[2:] if head == "levels" else parts[1:]
        cell = ROW_FIELDS.get(rest[0], rest[0]) if rest else ""
        return f"{level} {cell}".strip()
    if head == "demands" and len(parts) >= 2:
        names = {
            "level": "等级",
            "trade": "需求工种",
            "count": "人数",
            "monthly_wage_yuan": "月工资待遇",
        }
        sub = names.get(parts[2], parts[2]) if len(parts) > 2 else ""
        return (
            f"需求第{row + 1}行 {sub}".strip()
            if (row := parse_id(parts[1], minimum=0, maximum=MAX_DEMAND_INDEX)) is not None
            else "技能人才需求"
        )
    return FIELD_LABELS.get(head, head)


_PYDANTIC_MESSAGES = {
    "missing": "必填",
    "int_parsing": "应填整数",
    "int_type": "应填整数",
    "int_from_float": "应填整数",
    "greater_than_equal": "不能为负数",
    "less_than_equal": "数字太大，请核对",
    "string_too_short": "必填",
    "string_too_long": "太长了",
    "string_type": "应为文字",
    "date_from_datetime_parsing": "日期格式应为 2026-11-30",
    "date_parsing": "日期格式应为 2026-11-30",
    "date_type": "日期格式应为 2026-11-30",
    "extra_forbidden": "表中没有这一栏",
    "dict_type": "格式不对",
    "list_type": "格式不对",
    "model_type": "格式不对",
    "too_long": "行数太多",
}


def _pydantic_problems(exc: ValidationError) -> list[FieldProblem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"] if not str(p).startswith("function-")]
        path = ".".join(loc) or "body"
        kind = err["type"]
        message = _PYDANTIC_MESSAGES.get(kind, "填写不正确")
        if kind == "enum":
            choices = (
                ENTERPRISE_SIZE_LABELS if loc[0] == "enterprise_size" else ENTERPRISE_TYPE_LABELS
            )
            message = "应为：" + "、".join(choices.values())
        elif kind == "string_pattern_mismatch":
            message = "职业技能等级应为：" + "、".join(LEVELS)
        elif kind == "greater_than_equal" and err.get("ctx", {}).get("ge") == 1:
            message = "至少为1"
        if kind == "string_pattern_mismatch" and loc[0] == "levels":
            path = "levels"
        out.append(FieldProblem(path, f"{field_label(path)}：{message}"))
    return out


def _row_problems(prefix: str, name: str, row: LevelRow) -> Iterable[FieldProblem]:
    ages = sum(getattr(row, k) for k in AGE_GROUPS)
    if ages != row.count:
        yield FieldProblem(
            f"{prefix}.age_18_30",
            f"{name}：年龄结构四栏之和（{ages}）与人数（{row.count}）不一致",
        )
    education = sum(getattr(row, k) for k in EDUCATION)
    if education != row.count:
        yield FieldProblem(
            f"{prefix}.edu_high_school",
            f"{name}：学历三栏之和（{education}）与人数（{row.count}）不一致",
        )
    trained = row.self_trained + row.joint_trained
    if trained > row.count:
        yield FieldProblem(
            f"{prefix}.self_trained",
            f"{name}：培养措施两栏之和（{trained}）超过人数（{row.count}）",
        )


def _partial_problems(data: Mapping[str, Any]) -> list[FieldProblem]:
    """The checks of the parts of a form that may have failed as a whole: each level row
    whose cells are numbers, the credit code and the phones when typed."""
    problems: list[FieldProblem] = []
    code = data.get("credit_code")
    if isinstance(code, str) and code.strip():
        try:
            check_credit_code(code)
        except IdentifierError as exc:
            problems.append(FieldProblem("credit_code", f"统一社会信用代码：{exc}"))
    for key in ("phone", "filled_by_phone"):
        value = data.get(key)
        if isinstance(value, str) and value.strip() and not _PHONE.match(_SPACES.sub("", value)):
            message = f"{field_label(key)}：应为手机号或带区号的座机号（如 0632-6612345）"
            problems.append(FieldProblem(key, message))
    levels = data.get("levels")
    if isinstance(levels, Mapping):
        for level in LEVELS:
            raw = levels.get(level)
            if raw is None:
                continue
            try:
                row = LevelRow.model_validate(raw)
            except ValidationError:
                continue
            problems.extend(_row_problems(f"levels.{level}", level, row))
    return problems


def consistency_problems(form: SurveyForm) -> list[FieldProblem]:
    """The checks across fields (see the module docstring); empty when the form adds up."""
    problems = _partial_problems(form.model_dump(mode="json"))
    total = form.total_row()
    if form.totals is not None:
        for key, label in ROW_FIELDS.items():
            given, summed = getattr(form.totals, key), getattr(total, key)
            if given != summed:
                problems.append(
                    FieldProblem(
                        f"totals.{key}",
                        f"合计 {label}：填的是{given}，各等级相加是{summed}",
                    )
                )
    if total.count > form.employees_total:
        problems.append(
            FieldProblem(
                "employees_total",
                f"职工总数（{form.employees_total}）少于技能人才合计（{total.count}）",
            )
        )
    return problems


def check_survey(data: Mapping[str, Any]) -> tuple[SurveyForm | None, list[FieldProblem]]:
    """Validate a submitted form. Returns the form and no problems, or None and every problem
    found (types and ranges; when those hold, the sums, the credit code and the phones)."""
    try:
        form = SurveyForm.model_validate(dict(data))
    except ValidationError as exc:
        problems = _pydantic_problems(exc)
        named = {p.field for p in problems}
        # The parts whose types hold are checked too, so one pass names every bad field.
        problems += [p for p in _partial_problems(data) if p.field not in named]
        return None, problems
    problems = consistency_problems(form)
    if problems:
        return None, problems
    return form.model_copy(update={"credit_code": check_credit_code(form.credit_code)}), []


def form_fields_to_data(fields: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The nested form data of a posted HTML form whose inputs are named by dotted paths
    (``levels.技师.count``, ``demands.0.trade``). Blank inputs are left out (a blank count
    in a level row is 0; a blank required field is reported as missing). Demand lines with
    nothing typed are dropped; the list is renumbered."""
    data: dict[str, Any] = {}
    demands: dict[int, dict[str, str]] = {}
    for name, raw in fields:
        value = raw.strip()
        if not value or name in ("csrf_token", "action"):
            continue
        parts = name.split(".")
        if parts[0] == "levels" and len(parts) == 3 and parts[1] in LEVELS:
            data.setdefault("levels", {}).setdefault(parts[1], {})[parts[2]] = value
        elif (
            parts[0] == "demands"
            and len(parts) == 3
            and (row := parse_id(parts[1], minimum=0, maximum=MAX_DEMAND_INDEX)) is not None
        ):
            demands.setdefault(row, {})[parts[2]] = value
        elif len(parts) == 1 and parts[0] in FIELD_LABELS:
            data[parts[0]] = value
    lines = [
        demands[i] for i in sorted(demands) if demands[i].get("trade") or demands[i].get("count")
    ]
    if lines:
        data["demands"] = lines
    return data
