"""Rows of uploaded policy documents and of the knowledge-base version."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow


class PolicyDocument(Base):
    """A policy document uploaded in the console or the staff API.

    doc_id: the knowledge base's id (slug, unique, also among the bundled corpus).
    filename, file_kind (docx | pdf | txt), file_size (bytes), file_sha256, file_data: the
    source file as uploaded (loaded only when asked for). text: what the reader made of it,
    the input of ``policy_kb.ingest.parse_document``.
    title, wenhao (文号), issuer, issued_on, issued_note, regions (canonical names), horizon,
    horizon_end: metadata as detected then corrected by staff; None = unknown.
    lifecycle (``Lifecycle``), in_force_from, ended_on, superseded_by (a doc_id): the policy
    lifecycle. stage (``Stage``): pending (preview) or published. kb_version: the version
    of the knowledge base that last changed with this document (None while pending).
    """

    __tablename__ = "policy_document"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    file_kind: Mapped[str] = mapped_column(String(8))
    file_size: Mapped[int] = mapped_column(Integer)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(String(300))
    wenhao: Mapped[str | None] = mapped_column(String(100))
    issuer: Mapped[str | None] = mapped_column(String(200))
    issued_on: Mapped[date | None] = mapped_column(Date)
    issued_note: Mapped[str | None] = mapped_column(String(200))
    regions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    horizon: Mapped[str | None] = mapped_column(String(100))
    horizon_end: Mapped[date | None] = mapped_column(Date)
    lifecycle: Mapped[str] = mapped_column(String(16), default="in_force")
    in_force_from: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    superseded_by: Mapped[str | None] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    kb_version: Mapped[int | None] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class KnowledgeVersion(Base):
    """The knowledge base's version: one row (id 1) whose ``version`` goes up with every
    publish, metadata change of a published document, or lifecycle change. Every process
    compares it with the version it built its index for (``bluecard.knowledge``)."""

    __tablename__ = "knowledge_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
