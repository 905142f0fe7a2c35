"""Helpers of the talent-database tests: district staff, registered workers and demand."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from notif_helpers import staff

from bluecard.staff.audit import Actor
from bluecard.talent import services as talent
from policy_kb.chinatime import china_today


def district_staff(role: str = "clerk", district: str | None = "叶集区") -> Actor:
    """A staff account of ``role`` bound to ``district`` (None: every district)."""
    return dataclasses.replace(staff(role), district=district)


def register(openid: str, **fields: Any) -> talent.WorkerView:
    """A worker without a card joins the database (consent given)."""
    entry: dict[str, Any] = {
        "name": "李四",
        "phone": "13912345678",
        "skill_level": "高级工",
        "trade": "焊工",
        "district": "叶集区",
        "open_to_offers": True,
        "consent": True,
    }
    entry.update(fields)
    return talent.join(openid, entry)


def demand_form(**fields: Any) -> dict[str, Any]:
    """A valid demand for 焊工 in 叶集区, a month ahead."""
    form: dict[str, Any] = {
        "employer_name": "六安叶集木业有限公司",
        "trade": "焊工",
        "skill_level": "中级工",
        "count": 5,
        "wage_min": 6000,
        "wage_max": 9000,
        "district": "叶集区",
        "valid_until": (china_today() + timedelta(days=30)).isoformat(),
        "contact_name": "王经理",
        "contact_phone": "13700001111",
    }
    form.update(fields)
    return form
