"""jieba's dictionary cache is kept in the private cache folder, never at the shared
/tmp/jieba.cache another user of the host could plant."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

import jieba
import pytest

from policy_kb.search import cachedir, segment


@pytest.fixture
def shared_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The host's shared temporary directory, as jieba would use it (watched for writes)."""
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    return shared


@pytest.fixture
def dictionary(tmp_path: Path) -> Path:
    """A small dictionary in jieba's format (its own 350 000 words take seconds to load)."""
    path = tmp_path / "dict.txt"
    path.write_text("技师 3000 n\n高级工 2000 n\n补贴 5000 n\n", encoding="utf-8")
    os.utime(path, (1_700_000_000, 1_700_000_000))  # older than any cache (jieba compares)
    return path


def _fresh(dictionary: Path) -> jieba.Tokenizer:
    return jieba.Tokenizer(dictionary=str(dictionary))


def test_the_cache_lands_in_the_private_folder(tmp_path, shared_tmp, dictionary, monkeypatch):
    folder = tmp_path / "cache" / "search-index"
    monkeypatch.setenv(cachedir.CACHE_ENV, str(folder))

    tk = _fresh(dictionary)
    cachedir.initialize_tokenizer(tk)

    entry = folder / cachedir.JIEBA_CACHE
    assert entry.is_file() and not entry.is_symlink()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert not stat.S_IMODE(entry.stat().st_mode) & 0o077
    assert list(shared_tmp.iterdir()) == []  # nothing written to the shared directory
    assert tk.initialized and "技师" in tk.FREQ

    # A second process loads the cache it left (same dictionary, no rebuild).
    before = entry.stat().st_mtime_ns
    again = _fresh(dictionary)
    cachedir.initialize_tokenizer(again)
    assert entry.stat().st_mtime_ns == before
    assert again.total == tk.total


def test_a_planted_symlink_is_not_followed(tmp_path, shared_tmp, dictionary, monkeypatch):
    folder = tmp_path / "idx"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv(cachedir.CACHE_ENV, str(folder))
    bait = tmp_path / "planted"
    bait.write_bytes(b"not a dictionary")
    (folder / cachedir.JIEBA_CACHE).symlink_to(bait)

    tk = _fresh(dictionary)
    cachedir.initialize_tokenizer(tk)

    entry = folder / cachedir.JIEBA_CACHE
    assert entry.is_file() and not entry.is_symlink()  # rebuilt as our own file
    assert bait.read_bytes() == b"not a dictionary"  # the link's target was not written
    assert "技师" in tk.FREQ


def test_a_cache_file_others_may_write_is_rebuilt(tmp_path, shared_tmp, dictionary, monkeypatch):
    folder = tmp_path / "idx"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv(cachedir.CACHE_ENV, str(folder))
    entry = folder / cachedir.JIEBA_CACHE
    entry.write_bytes(b"junk")
    os.chmod(entry, 0o666)

    tk = _fresh(dictionary)
    cachedir.initialize_tokenizer(tk)

    assert not stat.S_IMODE(entry.stat().st_mode) & 0o077
    assert entry.read_bytes() != b"junk"
    assert "技师" in tk.FREQ


def test_a_folder_others_may_write_is_not_used(tmp_path, shared_tmp, dictionary, monkeypatch):
    folder = tmp_path / "open"
    folder.mkdir()
    os.chmod(folder, 0o777)
    monkeypatch.setenv(cachedir.CACHE_ENV, str(folder))

    tk = _fresh(dictionary)
    cachedir.initialize_tokenizer(tk)

    assert list(folder.iterdir()) == []
    assert list(shared_tmp.iterdir()) == []  # its scratch folder is gone too
    assert "技师" in tk.FREQ


def test_cache_off_writes_nothing_lasting(tmp_path, shared_tmp, dictionary, monkeypatch):
    monkeypatch.setenv(cachedir.CACHE_ENV, "off")

    tk = _fresh(dictionary)
    cachedir.initialize_tokenizer(tk)

    assert "技师" in tk.FREQ
    assert list(shared_tmp.iterdir()) == []


def test_the_search_tokenizer_is_initialised_this_way():
    tk = segment.tokenizer()
    assert tk.cache_file == cachedir.JIEBA_CACHE
    assert tk.tmp_dir is not None and Path(tk.tmp_dir) != Path(tempfile.gettempdir())


def test_the_cache_gives_the_dictionary_jieba_builds(tmp_path, shared_tmp, dictionary, monkeypatch):
    monkeypatch.setenv(cachedir.CACHE_ENV, str(tmp_path / "idx"))
    cachedir.initialize_tokenizer(_fresh(dictionary))  # writes the cache

    cached = _fresh(dictionary)
    cachedir.initialize_tokenizer(cached)
    built = _fresh(dictionary)
    built.initialize()  # jieba on its own, from the dictionary file

    assert cached.initialized
    assert (cached.FREQ, cached.total) == (built.FREQ, built.total)
    assert cached.lcut("高级工补贴", HMM=False) == ["高级工", "补贴"]


def test_a_dictionary_edited_after_the_cache_is_read_again(
    tmp_path, shared_tmp, dictionary, monkeypatch
):
    monkeypatch.setenv(cachedir.CACHE_ENV, str(tmp_path / "idx"))
    cachedir.initialize_tokenizer(_fresh(dictionary))
    with dictionary.open("a", encoding="utf-8") as handle:
        handle.write("首席技师 800 n\n")
    later = time.time() + 60
    os.utime(dictionary, (later, later))  # newer than the cache, which jieba compares

    tk = _fresh(dictionary)
    cachedir.initialize_tokenizer(tk)

    assert "首席技师" in tk.FREQ


def test_a_broken_cache_is_rebuilt(tmp_path, shared_tmp, dictionary, monkeypatch):
    folder = tmp_path / "idx"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv(cachedir.CACHE_ENV, str(folder))
    entry = folder / cachedir.JIEBA_CACHE
    entry.write_bytes(b"\x00broken")
    os.chmod(entry, 0o600)

    tk = _fresh(dictionary)
    cachedir.initialize_tokenizer(tk)

    assert "技师" in tk.FREQ
    assert entry.read_bytes() != b"\x00broken"
