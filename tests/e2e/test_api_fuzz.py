"""Property-based run of the whole OpenAPI document (schemathesis, bounded and
deterministic): whatever the input, no operation answers a 500 or a status its document
does not list. Staff operations run with an admin token, the mini-program's with a user
token, so the fuzzing reaches the services, not only the 401s."""

from __future__ import annotations

import pytest
import schemathesis
from factories.console import staff_login
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import status_code_conformance

from bluecard.extensions import db
from bluecard.staff.sessions import open_session

#: Examples per operation: small and derandomized, so the run is quick and repeatable.
MAX_EXAMPLES = 4
pytestmark = pytest.mark.e2e


def _tokens(app) -> dict[str, str]:
    with app.app_context():
        user = open_session("oFuzzUser0001", 3600).token
        db.session.remove()
    return {"staff": staff_login(app, "admin", district=None)["token"], "user": user}


def test_no_operation_answers_500_or_an_undocumented_status(make_app, echo_bot):
    # WeChat's API at a closed port: wx.login fails at once (502), never a network wait.
    app = make_app(
        bot=echo_bot,
        LOGIN_RATE_LIMIT="100000 per minute",
        WECHAT_API_BASE="http://127.0.0.1:9/cgi-bin/",
    )
    tokens = _tokens(app)
    client = app.test_client()
    for who, path in (("user", "/api/v1/me"), ("staff", "/api/v1/staff/ledger")):
        live = client.get(path, headers={"Authorization": f"Bearer {tokens[who]}"})
        assert live.status_code == 200, (who, live.get_json())  # the fuzzing gets past auth
    schema = schemathesis.openapi.from_wsgi("/openapi/openapi.json", app)
    # Logouts revoke the tokens the other operations use: run them last.
    operations = sorted(
        (result.ok() for result in schema.get_all_operations()),
        key=lambda op: op.path.endswith("/logout"),
    )
    examples = 0
    failures: list[str] = []

    for operation in operations:

        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case) -> None:
            nonlocal examples
            examples += 1
            who = "staff" if case.path.startswith("/api/v1/staff") else "user"
            response = case.call(headers={"Authorization": f"Bearer {tokens[who]}"})
            assert response.status_code != 500, f"500 on {case.method} {case.formatted_path}"
            case.validate_response(response, checks=[status_code_conformance])

        try:
            run()
        except BaseException as exc:  # one report per operation, then the next operation
            if isinstance(exc, KeyboardInterrupt):
                raise
            failures.append(f"{operation.label}: {str(exc)[:400]}")
    print(
        f"schemathesis: {len(operations)} operations, {examples} examples, {len(failures)} failures"
    )
    assert len(operations) >= 20 and examples >= len(operations)
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/staff/applications/99999999999999999999/pay"),
        ("POST", "/api/v1/staff/applications/9223372036854775808/approve"),
        ("POST", "/api/v1/staff/cards/99999999999999999999/applications"),
        ("GET", "/api/v1/staff/notifications/99999999999999999999"),
        ("GET", "/console/cards/99999999999999999999"),
        ("POST", "/console/applications/99999999999999999999/pay"),
        ("GET", "/console/notifications/99999999999999999999"),
    ],
)
def test_ids_out_of_range_are_404_not_500(make_app, echo_bot, method, path):
    app = make_app(bot=echo_bot, WTF_CSRF_ENABLED=False)
    tokens = _tokens(app)
    response = app.test_client().open(
        path,
        method=method,
        json={"rule_id": "x"} if path.endswith("/applications") else None,
        headers={"Authorization": f"Bearer {tokens['staff']}"},
    )
    assert response.status_code == 404


def test_largest_id_reaches_the_service_as_a_plain_404(make_app, echo_bot):
    app = make_app(bot=echo_bot)
    tokens = _tokens(app)
    response = app.test_client().post(
        f"/api/v1/staff/applications/{2**63 - 1}/pay",
        headers={"Authorization": f"Bearer {tokens['staff']}"},
    )
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "application_not_found"
