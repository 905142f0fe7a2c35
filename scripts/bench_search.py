"""Measure clause search: start-up and per-question latency, in plain figures.

Usage: .venv/bin/python scripts/bench_search.py [QUESTIONS.jsonl ...] [--repeat N]
    [--max-startup-ms MS] [--max-median-ms MS]
(default questions: tests/data/qa_tune.jsonl, repeated 5 times). Prints the import time of
the search stack, the knowledge-base load time, the jieba dictionary load, the index build,
and median / p95 / max latency per question for the first pass (cold caches) and all passes,
then checks the budgets (start-up 2000 ms, median query 5 ms by default): exit status 1 when
one is exceeded.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _summary(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {_ms(statistics.median(ordered))}, p95 {_ms(p95)}, max {_ms(ordered[-1])}"
        f" over {len(ordered)} questions"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns 0, or 1 when a budget is exceeded."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", nargs="*", default=[str(ROOT / "tests/data/qa_tune.jsonl")])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--max-startup-ms", type=float, default=2000.0)
    parser.add_argument("--max-median-ms", type=float, default=5.0)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    from policy_kb.kb import load_knowledge_base
    from policy_kb.search import SearchIndex, segment

    t1 = time.perf_counter()
    kb = load_knowledge_base()
    t2 = time.perf_counter()
    segment.tokenizer()
    t3 = time.perf_counter()
    index = SearchIndex.build(kb)
    t4 = time.perf_counter()

    questions = [
        json.loads(line)["q"]
        for path in args.questions
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    first: list[float] = []
    every: list[float] = []
    for rep in range(args.repeat):
        for q in questions:
            s = time.perf_counter()
            index.search(q, top=3)
            dt = time.perf_counter() - s
            every.append(dt)
            if rep == 0:
                first.append(dt)

    print(f"import search stack:   {_ms(t1 - t0)}")
    print(f"load knowledge base:   {_ms(t2 - t1)}  ({len(kb.documents)} documents)")
    print(f"jieba dictionary load: {_ms(t3 - t2)}")
    print(f"index build:           {_ms(t4 - t3)}  ({index.size} clauses)")
    print(f"start-up total:        {_ms(t4 - t0)}")
    print(f"query, first pass:     {_summary(first)}")
    print(f"query, all passes:     {_summary(every)}")
    startup_ms = (t4 - t0) * 1000
    median_ms = statistics.median(every) * 1000
    ok = startup_ms <= args.max_startup_ms and median_ms <= args.max_median_ms
    print(
        f"budget:                start-up {startup_ms:.0f}/{args.max_startup_ms:.0f} ms, "
        f"median {median_ms:.2f}/{args.max_median_ms:.2f} ms: {'OK' if ok else 'EXCEEDED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
