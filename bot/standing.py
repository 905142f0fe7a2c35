"""「现在能办吗」「还有效吗」「能申请了吗」 right after an answer quoting a document that is not
in force (a 征求意见稿 — the 连云港 draft, 「征求意见稿」 on its first line —, expired,
superseded or not yet in force; ``policy_kb.docinfo.standing``): the reply says so first,
never as if the clause could be applied for now."""

from __future__ import annotations

import re
from datetime import date

from policy_kb.docinfo import standing, warnings
from policy_kb.model import DocumentMeta

from .intents import bare

_NOW = r"(?:现在|目前|眼下|马上|今年|这会儿?|当下)?(?:就|已经)?"
_USABLE = re.compile(
    r"^(?:那|那么|这个?|这条|它)?"
    + _NOW
    + r"(?:能|可以|可)(?:去)?(?:办|办理|申请|申报|领|领取|报|享受|用|执行)(?:了)?(?:吗|么|不|没|没有|嘛)?$"
    r"|^(?:那|那么|这个?|这条|它)?"
    + _NOW
    + r"(?:还)?(?:有效|生效|作数|算数|管用|执行|实行|施行|落实)(?:了)?(?:吗|么|不|没|没有|嘛|没得)?$"
    r"|^(?:那|那么|这个?|这条|它)?" + _NOW + r"(?:能不能|可不可以)(?:办|申请|领|享受)(?:了)?$"
)


def asks_usable_now(text: str) -> bool:
    """「现在能办吗」「能申请了吗」「还有效吗」「生效了没」: whether the clause just answered
    can be applied for now."""
    return bool(_USABLE.search(bare(text).rstrip("?？啊呀呢")))


def not_in_force_reply(meta: DocumentMeta, source: str, today: date) -> str | None:
    """What a worker asking 「现在能办吗」 of a clause from ``meta`` is told, ``source`` the
    clause's citation; None for a document in force, its target period passed or not (the
    answer's own warning says that, and the usual follow-ups answer how to apply)."""
    now = standing(meta, today)
    if now in ("in_force", "period_passed"):
        return None
    head = {
        "draft": "👉 现在还不能据此办理：这条出自征求意见稿（草案），文件尚未正式生效。",
        "not_yet": "👉 现在还不能据此办理：这份文件还没到施行日期。",
        "expired": "👉 现在不能再据此办理：这份文件已经失效。",
        "superseded": "👉 现在不能再据此办理：这份文件已被新文件替代。",
    }[now]
    said = warnings(meta, today)
    return "\n".join([head, f"📄 出处：{source}", *said])
