"""The worker's own case (技师, 三级工, 二等奖, a title) is mapped to the amount a sentence lists."""

import pytest

from bot.answer import lead_line
from bot.cases import Case, case_amounts, cases_in_question

HONGZE = (
    "对我区重点产业、战略性新兴产业企业从外地新引进的急需紧缺岗位高级技师、技师、高级工，"
    "并且与企业签订1年以上劳动合同、缴纳6个月以上社会保险的，分别给予15000元、10000元、5000元一次性补贴。"
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("洪泽从外地引进的技师有多少补贴", "👉 技师：10000元"),
        ("引进高级技师给多少钱", "👉 高级技师：15000元"),
        ("我是三级工，引进的有补贴吗", "👉 高级工：5000元"),
        ("引进人才补贴", None),
    ],
)
def test_lead_line_names_the_workers_own_amount(question, expected):
    assert lead_line(question, HONGZE) == expected


def test_ranks_and_titles():
    prize = "对在区组织的技能大赛中获得一、二、三等奖的选手，分别给予5000元、3000元、2000元奖励"
    assert lead_line("比赛拿了二等奖奖励多少", prize) == "👉 二等奖：3000元"
    honours = "对我区荣获“中华技能大奖”、“全国技术能手”、“江淮杰出工匠”荣誉称号的，分别给予15万元、10万元、8万元奖励。"
    assert lead_line("江淮杰出工匠奖多少", honours) == "👉 江淮杰出工匠：8万元"


def test_inline_pairs_per_level():
    s = "按高级技师5000元/人、技师3500元/人、高级工2000元/人的标准，给予培养单位或职工个人研修提升补助。"
    assert case_amounts(s)[Case("level", "技师")] == "3500元/人"


def test_grades_map_to_level_names():
    assert Case("level", "技师") in cases_in_question("二级证")
    assert Case("level", "高级技师") in cases_in_question("一级技能等级")


def test_sentence_without_parallel_amounts_gives_nothing():
    assert case_amounts("建立技工“蓝卡”制度，依托社会保障卡加载标记功能。") == {}
