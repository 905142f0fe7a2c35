"""A worker's situation told outside the questionnaire, then 「好了，出结果吧」.

「叶集，民营厂里的技师，干了4年，社保一直交着」 sent alone asks
nothing: search answers it as a question, and the dialogue keeps its facts
(``bot.profile_facts``) for the session. 「就这些」「看结果」「我能拿多少」 right after such a
message then asks for the eligibility result of those facts, as the same words do at the end
of the questionnaire. This module only reads messages: which tell facts (``told_facts``),
which place they name as the worker's own (``worker_place_words``), and which ask for the
result (``asks_for_result``); the dialogue keeps and uses what they return.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.intents import bare, finishes_quiz, looks_like_question
from bot.profile_facts import facts_in
from policy_kb.places import resolve_places
from policy_kb.redaction import redact

# 「要是社保交了8个月呢」 supposes; 「比如技师」 gives an example: neither is the worker's own.
_SUPPOSING = re.compile(r"要是|如果|假如|假设|万一|比如")
# A message naming a benefit (「洪泽，引进技师，住房补贴」) asks about it, whatever its form.
_BENEFIT_WORDS = re.compile(r"补贴|补助|奖励|奖金|津贴|资助|待遇|政策")
# The parts of a message: a list of facts is written with commas, 、 or stops.
_PARTS = re.compile(r"[，,。；;、！!\n]+")
# 「在洪泽上班」「洪泽区的」「人在叶集这边」: a part that is a place and where the worker works.
_BEFORE_PLACE = re.compile(r"^(?:我|俺|咱)?(?:们)?(?:人|现在|目前|就|一直)?(?:在|是在|是)?")
_AFTER_PLACE = re.compile(r"(?:这边|那边|本地)?(?:上班|工作|打工|干活|务工|做工|干)?(?:的)?$")
# 「情况就这些」「大概就这么多」「就说这么多吧」: all there is to tell.
_ALL_TOLD = re.compile(
    r"^(?:我的|大概|基本上?|差不多)?(?:情况)?(?:也)?(?:就)?(?:说)?(?:这些|这么多|这样)(?:了|吧|啦)?$"
)
# 「从安徽过来」「来自宿迁」「安徽人」: where the worker came from, not where they work.
_CAME_FROM = re.compile(r"(?:从|来自|老家(?:是|在)?)$")
_PEOPLE_OF = re.compile(r"(?:省|市|县)?(?:的)?人|(?:过)?来的")
# Thanks and nods: 「好的」 after an answer agrees, it does not ask for a result.
_NOD = re.compile(r"谢|辛苦|^好的|^嗯|^哦|^ok$", re.IGNORECASE)


def told_facts(text: str, today: date) -> dict[str, Any]:
    """The profile facts ``text`` tells when it is a list of the worker's facts (two parts or
    more) asking nothing and naming no benefit — two facts or more besides the place, or one
    and a place (「洪泽，技师」) — else {}. Personal numbers (phone, 身份证号) are removed
    first, so no digits of theirs are read as a fact; a supposition (「要是…」) tells nothing."""
    if (
        not text
        or _SUPPOSING.search(text)
        or _BENEFIT_WORDS.search(text)
        or looks_like_question(text)
    ):
        return {}
    clean = redact(text)
    if len([p for p in _PARTS.split(clean) if bare(p)]) < 2:
        return {}
    facts = facts_in(clean, today)
    own = [k for k in facts if k != "region"]
    if len(own) >= 2 or (own and "region" in facts):
        return facts
    return {}


def worker_place_words(text: str) -> str | None:
    """The words of a told-facts message naming where the worker works: a part that is a
    place alone, or a place with 「在…上班」 around it (「洪泽区」「在叶集上班」「淮安洪泽的」);
    else the first place named that is not where they came from (「从安徽过来的」「安徽人」):
    the employer's place is where they work (「厂子在洪泽」). None when there is none."""
    for part in _PARTS.split(text):
        core = _AFTER_PLACE.sub("", _BEFORE_PLACE.sub("", bare(part), count=1), count=1)
        if not core:
            continue
        mentions = resolve_places(core)
        if mentions and mentions[0].start == 0 and mentions[-1].end == len(core):
            return core
    for mention in resolve_places(text):
        if not _CAME_FROM.search(text[: mention.start]) and not _PEOPLE_OF.match(
            text[mention.end :]
        ):
            return mention.text
    return None


def asks_for_result(text: str) -> bool:
    """「好了，出结果吧」「就这些」「我能拿多少」: the result of what was told, now (the words
    that end the questionnaire, ``finishes_quiz``), never a thanks or a nod (「好的」「谢谢」)."""
    b = bare(text)
    told_all = len(b) >= 3 and bool(_ALL_TOLD.match(b))
    return (finishes_quiz(text) or told_all) and not _NOD.search(b)
