"""Query repair against the corpus vocabulary: pinyin typed as Latin letters, homophone typos
(补帖 -> 补贴) and near-miss characters (学徙制 -> 学徒制).

Guards (see research/retrieval.md): a Chinese substring is only replaced when it does not
occur in the corpus at all, and the replacement must share a character in the same position,
so a correct word is never turned into another one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz, process

from policy_kb.search import segment
from policy_kb.search.confusable import Confusables
from policy_kb.search.text import has_cjk


@lru_cache(maxsize=8192)
def _char_pinyin(ch: str) -> str:
    return lazy_pinyin(ch, style=Style.NORMAL)[0]


# Nouns naming a document: a question with one asks about the document (its status, date).
# Characters that, after a number, say what it counts and how large (6万人, 200名, 3千个).
_COUNT_UNITS = frozenset("万千百亿人名个家次元块所项条")
_DOCUMENT_NOUNS = ("文件", "政策", "方案", "意见", "通知", "规定", "办法", "文号")


def char_pinyin(text: str) -> str:
    """Toneless pinyin of ``text`` read character by character (``补帖`` -> ``butie``)."""
    return "".join(_char_pinyin(c) for c in text)


# Characters read two ways (长: chang, zhang): pypinyin picks one, a worker may type the other
# (``zuichang`` for 最长, which pypinyin reads zui zhang). Each of a word's readings spells it.
_POLYPHONES: dict[str, tuple[str, ...]] = {
    "长": ("chang", "zhang"), "重": ("zhong", "chong"), "行": ("xing", "hang"),
    "还": ("hai", "huan"), "调": ("tiao", "diao"), "传": ("chuan", "zhuan"),
    "差": ("cha", "chai"), "参": ("can", "shen"), "会": ("hui", "kuai"), "率": ("lv", "shuai"),
    "乐": ("le", "yue"), "便": ("bian", "pian"), "给": ("gei", "ji"), "省": ("sheng", "xing"),
    "得": ("de", "dei"), "都": ("dou", "du"), "解": ("jie", "xie"), "降": ("jiang", "xiang"),
    "没": ("mei", "mo"), "着": ("zhe", "zhao"), "藏": ("cang", "zang"), "曾": ("ceng", "zeng"),
    "朝": ("chao", "zhao"), "觉": ("jue", "jiao"), "处": ("chu",), "种": ("zhong",),
}  # fmt: skip
MAX_READINGS = 4  # a word's spellings at most (its polyphones' combinations)


def readings(word: str, read: Iterable[str] = ()) -> set[str]:
    """The toneless pinyin spellings of ``word``: read character by character, as ``read`` (its
    reading in context, pypinyin's, when known), and with each polyphone's other readings
    (最长: zuizhang, zuichang)."""
    keys = {char_pinyin(word)}
    if read:
        keys.add("".join(read))
    if not any(c in _POLYPHONES for c in word):
        return keys
    spelt = [""]
    for c in word:
        options = {_char_pinyin(c), *_POLYPHONES.get(c, ())}
        spelt = [s + o for s in spelt for o in sorted(options)][: MAX_READINGS * 2]
    keys.update(spelt[:MAX_READINGS])
    return keys


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# Sounds typed for each other (front and back nasals, flat and retroflex initials, n/l):
# 年经 for 年金 (jing/jin), 资格 for 执格. Per syllable.
_LOOSE_FINAL = re.compile(r"(?<=[aei]n)g$")
_LOOSE_INITIAL = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"))


def loose_pinyin(text: str) -> str:
    """Toneless pinyin of ``text`` with the sounds Mandarin speakers type for each other made
    the same (``年经`` and ``年金``: nianjin … both ``lianjin``), syllables joined by ``-``."""
    out = []
    for c in text:
        syl = _char_pinyin(c)
        for a, b in _LOOSE_INITIAL:
            if syl.startswith(a):
                syl = b + syl[len(a) :]
                break
        out.append(_LOOSE_FINAL.sub("", syl))
    return "-".join(out)


# A character jieba counts this often as a word of its own (在, 能, 来, 干) stands alone in a
# question for its own sake; rarer ones left alone (帅, 徙, 寒) are likelier a word typed wrong.
COMMON_CHAR_FREQ = 10000
MIN_UNCONFIRMED_USES = 2
# An unspaced pinyin run is read in part (``latin_in_part``) when at most this share of its
# letters spell no corpus word (a particle, a measure, a modifier: ne, a, ge, gao).
MAX_SKIPPED_SHARE = 0.5
# A word this common (一年, 外地, 名次) is meant as typed, even where the documents never print
# it; rare ones (兰卡, 定单, 大寒) next to a word they would complete are likelier typos.
COMMON_WORD_FREQ = 1000
# A word jieba has seen this seldom is no word a worker means; a homophone the documents print
# is likelier (see ``_fix_confused_words``).
RARE_WORD_FREQ = 5


# A word typed by its initials (gjg) is read as the corpus word they spell only when that word
# is used at least this many times as often as the next word of the same initials.
MIN_INITIALS_LEAD = 3
# Initials are consonants only: a Latin word with a vowel is pinyin or another language.
_INITIALS_ONLY = re.compile(r"^[bcdfghjklmnpqrstwxyz]{3,4}$")


class _Common:
    """The characters a one-character repair must keep: stopwords and common words."""

    def __init__(self, stopwords: frozenset[str]) -> None:
        self._stop = stopwords

    def __contains__(self, ch: object) -> bool:
        return isinstance(ch, str) and (
            ch in self._stop or segment.frequency(ch) >= COMMON_CHAR_FREQ
        )


class QueryRepairer:
    """Maps query words to corpus words with the same pinyin or nearly the same characters.

    ``vocab``: corpus word -> frequency (words of 2..8 CJK characters are used).
    ``corpus_text``: all indexed text, normalised, for "does this substring occur at all".
    ``function_words``: question words (怎么, 多少) pinyin may also spell; they are never
    the result of a typo repair, only of reading pinyin.
    """

    def __init__(
        self, vocab: dict[str, int], corpus_text: str, function_words: Iterable[str] = ()
    ) -> None:
        self._corpus = corpus_text
        self._vocab = vocab
        self._confusables = Confusables(corpus_text, vocab)
        by_pinyin: dict[str, list[tuple[int, str]]] = {}
        syllables: set[str] = set()
        for word, freq in vocab.items():
            if not (2 <= len(word) <= 8) or not all("\u4e00" <= c <= "\u9fff" for c in word):
                continue
            # Read character by character and in context (银行: hang, not xing).
            read = lazy_pinyin(word, style=Style.NORMAL)
            syllables.update(read)
            for key in readings(word, read):
                by_pinyin.setdefault(key, []).append((freq, word))
        # Most frequent first; ties by the word itself so the choice is deterministic.
        self._pinyin: dict[str, list[str]] = {
            k: [w for _, w in sorted(v, key=lambda x: (-x[0], x[1]))] for k, v in by_pinyin.items()
        }
        self._latin: dict[str, list[str]] = {k: list(v) for k, v in self._pinyin.items()}
        self._loose: dict[str, list[str]] = {}
        for words in self._pinyin.values():
            for w in words:
                bucket = self._loose.setdefault(loose_pinyin(w), [])
                if w not in bucket:
                    bucket.append(w)
        for word in sorted(function_words):
            if all("\u4e00" <= c <= "\u9fff" for c in word):
                syllables.update(_char_pinyin(c) for c in word)
                if 2 <= len(word) <= 4:
                    for key in sorted(readings(word)):
                        bucket = self._latin.setdefault(key, [])
                        if word not in bucket:
                            bucket.append(word)
        # Words the documents print inside longer runs their segmentation never cut out
        # (企业年金: 企业 年 金): read from pinyin too, after the corpus' own words.
        printed = {
            run[i : i + k]
            for run in set(_CJK_RUN.findall(corpus_text))
            for k in (2, 3)
            for i in range(len(run) - k + 1)
        }
        known = segment.is_word
        for word in sorted(w for w in printed if w not in vocab and known(w)):
            for key in sorted(readings(word)):
                bucket = self._latin.setdefault(key, [])
                if word not in bucket:
                    bucket.append(word)
        # Initials (高级工: gjg): the most used word of three or four characters spelling each.
        initials: dict[str, list[tuple[int, str]]] = {}
        for word, freq in vocab.items():
            if 3 <= len(word) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in word):
                key = "".join(_char_pinyin(c)[0] for c in word)
                initials.setdefault(key, []).append((freq, word))
        self._initials = {
            k: max(v, key=lambda x: (x[0], x[1]))[1]
            for k, v in initials.items()
            if len(v) == 1
            or sorted(x[0] for x in v)[-1] >= MIN_INITIALS_LEAD * sorted(x[0] for x in v)[-2]
        }
        self._function = frozenset(function_words)
        self._max_key = max((len(k) for k in self._latin), default=0)
        # Pinyin syllables (for telling untranslatable pinyin from other Latin words).
        self._syllables = syllables
        # Abbreviations: first characters of a four-character word's halves (劳模: 劳动模范).
        self._abbreviations: dict[str, list[str]] = {}
        for w in sorted(vocab):
            if len(w) == 4 and all("\u4e00" <= c <= "\u9fff" for c in w):
                self._abbreviations.setdefault(w[0] + w[2], []).append(w)
        self._by_stem: dict[str, list[str]] = {}
        for w in vocab:
            if 3 <= len(w) <= 9:
                self._by_stem.setdefault(w[:-1], []).append(w)
        self._by_length: dict[int, list[str]] = {}
        for w in sorted(vocab):
            if 4 <= len(w) <= 8 and all("\u4e00" <= c <= "\u9fff" for c in w):
                self._by_length.setdefault(len(w), []).append(w)

    def latin_to_words(self, latin: str, prefer_function: bool = False) -> str | None:
        """Toneless pinyin (``jinengdasai``) -> corpus words (``技能大赛``), or None if it
        cannot be covered by whole words' pinyin. ``prefer_function``: where a function word
        (``function_words``: 失效, 过期) spells the same as a corpus word (实效, 国企), take
        the function word."""
        n = len(latin)
        # best[i]: fewest words covering latin[:i]; shorter covers are likelier to be right.
        best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
        best[0] = (0, [])
        for i in range(n):
            cur = best[i]
            if cur is None:
                continue
            for j in range(min(n, i + self._max_key), i + 1, -1):
                words = self._latin.get(latin[i:j])
                if words:
                    pick = words[0]
                    if prefer_function:
                        pick = next((w for w in words if w in self._function), pick)
                    cand = (cur[0] + 1, [*cur[1], pick])
                    old = best[j]
                    if old is None or cand[0] < old[0]:
                        best[j] = cand
        end = best[n]
        return "".join(end[1]) if end else None

    def latin_in_part(self, latin: str) -> str | None:
        """An unspaced pinyin run most of which spells corpus words (``jishibutiene``: 技师补贴
        and the particle ne) -> those words, the syllables between them that spell nothing
        left out; None unless the run is all pinyin syllables and at most MAX_SKIPPED_SHARE of
        its letters are left out (``hello``, ``computer`` are no pinyin)."""
        n = len(latin)
        if not self.is_pinyin(latin):
            return None
        # best[i]: (letters left out, words) covering latin[:i]; fewest left out, then fewest words
        best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
        best[0] = (0, [])
        for i in range(n):
            cur = best[i]
            if cur is None:
                continue
            for j in range(i + 1, min(n, i + self._max_key) + 1):
                piece = latin[i:j]
                steps: list[tuple[int, list[str]]] = []
                words = self._latin.get(piece)
                if words and j - i >= 2:
                    steps.append((cur[0], [*cur[1], words[0]]))
                if piece in self._syllables:
                    steps.append((cur[0] + len(piece), cur[1]))
                for cand in steps:
                    old = best[j]
                    if old is None or (cand[0], len(cand[1])) < (old[0], len(old[1])):
                        best[j] = cand
        end = best[n]
        if end is None or not end[1] or end[0] > MAX_SKIPPED_SHARE * n:
            return None
        return "".join(end[1])

    def _syllable_count(self, latin: str) -> int:
        """The fewest pinyin syllables ``latin`` splits into (0 when it splits into none)."""
        n = len(latin)
        fewest: list[int | None] = [0] + [None] * n
        for j in range(1, n + 1):
            for i in range(max(0, j - 6), j):
                prev = fewest[i]
                if prev is not None and latin[i:j] in self._syllables:
                    cand = prev + 1
                    cur = fewest[j]
                    if cur is None or cand < cur:
                        fewest[j] = cand
        return fewest[n] or 0

    def is_pinyin(self, latin: str) -> bool:
        """True if ``latin`` splits into pinyin syllables (``duoshao``; not ``hello``)."""
        ok = [True] + [False] * len(latin)
        for j in range(1, len(latin) + 1):
            ok[j] = any(ok[i] and latin[i:j] in self._syllables for i in range(max(0, j - 6), j))
        return ok[-1]

    def read_latin(self, words: list[str]) -> list[str]:
        """Pinyin typed as Latin words (``xin ba ji gong``, ``hongze yinjin jishi``) -> corpus
        words, joining neighbouring words when together they spell one (新八级工). A pinyin word
        that spells nothing the documents use is dropped when it is one syllable (a particle:
        ma, ne) and kept as typed when longer (fangjia: a topic the documents never name);
        other Latin words (``hello``) are kept."""
        out = self._read_latin(words, prefer_function=False)
        if any(noun in "".join(out) for noun in _DOCUMENT_NOUNS):
            # 「zhe ge wen jian shi xiao le ma」: a question about a document reads shixiao
            # as 失效 and guoqi as 过期, not the clauses' 实效 and 国企.
            out = self._read_latin(words, prefer_function=True)
        return out

    def _read_latin(self, words: list[str], *, prefer_function: bool) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                got = self.latin_to_words("".join(words[i:j]), prefer_function)
                if got:
                    out.append(got)
                    i = j
                    break
            else:
                if not self.is_pinyin(words[i]):
                    # 「gjg」: a term typed by its initials, else kept as typed (hello)
                    out.append(self.initials_word(words[i]) or words[i])
                else:
                    # 「jishibutiene」: words typed together with a particle the documents never
                    # print; the words are kept
                    got = self.latin_in_part(words[i])
                    if got:
                        out.append(got)
                    elif self._syllable_count(words[i]) >= 2:
                        # 「lyg fangjia duoshao」: a word of two syllables or more that spells
                        # nothing the documents or the asking words use names a topic they
                        # never name; kept as typed, so the question is not read as empty
                        out.append(words[i])
                i += 1
        return out

    def initials_word(self, latin: str) -> str | None:
        """The corpus word of three or four characters ``latin`` types by its pinyin initials
        (``gjg`` -> 高级工), when one word of those initials is clearly the most used; None for
        anything else (letters with a vowel, two letters, initials shared alike)."""
        if not _INITIALS_ONLY.match(latin):
            return None
        return self._initials.get(latin)

    def printed_word(self, word: str) -> bool:
        """Is ``word`` a word of the vocabulary (cut out by the documents' segmentation, or
        one of the lexicon's)?"""
        return word in self._vocab

    def same_sound(self, word: str) -> list[str]:
        """The words of the vocabulary (the documents' and the lexicon's, those used at least
        ``MIN_UNCONFIRMED_USES`` times) read with ``word``'s toneless pinyin and as long,
        most used first: what a homophone typed alone may stand for (级工: 技工)."""
        return [
            w
            for w in self._pinyin.get(char_pinyin(word), ())
            if len(w) == len(word) and w != word and self._vocab.get(w, 0) >= MIN_UNCONFIRMED_USES
        ]

    def near_known(self, word: str) -> bool:
        """True if a corpus word of the same length differs from ``word`` only in its last
        character (购房卷 / 购房券): likely a misspelling of it, not a new word."""
        return bool(self._by_stem.get(word[:-1]))

    def _pinyin_match(
        self, window: str, keep_prefix: int, keep_suffix: int, *, loose: bool = False
    ) -> str | None:
        """A corpus word with the window's pinyin that keeps the window's first
        ``keep_prefix`` and last ``keep_suffix`` characters and shares one more character in
        place when nothing is kept (the guard against turning one word into another).
        ``loose``: the pinyin read with the sounds typed for each other (``loose_pinyin``)."""
        found = (
            self._loose.get(loose_pinyin(window), ())
            if loose
            else self._pinyin.get(char_pinyin(window), ())
        )
        for cand in found:
            if len(cand) != len(window) or cand == window:
                continue
            if keep_prefix and cand[:keep_prefix] != window[:keep_prefix]:
                continue
            if keep_suffix and cand[-keep_suffix:] != window[-keep_suffix:]:
                continue
            if any(a == b for a, b in zip(cand, window, strict=True)):
                return cand
        return None

    def _printed_beside(self, window: str, keep_prefix: int, keep_suffix: int) -> str | None:
        """The window with its middle (at least two characters, between the kept neighbour
        words) replaced by what the corpus prints beside those neighbours when it sounds the
        same or nearly so (``loose_pinyin``): 企业+年经 -> 企业年金, where the documents'
        segmentation never made 年金 a word of its own. None without a kept neighbour."""
        if not (keep_prefix or keep_suffix):
            return None
        before, after = window[:keep_prefix], window[len(window) - keep_suffix :]
        part = window[keep_prefix : len(window) - keep_suffix]
        if len(part) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in part):
            return None
        sound = loose_pinyin(part)
        pattern = re.escape(before) + f"([\u4e00-\u9fff]{{{len(part)}}})" + re.escape(after)
        for m in re.finditer(pattern, self._corpus):
            cand = m.group(1)
            if cand != part and loose_pinyin(cand) == sound:
                return before + cand + after
        return None

    def _fuzzy_match(
        self,
        window: str,
        keep_prefix: int,
        keep_suffix: int,
        stopwords: frozenset[str] = frozenset(),
    ) -> str | None:
        """A corpus word of the same length one character away (ratio >= 80) that keeps the
        window's known neighbour words (新型学徙制 -> 新型学徒制). A function character
        (``stopwords``: 里, 上, 的) is no typo: 调查表+里+技能人才 is not 高技能人才."""
        if len(window) < 4:
            return None
        choices = self._by_length.get(len(window), ())
        match = process.extractOne(window, choices, scorer=fuzz.ratio, score_cutoff=79.9)
        if match is None:
            return None
        cand = str(match[0])
        if len(cand) == len(window) and any(
            a != b and a in stopwords for a, b in zip(window, cand, strict=True)
        ):
            return None
        if keep_prefix and cand[:keep_prefix] != window[:keep_prefix]:
            return None
        if keep_suffix and cand[-keep_suffix:] != window[-keep_suffix:]:
            return None
        return cand

    def _known(self, text: str) -> bool:
        return text in self._corpus

    def repair_tokens(self, tokens: list[str], stopwords: frozenset[str]) -> list[str]:
        """Repair typos in a segmented question; returns the new token list.

        A typo leaves a run of single characters the dictionary could not join (补帖 -> 补 帖,
        学徙制 -> 学 徙 制). Each such run is matched, with its neighbouring words if they
        help, against corpus words by near-identical characters, then by identical pinyin;
        whole dictionary words are never altered.
        """
        # Whole words first: 定单+班 is 订单班, and then 班 is no typo to mend on its own.
        out = self._fix_confused_words(list(tokens), stopwords)
        i = 0
        while i < len(out):
            if not self._single(out[i], stopwords):
                i += 1
                continue
            if i > 0 and out[i - 1].isdigit() and out[i] in _COUNT_UNITS:
                # 「6万人是真的吗」: 万 and 人 after a number count it; read as a typo run
                # they would join 是 into 人事
                while i < len(out) and out[i] in _COUNT_UNITS:
                    i += 1
                continue
            j = i
            while j < len(out) and self._single(out[j], stopwords):
                j += 1
            run = "".join(out[i:j])
            prev = out[i - 1] if i > 0 and self._word(out[i - 1], stopwords) else ""
            nxt = out[j] if j < len(out) and self._word(out[j], stopwords) else ""
            fixed = self._fix_run(run, prev, nxt, stopwords)
            if fixed is None:
                i = j
                continue
            start = i - 1 if fixed[1] else i
            end = j + 1 if fixed[2] else j
            out[start:end] = [fixed[0]]
            i = start + 1
        return [self._fix_word(t, stopwords) for t in out]

    def _fix_confused_words(self, tokens: list[str], stopwords: frozenset[str]) -> list[str]:
        """Whole words the documents never print that, with the word or character next to
        them, spell a term they do print once one character is read as its homophone or
        look-alike (技工+兰卡 -> 技工蓝卡, 定单+班 -> 订单班, 技能+大寒 -> 技能大赛). The
        neighbour confirms: a two-character word alone is too often a real other word."""
        out = list(tokens)
        for i, tok in enumerate(out):
            if not (2 <= len(tok) <= 4 and self._word(tok, stopwords)) or self._known(tok):
                continue
            if segment.frequency(tok) >= COMMON_WORD_FREQ:
                continue
            if not all("\u4e00" <= c <= "\u9fff" for c in tok):
                continue
            prev = out[i - 1] if i > 0 and has_cjk(out[i - 1]) else ""
            nxt = out[i + 1] if i + 1 < len(out) and has_cjk(out[i + 1]) else ""
            # the whole neighbour, or only its touching character (定单+班补助: 订单班)
            arounds = [(b, a) for b in (prev, prev[-1:], "") for a in (nxt, nxt[:1], "")]
            for before, after in sorted(set(arounds), key=lambda x: -len(x[0] + x[1])):
                if not (before or after) and len(tok) < 4:
                    continue  # a four-character word (引进人材) is context enough by itself
                window = before + tok + after
                fixed = self._confusables.fix(window, len(before), len(before) + len(tok))
                if fixed:
                    out[i] = fixed[len(before) : len(before) + len(tok)]
                    break
            else:
                # No neighbour confirms, but a word the dictionary barely knows (兰卡, a piece
                # of a foreign name) typed for a same-sounding term the documents print is
                # the term: only a homophone, never a look-alike.
                if len(tok) == 2 and segment.frequency(tok) < RARE_WORD_FREQ:
                    fixed = self._confusables.fix(tok, shortest=2, sound_only=True)
                    if fixed and fixed in self._vocab:
                        out[i] = fixed
        return out

    def expand_abbreviation(self, word: str) -> str | None:
        """The one corpus term ``word`` shortens by leaving out one or two characters inside
        it (大师室 -> 大师工作室; 学徒补 -> 学徒补贴 is not: the ends must be kept), or None when
        there is none or several (技能赛: 技能大赛 or 技能竞赛)."""
        if not 3 <= len(word) <= 5 or not all("\u4e00" <= c <= "\u9fff" for c in word):
            return None
        found: set[str] = set()
        for k in range(1, len(word)):
            pattern = re.escape(word[:k]) + "[\u4e00-\u9fff]{1,2}" + re.escape(word[k:])
            found.update(m.group() for m in re.finditer(pattern, self._corpus))
            if len(found) > 1:
                return None
        return found.pop() if found else None

    def _fix_word(self, tok: str, stopwords: frozenset[str]) -> str:
        """A whole word the documents never use that abbreviates a four-character corpus word
        by the first characters of its halves (劳模 -> 劳动模范, 私企 -> 私营企业, 国企 ->
        国有企业), when exactly one corpus word fits. (Whole words are not repaired by pinyin:
        homophones of corpus words are mostly real words, 上学 / 商学, 十级 / 市级.)"""
        if len(tok) != 2 or tok in stopwords or self._known(tok):
            return tok
        full = self._abbreviations.get(tok, ())
        return full[0] if len(full) == 1 else tok

    @staticmethod
    def _single(tok: str, stopwords: frozenset[str]) -> bool:
        # Stopword characters count too: a typo may happen to be one (金篮领 -> 金 篮 领).
        return len(tok) == 1 and "\u4e00" <= tok <= "\u9fff"

    @staticmethod
    def _word(tok: str, stopwords: frozenset[str]) -> bool:
        return len(tok) >= 2 and has_cjk(tok) and tok not in stopwords

    def _fix_run(
        self, run: str, prev: str, nxt: str, stopwords: frozenset[str] = frozenset()
    ) -> tuple[str, bool, bool] | None:
        """(replacement, used prev, used next) for a run of single characters, or None."""
        if (len(prev + run) >= 3 and self._known(prev + run)) or (
            len(run + nxt) >= 3 and self._known(run + nxt)
        ):
            return None  # 订单+班: the documents print them together, nothing is mistyped
        windows = [
            (prev + run + nxt, len(prev), len(nxt), ""),
            (prev + run, len(prev), 0, ""),
            (run + nxt, 0, len(nxt), ""),
        ]
        # The typo may be only the run's first characters, the rest being words of their own
        # (二等将+给: 二等奖, then 给).
        windows += [
            (prev + run[:k], len(prev), 0, run[k:]) for k in range(min(len(run) - 1, 3), 0, -1)
        ]
        for window, kp, ks, rest in windows:
            if len(window) <= len(run) - len(rest) or self._known(window):
                continue
            cand = (
                self._fuzzy_match(window, kp, ks, stopwords)
                or self._pinyin_match(window, kp, ks)
                # a near homophone (jing/jin, zh/z …) confirmed by the word kept, of a corpus
                # word or of what the corpus prints next to that word (企业+年经: 企业年金)
                or (self._pinyin_match(window, kp, ks, loose=True) if kp or ks else None)
                or self._printed_beside(window, kp, ks)
                # 高级+技帅: one character typed for a homophone or a look-alike
                or self._confusables.fix(window, kp, len(window) - ks, keep=_Common(stopwords))
            )
            if cand:
                return cand + rest, bool(kp), bool(ks)
        # 学徙制, 技帅: characters the dictionary could not join are a word typed wrong when
        # one look-alike or homophone makes them a word the documents print.
        # The typo may be the run's start only, a one-character word after it (技帅+给).
        for k in range(len(run), 1, -1):
            whole = self._confusables.fix(run[:k], shortest=2, keep=_Common(stopwords))
            if whole and self._vocab.get(whole, 0) >= MIN_UNCONFIRMED_USES:
                return whole + run[k:], False, False
        if len(prev) >= 2 and len(run) == 1 and run not in stopwords:
            # The word before ends with the typo's first half (研修补+主: 补助):
            # the dictionary took that character into a word of its own.
            cand = self._pinyin_match(prev[-1] + run, 1, 0)
            if cand:
                return prev[:-1] + cand, True, False
        for size in range(min(4, len(run)), 1, -1):
            for k in range(len(run) - size + 1):
                sub = run[k : k + size]
                # 往上 (upwards) is a word the segmenter only left apart: not a typo of 网上
                if self._known(sub) or segment.is_word(sub):
                    continue
                cand = self._pinyin_match(sub, 0, 0)
                # Without a neighbour to confirm it, a homophone must be a word the documents
                # use more than once in passing (补助, 低于), not a chance one (正确 for 正缺).
                if cand and self._vocab.get(cand, 0) >= MIN_UNCONFIRMED_USES:
                    return run[:k] + cand + run[k + size :], False, False
        return None
