"""What-ifs about someone else, conditions asked rather than stated, years at work against a
rule on years of insurance, and a what-if moving the worker to another place.

A fact told of the worker's spouse, 徒弟 or colleague is answered for that person and never
becomes the worker's own (their level, the questionnaire's answers, later answers); a question
asking whether a condition is required gets the rule's condition, not a ✅/❌ verdict as if the
worker had said it of themselves; 「干了N年」 against a rule on years of insurance says which fact
the rule needs and asks it; 「要是换成X呢」 answers there and says what the answer was before.
Real knowledge base and search, in-memory store; the phrasings are our own."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.others import person_named, split_by_person
from bot.store import MemoryStore
from bot.verdict import other_length, stated_text

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def _verdicts(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(("✅", "❌", "❓"))]


# -- someone else's facts -----------------------------------------------------------------------


def test_people_are_read_as_subjects_never_as_policy_words():
    assert person_named("假如我爱人考了技师") == "爱人"
    assert person_named("俺家闺女是高级工的话能拿多少") == "闺女"
    assert person_named("工友在国企干了六年") == "工友"
    # apprenticeship schemes speak of 师傅 and 徒弟 without anyone's facts
    assert person_named("企业带徒弟有没有补贴") is None
    assert person_named("学徒制里徒弟能拿多少") is None
    parts = split_by_person("我是中级工，我对象是技师，在民营厂做了四年")
    assert parts is not None
    assert parts.own == "我是中级工"
    assert parts.other == "我对象是技师，在民营厂做了四年"


def test_a_spouses_level_after_a_result_leaves_the_workers_result_alone(bot):
    chat(bot, "p1", "我在叶集，民营企业的高级工，在这个厂干了4年，社保一直交着，前年考的证，测一测")
    result = bot.on_text("p1", "就这些")
    assert "1000元" in result.text
    hers = bot.on_text("p1", "我爱人是技师")
    assert "2000元" in hers.text.splitlines()[0]
    assert "你爱人" in hers.text
    # the worker's own result is still the 高级工's
    again = bot.on_text("p1", "我能领多少")
    assert "一次性补贴合计：1000元" in again.text
    assert "2000元" not in again.text


def test_a_what_if_about_a_colleague_after_a_result_is_not_the_workers_what_if(bot):
    chat(bot, "p2", "我在叶集，民营企业的高级工，在这个厂干了4年，社保一直交着，前年考的证，测一测")
    bot.on_text("p2", "就这些")
    theirs = bot.on_text("p2", "假如我工友是高级技师呢")
    assert theirs.intent == "answer"
    assert "3000元" in theirs.text.splitlines()[0]
    assert "假设技能等级是高级技师" not in theirs.text  # not a supposition on the worker's case


def test_an_apprentices_level_is_not_remembered_as_the_workers(bot):
    chat(bot, "p3", "我在洪泽，我是高级工")
    theirs = bot.on_text("p3", "我徒弟考了技师，他能拿多少")
    assert theirs.intent == "answer"
    assert theirs.text.splitlines()[0].startswith("👉 技师：")
    assert "你徒弟" in theirs.text
    mine = bot.on_text("p3", "那我呢")
    assert mine.text.splitlines()[0].startswith("👉 高级工：")
    # nor is it kept as the worker's own fact for a questionnaire started later
    parts = bot.store.get("bot:state:p3")["parts"]
    assert parts["bot:facts:p3"]["value"]["skill_level"] == "高级工"


def test_a_what_if_about_a_relative_on_an_answer_lists_what_they_still_need(bot):
    bot.on_text("p4", "我在叶集，民营企业的高级工，干了两年，晋升等级有奖励吗")
    theirs = bot.on_text("p4", "要是我表哥是技师呢")
    lines = theirs.text.splitlines()
    assert lines[0] == "👉 技师：2000元"
    assert "你表哥" in lines[1]
    needs = next(line for line in lines if "还要看" in line)
    assert "连续工作3年" in needs and "民营企业职工" in needs
    # the worker's own two years are no verdict on the cousin
    assert not _verdicts(theirs.text)
    # and the worker's own answer keeps the worker's level and facts
    mine = bot.on_text("p4", "那我呢")
    assert mine.text.splitlines()[0] == "👉 高级工：1000元"
    assert any(v.startswith("❌") and "2年" in v for v in _verdicts(mine.text))


# -- a condition asked about is no fact stated --------------------------------------------------


def test_asking_parts_lose_the_condition_they_ask():
    assert stated_text("我社保交了20个月，是不是得交满三年") == "我社保交了20个月"
    assert stated_text("劳动合同最少签几年") == "劳动合同"
    assert stated_text("签两年合同够不够") == ""
    # a fact of the worker's with a question about the money stays stated
    assert stated_text("我在厂里做了两年能领吗") == "我在厂里做了两年能领吗"


def test_asking_whether_years_are_required_gets_the_condition_not_a_verdict(bot):
    reply = bot.on_text("a1", "叶集民营企业晋升高级工的奖励，需不需要在一个厂连续干满三年")
    lines = reply.text.splitlines()
    assert lines[0] == "👉 高级工：1000元"
    assert "👉 本条要求：在同一企业连续工作3年以上（含3年）" in lines
    assert not any("连续工作年限是3年" in v for v in _verdicts(reply.text))


def test_asking_about_a_contract_length_or_insurance_gets_no_verdict(bot):
    contract = bot.on_text("a2", "洪泽引进高级工的补贴，劳动合同必须签一年以上吗")
    assert not _verdicts(contract.text)
    assert "👉 本条要求：劳动合同年限1年以上" in contract.text
    insured = bot.on_text("a3", "叶集新引进技师的住房补贴，社保要交够三年吗")
    assert not _verdicts(insured.text)
    assert "36个月" in insured.text


def test_a_stated_fact_and_an_asked_condition_in_one_message(bot):
    reply = bot.on_text("a4", "我在叶集民营厂干了两年，高级工，晋升奖励是不是要干满3年")
    verdicts = _verdicts(reply.text)
    assert any(v.startswith("❌") and "2年" in v for v in verdicts)
    assert not any("3年，符合" in v for v in verdicts)


def test_an_asked_condition_is_not_remembered_for_the_questionnaire(bot):
    bot.on_text("a5", "我在叶集，我社保是不是要交满3年才有住房补贴")
    step = bot.on_text("a5", "测一测")
    assert "36个月" not in step.text
    parts = bot.store.get("bot:state:a5")["parts"]
    assert "insurance_months" not in str(parts.get("bot:facts:a5"))


# -- years at work against a rule on years of insurance ------------------------------------------


def test_years_at_work_against_insurance_years_say_which_fact_counts():
    lines = other_length("yeji-intro-living-housing", {"tenure_years": 5.0})
    assert len(lines) == 1
    assert "不是连续工作年限" in lines[0] and "缴纳社会保险满3年" in lines[0]
    assert "社保一直在交，就满足" in lines[0] and "社保缴纳月数是多少" in lines[0]
    short = other_length("yeji-intro-living-housing", {"tenure_years": 1.0})
    assert "也还不够" in short[0]
    # a rule on years at work itself: its own verdict speaks
    assert other_length("yeji-private-level-award", {"tenure_years": 5.0}) == []


def test_a_what_if_on_years_at_work_explains_the_insurance_condition(bot):
    bot.on_text("y1", "我在叶集，民营企业，技师，新引进的，生活补贴和住房补贴多少")
    reply = bot.on_text("y1", "要是我在这干满5年了呢")
    assert "没有要求" not in reply.text
    assert "缴纳社会保险满3年" in reply.text and "社保缴纳月数是多少" in reply.text
    assert reply.text.splitlines()[0].startswith("👉")


# -- a what-if moving the worker -----------------------------------------------------------------


def test_supposing_another_district_answers_there_and_says_what_it_was(bot):
    bot.on_text("m1", "我在洪泽，引进技师补贴多少")
    there = bot.on_text("m1", "要是换成叶集呢")
    assert there.intent == "answer"
    assert "叶集" in there.text
    assert "上一条洪泽区的金额和条件在叶集区不适用" in there.text
    assert "技师：10000元" not in there.text  # 洪泽's amount is not repeated


def test_supposing_a_move_keeps_the_same_kind_of_benefit(bot):
    bot.on_text("m2", "我在叶集，民营企业的高级工，干了4年，晋升等级有奖励吗")
    there = bot.on_text("m2", "假如我调到洪泽上班呢")
    lines = there.text.splitlines()
    assert lines[0] == "👉 高级工：1600元"
    assert any("上一条叶集区的金额和条件在洪泽区不适用" in line for line in lines)
    assert "1000元" not in there.text
    assert "📄 出处：洪办发" in there.text


def test_someone_elses_level_mid_questionnaire_is_no_answer_of_the_workers(bot):
    chat(bot, "p5", "我在洪泽，测一测", "高级工")
    waiting = bot.on_text("p5", "假如我闺女也考了技师呢")
    assert waiting.intent == "quiz"
    assert "你闺女" in waiting.text and "假设" not in waiting.text
    parts = bot.store.get("bot:state:p5")["parts"]
    assert "技师" not in str(parts).replace("高级技师", "")


def test_an_answer_without_an_amount_still_leads_with_its_answer(bot):
    bot.on_text("p6", "我在台儿庄，我是高级工，职称评审有啥政策")
    theirs = bot.on_text("p6", "要是我侄子是中级工的话能评吗")
    lines = theirs.text.splitlines()
    assert lines[0].startswith("❌") and "高级工以上" in lines[0]
    assert "你侄子" in lines[1]
    assert "📄 出处：台人社发" in theirs.text


# -- a fact denied is no fact stated ------------------------------------------------------------


def test_denied_facts_are_not_stated():
    assert stated_text("我还没考下高级工证，有没有钱拿") == ""
    assert stated_text("社保还没交满半年，引进补贴能领吗") == "引进补贴能领吗"
    assert stated_text("我在民营厂干了三年，有没有奖励") == "我在民营厂干了三年"


def test_insurance_not_yet_paid_long_enough_gets_no_met_verdict(bot):
    bot.on_text("n1", "我在洪泽，引进高级工补贴多少")
    reply = bot.on_text("n1", "我社保还没交满半年，这个能领吗")
    assert not any(v.startswith("✅") for v in _verdicts(reply.text))
    parts = bot.store.get("bot:state:n1")["parts"]
    assert "insurance_months" not in str(parts.get("bot:facts:n1"))


def test_a_move_right_after_a_result_evaluates_the_answers_there(bot):
    chat(bot, "m3", "我在叶集，民营企业的高级工，在这个厂干了4年，社保一直交着，前年考的证，测一测")
    bot.on_text("m3", "就这些")
    there = bot.on_text("m3", "假如我调到洪泽上班呢")
    assert there.intent == "quiz_whatif"
    assert "洪泽区" in there.text.splitlines()[0] and "叶集区" in there.text.splitlines()[0]
    assert "急需紧缺高技能引进人才一次性补贴" in there.text
    assert "条件不再满足" not in there.text  # 叶集's rules do not move with the worker
    assert "叶集区的3项是叶集区的政策" in there.text


def test_someone_whose_level_is_untold_gets_every_levels_amount(bot):
    bot.on_text("p7", "我在洪泽，引进技师补贴多少")
    theirs = bot.on_text("p7", "我哥呢")
    first = theirs.text.splitlines()[0]
    assert "高级技师15000元" in first and "高级工5000元" in first
    assert "你哥" in theirs.text and "高级工以上" in theirs.text


def test_person_words_asking_a_rule_are_no_ones_case(bot):
    assert person_named("这项补贴的对象是谁") is None
    reply = bot.on_text("q1", "叶集引进技师住房补贴的对象是谁")
    assert "👤" not in reply.text
    apprentices = bot.on_text("q2", "洪泽学徒制的师傅是什么条件")
    assert "👤" not in apprentices.text


def test_own_facts_asked_whether_they_do_are_judged_against_the_last_clause(bot):
    bot.on_text("e1", "我在洪泽，技师，引进补贴多少")
    reply = bot.on_text("e1", "我社保才缴了5个月，劳动合同是三年的，这样够不够")
    verdicts = _verdicts(reply.text)
    assert reply.intent == "answer"
    assert any(v.startswith("❌") and "5个月" in v for v in verdicts)
    assert any(v.startswith("✅") and "3年" in v for v in verdicts)


def test_a_spouse_called_otherwise_is_still_someone_else(bot):
    reply = bot.on_text("e2", "假如俺家那口子在叶集民营厂做了三年高级工，能奖多少")
    assert "你那口子" in reply.text
    parts = bot.store.get("bot:state:e2")["parts"]
    assert "tenure_years" not in str(parts.get("bot:facts:e2"))


def test_a_swapped_place_lists_only_its_own_related_clauses(bot):
    bot.on_text("m4", "我在叶集，民营企业的高级工，干了4年，晋升等级有奖励吗")
    there = bot.on_text("m4", "那洪泽呢")
    related = [line for line in there.text.splitlines() if line.startswith("· ")]
    assert related and all("洪泽" in line for line in related)
