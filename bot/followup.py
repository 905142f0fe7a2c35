"""Answering a follow-up (「要啥材料」「最多补多少」「能同时享受吗」) from the last answer's clause,
its neighbours in the same document, and the same document's clauses that search finds for it.
A follow-up of a kind ``bot.aspects.kind_asked`` names (期限, 给谁, a condition …) is answered
by that kind's handler first; this reading is what it falls back on.

The sentence that answers is picked by what the follow-up asks for (a duration, a recipient, a
condition, where to apply …) and by the characters it shares with the follow-up; the last
clause wins ties, then its neighbours.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.cases import Case, case_amounts
from bot.context import GENERIC_CHARS, USE_OF_FUNDS, Topic, level_spans
from bot.intents import bare
from policy_kb.ingest import split_sentences
from policy_kb.places import resolve_places
from policy_kb.search import Hit, segment
from policy_kb.search.intent import STACKING_ASK, asks_stacking
from policy_kb.search.lexicon import synonym_map
from policy_kb.search.recipient import clause_recipients, sentence_recipient

if TYPE_CHECKING:
    from policy_kb.model import Clause, KnowledgeBase
    from policy_kb.search import SearchIndex

# What a follow-up asks for → what an answering sentence contains.
_CUES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (
        re.compile(r"分几|几次|分.次|分期|一次给|一次性给"),
        re.compile(r"分\d+年|分[一二两三]年|分期|逐年|补贴到位|期限|最长|\d+年内|[一二两三]年内"),
    ),
    (
        re.compile(r"(?<!分)几年|多久|多长|期限|几个月"),
        re.compile(
            r"期限|最长|\d+年内|[一二两三]年内|期内|期间|任期|满\d+(?:个)?[年月]|"
            r"\d+(?:个)?[年月]以上|连续"
        ),
    ),
    (
        re.compile(r"给谁|企业还是|个人还是|单位还是|给企业|给个人|给单位|发给谁|补给谁"),
        re.compile(
            r"给予企业|给予个人|企业补助|个人补助|向.*申领|给予.{0,6}(企业|个人|单位|学校|机构)"
        ),
    ),
    (
        re.compile(r"条件|要求|需要|什么人|哪些人|谁能|资格"),
        # 以上 of a level, a time, an age or a schooling (中级工以上, 3年以上), not of a count
        # a target sets (引进…1000人以上)
        re.compile(
            r"满\d|(?:[工师级]|\d+个?[年月]|周?岁|学历|专科|本科)(?:及)?以上|签订|缴纳|取得|符合|具有"
            r"|对.{0,20}的"
        ),
    ),
    (
        re.compile(r"怎么(?:申请|领|办)|去哪|到哪|找谁|哪里|哪个部门|材料|流程"),
        re.compile(r"申请|申报|窗口|办理|审核|负责|部门|提交|材料"),
    ),
    (
        re.compile(r"多少钱|给多少|补多少|奖多少|几[千万百]|金额|标准|上限|最多|最高|封顶"),
        re.compile(r"\d+(?:\.\d+)?万?元|%|最高|上限|不超过"),
    ),
    (
        STACKING_ASK,
        re.compile(r"不重复|重复享受|按上限|就高|叠加|同时"),
    ),
    # 「这笔钱用在哪些地方」: the sentence saying what a sum is for (「主要用于实习管理…」)
    (USE_OF_FUNDS, re.compile(r"用于|用在|用作|专款专用|专项用")),
)
SAME_CLAUSE_BONUS = 0.6
NEIGHBOUR_BONUS = 0.3
SEARCH_BONUS = 0.2
SAME_SENTENCE_BONUS = 0.5
MIN_SCORE = 1.0
MIN_OWN_SCORE = 0.5  # what the sentence itself must score: an answer kind, or half the pairs
# Share of the last answer's sentence (its character pairs) a sentence of another clause must
# hold to answer: about the same subsidy, not a neighbour's different one.
MIN_TOPIC_SHARE = 0.3


_NOT_WORD = re.compile(r"[^\u4e00-\u9fff\w]")
_SPACE = re.compile(r"\s")


# A follow-up is scored against every sentence of the clause answered, its neighbours and the
# search's hits, and those sentences are the documents' own: their pairs are kept for the last
# few thousand texts (frozen, as every caller only reads them).
@functools.lru_cache(maxsize=4096)
def _bigrams(text: str) -> frozenset[str]:
    t = _NOT_WORD.sub("", text)
    return frozenset(t[i : i + 2] for i in range(len(t) - 1))


_ASKS_RECIPIENT = _CUES[2][0]


# What a follow-up's own word found in a sentence, or one the search reads the same (晋级 for
# 晋升), adds: as much as all its character pairs would.
OWN_WORD_SCORE = 1.0


@functools.cache
def _own_synonyms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Search's synonym groups keyed by words with a character of their own (not only asking
    or money words: 补贴 ≈ 钱 would match any sentence), longest first."""
    pairs = [
        (word, (word, *others))
        for word, others in synonym_map().items()
        if any(ch not in GENERIC_CHARS for ch in word)
    ]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@functools.lru_cache(maxsize=4096)
def _own_words_in(question: str) -> tuple[tuple[str, ...], ...]:
    """The synonym groups (``_own_synonyms``) whose word ``question`` holds: read once per
    question, not once per sentence it is scored against."""
    return tuple(words for word, words in _own_synonyms() if word in question)


def own_word_found(question: str, sentence: str) -> bool:
    """True when a word of ``question`` that search knows synonyms for (「升级」「晋级」) is in
    ``sentence`` as itself or one of them (「…办理技能等级晋级手续」)."""
    groups = _own_words_in(question)
    if not groups:
        return False
    plain = _SPACE.sub("", sentence)
    return any(any(w in plain for w in words) for words in groups)


@functools.lru_cache(maxsize=4096)
def _asked_cues(q: str) -> tuple[tuple[re.Pattern[str], ...], bool]:
    """What the follow-up ``q`` (bare) asks for, read once per question: the patterns of the
    kinds of answer it asks (``_CUES``, in order), and whether it asks who receives."""
    return tuple(gives for asks, gives in _CUES if asks.search(q)), bool(_ASKS_RECIPIENT.search(q))


def sentence_score(question: str, sentence: str) -> float:
    """How well ``sentence`` answers the follow-up ``question``: 2 per kind of answer asked for
    and given, plus the share of the question's character pairs it contains. A sentence that
    grants money to a person or an organisation (``clause_recipients``) says who gets it."""
    q = bare(question)
    score = 0.0
    gives_asked, asks_recipient = _asked_cues(q)
    kind_asked = bool(gives_asked)
    for gives in gives_asked:
        if gives.search(sentence):
            score += 2.0
    if asks_recipient and not _CUES[1][1].search(sentence) and clause_recipients(sentence):
        score += 2.0
    pairs = _bigrams(q)
    shared = len(pairs & _bigrams(sentence)) / len(pairs) if pairs else 0.0
    if not kind_asked and own_word_found(q, sentence):
        # 「还给升级吗」 asks only whether the clause says that thing (晋级)
        shared = max(shared, OWN_WORD_SCORE)
    return score + shared


def neighbours(kb: KnowledgeBase, doc_id: str, clause_id: str) -> list[Clause]:
    """The clause, then its parent and the clauses next to it in reading order, same document."""
    doc = kb.document(doc_id)
    clauses = doc.clauses
    idx = next((i for i, c in enumerate(clauses) if c.clause_id == clause_id), None)
    if idx is None:
        return []
    me = clauses[idx]
    out = [me]
    if me.parent_id is not None:
        out += [c for c in clauses if c.clause_id == me.parent_id]
    out += [c for c in clauses[max(0, idx - 1) : idx + 2] if c is not me]
    out += [c for c in clauses if c.parent_id == me.clause_id]
    return list(dict.fromkeys(out))


def _candidates(
    kb: KnowledgeBase, index: SearchIndex, topic: Topic, question: str
) -> Iterable[tuple[Clause, float]]:
    near = neighbours(kb, topic.doc_id, topic.clause_id)
    for i, clause in enumerate(near):
        yield clause, SAME_CLAUSE_BONUS if i == 0 else NEIGHBOUR_BONUS
    if asks_stacking(bare(question)):
        # whether two benefits add up is said once for the whole document (叶集 十: 符合多重
        # 条件的，按上限资助，不重复享受), far from the clause just cited
        for clause in kb.document(topic.doc_id).clauses:
            yield clause, 0.0
    doc_regions = kb.document(topic.doc_id).meta.regions
    region = doc_regions[0] if doc_regions else None
    for query in (question + "，" + topic.question, question):
        result = index.search(query, top=5, region=region)
        for hit in result.hits:
            if hit.doc_id != topic.doc_id:
                continue
            try:
                clause = kb.clause(hit.doc_id, hit.clause_id)
            except KeyError:
                continue  # the document's own facts (文件信息): no clause to answer from
            yield clause, SEARCH_BONUS


def another_grant(sentence: str, shown: str) -> bool:
    """True when ``sentence`` grants a sum of its own (``sentence_recipient``) about another
    thing than the sentence ``shown`` (less than ``MIN_TOPIC_SHARE`` of its character pairs):
    its period or conditions are not those of what was shown."""
    if sentence == shown or sentence_recipient(sentence) is None:
        return False
    return not same_thing(sentence, shown)


def same_thing(sentence: str, shown: str) -> bool:
    """True when ``sentence`` holds at least ``MIN_TOPIC_SHARE`` of the character pairs of the
    sentence ``shown``: about the same thing."""
    pairs = _bigrams(shown)
    return not pairs or len(pairs & _bigrams(sentence)) / len(pairs) >= MIN_TOPIC_SHARE


def answer_follow_up(
    kb: KnowledgeBase, index: SearchIndex, topic: Topic, question: str
) -> Hit | None:
    """The hit answering a follow-up from the last topic's document, or None when nothing in
    the last clause, its neighbours or the document's matching clauses answers it."""
    best: tuple[float, Clause, str] | None = None
    seen: set[str] = set()
    topic_pairs = _bigrams(topic.sentence or bare(topic.question))
    for clause, bonus in _candidates(kb, index, topic, question):
        if clause.clause_id in seen or not clause.text.strip():
            continue
        seen.add(clause.clause_id)
        own = clause.clause_id == topic.clause_id
        for sentence in split_sentences(clause.text) or [clause.text]:
            score = sentence_score(question, sentence)
            if score < MIN_OWN_SCORE:
                continue  # the bonuses below break ties; they never answer on their own
            # another clause answers only about the same thing (「分几年给」 of a neighbour's
            # different subsidy is not this subsidy's answer); so does another sentence of the
            # same clause granting a sum of its own (洪泽 三（三）4: 学徒制 and 特殊待遇)
            if not asks_stacking(bare(question)):
                if not own and topic_pairs:
                    shared = len(topic_pairs & _bigrams(sentence)) / len(topic_pairs)
                    if shared < MIN_TOPIC_SHARE:
                        continue
                if own and topic.sentence and another_grant(sentence, topic.sentence):
                    continue
            score += bonus + (SAME_SENTENCE_BONUS if sentence == topic.sentence else 0.0)
            if best is None or score > best[0] + 1e-9:
                best = (score, clause, sentence)
    if best is None or best[0] < MIN_SCORE:
        return None
    score, clause, sentence = best
    meta = kb.document(clause.doc_id).meta
    return Hit(
        doc_id=clause.doc_id,
        doc_title=meta.title,
        clause_id=clause.clause_id,
        number=clause.number,
        heading=clause.heading,
        text=clause.text,
        sentence=sentence,
        score=score,
        status=meta.status,
        citation=meta.citation(),
    )


def level_sentence(text: str, level: str, about: str = "") -> str | None:
    """The sentence of a clause giving ``level`` its own amount (「…技师3500元/人…」), or None.

    One clause may pay several things by level (洪泽 三（三）4: a certificate reward and the
    apprenticeship subsidy both list 高级工): the sentence sharing most character pairs with
    ``about`` (the sentence the last answer led with) is the one that goes on talking about it.
    """
    found = [s for s in split_sentences(text) or [text] if Case("level", level) in case_amounts(s)]
    if not found:
        return None
    near = _bigrams(about)
    return max(found, key=lambda s: len(near & _bigrams(s)))


def lists_levels(text: str) -> bool:
    """True when some sentence of a clause gives amounts by skill level."""
    return any(c.kind == "level" for s in split_sentences(text) or [text] for c in case_amounts(s))


# -- 「A还是B」: which of two things the worker names the last clause says ------------------------

_CHOICE = re.compile(r"^(?:那|那么)?(?:是|这是|这个是)?(.{1,8}?)还是(.{1,8}?)(?:呢|啊|呀|吗|哈)?$")
_CHOICE_LEAD = re.compile(r"^(?:是|按照|按|发给|给|由|算|拿)")
_CHOICE_TAIL = re.compile(r"(?:来算|来给|来发|算|给|发|拿|领|补|的)+$")
_PERSON_WORD = re.compile(r"个人|本人|自己|职工|工人|员工|人才|选手|学员|学生|我")
_ORG_WORD = re.compile(r"企业|单位|公司|厂|老板|机构|学校|院校|基地|工作室")


_PREPOSITIONS = ("按照", "按", "发给", "给", "由")


@dataclass(frozen=True)
class Choice:
    """「是按税前还是税后算」: the two options as the worker wrote them, without the verbs
    around them (税前, 税后), and the preposition each was said with (按), if any."""

    first: str
    second: str
    prefixes: tuple[str, str] = ("", "")

    def said(self, option: str) -> str:
        """The option with its preposition, or the other option's (「按税前还是税后」: 按税后)."""
        own = self.prefixes[0] if option == self.first else self.prefixes[1]
        return (own or self.prefixes[0] or self.prefixes[1]) + option


def choice_in(text: str) -> Choice | None:
    """The two options of a short 「A还是B」 question (「是给企业还是给个人」「按人头还是按班给」),
    or None."""
    m = _CHOICE.match(bare(text))
    if m is None:
        return None
    first, second = m.groups()
    lead = _CHOICE_LEAD.match(second)
    if lead and lead.group(0) in _PREPOSITIONS and lead.group(0) in first[1:]:
        # 「奖金发给厂里还是发给选手」: what comes before the shared preposition is the subject
        first = first[first.rindex(lead.group(0)) :]
    options: list[str] = []
    prefixes: list[str] = []
    for raw in (first, second):
        lead = _CHOICE_LEAD.match(raw)
        prefixes.append(lead.group(0) if lead and lead.group(0) in _PREPOSITIONS else "")
        option = _CHOICE_TAIL.sub("", _CHOICE_LEAD.sub("", raw))
        if not option:
            return None
        options.append(option)
    if options[0] == options[1]:
        return None
    return Choice(options[0], options[1], (prefixes[0], prefixes[1]))


def recipient_kind(option: str) -> str | None:
    """ "person" or "organisation" when ``option`` names one side (「我自己」「厂里」), else None."""
    if _PERSON_WORD.search(option):
        return "person"
    if _ORG_WORD.search(option):
        return "organisation"
    return None


def pick_choice(choice: Choice, sentence: str, side: str | None = None) -> str | None:
    """Which option ``sentence`` (the clause sentence just answered) bears out, or None.

    Who gets the money (企业/个人) is ``side`` when the caller knows it (the rule's
    beneficiary), else read from the sentence's grammar (``sentence_recipient``:
    「对开展新型学徒制的企业…给予补贴」 pays the enterprise); any other option counts when the
    sentence prints it (「工资薪金总额（税后）」) or states a rate per it (「每班每年1万元」,
    「2000元/人」 for 按人头). Exactly one option must be borne out."""
    options = (choice.first, choice.second)
    kinds = [recipient_kind(o) for o in options]
    if all(kinds) and kinds[0] != kinds[1]:
        who = side or sentence_recipient(sentence)
        return next((o for o, k in zip(options, kinds, strict=True) if k == who), None)
    plain = re.sub(r"\s", "", sentence)
    printed = [o for o in options if o in plain]
    if not printed:
        # 「每班每年1万元」「2000元/人」: a rate per the option's unit
        printed = [o for o in options if any(f"每{c}" in plain or f"/{c}" in plain for c in o)]
    return printed[0] if len(printed) == 1 else None


def key_words(question: str, printed: str, texts: Sequence[str]) -> frozenset[str]:
    """What a question asked of a clause is about, as the clause prints it: the words of
    ``question`` (two characters or more; no skill level, no place) that ``printed`` holds and
    the fewest of ``texts`` (every clause) print — 落户 of 「叶集中级工落户有啥条件」, 赛事 of
    「职业技能竞赛赛事补助多少」. Empty when it prints none of them."""
    blanked = list(question)
    for start, end, _level in level_spans(question):
        blanked[start:end] = " " * (end - start)
    for m in resolve_places(question):
        blanked[m.start : m.end] = " " * (m.end - m.start)
    words = {w for w in segment.cut("".join(blanked)) if len(w.strip()) >= 2 and w in printed}
    if not words:
        return frozenset()
    counts = {w: sum(w in t for t in texts) for w in words}
    fewest = min(counts.values())
    return frozenset(w for w, n in counts.items() if n == fewest)


# -- a figure of the plan just asked about ------------------------------------------------------

# 「…要达到多少」「…目标是几个」「任务数多少」: a figure the plan sets, asked in a few words
_ASKS_FIGURE = re.compile(
    r"多少|几个|几家|几所|几人|几名|几万|达到|目标|任务|指标|要完成|培养|新增"
)
# The last answer was about a plan's targets: its target year, or a sentence setting them
_TARGET_TALK = re.compile(
    r"目标|任务|指标|到哪一?年|管到|力争|(?:到|至)(?:20\d\d年|“?十[四五]五”?)|\d+(?:人次|人|家|个)以上"
)
# A count a target sentence sets (4000人以上, 5万人, 20家, 33%以上)
_FIGURE = re.compile(r"\d+(?:\.\d+)?万?(?:人次|人|家|个|名|所|项|%)(?:以上|左右)?")
_ASKS_MONEY = re.compile(r"补|奖|钱|元|资助|待遇|津贴|发放|给多少|拿多少|领多少|申请|条件")
# How far after the subject its figure may stand (「高技能人才（高级技师、技师、高级工）4000人」)
_FIGURE_WITHIN = 30
_ASK_WORDS = re.compile(
    r"要|能|需要|得|达到|达|到|多少|几个|几家|几所|几人|几名|是|呢|吗|啊|的|目标|任务|指标|完成|那|这个|那个"
)


def asks_figure_of_plan(question: str, topic: Topic) -> bool:
    """Whether a short ``question`` asks a figure (达到多少, 目标几个) right after an answer about
    a plan's targets (its target year, or a sentence setting them): the same plan is meant."""
    b = bare(question)
    if len(b) > 20 or _ASKS_MONEY.search(b):
        return False  # 「技师补多少」 after a target asks a benefit, searched as any question
    if not (_ASKS_FIGURE.search(b) or b.endswith("呢")):
        return False
    return bool(_TARGET_TALK.search(topic.question + topic.sentence))


def asks_figure_outright(question: str) -> bool:
    """Whether ``question`` says it asks a figure (多少, 达到, 目标 …), not only 「X呢」."""
    return bool(_ASKS_FIGURE.search(bare(question)))


def _subject_in(question: str, sentence: str) -> tuple[int, int] | None:
    """Where in ``sentence`` the longest run of ``question``'s own words (asking words taken
    out, two characters or more) stands, or None."""
    words = [w for w in _ASK_WORDS.split(bare(question)) if len(w) >= 2]
    best: tuple[int, int] | None = None
    for word in words:
        for size in range(len(word), 1, -1):
            if best is not None and size <= best[1] - best[0]:
                break
            found = next(
                (
                    (at, at + size)
                    for i in range(len(word) - size + 1)
                    if (at := sentence.find(word[i : i + size])) >= 0
                ),
                None,
            )
            if found is not None:
                best = found
                break
    return best


def plan_figure(
    kb: KnowledgeBase, doc_id: str, question: str, *, min_words: int = 2
) -> tuple[Hit, str] | None:
    """The sentence of document ``doc_id`` that sets a figure for what ``question`` names, and
    that figure with its subject as printed (「高技能人才（高级技师、技师、高级工）4000人以上」);
    the sentence naming the most of the question's words wins, the plan's earlier clauses
    (preamble, 目标任务) first on ties. None when no sentence of the document sets one for
    at least ``min_words`` characters of the question."""
    best: tuple[int, Clause, str, str] | None = None
    for clause in kb.document(doc_id).clauses:
        for sentence in split_sentences(clause.text) or [clause.text]:
            span = _subject_in(question, sentence)
            if span is None:
                continue
            figure = _FIGURE.search(sentence, span[1])
            if figure is None or figure.start() - span[1] > _FIGURE_WITHIN:
                continue
            size = span[1] - span[0]
            if best is None or size > best[0]:
                best = (size, clause, sentence, sentence[span[0] : figure.end()])
    if best is None or best[0] < min_words:
        return None
    _, clause, sentence, said = best
    meta = kb.document(doc_id).meta
    hit = Hit(
        doc_id=doc_id,
        doc_title=meta.title,
        clause_id=clause.clause_id,
        number=clause.number,
        heading=clause.heading,
        text=clause.text,
        sentence=sentence,
        score=1.0,
        status=meta.status,
        citation=meta.citation(),
    )
    return hit, said
