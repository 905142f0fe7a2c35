"""The 技工蓝卡 application form (叶集区文件 九: 建立技工"蓝卡"制度): its fields, in the order a
guided form asks them, and their validation.

PURE: no I/O. One validator per field serves the chat (one typed answer at a time,
``validate_field``), the mini-program API and the service (a whole form,
``validate_card_application``, which names EVERY bad or missing field at once).

Values are checked, never trusted: control characters and over-long text are refused; names
are 2-30 Chinese characters (· allowed for minority names), so text such as
``'; DROP TABLE blue_card;--`` is an invalid name; free-text fields (issuing body, employer)
keep printable text as typed: the database layer binds parameters and pages escape output, so
such text is stored and shown harmlessly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from policy_kb.eligibility import SKILL_LEVELS, canonical_skill_level
from policy_kb.identifiers import (
    IdentifierError,
    check_credit_code,
    check_id_number,
    check_phone,
)
from policy_kb.regions import REGIONS, canonical_region
from policy_kb.regions import region as region_info

__all__ = [
    "CARD_FIELDS",
    "CARD_LEVELS",
    "FIELD_NAMES",
    "CardField",
    "CardFieldError",
    "CardFormError",
    "field_by_name",
    "parse_date_text",
    "validate_card_application",
    "validate_field",
]

#: Levels a card can carry: a vocational skill certificate is required (初级工 and above).
CARD_LEVELS: tuple[str, ...] = SKILL_LEVELS[SKILL_LEVELS.index("初级工") :]
MAX_FREE_TEXT = 100


class CardFieldError(ValueError):
    """One field's value is invalid; ``str(err)`` says what is wrong (Chinese)."""


class CardFormError(ValueError):
    """A card application is invalid. ``errors``: field name → message, one entry for EVERY
    bad or missing field (in form order)."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        labels = "、".join(field_by_name(f).label for f in self.errors if f in FIELD_NAMES)
        super().__init__(f"请检查：{labels}" if labels else "申请表填写有误")


@dataclass(frozen=True)
class CardField:
    """One field of the form. name: key in the form dict; label: its Chinese name;
    prompt: how a guided form asks for it; example: a sample answer."""

    name: str
    label: str
    prompt: str
    example: str = ""


_REGION_LIST = "、".join(r.name for r in REGIONS)

#: The form's fields in asking order.
CARD_FIELDS: tuple[CardField, ...] = (
    CardField("name", "姓名", "请输入你的姓名（与身份证一致）", "张三"),
    CardField("id_number", "身份证号", "请输入你的18位身份证号", "32081319900101123X"),
    CardField("phone", "手机号", "请输入你的手机号（11位）", "13812345678"),
    CardField(
        "skill_level",
        "技能等级",
        f"请输入证书上的技能等级（{'、'.join(CARD_LEVELS)}，或五级～一级）",
        "技师",
    ),
    CardField("certificate_no", "证书编号", "请输入职业技能等级证书编号", "S000034150000243000123"),
    CardField("certificate_issuer", "发证机构", "请输入证书的发证机构（评价机构）名称", ""),
    CardField(
        "certificate_date", "发证日期", "请输入证书的发证日期，如 2024-03-01 或 2024年3月1日", ""
    ),
    CardField("employer_name", "工作单位", "请输入现在工作单位的全称", ""),
    CardField("credit_code", "统一社会信用代码", "请输入工作单位的18位统一社会信用代码", ""),
    CardField("district", "所在地区", f"请输入你所在的地区（{_REGION_LIST}）", "叶集区"),
    CardField("social_security_no", "社保卡号", "请输入你的社会保障卡卡号", ""),
    CardField("consent", "个人信息处理同意", "是否同意处理你的个人信息以办理蓝卡", ""),
)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in CARD_FIELDS)
_BY_NAME = {f.name: f for f in CARD_FIELDS}


def field_by_name(name: str) -> CardField:
    """The CardField called ``name``; raises KeyError for an unknown field."""
    return _BY_NAME[name]


# -- helpers ------------------------------------------------------------------------------
_NAME = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+(?:·[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)*"
)
_NAME_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·", "．": "·", ".": "·"})
_CERT_NO = re.compile(r"[A-Z0-9]{4,40}")
_SOCIAL_NO = re.compile(r"[A-Z0-9]{6,20}")
_DATE_ISO = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
_DATE_CN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?")
_CONSENT_YES = frozenset({"是", "同意", "我同意", "确认", "确认提交", "yes", "y", "true", "1"})
#: Unicode categories refused anywhere: controls, format (zero-width), surrogates, private use.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
#: The longest raw input looked at: anything longer is refused before any parsing.
_MAX_RAW = 200


def _text(value: Any, label: str) -> str:
    """``value`` as stripped NFKC text; refuses non-text, control characters, over-long input."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise CardFieldError(f"{label}格式不对")
    s = str(value).strip()
    if len(s) > _MAX_RAW:
        raise CardFieldError(f"{label}太长了")
    if any(unicodedata.category(c) in _INVISIBLE for c in s):
        raise CardFieldError(f"{label}含有不可见的控制字符，请重新输入")
    s = unicodedata.normalize("NFKC", s).strip()
    if not s:
        raise CardFieldError(f"请填写{label}")
    return s


def parse_date_text(text: str) -> date:
    """2024-03-01, 2024/3/1, 2024.3.1 or 2024年3月1日 → a date. Raises CardFieldError."""
    s = re.sub(r"\s+", "", text)
    m = _DATE_ISO.fullmatch(s) or _DATE_CN.fullmatch(s)
    if not m:
        raise CardFieldError("日期格式不对，请写成 2024-03-01 或 2024年3月1日")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise CardFieldError("这一天不存在，请核对日期") from None


def _name(value: Any, today: date) -> str:
    s = re.sub(r"\s+", "", _text(value, "姓名")).translate(_NAME_DOTS)
    if not 2 <= len(s) <= 30:
        raise CardFieldError("姓名应为2到30个汉字")
    if not _NAME.fullmatch(s):
        raise CardFieldError("姓名只能是汉字（少数民族姓名可用·分隔），请与身份证一致")
    return s


def _identifier(check: Callable[[str], str], label: str) -> Callable[[Any, date], str]:
    def validate(value: Any, today: date) -> str:
        try:
            return check(_text(value, label))
        except IdentifierError as err:
            raise CardFieldError(str(err)) from None

    return validate


def _id_number(value: Any, today: date) -> str:
    try:
        return check_id_number(_text(value, "身份证号"), today)
    except IdentifierError as err:
        raise CardFieldError(str(err)) from None


def _skill_level(value: Any, today: date) -> str:
    level = canonical_skill_level(_text(value, "技能等级"))
    if level is None:
        raise CardFieldError(
            f"没有这个技能等级，请从{'、'.join(CARD_LEVELS)}中选择（或五级～一级）"
        )
    if level not in CARD_LEVELS:
        raise CardFieldError("申请蓝卡需要职业技能等级证书（初级工/五级及以上）")
    return level


def _certificate_no(value: Any, today: date) -> str:
    s = re.sub(r"[\s\-－—]+", "", _text(value, "证书编号")).upper()
    if not _CERT_NO.fullmatch(s):
        raise CardFieldError("证书编号应为4到40位字母或数字")
    if _is_id_number(s, today):
        # a 身份证号 typed at the wrong step would be kept, and shown, as a certificate number
        raise CardFieldError("这是身份证号，不是证书编号。证书编号印在职业技能等级证书上")
    return s


def _is_id_number(value: str, today: date) -> bool:
    try:
        check_id_number(value, today)
    except IdentifierError:
        return False
    return True


def _free_text(label: str, limit: int = MAX_FREE_TEXT) -> Callable[[Any, date], str]:
    def validate(value: Any, today: date) -> str:
        s = re.sub(r"\s+", " ", _text(value, label))
        if len(s) < 2:
            raise CardFieldError(f"{label}太短了，请写全称")
        if len(s) > limit:
            raise CardFieldError(f"{label}最多{limit}个字")
        return s

    return validate


def _certificate_date(value: Any, today: date) -> str:
    day = value if isinstance(value, date) else parse_date_text(_text(value, "发证日期"))
    if day > today:
        raise CardFieldError("发证日期不能晚于今天")
    if day.year < 1950:
        raise CardFieldError("发证日期太早了，请核对")
    return day.isoformat()


def _district(value: Any, today: date) -> str:
    name = canonical_region(_text(value, "所在地区"))
    if name is None:
        raise CardFieldError(f"暂不能在这个地区办理蓝卡，可选：{_REGION_LIST}")
    return name


def _social_security_no(value: Any, today: date) -> str:
    s = re.sub(r"[\s\-－—]+", "", _text(value, "社保卡号")).upper()
    if not _SOCIAL_NO.fullmatch(s):
        raise CardFieldError("社保卡号应为6到20位数字或字母")
    return s


def _consent(value: Any, today: date) -> bool:
    if value is True:
        return True
    if isinstance(value, str) and value.strip().lower() in _CONSENT_YES:
        return True
    raise CardFieldError("需要你同意个人信息处理才能办理蓝卡")


_VALIDATORS: dict[str, Callable[[Any, date], Any]] = {
    "name": _name,
    "id_number": _id_number,
    "phone": _identifier(check_phone, "手机号"),
    "skill_level": _skill_level,
    "certificate_no": _certificate_no,
    "certificate_issuer": _free_text("发证机构"),
    "certificate_date": _certificate_date,
    "employer_name": _free_text("工作单位"),
    "credit_code": _identifier(check_credit_code, "统一社会信用代码"),
    "district": _district,
    "social_security_no": _social_security_no,
    "consent": _consent,
}


def validate_field(name: str, value: Any, *, today: date | None = None) -> Any:
    """Validate one answer for field ``name`` (text as typed, or an already-normalised value)
    and return its normalised value: str for every field (certificate_date as an ISO date,
    district as the canonical region name) except consent (True).

    Raises CardFieldError (message in Chinese saying what is wrong) or KeyError for a field
    the form does not have.
    """
    return _VALIDATORS[name](value, today or date.today())


def validate_card_application(
    data: Mapping[str, Any], *, today: date | None = None
) -> dict[str, Any]:
    """Validate a whole application and return it normalised: every field of CARD_FIELDS
    (certificate_date as a ``date``), plus ``district_code`` (6-digit 行政区划代码 of the
    district, used in card numbers).

    Raises CardFormError naming EVERY missing or invalid field (and any unknown key).
    """
    day = today or date.today()
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for f in CARD_FIELDS:
        value = data.get(f.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[f.name] = (
                "需要你同意个人信息处理才能办理蓝卡" if f.name == "consent" else f"请填写{f.label}"
            )
            continue
        try:
            out[f.name] = validate_field(f.name, value, today=day)
        except CardFieldError as err:
            errors[f.name] = str(err)
    for key in data:
        if key not in _BY_NAME and key != "district_code":
            errors[str(key)[:40]] = "申请表没有这一项"
    if errors:
        raise CardFormError(errors)
    out["certificate_date"] = date.fromisoformat(out["certificate_date"])
    out["district_code"] = region_info(out["district"]).code
    return out
