"""Charts of the statistics: static SVG with the labels staff read, and nothing when there is
nothing to draw."""

from __future__ import annotations

from decimal import Decimal

from bluecard.stats import charts
from bluecard.stats.services import CardCount, SubsidyCount


def test_cards_and_subsidy_charts_are_static_svg_with_chinese_labels():
    cards = charts.cards_by_month(
        [CardCount("2026-10", 4, 1, 2, 1, 0, 0), CardCount("2026-11", 1, 1, 0, 0, 0, 0)]
    )
    assert cards is not None and cards.startswith("<svg") and "<script" not in cards
    assert "2026-10" in cards and "已发卡" in cards and "审核中" in cards
    assert "待审核" not in cards  # the one label of a pending card (CARD_STATUS_LABELS)
    assert "已暂停" in cards  # a suspended card is its own part of the bar
    rules = charts.subsidies_by(
        [SubsidyCount("yeji-chief", "首席技师津贴", 2, Decimal("1200.00"), Decimal("600.00"))],
        "补贴申请（按规则，元）",
    )
    assert rules is not None and "首席技师津贴" in rules and "1,200元" in rules
    assert "<script" not in rules and "href=" not in rules  # nothing run or fetched


def test_nothing_to_draw_is_none():
    assert charts.cards_by_month([]) is None
    assert charts.subsidies_by([], "补贴") is None
    assert charts.top_topics([]) is None
    assert charts.questions_by_day([]) is None
