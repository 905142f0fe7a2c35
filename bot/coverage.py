"""Questions about the bot itself and what it covers (「能查哪些地方」「支持哪几个区县」「都有
哪些文件」「你们管哪里的政策」): the covered places and each one's documents — title, 文号 and
standing (a 征求意见稿 not in force, a target period passed, a published lifecycle's end) —
read from the knowledge base the bot answers from, so a document published at run time is
listed and nothing is written here by hand."""

from __future__ import annotations

import re
from datetime import date

from policy_kb.docinfo import standing
from policy_kb.model import DocumentMeta, KnowledgeBase

from .intents import bare
from .places import covered_regions

# who is asked: the bot (你们, 这里, 这个号) or nobody named; what is asked: which places or
# documents it holds
_PLACES = r"(?:地方|地区|区县|区|县|城市|市|省|片区|哪儿|哪里|哪)"
_COVERAGE = re.compile(
    r"(?:能|可以|可)(?:查|问|搜|看)(?:到)?(?:哪些|哪几个|哪个|什么|啥|哪)"
    + _PLACES
    + r"|(?:支持|覆盖|收录|包括|包含|有)(?:了)?(?:哪些|哪几个|几个|什么|啥|哪)"
    + _PLACES
    + r"|(?:管|查|负责|收录|覆盖)(?:的是)?(?:哪些|哪几个|哪里|哪儿|哪个|什么)(?:地方|地区|区县)?的?政策"
    + r"|(?:都|一共|总共)?(?:有|收录了|收了)(?:哪些|哪几个|几个|什么|啥|多少)(?:政策)?文件"
    + r"|(?:政策)?文件(?:都|一共|总共)?有(?:哪些|哪几个|几个|什么|啥|多少)"
    + r"|(?:哪些|哪几个)(?:地方|地区|区县)(?:的政策)?(?:能|可以)(?:查|问)"
)
# words a coverage question may carry besides its ask (「你们这个号能查哪些地方的政策啊」)
_FILLER = re.compile(
    r"你们|你|您|这个号|公众号|小程序|机器人|这里|这儿|这边|这个|目前|现在|现有|都|一共|总共"
    r"|能|可以|查|的|政策|了|呢|吧|啊|呀|吗|么|哈|请问|问一下|想问|我想知道|技能人才|技工"
)


def asks_coverage(text: str) -> bool:
    """「能查哪些地方」「支持哪几个区县」「都有哪些文件」「你们管哪里的政策」: what places and
    documents the bot covers — never a place's benefits (「叶集有哪些补贴」 names a place and
    asks for its benefits; 「洪泽有哪些文件」 names one too and is read as a question)."""
    b = bare(text)
    m = _COVERAGE.search(b)
    if m is None or len(b) > 24:
        return False
    rest = _FILLER.sub("", b[: m.start()] + b[m.end() :])
    return len(rest) <= 1


def _standing_words(meta: DocumentMeta, today: date) -> str:
    """A document's standing as the list says it (``policy_kb.docinfo.standing``)."""
    now = standing(meta, today)
    if now == "draft":
        return "征求意见稿，尚未生效"
    if now == "period_passed":
        return f"目标期（{meta.horizon}）已过，是否仍在执行请向当地人社部门确认"
    if now == "expired":
        return "已失效"
    if now == "superseded":
        return f"已被{meta.successor or '新文件'}替代"
    if now == "not_yet":
        return "尚未施行"
    return "施行中"


def coverage_reply(kb: KnowledgeBase, today: date) -> str:
    """The covered places, each with its documents: 《title》, 文号 (or that none is printed)
    and standing on ``today``."""
    lines = [f"目前收录了这些地方的技能人才政策文件（共{len(kb.documents)}份）："]
    for region in covered_regions(kb):
        lines.append(f"📍 {region}")
        for doc in kb.documents.values():
            meta = doc.meta
            if region not in meta.regions:
                continue
            number = meta.wenhao or "文件上没有印文号"
            lines.append(f"· 《{meta.title}》（{number}；{_standing_words(meta, today)}）")
    lines.append(
        "想查哪里，直接问，比如「叶集引进技师有多少补贴」；回复「我在+区名」可记住你的地区。"
    )
    return "\n".join(lines)
