"""What-ifs and corrections on the worker's own facts, during or right after the questionnaire.

「要是社保只交了4个月呢」「那合同才签了半年呢」「如果我是技师呢」 suppose one fact otherwise: the
profile in hand is evaluated again with that fact changed and the reply says what changes —
a benefit lost with the condition it now fails (the engine's near miss: 社保缴纳月数要求至少
6个月), one gained, an amount changed — and the one-off total. A supposition never overwrites
what the worker said: they asked "what if", not "I was wrong"; so each one starts from what
was said, not from the supposition before it (「那劳动合同签的是8个月呢」 after 「假如社保才缴了3个月」
changes the contract alone). A correction says so
(「你记错了，社保是5个月」「改成半年」「其实是高级工」): that one is kept, replacing the answer.

Pure: the caller (``bot.dialogue``) evaluates and keeps state; this module reads the message and
words the reply.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.intents import bare
from bot.parsing import SKIP
from bot.profile_facts import facts_in
from bot.questions import FIELD_LABELS, QUESTIONS
from bot.results import OPEN_ENDED_SAID, open_ended, shown, unmet_text, years_said
from bot.results import amount_said as _amount

# 「要是」「如果」「假如」「万一」: the worker supposes.
_SUPPOSE = re.compile(r"要是|如果|假如|假设|万一|若是|倘若|换成|换做|换作")
# 「那劳动合同签的是8个月呢」「那是高级工的话」: 那 + a fact, asking on; 「社保4个月的话呢」.
_THEN_ASKS = re.compile(
    r"^(?:那|那么|那要|那如果)[^，,。；;]*?(?:呢|的话|会怎样|会怎么样|怎么样|咋样|还行吗|还能领吗|还能拿吗)"
    r"[?？。!！~～]*$"
    r"|的话(?:呢|会怎样|会怎么样|怎么样|咋样|还能领吗|还能拿吗)?[?？。!！~～]*$"
)
# 「你记错了」「我说错了」「改成…」「其实是…」: the worker corrects a fact they gave.
_CORRECTS = re.compile(
    r"记错|说错|搞错|弄错|填错|写错|答错|选错|改成|改为|改一下|更正|其实是|实际上是|应该是|不是.{1,8}是"
)


_RANK = re.compile(r"([一二三123])等奖|第([一二三123])名|(冠军|亚军|季军)")
_RANK_OF = {"一": 1, "二": 2, "三": 3, "1": 1, "2": 2, "3": 3, "冠军": 1, "亚军": 2, "季军": 3}


# The answers a correction may give by its value alone (「说错了，是去年十月」): a date, a
# duration or a wage, each readable only as one field's (``_corrected_value``).
_BY_VALUE = ("level_obtained_on", "contract_years", "insurance_months", "tenure_years")
# a date said by its year (去年十月, 2023.5, 三年前), never a bare count of months
_LOOKS_LIKE_DATE = re.compile(
    r"今年|去年|前年|\d{4}|[零〇一二三四五六七八九十两\d]+年(?:前|以前|之前)|\d{2}年\d|月份|年[初底末中]"
)
# a correction said outright (「说错了」「不对」「改成」), never a hedge (「应该是两年吧」 answers)
_SAYS_WRONG = re.compile(r"记错|说错|搞错|弄错|填错|写错|答错|选错|不对|更正|改成|改为")
_CORRECTION_LEAD = re.compile(
    r"^(?:那|我|俺)?(?:应该|其实|实际上|实际)?(?:是|为|改成|改为|改一下|换成)"
)


def _corrected_value(text: str, answers: dict[str, Any], today: date) -> dict[str, Any]:
    """The one answered field a correction stating no fact by its words gives a new value to
    (「刚才说错了，是去年十月」 after the date the certificate was got): the value is the
    message's last part, read by each answered field's parser; a date is read only when said
    by its year, a duration only when not. Nothing, when no answered field could take it."""

    parts = [p for p in _PARTS.split(text) if p and not _CORRECTS.fullmatch(p)]
    if not parts:
        return {}
    said = _CORRECTION_LEAD.sub("", _CORRECTS.sub("", parts[-1]).strip()) or parts[-1]
    dated = bool(_LOOKS_LIKE_DATE.search(said))
    found: dict[str, Any] = {}
    for name in _BY_VALUE:
        if name not in answers or (name == "level_obtained_on") != dated:
            continue
        try:
            value = QUESTIONS[name].parse(said, today)
        except ValueError:  # AnswerError: not this field's kind of value
            continue
        if value is not SKIP and value != answers[name]:
            found[name] = value
    if not found:
        return {}
    # several could take it (「应该是五个月」: the contract or the insurance): the one answered
    # last, as the answers keep the order they were given in
    name = [k for k in answers if k in found][-1]
    value = found[name]
    return {name: value.isoformat() if isinstance(value, date) else value}


def completed(
    text: str, facts: dict[str, Any], answers: dict[str, Any], today: date | None = None
) -> dict[str, Any]:
    """``facts`` with what the message leaves to the answers: a prize named by its rank alone
    (「如果是一等奖呢」) is of the contest level the worker gave; a correction giving a value
    alone (「说错了，是去年十月」) gives it to the one answered field it fits (``today``: the
    day dates are read against)."""
    if today is not None and _SAYS_WRONG.search(text) and not {k for k in facts if k != "region"}:
        facts = {**facts, **_corrected_value(text, answers, today)}
    given = answers.get("competition")
    if "competition" in facts or not isinstance(given, dict):
        return facts
    m = _RANK.search(text)
    if m is None:
        return facts
    rank = _RANK_OF[next(g for g in m.groups() if g)]
    return {**facts, "competition": {"level": given.get("level"), "rank": rank}}


# What a supposition may add around its facts without asking anything of its own: 「能拿多少」
# 「还能领吗」「会怎么样」「那…呢」.
_ONLY_ASKS_ON = frozenset(
    "那么呢吧吗嘛啊呀哦的话我俺能可以可拿领得到多少几钱还会怎样咋么是不行够就又也一共总共合计有没结果"
)
_PARTS = re.compile(r"[，,。；;！!？?、\s]+")


def asks_beyond(text: str, today: date) -> bool:
    """Whether a supposing message also asks something of its own (「如果是技师，住房补贴怎么
    申请」): a part stating no fact (``facts_in``) with words beyond asking on (``_ONLY_ASKS_ON``)
    and the supposing words. Such a message is a question, answered as one."""

    for part in _PARTS.split(text):
        if not part or facts_in(part, today) or _RANK.search(part):
            continue  # states a fact (a prize by its rank alone too, ``completed``)
        rest = _SUPPOSE.sub("", part)
        if any(ch not in _ONLY_ASKS_ON for ch in rest):
            return True
    return False


def supposes(text: str) -> bool:
    """Whether ``text`` supposes (「要是…」「换成…」) or asks on with 那 … 呢 / …的话."""
    return bool(_SUPPOSE.search(text) or _THEN_ASKS.search(text.strip()))


def reading(text: str, facts: dict[str, Any], answers: dict[str, Any]) -> str | None:
    """What a message stating ``facts`` (``bot.profile_facts.facts_in``) does to ``answers``,
    the profile in hand: ``"correct"`` (keep them over the answers: the message says one was
    wrong, or not known, and states it), ``"suppose"`` (evaluate them aside), or None (an
    ordinary answer, or a correction repeating what was said). A message stating no fact but
    the place, or naming another place than the worker's, is neither: a place supposed is a
    comparison of districts, or a question about that place, answered elsewhere."""
    if not {k for k in facts if k != "region"}:
        return None
    if facts.get("region") not in (None, answers.get("region")):
        # 「如果是引进的技师，叶集给多少」 asks about another place, not the worker's case
        return None
    if (_CORRECTS.search(text) or _SAYS_WRONG.search(text)) and not _SUPPOSE.search(text):
        return "correct" if any(answers.get(k) != v for k, v in facts.items()) else None
    if _SUPPOSE.search(text) or _THEN_ASKS.search(text.strip()):
        return "suppose"
    return None


def value_text(name: str, value: Any) -> str:
    """A profile value as the worker would say it: 5个月, 0.5年, 高级工, 区级三等奖, 是/否."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return "没有" if name == "competition" else "未填"
    if open_ended(name, value):
        return "无固定期限"
    if name == "insurance_months":
        return f"{value}个月"
    if name in ("contract_years", "tenure_years") and isinstance(value, int | float):
        # 2.25年 → 2年3个月: a length kept in years, said as a worker says it
        return years_said(f"{value:g}年")
    if name == "monthly_salary" and isinstance(value, int | float):
        return f"{value:g}元"
    if name == "competition" and isinstance(value, list) and value:
        # several results (区级一等奖、市级二等奖), each said as one is
        return "、".join(value_text(name, one) for one in value)
    if name == "competition" and isinstance(value, dict):
        rank = value.get("rank")
        words = "一二三"[int(rank) - 1] + "等奖" if rank in (1, 2, 3) else ""
        return f"{value.get('level', '')}{words}"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value) or "没有"
    return shown(value)


def _change_text(name: str, value: Any) -> str:
    label = FIELD_LABELS.get(name, name)
    if open_ended(name, value):
        return OPEN_ENDED_SAID
    if value is None or value == []:
        return f"没有{label}"  # 「没有竞赛获奖」, not 「竞赛获奖是没有」
    if isinstance(value, bool) and "是否" in label:
        # 「是否外地新引进」: 外地新引进 / 不是外地新引进
        return label.replace("是否", "" if value else "不是")
    return f"{label}是{value_text(name, value)}"


def changes_text(changes: dict[str, Any]) -> str:
    """「社保缴纳月数是5个月、劳动合同年限是半年、不是外地新引进」."""
    return "、".join(_change_text(k, v) for k, v in changes.items() if k != "region")


def _own(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(b.get("rule_id")): b for b in result.get("benefits") or []}


def _once_total(result: dict[str, Any]) -> float:
    return sum(
        float(b.get("amount_yuan") or 0)
        for b in result.get("benefits") or []
        if b.get("beneficiary", "individual") == "individual" and (b.get("per") or "once") == "once"
    )


def _yuan(v: float) -> str:
    return f"{int(v) if float(v).is_integer() else v}元"


def _why_not(rule_id: str, after: dict[str, Any]) -> str:
    """Why ``rule_id`` is no benefit in ``after``: its near miss in words, what it still
    waits on, or plainly not met."""
    for n in after.get("near_misses") or []:
        if n.get("rule_id") == rule_id:
            missing = "；".join(unmet_text(u, after.get("as_of")) for u in n.get("unmet") or [])
            hint = n.get("hint")
            return missing + (f"。{hint}" if hint else "")
    for p in after.get("pending") or []:
        if p.get("rule_id") == rule_id:
            needs = "、".join(FIELD_LABELS.get(f, f) for f in p.get("unknown") or [])
            return f"还要看：{needs}"
    return "条件不再满足"


def whatif_lines(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What changes from ``before`` (the result of what the worker said) to ``after`` (with the
    supposed facts): lost, changed and gained benefits, then the one-off total; one line saying
    nothing changes when nothing does."""
    was, now = _own(before), _own(after)
    lines: list[str] = []
    for rid, b in was.items():
        if rid not in now:
            whose = "" if b.get("beneficiary", "individual") == "individual" else "单位申领的"
            lines.append(
                f"❌ {whose}{b.get('title')}（{_amount(b)}）就领不了：{_why_not(rid, after)}"
            )
        elif (now[rid].get("amount_yuan"), now[rid].get("per")) != (
            b.get("amount_yuan"),
            b.get("per"),
        ):
            lines.append(f"🔁 {b.get('title')}：{_amount(b)} → {_amount(now[rid])}")
    for rid, b in now.items():
        if rid not in was:
            lines.append(f"✅ 就能领：{b.get('title')}（{_amount(b)}）")
    was_pending = {str(p.get("rule_id")): p for p in before.get("pending") or []}
    now_pending = {str(p.get("rule_id")): p for p in after.get("pending") or []}
    for rid, p in was_pending.items():
        if rid not in now and rid not in now_pending:
            # was waiting on an answer; with the supposed fact it fails
            lines.append(f"❌ {p.get('title')}也领不了：{_why_not(rid, after)}")
    for rid, p in now_pending.items():
        if rid not in was_pending and rid not in was:
            # failed on what was said; with the supposed fact it may come
            needs = "、".join(FIELD_LABELS.get(f, f) for f in p.get("unknown") or [])
            lines.append(
                f"🔎 有可能领：{p.get('title')}（{p.get('amount_text')}，还要看：{needs}）"
            )
    if not lines:
        kept = "；".join(f"{b.get('title')}（{_amount(b)}）" for b in was.values())
        return ["结果不变" + (f"：还是能领{kept}" if kept else "：还是没有可以直接申领的补贴")]
    total_before, total_after = _once_total(before), _once_total(after)
    if total_before != total_after:
        lines.append(f"💰 一次性补贴合计：{_yuan(total_after)}（按你说的是{_yuan(total_before)}）")
    return lines


# what a restated fact may hold besides the fact: 「我」「其实」「的」, a nod, 「呢」
_ASKS_ON_RESTATED = re.compile(
    r"[吗么嘛？?]|多少|几|啥|什么|怎么|咋|哪|能不能|可不可以|有没有|是不是"
)


def restates(text: str, facts: dict[str, Any], today: date) -> bool:
    """Whether a message after the result states the worker's own fact again, without a
    correction word (「我合同是两年的」「社保交了8个月」「其实我是高级技师，能拿多少」): it
    states a fact other than the place and supposes nothing; each part stating a fact asks
    nothing of it, and every other part is a few words or only asks for the result again."""

    if not {k for k in facts if k != "region"} or _SUPPOSE.search(text):
        return False
    if _THEN_ASKS.search(text.strip()):
        return False
    for part in (p for p in _PARTS.split(text) if p):
        if facts_in(part, today):
            if _ASKS_ON_RESTATED.search(part):
                return False  # 「技师能拿多少」: asks about that fact, a question
        elif not (len(part) <= 4 or all(ch in _ONLY_ASKS_ON for ch in part)):
            return False  # a part of its own: 「其实我是技师，补贴去哪领」 asks something else
    return True


# a value said alone: numerals, units, date and length words (「七八个月」「一万二」「冬月」)
_BARE_VALUE = re.compile(
    r"^(?:大概|大约|差不多|好像|应该|可能)?"
    r"[\d一二两三四五六七八九十百千万半来多几零.、到至~\-年个月日号份正冬腊初廿今去前块元kK]+"
    r"(?:吧|了|左右|的)?$"
)


def bare_value(text: str) -> bool:
    """Whether ``text`` is a value said alone, naming no fact it is of."""

    b = bare(text)
    return bool(b) and bool(_BARE_VALUE.match(b)) and not b.isdigit()


def place_lines(before: dict[str, Any], after: dict[str, Any], old: str, new: str) -> list[str]:
    """The same answers evaluated in another place (``after``, in ``new``) against the result
    in ``old`` (``before``): what ``new`` gives, what may come there with what it still needs
    (at most five), and that ``old``'s benefits are ``old``'s own policy — a place's rules do
    not move with the worker, so none is said as lost on a condition."""
    lines = [
        f"✅ 在{new}能领：{b.get('title')}（{_amount(b)}）" for b in after.get("benefits") or []
    ]
    for p in (after.get("pending") or [])[:5]:
        needs = "、".join(FIELD_LABELS.get(f, f) for f in p.get("unknown") or [])
        lines.append(f"🔎 有可能领：{p.get('title')}（{p.get('amount_text')}，还要看：{needs}）")
    if not lines:
        lines.append(f"在{new}按你说的情况，暂时没有可以直接申领的补贴")
    total = _once_total(after)
    if total:
        lines.append(f"💰 {new}的一次性补贴合计：{_yuan(total)}")
    was = before.get("benefits") or []
    if was:
        # 「上面的N项」, not their amounts: repeated, they would read as if they applied there
        lines.append(f"（上面{old}的{len(was)}项是{old}的政策，换到{new}就按{new}的政策算）")
    return lines
