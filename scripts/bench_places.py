"""Benchmark policy_kb.places: load time (fresh interpreter) and per-message resolve time.

    python scripts/bench_places.py [--loads 7] [--rounds 200]

Load: ``import policy_kb.places`` plus building the automaton, measured in fresh interpreters
(median and best of ``--loads``). Resolve: messages of about 100 characters (ordinary questions,
questions naming one or two places), each resolved ``--rounds`` times; prints the median and the
95th percentile per message. Targets: load <= 100 ms, resolve well under 1 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOAD_SNIPPET = (
    "import time; t = time.perf_counter(); import policy_kb.places as p; p.load(); "
    "print(time.perf_counter() - t)"
)

PARTS = [
    "您好，我是在企业上班的电工，去年取得了高级工证书，想问一下技能提升补贴怎么申请，需要哪些材料，",
    "我户口在盱眙县，现在在沭阳县一家光伏企业做焊工，参加了新型学徒制培训，补贴发到哪里，",
    "苏州宿迁工业园区的企业新招了二十名技工院校毕业生，社保已经缴纳六个月，能申请什么补贴，",
    "请问淮安市洪泽区对引进的高级技师有没有安家费和住房补贴，跟连云港赣榆区的政策比怎么样，",
    "我在滕州市，听说枣庄台儿庄区有技能人才奖励，外区的人能不能去申请，流程是怎样的，谢谢，",
    "六安市裕安区和叶集区离得很近，我在叶集的工厂上班，家住裕安，社保在叶集交，能领吗，",
]


def messages() -> list[str]:
    """100-character messages, each three of the parts above, cut at 100."""
    out = []
    for i, a in enumerate(PARTS):
        b = PARTS[(i + 1) % len(PARTS)]
        c = PARTS[(i + 2) % len(PARTS)]
        out.append((a + b + c)[:100])
    return out


def main() -> int:
    """Print the load and resolve figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--loads", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=200)
    args = ap.parse_args()

    loads = []
    for _ in range(args.loads):
        run = subprocess.run(
            [sys.executable, "-c", LOAD_SNIPPET],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        loads.append(float(run.stdout.strip()) * 1000)
    print(
        f"load (import + automaton, fresh interpreter, n={len(loads)}): "
        f"median {statistics.median(loads):.1f} ms, best {min(loads):.1f} ms"
    )

    from policy_kb.places import load, resolve_places

    load()
    msgs = messages()
    per_msg: list[float] = []
    found = 0
    for msg in msgs:
        found += len(resolve_places(msg))
        for _ in range(args.rounds):
            t = time.perf_counter()
            resolve_places(msg)
            per_msg.append((time.perf_counter() - t) * 1e6)
    per_msg.sort()
    p95 = per_msg[int(len(per_msg) * 0.95)]
    avg_len = statistics.mean(len(m) for m in msgs)
    print(
        f"resolve ({len(msgs)} messages of ~{avg_len:.0f} chars, {found} mentions, "
        f"{args.rounds} rounds): median {statistics.median(per_msg):.1f} µs, p95 {p95:.1f} µs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
