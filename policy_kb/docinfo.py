"""Questions about a policy document itself: its 文号, issue date, issuer, status, 依据,
interpretation, publication, addressees and attachments.

They are answered from what the document prints (its front and back matter, the preamble's
citations, the sentence saying who interprets it) and from its metadata, never guessed: an
unprinted 文号 or date is said to be unprinted. ``document_facts`` makes the pseudo-clause
``文件信息`` whose text quotes those printed lines verbatim; ``asks_about_document`` tells
whether a question is of this kind; ``pick_document`` finds which document it is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Literal

from policy_kb.model import Clause, Document, DocumentMeta
from policy_kb.search.focus import segments
from policy_kb.search.text import bigrams, normalize

__all__ = [
    "DRAFT_WARNING",
    "EXPIRED_WARNING",
    "INFO_CLAUSE_ID",
    "Standing",
    "asks_about_document",
    "document_facts",
    "fact_line",
    "in_force",
    "lifecycle_warnings",
    "pick_document",
    "standing",
    "warnings",
]

#: clause_id (and number) of the pseudo-clause holding a document's printed facts.
INFO_CLAUSE_ID = "文件信息"

#: Where a document stands on a day: a draft (征求意见稿, never policy in force), not yet in
#: force (its published start date is ahead), in force, expired or superseded (published
#: lifecycle data), or in force as printed but past its target period (its funding may have
#: ended).
Standing = Literal["draft", "not_yet", "in_force", "expired", "superseded", "period_passed"]

DRAFT_WARNING = "⚠️ 注意：这是征求意见稿（草案），尚未正式生效，不能作为申领依据。"
EXPIRED_WARNING = "⚠️ 该文件的目标期（{horizon}）已过，条款是否仍在执行，请向当地人社部门确认。"
NOT_YET_WARNING = "⚠️ 该文件自{day}起施行，在此之前不能作为申领依据。"
ENDED_WARNING = "⚠️ 该文件已于{day}失效，不再作为申领依据。"
SUPERSEDED_WARNING = "⚠️ 该文件自{day}起已被{successor}替代，请以新文件为准。"


def _day(d: date) -> str:
    return d.isoformat()


def standing(meta: DocumentMeta, today: date) -> Standing:
    """The document's standing on ``today`` (see ``Standing``); the published lifecycle
    (``in_force_from``, ``ended_on``) decides before the printed target period."""
    if meta.status == "draft":
        return "draft"
    if meta.ended_on is not None and meta.ended_on <= today:
        return "superseded" if meta.ended_how == "superseded" else "expired"
    if meta.in_force_from is not None and today < meta.in_force_from:
        return "not_yet"
    if meta.horizon_end is not None and meta.horizon_end < today:
        return "period_passed"
    return "in_force"


def in_force(meta: DocumentMeta, today: date) -> bool:
    """True when an answer may present the document as policy in force on ``today``."""
    return standing(meta, today) in ("in_force", "period_passed")


def lifecycle_warnings(meta: DocumentMeta, today: date) -> list[str]:
    """The warnings of the published lifecycle on ``today``: not yet in force, expired, or
    superseded by which document from when (empty for a draft or a document in force)."""
    now = standing(meta, today)
    if now == "not_yet" and meta.in_force_from is not None:
        return [NOT_YET_WARNING.format(day=_day(meta.in_force_from))]
    if now == "expired" and meta.ended_on is not None:
        return [ENDED_WARNING.format(day=_day(meta.ended_on))]
    if now == "superseded" and meta.ended_on is not None:
        successor = meta.successor or "新文件"
        return [SUPERSEDED_WARNING.format(day=_day(meta.ended_on), successor=successor)]
    return []


def warnings(meta: DocumentMeta, today: date) -> list[str]:
    """The warnings an answer quoting this document carries on ``today``: a draft is not
    policy in force; not yet in force, expired or superseded (``lifecycle_warnings``); a
    target period that has ended may no longer be funded."""
    out: list[str] = []
    if meta.status == "draft":
        out.append(DRAFT_WARNING)
    out.extend(lifecycle_warnings(meta, today))
    ended = standing(meta, today) in ("expired", "superseded")
    if meta.horizon_end is not None and meta.horizon_end < today and not ended:
        end = meta.horizon_end
        out.append(
            EXPIRED_WARNING.format(horizon=meta.horizon or f"{end.year}年{end.month}月{end.day}日")
        )
    return out


# A form or table the document attaches, asked by its name (「那个调查表叫啥」「附表叫什么名字」):
# the 附件 line names it, not the document's own title.
_FORM_NAME = (
    r"(?:表|表格|附件|附表)[^，。？?]{0,4}?(?:叫啥|叫什么|叫个啥|名字|名称|全称|标题|题目|全名)|"
    # 「单位要填哪个调查表」「企业得交个啥统计表」: which form is meant, answered by its title
    r"(?:填|交|报|提交|上报|填写)[^，。？?]{0,2}(?:什么|啥|哪个|哪张|哪种|哪些|哪份)[^，。？?]{0,4}"
    r"(?:表|表格|附件)(?=[吗呢啊呀哦？?。，,！!\s]|$)"
)
# Said of a document only: its number, issuer, dates, status, basis, addressees, attachments.
_STRONG = re.compile(
    r"文号|发文字号|几号文|发文机关|发文单位|印发|落款|成文日期|征求意见|草案|主送|抄送|附件|附的|附了|"
    r"附表|后面附|全称|标题|文件名|负责解释|解释权|谁解释|哪个部门解释|公开发布|公开了|对不上|不一致|"
    r"以哪个为准|按哪个|哪个为准|出台|发文|发给.{0,2}[哪谁]|送给.{0,2}[哪谁]|"
    # whether it may be shown around (公开, 转发), and which rule wins when two disagree
    r"公开的?[吗么不没]|是否公开|公不公开|[能可].{0,3}转发|冲突|矛盾|听哪个|"
    # 「是公开的还是内部的」「算不算内部文件」: the same, asked the other way round
    r"公开的?还是|还是内部|(?:是不是|算不算|是否|属于)内部|内部(?:文件|资料|的?[吗么不呢])|"
    # who issued it jointly, and which higher documents it implements
    r"联合(?:发|印发|下发|出台|制定)|(?:哪几?个|哪些|几个)(?:单位|部门|机关)[^，。？?]{0,3}"
    r"(?:发|印发|下发|出台|制定|出)的|上级文件|上位文件|"
    # 「根据哪个文件制定的」「依据的是省里哪份文件」「按照上面什么精神出的」
    r"(?:根据|依据|按照|依照)[^，。？?哪什啥]{0,4}(?:哪|什么|啥)[^，。？?]{0,6}(?:文件|精神|制定|出台)|"
    # 「区委还是区政府发的」「单独发的吗」: which office issued it; 「原文在哪看」: publication
    r"还是[^，。？?]{1,8}(?:发|印发|下发|出)的|单独(?:发|印发|下发|出)|原文|全文|"
    r"公开[^，。？?]{0,2}(?:看|查|找)|"
    # 「谁下的文」「这文是谁发的」: 文 said for the document itself, as spoken
    r"谁[^，。？?]{0,2}(?:发|下|出|印)的文|文是谁(?:发|下|出|印)|" + _FORM_NAME
    # 「那个调查表叫啥」「附的表格叫什么名字」: the title of a form it attaches
)
# The period a document covers (管哪几年, 有效期, 期限) and the year its targets reach (目标定到
# 哪一年): asked of a document wherever in the question they stand.
_PERIOD = r"管哪几年|管哪些年|哪几年|有效期|期限|截止|到哪年|到哪一年|目标[^，。？?]{0,4}(?:哪年|哪一年|年份)"
# Said of a document when the question also points at one (这个文件, 方案, 意见, 通知 …).
_WEAK = re.compile(
    r"有效|生效|失效|过期|作废|废止|管用|算数|还算|执行期|到期|发的|出的|发布|哪天|哪一天|几号|"
    r"什么时候|啥时候|哪年|哪一年|几月|依据|根据|上位|谁发|哪个部门|哪个单位|哪里发|名字|叫什么|叫啥|"
    r"正式|草稿|现行|还执行|还在执行|还能用|管到|管几年|管多久|结束|"
    # 「那个意见出来没」: whether it has been issued yet
    r"出来[了没吗么]|出了没|发了没|" + _PERIOD
)
# 「连云港草稿」「叶集定了没」「宿迁生效没」「洪泽正式的吗」: a place and nothing but an everyday
# word of a document's standing (the place's own document is meant; a draft says 征求意见稿).
_BARE_STATUS = re.compile(
    r"(?:这个|那个|它|是|还是|已经|现在|目前|还|开始|正式)*"
    r"(?:草稿|草案|定稿|定下来|定|正式|生效|有效|作数|算数|管用|落地|出台|施行|实行|执行|过期|作废|废止)"
    r"(?:版|的|了|下来)*(?:吗|么|嘛|没|没有|不|呢|啊|了吗|没得|不是)*"
)


def bare_status_ask(rest: str) -> bool:
    """Is ``rest`` (a question with its place taken out) only an everyday word asking a
    document's standing (草稿, 定了没, 正式的吗, 生效没), so the place's document is asked about?"""
    return _BARE_STATUS.fullmatch(re.sub(r"[\s,，。?？!！]+", "", rest)) is not None


SHORT_TAIL_CHARS = 6  # a last part this short (「过期了没」) leans on what the question said before
_DOC_WORD = re.compile(r"文件|方案|意见|通知|计划|政策|规定|办法|这个|那个|该|它|此文")
# A count, amount or place question about the content is not one about the document.
_CONTENT_ASK = re.compile(
    r"多少|几[个名人家万千百次](?!单位|部门|机关)|补贴|奖励|补助|资助|怎么申请|条件"
)
_COUNTS_ATTACHMENTS = re.compile(r"附件.{0,3}(?:几|多少)|几[个份]附件")
_DATE_ASK = re.compile(r"几号|哪天|什么时候|啥时候|哪年|几月|日期")

# Which fact a question asks for, tried in this order (the first that matches wins).
_FIELD_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"文号|字号|几号文|红头"), "文号"),
    (re.compile(r"解释|对不上|不一致|为准|按哪个|冲突|矛盾|听哪个"), "解释与效力"),
    (re.compile(r"公开|转发|原文|全文|内部"), "公开"),
    (re.compile(r"附件|附的|附了|附表|后面附|" + _FORM_NAME), "附件"),
    (re.compile(r"主送|发给|送给"), "主送"),
    (
        re.compile(
            r"依据|根据|上位|上级文件|依照|(?:按照|照着)[^，。？?]{0,6}(?:哪|什么|啥)[^，。？?]{0,4}文件"
        ),
        "依据",
    ),
    (re.compile(r"目标|远景|规划到"), "目标"),
    (
        re.compile(
            r"有效|生效|失效|过期|作废|废止|管用|算数|执行|征求意见|草案|草稿|正式|现行|到期|了没|没有|"
            r"出来[了没吗么]|出了没|发了没|"
            r"期限|哪几年|管哪|管到|到哪一?年|截止|结束"
        ),
        "状态",
    ),
    (re.compile(r"哪天|哪一天|几号|什么时候|啥时候|哪年|几月|日期|时间"), "印发日期"),
    (
        re.compile(
            r"谁|哪几?个(?:单位|部门|局|委|办|机关)|哪些(?:单位|部门)|哪里|哪家|机关|落款|联合|"
            r"还是[^，。？?]{1,8}(?:发|印发|下发|出)的|单独"
        ),
        "发文机关",
    ),
    (re.compile(r"印发|发的|出的|出台|发布"), "印发日期"),
    (re.compile(r"全称|标题|名字|文件名|叫什么|叫啥"), "标题"),
)

# A preamble sentence naming what the document implements: 《…》（…〔2017〕67号）.
_BASIS = re.compile(r"〔\d{4}〕|(?:根据|依据|贯彻|落实|按照)[^。]*《")
_TARGET_YEAR = re.compile(r"(?:到|至)(?:20\d\d年|“?十[四五]五”?(?:末|期间))")
_EFFECT = re.compile(r"负责解释|为准|施行|有效期|废止")
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_STATUS_TEXT = {"draft": "征求意见稿，尚未生效，不是正式政策", "in_force": "正式印发的政策文件"}


def _fmt_date(doc: Document) -> str:
    issued = doc.meta.issued_on
    if issued is not None:
        return f"{issued.year}年{issued.month}月{issued.day}日"
    note = f"（{doc.meta.issued_note}）" if doc.meta.issued_note else ""
    return f"文件未印明印发日期{note}"


def _lifecycle_text(meta: DocumentMeta) -> str:
    """The published lifecycle as the 状态 line states it (empty when none is published)."""
    out = ""
    if meta.in_force_from is not None:
        out += f"；自{_day(meta.in_force_from)}起施行"
    if meta.ended_on is not None and meta.ended_how == "superseded":
        out += f"；自{_day(meta.ended_on)}起被{meta.successor or '新文件'}替代"
    elif meta.ended_on is not None:
        out += f"；自{_day(meta.ended_on)}起失效"
    return out


def _sentences(text: str) -> list[str]:
    return [s + "。" for s in text.split("。") if s.strip()]


def _basis(doc: Document) -> list[str]:
    """Preamble sentences citing the documents this one implements, verbatim."""
    out: list[str] = []
    for c in doc.clauses:
        if c.clause_id != "序言":
            continue
        for s in _sentences(c.text):
            if _BASIS.search(s):
                out.append(s)
    return out


def _targets(doc: Document) -> list[str]:
    """Sentences of the preamble and of a 目标 section that set targets by a year (到2035年,
    到“十五五”末, 至2025年), verbatim."""
    out: list[str] = []
    for c in doc.clauses:
        if c.clause_id != "序言" and "目标" not in c.heading:
            continue
        out.extend(s for s in _sentences(c.text) if _TARGET_YEAR.search(s))
    return out


def _effect(doc: Document) -> list[str]:
    """Sentences on who interprets the document and what prevails, verbatim."""
    return [s for c in doc.clauses for s in _sentences(c.text) if _EFFECT.search(s)]


def _attachments(doc: Document) -> list[str]:
    # 「附件：…清单」 as printed is listed after this fact's own label 附件：, not under it twice
    lines = [
        re.sub(r"^附件\s*[:：]\s*(?=\S)", "", x) for x in doc.back_matter if x.startswith("附件")
    ]
    titles = [
        f"{c.number}：{c.heading}"
        for c in doc.clauses
        if c.level == 1 and c.number.startswith("附件")
    ]
    return lines or titles


def _addressees(doc: Document) -> list[str]:
    return [x for x in doc.front_matter if x.endswith(("：", ":"))]


def document_facts(doc: Document) -> Clause:
    """The ``文件信息`` pseudo-clause of ``doc``: one line per fact (标题, 发文机关, 文号,
    印发日期, 状态, 目标期, 依据, 目标 (its sentences setting targets by a year), 解释与效力,
    主送, 附件, 公开), then the printed front and back
    lines verbatim. Unprinted facts are said to be unprinted, never invented."""
    meta = doc.meta
    printed_title = "".join(x for x in doc.front_matter if "关于" in x or x.endswith("的实施意见"))
    lines = [
        f"标题：《{meta.title}》" + ("（征求意见稿）" if meta.status == "draft" else ""),
        f"发文机关：{meta.issuer or '文件未印明发文机关'}",
        f"文号：{meta.wenhao or '文件未印文号'}",
        f"印发日期：{_fmt_date(doc)}",
        f"状态：{_STATUS_TEXT[meta.status]}"
        + (f"；目标期{meta.horizon}" if meta.horizon else "")
        + ("；文件未写明有效期或废止日期" if meta.status == "in_force" else "")
        + _lifecycle_text(meta),
    ]
    basis = _basis(doc)
    lines.append("依据：" + ("".join(basis) if basis else "文件未写明依据的上位文件"))
    targets = _targets(doc)
    if targets:
        lines.append("目标：" + "".join(targets))
    effect = _effect(doc)
    if effect:
        lines.append("解释与效力：" + "".join(effect))
    addressees = _addressees(doc)
    lines.append("主送：" + ("".join(addressees) if addressees else "文件未印主送单位"))
    attachments = _attachments(doc)
    lines.append("附件：" + ("；".join(attachments) if attachments else "无"))
    published = [x for x in doc.back_matter if "公开" in x]
    if published:
        lines.append("公开：" + "".join(published))
    if printed_title and normalize(printed_title) != normalize(meta.title):
        lines.append(f"文件上印的标题：{printed_title}")
    printed = [*doc.front_matter, *doc.back_matter]
    if printed:
        lines.append("文头文尾原文：" + " | ".join(printed))
    return Clause(
        doc_id=meta.doc_id,
        clause_id=INFO_CLAUSE_ID,
        number=INFO_CLAUSE_ID,
        heading=INFO_CLAUSE_ID,
        text="\n".join(lines),
        parent_id=None,
        level=1,
    )


def asks_about_document(question: str) -> Literal["strong", "weak"] | None:
    """Does ``question`` ask about a document itself (文号, date, issuer, in force, draft,
    依据, interpretation, addressees, attachments, title) rather than what it grants?

    "strong": it names something only a document has (文号, 印发, 附件, 主送 …); "weak": it
    asks when / whether still valid / who of something it calls a document (「这个方案还有效
    吗」), which the caller should accept only when the question names no other topic
    (「降费率政策执行到什么时候」 asks about a measure); None: not about a document."""
    q = normalize(question)
    strong = bool(_STRONG.search(q))
    # A weak word counts in the part that asks (「……还有效吗」), not in a story's hearsay
    # (「听说新出的意见要求……，是真的吗」 asks about the content).
    parts = segments(q)
    last = parts[-1] if parts else q
    # 「宿迁的实施方案管到哪年，过期了没」: a short last part asks of the document named before it
    named = last if len(last) > SHORT_TAIL_CHARS else q
    weak = bool(_WEAK.search(last)) and bool(_DOC_WORD.search(named))
    # 「这个计划管哪几年，现在过了没有」「那个意见的目标要到哪一年实现」: the period of a
    # document named in the same part, wherever it stands, is said only of a document.
    strong = strong or any(re.search(_PERIOD, p) and _DOC_WORD.search(p) for p in parts)
    if not (strong or weak):
        return None
    # 「附件里沭阳县培训多少人」, 「印发的方案里引进技师补多少」: a question about the content.
    if (
        _CONTENT_ASK.search(q)
        and not _DATE_ASK.search(q)
        and "文号" not in q
        # 「附件有几个」 counts the document's attachments, not anything it grants
        and not _COUNTS_ATTACHMENTS.search(q)
    ):
        return None
    return "strong" if strong else "weak"


def asks_content(question: str) -> bool:
    """Does ``question`` ask what a document grants (an amount, a count, a benefit, how to
    apply: 「…20号里技师补多少」) rather than a fact about the document (its date, issuer)?"""
    q = normalize(question)
    return bool(_CONTENT_ASK.search(q)) and not _DATE_ASK.search(q)


#: Words of a question about a document that name no topic of its content.
META_WORDS = frozenset(
    [
        "文件",
        "方案",
        "意见",
        "通知",
        "计划",
        "政策",
        "规定",
        "办法",
        "实施",
        "实施方案",
        "实施意见",
        "行动",
        "行动计划",
        "有效",
        "生效",
        "失效",
        "过期",
        "作废",
        "废止",
        "管用",
        "算数",
        "执行",
        "发布",
        "印发",
        "出台",
        "依据",
        "根据",
        "名字",
        "正式",
        "现行",
        "文号",
        "日期",
        "时间",
        "哪天",
        "哪年",
        "一年",
        "几年",
        "年份",
        "期限",
        "有效期",
        "目标",
        "远景",
        "这份",
        "上级",
        "制定",
    ]
)


def fact_line(question: str, facts: Clause) -> str:
    """The line of ``facts`` (``document_facts``) the question asks for: the 文号 line for
    「文号是多少」, the date line for 「哪天发的」; the title line when nothing matches or
    when the fact asked first is one the document does not print (「冲突听谁的」 of a document
    saying nothing on what prevails is not answered with its issuer)."""
    lines = facts.text.split("\n")
    q = normalize(question)
    for pattern, label in _FIELD_WORDS:
        if pattern.search(q):
            return next((x for x in lines if x.startswith(label + "：")), lines[0])
    return lines[0]


_WENHAO_PARTS = re.compile(r"^(.+?)〔(\d{4})〕(\d+)号$")
# Brackets a 文号's year is typed in when 〔〕 is not at hand (【】, (), [], none), spaces allowed.
_OPEN = r"\s*[〔【\[(（［{<《]?\s*"
_CLOSE = r"\s*[〕】\])）］}>》]?\s*年?\s*"


def _wenhao_pattern(wenhao: str) -> re.Pattern[str] | None:
    """A pattern finding ``wenhao`` (as printed, 宿人社发〔2021〕20号) however it is typed: any
    brackets or none around the year, spaces, 第 before the number, 号 left out; the issuer's
    abbreviation may drop its closing 发/字 (宿人社〔2021〕20号). None when ``wenhao`` is not of
    the printed shape."""
    m = _WENHAO_PARTS.match(normalize(wenhao))
    if m is None:
        return None
    prefix, year, number = m.groups()
    head = (
        re.escape(prefix[:-1]) + re.escape(prefix[-1]) + "?"
        if prefix[-1] in "发字"
        else re.escape(prefix)
    )
    return re.compile(
        r"(?<![\u4e00-\u9fff])"
        + head
        + r"\s*"
        + _OPEN
        + year
        + _CLOSE
        + r"(?:第\s*)?"
        + number
        + r"(?!\d)\s*号?"
    )


def named_document(question: str, documents: Iterable[Document]) -> Document | None:
    """The document whose own 文号 ``question`` names, typed as printed or loosely (【】, (),
    no brackets, spaces, no 号: 「台人社发 2021 17」), else None. A 文号 the document only
    cites (its 依据, 枣发〔2021〕6号) is another document's."""
    q = normalize(question)
    for d in documents:
        pattern = _wenhao_pattern(d.meta.wenhao) if d.meta.wenhao else None
        if pattern is not None and pattern.search(q):
            return d
    return None


def pick_document(
    question: str, documents: Iterable[Document], region: str | None = None
) -> Document | None:
    """The document a question about a document is about: the one whose 文号 it names
    (``named_document``); else among ``region``'s documents when given, the one whose title
    (and 文号, issuer, status) shares most with the question; the only one when there is
    one; None when nothing points to any."""
    documents = list(documents)
    named = named_document(question, documents)
    if named is not None:
        return named
    docs = [d for d in documents if region is None or region in d.meta.regions]
    if len(docs) == 1:
        return docs[0]
    q = normalize(question)
    grams = set(bigrams(q))
    best: tuple[float, str] | None = None
    chosen: Document | None = None
    for d in docs:
        meta = d.meta
        text = normalize(" ".join(x for x in (meta.title, meta.wenhao, meta.issuer) if x))
        score = float(len(grams & set(bigrams(text))))
        if meta.status == "draft" and ("征求意见" in q or "草案" in q or "草稿" in q):
            score += 3
        if score > 0 and (best is None or (score, meta.doc_id) > best):
            best, chosen = (score, meta.doc_id), d
    return chosen
