"""Who receives the money a clause grants: a person (the worker) or an organisation.

Workers ask about themselves. A clause whose money goes only to organisations (「对…的企业，
给予5万元经费资助」, 「给予培训基地2000-5000元/人的培训补贴」, 「同级财政给予每班每年1万元补助」)
answers a worker's 「能拿多少钱」 less well than one paying the worker (「对…高级技师、技师、
高级工，…分别给予15000元…」), so search ranks it a little lower unless the question itself
speaks of an organisation.

The recipient is read from the wording of each sentence that grants an amount:
1. the object of the granting verb (给予企业…, 给予每人每月…, 给予培养单位或职工个人…);
2. for 申领/申请 (apply for), the sentence's subject (企业引进…向所在地政府申领引才补助);
3. otherwise the head noun of the 「对…」 phrase naming who is granted: the words after its
   last 的 (对…的企业), or, for a headless 「对X…的」, the subject X before its first verb
   (对区内企业技术工人当年获得…的 -> 技术工人).
A person noun anywhere in the recipient phrase wins (「培养单位或职工个人」 pays individuals too).
Sentences whose recipient cannot be read count for neither side.
"""

from __future__ import annotations

import re
from typing import Literal

from policy_kb.ingest import split_sentences

Recipient = Literal["person", "organisation"]

__all__ = [
    "ORG_WORD_RE",
    "Recipient",
    "clause_recipients",
    "pays_enterprise",
    "sentence_recipient",
]

# An amount of money or a share of one (15000元, 5万元, 20万, 2000、1000、500元, 50%).
_AMOUNT_RE = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|元|万|%)")
_GRANT_RE = re.compile(r"给予|发放|发给|申领|申请|奖励|补贴|补助|资助")
_APPLY = ("申领", "申请")
_VERB_FIRST = ("给予", "发放", "发给", "申领", "申请")
# Nouns for organisations and for people, matched at the end of a noun phrase.
ORG_WORD_RE = re.compile(
    r"(企业|单位|公司|机构|部门|学校|院校|学院|中专|基地|工作室|工作站|中心|集团|协会|组织|"
    r"班|每个|每家|每所|厂)$"
)
_PERSON_RE = re.compile(
    r"(工人|职工|员工|人才|人员|选手|个人|劳动者|学生|学员|获得者|能手|技师|高级工|中级工|"
    r"初级工|工匠|队员|每人|本人|毕业生|生)$"
)
_PERSON_ANY = re.compile(r"每人|个人|职工|选手|人员|工人|人才|劳动者|学员|学生")
_ORG_ANY = re.compile(r"企业|单位|机构|基地|学校|院校|工作室|每班|每个|每家")
# Givers, not receivers (政府给予…, 同级财政给予…).
_GIVER_RE = re.compile(r"^(?:同级|各级|市|区|县)?(?:政府|财政)")
# Verbs that end the subject of a headless 「对X…的」 phrase.
_VERB_RE = re.compile(
    r"给予|获得|取得|荣获|获|开展|参加|参与|承接|承办|合作|创成|创建|入选|签订|新引进|引进|从|在|与|为|经"
)
_TIME_TAIL = re.compile(r"(当年|今年|每年|近\d年)$")
_BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)|[“”\"《》「」]")


def _classify(phrase: str) -> Recipient | None:
    """Person or organisation from a noun phrase's items (any person item wins)."""
    items = [x for x in re.split(r"[、，,或和及与]", phrase) if x]
    kinds = set()
    for item in items:
        if _PERSON_RE.search(item):
            kinds.add("person")
        elif ORG_WORD_RE.search(item):
            kinds.add("organisation")
    if "person" in kinds:
        return "person"
    if "organisation" in kinds:
        return "organisation"
    return None


def _object_of(after: str) -> Recipient | None:
    """The recipient named right after the granting verb, before the amount or money word."""
    obj = re.split(r"\d|[，。；]|补贴|补助|奖励|资助|奖金|经费|的", after, maxsplit=1)[0]
    if _PERSON_ANY.search(obj):
        return "person"
    if _ORG_ANY.search(obj):
        return "organisation"
    return None


def _head_of_dui(before: str) -> Recipient | None:
    """The head noun of the 「对…」 phrase before the granting verb (see module docstring)."""
    k = before.rfind("对")
    phrase = _BRACKETS.sub("", before[k + 1 :] if k >= 0 else before)
    segments = [s for s in re.split(r"[，；]", phrase) if s]
    for seg in reversed(segments):
        # 「分别为X发放」: X is who is granted; cut the manner and rate phrases that follow
        # the head (…的企业按照…标准).
        seg = re.sub(r"^并?(?:分别)?为", "", seg)
        seg = re.split(r"按照|按|分别|依照|根据|在合同期内|在聘任期内", seg, maxsplit=1)[0]
        if "的" in seg:
            tail = seg.rsplit("的", 1)[1]
            if tail:
                kind = _classify(tail)
                if kind:
                    return kind
            continue
        kind = _classify(seg)
        if kind:
            return kind
    if k < 0 or not segments:
        return None
    # Headless 「对X获得…的」: X is who is granted.
    m = _VERB_RE.search(segments[0])
    subject = segments[0][: m.start()] if m else segments[0]
    subject = _TIME_TAIL.sub("", re.sub(r"^(?:我区|本区|全区|我市|本市)", "", subject))
    return _classify(subject) if subject else None


def _granting_verb(s: str) -> re.Match[str] | None:
    """The verb that grants the sentence's amount: the first 给予/发放/… whose stretch (up to
    the next such verb) holds an amount, else the first after an amount (按500元/人的标准，
    给予…), else a money word right before an amount (…的分别奖励4000元)."""
    verbs = [m for m in _GRANT_RE.finditer(s) if m.group() in _VERB_FIRST]
    for i, m in enumerate(verbs):
        end = verbs[i + 1].start() if i + 1 < len(verbs) else len(s)
        if _AMOUNT_RE.search(s, m.end(), end):
            return m
    first_amount = _AMOUNT_RE.search(s)
    for m in verbs:
        if first_amount and m.start() > first_amount.start():
            return m
    for m in _GRANT_RE.finditer(s):
        if _AMOUNT_RE.match(s, m.end()):
            return m
    return verbs[0] if verbs else None


def sentence_recipient(sentence: str) -> Recipient | None:
    """Who receives the amount a sentence grants, or None (no amount granted, or unreadable)."""
    s = sentence.strip()
    if not _AMOUNT_RE.search(s):
        return None
    verb = _granting_verb(s)
    if verb is None:
        return None
    if verb.group() in _APPLY:
        first = re.split(r"[，。；]", s, maxsplit=1)[0]
        return "organisation" if _ORG_ANY.search(first[:4]) else _classify(first[:4])
    kind = _object_of(s[verb.end() :])
    if kind:
        return kind
    before = s[: verb.start()]
    if _GIVER_RE.search(before.rsplit("，", 1)[-1]):
        before = before.rsplit("，", 1)[0] if "，" in before else ""
    return _head_of_dui(before)


def clause_recipients(text: str) -> frozenset[Recipient]:
    """The recipients of every sentence of ``text`` that grants an amount (possibly empty)."""
    out: set[Recipient] = set()
    for s in split_sentences(text):
        kind = sentence_recipient(s)
        if kind:
            out.add(kind)
    return frozenset(out)


# An enterprise as the one paid, as against the other organisations the documents pay (a
# training base, a school, a 技能大师工作室): 「给予企业每年4000-6000元/人」 names one,
# 「给予培训基地2000-5000元/人」 does not.
_ENTERPRISE_RE = re.compile(r"企业|公司|厂")


def pays_enterprise(sentence: str) -> bool:
    """Whether the organisation a sentence pays is an enterprise (its granting verb's object,
    else the head of its 「对…的」 phrase names 企业, 公司 or 厂); False for a sentence paying a
    training base, a school or a studio, or paying a person, or granting nothing."""
    s = sentence.strip()
    if sentence_recipient(s) != "organisation":
        return False
    verb = _granting_verb(s)
    if verb is None:
        return False
    if verb.group() in _APPLY:
        return bool(_ENTERPRISE_RE.search(re.split(r"[，。；]", s, maxsplit=1)[0][:4]))
    obj = re.split(r"\d|[，。；]|补贴|补助|奖励|资助|奖金|经费|的", s[verb.end() :], maxsplit=1)[0]
    if _ORG_ANY.search(obj):
        return bool(_ENTERPRISE_RE.search(obj))
    before = _BRACKETS.sub("", s[: verb.start()])
    phrase = before[before.rfind("对") + 1 :]
    for seg in reversed([x for x in re.split(r"[，；]", phrase) if x]):
        # the head noun of 「对…的企业、帮办服务部门，按照500元/人的标准」: cut the manner
        # phrase, then the words after the last 的
        seg = re.split(r"按照|按|分别|依照|根据", seg, maxsplit=1)[0]
        head = seg.rsplit("的", 1)[-1]
        if _ORG_ANY.search(head) or ORG_WORD_RE.search(head):
            return bool(_ENTERPRISE_RE.search(head))
    return False
