"""Messages that are not policy questions are recognised before search."""

import pytest

from bot.intents import classify, region_request


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("你好", "greeting"),
        ("在吗？", "greeting"),
        ("帮助", "help"),
        ("菜单", "topics"),
        ("更多", "more"),
        ("我在叶集", "set_region"),
        ("切换到洪泽", "set_region"),
        ("叶集区", "set_region"),
        ("我在上海", "unknown_region"),
        ("补贴", "vague"),
        ("我在洪泽上班有补贴吗", "question"),
        ("叶集引进技师有住房补贴吗", "question"),
    ],
)
def test_classify(text, intent):
    assert classify(text) == intent


def test_region_request_understands_aliases_and_full_width():
    assert region_request("我在六安市叶集区") == "叶集区"
    assert region_request("我是台儿庄的") == "台儿庄区"
    assert region_request("ＹＥＪＩ") == "叶集区"
    assert region_request("洪泽引进技师补贴多少") is None


# -- asking to be assessed, in the words such a request is made of ---------------------------
@pytest.mark.parametrize(
    "text",
    [
        "补贴资格测评一下",
        "帮我算下补贴吧",
        "评估",
        "麻烦帮我测算下",
        "想评估一下我的补助",
        "奖励评测",
        "给我估算一下能领多少钱",
        "自测下资格",
        "我要做个补贴自测",
        "帮我看看我能拿多少",
        "查下能领点啥",
        "算一下我的待遇",
        "测评下够不够格",
        "能不能帮忙评估下",
    ],
)
def test_a_request_to_be_assessed_starts_the_questionnaire(text):
    assert classify(text) == "quiz"


@pytest.mark.parametrize(
    "text",
    [
        "技能等级评价怎么申请",
        "补贴是怎么算出来的",
        "住房补贴怎么算",
        "测评机构在哪里",
        "评估标准有哪些",
        "资格测评要带什么材料",
        "查下补贴",
        "这个能算吗",
        "能算吗",
    ],
)
def test_a_policy_question_with_an_assessing_word_is_not_the_questionnaire(text):
    assert classify(text) != "quiz"


@pytest.mark.parametrize("text", ["算了", "算了吧", "不算了"])
def test_giving_up_is_not_asking_to_be_assessed(text):
    assert classify(text) != "quiz"


# -- what the card is for, against where the worker's own card stands -------------------------
@pytest.mark.parametrize(
    "text",
    [
        "有了蓝卡能干什么",
        "蓝卡申请下来有啥好处",
        "办完蓝卡可以享受哪些待遇",
        "我的蓝卡有啥用",
        "蓝卡批下来了能做什么",
        "技工蓝卡办好后有什么作用",
    ],
)
def test_what_the_card_gives_is_a_policy_question(text):
    assert classify(text) == "question"


@pytest.mark.parametrize(
    "text",
    ["我的蓝卡审核到哪一步了", "蓝卡申请有消息没", "查一下蓝卡进度", "蓝卡办好了没", "我的蓝卡"],
)
def test_where_my_card_stands_is_a_progress_query(text):
    assert classify(text) == "my_card"


def test_a_place_with_a_tail_is_read_only_when_it_ends_as_a_tail_can() -> None:
    """``place_with_tail`` looks up places only in a message ending with the last character of
    one of ``_BELONGS_TAIL``'s words: every such word's last character is among them."""
    import re

    from bot.intents import _BELONGS_TAIL, _TAIL_ENDS, place_with_tail

    words = {w for g in re.findall(r"\(\?:([^()]*)\)", _BELONGS_TAIL.pattern) for w in g.split("|")}
    assert {w[-1] for w in words if w} == set(_TAIL_ENDS)
    assert place_with_tail("沭阳那边做电焊的师傅") is None  # 电焊的师傅 is more than a tail
    assert place_with_tail("叶集的工人") == "叶集"
    assert place_with_tail("洪泽城区的") == "洪泽"
    assert place_with_tail("叶集区补贴多少") is None
