"""Paragraphs -> clause tree: numbering, page breaks, the tree, and the printed matter
before and after the clauses."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from policy_kb.ingest.normalising import (
    BOOKMARK_RE,
    CN_DIGITS,
    TERMINAL,
    normalize_inline,
)
from policy_kb.model import Clause


@dataclass(frozen=True)
class _Num:
    """A numbered paragraph start: rank (1 一、 .. 4 （1）), cited label, rest of the line."""

    rank: int
    label: str
    rest: str


_NUM_PATTERNS: tuple[tuple[int, re.Pattern[str], Callable[[str], str]], ...] = (
    (1, re.compile(rf"^([{CN_DIGITS}]{{1,3}})\s*、\s*(.*)$", re.S), lambda n: n),
    (
        2,
        re.compile(rf"^[（(]\s*([{CN_DIGITS}]{{1,3}})\s*[）)]\s*[、.．]?\s*(.*)$", re.S),
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


DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
ATTACH_START = re.compile(r"^附\s*件\s*(\d*)\s*[:：]?$")
_RULE_LINE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|★+|☆+)$")


@dataclass
class _Par:
    """A body paragraph after Markdown stripping; ``md`` says it was a ``#`` heading."""

    text: str
    md: bool = False


def body_paragraphs(lines: Iterable[str]) -> list[_Par]:
    out: list[_Par] = []
    for line in lines:
        s = BOOKMARK_RE.sub("", line).strip()
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
    if not tail or tail[-1] in TERMINAL:
        return False
    num = _numbering(prev.text)
    if num is not None:
        return not _is_pure_heading(num)
    return _sentence_like(prev.text)


def join_page_breaks(pars: list[_Par]) -> list[_Par]:
    out: list[_Par] = []
    for p in pars:
        if out and _continues(out[-1], p):
            out[-1] = _Par(out[-1].text.rstrip() + p.text.lstrip(), out[-1].md)
        else:
            out.append(p)
    return out


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


def build_body(doc_id: str, pars: list[_Par]) -> list[Clause]:
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
        elif not DATE_LINE.match(text):
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


def printed_matter(pars: list[_Par]) -> tuple[tuple[str, ...], tuple[str, ...]]:
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
