"""Delivery of policy notifications against a local fake of WeChat's API: one message per
eligible recipient, retries on transient errors, none on permanent ones, pause on 45009,
one token refetch on 40001, and no loss or duplicate after a worker dies mid-batch."""

from __future__ import annotations

from datetime import timedelta

import pytest
from notif_helpers import (
    TEMPLATE_ID,
    add_card,
    add_follower,
    drain,
    notify_config,
    received_by,
    staff,
)
from sqlalchemy import select, update

from bluecard.extensions import db
from bluecard.models import Follower, NotificationRecipient, utcnow
from bluecard.notifications import audience as targeting
from bluecard.notifications import services as notif
from bluecard.notifications.delivery import (
    OPTED_OUT,
    UNKNOWN_OUTCOME,
    Sender,
    claim_batch,
    recover_stuck,
    run_notification,
)
from bluecard.services.errors import Refused
from bluecard.staff.audit import PermissionDenied

pytestmark = pytest.mark.integration


def send_to_followers(app, actor, title="新政策发布"):
    draft = notif.create_draft(actor, title=title, body="正文", audience={"kind": "followers"})
    view = notif.confirm(actor, draft.id, parallel=1)
    drain(app)
    return notif.get_notification(view.id)


def rows(notification_id):
    return {
        r.openid: r
        for r in db.session.execute(
            select(NotificationRecipient).where(
                NotificationRecipient.notification_id == notification_id
            )
        ).scalars()
    }


def test_one_message_per_follower_none_for_opted_out_or_unsubscribed(napp, fake):
    for i in range(5):
        add_follower(f"oFollower{i}")
    add_follower("oOptedOut", opted_out=True)
    add_follower("oGone", subscribed=False)
    view = send_to_followers(napp, staff())
    assert sorted(received_by(fake)) == [f"oFollower{i}" for i in range(5)]
    assert view.status == "done"
    assert view.counts["sent"] == 5 and view.total == 5
    message = fake.messages[0]
    assert message["template_id"] == TEMPLATE_ID
    assert message["data"]["thing1"]["value"] == "新政策发布"
    assert message["client_msg_id"].startswith(f"bc-{view.id}-")


def written_not_sent(actor, audience):
    """A confirmed notification whose rows are written but no worker has started yet."""
    from bluecard.models import Notification

    draft = notif.create_draft(actor, title="通知", body="正文", audience=audience)
    n = db.session.get(Notification, draft.id)
    n.status = "sending"
    targeting.materialise(db.session, draft.id, targeting.parse_audience(n.audience))
    db.session.commit()
    return draft.id


def test_follower_who_opts_out_after_targeting_is_skipped(napp, fake):
    add_follower("oStays")
    add_follower("oLeaves")
    nid = written_not_sent(staff(), {"kind": "followers"})
    db.session.execute(update(Follower).where(Follower.openid == "oLeaves").values(opted_out=True))
    db.session.commit()
    run_notification(nid)
    assert received_by(fake) == ["oStays"]
    assert rows(nid)["oLeaves"].state == "skipped"
    assert rows(nid)["oLeaves"].error == OPTED_OUT
    assert notif.get_notification(nid).status == "done"


def test_transient_failures_are_retried_then_sent(napp, fake):
    add_follower("oA")
    add_follower("oB")
    fake.control(fail_next=2, fail_errcode=-1)
    draft = notif.get_notification(written_not_sent(staff(), {"kind": "followers"}))
    # Retries wait their backoff (here 0.05 s, then 0.15 s) within one run.
    run_notification(draft.id, Sender(backoff_base=0.05, max_wait=5))
    view = notif.get_notification(draft.id)
    assert sorted(received_by(fake)) == ["oA", "oB"]
    assert view.status == "done" and view.counts["sent"] == 2
    assert {r.attempts for r in rows(draft.id).values()} == {2}


def test_http_errors_are_retried(napp, fake):
    add_follower("oA")
    fake.control(http_error_next=1)
    draft = notif.get_notification(written_not_sent(staff(), {"kind": "followers"}))
    run_notification(draft.id, Sender(backoff_base=0.05, max_wait=5))
    assert received_by(fake) == ["oA"]
    assert rows(draft.id)["oA"].state == "sent"


def test_permanent_failure_is_not_retried_and_reason_shown(napp, fake):
    add_follower("oRefuses")
    add_follower("oFine")
    fake.control(reject={"oRefuses": 43004})
    view = send_to_followers(napp, staff())
    assert received_by(fake) == ["oFine"]
    refused = rows(view.id)["oRefuses"]
    assert refused.state == "failed" and refused.attempts == 1 and refused.error_code == 43004
    assert fake.state.calls["reject_43004"] == 1  # tried once, never again
    assert view.status == "done"
    assert ("用户未关注或已拒收" in r for _o, _c, r in view.failures)
    assert view.failure_reasons == {"用户未关注或已拒收": 1}


def test_transient_errors_give_up_after_max_attempts(napp, fake):
    add_follower("oA")
    fake.control(fail_next=10, fail_errcode=-1)
    draft = notif.get_notification(written_not_sent(staff(), {"kind": "followers"}))
    run_notification(draft.id, Sender(backoff_base=0.02, max_wait=5))
    row = rows(draft.id)["oA"]
    assert row.state == "failed" and row.attempts == 3  # NOTIFY_MAX_ATTEMPTS
    assert "多次重试仍失败" in row.error
    assert received_by(fake) == []


def test_quota_error_pauses_and_resume_completes(napp, fake):
    for i in range(3):
        add_follower(f"oQ{i}")
    fake.control(quota=True)
    actor = staff()
    view = send_to_followers(napp, actor)
    assert view.status == "paused"
    assert "45009" in view.pause_reason
    assert view.counts["queued"] == 3 and received_by(fake) == []
    assert {r.attempts for r in rows(view.id).values()} == {0}  # 45009 does not count a try
    # Still paused while the quota is spent: the scheduler leaves it alone.
    notif.dispatch_due()
    drain(napp)
    assert notif.get_notification(view.id).status == "paused"
    fake.control(quota=False)
    notif.resume(actor, view.id, parallel=1)
    drain(napp)
    view = notif.get_notification(view.id)
    assert view.status == "done" and sorted(received_by(fake)) == ["oQ0", "oQ1", "oQ2"]


def test_expired_token_is_refetched_once(napp, fake):
    add_follower("oA")
    add_follower("oB")
    actor = staff()
    send_to_followers(napp, actor, title="第一条")
    assert fake.state.token_fetches == 1
    fake.control(expire_tokens=True)  # WeChat invalidated the token (40001)
    send_to_followers(napp, actor, title="第二条")
    assert fake.state.token_fetches == 2
    assert fake.state.calls["40001"] == 1
    assert len(fake.messages) == 4


def test_worker_killed_mid_batch_neither_loses_nor_duplicates(napp, fake):
    for i in range(10):
        add_follower(f"oK{i}")
    nid = written_not_sent(staff(), {"kind": "followers"})
    draft = notif.get_notification(nid)
    from bluecard.models import Notification

    # A worker claims 6 rows and sends 4 of them, then dies before recording anything.
    claimed = claim_batch(draft.id, 6)
    assert len(claimed) == 6
    from bluecard.notifications.delivery import build_message, clients, template_payload

    message = build_message(db.session.get(Notification, draft.id))
    client, _ = clients()
    for row in claimed[:4]:
        client.post("message/template/send", data=template_payload(message, row, TEMPLATE_ID))
    assert len(fake.messages) == 4
    # Restart: the lease expired, recovery re-queues them and a new run finishes the job.
    later = utcnow() + timedelta(seconds=61)
    assert recover_stuck(draft.id, now=later) == 6
    run_notification(draft.id)
    view = notif.get_notification(draft.id)
    assert view.status == "done" and view.counts["sent"] == 10
    assert sorted(received_by(fake)) == sorted(f"oK{i}" for i in range(10))  # once each
    assert fake.state.calls["dedup_hit"] == 4  # the resends WeChat dropped


def test_rows_stuck_beyond_the_dedup_window_fail_as_unknown(napp, fake):
    add_follower("oA")
    draft = notif.get_notification(written_not_sent(staff(), {"kind": "followers"}))
    claim_batch(draft.id, 10)
    recover_stuck(draft.id, now=utcnow() + timedelta(minutes=11))
    row = rows(draft.id)["oA"]
    assert row.state == "failed" and row.error == UNKNOWN_OUTCOME
    assert received_by(fake) == []


def test_confirm_refuses_without_template_id(make_app, fake):
    app = make_app(**notify_config(fake, WECHAT_TEMPLATE_ID=None))
    with app.app_context():
        add_follower("oA")
        actor = staff()
        draft = notif.create_draft(actor, title="通知", body="正文", audience={"kind": "followers"})
        with pytest.raises(Refused) as err:
            notif.confirm(actor, draft.id)
        assert "WECHAT_TEMPLATE_ID" in err.value.message
        assert notif.get_notification(draft.id).status == "draft"


def test_card_holder_preview_counts_by_district_and_level(napp, fake):
    add_card("oYj1", district="叶集区", skill_level="技师")
    add_card("oYj2", district="叶集区", skill_level="技师")
    add_card("oYj3", district="叶集区", skill_level="高级工")
    add_card("oHz1", district="洪泽区", skill_level="技师")
    add_card("oYjGone", district="叶集区", skill_level="技师", follower=False)
    add_card("oYjPending", district="叶集区", skill_level="技师", status="pending")
    assert notif.preview_count({"kind": "card_holders", "district": "叶集区"}) == 3
    assert (
        notif.preview_count(
            {"kind": "card_holders", "district": "六安市叶集区", "skill_level": "技师"}
        )
        == 2
    )
    assert notif.preview_count({"kind": "card_holders", "skill_level": "技师"}) == 3
    assert notif.preview_count({"kind": "followers"}) == 5  # the pending card holder follows too


def test_card_holders_by_employer(napp, fake):
    add_card("oE1", employer=("叶集木业有限公司", "91341504MA2XXXXX1A"))
    add_card("oE2", employer=("别的公司", "91341504MA2YYYYY2B"))
    assert notif.preview_count({"kind": "card_holders", "employer": "叶集木业有限公司"}) == 1
    assert notif.preview_count({"kind": "card_holders", "employer": "91341504ma2yyyyy2b"}) == 1


def test_miniapp_user_gets_a_subscribe_message_only_after_accepting(napp, fake):
    from notif_helpers import MINI_TEMPLATE_ID

    add_card("oMiniNo", follower=None)
    add_card("oMiniYes", follower=None)
    add_card("oFollower")
    notif.record_subscription("oMiniYes", MINI_TEMPLATE_ID, True)
    actor = staff()
    draft = notif.create_draft(
        actor, title="通知", body="正文", audience={"kind": "card_holders", "district": "叶集区"}
    )
    assert notif.preview_count(draft.audience) == 2
    notif.confirm(actor, draft.id, parallel=1)
    drain(napp)
    assert received_by(fake) == ["oFollower"]
    assert [m["touser"] for m in fake.subscribe_messages] == ["oMiniYes"]
    assert rows(draft.id)["oMiniYes"].channel == "miniapp_subscribe"
    # The one-time acceptance is used up.
    assert notif.record_subscription("oMiniYes", MINI_TEMPLATE_ID, False) == 0


def test_only_policy_staff_may_send(napp, fake):
    clerk = staff("clerk")
    with pytest.raises(PermissionDenied):
        notif.create_draft(clerk, title="通知", body="正文", audience={"kind": "followers"})


def test_invalid_draft_names_every_field(napp, fake):
    with pytest.raises(notif.NotificationFormError) as err:
        notif.create_draft(
            staff(),
            title="",
            body="x" * 1001,
            audience={"kind": "card_holders", "district": "火星区"},
            link_doc="no-such-doc",
        )
    assert set(err.value.errors) == {"title", "body", "district", "link_doc"}
