"""The public page a phone opens from a card's QR code: ``/c/<token>``.

It shows only whether the card is valid (and if not, why: expired, revoked, forged), its
skill level, district and the holder's masked name; nothing else, never cached, never indexed,
no referrer leaked (the token is in the URL). A bad token is a friendly 404 (not ours) or 410
(ours but expired or revoked) page, never a 500.
"""

from __future__ import annotations

from flask import Blueprint, Response, make_response, render_template

from bluecard.cards.qr import MAX_CODE_CHARS
from bluecard.cards.services import PublicCardStatus, public_status

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
    response = make_response(render_template("public/card.html", status=status), code)
    response.headers.update(HEADERS)
    return response
