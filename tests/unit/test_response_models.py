"""The API's response models that mirror a service dataclass take its fields from it
(``miniapp_api.schemas.fields_of``): what the OpenAPI document says of each is exactly what
the endpoint's JSON carries — every key, none more, each value of the documented type."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import BaseModel

from bluecard.cards.services import EmploymentView
from bluecard.stats.grouping import QuestionGroup
from bluecard.talent.services import DemandView, OfferResult, WorkerView
from miniapp_api.cards import EmploymentItem, FormFieldItem
from miniapp_api.schemas import fields_of
from miniapp_api.stats import UnansweredBody, unanswered_json
from miniapp_api.talent import DemandItem, OfferResponse, TradeBalanceItem, WorkerItem
from policy_kb.card_form import CARD_FIELDS
from policy_kb.talent import TradeBalance

NOW = datetime(2026, 11, 30, 17, 5, tzinfo=UTC)  # 2026-12-01 01:05 in China

WORKER = WorkerView(
    id=7,
    source="card",
    source_label="蓝卡持卡人",
    status="active",
    status_label="在库",
    name_masked="李*",
    phone_masked="139****5678",
    skill_level="技师",
    trade="焊工",
    employer=None,
    industry=None,
    district="叶集区",
    open_to_offers=True,
    updated_at=NOW,
)
DEMAND = DemandView(
    id=3,
    employer_name="叶集精工机械有限公司",
    credit_code=None,
    contact_name_masked="王*",
    contact_phone_masked="138****0000",
    trade="焊工",
    skill_level="高级工",
    count=5,
    wage_min=6000,
    wage_max=8000,
    district="叶集区",
    valid_until=date(2026, 12, 31),
    status="open",
    status_label="招聘中",
    expired=False,
    source="staff",
    created_at=NOW,
    offered_at=None,
    offer_notification_id=None,
)
OFFER = OfferResult(demand_id=3, matched=4, notified=3, notification_id=11)
BALANCE = TradeBalance(trade="焊工", demand=5, available=2, registered=9, high_skill=3)
GROUP = QuestionGroup("职称评审什么时候开始", 3, NOW, ("职称评审啥时候开始",))
JOB = EmploymentView("叶集精工机械有限公司", "91341500MA2N0X1234", date(2024, 3, 1), None)


@pytest.mark.parametrize(
    ("model", "body"),
    [
        (WorkerItem, WORKER.to_dict()),
        (DemandItem, DEMAND.to_dict()),
        (OfferResponse, {**vars(OFFER), "message": OFFER.message}),  # as send_offers answers
        (TradeBalanceItem, {**vars(BALANCE), "gap": BALANCE.gap}),
        (UnansweredBody, unanswered_json(GROUP)),
        (EmploymentItem, EmploymentItem(**vars(JOB)).model_dump(mode="json")),
        *((FormFieldItem, FormFieldItem(**vars(f)).model_dump(mode="json")) for f in CARD_FIELDS),
    ],
)
def test_the_json_carries_exactly_what_the_model_documents(model: type[BaseModel], body: Any):
    assert set(body) == set(model.model_fields)
    schema = model.model_json_schema()
    assert set(schema["required"]) == set(body)  # the document promises every key
    assert model.model_validate(body, strict=False).model_dump(mode="json") == body


def test_a_models_fields_come_from_its_dataclass_in_order():
    assert list(WorkerItem.model_fields) == [f.name for f in fields(WorkerView)]
    assert list(DemandItem.model_fields).index("open") == (
        [f.name for f in fields(DemandView)].index("expired") + 1
    )
    assert list(TradeBalanceItem.model_fields)[-1] == "gap"
    # A date shown as text is documented as text; the others keep the dataclass's type.
    props = WorkerItem.model_json_schema()["properties"]
    assert props["updated_at"] == {"title": "Updated At", "type": "string"}
    assert props["source"]["description"] == "card | registered"
    assert EmploymentItem.model_json_schema()["properties"]["started_on"]["format"] == "date"


def test_a_field_the_dataclass_lacks_is_refused():
    @dataclass
    class Shape:
        a: int
        b: str = ""

        @property
        def real(self) -> bool:
            return True

    model = fields_of(Shape, as_json={"a": str})
    assert model.model_json_schema()["required"] == ["a", "b"]  # defaults are not the API's
    with pytest.raises(KeyError, match="nope"):
        fields_of(Shape, as_json={"nope": str})
    with pytest.raises(KeyError, match="nope"):
        fields_of(Shape, properties={"nope": "b"})  # not a property of Shape
    with pytest.raises(KeyError, match="c"):
        fields_of(Shape, properties={"real": "c"})  # no field c to follow
