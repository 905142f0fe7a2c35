"""Evidence uploads: certificate photos and PDFs for a card or an application (issue 12 §2).

A file is accepted by its content, not its name: JPEG, PNG (re-encoded with Pillow, which
drops EXIF — a phone photo's GPS position and device — and applies its orientation first) or
PDF (kept as sent), at most EVIDENCE_MAX_BYTES. It is stored under EVIDENCE_DIR (outside the
web root, mode 0600) under a random name, and read back only through ``open_evidence``, which
checks the role and district and audits every view.

Workers upload for their own card through the mini-program; window staff (``evidence.upload``)
for a card of their district. Reviewers (``evidence.view``) see the files beside the card.
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from bluecard.cards.models import BlueCard
from bluecard.evidence.models import EVIDENCE_KIND_LABELS, Evidence, EvidenceKind
from bluecard.extensions import db
from bluecard.ledger.models import SubsidyApplication
from bluecard.models.base import utcnow
from bluecard.privacy import mask_openid
from bluecard.runtime import current_runtime
from bluecard.services.errors import NotFound, Refused
from bluecard.staff.audit import Actor
from bluecard.uow import read_only, unit_of_work

#: What is stored for each accepted kind of content: (content type, file extension).
JPEG = ("image/jpeg", "jpg")
PNG = ("image/png", "png")
PDF = ("application/pdf", "pdf")
#: Largest image accepted, pixels (a 50-megapixel photo is plenty for a certificate).
MAX_PIXELS = 50_000_000
#: Longest side an image is stored with; larger photos are scaled down on re-encoding.
MAX_SIDE = 4000


@dataclass(frozen=True)
class EvidenceView:
    """An uploaded file as screens list it: kind and its label, content type, size (bytes),
    when and through which channel (``worker`` / ``window``)."""

    id: int
    card_id: int
    application_id: int | None
    kind: str
    content_type: str
    size: int
    uploaded_via: str
    uploaded_at: datetime

    @property
    def kind_label(self) -> str:
        """The kind in Chinese (职业技能等级证书...)."""
        return EVIDENCE_KIND_LABELS.get(EvidenceKind(self.kind), self.kind)

    @property
    def is_image(self) -> bool:
        """True for a photo (shown inline), False for a PDF (a link)."""
        return self.content_type.startswith("image/")


def _view(row: Evidence) -> EvidenceView:
    return EvidenceView(
        row.id,
        row.card_id,
        row.application_id,
        row.kind,
        row.content_type,
        row.size,
        row.uploaded_via,
        row.uploaded_at,
    )


def evidence_dir() -> Path:
    """The directory holding evidence files (EVIDENCE_DIR, default ``instance/evidence``),
    made on first use with mode 0700."""
    configured = current_runtime().settings.evidence_dir
    path = Path(configured) if configured else Path(current_app.instance_path) / "evidence"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def kind_choices() -> dict[str, str]:
    """The evidence kinds an upload may name, value → Chinese label (``certificate`` →
    职业技能等级证书 …), in the order the upload form lists them."""
    return {kind.value: label for kind, label in EVIDENCE_KIND_LABELS.items()}


def _kind(kind: str) -> str:
    try:
        return EvidenceKind(kind).value
    except ValueError:
        raise Refused(
            "材料类型无效：应为 " + "、".join(EVIDENCE_KIND_LABELS.values()) + " 之一",
            code="invalid_kind",
        ) from None


def sanitise(data: bytes, max_bytes: int) -> tuple[bytes, str, str]:
    """``(stored bytes, content type, extension)`` of an upload: images re-encoded without
    EXIF (orientation applied first), PDFs as sent. Raises Refused with code ``empty``,
    ``too_large``, ``unsupported_type`` or ``unreadable``."""
    # Pillow imported here, not at start-up (~0.015 s): only an upload needs it.
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise Refused("文件是空的", code="empty")
    if len(data) > max_bytes:
        raise Refused(f"文件太大：最多 {max_bytes // (1024 * 1024)} MB", code="too_large")
    if data.startswith(b"%PDF-"):
        return data, *PDF
    if not (data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n")):
        raise Refused("只接受 JPG、PNG 图片或 PDF 文件", code="unsupported_type")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise Refused("图片像素过大，请缩小后再上传", code="too_large")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            fmt = image.format
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise Refused("图片无法识别或已损坏", code="unreadable") from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if fmt == "PNG":
        upright.save(out, format="PNG", optimize=True)
        return out.getvalue(), *PNG
    upright.convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue(), *JPEG


def _write(data: bytes, ext: str) -> str:
    name = f"{secrets.token_hex(16)}.{ext}"
    path = evidence_dir() / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return name


def _store(
    card: BlueCard,
    data: bytes,
    kind: str,
    *,
    via: str,
    staff_id: int | None,
    application_id: int | None,
) -> Evidence:
    """Sanitise and write the file, then add its row (the caller's unit of work commits); the
    file is removed again when the row cannot be added."""
    if application_id is not None:
        app = db_get_application(application_id)
        if app is None or app.card_id != card.id:
            raise NotFound("没有这份补贴申请")
    stored, content_type, ext = sanitise(data, current_runtime().settings.evidence_max_bytes)
    name = _write(stored, ext)
    try:
        row = Evidence(
            card_id=card.id,
            application_id=application_id,
            kind=kind,
            content_type=content_type,
            size=len(stored),
            sha256=hashlib.sha256(stored).hexdigest(),
            stored_name=name,
            uploaded_via=via,
            uploaded_by=staff_id,
            uploaded_at=utcnow(),
        )
        db.session.add(row)
        db.session.flush()
    except BaseException:
        (evidence_dir() / name).unlink(missing_ok=True)
        raise
    return row


def db_get_application(application_id: int) -> SubsidyApplication | None:
    """The application row ``application_id`` or None (inside the caller's transaction)."""
    return db.session.get(SubsidyApplication, application_id)


def upload_by_staff(
    card_id: int,
    data: bytes,
    actor: Actor,
    *,
    kind: str = EvidenceKind.CERTIFICATE,
    application_id: int | None = None,
) -> EvidenceView:
    """A window clerk uploads ``data`` (the file's bytes) for card ``card_id`` of their
    district, optionally for one of its applications. Needs ``evidence.upload``. Audited
    ``evidence.upload`` (kind, type, size). One commit. Raises PermissionDenied, NotFound
    (no such card in the district), Refused (see ``sanitise``; ``invalid_kind``)."""
    with unit_of_work(actor, "evidence.upload", target_type="card", target_id=card_id) as uow:
        uow.require("evidence.upload")
        kind = _kind(kind)
        card = uow.session.get(BlueCard, card_id)
        if card is None or not actor.sees(card.district):
            raise NotFound("没有这张蓝卡")
        row = _store(
            card, data, kind, via="window", staff_id=actor.staff_id, application_id=application_id
        )
        uow.audit(detail={"evidence_id": row.id, "kind": kind, "type": row.content_type})
        return _view(row)


def upload_by_worker(
    openid: str, data: bytes, *, kind: str = EvidenceKind.CERTIFICATE
) -> EvidenceView:
    """A worker uploads ``data`` for their newest card (any state but 已注销) through the
    mini-program. Audited ``evidence.upload`` under the masked openid. One commit. Raises
    NotFound(code="no_card") when ``openid`` has no card, Refused (see ``sanitise``)."""
    with unit_of_work() as uow:
        kind = _kind(kind)
        card = uow.session.execute(
            select(BlueCard)
            .where(BlueCard.openid == openid, BlueCard.status != "revoked")
            .order_by(BlueCard.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if card is None:
            raise NotFound("你还没有申请蓝卡，请先申请再上传证书", code="no_card")
        row = _store(card, data, kind, via="worker", staff_id=None, application_id=None)
        uow.audit(
            "evidence.upload",
            target_type="card",
            target_id=card.id,
            detail={"evidence_id": row.id, "kind": kind, "type": row.content_type},
            actor_name=mask_openid(openid),
        )
        return _view(row)


def list_evidence(card_id: int, actor: Actor) -> list[EvidenceView]:
    """The files of card ``card_id`` (its own and its applications'), oldest first; empty for
    a role without ``evidence.view`` or a card outside the actor's district."""
    if not actor.can("evidence.view"):
        return []
    with read_only() as session:
        card = session.get(BlueCard, card_id)
        if card is None or not actor.sees(card.district):
            return []
        rows = session.execute(
            select(Evidence).where(Evidence.card_id == card_id).order_by(Evidence.id)
        ).scalars()
        return [_view(r) for r in rows]


def open_evidence(evidence_id: int, actor: Actor) -> tuple[EvidenceView, bytes]:
    """The file ``evidence_id`` and its bytes, for a reviewer's screen. Needs
    ``evidence.view`` and the card in the actor's district. Audited ``evidence.view``.
    Raises PermissionDenied, NotFound (also when the file is missing on disk)."""
    with unit_of_work(actor, "evidence.view", target_type="evidence", target_id=evidence_id) as uow:
        uow.require("evidence.view")
        row = uow.session.get(Evidence, evidence_id)
        card = uow.session.get(BlueCard, row.card_id) if row else None
        if row is None or card is None or not actor.sees(card.district):
            raise NotFound("没有这份材料")
        try:
            data = (evidence_dir() / row.stored_name).read_bytes()
        except FileNotFoundError:
            raise NotFound("材料文件已不存在，请重新上传", code="file_missing") from None
        uow.audit(detail={"card_id": row.card_id})
        return _view(row), data


__all__ = [
    "EvidenceView",
    "evidence_dir",
    "kind_choices",
    "list_evidence",
    "open_evidence",
    "sanitise",
    "upload_by_staff",
    "upload_by_worker",
]
