"""Recognise what a message asks for, before it is treated as a policy question.

Each intent has a matcher; ``classify`` tries them in ``INTENT_ORDER`` and falls back to
``"question"``. Matchers see the normalised text (``normalize``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from policy_kb.regions import find_region_in_text
from policy_kb.regions import region as region_of

_PUNCT = re.compile(r"[\s!！?？。，,~～…、:：;；\"“”'‘’（）()【】\[\]]+|(?<!\d)\.|\.(?!\d)")


def normalize(text: str) -> str:
    """NFKC-normalise (full-width digits/letters → ASCII), lower-case, strip whitespace."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def bare(text: str) -> str:
    """``normalize`` then drop punctuation and spaces (a decimal point between digits stays:
    1.5万), for exact keyword matches."""
    return _PUNCT.sub("", normalize(text))


def _one_of(*words: str) -> Callable[[str], bool]:
    options = frozenset(words)
    return lambda t: bare(t) in options


_REGION_SET = re.compile(
    r"^(?:我在|我是|我住在?|我在的是|切换到|切换|地区|选择?|定位到?)(.{1,8}?)(?:的|人)?$"
)


def region_request(text: str) -> str | None:
    """The canonical region a message sets (「我在叶集」, 「切换到洪泽」, a bare 「叶集区」),
    or None when the message is not a region setting."""
    b = bare(text)
    m = _REGION_SET.match(b)
    candidate = m.group(1) if m else b
    region = find_region_in_text(candidate)
    if region is None:
        return None
    # only the place itself (with its city, or a 区/市 suffix): not a question about the place
    r = region_of(region)
    rest = candidate
    for word in sorted((r.name, r.city, r.province, *r.aliases), key=len, reverse=True):
        rest = rest.replace(word.lower(), "")
    return region if len(rest.strip("区市县")) == 0 else None


_QUESTIONISH = re.compile(r"[吗呢么啥嘛]|什么|多少|怎么|补贴|奖励|政策|工作|上班")


def wants_region_change(text: str) -> bool:
    """「我在上海」: a short region-setting sentence naming a place we have no documents for."""
    b = bare(text)
    m = _REGION_SET.match(b)
    return (
        m is not None
        and b.startswith(("我在", "切换"))
        and len(m.group(1)) <= 5
        and not _QUESTIONISH.search(m.group(1))
    )


VAGUE_WORDS = frozenset(
    {
        "补贴",
        "奖励",
        "补助",
        "奖补",
        "政策",
        "钱",
        "补贴政策",
        "有什么补贴",
        "有啥补贴",
        "咨询",
        "问题",
    }
)

_QUIZ = re.compile(
    r"测一测|测算|补贴计算|算一?算|我(?:能|可以)(?:拿|领|享受|申请)(?:到)?(?:什么|哪些|啥|多少)"
    r"|(?:符合|够)(?:什么|哪些)(?:补贴|条件|政策)"
)
_COMPARE = re.compile(r"对比|比较|比一比|各地|各区|哪个区|哪里(?:补贴|奖励)?(?:高|多)")
QUIZ_CANCEL = frozenset({"退出", "取消", "结束", "不测了", "退出测算", "算了", "q", "quit", "exit"})
QUIZ_BACK = frozenset({"上一步", "返回", "上一题", "回退", "后退", "back"})
_CHANGE = re.compile(r"改|修改|更正|重填|重新填|填错|写错|选错")
_QUESTIONISH_ANY = re.compile(r"[吗呢?？]|多少|怎么|什么|哪些|如何|能不能|可不可以|是否|有没有|咋")


def is_change_request(text: str) -> bool:
    """「改一下社保月数」, 「合同年限填错了」: the worker wants to correct an earlier answer."""
    return bool(_CHANGE.search(text))


def looks_like_question(text: str) -> bool:
    """A policy question typed in the middle of the questionnaire (answered, then it resumes)."""
    return len(bare(text)) >= 5 and bool(_QUESTIONISH_ANY.search(text))


MATCHERS: dict[str, Callable[[str], bool]] = {
    "card_apply": _one_of(
        "申请蓝卡",
        "申请技工蓝卡",
        "办蓝卡",
        "办理蓝卡",
        "申领蓝卡",
        "我要申请蓝卡",
        "我要办蓝卡",
        "我要申请技工蓝卡",
        "办卡",
        "申请卡",
    ),
    "my_card": _one_of(
        "我的蓝卡",
        "我的技工蓝卡",
        "查蓝卡",
        "查询蓝卡",
        "蓝卡进度",
        "蓝卡状态",
        "我的卡",
        "我的申请",
        "审核进度",
        "我的补贴申请",
    ),
    "opt_out": _one_of("退订", "取消订阅", "退订通知", "不要推送", "停止推送", "别推送了", "td"),
    "opt_in": _one_of("订阅", "订阅通知", "恢复推送", "重新订阅", "接收通知"),
    "quiz": lambda t: bool(_QUIZ.search(bare(t))),
    "compare": lambda t: bool(_COMPARE.search(bare(t))),
    "save_profile": _one_of("保存", "同意保存", "保存档案", "同意"),
    "delete_profile": _one_of("删除档案", "清除档案", "删除我的信息", "删除我的档案", "注销档案"),
    "more": _one_of("更多", "下一页", "继续", "more", "下页", "再看看"),
    "greeting": _one_of(
        "你好", "您好", "hi", "hello", "在吗", "在不在", "哈喽", "嗨", "喂", "有人吗"
    ),
    "help": _one_of("帮助", "help", "怎么用", "使用说明", "说明", "?", "？", "h"),
    "topics": _one_of("菜单", "menu", "常见问题", "目录", "主菜单"),
    "thanks": _one_of(
        "谢谢", "谢谢你", "多谢", "好的谢谢", "感谢", "thanks", "thx", "好的", "ok", "收到"
    ),
    "set_region": lambda t: region_request(t) is not None,
    "unknown_region": wants_region_change,
    "vague": lambda t: bare(t) in VAGUE_WORDS,
}

INTENT_ORDER: tuple[str, ...] = (
    "more",
    "card_apply",
    "my_card",
    "opt_out",
    "opt_in",
    "save_profile",
    "delete_profile",
    "quiz",
    "compare",
    "greeting",
    "help",
    "topics",
    "thanks",
    "set_region",
    "unknown_region",
    "vague",
)


def classify(text: str) -> str:
    """The first intent in ``INTENT_ORDER`` whose matcher accepts ``text``, else "question"."""
    for name in INTENT_ORDER:
        if MATCHERS[name](text):
            return name
    return "question"
