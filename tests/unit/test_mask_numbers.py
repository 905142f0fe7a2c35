"""What a worker's notification page shows of numbers (``privacy.mask_numbers``): a card
number, 身份证号 or phone with only its last 4 characters, however grouped; amounts, dates
and clause numbers as typed."""

from __future__ import annotations

import pytest

from bluecard.privacy import mask_card_no, mask_numbers


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("卡号 3408012026000123。", "卡号 ************0123。"),
        ("身份证 34150419900512301X", "身份证 **************301X"),
        ("电话 138-1234-5678", "电话 ***-****-5678"),
        ("卡号３４０８０１２０２６０００１２３", "卡号************０１２３"),
    ],
)
def test_long_numbers_keep_only_their_last_4_characters(text, shown):
    assert mask_numbers(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "你申请的「生活和住房补贴」30,000元已批准",
        "请于2026-12-31前申报（第四条第2款）",
        "补贴12000元，按月发放",
    ],
)
def test_amounts_dates_and_clauses_stay(text):
    assert mask_numbers(text) == text


@pytest.mark.parametrize("card_no", ["3408012026000123", "3415042026000001"])
def test_a_message_masks_a_card_number_as_the_pages_do(card_no):
    masked = mask_card_no(card_no)
    assert masked.endswith(card_no[-4:]) and card_no[:-4] not in masked
    # the notification page (mask_numbers over the message) shows the same, not re-masked
    assert mask_numbers(f"卡号 {card_no}") == f"卡号 {masked}" == mask_numbers(f"卡号 {masked}")


def test_no_card_number_masks_to_nothing():
    assert mask_card_no(None) == mask_card_no("") == ""
