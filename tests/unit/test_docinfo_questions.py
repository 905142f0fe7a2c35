"""Questions about a document itself, in a worker's words: may it be passed on, is it still in
force when the last words only ask 「到期了没」, which rule wins when two disagree."""

from __future__ import annotations

import pytest

from policy_kb import docinfo


@pytest.mark.parametrize(
    "question",
    [
        "宿迁人社局这个方案是公开的么，可以转发给工友吗",
        "叶集的意见和老规定矛盾的话听哪个",
        "洪泽的实施方案执行到哪年，到期了没",
        "连云港那份意见算不算内部的",
        "台儿庄的实施方案是不是内部资料",
    ],
)
def test_these_ask_about_the_document(question):
    assert docinfo.asks_about_document(question) is not None


def test_a_short_last_question_about_a_story_is_not_about_a_document():
    assert docinfo.asks_about_document("我在宿迁干了三年电焊，社保断了两个月，还有效吗") is None


def test_may_it_be_passed_on_is_answered_from_the_printed_footer(index):
    result = index.search("宿迁人社局这个方案是公开的么，可以转发给工友吗")
    assert result.about_document
    assert result.hits[0].doc_id == "suqian-2021"
    assert "此件公开发布" in result.hits[0].sentence


def test_which_rule_wins_is_answered_from_the_documents_own_clause(index):
    result = index.search("叶集的意见和老规定矛盾的话听哪个")
    assert result.hits[0].doc_id == "yeji"
    assert "以本意见为准" in result.hits[0].sentence


def test_in_force_asked_at_the_end_of_a_question_naming_the_document(index):
    result = index.search("洪泽的实施方案执行到哪年，到期了没")
    assert result.about_document
    assert "2025" in result.hits[0].sentence


@pytest.mark.parametrize(
    ("question", "line", "printed"),
    [
        ("叶集技工强区那个意见是哪几个部门一起印发的", "发文机关：", ""),
        ("洪泽的产业工人方案是几个单位联合下发的", "发文机关：", "人民政府办公室"),
        ("宿迁那个行动计划是依据什么文件出台的", "依据：", "宿发〔2021〕9号"),
        ("洪泽的产业工人方案有效期到哪年", "状态：", "2025"),
        ("连云港那个意见的目标要到哪一年实现", "目标：", "到2035年"),
    ],
)
def test_who_issued_what_it_implements_and_how_far_it_reaches(index, question, line, printed):
    result = index.search(question)
    assert result.about_document
    assert result.hits[0].sentence.startswith(line)
    assert printed in result.hits[0].sentence


def test_a_document_question_typed_in_pinyin_is_read(index):
    result = index.search("台儿庄 jineng rencai fangan hai youxiao ma")
    assert result.about_document
    assert result.hits[0].doc_id == "taierzhuang-2021"
    assert result.hits[0].sentence.startswith("状态：")


@pytest.mark.parametrize(
    "question", ["哪几个单位负责发证书", "哪些部门可以申请这个补贴", "按照什么标准评技师"]
)
def test_which_offices_do_the_work_is_not_about_the_document(question):
    assert docinfo.asks_about_document(question) is None


@pytest.mark.parametrize(
    ("question", "line"),
    [
        ("台儿庄的方案是哪个局发的", "发文机关："),
        ("宿迁这个计划到2023年就结束了吧", "状态："),
        ("宿迁方案后面的附件有几个", "附件："),
    ],
)
def test_which_office_when_it_ends_and_how_many_attachments(index, question, line):
    result = index.search(question)
    assert result.about_document
    assert result.hits[0].sentence.startswith(line)


@pytest.mark.parametrize(
    ("question", "line"),
    [
        ("洪泽方案是区委还是区政府发的", "发文机关："),
        ("宿迁方案是市人社局单独发的吗", "发文机关："),
        ("宿迁行动计划管到哪一年", "状态："),
        # asks what prevails; the document prints nothing on it: not answered with its issuer
        ("台儿庄方案跟上面的规定冲突听谁的", "标题："),
        ("叶集意见能不能在网上公开看到", "标题："),
    ],
)
def test_which_office_of_two_and_facts_the_document_does_not_print(index, question, line):
    result = index.search(question)
    assert result.about_document
    assert result.hits[0].sentence.startswith(line)


def test_public_or_internal_gets_the_printed_publication_line(index):
    result = index.search("宿迁那个行动计划实施方案算内部文件还是公开的")
    assert result.about_document
    assert "此件公开发布" in result.hits[0].sentence


@pytest.mark.parametrize(
    ("question", "printed"),
    [("连云港技能人才那个意见出来了吗", "征求意见稿"), ("叶集技工强区意见发了没", "正式印发")],
)
def test_has_it_come_out_yet_gets_the_status_line(index, question, printed):
    result = index.search(question)
    assert result.about_document
    assert result.hits[0].sentence.startswith("状态：") and printed in result.hits[0].sentence
