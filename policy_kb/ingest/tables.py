"""Attachments and tables flattened to one cell per line -> readable rows and form fields."""

from __future__ import annotations

import re

from policy_kb.ingest.normalising import BOOKMARK_RE, CJK, normalize_inline
from policy_kb.ingest.structure import ATTACH_START, DATE_LINE
from policy_kb.model import Clause

_AGE_RANGE = re.compile(r"^(\d{1,3})\s+(\d{1,3})\s*(岁.*)$")


def _clean_cell(cell: str) -> str:
    """One table cell, readable: ``18 30 岁`` -> ``18-30岁``, ``高 职 大 专`` -> ``高职大专``."""
    s = cell.strip()
    m = _AGE_RANGE.match(s)
    if m:
        s = f"{m.group(1)}-{m.group(2)}{m.group(3)}"
    s = normalize_inline(s)
    return re.sub(rf"(?<=[{CJK}])\s+(?=[{CJK}])", "", s)


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
    names = [normalize_inline(n) for n in re.findall(rf"([{CJK}]+)\s*[:：]", line)]
    return f"表尾填写：{'、'.join(names)}。" if names else ""


def _attachment_paragraphs(lines: list[str]) -> tuple[str, str, list[str]]:
    """(title, note, readable paragraphs) of one attachment's lines (after the 附件 marker)."""
    content = [ln.rstrip() for ln in lines]
    title = ""
    note: list[str] = []
    out: list[str] = []
    table_lines: list[str] = []
    for ln in content:
        s = BOOKMARK_RE.sub("", ln).strip()
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
        elif DATE_LINE.match(s) or (table_lines and not re.search(r"[，。；：:,]", s)):
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


def build_attachments(doc_id: str, blocks: list[tuple[str, list[str]]]) -> list[Clause]:
    out: list[Clause] = []
    many = len(blocks) > 1
    for i, (num, lines) in enumerate(blocks, 1):
        cid = f"附件{num or i}" if many else "附件"
        title, note, paras = _attachment_paragraphs(lines)
        out.append(Clause(doc_id, cid, cid, title, note, None, 1))
        for j, p in enumerate(paras, 1):
            out.append(Clause(doc_id, f"{cid}-{j}", cid, "", p, cid, 2))
    return out


def split_attachments(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Body lines, and (number, lines) per attachment; an attachment starts at a bare 附件 line."""
    starts = []
    for i, ln in enumerate(lines):
        m = ATTACH_START.match(BOOKMARK_RE.sub("", ln).strip().lstrip("#").strip())
        if m:
            starts.append((i, m.group(1)))
    if not starts:
        return lines, []
    blocks = []
    for k, (i, num) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        blocks.append((num, lines[i + 1 : end]))
    return lines[: starts[0][0]], blocks
