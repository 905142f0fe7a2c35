"""Follow-ups asking how to claim what the last answer was about — 「要带啥材料」「去哪办」
「多久能批下来」「电话多少」 — answered from the district's 申兑指南, which the service core
gives through ``BotServices.benefit_guide`` (the bot never reads the guide file itself).

What nobody has set is said as 未规定，请咨询窗口, with the guides page link."""

from __future__ import annotations

import re

from bot.intents import bare
from bot.services import GuideView

UNSET = "未规定，请咨询窗口"

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("phone", re.compile(r"电话|号码|联系方式|热线|打给谁|咨询.{0,2}(?:哪|谁)")),
    (
        "processing",
        re.compile(
            r"(?:多久|多长时间|几天|多少天|啥时候|什么时候|几个工作日|多少个工作日|多快)"
            r".{0,4}(?:批|审|办好|办完|办下来|下来|到账|出结果|有结果|能拿到|发下来)"
            r"|(?:批|审|办)(?:下来|好|完|结|批|核)?(?:要|得|需要)?(?:多久|几天|多长时间|多少天)"
            r"|办理时限|时限|办多久|要办多久|审核多久|审批多久"
            # 「奖励啥时候发」「补贴几时给钱」: when the money comes, as the 申兑指南 says
            r"|(?:啥时候|什么时候|几时|多久)(?:能|才能|会)?(?:发放?|发钱|给钱|给|兑现)(?:下来)?$"
        ),
    ),
    (
        "materials",
        re.compile(
            r"材料|资料|带(?:啥|什么|哪些|些啥)|准备(?:啥|什么|哪些|些啥)"
            r"|(?:交|提交|提供)(?:啥|什么|哪些)|证件|手续"
        ),
    ),
    ("where", re.compile(r"去哪|到哪|在哪(?:里|儿)?(?:办|申请|领|交)|哪里办|哪儿办|地址|窗口在哪")),
)
MAX_CHARS = 14


def guide_asked(text: str) -> str | None:
    """Which part of a 申兑指南 a short follow-up asks for: "materials" | "where" |
    "processing" | "phone", or None (a longer message, or none of them)."""
    b = bare(text)
    if not b or len(b) > MAX_CHARS:
        return None
    for kind, pattern in _KINDS:
        if pattern.search(b):
            return kind
    return None


def render_guide(kind: str, guide: GuideView | None, district: str, window: str = "") -> str:
    """The reply to a ``kind`` follow-up for the benefit ``guide`` describes (None: no guide
    service, e.g. the terminal chat): the fact the district set, else 未规定，请咨询窗口, then the
    guides page link. ``window``: the service window the documents name, said as a fallback."""
    what = {
        "materials": "所需材料",
        "where": "办理地点",
        "processing": "办理时限",
        "phone": "咨询电话",
    }[kind]
    about = f"「{guide.benefit}」" if guide is not None and guide.benefit else ""
    lines = [f"👉 {district}{about}的{what}："]
    fact: str | None = None
    if guide is not None:
        if kind == "materials" and guide.materials:
            fact = "\n".join(f"{i}. {m}" for i, m in enumerate(guide.materials, 1))
        elif kind == "where":
            fact = guide.where
        elif kind == "phone":
            fact = guide.phone
        elif kind == "processing" and guide.processing and guide.processing_set:
            fact = guide.processing
    if fact:
        lines[0] += fact if "\n" not in fact else ""
        if "\n" in fact:
            lines.append(fact)
    else:
        lines[0] += UNSET
        if kind == "processing" and guide is not None and guide.processing:
            lines.append(
                f"（文件没有规定办理时限，窗口一般按快申快享标准：{guide.processing.split('（')[0]}）"
            )
        if window:
            lines.append(f"可以到服务窗口咨询{window}")
    if guide is not None and guide.page_url:
        lines.append(f"📋 申兑指南：{guide.page_url}")
    return "\n".join(lines)


# The words a claiming question is made of; what is left names a subject of its own.
_GUIDE_WORDS = re.compile(
    r"要|需要|得|带|准备|提交|提供|交|啥|什么|哪些|些|东西|材料|资料|证件|手续|呢|吗|都|去|到|在|哪里|哪儿|哪"
    r"|办|领|申请|窗口|地址|电话|号码|联系方式|热线|多少|是|有|没有|你们|请问|问下|一下|那么?|还|也"
)


def names_nothing_else(text: str) -> bool:
    """True when a claiming question names no subject of its own (「要带啥材料」「在哪办呢」),
    so it can only be about the benefit in hand; 「办蓝卡要带什么材料」 names one."""
    return not _GUIDE_WORDS.sub("", bare(text))
