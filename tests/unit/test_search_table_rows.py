"""A question about one cell of a table gets that row: with its column headers, and as the
page prints it (label, then its cells in order)."""

from __future__ import annotations

from policy_kb.search.tablerow import printed_row


def test_a_row_sentence_reads_back_as_the_printed_row():
    row = "甲县：推荐用工人数（人）300；见习人数（人）20；培训人数45；达标企业数（个）2。"
    assert printed_row(row) == "甲县 300 20 45 2"


def test_sentences_that_are_not_rows_have_no_printed_row():
    assert printed_row("表尾填写：填表人、联系电话、填表时间。") is None
    assert printed_row("（单位：人，元）") is None
    assert printed_row("企业规模：大、中、小。") is None
    assert printed_row("到2023年，全市推荐用工不少于20万人次。") is None


def test_a_county_cell_question_returns_the_row_as_printed(index):
    result = index.search("宿城区的企业推荐用工人数是多少")
    top = result.hits[0]
    assert top.text.startswith("宿城区：企业推荐用工人数（人）13500")
    assert "宿城区 13500 9480 1500 12000" in top.text
    assert "企业推荐用工人数（人）13500" in top.sentence


def test_a_form_field_named_with_an_asking_word_is_that_field(index):
    # 类型 alone only asks "what kinds"; 企业类型 is a field the form prints
    result = index.search("台儿庄那张调查表，企业类型一栏能选哪几种？")
    assert "国有企业" in result.hits[0].sentence


def test_lone_characters_across_a_comma_are_not_one_word(index):
    q = index._analyse("调查表怎么填，有哪几种", None)
    assert not any("填有" in w for w in q.content)


def test_a_band_of_a_field_is_asked_about_the_field(index):
    # 年龄段: a band of 年龄, which the form prints as 年龄结构 and its age columns
    r = index.search("台儿庄调查表年龄段怎么分")
    assert r.answered
    assert "年龄" in r.hits[0].text


def test_a_units_note_is_shown_as_printed_and_found_in_either_width(index):
    # the form prints (单位: 人, 元) half-width; the answer quotes it so
    for question in ["那个现状调查表里金额按什么单位填", "调查表上写的（单位：人，元）指啥"]:
        result = index.search(question)
        assert result.answered
        assert any("(单位: 人, 元)" in h.text for h in result.hits)
