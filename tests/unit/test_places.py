"""policy_kb.places: place names in free text and the policy_kb region each maps to."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_kb.places import (
    Coverage,
    all_places,
    coverage_of,
    covered_region_of,
    held_regions,
    resolve_places,
)

ROOT = Path(__file__).resolve().parents[2]


def one(text: str) -> tuple[str, str | None, str | None]:
    """The single mention in ``text``: (name, covered region, how)."""
    ms = resolve_places(text)
    assert len(ms) == 1, (text, ms)
    m = ms[0]
    return m.name, m.covered.region if m.covered else None, m.covered.how if m.covered else None


# --- the data: all China, taken from the package -------------------------------------------


def test_table_holds_all_levels_and_the_named_counties() -> None:
    places = all_places()
    by_level: dict[str, int] = {}
    for p in places:
        by_level[p.level] = by_level.get(p.level, 0) + 1
    assert by_level["province"] == 34
    assert by_level["city"] > 300
    assert by_level["county"] > 2800
    names = {p.name for p in places}
    for county in (
        "沭阳县",
        "盱眙县",
        "滕州市",
        "清江浦区",
        "裕安区",
        "赣榆区",
        "叶集区",
        "洪泽区",
    ):
        assert county in names


# --- covered exactly ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "region"),
    [
        ("洪泽区", "洪泽区", "洪泽区"),
        ("洪泽", "洪泽区", "洪泽区"),
        ("淮安市洪泽区", "洪泽区", "洪泽区"),
        ("淮安洪泽", "洪泽区", "洪泽区"),
        ("宿迁市", "宿迁市", "宿迁市"),
        ("宿迁", "宿迁市", "宿迁市"),
        ("连云港市", "连云港市", "连云港市"),
        ("连云港", "连云港市", "连云港市"),
        ("叶集区", "叶集区", "叶集区"),
        ("六安市叶集区", "叶集区", "叶集区"),
        ("叶集", "叶集区", "叶集区"),
        ("台儿庄区", "台儿庄区", "台儿庄区"),
        ("枣庄台儿庄", "台儿庄区", "台儿庄区"),
        ("hongze", "洪泽区", "洪泽区"),
    ],
)
def test_exact(text: str, name: str, region: str) -> None:
    assert one(text) == (name, region, "exact")


def test_parent_and_child_are_one_mention() -> None:
    (m,) = resolve_places("我在淮安市洪泽区上班")
    assert (m.text, m.start, m.end) == ("淮安市洪泽区", 2, 8)
    assert (m.name, m.level, m.province, m.city) == ("洪泽区", "county", "江苏省", "淮安市")
    assert m.covered == Coverage("洪泽区", "exact")
    (m,) = resolve_places("江苏省宿迁市沭阳县")
    assert (m.name, m.covered) == ("沭阳县", Coverage("宿迁市", "inside"))


# --- inside a covered city ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "region"),
    [
        ("沭阳县", "沭阳县", "宿迁市"),
        ("沭阳", "沭阳县", "宿迁市"),
        ("泗洪县", "泗洪县", "宿迁市"),
        ("泗洪", "泗洪县", "宿迁市"),
        ("泗阳", "泗阳县", "宿迁市"),
        ("宿城区", "宿城区", "宿迁市"),
        ("宿豫", "宿豫区", "宿迁市"),
        ("赣榆区", "赣榆区", "连云港市"),
        ("赣榆", "赣榆区", "连云港市"),
        ("东海县", "东海县", "连云港市"),
        ("灌云县", "灌云县", "连云港市"),
        ("灌南", "灌南县", "连云港市"),
        ("海州区", "海州区", "连云港市"),
        ("连云区", "连云区", "连云港市"),
        ("宿迁经济技术开发区", "宿迁经济技术开发区", "宿迁市"),
        ("宿迁经开区", "宿迁经济技术开发区", "宿迁市"),
        ("湖滨新区", "宿迁市湖滨新区", "宿迁市"),
        ("洋河新区", "宿迁市洋河新区", "宿迁市"),
        ("苏宿工业园区", "苏州宿迁工业园区", "宿迁市"),
    ],
)
def test_inside(text: str, name: str, region: str) -> None:
    assert one(text) == (name, region, "inside")


def test_suzhou_suqian_park_is_in_suqian_not_suzhou() -> None:
    (m,) = resolve_places("苏州宿迁工业园区的企业招技师")
    assert (m.text, m.name, m.level, m.city) == (
        "苏州宿迁工业园区",
        "苏州宿迁工业园区",
        "zone",
        "宿迁市",
    )
    assert m.covered == Coverage("宿迁市", "inside")
    assert covered_region_of("苏州宿迁工业园区有学徒补贴吗") == ("宿迁市", [])


def test_shared_name_prefers_the_home_provinces() -> None:
    (m,) = resolve_places("海州区")  # 连云港 and 阜新 both have one
    assert m.province == "江苏省"
    assert [a.province for a in m.alternatives] == ["辽宁省"]


# --- not covered ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "level"),
    [
        ("苏州", "苏州市", "city"),
        ("苏州市", "苏州市", "city"),
        ("南京", "南京市", "city"),
        ("滕州市", "滕州市", "county"),
        ("滕州", "滕州市", "county"),
        ("盱眙县", "盱眙县", "county"),
        ("盱眙", "盱眙县", "county"),
        ("清江浦区", "清江浦区", "county"),
        ("裕安区", "裕安区", "county"),
        ("六安市", "六安市", "city"),
        ("六安", "六安市", "city"),
        ("淮安市", "淮安市", "city"),
        ("枣庄市", "枣庄市", "city"),
        ("枣庄", "枣庄市", "city"),
        ("安徽", "安徽省", "province"),
        ("江苏", "江苏省", "province"),
        ("江苏省", "江苏省", "province"),
        ("山东省", "山东省", "province"),
        ("上海", "上海市", "province"),
        ("广西", "广西壮族自治区", "province"),
        ("延边", "延边朝鲜族自治州", "city"),
    ],
)
def test_not_covered(text: str, name: str, level: str) -> None:
    (m,) = resolve_places(text)
    assert (m.name, m.level, m.covered) == (name, level, None)


def test_parent_chain() -> None:
    (m,) = resolve_places("盱眙")
    assert (m.province, m.city, m.code) == ("江苏省", "淮安市", "320830")
    (m,) = resolve_places("滕州")
    assert (m.province, m.city) == ("山东省", "枣庄市")
    (m,) = resolve_places("裕安区")
    assert (m.province, m.city) == ("安徽省", "六安市")
    (m,) = resolve_places("苏州")
    assert (m.province, m.city) == ("江苏省", None)
    (m,) = resolve_places("安徽")
    assert (m.province, m.city) == (None, None)


def test_covered_district_does_not_cover_its_city() -> None:
    assert covered_region_of("淮安市的技师补贴") == (None, resolve_places("淮安市"))
    region, missing = covered_region_of("我在六安市")
    assert region is None
    assert [m.name for m in missing] == ["六安市"]


# --- messages naming two places -------------------------------------------------------------


def test_two_places() -> None:
    ms = resolve_places("我户口在盱眙，在沭阳上班，能领补贴吗")
    assert [(m.text, m.name) for m in ms] == [("盱眙", "盱眙县"), ("沭阳", "沭阳县")]
    assert [m.covered for m in ms] == [None, Coverage("宿迁市", "inside")]
    region, missing = covered_region_of("我户口在盱眙，在沭阳上班，能领补贴吗")
    assert region == "宿迁市"
    assert [m.name for m in missing] == ["盱眙县"]


def test_two_places_side_by_side() -> None:
    ms = resolve_places("苏州南京都有厂")
    assert [m.name for m in ms] == ["苏州市", "南京市"]
    ms = resolve_places("从苏州回到宿迁工作")
    assert [(m.name, m.covered) for m in ms] == [
        ("苏州市", None),
        ("宿迁市", Coverage("宿迁市", "exact")),
    ]


def test_covered_region_of_names_what_is_missing() -> None:
    region, missing = covered_region_of("苏州有没有技师补贴")
    assert region is None
    assert [(m.text, m.name) for m in missing] == [("苏州", "苏州市")]
    assert covered_region_of("技师补贴怎么申请") == (None, [])
    assert covered_region_of("沭阳县的学徒补贴") == ("宿迁市", [])
    assert held_regions() == ("洪泽区", "台儿庄区", "宿迁市", "连云港市", "叶集区")


def test_spans_index_the_original_text() -> None:
    text = "请问，叶集区和裕安区有什么不同"
    for m in resolve_places(text):
        assert text[m.start : m.end] == m.text


# --- ordinary words are not places ----------------------------------------------------------

ORDINARY_QUESTIONS = [
    "技师补贴怎么申请？",
    "高级技师每月能拿多少津贴",
    "学徒制培训补贴的标准是多少",
    "企业新型学徒制每人补贴多少钱",
    "我是技工院校毕业生，可以领就业补贴吗",
    "社保缴纳满六个月才能申请吗",
    "职业技能等级证书怎么认定",
    "取得高级工证书有奖励吗",
    "企业职工岗前培训补贴怎么领",
    "以工代训补贴还有吗",
    "技能大师工作室有资助吗",
    "首席技师评选条件是什么",
    "高技能人才的住房补贴怎么申请",
    "技师以上高技能人才可以落户吗",
    "人力资源和社会保障局的电话是多少",
    "乡村振兴技能培训有补贴吗",
    "比如我考了电工证，能拿多少",
    "南部地区的企业也能申请吗",
    "校企合作订单班有补助吗",
    "会同财政部门发放的补贴什么时候到账",
    "企业和政府各出多少",
    "资金安全怎么保障",
    "社会保险断缴了还能申请吗",
    "失业人员参加培训有生活费补贴吗",
    "农民工返乡创业有担保贷款吗",
    "创业担保贷款贴息多少",
    "退役军人参加技能培训免费吗",
    "残疾人职业培训有什么政策",
    "大学生见习补贴一个月多少",
    "就业见习基地怎么认定",
    "技能竞赛获奖能直接晋升技师吗",
    "世界技能大赛获奖有奖金吗",
    "省级技术能手有什么待遇",
    "职业技能鉴定考试在哪里报名",
    "特种作业操作证算不算技能证书",
    "焊工证书补贴能领几次",
    "电工中级证书有补贴吗",
    "叉车证有没有补贴",
    "家政服务员培训补贴",
    "养老护理员取得证书有补贴吗",
    "新入职的技术工人有安家费吗",
    "引进的高技能人才有购房补贴吗",
    "技能人才子女入学有优惠吗",
    "企业自主评价技能等级怎么备案",
    "职业技能等级认定机构怎么申请",
    "技工学校学生有助学金吗",
    "中职学生免学费吗",
    "技师学院毕业相当于大专吗",
    "技能人才可以评职称吗",
    "工程技术人才和技能人才贯通是什么意思",
    "技能补贴要交个税吗",
    "补贴发到个人社保卡上吗",
    "申请材料需要哪些",
    "身份证复印件要几份",
    "网上可以办理吗",
    "审核需要多长时间",
    "补贴什么时候发放",
    "同一个证书能重复申请吗",
    "外省户籍可以申请吗",
    "本地户籍有额外奖励吗",
    "灵活就业人员能参加培训吗",
    "个体工商户能申请学徒补贴吗",
    "小微企业吸纳就业有补贴吗",
    "稳岗返还怎么申请",
    "一次性扩岗补助还有吗",
    "企业招用高校毕业生有社保补贴吗",
    "公益性岗位工资多少",
    "职业培训券怎么用",
    "线上培训算不算课时",
    "培训机构怎么申请定点资质",
    "民办职业培训学校审批流程",
    "企业职工技能提升补贴标准",
    "技能提升补贴需要参保满一年吗",
    "领了失业金还能领技能补贴吗",
    "技能提升补贴一年能领几次",
    "高级工补贴是两千元吗",
    "技师补贴是三千元吗",
    "高级技师补贴是多少",
    "证书丢了能补办吗",
    "证书查询网址是什么",
    "企业首席技师津贴谁发",
    "技能大师工作室建设资金怎么使用",
    "产业工人队伍建设改革有哪些内容",
    "工匠培育工程怎么参加",
    "企业培训中心能当考点吗",
    "公共实训基地对外开放吗",
    "实训基地建设补助多少",
    "职业院校教师企业实践要求",
    "双师型教师认定条件",
    "新时代技能人才培养的意见",
    "技能人才薪酬分配指引是什么",
    "技能人才评价制度改革内容",
    "职业资格目录有哪些",
    "准入类职业资格有哪些",
    "水平评价类证书还有效吗",
    "专项职业能力考核是什么",
    "全市技能人才总量目标",
    "各县区人社局电话",
    "镇街道的服务窗口在哪",
    "我想咨询一下学徒补贴的问题",
]


def test_the_ordinary_questions_are_a_hundred() -> None:
    assert len(ORDINARY_QUESTIONS) == 100
    assert len(set(ORDINARY_QUESTIONS)) == 100


@pytest.mark.parametrize("text", ORDINARY_QUESTIONS)
def test_ordinary_question_names_no_place(text: str) -> None:
    assert resolve_places(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "我在大厂上班",  # 大厂回族自治县
        "安居乐业",  # 安居区, 乐业县
        "现代县域经济",  # 代县
        "设区的市和县级人民政府",  # 和县
        "我不知道县里有没有补贴",  # 道县
        "开通绿色通道",  # 通道侗族自治县
        "延长补贴期限",  # 延长县
        "以上高级职业资格",  # 上高县
        "城区的企业",  # 城区 (阳泉, 长治, 晋城)
        "新兴产业",  # 新兴县
        "会同有关部门",  # 会同县
        "共同富裕",  # 富裕县
        "中方企业",  # 中方县
        "资金安全",  # 金安区
        "创新和创业",  # 新和县
        "创设人才集聚创新平台",  # 新平彝族傣族自治县
        "全方位高密度宣传",  # 高密市
        "台儿庄古城好玩吗",  # 古城区 (and 台儿庄 is named)
        "职称多少钱能评下来",  # 称多县
        "搭建平台，公开平台信息",  # 建平县, 开平区
        "补贴资金台账",  # 金台区
        "利益最大化",  # 大化瑶族自治县
        "在大城市打工",  # 大城县
        "新城区的企业",  # 新城区 (西安, 呼和浩特)
    ],
)
def test_ordinary_word_shaped_like_a_county(text: str) -> None:
    assert [m.name for m in resolve_places(text) if m.name != "台儿庄区"] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("会同县", "会同县"),  # with its suffix
        ("怀化会同", "会同县"),  # after its parent
        ("阳泉市城区", "城区"),
        ("我在和县", "和县"),  # a two-character name after 在
        ("和县", "和县"),
    ],
)
def test_ordinary_word_county_with_suffix_or_parent(text: str, name: str) -> None:
    assert one(text)[0] == name


def test_parent_and_child_across_spaces() -> None:
    (m,) = resolve_places("淮安市 洪泽区")
    assert (m.text, m.name, m.covered) == ("淮安市 洪泽区", "洪泽区", Coverage("洪泽区", "exact"))
    assert [m.name for m in resolve_places("苏州 南京")] == ["苏州市", "南京市"]


def test_the_lake_is_not_the_district() -> None:
    assert resolve_places("洪泽湖边的企业") == []
    assert [m.text for m in resolve_places("洪泽湖和洪泽")] == ["洪泽"]


def test_docstring_examples() -> None:
    import doctest

    import policy_kb.places

    result = doctest.testmod(policy_kb.places)
    assert result.attempted >= 3
    assert result.failed == 0


def test_zone_after_its_city_and_coverage_of() -> None:
    (m,) = resolve_places("宿迁湖滨新区")
    assert (m.name, m.covered) == ("宿迁市湖滨新区", Coverage("宿迁市", "inside"))
    assert one("苏州宿迁工业园") == ("苏州宿迁工业园区", "宿迁市", "inside")
    by_name = {p.name: p for p in all_places()}
    assert coverage_of(by_name["泗洪县"]) == Coverage("宿迁市", "inside")
    assert coverage_of(by_name["宿迁市"]) == Coverage("宿迁市", "exact")
    assert coverage_of(by_name["淮安市"]) is None
    assert coverage_of(by_name["六安市"]) is None
