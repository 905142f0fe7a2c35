"""Console pages of policy documents (policy staff and admins: ``document.manage``).

- ``GET  /console/documents``: every document (uploads and the bundled corpus) with its
  status, whether eligibility rules exist for it (rules stay YAML in the repository), and the
  upload form (.docx, .pdf, .txt).
- ``POST /console/documents/upload``: read the file; its preview, or the list with a
  Chinese message saying why the file cannot be read (nothing is stored).
- ``GET  /console/documents/<id>``: the preview: detected metadata in a form (unknown stays
  empty), the clause tree with its numbers, the tables; save, publish.
- ``POST /console/documents/<id>`` (save), ``/<id>/publish`` (save and publish),
  ``/<id>/discard`` (drop a pending upload), ``/retire/<doc_id>`` (expired or superseded
  from a day).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bluecard.documents import services as documents
from bluecard.documents.lifecycle import LIFECYCLE_LABELS, Lifecycle
from bluecard.services.errors import ServiceError
from console.auth import current_actor, require_permission
from policy_kb.ingest.readers import MAX_UPLOAD_BYTES

bp = Blueprint(
    "console_documents", __name__, url_prefix="/console/documents", template_folder="templates"
)
PERM = documents.PERMISSION
FORM_FIELDS = (*documents.META_FIELDS, "lifecycle", "in_force_from")
MAX_UPLOAD_BODY = MAX_UPLOAD_BYTES + 64 * 1024
TOO_LARGE = (
    f"文件超过上限 {MAX_UPLOAD_BYTES // 1048576} MB，未上传；请去掉扫描图片或拆分附件后再上传。"
)


def init_app(app: Flask) -> None:
    """Register the pages, and the upload size limit before any form is read (the CSRF
    check reads the form, and the app-wide limit is 1 MiB)."""

    @app.before_request
    def _upload_limit() -> ResponseReturnValue | None:
        if request.path != "/console/documents/upload" or request.method != "POST":
            return None
        if (request.content_length or 0) > MAX_UPLOAD_BODY:
            flash(TOO_LARGE, "error")
            return redirect(url_for("console_documents.index"), 303)
        request.max_content_length = MAX_UPLOAD_BODY
        return None

    app.register_blueprint(bp)


def _lifecycle_choices() -> list[tuple[str, str]]:
    return [(s.value, LIFECYCLE_LABELS[s]) for s in (Lifecycle.DRAFT, Lifecycle.IN_FORCE)]


def _retire_choices() -> list[tuple[str, str]]:
    return [(s.value, LIFECYCLE_LABELS[s]) for s in (Lifecycle.EXPIRED, Lifecycle.SUPERSEDED)]


def _list_page(status: int = 200) -> ResponseReturnValue:
    items = documents.list_documents(current_actor())
    published = [d for d in items if d.stage == "published"]
    return (
        render_template(
            "documents/list.html",
            items=items,
            published=published,
            retire_choices=_retire_choices(),
            max_mb=MAX_UPLOAD_BYTES // 1048576,
        ),
        status,
    )


@bp.get("")
@require_permission(PERM)
def index() -> ResponseReturnValue:
    """The documents and the upload form."""
    return _list_page()


@bp.post("/upload")
@require_permission(PERM)
def upload() -> ResponseReturnValue:
    """Read the uploaded file; its preview, or the list with why it cannot be read."""
    file = request.files.get("file")
    if file is None or not file.filename:
        flash("请选择要上传的文件（.docx、.pdf 或 .txt）。", "error")
        return _list_page(422)
    try:
        view = documents.upload(current_actor(), file.filename, file.read(MAX_UPLOAD_BYTES + 1))
    except ServiceError as exc:
        flash(exc.message, "error")
        return _list_page(exc.status)
    flash("已读取文件，请核对识别结果，改正后发布。", "info")
    return redirect(url_for("console_documents.preview", document_id=view.id), 303)


def _preview_page(
    view: documents.DocumentView,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    values = dict(view.meta)
    values["lifecycle"] = view.lifecycle
    values["regions"] = "、".join(view.meta.get("regions") or [])
    if form:
        values.update(form)
    return (
        render_template(
            "documents/preview.html",
            d=view,
            form=values,
            errors=errors or {},
            labels=documents.FIELD_LABELS,
            lifecycle_choices=_lifecycle_choices(),
        ),
        status,
    )


@bp.get("/<int:document_id>")
@require_permission(PERM)
def preview(document_id: int) -> ResponseReturnValue:
    """What ingestion made of the file: metadata (editable), clause tree, tables."""
    try:
        view = documents.get_document(current_actor(), document_id)
    except ServiceError as exc:
        return render_template("error.html", title="没有这个文件", message=exc.message), exc.status
    return _preview_page(view)


def _form() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in FORM_FIELDS:
        if key in request.form:
            out[key] = (request.form.get(key) or "").strip()
    return out


def _save(document_id: int, publish: bool) -> ResponseReturnValue:
    actor = current_actor()
    form = _form()
    try:
        if publish:
            result = documents.publish(actor, document_id, form)
            flash(
                f"已发布，知识库版本 {result.version}：问答和测算即刻使用新文件。"
                + (f" 主动匹配：{result.matching}" if result.matching else ""),
                "info",
            )
            return redirect(url_for("console_documents.index"), 303)
        documents.update(actor, document_id, form)
    except documents.DocumentFormError as exc:
        view = documents.get_document(actor, document_id)
        return _preview_page(view, form, exc.errors, 422)
    except ServiceError as exc:
        flash(exc.message, "error")
        try:
            view = documents.get_document(actor, document_id)
        except ServiceError:
            return redirect(url_for("console_documents.index"), 303)
        return _preview_page(view, form, {}, exc.status)
    flash("已保存", "info")
    return redirect(url_for("console_documents.preview", document_id=document_id), 303)


@bp.post("/<int:document_id>")
@require_permission(PERM)
def save(document_id: int) -> ResponseReturnValue:
    """Save metadata corrections."""
    return _save(document_id, publish=False)


@bp.post("/<int:document_id>/publish")
@require_permission(PERM)
def publish(document_id: int) -> ResponseReturnValue:
    """Save the corrections and publish."""
    return _save(document_id, publish=True)


@bp.post("/<int:document_id>/discard")
@require_permission(PERM)
def discard(document_id: int) -> ResponseReturnValue:
    """Drop a pending upload (never published); audited."""
    try:
        view = documents.discard(current_actor(), document_id)
    except ServiceError as exc:
        flash(exc.message, "error")
        return _list_page(exc.status)
    flash(
        f"已放弃待发布的文件「{view.meta.get('title') or view.filename}」，知识库未改变。", "info"
    )
    return redirect(url_for("console_documents.index"), 303)


@bp.post("/retire/<doc_id>")
@require_permission(PERM)
def retire(doc_id: str) -> ResponseReturnValue:
    """Mark a document expired or superseded from a day."""
    try:
        result = documents.retire(
            current_actor(),
            doc_id,
            (request.form.get("how") or "").strip(),
            (request.form.get("on") or "").strip() or None,
            (request.form.get("superseded_by") or "").strip() or None,
        )
    except documents.DocumentFormError as exc:
        flash(exc.message, "error")
        return _list_page(422)
    except ServiceError as exc:
        flash(exc.message, "error")
        return _list_page(exc.status)
    flash(
        f"已更新 {doc_id} 的状态（{result.document.lifecycle_label}），知识库版本 {result.version}。"
        + (f" 主动匹配：{result.matching}" if result.matching else ""),
        "info",
    )
    return redirect(url_for("console_documents.index"), 303)
