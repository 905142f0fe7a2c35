"""Policy documents as a service: upload → preview → corrections → publish → every app
instance answers from it; lifecycle changes; broken uploads change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from factories.documents import pdf_bytes, xuyi_docx
from factories.ledger import HONGZE_TECHNICIAN
from factories.testapp import EchoBot
from notif_helpers import clear_queue, drain, staff
from sqlalchemy import func, select

from bluecard.documents import services as documents
from bluecard.documents.models import PolicyDocument
from bluecard.extensions import db
from bluecard.models import AuditLog
from bluecard.notifications import matching, worker
from bluecard.notifications.models import RuleSnapshot
from bluecard.runtime import current_runtime
from bluecard.services.errors import Conflict, NotFound, Refused
from bluecard.staff.audit import Actor, PermissionDenied
from bluecard.stores import redis_lock
from policy_kb.eligibility import evaluate, parse_profile
from policy_kb.regions import canonical_region

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("bundled_registry")]


@pytest.fixture
def app(make_app, real_knowledge):
    return make_app(bot=EchoBot(), knowledge=real_knowledge)


def _rows() -> int:
    return db.session.execute(select(func.count()).select_from(PolicyDocument)).scalar_one()


def test_upload_preview_correct_publish_and_every_instance_follows(app, make_app, real_knowledge):
    other = make_app(
        bot=EchoBot(), knowledge=real_knowledge, KNOWLEDGE_CHECK_SECONDS=0
    )  # a second worker
    with app.app_context():
        actor = staff("policy")
        view = documents.upload(actor, "盱眙办法.docx", xuyi_docx())
        assert view.stage == "pending" and view.stage_label == "待发布"
        assert view.meta["wenhao"] == "盱人社发〔2026〕8号"
        assert view.meta["regions"] == ["盱眙县"]
        assert view.meta["title"] == "盱眙县技能人才引进补贴办法"  # not 「关于印发…的通知」
        assert [c.clause_id for c in view.clauses][:3] == ["序言", "一", "二"]
        assert [t.text for t in view.tables][-1] == "高级工：补贴（元）6000。"
        assert not view.has_rules
        # Pending: nobody answers from it yet.
        assert "doc_id" not in str(current_runtime().knowledge.kb.documents.keys() & {view.doc_id})

        result = documents.publish(actor, view.id, {"issued_on": "2026-03-05"})
        assert result.version == 1 and result.document.meta["issued_on"] == "2026-03-05"
        db.session.remove()

    for instance in (app, other):
        with instance.test_request_context():
            knowledge = current_runtime().knowledge
            doc = knowledge.kb.document(view.doc_id)
            assert doc.meta.issued_on == date(2026, 3, 5)
            hit = knowledge.index.search("盱眙引进技师有什么补贴", top=1).hits[0]
            assert hit.doc_id == view.doc_id
            assert canonical_region("盱眙") == "盱眙县"
    with app.app_context():
        actions = db.session.execute(select(AuditLog.action)).scalars().all()
        assert {"document.upload", "document.publish"} <= set(actions)


def test_the_index_is_built_once_per_version(app):
    with app.app_context():
        view = documents.upload(staff("policy"), "盱眙办法.docx", xuyi_docx())
        documents.publish(staff("policy"), view.id)
    with app.test_request_context():
        first = current_runtime().knowledge
    with app.test_request_context():
        assert current_runtime().knowledge is first  # same version: nothing rebuilt
        assert current_runtime().bot is current_runtime().bot


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (pdf_bytes(scanned=True), "scanned"),
        (pdf_bytes(["一、总则"], password="x"), "encrypted"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "wrong_type"),
        (b"0" * (10 * 1024 * 1024 + 1), "too_large"),
        ("没有编号的一段话。".encode(), "no_clauses"),
    ],
)
def test_broken_uploads_change_nothing(app, data, code):
    with app.app_context():
        actor = staff("policy")
        with pytest.raises(Refused) as err:
            documents.upload(actor, "文件.pdf", data)
        assert err.value.code == code
        assert _rows() == 0 and documents.knowledge_version() == 0
        refused = db.session.execute(
            select(AuditLog).where(AuditLog.action == "document.upload")
        ).scalar_one()
        assert refused.outcome == "refused"


def test_same_file_twice_and_permissions(app):
    with app.app_context():
        actor = staff("policy")
        data = xuyi_docx()
        documents.upload(actor, "a.docx", data)
        with pytest.raises(Conflict):
            documents.upload(actor, "b.docx", data)
        with pytest.raises(PermissionDenied):
            documents.upload(staff("clerk"), "c.docx", xuyi_docx())
        assert _rows() == 1


def test_publish_needs_a_title_and_a_region_and_names_bad_fields(app):
    lines = ("办法", "一、对象", "新引进的技师。")
    from factories.documents import xuyi_docx as make

    with app.app_context():
        actor = staff("policy")
        view = documents.upload(actor, "x.docx", make(lines, with_table=False))
        assert view.meta["regions"] == [] and "缺少适用地区（区县或市）" in view.problems
        with pytest.raises(Refused) as err:
            documents.publish(actor, view.id)
        assert "缺少适用地区" in err.value.message
        with pytest.raises(documents.DocumentFormError) as bad:
            documents.publish(actor, view.id, {"regions": "火星县", "issued_on": "3月5日"})
        assert set(bad.value.errors) == {"regions", "issued_on"}
        assert documents.knowledge_version() == 0
        done = documents.publish(actor, view.id, {"regions": "盱眙", "title": "盱眙县办法"})
        assert done.document.meta["regions"] == ["盱眙县"] and done.version == 1
        with pytest.raises(Conflict):
            documents.publish(actor, view.id)


def test_retire_a_bundled_document_stops_its_rules_and_answers_warn(app):
    profile = HONGZE_TECHNICIAN
    with app.app_context():
        before = evaluate(parse_profile(profile))
        assert before.benefits, "the 洪泽 document grants an introduced 技师 something"
        actor = staff("policy")
        result = documents.retire(actor, "hongze-2021", "expired", "2022-06-01")
        assert result.document.lifecycle_label == "已失效" and result.version == 1
        db.session.remove()
    with app.test_request_context():
        meta = current_runtime().knowledge.kb.document("hongze-2021").meta
        from policy_kb import docinfo

        assert docinfo.standing(meta, date(2022, 6, 1)) == "expired"
        assert docinfo.standing(meta, date(2022, 5, 31)) == "in_force"
        assert evaluate(parse_profile(profile)).benefits  # 2021-09-01: still in force
        after = evaluate(parse_profile({**profile, "as_of": "2022-06-01"}))
        assert not after.benefits
        assert any("已于2022-06-01失效" in w for w in after.warnings)


def test_superseded_needs_its_successor_and_district_staff_see_their_own(app):
    with app.app_context():
        actor = staff("policy")
        view = documents.upload(actor, "x.docx", xuyi_docx())
        documents.publish(actor, view.id)
        with pytest.raises(documents.DocumentFormError) as bad:
            documents.retire(actor, "hongze-2021", "superseded", "2026-06-01", None)
        assert "superseded_by" in bad.value.errors
        documents.retire(actor, "hongze-2021", "superseded", "2026-06-01", view.doc_id)
        listed = {d.doc_id: d for d in documents.list_documents(actor)}
        assert listed["hongze-2021"].meta["superseded_by"] == view.doc_id
        assert listed["yeji"].has_rules and not listed[view.doc_id].has_rules
        from bluecard.staff.audit import Actor

        yeji_staff = Actor(actor.staff_id, actor.username, "policy", district="叶集区")
        with pytest.raises(NotFound):
            documents.get_document(yeji_staff, view.id)
        assert {d.doc_id for d in documents.list_documents(yeji_staff)} == {"yeji"}
    with app.test_request_context():
        meta = current_runtime().knowledge.kb.document("hongze-2021").meta
        assert meta.successor == "盱人社发〔2026〕8号"


def test_discard_a_pending_upload_audited_then_the_same_file_may_come_again(app):
    with app.app_context():
        actor = staff("policy")
        view = documents.upload(actor, "盱眙办法.docx", xuyi_docx())
        dropped = documents.discard(actor, view.id)
        assert dropped.doc_id == view.doc_id and _rows() == 0
        with pytest.raises(NotFound):
            documents.get_document(actor, view.id)
        audit = db.session.execute(
            select(AuditLog).where(AuditLog.action == "document.discard")
        ).scalar_one()
        assert audit.outcome == "ok" and audit.target_id == str(view.id)
        assert audit.detail["doc_id"] == view.doc_id and audit.detail["filename"] == "盱眙办法.docx"

        again = documents.upload(actor, "盱眙办法.docx", xuyi_docx())  # not 「已经上传过」
        documents.publish(actor, again.id)
        with pytest.raises(Conflict) as published:
            documents.discard(actor, again.id)
        assert published.value.code == "already_published" and _rows() == 1
        assert current_runtime().knowledge.kb.document(again.doc_id)  # still answered from

        other = documents.upload(actor, "无附件.docx", xuyi_docx(with_table=False))
        yeji_staff = Actor(actor.staff_id, actor.username, "policy", district="叶集区")
        with pytest.raises(NotFound):
            documents.discard(yeji_staff, other.id)
        with pytest.raises(PermissionDenied):
            documents.discard(staff("clerk"), other.id)
        assert _rows() == 2
        outcomes = db.session.execute(
            select(AuditLog.outcome).where(AuditLog.action == "document.discard")
        ).scalars()
        assert sorted(outcomes) == ["denied", "ok", "refused", "refused"]


@pytest.mark.parametrize("queued", [True, False], ids=["redis-queue", "embedded"])
def test_matching_after_publish_runs_on_the_worker_queue_or_in_process(app, monkeypatch, queued):
    """With REDIS_URL the publish request only enqueues matching and a worker runs it; on
    the embedded defaults (no queue, as notifications' delivery) it runs in the request."""
    monkeypatch.setattr(worker, "uses_queue", lambda: queued)
    with app.app_context():
        actor = staff("policy")
        view = documents.upload(actor, "盱眙办法.docx", xuyi_docx())
        result = documents.publish(actor, view.id)
        if queued:
            assert result.matching == documents.MATCHING_QUEUED
            assert _snapshots() == 0  # the request did not wait for the matching
            drain(app)
        else:
            assert result.matching is not None and result.matching.startswith("首次匹配")
        assert _snapshots() > 0  # every rule's digest recorded by the run
        runs = db.session.execute(
            select(AuditLog.actor, AuditLog.outcome).where(AuditLog.action == "rules.match")
        ).all()
        assert runs == [(actor.username, "ok")]
    clear_queue(app)


def test_one_matching_run_at_a_time(app):
    with app.app_context():
        actor = staff("policy")
        runtime = current_runtime()
        held = f"{runtime.settings.redis_prefix}:{matching.LOCK_NAME}"
        with redis_lock(runtime.redis, held, ttl=30, wait=1), pytest.raises(Conflict) as busy:
            matching.run_matching(actor, lock_wait=0.2)
        assert busy.value.code == "matching_busy"
        assert _snapshots() == 0
        assert matching.run_matching(actor, lock_wait=0.2).first_run  # free again


def _snapshots() -> int:
    db.session.remove()
    return db.session.execute(select(func.count()).select_from(RuleSnapshot)).scalar_one()
