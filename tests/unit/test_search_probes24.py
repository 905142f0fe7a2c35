"""Probes of seven kinds of wording answered by the wrong clause or wrongly rejected, each in
phrasings of our own from the documents: a benefit question with an aside the documents do not
answer after it (which office, opening hours, when it starts), pinyin typed with tone marks or
with a term's initials, sums and ranks typed with digits, a benefit the question says it is not
asking about, a named topic asked for in the documents' own words, an employer raising its
skilled workers' pay, and health questions with no policy subject. Real knowledge base and
search."""

from __future__ import annotations

import pytest
from factories.search import leading_hit

from policy_kb.search import SearchIndex
from policy_kb.search.lexicon import digit_amounts, employer_pay_rise
from policy_kb.search.negation import drop_negated_topics
from policy_kb.search.text import normalize, plain_pinyin

PROBES: list[tuple[str, str, str]] = [
    # 1. an aside after the benefit asked: the benefit's clause, not one printing 部门
    ("洪泽从外地招来的高级技师能补几块钱，要找哪个部门办", "hongze-2021", "三（三）1"),
    ("洪泽校企合作补贴多少 什么时候开始执行", "hongze-2021", "三（三）3"),
    ("宿迁订单班每年补多少、要去哪里申请", "suqian-2021", "三（四）2"),
    ("洪泽给高技能人才办事的专门窗口设在哪，几点开门", "hongze-2021", "三（一）1"),
    ("洪泽校企合作补贴多少，网上能办吗", "hongze-2021", "三（三）3"),
    # 2. pinyin with tone marks, pinyin with initials among characters
    ("hóngzé yǐnjìn jìshī bǔtiē", "hongze-2021", "三（三）1"),
    ("lián yún gǎng gōngzī zēngfú yǒu yāoqiú ma", "lianyungang-draft", "七"),
    ("台儿庄 gjg ping zhicheng tiaojian", "taierzhuang-2021", "三（二）5"),
    # 3. digits with a unit or a rank
    ("洪泽技能大赛第1名奖多少", "hongze-2021", "三（三）5"),
    ("洪泽技能比赛第2奖多少", "hongze-2021", "三（三）5"),
    ("洪泽学徒制高级工一年5k吗", "hongze-2021", "三（三）4"),
    # 4. a benefit taken back: the other one asked answers
    ("洪泽引进技师的工作奖励（不是给个人的那个补贴）多少", "hongze-2021", "三（三）2"),
    ("不是个人补贴那个，洪泽引进高技能人才给企业的钱多少", "hongze-2021", "三（三）2"),
    ("洪泽技能大赛奖励除外，引进技师补贴多少", "hongze-2021", "三（三）1"),
    # 5. the printed wording of a named topic
    ("洪泽校企合作补贴那段原话是什么", "hongze-2021", "三（三）3"),
    ("宿迁订单班补助文件里是怎么写的", "suqian-2021", "三（四）2"),
    ("叶集大师工作室补助的全文给我看看", "yeji", "八"),
    # 6. an employer paying skilled workers more, and what the government adds
    ("老板给高级工多发工资，区里有配套吗", "hongze-2021", "三（三）4"),
    ("企业给技师加薪有补助吗", "hongze-2021", "三（三）4"),
    ("连云港对技术工人的工资涨幅有没有要求", "lianyungang-draft", "七"),
]


@pytest.mark.parametrize(("question", "doc_id", "clause_id"), PROBES)
def test_probe_is_answered_with_its_clause_first(
    index: SearchIndex, question: str, doc_id: str, clause_id: str
) -> None:
    hit = leading_hit(index, question)
    assert (hit.doc_id, hit.clause_id) == (doc_id, clause_id), question


def test_an_employer_raise_is_answered_by_the_matching_subsidy_sentence(
    index: SearchIndex,
) -> None:
    assert "特殊待遇" in index.search("厂里给技师涨薪水，政府补不补").hits[0].sentence


def test_a_question_typed_with_tone_marks_is_quoted_as_typed(index: SearchIndex) -> None:
    assert index.search("hóngzé yǐnjìn jìshī").query == "hóngzé yǐnjìn jìshī"


@pytest.mark.parametrize(
    "question",
    [
        # the asked part is outside the documents: an aside does not make it answered
        "公积金怎么提取，去哪办",
        "失业金怎么领，几点上班",
        # health and daily habits, whatever shift is named
        "经常熬夜对身体有什么影响",
        "倒班工人怎么调整睡眠",
        "车间噪音大会不会伤身体",
        "上夜班睡不好怎么办",
    ],
)
def test_outside_questions_stay_rejected(index: SearchIndex, question: str) -> None:
    assert not index.search(question).answered, question


def test_tone_marks_are_plain_pinyin() -> None:
    assert plain_pinyin("yèjí lǜsè") == "yeji lvse"
    assert plain_pinyin("叶集技师") == "叶集技师"
    assert normalize("HÓNGZÉ") == "hongze"


def test_digits_with_units_and_ranks_read_as_printed() -> None:
    assert digit_amounts("补8百块") == "补800块"
    assert digit_amounts("一年2k") == "一年2000"
    assert digit_amounts("目标9w人") == "目标9万人"
    assert digit_amounts("拿了第3名") == "拿了第三名"
    assert digit_amounts("2等奖") == "二等奖"
    assert digit_amounts("得了个3等") == "得了个三等奖"
    assert digit_amounts("前3名") == "前三名"
    # a count of something else keeps its digit
    assert digit_amounts("第3条") == "第3条"
    assert digit_amounts("第2批") == "第2批"


def test_a_benefit_taken_back_leaves_the_one_asked() -> None:
    assert "补贴" not in drop_negated_topics("单位的奖励（不是个人补贴）多少")
    assert "学徒" not in drop_negated_topics("不问学徒制，校企合作补多少")
    # the place said with it still places the question
    assert "叶集" in drop_negated_topics("叶集大赛奖金除外，工作室补多少")
    # asking, or a fact told, takes nothing back
    assert drop_negated_topics("是不是技师那个补贴") == "是不是技师那个补贴"
    assert drop_negated_topics("我不是技师能领吗") == "我不是技师能领吗"


def test_a_raise_is_the_government_top_up_only_when_one_is_asked() -> None:
    assert "特殊待遇增资" in employer_pay_rise("单位给高级工涨工资，财政配套吗")
    assert employer_pay_rise("工资涨幅有要求吗") == "工资涨幅有要求吗"
