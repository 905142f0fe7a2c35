"""What the bot may ask of the service core, as a typed protocol with plain data.

The bot stays pure: it never imports the service core. ``bluecard`` implements
``BotServices`` over the database and passes it to ``Bot(services=...)``; the terminal chat
passes None (no database), and unit tests pass an in-memory fake. Everything returned is
already masked: no full 身份证号, phone or 社保卡号 ever reaches the bot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class ApplicationView:
    """One subsidy application as the worker sees it.

    amount_yuan: the amount in yuan as text without trailing zeros ("20000", "1500.5");
    status: the ledger's status value; status_label: its Chinese label; clause and citation:
    where the benefit is granted (e.g. "四（一）", "叶集区《关于推进技工强区建设的实施意见》");
    opened_on / decided_on: ISO dates (China time) or None; reject_reason: set when rejected
    or clawed back.
    """

    benefit: str
    amount_yuan: str
    status: str
    status_label: str
    clause: str = ""
    citation: str = ""
    reject_reason: str | None = None
    opened_on: str | None = None
    decided_on: str | None = None


@dataclass(frozen=True)
class CardView:
    """The worker's newest blue card, masked, with its subsidy applications.

    status: the card's status value (pending, active, rejected, suspended, revoked);
    status_label: its Chinese label; applied_on: ISO date (China time).
    """

    status: str
    status_label: str
    skill_level: str
    district: str
    name_masked: str
    card_no: str | None = None
    id_number_masked: str | None = None
    employer_name: str | None = None
    applied_on: str | None = None
    reject_reason: str | None = None
    applications: tuple[ApplicationView, ...] = ()


@dataclass(frozen=True)
class CardApplyOutcome:
    """The result of submitting the chat card form.

    ok: submitted; then status/status_label/district describe the new card. Otherwise
    message says why in Chinese and errors maps a form field name to its problem (empty when
    the refusal is not about one field, e.g. the person already holds a live card).
    """

    ok: bool
    status: str = ""
    status_label: str = ""
    district: str = ""
    message: str = ""
    errors: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CardStart:
    """Whether the worker may start a card application, checked before the form asks
    anything (the service behind ``GET /api/v1/cards/form``).

    can_apply: True when no held card blocks; otherwise code (``card_suspended`` |
    ``card_pending`` | ``card_active``), message (Chinese, the suspension's date and reason
    included) and status (the held card's status value)."""

    can_apply: bool
    code: str | None = None
    message: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class PhoneChangeOutcome:
    """The result of 「手机号改为…」: ok with the new number masked (``139****5678``), or not
    ok with ``message`` saying why in Chinese (an invalid number, no card held, the same
    number); ``retry`` True when sending a corrected number would help (the number was
    invalid)."""

    ok: bool
    phone_masked: str = ""
    message: str = ""
    retry: bool = False


@dataclass(frozen=True)
class GuideView:
    """The district's 申兑指南 for one benefit (or, with ``benefit`` empty, what the district
    sets for every benefit), as the worker reads it.

    district: canonical district name; benefit: the benefit's title ("" for the district as a
    whole); materials: the district's list (empty: nobody set one); processing: the time limit
    in words (「30个工作日（自受理之日起）」), processing_set: False when it is only the
    PROCESSING_DAYS default; where / phone: text, or None when nobody set it; page_url: the
    worker's guides page (``/guides/<区县>``, absolute when the service knows its address)."""

    district: str
    benefit: str = ""
    materials: tuple[str, ...] = ()
    processing: str | None = None
    processing_set: bool = False
    where: str | None = None
    phone: str | None = None
    page_url: str = ""


class BotServices(Protocol):
    """The hooks the bot calls on the service core (implemented by ``bluecard``)."""

    def remember_region(self, user_id: str, region: str) -> None:
        """Keep the district the worker chose (「我在叶集」) on their follower record."""
        ...

    def save_profile(self, user_id: str, answers: Mapping[str, Any]) -> None:
        """Keep the questionnaire's answers as the worker's profile (「保存」, with consent)."""
        ...

    def delete_profile(self, user_id: str) -> bool:
        """Delete the worker's stored profile (「删除档案」); True when there was one."""
        ...

    def apply_card(self, user_id: str, form: Mapping[str, Any]) -> CardApplyOutcome:
        """Submit the chat card form (values as ``bot.cardform`` collects them, plus
        ``consent``). Never raises for a refusal: the outcome says why."""
        ...

    def change_phone(self, user_id: str, phone: str) -> PhoneChangeOutcome:
        """Change the mobile number on the worker's held card to ``phone`` (as typed). Never
        raises for a refusal: the outcome says why."""
        ...

    def my_card(self, user_id: str) -> CardView | None:
        """The worker's newest card with its applications, or None."""
        ...

    def my_applications(self, user_id: str) -> list[ApplicationView]:
        """The worker's subsidy applications, newest first (empty when none)."""
        ...

    def opt_out(self, user_id: str) -> None:
        """「退订」: no more policy notifications."""
        ...

    def opt_in(self, user_id: str) -> None:
        """「订阅」: policy notifications again."""
        ...

    def card_start(self, user_id: str) -> CardStart:
        """May this worker start a card application? Asked before the form's first question:
        a suspended, pending or active card says so (with date and reason) instead."""
        ...

    def benefit_guide(self, district: str, rule_id: str | None) -> GuideView | None:
        """The district's 申兑指南 for benefit ``rule_id`` (None or a rule the district does
        not govern: what the district sets for every benefit); None for an unknown district."""
        ...
