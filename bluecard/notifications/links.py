"""Links a notification's message carries: the worker's own page of the notification (what
the template message's 详情 opens) and the public page of the linked document's clause.

The worker's page is ``<public_base_url>/n/<token>``; the token is the pair (recipient row
id, notification id), two unsigned 64-bit integers, encrypted and authenticated with AES-SIV
(``cryptography``) under a key derived from SECRET_KEY (label ``notification-page-v2``), then
urlsafe base64 without padding: 43 characters, short enough for a WeChat template URL. So a
worker can open only the page of a message sent to them: no other pair can be forged, the
token names no person and reveals no row id or count, and the page checks both ids, so a row
id reused after a purge (SQLite) does not open another notification's row. The token itself
does not expire (a worker may open an old message); the page shows the personal part only
for ``NOTICE_PERSONAL_DAYS`` (``bluecard.notifications.notice``). Tokens of the first format
(the signed row id alone) no longer open anything.
"""

from __future__ import annotations

import base64
import binascii
import struct
from urllib.parse import quote

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV

from bluecard.crypto import derive_key
from bluecard.runtime import current_runtime

__all__ = ["MAX_TOKEN_CHARS", "clause_url", "page_token", "page_url", "recipient_of"]

#: Longest token accepted (a real one is 43 characters).
MAX_TOKEN_CHARS = 200
_LABEL = "notification-page-v2"
_PAIR = struct.Struct(">QQ")


def _cipher() -> AESSIV:
    settings = current_runtime().settings
    return AESSIV(derive_key(settings.secret_key, _LABEL, size=32))


def page_token(recipient_id: int, notification_id: int) -> str:
    """The token of recipient row ``recipient_id`` of notification ``notification_id``
    (43 urlsafe characters). Raises struct.error for an id outside 0..2**64-1."""
    sealed = _cipher().encrypt(_PAIR.pack(int(recipient_id), int(notification_id)), None)
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def page_url(recipient_id: int, notification_id: int) -> str:
    """The absolute URL of the worker's page of recipient row ``recipient_id`` of
    notification ``notification_id``."""
    base = current_runtime().settings.public_base_url
    return f"{base}/n/{page_token(recipient_id, notification_id)}"


def recipient_of(token: str) -> tuple[int, int] | None:
    """(recipient row id, notification id) a token was made for, or None for a forged,
    altered, old-format or malformed token."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    try:
        sealed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        plain = _cipher().decrypt(sealed, None)
    except (binascii.Error, ValueError, InvalidTag):
        return None
    if len(plain) != _PAIR.size:
        return None
    recipient_id, notification_id = _PAIR.unpack(plain)
    return int(recipient_id), int(notification_id)


def clause_url(doc_id: str, clause_id: str | None) -> str:
    """The absolute URL of the public page of document ``doc_id``, at ``clause_id`` (its
    anchor ``c-<clause_id>``) when given."""
    base = current_runtime().settings.public_base_url
    url = f"{base}/policies/{quote(doc_id, safe='')}"
    return url + (f"#c-{quote(clause_id, safe='')}" if clause_id else "")
