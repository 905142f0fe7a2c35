"""身份证号 (GB 11643) and 统一社会信用代码 (GB 32100) validation, and masking."""

from __future__ import annotations

from datetime import date

import pytest
from factories.cards import credit_code, id_number, with_wrong_check

from policy_kb.identifiers import (
    IdentifierError,
    check_credit_code,
    check_id_number,
    check_phone,
    mask_id_number,
    mask_name,
    mask_phone,
)


@pytest.mark.parametrize(
    "value",
    [
        "11010519491231002X",  # the standard's own example, X check digit
        "11010519491231002x",  # typed in lower case
        "32081319900101123X",
        "110105 19491231 002X",  # grouped with spaces
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width, as some keyboards type
    ],
)
def test_valid_id_numbers_are_normalised(value):
    assert check_id_number(value) in {"11010519491231002X", "32081319900101123X"}


def test_generated_ids_with_every_check_character_validate():
    seen = set()
    for seq in range(60):
        value = id_number(seq=seq)
        assert check_id_number(value) == value
        seen.add(value[-1])
    assert "X" in seen and len(seen) == 11


def test_wrong_check_digit_is_named():
    with pytest.raises(IdentifierError) as err:
        check_id_number(with_wrong_check("11010519491231002X"))
    assert "校验位" in str(err.value) and "最后一位" in str(err.value)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("1101051949123100", "18位"),
        ("11010519491231002Y", "数字"),
        ("99010519491231002X", "省份"),
        (id_number(birth="19900230"), "出生日期"),
        (id_number(birth="20991231"), "出生日期"),
        (id_number(birth="18500101"), "出生日期"),
    ],
)
def test_bad_id_numbers_say_what_is_wrong(value, words):
    with pytest.raises(IdentifierError) as err:
        check_id_number(value, today=date(2026, 1, 1))
    assert words in str(err.value)


def test_birth_date_in_the_future_is_refused_relative_to_today():
    value = id_number(birth="20260601")
    with pytest.raises(IdentifierError):
        check_id_number(value, today=date(2026, 5, 31))
    assert check_id_number(value, today=date(2026, 6, 1)) == value


@pytest.mark.parametrize("value", ["91350100M000100Y43", "91 350100 M000100Y43", credit_code()])
def test_valid_credit_codes(value):
    assert check_credit_code(value) == value.replace(" ", "")


def test_lower_case_credit_code_is_normalised():
    assert check_credit_code("91350100m000100y43") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("91350100M000100Y4", "18位"),
        ("91350100M000100Y44", "校验位"),
        ("91350100O000100Y43", "不允许的字符"),  # letter O is not in the alphabet
        ("913501I0M000100Y43", "I"),
        ("91AB0100M000100Y43", "行政区划"),
    ],
)
def test_bad_credit_codes_say_what_is_wrong(value, words):
    with pytest.raises(IdentifierError) as err:
        check_credit_code(value)
    assert words in str(err.value)


def test_phone_numbers():
    assert check_phone("138 1234 5678") == "13812345678"
    assert check_phone("+86 13812345678") == "13812345678"
    for bad in ("12812345678", "1381234567", "1381234567a"):
        with pytest.raises(IdentifierError):
            check_phone(bad)


def test_masks():
    assert mask_id_number("320813199001011234") == "3208**********1234"
    assert mask_name("张三丰") == "张*丰"
    assert mask_name("李四") == "李*"
    assert mask_name("欧阳娜娜") == "欧**娜"
    assert mask_phone("13812345678") == "138****5678"
