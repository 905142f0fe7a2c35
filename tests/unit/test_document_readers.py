"""Reading uploaded policy documents (.docx, .pdf, .txt) into the text ingestion takes, and
the metadata they print; files that cannot be read are refused with a Chinese sentence."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from factories.documents import pdf_bytes, xuyi_docx

from policy_kb import docinfo
from policy_kb.ingest import meta_from_mapping, parse_document
from policy_kb.ingest.detect import detect_metadata, parse_chinese_date
from policy_kb.ingest.readers import UploadError, read_upload
from policy_kb.model import DocumentMeta
from policy_kb.places import region_for_place


def test_docx_numbering_and_table_become_the_clause_tree():
    read = read_upload(xuyi_docx(), "盱眙办法.docx")
    assert read.kind == "docx" and read.tables == 1
    # Word's automatic numbering is not in the paragraph text: it is written out.
    assert "一、补贴对象" in read.text and "（二）新引进的高级工" in read.text
    meta = meta_from_mapping("xuyi", detect_metadata(read.text))
    doc = parse_document(read.text, meta)
    by_id = {c.clause_id: c for c in doc.clauses}
    assert by_id["二（一）"].text == "新引进的技师，每人给予一次性安家补贴12000元。"
    assert by_id["二（一）"].parent_id == "二"
    # The attachment table reads back as rows with their column headers.
    assert by_id["附件-1"].text == "技师：补贴（元）12000。"
    assert doc.front_matter[1] == "盱人社发〔2026〕8号"


def test_detected_metadata_of_a_new_district():
    read = read_upload(xuyi_docx(), "x.docx")
    meta = detect_metadata(read.text)
    assert meta["wenhao"] == "盱人社发〔2026〕8号"
    assert meta["issuer"] == "盱眙县人力资源和社会保障局"
    assert meta["issued_on"] == date(2026, 3, 2)
    assert meta["regions"] == ["盱眙县"]
    assert meta["status"] == "in_force"
    assert (meta["horizon"], meta["horizon_end"]) == ("至2028年", date(2028, 12, 31))
    assert "盱眙县技能人才引进补贴办法" in meta["title"]


def test_unprinted_facts_stay_unknown_and_a_draft_is_a_draft():
    text = "连云港市技能人才发展规划（征求意见稿）\n一、总体要求\n坚持人才引领。\n"
    meta = detect_metadata(text)
    assert meta["wenhao"] is None and meta["issued_on"] is None and meta["issuer"] is None
    assert meta["status"] == "draft"
    assert meta["regions"] == ["连云港市"]


def test_chinese_numeral_dates():
    assert parse_chinese_date("二〇二一年二月五日") == date(2021, 2, 5)
    assert parse_chinese_date("2021年12月31日") == date(2021, 12, 31)
    assert parse_chinese_date("二〇二一年十三月五日") is None


def test_pdf_wrapped_lines_join_and_page_numbers_go():
    sentence = "对在本县企业连续工作满三年的高技能人才，由县财政给予每人每年不超过五千元的岗位津贴，按年度申报。"
    lines = ["盱眙县技能人才办法", "一、岗位津贴", sentence[:38], sentence[38:], "二、附则"]
    read = read_upload(pdf_bytes(lines), "办法.pdf")
    assert read.kind == "pdf"
    assert sentence in read.text.split("\n")
    assert "- 1 -" not in read.text
    doc = parse_document(
        read.text, meta_from_mapping("p", {"title": "办法", "regions": ["盱眙县"]})
    )
    assert doc.clause("一").text == sentence


@pytest.mark.parametrize(
    ("data", "name", "code", "words"),
    [
        (b"", "空.docx", "empty", "空文件"),
        (pdf_bytes(scanned=True), "扫描.pdf", "scanned", "扫描件"),
        (pdf_bytes(["一、总则"], password="secret"), "加密.pdf", "encrypted", "密码"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "图.png", "wrong_type", ".docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "旧.doc", "wrong_type", "另存为 .docx"),
        (b"%PDF-1.4 garbage", "坏.pdf", "corrupt", "损坏"),
    ],
)
def test_unreadable_files_are_refused_with_a_chinese_reason(data, name, code, words):
    with pytest.raises(UploadError) as err:
        read_upload(data, name)
    assert err.value.code == code
    assert words in str(err.value) and name in str(err.value)


def test_a_zip_that_is_not_word_and_a_file_over_the_limit():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b")
    with pytest.raises(UploadError) as err:
        read_upload(buffer.getvalue(), "表.zip")
    assert err.value.code == "wrong_type"
    with pytest.raises(UploadError) as err:
        read_upload(xuyi_docx(), "大.docx", max_bytes=1024)
    assert err.value.code == "too_large" and "MB" in str(err.value)


def test_gbk_text_file():
    text = "叶集区技能人才政策\n一、对象\n新引进技师。\n"
    read = read_upload(text.encode("gb18030"), "政策.txt")
    assert read.kind == "txt" and "新引进技师" in read.text


def test_region_of_a_place_without_a_bundled_document():
    region = region_for_place("淮安市盱眙县")
    assert region is not None
    assert (region.name, region.city, region.code) == ("盱眙县", "淮安市", "320830")
    assert "盱眙" in region.aliases
    assert region_for_place("鼓楼区") is None  # several cities have one
    assert region_for_place("不存在县") is None


def _meta(**kw):
    base = dict(
        doc_id="d",
        title="办法",
        issuer=None,
        wenhao="盱人社发〔2026〕8号",
        issued_on=date(2026, 3, 2),
        issued_note=None,
        regions=("盱眙县",),
        status="in_force",
        horizon=None,
        horizon_end=None,
    )
    base.update(kw)
    return DocumentMeta(**base)


def test_standing_follows_the_published_lifecycle():
    soon = _meta(in_force_from=date(2026, 12, 1))
    assert docinfo.standing(soon, date(2026, 11, 30)) == "not_yet"
    assert docinfo.standing(soon, date(2026, 12, 1)) == "in_force"
    assert "2026-12-01" in docinfo.warnings(soon, date(2026, 11, 30))[0]
    old = _meta(ended_on=date(2026, 6, 1), ended_how="superseded", successor="盱人社发〔2026〕9号")
    assert docinfo.standing(old, date(2026, 5, 31)) == "in_force"
    assert docinfo.standing(old, date(2026, 6, 1)) == "superseded"
    (warning,) = docinfo.warnings(old, date(2026, 6, 1))
    assert "盱人社发〔2026〕9号" in warning and "2026-06-01" in warning
    gone = _meta(ended_on=date(2026, 6, 1), ended_how="expired", horizon_end=date(2025, 12, 31))
    assert docinfo.warnings(gone, date(2026, 7, 1)) == [
        "⚠️ 该文件已于2026-06-01失效，不再作为申领依据。"
    ]
