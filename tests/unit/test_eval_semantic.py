"""scripts/eval_semantic.py's second-opinion arithmetic: which questions a rescue or a veto
changes, how they are counted, and which threshold is chosen (no model needed)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "eval_semantic.py"


@pytest.fixture(scope="module")
def ev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_semantic", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_semantic"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


RIGHT = "引进的技师给予一次性补贴8000元"
WRONG = "企业新型学徒制培训补贴按每人每年4000元"


def outcome(ev: ModuleType, **kw: Any) -> Any:
    fields: dict[str, Any] = {
        "oos": False,
        "expect": ("一次性补贴8000元",),
        "lexical": (),
        "rescuable": True,
        "forced": (RIGHT, WRONG),
        "model": (WRONG, RIGHT),
        "best_cos": 0.90,
        "cand_cos": 0.90,
        "added_ms": 1.0,
        "added_cpu_ms": 1.0,
        "research_ms": 1.0,
    }
    fields.update(kw)
    return ev.Outcome(**fields)


def test_a_coverage_rejection_is_rescued_only_above_the_gate(ev: ModuleType) -> None:
    o = outcome(ev, cand_cos=0.91, best_cos=0.88)
    assert ev.shown(o, ev.Policy(rescue=0.90)) == ((RIGHT, WRONG), "rescued")
    assert ev.shown(o, ev.Policy(rescue=0.92)) == ((), "rejected")
    # the gate over all clauses reads best_cos; the model's answer is its own ranking
    assert ev.shown(o, ev.Policy(gate="all", rescue=0.90)) == ((), "rejected")
    assert ev.shown(o, ev.Policy(gate="all", answer="model", rescue=0.85))[0] == (WRONG, RIGHT)
    # no rescue asked for: the lexical rejection stands
    assert ev.shown(o, ev.Policy()) == ((), "rejected")


def test_a_rejection_by_design_is_never_rescued(ev: ModuleType) -> None:
    # a place without a document, a service next to ours: not rescuable whatever the cosine
    o = outcome(ev, rescuable=False, forced=(), cand_cos=math.nan, best_cos=0.99)
    assert ev.shown(o, ev.Policy(gate="all", rescue=0.5)) == ((), "rejected")


def test_a_veto_rejects_only_clause_answers_below_it(ev: ModuleType) -> None:
    answered = outcome(ev, lexical=(RIGHT,), rescuable=False, forced=(), cand_cos=0.80)
    assert ev.shown(answered, ev.Policy(veto=0.81)) == ((), "vetoed")
    assert ev.shown(answered, ev.Policy(veto=0.80)) == ((RIGHT,), "lexical")
    # a 文件信息 answer has no clause embedding: never vetoed
    info = outcome(ev, lexical=("文号：宿政办发〔2099〕1号",), cand_cos=math.nan)
    assert ev.shown(info, ev.Policy(veto=0.99))[1] == "lexical"


def test_tally_counts_precision_and_utility(ev: ModuleType) -> None:
    right = outcome(ev, cand_cos=0.95)
    wrong = outcome(ev, cand_cos=0.95, forced=(WRONG, RIGHT))
    stray = outcome(ev, oos=True, expect=(), cand_cos=0.95)
    below = outcome(ev, cand_cos=0.50)
    kept = outcome(ev, lexical=(RIGHT,), rescuable=False, forced=())
    t = ev.tally([right, wrong, stray, below, kept], ev.Policy(rescue=0.9))
    assert (t.n, t.top1, t.top3, t.false_rej) == (4, 2, 3, 1)
    assert (t.oos, t.oos_rej) == (1, 0)
    assert (t.changed, t.changed_right, t.changed_oos) == (3, 1, 1)
    assert t.utility == 1 - 1 - 1  # a right top-1 gained, a wrong answer, an answered stray
    assert "precision 0.33" in t.line()
    base = ev.tally([right, wrong, stray, below, kept], ev.Policy())
    assert (base.top1, base.false_rej, base.oos_rej, base.utility) == (1, 3, 1, 0)


def test_choose_takes_the_middle_of_the_best_run(ev: ModuleType) -> None:
    grid = [0.86, 0.87, 0.88, 0.89, 0.90, 0.91, 0.92]
    # an out-of-scope question at 0.865 and a wrong rescue at 0.875 are let in by low
    # thresholds; right rescues at 0.915 and 0.925 are kept out by high ones
    outs = [
        outcome(ev, oos=True, expect=(), cand_cos=0.865),
        outcome(ev, cand_cos=0.875, forced=(WRONG,)),
        outcome(ev, cand_cos=0.915),
        outcome(ev, cand_cos=0.925),
    ]
    scores = [ev.tally(outs, ev.Policy(rescue=t)).utility for t in grid]
    assert scores == [0, 1, 2, 2, 2, 2, 1]
    assert ev.choose(outs, grid, lambda t: ev.Policy(rescue=t)) == 0.89
    # nothing to gain: no threshold
    assert ev.choose(outs[:2], grid, lambda t: ev.Policy(rescue=t)) is None
