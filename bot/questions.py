"""How the questionnaire asks for each profile field, and how it reads the answer.

One entry per field of the worker profile (docs/contracts.md, "Worker profile"): the question
in plain words, numbered choices where there are few, and the parser for what workers type.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from functools import cache
from typing import Any

from bot import parsing
from policy_kb.eligibility.catalogue import AnyOf, Condition, default_catalogue
from policy_kb.eligibility.profile import EMPLOYER_TYPES, KNOWN_HONORS, SKILL_LEVELS
from policy_kb.regions import REGIONS
from policy_kb.skill_levels import GRADES

# The engine's own vocabularies: the questionnaire offers exactly what a profile accepts.
SKILL_LEVEL_CHOICES: tuple[str, ...] = SKILL_LEVELS
SKILL_LEVEL_LABELS: dict[str, str] = {
    "无": "没有证书",
    **{level: f"{level}（{grade}）" for grade, level in GRADES.items()},
}
EMPLOYER_ALIASES = {
    # 叶集 四 names 区属国有企业 apart from 国有企业: the longer alias is read first
    "区属国企": "区属国有企业",
    "区属国营": "区属国有企业",
    "集体所有制": "集体企业",
    "私企": "民营企业",
    "民企": "民营企业",
    "私营": "民营企业",
    "民营": "民营企业",
    "私人": "民营企业",
    "国企": "国有企业",
    "国营": "国有企业",
    "外企": "外资企业",
    "合资": "外资企业",
    "个体": "个体工商户",
    "事业": "事业单位",
}
HONOURS: tuple[str, ...] = KNOWN_HONORS
YES_NO = ("是", "否")


@dataclass(frozen=True)
class Question:
    """One question of the questionnaire.

    field: the profile field it fills; prompt: the question text; choices: numbered options
    shown to the worker (values as stored, labels may differ); parse: raw text → value,
    ``parsing.SKIP`` or ``AnswerError``; keywords: words a worker uses to ask to change this
    answer (「改一下社保月数」).
    """

    field: str
    prompt: str
    parse: Callable[[str, date], Any]
    choices: tuple[str, ...] = ()
    labels: dict[str, str] = dc_field(default_factory=dict)
    keywords: tuple[str, ...] = ()

    def render(self) -> str:
        """The question as shown in chat, with numbered choices."""
        return self.render_for({})

    def choices_for(self, answers: dict[str, Any]) -> tuple[str, ...]:
        """The choices offered given the answers so far: honours are those of the worker's
        place (the titles its rules name); other questions offer their fixed choices."""
        if self.field == "honors" and isinstance(answers.get("region"), str):
            return honours_for(answers["region"]) or self.choices
        if self.field == "region":
            return _region_names()
        return self.choices

    def render_for(self, answers: dict[str, Any]) -> str:
        """The question as shown in chat, its choices as ``choices_for(answers)``."""
        choices = self.choices_for(answers)
        if not choices:
            return self.prompt
        lines = [f"{i}. {self.labels.get(c, c)}" for i, c in enumerate(choices, 1)]
        return self.prompt + "\n" + "\n".join(lines)

    def parse_for(self, text: str, today: date, answers: dict[str, Any]) -> Any:
        """``parse`` against the choices shown for ``answers`` (numbers follow that list)."""
        if self.field == "honors":
            return parsing.parse_titles(text, self.choices_for(answers))
        if self.field == "region":
            return parsing.parse_choice(text, _region_names(), _region_aliases())
        return self.parse(text, today)


def _bool(text: str, _today: date) -> Any:
    return parsing.parse_bool(text)


def _choice(
    choices: Sequence[str], aliases: dict[str, str] | None = None
) -> Callable[[str, date], Any]:
    return lambda text, _today: parsing.parse_choice(text, choices, aliases)


def _region_names() -> tuple[str, ...]:
    """The covered regions now (the registry follows the documents published at run time)."""
    return tuple(r.name for r in REGIONS)


def _region_aliases() -> dict[str, str]:
    return {a: r.name for r in REGIONS for a in r.aliases}


@cache
def honours_for(region: str) -> tuple[str, ...]:
    """The honour titles the rules of ``region`` name (conditions and amount tables), in the
    engine's order; () for a region whose rules name none."""
    named: set[str] = set()

    def visit(cond: Condition | AnyOf) -> None:
        if isinstance(cond, AnyOf):
            for option in cond.options:
                visit(option)
        elif cond.field == "honors" and isinstance(cond.value, tuple):
            named.update(str(v) for v in cond.value)

    for rule in default_catalogue().for_region(region):
        for cond in rule.conditions:
            visit(cond)
        if rule.amount.by == "honors":
            named.update(key for key, _ in rule.amount.table)
    return tuple(h for h in HONOURS if h in named)


QUESTIONS: dict[str, Question] = {
    q.field: q
    for q in (
        Question(
            "region",
            "你在哪个区（市）工作？",
            lambda text, _today: parsing.parse_choice(text, _region_names(), _region_aliases()),
            _region_names(),
            keywords=("地区", "区", "地方"),
        ),
        Question(
            "skill_level",
            "你现在的技能等级是？",
            _choice(SKILL_LEVEL_CHOICES, parsing.skill_level_aliases()),
            SKILL_LEVEL_CHOICES,
            SKILL_LEVEL_LABELS,
            keywords=("等级", "技能等级", "证书", "级别"),
        ),
        Question(
            "level_obtained_on",
            "这个等级证书是什么时候拿到的？（如「2021年3月」「去年」）",
            lambda text, today: parsing.parse_date(text, today),
            keywords=("取证", "拿证", "时间", "日期"),
        ),
        Question(
            "introduced",
            "你是从外地新引进来这里工作的吗？",
            _bool,
            YES_NO,
            keywords=("引进", "外地"),
        ),
        Question(
            "from_other_province", "你是从外省来的吗？", _bool, YES_NO, keywords=("外省", "省外")
        ),
        Question(
            "shortage_post",
            "你的岗位属于急需紧缺岗位吗？（不清楚可以回复「不知道」）",
            _bool,
            YES_NO,
            keywords=("紧缺", "急需", "岗位"),
        ),
        Question(
            "key_industry",
            "你的单位属于重点产业或战略性新兴产业吗？（不清楚可以回复「不知道」）",
            _bool,
            YES_NO,
            keywords=("产业", "重点产业", "新兴"),
        ),
        Question(
            "employer_type",
            "你的单位是什么性质？",
            _choice(EMPLOYER_TYPES, EMPLOYER_ALIASES),
            EMPLOYER_TYPES,
            keywords=("单位性质", "企业性质", "单位类型", "性质"),
        ),
        Question(
            "employer_in_region",
            "你的单位是在本区（市）注册的吗？",
            _bool,
            YES_NO,
            keywords=("注册", "区内"),
        ),
        Question(
            "contract_years",
            "你和单位签的劳动合同是几年的？（如「2年」「一年半」「无固定期限」）",
            lambda text, _today: parsing.parse_years(text),
            keywords=("合同",),
        ),
        Question(
            "insurance_months",
            "你在现在的单位交了多少个月社保？（如「8个月」「两年」）",
            lambda text, today: parsing.parse_months(text, today),
            keywords=("社保", "社会保险", "保险"),
        ),
        Question(
            "tenure_years",
            "你在现在的单位连续工作几年了？（如「3年」「半年」）",
            lambda text, today: parsing.parse_years(text, today),
            keywords=("工龄", "工作年限", "连续工作", "年限"),
        ),
        Question(
            "competition",
            "参加职业技能竞赛获过奖吗？请回复「级别+名次」，如「区级二等奖」；没有就回复「没有」。",
            lambda text, _today: parsing.parse_competition(text),
            keywords=("竞赛", "比赛", "大赛", "获奖"),
        ),
        Question(
            "honors",
            "获得过下面的荣誉称号吗？回复编号（可多个，如「1 3」），没有就回复「没有」。",
            lambda text, _today: parsing.parse_titles(text, HONOURS),
            HONOURS,
            keywords=("荣誉", "称号"),
        ),
        Question(
            "monthly_salary",
            "你每月税后工资大约多少元？（如「6000」「一万五」）",
            lambda text, _today: parsing.parse_yuan(text),
            keywords=("工资", "薪水", "收入", "月薪"),
        ),
    )
}


def question_for_change(text: str) -> str | None:
    """The field a worker wants to correct (「改一下社保月数」 → insurance_months), or None.

    The longest matching keyword wins, so 「单位性质」 is not read as 「性质」 of something else.
    """
    best: tuple[int, str] | None = None
    for q in QUESTIONS.values():
        for kw in q.keywords:
            if kw in text and (best is None or len(kw) > best[0]):
                best = (len(kw), q.field)
    return best[1] if best else None


FIELD_LABELS: dict[str, str] = {
    "region": "所在地区",
    "skill_level": "技能等级",
    "level_obtained_on": "取证时间",
    "introduced": "是否外地新引进",
    "from_other_province": "是否来自外省",
    "shortage_post": "是否急需紧缺岗位",
    "key_industry": "单位是否重点产业",
    "employer_type": "单位性质",
    "employer_in_region": "单位是否在本区注册",
    "contract_years": "劳动合同年限",
    "insurance_months": "社保缴纳月数",
    "tenure_years": "连续工作年限",
    "competition": "竞赛获奖",
    "honors": "荣誉称号",
    "monthly_salary": "税后月工资",
    "as_of": "测算日期",
}


# 「为啥问这个」「问这个干嘛」「咋还问这个」「这跟补贴有啥关系」: why the question is asked.
_WHY_ASKED = re.compile(
    r"(?:为啥|为什么|为何|干嘛|干啥|咋|怎么)(?:还|要|得|非得|老)?问(?:我)?(?:这个|这|这些|这事|这种)"
    r"|问(?:我)?(?:这个|这|这些)(?:是)?(?:干嘛|干啥|做什么|做啥|有啥用|有什么用|为啥|为什么)"
    r"|(?:这个|这)(?:跟|和|与)(?:补贴|领钱|我)有(?:啥|什么)关系"
)


def asks_why_asked(text: str) -> bool:
    """Whether a message in the questionnaire asks why the question is asked."""
    return bool(_WHY_ASKED.search(text))
