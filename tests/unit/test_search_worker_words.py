"""Workers' own words: English terms of the trade typed among Chinese, coins for money, a
status question about 「这个政策」 with no document named, a reward question of a worker."""

from __future__ import annotations

from policy_kb.search import SearchIndex
from policy_kb.search.lexicon import english_terms


def test_english_terms_of_the_trade_read_as_the_documents_words() -> None:
    assert english_terms("senior  technician 补贴多少").split()[0] == "高级技师"
    assert "学徒" in english_terms("apprentice有补贴吗")
    # a longer Latin word holding a term is not cut up (it may be pinyin)
    assert english_terms("technicians") == "technicians"


def test_code_mixed_english_question_is_answered(index: SearchIndex) -> None:
    r = index.search("洪泽 technician 引进了有啥 subsidy")
    assert r.answered
    assert r.hits[0].doc_id == "hongze-2021"
    assert "技师" in r.hits[0].text
    q = index._analyse("apprentice 培训 有 subsidy 吗", None)
    assert "学徒" in q.content and "补贴" in q.content


def test_coins_ask_how_much_money(index: SearchIndex) -> None:
    q = index._analyse("拿了高级工证书能领几个子儿", None)
    assert q.amount and q.money
    assert "子儿" not in q.content
    r = index.search("叶集考上高级技师给几个子儿")
    assert r.answered and r.hits[0].doc_id == "yeji"


def test_a_status_question_naming_no_document_is_about_a_document(index: SearchIndex) -> None:
    # Nothing names which document: the caller resolves it from the dialogue.
    r = index.search("那政策到期了没有")
    assert r.about_document and not r.answered and not r.hits
    r = index.search("这个政策现在还有效吗", prefer_region="台儿庄")
    assert r.about_document and r.answered
    assert r.hits[0].doc_id == "taierzhuang-2021"
    # a topic named: not a question about a document
    assert not index.search("有什么政策").about_document


def test_a_workers_reward_question_gets_the_clause_paying_the_worker(index: SearchIndex) -> None:
    # 三（三）2 pays employers and agencies 500元/人 for hiring one; 三（三）4 pays the worker.
    r = index.search("高级技师奖励能有多少", region="洪泽")
    assert r.hits[0].clause_id == "三（三）4"
    assert "4000元" in r.hits[0].text
    # the employer asking is paid by the other clause
    r = index.search("我们公司帮洪泽引进了技师，公司能得多少奖励")
    assert r.hits[0].clause_id == "三（三）2"


def test_a_forms_cells_never_answer_a_question_about_money(index: SearchIndex) -> None:
    # 台儿庄's survey form prints 技师, 高级技师 and 月工资待遇 as cells; it grants nothing.
    for question in ("我去年考上技师了，台儿庄这边有奖励吗", "台儿庄高级技师待遇有多少钱"):
        r = index.search(question, top=5)
        assert r.answered
        assert all(not h.clause_id.startswith("附件") for h in r.hits), question
    # asked about the form itself, its cells answer
    r = index.search("台儿庄调查表里工资待遇怎么填")
    assert r.hits[0].clause_id.startswith("附件")


def test_a_level_asked_is_not_answered_by_a_title_holding_its_name(index: SearchIndex) -> None:
    # 叶集's 首席技师 is an honour paid 600元 a month; a 技师 is rewarded by 三-2.
    r = index.search("我在叶集拿了技师，奖励能给多少")
    assert r.hits[0].clause_id == "三-2"
    assert "2000元" in r.hits[0].text
    # asked about the honour itself, its clause answers
    r = index.search("叶集首席技师奖励多少")
    assert r.hits[0].clause_id == "六-2"


def test_an_amount_paid_to_organisations_still_beats_a_clause_with_none(index: SearchIndex) -> None:
    # 叶集's 八 pays 技能大师工作室 (organisations) 20万; 七-2 names 国家级 but no amount.
    r = index.search("国家级的能补多少钱", region="叶集")
    assert r.hits[0].clause_id == "八"
    assert "20万" in r.hits[0].text
