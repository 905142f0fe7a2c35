"""Built search indexes kept on disk: a process starting on documents already indexed loads the
index (~15 ms) instead of building it (~0.5 s: segmentation, pinyin readings, BM25).

``build_index(kb)`` is ``SearchIndex.build(kb)`` through the cache. An entry is keyed by
everything a build reads: the documents (their full content), the ``policy_kb`` package's files
(code, dictionaries, data), the versions of Python and of the libraries the index is made with,
the region registry and the words the shared tokenizer was already taught. Any change — a
document published, edited or retired, new code — is another key, so a stale index is never
loaded; entries not used lately are removed (``KEEP`` are kept). The loaded index is built on
the caller's own ``kb`` objects (documents and clauses are not copied), and the tokenizer is
taught the corpus's terms as a build does (``index.teach_segmenter``); the part-of-speech sets
read from jieba's dictionary (``segment.tags()``) are kept with it, not read again.

Where: ``cachedir.cache_dir()`` — ``$POLICY_KB_INDEX_CACHE`` (a directory; ``off`` disables the
cache), else ``$XDG_CACHE_HOME/bluecard/search-index`` (``~/.cache/...``), shared with jieba's
dictionary cache. The directory is made private (0700); an entry is loaded only from a directory and file this user owns and nobody else may
write (a pickle runs code when loaded). A missing, unreadable or broken entry is rebuilt;
a cache that cannot be written is logged and skipped: the index is served either way.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import logging
import os
import pickle
import secrets
import stat
import sys
import threading
from importlib import metadata
from pathlib import Path
from typing import Any

from policy_kb import regions
from policy_kb.model import KnowledgeBase
from policy_kb.search import segment
from policy_kb.search.cachedir import CACHE_ENV, cache_dir, open_directory, private
from policy_kb.search.index import SearchIndex, teach_segmenter

log = logging.getLogger(__name__)

#: Entries kept in the directory (most recently used); older ones are deleted.
KEEP = 32
#: Raised when what is pickled, or how, changes incompatibly (2: the index with the part-of-speech
#: sets ``segment.tags()`` read from jieba's dictionary; 3: BM25 scores kept as our own arrays,
#: not bm25s's objects).
FORMAT = 3
_LIBRARIES = ("bm25s", "four-corner-method", "jieba", "numpy", "pypinyin", "rapidfuzz", "scipy")
_lock = threading.Lock()


def build_index(kb: KnowledgeBase, directory: Path | bool | None = True) -> SearchIndex:
    """``SearchIndex.build(kb)``, from the cache when this ``kb`` was indexed before.

    directory: the cache directory; True (default) for ``cache_dir()``, None or False for no
    cache. Raises as ``SearchIndex.build`` does (ValueError: nothing to index).
    """
    where = cache_dir() if directory is True else (directory or None)
    if where is None:
        return SearchIndex.build(kb)
    try:
        path = Path(where) / f"{index_key(kb)}.pickle"
    except Exception:  # a document that cannot be keyed: no cache for it
        log.warning("search index not cached: could not key the documents", exc_info=True)
        return SearchIndex.build(kb)
    with _lock:
        index = _load(path, kb)
        if index is None:
            index = SearchIndex.build(kb)
            _store(path, kb, index)
        return index


def index_key(kb: KnowledgeBase) -> str:
    """Hex digest of everything ``SearchIndex.build(kb)`` depends on (module docstring)."""
    h = hashlib.sha256()
    h.update(_environment().encode())
    h.update(repr(sorted((r.name, tuple(r.aliases)) for r in regions.REGIONS)).encode())
    h.update(repr(sorted(segment._added)).encode())  # what earlier builds taught the tokenizer
    for doc_id in sorted(kb.documents):
        h.update(repr(kb.documents[doc_id]).encode())
    return h.hexdigest()[:40]


@functools.cache
def _environment() -> str:
    """The cache format, Python's and the libraries' versions, and a digest of every file of
    the ``policy_kb`` package (read once per process)."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return f"{FORMAT}|{sys.version}|{'|'.join(versions)}|{h.hexdigest()}"


# -- the documents stay the caller's: they are written as references -------------------------
def _references(kb: KnowledgeBase) -> dict[int, tuple[Any, ...]]:
    """id(object) -> its reference, for every document, metadata and clause of ``kb``."""
    refs: dict[int, tuple[Any, ...]] = {}
    for doc_id, doc in kb.documents.items():
        refs[id(doc)] = ("doc", doc_id)
        refs[id(doc.meta)] = ("meta", doc_id)
        for i, clause in enumerate(doc.clauses):
            refs[id(clause)] = ("clause", doc_id, i)
    return refs


def _resolve(kb: KnowledgeBase, ref: tuple[Any, ...]) -> Any:
    doc = kb.documents[ref[1]]
    if ref[0] == "doc":
        return doc
    if ref[0] == "meta":
        return doc.meta
    if ref[0] == "clause":
        return doc.clauses[ref[2]]
    raise pickle.UnpicklingError(f"unknown reference {ref!r}")


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, kb: KnowledgeBase) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._refs = _references(kb)

    def persistent_id(self, obj: Any) -> Any:
        return self._refs.get(id(obj))

    def reducer_override(self, obj: Any) -> Any:
        # Per-instance memo caches (``scope.Coverage``): written as a new, empty cache.
        if isinstance(obj, functools._lru_cache_wrapper):
            params = obj.cache_parameters()
            return _lru_cache, (obj.__wrapped__, params["maxsize"], params["typed"])
        return NotImplemented


def _lru_cache(func: Any, maxsize: int | None, typed: bool) -> Any:
    return functools.lru_cache(maxsize=maxsize, typed=typed)(func)


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BufferedReader, kb: KnowledgeBase) -> None:
        super().__init__(file)
        self._kb = kb

    def persistent_load(self, pid: Any) -> Any:
        return _resolve(self._kb, tuple(pid))


def _load(path: Path, kb: KnowledgeBase) -> SearchIndex | None:
    try:
        dir_fd = open_directory(path.parent, create=False)
        if dir_fd is None:
            return None
        try:
            # O_NONBLOCK: a FIFO planted under the entry's name opens at once (and is refused
            # below) instead of blocking the start-up; it changes nothing for a regular file.
            fd = os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
        finally:
            os.close(dir_fd)
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            if not (stat.S_ISREG(st.st_mode) and private(st)):
                log.warning("search index cache %s is not private to this user: ignored", path)
                return None
            entry = _Unpickler(handle, kb).load()
            os.utime(handle.fileno())  # recently used: kept by the pruning
    except FileNotFoundError:
        return None
    except Exception:  # a symlink (ELOOP), a directory, a broken pickle...: rebuilt
        log.warning("search index cache %s unreadable: rebuilding", path, exc_info=True)
        return None
    if not _well_formed(entry):
        return None
    index: SearchIndex = entry[0]
    tags: segment.Tags = entry[1]
    teach_segmenter(kb)
    # Warm, as a build leaves it (before a pre-forking server forks), without reading the
    # dictionary again.
    segment.use_tags(tags)
    log.info("search index loaded from %s", path)
    return index


def _well_formed(entry: Any) -> bool:
    """An entry is (``SearchIndex``, ``segment.Tags``)."""
    if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], SearchIndex)):
        return False
    tags = entry[1]
    return (
        isinstance(tags, tuple) and len(tags) == 4 and all(isinstance(t, frozenset) for t in tags)
    )


def _store(path: Path, kb: KnowledgeBase, index: SearchIndex) -> None:
    try:
        buffer = io.BytesIO()
        _Pickler(buffer, kb).dump((index, segment.tags()))
        dir_fd = open_directory(path.parent, create=True)
        if dir_fd is None:
            log.warning("search index cache %s: not written", path)
            return
        try:
            tmp = f".index-{secrets.token_hex(8)}.tmp"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            fd = os.open(tmp, flags, 0o600, dir_fd=dir_fd)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(buffer.getvalue())
                os.replace(tmp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp, dir_fd=dir_fd)
                raise
            _prune(dir_fd)
        finally:
            os.close(dir_fd)
    except Exception:
        log.warning("search index not cached in %s", path.parent, exc_info=True)


def _prune(dir_fd: int) -> None:
    """Delete all but the ``KEEP`` most recently used entries of the directory ``dir_fd``."""
    entries = []
    with os.scandir(dir_fd) as listing:
        for entry in listing:
            if not entry.name.endswith(".pickle"):
                continue
            try:
                entries.append((entry.stat(follow_symlinks=False).st_mtime, entry.name))
            except FileNotFoundError:
                continue
    for _, name in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name, dir_fd=dir_fd)


__all__ = ["CACHE_ENV", "build_index", "cache_dir", "index_key"]
