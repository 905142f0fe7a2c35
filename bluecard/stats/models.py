"""扩展问: what policy staff decided about a question workers asked that nothing answered, and
the version of that set the search index is built for."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bluecard.models.base import Base, BigIntPK, UTCDateTime, utcnow


class PhrasingKind(enum.StrEnum):
    """What staff decided about an unanswered question."""

    #: Attached to a clause as another phrasing of it (扩展问): the search answers it.
    ATTACHED = "attached"
    #: Not something this service answers (公积金, 医保...): it leaves the unanswered list.
    OUT_OF_SCOPE = "out_of_scope"

    @property
    def label(self) -> str:
        """The Chinese label staff see."""
        return PHRASING_KIND_LABELS[self]


PHRASING_KIND_LABELS: dict[PhrasingKind, str] = {
    PhrasingKind.ATTACHED: "扩展问",
    PhrasingKind.OUT_OF_SCOPE: "不在服务范围",
}


class ExtendedQuestion(Base):
    """One decision about a question (personal data already removed, as the message log keeps
    it): attached to ``doc_id``/``clause_id``, or out of scope (no clause).

    Versioned: ``version`` is the phrasing-set version (``PhrasingVersion``) this row entered;
    a retired row (undone, or replaced by a new decision on the same question) keeps its
    history with ``retired_version``, ``retired_at`` and ``retired_by``. Live rows have
    ``retired_version`` None.
    """

    __tablename__ = "extended_question"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    doc_id: Mapped[str | None] = mapped_column(String(64))
    clause_id: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    retired_version: Mapped[int | None] = mapped_column(Integer, index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PhrasingVersion(Base):
    """The version of the set of 扩展问 (one row, id 1): incremented with every change in the
    same transaction, so each process rebuilds its index wrapper when it sees a new number."""

    __tablename__ = "phrasing_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
