"""Extra phrasings of clauses (扩展问): workers' questions that policy staff attached to the
clause answering them, so the search answers that question, worded the same or nearly so.

Government Q&A bases grow this way: a question nothing answered is read by staff, who say
which clause answers it. The phrasings are plain data handed in by the caller (the service
core keeps them in its database, versioned); this module never reads them itself.

``with_phrasings(index, phrasings)`` wraps a built ``SearchIndex`` without re-indexing (it
shares every array of the index; wrapping reads each phrasing once). Its ``search`` asks the
index first; when the question's content words match a phrasing's (``MATCH_THRESHOLD``) and
the phrasing's clause is of the district asked about, that clause answers first. Questions
naming a place without a document, and questions about a document itself, are left as the
index answers them. ``question_grams`` and ``similarity`` (character bigrams) compare
wordings for grouping them (``bluecard.stats.grouping``).

>>> similarity(question_grams("请问洪泽失业金怎么领？"), question_grams("洪泽失业金怎么领"))
1.0
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from policy_kb.search.index import SearchIndex, SearchResult, _canonical, _Unit
from policy_kb.search.text import bigrams, normalize

#: A question matches a phrasing when their content words (the search's own reading of a
#: question: repaired, district names and asking words left out) are at least this similar
#: (Dice): 「职称评审啥时候开始」 {职称评审, 啥时候, 开始} matches 「职称评审什么时候开始」
#: {职称评审, 开始} (0.8); 「加班补贴怎么算」 does not match 「夜班补贴怎么算」 (0.5), although
#: their characters are nearly the same. District names are not content words: the clause must
#: also be of the district asked about.
MATCH_THRESHOLD = 0.75

#: Openings that ask nothing (请问, 你好, 我想问一下): left out when comparing wordings.
_OPENING = re.compile(
    r"^(?:(?:你好|您好|请问|麻烦问一下|问一下|想问一下|我想问一下|我想问|咨询一下|打扰一下)[,，:：!！\s]*)+"
)


@dataclass(frozen=True)
class Phrasing:
    """A question (as a worker asked it, personal data already removed) and the clause that
    answers it: ``doc_id`` and ``clause_id`` of the knowledge base."""

    question: str
    doc_id: str
    clause_id: str


def question_grams(text: str) -> frozenset[str]:
    """The character bigrams a wording is compared by: NFKC, lower case, punctuation and
    spaces dropped, an empty opening (请问, 你好) left out; one character is its own gram."""
    clean = normalize(text).strip()
    clean = _OPENING.sub("", clean) or clean
    return frozenset(bigrams(clean))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two bigram sets: 1.0 same grams, 0.0 none shared (or one empty)."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


class GramIndex:
    """Token sets (character bigrams, or words) of several wordings with an inverted index, so
    only the wordings sharing a token with a question are compared, not all of them."""

    def __init__(self) -> None:
        self._grams: list[frozenset[str]] = []
        self._by_gram: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self._grams)

    def add(self, grams: frozenset[str]) -> int:
        """Add a wording's grams; returns its position."""
        position = len(self._grams)
        self._grams.append(grams)
        for gram in grams:
            self._by_gram.setdefault(gram, []).append(position)
        return position

    def best(self, grams: frozenset[str], threshold: float) -> tuple[int, float] | None:
        """Position and similarity of the most similar wording at least ``threshold`` similar
        (the earliest added among equals), or None."""
        seen: set[int] = set()
        found: tuple[int, float] | None = None
        for gram in grams:
            for position in self._by_gram.get(gram, ()):
                if position in seen:
                    continue
                seen.add(position)
                score = similarity(grams, self._grams[position])
                if score < threshold:
                    continue
                if found is None or score > found[1] or (score == found[1] and position < found[0]):
                    found = (position, score)
        return found


class PhrasedIndex(SearchIndex):
    """A ``SearchIndex`` that answers attached phrasings with their clause (module docstring).

    ``base``: the index wrapped (its arrays are shared, not copied); ``phrasings``: those
    kept (a phrasing whose clause is not in the index is ignored). Wrapping analyses each
    phrasing once (about a millisecond each); nothing is re-indexed.
    """

    def __init__(self, base: SearchIndex, phrasings: Sequence[Phrasing]) -> None:
        # Shares the built index: the same arrays, models and caches, no second build.
        self.__dict__.update(base.__dict__)
        self.base = base
        by_clause: dict[tuple[str, str], _Unit] = {
            (u.doc.meta.doc_id, u.clause.clause_id): u for u in self._units
        }
        kept = [p for p in phrasings if (p.doc_id, p.clause_id) in by_clause]
        self.phrasings = tuple(kept)
        self._phrasing_units = [by_clause[(p.doc_id, p.clause_id)] for p in kept]
        self._phrasing_words = GramIndex()
        for p in kept:
            self._phrasing_words.add(frozenset(self._analyse(p.question, None).content))

    def match(self, query: str, region: str | None = None) -> tuple[Phrasing, float] | None:
        """The phrasing whose content words are most similar to those of ``query`` (at least
        ``MATCH_THRESHOLD``) and its similarity; None when none is, or the question has no
        content words. ``region`` as in ``search``."""
        words = frozenset(self._analyse(query, _canonical(region)).content)
        found = self._phrasing_words.best(words, MATCH_THRESHOLD)
        if found is None:
            return None
        return self.phrasings[found[0]], found[1]

    def search(
        self,
        query: str,
        *,
        top: int = 3,
        region: str | None = None,
        prefer_region: str | None = None,
    ) -> SearchResult:
        """``SearchIndex.search``, with the clause of a matching phrasing first (and the
        question then answered), unless the question names a place without a document, asks
        about a document itself, or is about a district the clause is not of."""
        result = self.base.search(query, top=top, region=region, prefer_region=prefer_region)
        if result.uncovered_places or result.about_document or not self.phrasings:
            return result
        q = self._analyse(query, _canonical(region))
        found = self._phrasing_words.best(frozenset(q.content), MATCH_THRESHOLD)
        if found is None:
            return result
        unit = self._phrasing_units[found[0]]
        district = _canonical(region) or result.region
        if district is not None and district not in unit.doc.meta.regions:
            return result
        best = max((h.score for h in result.hits), default=1.0)
        hit = self._hit(unit, best, q)
        rest = [h for h in result.hits if (h.doc_id, h.clause_id) != (hit.doc_id, hit.clause_id)]
        return SearchResult(query, True, result.region, [hit, *rest][:top])


def with_phrasings(index: SearchIndex, phrasings: Sequence[Phrasing]) -> SearchIndex:
    """``index`` answering ``phrasings`` too (a ``PhrasedIndex`` over the unwrapped index);
    ``index`` itself when there are none."""
    base = index.base if isinstance(index, PhrasedIndex) else index
    if not phrasings:
        return base
    return PhrasedIndex(base, phrasings)


__all__ = [
    "MATCH_THRESHOLD",
    "GramIndex",
    "PhrasedIndex",
    "Phrasing",
    "question_grams",
    "similarity",
    "with_phrasings",
]
