"""Benchmark of the bot alone, in-process: CPU per WeChat text message, and a profile.

    .venv/bin/python scripts/bench_bot.py                    # 9 passes, cold and warm, top 25
    .venv/bin/python scripts/bench_bot.py --passes 5 --top 40 --sort cumulative
    .venv/bin/python scripts/bench_bot.py --search           # + search per question

The bot is built as the service builds the one the ``/wechat`` handler calls
(``bluecard._make_bot``): the bundled knowledge base, its search index remembering its answers
(``CachedSearch``), the eligibility results remembered (``CachedEvaluator``), here with the
in-process session store (``bot.store.MemoryStore``) and no database services. Each pass sends
the same chats, each from a new worker (fresh dialogue state): the questions of
``scripts/bench_callback.py`` asked one per chat, then chats of our own wording with follow-ups
on the last answer, a place set first, the questionnaire and small talk.

Two figures, each the median over ``--passes`` passes of CPU time (``time.process_time``, not
the wall clock: the machine is shared) divided by the messages sent:

* cold: before each pass the bot's per-text memories (``bot.intents``' readings, normalised
  texts, places per text, the answers' sentences) are emptied, so each message is read as a
  text the process has not seen (the search's answers stay remembered: ``--search``);
* warm: nothing emptied, as in ``scripts/bench_callback.py``, whose few dozen questions repeat;
* callback stream: warm, the messages in ``scripts/bench_callback.py``'s order (each worker
  sends the questions in a row, so most of its messages come inside the questionnaire one of
  them starts, answered aside).

Then a cProfile (CPU time) of ``--profiled`` more cold passes (``--top`` lines, ``--sort`` key). With ``--search``:
the search alone (``SearchIndex.search`` of the uncached index) per bench question, CPU µs, the
median of the passes, each question searched with the search's memories emptied first
(``forget_search``: as a question never asked, in a process that has read no word before).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import importlib.util
import io
import pstats
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Chats of our own wording (not eval lines): a worker's messages in order.
CHATS: tuple[tuple[str, ...], ...] = (
    ("你好", "洪泽区引进高级技师有什么补贴", "那技师呢", "需要什么材料", "谢谢"),
    ("我在宿迁", "新型学徒制培训有补贴吗", "给谁的", "个人呢", "多久发一次"),
    ("台儿庄区技能大师工作室给多少钱", "叶集呢", "这是哪里的政策", "好的"),
    ("帮助", "我在叶集", "高级工有生活补贴吗", "每个月多少", "要交社保吗", "合同要签几年"),
    ("菜单", "1", "下一页", "原文"),
    ("我在洪泽", "测一测", "高级工", "是", "1", "2", "没有", "就这些", "谢谢"),
    ("我能领哪些补贴", "技师", "否", "退出", "连云港有啥政策"),
    ("我是沭阳县的电工，考了技师证，能拿多少", "全市呢", "什么时候截止"),
    ("三元镇的企业招技工有补贴吗", "单位能拿多少", "怎么申请"),
    ("苏州有技能人才补贴吗", "那宿迁呢", "嗯嗯"),
    ("在吗", "我想问问补贴", "技能等级认定", "考中级工给钱吗"),
    ("技能竞赛拿了市级二等奖有奖金吗", "一等奖呢", "省级的呢", "还有别的吗"),
    ("我三级工，从外地引进的，合同签了两年，在洪泽上班", "能领多少", "看结果"),
    ("申请补贴去哪里办", "要带身份证吗", "多久到账", "好的谢谢"),
    ("首席技师怎么评", "有什么待遇", "评上了给多少钱"),
    ("你是谁", "哈哈", "再见"),
)


def _bench_questions() -> tuple[str, ...]:
    spec = importlib.util.spec_from_file_location(
        "bench_callback", ROOT / "scripts" / "bench_callback.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_callback"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return tuple(module.QUESTIONS)


def build_bot() -> Any:
    """The bot as ``bluecard._make_bot`` builds it, on the in-process store."""
    from bluecard.knowledge import CachedEvaluator, _cached, load_knowledge
    from bot.dialogue import Bot
    from bot.store import MemoryStore

    knowledge = _cached(load_knowledge())
    return Bot(knowledge.kb, knowledge.index, MemoryStore(), evaluate=CachedEvaluator())


def forget() -> None:
    """Empty what the bot keeps per text (its readings of texts seen before, the places named
    in them); the search's remembered answers are kept (``--search`` times the search)."""
    from policy_kb import places

    places._index().resolved.clear()
    for name, module in list(sys.modules.items()):
        if not name.startswith("bot.") or module is None:
            continue
        for value in list(vars(module).values()):
            # per-text memories are bounded; ``functools.cache`` (unbounded) holds derived tables
            if isinstance(value, functools._lru_cache_wrapper):
                maxsize = value.cache_parameters()["maxsize"]
                if maxsize is not None and maxsize > 64:
                    value.cache_clear()


def forget_search(index: Any) -> None:
    """Empty what the search keeps between questions (words read, pairs of word and clause
    weighed, repairs): module memories of ``policy_kb.search`` and those of the index's parts."""
    holders: list[Any] = [
        m for n, m in list(sys.modules.items()) if n.startswith("policy_kb.search") and m
    ]
    holders += [v for v in vars(index).values() if hasattr(v, "__dict__")]
    for holder in holders:
        for value in list(vars(holder).values()):
            if isinstance(value, functools._lru_cache_wrapper):
                maxsize = value.cache_parameters()["maxsize"]
                if maxsize is not None and maxsize > 64:
                    value.cache_clear()


def chats(questions: Sequence[str]) -> list[tuple[str, ...]]:
    return [(q,) for q in questions] + list(CHATS)


def one_pass(bot: Any, conversations: list[tuple[str, ...]], tag: str) -> tuple[float, int]:
    """CPU seconds for sending every chat once (each from a new worker), and messages sent."""
    sent = 0
    start = time.process_time()
    for i, lines in enumerate(conversations):
        uid = f"bench-{tag}-{i}"
        for line in lines:
            bot.on_text(uid, line)
            sent += 1
    return time.process_time() - start, sent


def stream_pass(bot: Any, questions: Sequence[str], tag: str) -> tuple[float, int]:
    """CPU seconds for ``scripts/bench_callback.py``'s stream: each of its clients is one worker
    sending the questions in a row from its own starting point (here 5 workers, twice round
    the list each, new workers each pass), and messages sent."""
    sent = 0
    start = time.process_time()
    for i in range(5):
        for k in range(i, i + 2 * len(questions)):
            bot.on_text(f"bench-{tag}-{i}", questions[k % len(questions)])
            sent += 1
    return time.process_time() - start, sent


def replies(bot: Any, conversations: list[tuple[str, ...]]) -> list[str]:
    """Every reply's intent and text (to compare two versions of the code: ``--dump``)."""
    out = []
    for i, lines in enumerate(conversations):
        for line in lines:
            r = bot.on_text(f"dump-{i}", line)
            out.append(f"{line}\t{r.intent}\t{r.text!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Print CPU µs per message (cold, warm), a profile, optionally the search's figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--passes", type=int, default=9)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--profiled", type=int, default=3, help="cold passes profiled (0: none)")
    ap.add_argument("--sort", default="tottime", help="pstats key: tottime, cumulative, ncalls")
    ap.add_argument("--search", action="store_true", help="also time the search per question")
    ap.add_argument("--dump", metavar="FILE", help="write every reply to FILE and stop")
    args = ap.parse_args(argv)

    bot = build_bot()
    questions = _bench_questions()
    conversations = chats(questions)
    if args.dump:
        forget()
        Path(args.dump).write_text("\n".join(replies(bot, conversations)) + "\n", "utf-8")
        return 0
    one_pass(bot, conversations, "warm-up")
    # As ``wsgi.py`` does once the app is built: what was made so far is left out of later
    # collections (else a full collection walks the index's millions of objects).
    gc.collect()
    gc.freeze()

    stream_pass(bot, questions, "warm-up")
    cold, warm, streamed = [], [], []
    for p in range(args.passes):
        forget()
        seconds, sent = one_pass(bot, conversations, f"cold{p}")
        cold.append(seconds / sent * 1e6)
        seconds, sent = one_pass(bot, conversations, f"warm{p}")
        warm.append(seconds / sent * 1e6)
        seconds, in_stream = stream_pass(bot, questions, f"stream{p}")
        streamed.append(seconds / in_stream * 1e6)
    print(f"messages a pass: {sent} in {len(conversations)} chats; passes: {args.passes}")
    print(f"cold: {statistics.median(cold):7.1f} µs CPU a message (min {min(cold):.1f})")
    print(f"warm: {statistics.median(warm):7.1f} µs CPU a message (min {min(warm):.1f})")
    print(
        f"callback stream (warm, {in_stream} messages): {statistics.median(streamed):7.1f} µs CPU"
        f" a message (min {min(streamed):.1f})"
    )

    # timed by CPU, not the wall clock: on a busy machine another process's turn would be
    # charged to whatever function was running
    if args.profiled > 0:
        profile = cProfile.Profile(time.process_time)
        for p in range(args.profiled):
            forget()
            profile.enable()
            one_pass(bot, conversations, f"profile{p}")
            profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())

    if args.search:
        uncached = getattr(bot.index, "uncached", bot.index)
        per: dict[str, list[float]] = {q: [] for q in questions}
        for _ in range(args.passes):
            for q in questions:
                forget_search(uncached)
                start = time.process_time()
                uncached.search(q)
                per[q].append(time.process_time() - start)
        each = [statistics.median(v) * 1e6 for v in per.values()]
        print(
            f"search: {statistics.mean(each):.0f} µs CPU a question on average "
            f"(median {statistics.median(each):.0f}, max {max(each):.0f}), {len(each)} questions"
        )
        if args.profiled > 0:
            profile = cProfile.Profile(time.process_time)
            for q in questions:
                forget_search(uncached)
                profile.enable()
                uncached.search(q)
                profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
