"""Enterprise surveys: a complete, valid enterprise survey (台儿庄 附件1) for tests, and a valid 统一社会信用代码
of 台儿庄区 (GB 32100 check character)."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from policy_kb.identifiers import credit_check_char


def taierzhuang_credit_code() -> str:
    """A valid 统一社会信用代码 registered in 台儿庄区 (370405)."""
    first17 = "91370405" + f"{uuid.uuid4().int % 10**8:08d}" + "M"
    return first17 + credit_check_char(first17)


def level(count: int, young: int, college: int, trained: int = 0) -> dict[str, int]:
    """A level row of ``count`` people: ``young`` of 18-30 and the rest 31-40; ``college``
    with 高职、大专 and the rest 高中、技校及以下; ``trained`` 自主培养."""
    return {
        "count": count,
        "age_18_30": young,
        "age_31_40": count - young,
        "edu_college": college,
        "edu_high_school": count - college,
        "self_trained": trained,
    }


def survey_data(**overrides: Any) -> dict[str, Any]:
    """A form that adds up: 120 employees, 36 skilled workers (高技能 14), 5 焊工 wanted."""
    data: dict[str, Any] = {
        "enterprise_name": "台儿庄精工机械有限公司",
        "credit_code": taierzhuang_credit_code(),
        "leader": "张建华",
        "phone": "13906321234",
        "enterprise_type": "民营企业",
        "enterprise_size": "中",
        "business_field": "装备制造",
        "employees_total": 120,
        "avg_monthly_wage_yuan": 5200,
        "training_funds_drawn_yuan": 30000,
        "training_funds_used_yuan": 24000,
        "levels": {
            "初级工": level(12, 8, 2, 3),
            "中级工": level(10, 4, 3, 2),
            "高级工": level(8, 2, 4, 1),
            "技师": level(5, 0, 3),
            "高级技师": level(1, 0, 1),
        },
        "demands": [
            {"level": "高级工", "trade": "焊工", "count": 5, "monthly_wage_yuan": 6500},
            {"level": "中级工", "trade": "维修电工", "count": 2, "monthly_wage_yuan": 5500},
        ],
        "filled_by": "李明",
        "filled_by_phone": "0632-6612345",
        "filled_on": "2026-11-30",
    }
    data.update(copy.deepcopy(overrides))
    return data
