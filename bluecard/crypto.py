"""Keys and ciphers for personal data at rest and for QR-code signatures.

- ``PiiCipher``: Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) over each personal
  field; ``MultiFernet`` so keys rotate (the first key encrypts, every key decrypts). Dialogue
  state in Redis, sealed and opened on every message, uses AES-256-GCM instead (``seal`` /
  ``unseal``, about a third of Fernet's CPU; one key derived from each Fernet key, so the same
  rotation holds); a value Fernet sealed before is still opened.
- ``lookup_hash``: a keyed HMAC-SHA256 of a normalised identifier (身份证号), for exact lookup
  without storing it in clear; a plain hash would be brute-forced over the ~10^10 valid IDs.
- ``card_signing_key``: the Ed25519 key signing QR tokens (``bluecard.cards.qr``).

Keys come from the settings; unset ones are derived from SECRET_KEY with HKDF and distinct
labels, so one secret is enough in development while production sets each key separately.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bluecard.config import Settings

#: What a value sealed with AES-GCM starts with (``PiiCipher.seal``); no Fernet token (URL-safe
#: base64, "gAAAA…") and no JSON object does.
SEALED_PREFIX = b"a1."
_NONCE = 12
_SESSION_LABEL = "bluecard session aes-gcm"


class DecryptionError(ValueError):
    """A stored value could not be decrypted with any configured key (wrong or lost key)."""


def derive_key(secret: str, label: str, size: int = 32) -> bytes:
    """``size`` bytes derived from ``secret`` for one purpose ``label`` (HKDF-SHA256)."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=size, salt=b"bluecard", info=label.encode())
    return hkdf.derive(secret.encode())


def _b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


@dataclass(frozen=True)
class PiiCipher:
    """Encrypts and decrypts personal fields (strings or JSON-able values).

    ``encrypt("32081319900101123X") -> "gAAAA..."`` (a Fernet token, ASCII);
    ``decrypt(token) -> str``; raises DecryptionError when no key opens the token.
    """

    fernet: MultiFernet
    hash_key: bytes
    #: AES-256-GCM keys of ``seal`` (the first seals, every one opens); none: Fernet seals.
    seal_keys: tuple[bytes, ...] = ()
    _aeads: tuple[AESGCM, ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "_aeads", tuple(AESGCM(k) for k in self.seal_keys))

    @classmethod
    def from_settings(cls, settings: Settings) -> PiiCipher:
        """The cipher for ``settings`` (PII_KEYS / PII_HASH_KEY, or derived from SECRET_KEY)."""
        if settings.pii_keys:
            keys = [Fernet(k.encode()) for k in settings.pii_keys]
            seal_keys = tuple(derive_key(k, _SESSION_LABEL) for k in settings.pii_keys)
        else:
            raw = derive_key(settings.secret_key, "bluecard pii fernet")
            keys = [Fernet(base64.urlsafe_b64encode(raw))]
            seal_keys = (derive_key(settings.secret_key, _SESSION_LABEL),)
        if settings.pii_hash_key:
            hash_key = settings.pii_hash_key.encode()
        else:
            hash_key = derive_key(settings.secret_key, "bluecard pii lookup hmac")
        return cls(MultiFernet(keys), hash_key, seal_keys)

    def encrypt(self, value: str) -> str:
        """Fernet token of ``value`` (UTF-8)."""
        return self.fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The clear text of ``token``; raises DecryptionError."""
        try:
            return self.fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError, ValueError) as exc:
            raise DecryptionError("stored personal data cannot be decrypted") from exc

    def seal(self, data: bytes, context: bytes) -> bytes:
        """``data`` encrypted and authenticated with AES-256-GCM, bound to ``context`` (e.g. the
        store key: a value copied under another key does not open); ASCII,
        ``SEALED_PREFIX`` + URL-safe base64 of nonce + ciphertext. Without ``seal_keys``, a
        Fernet token."""
        if not self._aeads:
            return self.fernet.encrypt(data)
        nonce = os.urandom(_NONCE)
        sealed = self._aeads[0].encrypt(nonce, data, context)
        return SEALED_PREFIX + base64.urlsafe_b64encode(nonce + sealed)

    def unseal(self, token: bytes, context: bytes) -> bytes:
        """The data ``seal`` sealed with ``context`` (or a Fernet token, as written before);
        raises DecryptionError."""
        if not token.startswith(SEALED_PREFIX):
            try:
                return self.fernet.decrypt(token)
            except (InvalidToken, ValueError) as exc:
                raise DecryptionError("stored personal data cannot be decrypted") from exc
        try:
            raw = base64.urlsafe_b64decode(token[len(SEALED_PREFIX) :])
        except ValueError as exc:
            raise DecryptionError("stored personal data cannot be decrypted") from exc
        nonce, sealed = raw[:_NONCE], raw[_NONCE:]
        for aead in self._aeads:
            try:
                return aead.decrypt(nonce, sealed, context)
            except (InvalidTag, ValueError):
                continue
        raise DecryptionError("stored personal data cannot be decrypted")

    def encrypt_json(self, value: Any) -> str:
        """Fernet token of ``value`` serialised as JSON."""
        return self.encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def decrypt_json(self, token: str) -> Any:
        """The JSON value of ``token``; raises DecryptionError."""
        return json.loads(self.decrypt(token))

    def lookup_hash(self, value: str) -> str:
        """Keyed HMAC-SHA256 (hex, 64 chars) of ``value`` upper-cased and stripped: equal
        identifiers give equal hashes (so 身份证号 ending x and X match)."""
        normalised = value.strip().upper().encode("utf-8")
        return hmac.new(self.hash_key, normalised, hashlib.sha256).hexdigest()


def card_signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The Ed25519 key that signs QR tokens (CARD_SIGNING_KEY, or derived from SECRET_KEY)."""
    if settings.card_signing_key:
        seed = _b64decode(settings.card_signing_key)
    else:
        seed = derive_key(settings.secret_key, "bluecard qr ed25519")
    return Ed25519PrivateKey.from_private_bytes(seed)
