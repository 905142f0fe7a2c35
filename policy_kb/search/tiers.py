"""The tier of a skill contest (国家级 / 省级 / 市级 / 区级) a question asks about and the tiers a
sentence of a document prints, so a prize of one tier is not answered with another's.

The documents pay contest prizes by tier: 台儿庄 pays 2000/1000/500 元 to the winners of its own
district contests (三（二）6, its 全区 contests) and up to 50万元 for 国家、省、市级 contests
(the same clause's last sentence); 洪泽 pays winners of contests 在区组织的 (三（三）5); 叶集
rewards winners 在国家级、省级、市级、区级技能大赛 (七). A 市级 question is answered by the
sentence printing 市级, a 区里 question by the district's own prize.

Pure functions; a county (县级) is a district's peer and reads as 区.
"""

from __future__ import annotations

import re

TIERS = ("国家", "省", "市", "区")

# A contest named in a question: the tier only counts when a contest or a prize is asked about.
_CONTEST = re.compile(r"比赛|竞赛|大赛|技能赛|国赛|省赛|市赛|区赛|状元赛|等奖|获奖|名次")
# How a worker says a contest's tier: 市级, 市里的比赛, 市里办的, 省赛, 全国的大赛.
_ASKED = {
    "国家": re.compile(r"国家级|国赛|全国(?:性)?(?:的)?(?:比赛|竞赛|大赛)|国家(?:组织|举办|办)"),
    "省": re.compile(r"省级|省赛|省里|全省(?:的)?(?:比赛|竞赛|大赛)|省(?:组织|举办|办)的?"),
    "市": re.compile(r"市级|市赛|市里|全市(?:的)?(?:比赛|竞赛|大赛)|市(?:组织|举办|办)的?"),
    "区": re.compile(
        r"区级|区赛|区里|县级|县里|全区(?:的)?(?:比赛|竞赛|大赛)|[区县](?:组织|举办|办)的?"
    ),
}
# A tier a sentence prints for a contest: 国家级、省级, the list 「国家、省、市级」 (级 said once
# at its end) and 「在区组织的」. 全区 / 全市 alone say where, not a tier (「统筹全区职业技能竞
# 赛」), and a studio's or a base's tier (市级技能大师工作室) is no contest's.
_LIST = re.compile(r"((?:(?:国家|省|市|区|县)级?[、和及与]\s*)*(?:国家|省|市|区|县)级)")
_ORGANISED = re.compile(r"在(国家|省|市|区|县)(?:级)?(?:组织|举办)")
_CONTEST_AFTER = re.compile(r"^[^，。；、]{0,6}?(?:比赛|竞赛|大赛)")


def _tier(word: str) -> str:
    return "区" if word == "县" else word


def asked_tier(question: str) -> str | None:
    """The one contest tier ``question`` asks about (「台儿庄市级比赛一等奖」 → 市), or None
    when it names no contest or prize, none or several tiers."""
    if not _CONTEST.search(question):
        return None
    found = [t for t, pattern in _ASKED.items() if pattern.search(question)]
    return found[0] if len(found) == 1 else None


def sentence_tiers(sentence: str) -> frozenset[str]:
    """The contest tiers ``sentence`` prints: 「积极备战世界技能大赛和国家、省、市级职业技能竞赛」
    → {国家, 省, 市}; 「对在区组织的技能大赛中获得…」 → {区}; a sentence naming no tier of a
    contest → empty."""
    out: set[str] = set()
    for m in _LIST.finditer(sentence):
        if _CONTEST_AFTER.search(sentence[m.end() :]):
            out.update(_tier(w) for w in re.findall(r"国家|省|市|区|县", m.group(1)))
    for m in _ORGANISED.finditer(sentence):
        out.add(_tier(m.group(1)))
    return frozenset(out)


def tier_fit(question: str, sentence: str) -> int:
    """+1 when ``sentence`` prints the contest tier ``question`` asks, -1 when it prints only
    other tiers, 0 when either names none."""
    asked = asked_tier(question)
    printed = sentence_tiers(sentence)
    if asked is None or not printed:
        return 0
    return 1 if asked in printed else -1


# A question about a contest prize (二等奖, 获奖, 拿奖) and a sentence about its contestants.
_PRIZE_ASK = re.compile(r"等奖|获奖|拿奖|得奖|名次")
_CONTESTANT = re.compile(r"选手|获奖")


def asks_prize(question: str) -> bool:
    """「比赛拿了二等奖」「获奖有奖金吗」: the question is about a contest prize."""
    return bool(_PRIZE_ASK.search(question))


def about_contestants(sentence: str) -> bool:
    """The sentence speaks of a contest's contestants (选手, 获奖), not only of whoever hosts
    it (「对承接省、市级技能竞赛…给予5-10万元赛事补助」)."""
    return bool(_CONTESTANT.search(sentence))
