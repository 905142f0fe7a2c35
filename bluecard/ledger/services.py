"""The subsidy ledger (资金发放台账): applications for the benefits the engine finds on a card.

叶集区《关于推进技工强区建设的实施意见》十 asks to "建立完善资金发放台账" and to "避免多头
重复享受"; this module is that ledger. A clerk opens an application from a card for a benefit
the eligibility engine finds *now* (the amount comes from the rule, never typed by hand); a
reviewer approves or rejects it; finance pays it and, when fraud comes to light, claws it back.

States and the only transitions between them are ``APPLICATION_TRANSITIONS``
(``bluecard/ledger/models.py``): submitted → approved | rejected, approved → paid,
paid → clawed_back.

No double claims, enforced three times over:

1. ``benefits_for_card`` marks a benefit already claimed (same person, rule and period, or
   same exclusivity group and period) as not claimable, with the reason;
2. ``open_application`` locks the card row (``SELECT … FOR UPDATE``) and checks again, so two
   windows opening the same benefit for the same person at once queue on the lock and the
   second one sees the first one's application;
3. the partial unique indexes ``uq_subsidy_application_claim`` and
   ``uq_subsidy_application_exclusive`` are the final guard (SQLite ignores FOR UPDATE but
   serialises writers, and the index refuses the second row).

A benefit paid monthly or yearly for a limited time (``Benefit.max_years``: 叶集区 四
补助期限最长不超过3年) is claimable only within that many consecutive months (years) from the
person's first claimed period of it (``_past_term``: rejected applications do not count);
past it, both checks above refuse it with the clause's sentence (``term_exceeded``).

State changes are compare-and-set updates (``UPDATE … WHERE id = :id AND status = :expected``):
of two windows approving or paying the same application at once exactly one succeeds, the
other gets ``Conflict(code="invalid_transition")`` naming the state it found.

Every action is one unit of work (``bluecard.uow``): audited in its own transaction, and its
refusals and denials recorded by the unit of work after the action rolled back. Audit details
hold ids, rule ids, amounts and states, never personal data.

Test seam: the Flask config key ``RULES_CATALOGUE`` (a ``policy_kb.eligibility.Catalogue``)
replaces the bundled rules catalogue for this module (tests of exclusivity groups, a staging
rules set); unset in production.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bluecard.cards import services as cards
from bluecard.cards.models import BlueCard, CardStatus
from bluecard.extensions import db
from bluecard.ledger import guides, workdays
from bluecard.ledger.models import (
    APPLICATION_TRANSITIONS,
    CLAIMING_STATES,
    IN_PROGRESS_STATES,
    ApplicationStatus,
    SubsidyApplication,
)
from bluecard.models.base import utcnow
from bluecard.notifications import decisions
from bluecard.payouts.models import LineStatus, PayoutLine
from bluecard.privacy import mask_numbers
from bluecard.runtime import current_runtime
from bluecard.services.errors import Conflict, NotFound, Refused
from bluecard.staff.audit import Actor
from bluecard.staff.models import StaffUser
from bluecard.uow import read_only, unit_of_work
from policy_kb.chinatime import CHINA_TZ, china_date, china_today
from policy_kb.eligibility import (
    Benefit,
    Catalogue,
    EligibilityResult,
    ProfileError,
    Rule,
    evaluate,
    parse_profile,
)
from policy_kb.eligibility.profile import field_spec
from policy_kb.regions import canonical_region

if TYPE_CHECKING:
    from sqlalchemy import CursorResult

__all__ = [
    "APPLICATION_TRANSITIONS",
    "AUTO_GRANT_WINDOW",
    "CLAWBACK_DEFAULT_REASON",
    "STATUS_LABELS",
    "ApplicationView",
    "BenefitOption",
    "LedgerFilter",
    "LedgerTotal",
    "applications_for_card",
    "applications_for_openid",
    "benefits_for_card",
    "claw_back",
    "decide_application",
    "get_application",
    "ledger_rows",
    "ledger_totals",
    "open_application",
    "open_automatic_grant",
    "pay_application",
    "rows_for_export",
    "status_counts",
    "time_limit",
    "worklist",
]


#: The reason offered to UIs for a claw-back: 叶集区《关于推进技工强区建设的实施意见》十
#: (强化资金保障和使用监管): "对弄虚作假骗取的奖补资金，一经发现全部予以收回，并按照有关规定对
#: 责任单位及相关责任人给予严肃处理。"
CLAWBACK_DEFAULT_REASON = "弄虚作假骗取的奖补资金，一经发现全部予以收回"

#: Status → what a clerk or worker reads (``ApplicationStatus.label``), keyed by the plain
#: string for templates.
STATUS_LABELS: dict[str, str] = {s.value: s.label for s in ApplicationStatus}
#: Longest reason kept (the columns are String(500)).
MAX_REASON_CHARS = 500
_CENT = Decimal("0.01")


# ---------------------------------------------------------------------------------------------
# shapes


@dataclass(frozen=True)
class BenefitOption:
    """One benefit the engine found for the card holder on ``as_of``.

    amount_yuan: this worker's amount in yuan per period (from the rule; None when the engine
    cannot compute it — a salary not answered, a range, an entitlement — then ``claimable`` is
    False and ``amount_text`` says what the document states). citation: 文号 or issuer +
    《title》 + clause. quote: the sentence of the policy that grants it. period: "" for a
    one-off benefit, "2026" for a yearly one, "2026-11" for a monthly one. exclusivity_group:
    the rule's group (only the highest of a group pays, once), or None. claimable: a clerk may
    open an application now; blocked_reason: why not, in Chinese, when not.
    """

    rule_id: str
    benefit: str
    amount_yuan: Decimal | None
    doc_id: str
    clause: str
    citation: str
    quote: str
    period: str
    exclusivity_group: str | None
    claimable: bool
    blocked_reason: str | None
    amount_text: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApplicationView:
    """One ledger row as pages, the API, the chat and the exports show it.

    amount_yuan: yuan, 2 decimals. status: key of APPLICATION_TRANSITIONS; status_label its
    Chinese label (已提交/已批准/已发放/已驳回/已追回). window: the service window where it was
    opened; opened_by: the username of the clerk. Times are aware UTC datetimes (show them in
    Asia/Shanghai). card_no is the only personal identifier it carries.
    """

    id: int
    card_id: int
    card_no: str | None
    rule_id: str
    benefit: str
    amount_yuan: Decimal
    doc_id: str
    clause: str
    citation: str
    period: str
    exclusivity_group: str | None
    district: str
    status: str
    status_label: str
    window: str | None
    opened_by: str
    opened_at: datetime
    decided_at: datetime | None
    reject_reason: str | None
    paid_at: datetime | None
    clawed_back_at: datetime | None
    clawback_reason: str | None
    #: the time limit in China's working days from 受理 and the date it falls due (China date)
    processing_days: int = 0
    due_on: date | None = None
    #: still in progress (已提交 / 已批准) and past ``due_on`` today (China date)
    overdue: bool = False
    #: working days past due (overdue) or left until due (in progress); 0 otherwise
    days_over: int = 0
    days_left: int = 0
    #: the pending payout batch holding it (finance pays it there), or None
    payout_batch_id: int | None = None

    @property
    def in_progress(self) -> bool:
        """已提交 or 已批准: the time limit is running."""
        return self.status in IN_PROGRESS_STATES


@dataclass(frozen=True)
class LedgerFilter:
    """Filters of ``ledger_rows`` (all optional, combined with AND).

    district: region name or alias (淮安市洪泽区 = 洪泽区); rule_id; status (a key of
    APPLICATION_TRANSITIONS); date_from / date_to: inclusive dates of ``opened_at`` in
    Asia/Shanghai.
    """

    district: str | None = None
    rule_id: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None


# ---------------------------------------------------------------------------------------------
# the engine on a card


def _catalogue() -> Catalogue:
    return guides.rules_catalogue()


def _local_date(at: datetime) -> str:
    return china_date(at).isoformat()


def period_of(per: str | None, as_of: date) -> str:
    """The claim period of a benefit paid ``per`` (once|year|month|None) on ``as_of``:
    "" (one-off), "YYYY" or "YYYY-MM"."""
    if per == "year":
        return f"{as_of.year:04d}"
    if per == "month":
        return f"{as_of.year:04d}-{as_of.month:02d}"
    return ""


def _period_words(period: str) -> str:
    if len(period) == 4:
        return f"{period}年度"
    if len(period) == 7:
        return f"{period[:4]}年{int(period[5:])}月"
    return ""


def _yuan(value: float) -> Decimal:
    return Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP)


#: A clause id naming an unnumbered paragraph of a numbered clause: 二-3.
_UNNUMBERED_PARAGRAPH = re.compile(r"^(.+)-(\d+)$")


def citation_of(doc_id: str, clause: str, catalogue: Catalogue | None = None) -> str:
    """How the ledger cites a clause, like the bot's answers: 文号 (or the issuer when none is
    printed) + 《title》 + clause, e.g. "洪办发〔2021〕10号《洪泽区产业工人队伍建设实施方案》三（三）1"
    or "六安市叶集区人民政府《关于推进技工强区建设的实施意见》四". An unnumbered paragraph's id
    (``二-3``, the third paragraph of 二, used by targets) is printed as 二（第3段）."""
    clause = _UNNUMBERED_PARAGRAPH.sub(r"\1（第\2段）", clause)
    try:
        meta = current_runtime().knowledge.kb.document(doc_id).meta
    except (KeyError, RuntimeError):
        meta = None
    if meta is not None:
        who = meta.wenhao or meta.issuer or ""
        return f"{who}《{meta.title}》{clause}"
    doc = (catalogue or _catalogue()).documents.get(doc_id)
    if doc is None:
        return f"{doc_id} {clause}"
    return guides.cite(doc, clause)


def _card(card_id: int, actor: Actor | None = None) -> BlueCard:
    """The card row; NotFound also when it lies outside ``actor``'s district."""
    card = db.session.get(BlueCard, card_id)
    if card is None or (actor is not None and not actor.sees(card.district)):
        raise NotFound("没有这张蓝卡", code="card_not_found")
    return card


def _evaluate(
    card_id: int, as_of: date, profile: dict[str, Any] | None = None
) -> tuple[EligibilityResult, Catalogue]:
    """The engine's result for the card holder's profile (stored answers + card facts), or
    for ``profile`` when given (免申即享: the card's verified facts only)."""
    profile = dict(profile if profile is not None else cards.eligibility_profile(card_id))
    profile["as_of"] = as_of.isoformat()
    catalogue = _catalogue()
    try:
        parsed = parse_profile(profile)
    except ProfileError as err:
        raise Refused(f"持卡人档案有误，无法测算：{err}", code="profile_invalid") from None
    return evaluate(parsed, catalogue), catalogue


def _claims(person_key: str) -> list[SubsidyApplication]:
    """Every claiming application of a person (any card), oldest first."""
    return list(
        db.session.execute(
            select(SubsidyApplication)
            .where(
                SubsidyApplication.person_key == person_key,
                SubsidyApplication.status.in_(CLAIMING_STATES),
            )
            .order_by(SubsidyApplication.opened_at, SubsidyApplication.id)
            .execution_options(populate_existing=True)
        ).scalars()
    )


@dataclass(frozen=True)
class _Term:
    """A benefit's longest duration (``Benefit.max_years``) as claim periods: ``periods``
    months of a monthly benefit or years of a yearly one; ``words``: the clause's own sentence
    saying so (补助期限最长不超过3年) and its citation."""

    periods: int
    words: str


#: The pieces of a quote, one of which states the duration.
_QUOTE_PIECES = re.compile(r"[，。；;,]")


def _term_of(b: Benefit, catalogue: Catalogue) -> _Term | None:
    """The duration limit of benefit ``b`` when it is paid monthly or yearly and its rule
    sets ``max_years`` (叶集区 四: 补助期限最长不超过3年), else None."""
    if not b.max_years or b.per not in ("month", "year"):
        return None
    periods = round(b.max_years * 12) if b.per == "month" else max(1, int(b.max_years))
    years = f"{b.max_years:g}"
    piece = next(
        (
            p.strip()
            for p in _QUOTE_PIECES.split(b.quote)
            if ("期限" in p or "最长" in p) and years in p
        ),
        f"补贴期限最长{years}年",
    )
    return _Term(periods, f"{piece}（{citation_of(b.doc_id, b.clause, catalogue)}）")


def _period_number(period: str) -> int | None:
    """A monthly period "YYYY-MM" as a count of months, a yearly "YYYY" as the year."""
    if len(period) == 7:
        return int(period[:4]) * 12 + int(period[5:]) - 1
    if len(period) == 4:
        return int(period)
    return None


def _past_term(
    claims: Sequence[SubsidyApplication], rule_id: str, period: str, term: _Term
) -> tuple[str, str] | None:
    """("term_exceeded", reason) when claiming ``rule_id`` for ``period`` would stretch this
    person's claims of it beyond the benefit's duration.

    What starts the period: the earliest month (year) of this person's claiming applications
    of the benefit — submitted, approved, paid or clawed back (``CLAIMING_STATES``, the same
    rows that block a second claim of a month); a rejected application claims nothing and
    does not count. A submitted one counts so that months opened while earlier ones await
    review cannot run past the limit; if it is then rejected, the period starts at the next
    claimed month. All claimed months and the new one must fit in ``term.periods``
    consecutive periods, whichever order they were opened in.
    """
    new = _period_number(period)
    if new is None:
        return None
    numbered = [
        (n, c.period)
        for c in claims
        if c.rule_id == rule_id and (n := _period_number(c.period)) is not None
    ]
    if not numbered:
        return None
    first, first_period = min(numbered)
    last = max(n for n, _ in numbered)
    if max(last, new) - min(first, new) < term.periods:
        return None
    start = period if new < first else first_period
    return (
        "term_exceeded",
        f"{term.words}：本人此项补贴自{_period_words(start)}起计，"
        f"{_period_words(period)}已超出期限，不能再申领",
    )


def _blocking(
    claims: Iterable[SubsidyApplication],
    rule_id: str,
    group: str | None,
    period: str,
    catalogue: Catalogue,
    term: _Term | None = None,
) -> tuple[str, str] | None:
    """(code, reason) when an existing claim blocks ``rule_id`` in ``period``, or the new
    period lies past the benefit's duration (``term``), else None."""
    claims = list(claims)
    for c in claims:
        if c.rule_id == rule_id and c.period == period:
            where = f"在{c.window}" if c.window else ""
            when = _period_words(period)
            state = STATUS_LABELS.get(c.status, c.status)
            return (
                "double_claim",
                f"「{c.benefit}」{when}已于{_local_date(c.opened_at)}{where}申请过"
                f"（申请编号{c.id}，{state}），不能重复申领",
            )
    if term is not None and (past := _past_term(claims, rule_id, period, term)) is not None:
        return past
    if group is None:
        return None
    for c in claims:
        if c.exclusivity_group == group and c.period == period:
            g = catalogue.groups.get(group)
            if g is None:
                basis = "按上限资助，不重复享受"
            else:
                basis = f"{g.quote.rstrip('。')}（{citation_of(g.doc_id, g.clause, catalogue)}）"
            return (
                "exclusive",
                f"与已申请的「{c.benefit}」（申请编号{c.id}）同属一组，{basis}",
            )
    return None


def _option(
    b: Benefit,
    rule: Rule | None,
    as_of: date,
    claims: Sequence[SubsidyApplication],
    catalogue: Catalogue,
    card: BlueCard,
) -> BenefitOption:
    period = period_of(b.per, as_of)
    group = rule.group if rule is not None else None
    amount = None if b.amount_yuan is None else _yuan(b.amount_yuan)
    blocked: str | None = None
    if card.status != CardStatus.ACTIVE:
        blocked = _inactive(card)
    elif amount is None:
        if b.per is None:
            blocked = f"金额需人工核定：文件未规定按人发放的固定金额（{b.amount_text}）"
        else:
            blocked = f"金额需人工核定：{b.amount_text}"
    else:
        hit = _blocking(claims, b.rule_id, group, period, catalogue, _term_of(b, catalogue))
        blocked = hit[1] if hit else None
    return BenefitOption(
        rule_id=b.rule_id,
        benefit=b.title,
        amount_yuan=amount,
        doc_id=b.doc_id,
        clause=b.clause,
        citation=citation_of(b.doc_id, b.clause, catalogue),
        quote=b.quote,
        period=period,
        exclusivity_group=group,
        claimable=blocked is None,
        blocked_reason=blocked,
        amount_text=b.amount_text,
        notes=b.notes,
    )


def _rule(catalogue: Catalogue, rule_id: str) -> Rule | None:
    try:
        return catalogue.rule(rule_id)
    except KeyError:
        return None


def _options(
    card: BlueCard, result: EligibilityResult, catalogue: Catalogue, as_of: date
) -> list[BenefitOption]:
    claims = _claims(card.id_number_hash)
    return [
        _option(b, _rule(catalogue, b.rule_id), as_of, claims, catalogue, card)
        for b in result.benefits
        # The worker's own benefits only: employer / institution money is claimed by them.
        if b.beneficiary == "individual"
    ]


def benefits_for_card(
    card_id: int, *, as_of: date | None = None, profile: dict[str, Any] | None = None
) -> list[BenefitOption]:
    """The benefits the eligibility engine finds today (``as_of``, default today in
    Asia/Shanghai) for the holder of card ``card_id``, as ``BenefitOption``s.

    The profile is ``bluecard.cards.services.eligibility_profile`` (stored answers merged with
    the card's facts). Only the worker's own benefits are listed (not those an employer or an
    institution claims, not programmes, not proposed rules of a draft); exclusivity groups are
    resolved by the engine (叶集区 十: 符合多重条件的，按上限资助，不重复享受). Each option
    says whether an application can be opened now and, if not, why: already claimed for the
    period, another benefit of its exclusivity group claimed, an amount the engine cannot
    compute ("金额需人工核定"), or a card that is not active.
    ``profile``: evaluate this profile instead (免申即享: the card's verified facts only).
    Raises NotFound (no such card), Refused(code="profile_invalid").
    """
    as_of = as_of or china_today()
    with read_only():
        card = _card(card_id)
        result, catalogue = _evaluate(card_id, as_of, profile)
        return _options(card, result, catalogue, as_of)


# ---------------------------------------------------------------------------------------------
# opening an application


def _why_not(result: EligibilityResult, catalogue: Catalogue, rule_id: str, region: str) -> str:
    """Why ``rule_id`` is not among the card holder's benefits, in the engine's words."""
    shown = rule_id if len(rule_id) <= 64 else rule_id[:64] + "…"
    rule = _rule(catalogue, rule_id)
    if rule is None:
        return f"没有编号为「{shown}」的补贴项目"
    title = rule.title
    if region not in rule.doc.regions:
        return f"「{title}」是{'、'.join(rule.doc.regions)}的政策，不适用于{region}的持卡人"
    for b in result.benefits:
        if b.rule_id == rule_id:
            return f"「{title}」由用人单位（或有关机构）申领，不发给个人，不能在蓝卡上申请"
    for p in result.proposed:
        if p.rule_id == rule_id:
            return f"「{title}」出自征求意见稿，尚未施行，不能据此申领"
    for pr in result.programmes:
        if pr.rule_id == rule_id:
            return f"「{title}」取决于个人档案之外的事实，需经办部门另行认定，不能在蓝卡上申请"
    for n in result.near_misses:
        if n.rule_id == rule_id:
            unmet = "；".join(f"{u.required}（现为{u.actual}）" for u in n.unmet)
            return f"不符合「{title}」的条件：{unmet}"
    for pe in result.pending:
        if pe.rule_id == rule_id:
            labels = "、".join(_label(f) for f in pe.unknown)
            return f"「{title}」尚缺信息，无法判断：请先补充{labels}"
    for choice in result.exclusivity:
        if any(opt == rule_id or opt.startswith(rule_id + ":") for opt, _ in choice.candidates):
            return f"{choice.reason}（{choice.document} {choice.clause}：{choice.quote}）"
    for w in result.warnings:
        if title in w or (rule.doc.citation in w and "施行" in w):
            return w
    return f"按持卡人的档案，不符合「{title}」的条件"


def _label(name: str) -> str:
    try:
        return field_spec(name).label
    except KeyError:
        return name


#: The ledger's "window" of an application nobody applied for (免申即享, see ``grants``).
AUTO_GRANT_WINDOW = "免申即享"


def open_application(
    card_id: int,
    rule_id: str,
    actor: Actor,
    *,
    confirmed: Sequence[str],
    as_of: date | None = None,
) -> ApplicationView:
    """Open a window application on card ``card_id`` for benefit ``rule_id`` (perm
    application.open): a clerk receives the worker's papers.

    ``confirmed``: the keys of the 受理 checklist items the clerk ticked
    (``guides.guide(rule_id, district).checklist``); every item must be among them, else
    Refused(code="checklist_incomplete") naming the first missing one. There is no way to
    skip it: an opening without a window goes through ``open_automatic_grant``. The
    confirmed items are written on the audit row (``application.open``). The application
    gets its time limit (the guide's working days, else PROCESSING_DAYS) and due date.

    The engine is run again now on the holder's stored profile (the client's list is not
    trusted); the amount, citation, period and exclusivity group come from the rule. The card
    row is locked (``SELECT … FOR UPDATE``) while existing claims are checked and the row
    inserted; the partial unique indexes are the final guard. Audited as ``application.open``
    (rule id, amount, card id, checklist) in the same commit; refusals audited with outcome
    refused / denied.

    Raises PermissionDenied (403), NotFound (404), Conflict code ``card_inactive`` /
    ``double_claim`` / ``exclusive`` / ``term_exceeded`` (409: a monthly or yearly benefit
    past its ``max_years``, counted as ``_past_term`` says), Refused code ``not_eligible`` /
    ``amount_unknown`` / ``profile_invalid`` / ``checklist_incomplete`` (422).
    """
    # list(): a caller passing None fails here, never falls through to the checklist-free path.
    return _open(card_id, rule_id, actor, as_of=as_of, profile=None, confirmed=list(confirmed))


def open_automatic_grant(
    card_id: int,
    rule_id: str,
    actor: Actor,
    *,
    profile: dict[str, Any],
    as_of: date | None = None,
) -> ApplicationView:
    """Open the application of a 免申即享 grant (perms application.open and
    application.decide, so a clerk cannot use it to skip the checklist): nobody applied and
    no papers were received, so there is no 受理 checklist; the engine decides on ``profile``,
    the card's verified facts (``grants.verified_profile``), never on the worker's answers.
    The application's window is ``AUTO_GRANT_WINDOW`` whatever the actor's; audited as
    ``application.open_auto`` (rule id, amount, card id, the verified facts' field names).
    Same checks, locks and errors as ``open_application`` except ``checklist_incomplete``."""
    return _open(card_id, rule_id, actor, as_of=as_of, profile=profile, confirmed=None)


def _open(
    card_id: int,
    rule_id: str,
    actor: Actor,
    *,
    as_of: date | None,
    profile: dict[str, Any] | None,
    confirmed: Sequence[str] | None,
) -> ApplicationView:
    """Both openings: at a window (``confirmed`` given, ``profile`` None) or a 免申即享 grant
    (``profile`` given, ``confirmed`` None)."""
    automatic = confirmed is None
    if automatic:
        actor = replace(actor, window=AUTO_GRANT_WINDOW)
    as_of = as_of or china_today()
    action = "application.open_auto" if automatic else "application.open"
    detail: dict[str, Any] = {"card_id": card_id, "rule_id": rule_id[:64]}
    with unit_of_work(actor, action, target_type="card", target_id=card_id, detail=detail) as uow:
        session = uow.session
        uow.require("application.open")
        if automatic:  # a grant is also its decision: never a clerk's way around the checklist
            uow.require("application.decide")
        card = _card(card_id, actor)
        if card.status != CardStatus.ACTIVE:
            raise Conflict(_inactive(card), code="card_inactive")
        result, catalogue = _evaluate(card_id, as_of, profile)
        benefit = next((b for b in result.benefits if b.rule_id == rule_id), None)
        if benefit is None or benefit.beneficiary != "individual":
            raise Refused(_why_not(result, catalogue, rule_id, card.district), code="not_eligible")
        if benefit.amount_yuan is None:
            raise Refused(
                f"「{benefit.title}」金额需人工核定，不能在台账中按规则自动计算：{benefit.amount_text}",
                code="amount_unknown",
            )
        rule = catalogue.rule(rule_id)
        period = period_of(benefit.per, as_of)
        amount = _yuan(benefit.amount_yuan)
        uow.detail.update(amount_yuan=str(amount), period=period)
        guide = guides.guide(rule_id, card.district)
        if confirmed is not None:
            missing = guides.unconfirmed(guide, confirmed)
            if missing:
                raise Refused(
                    f"请逐项核对申报材料后再受理：尚未确认「{missing[0].text}」"
                    + (f"等{len(missing)}项" if len(missing) > 1 else ""),
                    code="checklist_incomplete",
                )
            uow.detail["checklist"] = [item.text for item in guide.checklist]
        else:
            assert profile is not None
            uow.detail["verified_facts"] = sorted(profile)

        # Lock the card: concurrent openings for this card queue here, then see each other.
        locked = session.execute(
            select(BlueCard)
            .where(BlueCard.id == card_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).scalar_one()
        if locked.status != CardStatus.ACTIVE:
            raise Conflict(_inactive(locked), code="card_inactive")
        hit = _blocking(
            _claims(locked.id_number_hash),
            rule_id,
            rule.group,
            period,
            catalogue,
            _term_of(benefit, catalogue),
        )
        if hit is not None:
            raise Conflict(hit[1], code=hit[0])
        row = SubsidyApplication(
            card_id=card_id,
            person_key=locked.id_number_hash,
            rule_id=rule_id,
            doc_id=benefit.doc_id,
            clause=benefit.clause,
            benefit=benefit.title[:200],
            amount_yuan=amount,
            period=period,
            exclusivity_group=rule.group,
            district=locked.district,
            status=ApplicationStatus.SUBMITTED,
            window=actor.window[:64] if actor.window else None,
            opened_by=actor.staff_id,
            opened_at=utcnow(),
            processing_days=guide.processing_days,
            due_on=workdays.add_workdays(as_of, guide.processing_days),
        )
        session.add(row)
        try:
            session.flush()
        except IntegrityError as err:
            # Another window won the race past the checks: the index decides, say who won.
            # The failed flush ended the transaction; the lookup of the winner needs a new one.
            session.rollback()
            raise _claim_conflict(err, card_id, rule_id, rule.group, period, catalogue) from None
        uow.audit(
            target_type="application",
            target_id=row.id,
            detail={**uow.detail, "application_id": row.id},
        )
        app_id = row.id
    return get_application(app_id)


def _inactive(card: BlueCard) -> str:
    if card.status == CardStatus.SUSPENDED:
        why = f"（{card.suspend_reason}）" if card.suspend_reason else ""
        return f"该蓝卡已暂停使用{why}，暂停期间不能申请补贴"
    return f"该蓝卡未生效（{cards.status_label(card.status)}），不能申请补贴"


def _claim_conflict(
    err: IntegrityError,
    card_id: int,
    rule_id: str,
    group: str | None,
    period: str,
    catalogue: Catalogue,
) -> Conflict:
    """The Conflict for a unique-index violation, naming the application that holds the claim."""
    card = _card(card_id)
    hit = _blocking(_claims(card.id_number_hash), rule_id, group, period, catalogue)
    if hit is not None:
        return Conflict(hit[1], code=hit[0])
    text = str(err.orig)
    if "exclusive" in text or "exclusivity_group" in text:
        return Conflict("同组补贴已有申请，按上限资助，不重复享受", code="exclusive")
    return Conflict("该补贴已有申请，不能重复申领", code="double_claim")


# ---------------------------------------------------------------------------------------------
# state changes


def _reason(reason: str | None, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise Refused(f"{what}必须填写原因", code="reason_required")
    if len(text) > MAX_REASON_CHARS:
        raise Refused(f"{what}原因不能超过{MAX_REASON_CHARS}字", code="reason_too_long")
    return text


def _transition(
    app_id: int,
    actor: Actor,
    *,
    permission: str,
    action: str,
    target: str,
    values: dict[str, Any],
    reason_of: tuple[str | None, str] | None = None,
    guard: Callable[[Session, SubsidyApplication], None] | None = None,
) -> ApplicationView:
    """Move application ``app_id`` to ``target`` by compare-and-set, audited as ``action``;
    ``guard`` may refuse (raise a ServiceError) after the state check."""
    detail: dict[str, Any] = {"application_id": app_id, "to": target}
    with unit_of_work(
        actor, action, target_type="application", target_id=app_id, detail=detail
    ) as uow:
        session = uow.session
        uow.require(permission)
        if reason_of is not None:
            text = _reason(*reason_of)
            values = {k: (text if v is _REASON else v) for k, v in values.items()}
        row = session.get(SubsidyApplication, app_id, populate_existing=True)
        if row is None or not actor.sees(row.district):
            raise NotFound("没有这笔申请", code="application_not_found")
        current = row.status
        uow.detail.update(
            rule_id=row.rule_id, amount_yuan=str(row.amount_yuan), **{"from": current}
        )
        if target not in APPLICATION_TRANSITIONS.get(current, ()):
            raise Conflict(_not_allowed(current, target), code="invalid_transition")
        if guard is not None:
            guard(session, row)
        result = cast(
            "CursorResult[Any]",
            session.execute(
                update(SubsidyApplication)
                .where(SubsidyApplication.id == app_id, SubsidyApplication.status == current)
                .values(status=target, **values)
                .execution_options(synchronize_session=False)
            ),
        )
        if result.rowcount != 1:
            # Someone else moved it between our read and our write: they won (their commit is
            # visible to a new statement; the update waited for it).
            now = session.get(SubsidyApplication, app_id, populate_existing=True)
            state = STATUS_LABELS.get(now.status, now.status) if now else "已删除"
            raise Conflict(f"该申请已被他人处理（当前状态：{state}）", code="invalid_transition")
        uow.audit(detail=uow.detail)
        told = tell_worker(session, row, target, values.get("reject_reason"))
    decisions.send_decisions([told])
    return get_application(app_id)


def tell_worker(
    session: Session, row: SubsidyApplication, state: str, reason: str | None = None
) -> int | None:
    """Queue the message telling the card holder that application ``row`` is now ``state``
    (approved, rejected or paid; other states tell nothing), in the caller's transaction.
    Returns the notification id for ``decisions.send_decisions`` after the commit."""
    if state not in (
        ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.PAID,
    ):
        return None
    openid = session.execute(
        select(BlueCard.openid).where(BlueCard.id == row.card_id)
    ).scalar_one_or_none()
    title, text = decisions.application_message(
        str(state), benefit=row.benefit, amount_yuan=row.amount_yuan, reason=reason
    )
    return decisions.queue_decision(session, openid or "", title, text)


_REASON = object()  # placeholder in ``values`` for the checked reason text


def _not_allowed(current: str, target: str) -> str:
    verbs = {
        "approved": "批准",
        "rejected": "驳回",
        "paid": "发放",
        "clawed_back": "追回",
    }
    state = STATUS_LABELS.get(current, current)
    allowed = "、".join(verbs[t] for t in APPLICATION_TRANSITIONS.get(current, ()))
    then = f"只能{allowed}" if allowed else "不能再变更"
    return f"该申请当前状态为{state}，不能{verbs.get(target, target)}（{then}）"


def decide_application(
    app_id: int, actor: Actor, *, approve: bool, reason: str | None = None
) -> ApplicationView:
    """Approve or reject a submitted application (perm application.decide).

    Rejecting needs ``reason`` (told to the worker, at most 500 characters); a rejected
    application does not block a new one. Audited as ``application.approve`` /
    ``application.reject``. Raises PermissionDenied (403), NotFound (404),
    Conflict(code="invalid_transition") when it is not submitted or another reviewer decided
    it first (409), Refused(code="reason_required") (422).
    """
    now = utcnow()
    values: dict[str, Any] = {"decided_by": actor.staff_id, "decided_at": now}
    if approve:
        return _transition(
            app_id,
            actor,
            permission="application.decide",
            action="application.approve",
            target=ApplicationStatus.APPROVED,
            values=values,
        )
    values["reject_reason"] = _REASON
    return _transition(
        app_id,
        actor,
        permission="application.decide",
        action="application.reject",
        target=ApplicationStatus.REJECTED,
        values=values,
        reason_of=(reason, "驳回"),
    )


def _pending_batch(session: Session, app_id: int) -> int | None:
    """The payout batch holding ``app_id`` in a pending line, or None."""
    return session.execute(
        select(PayoutLine.batch_id)
        .where(
            PayoutLine.application_id == app_id,
            PayoutLine.status == LineStatus.PENDING.value,
        )
        .limit(1)
    ).scalar_one_or_none()


def _not_in_batch(session: Session, row: SubsidyApplication) -> None:
    batch_id = _pending_batch(session, row.id)
    if batch_id is not None:
        raise Conflict(
            f"该申请已列入发放批次 #{batch_id}（待发放），不能单笔发放；"
            "请在「发放批次」中整批确认发放或导入银行回单",
            code="in_payout_batch",
        )


def pay_application(app_id: int, actor: Actor) -> ApplicationView:
    """Record an approved application as paid (perm application.pay). Audited as
    ``application.pay`` with the amount. Raises PermissionDenied (403), NotFound (404),
    Conflict(code="invalid_transition") when not approved or already paid by someone,
    Conflict(code="in_payout_batch") while it sits in a pending line of a payout batch (the
    batch pays it; paying it alone would make the batch refuse 整批未发放) (409)."""
    return _transition(
        app_id,
        actor,
        permission="application.pay",
        action="application.pay",
        target=ApplicationStatus.PAID,
        values={"paid_by": actor.staff_id, "paid_at": utcnow()},
        guard=_not_in_batch,
    )


def claw_back(app_id: int, actor: Actor, *, reason: str) -> ApplicationView:
    """Claw back a paid application (追回; perm application.claw_back).

    ``reason`` is required (UIs offer CLAWBACK_DEFAULT_REASON, after 叶集区 十: "对弄虚作假骗取的
    奖补资金，一经发现全部予以收回"). A clawed-back application still counts as a claim: the
    benefit cannot be claimed again. Audited as ``application.claw_back``. Raises
    PermissionDenied (403), NotFound (404), Conflict(code="invalid_transition") (409),
    Refused(code="reason_required") (422).
    """
    return _transition(
        app_id,
        actor,
        permission="application.claw_back",
        action="application.claw_back",
        target=ApplicationStatus.CLAWED_BACK,
        values={
            "clawed_back_by": actor.staff_id,
            "clawed_back_at": utcnow(),
            "clawback_reason": _REASON,
        },
        reason_of=(reason, "追回"),
    )


# ---------------------------------------------------------------------------------------------
# reading


def _view_query() -> Select[Any]:
    in_batch = (
        select(PayoutLine.batch_id)
        .where(
            PayoutLine.application_id == SubsidyApplication.id,
            PayoutLine.status == LineStatus.PENDING.value,
        )
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(SubsidyApplication, BlueCard.card_no, StaffUser.username, in_batch)
        .join(BlueCard, SubsidyApplication.card_id == BlueCard.id)
        .join(StaffUser, SubsidyApplication.opened_by == StaffUser.id)
    )


def time_limit(
    opened_at: datetime, processing_days: int | None, due_on: date | None
) -> tuple[int, date]:
    """(working days, due date) of an application: as recorded when it was opened, or for
    rows opened before migration 0012, PROCESSING_DAYS from the China date it was opened."""
    days = processing_days or current_runtime().settings.processing_days
    return days, due_on or workdays.add_workdays(china_date(opened_at), days)


def _views(stmt: Select[Any]) -> list[ApplicationView]:
    catalogue = _catalogue()
    cites: dict[tuple[str, str], str] = {}
    today = china_today()
    out = []
    for row, card_no, username, batch_id in db.session.execute(stmt).all():
        key = (row.doc_id, row.clause)
        if key not in cites:
            cites[key] = citation_of(row.doc_id, row.clause, catalogue)
        days, due = time_limit(row.opened_at, row.processing_days, row.due_on)
        running = row.status in IN_PROGRESS_STATES
        out.append(
            ApplicationView(
                id=row.id,
                card_id=row.card_id,
                card_no=card_no,
                rule_id=row.rule_id,
                benefit=row.benefit,
                amount_yuan=Decimal(row.amount_yuan).quantize(_CENT),
                doc_id=row.doc_id,
                clause=row.clause,
                citation=cites[key],
                period=row.period,
                exclusivity_group=row.exclusivity_group,
                district=row.district,
                status=row.status,
                status_label=STATUS_LABELS.get(row.status, row.status),
                window=row.window,
                opened_by=username,
                opened_at=row.opened_at,
                decided_at=row.decided_at,
                reject_reason=mask_numbers(row.reject_reason or "") or None,
                paid_at=row.paid_at,
                clawed_back_at=row.clawed_back_at,
                clawback_reason=mask_numbers(row.clawback_reason or "") or None,
                processing_days=days,
                due_on=due,
                overdue=running and today > due,
                days_over=workdays.workdays_between(due, today) if running else 0,
                days_left=workdays.workdays_between(today, due) if running else 0,
                payout_batch_id=batch_id,
            )
        )
    return out


def get_application(app_id: int, actor: Actor | None = None) -> ApplicationView:
    """One application; with ``actor``, one of another district is NotFound too.
    Raises NotFound."""
    with read_only():
        views = _views(_view_query().where(SubsidyApplication.id == app_id))
    if not views or (actor is not None and not actor.sees(views[0].district)):
        raise NotFound("没有这笔申请", code="application_not_found")
    return views[0]


def applications_for_card(card_id: int) -> list[ApplicationView]:
    """The applications opened on card ``card_id``, newest first (empty when none)."""
    with read_only():
        return _views(
            _view_query()
            .where(SubsidyApplication.card_id == card_id)
            .order_by(SubsidyApplication.opened_at.desc(), SubsidyApplication.id.desc())
        )


def applications_for_openid(openid: str) -> list[ApplicationView]:
    """The applications on every card of the WeChat user ``openid`` (``BlueCard.openid``),
    newest first: what the worker sees in chat (「我的蓝卡」) and the mini-program."""
    with read_only():
        return _views(
            _view_query()
            .where(BlueCard.openid == openid)
            .order_by(SubsidyApplication.opened_at.desc(), SubsidyApplication.id.desc())
        )


def _local_midnight_utc(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=CHINA_TZ).astimezone(UTC)


def ledger_rows(filters: LedgerFilter, actor: Actor | None = None) -> list[ApplicationView]:
    """The disbursement ledger (资金发放台账) rows matching ``filters``, oldest first; with
    ``actor``, only rows of the actor's district (a filter naming another district finds
    nothing).

    Dates are inclusive and read in Asia/Shanghai (date_to 2026-11-21 includes 23:59 Beijing
    time that day). Raises Refused(code="bad_filter") naming the filter for an unknown status
    or district, or date_from after date_to.
    """
    stmt = _view_query()
    if actor is not None and actor.district is not None:
        stmt = stmt.where(SubsidyApplication.district == actor.district)
    if filters.district:
        district = canonical_region(filters.district)
        if district is None:
            raise Refused(f"区县「{filters.district[:32]}」不在本系统范围内", code="bad_filter")
        stmt = stmt.where(SubsidyApplication.district == district)
    if filters.rule_id:
        stmt = stmt.where(SubsidyApplication.rule_id == filters.rule_id)
    if filters.status:
        if filters.status not in APPLICATION_TRANSITIONS:
            raise Refused(f"状态「{filters.status[:32]}」无效", code="bad_filter")
        stmt = stmt.where(SubsidyApplication.status == filters.status)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise Refused("起始日期晚于截止日期", code="bad_filter")
    if filters.date_from:
        stmt = stmt.where(SubsidyApplication.opened_at >= _local_midnight_utc(filters.date_from))
    if filters.date_to:
        end = _local_midnight_utc(filters.date_to + timedelta(days=1))
        stmt = stmt.where(SubsidyApplication.opened_at < end)
    with read_only():
        return _views(stmt.order_by(SubsidyApplication.opened_at, SubsidyApplication.id))


def status_counts(actor: Actor) -> dict[str, int]:
    """Applications of the actor's district (every district for an actor without one) per
    state: {status: count} with every state present (0 when none)."""
    stmt = select(SubsidyApplication.status, func.count()).group_by(SubsidyApplication.status)
    if actor.district is not None:
        stmt = stmt.where(SubsidyApplication.district == actor.district)
    with read_only() as session:
        found = {str(status): int(n) for status, n in session.execute(stmt).all()}
    return {s.value: found.get(s.value, 0) for s in ApplicationStatus}


def worklist(
    actor: Actor,
    states: Sequence[str] = IN_PROGRESS_STATES,
    *,
    overdue_only: bool = False,
    limit: int = 20,
) -> tuple[int, list[ApplicationView]]:
    """(how many, the first ``limit``) applications of the actor's district in ``states``,
    the one falling due first at the top (the overdue ones, oldest first, then by due date;
    rows opened before 0012 have no stored due date and are the oldest). ``overdue_only``:
    only those past their due date today (China date). ``limit`` 1-500."""
    today = china_today()
    base = select(SubsidyApplication.id, SubsidyApplication.opened_at).where(
        SubsidyApplication.status.in_([str(s) for s in states])
    )
    if actor.district is not None:
        base = base.where(SubsidyApplication.district == actor.district)
    with read_only() as session:
        if overdue_only:
            # Stored due dates are compared in SQL; legacy rows without one are few and old.
            ids = list(
                session.execute(
                    base.where(SubsidyApplication.due_on < today).with_only_columns(
                        SubsidyApplication.id
                    )
                ).scalars()
            )
            legacy = session.execute(base.where(SubsidyApplication.due_on.is_(None))).all()
            ids += [i for i, opened in legacy if today > time_limit(opened, None, None)[1]]
            total = len(ids)
            stmt = _view_query().where(SubsidyApplication.id.in_(ids))
        else:
            total = session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
            stmt = _view_query().where(SubsidyApplication.status.in_([str(s) for s in states]))
            if actor.district is not None:
                stmt = stmt.where(SubsidyApplication.district == actor.district)
        stmt = stmt.order_by(
            SubsidyApplication.due_on.is_not(None),
            SubsidyApplication.due_on,
            SubsidyApplication.opened_at,
            SubsidyApplication.id,
        ).limit(max(1, min(limit, 500)))
        return total, _views(stmt)


def rows_for_export(
    filters: LedgerFilter, actor: Actor, *, fmt: str = "xlsx"
) -> list[ApplicationView]:
    """``ledger_rows`` for a finance export (perm ledger.export), audited as ``ledger.export``
    with the filters, format and row count (one commit). Pass the rows to
    ``bluecard.ledger.export.to_xlsx`` / ``to_csv``. Raises PermissionDenied (403),
    Refused(code="bad_filter") (422)."""
    detail: dict[str, Any] = {
        "format": fmt[:8],
        "district": filters.district,
        "rule_id": filters.rule_id,
        "status": filters.status,
        "date_from": filters.date_from.isoformat() if filters.date_from else None,
        "date_to": filters.date_to.isoformat() if filters.date_to else None,
    }
    with unit_of_work(actor, "ledger.export", target_type="ledger", detail=detail) as uow:
        uow.require("ledger.export")
        rows = ledger_rows(filters, actor)
        uow.audit(detail={**detail, "rows": len(rows)})
    return rows


# ---------------------------------------------------------------------------------------------
# totals


@dataclass(frozen=True)
class LedgerTotal:
    """How many rows of one state (or group of states) and their amount in yuan."""

    count: int
    amount_yuan: Decimal


#: The headline totals: money still to pay out (approved only) and money paid out (paid only).
#: Submitted, rejected and clawed-back rows are in neither.
TO_PAY_STATE = ApplicationStatus.APPROVED
PAID_STATE = ApplicationStatus.PAID


def ledger_totals(rows: Iterable[ApplicationView]) -> dict[str, LedgerTotal]:
    """Count and amount per state, for every state (zero when none): the keys of
    APPLICATION_TRANSITIONS in their order. States never mix: the amount to pay is the
    ``approved`` total, the amount paid the ``paid`` total; rejected and clawed-back
    applications are counted only under their own state."""
    counts = {state: 0 for state in APPLICATION_TRANSITIONS}
    amounts = {state: Decimal("0.00") for state in APPLICATION_TRANSITIONS}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
        amounts[r.status] = amounts.get(r.status, Decimal("0.00")) + r.amount_yuan
    return {state: LedgerTotal(counts[state], amounts[state].quantize(_CENT)) for state in counts}
