"""Services on the configured database (PostgreSQL with DATABASE_URL, SQLite otherwise)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bluecard.extensions import db
from bluecard.followers.services import (
    Interaction,
    get_follower,
    record_interaction,
    remember_region,
)
from bluecard.models import Follower, MessageLog, MiniappSession
from bluecard.privacy import mask_openid, redact
from bluecard.staff.sessions import (
    open_session,
    resolve_session,
    revoke_session,
    token_hash,
)

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def _text(key: str, openid: str = "oSvc", at: datetime = T0, question: str = "问题") -> Interaction:
    return Interaction(
        dedup_key=key,
        openid=openid,
        msg_type="text",
        received_at=at,
        msg_id=key,
        question=question,
        opens_window=True,
    )


def test_record_interaction_is_idempotent(ctx):
    assert record_interaction(_text("msg:1"), intent="answer", clause_refs=["d#1"]) is True
    assert record_interaction(_text("msg:1"), intent="answer", clause_refs=["d#1"]) is False
    assert db.session.scalar(select(func.count()).select_from(MessageLog)) == 1
    row = db.session.execute(select(MessageLog)).scalar_one()
    assert row.clause_refs == ["d#1"] and row.intent == "answer"
    assert row.received_at == T0  # timezone-aware UTC on every backend


def test_follower_lifecycle_and_48h_window(ctx):
    record_interaction(_text("msg:a", openid="oLife", at=T0))
    f = get_follower("oLife")
    assert f.subscribed is True and f.subscribed_at is None  # followed before we recorded
    assert f.last_message_at == T0
    later = T0 + timedelta(hours=1)
    record_interaction(
        Interaction(
            "event:oLife:1:unsubscribe",
            "oLife",
            "event",
            later,
            event="unsubscribe",
            follow="unsubscribe",
        )
    )
    f = get_follower("oLife")
    assert f.subscribed is False and f.unsubscribed_at == later
    assert f.last_message_at == T0  # leaving does not open the window
    again = T0 + timedelta(days=1)
    record_interaction(
        Interaction(
            "event:oLife:2:subscribe",
            "oLife",
            "event",
            again,
            event="subscribe",
            follow="subscribe",
            opens_window=True,
        )
    )
    f = get_follower("oLife")
    assert f.subscribed is True and f.subscribed_at == again and f.last_message_at == again
    # An older delivery processed late does not move the window back.
    record_interaction(_text("msg:old", openid="oLife", at=T0 - timedelta(days=3)))
    assert get_follower("oLife").last_message_at == again
    assert db.session.scalar(select(func.count()).select_from(Follower)) == 1


def test_questions_are_stored_redacted(ctx):
    record_interaction(
        _text("msg:pii", question="身份证32081319900101123X 手机138-1234-5678 补贴15000元")
    )
    stored = db.session.execute(select(MessageLog.question)).scalar_one()
    assert "32081319900101123X" not in stored and "5678" not in stored
    assert "补贴15000元" in stored


def test_remember_region(ctx):
    remember_region("oRegion", "叶集区")
    assert get_follower("oRegion").region == "叶集区"


def test_sessions_expire_and_revoke(ctx):
    opened = open_session("oMini", ttl_seconds=60, now=T0)
    assert opened.expires_at == T0 + timedelta(seconds=60)
    assert resolve_session(opened.token, now=T0 + timedelta(seconds=59)).openid == "oMini"
    assert resolve_session(opened.token, now=T0 + timedelta(seconds=60)) is None
    row = db.session.execute(select(MiniappSession)).scalar_one()
    assert row.token_hash == token_hash(opened.token) and opened.token not in row.token_hash
    assert revoke_session(opened.token, now=T0 + timedelta(seconds=120)) is False  # expired
    fresh = open_session("oMini", ttl_seconds=60, now=T0)
    assert revoke_session(fresh.token, now=T0 + timedelta(seconds=1)) is True
    assert resolve_session(fresh.token, now=T0 + timedelta(seconds=2)) is None
    assert revoke_session(fresh.token, now=T0 + timedelta(seconds=3)) is False
    assert resolve_session("unknown-token") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证号320813199001011234", "身份证号[已隐去]"),
        ("身份证号32081319900101123x", "身份证号[已隐去]"),
        ("号码 320813 19900101 123X 呢", "号码 [已隐去] 呢"),
        ("打13812345678或138 1234 5678", "打[已隐去]或[已隐去]"),
        ("全角１３８１２３４５６７８", "全角[已隐去]"),
        ("补贴15000元，2021-2023年，三（三）1", "补贴15000元，2021-2023年，三（三）1"),
        ("最高20万元，200000元", "最高20万元，200000元"),
    ],
)
def test_redaction(text, expected):
    assert redact(text) == expected


def test_mask_openid_is_stable_and_short():
    assert mask_openid("oAbc") == mask_openid("oAbc") != mask_openid("oAbd")
    assert "oAbc" not in mask_openid("oAbc") and len(mask_openid("oAbc")) == 10


def test_purge_sessions_keeps_recent_ones(ctx, app):
    from bluecard.staff.sessions import purge_sessions

    old = open_session("oOld", ttl_seconds=60, now=T0 - timedelta(days=40))
    recent = open_session("oRecent", ttl_seconds=60, now=T0 - timedelta(days=2))
    revoked = open_session("oRevoked", ttl_seconds=10**8, now=T0 - timedelta(days=50))
    revoke_session(revoked.token, now=T0 - timedelta(days=45))
    live = open_session("oLive", ttl_seconds=3600, now=T0)
    assert purge_sessions(timedelta(days=30), now=T0) == 2
    left = set(db.session.execute(select(MiniappSession.openid)).scalars())
    assert left == {"oRecent", "oLive"}
    assert old and recent and live
    result = app.test_cli_runner().invoke(args=["bluecard", "purge-sessions", "--days", "1"])
    assert result.exit_code == 0 and "deleted" in result.output
    # A negative or absurd number of days is refused naming --days; no session goes.
    fresh = open_session("oFresh", ttl_seconds=3600)
    assert fresh
    for days in ("-8", "99999999999"):
        bad = app.test_cli_runner().invoke(args=["bluecard", "purge-sessions", "--days", days])
        assert bad.exit_code == 2 and "--days" in bad.output, bad.output
    assert "oFresh" in set(db.session.execute(select(MiniappSession.openid)).scalars())
