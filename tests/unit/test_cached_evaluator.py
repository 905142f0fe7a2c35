"""``bluecard.knowledge.CachedEvaluator``: the questionnaire's eligibility results, kept per
profile, dropped when the catalogue in use changes; the same answers as the engine's."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import policy_kb.eligibility as eligibility
from bluecard.knowledge import CachedEvaluator
from bot.questionnaire import default_evaluator
from policy_kb.eligibility.catalogue import use_lifecycle

PROFILE = {
    "region": "洪泽区",
    "skill_level": "技师",
    "introduced": True,
    "shortage_post": True,
    "key_industry": True,
    "employer_in_region": True,
    "contract_years": 2,
    "insurance_months": 8,
    "as_of": "2025-06-01",
}


@pytest.fixture
def engine_calls(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []
    evaluate = eligibility.evaluate

    def counted(profile: Any, catalogue: Any = None) -> Any:
        calls.append(profile)
        return evaluate(profile, catalogue)

    monkeypatch.setattr(eligibility, "evaluate", counted)
    return calls


def test_the_same_answers_as_the_engine_and_evaluated_once(engine_calls):
    cached = CachedEvaluator()
    first = cached(dict(PROFILE))
    second = cached(dict(reversed(PROFILE.items())))  # key order does not matter
    assert first == second == default_evaluator(dict(PROFILE))
    assert len(engine_calls) == 2  # ours once, default_evaluator's once
    assert first["benefits"]  # a real result, not an empty shell


def test_a_caller_changing_its_result_does_not_change_the_next(engine_calls):
    cached = CachedEvaluator()
    first = cached(dict(PROFILE))
    first["benefits"].clear()
    first["unknown"].append("made-up")
    again = cached(dict(PROFILE))
    assert again["benefits"] and "made-up" not in again["unknown"]
    assert len(engine_calls) == 1


def test_another_profile_or_day_is_evaluated_anew(engine_calls):
    cached = CachedEvaluator()
    cached(dict(PROFILE))
    cached({**PROFILE, "skill_level": "高级工"})
    cached({**PROFILE, "as_of": "2025-06-02"})
    cached({k: v for k, v in PROFILE.items() if k != "as_of"})  # today's, from parse_profile
    assert len(engine_calls) == 4
    assert engine_calls[-1].as_of == date.today()


def test_a_new_published_lifecycle_drops_the_kept_results(engine_calls):
    cached = CachedEvaluator()
    before = cached(dict(PROFILE))
    doc_id = before["benefits"][0]["doc_id"]
    try:
        # The document ended before the evaluation day: its benefits are gone.
        use_lifecycle({doc_id: (date(2020, 1, 1), date(2021, 1, 1))})
        after = cached(dict(PROFILE))
        assert len(engine_calls) == 2
        assert all(b["doc_id"] != doc_id for b in after["benefits"])
    finally:
        use_lifecycle({})
    assert cached(dict(PROFILE)) == before


def test_a_refused_profile_raises_every_time(engine_calls):
    cached = CachedEvaluator()
    for _ in range(2):
        with pytest.raises(eligibility.ProfileError):
            cached({"region": "洪泽区", "skill_level": "宇航员"})
