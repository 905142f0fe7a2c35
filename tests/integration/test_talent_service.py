"""The talent database on the real database: card holders and registered workers, consent
revoked, search and export within a district, demand, the summary, and — the issue's done
when — an enterprise's demand for 焊工 reaching exactly the workers open to offers."""

from __future__ import annotations

import io

import pytest
from factories.testapp import EchoBot
from notif_helpers import add_card, add_follower, clear_queue, drain, notify_config, running_fake
from openpyxl import load_workbook
from sqlalchemy import select, text
from talent_helpers import demand_form, district_staff, register

from bluecard.extensions import db
from bluecard.models import AuditLog
from bluecard.notifications import services as notif
from bluecard.services.errors import Conflict, NotFound, Refused
from bluecard.staff.audit import PermissionDenied
from bluecard.talent import services as talent
from policy_kb.talent import TalentFormError

pytestmark = pytest.mark.integration


def test_registered_worker_is_stored_encrypted_masked_and_can_leave(ctx):
    clerk = district_staff()
    worker = register("oReg", name="张三丰", phone="13812345678")
    assert worker.name_masked == "张*丰" and worker.phone_masked == "138****5678"
    assert worker.source == "registered" and worker.trade == "焊工"
    raw = db.session.execute(text("SELECT * FROM talent_worker")).one()
    assert "张三丰" not in str(raw) and "13812345678" not in str(raw)
    assert talent.search(clerk).total == 1

    assert talent.leave("oReg") is True
    assert talent.my_entry("oReg") is None
    assert talent.search(clerk).total == 0
    raw = db.session.execute(text("SELECT name_enc, phone_enc FROM talent_worker")).one()
    assert tuple(raw) == ("", "")  # personal data wiped with the consent
    assert talent.leave("oReg") is False

    with pytest.raises(TalentFormError) as err:
        talent.join(
            "oNoConsent",
            {
                "name": "王五",
                "phone": "13912345678",
                "trade": "焊工",
                "skill_level": "技师",
                "district": "叶集区",
            },
        )
    assert "consent" in err.value.errors


def test_card_holders_come_from_their_card_and_stay_out_once_they_left(ctx):
    clerk = district_staff()
    add_card("oHolder", skill_level="技师", employer=("叶集木业", "91341504MA2T00000X"))
    add_card("oHolder2", skill_level="高级工")
    add_card("oHongze", district="洪泽区")
    result = talent.sync_card_holders(clerk)
    assert (result.added, result.withdrawn) == (2, 0)
    found = talent.search(clerk)
    assert found.total == 2
    holder = next(w for w in found.items if w.skill_level == "技师")
    assert holder.source == "card" and holder.employer == "叶集木业" and not holder.open_to_offers

    # The holder gives a trade and says yes to offers; level and district stay the card's.
    entry = talent.join(
        "oHolder", {"trade": "电焊工", "open_to_offers": True, "skill_level": "初级工"}
    )
    assert (entry.trade, entry.skill_level, entry.district) == ("焊工", "技师", "叶集区")

    talent.leave("oHolder2")
    assert talent.sync_card_holders(clerk).added == 0  # who left is not put back
    assert talent.search(clerk).total == 1
    audit = db.session.execute(select(AuditLog.action).where(AuditLog.action == "talent.sync"))
    assert len(audit.all()) == 2


def test_search_filters_and_stays_in_the_district(ctx):
    register("oA", skill_level="技师", trade="焊工")
    register("oB", skill_level="中级工", trade="焊工", open_to_offers=False)
    register("oC", skill_level="高级工", trade="电工")
    register("oH", district="洪泽区")
    clerk = district_staff()
    assert talent.search(clerk, trade="电焊工").total == 2
    assert talent.search(clerk, level="技师").total == 1
    assert talent.search(clerk, level=talent.HIGH_SKILL).total == 2
    assert talent.search(clerk, trade="焊工", open_only=True).total == 1
    assert talent.search(clerk, district="洪泽区").total == 0  # another district: nothing
    assert talent.search(district_staff("admin", None), district="洪泽").total == 1
    with pytest.raises(TalentFormError) as err:
        talent.search(clerk, level="九级", trade="宇航员")
    assert set(err.value.errors) == {"level", "trade"}
    with pytest.raises(PermissionDenied):
        talent.search(district_staff("finance"))


def test_export_is_an_xlsx_of_the_district_masked_and_audited(ctx):
    register("oA", name="张三丰", phone="13812345678")
    register("oH", district="洪泽区", name="赵六")
    clerk = district_staff()
    data = talent.export_xlsx(clerk, trade="焊工")
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "姓名", "手机号", "技能等级", "工种")
    assert rows[1][1:5] == ("张*丰", "138****5678", "高级工", "焊工")
    assert len(rows) == 2  # the 洪泽区 worker is not in 叶集区's export
    entry = db.session.execute(
        select(AuditLog).where(AuditLog.action == "talent.export")
    ).scalar_one()
    assert entry.detail["rows"] == 1 and entry.staff_id == clerk.staff_id


def test_a_formula_typed_as_an_employer_is_exported_as_text(ctx):
    register("oF", employer='=HYPERLINK("http://x.example","点我")', industry="+机械")
    sheet = load_workbook(io.BytesIO(talent.export_xlsx(district_staff()))).active
    employer, industry = sheet["F2"], sheet["G2"]
    assert employer.data_type == "s" and employer.value.startswith("'=HYPERLINK(")
    assert industry.value == "'+机械"


def test_demand_from_the_miniapp_waits_for_its_district(ctx):
    pending = talent.submit_demand("oBoss", demand_form())
    assert pending.status == "pending" and pending.contact_phone_masked == "137****1111"
    with pytest.raises(TalentFormError) as err:
        talent.submit_demand("oBoss", demand_form(contact_name="", count=0))
    assert set(err.value.errors) == {"contact_name", "count"}
    with pytest.raises(NotFound):
        talent.review_demand(district_staff(district="洪泽区"), pending.id, approve=True)
    opened = talent.review_demand(district_staff(), pending.id, approve=True)
    assert opened.open and talent.my_demands("oBoss")[0].status == "open"
    with pytest.raises(Conflict):
        talent.review_demand(district_staff(), pending.id, approve=False)
    with pytest.raises(TalentFormError) as err:
        talent.post_demand(district_staff(), demand_form(district="洪泽区"))
    assert "district" in err.value.errors


def test_one_miniapp_user_cannot_flood_staff_with_pending_demand(ctx):
    for _ in range(talent.MAX_PENDING):
        talent.submit_demand("oFlood", demand_form())
    with pytest.raises(Refused) as err:
        talent.submit_demand("oFlood", demand_form())
    assert err.value.code == "too_many_pending"
    assert len(talent.my_demands("oFlood")) == talent.MAX_PENDING
    talent.submit_demand("oOtherBoss", demand_form())  # others are not held up


def test_summary_counts_open_demand_against_workers_open_to_offers(ctx):
    clerk = district_staff()
    register("oA", trade="电工")
    register("oB", trade="电工")
    register("oC", trade="焊工", open_to_offers=False)
    talent.post_demand(clerk, demand_form(count=4))
    closed = talent.post_demand(clerk, demand_form(trade="车工", count=9))
    talent.close_demand(clerk, closed.id)
    s = talent.summary(clerk)
    assert [(b.trade, b.demand, b.available) for b in s.short] == [("焊工", 4, 0)]
    assert [(b.trade, b.available) for b in s.surplus] == [("电工", 2)]
    with pytest.raises(NotFound):
        talent.summary(clerk, "洪泽区")


def test_publishing_the_summary_makes_a_draft_for_the_districts_card_holders(ctx):
    policy = district_staff("policy", "叶集区")
    register("oA", trade="电工")
    nid = talent.publish_summary(policy)
    draft = notif.get_notification(nid)
    assert draft.status == "draft" and draft.audience["district"] == "叶集区"
    assert draft.title.startswith("叶集区技能人才供求信息") and "富余工种：电工" in draft.body
    with pytest.raises(PermissionDenied):
        talent.publish_summary(district_staff("clerk"))


def test_enterprise_demand_for_welders_reaches_only_workers_open_to_offers(make_app):
    """Done when (issue 14): an enterprise's demand for 焊工 reaches the workers open to
    offers — not those who opted out (「退订」), are not open to offers, left the database,
    have another trade, a lower level than asked, or live in another district."""
    with running_fake() as fake:
        app = make_app(bot=EchoBot(), **notify_config(fake))
        clear_queue(app)
        with app.app_context():
            add_card("oCardWelder", skill_level="技师")
            talent.join("oCardWelder", {"trade": "焊工", "open_to_offers": True})
            reached = {"oCardWelder", "oRegWelder"}
            for openid, fields, opted_out in (
                ("oRegWelder", {}, False),
                ("oOptedOut", {}, True),
                ("oNotOpen", {"open_to_offers": False}, False),
                ("oLeft", {}, False),
                ("oElectrician", {"trade": "电工"}, False),
                ("oApprentice", {"skill_level": "初级工"}, False),
                ("oHongze", {"district": "洪泽区"}, False),
            ):
                register(openid, **fields)
                add_follower(openid, opted_out=opted_out)
            talent.leave("oLeft")

            pending = talent.submit_demand("oBoss", demand_form())
            clerk = district_staff()
            talent.review_demand(clerk, pending.id, approve=True)
            result = talent.send_offers(clerk, pending.id)
            assert (result.matched, result.notified) == (3, 2)  # oOptedOut matched, not told
            drain(app)
            assert {m["touser"] for m in fake.messages} == reached
            assert len(fake.messages) == 2
            line = fake.messages[0]["data"]["thing4"]["value"]
            assert "焊工" in line and "6000-9000" in line
            sent = notif.get_notification(result.notification_id, actor=clerk)
            assert sent.kind == "talent_offer" and sent.counts["sent"] == 2
            assert "137" not in sent.body  # the contact's phone is never in the message
            with pytest.raises(Conflict):
                talent.send_offers(clerk, pending.id)  # once per demand


def test_periodic_summary_command_prints_and_drafts(ctx):
    from factories.console import make_staff

    account = make_staff("policy")  # every district
    register("oA", trade="电工")
    talent.post_demand(district_staff(), demand_form(count=3))
    runner = ctx.test_cli_runner()
    result = runner.invoke(
        args=["talent", "summary", "--as", account.username, "--district", "叶集区", "--publish"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "叶集区技能人才供求信息" in result.output
        and "紧缺工种：焊工（需求3人，可供0人）" in result.output
    )
    assert "通知草稿 #" in result.output
    clerk = make_staff("clerk")
    refused = runner.invoke(
        args=["talent", "summary", "--as", clerk.username, "--district", "洪泽区"]
    )
    assert refused.exit_code == 2 and "没有洪泽区的供求数据" in refused.output
    unknown = runner.invoke(args=["talent", "summary", "--as", "nobody"])
    assert unknown.exit_code == 2 and "没有可用的员工账号" in unknown.output
    assert "--as" in unknown.output
