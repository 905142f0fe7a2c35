"""免申即享 (granted without applying): benefits a card holder's *verified* facts already
prove, found by the system and granted by a reviewer in a batch, without the worker applying.

Verified facts are what staff checked when the card was approved and what the card's
employment history records — never the worker's self-declared answers:

- region = the card's district; skill_level and level_obtained_on = the certificate on the card;
- employer_in_region = the current employer's 统一社会信用代码 registered in the district
  (characters 3-8, its 行政区划代码);
- tenure_years = full years with the current employer (employment history ``started_on``).

A benefit is on the worklist only when every profile field its rule reads is among these (the
engine then decides with nothing unknown or presumed), it is the worker's own money with an
amount the rule computes, and no existing claim blocks it (the ledger's double-claim and
exclusivity checks, e.g. 叶集区 十 "符合多重条件的，按上限资助，不重复享受"). A grant is an
application opened and approved at once by the reviewer (window 「免申即享」), audited as
``application.open_auto`` (no 受理 checklist: nobody applied) + ``application.approve`` + ``application.grant`` with the rule and clause,
and the worker is told like any approval. The ledger's unique indexes make a second grant of
the same benefit impossible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import select

from bluecard.cards.models import BlueCard, CardStatus
from bluecard.ledger import services as ledger
from bluecard.services.errors import ServiceError
from bluecard.staff.audit import Actor
from bluecard.uow import read_only, unit_of_work
from policy_kb.chinatime import china_today
from policy_kb.eligibility import Catalogue, default_catalogue
from policy_kb.regions import region as region_info

__all__ = [
    "GRANT_WINDOW",
    "GrantCandidate",
    "GrantOutcome",
    "grant",
    "grant_worklist",
    "verified_profile",
]

#: What the ledger shows as the "window" of a grant: nobody applied at a window.
GRANT_WINDOW = ledger.AUTO_GRANT_WINDOW


@dataclass(frozen=True)
class GrantCandidate:
    """One benefit to grant: the card (id, number, district), the rule, the benefit, this
    worker's amount in yuan, period ("" once, "2026" yearly, "2026-11" monthly) and the
    citation (文号 or issuer + 《title》 + clause)."""

    card_id: int
    card_no: str | None
    district: str
    rule_id: str
    benefit: str
    amount_yuan: Decimal
    period: str
    citation: str


@dataclass(frozen=True)
class GrantOutcome:
    """What granting one candidate did: ``application_id`` when granted, else the refusal
    ``code`` and ``message`` (already claimed, no longer eligible...)."""

    card_id: int
    rule_id: str
    application_id: int | None
    code: str | None = None
    message: str | None = None


def _catalogue() -> Catalogue:
    configured = current_app.config.get("RULES_CATALOGUE")
    return configured if configured is not None else default_catalogue()


def verified_profile(card: BlueCard, as_of: date) -> dict[str, Any]:
    """The card's verified facts as a worker profile (docs/contracts.md "Worker profile")."""
    profile: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "region": card.district,
        "skill_level": card.skill_level,
        "level_obtained_on": card.certificate_date.isoformat(),
    }
    current = [e for e in card.employments if e.ended_on is None and e.started_on <= as_of]
    if current:
        job = max(current, key=lambda e: e.started_on)
        area = job.credit_code[2:8]
        r = region_info(card.district)
        city_wide = r.name == r.city
        profile["employer_in_region"] = area == r.code or (city_wide and area[:4] == r.code[:4])
        years = as_of.year - job.started_on.year
        if (as_of.month, as_of.day) < (job.started_on.month, job.started_on.day):
            years -= 1
        profile["tenure_years"] = max(years, 0)
    return profile


def grant_worklist(actor: Actor, *, as_of: date | None = None) -> list[GrantCandidate]:
    """The benefits to grant without an application to active card holders of the actor's
    district (perm application.decide), by card then rule. Raises PermissionDenied."""
    as_of = as_of or china_today()
    with unit_of_work(actor) as uow:
        uow.require("application.decide")
    catalogue = _catalogue()
    out: list[GrantCandidate] = []
    with read_only() as session:
        stmt = select(BlueCard).where(BlueCard.status == CardStatus.ACTIVE.value)
        if actor.district is not None:
            stmt = stmt.where(BlueCard.district == actor.district)
        cards = list(session.execute(stmt.order_by(BlueCard.id)).scalars())
        for card in cards:
            profile = verified_profile(card, as_of)
            try:
                options = ledger.benefits_for_card(card.id, as_of=as_of, profile=profile)
            except ServiceError:
                continue
            for option in options:
                if not option.claimable or option.amount_yuan is None:
                    continue
                try:
                    rule = catalogue.rule(option.rule_id)
                except KeyError:
                    continue
                if any(f not in profile for f in rule.fields()):
                    continue  # a fact only the worker declared: they apply at a window
                out.append(
                    GrantCandidate(
                        card_id=card.id,
                        card_no=card.card_no,
                        district=card.district,
                        rule_id=option.rule_id,
                        benefit=option.benefit,
                        amount_yuan=option.amount_yuan,
                        period=option.period,
                        citation=option.citation,
                    )
                )
    return out


def grant(
    actor: Actor, items: Sequence[tuple[int, str]], *, as_of: date | None = None
) -> list[GrantOutcome]:
    """Grant each (card_id, rule_id) of the worklist (perm application.decide and
    application.open): the engine is run again on the card's verified facts, the application
    opened (window 「免申即享」) and approved, and the worker told. Each item is its own unit
    of work: one refused (claimed meanwhile, no longer eligible) does not stop the others and
    is returned with its reason. Raises PermissionDenied before granting anything."""
    as_of = as_of or china_today()
    with unit_of_work(actor) as uow:
        uow.require("application.decide")
        uow.require("application.open")
    granting = replace(actor, window=GRANT_WINDOW)
    allowed = {(c.card_id, c.rule_id) for c in grant_worklist(actor, as_of=as_of)}
    out: list[GrantOutcome] = []
    for card_id, rule_id in items:
        if (card_id, rule_id) not in allowed:
            out.append(
                GrantOutcome(
                    card_id,
                    rule_id,
                    None,
                    "not_on_worklist",
                    "不在免申即享清单中（已申领、已不符合或需本人申请）",
                )
            )
            continue
        try:
            with read_only() as session:
                card = session.get(BlueCard, card_id)
                assert card is not None
                profile = verified_profile(card, as_of)
            opened = ledger.open_automatic_grant(
                card_id, rule_id, granting, as_of=as_of, profile=profile
            )
            approved = ledger.decide_application(opened.id, granting, approve=True)
        except ServiceError as err:
            out.append(GrantOutcome(card_id, rule_id, None, err.code, err.message))
            continue
        with unit_of_work(
            granting, "application.grant", target_type="application", target_id=approved.id
        ) as audit_uow:
            audit_uow.audit(
                detail={
                    "card_id": card_id,
                    "rule_id": rule_id,
                    "clause": approved.clause,
                    "doc_id": approved.doc_id,
                    "amount_yuan": str(approved.amount_yuan),
                    "period": approved.period,
                }
            )
        out.append(GrantOutcome(card_id, rule_id, approved.id))
    return out
