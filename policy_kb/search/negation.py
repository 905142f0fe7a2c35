"""A place or a topic a message takes back: 「不是洪泽，是叶集的…」「台儿庄不对，我说的是叶集」「不问叶集了，
洪泽…」. The negated place is no place of the question; the one asserted is. Only a message that
still names another place loses its negated one (「不是洪泽的政策吗」 keeps 洪泽: nothing else is
said instead), and 「是不是洪泽的」 negates nothing."""

from __future__ import annotations

import re

from policy_kb.places import PlaceMention, resolve_places

# 不是 / 不在 / 不问 / 并非 right before the place (「不是在洪泽」「不问叶集了」); 是不是 asks, it
# does not negate.
_BEFORE = re.compile(r"(?<!是)(?:不是|不在|不问|不说|不找|不看|并非|而非)(?:在|说|问)?(?:那个)?$")
# the place, then 不对 / 错了 / 不问了 (「台儿庄不对」「叶集说错了」「洪泽的就不问了」)
_AFTER = re.compile(
    r"^(?:的|那个|那边|这个)?(?:不对|错了|说错了|打错了|写错了|搞错了|弄错了|就不问了|不问了)"
)


# a message without any of these words takes nothing back (read first: finding places is dearer)
_ANY_NEGATION = re.compile(r"不是|不在|不问|不说|不找|不看|并非|而非|不对|错了")
MAX_CHARS = 200  # a message longer than this is a story, not a correction of its place


def _negated(text: str, mention: PlaceMention) -> tuple[int, int] | None:
    """The span of ``mention`` with its negating words when the message takes it back."""
    before = _BEFORE.search(text[: mention.start])
    if before is not None:
        return before.start(), mention.end
    after = _AFTER.match(text[mention.end :])
    if after is not None:
        return mention.start, mention.end + after.end()
    return None


def drop_negated_places(text: str) -> str:
    """``text`` without the places it takes back, each with its negating words (blanked to one
    space); unchanged when it negates none or names no other place."""
    if len(text) > MAX_CHARS or not _ANY_NEGATION.search(text):
        return text
    mentions = resolve_places(text)
    if len(mentions) < 2:
        return text
    spans = [(m, _negated(text, m)) for m in mentions]
    if all(span is not None for _, span in spans) or all(span is None for _, span in spans):
        return text
    asserted = {m.name for m, span in spans if span is None}
    for m, span in sorted(spans, key=lambda s: -s[0].start):
        if span is not None and m.name not in asserted:
            text = text[: span[0]] + " " + text[span[1] :]
    return text


# A benefit or topic the message says it is not asking about: 「（不是给个人的那笔）」「不是
# 学徒那个」「大赛奖励除外」「不问学徒制，…」「不是补贴，是奖励」. X is at most
# TOPIC_MAX_CHARS characters with no punctuation; 是不是 asks, it does not negate.
TOPIC_MAX_CHARS = 14
_X = rf"[^，,。；;！!？?、（）()\s]{{1,{TOPIC_MAX_CHARS}}}?"
_NEGATED_TOPIC = re.compile(
    # in brackets: 「（不是X）」「(不是X的)」
    rf"[（(](?:不是|不要|不问|不含|不包括|除了?)({_X})[）)]"
    # 不是X那个 / 那种 / 那项 / 那笔
    rf"|(?<!是)(?:不是|并非)({_X})的?(?:那个|那种|那项|那笔|那条|这个|这种)"
    # 不是X，是Y / 不是X而是Y / 不是X，我问的是Y
    rf"|(?<!是)(?:不是|并非)({_X})(?=[，,\s]*(?:而是|是|我问的是|问的是|我说的是|说的是|要问))"
    # 「…补助，不是大赛奖励，多少」: a benefit taken back after the one asked
    rf"|(?<=[，,\s])(?<!是)(?:不是|并非)({_X}(?:奖励|补贴|补助|奖金|津贴|政策|待遇))(?=[，,\s])"
    # 不问X，… / 不要说X，… / 先不说X，…
    rf"|(?:不问|不要问|不说|不要说|先不说|不用说|不提)({_X})(?=[，,；;\s])"
    # X除外 (not 除了X: 「除了X还有什么」 asks for the others, which X's neighbours answer)
    rf"|({_X})除外"
)
# A message longer than this is a story: its 不是 are facts told, not a topic taken back.
TOPIC_MAX_MESSAGE = 80
# What is left must still name something of this many characters (Chinese) to be asked.
MIN_LEFT_CHARS = 4


def drop_negated_topics(text: str) -> str:
    """``text`` without the benefits or topics it says it does not ask about (each with its
    negating words, blanked to one space): 「洪泽引进技师的奖励（不是给个人的补贴）多少」 ->
    「洪泽引进技师的奖励 多少」. Unchanged when nothing is taken back, when the topic taken back
    is a place (``drop_negated_places`` reads those), or when too little would be left to ask."""
    if len(text) > TOPIC_MAX_MESSAGE or not _NEGATED_TOPIC.search(text):
        return text
    out = text
    for m in reversed(list(_NEGATED_TOPIC.finditer(text))):
        topic = next(g for g in m.groups() if g)
        # the place said with the topic (「洪泽大赛奖励除外」) still places the question
        places = [p.text for p in resolve_places(topic)]
        if places and not re.sub("|".join(map(re.escape, places)), "", topic):
            continue
        kept = " ".join(places)
        out = out[: m.start()] + " " + kept + " " + out[m.end() :]
    if len(re.findall(r"[\u4e00-\u9fff]", out)) < MIN_LEFT_CHARS:
        return text
    return out
