"""``python -m policy_kb search [QUESTION] [--top N] [--region R] [--json]``: search clauses.

With QUESTION: answer it. Without: read one question a line from stdin (blank lines skipped)
and write one result a line; the index is built once for all lines. ``--json`` writes
``{"query", "answered", "region", "results": [{"doc_id", "doc_title", "clause_id", "number",
"heading", "text", "sentence", "score", "status", "citation"}]}`` per question (one line each);
without it, a readable listing. ``answered`` is false when nothing in the knowledge base
answers the question (results are then empty). Exit 2 on an unknown --region or --top < 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import TextIO

from policy_kb.kb import load_knowledge_base
from policy_kb.regions import canonical_region
from policy_kb.search import SearchIndex, SearchResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``search`` arguments on ``parser``."""
    parser.description = __doc__
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("question", nargs="?", help="the question; omit to read stdin")
    parser.add_argument("--top", type=int, default=3, help="results per question (default 3)")
    parser.add_argument("--region", help="list this region's clauses first (name or alias)")
    parser.add_argument("--json", action="store_true", help="one JSON object a line")


def format_text(result: SearchResult) -> str:
    """A readable rendering of one result (several lines, no trailing newline)."""
    where = f"（{result.region}）" if result.region else ""
    if not result.answered:
        return f"问：{result.query}{where}\n  知识库中没有回答这个问题的条款。"
    lines = [f"问：{result.query}{where}"]
    for n, h in enumerate(result.hits, 1):
        draft = "【征求意见稿，未生效】" if h.status == "draft" else ""
        heading = f" {h.heading}" if h.heading else ""
        lines.append(f"{n}. {draft}《{h.doc_title}》{h.number}{heading}  (score {h.score:.3f})")
        lines.append(f"   {h.sentence}")
    return "\n".join(lines)


def _questions(args: argparse.Namespace, stdin: TextIO) -> Iterable[str]:
    if args.question is not None:
        yield args.question
        return
    for line in stdin:
        q = line.strip()
        if q:
            yield q


def run(args: argparse.Namespace) -> int:
    """Run the search subcommand; returns the exit code (0, or 2 for bad arguments)."""
    if args.region is not None and canonical_region(args.region) is None:
        print(f"search: unknown region {args.region!r}", file=sys.stderr)
        return 2
    if args.top < 1:
        print("search: --top must be at least 1", file=sys.stderr)
        return 2
    index = SearchIndex.build(load_knowledge_base())
    out = sys.stdout
    for q in _questions(args, sys.stdin):
        result = index.search(q, top=args.top, region=args.region)
        if args.json:
            out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        else:
            out.write(format_text(result) + "\n\n")
        out.flush()
    return 0
