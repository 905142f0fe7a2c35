"""Staff API of policy documents: upload (multipart) → 201 with the draft's id and preview,
publish with corrections, retire; what /api/v1/search then answers."""

from __future__ import annotations

from typing import Any

import pytest
from factories.console import Browser, bearer
from factories.documents import pdf_bytes, xuyi_docx
from factories.testapp import EchoBot

from bluecard.extensions import db

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("bundled_registry")]


@pytest.fixture
def app(make_app, real_knowledge):
    return make_app(bot=EchoBot(), knowledge=real_knowledge)


@pytest.fixture
def api(app) -> Browser:
    return Browser(app.test_client())


def _upload(api: Browser, auth: dict[str, str], data: bytes, name: str = "盱眙办法.docx") -> Any:
    import io

    return api.post(
        "/api/v1/staff/documents",
        data={"file": (io.BytesIO(data), name)},
        headers=auth,
        content_type="multipart/form-data",
    )


def test_upload_publish_search_and_retire(app, api):
    auth = bearer(app, "policy")
    before = api.get("/api/v1/search", query_string={"q": "盱眙引进技师补贴多少"}).get_json()
    assert before["answered"] is False and before["uncovered_places"] == ["盱眙县"]

    created = _upload(api, auth, xuyi_docx())
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    preview = body["preview"]
    assert body["id"] >= 1 and preview["stage"] == "pending"
    assert preview["meta"]["issued_on"] == "2026-03-02"
    assert {"clause_id": "二（一）", "number": "二（一）"}.items() <= preview["clauses"][3].items()

    published = api.post(
        f"/api/v1/staff/documents/{body['id']}/publish",
        json={"issued_on": "2026-03-05", "in_force_from": "2026-04-01"},
        headers=auth,
    )
    assert published.status_code == 200, published.get_json()
    assert published.get_json()["version"] == 1
    assert published.get_json()["document"]["meta"]["issued_on"] == "2026-03-05"

    after = api.get("/api/v1/search", query_string={"q": "盱眙引进技师补贴多少"}).get_json()
    assert after["answered"] is True
    hit = after["hits"][0]
    assert hit["doc_id"] == body["doc_id"] and "12000" in hit["text"]
    assert hit["standing"] == "in_force" and hit["warnings"] == []

    retired = api.post(
        f"/api/v1/staff/documents/{body['id']}/retire",
        json={"status": "expired", "on": "2026-06-01"},
        headers=auth,
    )
    assert retired.status_code == 200 and retired.get_json()["document"]["lifecycle"] == "expired"
    last = api.get("/api/v1/search", query_string={"q": "盱眙引进技师补贴多少"}).get_json()
    assert last["hits"][0]["standing"] == "expired"
    assert last["hits"][0]["warnings"] == ["⚠️ 该文件已于2026-06-01失效，不再作为申领依据。"]

    listed = api.get("/api/v1/staff/documents", headers=auth).get_json()["items"]
    mine = next(d for d in listed if d["doc_id"] == body["doc_id"])
    assert mine["has_rules"] is False and mine["lifecycle_label"] == "已失效"


@pytest.mark.parametrize(
    ("data", "name", "status", "code"),
    [
        (b"", "空.docx", 422, "empty"),
        (pdf_bytes(scanned=True), "扫描.pdf", 422, "scanned"),
        (pdf_bytes(["一、总则"], password="x"), "加密.pdf", 422, "encrypted"),
        (b"GIF89a" + bytes(range(256)), "图.gif", 422, "wrong_type"),
        (b"0" * (20 * 1024 * 1024), "大.pdf", 413, "too_large"),
    ],
)
def test_broken_uploads_get_a_chinese_message(app, api, data, name, status, code):
    auth = bearer(app, "policy")
    response = _upload(api, auth, data, name)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    assert api.get("/api/v1/staff/documents", headers=auth).get_json()["items"][0]["id"] is None


def test_only_policy_staff_and_bad_corrections(app, api):
    clerk = bearer(app, "clerk")
    assert _upload(api, clerk, xuyi_docx()).status_code == 403
    assert _upload(api, {}, xuyi_docx()).status_code == 401
    auth = bearer(app, "policy")
    no_file = api.post("/api/v1/staff/documents", headers=auth, data={})
    assert no_file.status_code == 400 and no_file.get_json()["error"]["code"] == "no_file"
    created = _upload(api, auth, xuyi_docx()).get_json()
    bad = api.post(
        f"/api/v1/staff/documents/{created['id']}/publish",
        json={"regions": ["火星县"], "issued_on": "三月五日"},
        headers=auth,
    )
    assert bad.status_code == 422
    fields = {f["field"] for f in bad.get_json()["error"]["fields"]}
    assert fields == {"regions", "issued_on"}
    assert api.post("/api/v1/staff/documents/999999/publish", headers=auth).status_code == 404


def test_chat_says_a_superseded_document_is_superseded(make_app, real_knowledge, wx):
    app = make_app(knowledge=real_knowledge)  # the real bot
    api = Browser(app.test_client())
    auth = bearer(app, "policy")
    created = _upload(api, auth, xuyi_docx()).get_json()
    api.post(f"/api/v1/staff/documents/{created['id']}/publish", headers=auth)
    with app.app_context():
        from notif_helpers import staff

        from bluecard.documents import services as documents

        documents.retire(
            staff("policy"), "hongze-2021", "superseded", "2026-06-01", created["doc_id"]
        )
        db.session.remove()
    reply = wx.post(app.test_client(), wx.text("洪泽引进技师有什么补贴", openid="oHongze"))
    text = reply.reply.findtext("Content")
    assert "洪办发〔2021〕10号" in text
    assert "⚠️ 该文件自2026-06-01起已被盱人社发〔2026〕8号替代，请以新文件为准。" in text


def test_discard_a_pending_upload_over_the_api(app, api):
    auth = bearer(app, "policy")
    body = _upload(api, auth, xuyi_docx()).get_json()
    gone = api.client.delete(f"/api/v1/staff/documents/{body['id']}", headers=auth)
    assert gone.status_code == 200
    assert gone.get_json() == {"id": body["id"], "doc_id": body["doc_id"], "discarded": True}
    missing = api.get(f"/api/v1/staff/documents/{body['id']}", headers=auth)
    assert missing.status_code == 404
    assert (
        api.client.delete(f"/api/v1/staff/documents/{body['id']}", headers=auth).status_code == 404
    )

    again = _upload(api, auth, xuyi_docx()).get_json()
    api.post(f"/api/v1/staff/documents/{again['id']}/publish", headers=auth)
    refused = api.client.delete(f"/api/v1/staff/documents/{again['id']}", headers=auth)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "already_published"
    clerk = bearer(app, "clerk")
    assert (
        api.client.delete(f"/api/v1/staff/documents/{again['id']}", headers=clerk).status_code
        == 403
    )
