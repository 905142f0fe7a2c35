"""`python -m policy_kb search`: the contract other tools rely on (docs/contracts.md)."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from policy_kb import cli_search
from policy_kb.search import SearchIndex

ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    cli_search.add_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = cli_search.run(parser.parse_args(argv))
    return code, out.getvalue(), err.getvalue()


def test_stdin_json_lines_one_per_question_index_built_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builds: list[int] = []
    real_build = SearchIndex.build.__func__  # type: ignore[attr-defined]

    def counting_build(cls: type[SearchIndex], kb: object) -> SearchIndex:
        builds.append(1)
        return real_build(cls, kb)  # type: ignore[no-any-return]

    monkeypatch.setattr(SearchIndex, "build", classmethod(counting_build))
    stdin = "叶集首席技师每月奖励多少\n\n明天会下雨吗\n宿迁订单班补助\n"
    code, out, _ = run(["--json", "--top", "2"], stdin, monkeypatch)
    assert code == 0 and builds == [1]
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["query"] for r in rows] == [
        "叶集首席技师每月奖励多少",
        "明天会下雨吗",
        "宿迁订单班补助",
    ]
    assert rows[0]["answered"] is True and len(rows[0]["results"]) == 2
    assert "每人每月600元奖励" in rows[0]["results"][0]["text"]
    assert rows[1] == {
        "query": "明天会下雨吗",
        "answered": False,
        "region": None,
        "about_document": False,
        "uncovered_places": [],
        "results": [],
    }


def test_human_readable_output(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["洪泽从外地引进的技师有多少补贴", "--top", "1"], "", monkeypatch)
    assert code == 0
    assert "《洪泽区产业工人队伍建设实施方案》三（三）1" in out and "10000元" in out
    code, out, _ = run(["连云港特级技师薪酬"], "", monkeypatch)
    assert "征求意见稿" in out


def test_unknown_region_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(["补贴", "--region", "火星"], "", monkeypatch)
    assert code == 2 and out == "" and "unknown region" in err


def test_region_flag_accepts_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["技能大赛奖励", "--region", "yeji", "--json"], "", monkeypatch)
    row = json.loads(out)
    assert code == 0 and row["region"] == "叶集区" and row["results"][0]["doc_id"] == "yeji"


def test_module_entry_point_contract() -> None:
    p = subprocess.run(
        [sys.executable, "-m", "policy_kb", "search", "--json", "--top", "3"],
        input="洪泽引进人才补帖\n帮我写一首诗\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    first, second = (json.loads(line) for line in p.stdout.splitlines())
    assert first["answered"] and first["results"][0]["doc_id"] == "hongze-2021"
    assert second["answered"] is False
