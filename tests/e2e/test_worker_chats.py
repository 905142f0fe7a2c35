"""Chats as workers have them, through the whole stack (signed WeChat POSTs → real Bot with
the service's store and services → real search): a situation told in one message, the
questionnaire interrupted by a card request, a place asked about without a document."""

from __future__ import annotations

import re
from functools import partial

import pytest
from factories import chat

pytestmark = pytest.mark.e2e


ask = partial(chat.say, mode="raw")


def test_a_situation_told_at_once_is_not_asked_again_and_the_result_follows(real_app, wx):
    who = "oToldAtOnce"
    first = ask(
        real_app,
        wx,
        "麻烦帮我看看能领啥：我现在在洪泽上班，从外省引进来的技师，厂子是重点产业，"
        "岗位也急需，合同签了三年，社保交了十个月",
        who,
    )
    assert "洪泽区" in first and "10000元" in first and "你在哪个区" not in first
    # a 重点产业 厂子 is the district's own: not asked where it is registered
    assert "注册" not in first
    noted = ask(real_app, wx, "荣誉啥的都没有，比赛也没参加过", who)
    assert "获过奖" not in noted and "荣誉" not in noted  # neither asked again
    result = ask(real_app, wx, "那我究竟能拿多少", who)
    assert "测算结果" in result and "10000元" in result


def test_a_card_request_mid_questionnaire_reuses_what_it_heard(real_app, wx):
    who = "oQuizThenCard"
    for said in ("测一测", "叶集", "二级工"):
        ask(real_app, wx, said, who)
    started = ask(real_app, wx, "不测了，我要申请蓝卡", who)
    assert "测算先停下" in started and "蓝卡" in started


def test_a_place_without_a_document_asked_about_keeps_other_amounts_out(real_app, wx):
    who = "oAskedAboutHangzhou"
    ask(real_app, wx, "杭州那边考证有补贴不", who)
    answer = ask(real_app, wx, "技师证奖多少钱", who)
    assert "杭州" in answer and not re.search(r"\d+元", answer)
