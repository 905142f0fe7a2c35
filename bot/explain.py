"""「咋算的」「怎么算出来的」「为啥是这个数」: how the questionnaire's result (or the one worked
out so far) came to its amounts — for each benefit the clause it rests on, its amount, and the
arithmetic when there is some (per month × months, a percentage of the wage, a level's row of a
table, parts added up), then the one-off total. Pure: the engine's result dict in, lines out."""

from __future__ import annotations

import re
from typing import Any

from bot.intents import bare
from bot.questions import FIELD_LABELS
from bot.results import amount_said, unmet_text

# the worker asks how a number came about: a verb of working out with a how, or why this sum
_HOW_WORKED_OUT = re.compile(
    r"(?:咋|怎么|怎样|如何|怎么样)(?:个)?(?:算|计算|核算|得出|得来|来)的?"
    r"|(?:为啥|为什么|为何|凭啥|咋)(?:是|就|只有|只|才|有)?(?:这个数|这个钱|这个金额|这些钱|这么多|这么少|这点|这个额|这数)"
    r"|(?:这个数|这个钱|这个金额|这钱|这数|金额|钱数)(?:是)?(?:咋|怎么|如何)(?:来|算|得)"
    r"|(?:算法|计算方法|计算方式|怎么个算法|咋个算法)(?:是|是啥|是什么|呢|啊)?$"
    r"|^(?:为啥|为什么|为何|咋|怎么)(?:我)?(?:没有|没得|一分都没有|啥都没有|领不了|拿不到|不能领|不给)(?:钱|补贴)?"
    r"|^(?:为啥|为什么|为何|咋|怎么)(?:只有|只给|只|才|就|是)(?=\d)"
)
# what may stand around the ask without naming a subject of its own
_LEADS = (
    "能不能说下",
    "能说一下",
    "能说下",
    "给我说下",
    "说一下",
    "说下",
    "说说",
    "讲讲",
    "告诉我",
    "我想问下",
    "想问下",
    "问一下",
    "那么",
    "请问",
    "问下",
    "这个",
    "那个",
    "上面",
    "刚才",
    "你们",
    "具体",
    "到底",
)
_TAILS = ("出来的", "出来", "算的", "一下", "呢", "啊", "呀", "吗", "嘛", "哦", "的", "下")
_AROUND = re.compile(
    "^(?:" + "|".join((*_LEADS, "那", "这", "你", "是")) + ")*|(?:" + "|".join(_TAILS) + ")*$"
)


def asks_how_worked_out(text: str) -> str | None:
    """Whether ``text`` asks how a result's amount was worked out; the words naming what
    (「学徒制补贴」「那个3000」) when it names something, "" when it names nothing, None when
    it does not ask so (a long question about a policy's method is searched)."""
    b = bare(text)
    if not b or len(b) > 20:
        return None
    m = _HOW_WORKED_OUT.search(b)
    if m is None:
        return None
    subject = b[: m.start()] + b[m.end() :]
    return _AROUND.sub("", _AROUND.sub("", subject))


_PER = {"month": "每月", "year": "每年", "once": "一次性"}


def _yuan(v: float) -> str:
    return f"{int(v)}" if float(v).is_integer() else f"{v:.2f}".rstrip("0").rstrip(".")


def _arithmetic(b: dict[str, Any], answers: dict[str, Any]) -> str | None:
    """The sum behind one benefit's amount, or None when it is a printed sum alone."""
    amount, per = b.get("amount_yuan"), b.get("per") or "once"
    rate, years = b.get("rate"), b.get("max_years")
    text = str(b.get("amount_text") or "")
    steps: list[str] = []
    if rate:
        wage = answers.get("monthly_salary")
        pct = f"{rate * 100:g}%"
        if amount is not None and isinstance(wage, int | float) and wage > 0:
            worked = round(wage * rate, 2)
            line = f"税后月工资{_yuan(wage)}元 × {pct} = {_yuan(worked)}元"
            if worked > amount:
                line += f"，超过上限，按{_yuan(amount)}元"
            steps.append(line + ("/月" if per == "month" else ""))
        elif amount is None:
            example = 6000 * rate
            steps.append(
                f"{_PER[per]} = 税后月工资 × {pct}，你没说工资，算不出具体数"
                f"（比如税后月工资6000元，就是{_yuan(example)}元）"
            )
    elif amount is not None and "，共" in text:
        parts = re.findall(r"([^，和、（）]+?)(\d+(?:\.\d+)?)(万)?元", text.split("，共", 1)[0])
        if len(parts) > 1:
            added = " + ".join(f"{name}{n}{'万' if wan else ''}元" for name, n, wan in parts)
            steps.append(f"{added} = {_yuan(amount)}元")
    table = re.search(r"（([^（）：]+)：([^（）]+)）$", text)
    if amount is not None and table and not rate:
        steps.append(f"按你的{table.group(1)}一档：{table.group(2)}")
    if amount is None and rate and per == "month" and years:
        steps.append(f"按月发，最长{years:g}年（{_yuan(12 * years)}个月）")
    if amount is None and not rate and "最高" in text:
        steps.append("文件只写了最高金额，具体给多少按规定评定，以审核结果为准")
    if amount is not None and per in ("month", "year") and years:
        count = 12 * years if per == "month" else years
        unit = "个月" if per == "month" else "年"
        steps.append(
            f"{_PER[per]}{_yuan(amount)}元 × {_yuan(count)}{unit}（最长{years:g}年）"
            f" = 最多{_yuan(amount * count)}元"
        )
    elif amount is not None and per == "month":
        steps.append(f"按月发放，每月{_yuan(amount)}元，领多少个月看文件规定的期限")
    return "；".join(steps) or None


def _quote(b: dict[str, Any]) -> str:
    quote = str(b.get("quote") or "").strip()
    return quote if len(quote) <= 90 else quote[:88] + "…"


def benefit_lines(i: int, b: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    """One benefit explained: title and amount, the clause and its words, the arithmetic."""
    document, clause = str(b.get("document") or ""), str(b.get("clause") or "")
    where = f"{document} {clause}".strip() if not document.endswith(clause) else document
    lines = [f"{i}. {b.get('title')}：{amount_said(b)}", f"   依据：{where}"]
    quote = _quote(b)
    if quote:
        lines.append(f"   原文：「{quote}」")
    sums = _arithmetic(b, answers)
    if sums:
        lines.append(f"   算法：{sums}")
    elif b.get("amount_yuan") is not None:
        lines.append("   算法：文件直接规定的金额，不用另算")
    return lines


# words naming no benefit in particular: 「补贴金额怎么来的」 asks about them all
_GENERIC = re.compile(r"补贴|补助|奖励|奖金|金额|钱数?|这个|那个|这笔|那笔|是|的|了|数")


def _picked(benefits: list[dict[str, Any]], subject: str) -> list[dict[str, Any]]:
    """The benefits ``subject`` names (a sum it says, or words of its title); all when it
    names none in particular; [] when it names something the result does not hold (「学徒制
    补贴怎么算」 asks about a policy, searched)."""
    if not subject or not _GENERIC.sub("", subject):
        return benefits
    sums = [
        float(n) * (10000 if wan else 1) for n, wan in re.findall(r"(\d+(?:\.\d+)?)(万)?", subject)
    ]
    if sums:
        # 「那个1600咋算的」「为啥只有1000」: the benefit of that sum, else all of them
        return [b for b in benefits if b.get("amount_yuan") in sums] or benefits
    own = _GENERIC.sub("", subject)
    words = {own[i : i + 2] for i in range(len(own) - 1)}
    return [b for b in benefits if any(w in str(b.get("title")) for w in words)]


def _has_sum(b: dict[str, Any]) -> bool:
    """A benefit in money whose sum is not worked out (a share of the wage not said, a top
    amount only)."""
    return bool(b.get("rate")) or bool(re.search(r"\d+(?:\.\d+)?万?元", str(b.get("amount_text"))))


def pays(result: dict[str, Any]) -> bool:
    """Whether ``result`` holds a benefit in money (a sum, or a share of a wage)."""
    return any(
        b.get("amount_yuan") is not None or _has_sum(b) for b in result.get("benefits") or []
    )


def why_none(result: dict[str, Any]) -> list[str]:
    """「为啥是这个数」 when nothing is paid: each near miss with the condition it fails, the
    sums still waiting on an answer, and a draft's measures (not in force)."""

    misses = result.get("near_misses") or []
    pending = [p for p in result.get("pending") or [] if p.get("amount_text")]
    drafts = result.get("proposed") or []
    if not (misses or pending or drafts):
        return []
    lines = ["🧮 按你说的情况，还没有算出能直接领的钱："]
    for n in misses[:4]:
        failed = "；".join(unmet_text(u, result.get("as_of")) for u in n.get("unmet") or [])
        where = f"（{n.get('document')} {n.get('clause')}）" if n.get("clause") else ""
        lines.append(f"· 差一点：{n.get('title')}{where}：{failed}")
    for p in pending[:4]:
        needs = "、".join(FIELD_LABELS.get(f, f) for f in p.get("unknown") or [])
        lines.append(f"· 还要看{needs}：{p.get('title')}（{p.get('amount_text')}）")
    if drafts:
        lines.append(f"· 另有{len(drafts)}项只是征求意见稿里的拟定措施，还没施行，不能按它算钱")
    if misses:
        lines.append("说错了的话直接告诉我，比如「证书其实是今年拿的」。")
    elif pending:
        lines.append("把上面要看的情况告诉我，就能算出来。")
    return lines


def explanation(result: dict[str, Any], answers: dict[str, Any], subject: str = "") -> list[str]:
    """How ``result`` (the engine's dict) came to its amounts, for the worker whose
    ``answers`` they are; [] when it holds no benefit at all."""
    benefits = [b for b in result.get("benefits") or [] if b.get("beneficiary") == "individual"]
    others = [b for b in result.get("benefits") or [] if b.get("beneficiary") != "individual"]
    shown = _picked([*benefits, *others], subject)
    if not shown:
        return [] if subject else why_none(result)
    paid = [b for b in shown if b.get("amount_yuan") is not None or _has_sum(b)]
    unpaid = [b for b in shown if b not in paid]
    if paid:
        shown = paid  # the amounts are what is asked about; a status or a right has no sum
    elif not subject:
        # statuses and rights only: what could have paid, and why it does not
        return why_none(result) or _listed(result, shown, answers)
    return _listed(result, shown, answers, unpaid if paid else [])


def _listed(
    result: dict[str, Any],
    shown: list[dict[str, Any]],
    answers: dict[str, Any],
    unpaid: list[dict[str, Any]] | None = None,
) -> list[str]:
    """The benefits ``shown`` with clause and arithmetic, the one-off total, the statuses
    without a sum (``unpaid``) named, and the exclusivity choices made."""
    lines = [f"🧮 这样算的（{result.get('region') or ''}，按你说的情况）："]
    for i, b in enumerate(shown[:6], 1):
        if b.get("beneficiary") != "individual":
            lines.append(f"{i}. （给单位的）{b.get('title')}：{amount_said(b)}")
            lines.append(f"   依据：{b.get('document')} {b.get('clause')}".rstrip())
            continue
        lines.extend(benefit_lines(i, b, answers))
    once = [b for b in shown if b.get("per") == "once" and b.get("beneficiary") == "individual"]
    sums = [b["amount_yuan"] for b in once if b.get("amount_yuan") is not None]
    if len(sums) > 1:
        added = " + ".join(_yuan(v) for v in sums)
        lines.append(f"一次性的合计：{added} = {_yuan(sum(sums))}元")
    if unpaid:
        titles = "、".join(str(b.get("title")) for b in unpaid[:3])
        lines.append(f"另外{len(unpaid)}项（{titles}）是待遇或资格，没有金额要算。")
    for choice in result.get("exclusivity") or []:
        lines.append(
            f"注：{choice.get('reason')}（{choice.get('document')} {choice.get('clause')}）"
        )
    return lines


def pending_lines(result: dict[str, Any], why: list[str]) -> list[str]:
    """What is being worked out while no benefit is sure yet: the benefits the question waiting
    decides (``why``: 「title：amount」 from ``Questionnaire.why_asked``), else those pending."""
    said = why or [
        f"{p.get('title')}：{p.get('amount_text')}"
        for p in result.get("pending") or []
        if p.get("amount_text")
    ]
    if not said:
        return []
    lines = ["🧮 还没算出确定的金额。现在在看这些（按文件规定的标准）："]
    lines.extend(f"· {line}" for line in said[:5])
    lines.append("回答完问题就能算出你能拿多少，到时回复「咋算的」可看每一项的算法。")
    return lines
