"""The talent database's pure part: trades, the forms, who meets a demand's level, and the
supply–demand summary a district publishes (叶集 九, 台儿庄 三（三）7)."""

from __future__ import annotations

from datetime import date

import pytest

from policy_kb.talent import (
    DemandRow,
    SupplyRow,
    TalentFormError,
    canonical_trade,
    meets_level,
    parse_demand,
    parse_worker_entry,
    summarise,
    trade_names,
)

TODAY = date(2026, 11, 30)


def test_trades_table_reads_what_people_write():
    assert "焊工" in trade_names() and "电工" in trade_names() and "车工" in trade_names()
    # 台儿庄 附件1 填表说明 names 电焊工、维修电工、车工
    assert canonical_trade("电焊工") == "焊工"
    assert canonical_trade("维修电工") == "电工"
    assert canonical_trade(" 数控车工 ") == "车工"
    assert canonical_trade("宇航员") is None
    assert len(set(trade_names())) == len(trade_names())


def test_worker_without_card_gives_name_phone_and_consent():
    with pytest.raises(TalentFormError) as err:
        parse_worker_entry({"skill_level": "九级", "trade": "宇航员", "district": "苏州"})
    assert set(err.value.errors) == {"skill_level", "trade", "district", "name", "phone", "consent"}
    entry = parse_worker_entry(
        {
            "name": "张三",
            "phone": "138 1234 5678",
            "skill_level": "三级",
            "trade": "电焊工",
            "district": "叶集",
            "open_to_offers": True,
            "consent": True,
        }
    )
    assert (entry.skill_level, entry.trade, entry.district) == ("高级工", "焊工", "叶集区")
    assert entry.phone == "13812345678" and entry.open_to_offers


def test_card_holder_states_only_the_trade():
    entry = parse_worker_entry({"trade": "焊工"}, card_holder=True)
    assert entry.trade == "焊工" and entry.name is None and not entry.open_to_offers
    with pytest.raises(TalentFormError) as err:
        parse_worker_entry({"trade": "焊工", "open_to_offers": "yes"}, card_holder=True)
    assert list(err.value.errors) == ["open_to_offers"]


def test_demand_form_names_every_bad_field():
    with pytest.raises(TalentFormError) as err:
        parse_demand(
            {
                "employer_name": "",
                "credit_code": "91341504MA2T0000X0",
                "trade": "焊工",
                "count": "0",
                "wage_min": "8000",
                "wage_max": "6000",
                "district": "叶集区",
                "valid_until": "2026-11-29",
                "contact_phone": "12345",
            },
            today=TODAY,
        )
    assert set(err.value.errors) == {
        "employer_name",
        "credit_code",
        "count",
        "wage_max",
        "valid_until",
        "contact_phone",
    }
    form = parse_demand(
        {
            "employer_name": "叶集木业有限公司",
            "trade": "电焊",
            "skill_level": "中级工",
            "count": "3",
            "wage_min": "6,000",
            "wage_max": 8000,
            "district": "六安市叶集区",
            "valid_until": "2026-12-31",
        },
        today=TODAY,
    )
    assert (form.trade, form.count, form.wage_min, form.district) == ("焊工", 3, 6000, "叶集区")


def test_level_ladder():
    assert meets_level("技师", "高级工")
    assert not meets_level("中级工", "高级工")
    assert meets_level("初级工", None)


def test_summary_finds_short_and_surplus_trades():
    supply = [
        SupplyRow("叶集区", "焊工", "高级工", True),
        SupplyRow("叶集区", "焊工", "技师", False),  # in the database, not available
        SupplyRow("叶集区", "电工", "中级工", True),
        SupplyRow("叶集区", "电工", "中级工", True),
        SupplyRow("叶集区", None, "初级工", True),  # no trade given yet
        SupplyRow("洪泽区", "焊工", "技师", True),  # another district
    ]
    demand = [
        DemandRow("叶集区", "焊工", "中级工", 5, date(2026, 12, 31)),
        DemandRow("叶集区", "焊工", None, 2, date(2026, 11, 30)),  # last day: still open
        DemandRow("叶集区", "车工", None, 4, date(2026, 11, 29)),  # expired
        DemandRow("叶集区", "车工", None, 1, date(2027, 1, 31)),
        DemandRow("洪泽区", "电工", None, 9, date(2026, 12, 31)),
    ]
    s = summarise("叶集区", supply, demand, as_of=TODAY)
    assert (s.workers, s.available, s.demand, s.demands) == (5, 4, 8, 3)
    assert [(b.trade, b.demand, b.available, b.gap) for b in s.short] == [
        ("焊工", 7, 1, 6),
        ("车工", 1, 0, 1),
    ]
    assert [(b.trade, b.gap) for b in s.surplus] == [("电工", -2)]
    welders = s.short[0]
    assert (welders.registered, welders.high_skill) == (2, 2)
    text = s.text()
    assert text.startswith("2026-11-30 叶集区技能人才供求信息")
    assert "紧缺工种：焊工（需求7人，可供1人）、车工（需求1人，可供0人）" in text
    assert "富余工种：电工（可供2人，需求0人）" in text


def test_summary_of_an_empty_district_says_balanced():
    s = summarise("宿迁市", [], [], as_of=TODAY)
    assert (s.workers, s.short, s.surplus) == (0, (), ())
    assert "各工种供求基本平衡" in s.text()
