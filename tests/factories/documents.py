"""Small policy documents made in the test: a .docx (python-docx) and PDFs (reportlab, with
the Adobe-Japan/GB CID font STSong-Light, so no font file is needed); the fixture
``bundled_registry`` (registered for every test by the root conftest's ``pytest_plugins``)
for tests that publish documents."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from policy_kb.eligibility.catalogue import use_lifecycle
from policy_kb.regions import use_regions


@pytest.fixture
def bundled_registry() -> Iterator[None]:
    """Published districts and lifecycles are process-wide: back to the bundled ones after
    the test (``pytestmark = pytest.mark.usefixtures("bundled_registry")`` in a module whose
    tests publish documents)."""
    yield
    use_regions(())
    use_lifecycle({})


#: A new district's policy (盱眙县 has no bundled document): printed header, numbered clauses,
#: signature, date, and an attachment table.
XUYI_LINES = (
    "盱眙县人力资源和社会保障局",
    "盱人社发〔2026〕8号",
    "关于印发盱眙县技能人才引进补贴办法的通知",
    "各镇人民政府，县各有关部门：",
    "为加快盱眙县技能人才队伍建设，到2028年引进技能人才3000人，制定本办法。",
    "补贴对象",  # level 1 by Word numbering (一、)
    "在盱眙县企业就业、新引进的技能人才。",
    "补贴标准",  # level 1 (二、)
    "新引进的技师，每人给予一次性安家补贴12000元。",  # level 2 (（一）)
    "新引进的高级工，每人给予一次性安家补贴6000元。",  # level 2 (（二）)
    "盱眙县人力资源和社会保障局",
    "2026年3月2日",
)
#: Which lines carry Word's automatic numbering, and at which level (0 = 一、, 1 = （一）).
XUYI_NUMBERED = {5: 0, 7: 0, 8: 1, 9: 1}


def _numbered(paragraph, level: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "7")
    num_pr.append(ilvl)
    num_pr.append(num_id)
    ppr.append(num_pr)


def xuyi_docx(lines: tuple[str, ...] = XUYI_LINES, with_table: bool = True) -> bytes:
    """The 盱眙 policy as Word saves it: numbering of clauses by Word's list numbering, an
    attachment with a table."""
    import docx

    document = docx.Document()
    for i, text in enumerate(lines):
        paragraph = document.add_paragraph(text)
        if i in XUYI_NUMBERED:
            _numbered(paragraph, XUYI_NUMBERED[i])
    if with_table:
        document.add_paragraph("附件")
        document.add_paragraph("盱眙县技能人才引进补贴标准表")
        table = document.add_table(rows=3, cols=2)
        for r, row in enumerate(
            (("技能等级", "补贴（元）"), ("技师", "12000"), ("高级工", "6000"))
        ):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(
    lines: list[str] | None = None, *, password: str | None = None, scanned: bool = False
) -> bytes:
    """A one-page PDF of ``lines`` (a text layer), or with only a drawn picture (``scanned``),
    optionally with an open password."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=password)
    if scanned:
        pdf.rect(50, 400, 400, 300, fill=1)  # a scanned page: ink, no text layer
    else:
        pdf.setFont("STSong-Light", 12)
        y = 800
        for line in lines or []:
            pdf.drawString(50, y, line)
            y -= 18
        pdf.setFont("Helvetica", 10)
        pdf.drawString(290, 40, "- 1 -")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
