"""Back-office console pages: find a card (the search box on every page) and evidence
(certificate photos and PDFs uploaded at the window, shown to reviewers through an
authorised route only; the files live outside the web root)."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bluecard.cards import search as card_search
from bluecard.evidence import services as evidence
from bluecard.services.errors import ServiceError
from console.auth import current_actor, require_permission

bp = Blueprint("console_office", __name__, url_prefix="/console", template_folder="templates")

#: The path prefix of uploads, whose body may be as large as EVIDENCE_MAX_BYTES.
UPLOAD_SUFFIX = "/evidence"


def init_app(app: Flask) -> None:
    """Let evidence uploads through the app-wide 1 MiB body limit (up to EVIDENCE_MAX_BYTES);
    registered before the CSRF check, which reads the form."""

    @app.before_request
    def _upload_limit() -> None:
        if (
            request.method == "POST"
            and request.path.startswith("/console/cards/")
            and request.path.endswith(UPLOAD_SUFFIX)
        ):
            limit = app.config["BLUECARD_SETTINGS"].evidence_max_bytes
            request.max_content_length = limit + 64 * 1024


@bp.get("/search")
@require_permission("card.scan")
def search() -> ResponseReturnValue:
    """Find a card by card number, 身份证号, phone or full name (``q``), in the actor's
    district. One hit goes straight to the card."""
    query = (request.args.get("q") or "").strip()
    if not query:
        return render_template("office/search.html", query="", result=None)
    try:
        result = card_search.search_cards(query, current_actor())
    except ServiceError as exc:
        flash(exc.message, "error")
        return render_template("office/search.html", query=query[:64], result=None), exc.status
    if result.total == 1:
        return redirect(url_for("console_views.card_view", card_id=result.items[0].id), 303)
    return render_template("office/search.html", query=query, result=result)


@bp.post("/cards/<int:card_id>/evidence")
@require_permission("evidence.upload")
def upload(card_id: int) -> ResponseReturnValue:
    """Upload a certificate photo or PDF for the card (``file``, ``kind``)."""
    file = request.files.get("file")
    data = file.read() if file is not None else b""
    kind = (request.form.get("kind") or "certificate").strip()[:16]
    try:
        item = evidence.upload_by_staff(card_id, data, current_actor(), kind=kind)
    except ServiceError as exc:
        flash(f"未能上传：{exc.message}", "error")
    else:
        flash(f"已上传：{item.kind_label}（{item.size // 1024 or 1} KB）", "success")
    return redirect(url_for("console_views.card_view", card_id=card_id) + "#evidence", 303)


@bp.get("/evidence/<int:evidence_id>")
@require_permission("evidence.view")
def show(evidence_id: int) -> ResponseReturnValue:
    """The file itself, for the reviewer's screen: inline, never cached, audited."""
    item, data = evidence.open_evidence(evidence_id, current_actor())
    response = Response(data, mimetype=item.content_type)
    ext = {"image/jpeg": "jpg", "image/png": "png"}.get(item.content_type, "pdf")
    response.headers["Content-Disposition"] = f'inline; filename="evidence-{item.id}.{ext}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_context_processor
def _evidence_labels() -> dict[str, object]:
    return {"evidence_kinds": evidence.kind_choices()}


__all__ = ["bp", "init_app"]
