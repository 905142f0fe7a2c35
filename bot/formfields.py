"""A follow-up about one field of a form the last answer cited: 「企业规模怎么填」 after the
调查表 of a document's 附件 is answered from that form's own 填表说明 (「4、企业规模: 大、中、小」),
not from another document's clause that happens to share the words (规模以上企业).

A form is an attachment (a top-level clause and its paragraphs, ``policy_kb.ingest.tables``)
that tells what to fill in: 表中填写栏目, 表尾填写 or 填表说明. Its fields are the labels it
prints there; the instruction for a field is the 填表说明 entry naming it (「企业类型:」
「工种如:」), else the sentence listing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.intents import bare
from policy_kb.ingest import split_sentences

if TYPE_CHECKING:
    from policy_kb.model import Clause, KnowledgeBase

# Words by which a document's attachment says it is a form to fill in.
_FORM_WORDS = re.compile(r"填表说明|填写说明|填报说明|填写栏目|表尾填写|按行填写")
# A list of fields: 「表中填写栏目：企业名称 (盖章)、负责人、…」「表尾填写：填表人、联系电话」.
_FIELD_LIST = re.compile(r"(?:填写栏目|表尾填写|按行填写)[：:](.+?)(?:。|$)")
# A 填表说明 entry: its number, the field, then what it means or holds (「4、企业规模: 大、中、小」
# 「6、工种如: 电焊工」).
_ENTRY = re.compile(
    r"(?:^|[。；;\s:：])\d{1,2}\s*[、.．]\s*([^:：,，。；;]{2,10}?)\s*(?:[:：]|如|为|是指)"
)
_ITEM_SPLIT = re.compile(r"[、，,；;：:]")
_NOTE = re.compile(r"\s*[（(][^）)]*[）)]")
# The rest of a follow-up once the field is taken out: how to fill it, what it means.
_ASKS_FILL = re.compile(r"填|写|选|怎么|咋|啥|什么|哪|如何|呢|吗|么|包括|指|意思|算|分几|几种|有几")
# Words such a follow-up is made of besides the field; more than this left names a subject
# of its own (「企业规模以上企业有补贴吗」 asks about 规模以上企业, not the field).
_FILL_WORDS = re.compile(
    r"怎么|咋|如何|填写|填|写|选|什么|啥|哪些|哪个|哪几|哪|呢|吗|么|嘛|应该|需要|要|该|包括|指的是"
    r"|是指|指|意思|是|的|有|几种|分|那|这个|这一?栏|这|栏|项|里|上|一下|下|个|按|算|能|可以"
    r"|盖章|签字|签名"
)
MAX_OWN_CHARS = 1


def form_clauses(kb: KnowledgeBase, doc_id: str, clause_id: str) -> list[Clause]:
    """The clauses of the form ``clause_id`` belongs to (the attachment's own clause first,
    then its paragraphs in reading order), or [] when that clause is in no form (an article of
    the body, a table of figures, an unknown clause)."""
    try:
        doc = kb.document(doc_id)
        clause = doc.clause(clause_id)
    except KeyError:
        return []
    by_id = {c.clause_id: c for c in doc.clauses}
    root = clause
    while root.parent_id is not None and root.parent_id in by_id:
        root = by_id[root.parent_id]
    members = [c for c in doc.clauses if _root_of(c, by_id) == root.clause_id]
    if not any(_FORM_WORDS.search(c.text) for c in members):
        return []
    return members


def document_form(kb: KnowledgeBase, doc_id: str) -> list[Clause]:
    """The clauses of the one form ``doc_id`` attaches (as ``form_clauses``), or [] when it
    attaches none or several (which one is meant is then not known)."""
    try:
        doc = kb.document(doc_id)
    except KeyError:
        return []
    forms = [
        found
        for clause in doc.clauses
        if clause.parent_id is None and (found := form_clauses(kb, doc_id, clause.clause_id))
    ]
    return forms[0] if len(forms) == 1 else []


def _root_of(clause: Clause, by_id: dict[str, Clause]) -> str:
    while clause.parent_id is not None and clause.parent_id in by_id:
        clause = by_id[clause.parent_id]
    return clause.clause_id


def form_fields(clauses: list[Clause]) -> list[str]:
    """The field labels a form prints (its lists of 栏目 and its 填表说明 entries), longest
    first: 「企业名称」「企业规模」「填表人」 …; notes in brackets (「(盖章)」) left out."""
    labels: set[str] = set()
    for clause in clauses:
        for m in _FIELD_LIST.finditer(clause.text):
            for item in _ITEM_SPLIT.split(m.group(1)):
                label = bare(_NOTE.sub("", item))
                if 2 <= len(label) <= 12 and "填写" not in label:
                    labels.add(label)
        for m in _ENTRY.finditer(clause.text):
            labels.add(bare(m.group(1)))
    return sorted(labels, key=lambda s: (-len(s), s))


def field_asked(text: str, clauses: list[Clause]) -> str | None:
    """The form field a short follow-up asks about (「企业规模怎么填」「经营领域填啥」「工种
    写什么」「企业类型呢」 → 企业规模, 经营领域, 工种, 企业类型), or None: the message names no
    field of this form, or says more than how to fill it."""
    b = bare(text)
    for label in form_fields(clauses):
        if label not in b:
            continue
        rest = b.replace(label, "", 1)
        if _ASKS_FILL.search(rest) and len(_FILL_WORDS.sub("", rest)) <= MAX_OWN_CHARS:
            return label
        return None
    return None


@dataclass(frozen=True)
class FieldInstruction:
    """What a form prints about one field. clause: the paragraph saying it; sentence: the
    sentence as printed; explained: True for a 填表说明 entry (what to write), False when the
    form only lists the field among others."""

    clause: Clause
    sentence: str
    explained: bool


def field_instruction(clauses: list[Clause], label: str) -> FieldInstruction | None:
    """How to fill ``label``: its 填表说明 entry when the form has one (「4、企业规模: 大、中、
    小。」), else the sentence listing it among the fields; None when the form prints it
    nowhere."""
    listed: FieldInstruction | None = None
    for clause in clauses:
        for sentence in split_sentences(clause.text) or [clause.text]:
            plain = bare(sentence)
            if label not in plain:
                continue
            if any(bare(m.group(1)) == label for m in _ENTRY.finditer(sentence)):
                return FieldInstruction(clause, sentence.strip(), True)
            if listed is None:
                listed = FieldInstruction(clause, sentence.strip(), False)
    return listed
