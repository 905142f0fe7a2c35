"""Test data for the blue-card tests: valid 身份证号 and 统一社会信用代码 (computed with the
standards' own check-digit arithmetic, written out here independently of the code under
test), and a valid application form (staff accounts: ``factories.console.make_staff``)."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

_serial = itertools.count(100)
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def id_number(birth: str = "19900101", area: str = "341504", seq: int | None = None) -> str:
    """A valid 身份证号 (GB 11643 MOD 11-2) for ``area`` and ``birth`` (YYYYMMDD)."""
    body = f"{area}{birth}{(seq if seq is not None else next(_serial)) % 1000:03d}"
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def with_wrong_check(value: str) -> str:
    """``value`` with another last character (so the check character is wrong)."""
    return value[:-1] + ("1" if value[-1] != "1" else "2")


def credit_code(area: str = "341504", org: str | None = None) -> str:
    """A valid 统一社会信用代码 (GB 32100 MOD 31) registered in ``area``."""
    org = org or f"MA{uuid.uuid4().int % 10**7:07d}"
    body = f"91{area}{org}"[:17]
    weights = [3**i % 31 for i in range(17)]
    total = sum(_ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + _ALPHABET[(31 - total % 31) % 31]


def valid_form(**overrides: Any) -> dict[str, Any]:
    """A complete, valid application (a new person each call)."""
    form: dict[str, Any] = {
        "name": "张三丰",
        "id_number": id_number(),
        "phone": "13812345678",
        "skill_level": "技师",
        "certificate_no": "S000034150000243000123",
        "certificate_issuer": "六安市职业技能鉴定中心",
        "certificate_date": "2023-06-01",
        "employer_name": "六安叶集木业有限公司",
        "credit_code": credit_code(),
        "district": "叶集",
        "social_security_no": "341504123456789",
        "consent": True,
    }
    form.update(overrides)
    return form
