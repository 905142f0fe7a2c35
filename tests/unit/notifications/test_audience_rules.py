"""Who a notification may target, checked without a database: the audience form's errors
staff read, and district staff limited to their own district's card holders."""

from __future__ import annotations

import pytest

from bluecard.notifications.audience import (
    NotificationFormError,
    parse_audience,
    scope_audience,
)
from bluecard.staff.audit import Actor


def test_filters_apply_only_to_card_holders():
    with pytest.raises(NotificationFormError) as err:
        parse_audience({"kind": "followers", "district": "叶集区"})
    assert "只适用于蓝卡持卡人" in err.value.errors["audience"]


def test_unknown_district_and_level_are_named():
    with pytest.raises(NotificationFormError) as err:
        parse_audience({"kind": "card_holders", "district": "火星区", "skill_level": "九级"})
    assert err.value.errors["district"] == "不认识的区县：火星区"
    assert err.value.errors["skill_level"] == "不认识的技能等级：九级"


def test_card_holder_audience_is_described_for_staff():
    audience = parse_audience({"kind": "card_holders", "district": "叶集区", "skill_level": "技师"})
    assert audience.describe() == "蓝卡持卡人 · 叶集区 · 技师"


def test_district_staff_reach_only_their_district():
    clerk = Actor(staff_id=1, username="yj", role="policy", district="叶集区")
    scoped = scope_audience(parse_audience({"kind": "card_holders"}), clerk)
    assert scoped.district == "叶集区"
    with pytest.raises(NotificationFormError):
        scope_audience(parse_audience({"kind": "followers"}), clerk)
    with pytest.raises(NotificationFormError) as err:
        scope_audience(parse_audience({"kind": "card_holders", "district": "洪泽区"}), clerk)
    assert err.value.errors["district"] == "只能向本区县（叶集区）的持卡人发送通知"
