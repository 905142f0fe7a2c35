"""The topic of the last answer, and follow-ups that lean on it.

After an answer the dialogue keeps its ``Topic`` (document, clause, the question as asked, the
skill level and place it was about, the amount shown, the other clauses found) for the rest of
the session (30 minutes). A follow-up resolves against it:

* a **swap** names only another skill level or place (「那技师呢」「高级技师呢」「那洪泽的呢」):
  the last question is asked again with that level or place in place of the old one;
* a **document** question (「这个文件哪天发的」「还有效吗」「文号呢」「谁发的」) is about the last
  answer's document;
* a **clause** question is short and leans on what was just said (「分几年给」「是给企业还是给个
  人」「怎么申请」): it is answered from the last clause and its neighbours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.cases import GRADES, RANKS, SKILL_LEVELS
from bot.intents import bare
from policy_kb.eligibility.catalogue import default_catalogue
from policy_kb.places import resolve_places
from policy_kb.regions import find_region_in_text
from policy_kb.search.intent import asks_stacking

CONTEXT_KEY = "bot:context"
CONTEXT_TTL_SECONDS = 30 * 60


@dataclass(frozen=True)
class Topic:
    """What the last answer was about.

    question: the question as it was searched (after any swap); doc_id / clause_id: the clause
    that answered; region: the place the answer was for (canonical name) or None; level: the
    skill level the question named, or None; amount: the amount line shown first, or None;
    related: ``"doc_id#clause_id"`` of the other clauses found, best first (for 「更多」);
    sentence: the sentence the answer led with; rule: id of the catalogue rule (benefit) that
    sentence grants, or None.
    """

    question: str
    doc_id: str
    clause_id: str
    region: str | None = None
    level: str | None = None
    amount: str | None = None
    related: tuple[str, ...] = field(default_factory=tuple)
    sentence: str = ""
    rule: str | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict of every field (related as a list); the fields are strings or None,
        so no deep copy (``dataclasses.asdict``) is needed."""
        return {
            "question": self.question,
            "doc_id": self.doc_id,
            "clause_id": self.clause_id,
            "region": self.region,
            "level": self.level,
            "amount": self.amount,
            "related": list(self.related),
            "sentence": self.sentence,
            "rule": self.rule,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Topic | None:
        """The Topic stored by ``to_json``, or None when the data is not one."""
        try:
            return cls(
                question=str(data["question"]),
                doc_id=str(data["doc_id"]),
                clause_id=str(data["clause_id"]),
                region=data.get("region"),
                level=data.get("level"),
                amount=data.get("amount"),
                related=tuple(str(r) for r in data.get("related") or ()),
                sentence=str(data.get("sentence") or ""),
                rule=data.get("rule"),
            )
        except (KeyError, TypeError):
            return None


def rule_for(doc_id: str, number: str, sentence: str) -> str | None:
    """The id of the catalogue rule (a benefit) granted by ``sentence`` of clause ``number``,
    or None: the rule of that clause whose quote the sentence contains, or is contained in."""
    core = re.sub(r"\s", "", sentence).rstrip("。；;")
    for rule in default_catalogue().rules:
        if rule.doc.doc_id != doc_id or rule.clause != number:
            continue
        quote = re.sub(r"\s", "", rule.quote).rstrip("。；;")
        if quote and core and (quote in core or core in quote):
            return rule.id
    return None


# -- levels and places named in a message ------------------------------------------------------

_GRADE_WORD = re.compile(r"([一二三四五1-5])级(?:工|证|技能|职业技能等级)?")
_DIGITS = {"1": "一", "2": "二", "3": "三", "4": "四", "5": "五"}
_LEVEL_WORD = re.compile("|".join(SKILL_LEVELS))


def level_spans(text: str) -> list[tuple[int, int, str]]:
    """Every skill level a text names, as (start, end, canonical level), in reading order:
    names (高级技师 before 技师) and grades (三级工 → 高级工)."""
    spans: list[tuple[int, int, str]] = []
    for m in _LEVEL_WORD.finditer(text):
        spans.append((m.start(), m.end(), m.group(0)))
    for m in _GRADE_WORD.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in spans):
            spans.append((m.start(), m.end(), GRADES[_DIGITS.get(m.group(1), m.group(1)) + "级"]))
    return sorted(spans)


def level_in(text: str) -> str | None:
    """The first skill level a text names, canonical (技师, 高级工 …), or None."""
    spans = level_spans(text)
    return spans[0][2] if spans else None


# -- kinds of follow-up --------------------------------------------------------------------------

_LEAD = re.compile(
    # 「不对，我说的是台儿庄」「我问的是技师」: the worker correcting what the last answer took
    r"^(?:(?:不对|不是|错了|搞错了)?(?:我|俺)?(?:说的是|问的是|是说|是问|指的是)"
    # 「不是叶集，是台儿庄」: the place taken back, then the one meant
    r"|不是[^是]{1,8}?(?:而)?是"
    # 「说错了，是洪泽」「不对，我是连云港的」「搞错了，在泗洪」
    r"|(?:不对|说错了|搞错了|弄错了|打错了|写错了|错了)+(?:我|俺)?(?:是|在)?)?"
    r"(?:那么?)?(?:要是|如果是?|假如是?|假设|万一|换成|换做|改成|换|再问下?|问下)?"
    # 「要是换成叶集」「假如我调到台儿庄」「万一我跳槽去宿迁」: supposing the worker moves there
    r"(?:(?:我|俺)?(?:换成|换到|调到|调去|跳槽到|跳槽去|跳槽|搬到|搬去|转到|去了|去|到|换)(?=.))?"
)
# 「那要是在洪泽呢」「到泗洪呢」: where, before a place
_TAIL = re.compile(
    r"(?:去|来)?(?:上班|工作|干活|干)?(?:了)?(?:的话)?(?:的|那边的|那里的|这边的)?(?:呢|咧|捏|怎么样|咋样|如何|又怎么样|又是多少|有多少[个人家名项]?|多少[个人家名项]?|是多少"
    r"|怎么算|给多少|有吗|有没有|的标准|标准)*$"
)
_ALSO = re.compile(
    r"(?:也|还|同样)(?:是|有|能|能领|能拿|能享受|可以|可以领|行|算|适用)?(?:吗|不|么|没有?|没)?$"
)
_DOC_QUESTION = re.compile(
    r"文号|发文|印发|发布|下发|出台|颁布|公布"
    r"|(?:什么时候|啥时候|啥时|哪天|哪年|哪一年|几号|几时|何时|多会儿?)(?:的)?(?:发|出|印|下|定|搞)"
    r"|生效|有效|失效|过期|作废|废止|还管用|还算数|还能用|还执行|在执行|执行吗|执行到|到期|有效期"
    r"|还算不算|管不管用|还用不用"
    # 「现在能依着它办不」「可以拿它当依据吗」「眼下作数么」: whether it may be acted on now
    r"|(?:能|可以|可不可以|能不能)(?:照着?|按着?|依着?|依照|按照|根据|拿(?:它|这个?)?当?)"
    r"(?:它|这个?|这条|上面的?)?(?:来|去)?(?:执行|办|办理|操作|落实|实施|用|依据|申请|申报)"
    r"|(?:算数|作数|算话|管用)(?:吗|不|么|没|没有|嘛|呢)"
    r"|算不算数|作不作数"
    r"|谁发的|出自|出处|哪份文件|啥文件|哪个部门发|哪个单位发|发文机关|什么文件|哪个文件|文件名|标题|依据|根据什么|根据哪"
    r"|征求意见|草案|正式的吗|正式文件|正式(?:了|的)?(?:吗|没|不|么)|是不是正式|算不算正式|算正式"
    r"|公开|附件|谁负责解释|解释权|落款|全称|叫什么|叫啥|什么名字|啥名字|名称"
)
_ANAPHORA = re.compile(
    r"这个|这笔|这项|这钱|这些钱|这补贴|这奖励|这政策|它|该项|上面|刚才|前面说的|以上"
)
_CLAUSE_CUE = re.compile(
    r"分几|几年|几次|多久|多长时间|期限|给谁|发给谁|企业还是|个人还是|单位还是|怎么(?:申请|领|办|拿|发|算)"
    r"|去哪|到哪|找谁|哪里(?:申请|办|领)|什么条件|啥条件|条件|要求|需要什么|要什么|材料|一次性"
    r"|每年|每月|按月|按年|税前|税后|上限|最多|最高|封顶|叠加|重复|同时享受|一起拿"
    r"|在哪|哪个部门|谁负责|谁管|窗口|流程|手续|到账|发放|兑现|截止|多会"
)
# Words any follow-up may use; what is left after removing them is the message's own topic.
_GENERIC_CHARS = frozenset(
    "是给还的吗呢了吧啊呀么样要能可以会怎么咋多少几什么啥哪谁有没无发领拿申请办一下这那个人"
    "企业单位公司个年月天次按每分钱补贴助奖励予到去找里条件需材料标准最高上限期限久长时间叠加"
    "重复同时享受算税前后都也就才再又还能够如何为问请我你他们部门管负责窗口流程手续办理账放兑现截止"
)
#: The same, for other modules telling a follow-up's own words from its asking words.
GENERIC_CHARS = _GENERIC_CHARS
MAX_FOLLOW_UP_CHARS = 16


_ASKS_IF_ME = re.compile(
    r"^(?:那|那么)?(?:我|俺|咱)(?:这样的?|这种情况)?(?:能|可以|能不能|可不可以|符合|符不符合|够|够不够|有没有资格)"
    r"(?:条件)?(?:去|来|也|按这个|照这个)?(?:领|拿|申请|享受|申领|办)?(?:到)?(?:吗|不|没|么|呢)?$"
)


def asks_if_eligible(text: str) -> bool:
    """「我能领吗」「我符合吗」「那我可以申请不」: may *I* have what was just answered?"""
    return bool(_ASKS_IF_ME.match(bare(text)))


_WHERE = re.compile(
    r"在哪|去哪|到哪|哪里|找谁|哪个部门|谁负责|谁管|窗口|怎么申请|怎么领|怎么办|流程|手续"
)


#: 「这笔钱用在哪些地方」「主要用于啥」「钱花在哪」: what the money is to be spent on, not where
#: to apply for it.
USE_OF_FUNDS = re.compile(
    r"用(?:在|于|到|来|作|做)|花(?:在|到)|派(?:什么|啥)?用场|用途|怎么(?:用|花)"
    r"|拿来(?:干|做|办)|(?:干|做)(?:什么|啥)用"
)


def asks_where_to_apply(text: str) -> bool:
    """「在哪申请」「找谁」「哪个部门管」: where the worker goes for it (not 「用在哪」)."""
    b = bare(text)
    return bool(_WHERE.search(b)) and not USE_OF_FUNDS.search(b)


def asks_about_document(text: str) -> bool:
    """A question about a document itself: 文号, date, issuer, in force, draft, 依据, 附件."""
    return bool(_DOC_QUESTION.search(bare(text)))


# 「这是哪里的政策」「哪个地方的规定」「适用于哪儿」: whose place the last answer's rule is.
_WHO_ASKS = (
    r"^(?:那|那么)?(?:这|这个|这些|这条|这项|它|上面|刚才|刚刚)?(?:的)?"
    r"(?:政策|规定|文件|条款|补贴|制度|办法)?(?:是|都是|说的是|属于)?"
)
_WHOSE_TAIL = (
    r"(?:的|出的|出台的|发的|定的|印发的)?(?:政策|规定|文件|条款|补贴|制度|办法|规矩)?"
    r"(?:啊|呀|呢|吗|哈)?$"
)
_WHOSE_PLACE = re.compile(
    _WHO_ASKS
    + r"(?:(?:哪个|哪一个|哪|哪些)(?:地方|地区|区县|区|县|市|省)|哪里|哪儿|哪边)"
    + _WHOSE_TAIL
    + r"|^(?:那|那么)?(?:这|这个|它)?(?:是)?适用(?:于|在)?(?:哪里|哪儿|哪个地方|哪些地方|什么地方)"
)


def asks_whose_place(text: str) -> bool:
    """「这是哪里的政策」「哪个地方的规定」「这个是哪个区的」 after an answer: the place whose
    document the answer came from. A message naming a place asks something else."""
    b = bare(text)
    return len(b) <= 14 and bool(_WHOSE_PLACE.search(b)) and not resolve_places(b)


# 「我在洪泽能办吗」「那叶集也有吗」「到台儿庄可以领不」: the last answer asked of another place.
_PLACE_ASK_LEAD = re.compile(
    r"^(?:那|那么)?(?:我|俺|咱)?(?:们)?(?:要是|如果|假如)?(?:人)?(?:在|到|去|是)?"
)
_PLACE_ASK_AFTER = re.compile(r"^(?:的话|的|那边|这边|那里|这里|那块|这块)*")
_ASKS_IF_THERE = re.compile(
    r"(?:也|还)?(?:能|可以|能不能|可不可以|给)?(?:办|申请|办理|申领|领|拿|享受|用|适用)"
    r"(?:这个|这项|这条|它|这政策|这补贴|这规定)?(?:吗|不|么|没|没有|呢)?"
    r"|(?:也|还)?有(?:没有|吗|不|么|没|呢)|有没有|也有|也行吗|行不行|行吗"
)


def place_ask_in(text: str) -> str | None:
    """The place words of a short follow-up asking whether the last answer holds there too
    (「我在洪泽能办吗」 → 洪泽, 「那台儿庄也有吗」 → 台儿庄), or None when it asks anything more."""
    b = bare(text)
    if len(b) > 14:
        return None
    rest = _PLACE_ASK_LEAD.sub("", b, count=1)
    mentions = resolve_places(rest)
    if not mentions or mentions[0].start != 0:
        return None
    after = _PLACE_ASK_AFTER.sub("", rest[mentions[0].end :], count=1)
    if not after or not _ASKS_IF_THERE.fullmatch(after):
        return None
    return rest[: mentions[0].end]


@dataclass(frozen=True)
class Swap:
    """「那技师呢」「那泗洪呢」「二等奖呢」: ask the last question again for ``level``, ``place``
    (a place's canonical name, covered or not: 洪泽区, 泗洪县, 苏州市) and/or prize ``rank``
    ("一" | "二" | "三"); ``whole``: the whole region rather than the county or district the last
    question named (「全市一共呢」 after a county's figure)."""

    level: str | None
    place: str | None
    rank: str | None = None
    whole: bool = False  # 「全市呢」「一共呢」: the whole covered region instead of one part


_RANK_WORD = re.compile("|".join(sorted(RANKS, key=len, reverse=True)))


def rank_in(text: str) -> str | None:
    """The prize rank a text names (一等奖, 第二名 → "一", "二"), or None."""
    m = _RANK_WORD.search(text)
    return RANKS[m.group(0)] if m else None


# The whole of a place rather than one of its parts: a table's total row (全市, 合计).
_WHOLE = re.compile(
    r"全(?:市|区|县|省)|整个(?:市|区|县)|(?:市|区|县)里|一共|总共|合计|总计|加起来|加一起|总的|总数|全部"
)


def follow_up_core(text: str) -> str:
    """A short follow-up without its leading 「那」「要是」 and its asking tail (「呢」「有多少」):
    「那苏宿工业园区呢」 → 苏宿工业园区."""
    return _TAIL.sub("", _LEAD.sub("", bare(text)))


def swap_in(text: str) -> Swap | None:
    """The level and/or place a short follow-up names and nothing else (「那技师呢」「洪泽的呢」
    「换成三级工」「那泗洪呢」), or None when the message says more than that."""
    b = bare(text)
    if len(b) > 12:
        return None
    core = _TAIL.sub("", _LEAD.sub("", b))
    after = resolve_places(core[1:]) if core[:1] in ("在", "到", "去") else []
    if after and after[0].start == 0:
        core = core[1:]
    # 「高级工也有吗」「技师也能领不」: does the last answer reach this level too
    core = _ALSO.sub("", core)
    if not core:
        return None
    rank = None
    rank_match = _RANK_WORD.search(core)
    if rank_match:
        rank = RANKS[rank_match.group(0)]
        core = core[: rank_match.start()] + core[rank_match.end() :]
    level = None
    spans = level_spans(core)
    if spans:
        level = spans[0][2]
        core = core[: spans[0][0]] + core[spans[0][1] :]
    whole = bool(_WHOLE.search(core))
    core = _WHOLE.sub("", core)
    place = None
    mentions = resolve_places(core) if core else []
    if mentions:
        place = mentions[0].name
        core = core[: mentions[0].start] + core[mentions[0].end :]
    rest = core.strip("的区市县人")
    if (level or place or rank or whole) and not rest:
        return Swap(level, place, rank, whole and place is None)
    return None


def swapped_question(topic: Topic, swap: Swap) -> str:
    """The last question with the swap's level and place put in for the old ones (added in
    front when the old question named none)."""
    q = topic.question
    if swap.level:
        spans = level_spans(q)
        if spans:
            start, end, _ = spans[0]
            q = q[:start] + swap.level + q[end:]
        else:
            q = swap.level + q
    if swap.rank:
        m = _RANK_WORD.search(q)
        word = f"{swap.rank}等奖"
        q = q[: m.start()] + word + q[m.end() :] if m else word + q
    if swap.place:
        old = resolve_places(q)
        q = q[: old[0].start] + swap.place + q[old[0].end :] if old else swap.place + q
    if swap.whole:
        # the county or district named inside a covered city gives way to the whole of it
        for part in reversed(resolve_places(q)):
            covered = part.covered
            if covered is not None and covered.region != part.name:
                whole = "全" + (covered.region[-1] if covered.region[-1] in "市区县" else "市")
                q = q[: part.start] + whole + q[part.end :]
    return q


# The particle that makes a bare subject a question leaning on the last one: 「订单班呢」.
_ELLIPSIS_TAIL = re.compile(r"(?:的话|呢|咧|捏|嘞|哩|啦|怎么样|咋样|如何|又如何|又怎么样)+$")
# A subject with its own asking words is a question of its own (「订单班补多少呢」).
_OWN_ASK = re.compile(r"多少|多钱|几|怎么|咋|啥|什么|哪|吗|么|谁|是否|能不能|有没有|可不可以")
# Where the asking part of a question starts (「…校企合作最多补多钱」 → 「最多补多钱」).
_ASK_START = re.compile(
    r"最多|最高|上限|封顶|一共|总共|每年|每月|每人|多少|多钱|几[个万千百年次人名家项]|怎么|咋|啥|什么"
    r"|哪些|条件|要求|有没有|能不能|能否|可以吗|吗"
    # 「…培训补贴标准」「…补助期限」: the aspect asked, said as a noun at the end
    r"|标准(?=(?:是|为)?(?:多少|啥|什么)?$)|期限|多久|多长时间"
)
_ASK_VERB = "补奖给发领拿贴励助要需"
_SELF = re.compile(r"我|俺|咱|自己")
MAX_SUBJECT_CHARS = 12
# A figure (社保只交了5个月, 合同签了半年) makes it a changed condition, not a new subject.
_FIGURE = re.compile(r"\d|[一二两三四五六七八九十半]个?(?:月|年)")


def ellipsis_in(text: str) -> str | None:
    """The new subject of a short follow-up that names only that and leans on the last
    question for what it asks (「建实训基地咧」「那订单班呢」 after 「…校企合作最多补多钱」), or
    None: a question of its own, a swap of level or place, or no subject at all (「好的呢」)."""
    b = bare(text)
    if len(b) > MAX_FOLLOW_UP_CHARS:
        return None
    tail = _ELLIPSIS_TAIL.search(b)
    core = _ELLIPSIS_TAIL.sub("", _LEAD.sub("", b))
    if tail is None and core == b:
        return None
    # a long one, or one about the worker (「我要是从外地引进的技师呢」), tells a situation of
    # its own: searched as it stands
    if not core or len(core) > MAX_SUBJECT_CHARS or _OWN_ASK.search(core) or _SELF.search(core):
        return None
    if _FIGURE.search(core):
        return None
    own = [ch for ch in core if ch not in _GENERIC_CHARS]
    return core if len(own) >= 2 else None


# Asking words with no subject: 「有啥用」「能补点啥」「给多少」.
_BARE_ASK_CHARS = _GENERIC_CHARS | frozenset("点些用处作样嘛咋呀")
MAX_BARE_ASK_CHARS = 6
_ASKING = re.compile(r"啥|多少|几|怎|咋|吗|么|什么|哪|嘛|用|[不没]$")


def names_nothing(text: str) -> bool:
    """A short question made only of asking words (「有啥用」「能补点啥」「咋领」): it can only be
    about what was just said."""
    b = bare(text)
    if not 2 <= len(b) <= MAX_BARE_ASK_CHARS or not _ASKING.search(b):
        return False  # 「是的」「好的」 ask nothing
    return all(ch in _BARE_ASK_CHARS for ch in b)


def asking_part(question: str) -> str:
    """What a question asks, without its subject: 「最多补多钱」 of 「洪泽企业跟中专校企合作最多
    补多钱」, 「多少人」 of 「沭阳县职业技能培训任务多少人」; "" when it shows no asking words."""
    q = bare(question)
    m = _ASK_START.search(q)
    if m is None:
        return ""
    start = m.start()
    while start > 0 and q[start - 1] in _ASK_VERB and m.start() - start < 2:
        start -= 1
    return q[start:]


# 「还给升级吗」「另外还能晋升等级吗」: going on about what was just said.
_CONTINUES = re.compile(
    r"^(?:那|那么)?(?:另外|此外|另|还|再|也|同时)(?:还|也)?(?:给|能|会|可以|有|要|让|帮|管)"
)


# More words of its own than this after 还/另外 name a new subject (searched everywhere).
MAX_CONTINUED_OWN_CHARS = 4


def continues_topic(text: str) -> bool:
    """A short message going on about the last answer (「还给升级吗」「另外还管培训不」): it
    opens with 还/另外/也, names no place nor skill level, and few words of its own."""
    b = bare(text)
    m = _CONTINUES.match(b)
    if m is None or len(b) > MAX_FOLLOW_UP_CHARS or resolve_places(b) or level_spans(b):
        return False
    own = [ch for ch in b[m.end() :] if ch not in _GENERIC_CHARS]
    return len(own) <= MAX_CONTINUED_OWN_CHARS


def leans_on_context(text: str) -> bool:
    """A short question that leans on what was just said (「分几年给」「是给企业还是给个人」
    「这个怎么申请」) rather than asking something new: it points back (这个, 它), or it asks
    a follow-up kind of thing (duration, recipient, conditions, where) and names no topic of
    its own (「订单班每年补助多少」 names one: a new question)."""
    b = bare(text)
    named = find_region_in_text(b) is not None
    if asks_stacking(b) and len(b) <= 2 * MAX_FOLLOW_UP_CHARS and not named:
        # 「能叠加吗」 is about what was just said; 「叶集的补贴能叠加吗」 asks of 叶集
        return True
    if len(b) > MAX_FOLLOW_UP_CHARS or named:
        return False
    if level_spans(b):
        return False
    if _ANAPHORA.search(b):
        return True
    own = "".join(ch for ch in _CLAUSE_CUE.sub("", b) if ch not in _GENERIC_CHARS)
    return (bool(_CLAUSE_CUE.search(b)) and len(own) < 2) or (not own and len(b) >= 2)


# 「是技师 打错了」「高级技师，写错了」: the corrected fact first, the admission after it.
_ADMISSION_LAST = re.compile(
    r"^(?P<fact>[^，,。；;！!？?\s]{2,16}?)[，,。；;！!\s]*"
    r"(?P<admit>(?:我|俺|刚才|刚刚|前面|之前)*(?:打|写|说|搞|弄|讲|输|记)错了?(?:了|啦)?)"
    r"[了啦啊呀哈的哦。！!\s]*$"
)
# 「哦，」「嗯 」「啊呀」: a sound before the words, no part of the fact
_INTERJECTION = re.compile(r"^(?:哦|噢|喔|啊|呃|嗯|额|哎|唉|呀)+[，,。！!\s]*")
_ADMISSION_FIRST = re.compile(r"^(?:不对|不是|错了|(?:打|写|说|搞|弄|讲|输|记)错)")


# 「应该是…」「其实是…」 softening the corrected fact: the fact is what follows.
_SOFTENED = re.compile(r"^(?:应该|其实|实际上|本来)(?=是)")


def admission_first(text: str) -> str:
    """``text`` with an admission said after the corrected fact moved before it (「俺是技师
    打错了」 → 「打错了，俺是技师」), the order every correction reader takes; any other text
    unchanged. The fact must be short and hold no question (a question saying 「说错了」 of
    something else is no correction)."""
    m = _ADMISSION_LAST.match(_INTERJECTION.sub("", text.strip()))
    if m is None or _ADMISSION_FIRST.match(m.group("fact")):
        return text
    fact = m.group("fact")
    if re.search(r"吗|么|呢|啥|多少|什么|怎么|咋", fact):
        return text
    # 「刚才说错了」 → 「说错了」; 「应该是高级技师」 → 「是高级技师」: the words the readers take
    admit = re.sub(r"^(?:我|俺|刚才|刚刚|前面|之前)+", "", m.group("admit"))
    return f"{admit}，{_SOFTENED.sub('', fact)}"


# 「回到刚才那个，…」「接着刚才的说，…」「刚才说的那个，…」「言归正传，…」: words leading the
# worker back to the subject before an aside (weather, lunch). They ask nothing themselves; left
# in, they hide the follow-up (「…，技师呢」) from every reader of a short follow-up.
_RETURN_LEAD = re.compile(
    r"^(?:好|好的|行|嗯|哦|那|那么|ok|不说这个了|不聊这个了|不扯了|扯远了|说远了)?[，,。！!\s]*"
    r"(?:"
    r"(?:我们|咱们|咱|俺们|我|俺)?(?:再|还是)?"
    r"(?:回到|回来说|说回|说回到|回归|转回|绕回|接着|继续|接上|再说说|还说)(?:说|问|聊|讲)?(?:一下|下)?"
    r"(?:刚才|刚刚|之前|前面|上面|方才|先前|上一个|上个|原来)"
    r"(?:的|那个|那|这个|说的|问的|讲的|聊的|提的|说过的|问过的)*"
    r"(?:话题|问题|事情|事儿|事)?(?:说|问|聊|讲)?(?:吧|啊|哈|哦)?"
    r"|(?:刚才|刚刚|之前|前面|方才|先前)(?:我)?(?:说|问|讲|聊|提)(?:的|过的)"
    r"(?:那个|这个|那件事|那个事|事|问题|话题)?"
    r"|(?:刚才|刚刚|之前|方才)(?:那个|那)(?:问题|话题|事)"
    r"|言归正传|回到正题|说正事|书归正传|回到主题"
    r")(?![\u4e00-\u9fff]{0,2}(?:错|不对))[，,。：:；;！!\s]*"
)


def returned_to_topic(text: str) -> tuple[bool, str]:
    """Whether ``text`` opens by going back to the subject before an aside (「回到刚才那个」
    「接着刚才的说」「刚才问的那个」「言归正传」), and the message without those words (empty
    when nothing follows them). ``(False, text)`` for any other message; an admission
    (「刚才说错了」) is no return."""
    stripped = text.strip()
    m = _RETURN_LEAD.match(stripped)
    if m is None or not re.search(
        r"刚|之前|前面|上面|方才|先前|上一?个|原来|正题|正传|主题|正事", m.group(0)
    ):
        return False, text
    return True, stripped[m.end() :].strip()
