"""Extra phrasings of clauses (扩展问): workers' questions that policy staff attached to the
clause answering them, so the search answers that question, worded the same or nearly so.

Government Q&A bases grow this way: a question nothing answered is read by staff, who say
which clause answers it. The phrasings are plain data handed in by the caller (the service
core keeps them in its database, versioned); this module never reads them itself.

``with_phrasings(index, phrasings)`` wraps a built ``SearchIndex`` without re-indexing (it
shares every array of the index: building costs only the phrasings' bigram sets). Its
``search`` asks the index first; when the question matches a phrasing (``similarity`` at least
``MATCH_THRESHOLD``) and the phrasing's clause is in the district asked about, that clause
answers first. Questions naming a place without a document, and questions about a document
itself, are left as the index answers them.

>>> similarity(question_grams("请问洪泽失业金怎么领？"), question_grams("洪泽失业金怎么领"))
1.0
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from policy_kb.search.index import SearchIndex, SearchResult, _canonical, _Unit
from policy_kb.search.text import bigrams, normalize

#: Two wordings at least this similar are the same question for answering (Dice over
#: character bigrams): 「洪泽的失业金怎么领取」 matches 「洪泽失业金怎么领」 (0.75);
#: 「叶集失业金怎么领」 does not (0.71).
MATCH_THRESHOLD = 0.75

#: Openings that ask nothing (请问, 你好, 我想问一下): left out when comparing wordings.
_OPENING = re.compile(r"^(?:(?:你好|您好|请问|麻烦问一下|问一下|想问一下|我想问一下|我想问|咨询一下|打扰一下)[,，:：!！\s]*)+")


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
    """Bigram sets of several wordings with an inverted index, so the wordings sharing a gram
    with a question are compared, not all of them."""

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


class PhrasingTable:
    """The phrasings, searchable by a question's wording."""

    def __init__(self, phrasings: Iterable[Phrasing]) -> None:
        self.phrasings = tuple(phrasings)
        self._grams = GramIndex()
        for p in self.phrasings:
            self._grams.add(question_grams(p.question))

    def __len__(self) -> int:
        return len(self.phrasings)

    def match(
        self, question: str, threshold: float = MATCH_THRESHOLD
    ) -> tuple[Phrasing, float] | None:
        """The phrasing most similar to ``question`` and its similarity, when at least
        ``threshold``; else None."""
        found = self._grams.best(question_grams(question), threshold)
        if found is None:
            return None
        return self.phrasings[found[0]], found[1]


class PhrasedIndex(SearchIndex):
    """A ``SearchIndex`` that answers attached phrasings with their clause (module docstring).

    ``base``: the index wrapped (its arrays are shared, not copied); ``table``: the phrasings.
    Phrasings whose clause is not in the index are ignored.
    """

    def __init__(self, base: SearchIndex, phrasings: Sequence[Phrasing]) -> None:
        # Shares the built index: the same arrays, models and caches, no second build.
        self.__dict__.update(base.__dict__)
        self.base = base
        self._by_clause: dict[tuple[str, str], _Unit] = {
            (u.doc.meta.doc_id, u.clause.clause_id): u for u in self._units
        }
        self.table = PhrasingTable(
            p for p in phrasings if (p.doc_id, p.clause_id) in self._by_clause
        )

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
        if result.uncovered_places or result.about_document:
            return result
        found = self.table.match(query)
        if found is None:
            return result
        phrasing, _score = found
        unit = self._by_clause[(phrasing.doc_id, phrasing.clause_id)]
        district = _canonical(region) or result.region
        if district is not None and district not in unit.doc.meta.regions:
            return result
        best = max((h.score for h in result.hits), default=1.0)
        hit = self._hit(unit, best, self._analyse(query, _canonical(region)))
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
    "PhrasingTable",
    "question_grams",
    "similarity",
    "with_phrasings",
]
