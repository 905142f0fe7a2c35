"""Public functions of the talent database (技能人才库) and of enterprises' demand.

Policy anchors: 洪泽 三（一）4 (建立技能人才库 … 积极为用人单位输送技能人才), 台儿庄 三（三）7 (建立高技能人才
信息库 … 定期发布供求信息), 叶集 九 (定期发布技能人才供求信息，引导技能人才合理流动).

Who is in the database:
- card holders: an active 技工蓝卡 puts its holder in (``sync_card_holders``, or the holder
  joining in the mini-program): 技能等级, district and employer come from the card;
- workers without a card who register themselves with consent (``join``); consent is
  revocable (``leave``): the entry leaves search, summaries and offers and its personal data
  is wiped.

Enterprise demand: staff post it (``post_demand``, published at once); an enterprise contact
may submit it from the mini-program (``submit_demand``): there is no enterprise login, so a
mini-program user only proves a WeChat identity and the post waits (``pending``) until staff
of its district check and approve it (``review_demand``).

Offers: ``send_offers`` tells the workers open to offers whose trade matches, whose level is
the demand's or higher and who live in its district — never one who opted out (「退订」) or
unfollowed. The summary: ``summary`` (pure aggregation in ``policy_kb.talent.summarise``) and
``publish_summary`` (a notification draft for staff to confirm).

Permissions: ``talent.view`` (search, export, summary), ``talent.manage`` (sync, demand,
offers), ``notification.send`` to publish. Staff bound to a district see and act only there;
another district's demand is NotFound. Errors: ``bluecard.services.errors`` and
``TalentFormError`` (every bad field named).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bluecard.cards import services as cards
from bluecard.models.base import utcnow
from bluecard.runtime import current_runtime
from bluecard.services import sheets
from bluecard.services.errors import Conflict, NotFound, Refused
from bluecard.staff.audit import Actor
from bluecard.talent import notify
from bluecard.talent.models import (
    DemandStatus,
    TalentDemand,
    TalentWorker,
    WorkerSource,
    WorkerStatus,
)
from bluecard.uow import read_only, unit_of_work
from policy_kb.chinatime import china_date, china_today
from policy_kb.eligibility import canonical_skill_level
from policy_kb.identifiers import mask_name, mask_phone
from policy_kb.regions import canonical_region
from policy_kb.skill_levels import HIGH_SKILL_LEVELS
from policy_kb.talent import (
    DemandRow,
    DistrictSummary,
    SupplyRow,
    TalentFormError,
    canonical_trade,
    meets_level,
    parse_demand,
    parse_worker_entry,
    summarise,
)

VIEW = "talent.view"
MANAGE = "talent.manage"
#: The level filter that means 高级工 and above (高技能人才, DESIGN.md domain rules).
HIGH_SKILL = "高技能人才"
MAX_PAGE = 200
#: Demand posts one mini-program user may have waiting for review (a flood guard).
MAX_PENDING = 20
#: Card holders read per district in one sync (``cards.list_cards``' own ceiling).
SYNC_LIMIT = 1000

__all__ = [
    "HIGH_SKILL",
    "DemandStatus",
    "DemandView",
    "SearchResult",
    "SyncResult",
    "TalentFormError",
    "WorkerView",
    "close_demand",
    "export_xlsx",
    "get_demand",
    "join",
    "leave",
    "list_demands",
    "my_demands",
    "my_entry",
    "post_demand",
    "publish_summary",
    "review_demand",
    "search",
    "send_offers",
    "set_open_to_offers",
    "submit_demand",
    "summary",
    "sync_card_holders",
]


# -- views ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WorkerView:
    """A worker's entry as screens show it: name and phone always masked."""

    id: int
    source: str
    source_label: str
    status: str
    status_label: str
    name_masked: str
    phone_masked: str
    skill_level: str
    trade: str | None
    employer: str | None
    industry: str | None
    district: str
    open_to_offers: bool
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``updated_at`` as a China date, 2026-11-30)."""
        out = dict(vars(self))
        out["updated_at"] = china_date(self.updated_at).isoformat()
        return out


def _decrypt(token: str) -> str:
    return current_runtime().cipher.decrypt(token) if token else ""


def _encrypt(value: str | None) -> str:
    return current_runtime().cipher.encrypt(value) if value else ""


def _masked(name_enc: str, phone_enc: str) -> tuple[str, str]:
    """The name and phone behind two ciphertexts, masked ("" where none is stored)."""
    name, phone = _decrypt(name_enc), _decrypt(phone_enc)
    return (mask_name(name) if name else "", mask_phone(phone) if phone else "")


def _worker_view(row: TalentWorker) -> WorkerView:
    name_masked, phone_masked = _masked(row.name_enc, row.phone_enc)
    return WorkerView(
        id=row.id,
        source=row.source,
        source_label=WorkerSource(row.source).label,
        status=row.status,
        status_label=WorkerStatus(row.status).label,
        name_masked=name_masked,
        phone_masked=phone_masked,
        skill_level=row.skill_level,
        trade=row.trade,
        employer=row.employer,
        industry=row.industry,
        district=row.district,
        open_to_offers=row.open_to_offers,
        updated_at=row.updated_at,
    )


@dataclass(frozen=True)
class DemandView:
    """A demand post as screens show it; the contact's name and phone masked. wage_min /
    wage_max: yuan per month. expired: ``valid_until`` has passed (China date)."""

    id: int
    employer_name: str
    credit_code: str | None
    contact_name_masked: str
    contact_phone_masked: str
    trade: str
    skill_level: str | None
    count: int
    wage_min: int
    wage_max: int
    district: str
    valid_until: date
    status: str
    status_label: str
    expired: bool
    source: str
    created_at: datetime
    offered_at: datetime | None
    offer_notification_id: int | None

    @property
    def open(self) -> bool:
        """Published and not past its date: counted in summaries, may be offered."""
        return self.status == DemandStatus.OPEN and not self.expired

    def to_dict(self) -> dict[str, Any]:
        """JSON form (dates ISO)."""
        out = dict(vars(self))
        out["valid_until"] = self.valid_until.isoformat()
        out["created_at"] = self.created_at.isoformat()
        out["offered_at"] = self.offered_at.isoformat() if self.offered_at else None
        out["open"] = self.open
        return out


def _demand_view(row: TalentDemand, today: date | None = None) -> DemandView:
    contact_masked, phone_masked = _masked(row.contact_name_enc, row.contact_phone_enc)
    return DemandView(
        id=row.id,
        employer_name=row.employer_name,
        credit_code=row.credit_code,
        contact_name_masked=contact_masked,
        contact_phone_masked=phone_masked,
        trade=row.trade,
        skill_level=row.skill_level,
        count=row.count,
        wage_min=row.wage_min,
        wage_max=row.wage_max,
        district=row.district,
        valid_until=row.valid_until,
        status=row.status,
        status_label=DemandStatus(row.status).label,
        expired=row.valid_until < (today or china_today()),
        source=row.source,
        created_at=row.created_at,
        offered_at=row.offered_at,
        offer_notification_id=row.offer_notification_id,
    )


# -- the worker's own entry (mini-program, chat) ---------------------------------------------
def _entry_of(session: Session, openid: str) -> TalentWorker | None:
    return session.execute(
        select(TalentWorker).where(TalentWorker.openid == openid)
    ).scalar_one_or_none()


def my_entry(openid: str) -> WorkerView | None:
    """The worker's entry while they are in the database, else None."""
    with read_only() as session:
        row = _entry_of(session, openid)
        if row is None or row.status != WorkerStatus.ACTIVE:
            return None
        return _worker_view(row)


def _active_card(openid: str) -> cards.CardView | None:
    card = cards.card_of(openid)
    return card if card is not None and card.status == "active" else None


def join(openid: str, raw: dict[str, Any]) -> WorkerView:
    """Put the worker in the database, or update their entry. With an active card: level,
    district and employer come from the card, ``trade`` (required), ``industry`` and
    ``open_to_offers`` from ``raw``. Without: ``raw`` gives everything of
    ``policy_kb.talent.parse_worker_entry`` including ``name``, ``phone`` and ``consent``
    (true). A worker who left may join again. Raises TalentFormError. One commit."""
    card = _active_card(openid)
    entry = parse_worker_entry(raw, card_holder=card is not None)
    if card is not None:
        clear = cards.get_card(card.id, reveal=True)
        current = card.current_employment
        name, phone = clear.name, clear.phone
        level, district = card.skill_level, card.district
        employer = entry.employer or (current.employer_name if current else None)
    else:
        name, phone = entry.name, entry.phone
        level, district, employer = entry.skill_level, entry.district, entry.employer
    now = utcnow()
    with unit_of_work() as uow:
        row = _entry_of(uow.session, openid)
        if row is None:
            row = TalentWorker(openid=openid, created_at=now)
            uow.session.add(row)
        if row.status != WorkerStatus.ACTIVE or row.consented_at is None:
            row.consented_at = now
        row.source = WorkerSource.CARD if card is not None else WorkerSource.REGISTERED
        row.card_id = card.id if card is not None else None
        row.status = WorkerStatus.ACTIVE
        row.withdrawn_at = None
        row.name_enc, row.phone_enc = _encrypt(name), _encrypt(phone)
        row.skill_level, row.district = level, district
        row.trade, row.employer, row.industry = entry.trade, employer, entry.industry
        row.open_to_offers = entry.open_to_offers
        row.updated_at = now
        uow.session.flush()
        return _worker_view(row)


def leave(openid: str) -> bool:
    """The worker revokes consent: their entry leaves search, summaries and offers, and its
    name and phone are wiped (个人信息保护法 第十五条、第四十七条). The row stays, so a card
    holder is not put back by the next ``sync_card_holders``. Returns False when they were
    not in the database. One commit."""
    with unit_of_work() as uow:
        row = _entry_of(uow.session, openid)
        if row is None or row.status != WorkerStatus.ACTIVE:
            return False
        _withdraw(row)
        return True


def _withdraw(row: TalentWorker) -> None:
    now = utcnow()
    row.status = WorkerStatus.WITHDRAWN
    row.withdrawn_at = now
    row.updated_at = now
    row.open_to_offers = False
    row.name_enc = row.phone_enc = ""


def set_open_to_offers(openid: str, open_to_offers: bool) -> WorkerView:
    """Say whether the worker wants to be told of matching demand. Raises NotFound when they
    are not in the database. One commit."""
    with unit_of_work() as uow:
        row = _entry_of(uow.session, openid)
        if row is None or row.status != WorkerStatus.ACTIVE:
            raise NotFound("你还不在技能人才库中，请先登记", code="not_in_database")
        row.open_to_offers = open_to_offers
        row.updated_at = utcnow()
        uow.session.flush()
        return _worker_view(row)


# -- staff: card holders, search, export ------------------------------------------------------
@dataclass(frozen=True)
class SyncResult:
    """What ``sync_card_holders`` did: ``added`` holders put in, ``withdrawn`` entries whose
    card is no longer active, ``updated`` entries whose level, district or employer changed
    on the card."""

    added: int
    withdrawn: int
    updated: int

    @property
    def message(self) -> str:
        """One sentence for staff."""
        return (
            f"已同步蓝卡持卡人：新增{self.added}人，更新{self.updated}人，"
            f"因蓝卡失效退出{self.withdrawn}人。"
        )


def _scope_districts(actor: Actor) -> list[str | None]:
    if actor.district is None:
        return [None]
    return [actor.district] if actor.district else []


def sync_card_holders(actor: Actor) -> SyncResult:
    """Put every active card holder of the actor's district(s) in the database (open to
    offers: no, until they say so; trade: unknown until they or staff give it), follow their
    card's level, district and employer, and withdraw entries whose card is no longer
    active. A holder who left is not put back. Requires ``talent.manage``. Reads at most
    SYNC_LIMIT cards per district. One commit (with the audit row)."""
    with unit_of_work(actor, "talent.sync", target_type="talent") as uow:
        uow.require(MANAGE)
        active: dict[str, cards.CardView] = {}
        for district in _scope_districts(actor):
            for card in cards.list_cards(
                status="active", district=district, limit=SYNC_LIMIT, actor=actor
            ):
                active.setdefault(card.openid, card)
        stmt = select(TalentWorker)
        if actor.district is not None:
            stmt = stmt.where(TalentWorker.district == actor.district)
        rows = {r.openid: r for r in uow.session.execute(stmt).scalars()}
        if active:
            outside = select(TalentWorker).where(
                TalentWorker.openid.in_(list(active)), TalentWorker.openid.not_in(list(rows))
            )
            rows.update({r.openid: r for r in uow.session.execute(outside).scalars()})
        added = withdrawn = updated = 0
        now = utcnow()
        for openid, card in active.items():
            row = rows.get(openid)
            current = card.current_employment
            employer = current.employer_name if current else None
            if row is None:
                clear = cards.get_card(card.id, reveal=True)
                uow.session.add(
                    TalentWorker(
                        openid=openid,
                        source=WorkerSource.CARD,
                        card_id=card.id,
                        status=WorkerStatus.ACTIVE,
                        name_enc=_encrypt(clear.name),
                        phone_enc=_encrypt(clear.phone),
                        skill_level=card.skill_level,
                        employer=employer,
                        district=card.district,
                        open_to_offers=False,
                        consented_at=now,
                        created_at=now,
                        updated_at=now,
                    )
                )
                added += 1
            elif row.status == WorkerStatus.ACTIVE and row.source == WorkerSource.CARD:
                new = (card.id, card.skill_level, card.district, employer)
                if (row.card_id, row.skill_level, row.district, row.employer) != new:
                    row.card_id, row.skill_level, row.district, row.employer = new
                    row.updated_at = now
                    updated += 1
        for openid, row in rows.items():
            if (
                row.source == WorkerSource.CARD
                and row.status == WorkerStatus.ACTIVE
                and openid not in active
            ):
                _withdraw(row)
                withdrawn += 1
        result = SyncResult(added, withdrawn, updated)
        uow.audit(detail={"added": added, "withdrawn": withdrawn, "updated": updated})
        return result


@dataclass(frozen=True)
class SearchResult:
    """One page of workers (``items``) and how many match in all (``total``)."""

    items: list[WorkerView]
    total: int


def _filters(
    actor: Actor,
    *,
    level: str | None,
    trade: str | None,
    district: str | None,
    open_only: bool,
) -> Select[tuple[TalentWorker]] | None:
    """The SELECT of active workers the filters and the actor's district allow, or None when
    nothing can match (a district outside the actor's). Raises TalentFormError for a level,
    trade or district that cannot be read."""
    errors: dict[str, str] = {}
    stmt = select(TalentWorker).where(TalentWorker.status == WorkerStatus.ACTIVE)
    if level:
        if level.strip() == HIGH_SKILL:
            stmt = stmt.where(TalentWorker.skill_level.in_(HIGH_SKILL_LEVELS))
        elif (canonical := canonical_skill_level(level)) is not None:
            stmt = stmt.where(TalentWorker.skill_level == canonical)
        else:
            errors["level"] = f"不认识的技能等级：{level}"
    if trade:
        if (name := canonical_trade(trade)) is not None:
            stmt = stmt.where(TalentWorker.trade == name)
        else:
            errors["trade"] = f"工种「{trade}」不在工种表中"
    wanted = None
    if district:
        wanted = canonical_region(district)
        if wanted is None:
            errors["district"] = f"不认识的区县：{district}"
    if errors:
        raise TalentFormError(errors)
    if wanted is not None:
        if not actor.sees(wanted):
            return None
        stmt = stmt.where(TalentWorker.district == wanted)
    elif actor.district is not None:
        if not actor.district:
            return None
        stmt = stmt.where(TalentWorker.district == actor.district)
    if open_only:
        stmt = stmt.where(TalentWorker.open_to_offers.is_(True))
    return stmt


def search(
    actor: Actor,
    *,
    level: str | None = None,
    trade: str | None = None,
    district: str | None = None,
    open_only: bool = False,
    page: int = 1,
    per_page: int = 50,
) -> SearchResult:
    """Workers in the database within the actor's district: ``level`` a 技能等级 (exactly) or
    「高技能人才」 (高级工 and above); ``trade`` a 工种 (aliases read: 电焊工 → 焊工); ``district``
    (another district than the actor's finds nothing); ``open_only``: only those open to
    offers. Newest entries first, ``per_page`` ≤ 200. Requires ``talent.view``. Raises
    PermissionDenied, TalentFormError."""
    with unit_of_work(actor) as uow:
        uow.require(VIEW)
    stmt = _filters(actor, level=level, trade=trade, district=district, open_only=open_only)
    if stmt is None:
        return SearchResult([], 0)
    per_page = max(1, min(per_page, MAX_PAGE))
    page = max(1, page)
    with read_only() as session:
        total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
        rows = session.execute(
            stmt.order_by(TalentWorker.updated_at.desc(), TalentWorker.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        ).scalars()
        return SearchResult([_worker_view(r) for r in rows], int(total))


EXPORT_HEADERS = (
    "序号",
    "姓名",
    "手机号",
    "技能等级",
    "工种",
    "工作单位",
    "所属行业",
    "区县",
    "来源",
    "愿意接收招聘信息",
    "更新日期",
)


def export_xlsx(
    actor: Actor,
    *,
    level: str | None = None,
    trade: str | None = None,
    district: str | None = None,
    open_only: bool = False,
) -> bytes:
    """The workers ``search`` finds (all of them, not one page) as an .xlsx workbook: one
    row per worker, names and phones masked. Requires ``talent.view``; audited
    (``talent.export`` with the filters and the row count). Raises PermissionDenied,
    TalentFormError."""
    filters = {"level": level, "trade": trade, "district": district, "open_only": open_only}
    with unit_of_work(actor, "talent.export", target_type="talent") as uow:
        uow.require(VIEW)
        stmt = _filters(actor, level=level, trade=trade, district=district, open_only=open_only)
        rows = (
            list(
                uow.session.execute(
                    stmt.order_by(TalentWorker.district, TalentWorker.trade, TalentWorker.id)
                ).scalars()
            )
            if stmt is not None
            else []
        )
        views = [_worker_view(r) for r in rows]
        uow.audit(detail={**filters, "rows": len(views)})
    from openpyxl import Workbook  # here, not at every start (~0.1 s)
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "技能人才库"
    sheet.append(list(EXPORT_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for n, v in enumerate(views, start=1):
        sheet.append(
            sheets.typed_row(
                [
                    n,
                    v.name_masked,
                    v.phone_masked,
                    v.skill_level,
                    v.trade or "",
                    v.employer or "",
                    v.industry or "",
                    v.district,
                    v.source_label,
                    "是" if v.open_to_offers else "否",
                    china_date(v.updated_at).isoformat(),
                ]
            )
        )
    sheets.set_widths(sheet, (6, 10, 14, 10, 14, 28, 14, 10, 12, 16, 12))
    sheet.freeze_panes = "A2"
    return sheets.workbook_bytes(book)


# -- demand ----------------------------------------------------------------------------------
def _new_demand(form: Any, **extra: Any) -> TalentDemand:
    return TalentDemand(
        employer_name=form.employer_name,
        credit_code=form.credit_code,
        contact_name_enc=_encrypt(form.contact_name),
        contact_phone_enc=_encrypt(form.contact_phone),
        trade=form.trade,
        skill_level=form.skill_level,
        count=form.count,
        wage_min=form.wage_min,
        wage_max=form.wage_max,
        district=form.district,
        valid_until=form.valid_until,
        created_at=utcnow(),
        **extra,
    )


def post_demand(actor: Actor, raw: dict[str, Any]) -> DemandView:
    """Staff post an enterprise's demand (published at once, status ``open``). ``raw``: the
    fields of ``policy_kb.talent.parse_demand``; a district-bound actor may leave
    ``district`` empty (their own) and may not post for another. Requires
    ``talent.manage``. Raises PermissionDenied, TalentFormError. One commit (audited)."""
    raw = dict(raw)
    if actor.district and not raw.get("district"):
        raw["district"] = actor.district
    with unit_of_work(actor, "talent.demand.post", target_type="talent_demand") as uow:
        uow.require(MANAGE)
        form = parse_demand(raw, today=china_today())
        if not actor.sees(form.district):
            raise TalentFormError({"district": f"只能登记本区县（{actor.district}）的用工需求"})
        row = _new_demand(form, status=DemandStatus.OPEN, source="staff", created_by=actor.staff_id)
        uow.session.add(row)
        uow.session.flush()
        uow.audit(
            target_id=row.id,
            detail={"trade": row.trade, "count": row.count, "district": row.district},
        )
        return _demand_view(row)


def submit_demand(openid: str, raw: dict[str, Any]) -> DemandView:
    """An enterprise contact submits demand from the mini-program: kept ``pending`` until
    staff of its district approve it (a WeChat identity is not proof of speaking for the
    enterprise). ``contact_name`` and ``contact_phone`` are required here. Raises
    TalentFormError, Refused (``too_many_pending``: MAX_PENDING posts already wait). One
    commit."""
    errors: dict[str, str] = {}
    if not str(raw.get("contact_name") or "").strip():
        errors["contact_name"] = "请填写联系人姓名"
    if not str(raw.get("contact_phone") or "").strip():
        errors["contact_phone"] = "请填写联系人手机号"
    try:
        form = parse_demand(raw, today=china_today())
    except TalentFormError as err:
        raise TalentFormError({**err.errors, **errors}) from None
    if errors:
        raise TalentFormError(errors)
    with unit_of_work() as uow:
        waiting = uow.session.execute(
            select(func.count()).where(
                TalentDemand.submitted_by == openid, TalentDemand.status == DemandStatus.PENDING
            )
        ).scalar_one()
        if waiting >= MAX_PENDING:
            raise Refused(
                f"你已有{waiting}条需求等待审核，请等人社部门审核后再提交",
                code="too_many_pending",
            )
        row = _new_demand(form, status=DemandStatus.PENDING, source="miniapp", submitted_by=openid)
        uow.session.add(row)
        uow.session.flush()
        return _demand_view(row)


def my_demands(openid: str) -> list[DemandView]:
    """Demand posts the mini-program user submitted, newest first."""
    with read_only() as session:
        rows = session.execute(
            select(TalentDemand)
            .where(TalentDemand.submitted_by == openid)
            .order_by(TalentDemand.id.desc())
            .limit(100)
        ).scalars()
        return [_demand_view(r) for r in rows]


def _load_demand(
    session: Session, demand_id: int, actor: Actor, *, lock: bool = False
) -> TalentDemand:
    stmt = select(TalentDemand).where(TalentDemand.id == demand_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    row = session.execute(stmt).scalar_one_or_none()
    if row is None or not actor.sees(row.district):
        raise NotFound(f"没有编号为 {demand_id} 的用工需求")
    return row


def get_demand(actor: Actor, demand_id: int) -> DemandView:
    """One demand of the actor's district. Requires ``talent.view``. Raises NotFound."""
    with unit_of_work(actor) as uow:
        uow.require(VIEW)
        return _demand_view(_load_demand(uow.session, demand_id, actor))


def list_demands(actor: Actor, *, status: str | None = None, limit: int = 200) -> list[DemandView]:
    """Demand posts of the actor's district, newest first, optionally of one ``status``
    (a DemandStatus value). Requires ``talent.view``."""
    with unit_of_work(actor) as uow:
        uow.require(VIEW)
        stmt = select(TalentDemand).order_by(TalentDemand.id.desc()).limit(max(1, limit))
        if status:
            stmt = stmt.where(TalentDemand.status == status)
        if actor.district is not None:
            stmt = stmt.where(TalentDemand.district == actor.district)
        today = china_today()
        return [_demand_view(r, today) for r in uow.session.execute(stmt).scalars()]


def review_demand(actor: Actor, demand_id: int, *, approve: bool) -> DemandView:
    """Approve (→ ``open``) or reject a pending demand from the mini-program. Requires
    ``talent.manage``. Raises NotFound, Conflict (not pending). One commit (audited)."""
    action = "talent.demand.approve" if approve else "talent.demand.reject"
    with unit_of_work(actor, action, target_type="talent_demand", target_id=demand_id) as uow:
        uow.require(MANAGE)
        row = _load_demand(uow.session, demand_id, actor, lock=True)
        if row.status != DemandStatus.PENDING:
            raise Conflict(
                f"该需求当前为「{DemandStatus(row.status).label}」，只有待审核的可以审核",
                code="invalid_transition",
            )
        row.status = DemandStatus.OPEN if approve else DemandStatus.REJECTED
        row.reviewed_by = actor.staff_id
        row.reviewed_at = utcnow()
        uow.audit(detail={"status": row.status})
        return _demand_view(row)


def close_demand(actor: Actor, demand_id: int) -> DemandView:
    """Close an open demand (filled or withdrawn by the enterprise). Requires
    ``talent.manage``. Raises NotFound, Conflict. One commit (audited)."""
    with unit_of_work(
        actor, "talent.demand.close", target_type="talent_demand", target_id=demand_id
    ) as uow:
        uow.require(MANAGE)
        row = _load_demand(uow.session, demand_id, actor, lock=True)
        if row.status != DemandStatus.OPEN:
            raise Conflict("只有招聘中的需求可以关闭", code="invalid_transition")
        row.status = DemandStatus.CLOSED
        uow.audit()
        return _demand_view(row)


# -- offers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class OfferResult:
    """What ``send_offers`` did: ``matched`` workers open to offers who fit the demand;
    ``notified`` of them reachable (following and not opted out, or a mini-program
    subscription); ``notification_id`` of the message (None when nobody was reachable)."""

    demand_id: int
    matched: int
    notified: int
    notification_id: int | None

    @property
    def message(self) -> str:
        """One sentence for staff."""
        if not self.matched:
            return "人才库中没有愿意接收招聘信息且符合条件的职工。"
        if not self.notification_id:
            return f"符合条件的职工{self.matched}人，但都已退订或取消关注，未发送。"
        return f"符合条件的职工{self.matched}人，已向其中{self.notified}人发送招聘信息。"


def _matching_openids(session: Session, demand: TalentDemand) -> list[str]:
    rows = session.execute(
        select(TalentWorker.openid, TalentWorker.skill_level).where(
            TalentWorker.status == WorkerStatus.ACTIVE,
            TalentWorker.open_to_offers.is_(True),
            TalentWorker.trade == demand.trade,
            TalentWorker.district == demand.district,
        )
    ).tuples()
    return sorted(o for o, level in rows if meets_level(level, demand.skill_level))


def offer_text(demand: DemandView | TalentDemand) -> tuple[str, str, str]:
    """(title, body, personal line) of the message telling a worker of ``demand``; the
    enterprise contact's personal data is never in it (workers ask at the window)."""
    level = f"{demand.skill_level}及以上" if demand.skill_level else "等级不限"
    title = f"招聘信息：{demand.district}{demand.employer_name}招{demand.trade}"[:100]
    body = (
        f"{demand.employer_name}招聘{demand.trade}（{level}）{demand.count}人，"
        f"月薪{demand.wage_min}-{demand.wage_max}元，工作地{demand.district}，"
        f"报名截止{demand.valid_until.isoformat()}。你在技能人才库中登记了愿意接收招聘信息；"
        f"有意向请到{demand.district}人社部门公共就业服务窗口咨询（需求编号{demand.id}）。"
        "不想再收到招聘信息，可在小程序「技能人才库」中关闭，或回复「退订」。"
    )
    personal = f"{demand.trade}{demand.count}人 月薪{demand.wage_min}-{demand.wage_max}元"
    return title, body[:1000], personal


def send_offers(actor: Actor, demand_id: int) -> OfferResult:
    """Tell the workers open to offers of an open demand (洪泽 三（一）4 积极为用人单位输送技能人才): in
    the database, open to offers, same trade and district, level at or above the demand's.
    Workers who opted out or unfollowed are left out (the notifications' own rule). Once per
    demand. Requires ``talent.manage``. Raises NotFound, Conflict (not open, expired, offered
    already), Refused (WeChat template not configured). The message rows commit with the
    audit row; sending starts after the commit."""
    with unit_of_work(
        actor, "talent.offer", target_type="talent_demand", target_id=demand_id
    ) as uow:
        uow.require(MANAGE)
        demand = _load_demand(uow.session, demand_id, actor, lock=True)
        if demand.status != DemandStatus.OPEN:
            raise Conflict(
                f"该需求当前为「{DemandStatus(demand.status).label}」，只有招聘中的需求可以推送",
                code="invalid_transition",
            )
        if demand.valid_until < china_today():
            raise Conflict("该需求已过截止日期，不能推送", code="expired")
        if demand.offer_notification_id is not None or demand.offered_at is not None:
            raise Conflict("该需求已推送过招聘信息", code="already_offered")
        if not notify.configured():
            raise Refused(
                "未配置模板消息 ID（WECHAT_TEMPLATE_ID），无法发送招聘信息。",
                code="not_configured",
            )
        openids = _matching_openids(uow.session, demand)
        title, body, personal = offer_text(demand)
        notification_id, notified = notify.offer(
            uow.session,
            actor,
            openids,
            title=title,
            body=body,
            personal=personal,
            audience={
                "kind": "talent_offer",
                "district": demand.district,
                "demand_id": demand.id,
                "trade": demand.trade,
            },
        )
        demand.offered_at = utcnow()
        demand.offer_notification_id = notification_id
        uow.audit(detail={"matched": len(openids), "notified": notified})
        result = OfferResult(demand.id, len(openids), notified, notification_id)
    if result.notification_id is not None:
        notify.start_sending(result.notification_id)
    return result


# -- supply and demand -----------------------------------------------------------------------
def summary(
    actor: Actor, district: str | None = None, *, as_of: date | None = None
) -> DistrictSummary:
    """The supply–demand summary of one district on ``as_of`` (default today, China): trades
    short and in surplus (叶集 九, 台儿庄 三（三）7). ``district``: the actor's own when bound
    (another is NotFound); required for actors not bound to one. Requires ``talent.view``.
    Raises TalentFormError (no or unknown district), NotFound."""
    with unit_of_work(actor) as uow:
        uow.require(VIEW)
    name = canonical_region(district) if district else actor.district
    if not name:
        raise TalentFormError({"district": "请选择区县"})
    if not actor.sees(name):
        raise NotFound(f"没有{name}的供求数据")
    day = as_of or china_today()
    with read_only() as session:
        supply = [
            SupplyRow(d, t, level, bool(o))
            for d, t, level, o in session.execute(
                select(
                    TalentWorker.district,
                    TalentWorker.trade,
                    TalentWorker.skill_level,
                    TalentWorker.open_to_offers,
                ).where(TalentWorker.status == WorkerStatus.ACTIVE, TalentWorker.district == name)
            ).tuples()
        ]
        demand = [
            DemandRow(d, t, level, count, until)
            for d, t, level, count, until in session.execute(
                select(
                    TalentDemand.district,
                    TalentDemand.trade,
                    TalentDemand.skill_level,
                    TalentDemand.count,
                    TalentDemand.valid_until,
                ).where(TalentDemand.status == DemandStatus.OPEN, TalentDemand.district == name)
            ).tuples()
        ]
    return summarise(name, supply, demand, as_of=day)


def publish_summary(actor: Actor, district: str | None = None) -> int:
    """Publish today's summary of the district (台儿庄 三（三）7 定期发布供求信息): a notification
    draft to the district's card holders, which staff then confirm on the notifications page
    (nothing is sent before). Returns the notification id. Requires ``talent.view`` and
    ``notification.send``. Raises what ``summary`` and the notifications service raise."""
    result = summary(actor, district)
    title = f"{result.district}技能人才供求信息（{result.as_of.isoformat()}）"
    return notify.summary_draft(actor, result.district, title=title, body=result.text()[:1000])
