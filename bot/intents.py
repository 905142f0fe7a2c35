"""Recognise what a message asks for, before it is treated as a policy question.

Each intent has a matcher; ``classify`` tries them in ``INTENT_ORDER`` and falls back to
``"question"``. Matchers see the normalised text (``normalize``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import TypeVar

from policy_kb.eligibility.catalogue import default_catalogue
from policy_kb.places import resolve_places
from policy_kb.regions import REGIONS, find_region_in_text, on_change
from policy_kb.regions import region as region_of

_PUNCT = re.compile(r"[\s!！?？。，,~～…、:：;；\"“”'‘’（）()【】\[\]]+|(?<!\d)\.|\.(?!\d)")


# Both are pure and asked of the same message some forty times while it is recognised (every
# matcher normalises what it is given): kept for the last few thousand texts, a quarter of
# the bot's time per message was spent redoing them.
@functools.lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """NFKC-normalise (full-width digits/letters → ASCII), lower-case, strip whitespace."""
    return unicodedata.normalize("NFKC", text).strip().lower()


@functools.lru_cache(maxsize=4096)
def bare(text: str) -> str:
    """``normalize`` then drop punctuation and spaces (a decimal point between digits stays:
    1.5万), for exact keyword matches."""
    return _PUNCT.sub("", normalize(text))


# What a message's words are read as, kept per text for the last few thousand texts: one message
# is asked each of these several times (routing, the questionnaire, the facts it states), and
# they read only the text and the region registry (the places' table derives from it), so
# their memory is dropped when the registry changes (``use_regions``).
_T = TypeVar("_T")


def _per_text(func: Callable[[str], _T]) -> Callable[[str], _T]:
    kept = functools.lru_cache(maxsize=4096)(func)
    on_change(kept.cache_clear)
    return kept


def _one_of(*words: str) -> Callable[[str], bool]:
    options = frozenset(words)
    return lambda t: bare(t) in options


_REGION_SET = re.compile(
    r"^(?:(?:我|俺|咱)(?:现在|目前|人|已经)?(?:在|到|去|来)了?|(?:我|俺|咱)是|(?:我|俺)住在?|我在的是"
    r"|(?:我|俺|咱)们?(?:这边)?(?:是|在)"
    r"|人在|目前在|现在在|切换到|切换|换到|地区|选择?|定位到?)(.{1,8}?)"
    r"(?:工作|上班|打工|干活|务工|这边|那边|这里)?(?:的|人)?了?$"
)


@_per_text
def place_statement(text: str) -> str | None:
    """The place a short 「我在…(工作)」 sentence states (「我在苏州工作」 → 苏州), or a message
    made of a place and words saying the worker belongs there (「泗洪城区的」「淮安的工人」
    → 泗洪, 淮安: ``place_with_tail``), or None."""
    b = bare(text)
    m = _REGION_SET.match(b)
    if m is None or _QUESTIONISH.search(m.group(1)):
        return place_with_tail(b)
    return m.group(1)


# What may follow a place in a message saying the worker is from there, and nothing else:
# a part of it (城区, 市里), then who they are there (工人, 企业). 「洪泽的」 alone is left to
# the dialogue (after an answer it asks the last question there).
_BELONGS_TAIL = re.compile(
    r"(?:市区|城区|县城|市里|区里|县里|镇上|区|本地|当地|这边|那边|这块|那块)?(?:的)?"
    r"(?:上班|工作|打工|干活|务工)?(?:的)?"
    r"(?:人|技工|工人|职工|员工|师傅|老乡|企业|公司|单位|厂|工厂|厂子|厂里|学校)?(?:的)?"
)
# 「在台儿庄上班的」: where, said without who.
_AT_LEAD = re.compile(r"^(?:在|住在|是在)(?=.)")
# The last characters of every word ``_BELONGS_TAIL`` may end with: a message ending otherwise
# (most questions: 吗, 呢, 多少) has no such tail, and its places need not be looked up.
_TAIL_ENDS = frozenset("区城里上地边块的班作工活人傅乡业司位厂子校")


@_per_text
def place_with_tail(text: str) -> str | None:
    """The place a message opens with when all it says after it is where in that place or who
    the worker is there (「泗洪城区的」「淮安的工人」「台儿庄那边的企业」 → 泗洪, 淮安, 台儿庄),
    or None: a bare place, a place with only 「的」, anything asking or saying more."""
    b = bare(text)
    if not b or b[-1] not in _TAIL_ENDS:
        return None
    lead = _AT_LEAD.match(b)
    start = lead.end() if lead else 0
    mentions = resolve_places(b[start:])
    if not mentions or mentions[0].start != 0:
        return None
    rest = b[start + mentions[0].end :]
    if not rest or rest == "的" or not _BELONGS_TAIL.fullmatch(rest):
        return None
    return b[start : start + mentions[0].end]


@_per_text
def region_request(text: str) -> str | None:
    """The canonical region a message sets (「我在叶集」, 「切换到洪泽」, a bare 「叶集区」),
    or None when the message is not a region setting."""
    b = bare(text)
    m = _REGION_SET.match(b)
    candidate = m.group(1) if m else b
    region = find_region_in_text(candidate)
    if region is None:
        return None
    # only the place itself (with its city, or a 区/市 suffix): not a question about the place
    r = region_of(region)
    rest = candidate
    for word in sorted((r.name, r.city, r.province, *r.aliases), key=len, reverse=True):
        rest = rest.replace(word.lower(), "")
    return region if len(rest.strip("区市县")) == 0 else None


_QUESTIONISH = re.compile(r"[吗呢么啥嘛]|什么|多少|怎么|补贴|奖励|政策|工作|上班")


def wants_region_change(text: str) -> bool:
    """「我在上海」: a short region-setting sentence naming a place we have no documents for."""
    b = bare(text)
    m = _REGION_SET.match(b)
    return (
        m is not None
        and b.startswith(("我在", "切换"))
        and len(m.group(1)) <= 5
        and not _QUESTIONISH.search(m.group(1))
    )


VAGUE_WORDS = frozenset(
    {
        "补贴",
        "奖励",
        "补助",
        "奖补",
        "政策",
        "钱",
        "补贴政策",
        "有什么补贴",
        "有啥补贴",
        "咨询",
        "问题",
        "补钱",
        "津贴",
        "福利",
        "待遇",
        "优惠",
        "扶持",
        "资助",
        "奖金",
        "人才政策",
        "技能人才",
        "我想问",
        "问一下",
        "请问",
        "问个事",
        # asking to ask, nothing asked yet (``ASKING_TO_ASK``)
        "我想咨询一下",
        "想咨询一下",
        "咨询一下",
        "我想咨询",
        "我要咨询",
        "我想问一下",
        "想问一下",
        "我想问问",
        "想问问",
        "我有个问题",
        "有个问题",
        "问个问题",
        "问你个事",
        "问一下哈",
        "我想了解一下",
        "想了解一下",
        "了解一下",
        "我想了解",
    }
)

_ASK_TO_ASK = re.compile(
    r"^(?:你好|您好|师傅|老师|同志)?(?:请问)?(?:我|俺)?(?:这边|这里)?(?:有个?|有一个)?(?:问题|事|事情)?"
    r"(?:想|要|能|可以)?(?:咨询|问|问问|了解|请教)(?:一下|下|个事|个问题|一个问题|你)?"
    r"(?:哈|啊|呀|哦|吗|不)?$|^(?:我|俺)?有个?(?:问题|事)(?:想|要)?(?:问|问问|咨询|请教)?(?:一下|下)?(?:哈|啊)?$"
)


def asks_to_ask(text: str) -> bool:
    """「我想咨询一下」「有个问题想问问」「师傅，请教一下」: asking to ask, no subject named."""
    b = bare(text)
    return b in ASKING_TO_ASK or bool(_ASK_TO_ASK.match(b))


# 「先插个嘴」「打断一下」「顺便再问下」「另外」: words announcing a question aside, asking nothing
_ASIDE_LEAD = re.compile(
    r"^(?:先|我|俺|再|那个|对了)*(?:插(?:一|个|句|一句|个|两)?(?:句|嘴|话|问题)?(?:话|嘴)?|打断(?:一下|下)?"
    r"|顺便(?:再)?(?:问|说)(?:一下|下|问|个事)?|另外(?:再)?(?:问(?:一下|下|个事)?)?|岔开(?:一下|下)?"
    r"|题外话|跑个题|跑题(?:一下|下)?)(?:哈|啊|呀|哦|一下|下)*$"
)


#: Greetings said alone.
_GREETING_WORDS = frozenset(
    (
        "你好",
        "您好",
        "hi",
        "hello",
        "在吗",
        "在么",
        "在不在",
        "哈喽",
        "嗨",
        "喂",
        "有人吗",
        "有人不",
        "你好啊",
        "您好啊",
        "早上好",
        "下午好",
        "晚上好",
    )
)
# 「吃了没」「忙不忙」「最近咋样」「师傅好」: small talk greeting the bot, asking nothing of it
_SMALL_TALK = re.compile(
    r"^(?:你|您|师傅|老师|小哥|美女|同志|大哥|大姐|哥|姐)*(?:好|们好)?"
    r"(?:(?:吃|吃饭|吃午饭|吃晚饭|吃早饭|吃过饭|吃过)了?(?:吗|没|没有|么|不|没得)|吃了吗|吃了没"
    r"|(?:在)?忙(?:吗|么|不|不忙|啥呢|什么呢|着呢)|(?:最近|今天|这几天)(?:过得)?(?:好吗|好不好|咋样|怎么样|还好吗|还好不)"
    r"|干啥呢|干嘛呢|在干嘛|在干啥|睡了吗|下班了吗|下班没|上班呢|早|早啊|早安|午安|晚安)"
    r"(?:啊|呀|呢|哈|哦|嘛)*(?:师傅|老师|小哥|美女|同志|大哥|大姐|哥|姐)?(?:啊|呀|呢|哈|哦|嘛)*$"
    r"|^(?:师傅|老师|小哥|美女|同志|大哥|大姐|各位|大家)们?好(?:啊|呀|哈)*$"
)


def small_talk(text: str) -> bool:
    """「吃了没」「忙不忙啊」「师傅，最近咋样」: a greeting in everyday words, no question asked
    of the bot (the dialogue answers it as a greeting, keeping the topic)."""
    parts = [bare(p) for p in re.split(r"[，,：:。；;！!？?\s]+", text) if bare(p)]
    return bool(parts) and all(_SMALL_TALK.match(p) or p in _GREETING_WORDS for p in parts)


def without_small_talk(text: str) -> str:
    """``text`` without its leading greetings and small talk (「吃了没，我们厂…」 → 「我们厂…」),
    the question read as if said alone; ``text`` itself when nothing else is left."""
    parts = re.split(r"([，,：:。；;！!？?\s]+)", text.strip())
    cut = 0
    while cut + 2 < len(parts) and bare(parts[cut]) and small_talk(parts[cut]):
        cut += 2
    rest = "".join(parts[cut:]).strip()
    return rest if bare(rest) else text


def without_aside_lead(text: str) -> str:
    """The message without its leading parts that only announce a question (「先插一句，…」
    「问个事，…」「打断一下，…」); the message itself when nothing else is left."""
    parts = re.split(r"([，,：:。；;！!\s]+)", text.strip())
    cut = 0
    while (
        cut + 2 < len(parts)
        and (_ASIDE_LEAD.match(bare(parts[cut])) or asks_to_ask(parts[cut]))
        and bare(parts[cut])
    ):
        cut += 2
    rest = "".join(parts[cut:]).strip()
    return rest if rest else text


#: 「我想咨询一下」「有个问题」: asking to ask, no subject named.
ASKING_TO_ASK = frozenset(w for w in VAGUE_WORDS if re.search(r"咨询|问|了解|请问", w))

#: The blue card named alone: what about it (what it is, apply, progress)?
CARD_WORDS = frozenset({"蓝卡", "技工蓝卡", "卡", "蓝卡的事", "蓝卡咨询"})

# Asking what *they* can get, as a whole (not one named subsidy): the questionnaire.
_QUIZ_EXPLICIT = re.compile(
    r"测一测|测测|测算|补贴计算|计算补贴|算一?算|帮我算|给我算|帮忙算|估算|评估一下|自测|^测一?[下哈]|^算一?哈|"
    r"匹配(?:一下)?(?:政策|补贴)|做(?:个|一下)?测(?:试|评)|开始测"
    r"|(?:一项一项|一个一个|一个个|一条一条|一条条|挨个|逐项|逐个)(?:地)?问"
)
_QUIZ_SELF = re.compile(r"我|自己|俺|咱")
_QUIZ_WHAT = re.compile(
    # 「能领点啥」「可以拿到哪些」「能享受些什么」: may + get + what, a few words between
    r"(?:能|可以|可|够)[^，。,；;]{0,3}?(?:拿|领|享受|申请|申领|得到|获得|领取|得)[^，。,；;]{0,3}?"
    r"(?:什么|哪些|哪几|啥|多少)"
    r"|(?:能|可以|可|够|有资格|有没有资格|符合)(?:拿|领|享受|申请|申领|得到|获得|领取)?(?:到)?"
    r"(?:什么|哪些|哪几|啥|多少|几)(?:种|样|项|个)?(?:补贴|补助|奖励|政策|钱|待遇|福利|优惠)?"
    r"|(?:符合|够|满足)(?:什么|哪些|啥)(?:补贴|条件|政策)"
    r"|(?:查查|查一下|查下|看看|看一下|了解一下)(?:我|自己)(?:能|可以)"
    r"|(?:适合|适用)(?:我|自己)的(?:补贴|政策)"
    r"|(?:能不能|可不可以|能否|够不够|符不符合|有没有资格|够格)(?:条件)?(?:拿|领|享受|申请|申领)?"
    r"(?:补贴|补助|奖励|政策|钱)"
    r"|(?:我这种|我这样的?|我的)(?:情况|条件)"
)
# A specific subsidy named: a question to search, even when asked as "can I get…".
# (The worker's own facts — level, contract, insurance — are not a subsidy: 「我是三级工，能领
# 什么补贴」 is the questionnaire, seeded with 高级工.)
_SPECIFIC = re.compile(
    r"引进|学徒|竞赛|比赛|大赛|工作室|住房|生活补贴|落户|职称|培训|能手|工匠|蓝卡|见习|研修"
)
_COMPARE = re.compile(r"对比|比较|比一比|各地|各区|哪个区|哪里(?:补贴|奖励)?(?:高|多)")
QUIZ_CANCEL = frozenset(
    {"退出", "取消", "结束", "不测了", "退出测算", "算了", "不算了", "q", "quit", "exit"}
)
# 「算了不测了」「先不算了吧」「不想测了，退出」: giving up, in more words than one.
_GIVES_UP = re.compile(
    r"不(?:想|要|用)?(?:测|算|做|填|弄|答)了|退出|不测|不算了|别测了|别算了|不玩了"
)


def cancels_quiz(text: str) -> bool:
    """「退出」「算了不测了」「先不算了吧」: the worker stops the questionnaire (a short message
    giving up; 「别的不清楚」 finishes it instead)."""
    b = bare(text)
    return b in QUIZ_CANCEL or (len(b) <= 10 and bool(_GIVES_UP.search(b)))


QUIZ_BACK = frozenset({"上一步", "返回", "上一题", "回退", "后退", "back"})
# 「别的不清楚」「就这些」「所以我能拿多少」: no more answers, the result now. 「好了」「没了」
# 「说完了」 say the same thing: that is all the worker knows (never an option of a question).
_QUIZ_FINISH = re.compile(
    r"^(?:(?:别的|其他|其它|剩下|其余|后面|另外)的?(?:都|也|就)?(?:不清楚|不知道|不晓得|不记得|没有|没啥|没什么|没得|没了|啥也没有|什么也没有|不懂|说不好|不太清楚)了?"
    r"|就这些了?|就这么多了?|就这么些|就这点|就这样|先这样|没别的了?|没有别的了?|都不知道了?|不知道了"
    r"|差不多了|够了|没了|没有了|(?:好|行|可以|完)了|(?:我|俺)?(?:就)?(?:说|讲|答|填|写)完了"
    r"|(?:出|给|要|看)(?:个|一下)?结果"
    r"|(?:所以|那|那么)?(?:我|俺)?(?:到底|究竟|一共|总共)*(?:能|可以|可)?(?:拿|领|得|享受)(?:到)?(?:多少|几)(?:钱|补贴)?"
    r"|(?:结果|答案)(?:呢|是啥|是什么)?|(?:直接)?(?:告诉我|给我)(?:结果|算算)?|算(?:一下|算)?吧?)[吗呢啊吧？?。!！]*$"
)
_CHANGE = re.compile(r"改|修改|更正|重填|重新填|填错|写错|选错")
_QUESTIONISH_ANY = re.compile(
    r"[吗呢?？]|多少|怎么|什么|哪些|如何|能不能|可不可以|是否|有没有|咋|干嘛|干啥|啥|为什么|几"
    # 「还有效不」「能领不」「给没给」: the spoken yes-no question, a verb and its negation at the
    # end, which carries no question word at all; the money may stand between (「给钱不」
    # 「有补助没」)
    r"|(?:有效|管用|生效|作数|算数|好使|有|能|行|给|发|补|领|算|对|要)"
    r"(?:钱|补贴|补助|奖励|奖金|奖补)?(?:不|没|没有)[。！!]*$"
)


# 「企业能拿啥」「我们单位可以申请什么」: an employer asking for itself, not a worker.
ORG_ASKS = re.compile(
    r"(?:企业|单位|公司|厂里?|学校|机构)(?:能|可以|可|能够)(?:拿|领|申请|申领|享受|得到)"
    r"|(?:我们|我司|本公司|本单位)(?:企业|单位|公司|厂|学校)"
)


# -- asking to be assessed, from the words such a request is made of ------------------------
# A verb of working out what one gets (测评, 评估, 自测, 测算, 算下, 估一估 …), or one of looking
# it up (查, 看看) with what is got (能领啥, 能拿多少) or 资格; around it only who (我, 自己),
# politeness and wanting (帮我, 麻烦, 想, 做个), how much of it (一下, 个) and what it is about
# (补贴, 资格, 待遇 …). 「资格测评」「算下补贴」「帮我评估下能拿多少」 and phrasings nobody
# listed read alike; anything else in the message (怎么, 是什么, 评价, 标准, a subsidy's name)
# leaves it a question to search: 「补贴怎么算的」「技能等级评价怎么做」.
_ASSESS_STRONG = (
    r"测评|评测|评估|自测|自评|自查|测算|估算|核算|计算|预估|预算|测试|算算|测测|估估|算|测|估"
)
_ASSESS_WEAK = r"查查|查询|查|看看|瞧瞧|看|了解"
_ASSESS_GET = (
    r"(?:能|可以|可|能够)?(?:拿|领|得|享受|申请|申领|领取|获得)(?:到|得到)?"
    r"(?:多少|几项|几种|几个|哪些|哪几项|啥|什么|点啥)"
    r"|(?:能|可以|可|能够)(?:拿|领|得|享受|申请|申领|领取|获得)?(?:多少|哪些|啥)"
    r"|(?:够不够格|够不够|符不符合|够格|符合|满足)(?:条件|资格)?(?:不|吗|没)?"
)
_ASSESS_ABOUT = (
    r"补贴|补助|奖励|奖补|津贴|资格|待遇|福利|政策|优惠|钱|额度|金额|条件|情况|资质|多少钱|多少"
)
_ASSESS_COUNT = r"一下|一哈|一遍|一次|下|哈"
_ASSESS_AROUND = (
    r"我的|我们|我|俺的|俺|咱的|咱|自己的|自己|本人的|本人|帮忙|帮|给|替|请|麻烦|我想|想要|想|要"
    r"|需要|开始|进行|来|做|搞|弄|个|一个|的|吧|呗|呀|啊|嘛|呢|吗|么"
    r"|能不能|可不可以|可以|能否|能|一共|总共|到底"
)
_ASSESS_PIECE = re.compile(
    rf"(?P<get>{_ASSESS_GET})|(?P<strong>{_ASSESS_STRONG})|(?P<weak>{_ASSESS_WEAK})"
    rf"|(?P<about>{_ASSESS_ABOUT})|(?P<count>{_ASSESS_COUNT})|(?P<around>{_ASSESS_AROUND})"
)


def asks_assessment(text: str) -> bool:
    """「资格测评」「算下补贴」「评估一下」「帮我看看能拿多少」「查下能领啥」: the worker asks to be
    assessed as a whole, in words made only of a verb of working it out (or of looking it
    up, with what is got or 资格) and the words around such a request (``_ASSESS_PIECE``).
    「补贴怎么算的」「技能等级评价怎么做」 hold other words: questions."""
    b = bare(text)
    if len(b) < 2 or len(b) > 20:
        return False
    kinds: set[str] = set()
    verbs: list[str] = []
    at = 0
    while at < len(b):
        m = _ASSESS_PIECE.match(b, at)
        if m is None or not m.group(0):
            return False
        kinds.add(str(m.lastgroup))
        if m.lastgroup == "strong":
            verbs.append(m.group(0))
        at = m.end()
    if any(len(verb) > 1 for verb in verbs):
        return True
    if verbs:
        # 算, 测, 估 alone only with what is worked out or how (「算下」「测下补贴」「算多少」):
        # 「能算吗」 asks whether something counts
        return bool(kinds & {"about", "get", "count"})
    return "weak" in kinds and ("get" in kinds or "资格" in b)


def wants_quiz(text: str) -> bool:
    """「我想查查自己能领什么补贴」「帮我算算能拿多少」「看看我能享受哪些政策」「资格测评」: the
    worker asks what they can get as a whole, not about one named subsidy (nor an employer
    for itself)."""
    b = bare(text)
    if _QUIZ_EXPLICIT.search(b) or asks_assessment(b):
        return True
    if not (_QUIZ_SELF.search(b) and _QUIZ_WHAT.search(b)) or ORG_ASKS.search(b):
        return False
    # 「想知道我能申请哪些补贴：我是外地引进的技师，合同签了2年」: the part that asks names no
    # subsidy; 引进 in another part is the worker's own fact (the questionnaire reads it)
    asking = [p for p in _PARTS.split(normalize(text)) if _QUIZ_WHAT.search(bare(p))]
    if (_PRIZE_WON.search(b) or _CERTIFICATE_AWARD.search(b)) and not any(
        _WHICH.search(bare(p)) for p in asking
    ):
        # 「区里比赛拿了个三等奖…能拿多少」「刚考下技师证，听说区里有奖励，能拿吗」: what that
        # prize or that certificate's award pays, one clause's question
        return False
    if asking:
        return not any(_SPECIFIC.search(bare(p)) for p in asking)
    return not _SPECIFIC.search(b)


_PARTS = re.compile(r"[，,。；;：:！!？?\s]+")
# A prize won at a contest, named in the worker's story (比赛拿了二等奖, 竞赛第一名).
_PRIZE_WON = re.compile(r"(?:比赛|竞赛|大赛|比武).*(?:[一二三123]等奖|第[一二三123]名)")
# A certificate just got, then a reward for it asked about (考下技师证…有奖励).
_CERTIFICATE_AWARD = re.compile(
    r"(?:考|拿到|拿了|取得|评上).{0,8}(?:证|技师|高级工|中级工|初级工).*(?:奖励|奖金|奖钱)"
)
# Asking which benefits (the questionnaire's question), not how much one pays.
_WHICH = re.compile(r"哪些|哪几|什么|啥")


def is_change_request(text: str) -> bool:
    """「改一下社保月数」, 「合同年限填错了」: the worker wants to correct an earlier answer."""
    return bool(_CHANGE.search(text))


_ASKS_BACK = re.compile(
    r"[吗呢?？]|多少|怎么|如何|什么|哪些|哪个|哪里|能不能|可不可以|是否|有没有|咋|干嘛|干啥|啥|为什么"
    r"|插一句|顺便问|问一下|问下|请问"
)


# Asking for the result in other words: a verb of working it out or of getting, then what
# or how much, or a yes/no (「算下我能拿多少」「能领不」「看看我够不够」「我能享受啥」).
_RESULT_WORK = re.compile(r"算|测|评估|估|看看|看下|看一下|告诉|说说|查查|查下|查一下")
_RESULT_GET = re.compile(
    r"(?:能|可以|可|够|符合|满足)(?:不能|不)?(?:拿|领|得|享受|申请|申领|领取|获得|有)?(?:到)?"
    r"(?:多少|几|什么|哪些|啥|哪几)"
    r"|(?:能|可以|可)(?:拿|领|得|享受|申请|申领|领取|获得)(?:到)?(?:不|吗|么|没|没有|不了|了吗)$"
    r"|(?:能不能|可不可以|能否)(?:拿|领|得|享受|申请|申领|领取|获得)(?:到)?"
    r"|(?:够不够|符不符合|够格|有没有份|有份|有戏)(?:吗|不|没)?"
    r"|(?:符合|够|满足)(?:条件)?(?:吗|不|么|没)$"
    r"|(?:结果|答案|总数|总共|一共|合计)"
)
# Words such a request may use besides those: what is left names a subject of its own.
_RESULT_GENERIC = frozenset(
    "我俺咱自己能可以够不到得拿领享受申请获取有多少几什么哪些啥了吗呢么吧呀啊没所以那就请帮给"
    "算测评估看下一告诉说查的钱补贴助奖励政策一共总合计结果答案条件符满足资格格份戏现在目前先直接"
    "咋怎样到底究竟"
)


def finishes_quiz(text: str) -> bool:
    """A message in the questionnaire that asks for the result now, the rest left unknown
    (「其他的不清楚」「就这些」「所以我能拿多少？」「算下我能拿多少」「能领不」): a fixed
    phrase, or working out / getting + how much / which / whether, naming no subject of its
    own (「技师能拿多少」 asks about 技师: answered in between)."""
    b = bare(text)
    if _QUIZ_FINISH.match(b):
        return True
    # 「先这样，出结果吧」: one of its parts asks for it, the message being short
    parts = [bare(p) for p in re.split(r"[，,。!！?？;；、\s]+", normalize(text)) if bare(p)]
    if len(parts) > 1 and len(b) <= 14 and any(_QUIZ_FINISH.match(p) for p in parts):
        return True
    if len(b) > 14 or b in QUIZ_CANCEL:
        return False
    if not (_RESULT_GET.search(b) or (len(b) >= 3 and _RESULT_WORK.search(b))):
        return False
    return all(ch in _RESULT_GENERIC for ch in b)


def finish_after(text: str) -> str | None:
    """「上个月刚拿的技师证，其他没啥了」: the part of a message before it says there is nothing
    more (its last part one of the phrases ending the questionnaire), to be read for facts
    before the result; None when the message does not end so or says nothing before it."""
    parts = [p for p in re.split(r"[，,。!！?？;；\s]+", normalize(text)) if bare(p)]
    if len(parts) < 2 or not _QUIZ_FINISH.match(bare(parts[-1])):
        return None
    return "，".join(parts[:-1])


# 「没啥荣誉」「什么奖都没拿过」「啥也没有」「没评过啥称号」「没参加过什么比赛」: an indefinite
# word under a negation (a verb with 过 between them too) says none, it asks nothing.
_NONE_SAID = re.compile(
    r"(?:没|没有|没得|无)(?:[^，。,；;？?吗呢啥什么]{1,3}过)?(?:啥|什么|任何|哪个|几个)|(?:啥|什么)[^，。,；;？?]{0,4}(?:都|也)(?:没|不)"
)


def _asking_text(text: str) -> str:
    """``text`` without the parts that only say 'none' (``_NONE_SAID``)."""
    return _NONE_SAID.sub("", text)


def asks_back(text: str) -> bool:
    """A message in the questionnaire that asks something rather than answers (「顺便问下，
    叶集安徽省技能大奖给多少钱」「技工蓝卡是干嘛的」): answered, then the questionnaire resumes.
    「没啥荣誉称号」 answers (none), it does not ask."""
    b = bare(text)
    return len(b) >= 4 and bool(_ASKS_BACK.search(_asking_text(text))) and b not in _NOT_QUESTIONS


_NOT_QUESTIONS = frozenset({"不知道是什么", "是吗", "有吗", "没有吗"})


@_per_text
def looks_like_question(text: str) -> bool:
    """A policy question typed in the middle of the questionnaire (answered, then it resumes)."""
    return len(bare(text)) >= 5 and bool(_QUESTIONISH_ANY.search(_asking_text(text)))


_QUESTION_WORDS = re.compile(
    r"怎么|如何|咋|吗|什么|啥|哪|条件|要求|多少|能不能|可以不|是不是|干嘛|为什么|流程|需要"
)
_LEADING_PLACE = re.compile(
    r"^(?:我(?:现在|目前|人)?在|我是|我们(?:这边)?(?:是|在)|俺在|俺是)(.{1,10}?)"
    r"(?:工作|上班|打工|干活|务工|这边|那边)?(?:的|人)?[，,。；;：: ]"
)


def leading_place(text: str) -> str | None:
    """The place a message opens with before asking (「我在叶集，引进技师有啥补贴」 → 叶集)."""
    m = _LEADING_PLACE.match(normalize(text))
    return m.group(1) if m else None


# 「…：我在洪泽区，是外地引进的」「我在六安裕安区一家民营企业」: the worker saying where they
# are, at the start of any part of a message (not 「我是安徽人」: where they come from).
_SELF_AT = re.compile(
    r"(?:^|[，,。；;：:！!？?\s])(?:我|俺|咱)(?:们)?(?:后来|现在|目前|今年|去年|已经|人|一直|就)?"
    r"(?:在|是在|住在|是|调到|调去了?|换到|搬到|来到|到了|去了)"
)

_THERE = re.compile(
    r"(?:^|[，,。；;：:！!？?\s])(?:后来|现在|目前|如今|今年|人|一直|就)?(?:在|是在|到了|调到|去了|来到)"
    r"|(?:^|[，,。；;：:！!？?\s])(?:现在|目前|如今|今年)(?:到|去)"
)
_NOW = re.compile(r"现在|目前|如今|今年|后来")
# Where the worker used to be: 「以前在洪泽干」 is not where they are.
_FORMERLY = re.compile(r"(?:以前|之前|原来|过去|早先|前几年|从前|先前)$")
_SELF_WORD = re.compile(r"我|俺|咱|本人")


@_per_text
def stated_location(text: str) -> str | None:
    """The place the worker says they are in anywhere in ``text`` (the words naming it, right
    after 「我在」「我们是」 at the start of a part of the message), or None. A place followed
    by 人 (「我是安徽人」) is where they come from, not where they work."""
    t = normalize(text)
    at = list(_SELF_AT.finditer(t))
    speaks_of_self = bool(at) or bool(_SELF_WORD.search(t))
    # 「我是外地引进的，在洪泽上班」: a later part may leave out who is there; 「以前在叶集干过，
    # 现在到宿迁了」 says it by the time
    at += [m for m in _THERE.finditer(t) if speaks_of_self or _NOW.search(m.group(0))]
    for m in sorted(at, key=lambda m: m.start()):
        if _FORMERLY.search(t[max(0, m.end() - 6) : m.end()].rstrip("在是到去了调来")):
            continue
        rest = t[m.end() : m.end() + 14]
        mentions = resolve_places(rest)
        if mentions and mentions[0].start == 0 and not rest[mentions[0].end :].startswith("人"):
            return rest[: mentions[0].end]
    return None


_CARD_WANT = re.compile(
    r"(?:申请|申办|办理|办|申领|领|弄|开|做|注册)(?:一张|个|张|一个)?(?:技工)?蓝卡"
    r"|(?:我要|我想|想|帮我|给我|要)(?:申请|办|办理|申领|领|弄)?(?:一张|个|张)?(?:技工)?蓝卡"
    r"|^(?:办卡|申请卡|申卡|领卡)$"
)
# 「手机号改为139…」「我的手机换成…了」「换号了」: the number on the worker's card; a policy
# question that merely mentions a phone (「换手机号要重新办蓝卡吗」) is long and asks, and is
# left to search.
_PHONE_NOUN = r"(?:手机|手机号|手机号码|电话|电话号码|联系电话|联系方式|号码)"
_PHONE_CHANGE = re.compile(
    rf"{_PHONE_NOUN}(?:号码?)?(?:已经|刚|也)?(?:换|改|变|更换|变更|修改)(?:一下|了)?(?:成|为|到|了)?"
    rf"|(?:换|改|变更|更换|修改)(?:一下|了)?(?:我的|个|新的?)?{_PHONE_NOUN}"
    r"|^(?:我)?换(?:了)?(?:个|新)?号(?:码)?了?$"
)
_PHONE_DIGITS = re.compile(r"[+＋]?[0-9０-９][0-9０-９\s\-－]{5,}[0-9０-９]")


@_per_text
def wants_phone_change(text: str) -> bool:
    """「手机号改为139…」「我手机换了」「换号了」: the worker changes their card's number."""
    rest = _PHONE_DIGITS.sub("", normalize(text))
    return bool(_PHONE_CHANGE.search(rest)) and len(bare(rest)) <= 16 and "吗" not in rest


def phone_in(text: str) -> str | None:
    """The number typed in a phone-change message (as typed, separators kept), or None."""
    found = _PHONE_DIGITS.search(text)
    return found.group() if found else None


_MY_CARD = re.compile(
    r"^(?:我的|查|查询|查看|看看)?(?:技工)?蓝卡$|^我的卡$"
    r"|蓝卡(?:的)?(?:申请|办理)?(?:的)?(?:进度|状态|办好|办下来|批|审核|审批|到哪|怎么样了|好了没"
    r"|下来没|通过|结果|办到|弄到|有消息|有结果|咋样了)"
    r"|(?:办|申请)的蓝卡"
)
# What the card is for or gives (「蓝卡办好了能干啥」「办了蓝卡有什么好处」「拿到蓝卡能享受
# 什么」): a policy question about the 技工蓝卡, whatever it says of having one — never a
# look at the worker's own card.
_CARD_USE = re.compile(
    r"(?:能|可以|可|能够)(?:干|做|用来|用于|用来干|办)(?:啥|嘛|什么|些啥|些什么|哪些)"
    r"|(?:有|能有|会有)(?:啥|什么|哪些|些啥|些什么)(?:用|好处|作用|用处|用途|待遇|福利|优惠|权益|帮助)"
    r"|好处|用途|用处|作用|权益|干(?:啥|嘛|什么)用|做什么用|有用(?:吗|没|不|么)|管用|有啥用|顶用"
    r"|享受(?:啥|什么|哪些|到什么|到啥)|(?:能|可以)享受|(?:能|可以)(?:得到|拿到|获得)(?:啥|什么|哪些)"
)


def asks_my_card(text: str) -> bool:
    """「我的蓝卡」「蓝卡办到哪了」「蓝卡审核了没」: where the worker's own card stands. What
    the card is for (「蓝卡办好了能干啥」「有了蓝卡有什么好处」) is a question about the card,
    not about theirs (``_CARD_USE``)."""
    b = bare(text)
    return len(b) <= 14 and bool(_MY_CARD.search(b)) and not _CARD_USE.search(b)


_MY_APPLICATIONS = re.compile(
    r"(?:补贴|补助|奖励|申请|钱)(?:的)?(?:进度|状态|批|审核|审批|到账|发了|发放|下来|结果|到哪|怎么样了)"
    r"|^(?:我的)?(?:补贴)?申请$|^我的补贴|审核进度|办到哪|批下来|钱(?:到|发|打)"
    r"|^我的申请|申请记录"
)

# -- the worker's own applications and money, from the parts such a message is made of ----------
# (whose: the worker's; what: an application or the money of one, in the engine's nouns; asks:
# where it has got to), so that 「查一下我的申请」「补贴什么时候到账」「俺的补助批下来没」 and
# phrasings nobody listed are read alike.


def _money_nouns() -> str:
    """The nouns the rules pay in (补贴, 补助, 奖励, 奖金, 资助 …), from the catalogue."""

    nouns = {"补贴", "补助", "奖励", "奖金", "资助", "津贴"}
    for rule in default_catalogue().rules:
        noun = getattr(rule.amount, "noun", None) or ""
        if len(noun) >= 2 and noun[-2:] not in ("支持",):
            nouns.add(noun[-2:])
    return "|".join(sorted(nouns, key=len, reverse=True))


_OWNED = re.compile(
    r"(?:我|俺|咱|自己)(?:们)?(?:的|申请的|提交的|交的|报的|申报的|办的|领的|那个|那笔|这个|这笔)"
    r"|(?:我|俺|咱)(?:申请|提交|申报)(?:了|过)?|(?:给|发给|打给)(?:我|俺)"
)
_APPLIED_FOR = re.compile(f"申请|申报|材料|{_money_nouns()}|钱|款|资金")
# Where a case has got to: said only of one's own (no policy prints 「到账了吗」).
_WHERE_IT_IS = re.compile(
    r"进度|状态|到哪|哪一步|怎么样了|咋样了|结果|记录|批(?:了|下来|没|准|复|好)"
    r"|审(?:核|批)?(?:了|完|过|到|中|好|没)|通过(?:了|没|吗)|下来(?:了|没|吗)|到账|到位(?:了|没|吗)"
    r"|到了(?:吗|没)|发(?:了|放了|下来)(?:吗|没|不)|打(?:了|款|过来|到)"
    r"|(?:什么时候|啥时候|几时|多久|多长时间)(?:能|可以|才)?(?:到|发|打|下来|批|给)"
)
# Said of one's own case only when the message says it is one's own (「什么情况下能领」 asks a rule).
_OWN_NEWS = re.compile(r"什么情况|啥情况|现在怎样|有消息|有结果|有信|有动静|办好了|办完了")
_LOOK_UP = re.compile(r"^(?:帮我|麻烦)?(?:查|查询|查看|看|看看|查一下|查下|看一下|看下|瞧瞧)")
# A question about what one could get (the questionnaire) or about a rule, not about a case.
_POLICY_ASK = re.compile(
    r"什么|多少|怎么|能不能|可以|能|哪些|条件|要求|标准|几年|分几|还是|吗|是不是|是否|有没有|按月|每月|每年"
    r"|谁"  # 「钱发给谁」 asks whom a rule pays
)


# Which way the money goes (「打到个人账户还是发给单位」「打到哪张卡」): a rule, when not of one's own.
_PAID_WHICH_WAY = re.compile(r"还是|哪个|哪张|哪种|什么(?:卡|账户|账号)|(?<!到)哪里")


def asks_my_applications(text: str) -> bool:
    """「我的补贴申请进度」「查一下我的申请」「补贴什么时候到账」「钱发了没」: the worker asks
    where their own applications or money stand. Read from three parts: whose (我的, 我申请的),
    what (申请, or the money of one in the engine's nouns) and where it is (进度, 批了没, 到账,
    什么时候发); the worker's own case looked up or named with nothing else asked counts too.
    A rule asked about (「住房补贴分几年发」「我能申请什么补贴」) does not."""
    b = bare(text)
    if len(b) > 20 or "蓝卡" in b or not _APPLIED_FOR.search(b):
        return False
    owned = bool(_OWNED.search(b))
    where = _WHERE_IT_IS.search(b) or (_OWN_NEWS.search(b) if owned else None)
    if not where and _POLICY_ASK.search(b) and not _LOOK_UP.search(b):
        return False  # 「我的补贴能拿多少」: what they could get, not where a case is
    if not owned and _PAID_WHICH_WAY.search(b):
        return False  # 「补贴打到个人账户还是发给单位」: which way the rule pays
    if _MY_APPLICATIONS.search(b) and len(b) <= 16:
        return True
    if where:
        # 「补贴什么时候发放」 unowned asks a rule; 「到账」「批了没」 only ever a case
        timing = where.group(0).startswith(("什么时候", "啥时候", "几时", "多久", "多长时间"))
        return owned or not timing or "到账" in b
    if not owned or wants_quiz(b):
        return False  # 「评估一下我的补贴资格」: what they could get
    # 「看看我提交的申请」: the case itself named, nothing else said
    rest = _APPLIED_FOR.sub("", _OWNED.sub("", _LOOK_UP.sub("", b)))
    return len(rest.strip("的了呢吧啊呀哈一下")) <= 1


_HELP = re.compile(
    r"^(?:帮助|help|h|说明|使用说明|用法|教程|功能)$"
    # 「你能干嘛」「这个怎么用」 ask of the bot; 「技工蓝卡能干嘛」「蓝卡怎么用」 of the card
    r"|^(?:你|您|你们|这个?|公众号|这个公众号|这个号|小程序|我|俺)?(?:都|还|该|要)?"
    r"(?:能干(?:嘛|啥|什么)|怎么用|咋用|如何使用|不会用)"
    r"|(?:你|这个?|公众号)(?:能|可以|会)(?:做|干)?(?:什么|啥|些啥)|有什么功能|^你是谁$|你是干"
)
_MENU = re.compile(
    r"^(?:菜单|menu|目录|主菜单|首页|主页|常见问题|问题列表)$|(?:能|可以)问(?:些|点|一些)?(?:什么|啥|哪些)"
    r"|有哪些(?:问题|话题)|看看菜单|打开菜单"
)
_OPT_OUT = re.compile(
    r"^(?:退订|td|取消订阅)$|退订|取消(?:订阅|推送|通知)|(?:不要|别|不用|不想)(?:再)?(?:给我)?"
    r"(?:发|推|推送|收|接收|通知)|关闭(?:推送|通知)|停止推送"
)
_OPT_IN = re.compile(r"^(?:订阅|订阅通知|恢复推送|重新订阅|接收通知|打开通知|开启推送)$")
# The original wording of the clause just answered, asked in everyday words (「原文」「给我看看
# 原话」「具体怎么写的」「文件里咋说的」「条款原话发我」): a word for the printed wording, or
# how the document words it, with nothing else asked (no topic of its own).
_ORIGINAL_WORDS = re.compile(
    r"原文|全文|原话|原句|原条款|条文|完整条款|完整的|整条|整段|条款内容|条款原话"
    r"|(?:具体|到底|原来|文件|条款|政策|上面|里面|里头|原本)(?:里|上|中|里面|里头)?"
    r"(?:是|都)?(?:怎么|咋|咋个|如何|怎样)(?:写|说|讲|规定|表述)"
    r"|(?:怎么|咋)(?:写|规定)的"
)
_ORIGINAL_FILLER = re.compile(
    r"我要|我想|能不能|能否|可以|麻烦|请|帮我|给我|发我|发给我|发一下|发下|发|贴|拿|调|找|出来"
    r"|看一看|看一下|看下|看看|瞅瞅|瞧瞧|查看|看|要|一下|那条|这条|这个|那个|刚才|刚刚|上面"
    r"|条款|文件|政策|规定|的|了|呢|吧|啊|呀|嘛|吗|么|哈|具体|到底|原来|原本|里面|里头|里|上|中"
    r"|是|都|怎么|咋个|咋|如何|怎样|写|说|讲|表述|完整|一字不差|全部|整个"
)


def asks_original(text: str) -> bool:
    """「原文」「给我看看原话」「条款原话」「具体怎么写的」「文件里咋说的」: the worker wants the
    printed wording of the clause just answered (the dialogue shows the whole clause and its
    citation), and asks nothing else — 「落户条件文件里咋说的」 names a topic of its own and is
    searched."""
    b = bare(text)
    m = _ORIGINAL_WORDS.search(b)
    if m is None or len(b) > 16:
        return False
    rest = _ORIGINAL_FILLER.sub("", b[: m.start()] + b[m.end() :])
    return not rest


def _matches(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda t: bool(pattern.search(bare(t)))


def _card_apply(text: str) -> bool:
    b = bare(text)
    return bool(_CARD_WANT.search(b)) and not _QUESTION_WORDS.search(b) and len(b) <= 16


def _unknown_place(text: str) -> bool:
    return wants_region_change(text)


# 「叶集有哪些补贴」「洪泽的补贴都有啥，全部列出来」: every benefit of a place, listed.
_LIST_BENEFITS = re.compile(
    r"(?:有哪些|有什么|有啥|都有啥|都有哪些|都有什么|有几种|哪几种|哪些|所有的?|全部的?)(?:技能人才|技工|高技能人才)?"
    r"(?:的)?(?:补贴|奖励|补助|奖补|好处|优惠)(?:政策)?(?:都|全部)?(?:列出来|列一下|说说|有哪些)?$"
    r"|(?:补贴|奖励|补助|奖补|好处|优惠)(?:政策)?(?:都|全部|一共)?有(?:哪些|什么|啥)(?:列出来)?$"
    r"|(?:全部|都|所有)(?:列出来|列一下)$"
)


def _place_aliases() -> list[str]:
    """Names and aliases of the covered regions now (published districts included)."""
    return sorted((a for r in REGIONS for a in (r.name, *r.aliases)), key=len, reverse=True)


_LIST_FILLER = re.compile(r"[的在里区市县都请帮列出来一下政策技能人才技工高说说看]")


def lists_benefits(text: str) -> bool:
    """「叶集有哪些补贴」「洪泽的补贴都有啥」: every benefit of a place, nothing more specific
    (「劳模工作室有哪些补助」 asks about one thing; 「我能领哪些补贴」 starts the
    questionnaire)."""
    b = bare(text)
    m = _LIST_BENEFITS.search(b)
    if m is None or re.search(r"我|俺|咱", b):
        return False
    rest = b[: m.start()] + b[m.end() :]
    for alias in _place_aliases():
        rest = rest.replace(alias, "")
    return len(_LIST_FILLER.sub("", rest)) <= 1


MATCHERS: dict[str, Callable[[str], bool]] = {
    "card_apply": _card_apply,
    "my_card": asks_my_card,
    "my_applications": asks_my_applications,
    "opt_out": lambda t: bool(_OPT_OUT.search(bare(t))) and len(bare(t)) <= 14,
    "opt_in": _matches(_OPT_IN),
    "quiz": wants_quiz,
    "compare": lambda t: bool(_COMPARE.search(bare(t))),
    "save_profile": _one_of("保存", "同意保存", "保存档案", "同意", "存一下", "帮我保存"),
    "delete_profile": _one_of("删除档案", "清除档案", "删除我的信息", "删除我的档案", "注销档案"),
    "more": _one_of(
        "更多", "下一页", "继续", "more", "下页", "再看看", "还有呢", "还有吗", "接着说"
    ),
    "original": asks_original,
    "greeting": lambda t: bare(t) in _GREETING_WORDS or small_talk(t),
    "help": lambda t: bool(_HELP.search(bare(t))) and len(bare(t)) <= 14,
    "topics": _matches(_MENU),
    "thanks": _one_of(
        "谢谢",
        "谢谢你",
        "多谢",
        "好的谢谢",
        "感谢",
        "thanks",
        "thx",
        "好的",
        "ok",
        "收到",
        "明白了",
        "谢啦",
        "好嘞",
        "知道了",
        "懂了",
        "辛苦了",
        # 「好了」 after an answer is a nod (inside the questionnaire it asks for the result)
        "好了",
        "行了",
        # nothing more wanted (outside a form: inside one these end it)
        "算了",
        "不用了",
        "没事了",
        "没事",
        "不问了",
        # a nod after an answer asks nothing
        "是的",
        "对的",
        "嗯",
        "嗯嗯",
        "好",
        "好吧",
        "行",
        "行吧",
    ),
    "set_region": lambda t: region_request(t) is not None,
    "unknown_region": _unknown_place,
    "vague": lambda t: bare(t) in VAGUE_WORDS or bare(t) in CARD_WORDS or asks_to_ask(t),
    "list_benefits": lambda t: lists_benefits(t),
    "phone_change": wants_phone_change,
}

INTENT_ORDER: tuple[str, ...] = (
    "more",
    "original",
    "vague",
    "list_benefits",
    "card_apply",
    "phone_change",
    "my_applications",
    "my_card",
    "opt_out",
    "opt_in",
    "save_profile",
    "delete_profile",
    "quiz",
    "compare",
    "greeting",
    "help",
    "topics",
    "thanks",
    "set_region",
    "unknown_region",
)


@_per_text
def classify(text: str) -> str:
    """The first intent in ``INTENT_ORDER`` whose matcher accepts ``text``, else "question"."""
    for name in INTENT_ORDER:
        if MATCHERS[name](text):
            return name
    return "question"
