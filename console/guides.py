"""申兑指南 pages: ``/console/guides`` for staff (the district's benefits, each with who it is
for, conditions, materials, time limit, where to apply and phone, and the source of each
fact), and ``/guides/<district>`` for workers (the same guide, public, phone-sized, nothing
personal). Facts come from ``bluecard.ledger.guides``: quoted from the document where it
prints them, the district's data file where not, 未规定，请咨询窗口 otherwise.
"""

from __future__ import annotations

from flask import Blueprint, Response, make_response, render_template, request
from flask.typing import ResponseReturnValue

from bluecard.ledger import guides
from console.auth import current_actor, require_permission
from policy_kb.regions import REGIONS

bp = Blueprint("console_guides", __name__, template_folder="templates")


PUBLIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "Referrer-Policy": "no-referrer",
}


@bp.get("/console/guides")
@require_permission("card.scan")
def index() -> ResponseReturnValue:
    """The guides of the staff member's district (a district picker for staff of all)."""
    actor = current_actor()
    district = actor.district or (request.args.get("district") or "").strip()[:32] or None
    items = guides.guides_for(district) if district else []
    return render_template(
        "guides/index.html",
        district=district,
        items=items,
        districts=[r.name for r in REGIONS] if actor.district is None else [],
    )


@bp.get("/guides/<district>")
def public(district: str) -> Response:
    """The workers' page: every benefit of ``district`` (name or alias) a worker claims, with
    its guide; 404 for a district the system does not cover."""
    items = guides.guides_for(district[:32])
    response = make_response(
        render_template(
            "guides/public.html", district=items[0].district if items else district, items=items
        )
    )
    response.headers.update(PUBLIC_HEADERS)
    return response


__all__ = ["bp"]
