"""QR tokens of the 技工蓝卡: signed, opaque, without personal data.

A token is ``urlsafe-base64(payload + signature)`` (no padding), inside a URL of ours:
``<PUBLIC_BASE_URL>/c/<token>``. The payload is 24 bytes, big-endian:

    v   1 byte   format version (1)
    k   1 byte   kind: b"d" dynamic (on-screen, expires) or b"s" static (printed, revocable)
    c   8 bytes  card id
    q   4 bytes  the card's qr_version when issued (a reprint bumps it: old static codes die)
    e   4 bytes  expiry, Unix seconds (dynamic only; 0 for static)
    n   6 bytes  random nonce (two codes issued the same second still differ)

followed by the 64-byte Ed25519 signature over those 24 bytes: 88 bytes, 118 characters.
Nothing in it names a person: the card id only means something to our database.

Why Ed25519: it is asymmetric, so a service window (or any other verifier) can check a code
offline with only the public key (``public_key_pem()``; ``python -m bluecard.cards.qr verify``) and
cannot mint codes; its signatures are 64 bytes with 32-byte keys, small enough to keep the QR
code at a low version that phone cameras and USB scanners read easily; it is deterministic
(no per-signature randomness to get wrong) and in ``cryptography``. An HMAC would be shorter
but every verifier would hold the key that forges; RSA/ECDSA signatures are longer or need a
good random source. Offline verification proves authenticity and expiry; revocation of a
static code (qr_version, card status) needs the database, which ``services.cards.scan`` checks.
"""

from __future__ import annotations

import base64
import binascii
import io
import os
import struct
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bluecard.runtime import current_runtime

if TYPE_CHECKING:
    import qrcode

TOKEN_VERSION = 1
KIND_DYNAMIC = "dynamic"
KIND_STATIC = "static"
_KIND_BYTES = {KIND_DYNAMIC: b"d", KIND_STATIC: b"s"}
_KIND_NAMES = {v: k for k, v in _KIND_BYTES.items()}
_PAYLOAD = struct.Struct(">Bc Q I I 6s")
_SIGNATURE_BYTES = 64
TOKEN_BYTES = _PAYLOAD.size + _SIGNATURE_BYTES
#: Longest text accepted as a code before decoding (a URL with a token is far shorter).
MAX_CODE_CHARS = 512
PATH_PREFIX = "/c/"

#: Chinese messages for each refusal reason (a clerk reads them at the window).
REASON_MESSAGES = {
    "forged": "二维码无效（不是本系统签发或已被改动），请让持卡人出示正确的蓝卡二维码",
    "malformed": "无法识别这个二维码，请重新扫描",
    "expired": "二维码已过期，请让持卡人刷新",
}


class TokenError(ValueError):
    """A code that does not verify. reason: ``forged`` (bad signature), ``malformed``
    (not a token of ours), ``expired`` (a dynamic code past its expiry)."""

    def __init__(self, reason: str, payload: TokenPayload | None = None) -> None:
        super().__init__(REASON_MESSAGES[reason])
        self.reason = reason
        self.message = REASON_MESSAGES[reason]
        #: the verified payload (set for ``expired``: authentic, but too old)
        self.payload = payload


@dataclass(frozen=True)
class TokenPayload:
    """What a verified token says. kind: "dynamic" or "static"; expires_at: UTC datetime for
    dynamic codes, None for static ones."""

    card_id: int
    qr_version: int
    kind: str
    expires_at: datetime | None
    nonce: bytes


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def issue_token(
    key: Ed25519PrivateKey,
    card_id: int,
    qr_version: int,
    kind: str,
    *,
    ttl_seconds: int | None = None,
    now: float | None = None,
) -> tuple[str, datetime | None]:
    """A signed token for ``card_id`` and its expiry (None for static codes).

    kind: "dynamic" (needs ``ttl_seconds``) or "static". now: Unix seconds (tests).
    """
    if kind not in _KIND_BYTES:
        raise ValueError(f"unknown QR kind {kind!r}")
    expires = 0
    if kind == KIND_DYNAMIC:
        if not ttl_seconds or ttl_seconds <= 0:
            raise ValueError("a dynamic code needs a positive ttl_seconds")
        expires = int(time.time() if now is None else now) + ttl_seconds
    payload = _PAYLOAD.pack(
        TOKEN_VERSION, _KIND_BYTES[kind], card_id, qr_version, expires, os.urandom(6)
    )
    token = _b64encode(payload + key.sign(payload))
    return token, (datetime.fromtimestamp(expires, UTC) if expires else None)


def extract_token(code: str) -> str:
    """The token in ``code`` as typed, pasted or scanned: a bare token or a URL ending in
    ``/c/<token>`` (query, fragment and surrounding whitespace ignored). Raises TokenError
    ("malformed") for empty or over-long input."""
    text = (code or "").strip()
    if not text or len(text) > MAX_CODE_CHARS:
        raise TokenError("malformed")
    if PATH_PREFIX in text:
        text = text.rsplit(PATH_PREFIX, 1)[1]
    return text.split("?", 1)[0].split("#", 1)[0].strip().strip("/")


def verify_token(
    public_key: Ed25519PublicKey, code: str, *, now: float | None = None
) -> TokenPayload:
    """Verify ``code`` (a token or its URL) and return its payload.

    Raises TokenError: ``malformed`` (not canonical unpadded urlsafe base64 / wrong length /
    unknown version or kind),
    ``forged`` (signature does not verify: altered or not ours), ``expired`` (a dynamic code
    at or after its expiry; ``err.payload`` then holds the authentic payload).
    """
    token = extract_token(code)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        raise TokenError("malformed") from None
    # One token, one spelling: the final character carries 2 bits of data and 4 that must be
    # zero; accepting other spellings would let a copy pass as a different string (and a
    # tampered token whose altered characters happen to decode the same look untampered).
    if len(raw) != TOKEN_BYTES or _b64encode(raw) != token:
        raise TokenError("malformed")
    payload, signature = raw[: _PAYLOAD.size], raw[_PAYLOAD.size :]
    try:
        public_key.verify(signature, payload)
    except InvalidSignature:
        raise TokenError("forged") from None
    version, kind_byte, card_id, qr_version, expires, nonce = _PAYLOAD.unpack(payload)
    if version != TOKEN_VERSION or kind_byte not in _KIND_NAMES:
        raise TokenError("malformed")
    kind = _KIND_NAMES[kind_byte]
    result = TokenPayload(
        card_id=card_id,
        qr_version=qr_version,
        kind=kind,
        expires_at=datetime.fromtimestamp(expires, UTC) if kind == KIND_DYNAMIC else None,
        nonce=nonce,
    )
    if kind == KIND_DYNAMIC and (time.time() if now is None else now) >= expires:
        raise TokenError("expired", result)
    return result


def token_url(public_base_url: str, token: str) -> str:
    """The URL a QR code holds: ``<public_base_url>/c/<token>``."""
    return public_base_url.rstrip("/") + PATH_PREFIX + token


def _qr(data: str) -> qrcode.QRCode:
    # Here, not at import: qrcode loads PIL (~0.02 s at every start; only a card image needs it).
    import qrcode

    # Level M (15% recovery): survives a scuffed printed card and phone-screen glare while the
    # 118-character token keeps the symbol small.
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    qr.add_data(data)
    qr.make(fit=True)
    return qr


def qr_png(data: str) -> bytes:
    """A PNG image (bytes) of the QR code of ``data``."""
    buffer = io.BytesIO()
    _qr(data).make_image().save(buffer)
    return buffer.getvalue()


def qr_svg(data: str) -> str:
    """An SVG document (text) of the QR code of ``data`` (a single path; scales cleanly)."""
    import qrcode.image.svg  # here, not at import: it loads lxml (~0.15 s of start-up)

    image = _qr(data).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return str(image.to_string(encoding="unicode"))


def public_key_pem(private_key: Ed25519PrivateKey | None = None) -> str:
    """The PEM (SubjectPublicKeyInfo) of the public key verifying QR tokens; without an
    argument, the current app's signing key. Publish it to windows that verify offline."""
    if private_key is None:
        private_key = current_runtime().signing_key
    return (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def load_public_key(pem: str | bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM. Raises ValueError for anything else."""
    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def main(argv: list[str] | None = None) -> int:
    """``python -m bluecard.cards.qr verify PUBLIC_KEY.pem CODE``: verify a token or URL offline
    with only the public key; prints the payload (card id, kind, expiry) or the refusal.
    Exit 0 valid, 1 refused, 2 usage error. Revocation needs the database: not checked."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3 or args[0] != "verify":
        print("usage: python -m bluecard.cards.qr verify PUBLIC_KEY.pem CODE", file=sys.stderr)
        return 2
    try:
        with open(args[1], "rb") as handle:
            key = load_public_key(handle.read())
    except (OSError, ValueError) as exc:
        print(f"error: cannot read public key: {exc}", file=sys.stderr)
        return 2
    try:
        p = verify_token(key, args[2])
    except TokenError as err:
        print(f"refused ({err.reason}): {err.message}")
        return 1
    expiry = p.expires_at.isoformat() if p.expires_at else "-"
    print(f"valid: card {p.card_id}, {p.kind}, qr_version {p.qr_version}, expires {expiry}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
