"""Policy documents in the console: upload, preview, correct, publish, retire, list.

- ``upload(actor, filename, data)`` reads a .docx/.pdf/.txt (``policy_kb.ingest.readers``),
  detects its metadata, parses its clause tree and keeps it as a pending document (its
  preview); a file that cannot be read changes nothing and raises ``Refused`` with a Chinese
  message (``code``: empty, too_large, wrong_type, encrypted, scanned, corrupt, no_clauses).
- ``update(actor, id, changes)`` corrects metadata and lifecycle (unknown stays None).
- ``publish(actor, id, changes)`` puts it into the knowledge base: the version goes up and
  every process rebuilds its index once (``bluecard.knowledge.LiveKnowledge``).
- ``retire(actor, doc_id, how, on, superseded_by)``: expired or superseded from a day (also
  for a bundled document: its lifecycle row then carries no file).
- ``discard(actor, id)``: a pending upload dropped (audited), the same file may come again.
- After a publish or a lifecycle change, proactive matching runs (``after_change``): on the
  worker queue with REDIS_URL, in-process on the embedded defaults.

Permission ``document.manage`` (policy staff, admins); staff bound to a district act only on
documents of their district. Every action is audited.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from rq import get_current_job
from sqlalchemy import select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bluecard.documents.lifecycle import Lifecycle, Stage
from bluecard.documents.models import KnowledgeVersion, PolicyDocument
from bluecard.documents.public import ClauseView
from bluecard.extensions import db
from bluecard.models.base import utcnow
from bluecard.notifications import matching
from bluecard.notifications import services as notifications
from bluecard.notifications.worker import Enqueued, run_or_enqueue
from bluecard.runtime import current_runtime
from bluecard.services.errors import Conflict, NotFound, Refused
from bluecard.staff.audit import Actor, PermissionDenied
from bluecard.uow import read_only, unit_of_work
from policy_kb.chinatime import china_today
from policy_kb.eligibility.catalogue import bundled_catalogue, use_lifecycle, with_lifecycle
from policy_kb.ingest import IngestError, meta_from_mapping, parse_document
from policy_kb.ingest.detect import detect_metadata
from policy_kb.ingest.readers import MAX_UPLOAD_BYTES, UploadError, read_upload
from policy_kb.kb import load_knowledge_base
from policy_kb.model import Clause, Document, DocumentMeta, KnowledgeBase
from policy_kb.places import region_for_place
from policy_kb.regions import BUNDLED_REGIONS, canonical_region, use_regions
from policy_kb.regions import region as region_info

log = logging.getLogger(__name__)

PERMISSION = "document.manage"
#: Metadata fields staff may correct, in the order the preview shows them.
META_FIELDS = (
    "title",
    "wenhao",
    "issuer",
    "issued_on",
    "issued_note",
    "regions",
    "horizon",
    "horizon_end",
)
LIFECYCLE_FIELDS = ("lifecycle", "in_force_from", "ended_on", "superseded_by")
_DATE_FIELDS = frozenset({"issued_on", "horizon_end", "in_force_from", "ended_on"})
FIELD_LABELS = {
    "title": "标题",
    "wenhao": "文号",
    "issuer": "发文机关",
    "issued_on": "印发日期",
    "issued_note": "日期说明",
    "regions": "适用地区",
    "horizon": "目标期",
    "horizon_end": "目标期截止",
    "lifecycle": "状态",
    "in_force_from": "施行日期",
    "ended_on": "失效日期",
    "superseded_by": "替代文件",
}
BUNDLED_KIND = "bundled"


class DocumentFormError(Refused):
    """Metadata corrections that cannot be taken; ``errors``: field → Chinese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        text = "；".join(f"{FIELD_LABELS.get(k, k)}：{v}" for k, v in errors.items())
        super().__init__(f"请更正：{text}", code="invalid_metadata")


# ------------------------------------------------------------------------------ views


@dataclass(frozen=True)
class DocumentView:
    """A document as staff see it: ``id`` (row id; None for a bundled document without a
    lifecycle row), ``doc_id``, file facts, ``meta`` (field → value, None = unknown, dates as
    ISO strings), ``detected`` (what the text printed), lifecycle and stage with labels,
    ``has_rules`` (an eligibility rules file exists in the repository), the clause tree and
    the tables (attachment rows), and ``problems`` (why it cannot be published yet)."""

    id: int | None
    doc_id: str
    filename: str | None
    file_kind: str
    file_size: int
    meta: dict[str, Any]
    lifecycle: str
    lifecycle_label: str
    stage: str
    stage_label: str
    has_rules: bool
    clauses: tuple[ClauseView, ...] = ()
    tables: tuple[ClauseView, ...] = ()
    problems: tuple[str, ...] = ()
    kb_version: int | None = None
    published_at: str | None = None

    def to_json(self, *, with_clauses: bool = True) -> dict[str, Any]:
        """JSON form for the staff API (``clauses``/``tables`` only when asked for)."""
        out = dataclasses.asdict(self)
        if not with_clauses:
            out.pop("clauses")
            out.pop("tables")
        out["problems"] = list(self.problems)
        return out


# ------------------------------------------------------------------------------ helpers


def _rules_doc_ids() -> frozenset[str]:
    from importlib import resources

    root = resources.files("policy_kb").joinpath("rules")
    return frozenset(
        e.name.removesuffix(".yaml") for e in root.iterdir() if e.name.endswith(".yaml")
    )


def _bundled() -> dict[str, Document]:
    return dict(load_knowledge_base(None).documents)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _meta_dict(row: PolicyDocument) -> dict[str, Any]:
    return {
        "title": row.title,
        "wenhao": row.wenhao,
        "issuer": row.issuer,
        "issued_on": _iso(row.issued_on),
        "issued_note": row.issued_note,
        "regions": list(row.regions or []),
        "horizon": row.horizon,
        "horizon_end": _iso(row.horizon_end),
        "in_force_from": _iso(row.in_force_from),
        "ended_on": _iso(row.ended_on),
        "superseded_by": row.superseded_by,
    }


def _doc_meta(row: PolicyDocument) -> DocumentMeta:
    """The row's metadata as the knowledge base holds it. Raises IngestError (no title, an
    unknown region …)."""
    data = {k: getattr(row, k) for k in META_FIELDS}
    data["status"] = "draft" if row.lifecycle == Lifecycle.DRAFT else "in_force"
    meta = meta_from_mapping(row.doc_id, data)
    return _with_lifecycle(meta, row)


def _with_lifecycle(meta: DocumentMeta, row: PolicyDocument) -> DocumentMeta:
    ended = row.lifecycle in (Lifecycle.EXPIRED, Lifecycle.SUPERSEDED)
    return dataclasses.replace(
        meta,
        in_force_from=row.in_force_from,
        ended_on=row.ended_on if ended else None,
        ended_how=row.lifecycle if ended else None,  # type: ignore[arg-type]
        superseded_by=row.superseded_by if row.lifecycle == Lifecycle.SUPERSEDED else None,
    )


def _parse(row: PolicyDocument) -> Document:
    return parse_document(row.text, _doc_meta(row))


def _problems(row: PolicyDocument) -> list[str]:
    out = []
    if not row.title:
        out.append("缺少标题")
    if not row.regions:
        out.append("缺少适用地区（区县或市）")
    if row.file_kind != BUNDLED_KIND and not out:
        try:
            _parse(row)
        except IngestError as err:
            out.append(f"元数据或正文有误：{err}")
    return out


def _clause_view(c: Clause) -> ClauseView:
    return ClauseView(c.clause_id, c.number, c.heading, c.text, c.level)


def _view(row: PolicyDocument, *, with_clauses: bool = True) -> DocumentView:
    clauses: list[ClauseView] = []
    tables: list[ClauseView] = []
    problems = _problems(row)
    if with_clauses and row.file_kind != BUNDLED_KIND:
        try:
            meta_row = row
            doc = parse_document(row.text, _lenient_meta(meta_row))
        except IngestError:
            doc = None
        if doc is not None:
            for c in doc.clauses:
                (tables if c.number.startswith("附件") else clauses).append(_clause_view(c))
    life = Lifecycle(row.lifecycle)
    stage = Stage(row.stage)
    return DocumentView(
        id=row.id,
        doc_id=row.doc_id,
        filename=row.filename,
        file_kind=row.file_kind,
        file_size=row.file_size,
        meta=_meta_dict(row),
        lifecycle=life.value,
        lifecycle_label=life.label,
        stage=stage.value,
        stage_label=stage.label,
        has_rules=row.doc_id in _rules_doc_ids(),
        clauses=tuple(clauses),
        tables=tuple(tables),
        problems=tuple(problems),
        kb_version=row.kb_version,
        published_at=row.published_at.isoformat() if row.published_at else None,
    )


def _lenient_meta(row: PolicyDocument) -> DocumentMeta:
    """Metadata good enough to show the clause tree while title or region are still unknown."""
    return DocumentMeta(
        doc_id=row.doc_id,
        title=row.title or "（未填标题）",
        issuer=row.issuer,
        wenhao=row.wenhao,
        issued_on=row.issued_on,
        issued_note=row.issued_note,
        regions=tuple(row.regions or ()),
        status="draft" if row.lifecycle == Lifecycle.DRAFT else "in_force",
        horizon=row.horizon,
        horizon_end=row.horizon_end,
    )


def _bump_version() -> int:
    """Raise the knowledge-base version in the current transaction (the row lock orders
    concurrent publishes); returns the new version."""
    session = db.session
    result = session.execute(
        sql_update(KnowledgeVersion)
        .where(KnowledgeVersion.id == 1)
        .values(version=KnowledgeVersion.version + 1, changed_at=utcnow())
    )
    if getattr(result, "rowcount", 0) == 0:
        session.add(KnowledgeVersion(id=1, version=1, changed_at=utcnow()))
        session.flush()
        return 1
    version = session.execute(
        select(KnowledgeVersion.version).where(KnowledgeVersion.id == 1)
    ).scalar_one()
    return int(version)


def _load(
    session: Session, document_id: int, actor: Actor, *, lock: bool = False
) -> PolicyDocument:
    stmt = select(PolicyDocument).where(PolicyDocument.id == document_id)
    if lock:
        stmt = stmt.with_for_update()
    row = session.execute(stmt).scalar_one_or_none()
    if row is None or not _sees(actor, row):
        raise NotFound("没有这个文件", code="document_not_found")
    return row


def _sees(actor: Actor, row: PolicyDocument) -> bool:
    if actor.district is None:
        return True
    return any(actor.sees(r) for r in row.regions or ())


def _clean_text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("应为文字")
    return value.strip() or None


def _clean_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("日期格式应为 2026-11-30")


def _clean_regions(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    raw = re.split(r"[,，、;；\s]+", value) if isinstance(value, str) else value
    if not isinstance(raw, list):
        raise ValueError("应为地区名称")
    out: list[str] = []
    for item in raw:
        name = str(item).strip()
        if not name:
            continue
        canon = canonical_region(name)
        if canon is None:
            place = region_for_place(name)
            canon = place.name if place else None
        if canon is None:
            raise ValueError(f"不认识的地区「{name}」（请写区县或市的全称，如 盱眙县）")
        if canon not in out:
            out.append(canon)
    return out


def _apply(row: PolicyDocument, changes: Mapping[str, Any], *, known_doc_ids: set[str]) -> None:
    """Apply metadata/lifecycle corrections to ``row``; raise DocumentFormError naming every
    field that cannot be taken. An empty value makes a fact unknown (None)."""
    errors: dict[str, str] = {}
    for key, value in changes.items():
        if key not in META_FIELDS and key not in LIFECYCLE_FIELDS:
            errors[key] = "不能修改的字段"
            continue
        try:
            if key == "regions":
                row.regions = _clean_regions(value)
            elif key in _DATE_FIELDS:
                setattr(row, key, _clean_date(value))
            elif key == "lifecycle":
                try:
                    row.lifecycle = Lifecycle(str(value)).value
                except ValueError:
                    raise ValueError("应为 draft、in_force、expired 或 superseded") from None
            elif key == "superseded_by":
                target = _clean_text(value)
                if target is not None and (target not in known_doc_ids or target == row.doc_id):
                    raise ValueError(f"知识库里没有文件「{target}」")
                row.superseded_by = target
            else:
                setattr(row, key, _clean_text(value))
        except ValueError as err:
            errors[key] = str(err)
    if row.lifecycle == Lifecycle.SUPERSEDED and not row.superseded_by:
        errors.setdefault("superseded_by", "被替代的文件须写明被哪个文件替代")
    if row.lifecycle in (Lifecycle.EXPIRED, Lifecycle.SUPERSEDED) and row.ended_on is None:
        errors.setdefault("ended_on", "失效或被替代须写明自哪天起")
    if errors:
        raise DocumentFormError(errors)


def _known_doc_ids(session: Session) -> set[str]:
    ids = set(_bundled())
    ids.update(
        session.execute(
            select(PolicyDocument.doc_id).where(PolicyDocument.stage == Stage.PUBLISHED)
        ).scalars()
    )
    return ids


def _new_doc_id(session: Session, regions: list[str], issued_on: date | None, digest: str) -> str:
    code = ""
    if regions:
        try:
            code = region_info(regions[0]).code
        except KeyError:
            place = region_for_place(regions[0])
            code = place.code if place else ""
    year = (issued_on or utcnow().date()).year
    return f"doc-{code or 'x'}-{year}-{digest[:6]}"


# ------------------------------------------------------------------------------ actions


def upload(actor: Actor, filename: str, data: bytes) -> DocumentView:
    """Read an uploaded file and keep it as a pending document; returns its preview.

    Raises Refused (the file cannot be read, or no numbered clause is found; nothing is
    stored), Conflict (the same file is already uploaded), PermissionDenied.
    """
    name = (filename or "").strip()[:255] or "未命名文件"
    with unit_of_work(actor, "document.upload", target_type="document") as uow:
        uow.require(PERMISSION)
        uow.detail.update({"filename": name, "bytes": len(data)})
        try:
            read = read_upload(data, name, MAX_UPLOAD_BYTES)
        except UploadError as err:
            raise Refused(str(err), code=err.code) from None
        digest = hashlib.sha256(data).hexdigest()
        session = uow.session
        same = session.execute(
            select(PolicyDocument.doc_id).where(PolicyDocument.file_sha256 == digest)
        ).scalar_one_or_none()
        if same is not None:
            raise Conflict(f"这个文件已经上传过（{same}）", code="duplicate")
        detected = detect_metadata(read.text)
        row = PolicyDocument(
            doc_id=_new_doc_id(session, detected["regions"], detected["issued_on"], digest),
            filename=name,
            file_kind=read.kind,
            file_size=len(data),
            file_sha256=digest,
            file_data=data,
            text=read.text,
            title=_strip_title(detected["title"]),
            wenhao=detected["wenhao"],
            issuer=detected["issuer"],
            issued_on=detected["issued_on"],
            regions=list(detected["regions"]),
            horizon=detected["horizon"],
            horizon_end=detected["horizon_end"],
            lifecycle=Lifecycle(detected["status"]).value,
            stage=Stage.PENDING.value,
            uploaded_by=actor.username,
        )
        if not _sees(actor, row) and row.regions:
            raise Refused("只能上传本地区的政策文件", code="other_district")
        try:
            parse_document(read.text, _lenient_meta(row))
        except IngestError:
            raise Refused(
                f"{name} 里没有识别出条款编号（如 一、 （一） 1.），请确认上传的是政策正文。",
                code="no_clauses",
            ) from None
        session.add(row)
        session.flush()
        uow.target_id = row.id
        uow.audit(target_id=row.id, detail={"doc_id": row.doc_id, "kind": read.kind})
        return _view(row)


_PRINTED_TITLE = re.compile(r"^关于印发(?:《)?(.+?)(?:》)?的通知$")


def _strip_title(title: str | None) -> str | None:
    """「关于印发盱眙县技能人才补贴办法的通知」 → the document's own title."""
    if not title:
        return None
    m = _PRINTED_TITLE.match(title)
    return m.group(1) if m else title


def get_document(actor: Actor, document_id: int) -> DocumentView:
    """One document's preview. Raises NotFound (none, or another district's)."""
    with read_only() as session:
        if not actor.can(PERMISSION):
            raise PermissionDenied(PERMISSION, actor.role)
        return _view(_load(session, document_id, actor))


def update(actor: Actor, document_id: int, changes: Mapping[str, Any]) -> DocumentView:
    """Correct metadata or lifecycle (see ``META_FIELDS``, ``LIFECYCLE_FIELDS``). On a
    published document the knowledge base's version goes up. Raises DocumentFormError,
    NotFound, PermissionDenied."""
    with unit_of_work(
        actor, "document.update", target_type="document", target_id=document_id
    ) as uow:
        uow.require(PERMISSION)
        row = _load(uow.session, document_id, actor, lock=True)
        _apply(row, changes, known_doc_ids=_known_doc_ids(uow.session))
        row.updated_at = utcnow()
        if row.stage == Stage.PUBLISHED:
            problems = _problems(row)
            if problems:
                raise Refused("；".join(problems), code="invalid_metadata")
            row.kb_version = _bump_version()
        uow.audit(detail={"doc_id": row.doc_id, "fields": sorted(changes)})
        view = _view(row)
    current_runtime().live.recheck()
    return view


@dataclass(frozen=True)
class ChangeResult:
    """A publish or lifecycle change: the document, the knowledge base's new version, and
    the proactive matching's sentence for staff (None when it did not run)."""

    document: DocumentView
    version: int
    matching: str | None


def publish(
    actor: Actor, document_id: int, changes: Mapping[str, Any] | None = None
) -> ChangeResult:
    """Apply optional corrections and publish: the document joins the knowledge base of
    every process (version + 1), then proactive matching runs. Raises DocumentFormError,
    Refused (title or region unknown, unparsable), Conflict (already published), NotFound,
    PermissionDenied."""
    with unit_of_work(
        actor, "document.publish", target_type="document", target_id=document_id
    ) as uow:
        uow.require(PERMISSION)
        row = _load(uow.session, document_id, actor, lock=True)
        if row.stage == Stage.PUBLISHED:
            raise Conflict("这个文件已经发布", code="already_published")
        if changes:
            _apply(row, changes, known_doc_ids=_known_doc_ids(uow.session))
        problems = _problems(row)
        if problems:
            raise Refused("还不能发布：" + "；".join(problems), code="incomplete")
        if not all(actor.sees(r) for r in row.regions) and actor.district is not None:
            raise Refused("只能发布本地区的政策文件", code="other_district")
        row.stage = Stage.PUBLISHED.value
        row.published_at = row.updated_at = utcnow()
        row.kb_version = version = _bump_version()
        uow.audit(detail={"doc_id": row.doc_id, "version": version, "regions": row.regions})
        view = _view(row)
    return ChangeResult(view, version, after_change(actor))


def retire(
    actor: Actor,
    doc_id: str,
    how: str,
    on: date | str | None,
    superseded_by: str | None = None,
) -> ChangeResult:
    """Mark a published or bundled document expired (``how="expired"``) or superseded by
    ``superseded_by`` (a doc_id in the knowledge base) from the day ``on`` (default today,
    China time). Answers then say so and eligibility stops using it from that day; proactive
    matching runs. Raises DocumentFormError, NotFound, Conflict (a pending upload: discard
    or publish it first), PermissionDenied."""
    with unit_of_work(actor, "document.retire", target_type="document", target_id=doc_id) as uow:
        uow.require(PERMISSION)
        session = uow.session
        row = session.execute(
            select(PolicyDocument).where(PolicyDocument.doc_id == doc_id).with_for_update()
        ).scalar_one_or_none()
        if row is None:
            bundled = _bundled().get(doc_id)
            if bundled is None:
                raise NotFound("没有这个文件", code="document_not_found")
            row = _bundled_row(bundled, actor)
            session.add(row)
        if not _sees(actor, row):
            raise NotFound("没有这个文件", code="document_not_found")
        if row.stage != Stage.PUBLISHED:
            raise Conflict("文件还没有发布，不能废止", code="not_published")
        if how not in (Lifecycle.EXPIRED, Lifecycle.SUPERSEDED):
            raise DocumentFormError({"lifecycle": "应为 expired（失效）或 superseded（被替代）"})
        _apply(
            row,
            {
                "lifecycle": how,
                "ended_on": on or china_today().isoformat(),
                "superseded_by": superseded_by if how == Lifecycle.SUPERSEDED else None,
            },
            known_doc_ids=_known_doc_ids(session),
        )
        row.updated_at = utcnow()
        session.flush()
        row.kb_version = version = _bump_version()
        uow.target_id = row.id
        uow.audit(
            target_id=row.id,
            detail={"doc_id": doc_id, "how": how, "on": _iso(row.ended_on), "by": superseded_by},
        )
        view = _view(row, with_clauses=False)
    return ChangeResult(view, version, after_change(actor))


def _bundled_row(doc: Document, actor: Actor) -> PolicyDocument:
    """The lifecycle row of a bundled document (its text stays in the package)."""
    meta = doc.meta
    return PolicyDocument(
        doc_id=meta.doc_id,
        filename=f"policy_kb/corpus/{meta.doc_id}.txt",
        file_kind=BUNDLED_KIND,
        file_size=0,
        file_sha256="-",
        file_data=b"",
        text="",
        title=meta.title,
        wenhao=meta.wenhao,
        issuer=meta.issuer,
        issued_on=meta.issued_on,
        issued_note=meta.issued_note,
        regions=list(meta.regions),
        horizon=meta.horizon,
        horizon_end=meta.horizon_end,
        lifecycle=(Lifecycle.DRAFT if meta.status == "draft" else Lifecycle.IN_FORCE).value,
        stage=Stage.PUBLISHED.value,
        uploaded_by=actor.username,
        published_at=utcnow(),
    )


#: Told to staff when matching went to the worker queue.
MATCHING_QUEUED = (
    "已交给后台进程匹配已保存的职工档案；新符合条件的职工会生成通知草稿，"
    "稍后在「政策通知」中查看并确认发送。"
)
#: A matching job may run this long (seconds) before RQ stops it.
MATCHING_JOB_TIMEOUT = 3600


def after_change(actor: Actor) -> str | None:
    """After a publish or lifecycle change: this process takes the new version at once,
    then proactive matching (「规则已更新，匹配并通知」) runs on the catalogue with the
    published lifecycle applied — as a job on the worker queue when REDIS_URL is set
    (``MATCHING_QUEUED`` is returned; the request does not wait for it), in-process on the
    embedded defaults (its sentence is returned). None when it cannot run for this actor
    (staff bound to a district: matching spans every district) or failed here (logged; the
    change stands and staff can run matching again from the notifications page)."""
    current_runtime().live.recheck()
    if actor.district is not None or not actor.can("rules.change"):
        return None
    try:
        outcome = run_or_enqueue(matching_job, actor, job_timeout=MATCHING_JOB_TIMEOUT)
    except Exception:  # the publish stands; staff can run matching again from its page
        log.exception("proactive matching after a document change failed")
        return None
    if isinstance(outcome, Enqueued):
        log.info("proactive matching enqueued as job %s", outcome.job_id)
        return MATCHING_QUEUED
    return cast(str, outcome)


def matching_job(actor: Actor) -> str:
    """Proactive matching for ``actor`` on the live catalogue (the worker queue's job, or
    the in-process run of the embedded defaults); returns its sentence for staff. Waits up
    to the job's length for a run in progress (one run at a time). Raises what
    ``run_matching`` raises."""
    # A worker's job may wait its whole length; a request's in-process run waits briefly.
    in_job = get_current_job() is not None
    wait = float(MATCHING_JOB_TIMEOUT) if in_job else matching.LOCK_WAIT_SECONDS
    result = notifications.run_matching(actor, catalogue=live_catalogue(), lock_wait=wait)
    return result.message


def discard(actor: Actor, document_id: int) -> DocumentView:
    """Discard a pending (never published) upload: its row and file are deleted, nothing in
    the knowledge base changes, and the same file may be uploaded again. The audit row keeps
    what it was (doc_id, filename, size, SHA-256). Returns the discarded document's view.
    Raises Conflict (published: retire it instead), NotFound (none, or another district's),
    PermissionDenied."""
    with unit_of_work(
        actor, "document.discard", target_type="document", target_id=document_id
    ) as uow:
        uow.require(PERMISSION)
        row = _load(uow.session, document_id, actor, lock=True)
        if row.stage != Stage.PENDING:
            raise Conflict(
                "已发布的文件不能放弃，只能废止（标为失效或被替代）", code="already_published"
            )
        view = _view(row, with_clauses=False)
        uow.audit(
            detail={
                "doc_id": row.doc_id,
                "filename": row.filename,
                "bytes": row.file_size,
                "sha256": row.file_sha256,
            }
        )
        uow.session.delete(row)
    return view


# ------------------------------------------------------------------------------ reads


def list_documents(actor: Actor) -> list[DocumentView]:
    """Uploaded documents (newest first) then the bundled ones without a lifecycle row, each
    with ``has_rules``. Staff bound to a district see their district's. Raises
    PermissionDenied."""
    if not actor.can(PERMISSION):
        raise PermissionDenied(PERMISSION, actor.role)
    with read_only() as session:
        rows = session.execute(
            select(PolicyDocument).order_by(
                PolicyDocument.created_at.desc(), PolicyDocument.id.desc()
            )
        ).scalars()
        views = [_view(r, with_clauses=False) for r in rows if _sees(actor, r)]
    have = {v.doc_id for v in views}
    rules = _rules_doc_ids()
    for doc_id, doc in sorted(_bundled().items()):
        meta = doc.meta
        if doc_id in have or not (actor.district is None or actor.district in meta.regions):
            continue
        life = Lifecycle.DRAFT if meta.status == "draft" else Lifecycle.IN_FORCE
        views.append(
            DocumentView(
                id=None,
                doc_id=doc_id,
                filename=f"policy_kb/corpus/{doc_id}.txt",
                file_kind=BUNDLED_KIND,
                file_size=0,
                meta={
                    "title": meta.title,
                    "wenhao": meta.wenhao,
                    "issuer": meta.issuer,
                    "issued_on": _iso(meta.issued_on),
                    "issued_note": meta.issued_note,
                    "regions": list(meta.regions),
                    "horizon": meta.horizon,
                    "horizon_end": _iso(meta.horizon_end),
                    "in_force_from": None,
                    "ended_on": None,
                    "superseded_by": None,
                },
                lifecycle=life.value,
                lifecycle_label=life.label,
                stage=Stage.PUBLISHED.value,
                stage_label="随程序发布",
                has_rules=doc_id in rules,
            )
        )
    return views


def source_file(actor: Actor, document_id: int) -> tuple[str, bytes]:
    """The uploaded file (name, bytes). Raises NotFound, PermissionDenied."""
    with read_only() as session:
        if not actor.can(PERMISSION):
            raise PermissionDenied(PERMISSION, actor.role)
        row = _load(session, document_id, actor)
        if row.file_kind == BUNDLED_KIND:
            raise NotFound("随程序发布的文件没有上传的原件", code="no_file")
        return row.filename, row.file_data


def knowledge_version() -> int | None:
    """The knowledge base's published version (0: nothing ever published), or None when it
    cannot be read (database unreachable, table not migrated yet): the caller then keeps the
    knowledge base it has. A primary-key read on a connection of its own, so no request's
    transaction is touched."""
    try:
        with db.engine.connect() as conn:
            value = conn.execute(
                select(KnowledgeVersion.version).where(KnowledgeVersion.id == 1)
            ).scalar_one_or_none()
    except SQLAlchemyError:
        log.warning("knowledge_version unreadable; keeping the knowledge base in use")
        return None
    return int(value or 0)


def published_knowledge_base(base: KnowledgeBase) -> tuple[int, KnowledgeBase]:
    """The knowledge base of the current version: ``base``'s documents with the published
    lifecycle applied, plus every published upload; regions of new districts join the
    registry. Returns (version, kb). A published row that no longer parses is left out and
    logged (it was valid when published)."""
    with read_only() as session:
        version = int(
            session.execute(
                select(KnowledgeVersion.version).where(KnowledgeVersion.id == 1)
            ).scalar_one_or_none()
            or 0
        )
        rows = list(
            session.execute(
                select(PolicyDocument)
                .where(PolicyDocument.stage == Stage.PUBLISHED)
                .order_by(PolicyDocument.id)
            ).scalars()
        )
        docs = dict(base.documents)
        bundled = {r.name for r in BUNDLED_REGIONS}
        new_regions = []
        for row in rows:
            for name in row.regions or ():
                if name not in bundled:
                    place = region_for_place(name)
                    if place is not None:
                        new_regions.append(place)
        use_regions(new_regions)
        use_lifecycle({r.doc_id: _lifecycle_dates(r) for r in rows})
        for row in rows:
            try:
                if row.file_kind == BUNDLED_KIND:
                    if row.doc_id in docs:
                        doc = docs[row.doc_id]
                        meta = _with_lifecycle(doc.meta, row)
                        docs[row.doc_id] = dataclasses.replace(doc, meta=meta)
                    continue
                docs[row.doc_id] = _parse(row)
            except IngestError:
                log.exception("published document %s no longer parses", row.doc_id)
    for doc_id, doc in docs.items():
        target = doc.meta.superseded_by
        if target and target in docs:
            meta = dataclasses.replace(doc.meta, successor=docs[target].meta.citation())
            docs[doc_id] = dataclasses.replace(doc, meta=meta)
    return version, KnowledgeBase(docs)


def live_catalogue() -> Any:
    """The eligibility catalogue with the published lifecycle of its documents applied
    (rules of a document that expired or was superseded stop on that day)."""
    with read_only() as session:
        rows = session.execute(
            select(PolicyDocument).where(PolicyDocument.stage == Stage.PUBLISHED)
        ).scalars()
        lifecycles = {r.doc_id: _lifecycle_dates(r) for r in rows}
    return with_lifecycle(bundled_catalogue(), lifecycles)


def _lifecycle_dates(row: PolicyDocument) -> tuple[date | None, date | None]:
    ended = row.lifecycle in (Lifecycle.EXPIRED, Lifecycle.SUPERSEDED)
    return row.in_force_from, row.ended_on if ended else None


def doc_id_of(actor: Actor, document_id: int) -> str:
    """The doc_id of a document row. Raises NotFound (none, or another district's)."""
    with read_only() as session:
        return _load(session, document_id, actor).doc_id
