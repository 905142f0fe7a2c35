"""Targets and reports over HTTP: the staff API lists a district's targets with actuals and
their clause; cards issued count toward 高技能人才 targets; staff enter a dated actual with its
source; the 季报 counts cards, subsidies paid by rule, survey forms and questions asked; a
district sees only its own."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from factories.console import (
    CHIEF_RULE,
    Browser,
    active_card,
    actor_of,
    bearer,
    csrf_token,
    make_staff,
    pending_card,
)
from factories.ledger import open_at_window
from factories.surveys import survey_data
from openpyxl import load_workbook

from bluecard.cards import services as cards
from bluecard.followers.services import Interaction, record_interaction, remember_region
from bluecard.ledger import services as ledger
from bluecard.services.errors import NotFound, Refused
from bluecard.surveys import services as surveys
from bluecard.targets import services as targets
from policy_kb.chinatime import china_today

pytestmark = pytest.mark.e2e


@pytest.fixture
def web(app) -> Browser:
    return Browser(app.test_client())


def _hongze_card(level: str, reviewer) -> None:
    card = pending_card(None, district="洪泽区", skill_level=level)
    cards.review_card(card.id, actor_of(reviewer), approve=True)


def test_api_lists_suqian_targets_for_every_county_with_their_clause(ctx, web):
    clerk = make_staff("clerk", district="宿迁市")
    response = web.get("/api/v1/staff/targets", headers=bearer(web, clerk))
    assert response.status_code == 200
    items = response.get_json()["items"]
    table = [i for i in items if i["source"]["clause"].startswith("附件")]
    assert len(table) == 60
    assert len({i["area"] for i in table}) == 10
    shuyang = next(i for i in items if i["area"] == "沭阳县" and i["indicator"] == "引进各类人才数")
    assert (
        shuyang["target"] == 10980
        and shuyang["unit"] == "人"
        and shuyang["period"] == "2021—2023年"
    )
    assert shuyang["source"] == {
        "doc_id": "suqian-2021",
        "clause": "附件-2",
        "quote": "引进各类人才数（人）10980",
    }
    assert shuyang["actual"] is None and shuyang["standing"] == "unknown"
    # another district's targets are refused; no token is a 401
    other = web.get("/api/v1/staff/targets?region=洪泽区", headers=bearer(web, clerk))
    assert other.status_code == 403
    assert other.get_json()["error"]["code"] == "other_district"
    assert other.get_json()["error"]["message"] == "只能查看本区县的目标任务"
    assert web.get("/api/v1/staff/targets").status_code == 401
    # an admin may read any district's, and the draft's are marked as drafts
    admin = make_staff("admin")
    lyg = web.get("/api/v1/staff/targets?region=连云港", headers=bearer(web, admin)).get_json()
    assert lyg["items"] and all(i["draft"] for i in lyg["items"])


def test_cards_issued_count_toward_high_skill_targets(ctx, web):
    reviewer = make_staff("reviewer", district="洪泽区")
    for level in ("技师", "高级工", "中级工"):
        _hongze_card(level, reviewer)
    items = targets.target_progress(actor_of(reviewer), as_of=china_today())
    by_id = {p.target.target_id: p for p in items}
    assert set(by_id) and all(p.target.district == "洪泽区" for p in items)
    # the 2025 and 2021 periods ended before the system held its first card: no figure at
    # all (尚无完成数), never 期满未完成 at a 0 nobody measured
    assert by_id["hongze-high-skill-2025"].actual is None
    assert by_id["hongze-high-skill-2025"].ratio is None
    assert by_id["hongze-high-skill-2025"].standing.label == "尚无完成数"
    # counted over a period that includes today, two of the three are 高技能人才
    from bluecard.targets import counted
    from policy_kb.targets import Counted

    today = china_today()
    n = counted.count_for(Counted.CARDS_HIGH_SKILL, "洪泽区", today.replace(month=1, day=1), today)
    assert n == 2
    assert counted.cards_by_level("洪泽区", None, today) == {
        "技师": 1,
        "高级工": 1,
        "中级工": 1,
    }


def test_staff_enter_a_dated_actual_with_its_source(ctx, web):
    clerk = make_staff("clerk", district="宿迁市")
    reviewer = make_staff("reviewer", district="宿迁市")
    with pytest.raises(targets.Forbidden):
        targets.enter_actual(
            actor_of(clerk), "suqian-shuyang-talent", value=1, as_of="2023-12-31", source="x"
        )
    with pytest.raises(Refused, match="数据来源"):
        targets.enter_actual(
            actor_of(reviewer), "suqian-shuyang-talent", value=1, as_of="2023-12-31", source=" "
        )
    with pytest.raises(Refused, match="不小于0"):
        targets.enter_actual(
            actor_of(reviewer), "suqian-shuyang-talent", value=-5, as_of="2023-12-31", source="统计"
        )
    with pytest.raises(NotFound):
        targets.enter_actual(
            actor_of(reviewer), "hongze-high-skill-2025", value=5, as_of="2023-12-31", source="统计"
        )
    targets.enter_actual(
        actor_of(reviewer),
        "suqian-shuyang-talent",
        value="5490",
        as_of="2022-12-31",
        source="沭阳县人社局2022年报",
    )
    targets.enter_actual(
        actor_of(reviewer),
        "suqian-shuyang-talent",
        value="11200",
        as_of="2023-12-31",
        source="沭阳县人社局2023年报",
    )
    items = {p.target.target_id: p for p in targets.target_progress(actor_of(clerk))}
    shuyang = items["suqian-shuyang-talent"]
    assert shuyang.actual == 11200 and shuyang.actual_source == "沭阳县人社局2023年报"
    assert shuyang.standing.label == "已完成"
    # as of a day in 2023 before the later figure, the earlier one is shown
    mid = {
        p.target.target_id: p
        for p in targets.target_progress(actor_of(clerk), as_of=datetime(2023, 6, 30).date())
    }
    assert mid["suqian-shuyang-talent"].actual == 5490
    assert round(mid["suqian-shuyang-talent"].ratio, 2) == 0.5

    # through the console page: the figure, its source and a chart per indicator
    web.login(reviewer.username)
    page = web.get("/console/targets").get_data(as_text=True)
    assert "沭阳县人社局2023年报" in page and "102.0%" in page
    assert page.count('class="card chart"') == 1  # only 引进各类人才数 has a figure
    response = web.post(
        "/console/targets/suqian-sihong-training/actual",
        data={
            "csrf_token": csrf_token(page),
            "value": "8200",
            "as_of": "2023-12-31",
            "source": "泗洪县统计",
        },
    )
    assert response.status_code == 302
    page = web.get("/console/targets").get_data(as_text=True)
    assert "已录入完成数 8200.00" in page and "50.0%" in page


def test_quarter_report_counts_cards_subsidies_surveys_and_questions(ctx, web):
    clerk = actor_of(make_staff("clerk"))
    reviewer = actor_of(make_staff("reviewer"))
    finance_account = make_staff("finance")
    finance = actor_of(finance_account)
    for _ in range(2):
        app_id = open_at_window(active_card().id, CHIEF_RULE, clerk).id
        ledger.decide_application(app_id, reviewer, approve=True)
        ledger.pay_application(app_id, finance)
    round_ = surveys.create_round(
        actor_of(make_staff("clerk", district="叶集区")),
        title="走访",
        enterprises=[("叶集木业", None)],
    )
    surveys.submit(round_.invitations[0].link.rsplit("/s/", 1)[1], survey_data())
    openid = f"oQ{uuid.uuid4().hex[:10]}"
    now = datetime.now(UTC)
    for n, text in enumerate(("叶集技师补贴多少", "首席技师每月多少钱")):
        record_interaction(
            Interaction(
                f"q-{openid}-{n}", openid, "text", now - timedelta(minutes=n), question=text
            ),
            intent="question",
        )
    remember_region(openid, "叶集区")

    report = targets.build_report(finance, kind="quarter")
    q = (china_today().month - 1) // 3 + 1
    assert report.period.quarter == q and report.district == "叶集区"
    assert report.title.startswith("叶集区技能人才工作季报")
    assert report.cards_issued == {"技师": 2}
    assert [(p.rule_id, p.count, p.amount_yuan) for p in report.paid] == [
        (CHIEF_RULE, 2, Decimal("1200.00"))
    ]
    assert report.survey.submitted == 1 and report.survey.summary.overall.skilled == 36
    assert (report.questions.asked, report.questions.people) == (2, 1)

    web.login(finance_account.username)
    page = web.get("/console/targets/report?kind=quarter")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="paid-total">1,200.00' in html and 'id="cards-issued-total">2' in html
    assert "期内收到咨询 2 条" in html
    xlsx = web.get("/console/targets/report.xlsx?kind=year")
    wb = load_workbook(io.BytesIO(xlsx.data))
    assert wb.sheetnames == ["目标任务", "技工蓝卡", "补贴发放", "企业调查", "政策咨询"]
    paid = wb["补贴发放"]
    assert paid.cell(paid.max_row, 3).value == 2 and paid.cell(paid.max_row, 4).value == 1200
    assert wb["技工蓝卡"]["B5"].value == 2
    assert wb["目标任务"].max_row == 3 + 1 + 5  # heading, header row, 叶集's five targets
    # sources are cited by title and clause as printed (an unnumbered paragraph by its place)
    sources = [row[10] for row in wb["目标任务"].iter_rows(min_row=5, values_only=True)]
    assert sources[:3] == [
        "《关于推进技工强区建设的实施意见》一",
        "《关于推进技工强区建设的实施意见》一",
        "《关于推进技工强区建设的实施意见》二（第3段）",
    ]
    assert "《关于推进技工强区建设的实施意见》" in paid.cell(5, 2).value
    assert "yeji" not in html
    # a report for a period not begun is refused in Chinese
    future = web.get(f"/console/targets/report?kind=year&year={china_today().year + 1}")
    assert future.status_code == 422
    assert "报告期不正确（年份不能晚于今年，季度为1-4）" in future.get_data(as_text=True)
