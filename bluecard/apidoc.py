"""The OpenAPI document, built when it is first asked for instead of at import.

flask-openapi3 turns every route's pydantic models into JSON schemas as the route is declared,
which was a quarter of the service's start-up — for a document only ``/openapi/openapi.json``
serves. ``APIBlueprint`` here declares routes exactly as flask-openapi3's does (the same
request parsing and validation: the parameter models come from the view's annotations either
way) but only records what the document needs; ``LazyDocOpenAPI`` replays those records, once
per blueprint and process, the first time the document is generated. The document is the same
as flask-openapi3 would have built at import (paths, components, tags, in registration order).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask_openapi3 import APIBlueprint as _APIBlueprint
from flask_openapi3 import OpenAPI
from flask_openapi3.utils import parse_parameters

from bluecard.routing import LazyBuilderRule

_replay_lock = threading.Lock()


class APIBlueprint(_APIBlueprint):
    """flask-openapi3's ``APIBlueprint`` whose OpenAPI details are collected on demand
    (``collect_docs``), not while its routes are declared."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: list[tuple[str, Callable[..., Any], dict[str, Any]]] = []

    def _collect_openapi_info(self, rule: str, func: Callable[..., Any], **kwargs: Any) -> Any:
        # The parameter models the view validates with (what flask-openapi3 returns too).
        self._pending.append((rule, func, kwargs))
        return parse_parameters(func, doc_ui=False)

    def collect_docs(self) -> None:
        """Build the paths, component schemas and tags of the routes declared so far (once)."""
        with _replay_lock:
            pending, self._pending = self._pending, []
            for rule, func, kwargs in pending:
                super()._collect_openapi_info(rule, func, **kwargs)


class LazyDocOpenAPI(OpenAPI):
    """flask-openapi3's ``OpenAPI`` app taking the documentation of the ``APIBlueprint``s above
    when its document is first generated (``/openapi/openapi.json``), and URL builders made
    when first used (``bluecard.routing``)."""

    url_rule_class = LazyBuilderRule

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._documented: list[APIBlueprint] = []

    def register_api(self, api: _APIBlueprint, **options: Any) -> None:
        if options.get("url_prefix") or not isinstance(api, APIBlueprint):
            if isinstance(api, APIBlueprint):
                api.collect_docs()  # flask-openapi3 rewrites the paths under the new prefix
            super().register_api(api, **options)  # documented now, as flask-openapi3 does
            return
        self._documented.append(api)
        self.register_blueprint(api, **options)

    def generate_spec_json(self) -> None:
        for api in self._documented:
            api.collect_docs()
            for tag in api.tags:
                if tag.name not in self.tag_names:
                    self.tags.append(tag)
                    self.tag_names.append(tag.name)
            self.paths.update(**api.paths)
            self.components_schemas.update(**api.components_schemas)
        self._documented = []
        super().generate_spec_json()  # type: ignore[no-untyped-call]


__all__ = ["APIBlueprint", "LazyDocOpenAPI"]
