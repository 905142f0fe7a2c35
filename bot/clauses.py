"""Clauses of the knowledge base as the dialogue needs them: a stored reference back to a hit,
the clause a rule quotes, the topic a questionnaire result leaves, and where to apply for the
benefit a topic is about (the office its rule prints)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from bot import texts
from bot.answer import citation, warnings
from bot.context import Topic
from policy_kb.eligibility.catalogue import default_catalogue
from policy_kb.ingest import split_sentences
from policy_kb.regions import find_region_in_text
from policy_kb.search import Hit
from policy_kb.search.tablerow import printed_row
from policy_kb.targets import Target, load_targets

if TYPE_CHECKING:
    from policy_kb.model import KnowledgeBase


def number_of(kb: KnowledgeBase, topic: Topic) -> str:
    """The printed number of the topic's clause (「三（三）1」), or "" when the topic is the
    document's own facts (``文件信息``: the document alone is cited) or the clause is gone."""
    try:
        return kb.clause(topic.doc_id, topic.clause_id).number
    except KeyError:
        return ""


def hit_of(kb: KnowledgeBase, ref: str) -> Hit | None:
    """The hit for a ``"doc_id#clause_id"`` reference (its sentence is the whole clause), or
    None when the knowledge base no longer holds it."""
    doc_id, _, clause_id = ref.partition("#")
    try:
        doc = kb.document(doc_id)
        clause = doc.clause(clause_id)
    except KeyError:
        return None
    return Hit(
        doc_id=doc_id,
        doc_title=doc.meta.title,
        clause_id=clause_id,
        number=clause.number,
        heading=clause.heading,
        text=clause.text,
        sentence=clause.text,
        score=0.0,
        status=doc.meta.status,
        citation=doc.meta.citation(),
    )


# A table row as ingestion writes it: its label, then its cells (``policy_kb.search.tablerow``).
_ROW_LABEL = re.compile(r"^([^：；。\n]{1,16})：")
MIN_ROW_LABEL_CHARS = 2
MIN_SHORT_LABEL_CHARS = 3  # a shortened label this long at least: 「开区」 names nothing


def row_label(text: str) -> str | None:
    """The label of a table row's text (「沭阳县：企业推荐用工人数（人）29000；…」 → 沭阳县), or
    None when ``text`` is not a row of figures."""
    if printed_row(text) is None:
        return None
    m = _ROW_LABEL.match(text.strip())
    return m.group(1) if m else None


def other_row(kb: KnowledgeBase, topic: Topic, core: str) -> tuple[Hit, str, str] | None:
    """The row of the table the last answer quoted that a follow-up names by its label
    (「苏宿工业园区呢」 after 沭阳县's row), as (hit, its label, the last row's label); None when
    the last clause is no table row or ``core`` (``context.follow_up_core``) names no other
    row. A label matches whole, or without the 「市」 a table puts before a city's own areas."""
    if len(core) < MIN_ROW_LABEL_CHARS:
        return None
    try:
        doc = kb.document(topic.doc_id)
        clause = doc.clause(topic.clause_id)
    except KeyError:
        return None
    mine = row_label(clause.text)
    if mine is None:
        return None
    rows = [
        (sibling, label)
        for sibling in doc.clauses
        if sibling.parent_id == clause.parent_id and sibling is not clause
        if (label := row_label(sibling.text)) is not None and label != mine
    ]
    exact = [(c, label) for c, label in rows if core in (label, label.removeprefix("市"))]
    # 「经开区」「苏宿园区」: a shortened label, its characters in order, naming one row only
    # a covered region's own name (「宿迁呢」) is the whole of it, not the row it starts
    whole = find_region_in_text(core) is not None
    short = [] if whole else [(c, label) for c, label in rows if _shortened(core, label)]
    found = exact or (short if len(short) == 1 else [])
    if not found:
        return None
    sibling, label = found[0]
    hit = hit_of(kb, f"{topic.doc_id}#{sibling.clause_id}")
    if hit is None:
        return None
    if not hit.heading and sibling.parent_id is not None:
        # cited with the attachment's title, as search cites a row
        hit = replace(hit, heading=doc.clause(sibling.parent_id).heading)
    return hit, label, mine


def _shortened(short: str, label: str) -> bool:
    """True when ``short`` is ``label`` shortened: its start (洋河 of 市洋河新区), or, three
    characters or more, its characters in the same order (经开区 of 宿迁经济技术开发区)."""
    if label.removeprefix("市").startswith(short):
        return True
    rest = iter(label)
    return len(short) >= MIN_SHORT_LABEL_CHARS and all(ch in rest for ch in short)


def clause_quoting(kb: KnowledgeBase, doc_id: str, number: str, quote: str) -> str | None:
    """The clause_id of the clause numbered ``number`` whose text holds ``quote`` (else the
    first so numbered), or None."""
    try:
        clauses = kb.document(doc_id).clauses
    except KeyError:
        return None
    numbered = [c for c in clauses if c.number == number]
    core = quote.strip().rstrip("。；;")
    held = [c for c in numbered if core and core in c.text]
    best = held or numbered
    return best[0].clause_id if best else None


def topic_of_result(kb: KnowledgeBase, result: dict[str, Any]) -> Topic | None:
    """The topic a questionnaire result leaves: its first benefit whose clause is found."""
    for benefit in result.get("benefits") or []:
        doc_id, number = str(benefit.get("doc_id") or ""), str(benefit.get("clause") or "")
        quote = str(benefit.get("quote") or "")
        clause = clause_quoting(kb, doc_id, number, quote)
        if clause is None:
            continue
        regions = kb.document(doc_id).meta.regions
        return Topic(
            question=str(benefit.get("title") or ""),
            doc_id=doc_id,
            clause_id=clause,
            region=regions[0] if regions else None,
            sentence=quote,
            rule=str(benefit.get("rule_id") or "") or None,
        )
    return None


def where_to_apply(kb: KnowledgeBase, topic: Topic, today: date) -> str | None:
    """Where to apply for what the topic is about: the rule's printed office (申领窗口, else
    责任单位, said as such), the service window, the citation and warnings; None when the
    topic has no rule or the rule prints no office."""
    if topic.rule is None:
        return None
    try:
        rule = default_catalogue().rule(topic.rule)
    except KeyError:
        return None
    office = rule.apply_to or (
        f"{rule.responsible}{texts.OFFICE_IS_RESPONSIBLE}" if rule.responsible else None
    )
    if office is None:
        return None
    meta = kb.document(topic.doc_id).meta
    lines = [f"👉 {rule.title}：{office}"]
    window = texts.SERVICE_WINDOWS.get(topic.region or "", "")
    if window:
        lines.append(f"也可以到服务窗口咨询{window}")
    lines.append(f"📄 出处：{citation(meta, rule.clause)}")
    lines.extend(warnings(meta, today))
    return "\n".join(lines)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _is_target_clause(target: Target, doc_id: str, clause_id: str, number: str) -> bool:
    return target.doc_id == doc_id and target.clause in (clause_id, number)


def target_elsewhere(kb: KnowledgeBase, topic: Topic, question: str, region: str) -> Hit | None:
    """「连云港呢」 after a target (「洪泽到2025年高技能人才目标多少人」): the clause of
    ``region``'s document printing the target of the same kind, led by the target's own
    words; None when the last answer was no target, or ``region`` prints none like it.

    Targets are the documents' own (``policy_kb.targets``); the kind is matched on the
    indicator's words against the question's (two shared character pairs at least)."""
    try:
        number = kb.clause(topic.doc_id, topic.clause_id).number
    except KeyError:
        return None
    targets = load_targets()
    if not any(_is_target_clause(t, topic.doc_id, topic.clause_id, number) for t in targets):
        return None
    asked = _bigrams(question)
    best: tuple[int, Target] | None = None
    for target in targets:
        if target.district != region or target.area != region or target.value is None:
            continue
        shared = len(asked & _bigrams(target.indicator))
        if shared >= 2 and (best is None or shared > best[0]):
            best = (shared, target)
    if best is None:
        return None
    target = best[1]
    clause_id = clause_quoting(kb, target.doc_id, target.clause, target.quote)
    hit = hit_of(kb, f"{target.doc_id}#{clause_id}") if clause_id else None
    if hit is None:
        return None
    sentence = next((s for s in split_sentences(hit.text) if target.quote in s), target.quote)
    return replace(hit, sentence=sentence)


def target_whole(kb: KnowledgeBase, topic: Topic) -> tuple[Target, Hit] | None:
    """「全市一共多少个」 after a county's row of a target table (宿迁 附件: 沭阳县 培育和谐劳动关系
    企业数 12): the whole region's row of the same indicator (全市 90) and its clause, the
    sentence being that row; None when the last answer was no county's target row."""
    try:
        number = kb.clause(topic.doc_id, topic.clause_id).number
    except KeyError:
        return None
    said = topic.sentence or ""
    targets = load_targets()
    part = next(
        (
            t
            for t in targets
            if _is_target_clause(t, topic.doc_id, topic.clause_id, number)
            and t.area != t.district
            and not t.area.startswith("全")
            and t.quote in said
        ),
        None,
    )
    if part is None:
        return None
    whole = next(
        (
            t
            for t in targets
            if t.doc_id == part.doc_id
            and t.indicator == part.indicator
            and (t.area.startswith("全") or t.area == t.district)
            and t.value is not None
        ),
        None,
    )
    if whole is None:
        return None
    # a table row's clause is named by its id (附件-1), a paragraph's by its number
    clause_id = (
        whole.clause
        if any(c.clause_id == whole.clause for c in kb.document(whole.doc_id).clauses)
        else clause_quoting(kb, whole.doc_id, whole.clause, whole.quote)
    )
    hit = hit_of(kb, f"{whole.doc_id}#{clause_id}") if clause_id else None
    if hit is None:
        return None
    sentence = next((s for s in split_sentences(hit.text) if whole.quote in s), whole.quote)
    return whole, replace(hit, sentence=sentence)
