"""Five general causes of wrong answers, asserted by the clause, sentence or reply a worker sees.
Real knowledge base and search; the phrasings are our own.

1. A covered place named with a kind of thing only another place's document holds (a 住房 or
   购房 subsidy: 叶集 pays one, 洪泽 and 台儿庄 do not): the named place's clause about
   something else (its subsidy for introduced 技师) is not shown as the answer; the reply says
   the named place holds none and whose rule is shown. A named place's clause printing what is
   asked still leads, however it scores against another place's (台儿庄's 新型学徒制).
2. Everyday questions sharing only a generic word with the documents (money moved by phone, a
   school's fees, a certificate of another kind) stay unanswered.
3. 「啥是X」「X是什么意思」「X指的是啥」 of a term the documents print: answered, by the clause and
   sentence printing X (defining it where one does), never split into pieces or repaired into
   another word.
4. The worker's trade or the employer's line of business, named in any words (跑外卖的, 餐饮
   行业, 家政, 快递员, 网约车司机), never turns an answerable question unanswerable.
5. A vague ask about things named (「X和Y咋弄」「有什么安排」): the clause whose sentence does
   something to them (评聘 them) before one naming them in passing (their 薪酬待遇体系).
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue import Bot
from bot.store import MemoryStore
from policy_kb.search import SearchIndex
from policy_kb.search.index import Hit
from policy_kb.search.lexicon import sector_context

YEJI_HOUSING = "给予10000元的一次性生活补贴和20000元住房补贴"
HONGZE_INTRODUCED = "从外地新引进的急需紧缺岗位高级技师、技师、高级工"


def _answer(index: SearchIndex, question: str, region: str | None = None) -> Hit:
    result = index.search(question, top=3, region=region)
    assert result.answered, question
    return result.hits[0]


# ---------------------------------------------------------------- 1. the named place's kind


@pytest.mark.parametrize(
    "question",
    [
        "洪泽新引进的技师能拿住房补贴不",
        "台儿庄引进高级技师有没有购房补贴",
        "洪泽引进技师买房有补助吗",
    ],
)
def test_a_named_place_without_the_asked_kind_does_not_answer_with_another_rule(
    index: SearchIndex, question: str
) -> None:
    top = _answer(index, question)
    assert YEJI_HOUSING in top.text, (question, top.text)


def test_a_named_place_with_the_asked_kind_still_leads_when_another_scores_higher(
    index: SearchIndex,
) -> None:
    # 洪泽's 新型学徒制 amount scores higher; 台儿庄 prints its own 新型学徒制 rule
    top = _answer(index, "台儿庄新型学徒制能补多少")
    assert top.doc_id.startswith("taierzhuang"), top.text
    assert "新型学徒制" in top.text


def test_a_named_place_without_a_kind_word_keeps_its_own_rule(index: SearchIndex) -> None:
    # 民营企业 says whose, 技师 whom: 洪泽's rule for introduced 技师 answers
    assert HONGZE_INTRODUCED in _answer(index, "洪泽的民营企业引进技师给补贴吗").text


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: date(2026, 3, 1))


def test_the_reply_says_the_named_place_holds_none_and_whose_rule_is_shown(bot: Bot) -> None:
    reply = bot.on_text("kind1", "洪泽引进的技师给不给住房补贴")
    assert "洪泽区的政策里没有找到这一项" in reply.text
    assert "叶集区" in reply.text and "20000元" in reply.text
    assert "15000元" not in reply.text.split("相关条款")[0]


# ---------------------------------------------------------------- 2. everyday questions


@pytest.mark.parametrize(
    "question",
    [
        "微信上转账给别人转错了能退吗",
        "手机里的红包怎么提现",
        "孩子学校让交资料费合理吗",
        "房产证上加个名字去哪办",
        "用手机交电费怎么交",
        "支付宝收款码收钱要手续费吗",
    ],
)
def test_everyday_questions_sharing_a_generic_word_stay_unanswered(
    index: SearchIndex, question: str
) -> None:
    assert not index.search(question, top=3).answered, question


# ---------------------------------------------------------------- 3. what a term means


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        ("链主企业是什么意思", "链主企业"),
        ("啥是企校双师", "企校双师"),
        ("521工程指的是啥", "521工程"),
        ("新八级工是啥意思", "新八级工"),
        ("技能要素指的是啥", "技能要素"),
    ],
)
def test_a_printed_term_asked_what_it_means_gets_the_sentence_printing_it(
    index: SearchIndex, question: str, printed: str
) -> None:
    top = _answer(index, question)
    assert printed in top.sentence, (question, top.sentence)


def test_a_term_the_documents_define_gets_the_defining_sentence(index: SearchIndex) -> None:
    top = _answer(index, "高能人才指的是啥")
    assert "高能人才是指" in top.sentence


# ---------------------------------------------------------------- 4. trades and lines of business


@pytest.mark.parametrize(
    "question",
    [
        "我是跑外卖的，考了个中级工有补贴没",
        "干家政这行的，拿到技能证书有没有奖励",
        "餐饮行业的厨师考上高级工有补贴吗",
        "快递员考了技师证有奖励吗",
        "网约车司机考技师能奖多少",
    ],
)
def test_the_workers_trade_does_not_make_a_question_unanswerable(
    index: SearchIndex, question: str
) -> None:
    assert index.search(question, top=3).answered, question


@pytest.mark.parametrize(
    ("text", "words", "context"),
    [
        ("我是跑外卖的", ["外卖"], {"外卖"}),
        ("餐饮行业的老板", ["餐饮行业", "老板"], {"餐饮行业"}),
        ("我是快递员", ["快递"], {"快递"}),
        ("他是厨师", ["厨师"], {"厨师"}),
        # the field's words in a sector's place are not a sector
        ("开展新型学徒制的企业", ["新型学徒制", "企业"], set()),
        ("规上企业", ["规上企业"], set()),
    ],
)
def test_a_line_of_business_is_read_from_where_it_stands(
    index: SearchIndex, text: str, words: list[str], context: set[str]
) -> None:
    printed = index._analyser._printed  # the documents' words, as the analyser reads them
    assert sector_context(text, words, printed) == context


@pytest.mark.parametrize(
    "question", ["快递员被扣工资找谁", "保姆一个月工资多少", "外卖员怎么交社保"]
)
def test_questions_outside_the_documents_stay_unanswered_with_a_trade_in_them(
    index: SearchIndex, question: str
) -> None:
    assert not index.search(question, top=3).answered, question


# ---------------------------------------------------------------- 5. what is done to the things named


@pytest.mark.parametrize("question", ["首席技师、特级技师这块咋弄", "特级技师跟首席技师怎么搞"])
def test_a_vague_ask_gets_the_clause_acting_on_the_things_named(
    index: SearchIndex, question: str
) -> None:
    # 连云港 五 推进 their 评聘; 连云港 七 only names them as whose 薪酬待遇体系
    top = _answer(index, question)
    assert "首席技师评聘工作" in top.text, (question, top.text)
