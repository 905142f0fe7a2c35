"""A question naming a township (镇, 乡, 街道) of a covered region, in the search and in the chat:
the region's own clause answers, not a rejection and not another district's clause, and the
reply says whose policy it is (「三元镇属于叶集区」); a town of a place without a document, or a
town of the same name under another place, still gets the honest "no policy of that place".
Real knowledge base and search; the phrasings are our own."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.places import Place, named_place
from bot.store import MemoryStore
from policy_kb.model import KnowledgeBase
from policy_kb.search import SearchIndex

TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("question", "region", "printed"),
    [
        ("史河街道的民营企业职工考了高级工有奖励吗", "叶集区", "1000元"),
        ("姚李镇的厂里工人拿到技师证书奖励多少", "叶集区", "2000元"),
        ("岔河镇企业从外地引进高级技师补贴多少", "洪泽区", "15000元"),
        ("老子山镇的企业新引进技师有补贴吗", "洪泽区", "10000元"),
        ("马兰屯镇高级工可以评职称吗", "台儿庄区", "职称评审"),
        ("沭阳县高墟镇订单班补助多少", "宿迁市", "订单"),
        # a township of a county of 宿迁: that county's row of the attachment table
        ("梦溪街道职业技能培训人数目标是多少", "宿迁市", "沭阳县"),
        ("皂河镇职业技能培训人数多少", "宿迁市", "宿豫区"),
        ("青口镇技能大师工作室有资助吗", "连云港市", "大师工作室"),
    ],
)
def test_township_question_gets_its_regions_clause(
    kb_index: tuple[KnowledgeBase, SearchIndex], question: str, region: str, printed: str
) -> None:
    kb, index = kb_index
    result = index.search(question, top=3)
    assert result.answered, question
    assert result.region == region
    top = result.hits[0]
    assert region in kb.document(top.doc_id).meta.regions
    assert printed in top.text


@pytest.mark.parametrize(
    ("question", "uncovered"),
    [
        ("盱眙县马坝镇技师补贴多少", ("盱眙县",)),
        ("苏州木渎镇的高级工有补贴吗", ("苏州市",)),
        # 三元镇 and 三河镇 are also towns of 福建 and 肥西: after those places, not ours
        ("福建三元镇技师补贴多少", ("三元区",)),
        ("安徽肥西三河镇引进技师给钱吗", ("肥西县", "三河市")),
    ],
)
def test_town_of_a_place_without_a_document_is_not_answered(
    index: SearchIndex, question: str, uncovered: tuple[str, ...]
) -> None:
    result = index.search(question, top=3)
    assert not result.answered
    assert result.uncovered_places == uncovered


@pytest.fixture
def bot(kb_index: tuple[KnowledgeBase, SearchIndex]) -> Bot:
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def test_chat_says_which_district_a_township_belongs_to(bot: Bot) -> None:
    reply = bot.on_text("t1", "我家在史河街道，民营企业干了三年多，考了高级工有奖励吗")
    assert reply.intent == "answer"
    assert "（史河街道属于叶集区，以下是叶集区的政策）" in reply.text
    assert "1000元" in reply.text


def test_chat_names_the_county_of_a_township_of_a_covered_city(bot: Bot) -> None:
    said = bot.on_text("t2", "我在高墟镇")
    assert said.intent == "set_region"
    assert "沭阳县高墟镇（属于宿迁市）" in said.text
    reply = bot.on_text("t2", "订单班一年补多少")
    assert "（沭阳县高墟镇属于宿迁市，以下是宿迁市的政策）" in reply.text
    assert "1万元" in reply.text


def test_chat_township_of_a_district_then_its_question(bot: Bot) -> None:
    bot.on_text("t3", "我在蒋坝镇")
    reply = bot.on_text("t3", "从外地引进高级技师补多少")
    assert "（蒋坝镇属于洪泽区，以下是洪泽区的政策）" in reply.text
    assert "15000元" in reply.text


def test_chat_town_of_a_place_without_a_document_says_so(bot: Bot) -> None:
    reply = bot.on_text("t4", "盱眙县马坝镇引进高级技师补多少")
    assert reply.intent == "place_uncovered"
    assert "盱眙县" in reply.text
    assert "15000" not in reply.text


def test_remembered_township_keeps_its_county() -> None:
    place = named_place("现在住在梦溪街道，离厂近")
    assert place == Place("梦溪街道", "宿迁市", "沭阳县")
    assert place is not None and place.said == "沭阳县梦溪街道"
    assert Place.from_json(place.to_json()) == place
    town = Place("三元镇", "叶集区", "叶集区")
    assert town.said == "三元镇" and town.inside
    # a state record written before townships (no county) still reads
    assert Place.from_json({"name": "沭阳县", "region": "宿迁市"}) == Place("沭阳县", "宿迁市")
