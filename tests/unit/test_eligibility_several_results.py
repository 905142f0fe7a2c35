"""A worker with results in several contests keeps each (a list in the profile); each tier's
rules see their own result, a prize table pays its tier's best result once, and a profile with
one result (as all were written before) loads and is written back unchanged."""

from __future__ import annotations

from policy_kb.eligibility import evaluate, parse_profile


def _ids(result) -> dict[str, float | None]:
    return {b.rule_id: b.amount_yuan for b in result.benefits}


def test_an_old_single_result_loads_and_is_written_back_as_it_was():
    p = parse_profile({"region": "台儿庄区", "competition": {"level": "市级", "rank": 2}})
    assert p.to_dict()["competition"] == {"level": "市级", "rank": 2}


def test_several_results_are_kept_each_once():
    p = parse_profile(
        {
            "region": "台儿庄区",
            "competition": [
                {"level": "区级", "rank": 1},
                {"level": "市级", "rank": 2},
                {"level": "区级", "rank": 1},
            ],
        }
    )
    assert p.to_dict()["competition"] == [
        {"level": "区级", "rank": 1},
        {"level": "市级", "rank": 2},
    ]
    assert p.competition is not None and p.competition.describe() == "区级一等奖、市级二等奖"


def test_the_district_prize_is_not_lost_beside_a_city_one():
    # 台人社发〔2021〕17号 三（二）6: the 区 prize (2000 for first) and the city-and-above award
    got = _ids(
        evaluate(
            parse_profile(
                {
                    "region": "台儿庄区",
                    "as_of": "2026-03-01",
                    "competition": [{"level": "市级", "rank": 2}, {"level": "区级", "rank": 1}],
                }
            )
        )
    )
    assert got["taierzhuang-competition-prize"] == 2000
    assert "taierzhuang-major-competition-award" in got


def test_a_prize_table_pays_its_own_tier_by_its_own_rank():
    # a 市级 first place does not raise the 区级 prize: 区级三等奖 pays 500
    got = _ids(
        evaluate(
            parse_profile(
                {
                    "region": "台儿庄区",
                    "as_of": "2026-03-01",
                    "competition": [{"level": "市级", "rank": 1}, {"level": "区级", "rank": 3}],
                }
            )
        )
    )
    assert got["taierzhuang-competition-prize"] == 500


def test_two_prizes_of_one_tier_are_paid_once_at_the_better_rank():
    result = evaluate(
        parse_profile(
            {
                "region": "洪泽区",
                "as_of": "2026-03-01",
                "competition": [{"level": "区级", "rank": 3}, {"level": "区级", "rank": 1}],
            }
        )
    )
    paid = [b for b in result.benefits if b.rule_id == "hongze-competition-prize"]
    assert len(paid) == 1 and paid[0].amount_yuan == 5000


def test_an_empty_list_is_no_result():
    p = parse_profile({"region": "洪泽区", "competition": []})
    assert p.competition is not None and p.competition.is_none
