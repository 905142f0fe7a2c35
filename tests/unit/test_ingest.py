"""Ingestion: the five documents' clause trees and repairs; `ingest` refusing broken input."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

import pytest

from policy_kb import cli_ingest
from policy_kb.ingest import (
    IngestError,
    meta_from_mapping,
    normalize_inline,
    parse_document,
    split_sentences,
)
from policy_kb.kb import load_knowledge_base
from policy_kb.model import KnowledgeBase

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "sample-policy.txt"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(extra_dir=Path("/nonexistent"))


def ids(kb: KnowledgeBase, doc_id: str) -> list[str]:
    return [c.clause_id for c in kb.document(doc_id).clauses]


# --- metadata ---------------------------------------------------------------------------------


def test_five_documents_with_printed_facts_only(kb: KnowledgeBase) -> None:
    assert sorted(kb.documents) == [
        "hongze-2021",
        "lianyungang-draft",
        "suqian-2021",
        "taierzhuang-2021",
        "yeji",
    ]
    hongze = kb.document("hongze-2021").meta
    assert hongze.title == "洪泽区产业工人队伍建设实施方案"
    assert hongze.wenhao == "洪办发〔2021〕10号"
    assert hongze.issued_on == date(2021, 2, 5)
    assert hongze.horizon_end == date(2025, 12, 31)
    assert hongze.regions == ("洪泽区",)
    yeji = kb.document("yeji").meta
    assert yeji.title == "关于推进技工强区建设的实施意见"
    assert yeji.wenhao is None and yeji.issued_on is None  # not printed: unknown, never invented
    assert yeji.citation() == "《关于推进技工强区建设的实施意见》"
    draft = kb.document("lianyungang-draft").meta
    assert draft.status == "draft" and draft.issuer is None and draft.issued_on is None
    assert "2024" in (draft.issued_note or "")
    assert kb.document("suqian-2021").meta.title.startswith("助力全市建设长三角先进制造业基地")


# --- clause trees -----------------------------------------------------------------------------


def test_hongze_ids_follow_the_numbering_not_the_markdown_levels(kb: KnowledgeBase) -> None:
    got = ids(kb, "hongze-2021")
    assert got[:4] == ["序言", "一", "二", "三"]
    for cid in ["三（一）1", "三（二）5", "三（三）1", "三（三）5", "四", "四（三）"]:
        assert cid in got
    c = kb.clause("hongze-2021", "三（三）1")
    assert c.heading == "实行急需紧缺高技能引进人才补贴政策"
    assert c.parent_id == "三（三）" and c.level == 3
    assert "分别给予15000元、10000元、5000元一次性补贴" in c.text
    assert kb.clause("hongze-2021", "四").level == 1  # `#### 四、` is still a top-level section


def test_yeji_plain_paragraphs_become_numbered_children(kb: KnowledgeBase) -> None:
    assert ids(kb, "yeji") == [
        "序言", "一", "二", "二-1", "二-2", "二-3", "三", "三-1", "三-2",
        "四", "四-1", "四-2", "四-3", "五", "六", "六-1", "六-2", "七", "七-1", "七-2",
        "八", "九", "十", "十-1", "十-2", "十-3", "十-4",
    ]  # fmt: skip
    doc = kb.document("yeji")
    para = doc.clause("三-2")
    assert para.number == "三" and para.parent_id == "三"
    assert "分别给予3000元、2000元、1000元一次性奖励" in para.text
    assert doc.clause("三").heading == "实施高技能人才培养工程"
    assert "技工“蓝卡”制度" in doc.clause("九").text  # single paragraph stays on the section


def test_half_width_parentheses_give_full_width_ids(kb: KnowledgeBase) -> None:
    got = ids(kb, "taierzhuang-2021")
    assert "三（二）4" in got and "三（四）12" in got and "四（五）" in got
    assert kb.clause("taierzhuang-2021", "三（三）7").heading == "加大摸底调研，建立高技能人才库"


def test_header_lines_are_not_clauses(kb: KnowledgeBase) -> None:
    for doc in kb.documents.values():
        for c in doc.clauses:
            assert "文号" not in c.text
            assert not re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", c.text)
            assert not c.text.endswith("文件")
    assert "人力资源和社会保障局：" not in kb.clause("suqian-2021", "序言").text


def test_subtree_text_gathers_descendants(kb: KnowledgeBase) -> None:
    text = kb.document("hongze-2021").subtree_text("三（三）")
    assert "15000元" in text and "5000元、3000元、2000元奖励" in text
    assert kb.document("yeji").subtree_text("十").endswith("以本意见为准。")


def test_parsing_twice_gives_the_same_ids() -> None:
    meta = meta_from_mapping("sample", {"title": "试点办法", "regions": ["洪泽"]})
    text = SAMPLE.read_text(encoding="utf-8")
    assert parse_document(text, meta).clauses == parse_document(text, meta).clauses


# --- repairs ----------------------------------------------------------------------------------


def test_no_clause_keeps_a_sentence_split_by_a_page_break(kb: KnowledgeBase) -> None:
    for c in kb.iter_clauses():
        for paragraph in filter(None, c.text.split("\n")):
            assert paragraph[-1] in "。；！？：”）)", (c.doc_id, c.clause_id, paragraph[-20:])
    everything = "\n".join(c.text for c in kb.iter_clauses())
    for joined in [
        "新型学徒制培训分别达3000人次",  # 培\n\n训
        "缴纳6个月以上社会保险",  # 以\n\n上
        "依托人力资源市场需求",  # 人力\n\n资源
        "重点产业发展需求",  # 需\n\n求
        "技能人才培训基地的企业",
        "面向区内外进行招聘",
    ]:
        assert joined in everything


def test_conversion_noise_is_removed(kb: KnowledgeBase) -> None:
    for c in kb.iter_clauses():
        blob = c.heading + c.text
        assert not re.search(r"\*\*|#|★|---|\[bookmark|OLE_LINK| and ", blob), c.clause_id
        assert not re.search(r"[\u4e00-\u9fff\d%] [\u4e00-\u9fff]|[\u4e00-\u9fff] \d", blob), (
            c.clause_id
        )
    assert "了解和掌握" in kb.clause("taierzhuang-2021", "三（三）7").text
    assert "每年组织开展5-8个职业技能竞赛" in kb.clause("hongze-2021", "三（二）5").text


def test_normalize_inline_examples() -> None:
    assert normalize_inline("给予 15000 元、1 年以上") == "给予15000元、1年以上"
    assert normalize_inline("开展 5-8 个") == "开展5-8个"
    assert normalize_inline("不低于 50% 的配套") == "不低于50%的配套"
    assert normalize_inline("[bookmark: OLE_LINK2]了解 and 掌握") == "了解和掌握"


def test_flattened_tables_become_readable_rows(kb: KnowledgeBase) -> None:
    suqian = kb.document("suqian-2021")
    assert suqian.clause("附件").heading.endswith("重点任务清单")
    rows = [c.text for c in suqian.children("附件")]
    assert len(rows) == 10
    # Each row keeps the column headers as printed (units in brackets), one cell per clause.
    assert rows[-1].startswith(
        "苏宿工业园区：企业推荐用工人数（人）55000；引进各类人才数（人）3000；"
    )
    assert "；就业见习人数（人）1500；职业技能培训人数17800；" in rows[1]  # wrapped header joined
    assert rows[1].endswith("培育和谐劳动关系企业数（个）12。")
    form = kb.document("taierzhuang-2021")
    assert form.clause("附件").heading == "企业技能人才现状及需求情况调查表"
    fields = form.subtree_text("附件")
    # punctuation as the form prints it (half-width there)
    assert "企业名称 (盖章)" in fields and "18-30岁" in fields and "\t" not in fields
    assert "填表说明: 1、本表涉及的技能人才" in fields


def test_split_sentences_keeps_marks() -> None:
    assert split_sentences("甲，乙。丙；丁") == ["甲，乙。", "丙；", "丁"]


# --- the ingest command -----------------------------------------------------------------------


def run_ingest(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cli_ingest.add_arguments(parser)
    return cli_ingest.run(parser.parse_args(argv))


def base_args(path: Path, dest: Path, doc_id: str = "hongze-peixunquan") -> list[str]:
    return [str(path), "--doc-id", doc_id, "--title", "洪泽区技能培训券试点办法",
            "--region", "洪泽", "--dest", str(dest)]  # fmt: skip


def test_ingest_writes_text_and_sidecar_then_loads(tmp_path: Path) -> None:
    dest = tmp_path / "policies"
    assert run_ingest([*base_args(SAMPLE, dest), "--issued", "2099-01-01"]) == 0
    assert (dest / "hongze-peixunquan.txt").read_bytes() == SAMPLE.read_bytes()
    kb = load_knowledge_base(extra_dir=dest)
    doc = kb.document("hongze-peixunquan")
    assert doc.meta.regions == ("洪泽区",) and doc.meta.issued_on == date(2099, 1, 1)
    assert doc.meta.wenhao is None
    assert [c.clause_id for c in doc.clauses][:4] == ["序言", "一", "二", "二（一）"]
    assert "每人每年限领一张。" in doc.clause("二（二）").text  # page break repaired
    assert doc.clause("附件-1").text == "全区：发放张数（张）500；资金（万元）60。"


def test_ingest_meta_yaml(tmp_path: Path) -> None:
    meta = tmp_path / "m.yaml"
    meta.write_text("title: 试点办法\nregions: [叶集]\nstatus: draft\n", encoding="utf-8")
    dest = tmp_path / "kb"
    assert run_ingest([str(SAMPLE), "--doc-id", "yeji-x", "--meta", str(meta),
                       "--dest", str(dest)]) == 0  # fmt: skip
    assert load_knowledge_base(extra_dir=dest).document("yeji-x").meta.status == "draft"


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (b"", [], "empty file"),
        (b"  \n\n", [], "empty file"),
        ((DATA / "gbk-policy.txt").read_bytes(), [], "iconv -f GBK -t UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", [], "binary"),
        ("只有一段话，没有编号。".encode(), [], "no recognisable clauses"),
        (SAMPLE.read_bytes(), ["--region", "北京"], "unknown region"),
        (SAMPLE.read_bytes(), ["--issued", "2021/02/05"], "YYYY-MM-DD"),
    ],
)
def test_broken_input_exits_2_and_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    extra: list[str],
    message: str,
) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(content)
    dest = tmp_path / "out"
    argv = base_args(src, dest)
    if extra[:1] == ["--region"]:
        argv[argv.index("--region") + 1] = extra[1]
    else:
        argv += extra
    assert run_ingest(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not dest.exists() or not any(dest.iterdir())


def test_gbk_is_named_as_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_ingest(base_args(DATA / "gbk-policy.txt", tmp_path)) == 2
    assert "not UTF-8" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_duplicate_doc_id_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_ingest(base_args(SAMPLE, tmp_path, doc_id="yeji")) == 2
    assert "already exists" in capsys.readouterr().err
    assert run_ingest(base_args(SAMPLE, tmp_path, doc_id="fresh")) == 0
    before = sorted(p.name for p in tmp_path.iterdir())
    assert run_ingest(base_args(SAMPLE, tmp_path, doc_id="fresh")) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_meta_validation_errors_name_the_field() -> None:
    with pytest.raises(IngestError, match="title"):
        meta_from_mapping("x", {"regions": ["叶集"]})
    with pytest.raises(IngestError, match="status"):
        meta_from_mapping("x", {"title": "t", "regions": ["叶集"], "status": "old"})
    with pytest.raises(IngestError, match="doc_id"):
        meta_from_mapping("Bad Id", {"title": "t", "regions": ["叶集"]})


# --- loading ----------------------------------------------------------------------------------


def test_bundled_corpus_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICY_KB_DIR", raising=False)
    first = load_knowledge_base()
    second = load_knowledge_base()
    assert first is not second  # callers may add documents to their own KnowledgeBase
    assert first.document("yeji") is second.document("yeji")  # but parsing happened once


def test_policy_kb_dir_adds_ingested_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_ingest(base_args(SAMPLE, tmp_path, doc_id="env-doc")) == 0
    monkeypatch.setenv("POLICY_KB_DIR", str(tmp_path))
    assert "env-doc" in load_knowledge_base().documents
    monkeypatch.setenv("POLICY_KB_DIR", str(tmp_path / "missing"))
    assert "env-doc" not in load_knowledge_base().documents  # a missing directory is empty


def test_punctuation_is_kept_as_the_document_prints_it(kb: KnowledgeBase) -> None:
    """An answer quotes the document: its half-width (单位: 人, 元) is not rewritten, its
    full-width （单位：人，元） neither; clause numbers are still our full-width labels."""
    form = kb.document("taierzhuang-2021").subtree_text("附件")
    assert "(单位: 人, 元)" in form and "（单位：人，元）" not in form
    assert "（一）" in {c.number[-3:] for c in kb.document("taierzhuang-2021").clauses}
    assert normalize_inline("单位（人）：3，元") == "单位（人）：3，元"
    assert normalize_inline("(单位: 人, 元)") == "(单位: 人, 元)"
