"""The public page a phone opens from a card's QR code: validity, level, district, masked
name and nothing else; bad codes get a friendly 404/410 page, never a 500."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from factories.cards import valid_form
from factories.console import actor_of, make_staff

from bluecard.cards import services as cards

pytestmark = pytest.mark.e2e

FORM = valid_form(name="张三丰", phone="13812345678", skill_level="高级技师")


@pytest.fixture
def active(app):
    with app.app_context():
        card = cards.apply_for_card("oPublicPage", dict(FORM))
        cards.review_card(card.id, actor_of(make_staff("reviewer")), approve=True)
        return card.id


def get(app, path):
    return app.test_client().get(path)


def test_valid_code_shows_masked_name_level_and_district_only(app, active):
    with app.app_context():
        url = cards.dynamic_code("oPublicPage").url
    response = get(app, urlsplit(url).path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "有效" in html and "张*丰" in html and "高级技师" in html and "叶集区" in html
    for secret in ("张三丰", FORM["id_number"], "13812345678", FORM["social_security_no"]):
        assert secret not in html
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"] and 'content="noindex' in html
    assert "http://" not in html.replace("http://www.w3.org", "")  # no external assets


def test_revoked_card_says_so(app, active):
    with app.app_context():
        token = cards.static_code(active, actor_of(make_staff("clerk"))).token
        cards.revoke_card(active, actor_of(make_staff("reviewer")), reason="离开本区")
    response = get(app, f"/c/{token}")
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "此卡已注销" in html and "无效" in html and "张*丰" not in html


@pytest.mark.parametrize(
    "path", ["/c/garbage", "/c/" + "A" * 118, "/c/" + "x" * 2000, "/c/a/b/c", "/c/%00%ff"]
)
def test_bad_codes_get_a_friendly_page(app, path):
    response = get(app, path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "无效" in html and "Traceback" not in html
    assert response.headers["Cache-Control"] == "no-store"
