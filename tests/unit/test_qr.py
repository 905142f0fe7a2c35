"""QR tokens: Ed25519-signed, no personal data, decoded from the PNG by an independent
decoder (zxing-cpp), forged / malformed / expired refused; offline verification with the
public key only."""

from __future__ import annotations

import base64
import io

import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image

from bluecard.cards import qr

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
NOW = 1_800_000_000


def decode_png(png: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1
    return results[0].text


def test_png_decodes_to_our_url_and_the_token_verifies():
    token, expires = qr.issue_token(KEY, 42, 3, "dynamic", ttl_seconds=90, now=NOW)
    url = qr.token_url("https://card.example.gov.cn/", token)
    decoded = decode_png(qr.qr_png(url))
    assert decoded == f"https://card.example.gov.cn/c/{token}"
    payload = qr.verify_token(KEY.public_key(), decoded, now=NOW + 89)
    assert (payload.card_id, payload.qr_version, payload.kind) == (42, 3, "dynamic")
    assert payload.expires_at == expires and int(expires.timestamp()) == NOW + 90


def test_svg_is_an_svg_document():
    svg = qr.qr_svg("https://card.example.gov.cn/c/abc")
    assert svg.lstrip().startswith("<svg") or svg.lstrip().startswith("<?xml")
    assert "<path" in svg


def test_token_holds_no_personal_data_and_is_small():
    token, _ = qr.issue_token(KEY, 7, 1, "static")
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(raw) == qr.TOKEN_BYTES == 88
    assert len(token) == 118
    # the signed payload is ids and numbers only
    assert raw[:2] == b"\x01s"


def test_two_tokens_for_the_same_card_differ():
    a, _ = qr.issue_token(KEY, 7, 1, "static")
    b, _ = qr.issue_token(KEY, 7, 1, "static")
    assert a != b


def test_altered_token_is_forged():
    token, _ = qr.issue_token(KEY, 42, 1, "static")
    raw = bytearray(base64.urlsafe_b64decode(token + "=="))
    raw[9] ^= 0x01  # another card id, same signature
    altered = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    with pytest.raises(qr.TokenError) as err:
        qr.verify_token(KEY.public_key(), altered)
    assert err.value.reason == "forged"


def test_token_signed_by_another_key_is_forged():
    other = Ed25519PrivateKey.generate()
    token, _ = qr.issue_token(other, 42, 1, "static")
    with pytest.raises(qr.TokenError) as err:
        qr.verify_token(KEY.public_key(), token)
    assert err.value.reason == "forged"


@pytest.mark.parametrize("code", ["", "   ", "not a token!", "AAAA", "x" * 600, "https://x/c/"])
def test_garbage_is_malformed(code):
    with pytest.raises(qr.TokenError) as err:
        qr.verify_token(KEY.public_key(), code)
    assert err.value.reason == "malformed"


def test_non_canonical_spelling_of_a_valid_token_is_malformed():
    token, _ = qr.issue_token(KEY, 42, 1, "static")
    # the last character holds 2 data bits and 4 zero bits; set one of the zero bits
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    respelled = token[:-1] + alphabet[alphabet.index(token[-1]) | 0x01]
    assert respelled != token
    assert base64.urlsafe_b64decode(respelled + "==") == base64.urlsafe_b64decode(token + "==")
    with pytest.raises(qr.TokenError) as err:
        qr.verify_token(KEY.public_key(), respelled)
    assert err.value.reason == "malformed"


def test_expired_dynamic_code():
    token, _ = qr.issue_token(KEY, 42, 1, "dynamic", ttl_seconds=60, now=NOW)
    with pytest.raises(qr.TokenError) as err:
        qr.verify_token(KEY.public_key(), token, now=NOW + 60)
    assert err.value.reason == "expired"
    assert err.value.message == "二维码已过期，请让持卡人刷新"
    assert err.value.payload is not None and err.value.payload.card_id == 42


def test_scanner_input_with_url_query_and_whitespace():
    token, _ = qr.issue_token(KEY, 5, 1, "static")
    pasted = f"  https://card.example.gov.cn/c/{token}?from=scan  \n"
    assert qr.verify_token(KEY.public_key(), pasted).card_id == 5


def test_offline_verification_with_the_public_key_only(tmp_path, capsys):
    pem = tmp_path / "bluecard-qr.pem"
    pem.write_text(qr.public_key_pem(KEY))
    assert "PRIVATE" not in pem.read_text()
    token, _ = qr.issue_token(KEY, 9, 2, "static")
    assert qr.main(["verify", str(pem), f"https://x/c/{token}"]) == 0
    assert "card 9" in capsys.readouterr().out
    raw = bytearray(base64.urlsafe_b64decode(token + "=="))
    raw[-1] ^= 0x01  # the signature's last byte: always a different, canonical token
    tampered = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    assert tampered != token
    assert qr.main(["verify", str(pem), tampered]) == 1
    assert "forged" in capsys.readouterr().out
    assert qr.main(["verify"]) == 2
