"""A place a message takes back: 「不是洪泽，是叶集的…」「台儿庄不对，我说的是叶集」「不问叶集了，
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
