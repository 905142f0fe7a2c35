"""A message asking several things at once (a subsidy, a house, the child's school, the wife's
job) is not rejected for the questions the documents do not answer: each answerable question
gets its clause, in the order asked."""

from __future__ import annotations

from policy_kb.search import SearchIndex


def test_each_answerable_question_of_a_message_gets_its_clause(index: SearchIndex) -> None:
    result = index.search(
        "我是外地来的技师，刚到洪泽上班，想问下引进技师有没有补贴，房子怎么解决，"
        "孩子上学咋办，老婆工作能不能帮忙安排"
    )
    assert result.answered
    assert result.region == "洪泽区"
    # the first question (引进技师补贴) is answered first, with the worker's own money
    assert (result.hits[0].doc_id, result.hits[0].clause_id) == ("hongze-2021", "三（三）1")


def test_numbered_questions_after_a_story_are_read_with_it(index: SearchIndex) -> None:
    result = index.search(
        "俺是叶集木材厂的焊工，有几个问题：考证有补贴吗？住房有补贴吗？小孩上学咋弄？"
    )
    assert result.answered
    top = result.hits[0]
    # 「有几个问题」 only announces them; 考证 is asked first and 叶集's reward answers it
    assert top.doc_id == "yeji" and "职业资格证书" in top.text


def test_several_questions_none_answerable_stay_unanswered(index: SearchIndex) -> None:
    result = index.search("问几个事：明天下雨吗？股票还能买吗？彩票中奖要交税吗？")
    assert not result.answered and not result.hits


def test_a_few_of_something_done_is_told_not_asked(index: SearchIndex) -> None:
    from policy_kb.search.focus import asks

    assert not asks("招了几个徒弟")
    assert asks("能招几个徒弟")
    result = index.search(
        "我开了家小饭馆，带了几个小工，台儿庄新型学徒制给企业一年补多少？学制几年？饭馆能参加不"
    )
    assert result.answered
    assert "4000-6000元/人" in result.hits[0].text


def test_asking_which_document_says_it_checks_the_claim_before_it(index: SearchIndex) -> None:
    result = index.search(
        "我家闺女在宿迁读技工院校的预备技师班，后年毕业，有亲戚说读完预备技师班就当本科生看待，"
        "有这回事吗？是在什么文件上写的"
    )
    assert result.answered
    assert "按照中专、大专、本科学历落实相关待遇" in result.hits[0].text
