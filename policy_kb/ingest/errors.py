"""The one error of ingestion."""

from __future__ import annotations


class IngestError(ValueError):
    """A document or its metadata cannot be ingested; ``str(err)`` is one line naming why."""
