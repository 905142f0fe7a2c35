"""Questions as workers type them: spoken money asks, long stories, shortened terms, counties
the documents never print, questions about the assistant or a service next to ours."""

from __future__ import annotations

import pytest

from policy_kb.search import SearchIndex


def test_spoken_how_much_and_passing_the_exam_are_read(index: SearchIndex) -> None:
    q = index._analyse("技师证考下来了，能领不，多钱", None)
    assert q.amount and q.money
    assert "取得" in q.text


def test_a_long_story_is_answered_from_what_it_tells(index: SearchIndex) -> None:
    # Home province, trade and the employer's business are words no document prints.
    r = index.search(
        "我是甘肃的，在外面开了八年叉车，去年考了高级技师证，现在洪泽一家光伏厂想让我过去，"
        "签三年合同社保也交，我过去了政府能补我多少钱"
    )
    assert r.answered
    assert r.hits[0].doc_id == "hongze-2021"
    assert "15000元" in r.hits[0].text


def test_a_story_ending_in_is_it_true_asks_about_what_was_heard(index: SearchIndex) -> None:
    q = index._analyse(
        "我在外省一所技校毕业，拿了高级工证，想来宿迁上班，听说能享受大专待遇，真的假的", None
    )
    assert "大专" in q.focus and "外省" not in q.focus


def test_weekdays_are_read_as_the_documents_write_them(index: SearchIndex) -> None:
    r = index.search("宿迁星期六有没有招聘会")
    assert r.answered
    assert "每周六" in r.hits[0].text


def test_a_shortened_term_is_the_documents_term(index: SearchIndex) -> None:
    r = index.search("洪泽大师室有补贴吗")
    assert r.answered
    assert "大师工作室" in r.hits[0].text
    # two terms it could shorten: left as it is
    assert index._repair.expand_abbreviation("技能赛") is None


def test_a_county_the_documents_never_print_selects_its_city(index: SearchIndex) -> None:
    r = index.search("东海县技术能手怎么评")
    assert r.answered
    assert r.region == "连云港市"
    assert r.hits[0].doc_id.startswith("lianyungang")


@pytest.mark.parametrize(
    "q",
    [
        "你到底是不是机器人",
        "你们是人工客服吗",
        "创业补贴怎么申请",
        "焊工证复审去哪办",
        # the asking part as typed: 断保 is cut into two lone characters, and 影响 alone
        # (影响力 in a clause on publicity) says nothing
        "社保断保了影响大不大",
        "社保停缴了会怎样",
        # an operating certificate expires (skill certificates never do); benefits of the
        # jobless and the injured are other offices' services
        "洪泽电工证到期了怎么换",
        "宿迁失业了能领多少钱",
        "宿迁工伤了单位不管咋办",
        # a lost certificate is reissued by the body that issued it
        "叶集的技师证书丢了怎么补办",
    ],
)
def test_the_assistant_itself_and_services_next_to_ours_are_not_answered(
    index: SearchIndex, q: str
) -> None:
    assert not index.search(q).answered


def test_a_question_asking_which_kinds_gets_the_clause_listing_them(index: SearchIndex) -> None:
    r = index.search("台儿庄调查表经营领域有哪几种")
    assert "装备制造" in r.hits[0].text


def test_a_typo_at_the_end_of_a_phrase_is_repaired(index: SearchIndex) -> None:
    r = index.search("洪泽技能大赛拿了二等将给多少")
    assert r.answered
    assert "3000元" in r.hits[0].text


def test_a_total_to_reach_is_a_target(index: SearchIndex) -> None:
    q = index._analyse("洪泽一共要培训多少学徒", None)
    assert q.count and q.target


def test_fraud_and_its_discovery_find_the_clawback(index: SearchIndex) -> None:
    r = index.search("叶集骗钱领补助被发现了会怎样")
    assert r.answered
    assert "收回" in r.hits[0].text


def test_a_place_and_a_word_of_a_heading_are_answered(index: SearchIndex) -> None:
    r = index.search("台儿庄工作站")
    assert r.answered
    assert "工作站" in r.hits[0].text


def test_dialect_particles_are_not_part_of_the_topic(index: SearchIndex) -> None:
    q = index._analyse("叶集技师补多少嘞", None)
    assert "嘞" not in "".join(q.content)
    assert index.search("叶集技师补多少嘞").answered


def test_a_district_and_a_measure_ask_for_the_amount(index: SearchIndex) -> None:
    r = index.search("洪泽实训基地")
    assert r.answered
    assert "20万元" in r.hits[0].text


def test_the_askers_introduction_is_not_what_is_asked(index: SearchIndex) -> None:
    r = index.search("我是一家企业的人事，员工考了技师证，企业能拿什么补贴")
    assert r.answered
    q = index._analyse("我是一家企业的人事，员工考了技师证，企业能拿什么补贴", None)
    assert "人事" not in q.focus and "技师" in q.focus


@pytest.mark.parametrize("q", ["俺们这旮旯有技师补贴不", "整个技师证能给多少钱啊"])
def test_northern_spoken_wording_is_answered(index: SearchIndex, q: str) -> None:
    r = index.search(q)
    assert r.answered
    assert "技师" in r.hits[0].text


@pytest.mark.parametrize(
    ("question", "doc_id", "amount"),
    [("洪泽技师考证有奖励吗", "hongze-2021", "3000元"), ("叶集考证有补贴吗", "yeji", "2000元")],
)
def test_taking_the_exam_for_a_certificate_is_answered(
    index: SearchIndex, question: str, doc_id: str, amount: str
) -> None:
    # 考证 reads as 取得证书: the bare 证 left after the rewrite must still name the certificate.
    r = index.search(question)
    assert r.answered
    assert r.hits[0].doc_id == doc_id and amount in r.hits[0].text


@pytest.mark.parametrize(
    "question", ["在连云港干电工的能评首席技师不", "连云港技师以后还能往上评吗"]
)
def test_being_rated_to_a_grade_finds_the_clause_on_rating(
    index: SearchIndex, question: str
) -> None:
    # 评 alone is what the documents call 评价 / 评聘; 以后, 往上 name no topic (and 往上 is
    # no typo of 网上)
    r = index.search(question)
    assert r.answered
    assert "评聘" in r.hits[0].text


@pytest.mark.parametrize(
    "question",
    [
        # the ask only checks the story's facts against a rule: the story says which rule
        "我在叶集的私企上了三年班，社保一直交着，刚考了高级技师，满足领奖励的条件吗",
        # 评上技师 is obtaining it (取得), and 达到…要求 checks the story too
        "在叶集民营企业做了五年焊工，社保没断过，去年评上技师，达到奖励的要求了吗",
    ],
)
def test_a_story_asking_whether_it_meets_the_rule_gets_that_rule(
    index: SearchIndex, question: str
) -> None:
    r = index.search(question)
    assert r.answered
    assert "连续工作3年以上" in r.hits[0].text


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        ("台儿庄搞技能比赛得了第一有钱拿不", "一、二、三等奖选手发放2000"),
        ("连云港评上高级工工资能涨吗", "人均工资增幅"),
    ],
)
def test_placing_first_and_pay_rising_are_read_as_the_documents_say_them(
    index: SearchIndex, question: str, printed: str
) -> None:
    r = index.search(question)
    assert r.answered
    assert printed in r.hits[0].text


def test_short_of_hands_is_what_the_documents_call_short(index: SearchIndex) -> None:
    # 缺人 is 紧缺 / 用工 in print; 能行吗 only asks
    r = index.search("宿迁企业用工缺人能帮着招吗")
    assert r.answered
    assert r.hits[0].doc_id == "suqian-2021"
    assert "用工" in r.hits[0].text


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        ("ye ji yin jin gao ji ji shi you bu tie ma", "yeji"),
        ("wo zai hong ze, kao le gao ji gong you jiang li ma", "hongze-2021"),
        ("tai er zhuang ji neng jing sai jiang li", "taierzhuang-2021"),
    ],
)
def test_a_district_typed_in_pinyin_syllable_by_syllable_selects_it(
    index: SearchIndex, question: str, doc_id: str
) -> None:
    result = index.search(question)
    assert result.answered
    assert result.hits[0].doc_id == doc_id


@pytest.mark.parametrize(
    "question", ["ye ji de wen jian shi xiao le mei", "hong ze zhe ge wen jian guo qi le ma"]
)
def test_pinyin_of_a_document_question_reads_as_one(index: SearchIndex, question: str) -> None:
    # shixiao is 失效 (not the clauses' 实效), guoqi 过期 (not 国企)
    result = index.search(question)
    assert result.answered and result.about_document
