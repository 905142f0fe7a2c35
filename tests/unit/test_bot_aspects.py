"""Follow-ups on a condition of the clause just answered, the last answer's place steering a
question that names none, and the clause of the same thing paying the other side: what the
worker sees. Real knowledge base and search; phrasings written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from bot.aspects import (
    OTHER_SIDE,
    RECIPIENT,
    aspect_asked,
    beneficiary_asked,
    kind_asked,
    named_only,
    other_side_rule,
    printed_value,
    rule_value,
)
from bot.context import Topic
from bot.dialogue import Bot
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)
HONGZE_PERSON = "hongze-2021#三（三）1"
HONGZE_EMPLOYER = "hongze-2021#三（三）2"
HONGZE_PERSON_SENTENCE = (
    "对我区重点产业、战略性新兴产业企业从外地新引进的急需紧缺岗位高级技师、技师、高级工，"
    "并且与企业签订1年以上劳动合同、缴纳6个月以上社会保险的，分别给予15000元、10000元、"
    "5000元一次性补贴。"
)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def first_line(text: str) -> str:
    return text.splitlines()[0]


# -- reading the message and the clause ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("合同得签几年", "劳动合同"),
        ("劳动合同签多久才算", "劳动合同"),
        ("社保交满几个月才行", "社会保险"),
        ("五险得缴多长时间", "社会保险"),
        ("工作得干满几年", "工作年限"),
        ("年纪有没有要求", "年龄"),
        ("这钱分几年发", "期限"),
        ("什么人可以申请", "对象"),
    ],
)
def test_a_condition_asked_in_few_words_is_recognised(text, label):
    aspect = aspect_asked(text)
    assert aspect is not None and aspect.label == label


@pytest.mark.parametrize(
    "text",
    [
        "合同签了3年",  # a fact of the worker's own
        "洪泽合同要签几年",  # names a place: searched there
        "技师合同签几年",  # names a level
        "订单班社保交多久",  # a subject of its own
        "社保补贴给多少",  # a subsidy of its own, not a condition
        "好的",
    ],
)
def test_a_new_question_or_a_fact_is_no_condition_follow_up(text):
    assert aspect_asked(text) is None


def test_a_condition_is_read_as_the_clause_prints_it_and_as_the_rule_tests_it():
    contract = aspect_asked("合同得签几年")
    insurance = aspect_asked("社保交满几个月才行")
    assert contract is not None and insurance is not None
    assert printed_value(contract, HONGZE_PERSON_SENTENCE) == "1年以上"
    assert printed_value(insurance, HONGZE_PERSON_SENTENCE) == "6个月以上"
    assert printed_value(insurance, "已签订劳动合同并按规定缴纳社会保险的") is not None
    assert rule_value(contract, "hongze-intro-subsidy") == "1年以上"
    assert rule_value(insurance, "hongze-intro-subsidy") == "6个月以上"
    assert rule_value(contract, None) is None


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("那工人本人呢", "person"),
        ("个人这边能拿多少", "person"),
        ("我自己能领吗", "person"),
        ("那厂里能拿吗", "organisation"),
        ("用人单位呢", "organisation"),
        ("是给企业还是给个人", None),  # a choice, answered from the sentence
        ("我能拿多少", None),  # the questionnaire
    ],
)
def test_the_side_a_short_follow_up_asks_about(text, side):
    assert beneficiary_asked(text) == side


def test_the_other_side_of_a_rule_is_the_same_thing_paid_to_the_other_party():
    topic = Topic(
        "洪泽引进高级工", "hongze-2021", "三（三）1", "洪泽区",
        sentence=HONGZE_PERSON_SENTENCE, rule="hongze-intro-subsidy",
    )  # fmt: skip
    other = other_side_rule(topic, "三（三）1", "organisation")
    assert other is not None and other.id == "hongze-recruitment-reward"
    # a level award of the same section pays only the worker: no employer clause is 「the same」
    award = Topic(
        "洪泽考证奖励", "hongze-2021", "三（三）4", "洪泽区",
        sentence="对区内企业技术工人当年获得高级技师、技师、高级工职业资格或职业技能等级的分别奖励4000元、3000元、1600元",
        rule="hongze-level-award",
    )  # fmt: skip
    assert other_side_rule(award, "三（三）4", "organisation") is None


# -- in the dialogue -------------------------------------------------------------------------------


def test_a_condition_follow_up_is_answered_from_the_clause_just_answered(bot):
    bot.on_text("c1", "洪泽从外地招来的技师给多少补贴")
    reply = bot.on_text("c1", "合同得签几年")
    assert first_line(reply.text) == "👉 劳动合同：1年以上"
    assert reply.clause_refs[0] == HONGZE_PERSON
    assert "叶集" not in reply.text and "没说地区，先给你" not in reply.text
    assert "洪泽区" in reply.text  # which place it used is said
    reply = bot.on_text("c1", "社保交满几个月才行")
    assert first_line(reply.text) == "👉 社会保险：6个月以上"
    assert reply.clause_refs[0] == HONGZE_PERSON


def test_a_condition_the_clause_leaves_out_comes_from_the_same_place(bot):
    bot.on_text("c2", "叶集引进技师有住房补贴吗")
    reply = bot.on_text("c2", "工作得干满几年")
    assert first_line(reply.text).startswith("👉 工作年限：3年以上")
    assert reply.clause_refs[0].startswith("yeji#")
    assert "另一条" in reply.text


def test_a_condition_no_clause_of_the_place_states_is_said_plainly(bot):
    bot.on_text("c3", "洪泽从外地招来的技师给多少补贴")
    reply = bot.on_text("c3", "年纪有没有要求")
    assert reply.intent == "not_answered"
    assert "没有写年龄" in reply.text and "洪办发〔2021〕10号" in reply.text


def test_the_last_answers_place_steers_a_question_naming_none(bot):
    bot.on_text("c4", "洪泽从外地招来的技师给多少补贴")
    reply = bot.on_text("c4", "搞学徒制的企业怎么补")
    assert reply.clause_refs[0].startswith("hongze-2021#")
    assert "按刚才洪泽区的政策回答" in reply.text
    assert "没说地区，先给你" not in reply.text


def test_a_company_saying_where_it_is_is_remembered_there(bot):
    said = bot.on_text("c5", "我们厂在洪泽")
    assert "洪泽区" in said.text
    assert bot.region_of("c5") == "洪泽区"
    reply = bot.on_text("c5", "合同要签多长")
    assert reply.clause_refs[0].startswith("hongze-2021#")
    assert "没说地区" not in reply.text


def test_the_place_note_names_the_place_of_the_clause_shown(bot):
    bot.on_text("c6", "我们是一家做机械的企业")
    reply = bot.on_text("c6", "劳动合同签多久才算")
    doc = reply.clause_refs[0].split("#")[0]
    regions = bot.kb.document(doc).meta.regions
    assert "没说地区，先给你" in reply.text
    note = next(line for line in reply.text.splitlines() if "没说地区" in line)
    assert any(region in note for region in regions)


def test_the_worker_side_after_an_employer_answer(bot):
    bot.on_text("b1", "洪泽中介机构帮企业引进高级工，补多少")
    reply = bot.on_text("b1", "那工人本人呢")
    assert reply.clause_refs[0] == HONGZE_PERSON
    assert "👉 高级工：5000元" in reply.text
    assert "没有写明" not in reply.text


def test_the_worker_side_asked_as_my_own_amount(bot):
    bot.on_text("b2", "洪泽中介机构帮企业引进高级工，补多少")
    reply = bot.on_text("b2", "我自己能拿多少")
    assert reply.intent == "answer"
    assert reply.clause_refs[0] == HONGZE_PERSON


def test_my_own_amount_after_a_worker_answer_is_still_the_questionnaire(bot):
    bot.on_text("b6", "洪泽外地引进的高级工能补多少")
    reply = bot.on_text("b6", "我自己能拿多少")
    assert reply.intent == "quiz"


def test_the_employer_side_after_a_worker_answer(bot):
    bot.on_text("b3", "洪泽外地引进的高级工能补多少")
    reply = bot.on_text("b3", "那厂里能拿吗")
    assert reply.clause_refs[0] == HONGZE_EMPLOYER
    assert "500元/人" in reply.text.splitlines()[1]


def test_the_same_side_again_says_it_is_this_clause(bot):
    bot.on_text("b4", "洪泽外地引进的高级工能补多少")
    reply = bot.on_text("b4", "个人这边能拿多少")
    assert reply.clause_refs[0] == HONGZE_PERSON
    assert "就是发给个人的" in first_line(reply.text)


def test_no_clause_of_the_other_side_is_said_plainly(bot):
    bot.on_text("b5", "洪泽区内企业工人当年考下技师证奖多少")
    reply = bot.on_text("b5", "用人单位呢")
    assert "没有发给企业（单位）的条款" in reply.text


# -- one handler per kind of follow-up -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("劳动合同要签够几年", "劳动合同"),
        ("补贴能领几年", "期限"),
        ("哪些人能报名", "对象"),
        ("这钱发给谁的", RECIPIENT),
        ("是发给公司的吧", RECIPIENT),
        ("给单位还是给职工本人", RECIPIENT),
        ("那职工个人呢", OTHER_SIDE),
        ("给谁打电话问", None),  # a question of its own
        ("按季度还是按年", None),  # a choice of something else
    ],
)
def test_each_follow_up_has_one_kind(text, kind):
    assert kind_asked(text) == kind


def test_who_is_paid_is_said_first_in_every_wording(bot):
    bot.on_text("k1", "洪泽从外省新引进的高级技师补多少")
    said = {
        "这钱发给谁的": "👉 发给个人",
        "是发给公司的吧": "👉 不是，发给个人",
        "是给我个人的吗": "👉 是的，发给个人",
    }
    for asked, lead in said.items():
        reply = bot.on_text("k1", asked)
        assert (first_line(reply.text), reply.clause_refs[0]) == (lead, HONGZE_PERSON), asked


def test_a_condition_of_the_clause_just_shown_has_no_place_note(bot):
    bot.on_text("k2", "洪泽从外省新引进的高级技师补多少")
    reply = bot.on_text("k2", "劳动合同要签够几年")
    assert first_line(reply.text) == "👉 劳动合同：1年以上"
    assert "没说地区" not in reply.text


def test_the_period_of_another_subsidy_in_the_same_clause_is_no_answer(bot):
    # 洪泽 三（三）4 pays the apprenticeship subsidy and, in another sentence, a 50% match
    # 「补助期限不少于3年」: the apprenticeship's period is not printed
    bot.on_text("k3", "洪泽的厂搞新型学徒制，一个中级工学徒补多少")
    for asked in ("补贴能领几年", "分几次发"):
        reply = bot.on_text("k3", asked)
        assert "3年" not in reply.text.split("📄")[0], asked
        assert "没有写明" in reply.text


def test_who_may_join_stays_on_the_clause_just_shown(bot):
    bot.on_text("k4", "台儿庄企业开展新型学徒制，政府补企业多少")
    reply = bot.on_text("k4", "哪些人能报名")
    assert all(ref.startswith("taierzhuang-2021#三（一）") for ref in reply.clause_refs)
    assert "职称评审" not in reply.text
    # nor a count a target sets (引进…1000人以上) for who may claim
    bot.on_text("k5", "宿迁对省外招来的高级工给什么待遇")
    assert "1000人以上" not in bot.on_text("k5", "啥人能领").text


def test_a_condition_named_alone_asks_it_of_the_clause_stating_it(bot):
    bot.on_text("k6", "洪泽从外省新引进的高级技师补多少")
    said = [
        ("那劳动合同呢", "👉 劳动合同：1年以上"),
        ("社保这块呢", "👉 社会保险：6个月以上"),
        ("年纪呢", "没有写年龄"),
    ]
    assert all(seen in bot.on_text("k6", asked).text for asked, seen in said)


def test_a_condition_named_alone_of_a_clause_without_it_is_no_condition_reading():
    assert named_only("社保呢") is not None and named_only("工作呢") is None
    assert named_only("社保补贴呢") is None  # a subsidy: the last question's ellipsis
