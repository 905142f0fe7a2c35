"""Exports staff open in Excel show what was typed and never run it as a formula (OWASP
"CSV injection"): the audit log's CSV and the shared cell helper every CSV export uses."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from bluecard.services.sheets import csv_text
from bluecard.staff.auditlog import AuditEntry, to_csv


def test_text_starting_like_a_formula_is_shown_as_typed() -> None:
    for typed in ('=HYPERLINK("http://x")', "+86 138", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_text(typed) == "'" + typed
    assert csv_text("王=师傅") == "王=师傅"
    assert csv_text(None) == "" and csv_text("") == ""


def test_audit_csv_keeps_a_typed_formula_as_text() -> None:
    entry = AuditEntry(
        id=1,
        at=datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
        actor='=HYPERLINK("http://evil","点我")',
        window=None,
        action="card.revoke",
        target_type="card",
        target_id="BC-1",
        outcome="ok",
        detail={},
        ip=None,
    )
    text = to_csv([entry]).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert any(cell == '\'=HYPERLINK("http://evil","点我")' for cell in rows[1])
    assert not any(cell.startswith("=") for cell in rows[1])
