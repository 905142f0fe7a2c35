"""A worker asking for a spouse, a child or a brother tells whose case it is and asks the same
question the worker would; a message opening with when or where the worker is now (如今到…了)
asks what follows. Both are answered from what they ask."""

from __future__ import annotations

import pytest

from policy_kb.search import SearchIndex


@pytest.mark.parametrize(
    ("question", "doc_id", "printed"),
    [
        # 对象, 叉车: whose case and his trade; the certificate reward is asked
        ("我对象在洪泽一家厂里开叉车，前阵子考出了高级工证，有奖励没", "hongze-2021", "1600元"),
        ("俺家闺女在技校上学，学徒制那块补贴咋申请", None, "新型学徒制"),
        ("现如今回到叶集了，引进的技师有啥补贴", "yeji", "技师"),
        # 宿迁 pays nothing for the title itself: the clauses that do answer, not a 宿迁
        # clause that merely says 取得 (确保活动取得显著实效)
        ("我哥在宿迁厂里干活，他刚评上技师，能给多少钱", None, "元"),
    ],
)
def test_a_question_for_a_family_member_is_answered(
    index: SearchIndex, question: str, doc_id: str | None, printed: str
) -> None:
    result = index.search(question)
    assert result.answered
    top = result.hits[0]
    assert doc_id is None or top.doc_id == doc_id
    assert printed in top.text


def test_a_family_members_own_benefit_is_still_what_is_asked(index: SearchIndex) -> None:
    # 孩子上学 is the question here, not whose case it is: it is not dropped, and a clause
    # about 子女 answers
    result = index.search("技师的孩子上学有照顾吗")
    assert result.answered
    assert "子女" in result.hits[0].text


def test_another_topic_asked_for_a_relative_stays_unanswered(index: SearchIndex) -> None:
    assert not index.search("我媳妇在超市上班，她生孩子有生育津贴吗").answered
    assert not index.search("我老公在厂里开吊车，想问问他开车撞了人保险赔不赔").answered
