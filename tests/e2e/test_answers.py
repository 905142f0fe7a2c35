"""Answer content through the whole stack: a signed WeChat POST → real Bot → real search →
reply. No test doubles: these are what a worker asking in the official account sees."""

from __future__ import annotations

import pytest
from conftest import real_knowledge_or_skip
from sqlalchemy import select

from bluecard.extensions import db
from bluecard.models import Follower, MessageLog

pytestmark = pytest.mark.e2e


@pytest.fixture
def real_app(make_app):
    """An app with the real bot on the real knowledge base (both as production builds them)."""
    return make_app(knowledge=real_knowledge_or_skip())


def ask(app, wx, question: str, openid: str = "oAnswerUser", mode: str = "raw") -> str:
    response = wx.post(app.test_client(), wx.text(question, openid=openid), mode=mode)
    assert response.status_code == 200
    assert response.reply is not None, response.get_data(as_text=True)
    return response.reply.findtext("Content")


def test_hongze_introduced_technician_subsidy(real_app, wx):
    answer = ask(real_app, wx, "洪泽从外地引进的技师有多少补贴")
    assert "10000元" in answer
    assert "洪办发〔2021〕10号" in answer
    assert "三（三）1" in answer
    with real_app.app_context():
        log = db.session.execute(select(MessageLog)).scalar_one()
        assert log.intent == "answer"
        assert "hongze-2021#三（三）1" in log.clause_refs


def test_yeji_housing_subsidy_in_safe_mode(real_app, wx):
    answer = ask(real_app, wx, "叶集引进技师有住房补贴吗", mode="aes")
    assert "20000元" in answer
    assert "叶集区" in answer


def test_reply_fits_wechat_limit(real_app, wx):
    answer = ask(real_app, wx, "技能人才有哪些补贴")
    assert len(answer.encode("utf-8")) <= 2048


def test_region_chosen_in_chat_is_stored_on_the_follower(real_app, wx):
    ask(real_app, wx, "我在叶集", openid="oRegionUser")
    with real_app.app_context():
        follower = db.session.execute(
            select(Follower).where(Follower.openid == "oRegionUser")
        ).scalar_one()
        assert follower.region == "叶集区"


def test_subscribe_gets_the_real_welcome(real_app, wx):
    response = wx.post(real_app.test_client(), wx.event("subscribe", openid="oWelcome"))
    assert "欢迎" in response.reply.findtext("Content")
