"""Worker profile validation: aliases, grades, and every bad field reported at once."""

from __future__ import annotations

from datetime import date

import pytest

from policy_kb.eligibility import (
    PROFILE_FIELDS,
    Competition,
    Profile,
    ProfileError,
    canonical_skill_level,
    parse_profile,
)


def errors_of(data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ProfileError) as info:
        parse_profile(data)
    return dict(info.value.errors)


def test_minimal_profile_defaults_as_of_to_today() -> None:
    p = parse_profile({"region": "叶集区"}, today=date(2024, 5, 1))
    assert p.region == "叶集区"
    assert p.as_of == date(2024, 5, 1)
    assert p.as_of_given is False
    assert p.skill_level is None and p.insurance_months is None and p.honors is None


def test_full_profile() -> None:
    p = parse_profile(
        {
            "as_of": "2021-09-01",
            "region": "淮安市洪泽区",
            "skill_level": "三级/高级工",
            "level_obtained_on": "2018-07-01",
            "introduced": True,
            "from_other_province": False,
            "shortage_post": True,
            "key_industry": True,
            "employer_type": "私营企业",
            "employer_in_region": True,
            "contract_years": 1.5,
            "insurance_months": 10.0,
            "tenure_years": 2,
            "competition": {"level": "县级", "rank": "一等奖"},
            "honors": ["“江淮杰出工匠”", "中华技能大奖获得者", "江淮杰出工匠"],
            "monthly_salary": 6500,
        }
    )
    assert p.region == "洪泽区"
    assert p.skill_level == "高级工"
    assert p.employer_type == "民营企业"
    assert p.insurance_months == 10 and isinstance(p.insurance_months, int)
    assert p.competition == Competition("区级", 1)
    assert p.honors == ("江淮杰出工匠", "中华技能大奖")
    assert p.to_dict()["competition"] == {"level": "区级", "rank": 1}
    assert parse_profile(p.to_dict()) == p


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("五级", "初级工"),
        ("四级工", "中级工"),
        ("三级工", "高级工"),
        ("二级", "技师"),
        ("一级", "高级技师"),
        ("一级/高级技师", "高级技师"),
        ("高级技师（一级）", "高级技师"),
        ("特级技师", "特级技师"),
        ("首席技师", "首席技师"),
        ("无", "无"),
        ("学徒工", "学徒工"),
        ("一级/技师", None),
        ("大师", None),
    ],
)
def test_skill_levels_and_grades(text: str, level: str | None) -> None:
    assert canonical_skill_level(text) == level


@pytest.mark.parametrize("none", ["无", "没有", False])
def test_no_competition_is_an_answer(none: object) -> None:
    p = parse_profile({"region": "洪泽区", "competition": none})
    assert p.competition is not None and p.competition.is_none


def test_null_means_unanswered() -> None:
    p = parse_profile({"region": "洪泽区", "skill_level": None, "competition": None})
    assert p.skill_level is None and p.competition is None


def test_every_bad_field_is_reported() -> None:
    errs = errors_of(
        {
            "region": "上海市",
            "skill_level": "大师",
            "insurance_months": "很多",
            "contract_years": -1,
            "tenure_years": True,
            "as_of": "2021-13-01",
            "employer_type": "跨国公司",
            "competition": {"level": "洲际", "rank": 4},
            "introduced": "是",
            "honors": "全国技术能手",
            "salary": 5000,
        }
    )
    assert set(errs) == {
        "region",
        "skill_level",
        "insurance_months",
        "contract_years",
        "tenure_years",
        "as_of",
        "employer_type",
        "competition",
        "introduced",
        "honors",
        "salary",
    }
    assert "上海市" in errs["region"]
    assert "负数" in errs["contract_years"]
    assert "洲际" in errs["competition"] and "1..3" in errs["competition"]
    assert "未知字段" in errs["salary"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "region"),
        ({"region": "洪泽区", "insurance_months": 6.5}, "insurance_months"),
        ({"region": "洪泽区", "insurance_months": float("nan")}, "insurance_months"),
        ({"region": "洪泽区", "monthly_salary": -1}, "monthly_salary"),
        ({"region": "洪泽区", "competition": {"level": "区级"}}, "competition"),
        ({"region": "洪泽区", "competition": {"level": "区级", "rank": True}}, "competition"),
        ({"region": "洪泽区", "competition": {"level": "区级", "rank": 0}}, "competition"),
        ({"region": "洪泽区", "competition": {"level": "区级", "rank": 1, "x": 1}}, "competition"),
        ({"region": "洪泽区", "competition": "一等奖"}, "competition"),
        ({"region": "洪泽区", "level_obtained_on": "2021/01/01"}, "level_obtained_on"),
        ({"region": "洪泽区", "level_obtained_on": "2021-02-30"}, "level_obtained_on"),
        ({"region": "洪泽区", "honors": [""]}, "honors"),
        ({"region": "洪泽区", "honors": [1]}, "honors"),
        ({"region": 320813}, "region"),
        ({"region": "洪泽区", "key_industry": 1}, "key_industry"),
        ({"region": "洪泽区", "insurance_months": False}, "insurance_months"),
    ],
)
def test_bad_values(data: dict[str, object], field: str) -> None:
    assert field in errors_of(data)


def test_level_obtained_after_as_of_is_an_error() -> None:
    errs = errors_of({"region": "洪泽区", "as_of": "2021-01-01", "level_obtained_on": "2021-06-01"})
    assert "level_obtained_on" in errs


def test_error_message_names_fields() -> None:
    with pytest.raises(ProfileError) as info:
        parse_profile({"region": "叶集区", "insurance_months": "很多"})
    assert "insurance_months" in str(info.value)


def test_not_a_mapping() -> None:
    with pytest.raises(ProfileError):
        parse_profile(["region"])  # type: ignore[arg-type]


def test_unknown_honours_are_kept_and_flagged() -> None:
    p = parse_profile({"region": "叶集区", "honors": ["五一劳动奖章", "全国技术能手"]})
    assert p.unknown_honors == ("五一劳动奖章",)


def test_profile_fields_describe_every_profile_attribute() -> None:
    names = [f.name for f in PROFILE_FIELDS]
    assert len(names) == len(set(names))
    attrs = set(Profile.__dataclass_fields__) - {"as_of_given"}
    assert set(names) == attrs
    by_name = {f.name: f for f in PROFILE_FIELDS}
    assert by_name["region"].required
    assert by_name["insurance_months"].unit == "months"
    assert by_name["monthly_salary"].unit == "yuan"
    assert "技师" in by_name["skill_level"].choices
    assert by_name["competition"].type == "competition"
    for f in PROFILE_FIELDS:
        d = f.to_dict()
        assert d["name"] == f.name and d["label"] and d["question"]
