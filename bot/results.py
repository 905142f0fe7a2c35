"""Eligibility results in words a worker reads in chat: what they can claim, how much, under
which clause and where to apply; what is missing for the near misses; the one-time total."""

from __future__ import annotations

import re
from typing import Any

from bot.answer import for_workers
from bot.parsing import OPEN_ENDED_YEARS
from bot.questions import FIELD_LABELS

PER_TEXT = {"once": "一次性", "month": "每月", "year": "每年"}
BENEFICIARY_HEAD = {
    "individual": "✅ 你可以申领：",
    "employer": "🏢 你的单位可以申请：",
    "institution": "🏫 培训机构、学校等可以申请：",
}


def _amount(b: dict[str, Any]) -> str:
    amount = b.get("amount_yuan")
    if amount is None:
        return str(b.get("amount_text") or "金额见条款")
    yuan = int(amount) if float(amount).is_integer() else amount
    per = PER_TEXT.get(b.get("per") or "once", "")
    years = f"，最长{b['max_years']:g}年" if b.get("max_years") else ""
    return f"{per}{yuan}元{years}"


def amount_said(b: dict[str, Any]) -> str:
    """A benefit's amount as the result states it (一次性10000元, 每月1500元，最长3年), or its
    amount text when it has no sum."""
    return _amount(b)


# the engine's label of a rank paid among several prizes: 「（区级一等奖：一等奖2000元、…）」
_TIERED_RANK = re.compile(r"（([^（）：]+级[一二三]等奖)：")


def _benefit_lines(i: int, b: dict[str, Any]) -> list[str]:
    document, clause = str(b.get("document") or ""), str(b.get("clause") or "")
    if clause and document.endswith(clause):
        clause = ""  # never 「四 四」
    parts = ""
    text = str(b.get("amount_text") or "")
    if b.get("amount_yuan") is not None and "，共" in text:
        # a sum of parts (生活补贴10000元和住房补贴20000元，共30000元): the parts said too
        parts = f"（{text.split('，共', 1)[0]}）"
    paid_for = _TIERED_RANK.search(text) if b.get("amount_yuan") is not None else None
    if paid_for is not None:
        # several prizes held (区级一等奖、市级二等奖): the one this amount is for, tier and all
        parts = f"（按{paid_for.group(1)}）"
    lines = [
        f"{i}. {b.get('title')}：{_amount(b)}{parts}",
        f"   依据：{document} {clause}".rstrip(),
    ]
    where = b.get("apply_to") or b.get("office")
    if where:
        lines.append(f"   办理：{where}")
    lines.extend(f"   注：{n}" for n in (for_workers(str(n)) for n in b.get("notes") or []) if n)
    return lines


# The engine's comparison signs (「≥3年」) as a worker says them.
_PLAIN_BOUNDS = (("≥", "至少"), ("≤", "最多"), (">", "超过"), ("<", "不到"))


def unmet_text(u: dict[str, Any], as_of: str | None = None) -> str:
    """One unmet condition of a near miss in plain words: which condition failed and the
    worker's own fact (「证书须是今年（2026年）取得的，你的是2024年5月」「连续工作年限须至少3年，
    你的是2年」). ``u``: an engine ``unmet`` dict (field, required, actual); ``as_of``: the
    result's ISO date, the year 当年 means (default: the year the rule's words name)."""
    field = str(u.get("field"))
    required = str(u.get("required") or "")
    actual = shown(u.get("actual"))
    if field == "level_obtained_on" and ("当年" in required or "年内取得" in required):
        year = (as_of or "")[:4] or (re.search(r"\d{4}", required) or [""])[0]
        when = f"今年（{year}年）" if year else "当年"
        return f"证书须是{when}取得的，你的是{actual}"
    label = FIELD_LABELS.get(field, field)
    actual = years_said(actual)
    if isinstance(u.get("actual"), bool) or actual in ("是", "否"):
        # a yes/no fact: the condition in the rule's words, then what the worker answered
        return f"要求{required}，你答的是「{actual}」"
    for sign, words in _PLAIN_BOUNDS:
        if required.startswith(sign):
            required = words + required[len(sign) :]
            break
    if actual == "无" and field in _NONE_HELD:
        # 「你的是无」 reads as nothing: what the worker lacks, said plainly
        return f"{label}要求{required}，{_NONE_HELD[field]}"
    return f"{label}要求{required}，你的是{actual}"


def years_said(actual: str) -> str:
    """「0.5年」 → 「半年」, 「1.5年」 → 「1年半」, 「1.92年」 → 「1年11个月」: a length in
    years as a worker says it; any other text as it is."""
    m = re.fullmatch(r"(\d+)\.(\d+)年", actual)
    if m is None:
        return actual
    months = round(float(actual[:-1]) * 12)
    years, rest = divmod(months, 12)
    if rest == 6:
        return f"{years}年半" if years else "半年"
    return (f"{years}年" if years else "") + (f"{rest}个月" if rest else "")


def open_ended(name: str, value: Any) -> bool:
    """Whether ``value`` of profile field ``name`` is an open-ended labour contract
    (``bot.parsing.OPEN_ENDED_YEARS``), said back as 无固定期限 and never as a number of years."""
    return name == "contract_years" and value == OPEN_ENDED_YEARS and not isinstance(value, bool)


OPEN_ENDED_SAID = "劳动合同是无固定期限"


# A fact whose value 「无」 means the worker holds none of it, as said to them.
_NONE_HELD = {
    "skill_level": "你还没有技能等级证书",
    "honors": "你没有这些荣誉称号",
    "competition": "你没有竞赛获奖",
}


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def shown(value: Any) -> str:
    """A profile value as a worker reads it: 2024-05-01 → 2024年5月1日 (a month answered
    alone is kept as the 1st: 2024年5月), True → 是, a list joined with 、."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(shown(v) for v in value) or "无"
    if value is None:
        return "未填"
    m = _ISO_DATE.match(str(value))
    if m:
        year, month, day = (int(g) for g in m.groups())
        return f"{year}年{month}月" + (f"{day}日" if day != 1 else "")
    return str(value)


# Facts few workers have (an honour title, a contest prize): a benefit resting on one of them
# is less likely the worker's than one resting on an ordinary fact (contract, insurance).
DISTINCTIONS = frozenset({"honors", "competition"})


def _unlikeliness(pending: dict[str, Any]) -> int:
    """Sort key of a pending benefit: the fewer unconfirmed facts it hangs on, and the more
    ordinary they are, the likelier it is the worker's, and the earlier it is listed."""
    return sum(2 if f in DISTINCTIONS else 1 for f in pending.get("unknown") or [])


def render_result(result: dict[str, Any]) -> str:
    """The chat text of an eligibility result (``policy_kb`` result dict), before paging."""
    return "\n".join(result_items(result))


def result_items(result: dict[str, Any]) -> list[str]:
    """The result as items that paging keeps whole: the head with the worker's own one-off
    total first, then one item per benefit (its amount, clause, office, notes), the near
    misses, what is still unknown, warnings and drafts, and what to do next."""
    head = [f"📋 测算结果（{result.get('region')}，按{result.get('as_of')}的政策）"]
    benefits = result.get("benefits") or []
    own_once = [
        b
        for b in benefits
        if b.get("beneficiary", "individual") == "individual"
        and (b.get("per") or "once") == "once"
        and b.get("amount_yuan") is not None
    ]
    if own_once:
        total = sum((float(b["amount_yuan"]) for b in own_once), 0.0)
        head.append(f"💰 一次性补贴合计：{int(total) if total.is_integer() else total}元")
    if not benefits:
        head.append("按你填的情况，暂时没有可以直接申领的补贴。")
    items = ["\n".join(head)]
    for who, title in BENEFICIARY_HEAD.items():
        # money first, the largest first: the worker's amount leads, then what is not money
        mine = sorted(
            (b for b in benefits if b.get("beneficiary", "individual") == who),
            key=lambda b: (b.get("amount_yuan") is None, -float(b.get("amount_yuan") or 0)),
        )
        for i, b in enumerate(mine, 1):
            block = _benefit_lines(i, b)
            items.append("\n".join(([title] if i == 1 else []) + block))
    near = result.get("near_misses") or []
    for i, n in enumerate(near):
        missing = "；".join(unmet_text(u, result.get("as_of")) for u in n.get("unmet") or [])
        hint = n.get("hint") or "；".join(
            str(u["hint"]) for u in n.get("unmet") or [] if u.get("hint")
        )
        hint = for_workers(str(hint)) if hint else ""
        line = f"· {n.get('title')}：{missing}" + (f"。{hint}" if hint else "")
        items.append(("⏳ 差一点就能领：\n" if i == 0 else "") + line)
    pending = sorted(result.get("pending") or [], key=_unlikeliness)
    for i, p in enumerate(pending):
        needs = "、".join(FIELD_LABELS.get(f, f) for f in p.get("unknown") or [])
        line = f"· {p.get('title')}：{p.get('amount_text') or '金额见条款'}" + (
            f"（要看：{needs}）" if needs else ""
        )
        items.append(("🔎 可能还能领（取决于还没确认的情况）：\n" if i == 0 else "") + line)
    tail: list[str] = []
    unknown = [FIELD_LABELS.get(f, f) for f in result.get("unknown") or []]
    if unknown:
        tail.append("❓ 还要确认：" + "、".join(unknown) + "（会影响结果）")
    for w in result.get("warnings") or []:
        shown = for_workers(str(w))
        if shown:
            tail.append(f"⚠️ {shown}")
    for p in result.get("proposed") or []:
        tail.append(f"📝 草案（未生效）：{p.get('title')}")
    tail.append(
        "回复「保存」把这些信息存为你的档案（用于新政策提醒和办理蓝卡）；回复「测一测」重新测算。"
    )
    items.extend(tail)
    return items


def sure_so_far(result: dict[str, Any]) -> list[str]:
    """What the worker can already claim while the questionnaire still asks (one line per
    benefit of their own: 「民营企业职工取得高技能职业资格一次性奖励：一次性1000元」)."""
    return [
        f"{b.get('title')}：{_amount(b)}"
        for b in result.get("benefits") or []
        if b.get("beneficiary", "individual") == "individual"
    ]
