"""Telling a worker that their card or application was decided (审核结果通知).

Each decision becomes a one-recipient ``Notification`` (kind ``decision``) written in the
deciding unit of work, so the message exists exactly when the decision committed (an outbox),
and it goes out through the same delivery queue as policy notifications
(``bluecard.notifications.delivery``): same opt-out and unfollow rules (skipped), same retries,
rate limit and quota handling. The channel is chosen when the row is written:

- ``mp_custom``: a customer-service text message (客服消息), allowed only within 48 hours of
  the follower's last interaction (``Follower.last_message_at``; WeChat answers 45015
  otherwise, and delivery then falls back to the template message);
- ``mp_template``: a template message otherwise.

Nothing is written while sending is not set up (no WECHAT_TEMPLATE_ID or AppID/secret, as
for policy notifications): the template message is the fallback of every decision message.

Messages say only what the worker already knows: the benefit, its amount, the card number
masked but its last 4 digits (``privacy.mask_card_no``, as the worker's pages show it), the
state and the reviewer's reason. Never a name, 身份证号, phone, 社保卡号 or a full card number:
the text is kept as the notification's body and may be forwarded or screenshotted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bluecard.followers.models import Follower
from bluecard.models.base import utcnow
from bluecard.notifications.lifecycle import NotificationStatus
from bluecard.notifications.models import Notification, NotificationRecipient
from bluecard.notifications.worker import enqueue_run
from bluecard.privacy import mask_card_no, mask_numbers
from bluecard.runtime import current_runtime

__all__ = [
    "CUSTOM_WINDOW",
    "DECISION_KIND",
    "application_message",
    "card_message",
    "queue_decision",
    "send_decisions",
]

#: WeChat lets an account send customer-service messages this long after the user's last
#: message, click, scan or follow (客服消息 48 小时).
CUSTOM_WINDOW = timedelta(hours=48)
DECISION_KIND = "decision"
CUSTOM_CHANNEL = "mp_custom"
TEMPLATE_CHANNEL = "mp_template"


def _yuan(amount: Decimal) -> str:
    text = f"{Decimal(amount):,.2f}"
    return text[:-3] if text.endswith(".00") else text


def _reason(reason: str | None) -> str:
    """A staff-typed reason as a WeChat message carries it: a number in it (a 身份证号 or
    phone quoted by the clerk) masked but its last 4 digits; 「未说明」 when there is none."""
    return mask_numbers(reason) if reason else "未说明"


def card_message(*, approved: bool, card_no: str | None, reason: str | None) -> tuple[str, str]:
    """(title, text) telling a worker their 技工蓝卡 was approved or rejected; the card
    number masked but its last 4 digits, and so is any number in ``reason``."""
    if approved:
        return (
            "技工蓝卡审核通过",
            f"你的技工蓝卡已审核通过，卡号 {mask_card_no(card_no)}。回复「我的蓝卡」查看电子卡和二维码。",
        )
    return (
        "技工蓝卡未通过审核",
        f"你的技工蓝卡申请未通过审核。原因：{_reason(reason)}。"
        "如有疑问请到申请窗口咨询，补齐材料后可重新申请。",
    )


def application_message(
    state: str, *, benefit: str, amount_yuan: Decimal, reason: str | None = None
) -> tuple[str, str]:
    """(title, text) telling a worker their subsidy application was approved, rejected or
    paid. ``state``: approved | rejected | paid. Raises KeyError for another state."""
    amount = _yuan(amount_yuan)
    texts = {
        "approved": (
            "补贴申请已批准",
            f"你申请的「{benefit}」{amount}元已批准，等待发放。回复「我的补贴申请进度」查看。",
        ),
        "rejected": (
            "补贴申请已驳回",
            f"你申请的「{benefit}」未获批准。原因：{_reason(reason)}。"
            "回复「我的补贴申请进度」查看。",
        ),
        "paid": (
            "补贴已发放",
            f"你申请的「{benefit}」{amount}元已发放，请留意社保卡或银行账户到账。",
        ),
    }
    return texts[state]


def queue_decision(session: Session, openid: str, title: str, text: str) -> int | None:
    """Write the message ``text`` to ``openid`` as a one-recipient notification in the caller's
    transaction (status ``sending``: delivery picks it up). Returns the notification id to pass
    to ``send_decisions`` after the commit, or None when there is no openid or sending is not
    set up."""
    settings = current_runtime().settings
    configured = settings.wechat_template_id and settings.wechat_app_id
    if not openid or not (configured and settings.wechat_app_secret):
        return None
    now = utcnow()
    last = session.execute(
        select(Follower.last_message_at).where(Follower.openid == openid)
    ).scalar_one_or_none()
    channel = (
        CUSTOM_CHANNEL if last is not None and now - last < CUSTOM_WINDOW else TEMPLATE_CHANNEL
    )
    n = Notification(
        title=title[:100],
        body=text,
        audience={"kind": DECISION_KIND},
        kind=DECISION_KIND,
        status=NotificationStatus.SENDING.value,
        confirmed_at=now,
        created_at=now,
    )
    session.add(n)
    session.flush()
    session.add(
        NotificationRecipient(notification_id=n.id, openid=openid, channel=channel, personal=None)
    )
    return n.id


def send_decisions(notification_ids: Iterable[int | None]) -> None:
    """Start delivering decision messages written by ``queue_decision`` (call after the commit):
    enqueued on RQ, or sent here on the embedded defaults. A failure to start is left to the
    worker's periodic ``dispatch_due`` (the rows are queued), never raised to the decider."""
    for nid in notification_ids:
        if nid is None:
            continue
        try:
            enqueue_run(nid, parallel=1)
        except Exception:  # the decision stands; the periodic dispatch sends it later
            import logging

            logging.getLogger(__name__).exception("decision message %s not started", nid)
