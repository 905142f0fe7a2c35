"""Grouping unanswered questions, the statistics period, and the 扩展问 hook of the search:
pure logic, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bluecard.privacy import REDACTED
from bluecard.stats.grouping import AskedQuestion, group_questions
from bluecard.stats.period import MAX_DAYS, PeriodError, parse_period, parse_region
from policy_kb.search.phrasings import (
    PhrasedIndex,
    Phrasing,
    question_grams,
    similarity,
    with_phrasings,
)

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def asked(question: str, hours: int = 0) -> AskedQuestion:
    return AskedQuestion(question, T0 + timedelta(hours=hours))


# -- similarity -------------------------------------------------------------------------------
def test_openings_punctuation_and_case_do_not_count():
    same = similarity(
        question_grams("请问，洪泽失业金怎么领？"), question_grams("洪泽失业金怎么领")
    )
    assert same == 1.0
    assert similarity(question_grams("ＡＢＣ补贴"), question_grams("abc补贴")) == 1.0


def test_different_questions_are_not_similar():
    assert similarity(question_grams("公积金怎么提取"), question_grams("失业金怎么领")) < 0.5
    assert similarity(question_grams(""), question_grams("失业金怎么领")) == 0.0


# -- grouping ---------------------------------------------------------------------------------
def test_similar_wordings_form_one_group_with_count_and_last_asked():
    groups = group_questions(
        [
            asked("蓝卡怎么申请", 1),
            asked("怎么申请蓝卡", 2),
            asked("怎么申请蓝卡？", 5),
            asked("怎么申请蓝卡", 3),
            asked("公积金怎么提取", 4),
        ]
    )
    assert [(g.question, g.count) for g in groups] == [("怎么申请蓝卡", 4), ("公积金怎么提取", 1)]
    first = groups[0]
    assert first.last_asked == T0 + timedelta(hours=5)
    assert set(first.variants) == {"蓝卡怎么申请", "怎么申请蓝卡？"}


def test_groups_are_ordered_by_count_then_recency():
    groups = group_questions([asked("夜班补贴怎么算", 1), asked("职称评审什么时候", 9)])
    assert [g.question for g in groups] == ["职称评审什么时候", "夜班补贴怎么算"]


def test_known_questions_and_their_wordings_leave_the_list():
    groups = group_questions(
        [
            asked("职称评审什么时候开始"),
            asked("请问职称评审什么时候开始？"),
            asked("夜班补贴怎么算"),
        ],
        known=["职称评审什么时候开始"],
    )
    assert [g.question for g in groups] == ["夜班补贴怎么算"]


def test_removed_personal_data_does_not_make_questions_alike():
    groups = group_questions(
        [
            asked(f"我的电话{REDACTED}能办蓝卡吗"),
            asked(f"身份证{REDACTED}查补贴"),
            asked(REDACTED),  # nothing left to compare: left out
            asked("   "),
        ]
    )
    assert sorted(g.question for g in groups) == sorted(
        [f"我的电话{REDACTED}能办蓝卡吗", f"身份证{REDACTED}查补贴"]
    )


# -- period -----------------------------------------------------------------------------------
def test_period_defaults_to_thirty_days_ending_today():
    period = parse_period(None, "", date(2026, 11, 30))
    assert (period.start, period.end, period.days) == (date(2026, 11, 1), date(2026, 11, 30), 30)
    # China midnight is 16:00 UTC the day before.
    assert period.since == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert period.until == datetime(2026, 11, 30, 16, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2026-13-01", "2026-11-30", "from"),
        ("2026-11-01", "yesterday", "to"),
        ("2026-11-30", "2026-11-01", "from"),
        ("2020-01-01", "2026-11-30", "from"),
    ],
)
def test_bad_periods_name_the_field(start, end, field):
    with pytest.raises(PeriodError) as info:
        parse_period(start, end, date(2026, 11, 30))
    assert info.value.field == field
    assert field in info.value.message and any(
        "\u4e00" <= ch <= "\u9fff" for ch in info.value.message
    )


def test_longest_period_is_accepted():
    end = date(2026, 11, 30)
    period = parse_period((end - timedelta(MAX_DAYS - 1)).isoformat(), end.isoformat(), end)
    assert period.days == MAX_DAYS


def test_region_aliases_and_unknown_places():
    assert parse_region("叶集") == "叶集区"
    assert parse_region("") is None
    with pytest.raises(PeriodError) as info:
        parse_region("苏州市")
    assert info.value.field == "region"


# -- the search hook --------------------------------------------------------------------------
def test_an_attached_phrasing_is_answered_by_its_clause(index):
    question = "职称评审什么时候开始"
    assert not index.search(question).answered
    phrased = with_phrasings(index, [Phrasing(question, "yeji", "九")])
    assert isinstance(phrased, PhrasedIndex)
    for wording in (
        question,
        "请问职称评审什么时候开始？",
        "职称评审啥时候开始",
        "叶集职称评审什么时候开始",
    ):
        result = phrased.search(wording)
        assert result.answered, wording
        assert (result.hits[0].doc_id, result.hits[0].clause_id) == ("yeji", "九")
        assert "蓝卡" in result.hits[0].text
    # Other questions are answered as before, and the index itself is unchanged.
    assert not phrased.search("职称评审怎么收费").answered  # shares words, asks another thing
    assert not phrased.search("夜班补贴怎么算").answered
    assert not index.search(question).answered
    before = index.search("洪泽从外地引进的技师有多少补贴").hits
    assert phrased.search("洪泽从外地引进的技师有多少补贴").hits == before


def test_a_phrasing_answers_only_in_its_clause_s_district(index):
    phrased = with_phrasings(index, [Phrasing("职称评审什么时候开始", "yeji", "九")])
    assert phrased.search("职称评审什么时候开始", region="叶集区").answered
    assert not phrased.search("职称评审什么时候开始", region="洪泽区").answered
    # a place without a document is still said plainly
    assert phrased.search("苏州职称评审什么时候开始").uncovered_places


def test_wrapping_again_replaces_the_phrasings_and_none_unwraps(index):
    first = with_phrasings(index, [Phrasing("职称评审什么时候开始", "yeji", "九")])
    second = with_phrasings(first, [Phrasing("夜班补贴怎么算", "yeji", "九")])
    assert isinstance(second, PhrasedIndex) and second.base is index
    assert not second.search("职称评审什么时候开始").answered
    assert second.search("夜班补贴怎么算").answered
    # one character apart, but another question: 加班 is not 夜班
    assert not second.search("加班补贴怎么算").answered
    assert with_phrasings(second, []) is index
    # a clause the knowledge base does not have is ignored
    assert with_phrasings(index, [Phrasing("夜班补贴怎么算", "yeji", "九十九")]).phrasings == ()
