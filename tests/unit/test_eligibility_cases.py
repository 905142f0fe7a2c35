"""Run the readable eligibility cases in tests/cases/eligibility/*.yaml (OpenFisca-style).

Each case: ``name``, ``profile`` and expectations (see the header of hongze-2021.yaml). Every
rule of the catalogue must be expected somewhere (as a benefit, a programme or a proposal), so
a new rule cannot go untested.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from policy_kb.eligibility import default_catalogue, evaluate, parse_profile

CASES_DIR = Path(__file__).resolve().parents[1] / "cases" / "eligibility"
_KEYS = {
    "name",
    "profile",
    "benefits",
    "not",
    "near_misses",
    "not_near",
    "pending",
    "unknown",
    "unknown_includes",
    "unknown_excludes",
    "unknown_first",
    "programmes",
    "programme_amounts",
    "programmes_not",
    "proposed",
    "exclusivity",
    "warnings_contain",
    "total_once_yuan",
    "no_benefits",
    "amount_text",
}


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")), 1):
            out.append((f"{path.stem}-{i:02d}", case))
    return out


CASES = _load()


def _by_rule(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["rule_id"]: i for i in items}


def _check_benefit(got: dict[str, Any], want: dict[str, Any]) -> None:
    rid = want["rule"]
    for key in ("amount", "per", "rate", "max_years", "beneficiary"):
        if key in want:
            field = "amount_yuan" if key == "amount" else key
            assert got[field] == want[key], f"{rid}: {field} {got[field]!r} != {want[key]!r}"
    for text in want.get("notes_contain", []):
        assert any(text in n for n in got["notes"]), f"{rid}: no note with «{text}»: {got['notes']}"


@pytest.mark.parametrize(("label", "case"), CASES, ids=[c[0] for c in CASES])
def test_case(label: str, case: dict[str, Any]) -> None:
    print(f"{label}: {case['name']}")  # shown when the case fails
    unknown_keys = set(case) - _KEYS
    assert not unknown_keys, f"unknown expectation keys {unknown_keys}"
    result = evaluate(parse_profile(case["profile"])).to_dict()
    benefits = _by_rule(result["benefits"])
    for want in case.get("benefits", []):
        assert want["rule"] in benefits, f"missing benefit {want['rule']}: {sorted(benefits)}"
        _check_benefit(benefits[want["rule"]], want)
    for rid in case.get("not", []):
        assert rid not in benefits, f"{rid} should not be a benefit"
    if case.get("no_benefits"):
        assert result["benefits"] == []
    near = _by_rule(result["near_misses"])
    for want in case.get("near_misses", []):
        assert want["rule"] in near, f"missing near miss {want['rule']}: {sorted(near)}"
        fields = [u["field"] for u in near[want["rule"]]["unmet"]]
        assert fields == want["unmet"]
        if "hint_contains" in want:
            assert want["hint_contains"] in (near[want["rule"]]["hint"] or "")
    for rid in case.get("not_near", []):
        assert rid not in near, f"{rid} should not be a near miss"
    pending = {p["rule_id"] for p in result["pending"]}
    for rid in case.get("pending", []):
        assert rid in pending, f"{rid} should be pending: {sorted(pending)}"
    if "unknown" in case:
        assert result["unknown"] == case["unknown"]
    for f in case.get("unknown_includes", []):
        assert f in result["unknown"]
    for f in case.get("unknown_excludes", []):
        assert f not in result["unknown"]
    if "unknown_first" in case:
        assert result["unknown"][:1] == [case["unknown_first"]]
    programmes = _by_rule(result["programmes"])
    for rid in case.get("programmes", []):
        assert rid in programmes, f"missing programme {rid}"
    for rid in case.get("programmes_not", []):
        assert rid not in programmes, f"{rid} should not be listed"
    for rid, amount in case.get("programme_amounts", {}).items():
        assert programmes[rid]["amount_yuan"] == amount
    proposed = _by_rule(result["proposed"])
    for want in case.get("proposed", []):
        assert proposed[want["rule"]]["status"] == want["status"], want["rule"]
        assert proposed[want["rule"]]["draft"] is True
    choices = {e["group"]: e for e in result["exclusivity"]}
    for want in case.get("exclusivity", []):
        assert choices[want["group"]]["chosen"] == want["chosen"]
        assert choices[want["group"]]["quote"]
    for text in case.get("warnings_contain", []):
        assert any(text in w for w in result["warnings"]), f"no warning «{text}»"
    if "total_once_yuan" in case:
        assert result["total_once_yuan"] == case["total_once_yuan"]
    for rid, text in case.get("amount_text", {}).items():
        assert benefits[rid]["amount_text"] == text


def test_every_rule_has_a_case() -> None:
    expected: set[str] = set()
    for _, case in CASES:
        expected |= {b["rule"] for b in case.get("benefits", [])}
        expected |= set(case.get("programmes", []))
        expected |= {p["rule"] for p in case.get("proposed", [])}
    missing = {r.id for r in default_catalogue().rules} - expected
    assert not missing, f"rules without a case: {sorted(missing)}"


def test_draft_rules_are_never_benefits() -> None:
    for _, case in CASES:
        result = evaluate(parse_profile(case["profile"])).to_dict()
        assert not [b for b in result["benefits"] if b["doc_id"] == "lianyungang-draft"]
