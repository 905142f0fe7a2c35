"""How the questionnaire reads lengths and dates workers say in their own way: a gap in paying
社保 is not the months paid, 「N年前」 counts back from the bot's day, 农历 governs digits after
it, halves count, 「将近/快」 are short of the length, an open-ended contract is said back as
无固定期限, and 「上一步」 after a result keeps every answer it does not ask again."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.parsing import SKIP, AnswerError, parse_date, parse_months, parse_years
from bot.profile_facts import facts_in
from bot.questionnaire import Questionnaire, date_instead
from bot.questions import QUESTIONS
from bot.store import MemoryStore

TODAY = date(2026, 12, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


# -- 1. a gap in paying is no total ------------------------------------------------------------


@pytest.mark.parametrize("said", ["中途断缴过一年", "停了八个月没交", "断了两年多"])
def test_a_gap_answering_the_months_paid_asks_for_the_total(said):
    with pytest.raises(AnswerError, match="一共"):
        parse_months(said, TODAY)


@pytest.mark.parametrize("said", ["社保断过一年", "我的社保停缴了五个月"])
def test_a_gap_in_a_story_is_not_read_as_the_months_paid(said):
    assert "insurance_months" not in facts_in(said, TODAY)


def test_the_total_said_beside_a_gap_is_the_months_paid():
    assert facts_in("社保中途断过三个月，累计交了两年半", TODAY)["insurance_months"] == 30
    assert parse_months("断过半年，总共缴了40个月", TODAY) == 40


def test_the_questionnaire_asks_again_for_the_total_after_a_gap(bot):
    for said in ("测一测", "洪泽", "技师", "是", "民营企业", "是", "2年"):
        reply = bot.on_text("gap", said)
    assert "社保" in reply.text
    reply = bot.on_text("gap", "中间断了一年")
    assert reply.intent == "quiz" and "一共" in reply.text and "社保" in reply.text


# -- 2. relative years count back from the bot's day -------------------------------------------


@pytest.mark.parametrize(("said", "year"), [("十二年前", 2014), ("11年前", 2015), ("前年", 2024)])
def test_years_ago_count_back_from_today(said, year):
    got = parse_date(said, TODAY)
    assert not isinstance(got, type(SKIP)) and got.year == year


def test_years_ago_in_a_story_follow_the_injected_day():
    assert facts_in("技师证是十年以前考下来的", TODAY)["level_obtained_on"][:4] == "2016"
    later = date(2031, 5, 1)
    assert facts_in("证书10年前拿的", later)["level_obtained_on"][:4] == "2021"


# -- 3. 农历 governs digits too ----------------------------------------------------------------


def test_lunar_said_before_digits_is_lunar():
    # the 8th lunar month's 15th day of 2024 is 17 September 2024
    assert parse_date("农历2024年8月15", TODAY) == date(2024, 9, 17)
    got = facts_in("证是农历2025年12月拿到的", TODAY)["level_obtained_on"]
    assert got > "2026-01-01"  # the 12th lunar month of 2025 begins in January 2026


def test_digits_without_lunar_stay_gregorian():
    assert parse_date("2024年8月", TODAY) == date(2024, 8, 1)


# -- 7. halves count everywhere lengths are read -----------------------------------------------


@pytest.mark.parametrize(
    ("said", "field", "value"),
    [
        ("在这个厂里干了两年半", "tenure_years", 2.5),
        ("劳动合同签的一年半", "contract_years", 1.5),
        ("签了一年半的合同", "contract_years", 1.5),
        ("社保缴了一年半", "insurance_months", 18),
        ("交了两年半社保", "insurance_months", 30),
    ],
)
def test_a_half_in_a_story_counts(said, field, value):
    assert facts_in(said, TODAY)[field] == value


# -- neighbours: 将近 / 快 are short of the length, 满X周年 is X years, parts of a year ---------


def test_nearly_is_short_of_the_length():
    assert parse_years("将近三年", TODAY) < 3
    assert parse_months("快一年了", TODAY) < 12
    assert facts_in("在单位干了快三年了", TODAY)["tenure_years"] < 3


def test_full_anniversaries_are_years():
    assert parse_years("满两周年", TODAY) == 2
    assert facts_in("在这家公司干满五周年了", TODAY)["tenure_years"] == 5


@pytest.mark.parametrize(
    ("said", "when"),
    [
        ("开春", date(2026, 3, 1)),
        ("过完年", date(2026, 2, 1)),
        ("前年年底", date(2024, 12, 1)),
        ("去年下半年", date(2025, 9, 1)),
    ],
)
def test_parts_of_a_year_are_dates(said, when):
    assert parse_date(said, TODAY) == when


def test_a_part_of_this_year_said_alone_in_a_story():
    assert facts_in("今年开春考的高级工", TODAY)["level_obtained_on"] == "2026-03-01"
    assert facts_in("证是今年上半年拿的", TODAY)["level_obtained_on"][:4] == "2026"


# -- 4. an open-ended contract is said back as such --------------------------------------------


def test_an_open_ended_contract_meets_thresholds_and_is_said_as_open_ended(bot):
    reply = bot.on_text("open", "我在洪泽，技师，今年3月拿的证，单位是区里注册的民营企业")
    assert reply.intent == "quiz"
    reply = bot.on_text("open", "要是签的是无固定期限的合同呢")
    assert "无固定期限" in reply.text
    assert "10年" not in reply.text and "99" not in reply.text
    assert facts_in("合同签的无固定期限", TODAY)["contract_years"] >= 3


# -- 5. 上一步 after a result keeps every answer it does not ask again ---------------------------


def test_going_back_keeps_an_answer_that_is_not_asked_again():
    quiz = Questionnaire(MemoryStore(), today=lambda: TODAY)
    answers = {
        "region": "洪泽区",
        "skill_level": "技师",
        "level_obtained_on": "2026-03-01",
        "key_industry": True,
        "employer_in_region": True,
    }
    order = ["region", "skill_level", "level_obtained_on", "key_industry", "employer_in_region"]
    step = quiz.reopen("back", answers, order)
    # the district answer is implied by the key industry: not asked, and not forgotten either
    assert step.kind == "question"
    assert step.answers.get("employer_in_region") is True
    assert step.question is not None and step.question.field != "employer_in_region"


# -- 6. a correction after going back is measured against the complete result -----------------


def test_a_correction_after_going_back_compares_with_the_result_shown(bot):
    for said in ("测一测", "洪泽", "技师", "是", "民营企业", "是", "2年", "3年", "是", "是"):
        bot.on_text("cmp", said)
    bot.on_text("cmp", "今年3月")
    result = bot.on_text("cmp", "没有")
    assert result.intent == "quiz_result" and "13000元" in result.text
    bot.on_text("cmp", "上一步")
    bot.on_text("cmp", "上一步")
    reply = bot.on_text("cmp", "你记错了，社保是4个月")
    # the certificate's award (3000元) still stands on the answers before going back
    assert "和刚才的结果比" in reply.text
    assert "3000元（按你说的是13000元）" in reply.text


# -- a length said roughly is asked exactly only when a threshold lies within it ---------------


def _to_insurance(bot, uid):
    for said in ("测一测", "洪泽", "技师", "是", "民营企业", "是", "2年"):
        reply = bot.on_text(uid, said)
    assert "社保" in reply.text


def test_a_rough_length_across_a_threshold_is_asked_exactly_once(bot):
    _to_insurance(bot, "about")
    reply = bot.on_text("about", "估计也就6个月")
    assert reply.intent == "quiz" and "准数" in reply.text and "5个月到7个月" in reply.text
    # said roughly again: taken at the worker's word, the questionnaire goes on
    reply = bot.on_text("about", "大概就是6个月")
    assert "准数" not in reply.text and "社保" not in reply.text.splitlines()[0]


def test_a_rough_length_clear_of_any_threshold_is_kept(bot):
    _to_insurance(bot, "clear")
    reply = bot.on_text("clear", "差不多五年")
    assert "准数" not in reply.text


def test_a_gap_word_before_the_length_of_insurance_is_still_a_gap():
    # 「断过一年社保」 says a year was missed, never that a year was paid
    assert "insurance_months" not in facts_in("厂里效益差那阵子停过半年社保", TODAY)
    assert "insurance_months" not in facts_in("前些年断缴过两年社保，现在考了技师", TODAY)
    assert facts_in("我交了两年社保", TODAY)["insurance_months"] == 24


def test_years_ago_is_this_month_that_many_years_back():
    # 三年前 is three years of work, not three years and eleven months
    assert facts_in("我是三年前进厂干活的", TODAY)["tenure_years"] == 3.0
    assert facts_in("技师证五年前考的", TODAY)["level_obtained_on"] == "2021-12-01"


def test_when_work_began_is_never_taken_for_the_certificate_date():
    asked = QUESTIONS["employer_type"]  # any question but the certificate's date
    assert date_instead(asked, "三年前进厂的", TODAY, {}) is None
    assert date_instead(asked, "去年入职的", TODAY, {}) is None
    assert date_instead(asked, "去年3月", TODAY, {}) == "2025-03-01"
