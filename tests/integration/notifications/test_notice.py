"""The worker's page of a notification (``/n/<token>``): only a delivered message's sealed
link opens it; a link made with another key, of the old format (the signed row id), pairing a
row with another notification, a row WeChat refused and an unknown row show the "not found"
page; the page is never cached nor indexed; a decision's card number is masked and its text
hidden once NOTICE_PERSONAL_DAYS have passed; the document page a clause links to exists for
published documents only."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from factories.console import actor_of, make_staff
from factories.ledger import make_card
from itsdangerous import URLSafeSerializer
from notif_helpers import add_follower, drain, staff
from sqlalchemy import select

from bluecard.cards.services import review_card
from bluecard.crypto import derive_key
from bluecard.extensions import db
from bluecard.models import Follower, NotificationRecipient, utcnow
from bluecard.notifications import links
from bluecard.notifications import services as notif
from bluecard.notifications.lifecycle import RecipientState
from bluecard.runtime import current_runtime

pytestmark = pytest.mark.integration


@pytest.fixture
def napp_knowledge(real_knowledge):
    return real_knowledge


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

    token = links.page_token(sent.id, draft.id)
    assert len(token) == 43  # fits a WeChat template URL
    page = client.get(f"/n/{token}")
    assert page.status_code == 200
    assert "第二段。" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert "noindex" in page.headers["X-Robots-Tag"]
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "政策依据" not in page.get_data(as_text=True)  # no document linked

    old_key = derive_key(current_runtime().settings.secret_key, "notification-page").hex()
    for bad in (
        links.page_token(refused.id, draft.id),  # never reached the worker
        links.page_token(10**9, draft.id),  # no such row
        links.page_token(sent.id, draft.id + 1),  # the row, paired with another notification
        URLSafeSerializer("another-key", salt="notification-page").dumps(sent.id),
        URLSafeSerializer(old_key, salt="notification-page").dumps(sent.id),  # old format
        token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),  # altered by hand
        token[:20],
        "通知",
        "x" * 500,
    ):
        missing = client.get(f"/n/{bad}")
        assert missing.status_code == 404 and "找不到这条通知" in missing.get_data(as_text=True)
    assert links.recipient_of(token) == (sent.id, draft.id)


def test_a_decision_page_masks_the_card_number_and_hides_it_after_the_validity_period(napp, fake):
    holder = make_card(None, status="pending")
    db.session.add(
        Follower(openid=holder.openid, subscribed=True, opted_out=False, last_message_at=None)
    )
    db.session.commit()
    card = review_card(holder.card_id, actor_of(make_staff("reviewer")), approve=True)
    drain(napp)
    [message] = [m for m in fake.messages if m["touser"] == holder.openid]
    path = urlsplit(message["url"]).path
    client = napp.test_client()

    page = client.get(path).get_data(as_text=True)
    assert "技工蓝卡已审核通过" in page
    assert card.card_no not in page
    assert "*" * (len(card.card_no) - 4) + card.card_no[-4:] in page
    assert 'id="notice-expired"' not in page

    row = db.session.execute(
        select(NotificationRecipient).where(NotificationRecipient.openid == holder.openid)
    ).scalar_one()
    row.sent_at = utcnow() - timedelta(days=89)
    db.session.commit()
    assert card.card_no[-4:] in client.get(path).get_data(as_text=True)  # still within 90 days

    row.sent_at = utcnow() - timedelta(days=91)
    db.session.commit()
    expired = client.get(path)
    text = expired.get_data(as_text=True)
    assert expired.status_code == 200
    assert "技工蓝卡审核通过" in text  # the title stays
    assert card.card_no[-4:] not in text and "卡号" not in text
    assert "已过期" in text and "90 天" in text and "服务窗口" in text


def test_the_public_document_page_warns_of_a_draft_and_refuses_unknown_ones(napp):
    client = napp.test_client()
    draft = client.get("/policies/lianyungang-draft").get_data(as_text=True)
    assert "征求意见稿" in draft and 'id="c-' in draft
    missing = client.get("/policies/no-such-document")
    assert missing.status_code == 404 and "找不到这份文件" in missing.get_data(as_text=True)
