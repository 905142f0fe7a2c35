"""YAML read with libyaml when PyYAML has it: the bundled corpus metadata, rules, targets and
申兑指南 are parsed at every start, and the pure-Python parser took a third of a second of it.

``CSafeLoader`` is PyYAML's ``SafeLoader`` with libyaml's scanner and parser: the same
constructors, so the same values (dates, numbers, strings) and ``yaml.YAMLError`` on bad input.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, with libyaml when available. Raises yaml.YAMLError."""
    return yaml.load(text, Loader=_LOADER)
