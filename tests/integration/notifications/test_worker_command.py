"""`python -m bluecard.notifications.worker --lease S`: the lease reaches the jobs RQ runs."""

from __future__ import annotations

import runpy
import sys
from typing import Any

import pytest

import bluecard
import bluecard.notifications.worker as worker
from bluecard.notifications import command


# The module is already imported (as RQ's workers import it); running it again as __main__ is
# the point of the test, so runpy's note that it is in sys.modules is expected.
@pytest.mark.filterwarnings("ignore:'bluecard.notifications.worker' found in sys.modules")
def test_lease_given_on_the_command_line_is_the_one_jobs_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[dict[str, Any]] = []
    monkeypatch.setattr(command, "run_worker", lambda app, **kw: started.append(kw))
    monkeypatch.setattr(bluecard, "create_app", lambda: object())
    monkeypatch.setattr(worker, "_LEASE", [None])
    monkeypatch.setattr(sys, "argv", ["worker", "--burst", "--lease", "7.5"])

    # Run the module as `python -m` does: as __main__, a second copy of the file.
    runpy.run_module("bluecard.notifications.worker", run_name="__main__")

    assert started == [{"burst": True, "tick_seconds": 10.0}]
    # send_job (imported by RQ under the package name) reads this copy's lease.
    assert worker._LEASE[0] == 7.5
