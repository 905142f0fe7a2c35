"""Where a worker is, and which place's policy answers them.

A message may name a place (「那洪泽的呢」「我在苏州工作」「沭阳县的培训人数」); a worker may have
said where they are earlier. ``policy_kb.places.resolve_places`` says, for each place named,
which covered region holds its policy: the region itself (exact), the region a county or a
township lies in (inside: 沭阳县 → 宿迁市, 三元镇 → 叶集区, 高墟镇 → 沭阳县 → 宿迁市, said in the
reply: 「三元镇属于叶集区」「沭阳县高墟镇属于宿迁市」), or none (苏州: no document is held, said
plainly, and no other place's rule is passed off as applying there).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policy_kb.places import resolve_places
from policy_kb.regions import REGIONS, region

if TYPE_CHECKING:
    from policy_kb.model import KnowledgeBase


def covered_regions(kb: KnowledgeBase) -> tuple[str, ...]:
    """The regions ``kb``'s documents are for (canonical names), in the registry's order and
    then any other: what the bot says it holds follows the documents it answers from, so a
    district whose document was published at run time is listed without a restart."""
    named = [r for doc in kb.documents.values() for r in doc.meta.regions]
    order = {r.name: i for i, r in enumerate(REGIONS)}
    unique = dict.fromkeys(named)
    return tuple(sorted(unique, key=lambda name: order.get(name, len(order))))


@dataclass(frozen=True)
class Place:
    """A place a worker named or is remembered in.

    name: the place as named, canonical (苏州市, 泗洪县, 叶集区, 三元镇); region: the covered
    region whose documents answer for it (宿迁市 for 泗洪县), or None when none is held;
    county: a township's county or district (沭阳县 for 高墟镇), else None.
    """

    name: str
    region: str | None
    county: str | None = None

    @property
    def covered(self) -> bool:
        """True when some document answers for this place."""
        return self.region is not None

    @property
    def inside(self) -> bool:
        """True for a place inside a covered region (a county of a covered city, a township)."""
        return self.region is not None and self.region != self.name

    @property
    def said(self) -> str:
        """The place as a reply names it when saying whose policy answers: a township with its
        county when that is not the region itself (沭阳县高墟镇 → 宿迁市; 三元镇 → 叶集区)."""
        if self.county and self.county != self.region:
            return self.county + self.name
        return self.name

    def to_json(self) -> dict[str, Any]:
        """``{"name", "region"}``, and ``"county"`` for a township."""
        data: dict[str, Any] = {"name": self.name, "region": self.region}
        if self.county:
            data["county"] = self.county
        return data

    @classmethod
    def from_json(cls, data: Any) -> Place | None:
        """The Place stored by ``to_json``; None for anything else."""
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            return None
        region = data.get("region")
        county = data.get("county")
        return cls(
            data["name"],
            region if isinstance(region, str) else None,
            county if isinstance(county, str) else None,
        )


# 「安徽省技术能手」「江苏工匠」「省级技能大赛」: a province naming an honour or a level of
# contest, not where the worker is.
_TITLE_AFTER_PROVINCE = re.compile(
    r"^省?(?:级|技能|技术|工匠|劳动|劳模|五一|首席|优秀|杰出|青年|职业|特殊|政府|人民政府|人社|人力)"
)


# 「六安市首席技师」「淮安工匠」: an honour a city confers, named by the city; where no document
# is held for that city, the title names no place the worker is asking about.
_HONOUR_AFTER_PLACE = re.compile(
    r"^市?(?:首席技师|技术能手|杰出工匠|工匠|技能大奖|技能大师|劳动模范|劳模)"
)


def places_in(text: str, covered: Collection[str] | None = None) -> list[Place]:
    """Every place ``text`` names, in the order ``resolve_places`` gives, without repeats; a
    province followed by an honour or contest word (安徽省技术能手), or a place without a
    document followed by an honour it confers (六安市首席技师), is not a place.
    ``covered``: the regions documents are held for (``covered_regions``); a place whose
    region is not among them has no document (its region None). None: the registry's."""
    out: list[Place] = []
    for mention in resolve_places(text):
        if mention.level == "province" and _TITLE_AFTER_PROVINCE.match(text[mention.end :]):
            continue
        region = mention.covered.region if mention.covered else None
        if covered is not None and region not in covered:
            region = None
        if region is None and _HONOUR_AFTER_PLACE.match(text[mention.end :]):
            continue
        place = Place(mention.name, region, mention.county)
        if place not in out:
            out.append(place)
    return out


def named_place(text: str, covered: Collection[str] | None = None) -> Place | None:
    """The place a message names: the first covered one, else the first named at all
    (``covered`` as for ``places_in``)."""
    found = places_in(text, covered)
    best = [p for p in found if p.covered] or found
    return best[0] if best else None


def names_home_title(text: str, home: str, prints: Callable[[str], bool]) -> bool:
    """True when the places ``text`` names without a document are all the city the covered
    district ``home`` lies in, each named as the start of words ``home``'s documents print
    (``prints``): 「六安市首席技师」 asked by a worker in 叶集区 (or in one of its towns) names
    叶集's honour awarded by its city, not a place asked about. A city none of whose
    districts is covered (南京) is never one: its name is a place."""
    try:
        city = region(home).city
    except KeyError:
        return False
    if city == home:
        return False
    found = False
    for m in resolve_places(text):
        if m.covered is not None and m.covered.region == home:
            continue
        # 「六安的首席技师」: the title's words after a 的
        after = text[m.end :].removeprefix("的")[:2]
        if m.name != city or not after or not (prints(m.text + after) or prints(m.name + after)):
            return False
        found = True
    return found
