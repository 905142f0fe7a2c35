"""What a log line keeps (``policy_kb.redaction.redact_keeping_digests``): hex digests,
hashes and ids whole — an operator must be able to find the index cache file or the request a
line names — while 身份证号, phones and card numbers in the same line are removed."""

from __future__ import annotations

import pytest

from policy_kb.redaction import REDACTED, redact, redact_keeping_digests

# Each with a run of 7+ digits, which the plain rule would take for a number.
CACHE_KEY = "2d711642b726b04401627ca9fbac32f5c8530fb1"  # 40 hex: policy_kb.search.cache's key
SHA256 = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
REQUEST_ID = "9f86d08188420350e1b8bc5cf4b2a0b1"  # 32 hex, as uuid4().hex


@pytest.mark.parametrize(
    "line",
    [
        f"search index loaded from /var/cache/bluecard/{CACHE_KEY}.pickle",
        f"evidence stored: {SHA256}",
        f"request {REQUEST_ID} finished",
        "proactive matching enqueued as job 1a2b3c4d-1234-4567-8901-123456789012",
        f"guide text sha256={SHA256} changed",
        f"evidence etag:{REQUEST_ID}",
        "bot failed on a text from u:20261201",  # mask_openid's pseudonym
    ],
)
def test_digests_hashes_and_ids_keep_their_digits(line):
    assert redact(line) != line  # the plain rule cuts digit runs out of them
    assert redact_keeping_digests(line) == line


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        (f"index {CACHE_KEY}.pickle for 身份证341504199005123011", "341504199005123011"),
        (f"{SHA256} 电话 138-1234-5678", "5678"),
        ("job 1a2b3c4d-1234-4567-8901-123456789012 卡号6222 0212 3456 5555 123", "5555"),
        (f"u:3f2a9c1b typed １３８１２３４５６７８ ({SHA256})", "５６７８"),
        # a label keeps only a digest's own lengths, and only as a word of its own
        ("hash=13812345678", "13812345678"),
        ("phone_hash=13812345678", "13812345678"),
        ("digest:320102198706231003", "320102198706231003"),
        ("etag=6222021234567890123", "6222021234567890123"),
        # a personal number glued to hex letters is no digest, whatever the length
        ("身份证320102198706231003abcdefabcdefab", "320102198706231003"),
        ("电话13812345678abcdefabcdefabcdefabcde", "13812345678"),
        # a phone typed in groups whose last group runs into hex
        ("电话138 1234 5678deadbeefdeadbeefdeadbeefdeadbeef", "1234"),
    ],
)
def test_personal_numbers_beside_a_digest_are_still_removed(line, secret):
    clean = redact_keeping_digests(line)
    assert secret not in clean and REDACTED in clean


@pytest.mark.parametrize(
    "line",
    [
        "13812345678139123456781371234567800",  # numbers typed side by side: no letter a-f
        "hash 13812345678",  # a label must be written sha256= / hash: to count
        "x13812345678abcdef0123456789abcdef",  # not a word of its own
    ],
)
def test_digits_that_only_look_like_a_digest_are_redacted(line):
    assert "2345678" not in redact_keeping_digests(line)


def test_a_line_without_digests_reads_as_redact_gives_it():
    line = "身份证 3415 0419 9005 1230 11，2021-01-01，补贴12000元"
    assert redact_keeping_digests(line) == redact(line)


def test_the_shortcut_for_texts_without_seven_digits_changes_nothing() -> None:
    """``redact`` and ``redact_keeping_digests`` return a text with no run of 7 digits as it
    is, without reading its runs: the same as reading them, on many random texts."""
    import random

    from policy_kb import redaction

    def slow(text: str) -> str:
        return redaction._RUN.sub(redaction._redact_run, text)

    rng = random.Random(17)
    alphabet = "0123456789０９ -._/·　Xx号电话u:abcf=sha256"
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert redaction.redact(text) == slow(text), text
        if not redaction._SEVEN.search(text):
            assert redaction.redact_keeping_digests(text) == text
    line = "wechat text from u:02c3ff86: intent=answer refs=3 in 16 ms"
    assert redaction.redact_keeping_digests(line) == line
    assert redaction.redact("电话 138 1234 5678") == "电话 [已隐去]"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("我手机是一三九 二二二三 四四五五，回个电话", "回个电话"),
        ("电话幺五八六六六七七八八八", "电话"),
        ("号码188一二三四五六七八", "号码"),
    ],
)
def test_a_number_read_out_in_chinese_numerals_is_removed(text, kept):
    for line in (redact(text), redact_keeping_digests(text)):
        assert REDACTED in line and kept in line
        assert "四五" not in line and "六七" not in line and "八八" not in line


@pytest.mark.parametrize(
    "text",
    [
        "二〇二一年四月二十六日印发",
        "一、二、三等奖分别奖励2000、1000、500元",
        "三年行动计划（二〇二一—二〇二三年）",
        "第三条第一款",
    ],
)
def test_dates_prizes_and_clause_numbers_in_chinese_numerals_stay(text):
    assert redact(text) == text
