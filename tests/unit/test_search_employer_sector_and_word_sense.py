"""Two general causes of wrong answers, asserted by the clause or reply a worker sees. Real
knowledge base and search; the phrasings are our own.

1. The employer's line of business (化工, 化纤, 纺织, 电子 …), whether or not a document prints
   the word, is context of who asks: 「做纺织的厂招个技师有补贴吗」 is answered by the rules for
   引进 技师, never rejected for the sector. 招 (个, 些) before a level or 人才 is 引进.
   Questions outside the documents stay unanswered with a sector word in them.
2. A word the documents print in another sense (洪泽's 落户企业: an enterprise settling) is not
   the worker's 落户 (household registration): 洪泽 remembered, the reply says 洪泽 holds no
   rule on it and names the place that does.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.store import MemoryStore
from policy_kb.search import SearchIndex
from policy_kb.search.lexicon import sector_context

HONGZE_INTRODUCED = "从外地新引进的急需紧缺岗位高级技师、技师、高级工"
HONGZE_RECRUITER = "按500元/人的标准，给予一次性就业服务补助"
YEJI_INTRODUCED = "新引进的技师及以上人才"
INTRODUCED = (HONGZE_INTRODUCED, HONGZE_RECRUITER, YEJI_INTRODUCED)


def _top(index: SearchIndex, question: str, region: str | None = None) -> str:
    result = index.search(question, top=3, region=region)
    assert result.answered, question
    return result.hits[0].text


@pytest.mark.parametrize(
    "question",
    [
        "化学纤维企业引进技师有补贴吗",
        "我们是化纤厂，新引进了两个技师，有没有补贴",
        "纺织服装公司引进高级技师能拿多少钱",
        "做电子的厂招个技师政府给不给钱",
        "我们食品加工企业想招些高技能人才，有啥补贴",
        "新能源汽车企业引进高级工补贴多少",
        "机械制造行业的老板问下，招技师有补助没",
        "锂电池企业引进技师有补贴吗",
    ],
)
def test_the_employers_sector_does_not_hide_the_rule_for_introducing_skilled_workers(
    index: SearchIndex, question: str
) -> None:
    top = _top(index, question)
    assert any(part in top for part in INTRODUCED), (question, top)


def test_a_sector_with_the_remembered_place_gets_that_places_rule(index: SearchIndex) -> None:
    top = _top(index, "化工企业招技师给钱不", region="洪泽区")
    assert HONGZE_INTRODUCED in top or HONGZE_RECRUITER in top


@pytest.mark.parametrize(
    ("text", "words", "context"),
    [
        ("化学纤维企业引进技师", ["化学纤维", "企业", "引进", "技师"], {"化学纤维"}),
        ("化工企业引进技师", ["化工企业", "技师"], {"化工企业"}),
        ("我们是做纺织的", ["纺织"], {"纺织"}),
        # a sector said of something other than the employer is not context
        ("食品安全怎么投诉", ["食品", "安全", "投诉"], set()),
        ("新能源汽车补贴多少", ["新能源", "汽车", "补贴"], set()),
    ],
)
def test_sector_words_are_context_only_when_they_describe_the_employer(
    text: str, words: list[str], context: set[str]
) -> None:
    assert sector_context(text, words) == context


@pytest.mark.parametrize(
    "question",
    [
        "化工企业污染环境去哪举报",
        "电子厂流水线夜班怎么倒",
        "食品厂的食品安全许可证怎么办",
        "纺织厂的女工产假几天",
        "机械厂老板拖欠工资怎么办",
    ],
)
def test_questions_outside_the_documents_stay_unanswered_with_a_sector_in_them(
    index: SearchIndex, question: str
) -> None:
    assert not index.search(question, top=3).answered, question


# ---------------------------------------------------------------- 2. a word in another sense


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: date(2026, 3, 1))


@pytest.mark.parametrize("question", ["落户有什么条件", "我想把户口落过来，要啥条件"])
def test_household_registration_is_not_answered_by_enterprises_settling(
    bot: Bot, question: str
) -> None:
    bot.on_text("sense1", "我在洪泽")
    reply = bot.on_text("sense1", question)
    assert "落户企业" not in reply.text
    assert "洪泽区的政策文件里没有找到这一项" in reply.text
    assert "叶集区" in reply.text


def test_household_registration_is_answered_where_a_document_holds_it(index: SearchIndex) -> None:
    assert "可在我区就业地按程序办理落户手续" in _top(index, "落户有什么条件")
    assert "落户企业" not in _top(index, "技术工人落户要什么条件")


@pytest.mark.parametrize("question", ["蓝卡是什么", "技工蓝卡是干嘛的"])
def test_a_term_asked_with_a_place_remembered_still_gets_its_meaning(
    bot: Bot, question: str
) -> None:
    bot.on_text("sense2", "我在洪泽")
    reply = bot.on_text("sense2", question)
    assert "蓝卡" in reply.text and "制度" in reply.text


def test_an_employer_naming_its_sector_with_a_place_remembered_is_told_the_amount(
    bot: Bot,
) -> None:
    bot.on_text("sector1", "我在洪泽")
    reply = bot.on_text("sector1", "我们是化工企业，招个技师给钱不")
    assert "没有找到" not in reply.text
    assert "10000元" in reply.text


@pytest.mark.parametrize("question", ["户口能迁过来不", "俺户口想转进来，要啥条件"])
def test_a_move_said_with_its_direction_asks_about_what_moves(
    index: SearchIndex, question: str
) -> None:
    assert "按程序办理落户手续" in _top(index, question, region="叶集区")
