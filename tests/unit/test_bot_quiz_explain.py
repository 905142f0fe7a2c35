"""「咋算的」 during and after the questionnaire, 「上一步」 after its result, and a fact said again
after the result without a correction word. Through ``Bot.on_text`` (real knowledge base,
in-memory store) and ``bot.explain`` itself; our own phrasings."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import chat

from bot.dialogue import Bot
from bot.explain import asks_how_worked_out, explanation
from bot.store import MemoryStore
from bot.whatif import restates

TODAY = date(2026, 3, 1)
# 叶集: a technician brought in from elsewhere to a shortage post, paid a share of the wage
YEJI_INTRODUCED = ("测一测", "叶集", "技师，民营企业，外地引进的，岗位紧缺", "税后工资七千五")


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("咋算的", ""),
        ("这个怎么算出来的？", ""),
        ("为啥是这个数", ""),
        ("那个1600咋算的", "1600"),
        ("算法是啥", ""),
    ],
)
def test_asking_how_a_sum_was_worked_out(text, subject):
    assert asks_how_worked_out(text) == subject


@pytest.mark.parametrize("text", ["学徒制补贴的申请材料有哪些", "我是技师", "就这些"])
def test_other_messages_do_not_ask_how_it_was_worked_out(text):
    assert asks_how_worked_out(text) is None


def test_mid_questionnaire_the_wage_share_is_worked_out_and_the_question_kept(bot):
    asked = chat(bot, "ex-1", *YEJI_INTRODUCED).text
    assert "每月1500元" in asked
    reply = bot.on_text("ex-1", "咋算的")
    assert reply.intent == "quiz_explain"
    # the clause, the amount and the arithmetic: wage × 20 %, then per month × 36 months
    assert "四" in reply.text and "7500元 × 20% = 1500元" in reply.text
    assert "36个月" in reply.text and "54000元" in reply.text
    assert "测算还在继续" in reply.text
    assert bot.quiz_active("ex-1")
    assert bot.on_text("ex-1", "没有").intent in ("quiz", "quiz_result")


def test_before_any_amount_is_sure_it_says_what_is_being_worked_out(bot):
    chat(bot, "ex-2", "测一测", "洪泽", "高级工", "是", "民营企业", "不是")
    reply = chat(bot, "ex-2", "没有", "怎么算出来的")
    assert reply.intent == "quiz_explain"
    assert "1600元" in reply.text and "还没算出确定的金额" in reply.text
    assert bot.quiz_active("ex-2")


def test_after_the_result_each_amount_names_its_clause_and_sum(bot):
    chat(bot, "ex-3", *YEJI_INTRODUCED, "没有", "合同3年，社保交了40个月")
    reply = chat(bot, "ex-3", "就这些", "为啥是这个数")
    assert reply.intent == "quiz_explain"
    assert "10000元 + 住房补贴20000元 = 30000元" in reply.text
    assert "7500元 × 20%" in reply.text


def test_back_after_the_result_reopens_the_last_question(bot):
    chat(bot, "ex-4", "测一测", "台儿庄", "技师")
    assert chat(bot, "ex-4", "就这些").intent == "quiz_result"
    reply = bot.on_text("ex-4", "上一步")
    assert reply.intent == "quiz" and "技能等级" in reply.text
    assert bot.quiz_active("ex-4")
    assert bot.on_text("ex-4", "没有").intent in ("quiz", "quiz_result")


def test_a_fact_said_again_after_the_result_updates_it_and_says_what_changed(bot):
    told = "测一测：洪泽，技师，区内民营企业，外地引进的，重点产业，岗位紧缺，合同2年，社保8个月"
    result = chat(bot, "ex-5", told, "就这些")
    assert result.intent == "quiz_result" and "10000元" in result.text
    reply = bot.on_text("ex-5", "我社保是交了5个月的")
    assert reply.intent == "quiz_result"
    assert "已改为" in reply.text and "5个月" in reply.text
    assert "领不了" in reply.text and "至少6个月" in reply.text
    same = bot.on_text("ex-5", "社保交了5个月")
    assert "结果不变" in same.text


def test_restating_is_not_a_question_nor_a_supposition():
    facts = {"contract_years": 2.0}
    assert restates("我合同是两年的", facts, TODAY)
    assert not restates("合同两年的能拿多少", facts, TODAY)
    assert not restates("要是合同两年呢", facts, TODAY)


def test_explanation_adds_up_the_one_off_amounts():
    result = {
        "region": "洪泽区",
        "benefits": [
            {"title": "甲", "beneficiary": "individual", "amount_yuan": 3000, "per": "once"},
            {"title": "乙", "beneficiary": "individual", "amount_yuan": 500, "per": "once"},
        ],
    }
    assert "3000 + 500 = 3500元" in "\n".join(explanation(result, {}))


def test_a_share_of_an_unknown_wage_is_explained_by_its_formula(bot):
    chat(bot, "ex-6", "测一测", "叶集", "技师，民营企业，外地引进的，紧缺岗位", "没有", "不知道")
    reply = bot.on_text("ex-6", "咋算的")
    assert "税后月工资 × 20%" in reply.text and "算不出具体数" in reply.text


def test_why_nothing_is_paid_names_the_condition_missed(bot):
    chat(bot, "ex-7", "测一测", "洪泽", "技师", "是", "民营企业", "不是", "没有")
    assert chat(bot, "ex-7", "前年8月").intent == "quiz_result"
    reply = bot.on_text("ex-7", "为啥没有")
    assert reply.intent == "quiz_explain"
    assert "当年" in reply.text or "今年" in reply.text
    assert "2024年8月" in reply.text


def test_a_fact_restated_with_asking_for_the_result_again_updates_it(bot):
    chat(bot, "ex-8", "测一测", "洪泽", "中级工")
    assert chat(bot, "ex-8", "区级二等奖").intent == "quiz_result"
    reply = bot.on_text("ex-8", "其实是区级一等奖，能拿多少")
    assert "已改为" in reply.text and "5000元" in reply.text


def test_after_the_result_the_place_it_was_worked_out_for_is_the_workers(bot):
    chat(bot, "ex-9", "测一测", "台儿庄", "技师", "没有")
    reply = bot.on_text("ex-9", "技师能拿多少")
    assert "没说地区" not in reply.text and "叶集区的条款" not in reply.text


def test_a_draft_only_result_is_explained_as_not_in_force(bot):
    assert chat(bot, "ex-10", "测一测", "连云港", "高级工").intent == "quiz_result"
    reply = bot.on_text("ex-10", "咋算的")
    assert reply.intent == "quiz_explain" and "征求意见稿" in reply.text


def test_mid_way_why_none_names_what_is_already_missed(bot):
    chat(bot, "ex-11", "测一测", "洪泽", "高级技师", "厂子注册在淮安市区")
    reply = bot.on_text("ex-11", "为啥没有")
    assert reply.intent == "quiz_explain" and "差一点" in reply.text
    assert "测算还在继续" in reply.text


@pytest.mark.parametrize("text", ["为啥只有1000", "怎么才500", "能说下怎么算的吗"])
def test_more_ways_of_asking_how(text):
    assert asks_how_worked_out(text) is not None


def test_naming_a_policy_the_result_does_not_hold_is_not_explained():
    result = {
        "region": "洪泽区",
        "benefits": [
            {
                "title": "急需紧缺高技能引进人才一次性补贴",
                "beneficiary": "individual",
                "amount_yuan": 5000,
            }
        ],
    }
    assert explanation(result, {}, "学徒制补贴") == []
    assert "5000" in "\n".join(explanation(result, {}, "引进人才补贴"))


def test_back_after_a_question_asked_since_the_result_still_reopens_it(bot):
    chat(bot, "ex-12", "测一测", "台儿庄", "技师", "没有")
    bot.on_text("ex-12", "蓝卡有什么用")
    reply = bot.on_text("ex-12", "返回")
    assert reply.intent == "quiz" and "竞赛" in reply.text


def test_back_with_no_questionnaire_ever_says_how_to_start(bot):
    reply = bot.on_text("ex-13", "上一步")
    assert reply.intent == "quiz" and "测一测" in reply.text


def test_a_correction_with_its_changes_before_a_long_result_stays_within_a_message(bot):
    from bot.paging import utf8_len
    from bot.reply import MAX_REPLY_BYTES

    chat(bot, "ex-14", "测一测", "台儿庄", "高级工", "区级二等奖")
    reply = bot.on_text("ex-14", "不对，是市级一等奖")
    assert "已改为" in reply.text and utf8_len(reply.text) <= MAX_REPLY_BYTES
    assert reply.has_more and "测算结果" in bot.on_text("ex-14", "更多").text + reply.text


def test_an_answer_right_after_a_result_fills_what_it_still_needs(bot):
    chat(bot, "ex-15", "测一测", "台儿庄", "技师")
    assert "还要确认：竞赛获奖" in chat(bot, "ex-15", "不知道").text
    reply = bot.on_text("ex-15", "没有")
    assert "已记下：没有竞赛获奖" in reply.text
    assert bot.on_text("ex-15", "好的").intent != "quiz_result"


def test_a_value_alone_after_a_result_asks_which_fact_it_is(bot):
    chat(bot, "ex-16", "测一测", "台儿庄", "技师", "没有")
    reply = bot.on_text("ex-16", "七八个月")
    assert "是哪一项" in reply.text


def test_quit_with_nothing_running_says_so(bot):
    assert "不用退出" in bot.on_text("ex-17", "退出").text


def test_an_honour_named_after_a_city_without_documents_names_no_place(bot):
    from bot.places import places_in

    assert places_in("六安市首席技师一个月有多少奖励") == []
    assert places_in("六安市有什么补贴")  # the city itself is still a place
    chat(bot, "ex-18", "测一测", "叶集")
    reply = bot.on_text("ex-18", "先打断一下，六安市首席技师一个月发多少钱")
    assert "600元" in reply.text and "测算还在继续" in reply.text
