"""Test data for the statistics tests: messages and events recorded the way the /wechat
callback records them (``record_interaction``), followers with a district, cards and subsidy
applications at chosen times."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from bluecard.extensions import db
from bluecard.followers.services import Interaction, record_interaction, remember_region
from bluecard.models import BlueCard, StaffUser, SubsidyApplication
from factories.ledger import make_card


def at(day: str, hour: int = 2) -> datetime:
    """``day`` (ISO) at ``hour`` UTC (10:00 China time for the default)."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def message(
    openid: str,
    when: datetime,
    *,
    intent: str,
    question: str | None = None,
    refs: tuple[str, ...] = (),
) -> None:
    """A text message the bot answered with ``intent`` (citing ``refs``)."""
    record_interaction(
        Interaction(
            dedup_key=uuid.uuid4().hex,
            openid=openid,
            msg_type="text",
            received_at=when,
            msg_id=str(uuid.uuid4().int % 10**12),
            question=question,
            opens_window=True,
        ),
        intent=intent,
        clause_refs=refs,
    )


def event(openid: str, when: datetime, name: str, intent: str | None = None) -> None:
    """An event (subscribe, unsubscribe, click)."""
    follow = name if name in ("subscribe", "unsubscribe") else None
    record_interaction(
        Interaction(
            dedup_key=uuid.uuid4().hex,
            openid=openid,
            msg_type="event",
            received_at=when,
            event=name,
            follow=follow,  # type: ignore[arg-type]
            opens_window=name != "unsubscribe",
        ),
        intent=intent or name,
    )


def worker(region: str | None = None) -> str:
    """A new openid, whose follower chose ``region`` (None: never said)."""
    openid = f"oStats{uuid.uuid4().hex[:12]}"
    event(openid, at("2026-01-01"), "subscribe")  # before any period the tests ask for
    if region is not None:
        remember_region(openid, region)
    return openid


def card_at(district: str, status: str, applied: datetime) -> int:
    """A card of ``district`` in ``status`` applied for at ``applied``: its id."""
    holder = make_card(None, district=district, status=status)
    card = db.session.get(BlueCard, holder.card_id)
    assert card is not None
    card.applied_at = applied
    db.session.commit()
    return holder.card_id


def application_at(
    card_id: int,
    district: str,
    rule_id: str,
    benefit: str,
    amount: str,
    status: str,
    opened: datetime,
) -> None:
    """A subsidy application row of ``status`` opened at ``opened``."""
    staff = db.session.query(StaffUser).first()
    assert staff is not None
    db.session.add(
        SubsidyApplication(
            card_id=card_id,
            person_key=uuid.uuid4().hex,
            rule_id=rule_id,
            doc_id="yeji",
            clause="六",
            benefit=benefit,
            amount_yuan=Decimal(amount),
            period=str(uuid.uuid4().int % 10**6),
            district=district,
            status=status,
            opened_by=staff.id,
            opened_at=opened,
        )
    )
    db.session.commit()
