"""Who may call the callback: WeChat's signatures, and safe-mode (AES) decryption.

Plaintext mode: ``signature`` = SHA-1 over the sorted (token, timestamp, nonce); it does not
cover the body. Safe and compatible modes (``encrypt_type=aes``): ``msg_signature`` = SHA-1
over the sorted (token, timestamp, nonce, Encrypt), checked by wechatpy's WeChatCrypto before
it decrypts; the plaintext fields a compatible-mode body also carries are ignored.
"""

from __future__ import annotations

import binascii
import hashlib
import struct
from collections.abc import Mapping
from typing import Any
from xml.etree.ElementTree import Element

from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.utils import check_signature


class SignatureRejected(Exception):
    """The request is not signed with our token (answer 403)."""


class DecryptionFailed(ValueError):
    """Correctly signed, but the Encrypt field does not decrypt (answer 400)."""


def verify_plain_signature(token: str, args: Mapping[str, str]) -> None:
    """Check ``signature`` over token/timestamp/nonce. Raises SignatureRejected."""
    signature, timestamp, nonce = (args.get(k) for k in ("signature", "timestamp", "nonce"))
    if not (signature and timestamp and nonce):
        raise SignatureRejected("missing signature, timestamp or nonce")
    try:
        check_signature(token, signature, timestamp, nonce)
    except InvalidSignatureException as exc:
        raise SignatureRejected("bad signature") from exc


def check_fresh(args: Mapping[str, str], max_age: float, now: float) -> None:
    """Refuse a request whose ``timestamp`` is more than ``max_age`` seconds from ``now``
    (epoch seconds). The signature covers the timestamp, so a captured request cannot be
    re-dated: a replay older than the MsgId de-duplication memory (DEDUP_TTL) is refused
    instead of being processed again. Raises SignatureRejected.
    """
    try:
        sent = int(args.get("timestamp") or "")
    except ValueError:
        raise SignatureRejected("timestamp is not a number") from None
    if abs(now - sent) > max_age:
        raise SignatureRejected("stale timestamp (possible replay)")


class ReplayGuard:
    """Remembers each (signature, nonce) seen for the freshness window (Redis key
    ``<prefix>:replay:<sha256>`` holding the body's SHA-256) and refuses a reuse with another
    body: a captured plaintext-mode signature (which does not cover the body) cannot carry
    a forged message. WeChat's own retries resend the very same request; those pass on to the
    de-duplication, which answers them with the first reply.
    """

    def __init__(self, client: Any, prefix: str, window: float) -> None:
        self._redis = client
        self._prefix = f"{prefix}:replay:"
        self._ttl = max(1, int(window * 2) + 1)  # timestamps may be early or late by window

    def fingerprint(self, signature: str, nonce: str, body: bytes) -> tuple[str, str]:
        """The Redis key of (signature, nonce) and the body's digest stored under it."""
        key = self._prefix + hashlib.sha256(f"{signature}\n{nonce}".encode()).hexdigest()
        return key, hashlib.sha256(body).hexdigest()

    def remember(self, pipe: Any, key: str, digest: str) -> None:
        """Queue the ``SET NX`` that remembers this request on a Redis pipeline; its result
        goes to ``verdict``."""
        pipe.set(key, digest, nx=True, ex=self._ttl)

    def verdict(self, first_seen: Any, key: str, digest: str) -> None:
        """After ``remember``: raises SignatureRejected when (signature, nonce) was seen
        before with a different body (one more GET, only for a request seen before)."""
        if first_seen:
            return
        seen = self._redis.get(key)
        seen = seen.decode() if isinstance(seen, bytes) else seen
        if seen != digest:
            raise SignatureRejected("signature and nonce already used (replay)")

    def check(self, signature: str, nonce: str, body: bytes) -> None:
        """Remember this request; raises SignatureRejected when (signature, nonce) was seen
        with a different body. Raises redis.RedisError when the store is down."""
        key, digest = self.fingerprint(signature, nonce, body)
        self.verdict(self._redis.set(key, digest, nx=True, ex=self._ttl), key, digest)


def decrypt_envelope(crypto: WeChatCrypto, root: Element, args: Mapping[str, str]) -> str:
    """Verify ``msg_signature`` over the envelope's <Encrypt> and return the inner XML text.

    Raises SignatureRejected (missing or wrong signature, wrong AppID inside) or
    DecryptionFailed (no <Encrypt>, or it does not decrypt).
    """
    signature, timestamp, nonce = (args.get(k) for k in ("msg_signature", "timestamp", "nonce"))
    if not (signature and timestamp and nonce):
        raise SignatureRejected("missing msg_signature, timestamp or nonce")
    encrypted = (root.findtext("Encrypt") or "").strip()
    if not encrypted:
        raise DecryptionFailed("no Encrypt element")
    try:
        # A dict, not the XML: wechatpy would re-parse the XML with xmltodict otherwise.
        plain = crypto.decrypt_message({"Encrypt": encrypted}, signature, timestamp, nonce)
    except InvalidSignatureException as exc:
        raise SignatureRejected("bad msg_signature") from exc
    except InvalidAppIdException as exc:
        raise SignatureRejected("message for another AppID") from exc
    except (binascii.Error, struct.error, ValueError, TypeError, IndexError) as exc:
        raise DecryptionFailed("Encrypt does not decrypt") from exc
    return plain if isinstance(plain, str) else plain.decode("utf-8")


def encrypt_reply(crypto: WeChatCrypto, xml: str, nonce: str, timestamp: str) -> str:
    """The safe-mode envelope (Encrypt, MsgSignature, TimeStamp, Nonce) around ``xml``."""
    return str(crypto.encrypt_message(xml, nonce, timestamp))
