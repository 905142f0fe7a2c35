"""The worker's page of a notification (``/n/<token>``): only a delivered message's signed
link opens it; a link signed with another key, a row WeChat refused and an unknown row show
the "not found" page; the page is never cached nor indexed; the document page a clause links
to exists for published documents only."""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeSerializer
from notif_helpers import add_follower, clear_queue, drain, notify_config, staff
from sqlalchemy import select

from bluecard.extensions import db
from bluecard.models import NotificationRecipient
from bluecard.notifications import links
from bluecard.notifications import services as notif
from bluecard.notifications.lifecycle import RecipientState

pytestmark = pytest.mark.integration


@pytest.fixture
def napp(make_app, fake, real_knowledge):
    app = make_app(knowledge=real_knowledge, **notify_config(fake))
    with app.app_context():
        yield app
        db.session.remove()
    clear_queue(app)


def _rows(notification_id):
    return list(
        db.session.execute(
            select(NotificationRecipient)
            .where(NotificationRecipient.notification_id == notification_id)
            .order_by(NotificationRecipient.id)
        ).scalars()
    )


def test_only_a_delivered_messages_signed_link_opens_its_page(napp, fake):
    actor = staff("policy")
    for i in range(2):
        add_follower(f"oNoticePage{i}")
    draft = notif.create_draft(
        actor, title="通知全文页", body="第一段。\n第二段。", audience={"kind": "followers"}
    )
    notif.confirm(actor, draft.id, parallel=1)
    drain(napp)
    sent, refused = _rows(draft.id)
    refused.state = RecipientState.FAILED.value  # as if WeChat had refused this one
    db.session.commit()
    client = napp.test_client()

    page = client.get(f"/n/{links.page_token(sent.id)}")
    assert page.status_code == 200
    assert "第二段。" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert "noindex" in page.headers["X-Robots-Tag"]
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "政策依据" not in page.get_data(as_text=True)  # no document linked

    for token in (
        links.page_token(refused.id),  # never reached the worker
        links.page_token(10**9),  # no such row
        URLSafeSerializer("another-key", salt="notification-page").dumps(sent.id),
        "x" * 500,
    ):
        missing = client.get(f"/n/{token}")
        assert missing.status_code == 404 and "找不到这条通知" in missing.get_data(as_text=True)
    assert links.recipient_of(links.page_token(sent.id)) == sent.id


def test_the_public_document_page_warns_of_a_draft_and_refuses_unknown_ones(napp):
    client = napp.test_client()
    draft = client.get("/policies/lianyungang-draft").get_data(as_text=True)
    assert "征求意见稿" in draft and 'id="c-' in draft
    missing = client.get("/policies/no-such-document")
    assert missing.status_code == 404 and "找不到这份文件" in missing.get_data(as_text=True)
