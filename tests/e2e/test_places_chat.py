"""The places the chat says it holds follow the documents published at run time: before a
district's document is published the official account says it has none for that place; once
policy staff publish one, the same running app lists the district, remembers a worker there
and answers from its document — no restart. Signed WeChat requests, the real bot."""

from __future__ import annotations

import io

import pytest
from factories.chat import say
from factories.console import Browser, bearer
from factories.documents import xuyi_docx

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("bundled_registry")]


@pytest.fixture
def app(make_app, real_knowledge):
    return make_app(knowledge=real_knowledge)


def test_a_district_published_at_run_time_is_listed_and_answered_without_a_restart(app, wx):
    assert "盱眙县" not in say(app, wx, "帮助", "oBefore")
    before = say(app, wx, "我在盱眙县上班", "oBefore")
    assert "暂时没有收录盱眙县" in before and "洪泽区" in before

    api = Browser(app.test_client())
    auth = bearer(app, "policy")
    created = api.post(
        "/api/v1/staff/documents",
        data={"file": (io.BytesIO(xuyi_docx()), "盱眙办法.docx")},
        headers=auth,
        content_type="multipart/form-data",
    ).get_json()
    published = api.post(f"/api/v1/staff/documents/{created['id']}/publish", headers=auth)
    assert published.status_code == 200, published.get_json()

    listed = say(app, wx, "帮助", "oAfter")
    assert "盱眙县" in listed and "叶集区" in listed
    remembered = say(app, wx, "我在盱眙县上班", "oAfter")
    assert "已记住你在盱眙县" in remembered and "暂时没有收录" not in remembered
    answer = say(app, wx, "引进技师补贴多少", "oAfter")
    assert "12000" in answer
