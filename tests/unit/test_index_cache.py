"""The on-disk cache of built search indexes (``policy_kb.search.cache``): a process starting on
documents already indexed loads the index instead of building it, and answers exactly as a
freshly built one; any change to the documents is a new entry; a broken or foreign entry is
never trusted."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pytest

from policy_kb.kb import load_knowledge_base
from policy_kb.model import KnowledgeBase
from policy_kb.search import SearchIndex
from policy_kb.search import cache as index_cache

QUESTIONS = (
    ("洪泽区引进的高级技师有什么补贴？", None),
    ("在叶集买房子，技能人才有购房补贴吗", None),
    ("引进技师补贴多少", "叶集区"),
    ("宿迁这个政策什么时候到期？", None),
    ("jineng dashi gongzuoshi zizhu", None),
    ("今天天气怎么样", None),
)


def _answers(index: SearchIndex) -> list[Any]:
    return [index.search(q, prefer_region=region).to_json() for q, region in QUESTIONS]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(None)


@pytest.fixture(scope="module")
def fresh(kb: KnowledgeBase) -> list[Any]:
    return _answers(SearchIndex.build(kb))


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts real builds (each still runs)."""
    counted: list[int] = []
    real = SearchIndex.build.__func__  # type: ignore[attr-defined]

    def build(cls: type[SearchIndex], kb: KnowledgeBase) -> SearchIndex:
        counted.append(1)
        return real(cls, kb)  # type: ignore[no-any-return]

    monkeypatch.setattr(SearchIndex, "build", classmethod(build))
    return counted


def test_second_start_loads_the_index_and_answers_the_same(kb, fresh, builds, tmp_path):
    first = index_cache.build_index(kb, tmp_path)
    assert len(builds) == 1 and len(list(tmp_path.glob("*.pickle"))) == 1
    loaded = index_cache.build_index(kb, tmp_path)
    assert len(builds) == 1  # from disk
    assert loaded is not first
    assert _answers(loaded) == fresh == _answers(first)


def test_a_changed_document_is_indexed_anew(kb, builds, tmp_path):
    index_cache.build_index(kb, tmp_path)
    doc = kb.documents["yeji"]
    clauses = list(doc.clauses)
    i = next(i for i, c in enumerate(clauses) if "住房补贴" in c.text)
    text = clauses[i].text.replace("住房补贴", "租房补贴")
    clauses[i] = dataclasses.replace(clauses[i], text=text)
    edited = KnowledgeBase({**kb.documents, "yeji": dataclasses.replace(doc, clauses=clauses)})
    assert index_cache.index_key(edited) != index_cache.index_key(kb)
    index = index_cache.build_index(edited, tmp_path)
    assert len(builds) == 2 and len(list(tmp_path.glob("*.pickle"))) == 2
    hit = index.search("叶集租房补贴").hits[0]
    assert "租房" in hit.text


def test_a_broken_entry_is_rebuilt(kb, fresh, builds, tmp_path):
    index_cache.build_index(kb, tmp_path)
    (entry,) = tmp_path.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:1000])
    index = index_cache.build_index(kb, tmp_path)
    assert len(builds) == 2
    assert _answers(index) == fresh
    assert index_cache.build_index(kb, tmp_path) is not None and len(builds) == 2  # rewritten


def test_an_entry_others_may_write_is_not_loaded(kb, builds, tmp_path):
    index_cache.build_index(kb, tmp_path)
    (entry,) = tmp_path.glob("*.pickle")
    os.chmod(entry, 0o666)
    index_cache.build_index(kb, tmp_path)
    assert len(builds) == 2


def test_cache_location_and_switch(monkeypatch, tmp_path):
    monkeypatch.setenv(index_cache.CACHE_ENV, "off")
    assert index_cache.cache_dir() is None
    monkeypatch.setenv(index_cache.CACHE_ENV, str(tmp_path))
    assert index_cache.cache_dir() == tmp_path
    monkeypatch.delenv(index_cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert index_cache.cache_dir() == Path(tmp_path) / "bluecard" / "search-index"


def test_no_cache_builds_every_time(kb, builds):
    index_cache.build_index(kb, None)
    index_cache.build_index(kb, None)
    assert len(builds) == 2
