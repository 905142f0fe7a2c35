"""Someone else's case: answered for the place it names, and their name never searched nor kept
(``bot.others``, ``Bot._other_person``)."""

from __future__ import annotations

from datetime import date

import pytest
from factories.chat import kept
from fakes.bot_services import FakeBotServices

from bot.dialogue import Bot
from bot.others import without_names


@pytest.fixture
def bot(kb_index, store):
    kb, index = kb_index
    return Bot(kb, index, store, services=FakeBotServices(), today=lambda: date(2026, 3, 1))


# (the worker's own question, the what-if about someone else elsewhere, what that place's
# clause prints, the first place's words that must not answer it)
@pytest.mark.parametrize(
    ("first", "other", "there", "not_here"),
    [
        ("我在洪泽，考了技师有奖励吗", "要是我媳妇在叶集考了技师呢", "2000元", "洪办发"),
        ("我在叶集，考了技师有奖励吗", "我老婆要是在洪泽考了技师呢", "3000元", "叶集区人民政府"),
        ("我在洪泽，引进技师有多少补贴", "要是我徒弟被引进到叶集呢，技师", "住房补贴", "洪办发"),
        ("我在叶集，考了高级工有多少奖励", "假如我同事在台儿庄考了高级工呢", "台儿庄", "1000元"),
        (
            "我在宿迁，外省引进来的技师享受什么待遇",
            "要是我老公被引进到叶集呢，技师",
            "20%",
            "宿人社发",
        ),
        ("我在连云港，技能大师工作室有补助吗", "那我师傅要是在叶集办工作室呢", "8万元", "连云港"),
    ],
)
def test_another_person_s_what_if_is_answered_for_the_place_it_names(
    bot, first, other, there, not_here
):
    bot.on_text("p1", first)
    reply = bot.on_text("p1", other)
    assert there in reply.text
    assert "这是按你" in reply.text  # said to be the other person's case
    if not_here != "1000元":
        assert not_here not in reply.text.split("相关条款")[0]


def test_the_same_place_keeps_the_last_clause_for_them(bot):
    bot.on_text("p2", "我在洪泽，考了技师有奖励吗")
    reply = bot.on_text("p2", "要是我媳妇在洪泽考了高级技师呢")
    assert "4000元" in reply.text and "洪办发" in reply.text


def test_the_worker_s_own_place_said_first_answers_their_question(bot):
    reply = bot.on_text("p3", "我在洪泽，我徒弟考了高级工，他能拿多少")
    assert "1600元" in reply.text and "洪办发" in reply.text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我徒弟张三丰考了高级工，他能拿多少", "张三丰"),
        ("俺媳妇叫李秀梅，在叶集干了三年", "李秀梅"),
        ("我师傅老王是高级技师", "老王"),
        ("我同事欧阳娜娜也是技师", "欧阳娜娜"),
        ("要是我徒弟周小川考上技师", "周小川"),
    ],
)
def test_a_name_after_the_person_word_is_taken_out(text, name):
    out, named = without_names(text)
    assert named and name not in out


@pytest.mark.parametrize(
    "text",
    ["我徒弟高级工，能拿多少", "我媳妇在叶集考了技师呢", "带徒弟有补贴吗", "我徒弟刚考了技师"],
)
def test_words_after_a_person_that_are_no_name_stay(text):
    assert without_names(text) == (text, False)


@pytest.mark.parametrize(
    ("setup", "text", "printed"),
    [
        ("我在洪泽", "我徒弟张三丰考了高级工，他能拿多少", "1600元"),
        ("我在叶集", "俺媳妇叫李秀梅，今年考了技师，她能领多少", "2000元"),
    ],
)
def test_a_named_person_s_question_is_answered_and_the_name_kept_nowhere(
    bot, store, setup, text, printed
):
    bot.on_text("p4", setup)
    reply = bot.on_text("p4", text)
    assert reply.intent == "answer" and printed in reply.text
    assert "张三丰" not in kept(store) and "李秀梅" not in kept(store)
    assert reply.step == "person_name"  # the message log keeps a marker, not the text


def test_a_named_person_at_a_place_without_the_benefit_is_not_out_of_scope(bot):
    bot.on_text("p5", "我在台儿庄")
    reply = bot.on_text("p5", "我徒弟张三丰考了高级工，他能拿多少")
    assert "现有的技能人才政策文件里没有找到答案" not in reply.text
    assert "台儿庄" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        "我表哥郑州的，考了技师有奖励吗",
        "我闺女马上要考高级工了",
        "俺老公钟点工也能领吗",
        "我弟陆续考了好几个证",
        "带徒弟钱给谁",
        "我师傅叫我来问问补贴",
    ],
)
def test_words_and_places_after_a_person_word_are_no_name(text):
    assert without_names(text) == (text, False)


@pytest.mark.parametrize(
    ("text", "name"),
    [("我徒弟叫高明，考了技师", "高明"), ("我媳妇名叫何丽丽，她是高级工", "何丽丽")],
)
def test_a_name_said_after_jiao_is_taken_out_whatever_its_surname(text, name):
    out, named = without_names(text)
    assert named and name not in out


def test_a_city_said_of_a_relative_is_still_read_as_a_place(bot):
    reply = bot.on_text("p6", "我表哥郑州的，考了技师有奖励吗")
    assert "郑州" in reply.text and "3000元" not in reply.text  # never 洪泽's amount
