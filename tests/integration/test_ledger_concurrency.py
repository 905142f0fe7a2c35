"""Two service windows acting at the same moment: real threads, each with its own app context,
session and database connection, released together by a Barrier, repeated to make the race
likely. On PostgreSQL (DATABASE_URL) the row locks and partial unique indexes decide; on the
embedded SQLite database writers are serialised and the same indexes decide. Either way
exactly one window wins and the other is told why."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from factories.console import actor_of, make_staff
from factories.ledger import (
    INTRO_UNTIL,
    YEJI_BOTH_INTRO_AND_LEVEL,
    YEJI_INTRODUCED,
    exclusive_catalogue,
    make_card,
    open_at_window,
    race,
)
from sqlalchemy import func, select

from bluecard.extensions import db
from bluecard.ledger.services import (
    ApplicationView,
    decide_application,
    get_application,
    pay_application,
)
from bluecard.models import AuditLog, SubsidyApplication
from bluecard.services.errors import Conflict

pytestmark = pytest.mark.integration

ROUNDS = 20
AS_OF = INTRO_UNTIL - timedelta(days=30)


def _split(results):
    wins = [r for r in results if isinstance(r, ApplicationView)]
    losses = [r for r in results if not isinstance(r, ApplicationView)]
    return wins, losses


def _claims_of(card_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(SubsidyApplication)
        .where(SubsidyApplication.card_id == card_id)
    )


@pytest.fixture
def app(make_app, real_knowledge):
    return make_app(knowledge=real_knowledge)


def test_two_windows_open_the_same_benefit_at_once(app):
    with app.app_context():
        windows = [actor_of(make_staff("clerk"), f"叶集区政务服务中心 {i}号窗口") for i in (1, 2)]
        cards = [make_card(YEJI_INTRODUCED).card_id for _ in range(ROUNDS)]
        db.session.remove()
    for card_id in cards:
        results = race(
            app,
            [
                lambda w=w, c=card_id: open_at_window(
                    c, "yeji-intro-living-housing", w, as_of=AS_OF
                )
                for w in windows
            ],
        )
        wins, losses = _split(results)
        assert len(wins) == 1 and len(losses) == 1, results
        assert isinstance(losses[0], Conflict) and losses[0].code == "double_claim"
        assert "不能重复申领" in losses[0].message
        assert f"申请编号{wins[0].id}" in losses[0].message
        assert wins[0].amount_yuan == Decimal("30000.00")
        with app.app_context():
            assert _claims_of(card_id) == 1
            db.session.remove()
    with app.app_context():
        refused = db.session.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == "application.open", AuditLog.outcome == "refused")
        )
        assert refused == ROUNDS
        db.session.remove()


def test_two_reviewers_approve_the_same_application_at_once(app):
    with app.app_context():
        clerk = actor_of(make_staff("clerk"))
        reviewers = [actor_of(make_staff("reviewer")) for _ in range(2)]
        cashiers = [actor_of(make_staff("finance")) for _ in range(2)]
        app_ids = [
            open_at_window(
                make_card(YEJI_INTRODUCED).card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF
            ).id
            for _ in range(ROUNDS)
        ]
        db.session.remove()
    for app_id in app_ids:
        results = race(
            app,
            [lambda r=r, a=app_id: decide_application(a, r, approve=True) for r in reviewers],
        )
        wins, losses = _split(results)
        assert len(wins) == 1 and len(losses) == 1, results
        assert isinstance(losses[0], Conflict) and losses[0].code == "invalid_transition"
        assert "已批准" in losses[0].message  # 该申请已被他人处理（当前状态：已批准）

        # Then two finance windows pay it at once: paid exactly once.
        results = race(app, [lambda f=f, a=app_id: pay_application(a, f) for f in cashiers])
        wins, losses = _split(results)
        assert len(wins) == 1 and len(losses) == 1, results
        assert losses[0].code == "invalid_transition" and "已发放" in losses[0].message
        with app.app_context():
            assert get_application(app_id).status == "paid"
            payments = db.session.scalar(
                select(func.count())
                .select_from(AuditLog)
                .where(
                    AuditLog.action == "application.pay",
                    AuditLog.outcome == "ok",
                    AuditLog.target_id == str(app_id),
                )
            )
            assert payments == 1
            db.session.remove()


def test_two_windows_open_two_rules_of_one_exclusivity_group_at_once(
    make_app, real_knowledge, tmp_path
):
    app = make_app(knowledge=real_knowledge, RULES_CATALOGUE=exclusive_catalogue(tmp_path))
    before, after = INTRO_UNTIL - timedelta(days=30), INTRO_UNTIL + timedelta(days=30)
    with app.app_context():
        windows = [actor_of(make_staff("clerk"), f"叶集区政务服务中心 {i}号窗口") for i in (1, 2)]
        cards = [
            make_card(YEJI_BOTH_INTRO_AND_LEVEL, certificate_date=date(2020, 5, 1)).card_id
            for _ in range(ROUNDS)
        ]
        db.session.remove()
    winners: set[str] = set()
    for card_id in cards:
        results = race(
            app,
            [
                lambda c=card_id: open_at_window(
                    c, "yeji-intro-living-housing", windows[0], as_of=before
                ),
                lambda c=card_id: open_at_window(
                    c, "yeji-private-level-award", windows[1], as_of=after
                ),
            ],
        )
        wins, losses = _split(results)
        assert len(wins) == 1 and len(losses) == 1, results
        assert isinstance(losses[0], Conflict) and losses[0].code == "exclusive"
        assert "同属一组" in losses[0].message and "不重复享受" in losses[0].message
        winners.add(wins[0].rule_id)
        with app.app_context():
            assert _claims_of(card_id) == 1
            db.session.remove()
    assert winners <= {"yeji-intro-living-housing", "yeji-private-level-award"}
