"""The subsidy ledger (issue 4 §4) on the configured database: amounts from the rules, no
double claims, only the allowed transitions, permissions and the audit log, the finance
exports. Real concurrency is in test_ledger_concurrency.py."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from factories.console import actor_of, make_staff
from factories.ledger import (
    HONGZE_INTRODUCED,
    INTRO_UNTIL,
    YEJI_BOTH_INTRO_AND_LEVEL,
    YEJI_CHIEF,
    YEJI_INTRODUCED,
    exclusive_catalogue,
    make_card,
    open_at_window,
)
from openpyxl import load_workbook
from sqlalchemy import func, inspect, select, update

from bluecard.extensions import db
from bluecard.ledger.export import COLUMNS, SHEET_TITLE, to_csv, to_xlsx
from bluecard.ledger.services import (
    CLAWBACK_DEFAULT_REASON,
    LedgerFilter,
    applications_for_card,
    applications_for_openid,
    benefits_for_card,
    claw_back,
    decide_application,
    get_application,
    ledger_rows,
    pay_application,
    rows_for_export,
)
from bluecard.models import AuditLog, BlueCard, SubsidyApplication
from bluecard.services.errors import Conflict, NotFound, Refused
from bluecard.staff.audit import PermissionDenied
from policy_kb.chinatime import china_today

pytestmark = pytest.mark.integration

AS_OF = date(2026, 11, 21)
YEJI_CITATION = "六安市叶集区人民政府《关于推进技工强区建设的实施意见》"
HONGZE_CITATION = "洪办发〔2021〕10号《洪泽区产业工人队伍建设实施方案》"


@pytest.fixture
def app(make_app, real_knowledge):
    """An app on the real knowledge base (citations name the real documents)."""
    return make_app(knowledge=real_knowledge)


@pytest.fixture
def staff(ctx):
    """One account of each role that works the ledger, over 叶集区's and 洪泽区's cards."""
    roles = ("clerk", "reviewer", "finance", "admin")
    return {role: actor_of(make_staff(role), every_district=True) for role in roles}


def _today_local() -> str:
    return china_today().isoformat()


def _audit(action: str, **where):
    stmt = select(AuditLog).where(AuditLog.action == action)
    for key, value in where.items():
        stmt = stmt.where(getattr(AuditLog, key) == value)
    return list(db.session.execute(stmt.order_by(AuditLog.id)).scalars())


def _option(options, rule_id):
    return next(o for o in options if o.rule_id == rule_id)


# -- benefits on a card ----------------------------------------------------------------------
def test_benefits_come_from_the_rules_with_citation_and_period(staff):
    holder = make_card(YEJI_INTRODUCED, district="叶集区", skill_level="技师")
    options = benefits_for_card(holder.card_id, as_of=AS_OF)
    by_rule = {o.rule_id: o for o in options}

    living = by_rule["yeji-intro-living-housing"]  # 10000 生活补贴 + 20000 住房补贴 (四)
    assert living.amount_yuan == Decimal("30000.00")
    assert living.period == "" and living.claimable and living.blocked_reason is None
    assert living.citation == YEJI_CITATION + "四"
    assert "10000元的一次性生活补贴和20000元住房补贴" in living.quote
    assert living.exclusivity_group is None

    salary = by_rule["yeji-intro-salary-subsidy"]  # 20% of 6000 yuan, per month
    assert salary.amount_yuan == Decimal("1200.00")
    assert salary.period == "2026-11" and salary.claimable

    # Non-monetary entitlements are listed but never claimable in the ledger.
    hukou = by_rule["yeji-hukou"]
    assert hukou.amount_yuan is None and not hukou.claimable
    assert hukou.blocked_reason.startswith("金额需人工核定")
    # Only the worker's own benefits: nothing an employer or institution claims.
    assert "yeji-intro-talent-employer" not in by_rule


def test_amount_the_engine_cannot_compute_is_not_claimable(staff):
    profile = {k: v for k, v in YEJI_INTRODUCED.items() if k != "monthly_salary"}
    holder = make_card(profile)
    salary = _option(benefits_for_card(holder.card_id, as_of=AS_OF), "yeji-intro-salary-subsidy")
    assert salary.amount_yuan is None and not salary.claimable
    assert salary.blocked_reason.startswith("金额需人工核定")
    with pytest.raises(Refused) as err:
        open_at_window(holder.card_id, "yeji-intro-salary-subsidy", staff["clerk"], as_of=AS_OF)
    assert err.value.code == "amount_unknown" and err.value.status == 422
    assert db.session.scalar(select(func.count()).select_from(SubsidyApplication)) == 0


def test_hongze_benefit_amount_and_employer_money_not_offered(staff):
    holder = make_card(HONGZE_INTRODUCED, district="洪泽区", skill_level="技师")
    options = benefits_for_card(holder.card_id, as_of=AS_OF)
    intro = _option(options, "hongze-intro-subsidy")  # 15000/10000/5000: a 技师 gets 10000
    assert intro.amount_yuan == Decimal("10000.00")
    assert intro.citation == HONGZE_CITATION + "三（三）1"
    assert "hongze-recruitment-reward" not in {o.rule_id for o in options}  # the employer's 500
    with pytest.raises(Refused) as err:
        open_at_window(holder.card_id, "hongze-recruitment-reward", staff["clerk"], as_of=AS_OF)
    assert err.value.code == "not_eligible" and "用人单位" in err.value.message


# -- opening -----------------------------------------------------------------------------------
def test_open_application_takes_amount_from_rule_and_is_audited(staff):
    clerk = staff["clerk"]
    holder = make_card(YEJI_INTRODUCED)
    view = open_at_window(holder.card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF)

    assert view.amount_yuan == Decimal("30000.00")
    assert view.status == "submitted" and view.status_label == "已提交"
    assert view.card_no == holder.card_no and view.district == "叶集区"
    assert view.window == clerk.window and view.opened_by == clerk.username
    assert view.citation == YEJI_CITATION + "四" and view.doc_id == "yeji" and view.clause == "四"
    assert view.period == "" and view.benefit == "新引进技师及以上人才生活补贴和住房补贴"

    row = db.session.get(SubsidyApplication, view.id)
    assert row.amount_yuan == Decimal("30000.00") and row.opened_by == clerk.staff_id

    (entry,) = _audit("application.open", outcome="ok")
    assert entry.staff_id == clerk.staff_id and entry.window == clerk.window
    assert entry.target_type == "application" and entry.target_id == str(view.id)
    assert entry.detail["amount_yuan"] == "30000.00"
    assert entry.detail["rule_id"] == "yeji-intro-living-housing"
    assert entry.detail["card_id"] == holder.card_id
    blob = repr(entry.detail)
    assert holder.name not in blob and holder.id_number not in blob and holder.phone not in blob

    assert [a.id for a in applications_for_card(holder.card_id)] == [view.id]
    assert [a.id for a in applications_for_openid(holder.openid)] == [view.id]
    assert applications_for_openid("oNobody") == []
    assert get_application(view.id) == view


def test_second_application_for_same_benefit_is_refused_with_reason(staff):
    clerk = staff["clerk"]
    holder = make_card(YEJI_INTRODUCED)
    first = open_at_window(holder.card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF)

    with pytest.raises(Conflict) as err:
        open_at_window(holder.card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF)
    assert err.value.code == "double_claim" and err.value.status == 409
    message = err.value.message
    assert f"已于{_today_local()}在{clerk.window}申请过" in message
    assert f"申请编号{first.id}" in message and "不能重复申领" in message

    # The card view says the same before anyone tries.
    living = _option(benefits_for_card(holder.card_id, as_of=AS_OF), "yeji-intro-living-housing")
    assert not living.claimable and living.blocked_reason == message
    assert db.session.scalar(select(func.count()).select_from(SubsidyApplication)) == 1
    (refusal,) = _audit("application.open", outcome="refused")
    assert refusal.detail["code"] == "double_claim" and refusal.target_id == str(holder.card_id)


def test_monthly_benefit_once_per_month(staff):
    clerk = staff["clerk"]
    holder = make_card(YEJI_CHIEF, skill_level="首席技师")
    rule = "yeji-chief-technician-allowance"  # 每人每月600元
    nov = open_at_window(holder.card_id, rule, clerk, as_of=AS_OF)
    assert nov.amount_yuan == Decimal("600.00") and nov.period == "2026-11"
    with pytest.raises(Conflict) as err:
        open_at_window(holder.card_id, rule, clerk, as_of=date(2026, 11, 30))
    assert err.value.code == "double_claim" and "2026年11月" in err.value.message
    dec = open_at_window(holder.card_id, rule, clerk, as_of=date(2026, 12, 1))
    assert dec.period == "2026-12"


def test_rejected_application_does_not_block_a_new_one(staff):
    holder = make_card(YEJI_INTRODUCED)
    first = open_at_window(holder.card_id, "yeji-intro-living-housing", staff["clerk"], as_of=AS_OF)
    with pytest.raises(Refused) as err:
        decide_application(first.id, staff["reviewer"], approve=False, reason="   ")
    assert err.value.code == "reason_required"
    assert get_application(first.id).status == "submitted"

    rejected = decide_application(
        first.id, staff["reviewer"], approve=False, reason="社保缴费记录不足36个月，请补充材料"
    )
    assert rejected.status_label == "已驳回" and rejected.reject_reason.startswith("社保")
    assert rejected.decided_at is not None
    living = _option(benefits_for_card(holder.card_id, as_of=AS_OF), "yeji-intro-living-housing")
    assert living.claimable
    again = open_at_window(holder.card_id, "yeji-intro-living-housing", staff["clerk"], as_of=AS_OF)
    assert again.id != first.id and again.status == "submitted"
    assert [a.id for a in applications_for_card(holder.card_id)] == [again.id, first.id]


def test_only_allowed_transitions(staff):
    reviewer, finance = staff["reviewer"], staff["finance"]
    holder = make_card(YEJI_INTRODUCED)
    app_id = open_at_window(
        holder.card_id, "yeji-intro-living-housing", staff["clerk"], as_of=AS_OF
    ).id

    with pytest.raises(Conflict) as err:  # not approved yet
        pay_application(app_id, finance)
    assert err.value.code == "invalid_transition" and "已提交" in err.value.message
    with pytest.raises(Conflict):  # only a paid one can be clawed back
        claw_back(app_id, finance, reason=CLAWBACK_DEFAULT_REASON)

    approved = decide_application(app_id, reviewer, approve=True)
    assert approved.status_label == "已批准" and approved.decided_at is not None
    paid = pay_application(app_id, finance)
    assert paid.status_label == "已发放" and paid.paid_at is not None

    with pytest.raises(Conflict) as err:  # approve a paid one
        decide_application(app_id, reviewer, approve=True)
    assert err.value.code == "invalid_transition" and "已发放" in err.value.message
    with pytest.raises(Conflict):
        pay_application(app_id, finance)  # paid twice
    with pytest.raises(Refused) as err:
        claw_back(app_id, finance, reason="")
    assert err.value.code == "reason_required" and "追回" in err.value.message

    back = claw_back(app_id, finance, reason=CLAWBACK_DEFAULT_REASON)
    assert back.status_label == "已追回" and back.clawback_reason == CLAWBACK_DEFAULT_REASON
    assert back.clawed_back_at is not None
    with pytest.raises(Conflict) as err:
        pay_application(app_id, finance)  # clawed back cannot be paid again
    assert "已追回" in err.value.message
    with pytest.raises(Conflict):
        decide_application(app_id, reviewer, approve=False, reason="再驳回")
    # A clawed-back benefit still counts as claimed.
    with pytest.raises(Conflict) as err:
        open_at_window(holder.card_id, "yeji-intro-living-housing", staff["clerk"], as_of=AS_OF)
    assert err.value.code == "double_claim" and "已追回" in err.value.message

    actions = [a.action for a in _audit_ok()]
    assert actions == [
        "application.open",
        "application.approve",
        "application.pay",
        "application.claw_back",
    ]
    refused = {
        a.action for a in db.session.scalars(select(AuditLog).where(AuditLog.outcome == "refused"))
    }
    assert refused >= {"application.pay", "application.claw_back", "application.approve"}


def _audit_ok():
    return db.session.execute(
        select(AuditLog).where(AuditLog.outcome == "ok").order_by(AuditLog.id)
    ).scalars()


def test_clawback_default_reason_is_the_documents_sentence(real_knowledge):
    text = real_knowledge.kb.document("yeji").subtree_text("十")
    assert "对" + CLAWBACK_DEFAULT_REASON + "，并按照有关规定" in text


@pytest.mark.parametrize(
    ("action", "permission"),
    [
        ("decide", "application.decide"),
        ("reject", "application.decide"),
        ("pay", "application.pay"),
        ("claw_back", "application.claw_back"),
    ],
)
def test_clerk_cannot_take_reviewer_or_finance_actions(staff, action, permission):
    clerk = staff["clerk"]
    holder = make_card(YEJI_INTRODUCED)
    app_id = open_at_window(holder.card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF).id
    decide_application(app_id, staff["reviewer"], approve=True)
    if action == "claw_back":
        pay_application(app_id, staff["finance"])
    before = get_application(app_id).status
    calls = {
        "decide": lambda: decide_application(app_id, clerk, approve=True),
        "reject": lambda: decide_application(app_id, clerk, approve=False, reason="x"),
        "pay": lambda: pay_application(app_id, clerk),
        "claw_back": lambda: claw_back(app_id, clerk, reason=CLAWBACK_DEFAULT_REASON),
    }
    with pytest.raises(PermissionDenied) as err:
        calls[action]()
    assert err.value.status == 403 and err.value.permission == permission
    assert get_application(app_id).status == before
    denied = list(
        db.session.scalars(
            select(AuditLog).where(
                AuditLog.outcome == "denied", AuditLog.staff_id == clerk.staff_id
            )
        )
    )
    assert len(denied) == 1 and denied[0].target_id == str(app_id)
    assert denied[0].detail["code"] == "forbidden"


def test_finance_cannot_open_and_reviewer_cannot_pay(staff):
    holder = make_card(YEJI_INTRODUCED)
    with pytest.raises(PermissionDenied):
        open_at_window(holder.card_id, "yeji-intro-living-housing", staff["finance"], as_of=AS_OF)
    assert _audit("application.open", outcome="denied")[0].staff_id == staff["finance"].staff_id
    app_id = open_at_window(
        holder.card_id, "yeji-intro-living-housing", staff["admin"], as_of=AS_OF
    ).id
    decide_application(app_id, staff["admin"], approve=True)
    with pytest.raises(PermissionDenied):
        pay_application(app_id, staff["reviewer"])
    assert pay_application(app_id, staff["admin"]).status == "paid"  # admin holds every perm


# -- refusals on the merits ----------------------------------------------------------------
def test_not_eligible_is_refused_with_the_engines_reason(staff):
    clerk = staff["clerk"]
    hongze = make_card(HONGZE_INTRODUCED, district="洪泽区")
    with pytest.raises(Refused) as err:
        open_at_window(hongze.card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF)
    assert err.value.code == "not_eligible" and "不适用于洪泽区" in err.value.message

    short = make_card({**YEJI_INTRODUCED, "insurance_months": 35})  # 满3年 = 36 months
    with pytest.raises(Refused) as err:
        open_at_window(short.card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF)
    assert "不符合" in err.value.message and "35个月" in err.value.message

    draft = make_card(YEJI_INTRODUCED)
    with pytest.raises(Refused) as err:
        open_at_window(draft.card_id, "no-such-rule", clerk, as_of=AS_OF)
    assert "没有编号为「no-such-rule」的补贴项目" in err.value.message
    assert db.session.scalar(select(func.count()).select_from(SubsidyApplication)) == 0
    assert len(_audit("application.open", outcome="refused")) == 3


@pytest.mark.parametrize(
    "evil",
    [
        "yeji-intro-living-housing' OR '1'='1",
        "x'); DROP TABLE subsidy_application;--",
        "<script>alert(1)</script>",
        '=HYPERLINK("http://evil")',
    ],
)
def test_injection_like_input_is_inert(staff, evil):
    holder = make_card(YEJI_INTRODUCED)
    with pytest.raises(Refused) as err:
        open_at_window(holder.card_id, evil, staff["clerk"], as_of=AS_OF)
    assert err.value.code == "not_eligible"
    assert "subsidy_application" in inspect(db.engine).get_table_names()
    # Free-text reasons are stored verbatim and shown as text.
    app_id = open_at_window(
        holder.card_id, "yeji-intro-living-housing", staff["clerk"], as_of=AS_OF
    ).id
    view = decide_application(app_id, staff["reviewer"], approve=False, reason=evil)
    assert view.reject_reason == evil
    assert ledger_rows(LedgerFilter(rule_id=evil)) == []
    assert ledger_rows(LedgerFilter(rule_id="yeji-intro-living-housing"))[0].id == app_id


def test_inactive_or_missing_card(staff):
    clerk = staff["clerk"]
    pending = make_card(YEJI_INTRODUCED, status="pending")
    with pytest.raises(Conflict) as err:
        open_at_window(pending.card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF)
    assert err.value.code == "card_inactive" and "审核中" in err.value.message
    revoked = make_card(YEJI_INTRODUCED, status="revoked")
    with pytest.raises(Conflict) as err:
        open_at_window(revoked.card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF)
    assert err.value.code == "card_inactive"
    assert not any(o.claimable for o in benefits_for_card(revoked.card_id, as_of=AS_OF))
    with pytest.raises(NotFound):
        open_at_window(10**9, "yeji-intro-living-housing", clerk, as_of=AS_OF)
    with pytest.raises(NotFound):
        get_application(10**9)
    with pytest.raises(NotFound):
        pay_application(10**9, staff["finance"])


# -- exclusivity groups across applications -----------------------------------------------------
@pytest.fixture
def exclusive_app(make_app, real_knowledge, tmp_path):
    """An app whose rules put yeji-intro-living-housing and yeji-private-level-award in one
    exclusivity group (see factories.ledger.exclusive_catalogue)."""
    return make_app(knowledge=real_knowledge, RULES_CATALOGUE=exclusive_catalogue(tmp_path))


def test_exclusivity_group_is_enforced_across_applications(exclusive_app):
    with exclusive_app.app_context():
        clerk = actor_of(make_staff("clerk"))
        holder = make_card(YEJI_BOTH_INTRO_AND_LEVEL, certificate_date=date(2020, 5, 1))
        before, after = INTRO_UNTIL - timedelta(days=30), INTRO_UNTIL + timedelta(days=30)

        # While both are in force the engine offers the higher one only (按上限资助).
        options = {o.rule_id: o for o in benefits_for_card(holder.card_id, as_of=before)}
        assert options["yeji-intro-living-housing"].exclusivity_group == "yeji-intro-once"
        assert "yeji-private-level-award" not in options
        with pytest.raises(Refused) as err:
            open_at_window(holder.card_id, "yeji-private-level-award", clerk, as_of=before)
        assert "按最高者发放" in err.value.message and "十" in err.value.message
        first = open_at_window(holder.card_id, "yeji-intro-living-housing", clerk, as_of=before)
        assert first.exclusivity_group == "yeji-intro-once"

        # Later only the 2000 yuan award is in force: a different rule of the same group.
        award = _option(benefits_for_card(holder.card_id, as_of=after), "yeji-private-level-award")
        assert award.amount_yuan == Decimal("2000.00") and not award.claimable
        expected = (
            f"与已申请的「新引进技师及以上人才生活补贴和住房补贴」（申请编号{first.id}）同属一组，"
            f"符合多重条件的，按上限资助，不重复享受（{YEJI_CITATION}十）"
        )
        assert award.blocked_reason == expected
        with pytest.raises(Conflict) as err:
            open_at_window(holder.card_id, "yeji-private-level-award", clerk, as_of=after)
        assert err.value.code == "exclusive" and err.value.message == expected

        # Once the first is rejected, the group is free again.
        reviewer = actor_of(make_staff("reviewer"))
        decide_application(first.id, reviewer, approve=False, reason="材料不全")
        second = open_at_window(holder.card_id, "yeji-private-level-award", clerk, as_of=after)
        assert second.amount_yuan == Decimal("2000.00")
        db.session.remove()


def test_claims_follow_the_person_across_cards(staff):
    """A revoked card and the person's new card share the claims (person_key = 身份证号 hash)."""
    clerk = staff["clerk"]
    old = make_card(YEJI_INTRODUCED)
    open_at_window(old.card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF)
    old_row = db.session.execute(select(SubsidyApplication)).scalar_one()
    db.session.execute(update(BlueCard).where(BlueCard.id == old.card_id).values(status="revoked"))
    db.session.commit()
    new = make_card(YEJI_INTRODUCED)
    # Same person: give the new card the old card's person key.
    db.session.execute(
        update(BlueCard).where(BlueCard.id == new.card_id).values(id_number_hash=old_row.person_key)
    )
    db.session.commit()
    with pytest.raises(Conflict) as err:
        open_at_window(new.card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF)
    assert err.value.code == "double_claim"


# -- the ledger and its exports ----------------------------------------------------------------
def _set_opened(app_id: int, at: datetime) -> None:
    db.session.execute(
        update(SubsidyApplication).where(SubsidyApplication.id == app_id).values(opened_at=at)
    )
    db.session.commit()


@pytest.fixture
def ledger_data(staff):
    """Three applications: 叶集 paid (opened 2026-11-21 00:30 Beijing time, i.e. 11-20 UTC),
    叶集 monthly submitted (11-22), 洪泽 rejected (12-01)."""
    clerk, reviewer, finance = staff["clerk"], staff["reviewer"], staff["finance"]
    yeji = make_card(YEJI_INTRODUCED)
    hongze = make_card(HONGZE_INTRODUCED, district="洪泽区")
    paid = open_at_window(yeji.card_id, "yeji-intro-living-housing", clerk, as_of=AS_OF).id
    decide_application(paid, reviewer, approve=True)
    pay_application(paid, finance)
    monthly = open_at_window(yeji.card_id, "yeji-intro-salary-subsidy", clerk, as_of=AS_OF).id
    rejected = open_at_window(hongze.card_id, "hongze-intro-subsidy", clerk, as_of=AS_OF).id
    decide_application(rejected, reviewer, approve=False, reason="=1+1 材料不全")
    _set_opened(paid, datetime(2026, 11, 20, 16, 30, tzinfo=UTC))
    _set_opened(monthly, datetime(2026, 11, 22, 2, 0, tzinfo=UTC))
    _set_opened(rejected, datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
    return {"paid": paid, "monthly": monthly, "rejected": rejected, "yeji": yeji}


def _ids(filters: LedgerFilter) -> list[int]:
    return [r.id for r in ledger_rows(filters)]


def test_ledger_filters(ledger_data):
    paid, monthly, rejected = ledger_data["paid"], ledger_data["monthly"], ledger_data["rejected"]
    assert _ids(LedgerFilter()) == [paid, monthly, rejected]
    assert _ids(LedgerFilter(district="叶集区")) == [paid, monthly]
    assert _ids(LedgerFilter(district="淮安市洪泽区")) == [rejected]
    assert _ids(LedgerFilter(rule_id="yeji-intro-salary-subsidy")) == [monthly]
    assert _ids(LedgerFilter(status="paid")) == [paid]
    assert _ids(LedgerFilter(status="rejected", district="洪泽区")) == [rejected]
    # 2026-11-20 16:30 UTC is 2026-11-21 00:30 in Beijing: it belongs to the 21st.
    assert _ids(LedgerFilter(date_from=date(2026, 11, 21), date_to=date(2026, 11, 21))) == [paid]
    assert _ids(LedgerFilter(date_to=date(2026, 11, 20))) == []
    assert _ids(LedgerFilter(date_from=date(2026, 11, 22))) == [monthly, rejected]
    assert _ids(LedgerFilter(date_from=date(2026, 11, 22), date_to=date(2026, 11, 30))) == [monthly]
    for bad in (
        LedgerFilter(status="stolen"),
        LedgerFilter(district="火星区"),
        LedgerFilter(date_from=date(2026, 12, 2), date_to=date(2026, 12, 1)),
    ):
        with pytest.raises(Refused) as err:
            ledger_rows(bad)
        assert err.value.code == "bad_filter"


def test_export_is_finance_only_and_audited(ledger_data, staff):
    with pytest.raises(PermissionDenied):
        rows_for_export(LedgerFilter(), staff["clerk"])
    rows = rows_for_export(LedgerFilter(district="叶集区"), staff["finance"], fmt="csv")
    assert len(rows) == 2
    (entry,) = _audit("ledger.export", outcome="ok")
    assert entry.detail["rows"] == 2 and entry.detail["district"] == "叶集区"
    assert entry.detail["format"] == "csv"
    assert _audit("ledger.export", outcome="denied")[0].staff_id == staff["clerk"].staff_id


def test_xlsx_export(ledger_data):
    rows = ledger_rows(LedgerFilter())
    wb = load_workbook(io.BytesIO(to_xlsx(rows)))
    assert wb.sheetnames == [SHEET_TITLE]
    ws = wb[SHEET_TITLE]
    header = [c.value for c in ws[1]]
    assert header == list(COLUMNS)
    assert header[:7] == [
        "申请编号",
        "蓝卡号",
        "区县",
        "补贴项目",
        "政策依据",
        "期间",
        "金额（元）",
    ]
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"

    body = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=4)]
    amount = COLUMNS.index("金额（元）")
    assert [r[0] for r in body] == [
        ledger_data["paid"],
        ledger_data["monthly"],
        ledger_data["rejected"],
    ]
    assert [r[amount] for r in body] == [30000, 1200, 10000]
    assert all(isinstance(r[amount], int | float) for r in body)
    assert ws.cell(2, amount + 1).number_format == "#,##0.00"
    first = dict(zip(COLUMNS, body[0], strict=True))
    assert first["蓝卡号"] == ledger_data["yeji"].card_no and first["区县"] == "叶集区"
    assert first["政策依据"] == YEJI_CITATION + "四" and first["状态"] == "已发放"
    assert first["受理时间"] == datetime(2026, 11, 21, 0, 30)  # Beijing wall time
    assert first["发放时间"] is not None and first["追回时间"] is None
    assert dict(zip(COLUMNS, body[1], strict=True))["期间"] == "2026-11"
    # Totals per state, never mixed: the rejected 10000 is in no money total.
    totals = {ws.cell(r, 1).value: ws.cell(r, amount + 1).value for r in range(5, 10)}
    assert totals == {
        "已提交待审批合计（1笔）": 1200,
        "待发放（已批准）合计（0笔）": 0,
        "已发放合计（1笔）": 30000,
        "已驳回（不发放）合计（1笔）": 10000,
        "已追回（已收回）合计（0笔）": 0,
    }
    # No personal data beyond the card number.
    cells = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    holder = ledger_data["yeji"]
    assert holder.name not in cells and holder.id_number not in cells and holder.phone not in cells


def test_xlsx_keeps_typed_text_as_text(ledger_data, staff):
    evil = '=HYPERLINK("http://evil","x")'
    back = claw_back(ledger_data["paid"], staff["finance"], reason=evil)
    wb = load_workbook(io.BytesIO(to_xlsx([back])))
    cell = wb[SHEET_TITLE].cell(2, COLUMNS.index("追回原因") + 1)
    assert cell.data_type == "s" and cell.value == back.clawback_reason
    (_, line) = list(csv.reader(io.StringIO(to_csv([back]).removeprefix("\ufeff"))))
    assert line[COLUMNS.index("追回原因")] == "'" + evil  # shown as typed, never evaluated


def test_csv_export(ledger_data):
    text = to_csv(ledger_rows(LedgerFilter(status="paid")))
    assert text.startswith("\ufeff")
    data = text.encode("utf-8")
    assert data[:3] == b"\xef\xbb\xbf"
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 2
    row = dict(zip(COLUMNS, rows[1], strict=True))
    assert row["申请编号"] == str(ledger_data["paid"]) and row["金额（元）"] == "30000.00"
    assert row["状态"] == "已发放" and row["受理时间"] == "2026-11-21 00:30:00"
    assert row["补贴项目"] == "新引进技师及以上人才生活补贴和住房补贴"
    assert to_csv([]) == "\ufeff" + ",".join(COLUMNS) + "\r\n"


def _month(start: date, k: int) -> date:
    """The first day of the ``k``-th month after ``start``'s month."""
    n = start.year * 12 + start.month - 1 + k
    return date(n // 12, n % 12 + 1, 1)


def test_monthly_subsidy_stops_after_its_printed_duration(staff):
    """叶集区 四: 补助期限最长不超过3年 — 36 monthly claims, counted from the first claimed
    month; a rejected month claims nothing and does not start the period."""
    clerk, reviewer = staff["clerk"], staff["reviewer"]
    rule = "yeji-intro-salary-subsidy"
    holder = make_card(YEJI_INTRODUCED, district="叶集区", skill_level="技师")
    start = date(2026, 11, 1)
    rejected = open_at_window(holder.card_id, rule, clerk, as_of=_month(start, -1))
    decide_application(rejected.id, reviewer, approve=False, reason="工资流水不全")
    first = open_at_window(holder.card_id, rule, clerk, as_of=start)
    decide_application(first.id, reviewer, approve=True)
    for k in range(1, 36):
        assert open_at_window(holder.card_id, rule, clerk, as_of=_month(start, k)).period
    month_37 = _month(start, 36)  # 2029-11
    option = _option(benefits_for_card(holder.card_id, as_of=month_37), rule)
    assert not option.claimable
    expected = (
        f"补助期限最长不超过3年（{YEJI_CITATION}四）：本人此项补贴自2026年11月起计，"
        "2029年11月已超出期限，不能再申领"
    )
    assert option.blocked_reason == expected
    with pytest.raises(Conflict) as err:
        open_at_window(holder.card_id, rule, clerk, as_of=month_37)
    assert err.value.code == "term_exceeded" and err.value.message == expected
    # A month before the first claimed one would stretch the claims past 3 years as well.
    with pytest.raises(Conflict) as err:
        open_at_window(holder.card_id, rule, clerk, as_of=_month(start, -2))
    assert err.value.code == "term_exceeded" and "自2026年9月起计" in err.value.message
    # Another worker's period is their own.
    other = make_card(YEJI_INTRODUCED, district="叶集区", skill_level="技师")
    assert _option(benefits_for_card(other.card_id, as_of=month_37), rule).claimable
