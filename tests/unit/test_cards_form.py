"""The blue-card application form: every bad field named at once, injection-like input in
every field refused or kept as harmless text, and the per-field validator of the chat."""

from __future__ import annotations

from datetime import date

import pytest
from factories.cards import valid_form, with_wrong_check

from policy_kb.card_form import (
    CARD_FIELDS,
    CardFieldError,
    CardFormError,
    validate_card_application,
    validate_field,
)

TODAY = date(2026, 3, 1)
INJECTION = "'; DROP TABLE blue_card;--"


def test_valid_form_is_normalised():
    form = valid_form(id_number=valid_form()["id_number"].lower(), skill_level="二级")
    out = validate_card_application(form, today=TODAY)
    assert out["district"] == "叶集区" and out["district_code"] == "341504"
    assert out["skill_level"] == "技师"
    assert out["certificate_date"] == date(2023, 6, 1)
    assert out["consent"] is True


def test_every_bad_and_missing_field_is_named_at_once():
    form = valid_form(
        id_number=with_wrong_check(valid_form()["id_number"]),
        phone="12345",
        credit_code="91350100M000100Y44",
        certificate_date="2099-01-01",
        district="上海",
        consent=False,
    )
    del form["name"]
    with pytest.raises(CardFormError) as err:
        validate_card_application(form, today=TODAY)
    errors = err.value.errors
    assert set(errors) == {
        "name",
        "id_number",
        "phone",
        "credit_code",
        "certificate_date",
        "district",
        "consent",
    }
    assert "校验位" in errors["id_number"]
    assert "校验位" in errors["credit_code"]
    assert "晚于今天" in errors["certificate_date"]
    assert errors["name"] == "请填写姓名"
    assert "身份证号" in str(err.value) and "手机号" in str(err.value)


def test_empty_form_names_every_field():
    with pytest.raises(CardFormError) as err:
        validate_card_application({}, today=TODAY)
    assert list(err.value.errors) == [f.name for f in CARD_FIELDS]


def test_unknown_keys_are_named():
    with pytest.raises(CardFormError) as err:
        validate_card_application(valid_form(is_admin=True), today=TODAY)
    assert set(err.value.errors) == {"is_admin"}


@pytest.mark.parametrize(
    "payload",
    [
        INJECTION,
        "1 OR 1=1",
        "<script>alert(1)</script>",
        "张三\x00",
        "李\u200b四",
        "王五\r\nSet-Cookie: x=1",
        "赵" * 500,
    ],
)
@pytest.mark.parametrize("field", [f.name for f in CARD_FIELDS])
def test_injection_like_input_in_every_field_is_refused_or_kept_as_text(field, payload):
    """Each field either refuses the value (naming that field and only it) or keeps it as
    printable text; nothing crashes."""
    try:
        out = validate_card_application(valid_form(**{field: payload}), today=TODAY)
    except CardFormError as err:
        assert list(err.errors) == [field]
        return
    assert field in ("certificate_issuer", "employer_name")
    kept = out[field]
    assert kept == payload  # stored as typed: parameters are bound, pages escape
    assert kept.isprintable()


def test_name_rules():
    assert validate_field("name", " 阿依古丽•买买提 ") == "阿依古丽·买买提"
    for bad in ("张", "Zhang San", INJECTION, "张三1", "·张三"):
        with pytest.raises(CardFieldError):
            validate_field("name", bad)


def test_field_validator_for_the_chat():
    assert validate_field("certificate_date", "2024年3月1日", today=TODAY) == "2024-03-01"
    assert validate_field("certificate_date", "2024.3.1", today=TODAY) == "2024-03-01"
    assert validate_field("district", "六安市叶集区") == "叶集区"
    assert validate_field("skill_level", "高级工") == "高级工"
    assert validate_field("consent", "同意") is True
    assert validate_field("social_security_no", "3415 0412 3456") == "341504123456"
    with pytest.raises(CardFieldError, match="不存在"):
        validate_field("certificate_date", "2023-02-30", today=TODAY)
    with pytest.raises(CardFieldError, match="证书"):
        validate_field("skill_level", "学徒工")
    with pytest.raises(CardFieldError, match="同意"):
        validate_field("consent", False)
    with pytest.raises(KeyError):
        validate_field("salary", "1")
