"""Answers typed the way workers type them are understood; nonsense gets a re-prompt hint."""

from datetime import date

import pytest

from bot.parsing import (
    OPEN_ENDED_YEARS,
    SKIP,
    AnswerError,
    parse_bool,
    parse_choice,
    parse_competition,
    parse_date,
    parse_months,
    parse_titles,
    parse_years,
    parse_yuan,
    skill_level_aliases,
)

LEVELS = ["无", "学徒工", "初级工", "中级工", "高级工", "技师", "高级技师"]


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("8", 8),
        ("8个月", 8),
        ("八个月", 8),
        ("半年", 6),
        ("一年半", 18),
        ("两年", 24),
        ("18个月", 18),
        ("2年零3个月", 27),
    ],
)
def test_months(text, months):
    assert parse_months(text) == months


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2", 2),
        ("两年", 2),
        ("半年", 0.5),
        ("18个月", 1.5),
        ("三年以上", 3),
        ("无固定期限", OPEN_ENDED_YEARS),
    ],
)
def test_years(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("8000", 8000),
        ("八千", 8000),
        ("一万五", 15000),
        ("1.5万", 15000),
        ("5k", 5000),
        ("8,000元", 8000),
    ],
)
def test_yuan(text, yuan):
    assert parse_yuan(text) == yuan


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("6", "技师"),
        ("三级", "高级工"),
        ("三级工", "高级工"),
        ("技师证", "技师"),
        ("高级技师", "高级技师"),
        ("二级", "技师"),
        ("我是技师", "技师"),
    ],
)
def test_skill_level(text, level):
    assert parse_choice(text, LEVELS, skill_level_aliases()) == level


def test_dates_relative_to_today():
    today = date(2021, 9, 1)
    assert parse_date("今年3月", today) == date(2021, 3, 1)
    assert parse_date("2020-05-06", today) == date(2020, 5, 6)
    assert parse_date("2019年7月", today) == date(2019, 7, 1)
    assert parse_date("去年", today).year == 2020


def test_competition_and_titles():
    assert parse_competition("区级二等奖") == {"level": "区级", "rank": 2}
    assert parse_competition("没参加过") is None
    assert parse_titles("1 3", ["中华技能大奖", "全国技术能手", "江淮杰出工匠"]) == [
        "中华技能大奖",
        "江淮杰出工匠",
    ]
    assert parse_titles("没有", ["中华技能大奖"]) == []


def test_yes_no_and_dont_know():
    assert parse_bool("是的") is True
    assert parse_bool("没有") is False
    assert parse_bool("2") is False
    assert parse_bool("不知道") is SKIP
    assert parse_months("不清楚") is SKIP


@pytest.mark.parametrize(
    ("parser", "text"),
    [
        (parse_bool, "今天天气不错"),
        (parse_months, "很久"),
        (parse_yuan, "挺多的"),
        (parse_competition, "拿奖了"),
    ],
)
def test_nonsense_gets_a_hint_not_a_crash(parser, text):
    with pytest.raises(AnswerError) as err:
        parser(text)
    assert str(err.value)  # the hint the re-prompt shows


def test_out_of_range_number_is_refused():
    with pytest.raises(AnswerError):
        parse_choice("9", LEVELS)


def test_month_only_and_two_digit_year_dates():
    from datetime import date

    from bot.parsing import parse_date

    today = date(2026, 3, 1)
    assert parse_date("2023年6月", today) == date(2023, 6, 1)
    assert parse_date("23年6月", today) == date(2023, 6, 1)
    assert parse_date("6月份", today) == date(2025, 6, 1), "a month not yet reached is last year's"
    assert parse_date("2月", today) == date(2026, 2, 1)
