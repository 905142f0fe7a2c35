"""Figures of the message log and followers for other features (statistics, targets and their
reports): typed rows and numbers aggregated by the database, never a model object, so those
features read the log through this module and not the tables. Each function joins the
caller's read or unit of work (``bluecard.uow.read_only``).

Times are UTC datetimes, intervals half-open ``[since, until)``; ``since=None`` is open.
District: the region a follower chose (「我在叶集」, ``Follower.region``); ``None`` = every
follower, also those who never said where they are. No district check is made here: the
calling service has scoped the request to the actor's district.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, case, distinct, false, func, or_, select, true

from bluecard.followers.models import Follower, MessageLog
from bluecard.uow import read_only

#: A reply intent the message log keeps (``bot.reply.Reply.intent``) → the one label every
#: page, chart and report shows staff for it; an intent not listed reads as OTHER_INTENT.
INTENT_LABELS: dict[str, str] = {
    "answer": "已答复",
    "question": "政策提问",
    "document": "问文件本身",
    "list_benefits": "问有哪些政策",
    "compare": "比较地区政策",
    "not_answered": "未能答复",
    "place_uncovered": "问及无政策地区",
    "vague": "问题太笼统",
    "more": "查看更多",
    "original": "查看原文",
    "greeting": "打招呼",
    "thanks": "致谢",
    "help": "使用帮助",
    "topics": "政策主题",
    "set_region": "设置所在地区",
    "unknown_region": "地区未识别",
    "quiz": "测一测",
    "quiz_result": "测一测结果",
    "quiz_whatif": "测一测假设",
    "quiz_cancel": "退出测一测",
    "quiz_expired": "测一测已超时",
    "card_apply": "申请技工蓝卡",
    "card_cancel": "取消申请蓝卡",
    "card_submitted": "蓝卡申请已提交",
    "card_expired": "蓝卡申请已超时",
    "my_card": "查看我的蓝卡",
    "my_applications": "查看申请进度",
    "phone_change": "更换手机号",
    "save_profile": "保存个人资料",
    "delete_profile": "删除个人资料",
    "opt_in": "恢复接收通知",
    "opt_out": "不再接收通知",
    "personal_number": "发来个人号码",
    "subscribe": "关注",
    "unsubscribe": "取消关注",
    "scan": "扫码",
    "ignored": "未回复",
}
#: The label of an intent not in INTENT_LABELS, or of a message the bot gave no intent.
OTHER_INTENT = "其他"


def intent_label(intent: str | None) -> str:
    """The Chinese label staff read for a reply intent (``not_answered`` → 未能答复)."""
    return INTENT_LABELS.get(intent or "", OTHER_INTENT)


@dataclass(frozen=True)
class DayIntentCount:
    """Rows of the log on one China date: messages (``is_message``) or events, with one reply
    intent (None when the bot gave none), and how many."""

    day: date
    is_message: bool
    intent: str | None
    count: int


@dataclass(frozen=True)
class LogFilter:
    """Which rows of the log count (any of): messages (not events), these events, rows
    answered with these intents."""

    messages: bool = False
    events: Collection[str] = ()
    intents: Collection[str] = ()


@dataclass(frozen=True)
class TextMessage:
    """A text message: who sent it (openid) and the intent the bot replied with."""

    openid: str
    intent: str | None


def _in_district(query: Select[Any], district: str | None) -> Select[Any]:
    if district is None:
        return query
    return query.join(Follower, Follower.openid == MessageLog.openid).where(
        Follower.region == district
    )


def _received(since: datetime | None, until: datetime) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [MessageLog.received_at < until]
    if since is not None:
        conds.append(MessageLog.received_at >= since)
    return conds


def _china_day(dialect: str) -> ColumnElement[Any]:
    """The China date of ``received_at``, computed by the database."""
    if dialect == "postgresql":
        return func.date(func.timezone("Asia/Shanghai", MessageLog.received_at))
    return func.date(MessageLog.received_at, "+8 hours")  # SQLite keeps naive UTC


def _clause_refs(dialect: str) -> Any:
    """The elements of ``clause_refs`` as a table-valued function (one row per cited ref)."""
    if dialect == "postgresql":
        return func.json_array_elements_text(MessageLog.clause_refs).table_valued("value")
    return func.json_each(MessageLog.clause_refs).table_valued("value")


def _matches(which: LogFilter) -> ColumnElement[bool]:
    conds: list[ColumnElement[bool]] = []
    if which.messages:
        conds.append(MessageLog.msg_type != "event")
    if which.events:
        conds.append(MessageLog.event.in_(tuple(which.events)))
    if which.intents:
        conds.append(MessageLog.intent.in_(tuple(which.intents)))
    return or_(*conds) if conds else false()


def following_count(district: str | None) -> int:
    """Followers following now (of ``district``; None = all)."""
    stmt = select(func.count()).select_from(Follower).where(Follower.subscribed)
    if district is not None:
        stmt = stmt.where(Follower.region == district)
    with read_only() as session:
        return int(session.execute(stmt).scalar_one())


def counts_by_day(since: datetime, until: datetime, district: str | None) -> list[DayIntentCount]:
    """Rows of ``[since, until)`` counted by China date, message-or-event and reply intent
    (a month of a busy account is a few hundred thousand rows: none of them is loaded)."""
    with read_only() as session:
        day = _china_day(session.get_bind().dialect.name).label("day")
        is_message = (MessageLog.msg_type != "event").label("is_message")
        stmt = _in_district(
            select(day, is_message, MessageLog.intent, func.count())
            .where(*_received(since, until))
            .group_by(day, is_message, MessageLog.intent),
            district,
        )
        return [
            DayIntentCount(date.fromisoformat(str(d)), bool(m), intent, int(n))
            for d, m, intent, n in session.execute(stmt).all()
        ]


def people_counts(
    since: datetime, until: datetime, district: str | None, which: Sequence[LogFilter]
) -> list[int]:
    """For each filter of ``which``, how many people (distinct openids) have a row of
    ``[since, until)`` it matches; one query."""
    columns = [func.count(distinct(case((_matches(w), MessageLog.openid)))) for w in which]
    stmt = _in_district(select(*columns).where(*_received(since, until)), district)
    with read_only() as session:
        return [int(n) for n in session.execute(stmt).one()]


def top_clause_refs(
    since: datetime, until: datetime, district: str | None, intents: Collection[str], limit: int
) -> list[tuple[str, int]]:
    """The ``doc_id#clause_id`` refs cited most by replies with one of ``intents`` in
    ``[since, until)``: (ref, times cited), most cited first, at most ``limit``."""
    with read_only() as session:
        refs = _clause_refs(session.get_bind().dialect.name)
        cited = func.count().label("n")
        stmt = _in_district(
            select(refs.c.value, cited)
            .select_from(MessageLog)
            .join(refs, true())
            .where(*_received(since, until), MessageLog.intent.in_(tuple(intents)))
            .group_by(refs.c.value)
            .order_by(cited.desc(), refs.c.value)
            .limit(limit),
            district,
        )
        return [(str(ref), int(n)) for ref, n in session.execute(stmt).all()]


def questions_replied_with(
    intent: str, since: datetime, until: datetime, district: str | None
) -> list[tuple[str, datetime]]:
    """The questions (as logged: personal data already redacted) of ``[since, until)`` the bot
    replied to with ``intent``, and when each was received."""
    stmt = _in_district(
        select(MessageLog.question, MessageLog.received_at).where(
            MessageLog.intent == intent,
            MessageLog.question.is_not(None),
            *_received(since, until),
        ),
        district,
    )
    with read_only() as session:
        return [(str(q), at) for q, at in session.execute(stmt).all()]


def text_messages(district: str, since: datetime | None, until: datetime) -> list[TextMessage]:
    """Text messages of ``[since, until)`` from followers who chose ``district``."""
    stmt = (
        select(MessageLog.openid, MessageLog.intent)
        .join(Follower, Follower.openid == MessageLog.openid)
        .where(
            Follower.region == district,
            MessageLog.msg_type == "text",
            *_received(since, until),
        )
    )
    with read_only() as session:
        return [TextMessage(openid, intent) for openid, intent in session.execute(stmt).all()]
