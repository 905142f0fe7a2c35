"""Follow-ups workers type after an answer, in their own words: 「A还是B」 choices, a level
asked of a clause that pays several things by level, amounts listed apart from their cases, and
shares (50%) as amounts. Real knowledge base and search, in-memory store."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.followup import Choice, choice_in, pick_choice
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def head(text: str, n: int = 2) -> str:
    return "\n".join(text.splitlines()[:n])


# -- 「A还是B」 ---------------------------------------------------------------------------------


def test_two_options_are_read_without_the_verbs_around_them():
    assert choice_in("奖金发给厂里还是发给选手本人？") == Choice(
        "厂里", "选手本人", ("发给", "发给")
    )
    assert choice_in("一次给完还是按月给") is not None
    assert choice_in("洪泽引进技师有补贴吗") is None
    assert choice_in("那技师呢") is None


def test_who_gets_the_money_is_read_from_the_sentence_not_from_words_it_happens_to_hold():
    pays_person = "对获得称号的首席技师在聘任期内给予每人每月600元奖励。"
    pays_firm = "对开展新型学徒制的企业按照中级工4000元/人/年的标准给予补贴；"
    asked = Choice("公司", "职工个人")
    assert pick_choice(asked, pays_person) == "职工个人"
    assert pick_choice(asked, pays_firm) == "公司"


def test_an_option_counts_when_the_sentence_prints_it_or_a_rate_per_it():
    assert pick_choice(Choice("税前", "税后"), "按工资薪金总额（税后）的20%给予补助") == "税后"
    assert pick_choice(Choice("人头", "班"), "给予每班每年1万元补助") == "班"
    assert pick_choice(Choice("月", "年"), "在聘任期内给予每人每月600元奖励") == "月"
    # neither, or both, borne out: no guess
    assert pick_choice(Choice("现金", "购物卡"), "给予每班每年1万元补助") is None


def test_after_an_answer_the_option_its_clause_says_comes_first(bot):
    bot.on_text("ch1", "叶集企业从外面招来的技师，工资补贴怎么算")
    taxed = bot.on_text("ch1", "工资是算税前的还是税后的")
    assert head(taxed.text, 1) == "👉 税后"
    assert "20%" in taxed.text

    bot.on_text("ch2", "叶集评上六安市首席技师每月有钱吗")
    who = bot.on_text("ch2", "钱是发给单位还是发给我自己")
    assert head(who.text, 1) == "👉 发给我自己"
    monthly = bot.on_text("ch2", "一年给一次还是按月给？")
    assert head(monthly.text, 1) == "👉 按月"


def test_a_choice_about_a_per_class_grant(bot):
    bot.on_text("ch3", "宿迁技工学校办企业订单班，财政补助多少")
    per = bot.on_text("ch3", "补助是按学生人数还是按班算")
    assert head(per.text, 1) == "👉 按班"
    assert "每班每年1万元" in per.text


# -- a level swap stays on the subsidy just answered ---------------------------------------------


def test_a_level_swap_stays_on_the_subsidy_the_clause_was_just_about(bot):
    # 洪泽 三（三）4 pays a certificate reward (高级工 1600元) and the apprenticeship subsidy
    # (高级工 5000元/人/年) in one clause: 「高级工的呢」 after the apprenticeship is the latter.
    first = bot.on_text("lv1", "洪泽的厂子带新型学徒，政府补贴标准是啥")
    assert "4000元/人/年" in head(first.text, 3)
    senior = bot.on_text("lv1", "那高级工的呢")
    assert "5000元/人/年" in head(senior.text, 1)
    assert "1600元" not in head(senior.text, 1)


# -- amounts -----------------------------------------------------------------------------------


def test_prize_amounts_listed_apart_are_paired_with_their_ranks(bot):
    reply = bot.on_text("am1", "台儿庄职工参加技能比赛拿了名次奖多少钱")
    assert head(reply.text, 1) == "👉 一等奖2000元、二等奖1000元、三等奖500元"


def test_a_share_of_pay_counts_as_the_amount_asked_for(bot):
    reply = bot.on_text("am2", "洪泽的企业给技能人才加待遇，政府配多少补助")
    assert "50%" in head(reply.text, 2)
    years = bot.on_text("am2", "这个补助能拿几年")
    assert "3年" in head(years.text, 2)
