"""What staff read on the targets page and in the 季报/年报: the kinds of questions in Chinese,
the enterprises visited of the period only, the district's own 依据 (or none, never another
district's), and a target whose period ended before the system held any record shown as
尚无完成数 rather than 期满未完成 at 0."""

from __future__ import annotations

import io
import re
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from factories.console import actor_of, console_client, make_staff, pending_card
from openpyxl import load_workbook

from bluecard.cards import services as cards
from bluecard.followers.services import Interaction, record_interaction
from bluecard.surveys import services as surveys
from bluecard.targets import services as targets
from policy_kb.chinatime import china_today
from policy_kb.kb import load_knowledge_base

pytestmark = pytest.mark.e2e


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_question_kinds_read_in_chinese_and_the_district_cites_its_own_clause(ctx, app):
    web, _ = console_client(app, "clerk", district="台儿庄区")
    for n, intent in enumerate(["question", "not_answered", "greeting", "not_answered"]):
        record_interaction(
            Interaction(
                f"k-{uuid.uuid4().hex[:8]}-{n}",
                f"oT{n % 2}",
                "text",
                datetime.now(UTC),
                question="运河边的厂招焊工有补助没",
                region="台儿庄区",
            ),
            intent=intent,
        )
    wb = load_workbook(io.BytesIO(web.get("/console/targets/report.xlsx?kind=year").data))
    asked = list(wb["政策咨询"].iter_rows(min_row=8, values_only=True))
    kinds = {row[0]: row[1] for row in asked if row[0]}
    assert kinds == {"未能答复": 2, "政策提问": 1, "打招呼": 1}
    heading = wb["目标任务"]["A2"].value
    assert "《台儿庄区技能人才引进与培养工作实施方案》四（一）" in heading
    assert "洪泽" not in heading
    page = _text(web.get("/console/targets/report?kind=year").get_data(as_text=True))
    assert "依据台人社发〔2021〕17号《台儿庄区技能人才引进与培养工作实施方案》四（一）" in page
    assert "洪泽区产业工人队伍建设实施方案" not in page

    # 洪泽 cites its 季报、年报 clause; 叶集's documents ask for no report: no 依据 line at all
    web, _ = console_client(app, "clerk", district="洪泽区")
    page = web.get("/console/targets/report?kind=year").get_data(as_text=True)
    assert "四（二）“建立工作情况季报、年报制度”" in _text(page)
    web, _ = console_client(app, "clerk", district="叶集区")
    page = web.get("/console/targets/report?kind=year").get_data(as_text=True)
    assert 'id="report-basis"' not in page and "洪泽" not in _text(page)


def test_every_cited_basis_is_printed_in_that_districts_own_document():
    kb = load_knowledge_base(extra_dir=Path("/nonexistent"))  # the bundled documents only
    for district, (doc_id, clause, quote) in targets.REPORT_BASIS.items():
        assert district in kb.document(doc_id).meta.regions
        assert quote in kb.clause(doc_id, clause).text


def test_enterprises_visited_are_those_of_rounds_started_by_the_periods_end(ctx, app):
    clerk = actor_of(make_staff("clerk", district="台儿庄区"))
    surveys.create_round(clerk, title="冬季走访", enterprises=[("甲", None), ("乙", None)])
    this_year = targets.build_report(clerk, kind="year")
    assert this_year.survey.invited == 2
    today = china_today()
    if today.month > 3:  # a quarter already over when the round was started
        first_quarter = targets.build_report(clerk, kind="quarter", quarter=1)
        assert first_quarter.survey.invited == 0
    last_year = targets.build_report(clerk, kind="year", year=today.year - 1)
    assert last_year.survey.invited == 0


def test_a_target_over_before_any_record_shows_no_figure_until_one_is_entered(ctx, app):
    web, account = console_client(app, "reviewer", district="台儿庄区")
    reviewer = actor_of(account)
    # the system's first record is a card of today, years after the 2021 period
    card = pending_card(None, district="台儿庄区", skill_level="技师")
    cards.review_card(card.id, reviewer, approve=True)
    row = "target-taierzhuang-high-skill-2021"
    page = web.get("/console/targets").get_data(as_text=True)
    shown = _text(page.split(f'id="{row}"', 1)[1].split("</tr>", 1)[0])
    assert "尚无完成数" in shown and "期满未完成" not in shown and "%" not in shown
    targets.enter_actual(
        reviewer,
        "taierzhuang-high-skill-2021",
        value=150,
        as_of=date(2021, 12, 31),
        source="区人社局2021年度统计",
    )
    page = web.get("/console/targets").get_data(as_text=True)
    shown = _text(page.split(f'id="{row}"', 1)[1].split("</tr>", 1)[0])
    assert "期满未完成" in shown and "75.0%" in shown
