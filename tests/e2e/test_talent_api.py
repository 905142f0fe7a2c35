"""The talent database over the API: staff search within their district
(GET /api/v1/staff/talent → {"items", "total"}), workers join, set offers and leave from the
mini-program, an enterprise contact submits demand that staff then publish and offer."""

from __future__ import annotations

import pytest
from factories.console import bearer
from factories.miniapp import worker_bearer
from notif_helpers import add_follower, clear_queue, drain, notify_config, running_fake
from talent_helpers import demand_form

pytestmark = pytest.mark.e2e

#: jscode2session under whichever WECHAT_API_BASE the app has (WeChat's, or the fake's).
WELDER = {
    "name": "张三丰",
    "phone": "13812345678",
    "skill_level": "三级",
    "trade": "电焊工",
    "district": "叶集区",
    "open_to_offers": True,
    "consent": True,
}


def test_worker_joins_and_staff_find_them_in_their_district_only(app, client):
    me = worker_bearer(client, "oWelder")
    assert client.get("/api/v1/talent/me", headers=me).status_code == 404
    refused = client.put(
        "/api/v1/talent/me", headers=me, json={**WELDER, "consent": False, "phone": "123"}
    )
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert {f["field"] for f in error["fields"]} == {"consent", "phone"}
    joined = client.put("/api/v1/talent/me", headers=me, json=WELDER)
    assert joined.status_code == 200, joined.get_json()
    entry = joined.get_json()
    assert (entry["trade"], entry["skill_level"], entry["name_masked"]) == (
        "焊工",
        "高级工",
        "张*丰",
    )
    other = worker_bearer(client, "oHongze")
    client.put("/api/v1/talent/me", headers=other, json={**WELDER, "district": "洪泽区"})

    clerk = bearer(app, "clerk")  # 叶集区
    found = client.get("/api/v1/staff/talent?level=高级工&trade=焊工", headers=clerk)
    assert found.status_code == 200
    body = found.get_json()
    assert body["total"] == 1 and len(body["items"]) == 1
    item = body["items"][0]
    assert item["phone_masked"] == "138****5678" and "13812345678" not in found.get_data(
        as_text=True
    )
    assert client.get("/api/v1/staff/talent?district=洪泽区", headers=clerk).get_json() == {
        "items": [],
        "total": 0,
    }
    admin = bearer(app, "admin")
    assert client.get("/api/v1/staff/talent?district=洪泽", headers=admin).get_json()["total"] == 1
    bad = client.get("/api/v1/staff/talent?level=九级", headers=clerk)
    assert bad.status_code == 422 and bad.get_json()["error"]["fields"][0]["field"] == "level"
    finance = bearer(app, "finance")
    assert client.get("/api/v1/staff/talent", headers=finance).status_code == 403
    assert client.get("/api/v1/staff/talent").status_code == 401

    off = client.put("/api/v1/talent/me/offers", headers=me, json={"open_to_offers": False})
    assert off.get_json()["open_to_offers"] is False
    assert client.get("/api/v1/staff/talent?open_only=true", headers=clerk).get_json()["total"] == 0
    assert client.delete("/api/v1/talent/me", headers=me).get_json() == {"left": True}
    assert client.get("/api/v1/staff/talent", headers=clerk).get_json()["total"] == 0
    gone = client.put("/api/v1/talent/me/offers", headers=me, json={"open_to_offers": True})
    assert gone.status_code == 404
    assert gone.get_json()["error"]["code"] == "not_in_database"
    assert gone.get_json()["error"]["message"] == "你还不在技能人才库中，请先登记"


def test_enterprise_demand_from_the_miniapp_is_published_by_staff_and_offered(make_app):
    with running_fake() as fake:
        app = make_app(**notify_config(fake))
        clear_queue(app)
        client = app.test_client()
        me = worker_bearer(client, "oWelder")
        client.put("/api/v1/talent/me", headers=me, json=WELDER)
        with app.app_context():
            add_follower("oWelder")
        boss = worker_bearer(client, "oBoss")
        bad = client.post("/api/v1/talent/demands", headers=boss, json=demand_form(wage_max="abc"))
        assert bad.status_code == 422
        assert [f["field"] for f in bad.get_json()["error"]["fields"]] == ["wage_max"]
        posted = client.post("/api/v1/talent/demands", headers=boss, json=demand_form())
        assert posted.status_code == 201 and posted.get_json()["status"] == "pending"
        demand_id = posted.get_json()["id"]

        clerk = bearer(app, "clerk")
        pending = client.get("/api/v1/staff/talent/demands?status=pending", headers=clerk)
        assert [d["id"] for d in pending.get_json()["items"]] == [demand_id]
        # Not published yet: offers are refused until staff approve (console).
        early = client.post(f"/api/v1/staff/talent/demands/{demand_id}/offers", headers=clerk)
        assert early.status_code == 409

        staff_post = client.post(
            "/api/v1/staff/talent/demands", headers=clerk, json=demand_form(district=None)
        )
        assert staff_post.status_code == 201
        published = staff_post.get_json()
        assert published["status"] == "open" and published["district"] == "叶集区"
        sent = client.post(f"/api/v1/staff/talent/demands/{published['id']}/offers", headers=clerk)
        assert sent.status_code == 200, sent.get_json()
        assert (sent.get_json()["matched"], sent.get_json()["notified"]) == (1, 1)
        drain(app)
        assert [m["touser"] for m in fake.messages] == ["oWelder"]
        again = client.post(f"/api/v1/staff/talent/demands/{published['id']}/offers", headers=clerk)
        assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_offered"

        summary = client.get("/api/v1/staff/talent/summary", headers=clerk).get_json()
        assert summary["district"] == "叶集区"
        assert [(t["trade"], t["demand"], t["available"]) for t in summary["short"]] == [
            ("焊工", 5, 1)
        ]
        mine = client.get("/api/v1/talent/demands/mine", headers=boss).get_json()["items"]
        assert mine[0]["contact_phone_masked"] == "137****1111"
