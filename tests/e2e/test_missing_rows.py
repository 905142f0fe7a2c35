"""Every console and API route that names a row, asked for one that does not exist, answers
a 4xx (the service's NotFound as a page or the JSON shape), never a 500: each blueprint maps
service errors to HTTP (``bluecard.errors.register_service_error_pages`` /
``register_service_errors``)."""

from __future__ import annotations

import pytest
from factories.console import bearer, console_client, csrf_token
from werkzeug.routing.converters import NumberConverter

from bluecard.staff.models import STAFF_ROLES

pytestmark = pytest.mark.e2e


def _routes(app, prefixes):
    """(method, url) of every route under ``prefixes`` with an argument, the arguments
    filled with ids of rows that do not exist."""
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.arguments or not rule.rule.startswith(prefixes):
            continue
        values = {}
        for name, converter in rule._converters.items():
            numeric = isinstance(converter, NumberConverter)
            values[name] = 987654321 if numeric else "nosuch"
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **values)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            out.append((method, url))
    return out


def test_no_console_route_answers_500_for_a_missing_row(make_app):
    app = make_app(LOGIN_RATE_LIMIT="100000 per minute")
    routes = _routes(app, ("/console", "/s/", "/c/", "/n/", "/policies", "/guides"))
    assert any("/console/payouts/" in url for _, url in routes)
    failures = []
    for role in STAFF_ROLES:
        browser, _ = console_client(app, role)
        token = csrf_token(browser.get("/console/notifications/new").get_data(as_text=True))
        for method, url in routes:
            if url.endswith("/logout"):
                continue
            if method == "GET":
                response = browser.get(url)
            else:
                response = browser.client.open(url, method=method, data={"csrf_token": token})
            if response.status_code >= 500:
                failures.append(f"{role} {method} {url} → {response.status_code}")
            elif response.status_code == 404 and "/console/" in url:
                assert "系统出错" not in response.get_data(as_text=True)
    assert not failures, "\n".join(failures)


def test_no_api_route_answers_500_for_a_missing_row(make_app):
    app = make_app(LOGIN_RATE_LIMIT="100000 per minute")
    routes = _routes(app, ("/api/v1",))
    failures = []
    for role in STAFF_ROLES:
        headers = bearer(app, role)
        for method, url in routes:
            if url.endswith("/logout"):
                continue
            response = app.test_client().open(url, method=method, headers=headers, json={})
            if response.status_code >= 500:
                failures.append(f"{role} {method} {url} → {response.status_code}")
    assert not failures, "\n".join(failures)
