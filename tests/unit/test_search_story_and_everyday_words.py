"""Search misses of five general kinds, each asserted by what a worker sees: the top clause's text
(or an honest "not found"). Real knowledge base and search; the phrasings are our own.

1. A long message's background fact said with a question word (「没啥学历」「没什么文化」) is a
   statement, not a question of its own: what the message asks decides.
2. Everyday words for the documents' terms: 娃/小孩 → 子女, 上学/念书 → 入学/教育, 在学校 → 在校,
   按人头/一人 → 元/人, 收费的培训 → 有偿性社会培训, 挣来的钱 → 收入.
3. A township under a covered district, also by its other suffix (孙岗乡 said 孙岗镇), steers to
   that district's clause like the district's name.
4. Pinyin run together among characters (zuichang, duojiu), a polyphone read either way.
5. An everyday question whose only shared word is printed across two of the documents' words
   (作业 in 工作|业绩), or is one everyday word (化学, of 化学纤维) against words no document
   prints, is not answered.
"""

from __future__ import annotations

import pytest

from policy_kb.places import resolve_places
from policy_kb.search import SearchIndex
from policy_kb.search.focus import asks


def _top(index: SearchIndex, question: str) -> str:
    result = index.search(question, top=3)
    assert result.answered, question
    return result.hits[0].text


# ---------------------------------------------------------------- 1. background facts in a story


@pytest.mark.parametrize(
    ("segment", "asking"),
    [
        ("没啥学历", False),
        ("也没什么文化", False),
        ("啥都不会", False),
        ("没几年工龄", False),
        ("有没有啥补贴", True),
        ("厂里没啥补贴吗", True),
        ("我这样的能报吗", True),
    ],
)
def test_question_word_of_a_negation_tells_a_fact(segment: str, asking: bool) -> None:
    assert asks(segment) is asking


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        (
            "我在宿迁的酒厂当了十几年调酒工，没啥学历，职称也没评过，听说市里每年帮一批人"
            "参加中级职称考核认定，一年给多少个名额，我够不够格报",
            "500名",
        ),
        (
            "俺是洪泽一个厂的钳工，没什么文化，也没啥证书，听说区里每年都办职业技能竞赛，"
            "一年办几场",
            "5-8个",
        ),
    ],
)
def test_long_story_with_a_background_fact_answers_what_it_asks(
    index: SearchIndex, question: str, printed: str
) -> None:
    assert printed in _top(index, question)


# ---------------------------------------------------------------- 2. everyday words for terms


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        # a parent: 娃 / 小孩 and 上学 / 念书 are the documents' 子女 and 教育 / 入学
        ("外地来叶集打工的技术工人，小孩能不能在这边念书", "子女可优先享受"),
        ("在宿迁上班的人才，娃上学的事能帮忙办吗", "子女入学"),
        # 在学校 is 在校
        ("叶集签了定向培养协议的学生，在学校学习每月有补助吗", "在校学习补助"),
        ("洪泽的学生在学校期间能到厂里顶岗实习吗", "在校学生"),
        # an employer: 按人头, 一人 补多少 are amounts 元/人
        ("我们厂在洪泽搞新型学徒制，政府按人头补多少", "4000元/人/年"),
        ("台儿庄的培训基地带一个学员，一人补多少", "2000-5000元/人"),
        # a school: 收费的培训 is 有偿性社会培训, 挣来的钱 its 收入
        ("连云港的技工学校能不能办收费的培训班", "有偿性社会培训"),
        ("连云港职业学校办培训挣来的钱怎么花", "收入"),
    ],
)
def test_everyday_words_reach_the_documents_terms(
    index: SearchIndex, question: str, printed: str
) -> None:
    assert printed in _top(index, question)


# ---------------------------------------------------------------- 3. townships


def test_township_said_with_another_suffix_is_the_same_township() -> None:
    (town,) = resolve_places("孙岗镇的企业")
    assert town.name == "孙岗乡"
    assert town.covered is not None and town.covered.region == "叶集区"
    (street,) = resolve_places("平岗镇上的厂")
    assert street.name == "平岗街道"


@pytest.mark.parametrize(
    "question",
    [
        "孙岗镇的厂子开展订单培训，政府补不补",
        "平岗镇企业做定岗培训有没有补贴",
        "史河街道的企业搞订单式培训能拿补贴吗",
        "洪集镇企业办定向培训有补助不",
    ],
)
def test_township_of_a_district_steers_to_its_document(index: SearchIndex, question: str) -> None:
    result = index.search(question, top=3)
    assert result.answered, question
    assert result.region == "叶集区"
    assert "订单、定向和定岗培训" in result.hits[0].text


# ---------------------------------------------------------------- 4. pinyin among characters


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        ("俺在叶集，xuetuzhi的钱zuichang能拿几年", "最长补助期限为2年"),
        ("yeji qiye xuetuzhi butie zuichang duojiu", "最长补助期限为2年"),
        ("叶集yinjin技师的补助zuichang多久", "补助期限最长不超过3年"),
        ("洪泽xuetuzhi一个人butie多少", "4000元/人/年"),
    ],
)
def test_joined_pinyin_among_characters_is_read(
    index: SearchIndex, question: str, printed: str
) -> None:
    assert printed in _top(index, question)


# ---------------------------------------------------------------- 5. everyday questions


@pytest.mark.parametrize(
    "question",
    [
        "孩子的数学作业太难了，家长怎么辅导",
        "娃写英语作业老出错咋办",
        "小孩不肯做作业怎么管",
        # 化学 is printed (化学纤维, an industry), alone against words no document prints
        "初中孩子化学题不会做，家长怎么教",
    ],
)
def test_homework_question_is_not_answered(index: SearchIndex, question: str) -> None:
    assert not index.search(question, top=3).answered
