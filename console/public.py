"""Public pages a worker's phone opens:

- ``/c/<token>``: the page a card's QR code opens (below);
- ``/n/<token>``: the worker's own page of a notification, what the template message's 详情
  opens (``bluecard.notifications.notice``): the whole text, their own line (card numbers
  masked; personal part only ``NOTICE_PERSONAL_DAYS`` after sending), the linked clause; a
  token not sealed for a delivered message (forged, altered, old format) is a 404 page;
- ``/policies/<doc_id>``: a published document, clause by clause (``#c-<clause_id>``), with
  its warnings (``bluecard.documents.public``).

All are phone-width pages, never cached, never indexed, leaking no referrer.

The card page:

It shows only whether the card is valid (and if not, why: expired, revoked, forged), its
skill level, district and the holder's masked name; nothing else, never cached, never indexed,
no referrer leaked (the token is in the URL). A bad token is a friendly 404 (not ours) or 410
(ours but expired or revoked) page, never a 500.
"""

from __future__ import annotations

from flask import Blueprint, Response, make_response, render_template

from bluecard.cards.qr import MAX_CODE_CHARS
from bluecard.cards.services import PublicCardStatus, public_status
from bluecard.documents.public import public_document
from bluecard.notifications.notice import worker_notice

bp = Blueprint("console_public", __name__, template_folder="templates")

#: Status of the page for each refusal: 404 for codes that are not ours, 410 for ours that
#: no longer work.
STATUS_BY_REASON = {
    "forged": 404,
    "malformed": 404,
    "expired": 410,
    "revoked": 410,
    "inactive": 410,
    "suspended": 410,
}
HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
}


@bp.get("/c/<path:token>")
def card_page(token: str) -> Response:
    """Validity, level, district and masked name of the card behind ``token``."""
    if len(token) > MAX_CODE_CHARS:
        status = PublicCardStatus(valid=False, reason="无法识别这个二维码", reason_code="malformed")
    else:
        status = public_status(token)
    code = 200 if status.valid else STATUS_BY_REASON.get(status.reason_code or "", 404)
    return _page("public/card.html", code, status=status)


@bp.get("/n/<path:token>")
def notice_page(token: str) -> Response:
    """The worker's page of the notification sent to them (404 page for any other token)."""
    notice = worker_notice(token)
    return _page("public/notice.html", 200 if notice else 404, notice=notice)


@bp.get("/policies/<doc_id>")
def policy_page(doc_id: str) -> Response:
    """A published document clause by clause (404 page for an unknown one)."""
    document = public_document(doc_id)
    return _page("public/policy.html", 200 if document else 404, document=document)


def _page(template: str, code: int, **context: object) -> Response:
    """A public page with its status code and the headers every public page carries."""
    response = make_response(render_template(template, **context), code)
    response.headers.update(HEADERS)
    return response
