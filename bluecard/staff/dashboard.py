"""The console's first page per role: counts and worklists, the oldest first, inside the staff
member's district (``Actor.district``; every district for an actor without one).

What each role works on (``ROLE_SECTIONS``), each section also gated by the permission its
action needs, so a page never offers work the role cannot do:

- window clerk (clerk): applications in progress (已提交 / 已批准), the one falling due first
  at the top — what workers come back to the window to ask about;
- reviewer: cards waiting for review (oldest application first, with working days waited)
  and applications waiting for a decision (已提交), due first;
- finance: approved applications waiting to be paid (已批准), due first, with the payout
  batch holding each;
- admin: all of the above.

Every role that scans cards also sees the applications per state and the overdue ones
(still in progress past the benefit's time limit: its 申兑指南's working days, else
PROCESSING_DAYS, counted in China's working days by ``bluecard.ledger.workdays``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bluecard.cards import services as cards
from bluecard.ledger import services as ledger
from bluecard.ledger import workdays
from bluecard.ledger.models import ApplicationStatus
from bluecard.staff.audit import Actor
from policy_kb.chinatime import china_date, china_today

#: role → the worklists of its page, in the order shown.
ROLE_SECTIONS: dict[str, tuple[str, ...]] = {
    "clerk": ("in_progress",),
    "reviewer": ("cards", "to_decide"),
    "finance": ("to_pay",),
    "admin": ("cards", "to_decide", "to_pay"),
    "policy": (),
}
#: section → the permission its work needs.
SECTION_PERMISSIONS: dict[str, str] = {
    "in_progress": "application.open",
    "cards": "card.review",
    "to_decide": "application.decide",
    "to_pay": "application.pay",
}
#: section → its heading on the page.
SECTION_TITLES: dict[str, str] = {
    "in_progress": "办理中的补贴申请",
    "cards": "待审核的蓝卡",
    "to_decide": "待审批的补贴申请",
    "to_pay": "待发放的补贴申请",
}
_SECTION_STATES: dict[str, tuple[str, ...]] = {
    "in_progress": (ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED),
    "to_decide": (ApplicationStatus.SUBMITTED,),
    "to_pay": (ApplicationStatus.APPROVED,),
}
LIST_ROWS = 20


@dataclass(frozen=True)
class WaitingCard:
    """A card waiting for review and how many working days it has waited (China dates)."""

    card: cards.CardView
    waited_days: int


@dataclass(frozen=True)
class Worklist:
    """One section: ``key`` (a key of SECTION_TITLES), its ``title``, how many items in all
    (``total``) and the first LIST_ROWS of them, oldest / due first."""

    key: str
    title: str
    total: int
    applications: list[ledger.ApplicationView] = field(default_factory=list)
    cards: list[WaitingCard] = field(default_factory=list)


@dataclass(frozen=True)
class Dashboard:
    """A staff member's first page. counts: applications per state ({status: n}, every state)
    or None when the role does not see applications; overdue_total and overdue (the first
    LIST_ROWS, oldest first); sections: the role's worklists. calendar_note: said when
    today's year is beyond the installed holiday schedule (Mon–Fri is then assumed)."""

    role: str
    district: str | None
    today: date
    counts: dict[str, int] | None
    overdue_total: int
    overdue: list[ledger.ApplicationView]
    sections: list[Worklist]
    calendar_note: str | None


def _cards_waiting(actor: Actor, today: date) -> Worklist:
    pending = cards.list_cards(status="pending", limit=1000, actor=actor)
    pending.sort(key=lambda c: (c.applied_at, c.id))
    waiting = [
        WaitingCard(c, workdays.workdays_between(china_date(c.applied_at), today))
        for c in pending[:LIST_ROWS]
    ]
    return Worklist("cards", SECTION_TITLES["cards"], len(pending), cards=waiting)


def dashboard(actor: Actor) -> Dashboard:
    """The first page of ``actor``: counts and worklists of their district, by role (see the
    module docstring). Reads only; raises nothing for a role without sections."""
    today = china_today()
    sees_applications = actor.can("card.scan")
    counts = ledger.status_counts(actor) if sees_applications else None
    overdue_total, overdue = (
        ledger.worklist(actor, overdue_only=True, limit=LIST_ROWS) if sees_applications else (0, [])
    )
    sections: list[Worklist] = []
    for key in ROLE_SECTIONS.get(actor.role, ()):
        if not actor.can(SECTION_PERMISSIONS[key]):
            continue
        if key == "cards":
            sections.append(_cards_waiting(actor, today))
            continue
        total, rows = ledger.worklist(actor, _SECTION_STATES[key], limit=LIST_ROWS)
        sections.append(Worklist(key, SECTION_TITLES[key], total, applications=rows))
    note = None
    if not workdays.covered(today):
        note = (
            f"已安装的节假日安排不含{today.year}年，本年按周一至周五计算工作日；"
            "国务院公布当年安排后请升级 chinesecalendar"
        )
    return Dashboard(
        role=actor.role,
        district=actor.district,
        today=today,
        counts=counts,
        overdue_total=overdue_total,
        overdue=overdue,
        sections=sections,
        calendar_note=note,
    )


__all__ = ["ROLE_SECTIONS", "Dashboard", "WaitingCard", "Worklist", "dashboard"]
