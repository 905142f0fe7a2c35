"""Survey rounds: the enterprises to visit, their links, drafts, submissions and 统计汇总.

Staff (``survey.manage``) list the enterprises of a round; each gets a link
``<PUBLIC_BASE_URL>/s/<token>`` (and its QR code) to the mobile form, which the enterprise
fills on its phone or staff fill at the visit. A draft is kept as typed (encrypted: it holds
names and phones); a submission is checked (``bluecard.surveys.form.check_survey``) and then
kept as figures (clear) plus personal fields (encrypted). Staff see only their district.

Errors: NotFound (no such round or link, or another district's), Conflict (already
submitted), SurveyInvalid (422, every bad field), SealError wrapped as SurveyInvalid.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bluecard.models.base import utcnow
from bluecard.runtime import current_runtime
from bluecard.services.districts import district_read
from bluecard.services.errors import Conflict, Forbidden, NotFound, Refused
from bluecard.staff.audit import Actor
from bluecard.surveys import export
from bluecard.surveys.form import FieldProblem, check_survey
from bluecard.surveys.models import (
    INVITATION_STATUS_LABELS,
    InvitationStatus,
    SurveyInvitation,
    SurveyRound,
)
from bluecard.surveys.seal import SealError, reencode_seal
from bluecard.surveys.summary import Summary, summarise
from bluecard.uow import UnitOfWork, read_only, unit_of_work
from policy_kb.chinatime import china_date
from policy_kb.identifiers import IdentifierError, check_credit_code, mask_name, mask_phone
from policy_kb.regions import canonical_region

PERM = "survey.manage"
#: Largest number of enterprises in one round.
MAX_ENTERPRISES = 500
#: Largest draft kept (characters of JSON): a form is a few KiB.
MAX_DRAFT_CHARS = 32_000
LINK_PREFIX = "/s/"


class SurveyInvalid(Refused):
    """The form does not pass its checks; ``problems`` names every bad field (422)."""

    code = "validation_error"

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = list(problems)
        super().__init__(f"调查表有 {len(self.problems)} 处需要修改")


@dataclass(frozen=True)
class InvitationView:
    """An invited enterprise as staff see it. ``link``: the form's URL (None on views for the
    enterprise itself); times are aware UTC."""

    id: int
    round_id: int
    district: str
    enterprise_name: str
    credit_code: str | None
    status: str
    status_label: str
    link: str | None
    draft_saved_at: datetime | None
    submitted_at: datetime | None
    submitted_via: str | None
    has_seal: bool


@dataclass(frozen=True)
class RoundView:
    """A round with its invitations; ``counts``: status → number of enterprises."""

    id: int
    district: str
    title: str
    created_at: datetime
    invitations: list[InvitationView]

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(InvitationStatus, 0)
        for inv in self.invitations:
            out[InvitationStatus(inv.status)] += 1
        return {str(k): v for k, v in out.items()}


@dataclass(frozen=True)
class FormState:
    """What the form page shows for a link: the enterprise, the status, and the values to
    fill the inputs with (the draft, or the submitted form with personal fields masked)."""

    invitation_id: int
    district: str
    enterprise_name: str
    credit_code: str | None
    status: str
    values: dict[str, Any]
    has_seal: bool
    draft_saved_at: datetime | None
    submitted_at: datetime | None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_of(token: str) -> str:
    """The form's URL for ``token``."""
    base = current_runtime().settings.public_base_url.rstrip("/")
    return f"{base}{LINK_PREFIX}{token}"


def _view(row: SurveyInvitation, *, with_link: bool = True) -> InvitationView:
    link = link_of(current_runtime().cipher.decrypt(row.token_enc)) if with_link else None
    status = InvitationStatus(row.status)
    return InvitationView(
        id=row.id,
        round_id=row.round_id,
        district=row.district,
        enterprise_name=row.enterprise_name,
        credit_code=row.credit_code,
        status=str(status),
        status_label=INVITATION_STATUS_LABELS[status],
        link=link,
        draft_saved_at=row.draft_saved_at,
        submitted_at=row.submitted_at,
        submitted_via=row.submitted_via,
        has_seal=row.seal_png is not None,
    )


def _round_view(row: SurveyRound) -> RoundView:
    return RoundView(
        id=row.id,
        district=row.district,
        title=row.title,
        created_at=row.created_at,
        invitations=[_view(inv) for inv in row.invitations],
    )


def parse_enterprise_lines(text: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Enterprises typed one a line: ``名称`` or ``名称，统一社会信用代码`` (comma, tab or
    spaces before an 18-character code). Returns the list and the problems (Chinese, with
    the line number)."""
    out: list[tuple[str, str | None]] = []
    problems: list[str] = []
    first_line: dict[str, int] = {}
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        name, code = line, None
        for sep in (",", "，", "\t", " ", "\u3000"):
            head, found, tail = line.rpartition(sep)
            if found and head.strip():
                candidate = tail.strip()
                if len(candidate.replace("-", "")) >= 15:
                    name, code = head.strip().rstrip(",，"), candidate
                    break
        if code is not None:
            try:
                code = check_credit_code(code)
            except IdentifierError as exc:
                problems.append(f"第{n}行（{name}）：{exc}")
                continue
        if len(name) > 100:
            problems.append(f"第{n}行：企业名称太长（最多100字）")
            continue
        if code is not None:
            if code in first_line:
                problems.append(
                    f"第{n}行（{name}）：统一社会信用代码 {code} 与第{first_line[code]}行重复，"
                    "同一家企业一轮只列一次"
                )
                continue
            first_line[code] = n
        out.append((name, code))
    return out, problems


def _refuse_repeated_codes(
    items: Sequence[tuple[str, str | None]], existing: Iterable[str | None] = ()
) -> None:
    """Raise Refused naming the first 统一社会信用代码 listed twice (among ``items``, or already
    in the round as ``existing``): one enterprise counted twice would double its figures."""
    seen = {c for c in existing if c}
    for n, (name, code) in enumerate(items, start=1):
        if not code:
            continue
        if code in seen:
            raise Refused(
                f"第{n}家（{name}）：统一社会信用代码 {code} 重复，同一家企业一轮只列一次",
                code="duplicate_enterprise",
            )
        seen.add(code)


def _district_for(actor: Actor, district: str | None) -> str:
    if actor.district is not None:
        if not actor.district:
            raise Forbidden("你的账号还没有分配区县，不能发起调查", code="no_district")
        return actor.district
    name = canonical_region(district or "")
    if name is None:
        raise Refused("请选择调查所在的区县", code="district_required")
    return name


def _new_invitation(round_row: SurveyRound, name: str, code: str | None) -> SurveyInvitation:
    token = secrets.token_urlsafe(24)
    return SurveyInvitation(
        district=round_row.district,
        enterprise_name=name,
        credit_code=code,
        token_hash=_hash(token),
        token_enc=current_runtime().cipher.encrypt(token),
        status=InvitationStatus.PENDING,
    )


def create_round(
    actor: Actor,
    *,
    title: str,
    enterprises: Iterable[tuple[str, str | None]],
    district: str | None = None,
) -> RoundView:
    """A new round in the actor's district (``district`` only for staff of every district)
    with an invitation per enterprise. Raises Refused (no title, no enterprise, too many, a
    统一社会信用代码 listed twice)."""
    items = list(enterprises)
    with unit_of_work(actor, "survey.round_create", target_type="survey_round") as uow:
        uow.require(PERM)
        title = title.strip()
        if not title or len(title) > 100:
            raise Refused("请填写调查名称（最多100字）", code="title_required")
        if not items:
            raise Refused("请至少列出一家要走访的企业", code="no_enterprise")
        if len(items) > MAX_ENTERPRISES:
            raise Refused(f"一轮最多 {MAX_ENTERPRISES} 家企业", code="too_many")
        _refuse_repeated_codes(items)
        row = SurveyRound(
            district=_district_for(actor, district), title=title, created_by=actor.staff_id
        )
        for name, code in items:
            row.invitations.append(_new_invitation(row, name, code))
        uow.session.add(row)
        uow.session.flush()
        uow.audit(target_id=row.id, detail={"district": row.district, "enterprises": len(items)})
        return _round_view(row)


def _round(session: Session, actor: Actor, round_id: int) -> SurveyRound:
    row = session.get(SurveyRound, round_id)
    if row is None or not actor.sees(row.district):
        raise NotFound("没有这一轮调查", code="not_found")
    return row


def add_enterprises(
    actor: Actor, round_id: int, enterprises: Iterable[tuple[str, str | None]]
) -> RoundView:
    """Add enterprises to a round of the actor's district. Raises Refused (none, too many, a
    统一社会信用代码 listed twice or already in the round)."""
    items = list(enterprises)
    with unit_of_work(
        actor, "survey.round_add", target_type="survey_round", target_id=round_id
    ) as uow:
        uow.require(PERM)
        row = _round(uow.session, actor, round_id)
        if not items:
            raise Refused("请至少列出一家企业", code="no_enterprise")
        if len(row.invitations) + len(items) > MAX_ENTERPRISES:
            raise Refused(f"一轮最多 {MAX_ENTERPRISES} 家企业", code="too_many")
        _refuse_repeated_codes(items, (inv.credit_code for inv in row.invitations))
        for name, code in items:
            row.invitations.append(_new_invitation(row, name, code))
        uow.session.flush()
        uow.audit(detail={"added": len(items)})
        return _round_view(row)


def list_rounds(actor: Actor) -> list[RoundView]:
    """The rounds of the actor's district, newest first."""
    with read_only() as session:
        if not actor.can(PERM):
            raise Forbidden("你的角色无权查看企业调查", code="forbidden")
        stmt = select(SurveyRound).order_by(SurveyRound.id.desc())
        if actor.district is not None:
            stmt = stmt.where(SurveyRound.district == actor.district)
        return [_round_view(r) for r in session.execute(stmt).scalars()]


def get_round(actor: Actor, round_id: int) -> RoundView:
    """One round of the actor's district with its invitations. Raises NotFound."""
    with read_only() as session:
        if not actor.can(PERM):
            raise Forbidden("你的角色无权查看企业调查", code="forbidden")
        return _round_view(_round(session, actor, round_id))


def _by_token(session: Session, token: str, *, lock: bool = False) -> SurveyInvitation:
    if not token or len(token) > 128:
        raise NotFound("这个调查表链接无效", code="not_found")
    stmt = select(SurveyInvitation).where(SurveyInvitation.token_hash == _hash(token))
    if lock:
        stmt = stmt.with_for_update()
    row = session.execute(stmt).scalar_one_or_none()
    if row is None:
        raise NotFound("这个调查表链接无效", code="not_found")
    return row


def _masked_personal(personal: Mapping[str, Any]) -> dict[str, str | None]:
    def phone(value: Any) -> str | None:
        return None if not value else mask_phone(str(value))

    def name(value: Any) -> str | None:
        return None if not value else mask_name(str(value))

    return {
        "leader": name(personal.get("leader")),
        "phone": phone(personal.get("phone")),
        "filled_by": name(personal.get("filled_by")),
        "filled_by_phone": phone(personal.get("filled_by_phone")),
    }


def open_form(token: str) -> FormState:
    """The form behind a link (draft or submitted values). Raises NotFound."""
    with read_only() as session:
        row = _by_token(session, token)
        cipher = current_runtime().cipher
        values: dict[str, Any]
        if row.status == InvitationStatus.SUBMITTED and row.figures is not None:
            values = {
                **row.figures,
                **_masked_personal(cipher.decrypt_json(row.personal_enc or "")),
            }
        elif row.draft_enc:
            values = dict(cipher.decrypt_json(row.draft_enc))
        else:
            values = {"enterprise_name": row.enterprise_name}
            if row.credit_code:
                values["credit_code"] = row.credit_code
        return FormState(
            invitation_id=row.id,
            district=row.district,
            enterprise_name=row.enterprise_name,
            credit_code=row.credit_code,
            status=row.status,
            values=values,
            has_seal=row.seal_png is not None,
            draft_saved_at=row.draft_saved_at,
            submitted_at=row.submitted_at,
        )


def _seal(upload: bytes | None) -> bytes | None:
    if upload is None:
        return None
    try:
        return reencode_seal(upload)
    except SealError as exc:
        raise SurveyInvalid([FieldProblem("seal", f"盖章：{exc}")]) from None


def _check_actor(actor: Actor | None, row: SurveyInvitation) -> None:
    """Staff filling at a visit act within their district and role like anywhere else."""
    if actor is None:
        return
    if not actor.can(PERM):
        raise Forbidden("你的角色无权填写企业调查", code="forbidden")
    if not actor.sees(row.district):
        raise NotFound("这个调查表链接无效", code="not_found")


def _unsubmitted(
    uow: UnitOfWork, token: str, actor: Actor | None, already: str
) -> SurveyInvitation:
    """The invitation of ``token``, locked and made the unit of work's target, for ``actor``
    (None: the enterprise through its link) to write. Raises NotFound, Forbidden, Conflict
    (``already_submitted``, saying ``already``)."""
    row = _by_token(uow.session, token, lock=True)
    uow.target_id = row.id
    _check_actor(actor, row)
    if row.status == InvitationStatus.SUBMITTED:
        raise Conflict(already, code="already_submitted")
    return row


def save_draft(
    token: str, data: Mapping[str, Any], *, seal: bytes | None = None, actor: Actor | None = None
) -> FormState:
    """Keep what was typed so far (no checks but size; encrypted). Raises NotFound,
    Conflict (already submitted), SurveyInvalid (a bad seal image or a draft too large)."""
    seal_png = _seal(seal)
    cipher = current_runtime().cipher
    sealed = cipher.encrypt_json(dict(data))
    if len(sealed) > MAX_DRAFT_CHARS * 2:
        raise SurveyInvalid([FieldProblem("body", "草稿太大，请检查填写内容")])
    with unit_of_work(actor, "survey.draft", target_type="survey_invitation") as uow:
        row = _unsubmitted(uow, token, actor, "这份调查表已经提交，不能再修改")
        row.draft_enc = sealed
        row.draft_saved_at = utcnow()
        row.status = InvitationStatus.DRAFT
        if seal_png is not None:
            row.seal_png = seal_png
        uow.audit(detail={"via": "staff" if actor else "link"}, actor_name="enterprise")
    return open_form(token)


def submit(
    token: str, data: Mapping[str, Any], *, seal: bytes | None = None, actor: Actor | None = None
) -> InvitationView:
    """Check and keep a filled-in form. Raises NotFound, Conflict (already submitted, also
    when two taps of 提交 race: exactly one is kept), SurveyInvalid (every bad field, the seal
    image included). A good seal image sent with a form that fails its checks is kept, as a
    draft keeps it, so the corrected form need not carry it again."""
    problems: list[FieldProblem] = []
    try:
        seal_png = _seal(seal)
    except SurveyInvalid as exc:
        problems.extend(exc.problems)
        seal_png = None
    form, form_problems = check_survey(data)
    problems.extend(form_problems)
    with unit_of_work(actor, "survey.submit", target_type="survey_invitation") as uow:
        row = _unsubmitted(uow, token, actor, "这份调查表已经提交过了")
        if problems or form is None:
            if seal_png is None:
                raise SurveyInvalid(problems)
            row.seal_png = seal_png
            uow.audit(
                "survey.seal_kept",
                detail={"via": "staff" if actor else "link"},
                actor_name="enterprise",
            )
        else:
            values: dict[str, Any] = {
                "figures": form.figures(),
                "personal_enc": current_runtime().cipher.encrypt_json(form.personal()),
                "draft_enc": None,
                "enterprise_name": form.enterprise_name,
                "credit_code": form.credit_code,
                "status": InvitationStatus.SUBMITTED,
                "submitted_at": utcnow(),
                "submitted_via": "staff" if actor else "link",
                "submitted_by": actor.staff_id if actor else None,
            }
            if seal_png is not None:
                values["seal_png"] = seal_png
            # The status test is in the UPDATE itself: SQLite ignores FOR UPDATE, so two taps
            # of 提交 both pass _unsubmitted; only one of them changes the row.
            done = uow.session.execute(
                update(SurveyInvitation)
                .where(
                    SurveyInvitation.id == row.id,
                    SurveyInvitation.status != InvitationStatus.SUBMITTED,
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if getattr(done, "rowcount", 0) != 1:
                raise Conflict("这份调查表已经提交过了", code="already_submitted")
            uow.session.refresh(row)
            uow.audit(
                detail={"via": row.submitted_via, "round_id": row.round_id},
                actor_name="enterprise",
            )
            return _view(row, with_link=False)
    raise SurveyInvalid(problems)


def _scope(actor: Actor, region: str | None) -> str | None:
    """The district a summary covers: the actor's own, or ``region`` for staff of every
    district (None = all). Raises Refused (unknown region) or Forbidden (another district)."""
    if not actor.can(PERM):
        raise Forbidden("你的角色无权查看企业调查", code="forbidden")
    return district_read(actor, region, what="调查汇总")


def _submitted(
    session: Session, district: str | None, round_id: int | None
) -> list[SurveyInvitation]:
    stmt = (
        select(SurveyInvitation)
        .where(SurveyInvitation.status == InvitationStatus.SUBMITTED)
        .order_by(SurveyInvitation.id)
    )
    if district is not None:
        stmt = stmt.where(SurveyInvitation.district == district)
    if round_id is not None:
        stmt = stmt.where(SurveyInvitation.round_id == round_id)
    return list(session.execute(stmt).scalars())


def _enterprise_key(credit_code: str | None, invitation_id: int) -> str:
    """Who an invitation is: its 统一社会信用代码, else (none known) the invitation itself."""
    return credit_code or f"#{invitation_id}"


def latest_per_enterprise(rows: Iterable[SurveyInvitation]) -> list[SurveyInvitation]:
    """Each enterprise once (by 统一社会信用代码; an invitation without one stands alone), its
    latest submitted form: an enterprise visited in two rounds of a year is one enterprise of
    the 年报, with the figures it gave last. In invitation order."""
    latest: dict[str, SurveyInvitation] = {}

    def when(r: SurveyInvitation) -> tuple[float, int]:
        return (r.submitted_at.timestamp() if r.submitted_at else 0.0, r.id)

    for r in rows:
        key = _enterprise_key(r.credit_code, r.id)
        kept = latest.get(key)
        if kept is None or when(r) > when(kept):
            latest[key] = r
    return sorted(latest.values(), key=lambda r: r.id)


def _invited(
    session: Session, district: str | None, round_id: int | None, until: date | None = None
) -> int:
    """Enterprises invited (each once), of rounds created on or before ``until`` if given."""
    stmt = select(SurveyInvitation.id, SurveyInvitation.credit_code, SurveyRound.created_at).join(
        SurveyRound, SurveyRound.id == SurveyInvitation.round_id
    )
    if district is not None:
        stmt = stmt.where(SurveyInvitation.district == district)
    if round_id is not None:
        stmt = stmt.where(SurveyInvitation.round_id == round_id)
    return len(
        {
            _enterprise_key(code, inv_id)
            for inv_id, code, created in session.execute(stmt).all()
            if until is None or china_date(created) <= until
        }
    )


@dataclass(frozen=True)
class SummaryResult:
    """A 统计汇总 and what it covers: ``region`` (None = every district), how many
    enterprises were invited and how many submitted."""

    region: str | None
    invited: int
    submitted: int
    summary: Summary

    def as_json(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "invited": self.invited,
            "submitted": self.submitted,
            **self.summary.as_json(),
        }


def summary(
    actor: Actor,
    *,
    region: str | None = None,
    round_id: int | None = None,
    until: date | None = None,
) -> SummaryResult:
    """统计汇总 of the submitted forms in the actor's district (or ``region``), of one round
    if ``round_id``, submitted on or before ``until`` (China date) if given; each enterprise
    (统一社会信用代码) counted once, with its latest form."""
    district = _scope(actor, region)
    with read_only() as session:
        if round_id is not None:
            _round(session, actor, round_id)
        rows = latest_per_enterprise(
            r
            for r in _submitted(session, district, round_id)
            if until is None or (r.submitted_at and china_date(r.submitted_at) <= until)
        )
        return SummaryResult(
            region=district,
            invited=_invited(session, district, round_id),
            submitted=len(rows),
            summary=summarise((r.district, r.figures or {}) for r in rows),
        )


def district_summary(district: str, since: date | None, until: date) -> SummaryResult:
    """统计汇总 of the forms of ``district`` submitted in [since, until] (China dates), each
    enterprise once with its latest form, for the district's 季报/年报; ``invited``: the
    enterprises of rounds created by ``until`` (a round started later is not of the period).
    The caller checks the reader's district and role."""
    with read_only() as session:
        rows = latest_per_enterprise(
            r
            for r in _submitted(session, district, None)
            if r.submitted_at
            and china_date(r.submitted_at) <= until
            and (since is None or china_date(r.submitted_at) >= since)
        )
        return SummaryResult(
            region=district,
            invited=_invited(session, district, None, until),
            submitted=len(rows),
            summary=summarise((r.district, r.figures or {}) for r in rows),
        )


def export_round(actor: Actor, round_id: int) -> tuple[str, bytes]:
    """The round's workbook (统计汇总, 填报情况, each enterprise's latest submitted form in the
    printed layout; names and phones masked) and a file name. Audited."""
    with unit_of_work(
        actor, "survey.export", target_type="survey_round", target_id=round_id
    ) as uow:
        uow.require(PERM)
        row = _round(uow.session, actor, round_id)
        cipher = current_runtime().cipher
        forms = [
            export.SubmittedForm(
                district=inv.district,
                figures=inv.figures or {},
                personal=_masked_personal(cipher.decrypt_json(inv.personal_enc or "{}")),
                seal_png=inv.seal_png,
            )
            for inv in latest_per_enterprise(
                i for i in row.invitations if i.status == InvitationStatus.SUBMITTED
            )
        ]
        lines = [
            export.InvitationLine(
                inv.enterprise_name,
                INVITATION_STATUS_LABELS[InvitationStatus(inv.status)],
                china_date(inv.submitted_at).isoformat() if inv.submitted_at else "",
            )
            for inv in row.invitations
        ]
        result = summarise((f.district, f.figures) for f in forms)
        data = export.workbook_bytes(forms, result, lines, f"{row.district} {row.title}")
        uow.audit(detail={"submitted": len(forms)})
        return f"survey-{row.id}.xlsx", data


def seal_image(actor: Actor, invitation_id: int) -> bytes:
    """The 盖章 image (PNG) of an invitation of the actor's district. Raises NotFound."""
    with read_only() as session:
        if not actor.can(PERM):
            raise Forbidden("你的角色无权查看企业调查", code="forbidden")
        row = session.get(SurveyInvitation, invitation_id)
        if row is None or not actor.sees(row.district) or row.seal_png is None:
            raise NotFound("没有盖章图片", code="not_found")
        return bytes(row.seal_png)


def token_of(actor: Actor, invitation_id: int) -> tuple[str, int]:
    """The link token and round id of an invitation of the actor's district (staff fill the
    form at the visit). Raises NotFound."""
    with read_only() as session:
        if not actor.can(PERM):
            raise Forbidden("你的角色无权查看企业调查", code="forbidden")
        row = session.get(SurveyInvitation, invitation_id)
        if row is None or not actor.sees(row.district):
            raise NotFound("没有这家企业", code="not_found")
        return current_runtime().cipher.decrypt(row.token_enc), row.round_id
