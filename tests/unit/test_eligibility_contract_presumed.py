"""A rule that only needs a labour contract to exist (叶集 四 「已签订劳动合同」) is met for a
worker the profile shows employed now (years or insured months at the present employer), with
a note for staff; a rule naming a minimum length (「1年以上劳动合同」) still asks it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.dialogue import Bot
from bot.profile_facts import facts_in
from bot.store import MemoryStore
from policy_kb.eligibility import evaluate, parse_profile

TODAY = date(2026, 3, 1)
HOUSING = "yeji-intro-living-housing"


def _result(**fields: Any) -> dict[str, Any]:
    base = {
        "region": "叶集区",
        "as_of": TODAY.isoformat(),
        "skill_level": "高级技师",
        "introduced": True,
        "employer_type": "民营企业",
        "employer_in_region": True,
    }
    return evaluate(parse_profile({**base, **fields})).to_dict()


def _benefit(out: dict[str, Any], rule_id: str) -> dict[str, Any] | None:
    return next((b for b in out["benefits"] if b["rule_id"] == rule_id), None)


def test_employed_worker_without_a_contract_length_gets_the_housing_subsidy() -> None:
    out = _result(tenure_years=4, insurance_months=48)
    got = _benefit(out, HOUSING)
    assert got is not None and got["amount_yuan"] == 30000
    assert any("按已签订劳动合同计算，请工作人员核实" in n for n in got["notes"])
    assert HOUSING not in {p["rule_id"] for p in out.get("pending", [])}


def test_nothing_says_the_worker_is_employed_so_the_contract_stays_open() -> None:
    out = _result()
    assert _benefit(out, HOUSING) is None
    assert "contract_years" in out["unknown"]


def test_a_contract_said_to_be_none_is_not_overridden() -> None:
    out = _result(tenure_years=4, insurance_months=48, contract_years=0)
    assert _benefit(out, HOUSING) is None


def test_a_minimum_contract_length_is_still_asked() -> None:
    # 洪泽 三（三）1 needs 1年以上劳动合同: being employed says nothing of the length
    out = evaluate(
        parse_profile(
            {
                "region": "洪泽区",
                "as_of": TODAY.isoformat(),
                "skill_level": "高级工",
                "introduced": True,
                "shortage_post": True,
                "key_industry": True,
                "insurance_months": 8,
                "tenure_years": 1,
            }
        )
    ).to_dict()
    assert "contract_years" in out["unknown"]


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def test_the_questionnaire_does_not_ask_the_contract_only_its_existence_needs(bot):
    told = "叶集的，高级技师，外地引进来的，民营企业，在这干了四年，社保交了四年，帮我测一下"
    replies = [bot.on_text("contract-1", told).text]
    for _ in range(8):
        if "劳动合同" in replies[-1] and "？" in replies[-1]:
            break
        if "一次性30000元" in replies[-1]:
            break
        replies.append(bot.on_text("contract-1", "没有").text)
    assert not any("劳动合同是几年" in r for r in replies)
    assert any("30000元" in r for r in replies)


@pytest.mark.parametrize(
    "said", ["没签劳动合同", "合同还没签", "厂里一直没有合同", "没跟老板签过合同"]
)
def test_a_worker_saying_there_is_no_contract_is_not_presumed_to_have_one(said):
    told = f"我是高级技师，在叶集一家民营厂干了四年，社保交了四年，{said}"
    facts = facts_in(told, TODAY)
    assert facts["contract_years"] == 0
    out = _result(**{k: facts[k] for k in ("tenure_years", "insurance_months", "contract_years")})
    assert _benefit(out, HOUSING) is None
    assert any(n["rule_id"] == HOUSING for n in out["near_misses"])


@pytest.mark.parametrize("said", ["合同签了三年", "签了无固定期限合同"])
def test_a_contract_said_is_still_read_as_its_length(said):
    assert facts_in(f"在叶集干了四年，{said}", TODAY)["contract_years"] > 0
