"""Answer content through the whole stack: a signed WeChat POST → real Bot → real search →
reply. No test doubles: these are what a worker asking in the official account sees."""

from __future__ import annotations

from functools import partial

import pytest
from factories import chat
from sqlalchemy import select

from bluecard.extensions import db
from bluecard.models import Follower, MessageLog

pytestmark = pytest.mark.e2e


ask = partial(chat.say, openid="oAnswerUser", mode="raw")


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


def test_questionnaire_through_wechat_then_save_the_profile(real_app, wx):
    """Issue 3's done criterion, over signed WeChat requests: the questionnaire tells a 技师
    introduced to 洪泽区 (2-year contract, 8 months of social insurance, key-industry shortage
    post) 10000元 under 洪办发〔2021〕10号 三（三）1; 「保存」 keeps the profile."""
    from bluecard.models import WorkerProfile
    from bluecard.profiles.services import get_profile
    from bot.questions import QUESTIONS

    answers = {
        "region": "洪泽",
        "skill_level": "技师",
        "introduced": "是",
        "key_industry": "是",
        "shortage_post": "是",
        "contract_years": "两年",
        "insurance_months": "8个月",
        "employer_in_region": "是",
        "employer_type": "民营企业",
        "level_obtained_on": "2015年",
        "competition": "没有",
        "honors": "没有",
    }
    openid = "oQuizUser"
    text = ask(real_app, wx, "测一测", openid=openid)
    for _ in range(20):
        field = next((n for n, q in QUESTIONS.items() if q.prompt in text), None)
        if field is None:
            break
        text = ask(real_app, wx, answers.get(field, "不知道"), openid=openid)
    assert "10000元" in text and "洪办发〔2021〕10号 三（三）1" in text
    assert "已保存" in ask(real_app, wx, "保存", openid=openid)
    with real_app.app_context():
        stored = db.session.execute(
            select(WorkerProfile).where(WorkerProfile.openid == openid)
        ).scalar_one()
        # Stored encrypted: the salary and employer are not readable in the database.
        assert "技师" not in stored.profile and "insurance_months" not in stored.profile
        kept = get_profile(openid)
        assert kept["skill_level"] == "技师" and kept["insurance_months"] == 8
    assert "已删除" in ask(real_app, wx, "删除档案", openid=openid)
