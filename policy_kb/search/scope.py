"""Is the question answered by the knowledge base at all? Coverage of its content words.

Similarity scores of in- and out-of-scope questions overlap, so the decision asks a different
question: how much of what the worker asked about does the best clause contain? A clause
among the top ones answers when both hold (``Coverage.answers``):

1. evidence: a weighted mean of the question's content words present (weighted by rarity, a
   word the corpus never uses weighing most, generic words half, synonyms counted) and of
   their characters present, at least ANSWER_THRESHOLD. ``明天会下雨吗`` shares nothing with
   any clause.
2. topic: the same share over the question's *topic* words only, at least TOPIC_THRESHOLD.
   Generic public-service words (补贴, 企业, 社保, 人员, 办理 … ``lexicon.GENERIC_WORDS``) say
   what kind of thing is asked, not what about, and are left out; verbs (创建, 扣除, and
   spoken phrases such as 考出 the documents never use) weigh little. ``灵活就业人员社保怎么
   交`` shares 就业, 人员, 社保 with a clause but not its topic 灵活(就业); ``考驾照有补贴吗``
   only the generic 补贴. A question with no topic word at all is answered only when it asks
   about money (「补贴」), the documents' subject.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

from policy_kb.search.lexicon import (
    COMPLEMENTS,
    DOMAIN_TERMS,
    GENERIC_WORDS,
    MONEY_WORDS,
    OTHER_SENSES,
    SPOKEN_VERBS,
    SYNONYM_GROUPS,
)
from policy_kb.search.text import bigrams, has_cjk

ANSWER_THRESHOLD = 0.52  # evidence (see Coverage.evidence) the best clause needs to answer
TOPIC_THRESHOLD = 0.4  # share of the question's topic (Coverage.topic) the clause must carry
VERB_FACTOR = 0.25  # a verb (创建, 扣除) or unseen spoken verb phrase (考出) hardly names a topic
GENERIC_FACTOR = 0.5  # weight of a generic word (补贴, 办理) in ``Coverage.score``
# An unseen two-character word whose characters the clause has (承办 / 承接…举办) counts this
# much as present in ``Coverage.topic``: colloquial wording of the clause's own words.
CHAR_CREDIT = 0.5
# A clause carrying one everyday word of the question alone, against topic words the documents
# never print, needs this share of the topic (``Coverage._lone_word``).
LONE_WORD_TOPIC = 0.5


# The field's own words (its terms and the lexicon's synonyms): one of them names a topic of the
# documents however little else of the question they print.
_FIELD_WORDS = frozenset(DOMAIN_TERMS) | frozenset(w for g in SYNONYM_GROUPS for w in g)

# Quantities and durations (一家, 五年, 3个月, 几百块, 多久) say how much, not what about; nor do the
# words asking which of them (哪几个, 哪条, 哪份).
_QUANTITY_RE = re.compile(
    r"^(?:[一二三四五六七八九十两几半多每这那哪俩仨]+[百千万]?|\d{1,3})个?"
    r"(?:块钱|[个家年月天次位名岁种份块周项所班批级条场回趟届期轮])?$"
    r"|^百分之[一二三四五六七八九十百]+$|^\d+(?:\.\d+)?%$"
)
# 几千, 两三百块, 五千块钱: a sum of money said roughly (a quantity: it weighs nothing).
_ROUGH_SUM = re.compile(r"^[一二三四五六七八九十两几半多\d]+[百千万]+(?:块钱|块|元)?$")
# 太长, 太久: a worry that restates a how-long ask (学几年，怕太长), no topic of its own.
_HOW_LONG = frozenset(
    {"多久", "多长时间", "几年", "几个月", "多少年", "多长", "多大", "多高", "太长", "太久"}
)
# 补贴额度, 奖励金额: the amount of what is named, not a topic of its own.
_HOW_MUCH = frozenset({"额度", "金额", "数额"})
# Words for the worker's own workplace or trade that no policy names (家具厂, 电焊工, 厨师) stand
# for the general terms the documents use.
_WORKPLACE_RE = re.compile(r"^[\u4e00-\u9fff]{1,6}(厂|店|公司|集团|车间|工地)$")
_TRADE_RE = re.compile(r"^[\u4e00-\u9fff]{1,5}(工|匠|师傅)$")  # not 律师, 教师: professions
_WORKPLACE_ALTS = ("企业", "单位", "用人单位")
_TRADE_ALTS = ("技能人才", "职工", "技师", "工人", "劳动者", "高级工", "技术")
# 边干边学, 半工半读: how something is done (two actions at once), not what it is about.
_MANNER_RE = re.compile(r"^(?:边.边.|半.半.|一边.{1,2}一边.{1,2})$")
# A one-character verb and its direction (迁过来, 转回去, 调进来): the documents say the move
# otherwise (迁移, 引进); what moves (户口, 社保) is the topic.
_MOTION_RE = re.compile(r"^[\u4e00-\u9fff](?:过来|过去|进来|进去|回来|回去|出来|上来|下来)$")
#: A rare domain word is one printed in at most this many clauses (``anchors``).
ANCHOR_MAX_DF = 2
UNSEEN_FACTOR = 1.0  # an unseen word weighs more than the rarest seen one: it names the topic
# Suffixes that ask how much of a thing (任务数, 补贴额, 参保率) or which band of it (年龄段,
# 工资档): 任务数 is about 任务, 年龄段 about 年龄.
_QUANTITY_SUFFIX = "数量额率段档"
# Suffixes saying in the manner of (订单式, 菜单式): 订单式培训 is 订单培训.
_MANNER_SUFFIX = "式"
# Suffixes naming the people of a kind (外地人, 引进者): 外地人 is about 外地 (外来, 区外 …).
_PERSON_SUFFIX = "人者"


# How far apart (characters between) an unseen two-character word's characters may stand in a
# clause to count as its colloquial or shortened form (普高: 普通高中; 合建: 合作建设).
NEAR_CHARS = 3


def _spelt_near(word: str, text: str) -> bool:
    """Does ``text`` hold the two characters of ``word`` in order, at most NEAR_CHARS apart
    (普通高中 for 普高)? Characters far apart (额…度 of 总额 and 制度) say nothing of it."""
    return (
        re.search(re.escape(word[0]) + f".{{0,{NEAR_CHARS}}}" + re.escape(word[1]), text)
        is not None
    )


def _crosses(text: str, cut: int, words: frozenset[str]) -> bool:
    """Is ``text`` cut at ``cut`` | ``cut + 1`` inside one of ``words`` (two to four
    characters) that begins before the cut and ends after it?"""
    if cut < 0:
        return False
    for size in (2, 3, 4):
        for start in range(max(0, cut - size + 2), cut + 1):
            if start + size > cut + 1 and text[start : start + size] in words:
                return True
    return False


class Coverage:
    """Weighted share of a question's content words that a text contains.

    ``blobs``: every indexed clause's normalised text (for document frequencies);
    ``synonyms``: word -> alternatives that count as the word being present;
    ``verbs``: words that are verbs only (``segment.verbs``): actions, not topics;
    ``adjectives``: adjectives (``segment.adjectives``): unseen ones weigh little;
    ``words``: the words the documents' segmentation cuts out of their text: a two-character
    word printed only across two of them (作业 in 工作|业绩) is not printed (``printed_in``).
    """

    def __init__(
        self,
        blobs: Sequence[str],
        synonyms: dict[str, tuple[str, ...]],
        verbs: frozenset[str] = frozenset(),
        adjectives: frozenset[str] = frozenset(),
        words: frozenset[str] = frozenset(),
    ) -> None:
        self._blobs = list(blobs)
        self._n = len(self._blobs)
        self._synonyms = synonyms
        self._verbs = verbs
        self._adjectives = adjectives
        self._words = words
        self._terms = lru_cache(maxsize=16384)(self._compute_terms)
        self._known = lru_cache(maxsize=16384)(self._compute_known)
        self._word_df = lru_cache(maxsize=16384)(self._compute_word_df)

    def _compute_word_df(self, word: str) -> int:
        """Clauses printing ``word`` itself (no synonyms)."""
        return self._df((word,))

    def _df(self, alts: Sequence[str]) -> int:
        return sum(1 for b in self._blobs if any(self.printed_in(a, b) for a in alts))

    def printed_in(self, word: str, text: str) -> bool:
        """Does ``text`` print ``word``? Not when a two-character word the documents never cut
        out occurs only across two of their words, each crossing one of its ends (作业 in
        以工作业绩为重点: 工作, 业绩): 「孩子作业怎么辅导」 shares no word with that clause."""
        if word not in text:
            return False
        sense = OTHER_SENSES.get(word)
        if sense is not None:
            # 落户 in 鼓励落户企业…: an enterprise settling, not a worker's household registration
            text = sense.sub("|", text)
            if word not in text:
                return False
        if len(word) != 2 or not self._words or word in self._words:
            return True
        start = text.find(word)
        while start >= 0:
            if not (
                _crosses(text, start - 1, self._words) and _crosses(text, start + 1, self._words)
            ):
                return True
            start = text.find(word, start + 1)
        return False

    def _idf(self, df: int) -> float:
        return math.log(1 + self._n / (1 + df))

    def _compute_terms(self, word: str) -> tuple[tuple[str, ...], float]:
        """(alternatives, weight) of a question word; weight 0 means "not about a topic"."""
        if word in _HOW_LONG or word in _HOW_MUCH or _QUANTITY_RE.match(word):
            return (), 0.0
        alts = (word, *self._synonyms.get(word, ()))
        head = word[:-1]
        if len(word) >= 3 and (
            word[-1] in _MANNER_SUFFIX or (word[-1] in _PERSON_SUFFIX and head in self._synonyms)
        ):
            # 订单式培训: done the way of 订单; 外地人: the people of 外地 (外来劳动者): the
            # documents print either
            alts = (*alts, head, *self._synonyms.get(head, ()))
        df = self._df(alts)
        if df:
            return alts, self._idf(df)
        for pattern, general in ((_WORKPLACE_RE, _WORKPLACE_ALTS), (_TRADE_RE, _TRADE_ALTS)):
            if pattern.match(word):
                return (word, *general), self._idf(self._df(general))
        if len(word) >= 3 and (word[-1] in _QUANTITY_SUFFIX or word[-1] in _PERSON_SUFFIX):
            heads = (word[:-1], *self._synonyms.get(word[:-1], ()))
            head_df = self._df(heads)
            if head_df:
                return (word, *heads), self._idf(head_df)
        if word in self._adjectives or _MANNER_RE.match(word):
            # 方便, 麻烦: how the worker finds something, not what it is; 边干边学: how it is done.
            return alts, VERB_FACTOR * self._idf(0)
        if len(word) >= 3:
            # A long unseen word whose pieces all occur (电焊工人) is known in part.
            grams = bigrams(word)
            if all(any(g in b for b in self._blobs) for g in grams):
                return alts, self._idf(1)
        return alts, UNSEEN_FACTOR * self._idf(0)

    def known(self, word: str) -> bool:
        """Do the documents print the word, a synonym or the general term it stands for?"""
        return self._known(word)

    def _compute_known(self, word: str) -> bool:
        return self._df(self._terms(word)[0]) > 0

    def alternatives(self, word: str) -> tuple[str, ...]:
        """The word and what counts as it being present (its synonyms, general terms)."""
        return self._terms(word)[0]

    def weight(self, word: str) -> float:
        """Rarity weight (idf over clauses; an unseen word the highest; 0 for quantities)."""
        return self._terms(word)[1]

    def present(self, word: str, text: str) -> float:
        """1.0 if the word or a synonym occurs in ``text``; partial credit for long words
        whose bigrams mostly occur, the last among them; else 0.0."""
        alts = self._terms(word)[0]
        if any(self.printed_in(a, text) for a in alts):
            return 1.0
        if len(word) >= 3:
            # Partial credit needs the compound's head, its last part (电焊工人: 工人), not just
            # its first words (社保卡, 失业保险金 are not 社保, 失业保险).
            grams = bigrams(word)
            share = sum(1 for g in grams if g in text) / len(grams)
            return 0.7 * share if share >= 0.5 and grams[-1] in text else 0.0
        return 0.0

    def score(self, words: Sequence[str], text: str) -> float:
        """Weighted share (0..1) of ``words`` present in ``text``; 1.0 when nothing weighs.
        Generic public-service words (办理, 条件, 补贴) weigh half: their absence matters less."""
        total = 0.0
        got = 0.0
        for w in dict.fromkeys(words):
            wt = self.weight(w) * (GENERIC_FACTOR if w in GENERIC_WORDS else 1.0)
            if _MOTION_RE.match(w) and not self._word_df(w):
                wt *= VERB_FACTOR  # 迁过来, 转回去: how a move is said, never printed
            if wt:
                total += wt
                got += wt * self.present(w, text)
        return got / total if total else 1.0

    def char_score(self, words: Sequence[str], text: str) -> float:
        """Share (0..1) of the Chinese characters of weighing ``words`` that occur in ``text``.

        Colloquial verbs (合建, 再补) are unseen as words but their characters are the
        clause's (合作建设, 补助); an out-of-scope topic's characters (驾照, 股票) are not.
        """
        chars = [c for w in dict.fromkeys(words) if self.weight(w) for c in w if has_cjk(c)]
        if not chars:
            return 1.0
        return sum(1 for c in chars if c in text) / len(chars)

    def is_verb(self, word: str) -> bool:
        """A verb (创建, 完成, 扣除), or an unseen two-character spoken verb phrase (考出, 评上,
        拿到, 再补: a verb or a result complement the documents write otherwise)."""
        if word in self._verbs:
            return True
        return (
            len(word) == 2
            and (word[0] in SPOKEN_VERBS or word[1] in COMPLEMENTS)
            and self._word_df(word) == 0
        )

    def topic_words(self, words: Sequence[str]) -> list[str]:
        """The words that say what the question is about: weighing content words that are not
        generic public-service words (补贴, 企业, 社保, 办理 … see ``lexicon.GENERIC_WORDS``)."""
        return [w for w in dict.fromkeys(words) if w not in GENERIC_WORDS and self.weight(w)]

    def topic(self, words: Sequence[str], text: str) -> float | None:
        """Weighted share (0..1) of the question's topic words that ``text`` carries (verbs
        weigh little: the topic is what the question names); None when the question has no
        topic word at all (「补贴」, 「工资条怎么看」: only generic words)."""
        total = got = 0.0
        for w in self.topic_words(words):
            wt = self.weight(w) * (VERB_FACTOR if self.is_verb(w) else 1.0)
            found = self.present(w, text)
            if not found and len(w) == 2 and _spelt_near(w, text) and not self._word_df(w):
                found = CHAR_CREDIT
            total += wt
            got += wt * found
        return got / total if total else None

    def anchors(self, words: Sequence[str], text: str) -> list[str]:
        """The question's rare domain words (in at most ANCHOR_MAX_DF clauses, not generic,
        not verbs, two characters or more) that ``text`` carries, synonyms counted: a clause
        holding 学徒制 or 招聘会 answers 「台儿庄搞学徒制得学几年啊」 however the rest is said."""
        out = []
        for w in dict.fromkeys(words):
            alts, weight = self._terms(w)
            if not weight or len(w) < 2 or w in GENERIC_WORDS or self.is_verb(w):
                continue
            df = self._df(alts)
            if 0 < df <= ANCHOR_MAX_DF and any(self.printed_in(a, text) for a in alts):
                out.append(w)
        # 「孩子化学作业怎么讲」: 化学 (of 化学纤维) alone, next to words no document prints
        return [] if len(out) == 1 and self._lone_word(words, text) else out

    def answers(self, words: Sequence[str], text: str) -> bool:
        """Does ``text`` answer a question with these content words? Enough evidence
        (``evidence`` >= ANSWER_THRESHOLD) and most of its topic (``topic`` >=
        TOPIC_THRESHOLD); a question with no topic word is answered only when it asks about
        money (补贴, 奖励: what the documents are about), never when it only shares generic
        words such as 工资, 社保, 办理 with the clause."""
        if self.evidence(words, text) < ANSWER_THRESHOLD:
            return False
        share = self.topic(words, text)
        if share is not None and share < LONE_WORD_TOPIC and self._lone_word(words, text):
            return False
        if share is None:
            # 「一年补几千」: a sum asked of nothing named can only be about what was said
            # before it; the documents alone do not answer it.
            return any(w in MONEY_WORDS for w in words) and not any(
                _ROUGH_SUM.match(w) for w in words
            )
        return share >= TOPIC_THRESHOLD

    def _lone_word(self, words: Sequence[str], text: str) -> bool:
        """Is ``text`` carrying one word of the question only, an everyday word (化学, printed
        in 化学纤维) and no term of the field, while every other word of its topic is one the
        documents never print (作业, 辅导)? 「孩子化学作业怎么讲」 is not about the documents.
        A question about money is: the documents' subject."""
        if any(w in MONEY_WORDS for w in words):
            return False
        carried = []
        for w in self.topic_words(words):
            if self.present(w, text) > 0:
                carried.append(w)
            elif self.known(w) or self.is_verb(w) or self.weight(w) < self._idf(0):
                return False
        return len(carried) == 1 and carried[0] not in _FIELD_WORDS

    def evidence(self, words: Sequence[str], text: str) -> float:
        """How well ``text`` answers a question with these content words (0..1): the mean of
        weighted word coverage (0.6) and character coverage (0.4); compare with ANSWER_THRESHOLD."""
        return 0.6 * self.score(words, text) + 0.4 * self.char_score(words, text)
