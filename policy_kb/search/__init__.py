"""Clause search: segmentation with a domain dictionary, synonyms, pinyin/typo repair, BM25
over words and character bigrams (clauses and their sentences), region and county awareness,
who-is-paid and definition priors, and an out-of-scope decision on the question's topic.

>>> from policy_kb.kb import load_knowledge_base
>>> index = SearchIndex.build(load_knowledge_base())          # once per process
>>> index.search("洪泽从外地引进的技师有多少补贴").hits[0].clause_id   # doctest: +SKIP
'三（三）1'
>>> index.search("引进技师补贴多少", prefer_region="叶集").hits[0].doc_id   # doctest: +SKIP
'yeji'
"""

from policy_kb.search.index import Hit, SearchIndex, SearchResult

__all__ = ["Hit", "SearchIndex", "SearchResult"]
