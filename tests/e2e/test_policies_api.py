"""Read-only policy endpoints: plumbing on a small fake knowledge base, content on the real one."""

from __future__ import annotations

import pytest
from test_miniapp_api import assert_error_shape

pytestmark = pytest.mark.e2e


# -- plumbing (fake knowledge base) -------------------------------------------------------------
def test_list_policies_with_metadata_and_draft_flag(client):
    body = client.get("/api/v1/policies").get_json()
    assert body["count"] == 2
    by_id = {p["doc_id"]: p for p in body["policies"]}
    final, draft = by_id["fake-2021"], by_id["fake-draft"]
    assert final["wenhao"] == "测办发〔2021〕1号" and final["citation"] == "测办发〔2021〕1号"
    assert final["issued_on"] == "2021-02-05" and final["draft"] is False
    assert final["regions"] == ["洪泽区"] and final["horizon"] == "至2025年"
    assert draft["draft"] is True and draft["status"] == "draft"
    assert draft["wenhao"] is None and draft["issued_on"] is None
    assert draft["citation"] == "《fake-draft 实施方案》"


def test_policy_detail_has_the_clause_tree(client):
    body = client.get("/api/v1/policies/fake-2021").get_json()
    assert body["title"] == "fake-2021 实施方案"
    top = body["clauses"]
    assert [c["clause_id"] for c in top] == ["一", "二"]
    assert [c["clause_id"] for c in top[0]["children"]] == ["一（一）"]
    assert top[0]["children"][0]["children"] == []


@pytest.mark.parametrize("doc_id", ["nope", "..%2F..%2Fetc", "x" * 65])
def test_unknown_policy_is_404_or_422(client, doc_id):
    response = client.get(f"/api/v1/policies/{doc_id}")
    assert response.status_code in (422, 404)
    assert_error_shape(response, response.status_code)


def test_search_passes_the_query_to_the_index(app, client, fake_knowledge):
    fake_knowledge.index.calls.clear()
    body = client.get(
        "/api/v1/search", query_string={"q": " 补贴 ", "region": "洪泽", "top": 2}
    ).get_json()
    assert body["answered"] is True
    assert body["query"] == "补贴" and body["region"] == "洪泽区"
    (hit,) = body["hits"]
    assert (hit["doc_id"], hit["clause_id"], hit["score"]) == ("fake-2021", "一（一）", 1.5)
    assert fake_knowledge.index.calls == [("补贴", 2, "洪泽区")]
    unanswered = client.get("/api/v1/search", query_string={"q": "天气"}).get_json()
    assert unanswered["answered"] is False and unanswered["hits"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "补贴", "top": "0"}, "top"),
        ({"q": "补贴", "top": "11"}, "top"),
        ({"q": "补贴", "top": "many"}, "top"),
        ({"q": "补贴", "region": "火星区"}, "region"),
    ],
)
def test_search_validation_errors(client, query, field):
    error = assert_error_shape(
        client.get("/api/v1/search", query_string=query), 422, "validation_error"
    )
    assert field in [f["field"] for f in error["fields"]]


# -- content (real knowledge base) --------------------------------------------------------------
@pytest.fixture
def real_client(make_app, echo_bot, real_knowledge):
    return make_app(bot=echo_bot, knowledge=real_knowledge).test_client()


def test_real_policies_list_flags_the_draft(real_client):
    policies = {p["doc_id"]: p for p in real_client.get("/api/v1/policies").get_json()["policies"]}
    assert {"hongze-2021", "taierzhuang-2021", "suqian-2021", "lianyungang-draft", "yeji"} <= set(
        policies
    )
    assert policies["lianyungang-draft"]["draft"] is True
    assert policies["lianyungang-draft"]["wenhao"] is None
    assert policies["hongze-2021"]["wenhao"] == "洪办发〔2021〕10号"
    assert policies["hongze-2021"]["issued_on"] == "2021-02-05"
    assert policies["yeji"]["issued_on"] is None


def test_real_policy_detail_has_clause_three_three_one(real_client):
    body = real_client.get("/api/v1/policies/hongze-2021").get_json()

    def ids(nodes):
        for n in nodes:
            yield n["clause_id"]
            yield from ids(n["children"])

    assert "三（三）1" in set(ids(body["clauses"]))


def test_real_search_answers_and_declines(real_client):
    body = real_client.get(
        "/api/v1/search", query_string={"q": "洪泽从外地引进的技师有多少补贴"}
    ).get_json()
    assert body["answered"] is True
    top = body["hits"][0]
    assert top["doc_id"] == "hongze-2021" and top["clause_id"] == "三（三）1"
    off_topic = real_client.get("/api/v1/search", query_string={"q": "明天天气怎么样"}).get_json()
    assert off_topic["answered"] is False


def test_real_search_hits_say_when_a_document_is_a_draft_or_past_its_period(real_client):
    """The mini-program shows the same warnings as the chat: 叶集's targets ended in 2021, the
    连云港 text is a draft; neither is presented as plainly in force."""
    body = real_client.get("/api/v1/search", query_string={"q": "叶集技工蓝卡"}).get_json()
    yeji = body["hits"][0]
    assert yeji["doc_id"] == "yeji" and yeji["standing"] == "period_passed"
    assert any("目标期" in w and "已过" in w for w in yeji["warnings"])
    body = real_client.get(
        "/api/v1/search", query_string={"q": "连云港高技能人才购房券", "region": "连云港"}
    ).get_json()
    draft = body["hits"][0]
    assert draft["doc_id"] == "lianyungang-draft" and draft["standing"] == "draft"
    assert any("征求意见稿" in w for w in draft["warnings"])


def test_real_search_answers_a_question_about_the_document_itself(real_client):
    body = real_client.get("/api/v1/search", query_string={"q": "洪泽那个方案的文号"}).get_json()
    assert body["answered"] is True and body["about_document"] is True
    assert "洪办发〔2021〕10号" in body["hits"][0]["text"]
