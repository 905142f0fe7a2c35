"""Links a notification's message carries: the worker's own page of the notification (what
the template message's 详情 opens) and the public page of the linked document's clause.

The worker's page is ``<public_base_url>/n/<token>``; the token is the recipient row's id
signed with a key derived from SECRET_KEY (itsdangerous, salt ``notification-page``), so a
worker can open only the page of a message sent to them: another id cannot be forged, and a
token names no person. The token does not expire (a worker may open an old message), and
stops working when the recipient row is gone.
"""

from __future__ import annotations

from urllib.parse import quote

from itsdangerous import BadSignature, URLSafeSerializer

from bluecard.crypto import derive_key
from bluecard.runtime import current_runtime

__all__ = ["MAX_TOKEN_CHARS", "clause_url", "page_url", "recipient_of"]

#: Longest token accepted (a real one is about 30 characters).
MAX_TOKEN_CHARS = 200
_SALT = "notification-page"


def _serializer() -> URLSafeSerializer:
    settings = current_runtime().settings
    return URLSafeSerializer(derive_key(settings.secret_key, _SALT).hex(), salt=_SALT)


def page_token(recipient_id: int) -> str:
    """The signed token of recipient row ``recipient_id``."""
    return str(_serializer().dumps(int(recipient_id)))


def page_url(recipient_id: int) -> str:
    """The absolute URL of the worker's page of recipient row ``recipient_id``."""
    base = current_runtime().settings.public_base_url
    return f"{base}/n/{page_token(recipient_id)}"


def recipient_of(token: str) -> int | None:
    """The recipient row id a token was signed for, or None for a forged, altered or
    malformed token."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def clause_url(doc_id: str, clause_id: str | None) -> str:
    """The absolute URL of the public page of document ``doc_id``, at ``clause_id`` (its
    anchor ``c-<clause_id>``) when given."""
    base = current_runtime().settings.public_base_url
    url = f"{base}/policies/{quote(doc_id, safe='')}"
    return url + (f"#c-{quote(clause_id, safe='')}" if clause_id else "")
