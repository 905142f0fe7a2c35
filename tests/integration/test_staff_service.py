"""Staff accounts (bluecard.staff.services) and the create-staff command, on the configured
database (PostgreSQL with DATABASE_URL, SQLite otherwise) and Redis (tokens)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from bluecard.extensions import db
from bluecard.models import AuditLog, StaffUser, utcnow
from bluecard.services.errors import Conflict
from bluecard.staff import services as staff

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery staple"


def _row(username: str) -> StaffUser:
    db.session.expire_all()
    return db.session.execute(select(StaffUser).where(StaffUser.username == username)).scalar_one()


def _audit(action: str) -> list[AuditLog]:
    db.session.expire_all()
    return list(
        db.session.execute(
            select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
        ).scalars()
    )


def test_password_is_stored_as_argon2id_hash_only(ctx):
    account = staff.create_staff("zhang.san", PASSWORD, "clerk", "张三", "叶集")
    assert account.role == "clerk" and account.district == "叶集区"  # alias made canonical
    row = _row("zhang.san")
    assert row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash
    assert PasswordHasher().verify(row.password_hash, PASSWORD)
    created = _audit("staff.create")
    assert [a.target_id for a in created] == [str(account.id)]
    assert PASSWORD not in str(created[0].detail)


def test_login_ok_and_failures_are_audited_with_window_and_address(ctx):
    staff.create_staff("li.si", PASSWORD, "reviewer", "李四", "叶集区")
    account = staff.authenticate("li.si", PASSWORD, "10.0.0.7", "叶集区政务服务中心 3号窗口")
    assert account.username == "li.si" and account.role == "reviewer"
    with pytest.raises(staff.LoginFailed) as wrong:
        staff.authenticate("li.si", "not the password", "10.0.0.8", "2号窗口")
    assert wrong.value.code == "login_failed" and wrong.value.status == 401
    with pytest.raises(staff.LoginFailed) as unknown:
        staff.authenticate("nobody", PASSWORD, "10.0.0.9", "2号窗口")
    # One message for both: the page does not tell which usernames exist.
    assert unknown.value.message == wrong.value.message == "用户名或密码错误"

    ok = _audit("login.ok")
    assert len(ok) == 1 and ok[0].actor == "li.si"
    assert ok[0].window == "叶集区政务服务中心 3号窗口" and ok[0].ip == "10.0.0.7"
    fails = _audit("login.fail")
    assert [(f.actor, f.ip, f.detail["reason"]) for f in fails] == [
        ("li.si", "10.0.0.8", "password"),
        ("nobody", "10.0.0.9", "unknown"),
    ]
    every_row = " ".join(str((a.detail, a.actor)) for a in _audit("login.ok") + fails)
    assert PASSWORD not in every_row and "not the password" not in every_row


def test_lock_out_after_repeated_failures_then_unlock(ctx):
    staff.create_staff("wang.wu", PASSWORD, "finance", "王五", "叶集区")
    for _ in range(staff.LOCKOUT_THRESHOLD - 1):
        with pytest.raises(staff.LoginFailed):
            staff.authenticate("wang.wu", "wrong-password", "10.0.0.1")
    with pytest.raises(staff.AccountLocked) as locked:
        staff.authenticate("wang.wu", "wrong-password", "10.0.0.1")
    # Answered like any failed login: the lock does not reveal that the account exists.
    assert (locked.value.status, locked.value.code) == (401, "login_failed")
    assert locked.value.message == staff.LOGIN_FAILED_MESSAGE
    # Locked: even the right password is refused, and that is audited as denied.
    with pytest.raises(staff.AccountLocked):
        staff.authenticate("wang.wu", PASSWORD, "10.0.0.1")
    assert _audit("login.fail")[-1].outcome == "denied"
    assert _audit("login.ok") == []

    # The lock runs out (move it into the past, as time would).
    db.session.execute(
        update(StaffUser)
        .where(StaffUser.username == "wang.wu")
        .values(locked_until=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    assert staff.authenticate("wang.wu", PASSWORD, "10.0.0.1").username == "wang.wu"
    row = _row("wang.wu")
    assert row.failed_logins == 0 and row.locked_until is None


def test_success_resets_the_failure_count(ctx):
    staff.create_staff("zhao.liu", PASSWORD, "clerk", "赵六", "叶集区")
    for _ in range(staff.LOCKOUT_THRESHOLD - 1):
        with pytest.raises(staff.LoginFailed):
            staff.authenticate("zhao.liu", "wrong-password")
    staff.authenticate("zhao.liu", PASSWORD)
    with pytest.raises(staff.LoginFailed):  # counting starts again: not locked
        staff.authenticate("zhao.liu", "wrong-password")
    assert _row("zhao.liu").failed_logins == 1


def test_weak_hash_parameters_are_upgraded_at_login(ctx):
    staff.create_staff("sun.qi", PASSWORD, "clerk", "孙七", "叶集区")
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    db.session.execute(
        update(StaffUser).where(StaffUser.username == "sun.qi").values(password_hash=weak)
    )
    db.session.commit()
    staff.authenticate("sun.qi", PASSWORD)
    upgraded = _row("sun.qi").password_hash
    assert upgraded != weak and not PasswordHasher().check_needs_rehash(upgraded)
    assert staff.authenticate("sun.qi", PASSWORD).username == "sun.qi"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("ab cd", PASSWORD, "clerk", "名"), "username"),
        (("user1", PASSWORD, "boss", "名"), "role"),
        (("user1", PASSWORD, "clerk", "名", "北京市"), "district"),
        (("user1", "short", "clerk", "名", "叶集区"), "password"),
        (("user1", PASSWORD, "clerk", "  ", "叶集区"), "display_name"),
        (("user1", PASSWORD, "clerk", "名"), "district"),
        (("user1", PASSWORD, "reviewer", "名"), "district"),
        (("user1", PASSWORD, "finance", "名"), "district"),
        (("' OR '1'='1", PASSWORD, "clerk", "名"), "username"),
    ],
)
def test_bad_input_names_the_field(ctx, args, field):
    with pytest.raises(staff.StaffInputError) as err:
        staff.create_staff(*args)
    assert err.value.field == field and err.value.status == 422
    assert db.session.scalar(select(StaffUser.id).limit(1)) is None


def test_duplicate_username_is_a_conflict(ctx):
    staff.create_staff("dup", PASSWORD, "clerk", "甲", "叶集区")
    with pytest.raises(Conflict) as err:
        staff.create_staff("dup", PASSWORD, "admin", "乙")
    assert err.value.code == "username_taken"
    assert [a.role for a in staff.list_staff()] == ["clerk"]


def test_set_password_replaces_hash_and_lifts_lock(ctx):
    staff.create_staff("qian.ba", PASSWORD, "clerk", "钱八", "叶集区")
    for _ in range(staff.LOCKOUT_THRESHOLD):
        with pytest.raises((staff.LoginFailed, staff.AccountLocked)):
            staff.authenticate("qian.ba", "wrong-password")
    staff.set_password("qian.ba", "a brand new passphrase")
    assert staff.authenticate("qian.ba", "a brand new passphrase").username == "qian.ba"
    with pytest.raises(staff.LoginFailed):
        staff.authenticate("qian.ba", PASSWORD)


def test_staff_tokens_resolve_expire_with_account_and_revoke(ctx):
    account = staff.create_staff("zhou.jiu", PASSWORD, "clerk", "周九", "叶集区")
    token, ttl = staff.issue_staff_token(account, "3号窗口")
    assert ttl == ctx.config["BLUECARD_SETTINGS"].staff_session_ttl
    actor = staff.resolve_staff_token(token, "10.1.1.1")
    assert actor is not None
    assert (actor.username, actor.role, actor.window, actor.ip) == (
        "zhou.jiu",
        "clerk",
        "3号窗口",
        "10.1.1.1",
    )
    assert staff.resolve_staff_token(token + "x") is None
    assert staff.resolve_staff_token("") is None
    # Only a hash of the token is stored.
    keys = [k.decode() for k in ctx.extensions["bluecard"].redis.keys("*staff:token:*")]
    assert keys and all(token not in k for k in keys)
    # A role change applies at once; a deactivated account's token stops working.
    db.session.execute(update(StaffUser).where(StaffUser.id == account.id).values(role="finance"))
    db.session.commit()
    assert staff.resolve_staff_token(token).role == "finance"
    db.session.execute(update(StaffUser).where(StaffUser.id == account.id).values(active=False))
    db.session.commit()
    assert staff.resolve_staff_token(token) is None
    other, _ = staff.issue_staff_token(account, None)
    assert staff.revoke_staff_token(other) is True
    assert staff.revoke_staff_token(other) is False


# -- the command line ----------------------------------------------------------------------
def test_create_staff_command(ctx):
    runner = ctx.test_cli_runner()
    result = runner.invoke(
        args=[
            "bluecard",
            "create-staff",
            "zhangsan",
            "--role",
            "clerk",
            "--name",
            "张三",
            "--district",
            "叶集区",
        ],
        env={"BLUECARD_STAFF_PASSWORD": PASSWORD},
    )
    assert result.exit_code == 0, result.output
    assert "created zhangsan (clerk, 叶集区)" in result.output
    assert staff.authenticate("zhangsan", PASSWORD).display_name == "张三"


def test_create_staff_command_prompts_for_the_password(ctx, monkeypatch):
    monkeypatch.delenv("BLUECARD_STAFF_PASSWORD", raising=False)
    runner = ctx.test_cli_runner()
    result = runner.invoke(
        args=[
            "bluecard",
            "create-staff",
            "lisi",
            "--role",
            "reviewer",
            "--name",
            "李四",
            "--district",
            "洪泽",
        ],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden input
    assert staff.authenticate("lisi", PASSWORD).role == "reviewer"


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--role", "boss", "--name", "甲"], "--role"),
        (["--role", "clerk", "--name", "甲", "--district", "北京市"], "--district"),
        (["--role", "clerk"], "--name"),
        (["--role", "clerk", "--name", "甲"], "--district"),
        (["--role", "reviewer", "--name", "甲"], "--district"),
        (["--role", "finance", "--name", "甲"], "--district"),
    ],
)
def test_create_staff_command_bad_option_exits_2_naming_it(ctx, args, named):
    runner = ctx.test_cli_runner()
    result = runner.invoke(
        args=["bluecard", "create-staff", "someone", *args],
        env={"BLUECARD_STAFF_PASSWORD": PASSWORD},
    )
    assert result.exit_code == 2
    assert named in result.output
    assert staff.list_staff() == []


def test_create_staff_command_admin_and_policy_may_have_all_districts(ctx):
    runner = ctx.test_cli_runner()
    env = {"BLUECARD_STAFF_PASSWORD": PASSWORD}
    for role in ("admin", "policy"):
        result = runner.invoke(
            args=["bluecard", "create-staff", f"any-{role}", "--role", role, "--name", "甲"],
            env=env,
        )
        assert result.exit_code == 0, result.output
        assert f"({role}, all districts)" in result.output


def test_create_staff_command_weak_password_and_duplicate_exit_2(ctx):
    runner = ctx.test_cli_runner()
    weak = runner.invoke(
        args=[
            "bluecard",
            "create-staff",
            "someone",
            "--role",
            "clerk",
            "--name",
            "甲",
            "--district",
            "叶集区",
        ],
        env={"BLUECARD_STAFF_PASSWORD": "short"},
    )
    assert weak.exit_code == 2 and "password" in weak.output
    args = ["bluecard", "create-staff", "someone", "--role", "clerk", "--name", "甲"]
    args += ["--district", "叶集区"]
    env = {"BLUECARD_STAFF_PASSWORD": PASSWORD}
    assert runner.invoke(args=args, env=env).exit_code == 0
    again = runner.invoke(args=args, env=env)
    assert again.exit_code == 2 and "已存在" in again.output
