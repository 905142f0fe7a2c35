"""A worker brought in this year with a grade is answered with the introduction clause; a local
worker's new certificate with the award (``bot.story.introduction_first``)."""

from __future__ import annotations

from datetime import date

import pytest
from fakes.bot_services import FakeBotServices

from bot.dialogue import Bot


@pytest.fixture
def bot(kb_index, store):
    kb, index = kb_index
    return Bot(kb, index, store, services=FakeBotServices(), today=lambda: date(2026, 3, 1))


@pytest.mark.parametrize(
    ("question", "clause", "amount"),
    [
        ("我今年引进到洪泽，高级技师证前年考的，有什么奖励", "三（三）1", "15000元"),
        ("我今年被引进到洪泽，拿的是高级技师证，有奖金吗", "三（三）1", "15000元"),
        ("今年引进到叶集的高级技师能拿多少钱", "实施意见》四", "20%"),
        ("我是今年引进宿迁的，高级技师，有什么待遇", "三（二）2", "同等待遇"),
    ],
)
def test_an_introduced_worker_s_grade_gets_the_introduction_clause(bot, question, clause, amount):
    text = bot.on_text("i1", question).text
    cited = text.split("📄 出处：")[1].splitlines()[0]
    assert clause in cited and amount in text
    assert "帮办服务部门" not in text.split("📄")[0]  # not what the employer is paid


@pytest.mark.parametrize(
    ("question", "clause", "amount"),
    [
        ("我是洪泽土生土长的，刚考出高级技师证，奖励多少", "三（三）4", "4000元"),
        ("我在叶集民营厂干了4年，今年考上了高级技师，有奖励吗", "实施意见》三", "3000元"),
    ],
)
def test_a_local_worker_s_new_certificate_gets_the_award(bot, question, clause, amount):
    text = bot.on_text("i2", question).text
    assert clause in text.split("📄 出处：")[1].splitlines()[0] and amount in text
