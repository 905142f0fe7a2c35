"""policy_kb.places: place names in free text and the policy_kb region each maps to."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path
from types import ModuleType

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


# --- townships (镇, 乡, 街道) of the covered regions -------------------------------------------


def test_townships_are_those_of_the_covered_regions_under_their_counties() -> None:
    places = all_places()
    by_code = {p.code: p for p in places if p.code}
    towns = [p for p in places if p.level == "township"]
    assert len(towns) > 200
    covered = {"320813", "341504", "370405", "321300", "320700"}
    for town in towns:
        assert town.code is not None and len(town.code) == 9
        county = by_code[town.code[:6]]
        assert county.level == "county"
        assert town.county == county.name
        assert town.ancestors == (*county.ancestors, county.code)
        assert covered.intersection(town.ancestors), town
    sanyuan = next(p for p in towns if p.name == "三元镇")
    assert (sanyuan.code, sanyuan.county, sanyuan.city) == ("341504100", "叶集区", "六安市")
    # a town of a place without a document is not in the table
    assert not {"马坝镇", "木渎镇", "龙阳镇"} & {p.name for p in towns}


@pytest.mark.parametrize(
    ("text", "name", "county", "region"),
    [
        ("我家住史河街道", "史河街道", "叶集区", "叶集区"),
        ("平岗街道的厂子", "平岗街道", "叶集区", "叶集区"),
        ("孙岗乡", "孙岗乡", "叶集区", "叶集区"),
        ("在岔河镇开了个修理铺", "岔河镇", "洪泽区", "洪泽区"),
        ("黄集街道", "黄集街道", "洪泽区", "洪泽区"),
        ("朱坝街道这边", "朱坝街道", "洪泽区", "洪泽区"),
        ("我们运河街道有个电子厂", "运河街道", "台儿庄区", "台儿庄区"),
        ("马兰屯镇", "马兰屯镇", "台儿庄区", "台儿庄区"),
        ("高墟镇的花木公司", "高墟镇", "沭阳县", "宿迁市"),
        ("双沟镇酒厂", "双沟镇", "泗洪县", "宿迁市"),
        ("青口镇", "青口镇", "赣榆区", "连云港市"),
        ("燕尾港镇的化工园", "燕尾港镇", "灌云县", "连云港市"),
        # 宿城街道 is 连云区's; 宿迁's 宿城区 is a county
        ("宿城街道", "宿城街道", "连云区", "连云港市"),
    ],
)
def test_township_maps_to_its_covered_region(
    text: str, name: str, county: str, region: str
) -> None:
    (m,) = resolve_places(text)
    assert (m.name, m.level, m.county) == (name, "township", county)
    assert m.covered == Coverage(region, "inside")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("淮安市洪泽区岔河镇", "岔河镇"),
        ("六安叶集三元镇", "三元镇"),
        ("枣庄市台儿庄区运河街道", "运河街道"),
        ("江苏宿迁沭阳县高墟镇", "高墟镇"),
        ("连云港 赣榆 青口镇", "青口镇"),
    ],
)
def test_parents_and_township_are_one_mention(text: str, name: str) -> None:
    (m,) = resolve_places(text)
    assert (m.text, m.name) == (text, name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我在姚李上班", "姚李镇"),
        ("住高良涧", "高良涧街道"),
        ("涧头集那块", "涧头集镇"),
        ("去高墟", "高墟镇"),
        # a short name that is unsafe alone, after its parent
        ("洪泽岔河", "岔河镇"),
        ("台儿庄运河", "运河街道"),
        ("叶集三元", "三元镇"),
    ],
)
def test_township_short_name_where_it_is_safe(text: str, name: str) -> None:
    names = [m.name for m in resolve_places(text)]
    assert names[-1:] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "运河边上的厂",  # 运河: an ordinary word
        "岔河那边",  # six towns of China are 岔河镇
        "补贴钱集中发放吗",  # 钱集镇, straddled
        "这个事项里面怎么说",  # 项里街道, straddled
        "想在这里扎下根来",  # 扎下镇: part of 扎下来
        "黄河流域的企业",  # 黄河街道
        "生活幸福感",  # 幸福街道
        "上车下车都要刷卡",  # 下车镇
        "一家三口的住房补贴",  # 三口镇
        "十字路口那家培训学校",  # 十字街道
        "世界集团的焊工",  # 界集镇
    ],
)
def test_township_short_name_that_is_an_ordinary_word_is_no_place(text: str) -> None:
    assert [m for m in resolve_places(text) if m.level == "township"] == []


def test_a_short_name_shared_with_a_county_stays_the_county() -> None:
    # 三元 is 福建's 三元区 (no document); 三元镇 is 叶集's
    assert one("三元") == ("三元区", None, None)
    assert one("三元镇") == ("三元镇", "叶集区", "inside")


def test_a_town_of_that_name_under_another_place_is_not_ours() -> None:
    assert [m.name for m in resolve_places("福建三元镇")] == ["三元区"]
    region, missing = covered_region_of("安徽肥西三河镇有技师补贴吗")
    assert region is None
    assert "肥西县" in [m.name for m in missing]
    assert "三河镇" not in [m.name for m in resolve_places("肥西三河镇")]


@pytest.mark.parametrize(
    ("text", "uncovered"),
    [
        ("盱眙县马坝镇的技师补贴", "盱眙县"),
        ("苏州木渎镇高级工", "苏州市"),
        ("滕州市龙阳镇", "滕州市"),
    ],
)
def test_town_of_a_place_without_a_document_is_not_covered(text: str, uncovered: str) -> None:
    region, missing = covered_region_of(text)
    assert region is None
    assert [m.name for m in missing] == [uncovered]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_places", ROOT / "scripts" / "gen_places.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_rule_for_township_short_names() -> None:
    gen = _generator()
    nations = ["回族", "满族"]
    assert gen.town_short("高良涧街道", nations) == "高良涧"
    assert gen.town_short("姚李镇", nations) == "姚李"
    assert gen.town_short("红旗回族乡", nations) == "红旗"
    assert gen.town_short("某镇", nations) == ""
    words = frozenset({"运河", "幸福"})
    joined = "\n扎下来\n蒋坝镇\n运河\n幸福\n"
    none: Counter[str] = Counter()

    def ordinary(short: str, name: str, upper: frozenset[str] = frozenset()) -> bool:
        return bool(gen.town_is_ordinary(short, name, words, joined, upper, none))

    assert ordinary("运河", "运河街道")  # a word
    assert ordinary("扎下", "扎下镇")  # part of a word
    assert not ordinary("蒋坝", "蒋坝镇")  # the dictionary holds the town itself
    assert ordinary("三河", "三河镇", frozenset({"三河"}))  # another place's name
    assert ordinary("古城", "古城街道")  # COMMON_SHORT
    assert not ordinary("姚李", "姚李镇")
    assert gen.town_is_ordinary("岔河", "岔河镇", words, joined, frozenset(), Counter({"岔河": 6}))


def test_committed_table_flags_follow_the_rule() -> None:
    rows = {
        line.split("\t")[1]: line.split("\t")
        for line in (ROOT / "policy_kb" / "data" / "divisions.tsv").read_text("utf-8").splitlines()
        if not line.startswith("#")
    }
    assert rows["三元镇"] == ["341504100", "三元镇", "三元", "s"]
    assert rows["运河街道"][3] == "s"
    assert rows["岔河镇"][3] == "s"
    assert rows["姚李镇"][3] == ""
    assert rows["高良涧街道"][3] == ""


def test_places_of_a_text_read_again_follow_a_registry_change() -> None:
    """A text read again gives the same places (kept per automaton), as a list of the caller's
    own; a district joining the registry (a published document) changes what it maps to."""
    from policy_kb.regions import Region, use_regions

    first = resolve_places("我在睢宁县上班")
    assert first[0].covered is None
    first.clear()  # the caller's own list: what is kept is untouched
    assert [m.name for m in resolve_places("我在睢宁县上班")] == ["睢宁县"]
    try:
        use_regions([Region("睢宁县", "徐州市", "江苏省", "320324", ("睢宁",))])
        again = resolve_places("我在睢宁县上班")
        assert again[0].covered is not None and again[0].covered.region == "睢宁县"
    finally:
        use_regions([])
    assert resolve_places("我在睢宁县上班")[0].covered is None
