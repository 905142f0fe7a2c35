"""URL rules whose builders are compiled when ``url_for`` first needs them, not at start-up.

werkzeug compiles two builder functions per rule (generated source, ``ast``, ``compile``) as
the rule is bound: 350 compilations for the service's routes, about 0.15 s of the start-up
before the first answer, although most rules never build a URL (the WeChat callback builds
none). ``LazyBuilderRule`` returns werkzeug's own builders, made at their first use: the URLs
are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.routing import Rule

Builder = Callable[..., tuple[str, str]]


class LazyBuilderRule(Rule):
    """werkzeug's ``Rule`` with its URL builders compiled on their first call.

    Each ``compile()`` (binding or re-binding the rule) makes new builders, as werkzeug's
    does, so a builder always reflects the rule's current parts. Two threads building the
    same URL first may both compile it; they get equal functions, one of which is kept.
    """

    def _compile_builder(self, append_unknown: bool = True) -> Builder:
        compiled: Builder | None = None

        def build(rule: Rule, *args: Any, **kwargs: Any) -> tuple[str, str]:
            nonlocal compiled
            if compiled is None:
                compiled = Rule._compile_builder(rule, append_unknown)
            return compiled(rule, *args, **kwargs)

        return build


__all__ = ["LazyBuilderRule"]
