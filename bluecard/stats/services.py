"""Operations statistics for a period and district, and the 扩展问 staff make from what workers
asked that nothing answered.

Everything is computed from what the service already records: the message log and followers
(``record_interaction``: every message and event with the bot's reply intent and the clauses it
cited, questions with personal data removed), blue cards and the subsidy ledger.

District boundary: an actor bound to a district (``Actor.district``) sees only its district;
asking for another is refused (403, ``district``). Chat figures of a district are those of
followers who chose it (「我在叶集」, ``Follower.region``); an actor of every district also sees
workers who never said where they are. Periods are China dates (``bluecard.stats.period``).

Permissions: ``stats.view`` for the statistics and the unanswered list, ``phrasing.manage``
to attach a question to a clause, mark it out of scope, or undo that (each audited).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from bluecard.cards import reads as cards
from bluecard.followers import reads as message_log
from bluecard.followers.reads import LogFilter
from bluecard.ledger import reads as ledger
from bluecard.models.base import utcnow
from bluecard.privacy import redact
from bluecard.runtime import current_runtime
from bluecard.services.errors import Forbidden, NotFound, Refused
from bluecard.staff import audit
from bluecard.staff.audit import Actor
from bluecard.stats import live
from bluecard.stats.grouping import AskedQuestion, QuestionGroup, comparable, group_questions
from bluecard.stats.models import (
    PHRASING_KIND_LABELS,
    ExtendedQuestion,
    PhrasingKind,
    PhrasingVersion,
)
from bluecard.stats.period import Period
from bluecard.uow import read_only, unit_of_work
from policy_kb.chinatime import china_date
from policy_kb.model import KnowledgeBase
from policy_kb.search.phrasings import Phrasing

#: Reply intents meaning the bot answered a question from the knowledge base.
ANSWERED_INTENTS = frozenset({"answer", "document", "list_benefits", "compare"})
#: Nothing in the knowledge base answers it: what the unanswered list is made of.
NOT_ANSWERED_INTENT = "not_answered"
#: The question named a place no document covers (苏州): answered by saying so.
PLACE_UNCOVERED_INTENT = "place_uncovered"
#: Too vague to search (「补贴」): the bot asked what the worker meant.
VAGUE_INTENT = "vague"
#: The questionnaire: a question of it shown (started) and its result (completed).
QUIZ_STARTED_INTENTS = frozenset({"quiz", "quiz_result"})
QUIZ_COMPLETED_INTENT = "quiz_result"
FOLLOW_EVENTS = frozenset({"subscribe", "subscribe_scan"})
UNFOLLOW_EVENT = "unsubscribe"
#: Subsidy states whose amount is a live claim (not rejected, not clawed back).
LIVE_CLAIM_STATES = ledger.LIVE_STATUSES
TOP_TOPICS = 10
MAX_UNANSWERED = 50
MAX_QUESTION_CHARS = 500


# -- results ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class FollowerStats:
    """Followers in the period: ``new`` (followed, distinct workers), ``lost`` (unfollowed);
    ``following``: following now (whatever the period)."""

    new: int
    lost: int
    following: int


@dataclass(frozen=True)
class MessageStats:
    """Messages in the period. messages: received (text and other types, not events);
    users: distinct workers who wrote or used the menu; questions: answered + not_answered +
    place_uncovered + vague; answered: from the knowledge base; not_answered: nothing answers
    it; place_uncovered: about a place without a document; vague: the bot asked back."""

    messages: int
    users: int
    questions: int
    answered: int
    not_answered: int
    place_uncovered: int
    vague: int

    @property
    def answer_rate(self) -> float | None:
        """answered / questions (0..1), None without questions."""
        return self.answered / self.questions if self.questions else None


@dataclass(frozen=True)
class DayStats:
    """One China date of the period: messages received, questions answered, not answered."""

    day: date
    messages: int
    answered: int
    not_answered: int


@dataclass(frozen=True)
class TopicCount:
    """A clause the bot cited in answers: ``ref`` (``doc_id#clause_id``), a ``label`` staff
    read (district, clause number, heading), and how many answers cited it."""

    ref: str
    doc_id: str
    clause_id: str
    label: str
    count: int


@dataclass(frozen=True)
class QuestionnaireStats:
    """The eligibility questionnaire in chat: ``users`` active in the period, ``started``
    (distinct workers shown one of its questions) and ``completed`` (shown their result)."""

    users: int
    started: int
    completed: int

    @property
    def uptake(self) -> float | None:
        """started / users (0..1), None without users."""
        return self.started / self.users if self.users else None

    @property
    def completion(self) -> float | None:
        """completed / started (0..1), None when nobody started."""
        return self.completed / self.started if self.started else None


@dataclass(frozen=True)
class CardCount:
    """Blue cards applied for in the period under ``key`` (a district or a month
    ``2026-11``), by their state now: 审核中 / 有效 / 已暂停 / 未通过 / 已注销, which add up
    to ``applied``."""

    key: str
    applied: int
    pending: int
    active: int
    suspended: int
    rejected: int
    revoked: int


@dataclass(frozen=True)
class SubsidyCount:
    """Subsidy applications opened in the period under ``key`` (a district, a rule id or a
    month ``2026-11``); ``label``: the benefit for a rule, else the key. claimed_yuan: amount of
    the live claims (submitted, approved, paid); paid_yuan: of those paid (yuan)."""

    key: str
    label: str
    applications: int
    claimed_yuan: Decimal
    paid_yuan: Decimal


@dataclass(frozen=True)
class OperationsStats:
    """Everything the statistics page and ``GET /api/v1/staff/stats`` show for ``period`` and
    ``region`` (None = every district the actor sees)."""

    period: Period
    region: str | None
    followers: FollowerStats
    messages: MessageStats
    by_day: list[DayStats]
    topics: list[TopicCount]
    questionnaire: QuestionnaireStats
    cards_by_district: list[CardCount]
    cards_by_month: list[CardCount]
    subsidies_by_district: list[SubsidyCount]
    subsidies_by_rule: list[SubsidyCount]
    subsidies_by_month: list[SubsidyCount]
    unanswered: list[QuestionGroup] = field(default_factory=list)


@dataclass(frozen=True)
class PhrasingView:
    """A live or retired 扩展问 decision. clause_label: district, number and heading of the
    clause (None for out of scope)."""

    id: int
    question: str
    kind: PhrasingKind
    kind_label: str
    doc_id: str | None
    clause_id: str | None
    clause_label: str | None
    version: int
    created_at: datetime
    retired: bool


# -- statistics ------------------------------------------------------------------------------
def scope_of(actor: Actor, region: str | None) -> str | None:
    """The district a request of ``actor`` covers: ``region`` (canonical) for an actor of every
    district (None = all), the actor's own district otherwise. Raises Forbidden (code
    ``district``) when a district-bound actor asks for another district."""
    if actor.district is None:
        return region
    if region is not None and region != actor.district:
        own = actor.district or "未分配辖区"
        raise Forbidden(f"只能查看本辖区（{own}）的统计，不能查看{region}", code="district")
    return actor.district


def operations_stats(actor: Actor, period: Period, region: str | None = None) -> OperationsStats:
    """The operations statistics of ``period`` for ``region`` (canonical district or None),
    within the actor's district boundary (see the module docstring), with the unanswered
    questions grouped (``unanswered_questions``). Raises PermissionDenied without
    ``stats.view``, Forbidden for another district."""
    audit.require(actor, "stats.view")
    district = scope_of(actor, region)
    kb = current_runtime().knowledge.kb
    with read_only() as session:
        chat = _chat_figures(period, district)
        following = message_log.following_count(district)
        card_rows = cards.applied_between(period.since, period.until, district)
        sub_rows = ledger.opened_between(period.since, period.until, district)
        unanswered = _unanswered(session, period, district, MAX_UNANSWERED)

    return OperationsStats(
        period=period,
        region=district,
        followers=FollowerStats(new=chat.followed, lost=chat.unfollowed, following=following),
        messages=chat.messages,
        by_day=chat.by_day,
        topics=_topics(chat.refs, kb),
        questionnaire=chat.questionnaire,
        cards_by_district=_cards(card_rows, lambda r: r.district),
        cards_by_month=_cards(card_rows, lambda r: _month(r.applied_at)),
        subsidies_by_district=_subsidies(sub_rows, lambda r: (r.district, r.district)),
        subsidies_by_rule=_subsidies(sub_rows, lambda r: (r.rule_id, r.benefit)),
        subsidies_by_month=_subsidies(sub_rows, lambda r: (_month(r.opened_at),) * 2),
        unanswered=unanswered,
    )


def unanswered_questions(
    actor: Actor, period: Period, region: str | None = None, limit: int = MAX_UNANSWERED
) -> list[QuestionGroup]:
    """The questions of ``period`` (and district, as in ``operations_stats``) that nothing in
    the knowledge base answered, worded-alike ones grouped (``bluecard.stats.grouping``), most
    asked first, without those staff already attached to a clause or marked out of scope.
    Personal data is removed (``bluecard.privacy.redact``, again on the way out)."""
    audit.require(actor, "stats.view")
    district = scope_of(actor, region)
    with read_only() as session:
        return _unanswered(session, period, district, limit)


def _unanswered(
    session: Any, period: Period, district: str | None, limit: int
) -> list[QuestionGroup]:
    rows = message_log.questions_replied_with(
        NOT_ANSWERED_INTENT, period.since, period.until, district
    )
    known = session.execute(
        select(ExtendedQuestion.question).where(ExtendedQuestion.retired_version.is_(None))
    ).scalars()
    asked = [AskedQuestion(redact(q), at) for q, at in rows]
    return group_questions(asked, known=list(known))[:limit]


@dataclass(frozen=True)
class _ChatFigures:
    messages: MessageStats
    by_day: list[DayStats]
    refs: list[tuple[str, int]]
    questionnaire: QuestionnaireStats
    followed: int
    unfollowed: int


#: Whom the chat figures count once each: users (a message or a menu click), who followed,
#: who left, who started and who completed the questionnaire.
_PEOPLE = (
    LogFilter(messages=True, events=("click",)),
    LogFilter(events=FOLLOW_EVENTS),
    LogFilter(events=(UNFOLLOW_EVENT,)),
    LogFilter(intents=QUIZ_STARTED_INTENTS),
    LogFilter(intents=(QUIZ_COMPLETED_INTENT,)),
)


def _chat_figures(period: Period, district: str | None) -> _ChatFigures:
    """The message-log figures of the period, aggregated by the database."""
    grouped = message_log.counts_by_day(period.since, period.until, district)
    people = message_log.people_counts(period.since, period.until, district, _PEOPLE)
    top_refs = message_log.top_clause_refs(
        period.since, period.until, district, ANSWERED_INTENTS, TOP_TOPICS
    )

    intents: Counter[str] = Counter()
    days: dict[date, list[int]] = {}
    messages = 0
    for row in grouped:
        counts = days.setdefault(row.day, [0, 0, 0])
        intent = row.intent or ""
        intents[intent] += row.count
        if row.is_message:
            messages += row.count
            counts[0] += row.count
        if intent in ANSWERED_INTENTS:
            counts[1] += row.count
        elif intent == NOT_ANSWERED_INTENT:
            counts[2] += row.count
    users, followed, unfollowed, started, completed = people
    answered = sum(intents[i] for i in ANSWERED_INTENTS)
    message_stats = MessageStats(
        messages=messages,
        users=users,
        questions=answered
        + intents[NOT_ANSWERED_INTENT]
        + intents[PLACE_UNCOVERED_INTENT]
        + intents[VAGUE_INTENT],
        answered=answered,
        not_answered=intents[NOT_ANSWERED_INTENT],
        place_uncovered=intents[PLACE_UNCOVERED_INTENT],
        vague=intents[VAGUE_INTENT],
    )
    by_day = []
    for offset in range(period.days):
        day_date = period.start + timedelta(days=offset)
        m, a, n = days.get(day_date, (0, 0, 0))
        by_day.append(DayStats(day_date, m, a, n))
    return _ChatFigures(
        messages=message_stats,
        by_day=by_day,
        refs=top_refs,
        questionnaire=QuestionnaireStats(users=users, started=started, completed=completed),
        followed=followed,
        unfollowed=unfollowed,
    )


def clause_label(kb: KnowledgeBase, doc_id: str, clause_id: str) -> str | None:
    """「叶集区 九 建立技工“蓝卡”制度」: district, clause number and heading (or the start of
    its text); None when the knowledge base has no such clause."""
    doc = kb.documents.get(doc_id)
    if doc is None:
        return None
    clause = next((c for c in doc.clauses if c.clause_id == clause_id), None)
    if clause is None:
        return None
    where = "、".join(doc.meta.regions) or doc.meta.title[:12]
    about = clause.heading or clause.text[:20]
    return f"{where} {clause.number} {about}".strip()


def _topics(refs: list[tuple[str, int]], kb: KnowledgeBase) -> list[TopicCount]:
    out = []
    for ref, count in refs:
        doc_id, _, clause_id = ref.partition("#")
        label = clause_label(kb, doc_id, clause_id) or ref
        out.append(TopicCount(ref, doc_id, clause_id, label, count))
    return out


def _month(moment: datetime) -> str:
    return china_date(moment).strftime("%Y-%m")


def _cards(
    rows: Iterable[cards.CardApplied], key: Callable[[cards.CardApplied], str]
) -> list[CardCount]:
    counts: dict[str, Counter[str]] = {}
    for row in rows:
        counts.setdefault(key(row), Counter())[row.status] += 1
    return [
        CardCount(
            key=k,
            applied=sum(c.values()),
            pending=c["pending"],
            active=c["active"],
            suspended=c["suspended"],
            rejected=c["rejected"],
            revoked=c["revoked"],
        )
        for k, c in sorted(counts.items())
    ]


def _subsidies(
    rows: Iterable[ledger.OpenedApplication],
    key: Callable[[ledger.OpenedApplication], tuple[str, str]],
) -> list[SubsidyCount]:
    groups: dict[str, list[ledger.OpenedApplication]] = {}
    labels: dict[str, str] = {}
    for row in rows:
        k, label = key(row)
        groups.setdefault(k, []).append(row)
        labels[k] = label
    out = [
        SubsidyCount(
            key=k,
            label=labels[k],
            applications=len(items),
            claimed_yuan=sum(
                (Decimal(r.amount_yuan) for r in items if r.status in LIVE_CLAIM_STATES),
                Decimal("0.00"),
            ),
            paid_yuan=sum(
                (Decimal(r.amount_yuan) for r in items if r.status == "paid"), Decimal("0.00")
            ),
        )
        for k, items in sorted(groups.items())
    ]
    return out


# -- 扩展问 ----------------------------------------------------------------------------------
def phrasing_version() -> int:
    """The current version of the set of 扩展问 (0 before any): one primary-key read."""
    with read_only() as session:
        version = session.execute(
            select(PhrasingVersion.version).where(PhrasingVersion.id == 1)
        ).scalar_one_or_none()
    return int(version or 0)


def live_phrasings() -> list[Phrasing]:
    """The live 扩展问 attached to clauses, oldest first, for the search index."""
    with read_only() as session:
        rows = session.execute(
            select(ExtendedQuestion.question, ExtendedQuestion.doc_id, ExtendedQuestion.clause_id)
            .where(
                ExtendedQuestion.retired_version.is_(None),
                ExtendedQuestion.kind == PhrasingKind.ATTACHED.value,
            )
            .order_by(ExtendedQuestion.id)
        ).all()
    return [Phrasing(q, d, c) for q, d, c in rows if d and c]


def list_phrasings(actor: Actor) -> list[PhrasingView]:
    """The live 扩展问 and out-of-scope marks, newest first. Needs ``stats.view``."""
    audit.require(actor, "stats.view")
    kb = current_runtime().knowledge.kb
    with read_only() as session:
        rows = session.execute(
            select(ExtendedQuestion)
            .where(ExtendedQuestion.retired_version.is_(None))
            .order_by(ExtendedQuestion.id.desc())
        ).scalars()
        return [_view(row, kb) for row in rows]


def attach_phrasing(actor: Actor, question: str, doc_id: str, clause_id: str) -> PhrasingView:
    """Attach ``question`` to the clause ``doc_id``/``clause_id`` as a 扩展问: the search then
    answers it (and questions worded nearly the same) with that clause, in every process once
    it sees the new version. A live decision on the same wording is retired (replaced).

    Raises PermissionDenied without ``phrasing.manage``, Refused (``empty_question``,
    ``question_too_long``) and NotFound (``no_clause``) for a clause the knowledge base lacks.
    """
    return _decide(actor, "phrasing.attach", question, PhrasingKind.ATTACHED, doc_id, clause_id)


def mark_out_of_scope(actor: Actor, question: str) -> PhrasingView:
    """Mark ``question`` as outside what this service answers: it (and questions worded like
    it) leaves the unanswered list. Raises as ``attach_phrasing``."""
    return _decide(actor, "phrasing.out_of_scope", question, PhrasingKind.OUT_OF_SCOPE, None, None)


def retire_phrasing(actor: Actor, phrasing_id: int) -> PhrasingView:
    """Undo a live decision: the search stops using the 扩展问 and the question may show in
    the unanswered list again. Its row stays, retired, with the version that retired it.
    Raises PermissionDenied, NotFound (no such live decision)."""
    kb = current_runtime().knowledge.kb
    with unit_of_work(
        actor, "phrasing.retire", target_type="extended_question", target_id=phrasing_id
    ) as uow:
        uow.require("phrasing.manage")
        row = uow.session.get(ExtendedQuestion, phrasing_id)
        if row is None or row.retired_version is not None:
            raise NotFound("没有这条扩展问（可能已撤销）")
        version = _bump_version(uow.session)
        _retire(row, actor, version)
        uow.audit(detail={"kind": row.kind, "version": version})
        view = _view(row, kb)
    live.invalidate()
    return view


def _decide(
    actor: Actor,
    action: str,
    question: str,
    kind: PhrasingKind,
    doc_id: str | None,
    clause_id: str | None,
) -> PhrasingView:
    """Record a decision (refusals audited by the unit of work)."""
    kb = current_runtime().knowledge.kb
    with unit_of_work(actor, action, target_type="extended_question") as uow:
        uow.require("phrasing.manage")
        text = _clean_question(question)
        if doc_id is not None and clause_label(kb, doc_id, clause_id or "") is None:
            uow.detail.update(doc_id=doc_id[:64], clause_id=(clause_id or "")[:64])
            raise NotFound(f"知识库中没有这个条款：{doc_id} {clause_id}", code="no_clause")
        version = _bump_version(uow.session)
        same = uow.session.execute(
            select(ExtendedQuestion).where(
                ExtendedQuestion.retired_version.is_(None), ExtendedQuestion.question == text
            )
        ).scalars()
        for old in same:
            _retire(old, actor, version)
        row = ExtendedQuestion(
            question=text,
            kind=kind.value,
            doc_id=doc_id,
            clause_id=clause_id,
            version=version,
            created_by=actor.staff_id,
            created_at=utcnow(),
        )
        uow.session.add(row)
        uow.session.flush()
        uow.audit(
            target_id=row.id,
            detail={
                "kind": kind.value,
                "doc_id": doc_id,
                "clause_id": clause_id,
                "version": version,
            },
        )
        view = _view(row, kb)
    live.invalidate()
    return view


def _bump_version(session: Any) -> int:
    """Increment the phrasing-set version in the current transaction (the row stays locked
    until it commits, so concurrent changes get distinct versions); returns the new one."""
    now = utcnow()
    version = session.execute(
        update(PhrasingVersion)
        .where(PhrasingVersion.id == 1)
        .values(version=PhrasingVersion.version + 1, changed_at=now)
        .returning(PhrasingVersion.version)
    ).scalar_one_or_none()
    if version is None:  # a database made without the migration's first row
        session.add(PhrasingVersion(id=1, version=1, changed_at=now))
        version = 1
    return int(version)


def _retire(row: ExtendedQuestion, actor: Actor, version: int) -> None:
    row.retired_version = version
    row.retired_by = actor.staff_id
    row.retired_at = utcnow()


def _clean_question(question: str) -> str:
    text = " ".join(redact(question or "").split())
    if not comparable(text):
        raise Refused("问题不能为空", code="empty_question")
    if len(text) > MAX_QUESTION_CHARS:
        raise Refused(f"问题太长（最多 {MAX_QUESTION_CHARS} 字）", code="question_too_long")
    return text


def _view(row: ExtendedQuestion, kb: KnowledgeBase) -> PhrasingView:
    kind = PhrasingKind(row.kind)
    label = None
    if row.doc_id and row.clause_id:
        label = clause_label(kb, row.doc_id, row.clause_id) or f"{row.doc_id} {row.clause_id}"
    return PhrasingView(
        id=row.id,
        question=row.question,
        kind=kind,
        kind_label=PHRASING_KIND_LABELS[kind],
        doc_id=row.doc_id,
        clause_id=row.clause_id,
        clause_label=label,
        version=row.version,
        created_at=row.created_at,
        retired=row.retired_version is not None,
    )
