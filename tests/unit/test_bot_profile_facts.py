"""Every fact a worker's free-form message states, read for the questionnaire."""

from __future__ import annotations

from datetime import date

import pytest

from bot.profile_facts import facts_in

TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "三级工，从外地引进的，合同签了1年",
            {"skill_level": "高级工", "introduced": True, "contract_years": 1.0},
        ),
        (
            "我在民营企业，同一家干了6年，社保一直在交，不是引进的",
            {
                "employer_type": "民营企业",
                "tenure_years": 6.0,
                "insurance_months": 72,
                "introduced": False,
            },
        ),
        (
            "洪泽的，去年从安徽过来，签了三年合同，社保交了半年",
            {
                "region": "洪泽区",
                "introduced": True,
                "from_other_province": True,
                "contract_years": 3.0,
                "insurance_months": 6,
            },
        ),
        ("区里比赛拿了个二等奖，证是2023年6月拿的", {"competition": {"level": "区级", "rank": 2}}),
        ("没有证", {"skill_level": "无"}),
    ],
)
def test_facts_stated_are_all_read(said, expected):
    facts = facts_in(said, TODAY)
    for name, value in expected.items():
        assert facts.get(name) == value, (name, facts)


def test_month_only_certificate_date():
    assert facts_in("高级工，证是2023年6月拿的", TODAY)["level_obtained_on"] == "2023-06-01"


def test_nothing_stated_reads_nothing():
    assert facts_in("好的", TODAY) == {}


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("岗位属于急缺的", "shortage_post", True),
        ("急需岗位", "shortage_post", True),
        ("岗位不紧缺", "shortage_post", False),
        ("我们是重点企业", "key_industry", True),
        ("厂里不属于重点产业", "key_industry", False),
        ("民营", "employer_type", "民营企业"),
        ("公司本地注册的", "employer_in_region", True),
    ],
)
def test_facts_said_in_either_order_or_in_short(text, field, value):
    assert facts_in(text, TODAY).get(field) == value
