"""「对比 技师 引进」, 「各地高级工补贴对比」: one worker's case side by side across districts,
from the same rules the questionnaire uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.cases import cases_in_question
from bot.questions import FIELD_LABELS
from policy_kb.regions import REGIONS

# Achievements a comparison leaves out unless the worker mentions them: otherwise every
# district's prize table would crowd out what the question is about.
_ACHIEVEMENT_FIELDS = frozenset({"competition", "honors"})
_ACHIEVEMENT_WORDS = ("比赛", "竞赛", "大赛", "获奖", "荣誉", "称号", "能手", "工匠")


def case_from_text(text: str) -> dict[str, Any]:
    """The profile facts a comparison request states: a skill level (技师, 三级 …) and
    whether the worker is newly introduced (引进/外地)."""
    facts: dict[str, Any] = {}
    levels = [c.value for c in cases_in_question(text) if c.kind == "level"]
    if levels:
        facts["skill_level"] = levels[0]
    if "引进" in text or "外地" in text:
        facts["introduced"] = True
    return facts


def _benefit_line(b: dict[str, Any]) -> str:
    return f"✅ {b['title']}：{b.get('amount_text') or ''}（{b.get('document')} {b.get('clause')}）"


def _pending_line(p: dict[str, Any]) -> str:
    needs = "、".join(FIELD_LABELS.get(f, f) for f in p.get("unknown", []))
    return f"❔ {p['title']}：{p.get('amount_text') or ''}（还需确认：{needs}）"


def compare_regions(
    text: str,
    known: dict[str, Any],
    evaluate: Callable[[dict[str, Any]], dict[str, Any]],
    as_of: str,
) -> str:
    """Side-by-side text: for each district, what this case certainly gets (✅) and what it
    gets if the listed facts hold (❔). ``known``: facts from an earlier questionnaire, which
    the request's own words override."""
    facts = {k: v for k, v in known.items() if k != "region"} | case_from_text(text)
    with_achievements = any(w in text for w in _ACHIEVEMENT_WORDS)
    label = (
        "、".join(
            # no level said: nothing is named (indexing first would raise KeyError)
            ([str(facts["skill_level"])] if "skill_level" in facts else [])
            + ["外地引进"] * bool(facts.get("introduced"))
        )
        or "未说明等级"
    )
    lines = [f"📊 各地对比（{label}）："]
    for region in REGIONS:
        result = evaluate({**facts, "region": region.name, "as_of": as_of})
        own = [b for b in result.get("benefits", []) if b.get("beneficiary") == "individual"]
        pending = [
            p
            for p in result.get("pending", [])
            if with_achievements or not _ACHIEVEMENT_FIELDS & set(p.get("unknown", []))
        ]
        lines.append(f"【{region.name}】")
        if result.get("proposed") and not own and not pending:
            lines.append("  征求意见稿（草案），尚无生效的补贴。")
            continue
        lines.extend("  " + _benefit_line(b) for b in own)
        lines.extend("  " + _pending_line(p) for p in pending)
        if not own and not pending:
            lines.append("  没有找到适用于这种情况的补贴。")
    if "skill_level" not in facts:
        lines.append("提示：加上技能等级对比更准，如「对比 技师 引进」。")
    lines.append("回复「测一测」按你的完整情况测算。")
    return "\n".join(lines)
