"""The documents' targets as data (policy_kb/data/targets.yaml) hold what the documents print:
every quote is in its clause, every figure is in its quote, the 宿迁 table has all 60 cells,
and the draft's targets are marked as drafts."""

from __future__ import annotations

import re
from collections import Counter

import cn2an
import pytest
from factories.targets import SUQIAN_AREAS

from policy_kb.kb import load_knowledge_base
from policy_kb.targets import (
    Bound,
    Counted,
    TargetsDataError,
    get_target,
    load_targets,
    parse_targets,
    progress,
    targets_for,
)


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def _numbers(text: str) -> set[float]:
    """Every figure written in ``text``: 20000, 1万 (→ 10000), 5万 (→ 50000), 33%."""
    out: set[float] = set()
    for match in re.finditer(r"(\d+(?:\.\d+)?)(万)?", text):
        value = float(match.group(1)) * (10000 if match.group(2) else 1)
        out.add(value)
    for match in re.finditer(r"[一二三四五六七八九十百千万]+", text):
        try:
            out.add(float(cn2an.cn2an(match.group(0), "smart")))
        except ValueError:
            continue
    return out


def test_every_quote_is_printed_in_its_clause_and_holds_the_figure(kb):
    for target in load_targets():
        doc = kb.documents[target.doc_id]
        clause = next((c for c in doc.clauses if c.clause_id == target.clause), None)
        assert clause is not None, f"{target.target_id}: no clause {target.clause}"
        assert target.quote in clause.text, f"{target.target_id}: quote not in {target.clause}"
        if target.value is not None:
            assert target.value in _numbers(target.quote), target.target_id
        assert target.area in clause.text or target.area == target.district or target.area == "全市"


def test_the_suqian_table_has_all_sixty_cells_as_printed(kb):
    suqian = [
        t for t in targets_for("宿迁") if t.doc_id == "suqian-2021" and t.clause.startswith("附件")
    ]
    assert len(suqian) == 60
    assert Counter(t.area for t in suqian) == dict.fromkeys(SUQIAN_AREAS, 6)
    assert len({t.indicator for t in suqian}) == 6
    cell = get_target("suqian-shuyang-talent")
    assert (cell.area, cell.indicator, cell.value, cell.unit) == (
        "沭阳县",
        "引进各类人才数",
        10980,
        "人",
    )
    assert cell.period == "2021—2023年" and cell.end.isoformat() == "2023-12-31"
    # the city's row is the one the plan's 二 prints (推荐用工 20万, 人才 6万, 见习 9000 …)
    city = {t.indicator: t.value for t in suqian if t.area == "全市"}
    assert city["企业推荐用工人数"] == 200000 and city["培育和谐劳动关系企业数"] == 90


def test_each_documents_targets_are_there():
    by_doc = Counter(t.doc_id for t in load_targets())
    assert by_doc["hongze-2021"] == 8  # four indicators, to 2025 and for 2021
    assert by_doc["taierzhuang-2021"] == 9
    assert by_doc["yeji"] == 5
    assert by_doc["lianyungang-draft"] == 7
    hongze = get_target("hongze-high-skill-2025")
    assert (hongze.value, hongze.unit, hongze.bound, hongze.counted) == (
        4000,
        "人",
        Bound.AT_LEAST,
        Counted.CARDS_HIGH_SKILL,
    )
    assert get_target("yeji-skilled-total-2021").value == 10000  # 1万人


def test_only_the_draft_targets_are_marked_as_drafts():
    drafts = {t.doc_id for t in load_targets() if t.draft}
    assert drafts == {"lianyungang-draft"}
    assert all(t.draft for t in targets_for("连云港市"))
    vision = get_target("lianyungang-2035")
    assert vision.bound is Bound.QUALITATIVE and vision.value is None and vision.year == 2035


def test_progress_is_actual_over_target():
    target = get_target("taierzhuang-high-skill-2021")
    assert progress(target, 50) == 0.25
    assert progress(target, None) is None
    assert progress(get_target("lianyungang-2035"), 5) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("targets: {}", "list under 'targets'"),
        (
            "targets:\n  - {id: a, doc_id: d, clause: 二, district: 火星, area: x, indicator: i, period: p, end: 2021-12-31, quote: q, value: 1}",
            "unknown district",
        ),
        (
            "targets:\n  - {id: a, doc_id: d, clause: 二, district: 叶集, area: x, indicator: i, period: p, end: 2021-12-31, quote: q, bound: qualitative, value: 3}",
            "a figure is required unless qualitative",
        ),
        (
            "targets:\n  - {id: a, doc_id: d, clause: 二, district: 叶集, area: x, indicator: i, period: p, end: 2021-12-31, quote: q, value: 1}\n"
            "  - {id: a, doc_id: d, clause: 二, district: 叶集, area: x, indicator: i, period: p, end: 2021-12-31, quote: q, value: 1}",
            "duplicate id",
        ),
    ],
)
def test_a_malformed_data_file_is_refused_naming_the_problem(text, message):
    with pytest.raises(TargetsDataError, match=message):
        parse_targets(text)
