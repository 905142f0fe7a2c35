"""Payout batches over the staff API: finance makes a batch, uploads the bank's result file
(multipart) with one failed line, reads the reconciliation and the payee list; the ledger's
per-state totals follow; a clerk and an admin are refused what is not theirs."""

from __future__ import annotations

import io

import pytest
from factories.console import CHIEF_RULE, active_card, actor_of, bearer, make_staff
from factories.ledger import open_at_window

from bluecard.ledger import services as ledger

pytestmark = pytest.mark.e2e


def _approved(n: int) -> list[int]:
    clerk = actor_of(make_staff("clerk"))
    reviewer = actor_of(make_staff("reviewer"))
    ids = []
    for _ in range(n):
        app_id = open_at_window(active_card().id, CHIEF_RULE, clerk).id
        ledger.decide_application(app_id, reviewer, approve=True)
        ids.append(app_id)
    return ids


def test_batch_bank_file_and_totals_over_the_api(ctx):
    a, b = _approved(2)
    finance = bearer(ctx, "finance")
    client = ctx.test_client()
    offered = client.get("/api/v1/staff/payouts/approved", headers=finance).get_json()
    assert [x["id"] for x in offered["items"]] == [a, b]

    made = client.post("/api/v1/staff/payouts", json={"application_ids": [a, b]}, headers=finance)
    assert made.status_code == 201
    batch = made.get_json()
    assert batch["total_yuan"] == "1200.00" and batch["counts"]["pending"] == 2
    again = client.post("/api/v1/staff/payouts", json={"application_ids": [a]}, headers=finance)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_in_batch"

    csv_text = f"申请编号,结果,原因\n{a},成功,\n{b},失败,户名与账号不符\n"
    answer = client.post(
        f"/api/v1/staff/payouts/{batch['id']}/bank-result",
        data={"file": (io.BytesIO(csv_text.encode("utf-8")), "回盘.csv")},
        content_type="multipart/form-data",
        headers=finance,
    )
    assert answer.status_code == 200
    report = answer.get_json()
    assert report["counts"]["paid"] == 1 and report["counts"]["failed"] == 1
    failed = next(x for x in report["lines"] if x["application_id"] == b)
    assert failed["reason"] == "户名与账号不符" and failed["outcome"] == "failed"
    assert report["batch"]["status"] == "closed"

    totals = client.get("/api/v1/staff/ledger", headers=finance).get_json()["totals"]
    assert totals["paid"] == {"count": 1, "amount_yuan": "600.00"}
    assert totals["approved"] == {"count": 1, "amount_yuan": "600.00"}  # the failed one
    assert totals["rejected"]["count"] == 0

    payees = client.get(
        f"/api/v1/staff/payouts/payees?batch_id={batch['id']}", headers=finance
    ).get_json()["items"]
    assert [p["application_id"] for p in payees] == [a, b]
    assert all(p["payee_name"] and p["social_security_no"] for p in payees)

    bad = client.post(
        f"/api/v1/staff/payouts/{batch['id']}/bank-result",
        data={"file": (io.BytesIO(b"x,y\n1,2\n"), "bad.csv")},
        content_type="multipart/form-data",
        headers=finance,
    )
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "bad_bank_file"


def test_clerks_cannot_pay_and_admins_cannot_decrypt_payees(ctx):
    clerk = bearer(ctx, "clerk")
    admin = bearer(ctx, "admin")
    client = ctx.test_client()
    assert client.get("/api/v1/staff/payouts", headers=clerk).status_code == 403
    assert client.get("/api/v1/staff/payouts", headers=admin).status_code == 200
    assert client.get("/api/v1/staff/payouts/payees", headers=admin).status_code == 403
    assert client.get("/api/v1/staff/payouts/99999", headers=admin).status_code == 404


def test_a_line_is_removed_over_the_api_until_the_batch_goes_to_the_bank(ctx):
    a, b = _approved(2)
    finance = bearer(ctx, "finance")
    client = ctx.test_client()
    batch = client.post(
        "/api/v1/staff/payouts", json={"application_ids": [a, b]}, headers=finance
    ).get_json()
    assert batch["removable"] is True and batch["sent_at"] is None
    url = f"/api/v1/staff/payouts/{batch['id']}/lines/{b}/remove"

    no_reason = client.post(url, json={}, headers=finance)
    assert no_reason.status_code == 422
    assert [f["field"] for f in no_reason.get_json()["error"]["fields"]] == ["reason"]
    removed = client.post(url, json={"reason": "收款账户待核实"}, headers=finance).get_json()
    assert removed["total_yuan"] == "600.00" and removed["counts"]["removed"] == 1
    [line] = [x for x in removed["lines"] if x["application_id"] == b]
    assert line["status_label"] == "已移出" and line["reason"] == "收款账户待核实"
    offered = client.get("/api/v1/staff/payouts/approved", headers=finance).get_json()
    assert [x["id"] for x in offered["items"]] == [b]

    client.get(f"/api/v1/staff/payouts/payees?batch_id={batch['id']}", headers=finance)
    sent = client.post(
        f"/api/v1/staff/payouts/{batch['id']}/lines/{a}/remove",
        json={"reason": "改期"},
        headers=finance,
    )
    assert sent.status_code == 409 and sent.get_json()["error"]["code"] == "batch_sent"
