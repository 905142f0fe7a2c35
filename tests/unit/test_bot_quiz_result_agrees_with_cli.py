"""For every covered place and every skill level, a worker telling their whole situation in one
message sees, in the chat's result, each benefit the eligibility command line
(``python -m policy_kb eligibility --json``) gives for the same facts — its title with its
amount in yuan and once / monthly / yearly — every near miss it names, and no other benefit."""

from __future__ import annotations

import argparse
import io
import json
import re
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import Bot
from bot.results import amount_said
from bot.store import MemoryStore
from policy_kb import cli_eligibility
from policy_kb.eligibility.profile import SKILL_LEVELS

TODAY = date(2026, 3, 1)
REGIONS = ("洪泽区", "台儿庄区", "宿迁市", "连云港市", "叶集区")
# everything a rule asks for, as a worker who has it all would say it
ALL_MET: dict[str, Any] = {
    "level_obtained_on": "2026-01-01",
    "employer_type": "民营企业",
    "employer_in_region": True,
    "introduced": True,
    "from_other_province": True,
    "shortage_post": True,
    "key_industry": True,
    "contract_years": 3,
    "insurance_months": 36,
    "tenure_years": 3,
    "competition": {"level": "区级", "rank": 1},
    "honors": [],
    "monthly_salary": 8000,
}
TOLD_ALL = (
    "证是2026年1月拿的，区内的民营企业，从外地引进来的，外省来的，岗位急需紧缺，厂子是重点产业，"
    "劳动合同3年，社保36个月，在这干了3年，区级技能大赛一等奖，没有荣誉称号，工资每月税后8000"
)
# a worker short of most lines, for the near misses
FEW_MET: dict[str, Any] = {
    "level_obtained_on": "2024-05-01",
    "employer_type": "国有企业",
    "employer_in_region": True,
    "introduced": False,
    "from_other_province": False,
    "shortage_post": False,
    "key_industry": False,
    "contract_years": 1,
    "insurance_months": 5,
    "tenure_years": 2,
    "competition": "无",
    "honors": [],
    "monthly_salary": 5000,
}
TOLD_FEW = (
    "证是2024年5月拿的，区内的国有企业，本地人，不是引进的，省内的，岗位不是紧缺的，不是重点产业，"
    "劳动合同1年，社保5个月，在这干了2年，没参加过比赛，没有荣誉称号，工资每月税后5000"
)


@pytest.fixture(scope="module")
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def _cli(profile: dict[str, Any], tmp: Path) -> dict[str, Any]:
    path = tmp / "profile.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli_eligibility.run(argparse.Namespace(profile=str(path), json=True, rules=None))
    assert code == 0
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def _chat_result(bot: Bot, uid: str, told: str) -> str:
    reply = bot.on_text(uid, told + "，帮我测一测能领什么")
    for _ in range(10):
        if reply.intent != "quiz":
            break
        reply = bot.on_text(uid, "就这些")
    pages = [reply.text]
    while "回复「更多」" in pages[-1] and len(pages) < 20:
        pages.append(bot.on_text(uid, "更多").text)
    return "\n".join(pages)


def _level_words(level: str) -> str:
    return "没有证" if level == "无" else level


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize(("facts", "told"), [(ALL_MET, TOLD_ALL), (FEW_MET, TOLD_FEW)])
def test_the_chats_result_is_the_command_lines(bot, tmp_path, region, facts, told):
    for level in SKILL_LEVELS:
        profile = {**facts, "region": region, "skill_level": level, "as_of": TODAY.isoformat()}
        expected = _cli(profile, tmp_path)
        uid = f"cli-{region}-{level}-{facts is ALL_MET}"
        shown = _chat_result(bot, uid, f"我在{region}，{_level_words(level)}，{told}")
        for b in expected["benefits"]:
            assert f"{b['title']}：{amount_said(b)}" in shown, (level, b["rule_id"])
        for near in expected["near_misses"]:
            assert near["title"] in shown, (level, near["rule_id"])
        granted = {b["title"] for b in expected["benefits"]}
        for listed in re.findall(r"^\d+\. (.+?)：", shown, re.M):
            assert listed in granted, (level, listed)
        if not expected["benefits"] and region != "连云港市":
            assert "暂时没有可以直接申领的补贴" in shown
