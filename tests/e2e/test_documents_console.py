"""Console pages of policy documents through the test client: the list with which documents
have no rules, upload → preview → corrections → publish, broken uploads, permissions."""

from __future__ import annotations

import io

import pytest
from factories.console import Browser, console_client
from factories.documents import pdf_bytes, xuyi_docx
from factories.testapp import EchoBot

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("bundled_registry")]


@pytest.fixture
def app(make_app, real_knowledge):
    return make_app(bot=EchoBot(), knowledge=real_knowledge)


def _browser(app, role: str = "policy") -> Browser:
    return console_client(app, role)[0]


def _upload(browser: Browser, data: bytes, name: str = "盱眙办法.docx"):
    return browser.post_form(
        "/console/documents",
        "/console/documents/upload",
        {"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_upload_preview_correct_and_publish(app):
    browser = _browser(app)
    page = browser.get("/console/documents").get_data(as_text=True)
    assert "上传并预览" in page and "hongze-2021" in page

    response = _upload(browser, xuyi_docx())
    assert response.status_code == 303
    preview_url = response.headers["Location"]
    preview = browser.get(preview_url).get_data(as_text=True)
    assert 'value="盱人社发〔2026〕8号"' in preview and 'value="2026-03-02"' in preview
    assert "新引进的技师，每人给予一次性安家补贴12000元。" in preview
    assert "高级工：补贴（元）6000。" in preview  # the attachment table, as rows

    form = {"title": "盱眙县技能人才引进补贴办法", "issued_on": "2026年3月5日", "regions": "盱眙县"}
    bad = browser.post_form(preview_url, preview_url + "/publish", form)
    assert bad.status_code == 422 and "日期格式应为 2026-11-30" in bad.get_data(as_text=True)

    form["issued_on"] = "2026-03-05"
    done = browser.post_form(preview_url, preview_url + "/publish", form)
    assert done.status_code == 303
    listing = browser.get("/console/documents").get_data(as_text=True)
    assert "已发布，知识库版本 1" in listing
    assert "尚无规则" in listing  # the new document has no eligibility rules yet
    assert "盱人社发〔2026〕8号" in listing


def test_broken_uploads_say_why_and_store_nothing(app):
    browser = _browser(app)
    scanned = _upload(browser, pdf_bytes(scanned=True), "扫描件.pdf")
    assert scanned.status_code == 422
    assert "扫描件.pdf 没有可提取的文字" in scanned.get_data(as_text=True)
    big = _upload(browser, b"0" * (20 * 1024 * 1024), "大文件.pdf")
    assert big.status_code == 303
    assert "文件超过上限 10 MB" in browser.get("/console/documents").get_data(as_text=True)
    page = browser.get("/console/documents").get_data(as_text=True)
    assert "待发布" not in page


def test_clerks_do_not_see_documents(app):
    browser = _browser(app, "clerk")
    assert browser.get("/console/documents").status_code == 403
    assert "政策文件" not in browser.get("/console/").get_data(as_text=True)


def test_a_pending_upload_is_discarded_from_its_preview(app):
    browser = _browser(app)
    preview_url = _upload(browser, xuyi_docx()).headers["Location"]
    page = browser.get(preview_url).get_data(as_text=True)
    assert 'id="discard-form"' in page and "放弃这个文件" in page
    done = browser.post_form(preview_url, preview_url + "/discard", {})
    assert done.status_code == 303
    listing = browser.get("/console/documents").get_data(as_text=True)
    assert "已放弃待发布的文件「盱眙县技能人才引进补贴办法」" in listing
    assert browser.get(preview_url).status_code == 404
    # The same file is taken again; once published it can no longer be discarded.
    again = _upload(browser, xuyi_docx())
    assert again.status_code == 303
    url = again.headers["Location"]
    assert browser.post_form(url, url + "/publish", {}).status_code == 303
    assert 'id="discard-form"' not in browser.get(url).get_data(as_text=True)
    refused = browser.post_form(url, url + "/discard", {})
    assert refused.status_code == 409
    assert "已发布的文件不能放弃" in refused.get_data(as_text=True)


def test_a_superseded_document_names_its_successor_by_wenhao(app):
    """The list says which document replaced another as staff cite it, not by its id."""
    browser = _browser(app)
    response = browser.post_form(
        "/console/documents",
        "/console/documents/retire/suqian-2021",
        {"how": "superseded", "on": "2026-06-01", "superseded_by": "hongze-2021"},
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    page = browser.get("/console/documents").get_data(as_text=True)
    assert "（由 洪办发〔2021〕10号《洪泽区产业工人队伍建设实施方案》 替代）" in page
    assert "由 hongze-2021 替代" not in page
