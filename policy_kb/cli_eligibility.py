"""``python -m policy_kb eligibility PROFILE.json|- [--json]``: evaluate a worker profile.

Reads a worker profile (a JSON object, DESIGN.md "Worker profile") from a file or stdin (``-``)
and prints what the worker qualifies for: a readable Chinese summary, or with ``--json`` the
result object (DESIGN.md "Eligibility result"). Exit 0 on success; exit 2 with a message on
stderr naming every bad field for an invalid profile or an unreadable / non-JSON input; exit 1
if the rules catalogue itself is broken. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from policy_kb.eligibility import CatalogueError, ProfileError, evaluate, parse_profile
from policy_kb.eligibility.catalogue import load_catalogue
from policy_kb.eligibility.profile import field_spec

EXIT_BAD_INPUT = 2
EXIT_BROKEN_CATALOGUE = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``eligibility`` arguments on ``parser``."""
    parser.description = __doc__
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("profile", help="worker profile as a JSON file, or - for stdin")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--rules",
        type=Path,
        default=None,
        help="directory of rule files (default: the bundled policy_kb/rules)",
    )


def _read(source: str) -> str:
    """The profile text; raises OSError / UnicodeDecodeError for unreadable input."""
    if source == "-":
        return sys.stdin.buffer.read().decode("utf-8-sig")
    return Path(source).read_bytes().decode("utf-8-sig")


def run(args: argparse.Namespace) -> int:
    """Evaluate the profile named by ``args.profile``; returns the exit code (0, 1 or 2)."""
    try:
        text = _read(args.profile)
    except (OSError, UnicodeDecodeError) as err:
        print(f"eligibility: cannot read profile {args.profile}: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        data = json.loads(text)
    except ValueError as err:
        print(f"eligibility: profile is not valid JSON: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not isinstance(data, dict):
        print("eligibility: profile must be a JSON object", file=sys.stderr)
        return EXIT_BAD_INPUT

    # Imported here so that `python -m policy_kb search` does not pay for the catalogue.

    try:
        profile = parse_profile(data)
    except ProfileError as err:
        lines = [f"  {name}: {message}" for name, message in err.errors]
        print("eligibility: invalid profile\n" + "\n".join(lines), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        catalogue = load_catalogue(args.rules) if args.rules is not None else None
        result = evaluate(profile, catalogue).to_dict()
    except (CatalogueError, ValueError, OSError) as err:
        print(f"eligibility: rules catalogue is broken: {err}", file=sys.stderr)
        return EXIT_BROKEN_CATALOGUE
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(result))
    return 0


_BENEFICIARY_HEADINGS = {
    "individual": "您本人可享受",
    "employer": "用人单位（或引进机构）可为您申领",
    "institution": "有关机构可申领",
}


def _fmt(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _label(name: str) -> str:

    try:
        return field_spec(name).label
    except KeyError:
        return name


def render_text(result: dict[str, Any]) -> str:
    """A readable Chinese summary of a result dict (``EligibilityResult.to_dict()``)."""
    out = [f"{result['region']} · 测算日期 {result['as_of']}"]
    benefits = result["benefits"]
    if not benefits:
        out.append("\n目前没有可确定享受的待遇。")
    for key, heading in _BENEFICIARY_HEADINGS.items():
        items = [b for b in benefits if b["beneficiary"] == key]
        if not items:
            continue
        out.append(f"\n【{heading}】")
        for i, b in enumerate(items, 1):
            out.append(f"{i}. {b['title']}：{b['amount_text']}")
            out.append(f"   依据：{b['document']} {b['clause']}「{b['quote']}」")
            out.extend(f"   注意：{n}" for n in b["notes"])
    if result.get("total_once_yuan"):
        out.append(f"\n一次性金额合计（本人）：{_fmt(result['total_once_yuan'])}元")
    if result["near_misses"]:
        out.append("\n【差一点就能享受】")
        for n in result["near_misses"]:
            out.append(f"- {n['title']}：{n['amount_text']}")
            for u in n["unmet"]:
                hint = f" → {u['hint']}" if u.get("hint") else ""
                out.append(
                    f"  {_label(u['field'])}：要求 {u['required']}，您是 {u['actual']}{hint}"
                )
    if result["unknown"]:
        out.append("\n【还需回答】" + "、".join(_label(f) for f in result["unknown"]))
    if result.get("pending"):
        out.append("\n【待补充信息后可判断】")
        for p in result["pending"]:
            out.append(f"- {p['title']}（还需：{'、'.join(_label(f) for f in p['unknown'])}）")
    for e in result.get("exclusivity", []):
        out.append(
            f"\n【不重复享受】{e['reason']}（{e['document']} {e['clause']}「{e['quote']}」）"
        )
    if result.get("proposed"):
        out.append("\n【征求意见稿中的拟出台措施（尚未施行，不能申领）】")
        out.extend(f"- {p['title']}：{p['amount_text']}" for p in result["proposed"])
    if result.get("programmes"):
        out.append("\n【本地区其他措施（需单位或本人另行符合条件）】")
        out.extend(f"- {p['title']}：{p['amount_text']}" for p in result["programmes"])
    if result.get("warnings"):
        out.append("\n【提示】")
        out.extend(f"- {w}" for w in result["warnings"])
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run as a stand-alone program (``python -m policy_kb.cli_eligibility``)."""
    parser = argparse.ArgumentParser(prog="python -m policy_kb eligibility")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
