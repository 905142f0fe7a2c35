"""Chats as workers have them: where they are said in passing, a place without a document
that keeps steering, the worker's own facts told in one message or over several, answers to
other questions inside the questionnaire, a level the last clause does not reach, a title
instead of a level, a draft asked about again. Real knowledge base and search, in-memory
store; the phrasings are our own."""

from __future__ import annotations

import re
from datetime import date

import pytest
from factories.cards import id_number
from fakes.bot_services import FakeBotServices

from bot.context import swap_in
from bot.dialogue import Bot
from bot.intents import asks_back, cancels_quiz, finishes_quiz, stated_location, wants_quiz
from bot.profile_facts import facts_in
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)
AMOUNT = re.compile(r"\d+(?:\.\d+)?万?元")


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


# -- where the worker is, said anywhere in a message ------------------------------------------


def test_where_the_worker_is_is_read_from_any_part_of_a_message():
    assert stated_location("问个事，我现在在泗洪县，电工") == "泗洪县"
    assert stated_location("我是外地来的，在洪泽上班") == "洪泽"
    # where they come from is not where they work; a question about a place is not a statement
    assert stated_location("我是安徽人，想问问补贴") is None
    assert stated_location("洪泽引进技师补多少") is None


def test_a_place_without_a_document_the_worker_is_in_keeps_other_places_amounts_out(bot):
    first = bot.on_text("w1", "我在六安金安区的厂里")
    assert "金安区" in first.text
    reply = bot.on_text("w1", "考了高级工证有奖励吗")
    assert "金安区" in reply.text
    assert not AMOUNT.search(reply.text)


def test_a_place_without_a_document_asked_about_steers_the_next_question(bot):
    bot.on_text("w2", "上海有技能补贴吗")
    reply = bot.on_text("w2", "高级技师引进有钱拿吗")
    assert "上海" in reply.text
    assert not AMOUNT.search(reply.text)
    # a covered place named afterwards answers as usual
    again = bot.on_text("w2", "洪泽引进高级技师补多少")
    assert "15000元" in again.text


def test_a_covered_place_named_without_that_rule_is_told_the_answer_is_from_elsewhere(bot):
    # 大师工作室 money is printed in 叶集's and 洪泽's documents, not 宿迁's: whoever's rule is
    # shown, it must say first that it is not 宿迁's
    reply = bot.on_text("w3", "宿迁市大师工作室给补多少钱啊")
    first_line = reply.text.splitlines()[0]
    assert "宿迁市的政策里没有找到这一项" in first_line
    assert "不一定适用于宿迁市" in first_line
    # the named place's own rule answers without the warning
    own = bot.on_text("w4", "洪泽区引进来的高级技师补多少")
    assert "15000元" in own.text
    assert "没有找到这一项" not in own.text


# -- the worker's own facts ---------------------------------------------------------------------


def test_facts_with_a_subsidy_word_in_them_still_ask_what_the_worker_gets():
    assert wants_quiz("帮我看看我能领哪些补贴，我在台儿庄，外地引进的高级技师，合同签了3年")
    # the asking part names a subsidy: a question about it
    assert not wants_quiz("我是外地来的技师，能拿多少引进补贴")


def test_one_message_of_facts_starts_the_questionnaire_without_asking_them_again(bot):
    reply = bot.on_text("w3", "帮我看看我能领哪些补贴，我在台儿庄，外地引进的高级技师，合同签了3年")
    assert reply.intent == "quiz"
    assert "台儿庄" in reply.text
    assert "你在哪个区" not in reply.text
    assert "技能等级" not in reply.text


def test_a_worker_telling_their_situation_gets_what_it_is_worth(bot):
    reply = bot.on_text(
        "w4",
        "我在洪泽一家重点产业的厂，从外地引进过来的高级技师，岗位急需，合同签了两年，社保交了7个月",
    )
    assert reply.intent == "quiz"
    assert "洪泽区" in reply.text and "15000元" in reply.text


def test_an_employer_introducing_itself_is_not_asked_the_workers_questionnaire(bot):
    reply = bot.on_text("w5", "我们是洪泽的一家民营企业，新招了两个外地技师")
    assert reply.intent != "quiz"


def test_facts_said_before_the_questionnaire_are_not_asked_again(bot):
    bot.on_text("w6", "我是从外省过来的技师，洪泽引进有补贴吗")
    reply = bot.on_text("w6", "帮我算算能拿多少")
    assert "技能等级" not in reply.text


def test_facts_said_in_passing_are_forgotten_when_the_worker_deletes_their_data(bot):
    bot.on_text("w7", "我是从外省过来的技师，洪泽引进有补贴吗")
    bot.on_text("w7", "删除我的信息")
    assert "哪个区" in bot.on_text("w7", "帮我算算能拿多少").text
    # the level said before the deletion is asked again, not reused
    assert "技能等级" in bot.on_text("w7", "1").text


def test_none_said_with_an_indefinite_word_answers_rather_than_asks():
    assert not asks_back("比赛没得过奖，荣誉啥也没有")
    assert asks_back("荣誉称号有哪些")
    facts = facts_in("比赛没拿过啥奖，也没评过什么称号", TODAY)
    assert facts["competition"] is None and facts["honors"] == []


def test_answers_to_other_questions_do_not_answer_the_current_yes_no_one(bot):
    reply = bot.on_text(
        "w7", "帮我算算能领什么：我在洪泽，外地引进的技师，急需岗位，合同2年，社保8个月"
    )
    # the question asked: is the employer registered here (a 重点产业企业 would be the
    # district's own, and this one is not said to be)
    assert "本区" in reply.text
    step = bot.on_text("w7", "技能比赛没获过奖，荣誉称号也没有")
    assert "已记下" in step.text and "本区" in step.text
    result = bot.on_text("w7", "那我究竟能拿多少")
    assert "10000元" in result.text


def test_asking_for_the_result_with_emphasis_finishes_the_questionnaire():
    assert finishes_quiz("那我究竟能拿多少")
    assert finishes_quiz("我到底能领多少钱")


# -- follow-ups -----------------------------------------------------------------------------------


def test_a_level_the_last_clause_does_not_name_is_said_to_be_left_out(bot):
    bot.on_text("w8", "叶集区外引进紧缺的高级技师，工资补贴比例多少")
    assert swap_in("要是三级工也能拿不") is not None
    reply = bot.on_text("w8", "要是三级工也能拿不")
    head = reply.text.splitlines()[0]
    assert "高级技师、技师" in head and "没有高级工" in head


def test_a_level_the_clause_pays_is_still_given_its_amount(bot):
    bot.on_text("w9", "洪泽引进技师补多少")
    reply = bot.on_text("w9", "高级工也能领吗")
    assert "5000元" in reply.text.splitlines()[0]


def test_a_title_after_a_title_is_answered_for_the_new_title(bot):
    bot.on_text("w10", "叶集区六安市首席技师每月补多少")
    reply = bot.on_text("w10", "那要是安徽省技术能手呢")
    assert "5万元" in reply.text.splitlines()[0]


def test_a_draft_asked_about_again_is_still_said_to_be_a_draft(bot):
    bot.on_text("w11", "连云港技能大师工作室有啥支持")
    reply = bot.on_text("w11", "那眼下能不能照这个去办")
    assert "征求意见稿" in reply.text


def test_a_contract_said_signed_without_its_length_is_asked_next(bot):
    for said in ("测一测", "洪泽", "技师"):
        bot.on_text("w12", said)
    reply = bot.on_text("w12", "劳动合同早就签好了")
    assert "合同是几年" in reply.text
    after = bot.on_text("w12", "两年")
    assert "合同" not in after.text.splitlines()[0]


def test_is_it_paid_this_way_is_answered_from_the_last_sentence(bot):
    bot.on_text("w13", "洪泽从外地引进的高级工给多少")
    yes = bot.on_text("w13", "是一次性的吗")
    assert yes.text.startswith("👉 是的") and "一次性" in yes.text.splitlines()[0]
    no = bot.on_text("w13", "是每年给吗")
    assert no.text.startswith("👉 不是") and "一次性" in no.text.splitlines()[0]


def test_a_story_no_clause_matches_whole_gets_what_its_facts_are_worth(bot):
    reply = bot.on_text("w14", "俺人在台儿庄，搞电焊的，前年考的三级工证，社保交了两年了，有钱拿没")
    assert reply.intent == "quiz"
    assert "台儿庄" in reply.text and "你在哪个区" not in reply.text


def test_an_employer_naming_its_place_after_its_introduction_is_remembered_there(bot):
    bot.on_text("w15", "我们是一家物流公司，在泗洪，想问问招外地技师有啥支持")
    assert bot.region_of("w15") == "宿迁市"


def test_by_the_month_in_other_words_is_still_a_yes(bot):
    bot.on_text("w16", "叶集区六安市首席技师每月补多少")
    reply = bot.on_text("w16", "是按月给的不")
    assert reply.text.startswith("👉 是的") and "每月" in reply.text.splitlines()[0]


def test_a_situation_told_with_nothing_sure_yet_says_which_place_it_is_worked_out_for(bot):
    reply = bot.on_text("w17", "我是外省来的中级工，在洪泽的重点企业，合同签了三年")
    assert reply.intent == "quiz"
    assert "洪泽区" in reply.text.splitlines()[0]


def test_moving_to_another_place_asks_the_last_question_there(bot):
    bot.on_text("w18", "洪泽考高级工证奖励多少")
    reply = bot.on_text("w18", "俺今年调到叶集了，那边咋样")
    assert "叶集" in reply.text and "1600元" not in reply.text
    assert "上一条洪泽区的金额和条件在叶集区不适用" in reply.text
    assert bot.region_of("w18") == "叶集区"


def test_an_organisation_introducing_itself_is_acknowledged_and_its_place_kept(bot):
    reply = bot.on_text("w19", "我们是台儿庄一家做机械的民营企业")
    assert reply.intent == "introduction" and "台儿庄区" in reply.text
    assert not AMOUNT.search(reply.text)
    assert bot.region_of("w19") == "台儿庄区"


def test_an_employer_asking_what_it_gets_is_not_given_the_workers_questionnaire():
    assert not wants_quiz("我们厂从外地招了两个技师，单位能领什么")


def test_a_card_request_mid_questionnaire_stops_it_and_offers_what_it_learnt(kb_index):
    kb, index = kb_index
    bot = Bot(kb, index, MemoryStore(), services=FakeBotServices(), today=lambda: TODAY)
    for said in ("帮我测算一下", "叶集", "技师"):
        bot.on_text("w20", said)
    reply = bot.on_text("w20", "先不测了我要申请蓝卡")
    assert reply.intent == "card_form" and "测算先停下" in reply.text
    assert not bot.quiz_active("w20")
    # the level and the place the questionnaire heard are offered, not asked afresh
    for answer in ("张三丰", id_number(birth="19900101"), "13912345678"):
        step = bot.on_text("w20", answer)
    assert "你之前说过" in step.text and "技师" in step.text


def test_a_dismissal_outside_a_form_is_taken_quietly(bot):
    reply = bot.on_text("w21", "不用了")
    assert reply.intent == "thanks" and "不客气" not in reply.text


def test_where_the_employer_is_registered_is_read_against_the_workers_place():
    assert facts_in("厂子在洪泽注册的", TODAY, "洪泽区")["employer_in_region"] is True
    assert facts_in("公司注册地是苏州", TODAY, "叶集区")["employer_in_region"] is False
    # no place of the worker's to compare with: nothing said
    assert "employer_in_region" not in facts_in("公司注册在苏州", TODAY)


def test_a_near_miss_names_the_field_and_shows_a_month_as_a_month(bot):
    bot.on_text("w22", "我在洪泽，高级工，证是前年6月拿到的，厂子在洪泽注册的，帮我算算")
    result = bot.on_text("w22", "其他的不清楚")
    near = result.text.split("差一点就能领")[1]
    assert (
        "证书须是今年（2026年）取得的" in near
        and "你的是2024年6月" in near
        and "2024-06" not in near
    )


@pytest.mark.parametrize(
    ("said", "value"), [("中", True), ("得行", True), ("不中", False), ("莫得", False)]
)
def test_yes_and_no_in_dialect_answer_a_yes_no_question(said, value):
    from bot.parsing import parse_bool

    assert parse_bool(said) is value


def test_not_knowing_in_other_words_keeps_the_field_unknown(bot):
    for said in ("帮我测算一下", "洪泽", "高级工"):
        question = bot.on_text("w23", said)
    assert "本区" in question.text
    reply = bot.on_text("w23", "这个不太清楚")
    assert "请回复" not in reply.text and "本区" not in reply.text
    result = bot.on_text("w23", "就这些")
    assert "单位是否在本区注册" in result.text.split("还要确认")[1]


def test_money_of_two_named_kinds_leads_the_answer(bot):
    reply = bot.on_text("w24", "叶集新引进技师有些啥补贴")
    head = reply.text.splitlines()[0]
    assert "10000元" in head and "20000元" in head


def test_an_employer_asking_is_answered_with_what_an_employer_is_paid(bot):
    bot.on_text("w25", "我们是洪泽一家做食品的民营企业")
    reply = bot.on_text("w25", "新招来一个外地的技师，企业这边能拿点啥")
    assert "500元" in reply.text.splitlines()[0]
    # a worker asking the same is told the worker's amount
    worker = bot.on_text("w26", "洪泽从外地引进的技师能拿多少")
    assert "10000元" in worker.text.splitlines()[0]


def test_giving_up_in_more_words_than_one_stops_the_questionnaire(bot):
    for said in ("帮我算算", "台儿庄"):
        bot.on_text("w27", said)
    reply = bot.on_text("w27", "哎算了，不弄了")
    assert reply.intent == "quiz_cancel" and not bot.quiz_active("w27")
    # asking for the result is not giving up
    assert not cancels_quiz("别的不清楚")


def test_a_place_swap_after_an_unanswered_question_asks_that_question_there(bot):
    bot.on_text("w28", "洪泽引进技师补多少")
    bot.on_text("w28", "俺们车间主任说的那个年底双薪到底咋回事你晓得不")
    assert swap_in("那要是在叶集呢") is not None
    reply = bot.on_text("w28", "那要是在叶集呢")
    # not the earlier answer's question (引进技师) asked in 叶集
    assert "10000元" not in reply.text and "20%" not in reply.text


def test_a_place_alone_with_nothing_asked_before_lists_what_it_offers(bot):
    reply = bot.on_text("w29", "到台儿庄呢")
    assert reply.intent == "list_benefits" and "台儿庄区" in reply.text.splitlines()[0]


@pytest.mark.parametrize(
    ("said", "obtained"),
    [
        ("去年底", date(2025, 12, 1)),
        ("前年年初", date(2024, 1, 1)),
        ("2022年下半年", date(2022, 9, 1)),
        ("上个月", date(2026, 2, 1)),
        ("三个月前", date(2025, 12, 1)),
    ],
)
def test_a_rough_date_keeps_its_part_of_the_year(said, obtained):
    from bot.parsing import parse_date

    assert parse_date(said, TODAY) == obtained


def test_a_certificate_obtained_at_the_end_of_last_year_is_read_in_a_story():
    facts = facts_in("高级工证是去年底才拿的", TODAY)
    assert facts["level_obtained_on"] == "2025-12-01"


def test_where_the_worker_used_to_be_gives_way_to_where_they_are_now(bot):
    assert stated_location("我原来在台儿庄，后来调到洪泽了") == "洪泽"
    assert stated_location("以前在叶集干过，现在到宿迁了") == "宿迁"
    reply = bot.on_text("w30", "我之前在叶集，如今到洪泽了，引进技师补多少")
    assert bot.region_of("w30") == "洪泽区"
    assert "10000元" in reply.text.splitlines()[0] and "洪泽" in reply.text


def test_asking_to_ask_gets_the_menu_without_echoing_the_words(bot):
    for said in ("有个问题想问问", "师傅，请教一下", "我这边有个事想咨询下"):
        assert bot.on_text("w31", said).intent == "vague", said
    # a question with a subject is a question
    assert bot.on_text("w31", "想问下洪泽引进技师补多少").intent != "vague"
    menu = bot.on_text("w32", "我想了解一下")
    assert menu.intent == "vague" and "「我想了解一下」" not in menu.text


def test_a_long_sentence_asked_for_one_figure_leads_with_the_part_that_gives_it():
    from bot.answer import answering_part

    sentence = (
        "到2030年，全县职业培训体系更加完善，累计培训技能劳动者30000人次以上，"
        "新增高技能人才5000人以上，其中2027年新增高技能人才、技师分别达1200人、300人以上，"
        "建成技能大师工作室10个以上。"
    )
    part = answering_part("2027年新增技师要达到多少", sentence)
    assert part is not None and part.startswith("其中2027年")
    # a short sentence, or a question asking no figure, is left alone
    assert answering_part("2027年新增技师要达到多少", "新增技师300人。") is None
    assert answering_part("这条是谁定的", sentence) is None


def test_may_i_apply_after_a_draft_says_nobody_can_yet(bot):
    bot.on_text("w33", "连云港对技能大师有啥扶持")
    reply = bot.on_text("w33", "那我能去申请不")
    assert "还不能" in reply.text and "征求意见稿" in reply.text
    assert not bot.quiz_active("w33")


def test_a_questionnaire_asked_for_in_dialect_starts(bot):
    assert bot.on_text("w34", "测一哈").intent == "quiz"


def test_a_tier_named_after_a_clause_paying_by_tier_gets_its_amount(bot):
    from bot.cases import Case, case_amounts

    sentence = (
        "对区级示范基地每个给予5万元，对获评省级、国家级示范基地的，再分别给予30万、50万元支持。"
    )
    assert case_amounts(sentence) == {
        Case("tier", "省级"): "30万元",
        Case("tier", "国家级"): "50万元",
    }
    bot.on_text("w35", "叶集技能大师工作室能补多少钱")
    reply = bot.on_text("w35", "要是国家级的呢")
    assert reply.text.splitlines()[0] == "👉 国家级：20万元"


def test_a_question_mid_questionnaire_is_answered_for_the_place_it_was_told(bot):
    for said in ("测一测", "洪泽", "技师"):
        bot.on_text("w36", said)
    reply = bot.on_text("w36", "等下，技能比赛拿了一等奖奖多少来着")
    answer = reply.text.split("测算还在继续")[0]
    assert "洪办发" in answer and "5000元" in answer.splitlines()[0]


def test_may_i_with_a_fact_of_my_own_says_which_condition_it_fails(bot):
    bot.on_text("w37", "我是叶集民营企业的技师，社保交了两年，今年1月拿的证，考证有奖励吗")
    reply = bot.on_text("w37", "我才干了两年能领不")
    head = reply.text.splitlines()[0]
    assert "还差一点" in head and "连续工作年限" in head and "2年" in head


def test_a_certificate_date_not_yet_come_is_refused_not_a_crash(bot):
    from bot.parsing import AnswerError, parse_date

    with pytest.raises(AnswerError):
        parse_date("今年5月", TODAY)  # asked in March
    assert "level_obtained_on" not in facts_in("技师证今年5月拿的", TODAY)
    reply = bot.on_text("w38", "我是叶集民营企业的技师，今年10月拿的证，社保交了3年，能领啥")
    assert reply.intent == "quiz"


def test_a_seeded_fact_the_engine_refuses_is_asked_again_instead_of_failing(kb_index):
    from bot.questionnaire import Questionnaire

    store = MemoryStore()
    quiz = Questionnaire(store, today=lambda: TODAY)
    step = quiz.start(
        "w39", {"region": "洪泽区", "skill_level": "技师", "level_obtained_on": "2026-09-01"}
    )
    assert step.kind == "question"
    assert "level_obtained_on" not in step.answers


def test_asking_whether_two_titles_pay_twice_is_not_the_questionnaire(bot):
    bot.on_text("w40", "叶集评上江淮杰出工匠奖多少")
    reply = bot.on_text("w40", "我另外还是全国技术能手，能同时拿吗")
    assert reply.intent != "quiz"


def test_a_document_question_naming_no_document_asks_which_then_answers_there(bot):
    reply = bot.on_text("w9", "这政策是不是已经过期了")
    assert "哪个地区的文件" in reply.text and "叶集区" in reply.text
    there = bot.on_text("w9", "叶集的")
    assert "《关于推进技工强区建设的实施意见》" in there.text
    assert "已过" in there.text  # its target period (至2021年) has passed
