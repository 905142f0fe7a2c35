"""Numbers typed where an id or a row index is expected: a superscript ² (which str.isdigit
accepts and int refuses) or 25 nines (beyond the database's BIGINT) are refused with a 4xx
naming the field or ignored, never a 500 — on the public survey form, the payout batch form
and API, the audit filter, the bank's result file and the talent list's page."""

from __future__ import annotations

import pytest
from factories.console import Browser, actor_of, bearer, console_client, csrf_token, make_staff

from bluecard.payouts.bankfile import BankFileError, parse_bank_file
from bluecard.services.ids import parse_id
from bluecard.surveys import services as surveys

pytestmark = pytest.mark.e2e

HUGE = "9" * 25


@pytest.mark.parametrize("text", ["²", "①", "١٢", "-3", "+3", "3.0", "", " ", HUGE, "0"])
def test_parse_id_takes_ascii_digits_in_range_only(text):
    assert parse_id(text) is None


def test_parse_id_reads_plain_numbers():
    assert parse_id(" 42 ") == 42 and parse_id("0", minimum=0) == 0
    assert parse_id(str(2**63 - 1)) == 2**63 - 1 and parse_id(str(2**63)) is None


@pytest.mark.parametrize("cell", ["²", HUGE])
def test_a_bank_file_row_with_a_strange_id_names_the_row(cell):
    with pytest.raises(BankFileError) as err:
        parse_bank_file(f"申请编号,结果\n{cell},成功\n".encode(), "回盘.csv")
    assert "第2行：申请编号" in str(err.value)


def test_the_public_survey_form_ignores_a_strange_row_index(ctx):
    clerk = make_staff("clerk", district="台儿庄区")
    view = surveys.create_round(
        actor_of(clerk), title="走访", enterprises=[("运河纺织有限公司", None)]
    )
    path = "/s/" + view.invitations[0].link.rsplit("/s/", 1)[1]
    web = Browser(ctx.test_client())
    token = csrf_token(web.get(path).get_data(as_text=True))
    for index in ("²", HUGE):
        answer = web.post(
            path,
            data={"csrf_token": token, "action": "draft", f"demands.{index}.trade": "焊工"},
        )
        assert answer.status_code < 500, index


def test_console_and_api_refuse_strange_ids_naming_the_field(ctx):
    finance, _ = console_client(ctx, "finance")
    for value in ("²", HUGE):
        answer = finance.post_form(
            "/console/payouts", "/console/payouts", {"application_id": value}
        )
        assert answer.status_code == 400
        assert "申请编号（application_id）无效" in answer.get_data(as_text=True)
    admin, _ = console_client(ctx, "admin")
    for value in ("²", HUGE):
        answer = admin.get(f"/console/audit?card={value}")
        assert answer.status_code == 400
        assert "蓝卡编号（card）应为数字" in answer.get_data(as_text=True)
    talent, _ = console_client(ctx, "policy")
    assert talent.get(f"/console/talent?page={HUGE}").status_code == 200
    assert talent.get("/console/talent?page=²").status_code == 200
    api = ctx.test_client().post(
        "/api/v1/staff/payouts",
        json={"application_ids": [int(HUGE)]},
        headers=bearer(ctx, "finance"),
    )
    assert api.status_code == 422


def test_the_batch_service_refuses_an_id_no_row_can_have(ctx):
    from bluecard.payouts import services as payouts
    from bluecard.services.errors import NotFound

    with pytest.raises(NotFound):
        payouts.create_batch(actor_of(make_staff("finance")), [int(HUGE)])
