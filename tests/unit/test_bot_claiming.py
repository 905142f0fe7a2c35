"""How to claim, asked in chat: the district's 申兑指南 after a clause (materials, where, how
long, phone), the card form's up-front check, a near miss said in plain words, the whole
city's figure after a county's. Real knowledge base and search, in-memory store and service
fake; the phrasings are our own."""

from __future__ import annotations

from datetime import date

import pytest
from fakes.bot_services import FakeBotServices

from bot.dialogue import Bot
from bot.guide import guide_asked
from bot.results import unmet_text
from bot.services import CardView, GuideView
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def services():
    return FakeBotServices()


@pytest.fixture
def bot(kb_index, services):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), services=services, today=lambda: TODAY)


def test_follow_ups_about_claiming_are_told_apart():
    assert guide_asked("那得准备些啥东西材料") == "materials"
    assert guide_asked("审批要几天") == "processing"
    assert guide_asked("啥时候能到账") == "processing"
    assert guide_asked("咨询电话有没") == "phone"
    assert guide_asked("在哪里办") == "where"
    # the subsidy's own duration is not the office's time limit
    assert guide_asked("能领多久") is None
    assert guide_asked("企业能拿多少") is None


def test_materials_the_district_set_are_listed_with_the_guides_page(bot, services):
    services.guides["洪泽区"] = GuideView(
        district="洪泽区",
        benefit="急需紧缺高技能引进人才一次性补贴",
        materials=("身份证原件", "劳动合同复印件"),
        page_url="http://example.test/guides/洪泽区",
    )
    bot.on_text("g1", "我在洪泽")
    bot.on_text("g1", "外地引进技师补多少")
    reply = bot.on_text("g1", "那要准备哪些东西材料").text
    assert "1. 身份证原件" in reply and "2. 劳动合同复印件" in reply
    assert "http://example.test/guides/洪泽区" in reply
    # the guide asked for is the benefit the last answer was about, in its district
    district, rule = services.guide_asks[-1]
    assert district == "洪泽区" and rule


def test_nothing_set_is_said_as_unset_with_the_page_link(bot, services):
    services.guides["台儿庄区"] = GuideView(
        district="台儿庄区",
        processing="60个工作日（自受理之日起；文件未规定办理时限，按快申快享标准）",
        page_url="http://example.test/guides/台儿庄区",
    )
    bot.on_text("g2", "台儿庄技能大师工作站怎么建")
    for asked in ("审批要几天", "打哪个电话问"):
        reply = bot.on_text("g2", asked).text
        assert "未规定，请咨询窗口" in reply
        assert "http://example.test/guides/台儿庄区" in reply


def test_where_to_apply_adds_the_districts_own_place(bot, services):
    services.guides["洪泽区"] = GuideView(
        district="洪泽区", where="区政务服务中心二楼8号窗口", page_url="http://x.test/guides/洪泽区"
    )
    bot.on_text("g3", "洪泽外地引进高级工补贴多少")
    reply = bot.on_text("g3", "在哪里办").text
    assert "区政务服务中心二楼8号窗口" in reply
    assert "http://x.test/guides/洪泽区" in reply


def _card(status: str, label: str) -> CardView:
    return CardView(
        status=status, status_label=label, skill_level="技师", district="叶集区", name_masked="王*"
    )


@pytest.mark.parametrize(
    ("status", "label", "said"),
    [
        ("suspended", "已暂停", "2026年2月20日"),
        ("pending", "审核中", "审核中"),
        ("active", "有效", "有效的蓝卡"),
    ],
)
def test_a_held_card_is_said_before_the_form_asks_anything(bot, services, status, label, said):
    services.cards["c1"] = _card(status, label)
    reply = bot.on_text("c1", "我想办个蓝卡")
    assert said in reply.text
    assert reply.intent == "card_apply"
    assert "开始申请" not in reply.text
    if status == "suspended":
        assert "社保断缴待核实" in reply.text
    # nothing was submitted and no form is running
    assert not services.applied
    assert not bot.card_form_active("c1")


def test_a_rejected_card_lets_the_worker_apply_again(bot, services):
    services.cards["c2"] = _card("rejected", "未通过")
    reply = bot.on_text("c2", "申请蓝卡")
    assert reply.intent == "card_form"


def test_a_near_miss_says_the_failed_condition_and_the_workers_fact_plainly():
    this_year = unmet_text(
        {"field": "level_obtained_on", "required": "测算当年取得该等级", "actual": "2024-05-01"},
        "2026-03-01",
    )
    assert this_year == "证书须是今年（2026年）取得的，你的是2024年5月"
    assert unmet_text({"field": "tenure_years", "required": "≥3年", "actual": "2年"}) == (
        "连续工作年限要求至少3年，你的是2年"
    )
    assert "你答的是「否」" in unmet_text(
        {"field": "introduced", "required": "从外地新引进", "actual": "否"}
    )


def test_an_old_certificate_in_the_questionnaire_reads_plainly(bot):
    bot.on_text("q1", "我在洪泽")
    bot.on_text("q1", "区内企业当年取得技师奖励多少")
    reply = bot.on_text("q1", "我前年拿的技师证，能领不").text
    assert "测算当年" not in reply


def test_the_whole_citys_total_after_a_countys_row(bot):
    county = bot.on_text("t1", "泗阳县就业见习人数目标多少").text
    assert "1500" in county
    reply = bot.on_text("t1", "那全市一共有多少人").text
    assert reply.startswith("👉 宿迁市全市：就业见习人数 9000人")
    assert "1500" not in reply.split("\n")[0]


# -- several questions in one message ---------------------------------------------------------


def test_which_messages_ask_several_things():
    from bot.several import questions_in

    assert questions_in("订单班补多少钱？去哪申请") == ["订单班补多少钱", "去哪申请"]
    assert questions_in("我是技师，在台儿庄，能拿多少？那高级技师呢") == [
        "我是技师，在台儿庄，能拿多少",
        "那高级技师呢",
    ]
    # one question told with its situation, or asked twice over, is one question
    assert questions_in("我在洪泽，技师补多少") == []
    assert questions_in("能不能领，领多少") == []
    assert questions_in("高级工奖励多少钱") == []


def test_two_questions_are_both_answered_on_one_page(bot, services):
    services.guides["洪泽区"] = GuideView(district="洪泽区", page_url="http://x.test/guides/洪泽区")
    bot.on_text("m1", "我在洪泽")
    reply = bot.on_text("m1", "引进高级技师补贴多少钱，得准备什么材料")
    first, second = reply.text.split("\n\n")[:2]
    assert first.startswith("① ") and "15000元" in first
    assert second.startswith("② ") and "所需材料：未规定，请咨询窗口" in second
    assert len(reply.text.split("\n")) <= 13
    assert reply.has_more
    more = bot.on_text("m1", "更多").text
    assert "条款原文" in more or "全文" in more


def test_a_second_question_leaning_on_the_first_gets_its_own_amount(bot):
    bot.on_text("m2", "我在洪泽")
    reply = bot.on_text("m2", "外地引进技师给多少？高级工呢").text
    assert "👉 技师：10000元" in reply
    assert "👉 高级工：5000元" in reply
    # the clause is not printed twice
    assert reply.count("分别给予15000元") == 1


def test_the_workers_own_numbering_is_not_part_of_the_questions():
    from bot.several import questions_in

    assert questions_in("1.引进技师补多少 2.在哪里办") == ["引进技师补多少", "在哪里办"]
    assert questions_in("①首席技师每月多少②要带什么材料") == ["首席技师每月多少", "要带什么材料"]
    assert questions_in("（1）首席技师每月多少，（2）要带什么材料") == [
        "首席技师每月多少",
        "要带什么材料",
    ]


def test_a_correction_of_the_place_asks_the_last_question_there(bot):
    first = bot.on_text("k1", "洪泽引进技师补多少").text
    assert "10000元" in first
    reply = bot.on_text("k1", "不是，我问的是叶集").text
    assert "叶集" in reply and "洪办发" not in reply.split("\n")[0]


def test_a_phone_asked_out_of_the_blue_asks_the_place_then_gives_its_guide(bot, services):
    services.guides["叶集区"] = GuideView(
        district="叶集区", phone="0564-0000000", page_url="http://x.test/guides/叶集区"
    )
    asked = bot.on_text("k2", "咨询热线是多少")
    assert "哪个区县" in asked.text and asked.intent == "not_answered"
    bot.on_text("k2", "我在叶集")
    reply = bot.on_text("k2", "咨询热线是多少").text
    assert "0564-0000000" in reply and "http://x.test/guides/叶集区" in reply


def test_a_question_going_on_is_not_split():
    from bot.several import questions_in

    assert questions_in("首席技师有津贴吗？要是有的话每月多少") == []


def test_three_questions_about_one_subsidy_are_answered_in_turn(bot):
    bot.on_text("k3", "我在洪泽")
    reply = bot.on_text("k3", "开展新型学徒制企业有补贴吗，怎么申请，审批多久")
    assert reply.intent == "answer"
    parts = reply.text.split("\n\n")
    assert [p[:1] for p in parts[:3]] == ["①", "②", "③"]
    assert "4000元" in parts[0]
    assert "人社局" in parts[1]
    assert "办理时限：未规定，请咨询窗口" in parts[2]


def test_materials_asked_inside_the_questionnaire_come_from_its_districts_guide(bot, services):
    services.guides["台儿庄区"] = GuideView(
        district="台儿庄区", materials=("身份证",), page_url="http://x.test/guides/台儿庄区"
    )
    bot.on_text("k4", "测一测")
    bot.on_text("k4", "台儿庄")
    reply = bot.on_text("k4", "那得准备些啥材料呢").text
    assert "1. 身份证" in reply and "测算还在继续" in reply
    assert services.guide_asks[-1] == ("台儿庄区", None)


def test_a_claiming_question_naming_its_own_subject_is_searched_as_before(bot, services):
    from bot.guide import names_nothing_else

    assert names_nothing_else("去哪里办呢")
    assert not names_nothing_else("办蓝卡要带什么材料")
    bot.on_text("k5", "办蓝卡要带什么材料")
    assert not services.guide_asks


def test_a_guess_at_the_answer_is_part_of_the_question():
    from bot.several import questions_in

    assert questions_in("年休假怎么算，是按工龄吗") == []
