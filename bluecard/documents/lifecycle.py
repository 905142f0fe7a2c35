"""Statuses of an uploaded policy document, with their Chinese labels (one place)."""

from __future__ import annotations

from enum import StrEnum


class Lifecycle(StrEnum):
    """Where a policy document stands as policy: a draft for comment (征求意见稿, never policy
    in force), in force (from ``in_force_from`` when given), expired (from ``ended_on``) or
    superseded (by ``superseded_by`` from ``ended_on``)."""

    DRAFT = "draft"
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        """The Chinese label shown to staff."""
        return LIFECYCLE_LABELS[self]


LIFECYCLE_LABELS: dict[Lifecycle, str] = {
    Lifecycle.DRAFT: "征求意见稿",
    Lifecycle.IN_FORCE: "施行",
    Lifecycle.EXPIRED: "已失效",
    Lifecycle.SUPERSEDED: "已被替代",
}


class Stage(StrEnum):
    """Where the upload is in the console: uploaded and awaiting review (its preview), or
    published into the knowledge base."""

    PENDING = "pending"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        """The Chinese label shown to staff."""
        return STAGE_LABELS[self]


STAGE_LABELS: dict[Stage, str] = {Stage.PENDING: "待发布", Stage.PUBLISHED: "已发布"}
