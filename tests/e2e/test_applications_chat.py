"""A worker asks about their own subsidy applications and money in the official account, in the
words workers use, end to end: signed WeChat requests → callback → real bot → ledger through
the bot's services → the list of their applications with state and date. Someone with none is
told so; a question about a rule is still answered from the documents."""

from __future__ import annotations

import re
from datetime import date

import pytest
from factories.chat import say
from factories.console import actor_of, make_staff
from factories.ledger import YEJI_INTRODUCED, make_card, open_at_window

from bluecard.extensions import db
from bluecard.ledger.services import decide_application

pytestmark = pytest.mark.e2e

AS_OF = date(2026, 11, 21)


@pytest.fixture
def app(make_app, real_knowledge):
    return make_app(knowledge=real_knowledge)


@pytest.fixture
def worker(app):
    """A 叶集 card holder with one application approved and one still submitted."""
    with app.app_context():
        holder = make_card(YEJI_INTRODUCED, skill_level="技师")
        clerk, reviewer = actor_of(make_staff("clerk")), actor_of(make_staff("reviewer"))
        housing = open_at_window(holder.card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF)
        decide_application(housing.id, reviewer, approve=True)
        open_at_window(holder.card_id, "yeji-intro-salary-subsidy", clerk, as_of=AS_OF)
        db.session.remove()
    return holder.openid


@pytest.mark.parametrize(
    "text",
    [
        "查一下我的申请",
        "我的补贴申请进度",
        "补贴什么时候到账",
        "钱发了没",
        "俺报的补助批下来没有",
        "我申请了补贴，现在啥情况",
    ],
)
def test_own_applications_are_listed_with_state_and_date(app, wx, worker, text):
    reply = say(app, wx, text, worker)
    assert "已批准" in reply and "已提交" in reply
    assert "30000元" in reply  # the approved living and housing subsidy
    assert re.search(r"受理于\d{4}-\d{2}-\d{2}", reply)
    assert re.search(r"办结于\d{4}-\d{2}-\d{2}", reply)  # the decided one: its decision date


def test_someone_without_applications_is_told_so_not_given_a_clause(app, wx):
    reply = say(app, wx, "我的补贴申请进度", "oNoApplications")
    assert "还没有" in reply
    assert "📄 出处" not in reply


def test_a_question_about_when_a_rule_pays_is_still_answered_from_the_documents(app, wx, worker):
    reply = say(app, wx, "叶集引进技师的住房补贴分几年发", worker)
    assert "分2年" in reply
    assert "已批准" not in reply
