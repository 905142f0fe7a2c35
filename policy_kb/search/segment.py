"""Word segmentation: one jieba tokenizer per process, taught the field's and the corpus's terms.

jieba's dictionary load (~0.7 s) dominates start-up, so the tokenizer is created once per
process (the web app builds the index before forking workers) and shared. A private
``jieba.Tokenizer`` is used rather than jieba's global one so that our added words do not
change segmentation for any other code in the process.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import jieba

from policy_kb.search import cachedir
from policy_kb.search.lexicon import DOMAIN_TERMS, SYNONYM_GROUPS
from policy_kb.search.text import normalize

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_added: set[str] = set()
_verbs: frozenset[str] | None = None
_single_verbs: frozenset[str] | None = None
_function_words: frozenset[str] | None = None
_adjectives: frozenset[str] | None = None
_person_names: frozenset[str] | None = None
# A verb entry of jieba's dictionary (word, frequency, part of speech ``v``).
_VERB_ENTRY = re.compile(r"^([\u4e00-\u9fff]{2,3}) \d+ v$", re.M)
# A single character the dictionary tags as anything that cannot end a noun: a verb, a
# conjunction (但), a locative (外, 里), a preposition, an adverb, a particle, a pronoun.
_SINGLE_VERB_ENTRY = re.compile(r"^([\u4e00-\u9fff]) \d+ (?:v|c|f|p|d|u|r|y|e|o|zg)$", re.M)
# A word the dictionary tags as a function word: preposition (除了), conjunction, pronoun
# (这次), adverb (到底), particle, interjection, onomatopoeia.
# A common word the dictionary tags as an adjective only (方便, 简单): it
# describes. Rare ones (真伪) and nominal ones (困难) may name what is asked about.
_ADJECTIVE_ENTRY = re.compile(r"^([\u4e00-\u9fff]{2,3}) (\d+) a$", re.M)
_COMMON_ADJECTIVE = 500
_FUNCTION_ENTRY = re.compile(r"^([\u4e00-\u9fff]{2,4}) \d+ (?:p|c|r|d|ad|u|y|e|o)$", re.M)

# A word the dictionary tags as a person's name (nr: 张三丰, 老王, 高明).
_PERSON_NAME_ENTRY = re.compile(r"^([\u4e00-\u9fff]{2,4}) \d+ nr$", re.M)

_QUOTED = re.compile(r"[“\"「『]([\u4e00-\u9fff]{2,10})[”\"」』]")
# Short items of enumerations (高级技师、技师、高级工; 电焊工、维修电工、车工): the field's nouns.
_LIST_ITEM = re.compile(r"(?<=[、，：（“])([\u4e00-\u9fff]{2,5})(?=[、）”])")
_SUFFIXED = re.compile(
    r"[\u4e00-\u9fff]{1,4}(?:技师|工匠|能手|大奖|工作室|工作站|基地|学院|补贴|补助|奖励)"
)


def tokenizer() -> jieba.Tokenizer:
    """The process-wide tokenizer (dictionary loaded on first call; thread-safe)."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            cachedir.initialize_tokenizer(tk)  # its cache in our private folder, not /tmp
            for term in DOMAIN_TERMS:
                tk.add_word(term, freq=50000)
            for group in SYNONYM_GROUPS:
                for term in group:
                    if len(term) >= 2:
                        tk.add_word(term, freq=20000)
            _tokenizer = tk
        return _tokenizer


def corpus_terms(texts: Iterable[str]) -> list[str]:
    """Terms collected from the documents themselves, for the tokenizer's dictionary.

    Quoted names (“江淮杰出工匠”), short enumeration items (高级技师、技师、高级工) and words
    with the field's suffixes (…工作室, …技师) that occur at least twice or are quoted.
    Returns sorted unique terms (deterministic).
    """
    quoted: set[str] = set()
    counts: Counter[str] = Counter()
    for t in texts:
        quoted.update(_QUOTED.findall(t))
        counts.update(_LIST_ITEM.findall(t))
        counts.update(_SUFFIXED.findall(t))
    frequent = {w for w, n in counts.items() if n >= 2}
    return sorted(quoted | frequent)


def add_terms(terms: Iterable[str]) -> None:
    """Teach the shared tokenizer more words (idempotent)."""
    tk = tokenizer()
    with _lock:
        for term in terms:
            t = normalize(term)
            if t not in _added and len(t) >= 2:
                tk.add_word(t, freq=30000)
                _added.add(t)


def cut(text: str) -> list[str]:
    """Search-mode segmentation of normalised text (long words and their known sub-words)."""
    # HMM off: its new-word guesses (证能, 拿多) are noise for short questions.
    return [w for w in tokenizer().cut_for_search(text, HMM=False) if w.strip()]


def _load_tags() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(verbs, single_verbs, function_words) from one read of jieba's dictionary (~100 ms),
    once per process; the caller holds ``_lock``."""
    global _verbs, _single_verbs, _function_words, _adjectives
    if _verbs is None or _single_verbs is None or _function_words is None:
        try:
            text = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
        except OSError:
            text = ""
        _verbs = frozenset(_VERB_ENTRY.findall(text))
        _adjectives = frozenset(
            w for w, freq in _ADJECTIVE_ENTRY.findall(text) if int(freq) >= _COMMON_ADJECTIVE
        )
        _single_verbs = frozenset(_SINGLE_VERB_ENTRY.findall(text))
        _function_words = frozenset(_FUNCTION_ENTRY.findall(text))
    return _verbs, _single_verbs, _function_words


def verbs() -> frozenset[str]:
    """Two- and three-character words jieba's dictionary tags as verbs only (创建, 完成, 扣除;
    not 考试, 升级, which it tags as nominal verbs). Read once per process."""
    with _lock:
        return _load_tags()[0]


def single_verbs() -> frozenset[str]:
    """Single characters jieba's dictionary tags as verbs or function characters (配, 涨, 但,
    外; not 金, 卡, 证): a lone one after a noun is the question's verb or glue (政府/配/多少,
    奖金/外), not the end of a compound the segmenter did not know (失业/金). Read once."""
    with _lock:
        return _load_tags()[1]


def adjectives() -> frozenset[str]:
    """Two- and three-character words jieba's dictionary tags as adjectives (方便, 麻烦):
    in a question they say how the worker finds something, rarely what it is. Read once."""
    with _lock:
        _load_tags()
        return _adjectives or frozenset()


def function_words() -> frozenset[str]:
    """Words jieba's dictionary tags as function words (除了, 这次, 到底): in a worker's
    story they say how, not what about. Read once per process."""
    with _lock:
        return _load_tags()[2]


#: (verbs, single_verbs, function_words, adjectives): what ``_load_tags`` reads.
Tags = tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]


def tags() -> Tags:
    """The four sets read from jieba's dictionary (``verbs``, ``single_verbs``,
    ``function_words``, ``adjectives``), read once per process: what the search-index cache
    keeps beside an index, so a process loading it need not read the dictionary (~0.2 s)."""
    with _lock:
        verbs, single, function = _load_tags()
        return verbs, single, function, _adjectives or frozenset()


def use_tags(read: Tags) -> None:
    """Take the sets an earlier process read (``tags()``; the cache entry is keyed by jieba's
    version and this module's code, so they are what ``_load_tags`` would read). Nothing
    changes when they were already read in this process."""
    global _verbs, _single_verbs, _function_words, _adjectives
    with _lock:
        if _verbs is None or _single_verbs is None or _function_words is None:
            _verbs, _single_verbs, _function_words, _adjectives = read


def frequency(word: str) -> int:
    """How often jieba's dictionary counts ``word`` as a word of its own (0: not a word)."""
    return int(tokenizer().FREQ.get(word) or 0)


def is_word(word: str) -> bool:
    """True if the tokenizer's dictionary knows ``word``."""
    return bool(tokenizer().FREQ.get(word))


def person_names() -> frozenset[str]:
    """Words jieba's dictionary tags as persons' names (张三丰, 王明, 老王, 高明), read from the
    dictionary at the first call (~0.1 s, once per process): only a message naming someone asks."""
    global _person_names
    with _lock:
        if _person_names is None:
            try:
                text = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
            except OSError:
                text = ""
            _person_names = frozenset(_PERSON_NAME_ENTRY.findall(text))
        return _person_names


def cut_precise(text: str) -> list[str]:
    """Precise-mode segmentation (no overlapping sub-words): one token per span."""
    return [w for w in tokenizer().cut(text, HMM=False) if w.strip()]
