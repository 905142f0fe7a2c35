"""Turn a search result into the answer a worker reads on a phone.

The first page leads with the worker's own amount and the answering sentence, then where it
comes from (文号 or title, clause number, issue date), any warning (draft, target period
passed) and at most two related clauses, in about a dozen lines. The clause's full text and the
other related clauses wait for 「原文」 or 「更多」.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from bot import texts
from bot.cases import Case, case_amounts, cases_in_question, named_amounts, titles_in
from policy_kb import docinfo
from policy_kb.ingest import split_sentences
from policy_kb.regions import find_region_in_text, region
from policy_kb.search.index import CITY_WIDE
from policy_kb.search.intent import asks_stacking, rules_on_stacking
from policy_kb.search.tiers import about_contestants, asks_prize, tier_fit

if TYPE_CHECKING:
    from policy_kb.model import DocumentMeta, KnowledgeBase
    from policy_kb.search import Hit

RELATED_FIRST_PAGE = 2
RELATED_SECOND_PAGE = 2  # after the full text; the rest wait for 「更多」 after the last page
RELATED_SNIPPET_CHARS = 40
RELATED_MORE_CHARS = 120
_STAFF_NOTE = re.compile(r"工作人员|经办部门|经办人员")


def for_workers(note: str) -> str:
    """``note`` without the parts meant for staff (「请工作人员核实…」): those sentences and
    clauses are dropped; "" when nothing is left."""
    parts = re.split(r"(?<=[；;。，,])", note)
    kept = [p for p in parts if not _STAFF_NOTE.search(p)]
    return "".join(kept).strip("；;，, ")


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


def where_in(hit: Hit) -> str:
    """The clause's place in its document for a citation: its number, and for an attachment
    (a table, a form) also its title, which the number alone does not say (「附件《企业技能人才
    现状及需求情况调查表》」)."""
    heading = hit.heading.strip()
    if hit.number.startswith("附件") and heading and heading not in hit.number:
        return f"{hit.number}《{heading}》"
    return hit.number


def warnings(meta: DocumentMeta, today: date) -> list[str]:
    """Warnings an answer from this document must carry: a draft is not policy in force; a
    target period that has ended may no longer be funded."""
    out: list[str] = []
    if meta.status == "draft":
        out.append(texts.DRAFT_WARNING)
    # Published lifecycle (policy staff): not yet in force, expired, superseded by which one.
    out.extend(docinfo.lifecycle_warnings(meta, today))
    if meta.horizon_end is not None and meta.horizon_end < today and meta.ended_on is None:
        out.append(
            texts.EXPIRED_WARNING.format(horizon=meta.horizon or format_date(meta.horizon_end))
        )
    return out


def _case_label(case: Case) -> str:
    return f"{case.value}等奖" if case.kind == "rank" else case.value


LONG_SENTENCE_CHARS = 90
_ASKS_FIGURE = re.compile(r"多少|几|多大|多高|多长|比例|标准|达到|目标|任务")
_FIGURE = re.compile(r"\d")


def answering_part(question: str, sentence: str) -> str | None:
    """The part of a long sentence that answers a question asking for a figure (「洪泽2021年
    高技能人才要招引多少」 → 「其中2021年新招引培育…分别达4000人、800人以上」): the comma-
    separated part with a number sharing most character pairs with the question, when the
    sentence is long (``LONG_SENTENCE_CHARS``) and one part stands out; None otherwise."""
    if len(sentence) < LONG_SENTENCE_CHARS or not _ASKS_FIGURE.search(question):
        return None
    parts = [p.strip() for p in re.split(r"[，；;]", sentence.rstrip("。；;")) if p.strip()]
    asked = {question[i : i + 2] for i in range(len(question) - 1)}

    def shared(part: str) -> int:
        return len(asked & {part[i : i + 2] for i in range(len(part) - 1)})

    scored = sorted(((shared(p), p) for p in parts if _FIGURE.search(p)), reverse=True)
    if not scored or scored[0][0] < 2 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def lead_line(question: str, sentence: str) -> str | None:
    """「👉 技师：10000元」 when the question names a case the sentence gives an amount for; not
    a prize rank's amount when the sentence pays contests of another tier than the one asked
    (「市级比赛一等奖」 against 「在区组织的技能大赛中获得一、二、三等奖」)."""
    amounts = case_amounts(sentence)
    other_tier = tier_fit(question, sentence) < 0
    for case in cases_in_question(question, titles_in(sentence)):
        if case in amounts and not (other_tier and case.kind == "rank"):
            return f"👉 {_case_label(case)}：{amounts[case]}"
    for key, text in named_amounts(sentence).items():
        if key in question:
            return f"👉 {text}"
    return None


def breakdown_line(sentence: str) -> str | None:
    """「👉 一等奖2000元、二等奖1000元、三等奖500元」: every case a sentence gives its own amount
    (levels, prize ranks, titles), each next to its amount, when it lists two or more; the
    document's 「一、二、三等奖选手发放2000、1000、500元」 leaves the worker to pair them up."""
    # tiers are paired only after an amount said before them (市级 8万元 comes first): listed
    # alone they would hide it, so only a question naming a tier is answered with one
    amounts = {c: a for c, a in case_amounts(sentence).items() if c.kind != "tier"}
    pairs = [f"{_case_label(c)}{a}" for c, a in amounts.items()]
    plain = re.sub(r"\s", "", sentence)
    if len(pairs) < 2 or all(p in plain for p in pairs):
        return None  # 「中级工4000元/人/年、高级工5000元/人/年」 pairs them already
    return "👉 " + "、".join(pairs)


_NUMBER_PREFIX = re.compile(
    r"^[一二三四五六七八九十]+[、.．]\s*|^[（(][一二三四五六七八九十\d]+[）)]\s*"
)


def clause_text(hit: Hit) -> str:
    """The clause's text without its own printed number (the citation gives it: no 「四 四、」)."""
    return _NUMBER_PREFIX.sub("", hit.text.strip())


def related_line(kb: KnowledgeBase, hit: Hit, chars: int) -> str:
    """「· 宿人社发〔2021〕20号《…》二：到2023年…」, its snippet cut at ``chars``."""
    m = kb.document(hit.doc_id).meta
    # a sentence that is only the clause's lead says little: show the clause instead
    source = hit.sentence if len(hit.sentence) > len(hit.heading) + 2 else clause_text(hit)
    snippet = source[:chars] + ("…" if len(source) > chars else "")
    draft = "（征求意见稿）" if m.status == "draft" else ""
    return f"· {m.wenhao or m.issuer or ''}《{m.title}》{hit.number}{draft}：{snippet}"


_ASKS_MONEY = re.compile(r"多少|多钱|补多|奖多|给多|几万|几千|金额|标准|补贴|补助|奖励|钱")
# An amount, or a share of one (「不低于50%的配套补助」, 「工资薪金总额（税后）的20%」).
_MONEY = re.compile(r"\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?\s*(?:万?元|%)")


_ROW_LABEL = re.compile(r"^([^：:，,。；;]{1,12})[：:]")
_DIGITS = re.compile(r"[\d.%]+")


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


# A county's share of the targets asked as a whole (任务数, 指标, 要完成多少, 目标是多少).
_WHOLE_ROW = re.compile(r"任务|指标|要完成|完成多少|目标")


def table_cell(question: str, hit: Hit) -> str | None:
    """「泗洪县：引进各类人才数（人）9480；」 when the clause is a table row (a label, then
    figures each after its own heading) and the question names one of its headings better
    than the cell search led with, or search led with a cell without its row's label; None
    otherwise. The row's label is always in front."""
    m = _ROW_LABEL.match(hit.text.strip())
    if m is None:
        return None
    label = m.group(1)
    parts = [c.strip() for c in re.split(r"[；;。]", hit.text.strip()[m.end() :])]
    cells = [c for c in parts if c and not c.startswith(("（", "("))]  # not a note on the row
    if len(cells) < 3 or not all(_DIGITS.search(c) and len(c) <= 30 for c in cells):
        return None
    asked = _pairs(question.replace(label, ""))

    def fit(cell: str) -> int:
        return len(asked & _pairs(_DIGITS.sub("", cell)))

    best = max(cells, key=fit)
    led = _ROW_LABEL.sub("", hit.sentence.strip()).rstrip("；;。")
    if fit(best) == 0 and _WHOLE_ROW.search(question):
        # 「沭阳县要完成多少任务数」「泗阳县的指标」: the whole of the row's targets, none named
        return f"{label}：" + "；".join(cells) + "；"
    if fit(best) == 0 or (led in cells and fit(led) >= fit(best)):
        if led in cells and not hit.sentence.strip().startswith(label):
            return f"{label}：{led}；"  # which row it is, said with the figure
        return None
    return f"{label}：{best}；"


def asks_money(question: str) -> bool:
    """「补多少钱」「给多少」「奖励标准」: the question asks for an amount."""
    return bool(_ASKS_MONEY.search(question))


def names_amount(sentence: str) -> bool:
    """The sentence names an amount or a share of one (5000元, 20%)."""
    return bool(_MONEY.search(sentence))


def answering_sentence(question: str, hit: Hit) -> str:
    """The sentence an answer leads with: search's pick, unless the question asks for money
    and that sentence names none while the clause does (「推行企业新型学徒制培训。」 is
    followed by the sentence with 4000-6000元): then the clause's money sentence nearest it;
    or the clause is a table row and the question names another of its cells
    (``table_cell``)."""
    cell = table_cell(question, hit)
    if cell is not None:
        return cell
    if not _ASKS_MONEY.search(question) or _MONEY.search(hit.sentence):
        return hit.sentence
    if asks_stacking(question) and rules_on_stacking(hit.sentence):
        return hit.sentence  # 「几项奖励能一起领吗」: the ruling (不重复享受), not an amount
    if asks_prize(question) and about_contestants(hit.sentence):
        # 「区级比赛二等奖有奖金吗」: the contestants' reward (奖励办法另行规定), not the sum
        # funding whoever hosts the contest printed next to it
        return hit.sentence
    sentences = split_sentences(hit.text)
    paying = [i for i, s in enumerate(sentences) if _MONEY.search(s)]
    if not paying:
        return hit.sentence
    here = next((i for i, s in enumerate(sentences) if s.strip() == hit.sentence.strip()), 0)
    best = min(paying, key=lambda i: (abs(i - here), i < here))
    return sentences[best]


def stacking_ruling_first(question: str, kb: KnowledgeBase, hits: list[Hit]) -> list[Hit]:
    """``hits`` led by the answering document's clause ruling on taking several benefits
    together (叶集 十: 符合多重条件的，按上限资助，不重复享受), its ruling sentence quoted, when
    ``question`` asks whether they may be (「考证奖励和生活补贴能一块儿领吗」) and search led
    with a clause granting one of the benefits named; the benefits' clauses follow as related.
    Unchanged when the question asks something else, the top hit already rules, or the document
    rules nothing (``stacking_note`` then says so)."""
    if not hits or not asks_stacking(question) or rules_on_stacking(hits[0].sentence):
        return hits
    top = hits[0]
    doc = kb.document(top.doc_id)
    ruling = next((c for c in doc.clauses if rules_on_stacking(c.text)), None)
    if ruling is None:
        return hits
    said = next((s for s in split_sentences(ruling.text) if rules_on_stacking(s)), ruling.text)
    lead = replace(
        top,
        clause_id=ruling.clause_id,
        number=ruling.number,
        heading=ruling.heading,
        text=ruling.text,
        sentence=said,
    )
    return [lead, *(h for h in hits if (h.doc_id, h.clause_id) != (top.doc_id, ruling.clause_id))]


def stacking_note(question: str, kb: KnowledgeBase, hit: Hit) -> str | None:
    """「ℹ️ 《…》没有写几项补贴、奖励能不能同时享受…」 when ``question`` asks whether several
    benefits may be taken together (能一起拿吗, 叠加, 只能拿一个吗) and the answering
    document rules nothing on it (no 按上限资助，不重复享受 or the like in any clause); None
    when it does (search then leads with that clause) or the question asks something else."""
    if not asks_stacking(question) or rules_on_stacking(hit.text):
        return None
    doc = kb.document(hit.doc_id)
    if any(rules_on_stacking(c.text) for c in doc.clauses):
        return None
    return texts.NO_STACKING_RULE.format(title=doc.meta.title)


def district_for_city_note(question: str, meta: DocumentMeta) -> str | None:
    """「⚠️ 市级政策文件里没有找到这一项；以下是洪泽区（淮安市下属的区）的规定…」 when the question
    asks about the whole city (全市, 市里; ``policy_kb.search.index.CITY_WIDE``), names no
    covered place, and the answering document is a district's (search lists a city's own
    clause first whenever one is about what is asked, so this one says no city's holds it);
    None otherwise."""
    if not CITY_WIDE.search(question) or find_region_in_text(question) is not None:
        return None
    for name in meta.regions:
        try:
            r = region(name)
        except KeyError:
            continue
        if r.city != r.name:
            return texts.CITY_WIDE_DISTRICT.format(region=r.name, city=r.city)
    return None


@dataclass(frozen=True)
class Answer:
    """An answer laid out for a phone.

    first: the first page's text; more: what 「更多」 shows, one item per entry (never split
    across pages): the clause's full text when it says more than the sentence, then the other
    related clauses; full_text: the clause's full text with its heading (for 「原文」);
    amount: the lead amount line, or None.
    """

    first: str
    more: list[str] = field(default_factory=list)
    full_text: str = ""
    amount: str | None = None


def compose(
    question: str,
    hits: list[Hit],
    kb: KnowledgeBase,
    today: date,
    *,
    notes: tuple[str, ...] = (),
    caveat: str | None = None,
    level: str | None = None,
) -> Answer:
    """The answer to ``question`` from ``hits`` (best first, at least one).

    caveat: a line that must be read before anything else (the worker's place has no
    document); notes: lines after the citation (the place the answer is for, a hint);
    level: the worker's skill level when known from earlier (their amount leads even when
    the question does not name it).
    """
    top = hits[0]
    sentence = answering_sentence(question, top)
    if sentence != top.sentence:
        top = replace(top, sentence=sentence)
    meta = kb.document(top.doc_id).meta
    lines: list[str] = []
    if caveat:
        lines.append(caveat)
    else:
        city_note = district_for_city_note(question, meta)
        if city_note:
            lines.append(city_note)
    silent = stacking_note(question, kb, top)
    if silent:
        lines.append(silent)
    lead = lead_line(question, top.sentence)
    if lead is None and level:
        own = lead_line(level, top.sentence)
        lead = own.replace("👉 ", "👉 你是") if own else None
    if lead is None and not cases_in_question(question, titles_in(top.sentence)):
        lead = breakdown_line(top.sentence)
    whole_row = sentence != hits[0].sentence and sentence == table_cell(question, hits[0])
    if lead is None and not (whole_row and sentence.count("；") > 1):
        # a long sentence (a target paragraph): the part that answers, said first
        # (not one cell of a table row shown whole: every figure is what was asked)
        part = answering_part(question, top.sentence)
        lead = f"👉 {part}" if part else None
    named = named_amounts(top.sentence)
    if lead is None and asks_money(question) and len(named) >= 2:
        # 「引进技师有啥补贴」: 10000元 and 20000元 of two kinds, each with its name, first
        lead = "👉 " + "；".join(named.values())
    if lead:
        lines.append(lead)
    lines.append(top.sentence)
    lines.append(f"📄 出处：{citation(meta, where_in(top))}")
    lines.extend(warnings(meta, today))
    lines.extend(notes)
    related = [h for h in hits[1:] if (h.doc_id, h.clause_id) != (top.doc_id, top.clause_id)]
    shown = related[:RELATED_FIRST_PAGE]
    if shown:
        lines.append("相关条款：")
        lines.extend(related_line(kb, h, RELATED_SNIPPET_CHARS) for h in shown)
    body = clause_text(top)
    full = f"条款原文（{citation(meta, where_in(top))}）：\n{body}"
    more: list[str] = []
    if body.strip() != top.sentence.strip():
        more.append(full)
    later = related[RELATED_FIRST_PAGE : RELATED_FIRST_PAGE + RELATED_SECOND_PAGE]
    more.extend(related_line(kb, h, RELATED_MORE_CHARS) for h in later)
    return Answer("\n".join(lines), more, full, lead)


def document_facts(meta: DocumentMeta, today: date, question: str, lead: str = "") -> str:
    """What a worker asking about a document (「哪天发的」「文号呢」「还有效吗」「谁发的」) reads:
    the fact asked for first (``lead``, the printed line search picked, when given), then the
    document's other printed facts, never a guessed one, none of them twice."""
    issued = (
        format_date(meta.issued_on)
        if meta.issued_on
        else "文件上没有印发布日期"
        + (f"（{_unprinted_note(meta.issued_note)}）" if meta.issued_note else "")
    )
    in_force = (
        "这是征求意见稿（草案），尚未正式生效，不能作为申领依据。"
        if meta.status == "draft"
        else "这是正式印发的文件。"
    )
    period = ""
    if meta.horizon:
        period = f"目标期：{meta.horizon}"
        if meta.horizon_end is not None and meta.horizon_end < today:
            period += "（已过，条款是否仍在执行，请向当地人社部门确认）"
    facts = {
        "date": f"印发日期：{issued}",
        "wenhao": f"文号：{meta.wenhao}" if meta.wenhao else "文号：文件上没有印文号",
        "issuer": f"发文单位：{meta.issuer}" if meta.issuer else "发文单位：文件上未印明",
        "status": in_force + (period and "\n" + period),
    }
    # The engine read which printed line the question asks for (``docinfo.fact_line``): its
    # label picks one of the facts above, and any other line (解释与效力, 依据, 附件 …) leads
    # as printed. The bot's own words only decide when the engine fell back to the title.
    label = lead.split("：", 1)[0] if lead else ""
    asked = _LEAD_FACTS.get(label)
    if asked is None and label in ("", "标题"):
        asked = _asked_fact(question)
    lines = [f"📄《{meta.title}》"]
    if asked is None and label == "标题" and not _ASKS_TITLE.search(question):
        # a fact this document does not print (公开, 附件 …): said so, not its title instead
        lines.append("👉 " + texts.DOCUMENT_FACT_UNPRINTED)
    elif asked:
        lines.append("👉 " + facts[asked])
    elif lead:
        lines.append("👉 " + lead)
    lines.extend(v for k, v in facts.items() if k != asked)
    return "\n".join(lines)


def _unprinted_note(note: str) -> str:
    """What is known about an unprinted date, without repeating that it is unprinted."""
    return re.sub(r"^(?:未印|没有印)[^；;，,]*[；;，,]", "", for_workers(note))


_ASKS_TITLE = re.compile(r"全称|标题|名字|名称|文件名|叫什么|叫啥|哪个文件|什么文件|啥文件")

#: The labels of ``docinfo.document_facts`` lines that the facts above restate for workers.
_LEAD_FACTS = {"文号": "wenhao", "印发日期": "date", "发文机关": "issuer", "状态": "status"}

_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("wenhao", re.compile(r"文号|字号|编号")),
    ("date", re.compile(r"哪天|哪年|几号|什么时候|啥时|何时|几时|多会|日期|时间|哪一年|多久以前")),
    ("issuer", re.compile(r"谁|哪个部门|哪个单位|发文机关|落款|机关")),
    (
        "status",
        re.compile(
            r"有效|生效|失效|过期|作废|废止|管用|算数|作数|还能用|执行|到期|草案|征求意见|正式"
            # 「能依着它办吗」「可以照这个申请不」: whether it may be acted on now
            r"|(?:照|按|依|根据|拿)(?:着|照)?(?:它|这)[^，,。？?]{0,4}(?:办|用|操作|申请|申报|落实)"
        ),
    ),
)


def _asked_fact(question: str) -> str | None:
    for name, pattern in _ASKS:
        if pattern.search(question):
            return name
    return None
