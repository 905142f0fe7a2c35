"""What a long message asks: the question inside a worker's story.

Workers write 50–120 characters of story with the question at the end (「我在洪泽中专读机电专业，
明年就毕业了……在校期间能不能去企业顶岗实习」). The story's words (专业, 家里, 车间主任) are not in
any document and must neither sink the answer nor make the message look out of scope; its
facts (place, level, employer) are read elsewhere (regions, cases). The *focus* is the part
that asks: the last segment with a question marker, widened backwards to the segment that
names the topic (「听说区里的方案鼓励……对调，具体是怎么说的」: the ask 「具体是怎么说的」 names
nothing, the segment before it names the topic).
"""

from __future__ import annotations

import re

#: Messages at most this long (characters) are their own focus: nothing to separate.
SHORT_MESSAGE_CHARS = 28

_SEGMENT_SPLIT = re.compile(r"[,.!?;:。，！？；：、\s]+|(?<=[吗呢吧啊])")
# A segment that asks: question particles and question words of written and spoken Chinese.
_ASKS = re.compile(
    r"[吗呢?？]|多少|几[个年月天次名家岁级]?|怎么|怎样|咋|什么|啥|哪|如何|能不能|可不可以|可以不|"
    r"是不是|是否|有没有|有无|给不给|中不中|行不行|算不算|管不管|能否|会不会|要不要|够不够|"
    r"[能会可行中]不$|没有$|请问|想问|问一下|咨询"
    # 能办不, 能领不, 给补不: a verb between the modal and 不; 真的假的, 对不对: is it so
    r"|[能会可要给][\u4e00-\u9fff]不$|真的假的|是真的|真的吗|对不对|靠谱不|准不准"
    # 有奖励不, 有补贴没: is there any
    r"|有[\u4e00-\u9fff]{1,4}[不没]$"
)
# A segment that reports what the worker heard or read: it names the topic being asked about.
# 听说, 听朋友说, 听厂里老师傅讲: whoever it was heard from.
_HEARSAY = re.compile(
    r"^(?:听[^，。]{0,6}?[说讲]|据说|有人说|看到|看新闻|网上说|文件说|政策说|[^，。]{1,6}告诉我)"
)
# 「这个说法有文件依据吗」「有没有政策依据」「是不是真的」「靠谱吗」: an ask checking a claim the
# message made before it; it names no topic of its own, the claim does.
CLAIM_CHECK = re.compile(
    r"(?:这个|这种|那个|这|那|此)?(?:说法|讲法|消息|事儿?|规定|政策|好事)?(?:到底|究竟|真的)?"
    r"(?:有没有|有无|是否有|有)(?:什么|啥|个)?(?:正式|官方|红头)?(?:的)?(?:文件|政策|官方|正规)?的?"
    r"(?:依据|根据|出处|规定|文件)(?:吗|么|没有|没|不|呢|啊)?"
    r"|(?:这个|这种|那个|这|那)?(?:说法|讲法|消息|事儿?)?(?:是不是真的|是真的吗|是真的不|是真是假|"
    r"真的假的|真的吗|真的不|靠谱吗|靠不靠谱|靠谱不|准不准|可信吗|属实吗|有这回事吗|有这事吗)"
    # 「哪个文件里说的」「哪份文件上写的」: where the claim is printed
    r"|(?:是|在)?(?:哪个|哪份|哪条|哪一?个|什么|啥)(?:文件|政策|规定)(?:里|上|里面)?"
    r"(?:说的|写的|讲的)(?:啊|呢|呀|吗)?"
)
# An ask segment this short (characters, after particles) names no topic by itself.
_BARE_ASK_CHARS = 8
_PARTICLES = re.compile(r"[吗呢吧啊呀哈的了么嘛]")


def segments(text: str) -> list[str]:
    """The message cut at punctuation and spaces (empty pieces dropped)."""
    return [s for s in _SEGMENT_SPLIT.split(text) if s]


# 「没啥学历」「没什么文化」「也没多少积蓄」「啥都不会」「不怎么识字」: a question word used as an
# indefinite after or before a negation tells a fact of the story, it asks nothing.
_NEGATED_INDEFINITE = re.compile(
    r"(?<![有能会可是])(?:没有?|不|也没|都没|并没|从没)(?:啥|什么|多少|几|怎么|咋)"
    r"|(?:啥|什么)(?:都|也)(?:不|没)"
    # 「雇了几个学徒」「开了几家店」: a few, of what was done, after the verb's 了
    r"|(?<=[雇招请带收开办干做跑])了几(?=[个位名家年])"
)


def asks(segment: str) -> bool:
    """Does this segment ask something (a question particle or question word)? A question
    word said of a negation (「没啥学历」) is a statement, not an ask."""
    return bool(_ASKS.search(_NEGATED_INDEFINITE.sub("", segment)))


# 「我是宿迁一家企业的人事」「俺们是培训机构」: who asks, not what about.
_INTRO = re.compile(r"^(?:我|俺|咱|本人)(?:们)?(?:是|家是|这边是)")


def focus_text(text: str) -> str:
    """The part of ``text`` that asks, for messages longer than SHORT_MESSAGE_CHARS; the
    whole text otherwise, and when no segment asks (a statement is all topic).

    The last asking segment is taken, with the segments before it back to the nearest one
    that reports hearsay (听说…) when that is close, or otherwise the one just before when
    the ask is too bare to name a topic (「具体怎么说的」, 「是真的吗」).
    """
    parts = segments(text)
    if len(parts) >= 2 and _INTRO.match(parts[0]) and any(asks(p) for p in parts[1:]):
        # The asker introducing themselves: the rest asks (a story's facts still steer).
        rest = "，".join(parts[1:])
        if len(text) <= SHORT_MESSAGE_CHARS:
            return rest
    if len(text) <= SHORT_MESSAGE_CHARS:
        return text
    asking = [i for i, s in enumerate(parts) if asks(s)]
    if not asking:
        return text
    last = asking[-1]
    start = last
    # Asks in a row (「能不能去实习，毕业了能不能直接进厂」) belong together.
    while start - 1 >= 0 and start - 1 in asking and last - start < 2:
        start -= 1
    for back in range(start - 1, max(-1, start - 3), -1):
        if _HEARSAY.match(parts[back]):
            start = back
            break
    asked = _PARTICLES.sub("", "".join(parts[start : last + 1]))
    if len(asked) <= _BARE_ASK_CHARS or not CLAIM_CHECK.sub("", asked):
        start = max(0, start - 1)
    return "，".join(parts[start : last + 1])
