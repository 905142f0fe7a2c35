"""The clause search index: build once per process, then answer questions in about a millisecond.

Ranking:
1. Two BM25 indexes (bm25s), over each clause's text, its heading (counted twice) and its
   ancestors' headings: jieba words (search mode, domain dictionary) and character bigrams.
   Per question word the better of the word and (discounted) its best synonym counts, so a
   clause repeating synonyms gains nothing; the two scores are max-normalised and averaged.
   The same is done over each sentence alone (with the clause's headings); a clause's best
   sentence contributes ``PASSAGE_WEIGHT``, so a long clause answering in one sentence is
   not drowned by its length.
2. Priors (multiplicative): clauses stating an amount for questions about money, a count for
   "how many", a target (目标任务 section, 到2023年…人) for "by 2023 / this year how many",
   and targets a little lower for questions asking neither; a clause printing the place
   below the district the question names (沭阳县, 泗洪) much higher, a table row labelled
   with it most; money paid only to organisations a little lower unless the question speaks
   of an organisation (``recipient``, ``intent``); for a definition question (什么是X, X指
   哪些人) the clause defining X higher (``intent.defines``); attachments and (when no
   district is named) drafts slightly lower.
3. A coverage factor: how much of the question's weighted content the clause contains
   (``scope.Coverage.evidence``), so the clause that answers *all* of it comes first.
4. Region: a question naming 叶集 (or ``region=``) lists 叶集区 clauses first when 叶集 has
   one about what is asked (``SearchIndex._leading``): topic decides over place, so a clause
   of another district about the topic comes before the named district's weakly related ones.
   ``prefer_region=`` (the asker's remembered district) boosts that district's clauses by
   ``PREFER_REGION_WEIGHT``, and lists first those of them about what is asked that score at
   least ``REGION_SHARE`` of the best.

The question is repaired first: district and county names taken out (they select, not match;
misspelt ones like 洪择 recognised by pinyin), pinyin typed in Latin letters turned into corpus
words (several syllables joined when they spell one: xin ba ji gong), colloquial and grade
wording rewritten (三级工 -> 高级工, 社保 -> 社会保险, 三年 -> 3年, 补多少 -> 补贴多少),
homophone and near-miss typos fixed against the corpus vocabulary, abbreviations expanded
(私企 -> 私营企业) and lone characters rejoined to the word they belong to (失业+金) (``repair``,
``lexicon``). ``answered`` is False when the best clauses carry too little of the question or
too little of its topic, the words that are not generic public-service words (``scope``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from policy_kb import docinfo
from policy_kb.ingest import split_sentences
from policy_kb.model import Clause, Document, KnowledgeBase, Status
from policy_kb.regions import REGIONS, canonical_region
from policy_kb.regions import region as region_of
from policy_kb.search import lexicon, segment
from policy_kb.search.focus import CLAIM_CHECK, asks, focus_text, segments
from policy_kb.search.intent import (
    STATUS_WORDS,
    asks_document_status,
    corpus_places,
    defines,
    rules_on_stacking,
    without_document_nouns,
)
from policy_kb.search.negation import drop_negated_places, drop_negated_topics
from policy_kb.search.outside import outside_terms
from policy_kb.search.query import Query, QueryAnalyser, word_tokens
from policy_kb.search.recipient import ORG_WORD_RE, clause_recipients, sentence_recipient
from policy_kb.search.repair import MIN_UNCONFIRMED_USES, QueryRepairer
from policy_kb.search.scope import Coverage
from policy_kb.search.tablerow import printed_row
from policy_kb.search.text import (
    bigrams,
    bigrams_of_runs,
    has_cjk,
    normalize,
    plain_pinyin,
    simplified,
)
from policy_kb.search.tiers import about_contestants, asked_tier, asks_prize, tier_fit
from policy_kb.skill_levels import SKILL_LEVELS

__all__ = ["Hit", "SearchIndex", "SearchResult"]

FloatArray = npt.NDArray[np.float64]

_MONEY_RE = re.compile(r"\d+(?:\.\d+)?\s*万?元")
# An amount, or a share of one (不低于50%的配套补助, 工资薪金总额的20%): what a sentence pays.
# A share counts when money is said next to it (…费用的60%给予企业补助, 不低于50%的配套补助),
# not a rate (专业匹配度达到79.8%, 100%本地就业).
_PAYS_RE = re.compile(
    r"\d+(?:\.\d+)?\s*万?元"
    r"|\d+(?:\.\d+)?\s*%[^，。；]{0,8}?(?:补|奖|资助|经费)"
    r"|(?:费|工资|薪金|经费)[^，。；]{0,12}?\d+(?:\.\d+)?\s*%"
)
_COUNT_RE = re.compile(
    r"\d+(?:\.\d+)?\s*万?(?:人|名|个|家|场|次|所|条|张|项)|[（(](?:人|个|家|名|万人)[）)]\d"
)
# A clause setting targets by a date (到2023年…6万人, 到“十五五”末…5万人).
# A sentence saying what something serves: 为领导决策提供依据, 用于职工培训, 以便…, 目的是…
# A duration: 3年, 1—3年, 6个月, 2至3年 (a date's year has four digits: 2021年 is none).
_DURATION_TEXT = re.compile(r"(?<!\d)\d{1,2}(?:\s*[—\-~～至到]\s*\d{1,2})?\s*个?(?:年|月)(?!\d)")
# A period something is done in: 每季度至少组织1次, 每年举办2期, 每两年评选一次, 一年一次.
_PERIOD_TEXT = re.compile(
    r"每(?:个)?(?:[两三四五半\d]{0,2}(?:年|个月|月|季度|周|星期)|季度|学期)"
    r"|(?:一年|一季度|半年)[一两\d]次|(?:年度|季度|月度)(?:评选|考核|召开|举办|开展)"
    # 定期组织选拔: at regular times, the only period some documents give
    r"|定期"
)
# A sentence saying where something is set up: 在市民中心开设…, 在公共就业服务机构设立….
_WHERE_TEXT = re.compile(r"在[^，。；、]{2,14}?(?:开设|设立|设置|建立|成立|开通)")
_PURPOSE_TEXT = re.compile(r"为[^。；，]{1,20}提供|用于|以便|旨在|目的是|为了")
# A count printed right after what it counts: 人才6万人, 学徒200人以上 (no punctuation between).
_COUNT_AFTER = r"[^，。；、：:,;]{0,3}?\d+(?:\.\d+)?万?(?:人|名|个|家|所|项)"
_TARGET_TEXT = re.compile(r"(?:到|至)(?:20\d\d年|“?十[四五]五”?(?:末|期间))")
# A clause whose money goes only to people newly brought in: every paying sentence of it says so.
_RECRUITS = re.compile(r"引进|引才|招引|外地来|来[我本]区")
# The worker's own standing: the kind of employer they work for, or a certificate they obtained.
_OWN_CERTIFICATE = re.compile(r"民营|国有企业|私营|集体企业|取得|证书")
_RECRUIT_ASK = re.compile(
    r"引进|引才|招引|招聘|招人|招工|外地|外省|外面来|新来|刚来|落户|挖人|引来"
)


def _pays_recruits(text: str) -> bool:
    """Does every sentence of ``text`` that pays money speak of newly brought-in people
    (新引进的技师及以上人才…给予10000元)? False for a clause paying anyone else too."""
    paying = [s for s in split_sentences(text) if _MONEY_RE.search(s)]
    return bool(paying) and all(_RECRUITS.search(s) for s in paying)


# 「指标」「任务数」「要完成多少」: a share of a target, as a county's table row gives it
_INDICATOR = re.compile(r"指标|任务数|任务量|要完成|完成多少|分到|分配")
# Words asking for a target and naming no topic of it (目标, 任务数, 指标, 要完成, 人次).
_TARGET_WORD = re.compile(r"目标|任务|任务数|任务量|指标|完成|要完成|人数|人次|多少|一共|总共|数量")
_ABOUT_FORM = re.compile(r"表|填|栏|调查")
# 「这栏怎么填」「填什么」「咋写」: how to fill in a field of a form.
_FILLING = re.compile(r"[怎咋]么?(?:填|写)|如何填|填(?:什么|啥|哪)|(?:这|那|哪)一?栏")
_UNIT_NOTE = re.compile(r"^\s*[（(]?\s*单位\s*[:：][^。]{0,20}$")
# 「这表的计量单位是什么」「金额按什么单位填」: the question asks for the units a table uses.
_ASKS_UNITS = re.compile(
    r"计量单位|(?:什么|啥|哪种)单位|单位是(?:什么|啥|哪)|以.{0,3}为单位|单位.{0,2}(?:元|万元|人)还是"
)
# 「你是机器人吗」「你们是人工客服吗」: a question about the assistant itself.
_ABOUT_ASSISTANT = re.compile(
    r"你(?:们)?(?:到底)?(?:是不是|是)[^，。？?]{0,6}?(?:真人|机器|人工|智能|客服|[Aa][Ii]\b|谁)"
)
# 「全市」「市里」「咱市」: the city as a whole, whose own documents (a city's, not a district's) are
# what is asked about when the question names no place (「市级」 is a tier: 市级技能大师工作室).
CITY_WIDE = re.compile(r"全市|市里|本市|咱(?:们)?市|我们市|市上|市政府")
# 「（市人社局、市医保局……按职责分工负责）」: who carries a measure out, not what it is about.
_DUTY_LIST = re.compile(r"[（(][^（）()]*负责[）)]")

WORD_WEIGHT = 0.5  # share of the word index in the fused score; the rest is character bigrams
SYNONYM_WEIGHT = 0.6  # an expansion counts this much of the word it expands
HEADING_REPEAT = 2
ATTACHMENT_WEIGHT = 0.85
FORM_WEIGHT = 0.7  # a form's fields, for a question that does not speak of a form
FILL_ASKED_WEIGHT = 1.3  # … and for one asking how to fill a field in
# a definition asked of a form's term (「表里说的X指什么」): the form's notes defining X
FORM_DEFINITION_WEIGHT = 1.5
COVERAGE_FLOOR = 0.2  # a clause covering none of the question keeps this share of its score
CROSS_WEIGHT = 0.3  # a bigram straddling two question words is weak evidence of a phrase
# Money paid only to organisations answers a worker's question a little less well.
ORG_MONEY_WEIGHT = 0.9
# A clause naming verbatim the place (county, park) the question names: more when the place
# is what the clause is about (a table row's label, 沭阳县：…) than a mention in passing.
PLACE_WEIGHT = 2.5
PLACE_MENTION_WEIGHT = 1.5
# Row labels of a table's whole-area total (asked as the place is: 全市的认定人数).
TOTAL_LABELS = ("全市", "全区", "全县", "合计", "总计")
# … and how a worker names that whole area without the label (市里, 整个市, 全区 said 区里):
# the row a question about the whole city / district / county reads (``_asks_total``).
_WHOLE_AREA = {
    "全市": re.compile(
        r"全市|市里|本市|咱(?:们)?市|我们市|市上|整个市|全城|市(?:的)?总(?:共|体|计)"
    ),
    "全区": re.compile(r"全区|区里|本区|咱(?:们)?区|我们区|整个区"),
    "全县": re.compile(r"全县|县里|本县|咱(?:们)?县|我们县|整个县"),
}
DEFINITION_WEIGHT = 1.0  # a definition question: x (1 + this * how plainly the clause defines)
# … and a clause defining it explicitly scores at least this share of the best clause
DEFINITION_FLOOR = 0.8
# … and the clause's sentence shown for it: the one defining the term, else one printing it
DEFINING_SENTENCE_BONUS = 0.5
TERM_SENTENCE_BONUS = 0.2
PREFER_REGION_WEIGHT = 1.12  # ``prefer_region``: wins ties and near-ties, not clear answers
# Share of a clause's relevance taken from its best sentence (scored alone, with the clause's
# headings): a long clause answering in one sentence is not drowned by its length.
PASSAGE_WEIGHT = 0.25
UNIT_NOTE_WEIGHT = 0.5  # a table's note of units (（单位：人，元）)
UNIT_NOTE_ASKED_WEIGHT = 2.0  # … for a question asking what units the table uses
ROW_TOPIC_SHARE = 0.6  # a county's table row leads when it prints this much of the topic asked
RECRUIT_UNASKED_WEIGHT = 0.8  # a money question not about recruiting: a clause paying recruits
STACKING_WEIGHT = 3.0  # a may-I-take-both question: a clause ruling on it (不重复享受)
# A contest tier asked (市级比赛): a clause printing it, one printing only other tiers, and the
# sentence printing it within a clause (``tiers``)
TIER_WEIGHT = 1.3
OTHER_TIER_WEIGHT = 0.8
TIER_SENTENCE_BONUS = 0.5
CONTESTANT_BONUS = 0.4
HOST_ONLY_WEIGHT = 0.8  # … a clause not speaking of contestants at all
EXAMPLE_WEIGHT = 1.3  # a question asking for examples: a clause giving examples of its word
# 「X和Y有什么安排」「X咋弄」「怎么搞」: asks what is done about the things named, nothing more
_VAGUE_ASK = re.compile(
    r"(?:有|是)?(?:什么|啥)(?:安排|举措|措施|说法|动作)|[咋怎]么?(?:弄|搞|整|安排)"
)
# … a clause whose sentence does it to them (``_acted_on``) a little higher
ACTED_ON_WEIGHT = 1.1
# A benefit's name (``_kind_words``): a money word after what it is for (住房补贴, 购房+补助)
_KIND_MONEY = ("补贴", "补助", "奖补", "资助", "奖励", "津贴", "奖金")
# (「买房有补助吗」「住房有没有补贴」: a word or two of asking between)
_BEFORE_MONEY = "[的有没给能拿领发]{0,3}(?:" + "|".join(_KIND_MONEY) + ")"
# … not when the word before the money says how it is paid (一次性奖励, 专项补贴)
# (生活补贴: cash to live on, as general as 补贴 itself)
_PAID_HOW = frozenset(
    {"一次性", "专项", "配套", "额外", "特殊", "定额", "每月", "每年", "按月", "按年", "生活"}
)
# … naming a kind only when printed in few clauses (住房, 生活补贴; not 技能, 培训)
KIND_MIN_WEIGHT = 1.5
# A named district's clause is listed first only if it scores at least this share of the best
# clause anywhere (and answers the question): topic decides over place (``_search``).
REGION_SHARE = 0.5
# … or if it carries this share of the question's topic words (``Coverage.topic``).
NAMED_TOPIC_SHARE = 0.3
SHORT_HEADING_QUESTION = 10  # characters: a place and a word (``_search``)
LONG_MESSAGE_CHARS = 40  # a story with a question inside (``focus``)
NO_COUNT_WEIGHT = 0.9  # a "how many" question: a clause printing no count
TARGETS_OFF_TOPIC = 0.9  # a 目标任务 clause when the question asks no quantity or year
LEAD_SENTENCE_CHARS = 16
PURPOSE_WEIGHT = 2.0  # a what-is-it-for question: a sentence saying what the thing serves
WHERE_WEIGHT = 1.5  # a where question: a sentence saying where what is asked is set up
DURATION_WEIGHT = 1.3  # a how-long question: a sentence giving a duration for what is asked
PERIOD_WEIGHT = 1.5  # a how-often question: a sentence giving a period for what is asked
COUNT_SENTENCE_WEIGHT = 2.0  # a how-many question: a count printed right after what is asked
ORG_AMOUNT_SENTENCE_WEIGHT = 1.4  # … an amount paid only to organisations, asked by a worker
AMOUNT_SENTENCE_WEIGHT = 2.0  # a money question: a sentence with an amount for what is asked  # a sentence this short introduces the next (``_best_sentence``)


@dataclass(frozen=True)
class Hit:
    """One clause that answers a question.

    text: the clause's own text; sentence: its single sentence that best answers the question
    (what a reply leads with); heading: the clause's heading, or its nearest ancestor's for an
    unnumbered paragraph; score: relevance (float, higher is better; comparable within one
    result only); status: the document's ``in_force`` / ``draft``.
    """

    doc_id: str
    doc_title: str
    clause_id: str
    number: str
    heading: str
    text: str
    sentence: str
    score: float
    status: Status
    citation: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict: doc_id, doc_title, clause_id, number, heading, text, sentence,
        score (rounded to 4 places), status, citation."""
        return {
            "doc_id": self.doc_id,
            "doc_title": self.doc_title,
            "clause_id": self.clause_id,
            "number": self.number,
            "heading": self.heading,
            "text": self.text,
            "sentence": self.sentence,
            "score": round(self.score, 4),
            "status": self.status,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class SearchResult:
    """The answer to one question: the hits best first; ``answered`` False means nothing in the
    knowledge base answers it (hits are then empty). ``region``: canonical region given or
    detected in the question, else None. ``about_document``: the question asks about a
    document itself (文号, date, status …); the first hit is then its ``文件信息``; with no
    hits (not answered) when it names no document and none can be told (「这个政策过期了吗」).
    ``uncovered_places``: places the question names that no document covers (苏州市); the
    question is then not answered."""

    query: str
    answered: bool
    region: str | None
    hits: list[Hit] = field(default_factory=list)
    about_document: bool = False
    uncovered_places: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """``{"query", "answered", "region", "about_document", "uncovered_places",
        "results": [hit.to_json(), ...]}``"""
        return {
            "query": self.query,
            "answered": self.answered,
            "region": self.region,
            "about_document": self.about_document,
            "uncovered_places": list(self.uncovered_places),
            "results": [h.to_json() for h in self.hits],
        }


@dataclass(frozen=True)
class _Unit:
    """An indexed clause with what ranking needs to know about it."""

    clause: Clause
    doc: Document
    heading: str
    blob: str  # normalised text + headings + title: "does the clause mention X"
    # the blob as printed: without the levels its 「X以上」 includes (document frequencies and
    # "do the documents print it" read this)
    printed: str
    has_money: bool
    has_count: bool
    in_targets: bool  # under a heading about 目标 (targets)
    org_money: bool  # grants amounts to organisations only (``recipient``)


class _Postings:
    """One bm25s index as it is scored: its vocabulary (term → id) and its precomputed BM25
    scores (CSC: for term id t, documents ``indices[indptr[t]:indptr[t+1]]`` score
    ``data[…]``, float32), copied out of bm25s after it indexed. Kept in the search-index cache
    instead of bm25s's own object, so that loading it imports neither bm25s nor scipy (which
    bm25s imports at import: ~0.25 s of CPU at every start, for nothing a loaded index uses).
    """

    def __init__(self, docs: list[list[str]]) -> None:
        import bm25s  # only to build: a loaded index reads the arrays below

        index = bm25s.BM25()
        index.index(docs, show_progress=False)
        self.vocab: dict[str, int] = dict(index.vocab_dict)
        self.data: npt.NDArray[np.float32] = index.scores["data"]
        self.indices: npt.NDArray[np.int32] = index.scores["indices"]
        self.indptr: npt.NDArray[np.int32] = index.scores["indptr"]
        self.num_docs: int = int(index.scores["num_docs"])
        self.dtype = np.dtype(index.dtype)

    def scores(self, term: str) -> FloatArray:
        """BM25 score of ``term`` (one of ``vocab``) in every document, float64 — what bm25s's
        ``get_scores([term])`` computes (its numpy scorer, the "lucene" method: no
        non-occurrence term), as float64. Raises ValueError, as bm25s does, for the empty
        term it puts in the vocabulary but not in the scores."""
        t = self.vocab[term]
        if t + 1 >= len(self.indptr):
            raise ValueError(f"term {term!r} has no scores")
        start, end = self.indptr[t], self.indptr[t + 1]
        got = np.zeros(self.num_docs, dtype=self.dtype)
        np.add.at(got, self.indices[start:end], self.data[start:end])
        return got.astype(np.float64)


class _Bm25Pair:
    """BM25 over one set of texts twice: jieba words and character bigrams, with per-term
    score caches (``scores`` are read-only after build, so threads may share them)."""

    def __init__(self, word_docs: list[list[str]], gram_docs: list[list[str]]) -> None:
        self.words = _Postings(word_docs)
        self.grams = _Postings(gram_docs)
        self.zeros: FloatArray = np.zeros(len(word_docs))
        self._word_cache: dict[str, FloatArray] = {}
        self._gram_cache: dict[str, FloatArray] = {}

    def _term(self, index: _Postings, cache: dict[str, FloatArray], term: str) -> FloatArray:
        """BM25 scores of one term over all texts (cached; zeros for an unknown term)."""
        got = cache.get(term)
        if got is None:
            got = index.scores(term) if term in index.vocab else self.zeros
            if len(cache) < 50000:
                cache[term] = got
        return got

    def word(self, word: str, subs: Sequence[str]) -> FloatArray:
        if word in self.words.vocab:
            return self._term(self.words, self._word_cache, word)
        # Not a corpus word (技师证): its known sub-words stand in, discounted.
        total = self.zeros.copy()
        for sub in subs:
            total += 0.8 * self._term(self.words, self._word_cache, sub)
        return total

    def gram(self, word: str) -> FloatArray:
        total = self.zeros.copy()
        for g in dict.fromkeys(bigrams(word)):
            total += self._term(self.grams, self._gram_cache, g)
        return total

    def cross(self, gram: str) -> FloatArray:
        return self._term(self.grams, self._gram_cache, gram)

    def relevance(self, q: Query) -> FloatArray:
        """Fused relevance of every text: per question word, the better of the word itself
        and (discounted) its best synonym, so a text repeating synonyms gains nothing. Word
        and bigram scores are max-normalised and mixed (WORD_WEIGHT)."""
        sw = self.zeros.copy()
        sb = self.zeros.copy()
        for c in q.concepts:
            own_w = self.word(c.word, c.subs)
            own_g = self.gram(c.word)
            if c.alts:
                alt_w = np.max([self.word(a, ()) for a in c.alts], axis=0)
                alt_g = np.max([self.gram(a) for a in c.alts], axis=0)
                # A word no text prints (户口 for the documents' 落户) is said only through its
                # synonyms: they count fully, as the word would.
                unprinted = not (own_w.any() or own_g.any())
                share = 1.0 if unprinted else SYNONYM_WEIGHT
                own_w = np.maximum(own_w, share * alt_w)
                own_g = np.maximum(own_g, share * alt_g)
            sw += c.weight * own_w
            sb += c.weight * own_g
        for g in q.cross:
            sb += CROSS_WEIGHT * self.cross(g)
        fused: FloatArray = self.zeros.copy()
        if sw.max() > 0:
            fused += WORD_WEIGHT * sw / sw.max()
        if sb.max() > 0:
            fused += (1 - WORD_WEIGHT) * sb / sb.max()
        return fused


def _nearest_heading(doc: Document, clause: Clause) -> str:
    c: Clause | None = clause
    while c is not None:
        if c.heading:
            return c.heading
        c = doc.clause(c.parent_id) if c.parent_id else None
    return ""


def _ancestor_headings(doc: Document, clause: Clause) -> list[str]:
    out = []
    pid = clause.parent_id
    while pid:
        parent = doc.clause(pid)
        if parent.heading:
            out.append(parent.heading)
        pid = parent.parent_id
    return out


@dataclass(frozen=True)
class _NoClauses:
    """The region mask of a region no document governs: no clause (a defaultdict's factory
    that pickles, unlike a lambda: ``policy_kb.search.cache``)."""

    size: int

    def __call__(self) -> npt.NDArray[np.bool_]:
        return np.zeros(self.size, dtype=bool)


def teach_segmenter(kb: KnowledgeBase) -> None:
    """Teach the shared tokenizer the terms of ``kb``'s clause texts (``segment.corpus_terms``):
    the first step of ``SearchIndex.build``, repeated when a built index is loaded from the
    cache (``policy_kb.search.cache``) so questions are segmented as after a build."""
    segment.add_terms(segment.corpus_terms(c.text for c in kb.iter_clauses() if c.text))


class SearchIndex:
    """BM25 (words + character bigrams) over a knowledge base's clauses; see module docstring.

    Build with ``SearchIndex.build(kb)`` once per process (about 0.1 s after jieba's
    dictionary load); ``search`` is read-only and safe to call from several threads.
    """

    def __init__(
        self,
        units: list[_Unit],
        clauses: _Bm25Pair,
        passages: _Bm25Pair,
        passage_starts: list[int],
        repairer: QueryRepairer,
        coverage: Coverage,
    ) -> None:
        self._units = units
        self._clauses = clauses
        self._passages = passages
        # Passages (sentences) of unit i are passage_starts[i] .. passage_starts[i + 1] - 1.
        self._passage_starts = np.array(passage_starts, dtype=np.intp)
        self._repair = repairer
        self._coverage = coverage
        self._synonyms = lexicon.synonym_map()
        # A region added to the registry after this index was built selects nothing here.
        names = {r.name for r in REGIONS} | {r for u in units for r in u.doc.meta.regions}
        self._region_mask: defaultdict[str, npt.NDArray[np.bool_]] = defaultdict(
            _NoClauses(len(units)),
            {name: np.array([name in u.doc.meta.regions for u in units]) for name in names},
        )
        # Drafts, and documents that expired or were superseded (published lifecycle), yield
        # to documents in force on the same topic; they still answer, with their warnings.
        self._draft = np.array(
            [u.doc.meta.status == "draft" or u.doc.meta.ended_on is not None for u in units]
        )
        # 「（单位：人，元）」: a table's note of units says nothing by itself.
        self._unit_note = np.array([bool(_UNIT_NOTE.match(u.clause.text)) for u in units])
        # Attachments (forms, target tables) answer only questions naming what they list.
        self._attachment = np.array([u.clause.number.startswith("附件") for u in units])
        # Clauses paying only for people newly brought in (新引进的技师及以上人才…给予…).
        self._recruiting = np.array([_pays_recruits(u.clause.text) for u in units])
        # Clauses ruling on taking several benefits together (按上限资助，不重复享受).
        self._stacking_rule = np.array([rules_on_stacking(u.clause.text) for u in units])
        # A form to fill in (调查表) answers only questions about the form itself.
        self._form = self._attachment & np.array(["填" in u.clause.text for u in units])
        self._money = np.array([u.has_money for u in units])
        self._count = np.array([u.has_count for u in units])
        self._targets = np.array([u.in_targets for u in units])
        self._org_money = np.array([u.org_money for u in units])
        # Clauses of a city's own documents (宿迁市, 连云港市), not of a district inside one.
        self._city_doc = np.array([any(_is_city(r) for r in u.doc.meta.regions) for u in units])
        # Places below the district level (沭阳县, 泗洪) as printed, and which clauses name each.
        reserved = [a.lower() for r in REGIONS for a in (r.name, *r.aliases)]
        places = corpus_places((u.clause.text for u in units), reserved)
        self._place_mask = {
            name: np.array([name in u.clause.text for u in units]) for name in set(places.values())
        }
        self._place_label = {
            name: np.array([u.clause.text.startswith(name) for u in units])
            for name in self._place_mask
        }
        # A table's whole-area row (全市：… 200000；…): what a question naming the whole area
        # asks of the table's columns.
        self._total_rows = {
            w: mask
            for w in TOTAL_LABELS
            if (
                mask := np.array(
                    [
                        u.clause.text.startswith(w + "：")
                        and printed_row(u.clause.text) is not None
                        for u in units
                    ]
                )
            ).any()
        }
        place_region: dict[str, str] = {}
        for name, mask in self._place_mask.items():
            where = {r for i in np.flatnonzero(mask) for r in units[i].doc.meta.regions}
            if len(where) == 1:
                place_region[name] = where.pop()
        self._zeros: FloatArray = np.zeros(len(units))
        docs = {u.doc.meta.doc_id: u.doc for u in units}
        self._documents = [docs[k] for k in sorted(docs)]
        self._facts = {k: docinfo.document_facts(d) for k, d in docs.items()}
        self._analyser = QueryAnalyser(
            repairer, "\n".join(u.printed for u in units), places, place_region
        )

    # ------------------------------------------------------------------ build

    @classmethod
    def build(cls, kb: KnowledgeBase) -> SearchIndex:
        """Index every clause of ``kb`` that has text of its own. Raises ValueError if none."""
        units: list[_Unit] = []
        fields: list[tuple[str, list[str]]] = []
        for doc_id in sorted(kb.documents):
            doc = kb.documents[doc_id]
            for c in doc.clauses:
                if not c.text:
                    continue
                heading = _nearest_heading(doc, c)
                # Ancestors' headings place a leaf in its section; the document title is left
                # out: shared by every clause, it only adds noise (its years, its place).
                context = _ancestor_headings(doc, c)
                own = [c.heading] * HEADING_REPEAT if c.heading else []
                printed = _shared_suffix_spelt_out(c.text)
                blob = normalize("\n".join([printed, *own[:1], *context]))
                blob += "\n" + _unbracketed(blob) + "\n" + _bracket_marks_dropped(blob)
                levels = _levels_included(c.text)
                units.append(
                    _Unit(
                        clause=c,
                        doc=doc,
                        heading=heading,
                        blob=blob + "\n" + levels if levels else blob,
                        printed=blob,
                        has_money=bool(_MONEY_RE.search(c.text)),
                        has_count=bool(_COUNT_RE.search(c.text)),
                        in_targets=any("目标" in h for h in [c.heading, *context])
                        or bool(_TARGET_TEXT.search(c.text) and _COUNT_RE.search(c.text)),
                        org_money=clause_recipients(c.text) == {"organisation"},
                    )
                )
                fields.append((normalize(printed), [normalize(x) for x in [*own, *context]]))
        if not units:
            raise ValueError("knowledge base has no clause text to index")
        teach_segmenter(kb)

        word_docs: list[list[str]] = []
        gram_docs: list[list[str]] = []
        vocab: dict[str, int] = {}
        p_words: list[list[str]] = []
        p_grams: list[list[str]] = []
        starts: list[int] = []
        for text, extra in fields:
            # Segmented sentence by sentence (jieba splits at punctuation anyway): the clause's
            # words are its sentences' words.
            sentences = [(x, word_tokens(x)) for x in split_sentences(text) or [text]]
            toks = [t for _, words in sentences for t in words]
            for w in toks:
                vocab[w] = vocab.get(w, 0) + 1
            extra_toks = [t for x in extra for t in word_tokens(x)]
            word_docs.append(toks + extra_toks)
            gram_docs.append(bigrams_of_runs([text, *extra]))
            starts.append(len(p_words))
            for sentence, words in sentences:
                p_words.append(words + extra_toks)
                p_grams.append(bigrams_of_runs([sentence, *extra]))
        # The words the documents' segmentation cuts out (``Coverage.printed_in``).
        printed_words = frozenset(t for toks in word_docs for t in toks)
        clauses = _Bm25Pair(word_docs, gram_docs)
        passages = _Bm25Pair(p_words, p_grams)
        # The lexicon's words (户口, 职称) are the field's vocabulary even where the documents
        # print them rarely or only as a synonym (落户): a homophone typed for one of them
        # (护口, 职陈) is repaired like one of a word the documents use.
        # So are the product's own names (技工蓝卡, 蓝卡), however seldom a document prints them.
        for syn in [*lexicon.synonym_map(), *lexicon.PRODUCT_TERMS]:
            vocab[syn] = max(vocab.get(syn, 0), MIN_UNCONFIRMED_USES)
        corpus_text = "\n".join(u.printed for u in units)
        # Pinyin may also spell the words of asking about a document (shengxiao: 生效).
        repairer = QueryRepairer(
            vocab, corpus_text, lexicon.STOPWORDS | lexicon.PINYIN_ASKS | docinfo.META_WORDS
        )
        coverage = Coverage(
            [u.printed for u in units],
            lexicon.synonym_map(),
            segment.verbs(),
            segment.adjectives(),
            printed_words,
        )
        return cls(units, clauses, passages, starts, repairer, coverage)

    @property
    def size(self) -> int:
        """Number of indexed clauses."""
        return len(self._units)

    # ------------------------------------------------------------------ query analysis

    def _analyse(self, query: str, region: str | None) -> Query:
        return self._analyser.analyse(query, region)

    # ------------------------------------------------------------------ scoring

    def _scores(self, q: Query) -> FloatArray:
        """Relevance of every clause: its own BM25 relevance mixed with its best sentence's
        (``_Bm25Pair.relevance``), then the priors (money, counts, targets, places, recipients,
        definitions, drafts) described in the module docstring."""
        whole = self._clauses.relevance(q)
        best = np.maximum.reduceat(self._passages.relevance(q), self._passage_starts)
        if best.max() > 0:
            best = best / best.max()
        fused: FloatArray = (1 - PASSAGE_WEIGHT) * whole + PASSAGE_WEIGHT * best
        if q.money:
            # Asking about a subsidy: the clause that states the amount is the useful one.
            fused = np.where(self._money, fused * (1.15 if q.amount else 1.1), fused)
        elif q.count:
            # 「多少人」: a clause printing no count at all cannot say how many.
            fused = np.where(self._count, fused * 1.08, fused * NO_COUNT_WEIGHT)
        if q.target and (q.count or q.amount):
            fused = np.where(self._targets, fused * 1.2, fused)
        elif not (q.target or q.count or q.amount):
            fused = np.where(self._targets, fused * TARGETS_OFF_TOPIC, fused)
        named = self._zeros.astype(bool)
        label = self._zeros.astype(bool)
        for place in q.places:
            named |= self._place_mask[place]
            label |= self._place_label[place]
        if (q.count or q.amount) and not q.places:
            for word, mask in self._total_rows.items():
                if _asks_total(word, q.raw):
                    label |= mask
                    fused = np.where(mask, fused * PLACE_WEIGHT, fused)
        if q.places:
            # A place named in the question and printed in the clause counts strongly; a row of
            # an attachment naming it is not held back like other attachment text.
            fused = np.where(
                label, fused * PLACE_WEIGHT, np.where(named, fused * PLACE_MENTION_WEIGHT, fused)
            )
        fused = np.where(self._attachment & ~named, fused * ATTACHMENT_WEIGHT, fused)
        unit_note = UNIT_NOTE_ASKED_WEIGHT if _ASKS_UNITS.search(q.raw) else UNIT_NOTE_WEIGHT
        fused = np.where(self._unit_note, fused * unit_note, fused)
        if not _ABOUT_FORM.search(q.raw):
            fused = np.where(self._form, fused * FORM_WEIGHT, fused)
        elif _FILLING.search(q.raw):
            # 「企业规模怎么填」: how to fill a field is answered by a form, not by an article
            # sharing its words (规模以上企业)
            fused = np.where(self._form, fused * FILL_ASKED_WEIGHT, fused)
        if q.money and _OWN_CERTIFICATE.search(q.text) and not _RECRUIT_ASK.search(q.text):
            # 「民营企业技师奖励」「考了技师证」: a worker naming their employer's kind or their
            # certificate asks what they get for their own certificate; a clause paying only
            # the newly recruited (新引进的技师) names the same employer and grade but answers
            # another question.
            fused = np.where(self._recruiting, fused * RECRUIT_UNASKED_WEIGHT, fused)
        if not q.org:
            # Workers ask about themselves: money paid only to organisations comes a little lower.
            fused = np.where(self._org_money, fused * ORG_MONEY_WEIGHT, fused)
        elif q.org_receives:
            # 「厂里能领多少」: the organisation asks what it gets; the worker's money is not it.
            fused = np.where(self._org_money, fused / ORG_MONEY_WEIGHT, fused)
        if q.example:
            # 「经营领域举个例子」: the clause giving examples of what is asked (…如：…).
            gives = np.array([self._gives_examples(u, q.focus) for u in self._units])
            fused = np.where(gives, fused * EXAMPLE_WEIGHT, fused)
        if q.define:
            plain = np.array(
                [max(defines(t, u.clause.text) for t in q.define) for u in self._units]
            )
            # A clause saying what the term is (X是指…, X（A、B、C）) answers 「X指哪些」 however
            # little else of it matches (a form's notes, the term printed 高能人才): it competes
            # with the best clause mentioning X, wherever it is printed.
            explicit = plain >= 1.0
            fused = np.where(explicit, np.maximum(fused, DEFINITION_FLOOR * fused.max()), fused)
            fused = fused * (1 + DEFINITION_WEIGHT * plain)
            if _ABOUT_FORM.search(q.raw):
                # 「调查表里说的技能人才指什么人」: the form's own notes define it as the form means it
                fused = np.where(explicit & self._form, fused * FORM_DEFINITION_WEIGHT, fused)
        if q.region is None:
            # A draft is never the first thing to show when in-force text answers as well.
            fused = np.where(self._draft, fused * 0.93, fused)
        return fused

    @staticmethod
    def _gives_examples(unit: _Unit, words: Sequence[str]) -> bool:
        """Does the clause give examples or options of one of ``words`` (工种如：…, 企业类型：
        国有企业、集体企业…)?"""
        text = normalize(unit.clause.text)
        return any(
            re.search(
                re.escape(w) + r"(?:[^，。；]{0,3}?(?:如|例如|比如|包括)|[:：][^。；]{1,12}、)",
                text,
            )
            for w in words
            if len(w) >= 2
        )

    def _states_amount_for(
        self,
        unit: _Unit,
        q: Query,
        words: Sequence[str] | None = None,
        *,
        for_worker: bool = False,
        for_org: bool = False,
    ) -> bool:
        """Does one sentence of the clause give an amount and carry most of what is asked
        (``words``, default the question's focus)? ``for_worker``: and, for a question not
        speaking of an organisation, an amount not paid to organisations: 「技师奖励多少」 asks
        for the 4000元 the worker gets more than the 500元/人 an employer gets for hiring one
        (a question naming an organisation, 工作室 or 基地, asks about one). ``for_org``: an
        amount paid to an organisation (「厂里招来个高级工能领多少」: the 500元/人 the employer
        gets)."""
        with_lead = _with_lead(split_sentences(unit.clause.text))
        asked = q.focus if words is None else words
        # 「技能大师工作室能补多少」 asks of an organisation's money whoever asks
        any_org = not for_worker or q.org or any(ORG_WORD_RE.search(w) for w in asked)
        return any(
            _PAYS_RE.search(s)
            and (any_org or sentence_recipient(own) != "organisation")
            and (not for_org or sentence_recipient(own) != "person")
            and self._coverage.score(asked, _other_levels_masked(normalize(s), asked)) >= 0.5
            for s, own in with_lead
        )

    def _says_what_for(self, unit: _Unit, q: Query) -> bool:
        """Does one sentence of the clause name what is asked about (or a synonym) and then
        say what it serves (为…提供依据, 用于, 以便, 目的)?"""
        words = [a for w in q.focus for a in self._coverage.alternatives(w) if len(a) >= 2]
        for sentence in split_sentences(unit.clause.text):
            text = normalize(sentence)
            said = _PURPOSE_TEXT.search(text)
            # the thing first, then what it serves (not a form's field 「用于职工培训经费」)
            if said and any(0 <= text.find(w) < said.start() for w in words):
                return True
        return False

    def _states_duration_for(self, unit: _Unit, q: Query) -> bool:
        """Does one sentence of the clause give a duration (3年, 1—3年, 6个月; not a date such
        as 2021年) and carry most of what is asked (the question's focus)?"""
        return any(
            _DURATION_TEXT.search(own) and self._coverage.score(q.focus, normalize(s)) >= 0.5
            for s, own in _with_lead(split_sentences(unit.clause.text))
        )

    def _states_period_for(self, unit: _Unit, q: Query) -> bool:
        """Does one sentence of the clause say how often something is done (每季度至少组织1次,
        每年举办) and carry most of what is asked (the question's focus)?"""
        return any(
            _PERIOD_TEXT.search(own) and self._coverage.score(q.focus, normalize(s)) >= 0.5
            for s, own in _with_lead(split_sentences(unit.clause.text))
        )

    def _says_where(self, unit: _Unit, q: Query) -> bool:
        """Does one sentence of the clause say where something is set up (在市民中心开设…,
        在公共就业服务机构设立…) and name what is asked (a focus word or a synonym)?"""
        words = [a for w in q.focus for a in self._coverage.alternatives(w) if len(a) >= 2]
        for sentence in split_sentences(unit.clause.text):
            text = normalize(sentence)
            said = _WHERE_TEXT.search(text)
            if said and any(w in text[said.start() :] for w in words):
                return True
        return False

    def _counts_what_is_asked(self, unit: _Unit, q: Query) -> bool:
        """Does the clause print a count right after a noun the question asks how many of
        (人才 in 「引进各类人才6万人」; a compound's head: 技能人才 -> 人才)? When the question
        names a thing besides its verbs, only the thing is counted: 「培养多少高技能人才」 asks
        for people, not the 「培养载体20家」 a verb of it happens to precede."""
        named = {w for w in q.focus if len(w) >= 2 and has_cjk(w) and not w.isdigit()}
        nouns = {w for w in named if not self._coverage.is_verb(w)} or named
        nouns |= {w[-2:] for w in nouns if len(w) >= 4}
        text = normalize(unit.clause.text)
        return any(
            re.search(re.escape(w) + _COUNT_AFTER, text)
            for w in nouns
            if w not in lexicon.GENERIC_WORDS or w in ("人才",)
        )

    def _best_sentence(self, unit: _Unit, q: Query) -> str:
        """The clause's sentence that covers most of the question (amounts preferred when the
        question is about money); the lead sentence repeating the heading only if alone."""
        sentences = split_sentences(unit.clause.text) or [unit.clause.text]
        lead = f"{unit.clause.heading}。" if unit.clause.heading else ""
        candidates = [s for s in sentences if s != lead] or sentences
        # A short sentence naming a measure (「推行企业新型学徒制培训。」) introduces the one
        # after it, which says what is given: read together they answer "how much for X".
        introduced = [
            a + b
            for a, b in pairwise(sentences)
            if len(a) <= LEAD_SENTENCE_CHARS and not _MONEY_RE.search(a) and a != lead
        ]
        candidates += introduced
        # … and alone it only names the measure: read with the sentence it introduces when
        # that covers the question as well (「台儿庄企业搞新型学徒制」: what is given for it)
        leads_alone = {a for a, b in pairwise(sentences) if a + b in introduced}
        best = candidates[0]
        best_score = -1.0
        texts = [normalize(x) for x in sentences]
        for s in candidates:
            text = normalize(s)
            # What the clause said before this sentence (its subject: 与洪泽中专合作的企业)
            # still holds for it, at half credit.
            k = next((i for i, x in enumerate(texts) if x and x in text), 0)
            before = "".join(texts[:k])
            score = self._sentence_coverage(q.content, text + "\n" + _unbracketed(text), before)
            prize = asks_prize(q.raw)
            if q.money and _PAYS_RE.search(s) and not (prize and not about_contestants(s)):
                score += 0.3
            elif q.count and _COUNT_RE.search(s):
                score += 0.15
            elif q.purpose and _PURPOSE_TEXT.search(s):
                score += 0.3  # 「钱用在哪」「干啥用的」: the sentence saying what it serves
            elif q.stacking and rules_on_stacking(s):
                score += 1.0  # 「能一起拿吗」: the sentence ruling on it (不重复享受)
            elif q.how_often and _PERIOD_TEXT.search(s):
                score += 0.3  # 「多久搞一次」: the sentence giving the period
            if q.define:
                # 「啥是X」「X指的是啥」: the sentence saying what X is (X是指…, X（A、B）,
                # 以“…”为主要内容的X), else the one printing X, before a rule merely using it
                term = q.define[0]
                score += DEFINING_SENTENCE_BONUS * defines(term, text) + (
                    TERM_SENTENCE_BONUS if term in text else 0.0
                )
            # 「市级比赛一等奖」: the sentence printing the contest's tier, not another tier's prize
            score += TIER_SENTENCE_BONUS * tier_fit(q.raw, s)
            if prize and about_contestants(s):
                # 「比赛二等奖有奖金吗」: the sentence paying the contestants (获奖选手), not the
                # one funding whoever hosts the contest (承接…竞赛，给予赛事补助)
                score += CONTESTANT_BONUS
            if s in leads_alone:
                score -= 1e-3
            if score > best_score + 1e-9:
                best, best_score = s, score
        return best

    def _sentence_coverage(self, words: Sequence[str], text: str, before: str) -> float:
        """Weighted share (0..1) of ``words`` a sentence carries: the word itself 1, only a
        synonym 0.8 (实习 is near 实训基地, not it), only in the clause's earlier sentences
        0.5; generic words weigh half (``Coverage.score``)."""
        total = got = 0.0
        for w in dict.fromkeys(words):
            wt = self._coverage.weight(w) * (0.5 if w in lexicon.GENERIC_WORDS else 1.0)
            if not wt:
                continue
            total += wt
            alts = self._coverage.alternatives(w)
            if w in text:
                got += wt
            elif any(a in text for a in alts):
                got += 0.8 * wt
            elif any(a in before for a in alts):
                got += 0.5 * wt
        return got / total if total else 1.0

    def _overview(self, q: Query, region: str, top: int) -> SearchResult:
        """A question naming only a district (「叶集有什么政策」), or asking nothing in particular
        of a preferred one: the district's documents' opening clauses in reading order."""
        mask = self._region_mask[region]
        picked = [u for i, u in enumerate(self._units) if mask[i]][:top]
        return SearchResult(q.raw, True, q.region, [self._hit(u, 0.0, q) for u in picked])

    # ------------------------------------------------------------------ public

    def search(
        self,
        query: str,
        *,
        top: int = 3,
        region: str | None = None,
        prefer_region: str | None = None,
    ) -> SearchResult:
        """Answer ``query`` with up to ``top`` clauses, best first.

        ``region``: the question is about this district (canonical name or alias), as if the
        question named it: when one of its clauses is about what is asked (answers it, with an
        amount when one is asked, or scores at least ``REGION_SHARE`` of the best), its clauses
        down to that one are listed first, even when another district's clause answers better;
        when none is, the clauses about the topic come first wherever they are (a caller
        showing them says whose they are: ``hits[0].doc_id``). ``result.region`` is it. None:
        the district named in the question (or the one whose county it names), else all.

        ``prefer_region``: a district the asker is likely in (the bot's remembered district when
        the question names none). Its clauses get a small multiplicative boost
        (``PREFER_REGION_WEIGHT``), and those about what is asked scoring at least
        ``REGION_SHARE`` of the best are listed first; a clearly better answer elsewhere still
        comes first, and nothing is filtered. Ignored when the question names a district
        or ``region`` is given; ``result.region`` stays None. A question with nothing to look
        for (「有什么政策」) gets that district's overview.

        A message asking several things at once (three questions or more: 补贴, 房子, 孩子
        上学) gets the best clause of each answerable question, in the order asked
        (``_several``); it is answered when any of them is.

        Raises ValueError for an unknown region or prefer_region, or top < 1.
        """
        if top < 1:
            raise ValueError("top must be at least 1")
        asked = simplified(query)  # 洪澤引進技師: typed in traditional characters
        # 「hóngzé jìshī」: pinyin typed with its tone marks is the plain pinyin every rule reads
        query = plain_pinyin(asked)
        # 「补贴是好多」「有奖金木有」: regional question words read as the standard ones that
        # every rule below knows; the result still quotes the question as asked.
        standard = lexicon.standard_asks(query)
        # 「不是洪泽，是叶集的…」: the place taken back is no place of the question
        standard = drop_negated_places(standard)
        # 「…的奖励（不是给个人的那笔）」: the benefit taken back is not what is asked
        standard = drop_negated_topics(standard)
        result = self._search_standard(standard, top, _canonical(region), _canonical(prefer_region))
        return result if standard == asked else replace(result, query=asked)

    def _search_standard(
        self, query: str, top: int, canon: str | None, prefer: str | None
    ) -> SearchResult:
        """``search`` of a question in standard question words, its regions canonical."""
        q = self._analyse(query, canon)
        if q.region is not None:
            prefer = None
        if _ABOUT_ASSISTANT.search(query):
            # 「你是机器人吗」: about this assistant, not about any document.
            return SearchResult(query, False, None, [])
        if q.uncovered:
            # 「苏州引进技师有补贴吗」: no document of 苏州 is held; another place's rule
            # must not be answered as if it applied there.
            return SearchResult(query, False, None, [], uncovered_places=q.uncovered)
        kind = docinfo.asks_about_document(query)
        if (
            kind is None
            and docinfo.named_document(query, self._documents) is not None
            and not docinfo.asks_content(query)
        ):
            # 「洪办发 2021 10 是什么」「台人社发【2021】17号谁发的」: a document's own 文号,
            # however typed, asks about that document (its title, issuer, date)
            kind = "strong"
        if kind is None and _LATIN.search(query):
            # 「连云港 gaojineng rencai 实施意见 shengxiao 了吗」: asked in pinyin
            kind = docinfo.asks_about_document(q.text)
        status = asks_document_status(q.text) and not self._names_a_topic(q)
        if kind is None and status:
            # 「这文件现在还作数不」: whether a document still stands, in any status word
            kind = "weak"
        if kind is None and canon is None and q.region and docinfo.bare_status_ask(q.text):
            # 「连云港定了没」「宿迁生效没」: the place typed, its own document and its standing
            # (a caller's remembered place is not typed: 「定了没」 alone may mean anything)
            kind, status = "strong", True
        plain = _without_wording_ask(query)
        if (
            kind is not None
            and plain is not None
            and docinfo.asks_about_document(plain) is None
            and self._names_a_topic(self._analyse(plain, canon), at_least=1)
        ):
            # 「…给骨干办企业年金…想找原文看看」: the original wording of the topic the story
            # names is its clause; only the ask for 原文 made it look like one about a document
            pq = self._analyse(plain, canon)
            topic = self._answer(plain, pq, canon, top, prefer)
            # the clause must print a word the story names beyond the generic ones (a place
            # without that topic keeps its document's information, not a clause merely near)
            named = [w for w in pq.focus if w not in lexicon.GENERIC_WORDS]
            if topic.answered and any(w in topic.hits[0].text for w in named):
                return replace(topic, query=q.raw)
        if kind == "strong" or (kind == "weak" and not self._names_a_topic(q)):
            about = self._about_document(q, top, prefer, status=status)
            if about is not None:
                return about
        if plain is not None:
            # 「X补贴想看原文怎么写的」: X's clause is the original wording asked for; the words
            # asking for it name no topic and would only dilute X's
            found = self._answer(plain, self._analyse(plain, canon), canon, top, prefer)
            if found.answered:
                return replace(found, query=q.raw)
        return self._answer(query, q, canon, top, prefer)

    def _answer(
        self, query: str, q: Query, canon: str | None, top: int, prefer: str | None
    ) -> SearchResult:
        """``_search_standard`` of a question not about a document itself: several questions
        each answered, asides left out, a tail no clause answers left out."""
        questions = _several_questions(query)
        if questions:
            return self._several(q, questions, top, prefer)
        lead = _before_asides(query)
        if lead is not None:
            # 「…补贴多少，去哪办」: the ask the documents answer leads; the aside's words
            # (部门, 上班) neither reject the message nor pull another clause up
            led = self._search(self._analyse(lead, canon), top, prefer)
            if led.answered:
                return replace(led, query=q.raw)
        result = self._search(q, top, prefer)
        if not result.answered:
            return self._without_unanswered_tail(query, canon, top, prefer) or result
        return result

    def _without_unanswered_tail(
        self, query: str, canon: str | None, top: int, prefer: str | None
    ) -> SearchResult | None:
        """A message rejected whole whose last part asks something no clause answers on its
        own (「…奖励多少，节后哪天复工」) while the parts before it ask what one does: their
        answer, the message as asked. None otherwise (a story before an unanswered ask — 「我
        是技师，失业金怎么领」 — asks nothing answerable: still rejected)."""
        parts = segments(normalize(query))
        if len(parts) < 2 or not asks(parts[-1]) or not asks(parts[-2]):
            return None
        if self._search(self._analyse(parts[-1], canon), 1, None).answered:
            return None
        led = self._search(self._analyse("，".join(parts[:-1]), canon), top, prefer)
        return replace(led, query=query) if led.answered else None

    def _several(
        self, q: Query, questions: list[str], top: int, prefer: str | None
    ) -> SearchResult:
        """A message asking several things at once (补贴, 房子, 孩子上学, 老婆工作): each
        question searched on its own (with the story told before them, and the district the
        message names), the best clause of each answered one listed in the order asked, then
        their second best; answered when any is. Rejecting the whole message would leave the
        answerable questions unanswered."""
        found = [self._search(self._analyse(x, q.region), top, prefer) for x in questions]
        answered = [r for r in found if r.answered and r.hits]
        if not answered:
            return self._search(q, top, prefer)
        hits: list[Hit] = []
        seen: set[tuple[str, str]] = set()
        for rank in range(top):
            for r in answered:
                if rank < len(r.hits):
                    h = r.hits[rank]
                    if (h.doc_id, h.clause_id) not in seen:
                        seen.add((h.doc_id, h.clause_id))
                        hits.append(h)
        return SearchResult(q.raw, True, q.region, hits[:top])

    def _about_document(
        self, q: Query, top: int, prefer: str | None, *, status: bool = False
    ) -> SearchResult | None:
        """A question about a document itself: its ``文件信息`` first, then the clauses of that
        document that bear on the question. None when no document can be told.

        ``status``: it asks whether the document still stands (有效, 作数, 废止 …). Naming no
        document, place or 文号 (「这个文件现在还有效吗」), it is about the document the asker
        has in mind, which only the dialogue can tell: not answered, no hits, rather than an
        arbitrary document whose words happen to match."""
        doc = docinfo.pick_document(q.raw, self._documents, q.region or prefer)
        if (
            # 「这个说法有文件依据吗」 with no claim before it: about what the asker was told,
            # which only the dialogue knows, like a document's standing
            (status or CLAIM_CHECK.search(q.text) is not None)
            and q.region is None
            and prefer is None
            and all(w in docinfo.META_WORDS or w in STATUS_WORDS for w in q.content)
            and docinfo.pick_document(without_document_nouns(q.raw), self._documents) is None
        ):
            return SearchResult(q.raw, False, None, [], about_document=True)
        rest: list[Hit] = []
        if doc is None or q.content:
            found = self._search(q, top, prefer)
            if doc is None:
                if not found.hits:
                    # 「这个政策过期了吗」 with no document named and none remembered: still a
                    # question about a document (the caller knows which from the dialogue).
                    if any(w not in docinfo.META_WORDS for w in q.content):
                        return None
                    return SearchResult(q.raw, False, q.region, [], about_document=True)
                doc = next(d for d in self._documents if d.meta.doc_id == found.hits[0].doc_id)
            rest = [h for h in found.hits if h.doc_id == doc.meta.doc_id]
        # A question typed in pinyin asks its fact in the words it was read as.
        info = self.document_info(doc.meta.doc_id, q.text if _LATIN.search(q.raw) else q.raw)
        return SearchResult(q.raw, True, q.region, [info, *rest][:top], about_document=True)

    def _names_a_topic(self, q: Query, at_least: int | None = None) -> bool:
        """Does the question name something of a document's content (失业保险, 费率) besides
        the words of asking about a document and the documents' own titles? ``at_least``: how
        many such words it takes (by default two, one for a claim checked)."""
        titles = normalize("".join(d.meta.title for d in self._documents))
        topical = [
            w
            for w in q.focus
            if w not in docinfo.META_WORDS
            # 「什么时候开始实行」: asking its standing names nothing it grants
            and w not in STATUS_WORDS
            and w not in titles
            and w not in lexicon.GENERIC_WORDS
            and self._coverage.weight(w) > 0
        ]
        # 「…技师能发三千块，有没有政策依据」: a claim checked against the documents names its
        # topic with one word; a 依据 asked of a document alone names none.
        if at_least is None:
            at_least = 1 if CLAIM_CHECK.search(q.text) else 2
        return len(topical) >= at_least

    def document_info(self, doc_id: str, question: str = "") -> Hit:
        """The ``文件信息`` hit of a document: its text quotes the printed header and footer
        lines and states 文号, date, issuer, status, 依据 (``policy_kb.docinfo``); its sentence is
        the line ``question`` asks for. Raises KeyError for an unknown doc_id."""
        facts = self._facts[doc_id]
        meta = next(d.meta for d in self._documents if d.meta.doc_id == doc_id)
        return Hit(
            doc_id=doc_id,
            doc_title=meta.title,
            clause_id=facts.clause_id,
            number=facts.number,
            heading=facts.heading,
            text=facts.text,
            sentence=docinfo.fact_line(question, facts),
            score=1.0,
            status=meta.status,
            citation=meta.citation(),
        )

    def _search(self, q: Query, top: int, prefer: str | None) -> SearchResult:
        """Rank the clauses for an analysed question (see ``search``)."""
        query = q.raw
        if not q.content:
            if q.region is not None:
                return self._overview(q, q.region, top)
            if prefer is not None:
                return self._overview(q, prefer, top)
            return SearchResult(query, False, None, [])  # 你好, 有什么政策: nothing to look for
        fused = self._scores(q)
        if prefer is not None:
            fused = np.where(self._region_mask[prefer], fused * PREFER_REGION_WEIGHT, fused)
        size = max(12, top * 4)
        order = np.argsort(-fused, kind="stable")
        pool = list(order[:size])
        # 「沭阳县要完成多少任务数」「泗洪县的指标」: a county's row of a target table answers what
        # the county must reach, whatever of the row's headings the question uses
        rows = self._zeros.astype(bool)
        if q.target or q.count or _INDICATOR.search(query):
            for place in q.places:
                rows |= self._place_label[place]
            if not q.places:
                # 「全市认定指标多少人次」: the table's whole-city row gives every figure
                for word, mask in self._total_rows.items():
                    if _asks_total(word, q.raw):
                        rows |= mask
            rows &= self._targets | self._attachment
            if q.region is not None:
                rows &= self._region_mask[q.region]  # 连云港全市: not 宿迁's table
            pool += [int(i) for i in np.flatnonzero(rows)]
            pool = list(dict.fromkeys(pool))
            fused = np.where(rows, np.maximum(fused, 1e-6), fused)
        if q.region is not None:
            # The named district's best clauses compete even when others outscore them.
            mask = self._region_mask[q.region]
            pool += [i for i in order if mask[i]][:size]
            pool = list(dict.fromkeys(pool))
        ranked: list[tuple[float, float, int]] = []
        vague = _VAGUE_ASK.search(q.raw) is not None
        prize_ask = asks_prize(q.raw)
        # another district's ruling on taking benefits together is not the named one's
        own = self._region_mask[q.region] if q.region is not None else self._stacking_rule
        for i in pool:
            if fused[i] <= 0:
                continue
            # ranked on what the clause prints (not the levels its 「X以上」 includes)
            cov = self._coverage.evidence(q.focus, self._units[i].printed)
            score = float(fused[i]) * (COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * cov)
            if q.amount and self._states_amount_for(
                self._units[i], q, for_worker=not q.org_receives, for_org=q.org_receives
            ):
                # 「学徒制怎么补」: the clause with a sentence giving an amount for what is asked
                # answers it, not the one describing the measure.
                score *= AMOUNT_SENTENCE_WEIGHT
            elif q.amount and self._states_amount_for(self._units[i], q):
                # … less so when that amount is paid to organisations and a worker asks
                score *= ORG_AMOUNT_SENTENCE_WEIGHT
            if q.purpose and not self._form[i] and self._says_what_for(self._units[i], q):
                # 「调查表是干啥用的」: the sentence saying what it serves (为…提供依据); a
                # form's cells (「用于职工培训」) say nothing of what the form is for
                score *= PURPOSE_WEIGHT
            elif q.how_often and self._states_period_for(self._units[i], q):
                # 「技能竞赛多久搞一次」: the sentence giving a period (每季度至少组织1次)
                score *= PERIOD_WEIGHT
            elif q.how_long and not q.money and self._states_duration_for(self._units[i], q):
                # 「学徒制学几年」: the sentence giving a duration (1—3年弹性学制) for what is asked
                score *= DURATION_WEIGHT
            elif q.where and self._says_where(self._units[i], q):
                # 「服务窗口开在哪」: the sentence saying where it is set up (在市民中心开设…)
                score *= WHERE_WEIGHT
            elif (
                q.count
                and not (q.amount or q.places)  # a county's count is its table row's cell
                and self._counts_what_is_asked(self._units[i], q)
            ):
                # 「要引进多少人才」: 「引进各类人才6万人」 counts the 人才 asked about;
                # 「引进省外职技院校毕业生1000人」 counts graduates.
                score *= COUNT_SENTENCE_WEIGHT
            if q.stacking and self._stacking_rule[i] and (q.region is None or own[i]):
                # 「几个奖能一起拿吗」: the clause ruling on it (按上限资助，不重复享受), not one
                # paying any of them
                score *= STACKING_WEIGHT
            if prize_ask and not about_contestants(self._units[i].clause.text):
                # 「区级比赛二等奖有奖金吗」: a clause funding whoever holds a contest (承接…竞赛，
                # 给予赛事补助) pays no prize; the paragraph rewarding the winners answers
                score *= HOST_ONLY_WEIGHT
            fit = self._tier_fit(self._units[i], q)
            if fit:
                # 「叶集区级比赛二等奖」: a clause printing the contest tier asked comes before one
                # printing only other tiers (台儿庄's 国家、省、市级 sentence for a 区里 prize)
                score *= TIER_WEIGHT if fit > 0 else OTHER_TIER_WEIGHT
            if vague and self._acted_on(self._units[i], q):
                # 「首席技师、特级技师咋弄」: 推进特级技师、首席技师评聘工作 acts on them;
                # 建立特级技师、首席技师薪酬待遇体系 names them in passing, of a system
                score *= ACTED_ON_WEIGHT
            ranked.append((score, cov, int(i)))
        # What a long message asks decides; when its ask is too narrow to name the topic
        # (「政策上让企业参照什么人来定待遇」), the whole message may.
        # A long message's story words the documents never print (home town, trade, the
        # employer's line of business) say nothing about whether the documents answer it.
        long = len(query) > LONG_MESSAGE_CHARS
        told = tuple(w for w in q.content if (w in q.focus and not long) or self._coverage.known(w))
        asked_sets = list(dict.fromkeys((tuple(q.focus), tuple(q.content), told)))
        ranked.sort(key=lambda r: -r[0])
        if q.region is not None:
            first, cited = self._leading(
                ranked, self._region_mask[q.region], q, asked_sets, named=True
            )
            ranked.sort(key=lambda r: (r[2] not in first, -r[0]))
            if cited is not None:
                # what the named place does have, right after the answer from elsewhere
                ranked = [
                    ranked[0],
                    *(r for r in ranked if r[2] == cited),
                    *(r for r in ranked[1:] if r[2] != cited),
                ]
        elif prefer is not None:
            first, _ = self._leading(ranked, self._region_mask[prefer], q, asked_sets, named=False)
            ranked.sort(key=lambda r: (r[2] not in first, -r[0]))
        elif CITY_WIDE.search(q.raw):
            # 「市里要培养多少高技能人才」: a city's own clause about what is asked comes before a
            # district's (全区…) however the district's scores; when no city prints one, the
            # district's leads and its document says whose it is.
            first, _ = self._leading(ranked, self._city_doc, q, asked_sets, named=False)
            ranked.sort(key=lambda r: (r[2] not in first, -r[0]))
        if q.stacking and q.region is not None:
            mask = self._region_mask[q.region]
            if not bool((self._stacking_rule & mask).any()):
                # 「台儿庄几项补贴能叠加吗」: its document rules nothing on it; another district's
                # ruling would read as its own, so its own clauses are shown (and said to be
                # silent on it, ``bot.answer``)
                ranked = [r for r in ranked if mask[r[2]]] or ranked
        if rows.any():
            # … when the row is what is asked: no topic beyond the target words, or a topic
            # its headings print (「泗洪县学徒制要达成啥」 asks a measure the row lacks)
            topic = [
                w
                for w in q.focus
                if not _TARGET_WORD.fullmatch(w)
                and not any(_asks_total(label, w) for label in TOTAL_LABELS)  # 整个市
            ]
            if not topic or any(
                rows[i]
                and self._coverage.evidence(topic, self._units[i].printed) >= ROW_TOPIC_SHARE
                for _, _, i in ranked
            ):
                ranked.sort(key=lambda r: (not rows[r[2]], -r[0]))
            else:
                rows = self._zeros.astype(bool)
        # Answered if the knowledge base answers it at all, even if not for the named region.
        best_overall = sorted(ranked, key=lambda r: -r[0])[:3]
        answered = any(
            self._coverage.answers(words, self._units[i].blob)
            for words in asked_sets
            for _, _, i in dict.fromkeys(ranked[:3] + best_overall)
        )
        if not answered and ranked:
            # Colloquial wording (厂子, 中不中, 咋回事) the documents never use lowers the
            # evidence; a rare domain word of the question printed in the best clause still
            # shows what it is about.
            answered = bool(self._coverage.anchors(q.focus, self._units[ranked[0][2]].blob))
        if not answered and ranked and rows[ranked[0][2]]:
            answered = True  # the named county's row of a target table
        if not answered and ranked and q.stacking:
            # 「俺三样都符合，能一起拿不」: names no benefit; the ruling clause answers it, and
            # where none rules the answer says so (``bot.answer``) over the place's clauses
            answered = True
        if not answered and ranked:
            # 「台儿庄工作站」: a short question naming what a clause's own heading is about
            # asks for that clause, even with a word as generic as 服务 or 窗口.
            heading = normalize(self._units[ranked[0][2]].clause.heading)
            answered = len(query) <= SHORT_HEADING_QUESTION and all(w in heading for w in q.focus)
        if answered:
            # 「洪泽失业金怎么领」 shares 失业保险 and 补贴 with clauses but asks for a service
            # no document covers: answered only when a top clause names it too.
            tops = [_DUTY_LIST.sub("", self._units[i].blob) for _, _, i in ranked[:3]]
            # the asking part as typed too: its lone characters (断 缴) are no content words
            asked = "".join(q.focus) + "\n" + focus_text(q.text)
            answered = all(any(term in blob for blob in tops) for term in outside_terms(asked))
        if answered and q.money and not _ABOUT_FORM.search(query):
            # A form's cells (技师, 月工资待遇, 用于职工培训经费) grant nothing: shown for a
            # question about money they would read as the reward asked about.
            ranked = [r for r in ranked if not self._form[r[2]]]
            answered = bool(ranked)
        if not answered:
            return SearchResult(query, False, q.region, [])
        hits = [self._hit(self._units[i], score, q) for score, _, i in ranked[:top]]
        return SearchResult(query, True, q.region, hits)

    def _leading(
        self,
        ranked: list[tuple[float, float, int]],
        mask: npt.NDArray[np.bool_],
        q: Query,
        asked_sets: Sequence[Sequence[str]],
        *,
        named: bool,
    ) -> tuple[set[int], int | None]:
        """The clauses of a district (``mask``) listed before all others: topic decides over
        place, and a clause to cite second (always None here). ``ranked``: (score, coverage, unit index), best first; ``asked_sets``: the
        question's words read as what it asks (its focus, all its content, the words of a long
        message the documents know), any of which a clause may answer.

        A clause *about what is asked* answers the question (``Coverage.answers``) and, when
        an amount is asked (补贴标准, 补多少), states one for it. For a district the question
        names (``named``), its clauses scoring at least REGION_SHARE of the best clause anywhere
        lead, and so do those about what is asked: its weakly related clause (its training
        clause for 「…技能大师工作室补多少」 when it has none; its 学徒 target for 「学徒补贴标
        准」) does not beat the clauses about the topic. For the asker's remembered district
        (``prefer_region``) only its clauses about what is asked that score at least
        REGION_SHARE of the best lead: a 洪泽 worker asking 「考证奖励多少」 gets 洪泽's reward
        before 叶集's, and a clearly better answer elsewhere still comes first."""
        if not ranked:
            return set(), None
        floor = REGION_SHARE * ranked[0][0]
        asks_amount = bool(lexicon.AMOUNT_RE.search(q.raw))

        def about(i: int) -> bool:
            # what a long message asks, or the whole message (its ask may name no topic:
            # 「…拿了个三等奖，到底能奖多少钱」)
            unit = self._units[i]
            if any(
                self._coverage.answers(words, unit.blob)
                and (not asks_amount or self._states_amount_for(unit, q, words))
                for words in asked_sets
            ):
                return True
            # A story's own words (爱人, 上个月) and a qualifier of another district's rule
            # (民营企业) lower the evidence: carrying a good part of the topic the message
            # names (技能大赛, 三等奖, 等级), with an amount when one is asked, is enough.
            return (not asks_amount or unit.has_money) and any(
                (self._coverage.topic(words, unit.blob) or 0.0) >= NAMED_TOPIC_SHARE
                for words in asked_sets
            )

        if named:
            # 「洪泽给引进技师发住房补贴不」: a clause of 洪泽 about introduced 技师 is not about
            # a 住房 subsidy; when clauses elsewhere print the kind of benefit asked and none of
            # the named district's candidates does, none of them leads (its 新型学徒制 clause
            # prints 新型学徒制 for 「…新型学徒制补多少」 however it scores against another's).
            kinds = self._kind_words(q)
            if (
                kinds
                and any(self._prints_all(kinds, i) for _, _, i in ranked if not mask[i])
                and not any(self._prints_all(kinds, i) for _, _, i in ranked if mask[i])
            ):
                return set(), None
            # the district's clauses in their own order, down to its last one about the topic
            cutoff = min([floor, *(score for score, _, i in ranked if mask[i] and about(i))])
            return {i for score, _, i in ranked if mask[i] and score >= cutoff}, None
        return {i for score, _, i in ranked if mask[i] and score >= floor and about(i)}, None

    def _tier_fit(self, unit: _Unit, q: Query) -> int:
        """+1 when a sentence of the clause prints the contest tier the question asks
        (``tiers``), -1 when its sentences print only other tiers, 0 otherwise."""
        if asked_tier(q.raw) is None:
            return 0
        fits = {tier_fit(q.raw, s) for s in split_sentences(unit.clause.text)}
        return 1 if 1 in fits else -1 if -1 in fits else 0

    def _acted_on(self, unit: _Unit, q: Query) -> bool:
        """Does one sentence of the clause name every thing the question names (its focus)
        as what an action is done to: the things, listed (、, 和, 及), then a verb (评聘, 培养,
        选拔 …: jieba's verbs)? Not when a noun follows them (…首席技师薪酬待遇体系: they only
        say whose system) or 的."""
        ask = _VAGUE_ASK.search(q.raw)
        named = [
            w
            for w in self._coverage.topic_words(q.focus)
            if len(w) >= 2 and (ask is None or w not in ask.group())
        ]
        if not named:
            return False
        verbs = segment.verbs()
        for sentence in split_sentences(unit.clause.text):
            text = normalize(sentence)
            if not all(w in text for w in named):
                continue
            end = max(text.rfind(w) + len(w) for w in named)
            after = segment.cut_precise(text[end : end + 8])
            if after and after[0] in verbs:
                return True
        return False

    def _kind_words(self, q: Query) -> tuple[str, ...]:
        """The words naming the kind of benefit a question asks for: 住房 of 「引进的技师有住房
        补贴吗」 (a compound ending in a money word, 住房补贴 and 生活补贴, or the word right
        before one, 购房+补贴), when it is no action (引进), people or skill level (技师: whom
        it is for), employer (民营企业: whose) or word printed in many clauses (技能, 培训), and
        some clause prints it."""
        out = []
        for w in self._coverage.topic_words(q.focus):
            money = next((m for m in _KIND_MONEY if w.endswith(m) and len(w) > len(m)), None)
            if money is None and not re.search(re.escape(w) + _BEFORE_MONEY, q.text):
                continue
            if (w[: -len(money)] if money else w) in _PAID_HOW:
                continue  # 一次性奖励: how it is paid, of any kind
            if (
                not has_cjk(w)
                or any(c.isdigit() for c in w)
                or self._coverage.is_verb(w)
                or w in SKILL_LEVELS
                or w in lexicon.PEOPLE_WORDS
                or w.endswith(lexicon.PEOPLE_ENDINGS)
                or w.endswith(lexicon.EMPLOYER_NOUNS)
                or self._coverage.weight(w) < KIND_MIN_WEIGHT
                or not self._coverage.known(w)
            ):
                continue
            out.append(w)
        return tuple(out)

    def _prints_all(self, words: Sequence[str], i: int) -> bool:
        """Does clause ``i`` print each of ``words`` (or an alternative of it)?"""
        blob = self._units[i].blob
        return all(
            any(self._coverage.printed_in(a, blob) for a in self._coverage.alternatives(w))
            for w in words
        )

    def search_many(
        self,
        queries: Sequence[str],
        *,
        top: int = 3,
        region: str | None = None,
        prefer_region: str | None = None,
    ) -> list[SearchResult]:
        """``search`` for each query, in order."""
        return [
            self.search(q, top=top, region=region, prefer_region=prefer_region) for q in queries
        ]

    def _hit(self, unit: _Unit, score: float, q: Query) -> Hit:
        meta = unit.doc.meta
        text = unit.clause.text
        printed = printed_row(text)
        if printed is not None:
            # a table row: also as the page prints it (沭阳县 29000 10980 …), cells in order
            text = f"{text}\n（表中原行：{printed}）"
        return Hit(
            doc_id=meta.doc_id,
            doc_title=meta.title,
            clause_id=unit.clause.clause_id,
            number=unit.clause.number,
            heading=unit.heading,
            text=text,
            sentence=self._best_sentence(unit, q),
            score=score,
            status=meta.status,
            citation=meta.citation(),
        )


_LATIN = re.compile(r"[A-Za-z]{2}")
# 「一是…」「第二…」「还有…」: the markers numbering the questions of one message.
_QUESTION_MARK = re.compile(
    r"^(?:[一二三四五六七八九十1-9]是|第[一二三四五六七八九十1-9]|再就是|还有|另外|以及)"
)
# 「有几个问题」「问几个事」: announces the questions, asks nothing itself
_ANNOUNCES_QUESTIONS = re.compile(r"[几些俩两仨][个件点]?(?:问题|事)")
MANY_QUESTIONS = 3  # asking segments naming something: a message asking several things


def _asks_total(label: str, text: str) -> bool:
    """Does the question ask for the whole area a table's total row is labelled ``label``
    (全市, 合计): the label printed, or the area said as a worker says it (宿迁市里, 整个市)?"""
    whole = _WHOLE_AREA.get(label)
    return label in text or (whole is not None and whole.search(text) is not None)


def _with_lead(sentences: Sequence[str]) -> list[tuple[str, str]]:
    """(the sentence read with a short lead sentence before it, the sentence) for each
    sentence: a short lead (「推行企业新型学徒制培训。」) names what the next one pays or sets."""
    return [
        (a + b if len(a) <= LEAD_SENTENCE_CHARS else b, b) for a, b in pairwise(["", *sentences])
    ]


def _other_levels_masked(text: str, asked: Sequence[str]) -> str:
    """``text`` with the skill levels whose names hold an asked level but are not asked
    themselves blanked out: 「技师奖励多少」 is not answered by a sentence paying only
    「首席技师」 (an honour) or only 「高级技师」; a sentence also naming 技师 still is."""
    for level in _LONGER_LEVELS:
        if level not in asked and any(
            w in level and w != level for w in asked if w in SKILL_LEVELS
        ):
            text = text.replace(level, "＿")
    return text


# Longest first, so 高级技师 is blanked before anything inside it is looked at.
_LONGER_LEVELS = tuple(sorted(SKILL_LEVELS, key=len, reverse=True))


def _several_questions(query: str) -> list[str]:
    """The questions of a message asking several things at once (at least MANY_QUESTIONS
    segments that ask, each naming more than a question word), each with the story told
    before the first of them; [] for a message asking one thing."""
    parts = segments(normalize(query))
    asking = [
        i
        for i, p in enumerate(parts)
        if asks(p)
        and not _ANNOUNCES_QUESTIONS.search(p)
        and len(_named_part(_QUESTION_MARK.sub("", p))) > _BARE_QUESTION_CHARS
    ]
    if len(asking) < MANY_QUESTIONS:
        return []
    story = "，".join(p for p in parts[: asking[0]] if not asks(p))
    return [(story + "，" if story else "") + _QUESTION_MARK.sub("", parts[i]) for i in asking]


# Asks for the printed wording of what the message names: 「想看原文怎么写的」「文件里怎么说的」
# 「原话是什么」「条文咋规定的」.
_WORDING_ASK = re.compile(
    r"(?:我?想|要|能|可以)?(?:找找|找|翻翻|翻)?(?:看看|看一下|看下|看|查查|查|瞧瞧|瞧)?(?:一下)?"
    r"(?:(?:文件|政策|方案|条款|规定)(?:里|上|中|里面)?的?)?"
    r"(?:原文|原话|原句|原文件|条文|全文|具体条款|具体内容)"
    # 「找原文瞧瞧到底怎么写的」: a look, and an 到底 before the how
    r"(?:看看|看一下|看下|瞧瞧|瞧一瞧)?(?:到底|究竟|具体)?"
    r"(?:是|里)?(?:怎么|咋|如何)?(?:写|说|讲|规定|表述)?的?(?:是什么|是啥|什么|啥)?"
    r"(?:给我|发我|发给我)?(?:看看|看一下|看下|发一下)?"
    r"|(?:文件|政策|方案|条款|规定)(?:里|上|中|里面)(?:是)?(?:怎么|咋|如何)(?:写|说|讲|规定|表述)的?"
    r"|(?:具体)?(?:怎么|咋)(?:写|表述)的"
)
WORDING_MIN_LEFT = 4  # Chinese characters left to name the topic whose wording is asked


def _without_wording_ask(query: str) -> str | None:
    """``query`` without its ask for the printed wording (``_WORDING_ASK``) when a topic of
    at least WORDING_MIN_LEFT characters is left; None when it asks for none or names
    nothing else (「原文在哪看」 asks about the document)."""
    plain = _WORDING_ASK.sub("，", query)
    if plain == query or len(_CJK_CHAR.findall(plain)) < WORDING_MIN_LEFT:
        return None
    return plain


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


# Asks about running the service rather than the policy: which office or department, where
# to go, opening hours, a phone number, the day a rule starts. No clause answers them; said
# after a question about a benefit they are an aside to it.
_ASIDE_ASK = re.compile(
    r"哪个?(?:部门|单位|科室|窗口|机构|局)|什么(?:部门|单位|机构)|找谁|归谁管|谁负责"
    r"|(?:去|到|在)哪[里儿个]?(?:办|申请|领|交|报|问|咨询|递|提交)?|哪里|哪儿"
    r"|几点|上班|下班|开门|关门|周末|节假日|休息日|办公时间|工作时间|电话|地址|联系方式"
    # how it is handed in and paid out: online, by appointment, queueing, the money arriving
    r"|网上|线上|手机上|公众号|官网|网址|小程序|排队|预约|代办|到账|打款|打到卡"
    r"|(?:什么|啥)时候(?:开始|执行|生效|实施|施行|起|兑现|落实)|何时|从哪天|哪天(?:开始|起)"
)
ASIDE_MAX_CHARS = 12  # a trailing ask longer than this says more than an aside


def _before_asides(query: str) -> str | None:
    """The message without the asides asked after its question (「…多少，去哪办，几点上班」:
    ``_ASIDE_ASK``), when what is left still asks; None when it has none or nothing else asks."""
    parts = segments(normalize(query))
    k = len(parts)
    while k > 1 and len(parts[k - 1]) <= ASIDE_MAX_CHARS and _ASIDE_ASK.search(parts[k - 1]):
        k -= 1
    if k == len(parts) or not asks(parts[k - 1]):
        return None
    return "，".join(parts[:k])


_BARE_QUESTION_CHARS = 1  # 「咋办」「有没有吗」: an ask this short names nothing
_ASK_WORDS = re.compile(
    r"[吗呢吧啊呀的了么嘛?？]|怎么|咋|能不能|有没有|可不可以|是不是|什么|啥|多少|如何|怎样"
)


def _named_part(text: str) -> str:
    """``text`` without its question words and particles: what it names."""
    return _ASK_WORDS.sub("", text)


# 「具备中级以上技能水平」「技师及以上人才」: a skill level and every level above it.
_LEVEL_AND_ABOVE = re.compile(r"(高级技师|技师|高级工|中级工|初级工|高级|中级|初级)及?以上(?!职称)")
_BARE_GRADE = {"初级": "初级工", "中级": "中级工", "高级": "高级工"}


def _levels_included(text: str) -> str:
    """The skill levels a clause's 「X以上」 includes, as words (中级以上 -> 中级工 高级工 技师
    高级技师 …), so that a 高级工 asking about 「具备中级以上技能水平的外来劳动者」 finds himself
    in it; "" when the clause sets no such floor."""
    out: list[str] = []
    for m in _LEVEL_AND_ABOVE.finditer(text):
        level = _BARE_GRADE.get(m.group(1), m.group(1))
        out += SKILL_LEVELS[SKILL_LEVELS.index(level) :]
    return " ".join(dict.fromkeys(out))


# 「初、中、高级技能人才」「一、二、三等奖」: grades or places listed with the suffix printed once.
_SHARED_SUFFIX = re.compile(
    r"((?:[一二三四五初中高]、)+[一二三四五初中高])(级|等奖)(技能人才|技能|工)?"
)


def _shared_suffix_spelt_out(text: str) -> str:
    """``text`` with enumerations sharing one printed suffix written out in full: 「初、中、高级
    技能人才」 is 「初级技能人才、中级技能人才、高级技能人才」, so a question about 初级工 finds it."""

    def spell(m: re.Match[str]) -> str:
        tail = m.group(2) + (m.group(3) or "")
        return "、".join(c + tail for c in m.group(1).split("、"))

    return _SHARED_SUFFIX.sub(spell, text)


_SHORT_BRACKET = re.compile(r"[（(][^（）()]{1,4}[）)]")


def _unbracketed(text: str) -> str:
    """The text without short bracketed insertions: 「实训（实习）基地」 is also 「实训基地」,
    the way people say it."""
    return _SHORT_BRACKET.sub("", text)


def _bracket_marks_dropped(text: str) -> str:
    """The text with the marks of short bracketed insertions dropped and their words kept:
    「各县（区）」 is said 「各县区」, 「实训（实习）基地」 「实训实习基地」."""
    return _SHORT_BRACKET.sub(lambda m: m.group(0)[1:-1], text)


def _is_city(name: str) -> bool:
    """Is ``name`` (a document's region) a city governing itself (宿迁市), not a district of
    one (洪泽区 of 淮安市)? False for a name the registry does not hold."""
    try:
        r = region_of(name)
    except KeyError:
        return False
    return r.city == r.name


def _canonical(region: str | None) -> str | None:
    """Canonical region name for a name or alias (None stays None); ValueError if unknown."""
    if region is None:
        return None
    canon = canonical_region(region)
    if canon is None:
        raise ValueError(f"unknown region {region!r}")
    return canon
