"""The enterprise survey end to end over HTTP (no browser): staff start a round, the link's
form keeps a draft, the API and the form name every bad field, the summary and workbook
count only what was submitted, and a district sees only its own."""

from __future__ import annotations

import io

import pytest
from factories.console import Browser, actor_of, console_client, csrf_token, make_staff, staff_login
from factories.surveys import level, survey_data, taierzhuang_credit_code
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import select

from bluecard.extensions import db
from bluecard.models import AuditLog
from bluecard.surveys import services as surveys
from bluecard.surveys.models import SurveyInvitation

pytestmark = pytest.mark.e2e


@pytest.fixture
def web(app) -> Browser:
    return Browser(app.test_client())


def _round(actor, names=("台儿庄精工机械有限公司", "运河纺织有限公司", "古城食品厂")):
    return surveys.create_round(actor, title="第四季度走访", enterprises=[(n, None) for n in names])


def _token(link: str) -> str:
    return link.rsplit("/s/", 1)[1]


def test_submit_by_api_then_summary_counts_it(ctx, web):
    clerk = make_staff("clerk", district="台儿庄区")
    view = _round(actor_of(clerk))
    first, second = view.invitations[0], view.invitations[1]
    response = web.post(f"/api/v1/surveys/{_token(first.link)}", json=survey_data())
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["status_label"] == "已提交"
    bad = survey_data(employees_total=-1)
    bad["levels"]["技师"]["age_18_30"] = 3
    response = web.post(f"/api/v1/surveys/{_token(second.link)}", json=bad)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    # a wrong type and a row that does not add up are named in one answer
    assert {f["field"] for f in error["fields"]} == {"employees_total", "levels.技师.age_18_30"}
    assert "技师：年龄结构四栏之和（8）与人数（5）不一致" in [f["message"] for f in error["fields"]]
    # a second submission of the same link is refused; a made-up token is a 404
    again = web.post(f"/api/v1/surveys/{_token(first.link)}", json=survey_data())
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_submitted"
    assert again.get_json()["error"]["message"] == "这份调查表已经提交过了"
    made_up = web.post("/api/v1/surveys/notatokenatall", json=survey_data())
    assert made_up.status_code == 404
    assert made_up.get_json()["error"]["message"] == "这个调查表链接无效"
    assert web.post(f"/api/v1/surveys/{_token(second.link)}", data="x").status_code == 422

    token = staff_login(web, clerk)["token"]
    response = web.get(
        "/api/v1/staff/surveys/summary", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["region"], body["invited"], body["submitted"]) == ("台儿庄区", 3, 1)
    assert body["overall"]["skilled"] == 36
    assert body["overall"]["levels"]["合计"]["count"] == 36
    assert body["by"]["enterprise_type"]["民营企业"]["enterprises"] == 1
    # another district's summary is refused; an unknown one is a 422
    other = web.get(
        "/api/v1/staff/surveys/summary?region=宿迁市", headers={"Authorization": f"Bearer {token}"}
    )
    assert other.status_code == 403
    assert other.get_json()["error"]["code"] == "other_district"
    assert other.get_json()["error"]["message"] == "只能查看本区县的调查汇总"
    unknown = web.get(
        "/api/v1/staff/surveys/summary?region=火星", headers={"Authorization": f"Bearer {token}"}
    )
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["message"] == "不认识的区县：火星"
    assert web.get("/api/v1/staff/surveys/summary").status_code == 401


def test_personal_fields_are_encrypted_and_the_submission_audited(ctx, web):
    clerk = make_staff("clerk", district="台儿庄区")
    view = _round(actor_of(clerk), names=("台儿庄精工机械有限公司",))
    web.post(f"/api/v1/surveys/{_token(view.invitations[0].link)}", json=survey_data())
    row = db.session.execute(select(SurveyInvitation)).scalar_one()
    assert "张建华" not in (row.personal_enc or "") and "13906321234" not in str(row.figures)
    assert "leader" not in (row.figures or {})
    assert row.token_hash not in view.invitations[0].link
    actions = [a.action for a in db.session.execute(select(AuditLog)).scalars()]
    assert "survey.round_create" in actions and "survey.submit" in actions


def test_the_link_form_keeps_a_draft_and_names_bad_fields(ctx, web):
    clerk = make_staff("clerk", district="台儿庄区")
    view = _round(actor_of(clerk), names=("运河纺织有限公司",))
    path = f"/s/{_token(view.invitations[0].link)}"
    page = web.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "企业技能人才现状及需求情况调查表" in html and "运河纺织有限公司" in html
    assert page.headers["Cache-Control"] == "no-store"

    response = web.post(
        path,
        data={
            "csrf_token": csrf_token(html),
            "action": "draft",
            "leader": "王芳",
            "levels.技师.count": "4",
        },
    )
    assert response.status_code == 200
    assert "草稿已保存" in response.get_data(as_text=True)
    again = web.get(path).get_data(as_text=True)
    assert 'value="王芳"' in again and 'name="levels.技师.count" value="4"' in again
    clerk_view = surveys.get_round(actor_of(clerk), view.id)
    assert clerk_view.invitations[0].status_label == "已存草稿"

    # submit with the level row not adding up and no 企业类型: both named, 422
    data = {"csrf_token": csrf_token(again), "action": "submit"}
    for key, value in survey_data().items():
        if isinstance(value, str | int) and key != "enterprise_type":
            data[key] = str(value)
    data["levels.技师.count"] = "4"
    data["levels.技师.age_18_30"] = "1"
    data["levels.技师.edu_college"] = "4"
    response = web.post(path, data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "有 2 处需要修改" in html
    assert "企业类型：必填" in html
    assert "技师：年龄结构四栏之和（1）与人数（4）不一致" in html

    data.update({"enterprise_type": "private", "levels.技师.age_31_40": "3"})
    photo = io.BytesIO()
    Image.new("RGB", (900, 900), (220, 20, 20)).save(photo, format="JPEG")
    data["seal"] = (io.BytesIO(photo.getvalue()), "seal.jpg")
    data["csrf_token"] = csrf_token(web.get(path).get_data(as_text=True))
    response = web.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert "已提交" in response.get_data(as_text=True)
    row = db.session.execute(select(SurveyInvitation)).scalar_one()
    db.session.refresh(row)
    assert row.status == "submitted" and row.submitted_via == "link"
    assert Image.open(io.BytesIO(row.seal_png)).format == "PNG"
    # the form is shown as submitted, with the names masked
    html = web.get(path).get_data(as_text=True)
    assert "已提交" in html and "王芳" not in html


def test_console_round_detail_export_and_district_boundary(ctx, web):
    clerk = make_staff("clerk", district="台儿庄区")
    web.login(clerk.username)
    page = web.get("/console/surveys").get_data(as_text=True)
    code = taierzhuang_credit_code()
    wrong = code[:-1] + ("1" if code[-1] != "1" else "2")
    response = web.post(
        "/console/surveys/new",
        data={
            "csrf_token": csrf_token(page),
            "title": "第四季度走访",
            "enterprises": f"台儿庄精工机械有限公司，{code}\n运河纺织有限公司\n古城食品厂，{wrong}",
        },
    )
    assert response.status_code == 422
    assert "第3行（古城食品厂）" in response.get_data(as_text=True)
    response = web.post(
        "/console/surveys/new",
        data={
            "csrf_token": csrf_token(page),
            "title": "第四季度走访",
            "enterprises": f"台儿庄精工机械有限公司，{code}\n运河纺织有限公司\n古城食品厂",
        },
    )
    assert response.status_code == 302
    detail_path = response.headers["Location"]
    view = surveys.list_rounds(actor_of(clerk))[0]
    assert [i.credit_code for i in view.invitations] == [code, None, None]
    web.post(
        f"/api/v1/surveys/{_token(view.invitations[0].link)}", json=survey_data(credit_code=code)
    )
    html = web.get(detail_path).get_data(as_text=True)
    assert '已提交 <strong id="count-submitted">1</strong> 家' in html
    assert "<svg" in html  # QR codes of the two not yet submitted
    assert "现场填写" in html

    xlsx = web.get(f"/console/surveys/{view.id}/export.xlsx")
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(xlsx.data))
    status = wb["填报情况"]
    assert [status[f"B{r}"].value for r in (2, 3, 4)] == ["已提交", "未填写", "未填写"]
    assert wb["统计汇总"]["B12"].value == 36

    # staff fill the form at the visit: recorded as by staff
    fill = f"/console/surveys/fill/{view.invitations[1].id}"
    html = web.get(fill).get_data(as_text=True)
    assert "工作人员现场代填" in html
    data = {"csrf_token": csrf_token(html), "action": "submit"}
    small = survey_data(
        enterprise_name="运河纺织有限公司",
        employees_total=10,
        levels={"初级工": level(2, 1, 0)},
        demands=[],
    )
    for key, value in small.items():
        if isinstance(value, str | int):
            data[key] = str(value)
    for key, value in small["levels"]["初级工"].items():
        data[f"levels.初级工.{key}"] = str(value)
    response = web.post(fill, data=data)
    assert response.status_code == 200 and "已提交" in response.get_data(as_text=True)
    done = surveys.get_round(actor_of(clerk), view.id).invitations[1]
    assert done.submitted_via == "staff"

    # another district's staff see neither the round nor its fill page
    other = make_staff("clerk", district="叶集区")
    browser, _ = console_client(ctx, other)
    hidden = browser.get(detail_path)
    assert hidden.status_code == 404 and "没有这一轮调查" in hidden.get_data(as_text=True)
    assert browser.get(f"/console/surveys/fill/{view.invitations[2].id}").status_code == 404
    assert browser.get(f"/console/surveys/{view.id}/export.xlsx").status_code == 404
    # finance has no survey permission
    finance = make_staff("finance", district="台儿庄区")
    browser, _ = console_client(ctx, finance)
    assert browser.get("/console/surveys").status_code == 403


def test_a_phone_photo_of_the_seal_over_one_megabyte_is_taken_and_a_pdf_refused(ctx, web):
    clerk = make_staff("clerk", district="台儿庄区")
    view = _round(actor_of(clerk), names=("古城食品厂",))
    path = f"/s/{_token(view.invitations[0].link)}"
    noise = Image.effect_noise((1800, 1800), 120).convert("RGB")
    photo = io.BytesIO()
    noise.save(photo, format="JPEG", quality=97)
    assert photo.tell() > 1024 * 1024  # larger than the app-wide body limit
    data = {"csrf_token": csrf_token(web.get(path).get_data(as_text=True)), "action": "draft"}
    data["seal"] = (io.BytesIO(photo.getvalue()), "seal.jpg")
    response = web.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code == 200 and "草稿已保存" in response.get_data(as_text=True)
    assert "已上传盖章图片" in web.get(path).get_data(as_text=True)
    data = {"csrf_token": csrf_token(web.get(path).get_data(as_text=True)), "action": "draft"}
    data["seal"] = (io.BytesIO(b"%PDF-1.4 not an image"), "seal.pdf")
    response = web.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "盖章：无法识别这张图片" in response.get_data(as_text=True)
