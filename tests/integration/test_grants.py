"""免申即享 (issue 12 §5): benefits the card's verified facts prove, with nothing unknown, are
listed for a reviewer, granted in a batch without an application, audited with the rule and
clause, told to the worker, and never granted twice."""

from __future__ import annotations

from datetime import date

import pytest
from factories.console import actor_of, make_staff
from factories.ledger import LEVEL_AWARD, make_card, verified_only_catalogue
from notif_helpers import clear_queue, drain, notify_config
from sqlalchemy import select

from bluecard.extensions import db
from bluecard.ledger import grants
from bluecard.ledger.services import (
    applications_for_card,
    open_automatic_grant,
)
from bluecard.models import AuditLog, BlueCard, Employment, Follower, utcnow
from bluecard.services.errors import Conflict
from bluecard.staff.audit import PermissionDenied

pytestmark = pytest.mark.integration

AS_OF = date(2026, 11, 21)
RULE = LEVEL_AWARD  # 叶集区 三: 技师 2000 yuan once


@pytest.fixture
def ctx(make_app, real_knowledge, fake, tmp_path):
    app = make_app(
        knowledge=real_knowledge,
        RULES_CATALOGUE=verified_only_catalogue(tmp_path / "rules"),
        **notify_config(fake),
    )
    with app.app_context():
        yield app
        db.session.remove()
    clear_queue(app)


def test_verified_facts_are_granted_once_audited_and_told(ctx, fake):
    reviewer = actor_of(make_staff("reviewer"))
    # Self-declared answers say nothing here: only the card's facts count.
    proven = make_card({"employer_type": "国有企业"}, certificate_date=date(2025, 6, 1))
    db.session.add(Follower(openid=proven.openid, subscribed=True, last_message_at=utcnow()))
    db.session.commit()
    too_old = make_card(None, certificate_date=date(2012, 1, 1))  # before the document
    new_job = make_card(None, certificate_date=date(2025, 6, 1))
    job = db.session.execute(
        select(Employment).where(Employment.card_id == new_job.card_id)
    ).scalar_one()
    job.started_on = date(2025, 1, 1)  # not yet 3 years with the employer
    db.session.commit()

    worklist = grants.grant_worklist(reviewer, as_of=AS_OF)
    assert [(c.card_id, c.rule_id, str(c.amount_yuan)) for c in worklist] == [
        (proven.card_id, RULE, "2000.00")
    ]
    assert worklist[0].citation.endswith("《关于推进技工强区建设的实施意见》三")

    [outcome] = grants.grant(reviewer, [(proven.card_id, RULE)], as_of=AS_OF)
    assert outcome.application_id is not None
    [app] = applications_for_card(proven.card_id)
    assert app.status == "approved" and app.window == "免申即享" and app.clause == "三"
    logged = db.session.execute(
        select(AuditLog).where(AuditLog.action == "application.grant")
    ).scalar_one()
    assert logged.detail["rule_id"] == RULE and logged.detail["clause"] == "三"
    assert logged.target_id == str(app.id)
    # Opened as a grant, not as a window application: no checklist, the verified facts named.
    [opened] = db.session.execute(
        select(AuditLog).where(AuditLog.action.like("application.open%"))
    ).scalars()
    assert opened.action == "application.open_auto" and opened.outcome == "ok"
    assert "checklist" not in opened.detail and "skill_level" in opened.detail["verified_facts"]

    # Granted once: not on the worklist again, not grantable again, not openable at a window.
    assert grants.grant_worklist(reviewer, as_of=AS_OF) == []
    [again] = grants.grant(reviewer, [(proven.card_id, RULE)], as_of=AS_OF)
    assert again.application_id is None and again.code == "not_on_worklist"
    card = db.session.get(BlueCard, proven.card_id)
    with pytest.raises(Conflict) as err:
        open_automatic_grant(
            proven.card_id,
            RULE,
            reviewer,
            as_of=AS_OF,
            profile=grants.verified_profile(card, AS_OF),
        )
    assert err.value.code == "double_claim"
    assert len(applications_for_card(proven.card_id)) == 1

    drain(ctx)
    [told] = [m["text"]["content"] for m in fake.custom_messages if m["touser"] == proven.openid]
    assert "民营企业职工取得高技能职业资格一次性奖励" in told and "2,000元已批准" in told
    assert proven.id_number not in told and proven.name not in told
    assert too_old.card_id not in {c.card_id for c in worklist}


def test_a_rule_reading_a_declared_fact_is_never_granted(make_app, real_knowledge):
    app = make_app(knowledge=real_knowledge)  # the bundled rule also reads the employer type
    with app.app_context():
        reviewer = actor_of(make_staff("reviewer"))
        make_card(
            {"employer_type": "民营企业", "insurance_months": 40}, certificate_date=date(2025, 6, 1)
        )
        assert grants.grant_worklist(reviewer, as_of=AS_OF) == []
        with pytest.raises(PermissionDenied):
            grants.grant_worklist(actor_of(make_staff("clerk")), as_of=AS_OF)
        db.session.remove()


def test_a_clerk_cannot_open_a_grant_to_skip_the_checklist(ctx):
    """The grant path is a reviewer's (it is also the decision): a clerk calling it is denied
    and the attempt is on the audit log; nothing is opened."""
    clerk = actor_of(make_staff("clerk"))
    proven = make_card({"employer_type": "国有企业"}, certificate_date=date(2025, 6, 1))
    card = db.session.get(BlueCard, proven.card_id)
    with pytest.raises(PermissionDenied):
        open_automatic_grant(
            proven.card_id, RULE, clerk, as_of=AS_OF, profile=grants.verified_profile(card, AS_OF)
        )
    denied = db.session.execute(
        select(AuditLog).where(AuditLog.action == "application.open_auto")
    ).scalar_one()
    assert denied.outcome == "denied" and denied.detail["permission"] == "application.decide"
    assert applications_for_card(proven.card_id) == []
