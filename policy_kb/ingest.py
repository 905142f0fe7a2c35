"""Policy text as received -> clause tree; reading and writing metadata sidecars.

The documents arrive as plain text converted from Word/PDF (see ``corpus/``): page breaks split
sentences across blank lines, Markdown and Word bookmarks are left over, one document puts spaces
around numbers, tables are flattened to one cell per line. ``parse_document`` repairs all of that
and builds the clause tree from the numbering people cite:

==============================  ======  ======================================
source                          level   clause_id (number)
==============================  ======  ======================================
``一、``                         1       ``三``
``（一）`` ``(一)`` ``**（一）…**``  2       ``三（一）`` (full-width brackets always)
``1.`` ``1、``                   3       ``三（一）1``
``（1）`` ``(1)``                4       ``三（一）1（1）``
several plain paragraphs        +1      ``三-2`` (number ``三``)
text before the first clause    1       ``序言``
attachment / its rows           1 / 2   ``附件``, ``附件-1`` (``附件1``… when several)
==============================  ======  ======================================

Markdown heading levels (``#``..``####``) are only hints: the numbering decides the level.
Header lines (issuer, 文号, title, addressees, signature, date) are not clauses. Ids depend only
on the text, so re-ingesting the same text gives the same ids.

Sidecars: ``<doc_id>.yaml`` next to ``<doc_id>.txt`` holds the ``DocumentMeta`` fields
(``title``, ``issuer``, ``wenhao``, ``issued_on``, ``issued_note``, ``regions``, ``status``,
``horizon``, ``horizon_end``); unknown facts are ``null``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

import yaml

from policy_kb.model import Clause, Document, DocumentMeta, Status
from policy_kb.regions import canonical_region

__all__ = [
    "IngestError",
    "decode_policy_bytes",
    "load_document",
    "meta_from_mapping",
    "meta_to_mapping",
    "normalize_inline",
    "parse_document",
    "read_meta",
    "split_sentences",
]

DOC_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
STATUSES: tuple[Status, ...] = ("in_force", "draft")

_CJK = "\u4e00-\u9fff"
# CJK ideographs and CJK/full-width punctuation: a space next to one is conversion noise.
_WIDE = f"{_CJK}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026"
_CN_DIGITS = "一二三四五六七八九十百零〇"

# Sentence ends: a paragraph whose last character is one of these is complete.
_TERMINAL = set("。！？；：…”’）)」』】!?;:")


class IngestError(ValueError):
    """A document or its metadata cannot be ingested; ``str(err)`` is one line naming why."""


# ---------------------------------------------------------------------------------------------
# metadata


def _opt_str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str | int | float):
        raise IngestError(f"metadata field {key!r} must be text, got {type(value).__name__}")
    return str(value).strip() or None


def _opt_date(data: dict[str, Any], key: str) -> date | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise IngestError(f"metadata field {key!r} must be a date YYYY-MM-DD, got {value!r}")


def meta_from_mapping(doc_id: str, data: dict[str, Any]) -> DocumentMeta:
    """Validate sidecar fields (a YAML mapping) into a ``DocumentMeta`` for ``doc_id``.

    Regions may be given as aliases (``叶集``) and are stored canonical (``叶集区``).
    Raises IngestError naming the first bad field (unknown region, bad date, bad status,
    missing title, malformed doc_id).
    """
    if not DOC_ID_RE.match(doc_id):
        raise IngestError(
            f"doc_id {doc_id!r} must be lower-case letters, digits, '-' or '_' (max 64)"
        )
    title = _opt_str(data, "title")
    if not title:
        raise IngestError("metadata field 'title' is required")
    raw_regions = data.get("regions", data.get("region"))
    if isinstance(raw_regions, str):
        raw_regions = [raw_regions]
    if not isinstance(raw_regions, list) or not raw_regions:
        raise IngestError("metadata field 'regions' must name at least one region")
    regions: list[str] = []
    for r in raw_regions:
        name = canonical_region(str(r))
        if name is None:
            raise IngestError(f"unknown region {r!r} (see policy_kb.regions)")
        if name not in regions:
            regions.append(name)
    status = data.get("status") or "in_force"
    if status not in STATUSES:
        raise IngestError(f"metadata field 'status' must be in_force or draft, got {status!r}")
    return DocumentMeta(
        doc_id=doc_id,
        title=title,
        issuer=_opt_str(data, "issuer"),
        wenhao=_opt_str(data, "wenhao"),
        issued_on=_opt_date(data, "issued_on"),
        issued_note=_opt_str(data, "issued_note"),
        regions=tuple(regions),
        status=cast(Status, status),
        horizon=_opt_str(data, "horizon"),
        horizon_end=_opt_date(data, "horizon_end"),
    )


def meta_to_mapping(meta: DocumentMeta) -> dict[str, Any]:
    """The sidecar mapping for ``meta`` (dates as ISO strings, regions as a list)."""
    return {
        "title": meta.title,
        "issuer": meta.issuer,
        "wenhao": meta.wenhao,
        "issued_on": meta.issued_on.isoformat() if meta.issued_on else None,
        "issued_note": meta.issued_note,
        "regions": list(meta.regions),
        "status": meta.status,
        "horizon": meta.horizon,
        "horizon_end": meta.horizon_end.isoformat() if meta.horizon_end else None,
    }


def read_meta(path: Path, doc_id: str | None = None) -> DocumentMeta:
    """Read a ``<doc_id>.yaml`` sidecar. ``doc_id`` defaults to the file stem.

    Raises IngestError if the YAML is malformed or a field is invalid.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(f"{path.name}: not valid UTF-8 YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise IngestError(f"{path.name}: expected a mapping of metadata fields")
    return meta_from_mapping(doc_id or path.stem, data)


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


def load_document(txt_path: Path, meta_path: Path | None = None) -> Document:
    """Read and parse ``<doc_id>.txt`` with its sidecar (default: same stem, ``.yaml``).

    Raises IngestError (bad encoding, bad metadata, no clauses) or OSError (unreadable file).
    """
    meta = read_meta(meta_path or txt_path.with_suffix(".yaml"), txt_path.stem)
    text = decode_policy_bytes(txt_path.read_bytes(), txt_path.name)
    return parse_document(text, meta)


# ---------------------------------------------------------------------------------------------
# inline repairs


_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_SPACE_AFTER_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t\u3000\xa0]+(?=[{_WIDE}0-9A-Za-z%])")
_SPACE_BEFORE_WIDE = re.compile(rf"(?<=[0-9A-Za-z%])[ \t\u3000\xa0]+(?=[{_WIDE}])")
_OCR_AND = re.compile(rf"(?<=[{_CJK}])\s*\band\b\s*(?=[{_CJK}])")
_HALF_COMMA = re.compile(rf"(?<=[{_CJK}）])\s*,\s*(?=[{_CJK}（])")
_HALF_COLON = re.compile(rf"(?<=[{_CJK}）])\s*:\s*")
_HALF_PARENS = re.compile(rf"\(([^()]*[{_CJK}][^()]*)\)")


def normalize_inline(text: str) -> str:
    """Repair one paragraph's inline conversion noise; returns the repaired text.

    Removes Markdown emphasis and Word bookmarks, the OCR slip ``了解 and 掌握`` -> ``了解和掌握``,
    spaces next to Chinese (``15000 元`` -> ``15000元``, ``5-8 个`` -> ``5-8个``), and writes
    half-width ``,`` ``:`` ``()`` next to Chinese full-width so all documents read alike.
    """
    s = _BOOKMARK_RE.sub("", text).replace("**", "").replace("★", "")
    s = _OCR_AND.sub("和", s)
    s = _HALF_PARENS.sub(r"（\1）", s)
    s = _HALF_COMMA.sub("，", s)
    s = _HALF_COLON.sub("：", s)
    # Twice: each pass only removes spaces with a wide character on one side.
    for _ in range(2):
        s = _SPACE_AFTER_WIDE.sub("", s)
        s = _SPACE_BEFORE_WIDE.sub("", s)
    return s.strip()


_SENTENCE_RE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|$)")


def split_sentences(text: str) -> list[str]:
    """Split clause text into sentences ending in 。！？； (the mark is kept); no empty items."""
    return [m.strip() for m in _SENTENCE_RE.findall(text) if m.strip()]


# ---------------------------------------------------------------------------------------------
# numbering


@dataclass(frozen=True)
class _Num:
    """A numbered paragraph start: rank (1 一、 .. 4 （1）), cited label, rest of the line."""

    rank: int
    label: str
    rest: str


_NUM_PATTERNS: tuple[tuple[int, re.Pattern[str], Callable[[str], str]], ...] = (
    (1, re.compile(rf"^([{_CN_DIGITS}]{{1,3}})\s*、\s*(.*)$", re.S), lambda n: n),
    (
        2,
        re.compile(rf"^[（(]\s*([{_CN_DIGITS}]{{1,3}})\s*[）)]\s*[、.．]?\s*(.*)$", re.S),
        "（{}）".format,
    ),
    (3, re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(.*)$", re.S), lambda n: n),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$", re.S), "（{}）".format),
)


def _numbering(par: str) -> _Num | None:
    """The numbering at the start of a paragraph (bold markers around it tolerated), or None."""
    s = par.lstrip("*").lstrip()
    for rank, pattern, label in _NUM_PATTERNS:
        m = pattern.match(s)
        if m:
            return _Num(rank, label(m.group(1)), m.group(2))
    return None


def _is_pure_heading(num: _Num) -> bool:
    """A numbered line that is only a title (``一、总体要求``), no sentence of its own."""
    rest = num.rest.replace("*", "").strip()
    if re.search(r"[。；！？]", rest) or rest.endswith(("，", "、")):
        return False
    # Titles are short; a long line with commas but no full stop is a sentence cut by a page break.
    return len(rest) <= (24 if re.search(r"[，,]", rest) else 50)


def _split_lead(rest: str) -> tuple[str, str]:
    """(heading, text) of a numbered paragraph's remainder.

    ``**X。**Y`` and short first sentences (``实行…补贴政策。对…``) are leads: the heading is the
    lead without its 。 and the text keeps the whole paragraph, as printed.
    """
    rest = rest.strip()
    if rest.startswith("**") and "**" in rest[2:]:
        lead, _, tail = rest[2:].partition("**")
        text = normalize_inline(lead + tail)
        return normalize_inline(lead).rstrip("。：:；"), text
    text = normalize_inline(rest)
    if not re.search(r"[。；！？]", text) and len(text) <= 50:
        return text, ""
    m = re.match(r"^([^。，；！？]{2,30}|[^。；！？]{2,20})。", text)
    return (m.group(1) if m else ""), text


# ---------------------------------------------------------------------------------------------
# paragraphs and page breaks


_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_ATTACH_START = re.compile(r"^附\s*件\s*(\d*)\s*[:：]?$")
_RULE_LINE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|★+|☆+)$")


@dataclass
class _Par:
    """A body paragraph after Markdown stripping; ``md`` says it was a ``#`` heading."""

    text: str
    md: bool = False


def _body_paragraphs(lines: Iterable[str]) -> list[_Par]:
    out: list[_Par] = []
    for line in lines:
        s = _BOOKMARK_RE.sub("", line).strip()
        if not s or _RULE_LINE.match(s):
            continue
        md = s.startswith("#")
        s = s.lstrip("#").strip()
        if s:
            out.append(_Par(s, md))
    return out


def _sentence_like(text: str) -> bool:
    """Running text (not a title, issuer, signature or date line)."""
    return bool(re.search(r"[。，；]", text))


_ORG_END = set("局室位构府处委门区县镇道所会司校院部团厅社")


def _is_addressee(text: str) -> bool:
    """The 主送 line of a notice (``各县（区）人力资源和社会保障局，…直属各单位：``)."""
    if not text.endswith(("：", ":")):
        return False
    items = [re.sub(r"[（(][^）)]*[）)]", "", x).strip() for x in re.split(r"[，、,]", text[:-1])]
    items = [x for x in items if x]
    return bool(items) and sum(x[-1] in _ORG_END for x in items) >= 0.6 * len(items)


def _is_preamble(text: str) -> bool:
    """Text before the first clause that is running prose (序言), not a header line."""
    if _is_addressee(text):
        return False
    return "。" in text or (len(text) >= 30 and "，" in text)


def _continues(prev: _Par, nxt: _Par) -> bool:
    """True when ``nxt`` is the rest of ``prev``'s sentence, split by a page break."""
    if prev.md or nxt.md or _numbering(nxt.text) is not None:
        return False
    tail = prev.text.rstrip("*").rstrip()
    if not tail or tail[-1] in _TERMINAL:
        return False
    num = _numbering(prev.text)
    if num is not None:
        return not _is_pure_heading(num)
    return _sentence_like(prev.text)


def _join_page_breaks(pars: list[_Par]) -> list[_Par]:
    out: list[_Par] = []
    for p in pars:
        if out and _continues(out[-1], p):
            out[-1] = _Par(out[-1].text.rstrip() + p.text.lstrip(), out[-1].md)
        else:
            out.append(p)
    return out


# ---------------------------------------------------------------------------------------------
# clause tree


@dataclass
class _Node:
    rank: int
    label: str
    heading: str
    paras: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


def _emit(doc_id: str, node: _Node, parent: Clause | None, out: list[Clause]) -> None:
    cid = (parent.clause_id if parent else "") + node.label
    level = parent.level + 1 if parent else 1
    paras = [p for p in node.paras if p]
    if node.children and paras == [f"{node.heading}。"]:
        paras = []  # a title that ends in 。 (（一）建立多元用工保障机制。) is not text of its own
    own_text = paras[0] if len(paras) == 1 else ""
    clause = Clause(
        doc_id, cid, cid, node.heading, own_text, parent.clause_id if parent else None, level
    )
    out.append(clause)
    if len(paras) > 1:
        # Several plain paragraphs: each is cited by its section's number but needs its own id.
        for i, p in enumerate(paras, 1):
            out.append(Clause(doc_id, f"{cid}-{i}", cid, "", p, cid, level + 1))
    for ch in node.children:
        _emit(doc_id, ch, clause, out)


def _build_body(doc_id: str, pars: list[_Par]) -> list[Clause]:
    roots: list[_Node] = []
    preamble: list[str] = []
    stack: list[_Node] = []
    pending: list[str] = []  # plain paragraphs without a sentence: dropped unless text follows

    for p in pars:
        num = _numbering(p.text)
        if num is not None:
            pending.clear()
            heading, text = _split_lead(num.rest)
            node = _Node(num.rank, num.label, heading, [text] if text else [])
            while stack and stack[-1].rank >= num.rank:
                stack.pop()
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
            continue
        text = normalize_inline(p.text)
        if p.md or not text:
            continue  # a Markdown title (document title) is header, never clause text
        if not stack:
            if _is_preamble(text):
                preamble.append(text)
            continue  # issuer, 文号, title, addressees before the first clause
        if "。" in text or "；" in text:
            stack[-1].paras.extend([*pending, text])
            pending.clear()
        elif not _DATE_LINE.match(text):
            pending.append(text)  # signature lines and 附件 mentions after the last clause

    out: list[Clause] = []
    if preamble:
        out.append(Clause(doc_id, "序言", "序言", "", "\n".join(preamble), None, 1))
    seen: dict[str, int] = {}
    for root in roots:
        _emit(doc_id, root, None, out)
    # Repeated numbering (a document restarting 一、) must still give unique, stable ids.
    unique: list[Clause] = []
    for c in out:
        n = seen.get(c.clause_id, 0)
        seen[c.clause_id] = n + 1
        if n:
            c = Clause(
                c.doc_id,
                f"{c.clause_id}~{n + 1}",
                c.number,
                c.heading,
                c.text,
                c.parent_id,
                c.level,
            )
        unique.append(c)
    return unique


# ---------------------------------------------------------------------------------------------
# attachments and flattened tables


_AGE_RANGE = re.compile(r"^(\d{1,3})\s+(\d{1,3})\s*(岁.*)$")


def _clean_cell(cell: str) -> str:
    """One table cell, readable: ``18 30 岁`` -> ``18-30岁``, ``高 职 大 专`` -> ``高职大专``."""
    s = cell.strip()
    m = _AGE_RANGE.match(s)
    if m:
        s = f"{m.group(1)}-{m.group(2)}{m.group(3)}"
    s = normalize_inline(s)
    return re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])", "", s)


def _garbled(cell: str) -> bool:
    """A merged header the conversion squashed into one cell (``18 31 41 51 岁``)."""
    return len(re.findall(r"\d+", cell)) >= 3 and bool(re.match(r"^[\d\s]+", cell))


def _grid_rows(groups: list[list[str]]) -> list[str] | None:
    """Rows of a one-cell-per-line table (blank line between rows) as sentences, or None.

    The first group is the header (a line without a leading tab continues the cell above,
    e.g. ``就业见习人数`` / ``（人）``); each further group is ``label, value, value…``. A row
    keeps the column headers as printed, units in brackets included, so it reads with the
    words people ask with: ``沭阳县：企业推荐用工人数（人）29000；…；培育和谐劳动关系企业数（个）12。``
    Empty cells are left out.
    """
    if len(groups) < 2:
        return None
    header = groups[0]
    rows = groups[1:]
    if len(header) < 2 or any(len(r) != len(header) for r in rows):
        return None
    out = []
    for r in rows:
        parts = [f"{name}{value}" for name, value in zip(header[1:], r[1:], strict=True) if value]
        out.append(f"{r[0]}：{'；'.join(parts)}。")
    return out


def _one_cell_groups(lines: list[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                groups.append(current)
                current = []
            continue
        cell = _clean_cell(line)
        if line.startswith("\t") or not current:
            current.append(cell)
        else:
            current[-1] += cell
    if current:
        groups.append(current)
    return groups


def _form_description(rows: list[list[str]]) -> str:
    """A flattened form (several cells a line, mostly empty) as the list of its fields."""
    groups: list[str] = []
    labels: list[str] = []
    seen: set[str] = set()
    for row in rows:
        cells = [c for c in (_clean_cell(x) for x in row) if c and not _garbled(c)]
        fresh = [c for c in cells if c not in seen or c == "人数"]
        seen.update(fresh)
        if not fresh:
            continue
        if len(fresh) == 1 and len([x for x in row if x.strip()]) == 1:
            labels.append(fresh[0])  # a row label whose cells are left blank to fill in
            continue
        groups.append("、".join(fresh) if all("、" not in c for c in fresh) else "，".join(fresh))
    text = "；".join(groups)
    if labels:
        text += f"；另按行填写：{'、'.join(labels)}"
    return f"表中填写栏目：{text}。"


def _blank_fields(line: str) -> str:
    """``填表人: ____ 联系电话: ____`` -> ``表尾填写：填表人、联系电话。``"""
    names = [normalize_inline(n) for n in re.findall(rf"([{_CJK}]+)\s*[:：]", line)]
    return f"表尾填写：{'、'.join(names)}。" if names else ""


def _attachment_paragraphs(lines: list[str]) -> tuple[str, str, list[str]]:
    """(title, note, readable paragraphs) of one attachment's lines (after the 附件 marker)."""
    content = [ln.rstrip() for ln in lines]
    title = ""
    note: list[str] = []
    out: list[str] = []
    table_lines: list[str] = []
    for ln in content:
        s = _BOOKMARK_RE.sub("", ln).strip()
        if not s:
            if table_lines:
                table_lines.append("")
            continue
        if "\t" in ln:
            table_lines.append(ln)
            continue
        if table_lines and not s.startswith("填表") and "_" not in s and len(s) <= 8:
            table_lines.append(ln)  # a cell wrapped onto its own line (``（人）``)
            continue
        if not title:
            title = normalize_inline(s.lstrip("#"))
        elif _DATE_LINE.match(s) or (table_lines and not re.search(r"[，。；：:,]", s)):
            continue  # signature and date after the table
        elif "___" in s:
            out.append(_blank_fields(s))
        elif re.match(r"^[（(].*[）)]$", s) and not out and not table_lines:
            note.append(normalize_inline(s))
        else:
            out.append(normalize_inline(s))
    table: list[str] = []
    multi = [ln for ln in table_lines if ln.strip("\t ").count("\t") >= 1]
    if multi:
        table = [_form_description([ln.split("\t") for ln in table_lines if ln.strip()])]
    elif table_lines:
        groups = _one_cell_groups(table_lines)
        table = _grid_rows(groups) or ["；".join("、".join(g) for g in groups) + "。"]
    # The form/table comes before its footer and 填表说明, as printed.
    return title, "".join(note), table + [p for p in out if p]


def _build_attachments(doc_id: str, blocks: list[tuple[str, list[str]]]) -> list[Clause]:
    out: list[Clause] = []
    many = len(blocks) > 1
    for i, (num, lines) in enumerate(blocks, 1):
        cid = f"附件{num or i}" if many else "附件"
        title, note, paras = _attachment_paragraphs(lines)
        out.append(Clause(doc_id, cid, cid, title, note, None, 1))
        for j, p in enumerate(paras, 1):
            out.append(Clause(doc_id, f"{cid}-{j}", cid, "", p, cid, 2))
    return out


def _split_attachments(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Body lines, and (number, lines) per attachment; an attachment starts at a bare 附件 line."""
    starts = []
    for i, ln in enumerate(lines):
        m = _ATTACH_START.match(_BOOKMARK_RE.sub("", ln).strip().lstrip("#").strip())
        if m:
            starts.append((i, m.group(1)))
    if not starts:
        return lines, []
    blocks = []
    for k, (i, num) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        blocks.append((num, lines[i + 1 : end]))
    return lines[: starts[0][0]], blocks


def parse_document(text: str, meta: DocumentMeta) -> Document:
    """Build a document's clause tree from its text as received.

    ``text``: the whole document (str, any newline style). Returns a ``Document`` whose clauses
    are in reading order with repaired text (see the module docstring for ids and repairs).
    Raises IngestError when no numbered clause is recognised.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    body_lines, blocks = _split_attachments(lines)
    pars = _join_page_breaks(_body_paragraphs(body_lines))
    clauses = _build_body(meta.doc_id, pars)
    if not any(c.clause_id != "序言" for c in clauses):
        raise IngestError(
            f"{meta.doc_id}: no recognisable clauses (expected numbering like 一、 （一） 1.)"
        )
    clauses.extend(_build_attachments(meta.doc_id, blocks))
    front, back = _printed_matter(pars)
    return Document(meta=meta, clauses=clauses, front_matter=front, back_matter=back)


def _printed_matter(pars: list[_Par]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(front, back): the body's paragraphs before the first numbered clause that are not its
    preamble prose, and the trailing paragraphs after the last sentence of the last clause
    (signatures, dates, 附件 lines, 此件公开发布), each as printed (inline repairs only)."""
    texts = [normalize_inline(p.text.replace("**", "")) for p in pars]
    first = next((i for i, p in enumerate(pars) if _numbering(p.text) is not None), len(pars))
    front = tuple(t for t in texts[:first] if t and not _is_preamble(t) and t.strip("★*-"))
    back: list[str] = []
    for t in reversed(texts[first:]):
        if not t or ("。" in t and not _BACK_SENTENCE.search(t)) or _numbering(t) is not None:
            break
        back.append(t)
    return front, tuple(reversed(back))


# Sentences after the last clause that still belong to the printed end of the document.
_BACK_SENTENCE = re.compile(r"附件|公开发布|抄送|印发|负责解释")
