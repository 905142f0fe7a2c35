"""The survey counts each enterprise once and keeps what the enterprise sent: a 统一社会信用代码
listed twice is refused when a round is made, an enterprise visited in two rounds is one
enterprise of the summaries and the 年报 (its latest form), a double-tapped 提交 is taken
once, a seal sent with a form that fails its checks is kept, an over-large post is a page in
Chinese, 需求工种 is named as the talent database names it, and one wage is a number."""

from __future__ import annotations

import io
import re
import threading

import pytest
from factories.console import Browser, actor_of, console_client, csrf_token, make_staff
from factories.surveys import survey_data, taierzhuang_credit_code
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import func, select

from bluecard.extensions import db
from bluecard.models import AuditLog
from bluecard.services.errors import Refused
from bluecard.surveys import services as surveys
from bluecard.targets import services as targets

pytestmark = pytest.mark.e2e


def _token(link: str) -> str:
    return link.rsplit("/s/", 1)[1]


def _text(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _fields(data: dict, prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out += _fields(value, name + ".")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                out += _fields(item, f"{name}.{i}.")
        else:
            out.append((name, str(value)))
    return out


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (240, 160), "red").save(out, "PNG")
    return out.getvalue()


def test_a_round_refuses_one_credit_code_listed_twice(ctx, app):
    code = taierzhuang_credit_code()
    lines = f"运河机械厂，{code}\n古城纸箱厂\n运河机械厂（二车间） {code}\n"
    items, problems = surveys.parse_enterprise_lines(lines)
    assert [name for name, _ in items] == ["运河机械厂", "古城纸箱厂"]
    assert len(problems) == 1
    assert "第3行" in problems[0] and code in problems[0] and "第1行" in problems[0]

    web, account = console_client(app, "clerk", district="台儿庄区")
    clerk = actor_of(account)
    page = web.get("/console/surveys")
    response = web.post(
        "/console/surveys/new",
        data={
            "title": "年末走访",
            "enterprises": lines,
            "csrf_token": csrf_token(page.get_data(as_text=True)),
        },
    )
    assert response.status_code == 422
    shown = _text(response.get_data(as_text=True))
    assert code in shown and "第3行" in shown
    assert surveys.list_rounds(clerk) == []

    # the service refuses it too, and so does adding an enterprise already in the round
    with pytest.raises(Refused) as twice:
        surveys.create_round(clerk, title="t", enterprises=[("甲", code), ("乙", code)])
    assert code in twice.value.message
    view = surveys.create_round(clerk, title="年末走访", enterprises=[("运河机械厂", code)])
    with pytest.raises(Refused) as again:
        surveys.add_enterprises(clerk, view.id, [("运河机械厂分厂", code)])
    assert code in again.value.message
    assert len(surveys.get_round(clerk, view.id).invitations) == 1


def test_an_enterprise_of_two_rounds_is_one_enterprise_with_its_latest_form(ctx, app):
    clerk = actor_of(make_staff("clerk", district="台儿庄区"))
    code = taierzhuang_credit_code()
    web = Browser(app.test_client())
    for title, employees in (("三季度回访", 100), ("四季度回访", 130)):
        view = surveys.create_round(clerk, title=title, enterprises=[("运河机械厂", code)])
        sent = web.post(
            f"/api/v1/surveys/{_token(view.invitations[0].link)}",
            json=survey_data(credit_code=code, employees_total=employees),
        )
        assert sent.status_code == 201, sent.get_json()
    district = surveys.summary(clerk)
    assert (district.submitted, district.invited) == (1, 1)
    assert district.summary.overall.enterprises == 1
    assert district.summary.overall.employees == 130  # the later form, not 230
    report = targets.build_report(clerk, kind="year")
    assert report.survey.submitted == 1
    assert report.survey.summary.overall.employees == 130

    # two forms of one round giving the same code (none was listed) count once in the export
    view = surveys.create_round(clerk, title="补充走访", enterprises=[("甲", None), ("乙", None)])
    other = taierzhuang_credit_code()
    for inv in view.invitations:
        web.post(f"/api/v1/surveys/{_token(inv.link)}", json=survey_data(credit_code=other))
    _, data = surveys.export_round(clerk, view.id)
    sheet = load_workbook(io.BytesIO(data))["统计汇总"]
    assert [r[1] for r in sheet.iter_rows(values_only=True) if r[0] == "企业数"] == [1]
    assert surveys.summary(clerk, round_id=view.id).summary.overall.enterprises == 1


def test_a_double_tapped_submit_is_taken_once(ctx, app):
    clerk = actor_of(make_staff("clerk", district="台儿庄区"))
    view = surveys.create_round(clerk, title="走访", enterprises=[("古城纸箱厂", None)])
    token = _token(view.invitations[0].link)
    start = threading.Barrier(4)
    answers: list[tuple[int, str]] = []

    def tap(i: int) -> None:
        client = app.test_client()
        start.wait()
        r = client.post(f"/api/v1/surveys/{token}", json=survey_data(employees_total=120 + i))
        body = r.get_json()
        answers.append((r.status_code, (body.get("error") or {}).get("message", "")))

    taps = [threading.Thread(target=tap, args=(i,)) for i in range(4)]
    for t in taps:
        t.start()
    for t in taps:
        t.join()
    assert sorted(code for code, _ in answers) == [201, 409, 409, 409]
    assert {m for code, m in answers if code == 409} == {"这份调查表已经提交过了"}
    rows = db.session.execute(
        select(func.count()).select_from(AuditLog).where(AuditLog.action == "survey.submit")
    ).scalar()
    assert rows == 1


def test_a_seal_sent_with_a_form_to_correct_is_kept(ctx, app):
    clerk = actor_of(make_staff("clerk", district="台儿庄区"))
    view = surveys.create_round(clerk, title="走访", enterprises=[("古城纸箱厂", None)])
    client = app.test_client()
    url = "/s/" + _token(view.invitations[0].link)
    token = csrf_token(client.get(url).get_data(as_text=True))
    bad = dict(_fields(survey_data(employees_total="一百二")), csrf_token=token, action="submit")
    response = client.post(
        url,
        data={**bad, "seal": (io.BytesIO(_png()), "章.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    shown = _text(response.get_data(as_text=True))
    assert "已上传盖章图片" in shown
    # corrected and sent again without choosing the picture again: the seal is on the form
    good = dict(_fields(survey_data()), csrf_token=token, action="submit")
    response = client.post(url, data=good, content_type="multipart/form-data")
    assert response.status_code == 200
    assert surveys.get_round(clerk, view.id).invitations[0].has_seal


@pytest.mark.parametrize("by_staff", [False, True])
def test_a_post_over_the_limit_is_a_page_saying_go_back_for_a_smaller_picture(ctx, app, by_staff):
    if by_staff:
        client, account = console_client(app, "clerk", district="台儿庄区")
        clerk = actor_of(account)
    else:
        client, clerk = app.test_client(), actor_of(make_staff("clerk", district="台儿庄区"))
    view = surveys.create_round(clerk, title="走访", enterprises=[("古城纸箱厂", None)])
    inv = view.invitations[0]
    url = f"/console/surveys/fill/{inv.id}" if by_staff else "/s/" + _token(inv.link)
    fields = dict(
        _fields(survey_data()),
        csrf_token=csrf_token(client.get(url).get_data(as_text=True)),
        action="submit",
    )
    photo = b"\xff\xd8\xff" + b"\x00" * (6 * 1024 * 1024)
    response = client.post(
        url,
        data={**fields, "seal": (io.BytesIO(photo), "IMG_2041.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    shown = _text(response.get_data(as_text=True))
    assert "返回" in shown and "小一点的图片" in shown
    assert "payload_too_large" not in shown


def test_trades_are_named_alike_and_one_wage_is_a_number(ctx, app):
    clerk = actor_of(make_staff("clerk", district="台儿庄区"))
    view = surveys.create_round(
        clerk, title="走访", enterprises=[("甲", None), ("乙", None), ("丙", None)]
    )
    web = Browser(app.test_client())
    for inv, typed in zip(view.invitations, ("电焊工", " 焊工 ", "焊工"), strict=True):
        demand = [{"level": "高级工", "trade": typed, "count": 2, "monthly_wage_yuan": 6000}]
        sent = web.post(f"/api/v1/surveys/{_token(inv.link)}", json=survey_data(demands=demand))
        assert sent.status_code == 201, sent.get_json()
    lines = surveys.summary(clerk, round_id=view.id).as_json()["overall"]["demand"]
    assert [(d["trade"], d["count"]) for d in lines] == [("焊工", 6)]
    _, data = surveys.export_round(clerk, view.id)
    form = load_workbook(io.BytesIO(data)).worksheets[2]
    wage = next(r[11] for r in form.iter_rows(values_only=True) if r[0] == "高级工")
    assert wage == 6000 and isinstance(wage, int)
