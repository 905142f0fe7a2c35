"""The blue-card service on the real database (SQLite embedded, or PostgreSQL with
DATABASE_URL): applying, one live card per person, review and numbering (also under
concurrent approvals), employment history, encryption at rest, QR codes and scanning."""

from __future__ import annotations

import io
import threading
import time
from datetime import date, timedelta

import pytest
import zxingcpp
from factories.cards import credit_code, id_number, valid_form, with_wrong_check
from factories.console import actor_of, make_staff
from PIL import Image
from sqlalchemy import select, text

from bluecard.cards import qr
from bluecard.cards import services as cards
from bluecard.extensions import db
from bluecard.followers.services import BotServices, set_opted_out
from bluecard.models import AuditLog, BlueCard, Follower
from bluecard.runtime import current_runtime
from bluecard.services.errors import Conflict, Refused
from bluecard.staff.audit import PermissionDenied
from policy_kb.card_form import CardFormError
from policy_kb.chinatime import china_today

pytestmark = pytest.mark.integration

YEAR = china_today().year


def approved(openid: str = "oHolder", **form) -> cards.CardView:
    card = cards.apply_for_card(openid, valid_form(**form))
    reviewer = make_staff("reviewer", district=form.get("district", "叶集"))
    return cards.review_card(card.id, actor_of(reviewer), approve=True)


def test_apply_stores_personal_data_encrypted_and_shows_it_masked(ctx):
    form = valid_form(name="张三丰", phone="13812345678", social_security_no="341504123456789")
    card = cards.apply_for_card("oApplicant", form)
    assert card.status == "pending" and card.card_no is None
    assert card.name_masked == "张*丰" and card.phone_masked == "138****5678"
    assert card.id_number_masked == form["id_number"][:4] + "*" * 10 + form["id_number"][-4:]
    assert card.name is None and card.id_number is None  # not revealed by default
    assert [e.employer_name for e in card.employments] == ["六安叶集木业有限公司"]
    raw = db.session.execute(text("SELECT * FROM blue_card WHERE id = :id"), {"id": card.id})
    row = " ".join(str(v) for v in raw.one())
    for secret in ("张三丰", form["id_number"], "13812345678", "341504123456789"):
        assert secret not in row
    assert cards.get_card(card.id, reveal=True).id_number == form["id_number"]


def test_invalid_application_names_every_bad_field(ctx):
    with pytest.raises(CardFormError) as err:
        cards.apply_for_card("oBad", valid_form(id_number=with_wrong_check(id_number()), phone="1"))
    assert set(err.value.errors) == {"id_number", "phone"}
    assert db.session.execute(select(BlueCard)).first() is None


def test_one_live_card_per_person_even_from_another_openid(ctx):
    person = id_number()
    cards.apply_for_card("oFirst", valid_form(id_number=person))
    with pytest.raises(Conflict) as err:
        cards.apply_for_card("oSecond", valid_form(id_number=person.lower()))
    assert err.value.code == "live_card" and "身份证号" in err.value.message
    with pytest.raises(Conflict):
        cards.apply_for_card("oFirst", valid_form())  # same openid, another person


def test_rejected_card_frees_the_person_and_the_worker_sees_the_reason(ctx):
    person = id_number()
    card = cards.apply_for_card("oRejected", valid_form(id_number=person))
    with pytest.raises(Refused):
        cards.review_card(card.id, actor_of(make_staff("reviewer")), approve=False, reason="  ")
    cards.review_card(
        card.id,
        actor_of(make_staff("reviewer")),
        approve=False,
        reason="证书编号与鉴定机构记录不符",
    )
    mine = BotServices().my_card("oRejected")
    assert mine is not None and mine.status_label == "未通过"
    assert mine.reject_reason == "证书编号与鉴定机构记录不符"
    assert mine.name_masked == "张*丰"
    again = cards.apply_for_card("oRejected", valid_form(id_number=person))
    assert cards.card_of("oRejected").id == again.id


def test_approval_numbers_cards_by_district_and_year(ctx):
    first = approved("oA")
    second = approved("oB")
    other = approved("oC", district="洪泽区")
    assert first.card_no == f"341504{YEAR}000001"
    assert second.card_no == f"341504{YEAR}000002"
    assert other.card_no == f"320813{YEAR}000001"
    assert first.status == "active"
    with pytest.raises(Conflict):
        cards.review_card(first.id, actor_of(make_staff("reviewer")), approve=True)


def test_concurrent_approvals_get_distinct_numbers(ctx):
    ids = [cards.apply_for_card(f"oRace{i}", valid_form()).id for i in range(6)]
    reviewer = actor_of(make_staff("reviewer"))
    barrier = threading.Barrier(len(ids))
    numbers, errors = [], []

    def approve(card_id):
        with ctx.app_context():
            barrier.wait()
            try:
                numbers.append(cards.review_card(card_id, reviewer, approve=True).card_no)
            except Exception as exc:  # collected: the test reports it
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=approve, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == [f"341504{YEAR}{n:06d}" for n in range(1, 7)]


def test_concurrent_applications_of_one_person_give_one_card(ctx):
    person = id_number()
    barrier = threading.Barrier(2)
    outcomes = []

    def apply(openid):
        with ctx.app_context():
            barrier.wait()
            try:
                cards.apply_for_card(openid, valid_form(id_number=person))
                outcomes.append("ok")
            except Conflict as err:
                outcomes.append(err.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=apply, args=(o,)) for o in ("oTwinA", "oTwinB")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["live_card", "ok"]


def test_a_clerk_cannot_review_and_the_denial_is_audited(ctx):
    card = cards.apply_for_card("oClerkTry", valid_form())
    clerk = actor_of(make_staff("clerk"))
    with pytest.raises(PermissionDenied):
        cards.review_card(card.id, clerk, approve=True)
    assert cards.get_card(card.id).status == "pending"
    log = db.session.execute(
        select(AuditLog).where(AuditLog.staff_id == clerk.staff_id)
    ).scalar_one()
    assert (log.action, log.outcome) == ("card.approve", "denied")


def test_change_of_employer_adds_to_the_history(ctx):
    card = approved("oMover")
    clerk = actor_of(make_staff("clerk"))
    new_code = credit_code("320813")
    with pytest.raises(Refused, match="统一社会信用代码"):
        cards.change_employer(
            card.id, clerk, employer_name="新单位", credit_code="123", started_on=date(2024, 5, 1)
        )
    with pytest.raises(Refused, match="晚于今天"):
        cards.change_employer(
            card.id,
            clerk,
            employer_name="洪泽精工有限公司",
            credit_code=new_code,
            started_on=china_today() + timedelta(days=1),
        )
    with pytest.raises(Refused):  # not after the current job started
        cards.change_employer(
            card.id,
            clerk,
            employer_name="洪泽精工有限公司",
            credit_code=new_code,
            started_on=card.employments[0].started_on,
        )
    # a worker who applied long ago: backdate the current job so the move is after it
    row = db.session.get(BlueCard, card.id)
    row.employments[0].started_on = date(2020, 1, 1)
    db.session.commit()
    moved = cards.change_employer(
        card.id,
        clerk,
        employer_name="洪泽精工有限公司",
        credit_code=new_code,
        started_on=date(2024, 5, 1),
    )
    assert [e.employer_name for e in moved.employments] == [
        "六安叶集木业有限公司",
        "洪泽精工有限公司",
    ]
    assert moved.employments[0].ended_on == date(2024, 4, 30)
    assert moved.current_employment.credit_code == new_code
    assert moved.card_no == card.card_no and moved.id == card.id
    actions = db.session.execute(
        select(AuditLog.action).where(AuditLog.target_id == str(card.id))
    ).scalars()
    assert "card.change_employer" in list(actions)


def test_dynamic_code_png_decodes_and_scans_at_the_window(ctx):
    card = approved("oScan")
    code = cards.dynamic_code("oScan")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.png)))[0].text
    assert decoded == code.url and decoded.startswith("http://127.0.0.1:5000/c/")
    assert 60 <= (code.expires_at.timestamp() - time.time()) <= 120
    clerk = actor_of(make_staff("clerk"), "叶集区政务服务中心 5号窗口")
    result = cards.scan(decoded, clerk)
    assert result.card.id == card.id and result.kind == "dynamic"
    assert result.card.name is None and result.card.name_masked == "张*丰"  # clerk: masked
    assert cards.scan(code.token, actor_of(make_staff("reviewer"))).card.name == "张三丰"
    log = db.session.execute(
        select(AuditLog).where(AuditLog.staff_id == clerk.staff_id)
    ).scalar_one()
    assert (log.action, log.outcome, log.window) == (
        "card.scan",
        "ok",
        "叶集区政务服务中心 5号窗口",
    )
    assert "张" not in str(log.detail)


def refused(code, actor):
    with pytest.raises(Refused) as err:
        cards.scan(code, actor)
    return err.value


def test_altered_expired_revoked_and_pending_codes_are_refused_and_audited(ctx):
    card = approved("oRefuse")
    clerk = actor_of(make_staff("clerk"))
    token = cards.dynamic_code("oRefuse").token
    altered = token[:20] + ("A" if token[20] != "A" else "B") + token[21:]
    assert refused(altered, clerk).code == "forged"
    runtime = current_runtime()
    old, _ = qr.issue_token(
        runtime.signing_key,
        card.id,
        card.qr_version,
        "dynamic",
        ttl_seconds=90,
        now=time.time() - 91,
    )
    err = refused(old, clerk)
    assert (err.code, err.message) == ("expired", "二维码已过期，请让持卡人刷新")
    printed = cards.static_code(card.id, clerk)
    assert cards.scan(printed.url, clerk).kind == "static"
    reprinted = cards.reissue_static_code(card.id, actor_of(make_staff("reviewer")))
    assert refused(printed.token, clerk).code == "revoked"
    assert cards.scan(reprinted.token, clerk).card.id == card.id
    cards.revoke_card(card.id, actor_of(make_staff("reviewer")), reason="持卡人离开本区")
    err = refused(reprinted.token, clerk)
    assert (err.code, err.message) == ("revoked", "此卡已注销")
    pending = cards.apply_for_card("oPending", valid_form())
    early, _ = qr.issue_token(runtime.signing_key, pending.id, 1, "static")
    assert refused(early, clerk).code == "inactive"
    assert refused("hello", clerk).code == "malformed"
    outcomes = db.session.execute(
        select(AuditLog.outcome, AuditLog.detail)
        .where(AuditLog.staff_id == clerk.staff_id, AuditLog.action == "card.scan")
        .order_by(AuditLog.id)  # PostgreSQL returns rows in no set order otherwise
    ).all()
    reasons = [d["reason"] for o, d in outcomes if o == "refused"]
    assert reasons == ["forged", "expired", "revoked", "revoked", "inactive", "malformed"]


def test_no_dynamic_code_without_an_active_card(ctx):
    cards.apply_for_card("oWaiting", valid_form())
    with pytest.raises(Refused) as err:
        cards.dynamic_code("oWaiting")
    assert err.value.code == "inactive"


def test_public_status_shows_only_validity_level_district_and_masked_name(ctx):
    card = approved("oPublic", skill_level="高级技师")
    token = cards.dynamic_code("oPublic").token
    status = cards.public_status(token)
    assert status.valid and status.skill_level == "高级技师" and status.district == "叶集区"
    assert status.name_masked == "张*丰"
    bad = cards.public_status("garbage")
    assert not bad.valid and bad.reason_code == "malformed" and bad.name_masked is None
    cards.revoke_card(card.id, actor_of(make_staff("admin")), reason="注销")
    revoked = cards.public_status(token)
    assert not revoked.valid and revoked.reason == "此卡已注销" and revoked.district is None


def test_eligibility_profile_merges_card_facts(ctx):
    from bluecard.profiles.services import save_profile

    save_profile("oProfile", {"region": "洪泽区", "contract_years": 3, "skill_level": "高级工"})
    card = approved("oProfile", credit_code=credit_code("341504"), certificate_date="2022-05-01")
    profile = cards.eligibility_profile(card.id)
    assert profile["region"] == "叶集区" and profile["skill_level"] == "技师"
    assert profile["contract_years"] == 3 and profile["employer_in_region"] is True
    assert profile["level_obtained_on"] == "2022-05-01"


def test_opt_out_and_back_in(ctx):
    set_opted_out("oNoNews", True)
    follower = db.session.execute(select(Follower).where(Follower.openid == "oNoNews")).scalar_one()
    assert follower.opted_out is True
    BotServices().opt_in("oNoNews")
    db.session.expire_all()
    assert db.session.get(Follower, follower.id).opted_out is False


def test_my_card_lists_the_subsidy_applications(ctx):
    """「我的蓝卡」 data carries each application with status, amount (yuan) and clause, as
    the ledger lists them (a row as the ledger service writes it)."""
    from decimal import Decimal

    from bluecard.models import SubsidyApplication

    card = approved("oWithApps")
    clerk = actor_of(make_staff("clerk"))
    db.session.add(
        SubsidyApplication(
            card_id=card.id,
            person_key=card.person_key,
            rule_id="yeji-intro-living-housing",
            doc_id="yeji-2020",
            clause="四（一）",
            benefit="引进技师住房补贴",
            amount_yuan=Decimal("20000.00"),
            period="",
            district="叶集区",
            status="submitted",
            opened_by=clerk.staff_id,
        )
    )
    db.session.commit()
    mine = BotServices().my_card("oWithApps")
    assert mine is not None
    (app,) = mine.applications
    assert app.amount_yuan == "20000" and app.status_label == "已提交"
    assert app.clause == "四（一）" and app.benefit == "引进技师住房补贴"
    assert app.opened_on is not None and app.decided_on is None
    # the chat shows it (a message): the card number masked but its last 4 digits
    assert mine.card_no == "*" * 12 + card.card_no[-4:] and mine.status_label == "有效"
    assert BotServices().my_applications("oWithApps") == list(mine.applications)
