"""Every permission and role has the Chinese name staff read in 403 messages and the nav."""

from __future__ import annotations

from bluecard.staff.audit import PERMISSION_LABELS, PERMISSIONS, ROLE_LABELS, denied_message
from bluecard.staff.models import STAFF_ROLES


def test_every_permission_and_role_has_a_chinese_label():
    assert set(PERMISSIONS) <= set(PERMISSION_LABELS)
    assert set(STAFF_ROLES) <= set(ROLE_LABELS)


def test_the_denial_names_role_and_permission_in_chinese():
    assert denied_message("payout.manage", "clerk") == "你的角色（窗口受理员）无权管理发放批次"
