"""Everyday ways of asking that the search must read as the documents' own questions: a claim
checked against the documents (「有没有文件依据」), a term a form's notes define, how often
something is done, money by the month or "on top", people back home from working away, a
district typed as its pinyin initials, a pinyin word the lexicon knows, what money is spent
on, going up a grade after a contest, and the name of a form a document attaches."""

from __future__ import annotations

import pytest

from policy_kb import docinfo
from policy_kb.model import KnowledgeBase
from policy_kb.regions import BUNDLED_REGIONS, REGIONS, Region, use_regions
from policy_kb.search import SearchIndex
from policy_kb.search import query as query_module
from policy_kb.search.focus import focus_text
from policy_kb.search.intent import asks_money_use, defines, definition_term


@pytest.fixture(scope="module")
def index(kb_index: tuple[KnowledgeBase, SearchIndex]) -> SearchIndex:
    return kb_index[1]


# ------------------------------------------------------------------ 1. claims and 依据


def test_a_heard_claim_with_a_basis_ask_gets_the_clause_stating_it(index: SearchIndex) -> None:
    r = index.search("听同事讲在叶集评上首席技师每个月有六百块，这事有没有文件依据")
    assert r.answered and not r.about_document
    assert r.hits[0].doc_id == "yeji"
    assert "每人每月600元奖励" in r.hits[0].text


def test_a_claim_naming_one_topic_word_is_still_about_that_topic(index: SearchIndex) -> None:
    r = index.search("有人跟我说洪泽考出技师企业给三千，有政策依据吗")
    assert r.answered and not r.about_document
    assert "3000元" in r.hits[0].text


def test_the_basis_of_a_document_alone_is_still_a_question_about_it(index: SearchIndex) -> None:
    r = index.search("叶集那个实施意见有依据吗")
    assert r.about_document
    assert r.hits[0].clause_id == docinfo.INFO_CLAUSE_ID
    assert r.hits[0].sentence.startswith("依据：")


def test_a_basis_asked_of_no_claim_and_no_document_is_left_to_the_dialogue(
    index: SearchIndex,
) -> None:
    # no claim, no place, no title: which document's 依据 only the conversation can tell
    r = index.search("这种说法有没有政策依据")
    assert not r.answered and r.about_document and not r.hits


def test_a_claim_check_ask_leans_on_the_claim_before_it() -> None:
    story = "我老家在外省，在厂里干了好些年，朋友说引进的高级工能按大专落实待遇，这个讲法靠谱吗"
    assert "大专" in focus_text(story)


# ------------------------------------------------------------------ 2. a form's notes


def test_a_term_a_forms_notes_define_is_answered_from_the_form(index: SearchIndex) -> None:
    r = index.search("那张调查表上写的高能人才是指啥人")
    assert r.answered
    assert "高能人才是指取得高级工、技师、高级技师证书人员" in r.hits[0].text


def test_a_plain_definition_question_is_not_read_as_a_money_question(index: SearchIndex) -> None:
    q = index._analyse("技能人才指什么人", None)
    assert q.define == ("技能人才",) and not q.money
    r = index.search("技能人才指什么人")
    assert "本表涉及的技能人才为取得" in r.hits[0].text


def test_defines_reads_a_forms_copula_and_ignores_a_longer_term() -> None:
    note = "本表涉及的焊接人员为取得焊工证书的人员，其中"
    assert defines("焊接人员", note) == 1.0
    # 技能人才 inside 高技能人才（…、…） is 高技能人才 defined, not 技能人才
    assert defines("技能人才", "高技能人才（高级技师、技师、高级工）4000人") == 0.0
    assert defines("高技能人才", "高技能人才（高级技师、技师、高级工）4000人") == 1.0


def test_the_paper_a_term_is_printed_on_stays_in_what_is_searched() -> None:
    got = definition_term("登记表里的骨干人才指哪些人")
    assert got is not None
    term, searched = got
    assert term == "骨干人才" and "登记表" in searched


def test_what_a_term_on_a_form_means_is_answered_from_the_forms_notes(
    index: SearchIndex,
) -> None:
    r = index.search("这张表上的高能人才啥意思")
    assert r.answered
    assert "高能人才是指取得高级工" in r.hits[0].text


def test_how_to_fill_a_field_is_answered_by_the_form(index: SearchIndex) -> None:
    r = index.search("企业类型这一栏咋写")
    assert r.answered
    assert r.hits[0].number.startswith("附件")
    assert "国有企业、集体企业" in r.hits[0].text


# ------------------------------------------------------------------ 3. colloquial asks


def test_money_by_the_month_said_with_a_rough_sum_is_answered(index: SearchIndex) -> None:
    r = index.search("叶集当上首席技师每个月能多拿几百块不")
    assert r.answered
    assert "每人每月600元奖励" in r.hits[0].text


def test_a_rough_sum_weighs_nothing_as_a_topic(index: SearchIndex) -> None:
    for sum_said in ("几百块", "两千块", "几千", "三五百块钱"):
        assert index._coverage.weight(sum_said) == 0.0, sum_said


def test_how_often_is_answered_by_the_period_not_refused(index: SearchIndex) -> None:
    q = index._analyse("宿迁那边技能竞赛隔多长时间搞一回", None)
    assert q.how_often and not q.how_long
    r = index.search("宿迁那边技能竞赛隔多长时间搞一回")
    assert r.answered
    assert "每季度至少组织1次技能竞赛" in r.hits[0].sentence


def test_how_many_events_a_year_is_a_frequency(index: SearchIndex) -> None:
    q = index._analyse("洪泽企业职工技能大赛一年办几场", None)
    assert q.how_often
    assert index._coverage.weight("几场") == 0.0
    r = index.search("洪泽企业职工技能大赛一年办几场")
    assert r.answered
    assert "每年组织开展5-8个职业技能竞赛" in r.hits[0].text


def test_a_period_asked_as_times_a_year_is_a_frequency(index: SearchIndex) -> None:
    r = index.search("洪泽的职业技能竞赛一年办几次")
    assert r.answered
    assert "每年组织开展5-8个职业技能竞赛" in r.hits[0].text


def test_people_back_home_from_working_away_are_the_documents_returnees(
    index: SearchIndex,
) -> None:
    r = index.search("宿迁对外出打工回老家找活的人有啥任务数")
    assert r.answered
    assert "在外人员返乡就业" in r.hits[0].text


def test_an_industrys_upgrade_is_not_a_grade_promotion(index: SearchIndex) -> None:
    assert "转型升级" in index._analyse("企业转型升级有什么支持", None).text
    assert "晋级" in index._analyse("比赛拿了名次还给提级吗", None).text


def test_going_up_a_grade_after_a_contest_is_the_promotion_clause(index: SearchIndex) -> None:
    r = index.search("洪泽技能大赛拿了奖还能提级不")
    assert r.answered
    assert "晋级" in r.hits[0].text


# ------------------------------------------------------------------ 4. pinyin


@pytest.mark.parametrize(
    ("typed", "region"),
    [
        ("HZ jishi yinjin butie", "洪泽区"),
        ("tez jineng dasai jiangli", "台儿庄区"),
        ("SQ fanxiang jiuye", "宿迁市"),
        ("yjq shouxi jishi", "叶集区"),
    ],
)
def test_a_district_typed_as_its_initials_selects_it(
    index: SearchIndex, typed: str, region: str
) -> None:
    r = index.search(typed)
    assert r.answered
    assert r.region == region


def test_latin_words_that_are_no_initials_select_no_district(index: SearchIndex) -> None:
    assert index.search("hello 技师补贴").region is None
    # a syllable of its own is pinyin, not an abbreviation
    assert index._analyse("an zhuang gong", None).region is None


def test_initials_follow_the_region_registry() -> None:
    assert query_module._REGION_INITIALS["lyg"] == "连云港"
    extra = Region("睢宁县", "徐州市", "江苏省", "320324", ("睢宁",))
    try:
        use_regions([extra])
        assert query_module._REGION_INITIALS.get("sn") == "睢宁"
    finally:
        use_regions([])
    assert "sn" not in query_module._REGION_INITIALS
    assert list(REGIONS) == list(BUNDLED_REGIONS)


def test_a_joined_pinyin_word_maps_to_the_lexicons_word(index: SearchIndex) -> None:
    q = index._analyse("lianyungang jishi zhanbi", None)
    assert "占比" in q.content
    assert "比例" in index._coverage.alternatives("占比")


def test_an_unspaced_run_with_a_particle_keeps_its_words(index: SearchIndex) -> None:
    q = index._analyse("gaojinengrencai butie ma", None)
    assert "高技能人才" in q.content
    q = index._analyse("jishibutieya", None)
    assert q.content == ["技师", "补贴"]
    # English is no pinyin: kept as typed, never read as syllables
    assert "computer" in index._analyse("computer 培训", None).content


def test_a_pinyin_topic_the_documents_never_name_is_not_an_empty_question(
    index: SearchIndex,
) -> None:
    # 房价 is no word of theirs: the question is not read as 「连云港」 alone (an overview)
    assert not index.search("lyg fangjia zenmeyang").answered
    assert not index.search("hongze tianqi ruhe").answered


def test_pinyin_reads_a_word_the_documents_print_inside_a_longer_run(index: SearchIndex) -> None:
    # the documents print 企业年金 but their segmentation cuts it 企业 年 金
    assert "年金" in index._analyse("lianyungang qiye nianjin jianli", None).content


def test_a_place_and_a_measure_in_pinyin_ask_what_it_pays(index: SearchIndex) -> None:
    r = index.search("HZ laomo chuangxin gongzuoshi")
    assert r.answered and r.region == "洪泽区"
    assert "5万元经费资助" in r.hits[0].sentence


def test_a_modifier_typed_with_a_known_word_in_pinyin_keeps_the_word(index: SearchIndex) -> None:
    # gao (高) spells no word of theirs before jishi (技师): the 技师 is kept
    assert "技师" in index._analyse("yeji gaojishi yinjin", None).content


# ------------------------------------------------------------------ 5. what money is for


def test_what_money_is_spent_on_is_no_where_question(index: SearchIndex) -> None:
    assert asks_money_use("这些经费都花在哪了")
    assert not asks_money_use("补贴在哪里申请")
    q = index._analyse("校企合作建基地给的补贴都花在哪", None)
    assert q.purpose and not q.where
    r = index.search("校企合作建基地给的补贴都花在哪")
    assert r.answered
    assert "主要用于实习管理、基地建设" in r.hits[0].sentence


def test_a_where_to_apply_question_is_still_one(index: SearchIndex) -> None:
    q = index._analyse("高技能人才服务窗口设在哪儿", None)
    assert q.where and not q.purpose


# ------------------------------------------------------------------ 7. a form's name


def test_the_name_of_a_form_is_the_attachment_line(index: SearchIndex) -> None:
    r = index.search("台儿庄那张表格叫什么名字")
    assert r.about_document
    assert r.hits[0].sentence.startswith("附件：")
    assert "企业技能人才现状及需求情况调查表" in r.hits[0].sentence


def test_the_name_of_a_document_is_still_its_title(index: SearchIndex) -> None:
    r = index.search("台儿庄那个方案叫什么名字")
    assert r.about_document
    assert r.hits[0].sentence.startswith("标题：")


def test_a_rough_sum_asked_of_nothing_named_is_left_to_the_dialogue(index: SearchIndex) -> None:
    # 「一年能补几千」 names no measure: only the answer before it can tell which one
    assert not index.search("一年能补几千").answered
    assert index.search("学徒制一年能补几千").answered


# ------------------------------------------------------------------ typos near a known word


def test_a_near_homophone_beside_a_known_word_is_repaired(index: SearchIndex) -> None:
    # 私 (si) typed for 师 (shi): flat for retroflex, confirmed by 首席 before it
    r = index.search("叶集首席技私每个月奖励多少")
    assert r.answered
    assert "每人每月600元奖励" in r.hits[0].text


def test_a_function_character_is_never_read_as_a_typo(index: SearchIndex) -> None:
    # 调查表+里+技能人才 is not 调查表+高技能人才 though the two differ in one character
    assert "高技能人才" not in index._analyse("台儿庄那张表里技能人才年龄怎么分", None).text


def test_loose_pinyin_makes_the_sounds_typed_for_each_other_equal() -> None:
    from policy_kb.search.repair import loose_pinyin

    assert loose_pinyin("技私") == loose_pinyin("技师")
    assert loose_pinyin("经") == loose_pinyin("金")
    assert loose_pinyin("补贴") != loose_pinyin("不错")


def test_a_short_lead_is_shown_with_the_sentence_it_introduces(index: SearchIndex) -> None:
    # 「推行企业新型学徒制培训。」 alone only names the measure; the next sentence says what is given
    r = index.search("台儿庄的企业开展新型学徒制培训")
    assert r.answered
    assert r.hits[0].sentence.startswith("推行企业新型学徒制培训。")
    assert "4000-6000元" in r.hits[0].sentence


def test_regularly_is_the_period_a_document_gives(index: SearchIndex) -> None:
    r = index.search("连云港乡土大师工作室领办人隔多长时间评一次")
    assert r.answered and "定期组织选拔" in r.hits[0].sentence


def test_a_worry_that_it_takes_too_long_is_no_topic(index: SearchIndex) -> None:
    r = index.search("台儿庄的新型学徒制一般读几年？怕太久")
    assert r.answered and "弹性学制" in r.hits[0].sentence


@pytest.mark.parametrize("question", ["叶集学个手艺要交钱吗", "叶集贫困户学点技能收费不"])
def test_whether_learning_a_skill_costs_money_gets_the_free_training(
    index: SearchIndex, question: str
) -> None:
    r = index.search(question)
    assert r.answered and "免费技能培训" in r.hits[0].text
