"""申兑指南 (bluecard/ledger/guides.py) built from the rules catalogue and a district's data
file: the document's words quoted where it prints them, the district's where it does not,
未规定，请咨询窗口 otherwise — never invented; and the 受理 checklist."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bluecard.ledger import guides
from policy_kb.eligibility import default_catalogue
from policy_kb.kb import load_knowledge_base

CHIEF = "yeji-chief-technician-allowance"


@pytest.fixture(scope="module")
def catalogue():
    return default_catalogue()


def _bundled() -> dict:
    return guides.guide_config(guides.BUNDLED)


def _build(catalogue, rule_id, district, data, days=60):
    return guides.build_guide(catalogue.rule(rule_id), district, data, days, catalogue.documents)


def test_every_place_the_bundled_file_quotes_is_printed_in_its_clause():
    kb = load_knowledge_base()
    quoted = 0
    data = _bundled()
    for part in ("districts", "benefits"):
        for entry in (data.get(part) or {}).values():
            for key in ("where", "phone"):
                value = entry.get(key)
                if isinstance(value, dict) and value.get("quote"):
                    clause = kb.clause(value["doc_id"], value["clause"])
                    assert value["quote"] in "".join(clause.text.split())
                    quoted += 1
    assert quoted >= 2


def test_unprinted_facts_are_said_to_be_unknown_and_the_time_limit_is_the_default(catalogue):
    g = _build(catalogue, CHIEF, "叶集区", _bundled(), days=60)
    assert g.who.quote == catalogue.rule(CHIEF).quote and g.who.source == guides.FROM_DOCUMENT
    assert "六安市首席技师" in g.conditions[0]
    assert g.phone.text == guides.UNKNOWN and not g.phone.known
    assert g.where.text == guides.UNKNOWN
    assert g.materials == ()
    assert g.processing_days == 60 and g.processing.source == guides.FROM_DEFAULT
    assert "快申快享" in g.processing.text
    assert "人力资源和社会保障局" in g.responsible.text
    # The checklist checks each condition and each fact the rule says staff verify.
    texts = [i.text for i in g.checklist]
    assert texts == ["核验：获得“六安市首席技师”称号", "核验：在“六安市首席技师”聘任期内"]


def test_a_place_the_document_prints_is_quoted_with_its_clause(catalogue):
    rule = next(r for r in catalogue.for_region("台儿庄区") if r.beneficiary == "individual")
    g = _build(catalogue, rule.id, "台儿庄区", _bundled())
    assert g.where.source == guides.FROM_DOCUMENT
    assert g.where.quote == "在市民中心开设高技能人才服务窗口"
    assert g.where.citation.endswith("三（三）9")


def test_the_district_file_gives_materials_time_limit_place_and_phone(catalogue, tmp_path):
    data = {
        "districts": {"叶集区": {"phone": "0564-1234567", "processing_days": 30}},
        "benefits": {
            CHIEF: {
                "materials": ["首席技师聘书", "身份证原件"],
                "processing_days": 20,
                "where": {"text": "叶集区政务服务中心 3号窗口"},
            }
        },
    }
    g = _build(catalogue, CHIEF, "叶集区", data)
    assert g.processing_days == 20 and g.processing.source == guides.FROM_DISTRICT
    assert g.phone.text == "0564-1234567" and g.phone.source == guides.FROM_DISTRICT
    assert g.where.text == "叶集区政务服务中心 3号窗口"
    # Materials come first in the checklist, then the conditions.
    assert [i.text for i in g.checklist][:3] == [
        "首席技师聘书",
        "身份证原件",
        "核验：获得“六安市首席技师”称号",
    ]
    other = _build(catalogue, "yeji-private-level-award", "叶集区", data)
    assert other.processing_days == 30  # the district's limit for benefits without their own


def test_a_changed_item_gets_a_new_key(catalogue):
    a = _build(catalogue, CHIEF, "叶集区", {"benefits": {CHIEF: {"materials": ["聘书"]}}})
    b = _build(catalogue, CHIEF, "叶集区", {"benefits": {CHIEF: {"materials": ["聘书原件"]}}})
    assert a.checklist[0].key != b.checklist[0].key
    assert guides.unconfirmed(a, [b.checklist[0].key, *(i.key for i in a.checklist[1:])]) == [
        a.checklist[0]
    ]


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"benefits": {CHIEF: {"processing_days": 0}}}, "processing_days"),
        ({"benefits": {CHIEF: {"materials": "聘书"}}}, "materials"),
        ({"districts": {"叶集区": {"where": {"quote": "某处", "text": "某处"}}}}, "doc_id"),
        ({"districts": ["叶集区"]}, "districts"),
    ],
)
def test_a_broken_district_file_names_what_is_wrong(catalogue, tmp_path, data, named):
    path = Path(tmp_path / "guides.yaml")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(guides.GuideFileError) as err:
        _build(catalogue, CHIEF, "叶集区", guides.guide_config(path))
    assert named in err.value.message and err.value.status == 503
