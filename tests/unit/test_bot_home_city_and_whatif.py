"""Follow-ups a worker makes on the fact they just gave, and titles a city awards.

A city's honour (its 首席技师) named with the city, asked by a worker remembered in one of its
covered districts (or a town of one), is that district's clause, not a place without a
document; a what-if changing one fact of the last question answers the last topic again under
it; a fact the question states is set against the clause's condition; another place without
a clause on the topic says so. Real knowledge base and search, in-memory store; the phrasings
are our own."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.followup import key_words
from bot.places import names_home_title
from bot.store import MemoryStore
from bot.verdict import bare_length, only_length, rule_verdicts

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


# -- a city's title asked from one of its covered districts -----------------------------------


def test_a_city_named_as_the_start_of_a_printed_title_is_the_home_districts():
    def prints(words: str) -> bool:
        return words in "对获得“六安市首席技师”称号的"

    assert names_home_title("评上六安市首席技师给几个钱", "叶集区", prints)
    assert names_home_title("六安首席技师一个月多少", "叶集区", prints)
    # the city asked about as a place, another city, a district that is a city itself
    assert not names_home_title("六安市那边有啥补贴", "叶集区", prints)
    assert not names_home_title("南京市首席技师一个月多少", "叶集区", prints)
    assert not names_home_title("六安市首席技师一个月多少", "宿迁市", prints)


def test_a_worker_remembered_by_a_town_gets_the_citys_title_from_their_district(bot):
    reply = chat(bot, "h1", "我在三元镇", "当上了六安市首席技师，一个月能多拿多少")
    assert "600元" in reply.text
    assert "暂时没有收录" not in reply.text
    who = bot.on_text("h1", "这钱发给厂里还是发给我")
    assert who.text.splitlines()[0] == "👉 发给我"


def test_the_citys_title_after_another_answer_of_the_district(bot):
    reply = chat(bot, "h2", "我在叶集", "技能大师工作室补多少", "六安的首席技师每月多少钱")
    assert "600元" in reply.text


def test_a_city_without_a_covered_district_is_still_not_covered(bot):
    reply = chat(bot, "h3", "我在叶集", "南京市首席技师每月多少")
    assert "暂时没有收录南京市" in reply.text
    # a worker in a district of 六安 that has no document of its own
    reply = chat(bot, "h4", "我在六安金安区", "六安市首席技师每月多少")
    assert "600元" not in reply.text


def test_the_citys_title_asked_in_the_middle_of_the_questionnaire(bot):
    reply = chat(bot, "h5", "测一测", "叶集", "先问一下，六安市首席技师每月奖励多少")
    assert "600元" in reply.text
    assert "测算还在继续" in reply.text
    who = bot.on_text("h5", "这个是给单位的还是给个人的")
    assert "个人" in who.text.splitlines()[0]
    assert "测算还在继续" in who.text


# -- the worker's facts against the answering rule's conditions ------------------------------


def test_verdicts_compare_a_fact_with_the_rules_condition():
    facts = {"tenure_years": 1.0, "employer_type": "民营企业", "skill_level": "技师"}
    found = {v.field: v for v in rule_verdicts("yeji-private-level-award", facts)}
    assert found["tenure_years"].met is False
    assert "3年以上" in found["tenure_years"].line()
    assert found["employer_type"].met is True
    assert "skill_level" not in found  # a level met is said by the amount line
    assert rule_verdicts(None, facts) == []
    # a length said bare is the one length the rule sets in that unit
    assert bare_length("要是够四年了呢", "yeji-private-level-award") == {"tenure_years": 4.0}
    assert bare_length("如果满两年的话", "yeji-intro-living-housing") == {"insurance_months": 24}
    assert only_length("要是干够四年了呢") and not only_length("要是四年了补贴去哪申请")


def test_a_tenure_the_question_states_is_set_against_the_clauses_condition(bot):
    reply = bot.on_text("v1", "我在叶集一家民营厂干了一年，刚拿了高级工证，有奖励吗")
    lines = reply.text.splitlines()
    assert lines[0] == "👉 高级工：1000元"
    short = next(line for line in lines if line.startswith("❌"))
    assert "3年以上" in short and "1年" in short


def test_a_contract_the_question_states_is_said_to_meet_the_condition(bot):
    reply = bot.on_text("v2", "洪泽外地引进的高级工，合同签了三年，能补多少")
    met = [line for line in reply.text.splitlines() if line.startswith("✅")]
    assert any("劳动合同" in line and "3年" in line for line in met)


# -- a what-if changing one fact of the last question ----------------------------------------


def test_a_supposed_tenure_answers_the_last_topic_again_and_says_it_is_met(bot):
    bot.on_text("w1", "我在叶集一家民营厂干了一年，刚拿了高级工证，有奖励吗")
    reply = bot.on_text("w1", "如果干满四年了呢")
    lines = reply.text.splitlines()
    assert lines[0] == "👉 高级工：1000元"
    assert lines[1].startswith("✅") and "4年" in lines[1]
    # a bare length is read as the length the rule sets
    again = bot.on_text("w1", "要是够三年的话")
    assert again.text.splitlines()[1].startswith("✅")


def test_a_supposed_employer_type_or_contract_is_set_against_the_same_rule(bot):
    bot.on_text("w2", "我在叶集一家民营厂干了五年，考了高级技师，奖多少")
    state_owned = bot.on_text("w2", "换成国有企业呢")
    lines = state_owned.text.splitlines()
    assert lines[0] == "👉 高级技师：3000元"
    assert lines[1].startswith("❌") and "民营企业" in lines[1]
    contract = bot.on_text("w2", "假如劳动合同签了两年呢")
    assert "没有要求" in contract.text.splitlines()[1]


def test_supposed_insurance_months_after_an_introduction_subsidy(bot):
    bot.on_text("w3", "洪泽外地引进的技师，合同两年，社保交了三个月，补多少")
    reply = bot.on_text("w3", "那要是社保交了八个月呢")
    lines = reply.text.splitlines()
    assert "10000元" in lines[0]
    assert lines[1].startswith("✅") and "8个月" in lines[1]


def test_a_place_supposed_is_still_a_question_about_that_place(bot):
    bot.on_text("w4", "洪泽外地引进的技师，合同两年，补多少")
    reply = bot.on_text("w4", "要是在台儿庄呢")
    assert "✅" not in reply.text and "❌" not in reply.text


# -- another place that holds nothing on the last topic ---------------------------------------


def test_key_words_are_the_rarest_words_the_clause_prints():
    texts = ("职工落户手续", "职工培训", "职工补贴", "中级工培训")
    printed = "具备中级以上技能水平的外来职工，可按程序办理落户手续"
    assert key_words("叶集中级工职工落户要啥", printed, texts) == frozenset({"落户"})
    assert key_words("有啥用", printed, texts) == frozenset()


def test_a_place_without_a_clause_on_the_topic_says_so_and_names_who_has_one(bot):
    bot.on_text("n1", "叶集全区职业学校在校生要达到多少人")
    reply = bot.on_text("n1", "那洪泽呢")
    assert "洪泽区的政策文件里没有这一项" in reply.text
    assert "宿迁市也有这方面的规定" in reply.text  # the place whose clause is about it


def test_a_place_whose_clause_is_about_something_else_is_not_shown(bot):
    bot.on_text("n2", "叶集承接技能竞赛的赛事补助给多少")
    reply = bot.on_text("n2", "那洪泽的呢")
    assert "洪泽区的政策文件里没有这一项" in reply.text
    assert "5000元" not in reply.text  # 洪泽's prizes for contestants are another thing
    bot.on_text("n3", "叶集中级工落户要什么条件")
    reply = bot.on_text("n3", "那宿迁呢")
    assert "宿迁市的政策文件里没有这一项" in reply.text


def test_a_place_whose_clause_grants_the_same_kind_of_thing_still_answers(bot):
    bot.on_text("n4", "叶集民营企业职工取得高级工证书奖励多少")
    reply = bot.on_text("n4", "那洪泽呢")
    assert "洪泽" in reply.text and "没有这一项" not in reply.text
    bot.on_text("n5", "叶集技能大师工作室有补助吗")
    reply = bot.on_text("n5", "那洪泽呢")
    assert "5万元" in reply.text


def test_a_state_owned_employer_said_broadly_is_not_refused_outright():
    (found,) = rule_verdicts("yeji-intro-living-housing", {"employer_type": "国有企业"})
    assert found.met is None
    assert found.line().startswith("❓") and "区属国有企业才符合" in found.line()


def test_years_at_work_said_with_shang_ban_are_a_tenure_but_an_ordinal_year_is_not() -> None:
    from datetime import date

    from bot.profile_facts import facts_in

    day = date(2026, 12, 1)
    assert facts_in("在叶集的民企上班两年多了", day).get("tenure_years") == 2.0
    assert "tenure_years" not in facts_in("上班第二年考下来的高级工", day)
