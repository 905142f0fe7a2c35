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
