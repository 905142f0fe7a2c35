"""The enterprise survey form (台儿庄 附件1) as data: what passes, what is named as wrong, and
the 统计汇总 and workbook made from submitted forms."""

from __future__ import annotations

import io
from datetime import date

import pytest
from factories.surveys import level, survey_data, taierzhuang_credit_code
from openpyxl import load_workbook
from PIL import Image

from bluecard.surveys import export
from bluecard.surveys.form import (
    LEVELS,
    EnterpriseSize,
    EnterpriseType,
    check_survey,
    form_fields_to_data,
)
from bluecard.surveys.seal import MAX_SIDE, SealError, reencode_seal
from bluecard.surveys.summary import summarise


def _fields(problems):
    return {p.field for p in problems}


def test_a_form_that_adds_up_passes_with_its_totals_and_labels():
    form, problems = check_survey(survey_data())
    assert problems == []
    assert form is not None
    assert form.enterprise_type is EnterpriseType.PRIVATE
    assert form.enterprise_size is EnterpriseSize.MEDIUM
    assert form.total_row().count == 36
    assert form.filled_on == date(2026, 11, 30)
    # the figures summaries read carry no personal data
    figures = form.figures()
    assert "leader" not in figures and "phone" not in figures and "filled_by" not in figures
    assert figures["totals"]["count"] == 36
    assert form.personal()["leader"] == "张建华"


def test_every_bad_field_is_named_at_once():
    data = survey_data()
    data["levels"]["技师"] = level(5, 0, 3) | {"age_31_40": 4}  # ages add to 4, not 5
    data["levels"]["初级工"]["edu_college"] = 5  # education adds to 15, not 12
    data["totals"] = {"count": 40}  # the printed 合计 says 40, the levels add to 36
    data["credit_code"] = data["credit_code"][:-1] + (
        "0" if data["credit_code"][-1] != "0" else "1"
    )
    data["phone"] = "12345"
    form, problems = check_survey(data)
    assert form is None
    fields = _fields(problems)
    assert {
        "levels.技师.age_18_30",
        "levels.初级工.edu_high_school",
        "totals.count",
        "credit_code",
        "phone",
    } <= fields
    messages = " ".join(p.message for p in problems)
    assert "技师：年龄结构四栏之和（4）与人数（5）不一致" in messages
    assert "合计 人数：填的是40，各等级相加是36" in messages
    assert "校验位" in messages


def test_types_and_ranges_are_named_with_the_printed_labels():
    data = survey_data(employees_total=-3, enterprise_size="特大", avg_monthly_wage_yuan="五千")
    del data["filled_by"]
    data["levels"]["中级工"]["count"] = -1
    form, problems = check_survey(data)
    assert form is None
    by_field = {p.field: p.message for p in problems}
    assert by_field["employees_total"] == "职工总数：不能为负数"
    assert by_field["enterprise_size"] == "企业规模：应为：大、中、小"
    assert by_field["avg_monthly_wage_yuan"] == "人均月工资：应填整数"
    assert by_field["filled_by"] == "填表人：必填"
    assert by_field["levels.中级工.count"] == "中级工 人数：不能为负数"


def test_skilled_workers_cannot_outnumber_the_employees():
    _, problems = check_survey(survey_data(employees_total=30))
    assert [p.message for p in problems] == ["职工总数（30）少于技能人才合计（36）"]


def test_training_counts_stay_within_the_level():
    data = survey_data()
    data["levels"]["高级工"]["joint_trained"] = 8  # 1 自主培养 + 8 > 8 people
    _, problems = check_survey(data)
    assert _fields(problems) == {"levels.高级工.self_trained"}


def test_codes_and_labels_are_both_accepted_and_the_code_is_normalised():
    code = taierzhuang_credit_code()
    form, problems = check_survey(
        survey_data(enterprise_type="state", enterprise_size="大", credit_code=code.lower())
    )
    assert problems == []
    assert form is not None and form.credit_code == code
    assert form.enterprise_type.label == "国有企业"


def test_posted_html_fields_become_the_nested_form():
    posted = [
        ("csrf_token", "x"),
        ("enterprise_name", " 台儿庄精工 "),
        ("levels.技师.count", "3"),
        ("levels.技师.age_18_30", ""),
        ("demands.0.level", "高级工"),
        ("demands.0.trade", "焊工"),
        ("demands.0.count", "5"),
        ("demands.1.level", "初级工"),  # a line with nothing typed is dropped
        ("unknown", "x"),
        ("action", "submit"),
    ]
    assert form_fields_to_data(posted) == {
        "enterprise_name": "台儿庄精工",
        "levels": {"技师": {"count": "3"}},
        "demands": [{"level": "高级工", "trade": "焊工", "count": "5"}],
    }


def _forms():
    a, _ = check_survey(survey_data())
    b, _ = check_survey(
        survey_data(
            enterprise_name="运河物流",
            enterprise_type="国有企业",
            enterprise_size="小",
            business_field="服务业",
            employees_total=40,
            avg_monthly_wage_yuan=4000,
            levels={"初级工": level(6, 6, 0)},
            demands=[{"level": "高级工", "trade": "焊工", "count": 1, "monthly_wage_yuan": 6000}],
        )
    )
    assert a is not None and b is not None
    return a, b


def test_summary_adds_up_by_level_type_size_and_field():
    a, b = _forms()
    summary = summarise([("台儿庄区", a.figures()), ("台儿庄区", b.figures())]).as_json()
    overall = summary["overall"]
    assert overall["enterprises"] == 2
    assert overall["employees"] == 160
    assert overall["skilled"] == 42
    assert overall["high_skilled"] == 14
    assert overall["levels"]["初级工"]["count"] == 18
    assert overall["levels"]["合计"]["age_18_30"] == 14 + 6
    # weighted by employees: (120×5200 + 40×4000) / 160
    assert overall["avg_monthly_wage_yuan"] == 4900
    welders = next(d for d in overall["demand"] if d["trade"] == "焊工")
    assert welders == {
        "level": "高级工",
        "trade": "焊工",
        "count": 6,
        "avg_monthly_wage_yuan": 6417,
    }
    assert set(summary["by"]["enterprise_type"]) == {"民营企业", "国有企业"}
    assert summary["by"]["enterprise_size"]["小"]["employees"] == 40
    assert summary["by"]["business_field"]["装备制造"]["skilled"] == 36
    assert summary["by"]["district"]["台儿庄区"]["enterprises"] == 2


def test_workbook_has_the_printed_layout_and_a_summary_that_adds_up():
    a, b = _forms()
    forms = [
        export.SubmittedForm("台儿庄区", f.figures(), {"leader": "张*华", "phone": "139****1234"})
        for f in (a, b)
    ]
    summary = summarise((f.district, f.figures) for f in forms)
    lines = [export.InvitationLine("台儿庄精工机械有限公司", "已提交", "2026-11-30")]
    wb = load_workbook(io.BytesIO(export.workbook_bytes(forms, summary, lines, "台儿庄区 走访")))
    assert wb.sheetnames[:2] == ["统计汇总", "填报情况"]
    sheet = wb[wb.sheetnames[2]]
    assert sheet["A1"].value == "附件1：企业技能人才现状及需求情况调查表"
    assert sheet["A3"].value == "企业名称（盖章）" and sheet["B3"].value == "台儿庄精工机械有限公司"
    assert sheet["I3"].value == "张*华"
    assert [sheet[f"A{r}"].value for r in range(10, 16)] == [*LEVELS, "合计"]
    assert sheet["B15"].value == 36 and sheet["C15"].value == 14
    assert sheet["J12"].value == "焊工5人" and sheet["K12"].value == 5
    total = wb["统计汇总"]
    assert total["B3"].value == 2 and total["E3"].value == 160
    assert total["A12"].value == "合计" and total["B12"].value == 42
    assert sum(total[f"B{r}"].value for r in range(7, 12)) == total["B12"].value


def test_a_typed_formula_stays_text_in_the_workbook():
    a, _ = _forms()
    figures = a.figures() | {"enterprise_name": '=HYPERLINK("http://x")'}
    form = export.SubmittedForm("台儿庄区", figures, {})
    data = export.workbook_bytes([form], summarise([("台儿庄区", figures)]), [], "t")
    sheet = load_workbook(io.BytesIO(data)).worksheets[2]
    assert sheet["B3"].data_type == "s"
    assert sheet["B3"].value.startswith("'=")


def _image(fmt: str, size=(1600, 1200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def test_a_seal_photo_is_re_encoded_small_as_png():
    png = reencode_seal(_image("JPEG"))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert max(image.size) == MAX_SIDE


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "空的"),
        (b"%PDF-1.4 not an image", "无法识别"),
        (None, "只收"),
    ],
)
def test_a_bad_seal_upload_is_refused_in_chinese(data, words):
    if data is None:
        data = _image("GIF", (40, 40))
    with pytest.raises(SealError, match=words):
        reencode_seal(data)
