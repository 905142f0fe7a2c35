"""Facts a worker tells of someone else: their spouse, child, relative, colleague, 师傅 or 徒弟.

「要是我媳妇是技师呢」「我徒弟考了高级工，他能拿多少」「假如我师傅在国企干了五年」 state facts of
another person. They are answered for that person and never become the worker's own facts: the
worker's remembered profile, the questionnaire's answers and the level later answers use stay as
the worker told them.

A person counts only as the subject of a fact or of a question: after 我/俺/咱 (「我老婆」「俺家
孩子」), after a supposing word (「要是徒弟…」), or before a verb of having, being or doing (「师傅
是…」「同事干了…」). The words of a policy topic are not a person: 「师带徒」「带徒弟有补贴吗」
「名师带高徒」 ask about apprenticeship schemes. 他/她 count when they stand for a person just
named (the caller decides whether one was).

Pure: reads text only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_kb.search import segment

# The people a worker speaks of, the longest wording first (媳妇儿 before 媳妇).
_PEOPLE = (
    "那口子|老伴儿|老伴|另一半|家属|媳妇儿|媳妇|老婆|爱人|老公|丈夫|妻子|对象|孩子|儿子|女儿|闺女|小孩|娃|父亲|母亲|老爸|老妈|爸爸|妈妈"
    "|公公|婆婆|岳父|丈人|哥哥|姐姐|弟弟|妹妹|姐夫|妹夫|嫂子|弟媳|小舅子|大舅子|表哥|表姐|表弟|表妹|堂哥"
    "|堂弟|堂姐|堂妹|侄子|侄女|外甥|女婿|儿媳|亲戚|同事|工友|朋友|同学|老乡|邻居|室友|师傅|师父|徒弟"
)
_OWNER = r"(?:我|俺|咱|我们|俺们|咱们)(?:家|家的|的|家里的?)?"
_SUPPOSE = r"(?:要是|如果|假如|假设|万一|若是|倘若|换成|换做)"
# a person before what they are or did (「师傅是高级技师」「同事干了五年」); never before 能/有/拿
# alone: 「徒弟能拿多少」「学徒有补贴吗」 ask what an apprenticeship scheme pays
_DOES = r"(?=也是|是|要是|的话|考了|考上|考到|评上|拿到|干了|做了|在|交了|缴了|签了|今年|去年|前年|刚|已经)"
# one character of kin only after 我/俺 (「我哥」「俺妈」): alone it is part of other words
_KIN = "哥|姐|弟|妹|爸|妈|爹|娘"
# a person word alone before what they are: never 对象 (「补贴对象是谁」 asks who a rule is for)
_PEOPLE_ALONE = _PEOPLE.replace("|对象", "")
_PERSON = re.compile(
    rf"{_OWNER}({_PEOPLE}|{_KIN})|{_SUPPOSE}({_PEOPLE})"
    rf"|(?<![带招收教当做])({_PEOPLE_ALONE}){_DOES}"
)
# 他/她 standing for a person: 「那他呢」「她是技师」「他能拿多少」 (其他, 他人, 他们 are not one)
_PRONOUN = re.compile(r"(?<![其吉])[他她](?![们人])")
_PARTS = re.compile(r"[，,。；;！!？?\s]+")
# a part speaking of the worker themselves: 我/俺/本人, not 我老婆 (``_PERSON`` is checked first)
_SELF = re.compile(r"我|俺|本人|自己")


# A person's own name said after the word for the worker's own person (「我徒弟张三丰」「俺师傅老王」;
# never after a topic's 徒弟, 「带徒弟钱给谁」): a common
# surname (a compound one first) and one or two characters, or 小/老/阿 and a surname, ending
# where a fact, a pronoun or a pause begins. Surnames that mostly begin other words after a person
# word are left out (高 of 高级工, 叶 of 叶集, 万 of 万一, 于 of 于是, 向, 方, 金, 石 …); what still
# begins an ordinary word or a place (马上, 钟点工, 夏天, 徐州, 苏州) is told apart by the dictionary
# (``_a_name``).
_SURNAME = (
    "欧阳|司马|诸葛|上官|东方|慕容|令狐|皇甫|司徒|夏侯"
    "|[王李张刘陈杨黄赵吴周徐孙马朱胡郭林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范贾夏韦付邹孟熊秦邱尹薛闫段雷侯史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤]"
)
# characters that end a name or never stand in one here (a level, a place, a time, a verb)
_NOT_IN_NAME = "级技师工证厂企业区县市镇年月个也是在要的了考干做交缴签刚已拿能评获参得今去前他她说"
_NAME_END = rf"(?=[{_NOT_IN_NAME}]|[，,。；;！!？?\s]|$)"
_NAME = re.compile(
    rf"(?P<who>(?:{_SUPPOSE})?{_OWNER}(?:{_PEOPLE}|{_KIN}))"
    rf"(?P<name>(?:小|老|阿)(?P<s1>{_SURNAME})|(?P<s2>{_SURNAME})[^{_NOT_IN_NAME}\W\d]{{1,2}}?)"
    + _NAME_END
)
# Said as a name (「我徒弟叫高明」「媳妇名叫何丽丽」): any two or three characters, whatever the
# surname, but never 叫 of asking someone (「我师傅叫我来问」「我哥叫啥来着」).
_CALLED = re.compile(
    rf"(?P<who>{_PEOPLE}|{_KIN})(?:叫|名叫|名字叫)(?P<name>[^\W\d我你他她您咱俺人啥什谁哪怎去来"
    rf"{_NOT_IN_NAME}][^\W\d{_NOT_IN_NAME}]{{1,2}}?)" + _NAME_END
)


def _a_name(name: str, surname: str) -> bool:
    """Whether ``name`` can be a person's name: none of its beginnings past the surname is a word
    jieba's dictionary knows as anything but a name (马上, 钟点, 夏天 and 徐州 are words; 张三丰,
    王明 and 老王 are names; 李秀梅 is no word at all)."""
    names = segment.person_names()
    for end in range(max(len(surname), 1) + 1, len(name) + 1):
        word = name[:end]
        if segment.is_word(word) and word not in names:
            return False
    return True


def _take_name(match: re.Match[str]) -> str:
    name = match.group("name")
    surname = match.groupdict().get("s1") or match.groupdict().get("s2") or ""
    if name[0] in "小老阿":
        surname = name[: 1 + len(surname)]
    return match.group("who") if _a_name(name, surname) else match.group(0)


def without_names(text: str) -> tuple[str, bool]:
    """``text`` without the personal names of the people it speaks of (「我徒弟张三丰考了高级工」
    → 「我徒弟考了高级工」), and whether it named one. A name is nobody's policy topic: left in,
    it would be searched (and a question naming one read as out of scope) and kept with the
    question; the dialogue removes it before anything reads the message. Words that only follow
    a person word (「我哥徐州的」「我孩子马上毕业」) stay."""
    out = _CALLED.sub(_take_name, text)
    out = _NAME.sub(_take_name, out)
    return out, out != text


@dataclass(frozen=True)
class Split:
    """A message parted by whom each part speaks of: ``own`` the worker's parts, ``other`` the
    other person's, ``who`` that person as the worker called them (「媳妇」, or 「他」/「她」)."""

    own: str
    other: str
    who: str


def person_named(text: str) -> str | None:
    """The other person ``text`` speaks of (「媳妇」「徒弟」), or None."""
    m = _PERSON.search(text)
    if m is None:
        return None
    return next(g for g in m.groups() if g)


def owned(text: str) -> bool:
    """Whether the person ``text`` names is named as the worker's own or supposed (「我师傅」
    「要是徒弟…」), not a person word standing alone (「带徒师傅是怎么选的」 may ask a rule)."""
    m = _PERSON.search(text)
    return m is not None and m.group(3) is None


def split_by_person(text: str, *, pronoun_is_other: bool = False) -> Split | None:
    """``text`` parted into what it says of the worker and of another person; None when it
    speaks of no one else. A part naming no one continues the part before it (「我媳妇是技师，
    在民营企业干了3年」: both hers); 他/她 stand for the person named in the message, or, with
    ``pronoun_is_other`` (the conversation just spoke of one), for that person."""
    who = person_named(text)
    if who is None and not (pronoun_is_other and _PRONOUN.search(text)):
        return None
    own: list[str] = []
    other: list[str] = []
    current = own
    for part in (p for p in _PARTS.split(text) if p):
        if _PERSON.search(part) or (
            (who is not None or pronoun_is_other) and _PRONOUN.search(part)
        ):
            current = other
        elif _SELF.search(part):
            current = own
        current.append(part)
    if not other:
        return None
    if who is None:
        m = _PRONOUN.search("".join(other))
        who = m.group(0) if m else "他"
    return Split("，".join(own), "，".join(other), who)


def without_person(text: str) -> str:
    """``text`` with the person and the owner words taken out, for search: 「我徒弟是技师，他能
    拿多少」 → 「是技师，能拿多少」."""
    return _PRONOUN.sub("", _PERSON.sub("", text))


def pronoun(who: str) -> str:
    """How the reply speaks of the person: 她 for a woman's kinship word, else 他 (or the
    pronoun the worker used)."""
    if who in ("他", "她"):
        return who
    female = (
        "媳妇",
        "老婆",
        "妻子",
        "女儿",
        "闺女",
        "母亲",
        "妈",
        "婆",
        "姐",
        "妹",
        "嫂",
        "媳",
        "侄女",
    )
    return "她" if any(w in who for w in female) else "他"


def called(who: str) -> str:
    """The person as the reply names them: 「你媳妇」, 「他」."""
    return who if who in ("他", "她") else f"你{who}"
