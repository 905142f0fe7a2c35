"""An in-memory ``bot.services.BotServices`` for unit tests of the dialogue: it records what
the bot asks of the service core and answers as the database-backed one would."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.services import (
    ApplicationView,
    CardApplyOutcome,
    CardStart,
    CardView,
    GuideView,
    PhoneChangeOutcome,
)


class FakeBotServices:
    """Cards, applications, profiles, regions and opt-outs kept in dicts, by user id."""

    def __init__(self) -> None:
        self.applied: list[tuple[str, dict[str, Any]]] = []
        self.cards: dict[str, CardView] = {}
        self.applications: dict[str, list[ApplicationView]] = {}
        self.opted_out: dict[str, bool] = {}
        self.regions: dict[str, str] = {}
        self.profiles: dict[str, dict[str, Any]] = {}
        self.next_outcome: CardApplyOutcome | None = None
        self.guides: dict[str, GuideView] = {}
        self.guide_asks: list[tuple[str, str | None]] = []
        self.phones: dict[str, str] = {}

    def remember_region(self, user_id: str, region: str) -> None:
        self.regions[user_id] = region

    def save_profile(self, user_id: str, answers: Mapping[str, Any]) -> None:
        self.profiles[user_id] = dict(answers)

    def delete_profile(self, user_id: str) -> bool:
        return self.profiles.pop(user_id, None) is not None

    def apply_card(self, user_id: str, form: Mapping[str, Any]) -> CardApplyOutcome:
        self.applied.append((user_id, dict(form)))
        if self.next_outcome is not None:
            return self.next_outcome
        self.cards[user_id] = CardView(
            status="pending",
            status_label="审核中",
            skill_level=str(form["skill_level"]),
            district=str(form["district"]),
            name_masked="张*丰",
        )
        return CardApplyOutcome(ok=True, status="pending", status_label="审核中", district="叶集区")

    def change_phone(self, user_id: str, phone: str) -> PhoneChangeOutcome:
        if user_id not in self.cards:
            return PhoneChangeOutcome(ok=False, message="你还没有审核中或有效的技工蓝卡")
        digits = "".join(c for c in phone if c.isdigit()).removeprefix("86")
        if len(digits) != 11:
            return PhoneChangeOutcome(ok=False, message="手机号应为11位", retry=True)
        self.phones[user_id] = digits
        return PhoneChangeOutcome(ok=True, phone_masked=digits[:3] + "****" + digits[-4:])

    def my_card(self, user_id: str) -> CardView | None:
        return self.cards.get(user_id)

    def my_applications(self, user_id: str) -> list[ApplicationView]:
        return list(self.applications.get(user_id, []))

    def opt_out(self, user_id: str) -> None:
        self.opted_out[user_id] = True

    def opt_in(self, user_id: str) -> None:
        self.opted_out[user_id] = False

    def card_start(self, user_id: str) -> CardStart:
        card = self.cards.get(user_id)
        if card is None or card.status not in ("pending", "active", "suspended"):
            return CardStart(can_apply=True)
        messages = {
            "pending": (
                "card_pending",
                "你的蓝卡申请正在审核中，不用再填写申请表；审核结果会通知你",
            ),
            "active": (
                "card_active",
                "你已有一张有效的蓝卡，不能重复申请；换了工作单位请到窗口办理变更",
            ),
            "suspended": (
                "card_suspended",
                "你的蓝卡自2026年2月20日起已暂停使用，原因：社保断缴待核实。暂停期间不能重新申请，"
                "也不能申请补贴；请带身份证到窗口咨询恢复。",
            ),
        }
        code, message = messages[card.status]
        return CardStart(False, code, message, card.status)

    def benefit_guide(self, district: str, rule_id: str | None) -> GuideView | None:
        self.guide_asks.append((district, rule_id))
        return self.guides.get(district)
