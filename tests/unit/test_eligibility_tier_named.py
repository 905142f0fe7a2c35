"""A worker holding prizes of several tiers sees which one an amount by rank pays for, tier
and all (台儿庄 三（二）6 pays 区级 prizes only)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.store import MemoryStore
from policy_kb.eligibility import evaluate, parse_profile

TODAY = date(2026, 3, 1)


def _prize_text(competition: object) -> str:
    out = evaluate(
        parse_profile(
            {
                "region": "台儿庄区",
                "as_of": TODAY.isoformat(),
                "skill_level": "中级工",
                "competition": competition,
            }
        )
    ).to_dict()
    got = next(b for b in out["benefits"] if b["rule_id"] == "taierzhuang-competition-prize")
    return str(got["amount_text"])


def test_two_tiers_held_the_paid_one_is_named_with_its_tier() -> None:
    text = _prize_text([{"level": "市级", "rank": 1}, {"level": "区级", "rank": 3}])
    assert "500元（区级三等奖：" in text


def test_one_prize_keeps_the_rank_alone() -> None:
    text = _prize_text({"level": "区级", "rank": 2})
    assert "（二等奖：" in text


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def test_the_result_says_which_prize_is_paid(bot):
    told = "台儿庄的中级工，市赛拿过一等奖，区赛拿过三等奖，测一下"
    bot.on_text("tier-1", told)
    reply = bot.on_text("tier-1", "就这些").text
    assert "一次性500元（按区级三等奖）" in reply
