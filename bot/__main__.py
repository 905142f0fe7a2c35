"""``python -m bot chat``: talk to the bot in a terminal, through the same code path as WeChat.

Options: ``--user ID`` (a stable user key, default "terminal"), ``--region R`` (as if the user
had said 「我在R」). Type 「帮助」 for help; Ctrl-D or 「exit」 to leave.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.dialogue import Bot
from bot.store import MemoryStore
from policy_kb.kb import load_knowledge_base
from policy_kb.regions import canonical_region
from policy_kb.search import SearchIndex

EXIT_WORDS = frozenset({"exit", "quit", ":q"})


def chat(argv: list[str] | None = None) -> int:
    """Run the interactive chat loop on stdin/stdout; returns the exit code (2: bad option)."""
    parser = argparse.ArgumentParser(prog="python -m bot chat", description=__doc__)
    parser.add_argument("--user", default="terminal", help="user key (default: terminal)")
    parser.add_argument("--region", help="start as if the user said 「我在REGION」")
    args = parser.parse_args(argv)

    region = None
    if args.region:
        region = canonical_region(args.region)
        if region is None:
            print(f"error: --region: unknown region {args.region!r}", file=sys.stderr)
            return 2
    kb = load_knowledge_base()
    return run_loop(Bot(kb, SearchIndex.build(kb), MemoryStore()), args.user, region)


def run_loop(bot: Any, user: str, region: str | None = None) -> int:
    """Talk to ``bot`` (anything with ``on_text``/``on_event``/``set_region``) as ``user`` on
    stdin/stdout until EOF or an exit word; returns 0. Shared with ``bluecard chat``, which
    passes the service's bot (with the database: card applications, saved profiles)."""
    if region:
        bot.set_region(user, region)
    interactive = sys.stdin.isatty()
    print(bot.on_event(user, "subscribe").text)
    while True:
        try:
            line = input("\n你> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line.strip().lower() in EXIT_WORDS:
            return 0
        if not interactive:
            print(f"\n你> {line}")
        reply = bot.on_text(user, line)
        print(f"技工蓝卡> {reply.text}" if reply.text else "技工蓝卡> (无回复)")


COMMANDS = {"chat": chat}


def main(argv: list[str] | None = None) -> int:
    """Dispatch ``python -m bot <command>``; only ``chat`` exists."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        print("usage: python -m bot chat [--user ID] [--region R]", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
