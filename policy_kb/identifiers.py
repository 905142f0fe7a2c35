"""Chinese identifiers: validation of 身份证号 and 统一社会信用代码, and masking for display.

PURE: no I/O, nothing of this project's other packages.

- ``check_id_number(value, today=None) -> str``: the normalised 18-character 公民身份号码
  (GB 11643-1999: 6-digit address code, 8-digit birth date, 3-digit sequence, ISO 7064
  MOD 11-2 check character 0-9/X). Raises ``IdentifierError`` whose message says what is wrong.
- ``check_credit_code(value) -> str``: the normalised 18-character 统一社会信用代码
  (GB 32100-2015: 31-character alphabet without I O Z S V, MOD 31 check character).
- ``check_phone(value) -> str``: an 11-digit mainland mobile number (1[3-9]xxxxxxxxx).
- ``mask_id_number``, ``mask_name``, ``mask_phone``, ``mask_tail``: what screens show.

Messages are in Chinese: a worker or clerk reads them and must know what to correct.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from stdnum.cn import ric, uscc

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "PROVINCE_CODES",
    "IdentifierError",
    "birth_date_of",
    "check_credit_code",
    "check_id_number",
    "check_phone",
    "credit_check_char",
    "id_check_char",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "mask_tail",
]


class IdentifierError(ValueError):
    """An identifier is malformed; ``str(err)`` says what is wrong, in Chinese."""


# GB/T 2260 province-level codes (the first two digits of every 身份证号): 11-15 华北,
# 21-23 东北, 31-37 华东, 41-46 中南, 50-54 西南, 61-65 西北, 71 台湾, 81 香港, 82 澳门.
PROVINCE_CODES: frozenset[str] = frozenset(
    str(n)
    for n in (
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
    )
)

#: GB 32100-2015 code alphabet: digits and capitals without I, O, Z, S, V (31 characters).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_SEPARATORS = re.compile(r"[\s\-－—_]+")
_PHONE = re.compile(r"1[3-9]\d{9}")


def _compact(value: str) -> str:
    """NFKC (full-width → ASCII), upper-case, without spaces and dashes people type."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value)).upper()


def id_check_char(first17: str) -> str:
    """The GB 11643 check character (0-9 or X, ISO 7064 MOD 11-2) of the first 17 digits
    (python-stdnum's ``cn.ric``, which expects the number with a check place appended)."""
    return ric.calc_check_digit(first17 + "0")


def birth_date_of(id_number: str) -> date:
    """The birth date encoded in an 18-character 身份证号 (characters 7-14).
    Raises ValueError when it is not a calendar date."""
    s = id_number[6:14]
    return date(int(s[:4]), int(s[4:6]), int(s[6:8]))


def check_id_number(value: str, today: date | None = None) -> str:
    """Validate a 身份证号 and return it normalised (18 characters, a final x upper-cased).

    Checks, in order: length, characters, province prefix, birth date (a real date, not
    after ``today`` and not before 1900), and the ISO 7064 MOD 11-2 check character.
    Raises IdentifierError naming the first problem found.

    >>> check_id_number("11010519491231002x")
    '11010519491231002X'
    """
    s = _compact(value)
    if len(s) != 18:
        raise IdentifierError(f"身份证号应为18位，你输入的是{len(s)}位")
    if not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        raise IdentifierError("身份证号只能是数字，最后一位可以是X")
    if s[:2] not in PROVINCE_CODES:
        raise IdentifierError("身份证号前两位不是有效的省份代码，请核对")
    try:
        born = birth_date_of(s)
    except ValueError:
        raise IdentifierError("身份证号中的出生日期（第7-14位）不是有效日期，请核对") from None
    if born > (today or date.today()) or born.year < 1900:
        raise IdentifierError("身份证号中的出生日期（第7-14位）不合理，请核对")
    if id_check_char(s[:17]) != s[17]:
        raise IdentifierError("身份证号校验位不对，请核对最后一位")
    return s


def credit_check_char(first17: str) -> str:
    """The GB 32100 check character (MOD 31, from the code alphabet) of the first 17
    characters (python-stdnum's ``cn.uscc``)."""
    return str(uscc.calc_check_digit(first17))


def check_credit_code(value: str) -> str:
    """Validate a 统一社会信用代码 and return it normalised (18 characters, upper case).

    Checks length, alphabet (no I O Z S V), the 6-digit 行政区划码 at characters 3-8, and the
    MOD 31 check character. Raises IdentifierError naming the first problem found.

    >>> check_credit_code("91350100M000100Y43")
    '91350100M000100Y43'
    """
    s = _compact(value)
    if len(s) != 18:
        raise IdentifierError(f"统一社会信用代码应为18位，你输入的是{len(s)}位")
    bad = sorted({c for c in s if c not in CREDIT_CODE_ALPHABET})
    if bad:
        shown = "、".join(bad[:5])
        raise IdentifierError(
            f"统一社会信用代码含有不允许的字符：{shown}（只用数字和大写字母，不含I、O、Z、S、V）"
        )
    if not s[2:8].isdigit():
        raise IdentifierError("统一社会信用代码第3-8位应为行政区划代码（6位数字），请核对")
    if credit_check_char(s[:17]) != s[17]:
        raise IdentifierError("统一社会信用代码校验位不对，请核对最后一位")
    return s


def check_phone(value: str) -> str:
    """Validate a mainland mobile number (+86 and separators allowed) and return its 11
    digits. Raises IdentifierError."""
    s = _compact(value)
    s = s.removeprefix("+86").removeprefix("0086")
    if not s.isdigit():
        raise IdentifierError("手机号只能是数字")
    if len(s) != 11:
        raise IdentifierError(f"手机号应为11位，你输入的是{len(s)}位")
    if not _PHONE.fullmatch(s):
        raise IdentifierError("这不是有效的手机号（应以13-19开头）")
    return s


def mask_id_number(value: str) -> str:
    """A 身份证号 with all but the first 4 and last 4 characters hidden.

    >>> mask_id_number("320813199001011234")
    '3208**********1234'
    """
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_name(value: str) -> str:
    """A name with its middle hidden: 张三丰 → 张*丰, 李四 → 李*, 欧阳娜娜 → 欧**娜.
    A minority name with · keeps the first and last character the same way."""
    if len(value) <= 1:
        return "*" * len(value)
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_phone(value: str) -> str:
    """A mobile number with its middle four digits hidden: 13812345678 → 138****5678."""
    if len(value) != 11:
        return mask_tail(value)
    return value[:3] + "****" + value[-4:]


def mask_tail(value: str, keep: int = 4) -> str:
    """Everything but the last ``keep`` characters hidden (社保卡号 and other numbers)."""
    if len(value) <= keep:
        return "*" * len(value)
    return "*" * (len(value) - keep) + value[-keep:]
