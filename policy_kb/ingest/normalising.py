"""Text as received -> clean text: decoding, inline repairs of conversion noise, sentences."""

from __future__ import annotations

import re

from policy_kb.ingest.errors import IngestError

CJK = "\u4e00-\u9fff"
# CJK ideographs and CJK/full-width punctuation: a space next to one is conversion noise.
_WIDE = f"{CJK}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026"
CN_DIGITS = "一二三四五六七八九十百零〇"

# Sentence ends: a paragraph whose last character is one of these is complete.
TERMINAL = set("。！？；：…”’）)」』】!?;:")


def decode_policy_bytes(raw: bytes, name: str = "input") -> str:
    """Decode a policy text file; UTF-8 (with or without BOM) only.

    Raises IngestError for binary data (NUL bytes), non-UTF-8 text (suggesting iconv when it
    decodes as GBK) and empty or whitespace-only files.
    """
    if b"\x00" in raw[:65536]:
        raise IngestError(f"{name}: looks binary (contains NUL bytes); expected plain UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            raw.decode("gbk")
            hint = f"; it looks like GBK: convert with `iconv -f GBK -t UTF-8 {name}`"
        except UnicodeDecodeError:
            pass
        raise IngestError(f"{name}: not UTF-8 text (byte {exc.start}){hint}") from exc
    if not text.strip():
        raise IngestError(f"{name}: empty file")
    return text


BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_SPACE_AFTER_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t\u3000\xa0]+(?=[{_WIDE}0-9A-Za-z%])")
_SPACE_BEFORE_WIDE = re.compile(rf"(?<=[0-9A-Za-z%])[ \t\u3000\xa0]+(?=[{_WIDE}])")
_OCR_AND = re.compile(rf"(?<=[{CJK}])\s*\band\b\s*(?=[{CJK}])")


def normalize_inline(text: str) -> str:
    """Repair one paragraph's inline conversion noise; returns the repaired text.

    Removes Markdown emphasis and Word bookmarks, the OCR slip ``了解 and 掌握`` -> ``了解和掌握``
    and spaces next to Chinese (``15000 元`` -> ``15000元``, ``5-8 个`` -> ``5-8个``).

    Punctuation stays as the document prints it (``(单位: 人, 元)``, not ``（单位：人，元）``):
    an answer quotes the clause's own text (``Hit.text``, docs/contracts.md), so a worker or
    an official holding the paper finds the same characters; matching is not affected, since
    questions and clauses are compared after NFKC (``search.text.normalize``), which reads
    full-width ，：（） as , : (). Clause numbers are our citation labels and are written
    full-width whatever the document uses (``structure``: （二）).
    """
    s = BOOKMARK_RE.sub("", text).replace("**", "").replace("★", "")
    s = _OCR_AND.sub("和", s)
    # Twice: each pass only removes spaces with a wide character on one side.
    for _ in range(2):
        s = _SPACE_AFTER_WIDE.sub("", s)
        s = _SPACE_BEFORE_WIDE.sub("", s)
    return s.strip()


_SENTENCE_RE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|$)")


def split_sentences(text: str) -> list[str]:
    """Split clause text into sentences ending in 。！？； (the mark is kept); no empty items."""
    return [m.strip() for m in _SENTENCE_RE.findall(text) if m.strip()]
