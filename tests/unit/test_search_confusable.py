"""Words typed with one character another: a homophone (input method) or a look-alike
(handwriting input, a slip of the eye). Repaired only when the documents print the result."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_kb.kb import load_knowledge_base
from policy_kb.search import SearchIndex
from policy_kb.search.confusable import shape_alike


@pytest.mark.parametrize(("a", "b"), [("师", "帅"), ("徒", "徙"), ("人", "入"), ("待", "侍")])
def test_characters_drawn_alike_are_look_alikes(a: str, b: str) -> None:
    assert shape_alike(a, b) and shape_alike(b, a)


@pytest.mark.parametrize(("a", "b"), [("师", "钱"), ("徒", "补"), ("赛", "师"), ("师", "师")])
def test_characters_drawn_differently_are_not(a: str, b: str) -> None:
    assert not shape_alike(a, b)


@pytest.mark.parametrize(
    ("question", "meant"),
    [
        ("台儿庄首席技帅工作室有啥支持", "首席技师"),  # 帅 drawn like 师
        ("叶集学徙制培训一年补多少", "学徒制"),  # 徙 like 徒, not the homophone 学习
        ("宿迁省外来的技师享受什么侍遇", "待遇"),  # 侍 drawn like 待
        ("叶集的技工兰卡有什么用", "蓝卡"),  # homophone of a whole word, confirmed by 技工
        ("宿迁定单班企业补多少", "订单班"),  # confirmed by the 班 after it
        ("叶集兰卡能办不", "蓝卡"),  # a word jieba barely knows, alone: its homophone
        ("洪泽急需紧缺的引进人材补多少", "引进人才"),  # a four-character word confirms itself
    ],
)
def test_a_word_typed_with_a_homophone_or_look_alike_is_read_as_meant(
    index: SearchIndex, question: str, meant: str
) -> None:
    q = index._analyse(question, None)
    assert meant in q.text
    r = index.search(question)
    assert r.answered
    assert meant in r.hits[0].text.replace("“", "").replace("”", "")


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("我在外地干了五年电焊", "外地干了"),  # 干 is a word of its own, not 人
        ("企业一年每人能拿多少", "一年每人"),  # a common word the documents never print
        ("比赛得了名次能升级不", "名次能"),
        # a look-alike that would make a word the documents print: 达到, 同一批
        ("户口从老家迁到城里要带啥", "迁到"),
        ("听说区里会帮一批工人报名", "帮一批"),
        # a homophone the documents use only once, with nothing next to it to confirm it
        ("我们厂里正缺电焊工", "正缺"),
    ],
)
def test_words_meant_as_typed_are_left_alone(index: SearchIndex, question: str, kept: str) -> None:
    assert kept in index._analyse(question, None).text


def test_the_look_alike_table_is_read_while_the_index_is_built() -> None:
    """The first question after start-up does not wait ~30 ms for the four-corner table."""
    from policy_kb.search import confusable

    confusable._codes.cache_clear()
    SearchIndex.build(load_knowledge_base(extra_dir=Path("/nonexistent")))
    assert confusable._codes.cache_info().currsize == 1
