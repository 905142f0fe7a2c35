"""Turn a search result into the answer a worker reads: the answering sentence first, then
where it comes from (文号 or title, clause number, issue date) and any warning (draft, target
period passed)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot import texts
from bot.cases import Case, case_amounts, cases_in_question, named_amounts, titles_in

if TYPE_CHECKING:
    from policy_kb.model import DocumentMeta, KnowledgeBase
    from policy_kb.search import Hit, SearchResult

RELATED_MAX = 2
RELATED_SNIPPET_CHARS = 60


def format_date(d: date) -> str:
    """2021-02-05 → 2021年2月5日."""
    return f"{d.year}年{d.month}月{d.day}日"


def citation(meta: DocumentMeta, number: str) -> str:
    """「洪办发〔2021〕10号《洪泽区产业工人队伍建设实施方案》三（三）1，2021年2月5日印发」.

    Without a printed 文号 the issuer names the document; without a printed date the answer
    says so rather than guessing.
    """
    who = meta.wenhao or (meta.issuer or "")
    when = f"{format_date(meta.issued_on)}印发" if meta.issued_on else "印发日期未印明"
    return f"{who}《{meta.title}》{number}，{when}"


def warnings(meta: DocumentMeta, today: date) -> list[str]:
    """Warnings an answer from this document must carry: a draft is not policy in force; a
    target period that has ended may no longer be funded."""
    out: list[str] = []
    if meta.status == "draft":
        out.append(texts.DRAFT_WARNING)
    if meta.horizon_end is not None and meta.horizon_end < today:
        out.append(
            texts.EXPIRED_WARNING.format(horizon=meta.horizon or format_date(meta.horizon_end))
        )
    return out


def _case_label(case: Case) -> str:
    return f"{case.value}等奖" if case.kind == "rank" else case.value


def lead_line(question: str, sentence: str) -> str | None:
    """「技师：10000元」 when the question names a case the sentence gives an amount for."""
    amounts = case_amounts(sentence)
    for case in cases_in_question(question, titles_in(sentence)):
        if case in amounts:
            return f"👉 {_case_label(case)}：{amounts[case]}"
    for key, text in named_amounts(sentence).items():
        if key in question:
            return f"👉 {text}"
    return None


def compose(
    question: str,
    result: SearchResult,
    kb: KnowledgeBase,
    today: date,
    *,
    region_hint: str | None = None,
) -> str:
    """The full answer text (before paging) for an answered search result.

    Lines: worker's own amount (if the question names their case), the answering sentence,
    the citation, warnings, an optional region hint, the clause's full text when it says more
    than the sentence, then up to two related clauses from other places.
    """
    top: Hit = result.hits[0]
    meta = kb.document(top.doc_id).meta
    lines: list[str] = []
    lead = lead_line(question, top.sentence)
    if lead:
        lines.append(lead)
    lines.append(top.sentence)
    lines.append(f"📄 出处：{citation(meta, top.number)}")
    lines.extend(warnings(meta, today))
    if region_hint:
        lines.append(region_hint)
    if top.text.strip() != top.sentence.strip():
        lines.append("条款原文：" + top.text)
    related = [h for h in result.hits[1:] if (h.doc_id, h.clause_id) != (top.doc_id, top.clause_id)]
    if related:
        lines.append("相关条款：")
        for hit in related[:RELATED_MAX]:
            m = kb.document(hit.doc_id).meta
            # a sentence that is only the clause's lead says little: show the clause instead
            source = hit.sentence if len(hit.sentence) > len(hit.heading) + 2 else hit.text
            snippet = source[:RELATED_SNIPPET_CHARS] + (
                "…" if len(source) > RELATED_SNIPPET_CHARS else ""
            )
            draft = "（征求意见稿）" if m.status == "draft" else ""
            lines.append(
                f"· {m.wenhao or m.issuer or ''}《{m.title}》{hit.number}{draft}：{snippet}"
            )
    return "\n".join(lines)
