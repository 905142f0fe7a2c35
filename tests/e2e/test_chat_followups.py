"""Follow-ups and places through the whole stack: signed WeChat POSTs → real Bot (state in the
service's store) → real search. What a worker typing in the official account sees."""

from __future__ import annotations

from functools import partial

import pytest
from factories import chat

pytestmark = pytest.mark.e2e


ask = partial(chat.say, mode="raw")


def test_follow_ups_lean_on_the_last_answer(real_app, wx):
    who = "oFollowUps"
    first = ask(real_app, wx, "洪泽从外地引进技师给多少补贴", who)
    assert "10000元" in first.splitlines()[0]
    senior = ask(real_app, wx, "那高级技师呢", who)
    assert "15000元" in senior.splitlines()[0]
    number = ask(real_app, wx, "这个文件文号是啥", who)
    assert "洪办发〔2021〕10号" in "\n".join(number.splitlines()[:2])


def test_a_place_without_a_document_is_never_given_another_places_rule_as_its_own(real_app, wx):
    who = "oSuzhouWorker"
    said = ask(real_app, wx, "我在苏州打工", who)
    assert "苏州市" in said and "叶集区" in said
    answer = ask(real_app, wx, "引进技师有补贴吗", who)
    assert "苏州市" in answer and "10000元" not in answer and "元" not in answer


def test_remembered_place_answers_first(real_app, wx):
    who = "oTaierzhuang"
    ask(real_app, wx, "我在台儿庄", who)
    answer = ask(real_app, wx, "企业搞新型学徒制一年补多少", who)
    assert "台人社发" in answer and "4000-6000元" in answer
