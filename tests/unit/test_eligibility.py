"""The eligibility engine: result shape, three-valued logic, near misses, exclusivity, purity."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policy_kb.eligibility import (
    PROFILE_FIELDS,
    evaluate,
    load_catalogue,
    next_questions,
    parse_profile,
)
from policy_kb.kb import load_knowledge_base

ROOT = Path(__file__).resolve().parents[2]

HONGZE_INTRO = {
    "as_of": "2021-09-01",
    "region": "洪泽区",
    "skill_level": "技师",
    "introduced": True,
    "shortage_post": True,
    "key_industry": True,
    "employer_in_region": True,
    "employer_type": "民营企业",
    "contract_years": 2,
    "insurance_months": 5,
}


def result_of(data: dict[str, Any]) -> dict[str, Any]:
    return evaluate(parse_profile(data)).to_dict()


def test_result_has_the_design_shape() -> None:
    out = result_of({**HONGZE_INTRO, "insurance_months": 12})
    assert list(out)[:5] == ["as_of", "region", "benefits", "near_misses", "unknown"]
    json.dumps(out, ensure_ascii=False)  # JSON-ready
    b = out["benefits"][0]
    for key in (
        "rule_id",
        "title",
        "document",
        "clause",
        "beneficiary",
        "amount_yuan",
        "per",
        "rate",
        "max_years",
        "amount_text",
        "quote",
        "notes",
    ):
        assert key in b
    assert b["rule_id"] == "hongze-intro-subsidy"
    assert b["amount_yuan"] == 10000 and b["amount_text"].startswith("一次性补贴10000元")
    assert b["effective_from"] == "2021-02-05"


def test_near_miss_says_what_is_missing_in_plain_words() -> None:
    out = result_of(HONGZE_INTRO)
    nm = next(n for n in out["near_misses"] if n["rule_id"] == "hongze-intro-subsidy")
    assert nm["unmet"] == [
        {
            "field": "insurance_months",
            "required": "≥6个月",
            "actual": "5个月",
            "hint": "再缴纳1个月社保即可申领",
        }
    ]
    assert "15000元、10000元、5000元一次性补贴" in nm["quote"]


def test_unanswered_is_unknown_not_false() -> None:
    data = {k: v for k, v in HONGZE_INTRO.items() if k != "insurance_months"}
    out = result_of(data)
    assert "hongze-intro-subsidy" not in {b["rule_id"] for b in out["benefits"]}
    assert "hongze-intro-subsidy" not in {n["rule_id"] for n in out["near_misses"]}
    assert "insurance_months" in out["unknown"]
    pending = {p["rule_id"]: p for p in out["pending"]}
    assert pending["hongze-intro-subsidy"]["unknown"] == ["insurance_months"]


def test_next_questions_follow_the_money() -> None:
    profile = parse_profile({"region": "叶集区", "as_of": "2021-06-01"})
    questions = next_questions(profile)
    assert questions == result_of({"region": "叶集区", "as_of": "2021-06-01"})["unknown"]
    # 15万元 hangs on honors; skill_level matters to many rules; as_of/region are never asked.
    assert questions[0] == "honors"
    assert "as_of" not in questions and "region" not in questions


SAMPLE_VALUES: dict[str, list[Any]] = {
    "skill_level": ["无", "中级工", "高级工", "技师", "高级技师", "首席技师"],
    "level_obtained_on": ["2010-01-01", "2020-06-01", "2021-03-01"],
    "introduced": [True, False],
    "from_other_province": [True, False],
    "shortage_post": [True, False],
    "key_industry": [True, False],
    "employer_type": ["民营企业", "区属国有企业", "事业单位"],
    "employer_in_region": [True, False],
    "contract_years": [0.5, 1, 3],
    "insurance_months": [0, 6, 36],
    "tenure_years": [1, 3],
    "competition": ["无", {"level": "区级", "rank": 1}, {"level": "国家级", "rank": 2}],
    "honors": [[], ["中华技能大奖"], ["六安市首席技师"]],
    "monthly_salary": [3000, 9000],
}

PARTIAL_PROFILES = [
    {"region": "叶集区", "as_of": "2021-06-01", "skill_level": "技师", "introduced": True},
    {"region": "叶集区", "as_of": "2021-06-01", "employer_type": "民营企业", "tenure_years": 5},
    {"region": "洪泽区", "as_of": "2021-09-01", "skill_level": "高级工", "competition": "无"},
    {"region": "台儿庄区", "as_of": "2021-09-01"},
    {"region": "宿迁市", "as_of": "2021-09-01", "skill_level": "技师"},
]


def _decided(out: dict[str, Any]) -> tuple[object, ...]:
    return (
        tuple(sorted((b["rule_id"], b["amount_yuan"]) for b in out["benefits"])),
        tuple(sorted(p["rule_id"] for p in out["pending"])),
        tuple(sorted(p["rule_id"] for p in out["programmes"])),
    )


@pytest.mark.parametrize("base", PARTIAL_PROFILES)
def test_fields_outside_unknown_cannot_change_the_result(base: dict[str, Any]) -> None:
    out = result_of(base)
    decided = _decided(out)
    for name in SAMPLE_VALUES:
        if name in base or name in out["unknown"]:
            continue
        for value in SAMPLE_VALUES[name]:
            assert _decided(result_of({**base, name: value})) == decided, (name, value)


@pytest.mark.parametrize("base", PARTIAL_PROFILES)
def test_fields_in_unknown_can_change_the_result(base: dict[str, Any]) -> None:
    out = result_of(base)
    decided = _decided(out)
    for name in out["unknown"]:
        outcomes = {_decided(result_of({**base, name: v})) for v in SAMPLE_VALUES[name]}
        assert outcomes - {decided}, name


def test_exclusivity_across_rules_pays_the_highest_once(tmp_path: Path) -> None:
    # Put yeji's two introduction subsidies in one group (a stricter reading of 十) and check
    # that the engine pays the larger total and says why.
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "policy_kb" / "rules", rules)
    path = rules / "yeji.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "exclusivity:\n",
        "exclusivity:\n  - id: yeji-intro\n    clause: 十\n"
        "    quote: 符合多重条件的，按上限资助，不重复享受。\n    reason: 引进类资助按上限择一\n",
        1,
    )
    for rid in ("yeji-intro-living-housing", "yeji-intro-salary-subsidy"):
        text = text.replace(f"  - id: {rid}\n", f"  - id: {rid}\n    group: yeji-intro\n", 1)
    path.write_text(text, encoding="utf-8")
    cat = load_catalogue(rules, load_knowledge_base(extra_dir=tmp_path / "none"))
    base = {
        "as_of": "2021-06-01",
        "region": "叶集区",
        "skill_level": "技师",
        "introduced": True,
        "shortage_post": True,
        "employer_type": "民营企业",
        "contract_years": 3,
        "insurance_months": 40,
    }
    # 20% of 3000 yuan for 36 months = 21600 < 30000: the living and housing subsidy pays.
    low = evaluate(parse_profile({**base, "monthly_salary": 3000}), cat).to_dict()
    ids = {b["rule_id"] for b in low["benefits"]}
    assert "yeji-intro-living-housing" in ids and "yeji-intro-salary-subsidy" not in ids
    choice = next(e for e in low["exclusivity"] if e["group"] == "yeji-intro")
    assert choice["chosen"] == "yeji-intro-living-housing"
    assert choice["clause"] == "十" and "不重复享受" in choice["quote"]
    assert len(choice["candidates"]) == 2
    # 20% of 9000 yuan for 36 months = 64800 > 30000: the salary subsidy pays.
    high = evaluate(parse_profile({**base, "monthly_salary": 9000}), cat).to_dict()
    ids = {b["rule_id"] for b in high["benefits"]}
    assert "yeji-intro-salary-subsidy" in ids and "yeji-intro-living-housing" not in ids


def test_total_once_counts_the_workers_own_one_off_money() -> None:
    out = result_of({**HONGZE_INTRO, "insurance_months": 6})
    assert out["total_once_yuan"] == 10000  # the employer's 500 yuan is not the worker's


def test_unknown_honour_gives_a_warning() -> None:
    out = result_of({"region": "叶集区", "as_of": "2021-06-01", "honors": ["五一劳动奖章"]})
    assert any("五一劳动奖章" in w for w in out["warnings"])


def test_policy_kb_stays_pure() -> None:
    code = (
        "import sys, policy_kb.eligibility as e, policy_kb.cli_eligibility;"
        "e.evaluate(e.parse_profile({'region': '叶集区'}));"
        "bad = {m.split('.')[0] for m in sys.modules} & "
        "{'flask', 'sqlalchemy', 'bot', 'bluecard', 'handlers', 'miniapp_api', 'redis'};"
        "print(sorted(bad))"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"


def test_profile_fields_cover_every_condition_field() -> None:
    from policy_kb.eligibility import default_catalogue

    names = {f.name for f in PROFILE_FIELDS}
    for rule in default_catalogue().rules:
        assert set(rule.fields()) <= names, rule.id
