"""Numbers typed with a unit in each numeric question: a wage in 百 / 万 / k, a length in
半年 / 一年半; a length or an age typed where the wage is asked is no wage and is asked again."""

from __future__ import annotations

from datetime import date

import pytest

from bot.parsing import AnswerError
from bot.questions import QUESTIONS

TODAY = date(2026, 3, 1)
PLACE = {"region": "洪泽区"}


@pytest.mark.parametrize(
    ("said", "yuan"),
    [("7百", 700), ("2.5万", 25000), ("6k", 6000), ("3千5", 3500), ("九千块", 9000)],
)
def test_a_wage_with_its_unit(said, yuan):
    assert QUESTIONS["monthly_salary"].parse_for(said, TODAY, PLACE) == yuan


@pytest.mark.parametrize("said", ["10个月", "4年", "两年半", "半年", "四十周岁", "28岁"])
def test_a_length_or_age_is_no_wage(said):
    with pytest.raises(AnswerError, match="每月工资"):
        QUESTIONS["monthly_salary"].parse_for(said, TODAY, PLACE)


@pytest.mark.parametrize(
    ("field", "said", "value"),
    [
        ("insurance_months", "半年", 6),
        ("insurance_months", "两年半", 30),
        ("tenure_years", "一年半", 1.5),
        ("contract_years", "半年", 0.5),
    ],
)
def test_lengths_in_words(field, said, value):
    assert QUESTIONS[field].parse_for(said, TODAY, PLACE) == value


@pytest.mark.parametrize("said", ["6k", "2.5万", "四十周岁"])
def test_a_wage_or_age_is_no_length(said):
    with pytest.raises(AnswerError):
        QUESTIONS["insurance_months"].parse_for(said, TODAY, PLACE)
