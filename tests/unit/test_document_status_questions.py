"""Whether "this document" still stands, asked in a worker's status words (作数, 管用, 废止,
还执行, 到期 …): naming no document, place or 文号, it is a question about the document the
asker has in mind, which only the dialogue can tell, never an arbitrary document's clause;
naming a place or document, it is answered from that document's facts. Our own phrasings."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.store import MemoryStore
from policy_kb.search.intent import asks_document_status

TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    "question",
    [
        "这份文件如今还作数吗",
        "该规定现在还管用不",
        "这个通知是不是作废了",
        "此办法已经废止了没有",
        "这政策目前还执行不执行",
        "这个方案到期没",
        "这文件算不算正式的",
        "这个规定撤销了吗",
        "该政策还适用吗",
    ],
)
def test_status_of_an_unnamed_document_is_a_document_question_with_no_hits(index, question):
    result = index.search(question)
    assert result.about_document
    assert not result.answered and result.hits == []


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        ("洪泽这份文件如今还作数吗", "hongze-2021"),
        ("叶集的规定现在还管用不", "yeji"),
        ("宿迁那个行动计划是不是作废了", "suqian-2021"),
        ("产业工人那个方案还管用不", "hongze-2021"),
        ("台人社发〔2021〕17号这个文件还作数吗", "taierzhuang-2021"),
    ],
)
def test_status_of_a_document_named_by_place_or_title_is_its_facts(index, question, doc_id):
    result = index.search(question)
    assert result.about_document and result.answered
    assert result.hits[0].doc_id == doc_id
    assert result.hits[0].clause_id == "文件信息"


def test_a_remembered_district_tells_which_document(index):
    result = index.search("这份文件如今还作数吗", prefer_region="洪泽区")
    assert result.about_document and result.hits[0].doc_id == "hongze-2021"


@pytest.mark.parametrize(
    "question",
    [
        "这政策还执行吗，技师补贴多少",
        "这个文件里怎么申请",
        "这个文件有效期内能领几次",
    ],
)
def test_a_status_word_beside_a_content_question_is_not_a_status_question(question):
    assert not asks_document_status(question)


def test_a_content_question_beside_a_status_word_is_still_answered_from_clauses(index):
    result = index.search("这政策还执行吗，叶集技师补贴多少")
    assert result.answered and result.hits[0].doc_id == "yeji"
    assert result.hits[0].clause_id != "文件信息"


@pytest.mark.parametrize("question", ["这份文件如今还作数吗", "该规定现在还管用不"])
def test_the_bot_asks_which_districts_document_then_answers_there(kb_index, question):
    kb, index = kb_index
    bot = Bot(kb, index, MemoryStore(), today=lambda: TODAY)
    reply = bot.on_text("s1", question)
    assert "哪个地区的文件" in reply.text and "洪泽区" in reply.text
    there = bot.on_text("s1", "洪泽的")
    assert "洪办发" in there.text
