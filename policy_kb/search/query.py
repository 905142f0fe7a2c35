"""Reading a worker's question: places, repairs, content words, what is asked and how.

``QueryAnalyser.analyse`` turns raw text into a ``Query``: the districts and places it names
(and those no document covers), the text repaired (pinyin, grades, dialect, typos), its
content words with their synonyms and weights (a long message's story weighs less than what
it asks, ``focus``), and what kind of answer it wants (an amount, a count, a target, a
definition, an organisation's money). The index (``index``) scores clauses against it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

from policy_kb.places import PlaceMention, resolve_places
from policy_kb.regions import REGIONS, find_region_in_text, on_change
from policy_kb.search import lexicon, segment
from policy_kb.search.focus import CLAIM_CHECK, SHORT_MESSAGE_CHARS, asks, focus_text, segments
from policy_kb.search.intent import (
    asks_about_organisation,
    asks_for_organisation,
    asks_money_use,
    asks_purpose,
    asks_stacking,
    definition_term,
)
from policy_kb.search.repair import COMMON_WORD_FREQ, QueryRepairer, char_pinyin
from policy_kb.search.text import has_cjk, normalize
from policy_kb.skill_levels import SKILL_LEVELS

__all__ = ["Concept", "Query", "QueryAnalyser", "word_tokens"]

_COUNT_INTENT = re.compile(r"(多少|几)(个|名|家|人|所|场|次|条|项|万)")
# 「要培养多少技能人才」: how many of something, unless it is money or a duration.
_HOW_MANY = re.compile(r"多少|几")
_HOW_LONG = re.compile(r"多少(?:年|天|个?月)|几(?:年|天|个?月)|多久|多长")
# 「多久搞一次」「多长时间一次」「几个月一次」「一年几次」: how often, not how long; the documents
# say it with a period (每季度至少组织1次, 每年举办, 每月).
_HOW_OFTEN = re.compile(
    r"(?:多久|多长时间|多长|多少天|几天|几个?月|几年|多少年)[^，。？?！!]{0,3}?(?:一次|一回|1次|一趟)"
    r"|(?:一年|每年|一个月|每月|每个月|一季度|每季度|一周|每周)[^，。？?！!]{0,4}?"
    r"(?:几次|几回|几场|几期|几届|几轮|多少次|多少回|多少场|多少期)"
    r"|频次|频率|隔多久"
)
# "By 2023 how many…": quantitative targets live in a 目标任务 section.
# 一共, 总共, 累计: a total to be reached is a target too.
_TARGET_INTENT = re.compile(
    r"(20\d\d|十[四五]五|年底|年末|今年|明年|目标|任务|一共|总共|共计|累计)"
)
_PUNCT_RE = re.compile(r"[^\w%+]+")
# 「企业给三千」「每月能拿六百块」「发了两万」: a sum of money said as given or received (a claim
# being checked, or what the worker heard): the question is about that money.
_SUM_GIVEN = re.compile(
    r"[给发拿领补奖][了到]?(?:[一二三四五六七八九十两几]+[百千万]|\d+(?:\.\d+)?\s*[百千万]?)(?:块|元)?"
)
# 「举个例子」「比如有哪些」「有哪几种」: the question wants the examples or the options
# a clause lists.
# 「企业规模怎么填」「这栏填啥」: how to fill a form's field asks for the options it lists.
_EXAMPLE_ASK = re.compile(
    r"例子|举例|举个例|比如|比方|例如|打个比方|哪几种|哪几类|有几种|有几类|[怎咋]么?填|如何填|填(?:什么|啥|哪)"
)
# 「调查表是干啥用的」「为什么要填」: what something is for.
# 「窗口开在哪」「设在什么地方」「在哪儿办」: where something is (set up, done).
_WHERE_ASK = re.compile(r"在哪|哪里|哪儿|什么地方|啥地方|什么位置|地址|地点|位置")
# Words asking whether facts meet a rule (符合条件吗, 够不够): the facts are in the story.
_CHECK_WORDS = frozenset({"符合", "满足", "达到", "够格", "够", "算数", "合格", "达标", "要求"})
_LATIN_RUN_RE = re.compile(r"[a-z]+(?:\s+[a-z]+)*")
# 「jiang duoshao」「bu duo shao」「duoshao qian」: how much money, typed in pinyin (the syllables
# of AMOUNT_RE's 奖, 补, 钱 and 给, 发, 领, 拿 before 多少 / 几个钱).
_PINYIN_AMOUNT = re.compile(
    r"(?<![a-z])(?:jiang|bu|qian|gei|fa|ling|na)(?:\s*(?:le|dao|de))?\s*(?:duo\s*shao|ji\s*ge)(?![a-z])"
    r"|(?<![a-z])duo\s*shao\s*qian(?![a-z])"
)
# Measure words (一份文件, 哪条规定) and the words that count or pick with them.
_MEASURE_CHARS = frozenset("份条项个家所张本部位名批种类件")
_COUNTING_CHARS = frozenset("哪几这那每一两二三四五六七八九十0123456789")


# Region names and aliases, longest first, so 六安市叶集区 goes before 叶集.
def _region_aliases() -> tuple[str, ...]:
    return tuple(
        sorted({a.lower() for r in REGIONS for a in (r.name, *r.aliases)}, key=len, reverse=True)
    )


_REGION_ALIASES: tuple[str, ...] = _region_aliases()


def _refresh_region_aliases() -> None:
    global _REGION_ALIASES
    _REGION_ALIASES = _region_aliases()


# Districts whose documents policy staff publish join the registry while the process runs.
on_change(_refresh_region_aliases)

MAX_QUERY_CHARS = 200
# A question this short (in characters, without its asking particles) may be one term alone
# (「篮卡」「设保」「级工」), repaired whole by its sound (``QueryAnalyser._misspelt_term``).
MIN_TERM_CHARS = 2
MAX_TERM_CHARS = 5
_ASK_PARTICLES = re.compile(r"[吗呢啊呀吧么嘛哦哈?？!！。，,.\s]+$")
SHORT_QUESTION_CHARS = 8  # 「洪泽工作室」: a question this short with one topic asks for money
STORY_WEIGHT = 0.35  # a word of a long message's story (``focus``) next to a word it asks


_GRADE_WORDS = frozenset(SKILL_LEVELS[2:])
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def word_tokens(text: str) -> list[str]:
    """Index/query words: search-mode jieba tokens, no stopwords, no lone CJK characters."""
    return [
        w
        for w in segment.cut(text)
        if w not in lexicon.STOPWORDS and (len(w) >= 2 or not has_cjk(w)) and _PUNCT_RE.sub("", w)
    ]


@dataclass(frozen=True)
class Concept:
    """One content word of the question, the synonyms that may stand for it, and its
    search-mode sub-words (used when the word itself is not a corpus word)."""

    word: str
    alts: tuple[str, ...]
    subs: tuple[str, ...]
    weight: float = 1.0  # STORY_WEIGHT for a word of a long message's story, not its ask


@dataclass
class Query:
    raw: str
    region: str | None
    text: str  # repaired, normalised, region names removed
    concepts: list[Concept]
    cross: list[str]  # bigrams straddling two adjacent content words
    content: list[str]
    focus: list[str]  # the content words of what a long message asks (``focus``); else content
    amount: bool  # "how much money"
    money: bool  # asks about a subsidy or reward at all
    count: bool
    target: bool
    org: bool = False  # speaks of an organisation (企业, 中介, 培训基地 …)
    # asks what an organisation receives (厂里能领多少, 我们公司有啥补贴)
    org_receives: bool = False
    places: tuple[str, ...] = ()  # places below the district named (as printed in the text)
    define: tuple[str, ...] = ()  # a definition question: the term (and its head word)
    uncovered: tuple[str, ...] = ()  # places named that no document covers (苏州市, 盱眙县)
    example: bool = False  # asks for examples (举个例子, 比如哪些)
    purpose: bool = False  # asks what something is for (干啥用的, 目的)
    where: bool = False  # asks where something is (开在哪, 设在什么地方)
    how_long: bool = False  # asks for a duration (学几年, 多久, 多长时间)
    how_often: bool = False  # asks how often (多久搞一次, 一年几次): a period, not a duration
    stacking: bool = False  # asks whether several benefits may be taken together (能一起拿吗)


class QueryAnalyser:
    """Reads questions against one corpus.

    repairer: typo and pinyin repair over the corpus vocabulary; corpus_text: every clause's
    normalised text (what "printed in the documents" means); places: how places below the
    district level may be written -> as printed (``intent.corpus_places``); place_region: a
    printed place -> the one region whose documents print it.
    """

    def __init__(
        self,
        repairer: QueryRepairer,
        corpus_text: str,
        places: dict[str, str],
        place_region: dict[str, str],
    ) -> None:
        self._repair = repairer
        self._corpus_text = corpus_text
        self._synonyms = lexicon.synonym_map()
        forms = sorted(places.items(), key=lambda x: (-len(x[0]), x[0]))
        self._place_names = [(f, n) for f, n in forms if f == n or n.endswith(f)]
        self._place_short = [(f, n) for f, n in forms if not (f == n or n.endswith(f))]
        self._place_form = dict(forms)
        self._printed_places = frozenset(places.values())
        self._place_region = place_region
        # Short names (洪泽, 台儿庄) with their pinyin, for recognising misspelt districts.
        self._region_of: dict[str, str] = {}
        names: list[tuple[str, str, str]] = []
        for r in REGIONS:
            for a in (r.name, *r.aliases):
                if has_cjk(a):
                    self._region_of[a] = r.name
                    names.append((a, char_pinyin(a), a[0]))
        self._region_pinyin = sorted(names, key=lambda x: -len(x[0]))

    def analyse(self, query: str, region: str | None) -> Query:
        """The ``Query`` of ``query`` (raw text); ``region``: a canonical region the caller
        says the question is about (None: read it from the text)."""
        # Only the start of a very long message is read: questions are short, and the pinyin
        # and typo repairs grow with length.
        text = self._region_initials(_spaced_region_pinyin(normalize(query[:MAX_QUERY_CHARS])))
        if len(text) > SHORT_MESSAGE_CHARS:
            # 「…比赛得了三等奖 钱一直没见着 想打听下…」: in a long message a space between
            # characters ends a sentence, as typed on a phone without punctuation
            text = _CJK_SPACE.sub("，", text)
        text = self._respell_place_heads(text)
        # Places below the district select clauses like districts do: full names first (宿迁经济
        # 技术开发区 holds the district alias 宿迁), short forms (泗洪) once district names are
        # out (江苏宿迁 holds 苏宿, the short form of 苏宿工业园区).
        places: list[str] = []
        text = self._take_places(text, self._place_names, places)
        mentions = resolve_places(text)
        covered = [m.covered.region for m in mentions if m.covered is not None]
        # A zone or county written another way (宿迁经开区) is the place its table row prints;
        # a township (高墟镇) is its county's row (沭阳县).
        places.extend(
            p
            for m in mentions
            if m.covered is not None and m.covered.how == "inside"
            for p in self._printed_places
            if p in (m.name, m.county)
            or (len(p) >= 4 and p in m.name)
            or self._place_form.get(m.text) == p  # 苏宿园区, a short form the corpus knows
        )
        detected = region or find_region_in_text(text) or (covered[0] if covered else None)
        # A county or district of a covered city that the documents never print (赣榆区 of
        # 连云港) has selected its city's documents; as a word it would only look unanswered.
        for m in sorted(mentions, key=lambda m: -m.start):
            if m.covered is not None and m.text not in self._corpus_text:
                text = text[: m.start] + " " + text[m.end :]
        for alias in _REGION_ALIASES:
            text = text.replace(alias, " ")
        text = self._take_places(text, self._place_short, places)
        if detected is None:
            # A county named in one district's documents places the question there.
            detected = next(
                (self._place_region[p] for p in places if p in self._place_region), None
            )
        if detected is None:
            detected, text = self._misspelt_region(text)
        text = self._misspelt_term(text)
        text = lexicon.english_terms(text)
        text = _LATIN_RUN_RE.sub(
            lambda m: " ".join(self._repair.read_latin(m.group().split())), text
        )
        text = lexicon.apply_rewrites(text)
        text = lexicon.numerals_to_digits(text)
        # 「521工程是什么」「链主企业是什么意思」: a term the documents print as asked needs no
        # repair (工程是 is no typo of 工程师) and is what the question is about, whole.
        printed_term = definition_term(text)
        if printed_term and printed_term[0] not in self._corpus_text:
            printed_term = None
        tokens = self._repair.repair_tokens(segment.cut_precise(text), lexicon.STOPWORDS)
        text = _join_tokens(tokens)
        definition = printed_term or definition_term(text)
        define: tuple[str, ...] = ()
        if definition:
            term, text = definition
            head = [t for t in segment.cut_precise(term) if len(t) >= 2]
            define = tuple(dict.fromkeys([term, *head[-1:]]))
        # Punctuation stays until lone characters are joined: 「怎么填，有哪几种」 is not 填有.
        precise = [
            t
            for t in lexicon.attach_single_nouns(
                segment.cut_precise(text),
                segment.is_word,
                lexicon.STOPWORDS,
                self._repair.near_known,
                segment.single_verbs(),
            )
            if _PUNCT_RE.sub("", t)
        ]
        precise = self._printed_compounds(precise)
        precise = self._counted_nouns(precise)
        # 大师室, a compound no dictionary knows, shortens the documents' 大师工作室.
        precise = [
            (self._repair.expand_abbreviation(t) or t)
            if len(t) >= 3 and t not in self._corpus_text and not segment.is_word(t)
            else t
            for t in precise
        ]
        function = segment.function_words()
        content = [
            t
            for t in precise
            if t not in lexicon.STOPWORDS
            and (len(t) >= 2 or not has_cjk(t) or t in self._synonyms)  # 钱 stands for money
            # 除了, 这次, 到底: function words the documents never print say nothing of a topic
            and not (t in function and t not in self._corpus_text)
            # 问问, 查查, 天天: a character said twice (just asking; every day) names no topic
            and not (len(t) == 2 and t[0] == t[1] and t not in self._corpus_text)
        ]

        if printed_term and printed_term[0] not in content:
            # its pieces (链主+企业, 企校+双师) would say less than the term printed whole
            term = printed_term[0]
            content = [term, *(t for t in content if t not in term)]
        claims = list(CLAIM_CHECK.finditer(text))
        if claims:
            # 「…能享受大专同等待遇，这个说法有文件依据吗」: the ask checks the claim before it;
            # its own words (文件, 依据) name no topic and would only sink the clause stating it.
            checking = {
                w
                for c in claims
                for w in (*word_tokens(c.group()), *segment.cut_precise(c.group()))
            }
            content = [t for t in content if t not in checking] or content
        content, story = _story_words(text, content)
        # 「去年评上了首席技师……听说每月有补助，有没有」: the worker's grade told in the story
        # is whose benefit is asked, not background
        story = frozenset(w for w in story if w not in _GRADE_WORDS)
        # 「化工企业招技师给钱不」: the employer's line of business tells who asks; like a story
        # word it steers a little and never decides whether the documents answer.
        sector = lexicon.sector_context(text, content, self._printed)
        story = story | sector
        # A long message's story words steer a little; what it asks decides.
        asked = focus_text(text)
        focus = [t for t in content if t in asked] if asked != text else list(content)
        focus = [t for t in focus if t not in story] or focus
        if not focus or all(
            w in lexicon.GENERIC_WORDS or w in _CHECK_WORDS or w.isdigit() for w in focus
        ):
            # 「到时候政府能给多少」: an ask naming nothing but generic words (政府, 补贴)
            # asks about what the story tells; so does 「干满3年算不算符合条件」, which asks
            # whether the story's facts meet a rule.
            focus = [t for t in content if t not in sector] or list(content)
        # … and asked about even when the ask names only the benefit (每月有补助，有没有)
        # (考下了技师证: 取得 a grade is what a certificate reward pays for)
        graded = any(w in _GRADE_WORDS for w in content)
        focus += [
            w
            for w in dict.fromkeys(content)
            if (w in _GRADE_WORDS or (graded and w == "取得")) and w not in focus
        ]
        concepts: list[Concept] = []
        for w in dict.fromkeys(content):
            subs = tuple(x for x in word_tokens(w) if x != w)
            weight = 1.0 if w in focus and w not in story else STORY_WEIGHT
            concepts.append(Concept(w, self._synonyms.get(w, ()), subs, weight))
        # Bigrams across adjacent content words rescue phrases jieba cut differently.
        cross: list[str] = []
        prev = ""
        for t in precise:
            if t in lexicon.STOPWORDS or not _PUNCT_RE.sub("", t):
                prev = ""
                continue
            if prev and has_cjk(t[0]) and (has_cjk(prev[-1]) or prev.isdigit()):
                cross.append((prev if prev.isdigit() else prev[-1]) + t[0])  # 3年, 师补
            prev = t

        amount = bool(
            lexicon.AMOUNT_RE.search(query)
            or lexicon.MONEY_ASK_RE.search(query)
            # 「企业给三千，有依据吗」: the sum heard is what is checked
            or _SUM_GIVEN.search(query)
        )
        if not amount and _LATIN_RUN_RE.search(normalize(query)):
            # 「jishi butie duoshao」「gongjiang jiang duoshao」: asked in pinyin, as read, and
            # the syllables of 奖/补/钱 before duoshao that read as no document's word
            amount = bool(lexicon.AMOUNT_RE.search(text) or _PINYIN_AMOUNT.search(query.lower()))
        # 「洪泽工作室」: a place and a topic alone ask what one gets there.
        # (typed in pinyin: as read, 「HZ jineng dashi gongzuoshi」 is 技能大师工作室)
        typed = text if _LATIN_RUN_RE.search(normalize(query)) else query
        short = len(content) <= 1 and len(typed) <= SHORT_QUESTION_CHARS
        # 「洪泽工作室」: a district and a measure ask the amount given for it there, when a
        # clause states one (not a definition: 「什么是高技能人才」).
        amount = amount or (
            short and detected is not None and not definition and not _COUNT_INTENT.search(query)
        )
        money = (
            amount
            or (short and not definition)  # 「技能人才指什么人」 asks what it is, not what it pays
            or bool(lexicon.MONEY_ASK_RE.search(query))
            # 补贴, and a compound naming a kind of one (培训补贴, 一次性奖励)
            or any(
                w in lexicon.MONEY_WORDS
                or (len(w) > 2 and any(w.endswith(m) for m in lexicon.MONEY_WORDS if len(m) == 2))
                for w in content
            )
        )
        spent = asks_money_use(normalize(query))
        often = bool(_HOW_OFTEN.search(normalize(query)) or _HOW_OFTEN.search(text))
        return Query(
            raw=query,
            region=detected,
            text=text,
            concepts=concepts,
            cross=cross,
            content=content,
            focus=focus,
            amount=amount,
            money=money,
            count=bool(_COUNT_INTENT.search(query))
            or (not amount and bool(_HOW_MANY.search(query)) and not _HOW_LONG.search(query)),
            target=bool(_TARGET_INTENT.search(query)),
            org=asks_about_organisation(text),
            org_receives=asks_for_organisation(normalize(query)) or asks_for_organisation(text),
            places=tuple(dict.fromkeys(places)),
            define=define,
            uncovered=() if covered else self._uncovered(text, mentions),
            example=bool(_EXAMPLE_ASK.search(query)),
            purpose=asks_purpose(query) or spent,
            # 「钱用在哪些地方」 asks what it is spent on, not where anything is
            where=bool(_WHERE_ASK.search(query)) and not spent,
            how_long=bool(_HOW_LONG.search(text)) and not often,
            how_often=often,
            stacking=asks_stacking(normalize(query)),
        )

    def _printed(self, word: str) -> bool:
        """Do the documents print ``word``, or a term it shortens (规上企业: 规模以上企业)?"""
        return word in self._corpus_text or self._repair.expand_abbreviation(word) is not None

    def _printed_compounds(self, tokens: list[str]) -> list[str]:
        """A word and the asking word after it, joined when the documents print them as one
        term: 企业+类型 is the form's field 企业类型, though 类型 alone only asks "what kinds"."""
        out: list[str] = []
        for t in tokens:
            prev = out[-1] if out else ""
            if (
                len(t) >= 2
                and t in lexicon.STOPWORDS
                and len(prev) >= 2
                and prev not in lexicon.STOPWORDS
                and has_cjk(prev)
                and prev + t in self._corpus_text
            ):
                out[-1] = prev + t
            else:
                out.append(t)
        return out

    def _counted_nouns(self, tokens: list[str]) -> list[str]:
        """A noun the segmenter took together with the measure word counting it (哪+份文件,
        几+项政策): the noun alone, when the documents never print the pair; the measure word
        and what counts it (哪, 几, 这, 一) ask which or how many, not about what. A verb the
        segmenter took together with 在 (设在, 开在) asks where: the verb alone."""
        out: list[str] = []
        for t in tokens:
            prev = out[-1] if out else ""
            if (
                len(t) >= 3
                and t[0] in _MEASURE_CHARS
                and prev[-1:] in _COUNTING_CHARS
                and t not in self._corpus_text
                and segment.is_word(t[1:])
            ):
                t = t[1:]
            elif len(t) == 2 and t[1] == "在" and t not in self._corpus_text:
                # 设在, 开在 (设在哪): a verb and where, which the question asks, not a topic
                t = t[0]
            out.append(t)
        return out

    def _uncovered(self, text: str, mentions: list[PlaceMention]) -> tuple[str, ...]:
        """The places named that no document covers and that decide where the question is
        about: not provinces (江苏省技能大赛 names a level of contest, not a place to live), and
        not a name the documents print in the same words (六安市首席技师 is 叶集's honour)."""
        out: list[str] = []
        for m in mentions:
            # A province names a level (江苏省技能大赛), except the four 直辖市 (北京, 上海 …).
            if m.covered is not None or (m.level == "province" and not m.name.endswith("市")):
                continue
            after = text[m.end : m.end + 2]
            if text[m.start : m.end] + after in self._corpus_text or m.name + after in (
                self._corpus_text
            ):
                continue
            out.append(m.name)
        return tuple(dict.fromkeys(out))

    @staticmethod
    def _take_places(text: str, forms: list[tuple[str, str]], found: list[str]) -> str:
        """Add to ``found`` the places (as printed) written in ``text`` in one of ``forms``
        (form, name), longest first; returns the text without them."""
        for form, name in forms:
            if form in text:
                found.append(name)
                text = text.replace(form, " ")
        return text

    def _region_initials(self, text: str) -> str:
        """``text`` with a district's name typed as its pinyin initials (``yj``, ``LYG``, ``tez``:
        ``_REGION_INITIALS``) written in characters. Only a Latin word standing alone that does
        not itself read as pinyin syllables (``hz`` may be abbreviated 洪泽; ``an`` is a
        syllable, not 六安's)."""
        if not _LATIN_RUN_RE.search(text):
            return text

        def name(m: re.Match[str]) -> str:
            word = m.group()
            got = _REGION_INITIALS.get(word)
            return f" {got} " if got and not self._repair.is_pinyin(word) else word

        return _LATIN_WORD_RE.sub(name, text)

    def _respell_place_heads(self, text: str) -> str:
        """``text`` with a county or zone the documents print (泗洪县, 沭阳) typed with its first
        character's homophone (四洪县, 树阳: a pinyin IME's first pick) written as printed.
        Guards as ``_misspelt_region``'s: the rest as printed, the same pinyin, a word of its
        own, and the typed string nowhere in the documents."""
        bounds: set[int] | None = None
        for form, _ in self._place_names + self._place_short:
            size = len(form)
            if size < 2 or not has_cjk(form[0]) or form[1:] not in text:
                continue
            for k in range(len(text) - size + 1):
                window = text[k : k + size]
                if window[1:] != form[1:] or window == form or window in self._corpus_text:
                    continue
                if not has_cjk(window[0]) or char_pinyin(window) != char_pinyin(form):
                    continue
                if bounds is None:
                    bounds = _token_starts(text)
                if k in bounds and k + size in bounds:
                    return self._respell_place_heads(text[:k] + form + text[k + size :])
        return text

    def _misspelt_region(self, text: str) -> tuple[str | None, str]:
        """A district name typed with a homophone (洪择, 台儿装, 宿千): (region, text without it),
        by ``_typed_for`` against the districts' names."""
        found = self._typed_for(text, self._region_pinyin)
        if found is None:
            return None, text
        k, name = found
        return self._region_of[name], text[:k] + " " + text[k + len(name) :]

    def _typed_for(
        self,
        text: str,
        names: Sequence[tuple[str, str, str]],
        printed: Callable[[str], bool] | None = None,
    ) -> tuple[int, str] | None:
        """The first of ``names`` ((name, its pinyin, its first character), tried in order)
        that ``text`` holds typed with homophones: (offset, name), else None.

        Guards: same pinyin as the name, and the typed string is not ``printed`` (default:
        occurs nowhere in the corpus, so 企业集中 is never read as 叶集); either the first character is the name's, or only
        the first is not (a pinyin IME's first pick for the first syllable: 红泽区, 联云港) and
        the string is a word of its own in the question, not the end of one and the start of
        the next (企业+集体 holds ye ji).
        """
        bounds: set[int] | None = None
        seen = printed or self._corpus_text.__contains__
        for name, pinyin, first in names:
            size = len(name)
            for k in range(len(text) - size + 1):
                window = text[k : k + size]
                if window == name or seen(window):
                    continue
                if window[0] != first:
                    if window[1:] != name[1:] or not has_cjk(window[0]):
                        continue
                    if bounds is None:
                        bounds = _token_starts(text)
                    if k not in bounds or k + size not in bounds:
                        continue
                if char_pinyin(window) == pinyin:
                    return k, name
        return None

    def _misspelt_term(self, text: str) -> str:
        """A question that is one term alone (「篮卡」「级工」「设保」), typed with a homophone of a
        term the documents or the product use (蓝卡, 技工, 社保): that term, by the districts'
        own rule (``_typed_for``); else ``text`` unchanged. Alone, no neighbouring word can
        confirm a repair, so only a string the documents never print as a word and no common word (天气,
        事业 are meant as typed) is read as another."""
        term = _ASK_PARTICLES.sub("", text).strip()
        if not (
            MIN_TERM_CHARS <= len(term) <= MAX_TERM_CHARS
            and all("\u4e00" <= c <= "\u9fff" for c in term)
        ):
            return text
        if self._repair.printed_word(term) or term in self._synonyms or term in lexicon.STOPWORDS:
            return text
        if segment.frequency(term) >= COMMON_WORD_FREQ:
            return text
        names = [(w, char_pinyin(w), w[0]) for w in self._repair.same_sound(term)]
        # printed only inside longer words (级工 in 高级工) it is no word of the documents'
        found = self._typed_for(term, names, self._repair.printed_word)
        return text.replace(term, found[1]) if found is not None and found[0] == 0 else text


def _token_starts(text: str) -> set[int]:
    """Offsets in ``text`` where a word of its segmentation starts or ends."""
    out = {0}
    at = 0
    for tok in segment.cut_precise(text):
        at += len(tok)
        out.add(at)
    return out


# A segment telling whose case it is: 「我老公在洪泽开铲车的」「俺家孩子在技校读书」「他评上技师了」.
def _region_syllables() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, name) for each district's short name typed as pinyin syllable by syllable
    (``ye ji``, ``hong ze``, ``tai er zhuang``), longest first."""
    names = {a for r in REGIONS for a in (r.name, *r.aliases) if has_cjk(a) and len(a) <= 3}
    out = []
    for name in sorted(names, key=len, reverse=True):
        syllables = [char_pinyin(c) for c in name]
        # at the start of the message or after 在 (zai): 「ye ji yin jin ji shi bu tie」,
        # 「wo zai hong ze …」; elsewhere ye ji may be 业绩
        pattern = r"(?:^|(?<=zai )|(?<=在))" + r"\s+".join(syllables) + r"(?![a-z])"
        out.append((re.compile(pattern), name))
    return tuple(out)


def _spaced_region_pinyin(text: str) -> str:
    """``text`` with a district's name typed in spaced pinyin (``ye ji yin jin``) written in
    characters (叶集 yin jin), so that it selects the district like the name would."""
    if not _LATIN_RUN_RE.search(text):
        return text
    for pattern, name in _REGION_SYLLABLES:
        text = pattern.sub(name + " ", text)
    return text


_REGION_SYLLABLES = _region_syllables()


def _refresh_region_syllables() -> None:
    global _REGION_SYLLABLES
    _REGION_SYLLABLES = _region_syllables()


on_change(_refresh_region_syllables)


_LATIN_WORD_RE = re.compile(r"(?<![a-z])[a-z]{2,7}(?![a-z])")


def _initials() -> dict[str, str]:
    """Pinyin initials of each district's Chinese names (叶集 ``yj``, 叶集区 ``yjq``, 连云港
    ``lyg``, 台儿庄 ``tez``) -> its shortest Chinese name, derived from the registry; initials
    two districts share are left out (they name neither)."""
    owner: dict[str, set[str]] = {}
    short: dict[str, str] = {}
    for r in REGIONS:
        names = [a for a in (r.name, *r.aliases) if a and all(has_cjk(c) for c in a)]
        if not names:
            continue
        short[r.name] = min(names, key=lambda a: (len(a), a))
        for a in names:
            letters = "".join(p[0] for p in lazy_pinyin(a, style=Style.FIRST_LETTER) if p)
            if len(letters) >= 2:
                owner.setdefault(letters.lower(), set()).add(r.name)
    return {k: short[next(iter(v))] for k, v in owner.items() if len(v) == 1}


_REGION_INITIALS = _initials()


def _refresh_initials() -> None:
    global _REGION_INITIALS
    _REGION_INITIALS = _initials()


on_change(_refresh_initials)


# (who, then where they are or what they are: 在…, 是…; not an event such as 他评上技师了)
_PERSON_START = re.compile(r"^(?:我|俺|咱|他|她|本人)[^在是]{0,5}[在是]")


# The teller of hearsay: 听(班长)说, 据(工友)讲, (车间主任)说, (同事)告诉我 — a person, not a topic.
_TELLER = re.compile(
    r"(?:听|据)(?P<who>[^\s，,。？?！!、说讲]{1,6}?)(?:说|讲)"
    r"|(?:^|[\s，,。？?！!]|我们|俺们|我的|厂里的?|单位的?|车间的?)"
    r"(?P<who2>[^\s，,。？?！!、说讲]{0,4}(?:长|主任|师傅|老板|工友|同事|老乡|朋友|会计|领导|经理|人事))"
    r"(?:说|讲|告诉我|跟我说|和我说)"
)


def _story_words(text: str, content: list[str]) -> tuple[list[str], frozenset[str]]:
    """(content without the family members named only to say whose case it is, the words of
    the segments that only tell the story).

    A message asking for someone else (「我老公在洪泽开铲车的，去年考了高级工证，有奖励不」)
    asks the same question as the worker would: the family member (老公) is dropped unless a
    segment asks about their own benefit (孩子上学, 老婆安排工作); the words of a segment that
    asks nothing and tells who someone is (「我老公在洪泽开铲车的」: 铲车) are story words,
    which steer a little and do not decide what is asked."""
    parts = segments(text)
    kept = [
        w
        for w in content
        if w not in lexicon.RELATIVES
        or any(w in p and lexicon.FAMILY_BENEFIT_RE.search(p) for p in parts)
    ]
    asking = [p for p in parts if asks(p)]
    # 「听班长说…」「车间主任说…」「工友告诉我…」: who told the worker is no topic of the ask
    tellers = [m.group("who") or m.group("who2") for m in _TELLER.finditer(text)]
    told_by = frozenset(w for w in kept if any(w in t for t in tellers))
    if not asking:
        return kept, told_by
    telling = [p for p in parts if not asks(p) and _PERSON_START.match(p)]
    story = frozenset(
        w for w in kept if any(w in p for p in telling) and not any(w in p for p in asking)
    )
    return kept, story | told_by


def _join_tokens(tokens: Sequence[str]) -> str:
    """Tokens back to text; a space is kept only between two Latin/digit tokens."""
    out = ""
    for t in tokens:
        if out and out[-1].isascii() and out[-1].isalnum() and t[:1].isascii() and t[:1].isalnum():
            out += " "
        out += t
    return out
