"""Helpers of the notification tests: followers, active blue cards (written directly with the
PII cipher, as an approved card looks in the database), staff actors, the fake WeChat, and
running the send queue the way a worker would."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from fakes.fake_wechat import FakeWeChat

from bluecard.extensions import db
from bluecard.models import BlueCard, Employment, Follower, StaffUser, utcnow
from bluecard.runtime import current_runtime
from bluecard.staff.audit import Actor
from policy_kb.regions import region

_serial = itertools.count(1)
TEMPLATE_ID = "TPL_policy_notice_001"
MINI_TEMPLATE_ID = "TPL_mini_notice_001"


def notify_config(fake: FakeWeChat, **extra: Any) -> dict[str, Any]:
    """App config pointing WeChat at the fake, with a template id and a high rate."""
    config: dict[str, Any] = {
        "WECHAT_API_BASE": fake.api_base,
        "WECHAT_TEMPLATE_ID": TEMPLATE_ID,
        "MINIAPP_SUBSCRIBE_TEMPLATE_ID": MINI_TEMPLATE_ID,
        "NOTIFY_RATE_PER_SECOND": 1000,
        "NOTIFY_MAX_ATTEMPTS": 3,
    }
    config.update(extra)
    return config


@contextmanager
def running_fake() -> Iterator[FakeWeChat]:
    with FakeWeChat() as fake:
        yield fake


def add_follower(openid: str, *, subscribed: bool = True, opted_out: bool = False) -> None:
    db.session.add(
        Follower(
            openid=openid,
            subscribed=subscribed,
            opted_out=opted_out,
            created_at=utcnow(),
            subscribed_at=utcnow(),
        )
    )
    db.session.commit()


def add_card(
    openid: str,
    *,
    district: str = "叶集区",
    skill_level: str = "技师",
    status: str = "active",
    employer: tuple[str, str] | None = None,
    follower: bool | None = True,
) -> int:
    """An approved (``active``) card for ``openid``; with ``follower`` also its follower
    row (False: unfollowed; None: no follower row, a mini-program-only user)."""
    cipher = current_runtime().cipher
    n = next(_serial)
    id_number = f"34150419900101{n:04d}"
    card = BlueCard(
        openid=openid,
        status=status,
        card_no=f"{region(district).code}2026{n:06d}" if status == "active" else None,
        name_enc=cipher.encrypt(f"工人{n}"),
        id_number_enc=cipher.encrypt(id_number),
        id_number_hash=cipher.lookup_hash(id_number),
        phone_enc=cipher.encrypt("13800000000"),
        social_security_no_enc=cipher.encrypt(f"SS{n:08d}"),
        skill_level=skill_level,
        certificate_no=f"CERT{n:06d}",
        certificate_issuer="六安市人社局",
        certificate_date=date(2024, 5, 1),
        district=district,
        district_code=region(district).code,
        consented_at=utcnow(),
    )
    if employer:
        card.employments.append(
            Employment(
                employer_name=employer[0], credit_code=employer[1], started_on=date(2024, 1, 1)
            )
        )
    db.session.add(card)
    db.session.commit()
    if follower is not None:
        add_follower(openid, subscribed=follower)
    return card.id


def staff(role: str = "policy", username: str | None = None) -> Actor:
    """A staff user of ``role`` in the database, as an Actor."""
    username = username or f"{role}{next(_serial)}"
    user = StaffUser(
        username=username,
        display_name=username,
        password_hash="x",
        role=role,
        active=True,
        created_at=utcnow(),
    )
    db.session.add(user)
    db.session.commit()
    return Actor(user.id, username, role, None, "127.0.0.1")


def drain(app: Any) -> None:
    """Run the queued send jobs to the end, as ``python -m bluecard.notifications.worker --burst`` does
    (with REDIS_URL: an RQ worker in this process; embedded: the worker loop, once)."""
    from bluecard.notifications.command import run_worker

    run_worker(app, burst=True)


def clear_queue(app: Any) -> None:
    """Delete this app's RQ queue and its jobs (the shared Redis of the test run)."""
    if not os.environ.get("REDIS_URL"):
        return
    from bluecard.notifications.worker import notify_queue

    with app.app_context():
        notify_queue().delete(delete_jobs=True)


def received_by(fake: FakeWeChat) -> list[str]:
    """touser of every message the fake accepted, in order."""
    return [m["touser"] for m in fake.messages]
