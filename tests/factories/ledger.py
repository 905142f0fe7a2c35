"""Test data for the ledger tests: active cards with a stored worker profile,
and a rules catalogue in which two 叶集区 benefits share an exclusivity group.

Cards are made directly with the models and the app's cipher (not through the cards service)
so the ledger tests depend only on the tables; staff accounts: ``factories.console.make_staff``.
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bluecard.extensions import db
from bluecard.ledger import guides
from bluecard.ledger import services as ledger
from bluecard.models import BlueCard, Employment, utcnow
from bluecard.profiles.services import save_profile
from bluecard.runtime import current_runtime
from bluecard.services.errors import ServiceError

_serial = itertools.count(1)
_REGION_CODES = {"叶集区": "341504", "洪泽区": "320813"}


@dataclass(frozen=True)
class Holder:
    """A card holder made for a test: card id, openid, the clear personal data (to check it
    never leaks) and the card number."""

    card_id: int
    openid: str
    name: str
    id_number: str
    phone: str
    card_no: str | None


def make_card(
    profile: dict[str, Any] | None,
    *,
    district: str = "叶集区",
    skill_level: str = "技师",
    certificate_date: date = date(2012, 1, 1),
    status: str = "active",
) -> Holder:
    """A card of ``status`` for a new person in ``district``, with ``profile`` stored for its
    openid (None: no stored profile). Committed."""
    n = next(_serial)
    openid = f"oLedger{uuid.uuid4().hex[:12]}"
    code = _REGION_CODES[district]
    # Unique per run: the check digit is irrelevant here (only the keyed hash is compared).
    id_number = f"{code}1990{uuid.uuid4().int % 10**8:08d}"
    name, phone = f"测试工人{n}", f"139{uuid.uuid4().int % 10**8:08d}"
    cipher = current_runtime().cipher
    if profile is not None:
        save_profile(openid, {"region": district, **profile})
    now = utcnow()
    card_no = f"{code}2026{uuid.uuid4().int % 10**6:06d}{n}" if status != "pending" else None
    card = BlueCard(
        openid=openid,
        status=status,
        card_no=card_no,
        name_enc=cipher.encrypt(name),
        id_number_enc=cipher.encrypt(id_number),
        id_number_hash=cipher.lookup_hash(id_number),
        phone_enc=cipher.encrypt(phone),
        social_security_no_enc=cipher.encrypt(f"SS{n:08d}"),
        skill_level=skill_level,
        certificate_no=f"CERT{n:06d}",
        certificate_issuer="六安市人力资源和社会保障局",
        certificate_date=certificate_date,
        district=district,
        district_code=code,
        qr_version=1,
        consented_at=now,
        applied_at=now,
        reviewed_at=now if status != "pending" else None,
    )
    card.employments.append(
        Employment(
            employer_name="测试机械有限公司",
            credit_code=f"91{code}MA2TEST0{n % 10}X",
            started_on=date(2020, 1, 1),
        )
    )
    db.session.add(card)
    db.session.commit()
    return Holder(card.id, openid, name, id_number, phone, card_no)


# -- profiles the engine finds eligible for known amounts (tests/cases/eligibility/*.yaml) ----
#: 叶集区 四: a newly introduced 技师 with 40 months of social insurance gets 10000 + 20000 yuan
#: (yeji-intro-living-housing); in an urgently needed post at 6000 yuan a month, 20% = 1200
#: yuan a month (yeji-intro-salary-subsidy).
YEJI_INTRODUCED = {
    "introduced": True,
    "shortage_post": True,
    "employer_type": "民营企业",
    "contract_years": 5,
    "insurance_months": 40,
    "tenure_years": 1,
    "monthly_salary": 6000,
}
#: 叶集区 六: a 六安市首席技师 gets 600 yuan a month (yeji-chief-technician-allowance).
YEJI_CHIEF = {"honors": ["六安市首席技师"]}
#: 洪办发〔2021〕10号 三（三）1: an introduced 技师 in a key industry, urgently needed post,
#: 1+ year contract, 6+ months insurance gets 10000 yuan (hongze-intro-subsidy).
HONGZE_INTRODUCED = {
    "introduced": True,
    "shortage_post": True,
    "key_industry": True,
    "employer_in_region": True,
    "employer_type": "民营企业",
    "contract_years": 3,
    "insurance_months": 14,
}
#: 洪泽区's introduced 技师 of 2021 as a whole profile (date, place, level): in a key
#: industry and an urgently needed post, 2-year contract, 8 months insured; the 洪泽 document
#: grants it hongze-intro-subsidy, 10000 yuan (三（三）1).
HONGZE_TECHNICIAN = {
    "as_of": "2021-09-01",
    "region": "洪泽区",
    "skill_level": "技师",
    "introduced": True,
    "key_industry": True,
    "shortage_post": True,
    "employer_in_region": True,
    "contract_years": 2,
    "insurance_months": 8,
}
#: Meets both yeji-intro-living-housing (30000) and yeji-private-level-award (技师 2000):
#: 民营企业, 3 years with the employer, certificate obtained after the document.
YEJI_BOTH_INTRO_AND_LEVEL = {
    "introduced": True,
    "employer_type": "民营企业",
    "contract_years": 5,
    "insurance_months": 40,
    "tenure_years": 3,
}

#: The last day yeji-intro-living-housing is in force in the exclusive catalogue.
INTRO_UNTIL = date(2026, 6, 30)


def exclusive_catalogue(tmp_dir: Path) -> Any:
    """The bundled 叶集区 rules, except that yeji-intro-living-housing and
    yeji-private-level-award form one exclusivity group (the reading the rules' own notes
    allow: "如经办部门认定为同类，按十“符合多重条件的，按上限资助，不重复享受”只发较高者") and the
    living/housing subsidy ends on INTRO_UNTIL. So a worker meeting both is offered the 30000
    yuan subsidy before that day and the 2000 yuan award after it: two different rules of one
    group, which the ledger must not both pay. Checked against the real text like any
    catalogue (quotes, amounts)."""
    from policy_kb.eligibility import load_catalogue

    source = Path(__file__).resolve().parents[2] / "policy_kb" / "rules" / "yeji.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["exclusivity"].append(
        {
            "id": "yeji-intro-once",
            "clause": "十",
            "quote": "符合多重条件的，按上限资助，不重复享受。",
            "reason": "引进人才补贴与技能等级奖励由经办部门认定为同类，按上限资助一次",
        }
    )
    for rule in data["rules"]:
        if rule["id"] in ("yeji-intro-living-housing", "yeji-private-level-award"):
            rule["group"] = "yeji-intro-once"
        if rule["id"] == "yeji-intro-living-housing":
            rule["effective_until"] = INTRO_UNTIL.isoformat()
    tmp_dir.mkdir(parents=True, exist_ok=True)
    (tmp_dir / "yeji.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return load_catalogue(tmp_dir)


#: 叶集区 三: 民营企业职工 with 3 years at one employer obtaining 技师 after the document: 2000 yuan.
LEVEL_AWARD = "yeji-private-level-award"


def verified_only_catalogue(tmp_dir: Path) -> Any:
    """The bundled 叶集区 rules, except that the level award reads only facts a card verifies
    (tenure with the employer, level and certificate date): the employer type and social
    insurance conditions are dropped, as a district that checks them at card approval would."""
    from policy_kb.eligibility import load_catalogue

    source = Path(__file__).resolve().parents[2] / "policy_kb" / "rules" / "yeji.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for rule in data["rules"]:
        if rule["id"] == LEVEL_AWARD:
            rule["conditions"] = [
                c
                for c in rule["conditions"]
                if c["field"] not in ("employer_type", "insurance_months")
            ]
    tmp_dir.mkdir(parents=True, exist_ok=True)
    (tmp_dir / "yeji.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return load_catalogue(tmp_dir)


# -- real concurrency ------------------------------------------------------------------------
def race(app: Any, calls: list[Callable[[], Any]], timeout: float = 30.0) -> list[Any]:
    """Run each call in its own thread with its own app context (own session and database
    connection), all released together by a Barrier. Returns, per call, its result or the
    ServiceError it raised; any other exception fails the test."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    crashes: list[BaseException] = []

    def run(i: int, call: Callable[[], Any]) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout)
                results[i] = call()
            except ServiceError as err:
                results[i] = err
            except BaseException as err:  # surfaced below, in the test's thread
                crashes.append(err)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a racing thread hung"
    if crashes:
        raise crashes[0]
    return results


def open_at_window(card_id: int, rule_id: str, actor: Any, *, as_of: date | None = None) -> Any:
    """Open an application at a window (``ledger.open_application``) as a clerk who checked
    every item of the benefit's 受理 checklist in the card's district: its ApplicationView.
    A rule without a guide there (unknown rule, another region) confirms nothing, so the
    service's own refusal (``not_eligible`` …) is what the test sees."""
    card = db.session.get(BlueCard, card_id)
    try:
        keys = [i.key for i in guides.guide(rule_id, card.district if card else None).checklist]
    except ServiceError:
        keys = []
    return ledger.open_application(card_id, rule_id, actor, confirmed=keys, as_of=as_of)
