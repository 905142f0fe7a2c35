"""Proactive matching: after a rule is added or changed, only the workers who became
eligible under it are notified, each with their amount and the clause."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml
from factories.testapp import EchoBot
from notif_helpers import add_follower, clear_queue, drain, notify_config, running_fake, staff

from bluecard.notifications import matching
from bluecard.notifications import services as notif
from bluecard.profiles.services import save_profile
from bluecard.staff.audit import PermissionDenied
from policy_kb.eligibility import load_catalogue

pytestmark = pytest.mark.integration

CHIEF_RULE = "yeji-chief-technician-allowance"  # 叶集区 六: 六安市首席技师 每月600元
CHIEF = {"region": "叶集区", "skill_level": "技师", "honors": ["六安市首席技师"]}


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory, real_knowledge):
    """(catalogue without the chief-technician rule, the bundled catalogue)."""
    rules = Path(str(resources.files("policy_kb").joinpath("rules")))
    before = tmp_path_factory.mktemp("rules-before")
    for f in rules.glob("*.yaml"):
        shutil.copy(f, before / f.name)
    data = yaml.safe_load((before / "yeji.yaml").read_text("utf-8"))
    data["rules"] = [r for r in data["rules"] if r["id"] != CHIEF_RULE]
    (before / "yeji.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    kb = real_knowledge.kb
    return load_catalogue(before, kb), load_catalogue(None, kb)


def test_only_newly_eligible_workers_are_notified(make_app, real_knowledge, catalogues):
    before, after = catalogues
    with running_fake() as fake:
        app = make_app(bot=EchoBot(), knowledge=real_knowledge, **notify_config(fake))
        with app.app_context():
            actor = staff("policy")
            for openid, profile in {
                "oChief": CHIEF,
                "oPlainTech": {"region": "叶集区", "skill_level": "技师"},
                "oChiefOptedOut": CHIEF,
            }.items():
                save_profile(openid, profile)
                add_follower(openid, opted_out=openid == "oChiefOptedOut")

            first = matching.run_matching(actor, catalogue=before)
            assert first.first_run and first.notification_id is None
            assert "不通知任何人" in first.message

            save_profile("oChiefLate", CHIEF)  # saved after the last run: saw their result
            add_follower("oChiefLate")
            second = matching.run_matching(actor, catalogue=after)
            assert CHIEF_RULE in second.changed
            assert second.newly_eligible == 2 and second.notified == 1
            draft = notif.get_notification(second.notification_id)
            assert draft.status == "draft" and draft.kind == "match" and draft.total == 1

            notif.confirm(actor, draft.id, parallel=1)
            drain(app)
            assert [m["touser"] for m in fake.messages] == ["oChief"]
            line = fake.messages[0]["data"]["thing4"]["value"]
            assert "600" in line
            from bluecard.extensions import db
            from bluecard.models import NotificationRecipient

            row = db.session.query(NotificationRecipient).filter_by(openid="oChief").one()
            assert (
                row.personal
                == "新政策：你可享受：每月奖励600元，在聘任期内（《关于推进技工强区建设的实施意见》六）"
            )

            third = matching.run_matching(actor, catalogue=after)
            assert not third.changed and third.notification_id is None
        clear_queue(app)


def test_matching_needs_rules_permission(make_app, catalogues):
    with running_fake() as fake:
        app = make_app(**notify_config(fake))
        with app.app_context(), pytest.raises(PermissionDenied):
            matching.run_matching(staff("clerk"), catalogue=catalogues[1])
