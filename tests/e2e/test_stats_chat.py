"""Done when (issue 13 §2): a question asked in chat that nothing answers appears in the
statistics and, once policy staff attach it to a clause, is answered — in the process that
made the change at once, and in another process (another app on the same database) at its
next check."""

from __future__ import annotations

from functools import partial

import pytest
from factories import chat
from factories.console import Browser, bearer, make_staff
from sqlalchemy import select

from bluecard.extensions import db
from bluecard.models import MessageLog

pytestmark = pytest.mark.e2e

QUESTION = "职称评审什么时候开始"


ask = partial(chat.say, mode="raw")


def test_unanswered_question_in_stats_then_attached_and_answered(make_app, real_knowledge, wx):
    app = make_app(knowledge=real_knowledge)
    other_process = make_app(knowledge=real_knowledge, KNOWLEDGE_CHECK_SECONDS=0)
    with app.app_context():
        policy = make_staff("policy")
        db.session.remove()
    browser = Browser(app.test_client())

    # A worker asks; nothing answers it.
    before = ask(app, wx, QUESTION, "oDoneWhen1")
    assert "没有找到答案" in before
    ask(app, wx, QUESTION, "oDoneWhen2")
    ask(app, wx, "请问职称评审啥时候开始？", "oDoneWhen2")

    # It is in the statistics, grouped with its other wording.
    stats = browser.get("/api/v1/staff/stats", headers=bearer(app, policy))
    groups = stats.get_json()["unanswered"]
    assert [(g["question"], g["count"]) for g in groups] == [(QUESTION, 3)]

    # Policy staff attach it to 叶集区 五 (技能人才评价, 职称) in the console.
    assert browser.login(policy.username).status_code in (200, 302, 303)
    page = f"/console/stats/unanswered/attach?question={QUESTION}"
    saved = browser.post_form(
        page, "/console/stats/unanswered/attach", {"question": QUESTION, "clause": "yeji|五"}
    )
    assert saved.status_code == 303
    listing = browser.get(saved.headers["Location"]).get_data(as_text=True)
    assert "已将「职称评审什么时候开始」作为扩展问关联到" in listing
    assert 'id="no-unanswered"' in listing  # the list shrank to nothing

    # The chat now answers it from that clause, and so does a nearly identical wording.
    after = ask(app, wx, QUESTION, "oDoneWhen3")
    assert "工程系列专业技术职称" in after and "关于推进技工强区建设的实施意见" in after
    assert "工程系列专业技术职称" in ask(app, wx, "职称评审啥时候开始", "oDoneWhen4")
    with app.app_context():
        intents = (
            db.session.execute(select(MessageLog.intent).where(MessageLog.openid == "oDoneWhen3"))
            .scalars()
            .all()
        )
        assert intents == ["answer"]
    # Another process answers it too (search API of the mini-program and the chat).
    found = other_process.test_client().get("/api/v1/search", query_string={"q": QUESTION})
    assert found.get_json()["answered"] is True
    assert found.get_json()["hits"][0]["clause_id"] == "五"
    assert "工程系列专业技术职称" in ask(other_process, wx, QUESTION, "oDoneWhen5")

    # Undone: the question is not answered any more.
    phrasing_id = int(listing.split('id="phrasing-')[1].split('"')[0])
    browser.post_form(
        saved.headers["Location"], f"/console/stats/phrasings/{phrasing_id}/retire", {}
    )
    assert "没有找到答案" in ask(app, wx, QUESTION, "oDoneWhen6")
