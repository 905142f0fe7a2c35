"""The district a staff member's read covers, from the region they asked for: what every
feature's summaries and reports share (surveys, targets)."""

from __future__ import annotations

from bluecard.services.errors import Forbidden, Refused
from bluecard.staff.audit import Actor
from policy_kb.regions import canonical_region


def district_read(actor: Actor, region: str | None, *, what: str) -> str | None:
    """The district a read of ``what`` (e.g. 目标任务) by ``actor`` covers: the actor's own
    when bound to one ("" for a district role not given one yet), else ``region``
    canonicalised (None: every district). Raises Refused ``unknown_region`` (a region not
    known), Forbidden ``other_district`` (another district than the actor's own)."""
    name = None
    if region:
        name = canonical_region(region)
        if name is None:
            raise Refused(f"不认识的区县：{region[:20]}", code="unknown_region")
    if actor.district is not None:
        if name is not None and name != actor.district:
            raise Forbidden(f"只能查看本区县的{what}", code="other_district")
        return actor.district
    return name
