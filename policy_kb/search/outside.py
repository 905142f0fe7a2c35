"""Public services next to skilled-worker policy that these documents do not cover.

A worker asks the same account about 失业金, 公积金 or 医保 报销; a clause that merely shares
「保险」 or 「补贴」 with such a question does not answer it. These are the common services of
人社, 医保, 公积金, 税务, 公安 and 民政 offices (general knowledge of the field, not of any
question set); a question naming one is answered only by a clause that names it too, and the
bot can point the worker to the office that handles it.
"""

from __future__ import annotations

import re
from functools import cache

#: term -> (the service, where to ask). Longer terms are matched first.
OUTSIDE_SERVICES: dict[str, tuple[str, str]] = {}

_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("失业金 失业保险金 失业补助金 领失业 失业了 失业登记", "失业保险待遇", "人社服务热线12333"),
    (
        "养老金 退休金 养老保险 办退休 退休手续 退休年龄 提前退休",
        "养老保险和退休",
        "人社服务热线12333",
    ),
    (
        "社保转移 社保断缴 社保补缴 断缴 停缴 断保 停保 补缴社保 转社保 灵活就业社保",
        "社会保险关系和缴费",
        "人社服务热线12333",
    ),
    (
        "工伤认定 工伤待遇 工伤保险待遇 工伤期间 工伤赔偿 工伤鉴定 伤残鉴定 劳动能力鉴定 工伤了 "
        "算工伤 伤残",
        "工伤认定和待遇",
        "人社服务热线12333",
    ),
    (
        "生育津贴 生育保险 产假 陪产假 婚假 年休假 年假 病假",
        "假期和生育保险待遇",
        "人社服务热线12333",
    ),
    ("最低工资 加班费 拖欠工资 欠薪", "工资和劳动保障监察", "劳动保障监察（12333）"),
    (
        "试用期 经济补偿金 辞退 解除劳动合同 竞业限制",
        "劳动合同纠纷",
        "人社服务热线12333或劳动人事争议仲裁院",
    ),
    # Dispatched labour and equal pay for equal work: 劳动合同法's rules, no skill policy's.
    (
        "劳务派遣 派遣工 被派遣 派遣员工 同工同酬",
        "劳务派遣和同工同酬",
        "人社服务热线12333或劳动人事争议仲裁院",
    ),
    # 复审, 年审: the periodic review of a 特种作业操作证 (电工证, 焊工证); skill certificates
    # have none.
    # 换证, 证到期: skill certificates never expire; an operating certificate does.
    ("特种作业 操作证 安全员证 复审 年审 换证 证到期 证书到期", "特种作业操作证", "应急管理部门"),
    (
        # The other items of 就业补助资金 (求职创业补贴, 公益性岗位补贴 …); not 社保补贴:
        # said of a question's 社保 and 补贴 side by side.
        "求职创业补贴 求职补贴 创业补贴 一次性创业补贴 公益性岗位 "
        "职业介绍补贴 以工代训 吸纳就业补贴 一次性吸纳就业",
        "就业补助资金（求职创业、公益性岗位等补贴）",
        "人社服务热线12333",
    ),
    # A lost or doubted certificate: the body that issued it reissues and verifies it.
    (
        "证书丢 证丢 证书遗失 证书掉了 补证 补发证书 证书补办 查询真伪 查真伪",
        "证书补发和查询",
        "发证的评价机构或人社服务热线12333",
    ),
    ("契税 房产税 印花税 增值税", "税收", "纳税服务热线12366"),
    ("签证 出入境", "出入境证件", "公安出入境管理部门"),
    ("公积金 住房公积金 提取公积金 公积金贷款", "住房公积金", "住房公积金服务热线12329"),
    ("医保 医疗保险 报销 医保卡 异地就医 新农合 城乡居民医保", "医疗保障", "医保服务热线12393"),
    ("个税 个人所得税 专项附加扣除 退税", "个人所得税", "纳税服务热线12366"),
    ("低保 最低生活保障 特困 临时救助 残疾人补贴 残疾证", "社会救助", "民政部门（12345）"),
    ("驾照 驾驶证 考驾照 行驶证 违章", "机动车驾驶", "交管12123"),
    (
        "身份证办理 护照 港澳通行证 居住证 户口迁移 迁户口 上户口 积分落户 结婚登记 离婚",
        "户籍和证件",
        "公安机关（12345）",
    ),
    (
        "教师资格 教师资格证 公务员考试 事业单位考试 考编 教师招聘 公务员",
        "资格考试和招录",
        "当地人事考试机构",
    ),
    ("创业贷款 贴息贷款 房贷 车贷 信用卡", "贷款", "当地人社部门或银行"),
    # saving and investing: what banks and brokers answer (the documents' 专项基金 is a fund
    # of the government's, not one to buy)
    ("股票 炒股 理财 基金定投 买基金 彩票", "理财和投资", "银行或证券机构"),
    # subsidies for buying goods (cars, appliances), not for skills
    ("以旧换新 购置补贴 购车补贴 家电补贴 消费券", "消费补贴", "商务部门（12345）"),
    # consumer credit of banks and payment apps: its limit (额度), repayment, overdue, credit record
    (
        "借呗 花呗 网贷 网络贷款 小额贷款 消费贷 信用贷 白条 微粒贷 征信 逾期 还款 分期付款 透支",
        "个人借贷和信用",
        "放贷的银行或平台（信用记录：中国人民银行征信中心）",
    ),
    ("中考 高考 学区 义务教育入学 幼儿园 学籍", "升学", "教育部门（12345）"),
    # money moved or received through a phone app or a bank: the platform's own service
    (
        "转账 转钱 汇款 转错 红包 收款码 付款码 提现 零钱 支付宝 微信支付 扫码支付 支付密码 网银",
        "手机支付和转账",
        "支付平台或银行的客服",
    ),
    # household bills and top-ups
    (
        "话费 手机流量 电费 水费 水电费 燃气费 煤气费 物业费 宽带费 暖气费",
        "生活缴费",
        "缴费平台或供电、供水、燃气、通信公司的客服",
    ),
    # a child's school life (not the documents' 技工院校 and their students' 学费, 奖学金)
    (
        "家长会 补课 校服 资料费 成绩单 寒假 暑假 班主任",
        "中小学校事务",
        "孩子就读的学校或教育部门（12345）",
    ),
    # contests of sport, song, dance and games: no 职业技能竞赛, so no skill contest's prize
    # or honour (头名 of a 马拉松 is no 一等奖 of a 技能大赛)
    (
        "马拉松 长跑 跑步比赛 广场舞 舞蹈比赛 跳舞比赛 歌唱比赛 唱歌比赛 歌手大赛 歌咏 合唱 "
        "象棋 围棋 棋类 篮球 足球 排球 羽毛球 乒乓球 运动会 体育比赛 钓鱼比赛 书法比赛 "
        "摄影比赛 演讲比赛 征文 作文比赛 选美 电竞 游戏比赛",
        "文体比赛（不是职业技能竞赛）",
        "主办比赛的单位或文体部门",
    ),
    # the worker's own health and daily habits (sleep after night shifts, aches, diet): a
    # doctor's matter, whatever shift or trade the question names (not 身体健康 alone: 「身体健康
    # 状况影响引进补贴吗」 asks about a benefit's conditions)
    (
        "失眠 睡眠 睡不着 睡不好 睡不够 睡觉 熬夜 作息 生物钟 对身体 伤身体 身体吃不消 "
        "养生 减肥 健身 锻炼身体 体检 看病 挂号 吃药 感冒 发烧 头疼 头痛 颈椎 腰疼 腰椎 胃病 "
        "近视 视力 心理健康 焦虑 抑郁 保健品 营养",
        "健康和就医",
        "医院或卫生健康部门（12320）",
    ),
    # papers of family and property, not of skills
    (
        "房产证 不动产证 出生证明 准生证 营业执照",
        "家庭和财产证照",
        "不动产登记、卫健或市场监管部门（12345）",
    ),
)
for _terms, _service, _where in _GROUPS:
    for _t in _terms.split():
        OUTSIDE_SERVICES[_t] = (_service, _where)

_BY_LENGTH: tuple[str, ...] = tuple(sorted(OUTSIDE_SERVICES, key=len, reverse=True))


# A four-character term said with a modifier inside it (创业担保贷款 is a 创业贷款, 医疗费用报销
# a 报销 …): its two halves with one or two characters between them. The pattern is only
# tried (and compiled, ~1 ms each with the CJK range: 49 of them were ~0.04 s of every start)
# when both halves are in the text, which it needs anyway.
_SPLIT: dict[str, tuple[str, str]] = {t: (t[:2], t[2:]) for t in OUTSIDE_SERVICES if len(t) == 4}


@cache
def _split_pattern(term: str) -> re.Pattern[str]:
    """``term``'s halves with one or two Chinese characters between them."""
    return re.compile(f"{term[:2]}[\u4e00-\u9fff]{{1,2}}{term[2:]}")


def _said_split(term: str, text: str) -> bool:
    """Whether ``text`` says the four-character ``term`` with a modifier inside it."""
    halves = _SPLIT.get(term)
    if halves is None or halves[0] not in text or halves[1] not in text:
        return False
    return _split_pattern(term).search(text) is not None


def outside_terms(text: str) -> list[str]:
    """The outside-service terms (longest first, none inside another found) in ``text``, also
    when a four-character term has a modifier inside it (创业担保贷款 → 创业贷款)."""
    found: list[str] = []
    for term in _BY_LENGTH:
        said = term in text or _said_split(term, text)
        if said and not any(term in f for f in found):
            found.append(term)
    return found


def service_for(term: str) -> tuple[str, str]:
    """(service, where to ask) for a term of ``outside_terms``. Raises KeyError otherwise."""
    return OUTSIDE_SERVICES[term]
