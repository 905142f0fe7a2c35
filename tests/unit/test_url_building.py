"""Links the pages print are the same with URL builders compiled on first use
(``bluecard.routing.LazyBuilderRule``) as with werkzeug's, compiled at start-up."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, url_for
from werkzeug.routing import Rule

from bluecard.apidoc import LazyDocOpenAPI
from bluecard.routing import LazyBuilderRule


def _app(rule_class: type[Rule]) -> Flask:
    app = Flask(__name__)
    app.url_rule_class = rule_class

    def view(**_: Any) -> str:
        return ""

    app.add_url_rule("/cards/<int:card_id>/pay", "pay", view)
    app.add_url_rule("/policies/<doc_id>", "policy", view)
    app.add_url_rule("/files/<path:name>", "file", view)
    app.add_url_rule("/guides/", "guides", view, defaults={"district": "洪泽区"})
    app.add_url_rule("/guides/<district>", "guides", view)
    app.add_url_rule("/c/<token>", "card", view, subdomain="m")
    app.config["SERVER_NAME"] = "example.test"
    return app


CASES: list[tuple[str, dict[str, Any]]] = [
    ("pay", {"card_id": 42}),
    ("pay", {"card_id": 42, "page": 2, "q": "高级 技师&证"}),
    ("policy", {"doc_id": "hz-2024 引才/补贴", "_anchor": "c-3"}),
    ("file", {"name": "证明/身份证 正面.jpg"}),
    ("guides", {}),
    ("guides", {"district": "洪泽区"}),
    ("guides", {"district": "淮安区", "from": "wechat"}),
    ("card", {"token": "ab-cd", "_external": True}),
]


@pytest.mark.parametrize(("endpoint", "values"), CASES)
def test_a_link_is_the_one_werkzeug_builds(endpoint: str, values: dict[str, Any]) -> None:
    links = []
    for rule_class in (Rule, LazyBuilderRule):
        with _app(rule_class).test_request_context():
            links.append(url_for(endpoint, **values))
    assert links[0] == links[1]


def test_a_link_is_built_again_after_its_first_use() -> None:
    app = _app(LazyBuilderRule)
    with app.test_request_context():
        first = [url_for("pay", card_id=n) for n in (1, 2)]
        assert first == ["/cards/1/pay", "/cards/2/pay"]
        assert url_for("pay", card_id=3, sort="new") == "/cards/3/pay?sort=new"


def test_the_service_declares_its_routes_with_lazy_builders() -> None:
    assert LazyDocOpenAPI.url_rule_class is LazyBuilderRule
