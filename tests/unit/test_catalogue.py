"""The rules catalogue cannot drift from the text: a wrong quote, an amount not in its quote,
an unknown field or a document header that disagrees with the knowledge base fails to load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from policy_kb.eligibility import CatalogueError, default_catalogue, load_catalogue
from policy_kb.eligibility.catalogue import numbers_in, percents_in
from policy_kb.kb import load_knowledge_base
from policy_kb.model import KnowledgeBase

# The contract condition of hongze-intro-subsidy (the first with this text in the file).
CONTRACT_AT_LEAST = "{field: contract_years, at_least: 1}"
RULES_DIR = Path(__file__).resolve().parents[2] / "policy_kb" / "rules"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(extra_dir=Path("/nonexistent"))


def copy_rules(tmp_path: Path) -> Path:
    dest = tmp_path / "rules"
    shutil.copytree(RULES_DIR, dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bundled_catalogue_loads(kb: KnowledgeBase) -> None:
    cat = load_catalogue(RULES_DIR, kb)
    assert {d for d in cat.documents} == {
        "hongze-2021",
        "taierzhuang-2021",
        "suqian-2021",
        "lianyungang-draft",
        "yeji",
    }
    ids = [r.id for r in cat.rules]
    assert len(ids) == len(set(ids))
    assert all(r.proposed for r in cat.rules if r.doc.doc_id == "lianyungang-draft")
    assert cat.groups["yeji-honour-award"].rule_ids == ("yeji-honour-award",)
    assert default_catalogue() is default_catalogue()


def test_every_quote_is_in_its_clause_and_every_amount_in_its_quote(kb: KnowledgeBase) -> None:
    for rule in default_catalogue().rules:
        text = "".join(kb.document(rule.doc.doc_id).subtree_text(rule.clause).split())
        assert "".join(rule.quote.split()) in text, rule.id
        for v in rule.amount.yuan_values():
            assert v in numbers_in(rule.quote), rule.id


def test_wrong_quote_fails_naming_rule_and_file(tmp_path: Path, kb: KnowledgeBase) -> None:
    rules = copy_rules(tmp_path)
    edit(
        rules / "hongze-2021.yaml",
        "缴纳6个月以上社会保险的，分别给予15000元",
        "缴纳3个月以上社会保险的，分别给予15000元",
    )
    with pytest.raises(CatalogueError) as info:
        load_catalogue(rules, kb)
    msg = str(info.value)
    assert "hongze-intro-subsidy" in msg and "hongze-2021.yaml" in msg and "quote" in msg


def test_quote_in_another_clause_fails(tmp_path: Path, kb: KnowledgeBase) -> None:
    rules = copy_rules(tmp_path)
    edit(rules / "hongze-2021.yaml", "clause: 三（三）1", "clause: 三（三）2")
    with pytest.raises(CatalogueError, match="hongze-intro-subsidy"):
        load_catalogue(rules, kb)


def test_unknown_clause_fails(tmp_path: Path, kb: KnowledgeBase) -> None:
    rules = copy_rules(tmp_path)
    edit(rules / "hongze-2021.yaml", "clause: 三（三）1", "clause: 三（九）1")
    with pytest.raises(CatalogueError, match="not found"):
        load_catalogue(rules, kb)


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        (
            "table: {高级技师: 15000, 技师: 10000, 高级工: 5000}",
            "table: {高级技师: 16000, 技师: 10000, 高级工: 5000}",
            "16000",
        ),
        (
            "amount: {per: once, noun: 就业服务补助, yuan: 500,",
            "amount: {per: once, noun: 就业服务补助, yuan: 600,",
            "600",
        ),
        (
            "amount: {per: once, noun: 补贴支持, max: 300000}",
            "amount: {per: once, noun: 补贴支持, max: 30000}",
            "30000",
        ),
        ("rate: 0.5\n      rate_at_least: true", "rate: 0.6\n      rate_at_least: true", "rate"),
        ("min_years: 3", "min_years: 4", "duration"),
    ],
)
def test_amount_not_in_quote_fails(
    tmp_path: Path, kb: KnowledgeBase, old: str, new: str, what: str
) -> None:
    rules = copy_rules(tmp_path)
    edit(rules / "hongze-2021.yaml", old, new)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(rules, kb)
    assert what in str(info.value) and "hongze-2021.yaml" in str(info.value)


def test_wan_amounts_are_read(tmp_path: Path, kb: KnowledgeBase) -> None:
    rules = copy_rules(tmp_path)
    edit(rules / "yeji.yaml", "江淮杰出工匠: 80000", "江淮杰出工匠: 8000")
    with pytest.raises(CatalogueError, match=r"yeji-honour-award.*8000"):
        load_catalogue(rules, kb)


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (
            "{field: key_industry, is: true,",
            "{field: key_sector, is: true,",
            "unknown profile field 'key_sector'",
        ),
        (CONTRACT_AT_LEAST, CONTRACT_AT_LEAST.replace("at_least: 1", "is: true"), "operator 'is'"),
        ("{field: skill_level, at_least: 高级工}", "{field: skill_level, at_least: 大师}", "大师"),
        ("group: hongze-recruitment-once", "group: nowhere", "unknown exclusivity group"),
        ("beneficiary: employer", "beneficiary: company", "beneficiary"),
        (
            "citation: 洪办发〔2021〕10号",
            "citation: 洪办发〔2021〕11号",
            "disagrees with the knowledge base",
        ),
        ("issued_on: 2021-02-05", "issued_on: 2021-02-06", "disagrees with the knowledge base"),
        ("  - id: hongze-level-award", "  - id: hongze-intro-subsidy", "duplicate rule id"),
        (
            "    clause: 三（三）4\n    quote: 对区内企业",
            "    clauze: 三（三）4\n    quote: 对区内企业",
            "unknown key",
        ),
    ],
)
def test_bad_rules_fail_to_load(
    tmp_path: Path, kb: KnowledgeBase, old: str, new: str, match: str
) -> None:
    rules = copy_rules(tmp_path)
    edit(rules / "hongze-2021.yaml", old, new)
    with pytest.raises(CatalogueError, match=match):
        load_catalogue(rules, kb)


def test_exclusivity_quote_is_checked(tmp_path: Path, kb: KnowledgeBase) -> None:
    rules = copy_rules(tmp_path)
    edit(
        rules / "yeji.yaml",
        "quote: 符合多重条件的，按上限资助，不重复享受。",
        "quote: 符合多重条件的，累计资助。",
    )
    with pytest.raises(CatalogueError, match="yeji-honour-award"):
        load_catalogue(rules, kb)


def test_honours_table_needs_a_group(tmp_path: Path, kb: KnowledgeBase) -> None:
    rules = copy_rules(tmp_path)
    edit(rules / "yeji.yaml", "    group: yeji-honour-award\n", "")
    with pytest.raises(CatalogueError, match="needs an exclusivity group"):
        load_catalogue(rules, kb)


def test_not_yaml_fails(tmp_path: Path, kb: KnowledgeBase) -> None:
    rules = copy_rules(tmp_path)
    (rules / "suqian-2021.yaml").write_text("rules: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"suqian-2021\.yaml"):
        load_catalogue(rules, kb)


def test_document_not_in_kb_fails(tmp_path: Path, kb: KnowledgeBase) -> None:
    rules = copy_rules(tmp_path)
    data = yaml.safe_load((rules / "suqian-2021.yaml").read_text(encoding="utf-8"))
    data["document"]["doc_id"] = "gulou-2030"
    (rules / "gulou-2030.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(CatalogueError, match="not in the knowledge base"):
        load_catalogue(rules, kb)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("分别给予15000 元、10000 元、5000 元一次性补贴", 10000),
        ("分别给予15万元、10万元、8万元奖励", 80000),
        ("给予5-10万元赛事补助", 50000),
        ("给予5-10万元赛事补助", 100000),
        ("每班每年1万元补助", 10000),
        ("给予一万元奖励", 10000),
        ("发放五千元", 5000),
        ("给予培训基地2000-5000元/人的培训补贴", 2000),
        ("补助期限最长不超过3年", 3),
    ],
)
def test_numbers_in(text: str, value: float) -> None:
    assert value in numbers_in(text)


def test_percents_in() -> None:
    assert percents_in("工资薪金总额（税后）的20%给予") == {0.2}
    assert 0.5 in percents_in("给予不低于50％的配套补助")
    assert 0.6 in percents_in("按百分之六十给予")
