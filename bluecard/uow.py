"""The unit of work: one transaction per service call, and the audit of what it refused.

Every service writes::

    with unit_of_work(actor, "card.review", target_type="card", target_id=card_id) as uow:
        card = uow.session.get(BlueCard, card_id)
        ...                       # raise NotFound / Conflict / Refused / PermissionDenied
        uow.audit(detail={...})   # the success row, committed with the action

On leaving the block without an error the transaction commits. On any error it rolls back;
when the error is a ``ServiceError`` (a refusal a person can act on) and the block names an
audited ``action``, a ``denied`` (permission) or ``refused`` row is then written in a
transaction of its own, so refusals are on the log although the action left nothing.
``uow.detail`` collects ids and states for that refusal row; never personal data.

Reads use ``read_only()``: it ends the read transaction (no snapshot held) and commits nothing.
A read called inside an open unit of work (a service reading another's data while it writes)
joins that transaction and leaves it open.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from bluecard.extensions import db
from bluecard.services.errors import ServiceError
from bluecard.staff import audit
from bluecard.staff.audit import Actor, PermissionDenied

#: session.info keys: a unit of work is open (reads and units of work inside join it); a read
#: is open (reads inside join it; a unit of work inside still commits its own work).
_OPEN = "bluecard.uow.open"
_READING = "bluecard.uow.reading"


@dataclass
class UnitOfWork:
    """One open transaction. ``session``: the SQLAlchemy session to use inside the block.
    ``detail``: ids and states that a refusal row carries (the success row takes its own)."""

    session: Session
    actor: Actor | None
    action: str | None
    target_type: str | None
    target_id: object
    detail: dict[str, Any] = field(default_factory=dict)

    def require(self, permission: str) -> None:
        """Raise PermissionDenied (audited as ``denied`` on the way out) unless the actor
        holds ``permission``. An actor of None (the worker's own channel) holds none."""
        if self.actor is None or not self.actor.can(permission):
            self.detail["permission"] = permission
            raise PermissionDenied(permission, self.actor.role if self.actor else "-")

    def audit(
        self,
        action: str | None = None,
        *,
        target_type: str | None = None,
        target_id: object = None,
        detail: dict[str, Any] | None = None,
        actor_name: str | None = None,
    ) -> None:
        """Add the success row of this action (defaults: the block's action and target) to the
        transaction; it commits with the action or not at all."""
        audit.record(
            self.actor,
            action or self.action or "-",
            target_type=target_type or self.target_type,
            target_id=self.target_id if target_id is None else target_id,
            detail=detail,
            actor_name=actor_name,
        )


@contextmanager
def unit_of_work(
    actor: Actor | None = None,
    action: str | None = None,
    *,
    target_type: str | None = None,
    target_id: object = None,
    detail: dict[str, Any] | None = None,
) -> Iterator[UnitOfWork]:
    """Open a unit of work (see the module docstring). Raises whatever the block raised, after
    the rollback and, for a ServiceError of an audited action, the refusal row. Opened inside
    another unit of work, it joins that transaction: the outer block commits."""
    session: Session = db.session()
    uow = UnitOfWork(session, actor, action, target_type, target_id, dict(detail or {}))
    if session.info.get(_OPEN):
        yield uow
        return
    session.info[_OPEN] = True
    try:
        yield uow
        session.commit()
    except ServiceError as err:
        session.rollback()
        if action is not None and actor is not None:
            outcome = "denied" if isinstance(err, PermissionDenied) else "refused"
            audit.record_now(
                actor,
                action,
                target_type=uow.target_type,
                target_id=uow.target_id,
                outcome=outcome,
                detail={**uow.detail, "code": err.code},
            )
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info[_OPEN] = False


@contextmanager
def read_only() -> Iterator[Session]:
    """A read: yields the session and ends the transaction afterwards, so no snapshot or lock
    outlives the call (PostgreSQL would otherwise hold the read transaction open). Inside a
    unit of work or another read it joins the open transaction and ends nothing."""
    session: Session = db.session()
    if session.info.get(_OPEN) or session.info.get(_READING):
        yield session
        return
    session.info[_READING] = True
    try:
        yield session
    finally:
        session.info[_READING] = False
        session.rollback()
