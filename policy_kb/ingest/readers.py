"""Uploaded files (.docx, .pdf, .txt) -> the plain text ``parse_document`` takes.

Policy staff receive documents as Word or PDF files. ``read_upload`` tells the kind from the
bytes (not the file name), refuses what cannot be read with a Chinese sentence staff can act
on (``UploadError.code`` names the case in English for APIs), and writes the text the way the
converted corpus files look: one paragraph a line; a table as one cell a line (after a
tab) with a blank line between rows (``policy_kb.ingest.tables`` reads that back into rows).

- .docx (python-docx): paragraphs and tables in reading order; Word's automatic numbering
  (``w:numPr``), which is not part of a paragraph's text, is written out the way the document
  shows it to readers of Chinese policy (level 1 ``一、``, 2 ``（一）``, 3 ``1.``, 4 ``（1）``).
- .pdf (pdfplumber): text lines of each page; a line that runs to the right margin continues
  in the next line (the PDF wrapped a paragraph), page numbers (``- 3 -``) are dropped. A PDF
  with no text layer (a scan) or with a password is refused.
- .txt: UTF-8, or GB18030 (GBK) as Notepad on Chinese Windows saves it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from policy_kb.ingest.errors import IngestError
from policy_kb.ingest.normalising import decode_policy_bytes

__all__ = ["MAX_UPLOAD_BYTES", "FileKind", "UploadError", "UploadText", "read_upload"]

#: Largest file accepted (bytes): a policy document with its attachments is well under this.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: Fewer readable characters than this in a whole PDF means a scan without a text layer.
MIN_TEXT_CHARS = 20

FileKind = Literal["docx", "pdf", "txt"]


class UploadError(IngestError):
    """An uploaded file that cannot be read. ``str(err)`` is a Chinese sentence for staff;
    ``code``: ``empty`` | ``too_large`` | ``wrong_type`` | ``encrypted`` | ``scanned`` |
    ``corrupt``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class UploadText:
    """What a file held: ``kind`` (docx, pdf, txt), ``text`` (paragraphs one a line) and
    ``tables`` (how many tables a .docx held; PDF tables arrive as text lines)."""

    kind: FileKind
    text: str
    tables: int = 0


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls and password-protected Office files
_LEVEL_FORMATS = ("{cn}、", "（{cn}）", "{n}.", "（{n}）")


def read_upload(data: bytes, filename: str = "", max_bytes: int = MAX_UPLOAD_BYTES) -> UploadText:
    """The text of an uploaded policy document (see the module docstring).

    ``data``: the file's bytes; ``filename``: as uploaded, only for messages and to accept a
    .txt; ``max_bytes``: the size limit. Raises UploadError (empty, too large, a type other
    than .docx/.pdf/.txt, an encrypted or scanned PDF, a damaged file).
    """
    name = filename.strip() or "文件"
    if not data:
        raise UploadError("empty", f"{name} 是空文件，没有内容可以读取。")
    if len(data) > max_bytes:
        raise UploadError(
            "too_large",
            f"{name} 有 {len(data) / 1048576:.1f} MB，超过上限 {max_bytes // 1048576} MB；"
            "请去掉扫描图片或拆分附件后再上传。",
        )
    if data.startswith(b"%PDF-"):
        return _read_pdf(data, name)
    if data.startswith(b"PK\x03\x04"):
        return _read_docx(data, name)
    if data.startswith(_OLE):
        raise UploadError(
            "wrong_type",
            f"{name} 是旧版 Word（.doc）或设置了密码的 Office 文件；"
            "请去掉密码并另存为 .docx 后再上传。",
        )
    if filename.lower().endswith(".txt") or _looks_like_text(data):
        try:
            text = decode_policy_bytes(data, name)
        except IngestError:
            try:  # Notepad on Chinese Windows saves GBK (GB18030 is its superset)
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise UploadError(
                    "wrong_type", f"{name} 不是可读的文本文件；请上传 .docx、.pdf 或 .txt。"
                ) from None
        if not text.strip():
            raise UploadError("empty", f"{name} 没有文字内容。")
        return UploadText("txt", text)
    raise UploadError(
        "wrong_type",
        f"{name} 不是 Word（.docx）、PDF 或文本文件，无法读取；请上传 .docx、.pdf 或 .txt。",
    )


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    return b"\x00" not in head and not any(b < 9 for b in head)


# ---------------------------------------------------------------------------------- docx


def _read_docx(data: bytes, name: str) -> UploadText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise UploadError(
                    "wrong_type",
                    f"{name} 是压缩包或其他 Office 文件，不是 Word 文档；请上传 .docx、.pdf 或 .txt。",
                )
        document = docx.Document(io.BytesIO(data))
    except UploadError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise UploadError("corrupt", f"{name} 已损坏，无法打开；请重新导出后再上传。") from exc
    lines: list[str] = []
    tables = 0
    numbering = _Numbering()
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            tables += 1
            lines.extend(["", *_table_lines(block), ""])
            continue
        text = block.text.strip()
        label = numbering.label(block)
        if not text:
            lines.append("")
            continue
        lines.append(label + text if label and not _starts_numbered(text) else text)
    text = "\n".join(lines).strip()
    if not text:
        raise UploadError("empty", f"{name} 里没有文字。")
    return UploadText("docx", text + "\n", tables)


def _table_lines(table: Any) -> Iterator[str]:
    """One cell a line (after a tab), a blank line between rows; a merged cell is written
    once."""
    for r, row in enumerate(table.rows):
        if r:
            yield ""
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            # A tab starts each cell, as in the converted corpus (``ingest.tables``).
            yield "\t" + " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])"
)


def _starts_numbered(text: str) -> bool:
    return bool(_NUMBERED.match(text))


class _Numbering:
    """Counters of Word's automatic list numbering, per list and level."""

    def __init__(self) -> None:
        self._counts: dict[str, list[int]] = {}

    def label(self, paragraph: Any) -> str:
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        if num_id == "0":
            return ""  # numbering switched off for this paragraph
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        level = min(level, len(_LEVEL_FORMATS) - 1)
        counts = self._counts.setdefault(num_id, [0] * len(_LEVEL_FORMATS))
        counts[level] += 1
        for deeper in range(level + 1, len(counts)):
            counts[deeper] = 0
        n = counts[level]
        return _LEVEL_FORMATS[level].format(n=n, cn=_chinese_number(n))


_CN = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1..99 in Chinese numerals as policy numbering writes them (十一, 二十)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


# ----------------------------------------------------------------------------------- pdf

_PAGE_NUMBER = re.compile(r"^[-—－–\s]*\d{1,3}[-—－–\s]*$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$")
_TERMINAL = "。；：！？;:!?）)"


def _read_pdf(data: bytes, name: str) -> UploadText:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_lines(page) for page in pdf.pages]
    except Exception as exc:  # pdfplumber wraps pdfminer's many kinds (PdfminerException)
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
            raise UploadError(
                "encrypted", f"{name} 设置了打开密码，无法读取；请去掉密码后再上传。"
            ) from exc
        raise UploadError("corrupt", f"{name} 已损坏，无法打开；请重新导出后再上传。") from exc
    text = "\n\n".join("\n".join(p) for p in pages if p).strip()
    if sum(1 for ch in text if not ch.isspace()) < MIN_TEXT_CHARS:
        raise UploadError(
            "scanned",
            f"{name} 没有可提取的文字（可能是扫描件或图片）；请上传带文字的 PDF 或 Word 原文件。",
        )
    return UploadText("pdf", text + "\n")


def _page_lines(page: Any) -> list[str]:
    """The page's paragraphs: wrapped lines joined, page numbers left out."""
    lines = [ln for ln in page.extract_text_lines() if ln["text"].strip()]
    if not lines:
        return []
    right = max(float(ln["x1"]) for ln in lines)
    left = min(float(ln["x0"]) for ln in lines)
    out: list[str] = []
    carry = ""
    for ln in lines:
        text = ln["text"].strip()
        if _PAGE_NUMBER.match(text):
            continue
        chars = ln.get("chars") or []
        width = (float(ln["x1"]) - float(ln["x0"])) / max(len(chars), 1)
        # A wrapped line runs to the right margin; a short centred title does not.
        long = float(ln["x1"]) - float(ln["x0"]) >= 0.8 * (right - left)
        full = long and float(ln["x1"]) >= right - 1.5 * width
        joined = carry + text
        if full and not text.endswith(tuple(_TERMINAL)):
            carry = joined
            continue
        out.append(joined)
        carry = ""
    if carry:
        out.append(carry)
    return out
