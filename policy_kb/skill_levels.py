"""The one table of 技能等级 (skill levels) and national vocational grades 五级..一级, used by the
eligibility engine, the search, the card form and the bot.

Sources: 国家职业技能标准 (五级/初级工 … 一级/高级技师); 新八级工 for 特级技师 and 首席技师 at
the top; DESIGN.md "Domain rules": 高技能人才 = 高级工 and above.
"""

from __future__ import annotations

__all__ = ["GRADES", "GRADE_BY_NUMERAL", "HIGH_SKILL_LEVELS", "SKILL_LEVELS"]

#: The ladder, lowest first (无 = no certificate; 学徒工 = an apprentice without one yet).
SKILL_LEVELS: tuple[str, ...] = (
    "无",
    "学徒工",
    "初级工",
    "中级工",
    "高级工",
    "技师",
    "高级技师",
    "特级技师",
    "首席技师",
)

#: 高技能人才: 高级工 and above.
HIGH_SKILL_LEVELS: tuple[str, ...] = SKILL_LEVELS[SKILL_LEVELS.index("高级工") :]

#: National vocational grade → skill level (国家职业技能标准: 五级 = 初级工 … 一级 = 高级技师).
GRADES: dict[str, str] = {
    "五级": "初级工",
    "四级": "中级工",
    "三级": "高级工",
    "二级": "技师",
    "一级": "高级技师",
}

#: The numeral of a grade (五, 四 … and 5, 4 …) → skill level: 「三级工」「3级证」.
GRADE_BY_NUMERAL: dict[str, str] = {
    **{grade[0]: level for grade, level in GRADES.items()},
    **{str(5 - i): level for i, level in enumerate(GRADES.values())},
}
