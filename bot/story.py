"""A worker's story ending in one question: which clause and sentence its occasion asks for.

Search weighs every word of a long message alike, so a story telling a certificate just got
(「厂里组织考证我考过了技师」) may be answered by a clause on bringing in technicians from
outside, which names the same levels; and a story about a district contest asking what a
second prize pays may be answered by another sentence of the contest clause (the top award
for national contests). Both are read here from the story's facts, never from its wording
alone; the dialogue applies them to the hits before composing the answer.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.cases import Case, case_amounts
from bot.clauses import hit_of
from bot.context import rank_in, rule_for
from bot.verdict import rule_verdicts
from policy_kb.eligibility.catalogue import Rule, default_catalogue
from policy_kb.ingest import split_sentences
from policy_kb.model import KnowledgeBase
from policy_kb.search import Hit
from policy_kb.search.tiers import tier_fit

# Words telling a worker was brought in from elsewhere (the introduction clauses' occasion).
_BROUGHT_IN = re.compile(r"引进|招引|引来|招来|从外地|从区外|外地来|区外来|人才引进")
# A level newly got, told in the story's words (考上了技师, 刚拿到高级工证, 考下来的证), for when
# the facts reader finds no date for it.
_GOT_LEVEL = re.compile(
    r"(?:考上|考下|考过|考了|考到|考出|拿到|拿了|取得|评上)(?:了|来了?|来的)?.{0,6}?"
    r"(?:证|技师|高级工|中级工|初级工|[一二三四五]级)"
)


def _got_level(text: str, facts: dict[str, Any]) -> bool:
    return "level_obtained_on" in facts or bool(_GOT_LEVEL.search(text))


# The worker speaking of themselves (我/俺/本人/自己), not of an organisation's introducing.
_SELF = re.compile(r"我|俺|本人|自己")

# A contest named in the story (区里办的比赛, 技能大赛, 竞赛).
_CONTEST = re.compile(r"比赛|竞赛|大赛|比武")


def _fields(rule: Rule) -> frozenset[str]:
    return frozenset(f for cond in rule.conditions for f in cond.fields())


def _rule(rule_id: str | None) -> Rule | None:
    return next((r for r in default_catalogue().rules if r.id == rule_id), None)


def _hit_for_rule(kb: KnowledgeBase, rule: Rule) -> Hit | None:
    """The hit of the clause ``rule`` cites, its sentence the one printing the rule's quote."""
    try:
        doc = kb.document(rule.doc.doc_id)
    except KeyError:
        return None
    quote = re.sub(r"\s", "", rule.quote)[:12]
    for clause in doc.clauses:
        if clause.number != rule.clause:
            continue
        sentence = next(
            (s for s in split_sentences(clause.text) if quote in re.sub(r"\s", "", s)), None
        )
        if sentence is None:
            continue
        hit = hit_of(kb, f"{doc.meta.doc_id}#{clause.clause_id}")
        if hit is not None:
            return replace(hit, sentence=sentence)
    return None


def certificate_award_first(
    kb: KnowledgeBase, text: str, hits: list[Hit], facts: dict[str, Any]
) -> list[Hit]:
    """``hits`` with the answering document's award for a level newly obtained put first, when
    the story (``text``, its worker's ``facts`` from ``profile_facts.facts_in``) tells a level
    got (``level_obtained_on``), nothing of being brought in, and search led with a rule for
    people introduced from outside. Of several such awards, one whose conditions the stated
    employer type does not fail (叶集 pays 民营企业职工). ``hits`` unchanged otherwise.

    Source: the catalogue rules testing ``level_obtained_on`` and not ``introduced`` (洪泽
    三（三）4, 叶集 三)."""
    if not hits or not _got_level(text, facts) or facts.get("introduced"):
        return hits
    if _BROUGHT_IN.search(text):
        return hits
    top = hits[0]
    led = _rule(rule_for(top.doc_id, top.number, top.sentence))
    if led is None or "introduced" not in _fields(led):
        return hits
    awards = [
        r
        for r in default_catalogue().rules
        if r.doc.doc_id == top.doc_id
        and r.beneficiary == "individual"
        and "level_obtained_on" in _fields(r)
        and "introduced" not in _fields(r)
    ]
    stated = {k: v for k, v in facts.items() if k == "employer_type"}

    def fails_employer(rule: Rule) -> bool:
        return any(v.met is False for v in rule_verdicts(rule.id, stated))

    awards.sort(key=fails_employer)
    for rule in awards:
        hit = _hit_for_rule(kb, rule)
        if hit is not None:
            rest = [h for h in hits if (h.doc_id, h.clause_id) != (hit.doc_id, hit.clause_id)]
            return [hit, *rest]
    return hits


def introduction_first(
    kb: KnowledgeBase, text: str, hits: list[Hit], facts: dict[str, Any]
) -> list[Hit]:
    """``hits`` with the answering document's talent-introduction clause for the worker put
    first, when the story (``text``, its worker's ``facts``) tells of a worker brought in from
    outside (``introduced``, 今年被引进到…) holding a level, and search led with another kind of
    rule: a certificate award (the grade is what they came with, not a level newly got by a
    local worker) or what the introduction pays the employer. ``hits`` unchanged otherwise, or
    when the document pays the introduced worker nothing.

    Source: the catalogue rules paying the individual and testing ``introduced`` with
    ``skill_level`` (洪泽 三（三）1; 叶集 四; 宿迁 三（二）2), against the awards testing
    ``level_obtained_on`` (洪泽 三（三）4, 叶集 三) and the employer's reward (洪泽 三（三）2)."""
    if not hits or not (facts.get("introduced") or _BROUGHT_IN.search(text)):
        return hits
    if not isinstance(facts.get("skill_level"), str):
        return hits
    top = hits[0]
    led = _rule(rule_for(top.doc_id, top.number, top.sentence))
    if led is None or (led.beneficiary == "individual" and "introduced" in _fields(led)):
        return hits
    if led.beneficiary != "individual" and not _SELF.search(text):
        return hits  # 「中介机构帮企业引进高级工，补多少」 asks what the organisation is paid
    intros = [
        r
        for r in default_catalogue().rules
        if r.doc.doc_id == top.doc_id
        and r.beneficiary == "individual"
        and {"introduced", "skill_level"} <= _fields(r)
    ]
    for rule in intros:
        hit = _hit_for_rule(kb, rule)
        if hit is not None:
            rest = [h for h in hits if (h.doc_id, h.clause_id) != (hit.doc_id, hit.clause_id)]
            return [hit, *rest]
    return hits


# A reward asked about (奖励, 奖金): what a certificate award pays.
_REWARD = re.compile(r"奖励|奖金|奖钱|有奖")


def certificate_award_hit(
    kb: KnowledgeBase, text: str, facts: dict[str, Any], region: str
) -> Hit | None:
    """The hit of ``region``'s award for a level newly obtained, for a story search answers
    nothing of as a whole (「…今年考上了技师，听说有奖金，是真的不」): the story tells a level got
    (``facts``' ``level_obtained_on``), nothing of being brought in, and asks about a reward.
    Of several awards, one the stated employer type does not fail; None when the place has
    none or the story is another. Source: the catalogue rules as in
    ``certificate_award_first``."""
    if not _got_level(text, facts) or facts.get("introduced"):
        return None
    if _BROUGHT_IN.search(text) or not _REWARD.search(text):
        return None
    docs = {d for d, doc in kb.documents.items() if region in doc.meta.regions}
    awards = [
        r
        for r in default_catalogue().rules
        if r.doc.doc_id in docs
        and r.beneficiary == "individual"
        and "level_obtained_on" in _fields(r)
        and "introduced" not in _fields(r)
    ]
    stated = {k: v for k, v in facts.items() if k == "employer_type"}
    awards.sort(key=lambda r: any(v.met is False for v in rule_verdicts(r.id, stated)))
    for rule in awards:
        hit = _hit_for_rule(kb, rule)
        if hit is not None:
            return hit
    return None


def prize_sentence_first(text: str, hits: list[Hit]) -> list[Hit]:
    """``hits`` with the top clause's sentence paying the prize rank a contest story asks
    about (「…区里办的比赛拿了三等奖，该发多少」) leading, when search picked another sentence of
    it (a top award for national contests) and the story names no tier that one prints (a
    市级 contest's prize is not the district contests' 三等奖); else the first hit of the same document whose
    clause has such a sentence. ``hits`` unchanged when the story names no contest or rank."""
    rank = rank_in(text)
    if not hits or rank is None or not _CONTEST.search(text):
        return hits
    if Case("rank", rank) in case_amounts(hits[0].sentence) or tier_fit(text, hits[0].sentence) > 0:
        return hits  # (「市级比赛二等奖」: search's pick prints the 市级 contests' award)
    for hit in hits:
        if hit.doc_id != hits[0].doc_id:
            continue
        for sentence in split_sentences(hit.text) or [hit.text]:
            if Case("rank", rank) in case_amounts(sentence) and tier_fit(text, sentence) >= 0:
                chosen = replace(hit, sentence=sentence)
                return [chosen, *[h for h in hits if h is not hit]]
    return hits


# Bigrams every asking part shares with any money sentence: they tell no sentence apart.
_GENERIC_BIGRAMS = frozenset(
    {"补贴", "补助", "奖励", "多少", "企业", "一年", "每年", "能拿", "可以", "给予", "有没", "没有"}
)
# The parts of a message: its clauses, split at punctuation.
_PARTS = re.compile(r"[，,。；;！!？?\s]+")
# A sentence must share this many more of the asking part's bigrams than search's pick.
_MARGIN = 2


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {chars[i : i + 2] for i in range(len(chars) - 1)} - _GENERIC_BIGRAMS


def asked_sentence_first(text: str, hits: list[Hit]) -> list[Hit]:
    """``hits`` with the top clause's sentence about what a story asks put first: the last two
    parts of ``text`` (where a story ending in one question asks it, 「听说企业搞学徒制有补贴，一
    年补多少」) share at least ``_MARGIN`` more character pairs with another sentence of the
    clause than with search's pick, which matched the story's facts (a certificate award
    beside the apprenticeship sentence). ``hits`` unchanged otherwise."""
    if not hits:
        return hits
    parts = [p for p in _PARTS.split(text) if p]
    if len(parts) < 3:
        return hits
    asked = _bigrams("".join(parts[-2:]))
    top = hits[0]
    here = len(asked & _bigrams(top.sentence))
    best, most = top.sentence, here
    for sentence in split_sentences(top.text) or [top.text]:
        shared = len(asked & _bigrams(sentence))
        if shared > most:
            best, most = sentence, shared
    if most - here < _MARGIN:
        return hits
    return [replace(top, sentence=best), *hits[1:]]
