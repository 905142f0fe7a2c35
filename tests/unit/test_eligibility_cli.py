"""``python -m policy_kb eligibility``: JSON or a Chinese summary; exit 2 naming every bad field."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("POLICY_KB_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "policy_kb", "eligibility", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def write(tmp_path: Path, data: object, name: str = "p.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


PROFILE = {
    "as_of": "2021-09-01",
    "region": "洪泽区",
    "skill_level": "高级工",
    "introduced": True,
    "shortage_post": True,
    "key_industry": True,
    "employer_in_region": True,
    "contract_years": 2,
    "insurance_months": 10,
}


def test_json_output(tmp_path: Path) -> None:
    p = run_cli(write(tmp_path, PROFILE), "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert {"as_of", "region", "benefits", "near_misses", "unknown"} <= set(out)
    intro = next(b for b in out["benefits"] if b["rule_id"] == "hongze-intro-subsidy")
    assert intro["amount_yuan"] == 5000 and intro["per"] == "once"
    assert intro["document"] == "洪办发〔2021〕10号" and intro["clause"] == "三（三）1"
    assert "15000元、10000元、5000元一次性补贴" in intro["quote"]


def test_text_output_from_stdin() -> None:
    p = run_cli("-", stdin=json.dumps(PROFILE, ensure_ascii=False))
    assert p.returncode == 0, p.stderr
    assert "急需紧缺高技能引进人才一次性补贴" in p.stdout
    assert "5000元" in p.stdout and "洪办发〔2021〕10号" in p.stdout


def test_invalid_profile_exits_2_naming_every_field(tmp_path: Path) -> None:
    bad = {"region": "上海市", "insurance_months": "很多", "rank": 1}
    p = run_cli(write(tmp_path, bad), "--json")
    assert p.returncode == 2
    assert p.stdout == ""
    for name in ("region", "insurance_months", "rank"):
        assert name in p.stderr
    assert "Traceback" not in p.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid JSON"), ("[1, 2]", "JSON object"), (b"\xff\xfe\x00", "cannot read")],
)
def test_unreadable_input_exits_2(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = tmp_path / "p.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    p = run_cli(str(path))
    assert p.returncode == 2 and message in p.stderr and "Traceback" not in p.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    p = run_cli(str(tmp_path / "absent.json"))
    assert p.returncode == 2 and "cannot read" in p.stderr


def test_broken_catalogue_exits_1_without_traceback(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "hongze-2021.yaml").write_text("document: {doc_id: hongze-2021}\n", encoding="utf-8")
    p = run_cli(write(tmp_path, PROFILE), "--rules", str(rules))
    assert p.returncode == 1 and "catalogue" in p.stderr and "Traceback" not in p.stderr


def test_run_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from policy_kb.cli_eligibility import main

    draft = {"as_of": "2025-01-01", "region": "连云港市", "skill_level": "技师"}
    assert main([write(tmp_path, draft)]) == 0
    out = capsys.readouterr().out
    assert "征求意见稿" in out and "目前没有可确定享受的待遇" in out
