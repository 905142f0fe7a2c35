"""The notification worker's command line refuses a negative, infinite or absurd --tick or
--lease (exit 2 naming the option) before anything starts: a negative lease would recover
rows another worker is still sending."""

from __future__ import annotations

import pytest

from bluecard.notifications import command


@pytest.mark.parametrize(
    ("option", "value"),
    [("--tick", "-5"), ("--tick", "nan"), ("--tick", "inf"), ("--lease", "-1"), ("--lease", "x")],
)
def test_bad_seconds_exit_2_naming_the_option(option, value, capsys):
    with pytest.raises(SystemExit) as stop:
        command.main([option, value])
    assert stop.value.code == 2
    assert option in capsys.readouterr().err
