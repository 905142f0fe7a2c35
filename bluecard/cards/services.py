"""技工蓝卡 (叶集区文件 九: 建立技工"蓝卡"制度): applying, review, employment history, QR codes
and scanning at the service window.

Every public function is one unit of work (``bluecard.uow``): one commit or a rollback; staff
actions check the actor's permission and write the audit log in the same transaction, and the
unit of work audits their refusals. Personal data (name, 身份证号, phone, 社保卡号) is
encrypted with ``current_runtime().cipher``; ``id_number_hash`` (a keyed HMAC) finds a person
across openids, and the database allows one live (pending/active) card per person.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError

from bluecard.cards import qr
from bluecard.cards.lookup import name_key, phone_key
from bluecard.cards.models import (
    HELD_CARD_STATES,
    BlueCard,
    CardStatus,
    Employment,
)
from bluecard.extensions import db
from bluecard.models.base import utcnow
from bluecard.notifications import decisions
from bluecard.privacy import mask_numbers, mask_openid
from bluecard.profiles.services import get_profile
from bluecard.runtime import current_runtime
from bluecard.services.errors import Conflict, NotFound, Refused
from bluecard.staff.audit import Actor
from bluecard.uow import read_only, unit_of_work
from policy_kb.card_form import (
    CardFieldError,
    CardFormError,
    validate_card_application,
    validate_field,
)
from policy_kb.chinatime import china_date, china_today
from policy_kb.identifiers import (
    IdentifierError,
    check_phone,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_tail,
)
from policy_kb.regions import region as region_info

SERIAL_DIGITS = 6
#: status → Chinese label (``CardStatus.label``), keyed by the plain string for templates.
STATUS_LABELS: dict[str, str] = {s.value: s.label for s in CardStatus}
MAX_REASON_CHARS = 500
_NUMBERING_RETRIES = 3


@dataclass(frozen=True)
class EmploymentView:
    """One employer in the card's history; ended_on None for the current one."""

    employer_name: str
    credit_code: str
    started_on: date
    ended_on: date | None


@dataclass(frozen=True)
class CardView:
    """A card as screens show it. ``*_masked`` always; the clear ``name``/``id_number``/
    ``phone``/``social_security_no`` only when asked with ``reveal=True`` (roles holding
    ``card.view_pii``), else None. status: pending|active|suspended|rejected|revoked.
    person_key: the id_number_hash (the same person across openids). suspended_at /
    suspend_reason: the current suspension (None unless suspended)."""

    id: int
    card_no: str | None
    status: str
    openid: str
    person_key: str
    name_masked: str
    id_number_masked: str
    phone_masked: str
    social_security_no_masked: str
    name: str | None
    id_number: str | None
    phone: str | None
    social_security_no: str | None
    skill_level: str
    certificate_no: str
    certificate_issuer: str
    certificate_date: date
    district: str
    district_code: str
    employments: tuple[EmploymentView, ...]
    applied_at: datetime
    reviewed_at: datetime | None
    reject_reason: str | None
    revoked_at: datetime | None
    qr_version: int
    suspended_at: datetime | None = None
    suspend_reason: str | None = None

    @property
    def status_label(self) -> str:
        """The status in Chinese (审核中/有效/已暂停/未通过/已注销)."""
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def current_employment(self) -> EmploymentView | None:
        """The employer without an end date, or None."""
        return next((e for e in reversed(self.employments) if e.ended_on is None), None)


@dataclass(frozen=True)
class QrCode:
    """A QR code of a card: the token, the URL it encodes, kind "dynamic"|"static", expiry
    (UTC, dynamic only), and the rendered PNG (bytes) and SVG (text)."""

    token: str
    url: str
    kind: str
    expires_at: datetime | None
    png: bytes
    svg: str


@dataclass(frozen=True)
class ScanResult:
    """A code that scanned valid: the card (clear personal data only for roles holding
    ``card.view_pii``), the code's kind and expiry."""

    card: CardView
    kind: str
    expires_at: datetime | None


@dataclass(frozen=True)
class PublicCardStatus:
    """What the public page of a code shows, and nothing else. valid: the card is active and
    the code good; reason / reason_code (forged, malformed, expired, revoked, inactive) when
    not (``suspended`` for a suspended card); skill_level, district and name_masked only when
    valid."""

    valid: bool
    reason: str | None = None
    reason_code: str | None = None
    skill_level: str | None = None
    district: str | None = None
    name_masked: str | None = None


# -- reading --------------------------------------------------------------------------------
def _view(card: BlueCard, *, reveal: bool = False) -> CardView:
    cipher = current_runtime().cipher
    name = cipher.decrypt(card.name_enc)
    id_number = cipher.decrypt(card.id_number_enc)
    phone = cipher.decrypt(card.phone_enc)
    social = cipher.decrypt(card.social_security_no_enc)
    return CardView(
        id=card.id,
        card_no=card.card_no,
        status=card.status,
        openid=card.openid,
        person_key=card.id_number_hash,
        name_masked=mask_name(name),
        id_number_masked=mask_id_number(id_number),
        phone_masked=mask_phone(phone),
        social_security_no_masked=mask_tail(social),
        name=name if reveal else None,
        id_number=id_number if reveal else None,
        phone=phone if reveal else None,
        social_security_no=social if reveal else None,
        skill_level=card.skill_level,
        certificate_no=card.certificate_no,
        certificate_issuer=card.certificate_issuer,
        certificate_date=card.certificate_date,
        district=card.district,
        district_code=card.district_code,
        employments=tuple(
            EmploymentView(e.employer_name, e.credit_code, e.started_on, e.ended_on)
            for e in sorted(card.employments, key=lambda e: (e.started_on, e.id))
        ),
        applied_at=card.applied_at,
        reviewed_at=card.reviewed_at,
        reject_reason=_masked(card.reject_reason),
        revoked_at=card.revoked_at,
        qr_version=card.qr_version,
        suspended_at=card.suspended_at if card.status == CardStatus.SUSPENDED else None,
        suspend_reason=(
            _masked(card.suspend_reason) if card.status == CardStatus.SUSPENDED else None
        ),
    )


def _masked(reason: str | None) -> str | None:
    """A reason staff typed, as every page and answer shows it: personal numbers masked but
    their last 4 digits (``privacy.mask_numbers``; names are not detected, see
    ``staff.audit.masked_detail``)."""
    return mask_numbers(reason) if reason else reason


def _load(card_id: int, *, lock: bool = False, actor: Actor | None = None) -> BlueCard:
    """The card row; NotFound when there is none or it lies outside ``actor``'s district
    (another district's card does not exist for them)."""
    stmt = select(BlueCard).where(BlueCard.id == card_id)
    if lock:
        stmt = stmt.with_for_update()
    card = db.session.execute(stmt).scalar_one_or_none()
    if card is None or (actor is not None and not actor.sees(card.district)):
        raise NotFound("没有这张蓝卡")
    return card


def get_card(card_id: int, *, reveal: bool = False, actor: Actor | None = None) -> CardView:
    """The card ``card_id``; clear personal data with ``reveal`` (the caller checks the role
    holds ``card.view_pii``). With ``actor``, a card of another district is NotFound.
    Raises NotFound."""
    with read_only():
        return _view(_load(card_id, actor=actor), reveal=reveal)


def change_phone(openid: str, phone: str) -> CardView:
    """The worker ``openid`` changes the mobile number on their held card (审核中, 有效 or
    已暂停) to ``phone`` (a mainland mobile number: 11 digits, +86 and separators allowed).
    The number is stored encrypted and its lookup hash replaced; the audit log records that it
    changed (``card.phone_change``), never the number. One commit.

    Raises CardFormError({"phone": …}) for an invalid number; NotFound(code="no_card") when
    ``openid`` holds no such card; Refused(code="same_phone") when the card already has it.
    """
    try:
        number = check_phone(phone)
    except IdentifierError as err:
        raise CardFormError({"phone": str(err)}) from None
    cipher = current_runtime().cipher
    with unit_of_work() as uow:
        card = uow.session.execute(
            select(BlueCard)
            .where(BlueCard.openid == openid, BlueCard.status.in_(HELD_CARD_STATES))
            .order_by(BlueCard.id.desc())
            .limit(1)
            .with_for_update()
        ).scalar_one_or_none()
        if card is None:
            raise NotFound("你还没有审核中或有效的技工蓝卡；手机号在申请蓝卡时填写", code="no_card")
        key = phone_key(number)
        if card.phone_hash == key:
            raise Refused("蓝卡上登记的已经是这个手机号，不用改", code="same_phone")
        card.phone_enc = cipher.encrypt(number)
        card.phone_hash = key
        uow.audit(
            "card.phone_change",
            target_type="card",
            target_id=card.id,
            detail={"district": card.district},
            actor_name=mask_openid(openid),
        )
    return _view(card)


def card_of(openid: str) -> CardView | None:
    """The newest card applied for by ``openid``, in any state, or None."""
    with read_only() as session:
        card = session.execute(
            select(BlueCard).where(BlueCard.openid == openid).order_by(BlueCard.id.desc()).limit(1)
        ).scalar_one_or_none()
        return _view(card) if card else None


def list_cards(
    *,
    status: str | None = None,
    district: str | None = None,
    limit: int = 100,
    actor: Actor | None = None,
) -> list[CardView]:
    """Cards, newest first, optionally of one ``status`` and ``district`` (canonical name),
    at most ``limit`` (1-1000); with ``actor``, only cards of the actor's district."""
    stmt = select(BlueCard).order_by(BlueCard.id.desc()).limit(max(1, min(limit, 1000)))
    if status:
        stmt = stmt.where(BlueCard.status == status)
    if district:
        stmt = stmt.where(BlueCard.district == district)
    if actor is not None and actor.district is not None:
        stmt = stmt.where(BlueCard.district == actor.district)
    with read_only() as session:
        return [_view(c) for c in session.execute(stmt).scalars()]


# -- applying -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ApplyStart:
    """What a card application form shows before it asks anything: ``can_apply``; when not,
    ``code`` (``card_suspended`` | ``card_pending`` | ``card_active``), the worker's ``message``
    (Chinese, with the suspension's reason and date) and the held card's ``status``."""

    can_apply: bool
    code: str | None = None
    message: str | None = None
    status: str | None = None


def _held_message(card: BlueCard, *, own: bool) -> tuple[str, str]:
    """(code, message) for a held card that blocks a new application; ``own``: the card is
    this openid's (else another openid's card of the same 身份证号)."""
    if not own:
        # Someone typing another person's 身份证号 learns only that a card exists, never
        # whether it is under review, valid or suspended (that is the holder's business).
        return "card_exists", "这个身份证号已有蓝卡记录，不能重复申请；请本人带身份证到窗口咨询"
    if card.status == CardStatus.SUSPENDED:
        day = china_date(card.suspended_at) if card.suspended_at else None
        since = f"自{day.year}年{day.month}月{day.day}日起" if day else ""
        why = f"，原因：{card.suspend_reason}" if card.suspend_reason else ""
        return (
            "card_suspended",
            f"你的蓝卡{since}已暂停使用{why}。暂停期间不能重新申请，也不能申请补贴；"
            "请带身份证到窗口咨询恢复。",
        )
    if card.status == CardStatus.PENDING:
        return "card_pending", "你的蓝卡申请正在审核中，不用再填写申请表；审核结果会通知你"
    return "card_active", "你已有一张有效的蓝卡，不能重复申请；换了工作单位请到窗口办理变更"


def application_start(openid: str) -> ApplyStart:
    """Whether ``openid`` may start a card application, checked before the form asks
    anything: not while they hold a pending, active or suspended card (``ApplyStart`` says
    why, in the words ``apply_for_card`` would refuse with). A rejected or revoked card does
    not block. Reads only."""
    with read_only() as session:
        held = session.execute(
            select(BlueCard)
            .where(BlueCard.openid == openid, BlueCard.status.in_(HELD_CARD_STATES))
            .order_by(BlueCard.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if held is None:
            return ApplyStart(can_apply=True)
        code, message = _held_message(held, own=True)
        return ApplyStart(can_apply=False, code=code, message=message, status=held.status)


def apply_for_card(openid: str, form: dict[str, Any]) -> CardView:
    """Apply for a card as ``openid`` with ``form`` (the fields of
    ``policy_kb.card_form.CARD_FIELDS``, ``consent`` True). The card is pending review; the
    current employer starts the employment history (from today). One commit.

    Raises CardFormError naming every bad field; Conflict(code="live_card") when this person
    (by 身份证号, whatever the openid) or this openid already holds a pending, active or
    suspended card.
    """
    data = validate_card_application(form, today=china_today())
    cipher = current_runtime().cipher
    person_key = cipher.lookup_hash(data["id_number"])
    with unit_of_work() as uow:
        session = uow.session
        live = session.execute(
            select(BlueCard)
            .where(
                BlueCard.status.in_(HELD_CARD_STATES),
                (BlueCard.id_number_hash == person_key) | (BlueCard.openid == openid),
            )
            .limit(1)
        ).scalar_one_or_none()
        if live is not None:
            raise Conflict(_held_message(live, own=live.openid == openid)[1], code="live_card")
        now = utcnow()
        card = BlueCard(
            openid=openid,
            status=CardStatus.PENDING,
            name_enc=cipher.encrypt(data["name"]),
            name_hash=name_key(data["name"]),
            phone_hash=phone_key(data["phone"]),
            id_number_enc=cipher.encrypt(data["id_number"]),
            id_number_hash=person_key,
            phone_enc=cipher.encrypt(data["phone"]),
            social_security_no_enc=cipher.encrypt(data["social_security_no"]),
            skill_level=data["skill_level"],
            certificate_no=data["certificate_no"],
            certificate_issuer=data["certificate_issuer"],
            certificate_date=data["certificate_date"],
            district=data["district"],
            district_code=data["district_code"],
            qr_version=1,
            consented_at=now,
            applied_at=now,
        )
        card.employments.append(
            Employment(
                employer_name=data["employer_name"],
                credit_code=data["credit_code"],
                started_on=china_today(),
                ended_on=None,
            )
        )
        session.add(card)
        try:
            session.flush()
        except IntegrityError:
            # Two applications raced past the check: the partial unique index decided.
            raise Conflict(
                "这个身份证号已有一张审核中或有效的蓝卡，不能重复申请", code="live_card"
            ) from None
        uow.audit(
            "card.apply",
            target_type="card",
            target_id=card.id,
            detail={"district": card.district, "skill_level": card.skill_level},
            actor_name=mask_openid(openid),
        )
    return _view(card)


# -- staff actions --------------------------------------------------------------------------
def _reason(reason: str | None, what: str) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise Refused(f"请填写{what}", code="reason_required")
    if len(text) > MAX_REASON_CHARS:
        raise Refused(f"{what}最多{MAX_REASON_CHARS}个字", code="reason_too_long")
    return text


def _prefix_lock(prefix: str) -> None:
    """Serialise card numbering for one district and year on PostgreSQL (a transaction-level
    advisory lock: released at commit or rollback)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return  # SQLite serialises writers itself
    key = int.from_bytes(
        hashlib.sha256(f"card_no:{prefix}".encode()).digest()[:8], "big", signed=True
    )
    db.session.execute(sql_text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _next_card_no(district_code: str, year: int) -> str:
    """The next free number district_code + year + 6-digit serial (the caller holds the lock)."""
    prefix = f"{district_code}{year}"
    _prefix_lock(prefix)
    last = db.session.execute(
        select(func.max(BlueCard.card_no)).where(BlueCard.card_no.like(prefix + "%"))
    ).scalar()
    serial = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{serial:0{SERIAL_DIGITS}d}"


def review_card(
    card_id: int, actor: Actor, *, approve: bool, reason: str | None = None
) -> CardView:
    """Approve (the card becomes active with card_no = district code + year + 6-digit serial,
    numbered per district and year) or reject (``reason`` required; the worker sees it in
    「我的蓝卡」) a pending card. Needs ``card.review``. One commit.

    Raises PermissionDenied, NotFound, Conflict(code="invalid_transition") when the card is
    not pending, Refused(code="reason_required").
    """
    for attempt in range(_NUMBERING_RETRIES):
        try:
            return _review(card_id, actor, approve=approve, reason=reason)
        except IntegrityError:
            # A number taken by a concurrent approval on a backend without the lock: retry.
            if attempt == _NUMBERING_RETRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _review(card_id: int, actor: Actor, *, approve: bool, reason: str | None) -> CardView:
    action = "card.approve" if approve else "card.reject"
    with unit_of_work(actor, action, target_type="card", target_id=card_id) as uow:
        uow.require("card.review")
        why = None if approve else _reason(reason, "驳回原因")
        card = _load(card_id, lock=True, actor=actor)
        if card.status != "pending":
            raise Conflict(
                f"这张蓝卡的状态是「{STATUS_LABELS[card.status]}」，不能再审核",
                code="invalid_transition",
            )
        card.reviewed_at = utcnow()
        card.reviewed_by = actor.staff_id
        if approve:
            card.status = CardStatus.ACTIVE
            card.card_no = _next_card_no(card.district_code, china_today().year)
            card.reject_reason = None
        else:
            card.status = CardStatus.REJECTED
            card.reject_reason = why
        uow.session.flush()
        uow.audit(detail={"card_no": card.card_no} if approve else {"reason": why})
        title, text = decisions.card_message(approved=approve, card_no=card.card_no, reason=why)
        told = decisions.queue_decision(uow.session, card.openid, title, text)
    decisions.send_decisions([told])
    return _view(card)


def change_employer(
    card_id: int, actor: Actor, *, employer_name: str, credit_code: str, started_on: date
) -> CardView:
    """Record a change of employer: the current employment ends the day before
    ``started_on`` and a new one begins (the card and its number stay). Needs
    ``card.change_employer``; the card must be pending, active or suspended. One commit.

    Raises PermissionDenied, NotFound, Conflict(code="card_inactive"), Refused(code=
    "invalid_employer") naming the bad field or date.
    """
    with unit_of_work(actor, "card.change_employer", target_type="card", target_id=card_id) as uow:
        uow.require("card.change_employer")
        try:
            name = validate_field("employer_name", employer_name)
            code = validate_field("credit_code", credit_code)
        except CardFieldError as err:
            raise Refused(str(err), code="invalid_employer") from None
        if started_on > china_today():
            raise Refused("新单位的入职日期不能晚于今天", code="invalid_employer")
        card = _load(card_id, lock=True, actor=actor)
        # A suspended card's history is still kept up to date (a change of employer is often
        # what a suspension waits for).
        if card.status not in HELD_CARD_STATES:
            raise Conflict(
                f"这张蓝卡「{STATUS_LABELS[card.status]}」，不能变更单位", code="card_inactive"
            )
        current = [e for e in card.employments if e.ended_on is None]
        for e in current:
            if started_on <= e.started_on:
                raise Refused(
                    f"新单位的入职日期应晚于现单位的入职日期（{e.started_on.isoformat()}）",
                    code="invalid_employer",
                )
            if e.credit_code == code:
                raise Refused("这就是现在的工作单位，无需变更", code="invalid_employer")
        for e in current:
            e.ended_on = started_on - timedelta(days=1)
        card.employments.append(
            Employment(employer_name=name, credit_code=code, started_on=started_on)
        )
        uow.session.flush()
        uow.audit(
            "card.change_employer",
            detail={"credit_code": code, "started_on": started_on.isoformat()},
        )
    return _view(card)


def revoke_card(card_id: int, actor: Actor, *, reason: str) -> CardView:
    """Revoke an active or suspended card (注销): every code of it stops working. Needs
    ``card.revoke``;
    ``reason`` required. One commit. Raises PermissionDenied, NotFound,
    Conflict(code="invalid_transition"), Refused(code="reason_required")."""
    with unit_of_work(actor, "card.revoke", target_type="card", target_id=card_id) as uow:
        uow.require("card.revoke")
        why = _reason(reason, "注销原因")
        card = _load(card_id, lock=True, actor=actor)
        if card.status not in (CardStatus.ACTIVE, CardStatus.SUSPENDED):
            raise Conflict(
                f"这张蓝卡的状态是「{STATUS_LABELS[card.status]}」，不能注销",
                code="invalid_transition",
            )
        card.status = CardStatus.REVOKED
        card.suspended_at = None
        card.revoked_at = utcnow()
        card.revoke_reason = why
        card.qr_version += 1
        uow.audit("card.revoke", detail={"card_no": card.card_no, "reason": why})
    return _view(card)


def suspend_card(card_id: int, actor: Actor, *, reason: str) -> CardView:
    """Suspend (暂停) an active card with a ``reason`` (at most 500 characters; staff and the
    worker read it): while suspended the card scans as 已暂停 with no benefits, no application
    can be opened on it, the public page of its code says it is suspended, the worker gets no
    on-screen code, and its holder leaves the live cards (talent pool, card-holder
    notifications). It stays the person's card (no second card meanwhile) and its codes work
    again on ``resume_card``. Needs ``card.suspend``. Audited ``card.suspend``. One commit.
    Raises PermissionDenied, NotFound, Conflict(code="invalid_transition") unless active,
    Refused(code="reason_required" | "reason_too_long")."""
    with unit_of_work(actor, "card.suspend", target_type="card", target_id=card_id) as uow:
        uow.require("card.suspend")
        why = _reason(reason, "暂停原因")
        card = _load(card_id, lock=True, actor=actor)
        if card.status != CardStatus.ACTIVE:
            raise Conflict(
                f"这张蓝卡的状态是「{STATUS_LABELS[card.status]}」，只有有效的蓝卡才能暂停",
                code="invalid_transition",
            )
        card.status = CardStatus.SUSPENDED
        card.suspended_at = utcnow()
        card.suspend_reason = why
        uow.audit(detail={"card_no": card.card_no, "reason": why})
    return _view(card)


def resume_card(card_id: int, actor: Actor, *, reason: str) -> CardView:
    """Resume (恢复) a suspended card with a ``reason``: it is active again and its codes
    (static ones at the same qr_version) work again. Needs ``card.suspend``. Audited
    ``card.resume`` with how long it was suspended. One commit. Raises PermissionDenied,
    NotFound, Conflict(code="invalid_transition") unless suspended, Refused(code=
    "reason_required" | "reason_too_long")."""
    with unit_of_work(actor, "card.resume", target_type="card", target_id=card_id) as uow:
        uow.require("card.suspend")
        why = _reason(reason, "恢复原因")
        card = _load(card_id, lock=True, actor=actor)
        if card.status != CardStatus.SUSPENDED:
            raise Conflict(
                f"这张蓝卡的状态是「{STATUS_LABELS[card.status]}」，不是暂停状态，无需恢复",
                code="invalid_transition",
            )
        since = card.suspended_at.isoformat() if card.suspended_at else None
        card.status = CardStatus.ACTIVE
        card.suspended_at = None
        card.suspend_reason = None
        uow.audit(detail={"card_no": card.card_no, "reason": why, "suspended_since": since})
    return _view(card)


def _code(card: BlueCard, kind: str) -> QrCode:
    runtime = current_runtime()
    ttl = runtime.settings.dynamic_qr_ttl if kind == qr.KIND_DYNAMIC else None
    token, expires = qr.issue_token(
        runtime.signing_key, card.id, card.qr_version, kind, ttl_seconds=ttl
    )
    url = qr.token_url(runtime.settings.public_base_url, token)
    return QrCode(token, url, kind, expires, qr.qr_png(url), qr.qr_svg(url))


def reissue_static_code(card_id: int, actor: Actor) -> QrCode:
    """A new printable code for an active card (lost or damaged card): bumps qr_version, so
    every static code printed before is refused as revoked. Needs ``card.revoke``. One commit.
    Raises PermissionDenied, NotFound, Conflict(code="card_inactive")."""
    with unit_of_work(actor, "card.reissue_code", target_type="card", target_id=card_id) as uow:
        uow.require("card.revoke")
        card = _load(card_id, lock=True, actor=actor)
        if card.status != "active":
            raise Conflict("只有有效的蓝卡才能补发二维码", code="card_inactive")
        card.qr_version += 1
        uow.audit("card.reissue_code", detail={"qr_version": card.qr_version})
    return _code(card, qr.KIND_STATIC)


def static_code(card_id: int, actor: Actor) -> QrCode:
    """The printable code of an active card at its current qr_version. Needs ``card.scan``
    (window staff print it). Audited. Raises PermissionDenied, NotFound,
    Conflict(code="card_inactive")."""
    with unit_of_work(actor, "card.print_code", target_type="card", target_id=card_id) as uow:
        uow.require("card.scan")
        card = _load(card_id, actor=actor)
        if card.status != "active":
            raise Conflict("只有有效的蓝卡才有二维码", code="card_inactive")
        uow.audit("card.print_code", detail={"qr_version": card.qr_version})
    return _code(card, qr.KIND_STATIC)


def dynamic_code(openid: str) -> QrCode:
    """A fresh on-screen code for the worker's active card, valid DYNAMIC_QR_TTL seconds
    (60-120; a screenshot is useless after that). Raises Refused(code="inactive") when
    ``openid`` has no active card."""
    with read_only() as session:
        card = session.execute(
            select(BlueCard)
            .where(BlueCard.openid == openid, BlueCard.status == "active")
            .order_by(BlueCard.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if card is None:
            suspended = session.execute(
                select(BlueCard.id)
                .where(BlueCard.openid == openid, BlueCard.status == CardStatus.SUSPENDED)
                .limit(1)
            ).first()
            if suspended is not None:
                raise Refused(
                    "你的蓝卡已暂停使用，暂停期间没有二维码；请到窗口咨询", code="suspended"
                )
            raise Refused("你还没有有效的蓝卡（审核通过后才有二维码）", code="inactive")
        return _code(card, qr.KIND_DYNAMIC)


# -- checking codes -------------------------------------------------------------------------
def _check(code: str) -> tuple[BlueCard, qr.TokenPayload]:
    """The card of a valid code (an active or a suspended card: the caller says what a
    suspension means for it); raises Refused(code=forged|malformed|expired|revoked|inactive)
    with the message the clerk (or the public page) shows."""
    runtime = current_runtime()
    try:
        payload = qr.verify_token(runtime.signing_key.public_key(), code)
    except qr.TokenError as err:
        raise Refused(err.message, code=err.reason) from None
    card = db.session.get(BlueCard, payload.card_id)
    if card is None:
        raise Refused("查无此卡", code="inactive")
    if card.status == "revoked":
        raise Refused("此卡已注销", code="revoked")
    if card.status == "pending":
        raise Refused("此卡还在审核中，尚未生效", code="inactive")
    if card.status == "rejected":
        raise Refused("此卡申请未通过审核，不能使用", code="inactive")
    if payload.kind == qr.KIND_STATIC and payload.qr_version != card.qr_version:
        raise Refused("此二维码已作废（卡片已补发新二维码），请使用新的蓝卡", code="revoked")
    return card, payload


def scan(code: str, actor: Actor) -> ScanResult:
    """Check a code at the window: ``code`` is the token or the full URL (…/c/<token>) as a
    USB scanner types it, a camera reads it or a clerk pastes it. Needs ``card.scan``. Every
    scan is audited (outcome ok or refused, with the window). The card comes with clear
    personal data only for roles holding ``card.view_pii``.

    A suspended card scans as itself: the result's card has status ``suspended`` with the
    reason, and the window shows it as 已暂停 with no benefits (the audit row says so).

    Raises PermissionDenied; NotFound(code="card_not_found") for a card of another district
    than the actor's; Refused(code=forged|malformed|expired|revoked|inactive) with the
    message the clerk reads (「二维码已过期，请让持卡人刷新」, 「此卡已注销」...).
    """
    with unit_of_work(actor, "card.scan", target_type="card") as uow:
        uow.require("card.scan")
        try:
            card, payload = _check(code)
        except Refused as err:
            uow.detail["reason"] = err.code  # the refusal row says why the code failed
            raise
        if not actor.sees(card.district):
            # Another district's card is not ours to show: the same answer as no card.
            uow.detail["reason"] = "card_not_found"
            raise NotFound("查无此卡（不属于本区县）", code="card_not_found")
        detail: dict[str, Any] = {"kind": payload.kind, "card_no": card.card_no}
        if card.status == CardStatus.SUSPENDED:
            detail["suspended"] = True
        uow.audit(target_id=card.id, detail=detail)
    return ScanResult(
        _view(card, reveal=actor.can("card.view_pii")), payload.kind, payload.expires_at
    )


def public_status(token: str) -> PublicCardStatus:
    """What the public page ``/c/<token>`` shows: valid, level, district and masked name for
    a good code of an active card; otherwise only why not. Never raises for bad input."""
    with read_only():
        try:
            card, _payload = _check(token)
        except Refused as err:
            return PublicCardStatus(valid=False, reason=err.message, reason_code=err.code)
        if card.status == CardStatus.SUSPENDED:
            return PublicCardStatus(
                valid=False, reason="此卡已暂停使用，暂不能享受政策", reason_code="suspended"
            )
        name = current_runtime().cipher.decrypt(card.name_enc)
    return PublicCardStatus(
        valid=True,
        skill_level=card.skill_level,
        district=card.district,
        name_masked=mask_name(name),
    )


def eligibility_profile(card_id: int) -> dict[str, Any]:
    """The card holder's worker profile (docs/contracts.md "Worker profile") for the eligibility
    engine: their stored profile (``services.profiles``), if any, with the card's verified
    facts on top: region = district, skill_level, level_obtained_on = certificate date, and
    employer_in_region = True when the current employer's 统一社会信用代码 was registered in
    the district (characters 3-8 = its 行政区划代码; otherwise left as the profile says).
    Raises NotFound."""
    with read_only():
        card = _load(card_id)
        profile = dict(get_profile(card.openid) or {})
        profile["region"] = card.district
        profile["skill_level"] = card.skill_level
        profile["level_obtained_on"] = card.certificate_date.isoformat()
        current = [e for e in card.employments if e.ended_on is None]
        if current and _registered_in(current[-1].credit_code, card.district):
            profile["employer_in_region"] = True
        return profile


def _registered_in(credit_code: str, district: str) -> bool:
    area = credit_code[2:8]
    r = region_info(district)
    # A city-level region (宿迁市 321300) covers its districts (3213xx).
    is_city = r.name == r.city
    return area == r.code or (is_city and area[:4] == r.code[:4])


def status_label(status: str) -> str:
    """The Chinese label of a card status."""
    return STATUS_LABELS.get(status, status)


__all__ = [
    "STATUS_LABELS",
    "ApplyStart",
    "CardFormError",
    "CardView",
    "EmploymentView",
    "PublicCardStatus",
    "QrCode",
    "ScanResult",
    "application_start",
    "apply_for_card",
    "card_of",
    "change_employer",
    "dynamic_code",
    "eligibility_profile",
    "get_card",
    "list_cards",
    "public_status",
    "reissue_static_code",
    "resume_card",
    "review_card",
    "revoke_card",
    "scan",
    "static_code",
    "status_label",
    "suspend_card",
]
