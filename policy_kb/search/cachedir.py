"""The private folder where built search artefacts are kept between processes: the search
index (``cache``) and jieba's dictionary cache (``initialize_tokenizer``).

Where: ``$POLICY_KB_INDEX_CACHE`` (a directory; ``off`` disables it), else
``$XDG_CACHE_HOME/bluecard/search-index`` (``~/.cache/...``). The folder is made private
(0700) and used only while it is a directory (not a symlink) this user owns and no one else
may write: what is loaded from it (a pickle, jieba's marshal dump) is trusted, so nobody else
may have put it there. jieba left alone writes its cache to ``/tmp/jieba.cache``, a name
every user of the host shares: another user could plant a dictionary there first.
"""

from __future__ import annotations

import logging
import marshal
import os
import stat
import tempfile
from pathlib import Path

import jieba

log = logging.getLogger(__name__)

CACHE_ENV = "POLICY_KB_INDEX_CACHE"
#: jieba's dictionary cache in the folder; the version in the name, because jieba does not
#: check that a cache of its bundled dictionary is that of the installed version.
JIEBA_CACHE = f"jieba-{jieba.__version__}.cache"


def cache_dir() -> Path | None:
    """The cache directory (module docstring), or None when ``$POLICY_KB_INDEX_CACHE=off``
    or there is no home directory to put it in."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        value = value.strip()
        return None if value.lower() in ("", "off", "0", "false", "no") else Path(value)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (KeyError, RuntimeError):  # no home directory: no cache
            return None
    return Path(base) / "bluecard" / "search-index"


def private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (a directory or a file)."""
    return st.st_uid == os.geteuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def open_directory(directory: Path, *, create: bool) -> int | None:
    """A handle on the cache directory itself (not a symlink to one), or None when it is missing,
    or is not this user's or others may write it (logged). With ``create`` a missing directory
    is made (its parents too) and set to 0700. Raises OSError when it cannot be made or opened.

    Every later step goes through the handle (``dir_fd``), so what was checked is what is used.
    """
    created = False
    if create:
        directory.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.mkdir(directory, 0o700)
            created = True
        except FileExistsError:
            pass
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    try:
        if created:
            os.fchmod(fd, 0o700)  # mkdir's mode is narrowed by the umask, never widened
        if not private(os.fstat(fd)):
            log.warning("cache folder %s is not private to this user: not used", directory)
            os.close(fd)
            return None
    except BaseException:
        os.close(fd)
        raise
    return fd


def initialize_tokenizer(tk: jieba.Tokenizer) -> None:
    """Load ``tk``'s dictionary (``tk.initialize()``) with jieba's cache of it in the private
    folder (``JIEBA_CACHE`` in ``cache_dir()``), never in the shared temporary directory.

    An entry that is not a regular file of this user's that only they may write (a symlink, a
    FIFO, a file others may write) is deleted first, so jieba rebuilds it. Without a usable
    folder (cache off, not private, cannot be made) jieba builds from its dictionary and
    writes its cache into a private temporary folder deleted afterwards. Raises what
    ``tk.initialize`` raises.
    """
    where = cache_dir()
    if where is not None and _usable(where):
        # Only this user can add, replace or change entries of the folder (checked), so the
        # path jieba opens is the entry that was checked.
        tk.tmp_dir, tk.cache_file = str(where), JIEBA_CACHE
        if not _load_cached(tk, where):
            tk.initialize()  # builds the dictionary and writes the cache
        return
    with tempfile.TemporaryDirectory(prefix="bluecard-jieba-") as scratch:
        tk.tmp_dir, tk.cache_file = scratch, JIEBA_CACHE
        tk.initialize()


def _load_cached(tk: jieba.Tokenizer, where: Path) -> bool:
    """Load ``tk``'s dictionary from ``JIEBA_CACHE`` in ``where`` as ``tk.initialize()`` would
    (the same entry, used on the same condition: any age for jieba's own dictionary, newer
    than the dictionary file for another), but read whole first and unmarshalled from memory:
    jieba's ``marshal.load`` on the open file reads it in small pieces, ~4 times slower (a
    quarter of the start-up). True when loaded; False when missing, not a private regular file,
    too old or unreadable (``tk`` untouched: ``initialize`` rebuilds it)."""
    try:
        dir_fd = open_directory(where, create=False)
        if dir_fd is None:
            return False
        try:
            # O_NONBLOCK: a FIFO under the name opens at once (refused below), not blocking.
            fd = os.open(JIEBA_CACHE, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
        finally:
            os.close(dir_fd)
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            if not (stat.S_ISREG(st.st_mode) and private(st)):
                return False
            own = tk.dictionary
            if own != jieba.DEFAULT_DICT and st.st_mtime <= os.path.getmtime(own):
                return False
            loaded = marshal.loads(handle.read())
        freq, total = loaded
    except (OSError, ValueError, EOFError, TypeError):
        return False
    if not isinstance(freq, dict) or not isinstance(total, int):
        return False
    with tk.lock:
        tk.FREQ, tk.total = freq, total
        tk.initialized = True
    return True


def _usable(where: Path) -> bool:
    """Whether jieba may keep its cache in ``where``: the folder is private (made if missing)
    and ``JIEBA_CACHE`` in it is missing or a private regular file; anything else under that
    name is deleted first. Logged when not usable."""
    try:
        dir_fd = open_directory(where, create=True)
        if dir_fd is None:
            return False
        try:
            st = os.stat(JIEBA_CACHE, dir_fd=dir_fd, follow_symlinks=False)
            if not (stat.S_ISREG(st.st_mode) and private(st)):
                log.warning("jieba cache in %s is not a private file: deleted, rebuilt", where)
                os.unlink(JIEBA_CACHE, dir_fd=dir_fd)  # a directory raises: folder not used
        except FileNotFoundError:
            pass
        finally:
            os.close(dir_fd)
    except OSError:
        log.warning("jieba cache folder %s not usable: not cached", where, exc_info=True)
        return False
    return True


__all__ = [
    "CACHE_ENV",
    "JIEBA_CACHE",
    "cache_dir",
    "initialize_tokenizer",
    "open_directory",
    "private",
]
