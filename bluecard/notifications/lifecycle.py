"""The life of a notification and of each recipient row: states, their Chinese labels, and
the reasons written on rows and notifications. Pure (no database); everything else in
``bluecard.notifications`` names states through these enums.

Notification (``Notification.status``): ``draft`` (composed) → confirm → ``scheduled``
(send_at in the future; the scheduler starts it) or ``sending`` → ``done``; ``sending`` ⇄
``paused`` (staff, or WeChat's daily quota 45009); draft/scheduled/sending/paused →
``cancelled`` (rows not yet sent are skipped).

Recipient (``NotificationRecipient.state``): ``queued`` → ``sending`` (claimed) → ``sent`` |
``failed`` | back to ``queued`` (a transient error, retried later); ``skipped`` (opted out
after the rows were written, or the notification was cancelled).
"""

from __future__ import annotations

import enum


class NotificationStatus(enum.StrEnum):
    """Where a notification is in its life (see the module docstring); ``label`` is what staff
    read."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The Chinese label (草稿, 已排期, ...)."""
        return _STATUS_LABELS[self]


_STATUS_LABELS: dict[NotificationStatus, str] = {
    NotificationStatus.DRAFT: "草稿",
    NotificationStatus.SCHEDULED: "已排期",
    NotificationStatus.SENDING: "发送中",
    NotificationStatus.PAUSED: "已暂停",
    NotificationStatus.DONE: "已完成",
    NotificationStatus.CANCELLED: "已取消",
}


class RecipientState(enum.StrEnum):
    """Where one recipient row is (see the module docstring); ``label`` is what staff read."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        """The Chinese label (排队中, 已发送, ...)."""
        return _STATE_LABELS[self]


_STATE_LABELS: dict[RecipientState, str] = {
    RecipientState.QUEUED: "排队中",
    RecipientState.SENDING: "发送中",
    RecipientState.SENT: "已发送",
    RecipientState.FAILED: "失败",
    RecipientState.SKIPPED: "已跳过",
}

#: status value → label, for pages and the API (plain strings as keys).
STATUS_LABELS: dict[str, str] = {s.value: s.label for s in NotificationStatus}
#: recipient state value → label, in the order of a progress bar.
STATE_LABELS: dict[str, str] = {s.value: s.label for s in RecipientState}
#: Rows still to be sent (a notification with none left is done).
OPEN_STATES = (RecipientState.QUEUED, RecipientState.SENDING)
#: Rows whose outcome is final.
FINISHED_STATES = (RecipientState.SENT, RecipientState.FAILED, RecipientState.SKIPPED)
#: Rows a delivery report lists as not delivered.
UNDELIVERED_STATES = (RecipientState.FAILED, RecipientState.SKIPPED)
#: Statuses no action leaves.
FINAL_STATUSES = (NotificationStatus.DONE, NotificationStatus.CANCELLED)

#: Why rows not sent are skipped when their notification is cancelled.
CANCELLED_REASON = "通知已取消，未发送"
#: Why a notification is paused on WeChat's daily quota (45009).
QUOTA_PAUSE_REASON = "微信接口今日调用次数已达上限（45009），次日零点后自动恢复，也可手动恢复"


def status_label(status: str) -> str:
    """The label of a stored status; an unknown value is shown as it is."""
    return STATUS_LABELS.get(status, status)
