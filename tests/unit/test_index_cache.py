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
from policy_kb.search import SearchIndex, segment
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
    return load_knowledge_base(extra_dir=Path("/nonexistent"))  # the documents ``fresh`` read


@pytest.fixture(scope="module")
def fresh(index: SearchIndex) -> list[Any]:
    """The answers of an index built (not loaded) from the bundled documents: the run's one
    build (``tests/unit/conftest.py``)."""
    return _answers(index)


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


def test_a_loaded_entry_brings_the_word_classes_of_jiebas_dictionary(
    kb, builds, tmp_path, monkeypatch
):
    index_cache.build_index(kb, tmp_path)
    expected = segment.tags()
    for name in ("_verbs", "_single_verbs", "_function_words", "_adjectives"):
        monkeypatch.setattr(segment, name, None)  # as in a process starting
    with monkeypatch.context() as m:
        m.setattr(segment.jieba, "__file__", str(tmp_path / "gone" / "__init__.py"))
        index_cache.build_index(kb, tmp_path)  # the dictionary file cannot be read now
    assert len(builds) == 1
    assert segment.tags() == expected
    assert "完成" in segment.verbs() and "除了" in segment.function_words()


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


def test_a_symlinked_entry_is_not_loaded(kb, builds, tmp_path):
    cache = tmp_path / "cache"
    index_cache.build_index(kb, cache)
    (entry,) = cache.glob("*.pickle")
    elsewhere = tmp_path / "elsewhere.pickle"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)  # a valid entry of ours, reached through a link
    index_cache.build_index(kb, cache)
    assert len(builds) == 2
    assert not entry.is_symlink() and entry.is_file()  # the link is replaced, not written through
    assert index_cache.build_index(kb, cache) is not None and len(builds) == 2


def test_a_symlinked_folder_is_not_used(kb, builds, tmp_path):
    real = tmp_path / "real"
    index_cache.build_index(kb, real)
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    index_cache.build_index(kb, link)
    index_cache.build_index(kb, link)
    assert len(builds) == 3  # neither loaded through the link nor written through it
    assert len(list(real.glob("*.pickle"))) == 1


def test_a_group_writable_entry_is_not_loaded(kb, builds, tmp_path, caplog):
    index_cache.build_index(kb, tmp_path)
    (entry,) = tmp_path.glob("*.pickle")
    os.chmod(entry, 0o660)
    index_cache.build_index(kb, tmp_path)
    assert len(builds) == 2
    assert "not private" in caplog.text


def test_a_group_writable_folder_is_neither_loaded_nor_written(kb, fresh, builds, tmp_path, caplog):
    cache = tmp_path / "cache"
    index_cache.build_index(kb, cache)
    os.chmod(cache, 0o770)
    index = index_cache.build_index(kb, cache)
    assert len(builds) == 2 and _answers(index) == fresh  # served all the same
    assert "not private" in caplog.text
    (entry,) = cache.glob("*.pickle")
    before = entry.stat().st_mtime_ns
    index_cache.build_index(kb, cache)
    assert len(builds) == 3 and entry.stat().st_mtime_ns == before  # nothing written there


def test_a_folder_the_cache_makes_is_private_and_loads(kb, builds, tmp_path):
    cache = tmp_path / "deep" / "cache"
    old = os.umask(0o002)  # a permissive umask does not make the folder group-writable
    try:
        index_cache.build_index(kb, cache)
    finally:
        os.umask(old)
    assert cache.stat().st_mode & 0o777 == 0o700
    (entry,) = cache.glob("*.pickle")
    assert entry.stat().st_mode & 0o777 == 0o600
    assert not list(cache.glob(".index-*"))  # no temporary file left
    index_cache.build_index(kb, cache)
    assert len(builds) == 1


def test_a_file_that_is_not_a_pickle_is_rebuilt(kb, fresh, builds, tmp_path):
    index_cache.build_index(kb, tmp_path)
    (entry,) = tmp_path.glob("*.pickle")
    entry.write_bytes(b"not a pickle at all")
    index = index_cache.build_index(kb, tmp_path)
    assert len(builds) == 2 and _answers(index) == fresh
    index_cache.build_index(kb, tmp_path)
    assert len(builds) == 2  # the rebuilt entry replaced it


def test_a_fifo_under_the_entry_name_does_not_hang_the_start(kb, fresh, builds, tmp_path):
    key = index_cache.index_key(kb)
    os.mkfifo(tmp_path / f"{key}.pickle", 0o600)  # opening it for reading would wait for a writer
    index = index_cache.build_index(kb, tmp_path)
    assert len(builds) == 1 and _answers(index) == fresh
    index_cache.build_index(kb, tmp_path)
    assert len(builds) == 1  # replaced by a real entry


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
