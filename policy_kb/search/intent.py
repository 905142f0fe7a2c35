"""What kind of question it is, beyond its words: a definition question, a question speaking of an
organisation, a place below the district level named in it.

- Definition questions (「什么是X」「X指哪些人」「X是什么意思」「A属于X吗」) are best answered by the
  clause that defines or describes X: ``X是指…``, ``X（A、B、C）``, ``以“…”为主要内容的X``,
  ``“…”的X``, ``“X”制度/项目`` (see ``defines``).
- Workers ask about themselves; a question naming an organisation (企业, 公司, 中介, 培训基地,
  工作室, 订单班 …) may be about money paid to organisations (see ``recipient``).
- Places named in the documents below the district level (the counties of a city's target
  table: 沭阳县, 泗洪县, 宿城区 …) are collected from the text, with their short forms (泗洪);
  a question naming one is about the clauses naming it verbatim.
- A question about the standing of a document (「这个文件还作数吗」「该通知废止了没」) is one
  about the document whatever the status word (see ``asks_document_status``); which document,
  the caller tells from a place or title named, or the dialogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from policy_kb.search.lexicon import DOMAIN_TERMS, SYNONYM_GROUPS

__all__ = [
    "STACKING_ASK",
    "STATUS_WORDS",
    "asks_about_organisation",
    "asks_document_status",
    "asks_for_organisation",
    "asks_money_use",
    "asks_stacking",
    "corpus_places",
    "defines",
    "definition_term",
    "rules_on_stacking",
    "without_document_nouns",
]

_END = r"[?？。!！,，\s]*(?:吗|呢|啊|呀)?[?？。!！\s]*$"
_DEFINE_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"^(?:请问)?(?:什么是|什么叫做?|啥是|啥叫|何为|何谓|怎么理解)(?P<t>.+?)" + _END),
    re.compile(
        r"^(?P<t>.+?)(?:都|主要|具体)?(?:是指|指的是|指|是|包括|包含|分为|分成|分)"
        r"(?:什么|啥|哪些|哪几种|哪几类|哪类|哪种|哪几个|哪几|哪些个|几种|几类)"
        r"(?:(?:证书|等级|级别|职业资格)的?)?"
        r"(?:人|人员|意思|东西|内容|条件|等级|级别|档次|层次|证书|证|工种|类型|类别|群体|对象|范围)?"
        + _END
    ),
    re.compile(
        r"^(?P<t>.+?)(?:是什么意思|什么意思|啥意思|的意思|的定义|的含义|怎么定义|如何定义|"
        r"怎么理解|如何理解)" + _END
    ),
)
# 「高级工属于高技能人才吗」: the term is the category; the rest of the question still counts.
_BELONGS_RE = re.compile(
    r"^.{1,12}?(?:属于|算不算|算是|是不是|属不属于)(?P<t>[^吗呢?？]{2,12}?)" + _END
)
_TERM_CHARS = re.compile(r"[\u4e00-\u9fff0-9a-z+＋]+")
_TERM_TRIM = re.compile(r"^(?:所谓|这个|那个|咱们|我们|你们|的)+|(?:这个|那个|的|呀|啊)+$")
# 「文件里说的高技能人才」「政策上讲的X」: where the term is read, before the term itself.
_SAID_IN = re.compile(r"^.{0,8}?(?:所说|说|讲|提到|写|规定|定)的")
# 「调查表里高能人才」「填表说明中的X」: the paper it is printed on, before the term; the paper
# stays in what is searched (the form's own notes define the term as the form means it).
_PRINTED_ON = re.compile(r"^.{0,10}?(?:表|表格|说明|附件)(?:里面|里头|里|上|中)的?")
_PAPER_END = re.compile(r"(?:里面|里头|里|上|中)的?$")


def definition_term(text: str) -> tuple[str, str] | None:
    """A definition question's term and the text to search for it, or None when ``text`` (a
    normalised question) is not a definition question.

    ``什么是新型学徒制`` -> (新型学徒制, 新型学徒制): the asking words (什么是, 指哪些, 包括) are
    scaffolding, not topic; ``高级工属于高技能人才吗`` -> (高技能人才, the whole question).
    """
    s = text.strip()
    for pattern in (*_DEFINE_RES, _BELONGS_RE):
        m = pattern.match(s)
        if m:
            said = _SAID_IN.sub("", m.group("t").strip(" ，,"))
            paper = _PRINTED_ON.match(said)
            term = _TERM_TRIM.sub("", said[paper.end() :] if paper else said)
            cjk = re.findall(r"[\u4e00-\u9fff]", term)
            # 「521工程」: a term may hold digits or letters besides its characters
            if 2 <= len(cjk) <= 12 and _TERM_CHARS.fullmatch(term):
                if pattern is _BELONGS_RE:
                    return term, s
                if paper:
                    # the paper named (调查表, 填表说明) and the term: where to look, and what
                    return term, _PAPER_END.sub("", paper.group()) + " " + term
                return term, term
    return None


def _variants(term: str) -> list[str]:
    """The term, and for longer terms the term with one character left out (a document may
    print 高能人才 for 高技能人才)."""
    out = [term]
    if len(term) >= 4:
        out += [term[:i] + term[i + 1 :] for i in range(1, len(term) - 1)]
    return list(dict.fromkeys(out))


# What follows a term its text defines: X是指…, X指…, X包括…, X（A、B）; and a form's notes,
# 「本表涉及的技能人才为取得…证书人员」 (X为 … a kind of people).
_DEFINING = (
    r"(?:是指|指的是|系指|[:：]?指(?![导标出引定挥南令示望])|包括|包含|主要包括|[（(][^）)]*、)",
    r"为[^。；，,]{2,40}?(?:人员|人|者)(?=[，。；,、\s]|$)",
)
# The field's terms (高技能人才): 技能人才 printed inside one is not 技能人才 defined.
_TERMS = frozenset(
    w for w in (*DOMAIN_TERMS, *(x for g in SYNONYM_GROUPS for x in g)) if len(w) >= 3
)


def _inside_longer_term(term: str, text: str, at: int) -> bool:
    """Is ``term``, printed in ``text`` at ``at``, the end of a longer field term (技能人才 of
    高技能人才)?"""
    return any(
        w.endswith(term)
        and len(w) > len(term)
        and text[max(0, at - len(w) + len(term)) : at + len(term)] == w
        for w in _TERMS
    )


def defines(term: str, text: str) -> float:
    """How plainly ``text`` defines ``term``: 1.0 for an explicit definition (``X是指``, ``X指``,
    ``X包括``, ``X（A、B）``, a form's note ``X为…人员``), 0.5 for a description (``“…”的X``, ``以“…”为主要内容的X``, ``“X”制度``), else 0.0."""
    for v in _variants(term):
        e = re.escape(v)
        for pattern in _DEFINING:
            if any(
                not _inside_longer_term(v, text, m.start()) for m in re.finditer(e + pattern, text)
            ):
                return 1.0
    e = re.escape(term)
    if re.search(r"”(?:为主要内容)?的[\u4e00-\u9fff]{0,4}" + e, text) or re.search(
        "“" + e + "”", text
    ):
        return 0.5
    return 0.0


# 「这些资金都花在什么上」「补贴用来干嘛」「资金能用于什么」: what money is spent on (the
# clause's 用于… sentence), not where to apply for it.
_MONEY_USE_RE = re.compile(
    r"(?:用|花|投|使)(?:在|到|于)(?:了)?(?:哪|什么地方|啥地方|什么方面|啥方面|什么上|啥上)"
    r"|用于(?:什么|啥|哪)|用途|能用来|用来(?:干|做|买|搞)"
    r"|(?:钱|资金|经费|补贴|补助|奖励|奖金|这笔)[^，。？?]{0,6}?(?:干嘛|干啥|干什么|做什么|做啥|拿来)"
)


# 「调查表是干啥用的」「蓝卡是干啥的」「为什么要填」: what something is for.
_PURPOSE_ASK = re.compile(
    r"干啥用|干什么用|做啥用|做什么用|有啥用|有什么用|什么用处|用途|用来干|目的|为什么要|为啥要|"
    r"干嘛要|作用是|起什么作用|是干[啥嘛什]么?的|是做[啥什]么?的"
)


def asks_purpose(text: str) -> bool:
    """Does ``text`` ask what something is for (干啥用的, 有什么用, 是干啥的)?"""
    return _PURPOSE_ASK.search(text) is not None


def asks_money_use(text: str) -> bool:
    """Does ``text`` (a normalised question) ask what money is used for (「这笔钱主要用在哪些
    地方」「钱用来干嘛」)? Such a question wants the clause's 用于 sentence; its 在哪 asks no
    place to apply."""
    return bool(_MONEY_USE_RE.search(text))


_ORG_QUESTION_RE = re.compile(
    r"企业|单位|公司|机构|学校|院校|中专|技校|职校|中介|基地|工作室|工作站|中心|集团|协会|"
    r"厂|老板|订单班|冠名班|每班|部门"
)


def asks_about_organisation(text: str) -> bool:
    """True when the question speaks of an organisation (as the asker or the one paid); not
    when it names one only as where the worker works (「去企业上班」「在一家家具厂干」)."""
    return bool(_ORG_QUESTION_RE.search(_WORKPLACE_RE.sub("", text)))


# 「在一家家具厂干」「去企业上班」「进了区里一家民营企业」: where the worker works, said by a
# preposition of place before the organisation.
_WORKPLACE_RE = re.compile(
    r"[在去到进](?:了)?[^，。？?！!在去到进]{0,10}?(?:企业|单位|公司|厂子|工厂|厂)(?:里|里面)?"
    r"(?=上班|工作|干活|干|打工|务工|做事|就业|[，。？?！!\s]|$)"
)


# The organisation as the one who receives: 「厂里能领多少」「我们企业能拿啥补贴」「公司有奖励吗」
# 「给企业补多少」. Not where the organisation is where a person works (在企业干能领多少) or a
# person stands between it and the verb (企业技师能拿多少: the technician receives).
_ORG_NOUN = r"(?:企业|单位|公司|工厂|厂子|厂里|厂|机构|学校|院校|中专|技校|基地|工作室|协会)"
_ORG_RECEIVES_RE = re.compile(
    r"(?<![在进到去来回于])(?:我们|俺们|咱们|我|俺|咱|本)?"
    + _ORG_NOUN
    + r"(?:里|这边|这块)?(?:能|可以|可|会|能不能|可不可以)?(?:领|拿|得|获得|享受|申领|申请|得到)"
    r"(?:到|了)?(?:多少|几|啥|什么|哪些|补|奖|钱|多钱)"
    r"|(?<![在进到去来回于])"
    + _ORG_NOUN
    + r"(?:里|这边)?(?:能|可以)?有(?:没有)?(?:什么|啥)?(?:补贴|奖励|补助|奖补|资助|钱|好处)"
    r"|给(?:我们|俺们|咱们)?" + _ORG_NOUN + r"(?:多少|啥|什么)?(?:补|奖|钱|资助)"
)
# 「我们是一家职业培训机构，…政府给补贴吗」「俺们是做家具的厂子」: the asker speaks for an
# organisation; the money asked about is then its own.
_ORG_ASKER_RE = re.compile(
    r"^(?:我们|俺们|咱们|我们这|本单位|本公司)(?:单位|公司|厂)?(?:是|这是)[^，。？?]{0,16}?"
    r"(?:企业|单位|公司|工厂|厂子|厂|机构|学校|院校|中专|技校|职校|基地|工作室|协会)(?:的)?(?:[，,。\s]|$)"
)
_MONEY_ASK = re.compile(r"补贴|补助|奖励|奖补|资助|经费|钱|给[^，。？?]{0,4}(?:多少|吗|不)|多少")


def asks_for_organisation(text: str) -> bool:
    """True when the question asks what an organisation (the asker's firm, school, base)
    receives: 「厂里能领多少」「我们公司有啥补贴」「给企业补多少」. Such a question is answered
    by money paid to organisations (``recipient``), not by what a worker gets."""
    if _ORG_RECEIVES_RE.search(text):
        return True
    asker = _ORG_ASKER_RE.search(text)
    return asker is not None and _MONEY_ASK.search(text, asker.end()) is not None


# A place item: a table row's label (沭阳县：…) or an item of an enumeration, ending in an
# administrative suffix; quoted slogans (“工业强市”) are not places.
#: Words a worker uses to ask whether a document still stands: in force, expired, repealed,
#: still applied, official. As content words of a question they name no topic.
STATUS_WORDS = frozenset(
    [
        "有效",
        "无效",
        "生效",
        "失效",
        "过期",
        "到期",
        "作废",
        "废止",
        "废除",
        "撤销",
        "取消",
        "作数",
        "算数",
        "管用",
        "适用",
        "执行",
        "施行",
        "实行",
        "正式",
        "现行",
        "停止",
        "有效期",
        "现在",
        "目前",
        "如今",
        "已经",
        # 「开始执行了吗」: when it started to apply
        "开始",
    ]
)
_STATUS_RE = re.compile(
    r"有效|无效|生效|失效|过期|到期|过时|作废|废止|废除|废了|撤销|撤了|取消了|作数|算数|算不算|"
    r"管用|还管|适用|还执行|在执行|执行不执行|还施行|还实行|停了|停止|还能用|还在用|正式|现行|"
    # 「开始实行没有」「执行了吗」「实施起来了没」: whether it has started to apply
    r"开始(?:执行|实行|施行|实施)|(?:执行|实行|施行|实施)(?:了|起来|没|上了)"
)
_DOC_NOUN_RE = re.compile(r"文件|政策|规定|通知|办法|方案|意见|计划|条例|细则")
# 「这政策还执行吗，技师补贴多少」 asks about what the document grants, not about its standing.
_CONTENT_RE = re.compile(
    r"补贴|奖励|补助|资助|奖金|多少|几[个名人家万千百块]|怎么|条件|申请|[能可].{0,2}领"
)


def without_document_nouns(text: str) -> str:
    """``text`` without the words calling something a document (文件, 方案, 意见 …) or asking
    its standing: what is left names a document only if it names its title, issuer or 文号
    (「这个方案到期没」 names none, though titles end in 方案)."""
    return _STATUS_RE.sub("", _DOC_NOUN_RE.sub("", text))


def asks_document_status(text: str) -> bool:
    """Does ``text`` (normalised) ask whether a document it calls a document still stands
    (「这文件现在还作数不」「该通知废止了没」「宿迁的方案还管用吗」)? The status word must be
    in the part that asks (the last, or the whole question when the last is a short tail)."""
    parts = [p for p in re.split(r"[,，。;；?？!！\s]+", text) if p]
    last = parts[-1] if parts else text
    asking = last if len(last) > 6 else text
    return (
        bool(_STATUS_RE.search(asking))
        and bool(_DOC_NOUN_RE.search(text))
        and not _CONTENT_RE.search(text)
    )


_PLACE_RE = re.compile(
    r"(?:(?<=[、，：（\n])|^)([\u4e00-\u9fff]{2,10}?(?:经济技术开发区|工业园区|开发区|新区|县|区|镇))"
    r"(?=[、，：）])"
)
_PLACE_SUFFIX = re.compile(r"(?:经济技术开发区|工业园区|开发区|新区|县|区|镇)$")
_NOT_PLACE = re.compile(r"^[全各我本该每市区县省]")
_ZONE_SHORT = {"工业园区": ("园区",), "经济技术开发区": ("经开区", "开发区")}


def corpus_places(texts: Iterable[str], reserved: Iterable[str]) -> dict[str, str]:
    """Places named in the documents: every way to write one (full name, without a leading 市,
    without its suffix when 2+ characters remain) -> the name as printed. ``reserved``:
    names that must not be taken as a short form (the districts' own names and aliases)."""
    taken = set(reserved)
    out: dict[str, str] = {}
    for t in texts:
        for m in _PLACE_RE.finditer(t):
            name = m.group(1)
            bare = name[1:] if name.startswith("市") else name
            if _NOT_PLACE.match(bare):
                continue  # 全区, 各县区, 我区: not a named place
            stem = _PLACE_SUFFIX.sub("", bare)
            forms = [name, bare] + ([stem] if len(stem) >= 2 else [])
            # the short forms people say for a zone (苏宿工业园区: 苏宿园区; X经济技术开发区:
            # X经开区, X开发区)
            forms += [stem + short for short in _ZONE_SHORT.get(bare[len(stem) :], ())]
            for f in forms:
                if f not in taken:
                    out.setdefault(f, name)
    return out


# Whether several benefits may be taken together: 能一起拿, 一块儿领, 一并享受, 同时享受, 叠加,
# 只能拿一个, 兼得, 领两个, and 都能领 after naming more than one (「这两个补贴都能领吗」;
# 「厂里的人都能领吗」 asks who). The one vocabulary of this ask: search reads it here, and the
# dialogue (``bot.context``, ``bot.followup``) reads the same pattern for a follow-up
# 「能叠加吗」 about what was just said.
_TAKE = r"(?:拿|领|享受|申请|要|给|发|算)"
STACKING_ASK = re.compile(
    rf"一起{_TAKE}|一块儿?{_TAKE}|一并{_TAKE}|同时(?:享受|拿|领|申请|享有|获得|得|给|发)|"
    r"叠加|累加|兼得|重复(?:享受|领|拿|申请|给|发|补)|只能(?:拿|领|享受|选|要|申请)(?:其中)?(?:一|1)|"
    r"(?:能不能|可不可以|能否|能|可以)都(?:拿|领|要|享受)|[两俩二]份|[拿领][两俩二][个项样笔](?![月年天星礼周钟])|"
    r"(?:[两俩二][个项样份笔](?![月年天星礼周钟])|俩)[^，。？?人]{0,6}都(?:能|可以|可)?(?:拿|领|要|享受|给|发)|"
    r"(?:几[个项样种]|[两俩]个|多[个项]|好几|和|跟|加上|还有|又)[^，。？?]{0,10}都(?:能|可以|可|给)(?:拿|领|享受|要|发)"
)
# A clause ruling on it: 按上限资助，不重复享受 / 不得重复享受 / 就高 / 可叠加.
# A bracketed 「（不重复享受）」 closing one measure says that one is paid once, not whether it
# adds to others.
_STACKING_RULE = re.compile(
    r"(?<![（(])不重复享受|不得重复|不重复(?:补贴|奖励|资助|补助|计算|发放)|按上限|就高不就低|按就高|"
    r"不叠加|不累加|不可叠加|不予叠加|可叠加|叠加享受|只能享受一|择优享受|择一享受|不可兼得"
)


def asks_stacking(text: str) -> bool:
    """Does ``text`` ask whether several benefits may be taken together (能一起拿吗, 可以同时
    享受吗, 能叠加吗, 只能拿一个吗, 两个都能领吗, 俩都要行不)?"""
    return bool(STACKING_ASK.search(text))


def rules_on_stacking(text: str) -> bool:
    """Does ``text`` (a clause or sentence) rule on taking several benefits together (符合多重
    条件的，按上限资助，不重复享受; 不得重复享受; 就高不就低)?"""
    return bool(_STACKING_RULE.search(text))
