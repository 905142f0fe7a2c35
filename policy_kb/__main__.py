"""``python -m policy_kb {search,ingest,eligibility} ...``: the knowledge base on the command line.

Each subcommand lives in its own module (``policy_kb.cli_<name>``) exposing
``add_arguments(parser)`` and ``run(args) -> int``; exit 2 means bad input, named on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys

SUBCOMMANDS: dict[str, str] = {
    "search": "search clauses: one question, or one a line on stdin (JSON lines out)",
    "ingest": "add a policy document (plain text) to the knowledge base",
    "eligibility": "evaluate a worker profile (JSON) against the rules catalogue",
}


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen subcommand; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m policy_kb", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    # Import only the subcommand asked for: search's index libraries cost ~0.5 s to import,
    # which `eligibility` and `ingest` should not pay. Help and errors list them all.
    chosen = [argv[0]] if argv and argv[0] in SUBCOMMANDS else list(SUBCOMMANDS)
    modules = {}
    for name in chosen:
        module = importlib.import_module(f"policy_kb.cli_{name}")
        modules[name] = module
        module.add_arguments(sub.add_parser(name, help=SUBCOMMANDS[name]))
    args = parser.parse_args(argv)
    return int(modules[args.command].run(args))


if __name__ == "__main__":
    sys.exit(main())
