"""Field vocabulary: how workers say things versus how policy documents write them.

General vocabulary of skilled-worker policy (grades, money words, documents' formal terms)
and of spoken Chinese questions (stopwords, one-character verbs and measure words, words every
public-service question uses), written from how the field talks, not from any question set.
Corpus-specific terms are collected automatically from the documents (see
``segment.corpus_terms``).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from policy_kb.skill_levels import GRADE_BY_NUMERAL

# Terms jieba must keep whole (it splits 高级工 into 高级/工 otherwise). Corpus terms are
# added on top of these when the index is built.
DOMAIN_TERMS: tuple[str, ...] = (
    "初级工", "中级工", "高级工", "技师", "高级技师", "特级技师", "首席技师", "技术工人",
    "技能人才", "高技能人才", "技能大师", "技能大师工作室", "大师工作室", "劳模创新工作室",
    "新型学徒制", "学徒制", "职业技能等级", "职业资格", "职业资格证书", "技能等级认定",
    "职业技能竞赛", "技能竞赛", "技能大赛", "世界技能大赛", "技术能手", "中华技能大奖",
    "江淮杰出工匠", "杰出工匠", "一次性补贴", "一次性奖励", "生活补贴", "住房补贴",
    "培训补贴", "社会保险", "劳动合同", "就业见习", "见习基地", "实训基地", "公共实训基地",
    "产教融合", "校企合作", "订单班", "冠名班", "技工院校", "技工学校", "技师学院", "职业院校",
    "职业学校", "中等专业学校", "职业中专", "急需紧缺", "高层次人才", "人才引进", "柔性引进",
    "区外", "省外", "外地", "新引进", "购房券", "落户", "蓝卡", "社会保障卡", "职称评审",
    "专业技术职称", "工程系列", "年薪制", "股权制", "期权制", "特殊津贴", "政府特殊津贴",
    "十四五", "十五五", "培训基地", "自主评价", "等级认定", "订单培养", "产业学院", "返乡就业", "共享用工",
    "稳岗补贴", "失业保险", "工伤保险", "职工教育经费", "专项资金", "引才补助", "工作站",
    "技能提升", "高校毕业生", "退役士兵", "一等奖", "二等奖", "三等奖", "奖补",
    "降费率", "降费减负", "降费", "减负",
)  # fmt: skip

# The product's own names, which workers type (and mistype) as often as any document term.
PRODUCT_TERMS: tuple[str, ...] = ("技工蓝卡", "蓝卡")

# Words that mean the same thing to a worker asking; any member expands to the others.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("补贴", "补助", "奖补", "资助", "奖励", "津贴", "奖金", "补贴资金"),
    ("钱", "补贴", "资金", "经费", "补助", "奖励", "奖金"),
    ("好处", "待遇", "优惠", "福利", "享受", "补贴", "奖励", "补助"),
    ("竞赛", "大赛", "比赛", "技能竞赛", "技能大赛", "职业技能竞赛"),
    ("证书", "职业资格", "职业技能等级", "资格证书", "职业资格证书", "等级证书"),
    ("引进", "引才", "招引", "引入"),
    ("取得", "获得", "考取", "荣获"),  # 考证 -> 取得证书; the documents write 获得…职业资格
    ("企业", "用人单位", "单位", "公司", "老板", "厂里", "工厂"),
    ("民营企业", "私营企业", "民企", "私企"),
    ("国有企业", "国企", "区属国有企业"),
    ("社会保险", "社保"),
    ("工资", "薪酬", "薪金", "工资薪金", "收入", "待遇", "薪资"),
    ("住房", "购房", "住房补贴", "购房券"),
    ("落户", "户籍", "户口"),
    ("子女", "孩子", "小孩", "娃", "娃娃", "小孩子", "儿女", "孩儿", "娃儿", "娃子"),
    # a child's schooling: 上学, 读书, 念书 are the documents' 入学, 就学, 教育
    ("入学", "上学", "读书", "念书", "就学", "教育", "上学读书"),
    # being at school: 在学校, 在读 are the documents' 在校 (在校学生, 在校学习补助)
    ("在校", "在学校", "在读", "在校生", "在校学生"),
    ("优先", "照顾", "优待", "倾斜"),
    ("重复", "多重", "同时", "一起", "叠加", "重复享受"),
    # 4000元/人: per person; 按人头, 一人 (补多少) are how an employer says it
    ("每人", "个人", "一个人", "每个人", "人均", "/人", "人头", "按人头", "一人", "每人每年"),
    ("每年", "一年", "年度", "一年一次"),
    ("增幅", "涨幅", "涨工资", "加工资"),
    ("一等奖", "二等奖", "三等奖", "等奖", "获奖", "得奖", "名次", "拿奖", "前三名"),
    ("教师", "老师", "师资"),
    ("自主评价", "自评", "自己评"),
    ("配偶", "老婆", "老公", "爱人", "家属"),
    ("学徒", "新型学徒制", "学徒制"),
    ("中专", "中等专业学校", "职业中专", "中等职业"),
    ("技校", "职校", "技工学校", "技工院校", "技师学院", "职业院校", "职业学校", "职技院校"),
    ("职称", "专业技术职称", "职称评审"),
    ("工作室", "技能大师工作室", "大师工作室"),
    ("实训", "实训基地", "实习"),
    ("见习", "就业见习"),
    ("招聘", "招工", "招人", "用工", "招聘会"),
    # getting one's business done at an office: what the documents call 服务 (服务窗口)
    ("办事", "服务", "办理"),
    ("就业", "上班", "找工作", "求职", "务工"),
    ("外地", "区外", "省外", "外省", "外面", "外来", "外市"),
    ("毕业生", "大学生", "高校毕业生"),
    ("退役士兵", "退伍军人", "退役军人", "退伍兵", "当兵"),
    ("最高", "最多", "上限", "封顶"),
    # short of hands: what the documents call 紧缺, 急需
    ("紧缺", "缺人", "缺工", "招工难", "用工荒"),
    ("同等", "一样", "相同", "同样"),
    ("晋升", "晋级", "提升等级"),
    ("首席技师", "首席"),
    # a grade said with what it qualifies (具备中级以上技能水平, 获得高级以上职业资格)
    ("初级工", "初级技能", "初级以上"),
    ("中级工", "中级技能", "中级以上"),
    ("高级工", "高级以上"),
    ("技术能手", "能手"),
    ("技工", "技能人才", "技术工人"),
    ("职工", "员工", "工人", "产业工人"),
    ("期限", "多久", "多长时间", "年限"),
    ("培训", "培训补贴", "技能培训"),
    ("年薪", "年薪制"),
    ("股权", "股权制", "入股", "股份"),
    ("免费", "不要钱", "免费技能培训"),
    ("贫困", "贫困劳动者", "贫困户"),
    ("工匠", "杰出工匠"),
    ("一等奖", "第一名", "头奖"),
    ("二等奖", "第二名"),
    ("三等奖", "第三名"),
    ("学历", "大专", "本科", "技能+学历"),
    # being rated to a grade (能评技师吗, 评上高级工): what the documents call 评价, 评聘, 认定
    ("评", "评价", "评聘", "评定", "认定"),
    # choosing people: 怎么选出来 is what the documents call 选拔, 评选
    ("选拔", "评选", "选出", "选出来", "挑选", "推选"),
    # being put on a list: 列入名单 is what the documents write 纳入…目录
    ("纳入", "列入", "列进", "加入", "进入"),
    ("目录", "名单", "名录", "清单"),
    # fraud and its discovery: 冒领, 虚报, 被查到 are what the documents call 骗取, 发现
    ("骗取", "弄虚作假", "冒领", "虚报", "套取", "骗补"),
    ("发现", "查出", "查出来", "查到", "被查"),
    ("收回", "追回", "退回", "退钱"),
    # a class run for an employer (订单班, 冠名班): 洪泽 prints 订单式教育、冠名办班
    ("冠名班", "冠名办班", "订单班", "订单式教育", "订单培养"),
    # what befalls whoever is found out (后果, 咋处理, 追责): the documents' 严肃处理, 责任
    ("处理", "后果", "追责", "追究", "处罚", "处分", "严肃处理", "责任"),
    # a share of a whole: 占比 (said) is what the documents write 比例, 比重
    ("比例", "占比", "比重"),
    # how often: 定期 (regularly) is what the documents say with a period, 每季度 … 1次
    ("定期", "每季度", "每半年", "每年", "每月", "每周"),
    # coming back home to work: 回乡, 回老家 are what the documents call 返乡
    ("返乡", "回乡", "回老家", "回家乡", "返乡人员"),
    # people working away from home: 外出打工的人 are the documents' 在外人员, 务工人员
    ("在外人员", "外出务工", "在外务工", "务工人员", "外出人员", "外出打工"),
    # going up a grade (升级, 提级: rewritten, ``_GRADE_UP_RE``): the documents' 晋级, 晋升一个等级
    ("晋级", "晋升", "晋升一个等级"),
    # lowering what employers pay (降费, 减费, 减负): the documents' 降费率, 降费减负
    ("降费减负", "降费率", "降费", "减费", "减负", "减轻负担", "降低费用", "少交费"),
)

# Colloquial -> document wording, applied to the question text before segmentation.
REWRITES: tuple[tuple[str, str], ...] = (
    ("交社保", "缴纳社会保险"),
    ("缴社保", "缴纳社会保险"),
    ("五险一金", "社会保险"),
    ("社保", "社会保险"),
    ("高级技工", "高级工"),
    ("房补", "住房补贴"),
    ("买房", "购房"),
    ("考证", "取得证书"),
    ("拿证", "取得证书"),
    # pay rising (工资能涨吗): what the documents call 工资增幅
    # how far pay rises (涨薪幅度, 工资上涨幅度): the same 工资增幅, said with 幅度
    ("涨薪幅度", "工资增幅"),
    ("加薪幅度", "工资增幅"),
    ("涨工资幅度", "工资增幅"),
    ("加工资幅度", "工资增幅"),
    ("工资增长幅度", "工资增幅"),
    ("工资上涨幅度", "工资增幅"),
    ("工资能涨", "工资增幅"),
    ("工资会涨", "工资增幅"),
    ("工资涨", "工资增幅"),
    # placing first in a contest (得了第一, 拿第二): its prize
    ("得了第一", "获得一等奖"),
    ("拿了第一", "获得一等奖"),
    ("得第一", "获得一等奖"),
    ("拿第一", "获得一等奖"),
    ("得了第二", "获得二等奖"),
    ("拿了第二", "获得二等奖"),
    ("得了第三", "获得三等奖"),
    ("拿了第三", "获得三等奖"),
    # being rated to a grade is obtaining it (评上技师, 考上高级工): what the documents call 取得
    ("评上", "取得"),
    ("考上", "取得"),
    ("评职称", "职称评审"),
    ("带徒弟", "带徒"),
    ("给钱", "给补贴"),
    ("拿钱", "拿补贴"),
    ("领钱", "领补贴"),
    ("发钱", "发补贴"),
    ("补钱", "补贴"),
    ("升一级", "晋升一个等级"),
    ("提一级", "晋升一个等级"),
    ("提升一级", "晋升一个等级"),
    ("晋一级", "晋升一个等级"),
    ("劳模", "劳动模范"),
    # spoken and dialect wording of the documents' subjects (workplace, leaving home to work)
    ("中不中", "吗"),
    ("行不行", "吗"),
    ("厂子", "企业"),
    ("厂里", "企业"),
    ("外头", "外地"),
    ("打工", "务工"),
    # coming back home (回乡, 回老家, 回到家乡): the documents' 返乡
    # coming back to work at home (回来上班, 回老家工作): 返乡就业
    ("回来上班", "返乡就业"),
    ("回来工作", "返乡就业"),
    ("回来就业", "返乡就业"),
    ("回来找工作", "返乡就业"),
    ("回到家乡", "返乡"),
    ("回家乡", "返乡"),
    ("回老家", "返乡"),
    ("回乡", "返乡"),
    ("找活儿", "就业"),
    ("找活", "就业"),
    ("交钱", "收费"),
    # 子儿 (coins): spoken money, 「给几个子儿」 is how much
    ("几个子儿", "几个钱"),
    ("多少子儿", "多少钱"),
    ("几个大子儿", "几个钱"),
    ("合建", "合作建设"),
    ("要钱", "收费"),
    ("一回", "一次"),
    ("几回", "几次"),
)

# The field's standard English terms, as typed among Chinese (「senior technician 有什么
# subsidy」): read as the documents' words before any Latin run is taken for pinyin.
ENGLISH_TERMS: tuple[tuple[str, str], ...] = (
    ("senior technician", "高级技师"),
    ("senior worker", "高级工"),
    ("senior skilled worker", "高级工"),
    ("intermediate worker", "中级工"),
    ("junior worker", "初级工"),
    ("technician", "技师"),
    ("highly skilled talent", "高技能人才"),
    ("skilled talent", "技能人才"),
    ("skilled worker", "技术工人"),
    ("apprenticeship", "学徒制"),
    ("apprentice", "学徒"),
    ("subsidy", "补贴"),
    ("subsidies", "补贴"),
    ("allowance", "津贴"),
    ("reward", "奖励"),
    ("bonus", "奖金"),
    ("certificate", "证书"),
    ("training", "培训"),
    ("social insurance", "社会保险"),
    ("skill competition", "职业技能竞赛"),
)
_ENGLISH_RE = re.compile(
    r"(?<![a-z])(?:"
    + "|".join(
        sorted(
            (re.escape(e).replace(r"\ ", r"\s+") for e, _ in ENGLISH_TERMS), key=len, reverse=True
        )
    )
    + r")(?![a-z])"
)
_ENGLISH = {e: c for e, c in ENGLISH_TERMS}


def english_terms(text: str) -> str:
    """``text`` (normalised: lower case) with the field's English terms in Chinese, spaced
    so the Chinese around them stays apart (「senior technician 有什么 subsidy」 ->
    「 高级技师 有什么 补贴 」)."""
    return _ENGLISH_RE.sub(lambda m: " " + _ENGLISH[" ".join(m.group().split())] + " ", text)


# 国家职业技能等级: 五级..一级 = 初级工..高级技师 (``三级``, ``三级工``, ``3级证``).
# Not 三等奖, 二级学院, 省级, 升一级 (promotion), 一级以上.
_GRADE_RE = re.compile(
    r"(?<![升晋提降跳越每第省市区县国级])([一二三四五1-5])级(?:工)?(?![等奖次级学院以])"
)

# "How much money": an amount word together with a money character.
# 能拿多少, 给多少 (what one is given is money unless a count word follows: 招多少人).
AMOUNT_RE = re.compile(
    r"(多少|几|标准|金额|额度|最高|最多).*[补奖贴钱费资薪酬]|[补奖贴钱费资]\S{0,3}(多少|几)"
    r"|[拿给发领得][到了]?多少(?![人个名家场次所])"
    # 补贴标准, 奖励金额: the amount is what is asked; 「给补贴吗，按什么标准」 too
    r"|[补奖贴助励]\S{0,2}(?:标准|金额|额度)"
    r"|[贴助励][吗么不没]?[，,]?(?:按|是|有)?(?:什么|啥|哪个|多少)(?:标准|金额|额度)"
    # 多钱, 几个钱, 多少米, 几个子儿: spoken "how much money"
    r"|多钱|几个钱|多少米|几个子儿?|多少子儿?"
)

# 「怎么补」「给不给钱」「有补贴吗」: asks about money without asking how much.
MONEY_ASK_RE = re.compile(
    r"[怎咋]么?(?:补|奖|给钱|发钱)|补不补|奖不奖|给不给|有没有(?:钱|补|奖)|有(?:钱|补贴|奖励|补助|奖金)(?:吗|不|没)"
    r"|[能可][领拿补给]不|[领拿补给]不[领拿补给]"
)

MONEY_WORDS: frozenset[str] = frozenset(
    {"补贴", "补助", "奖补", "资助", "奖励", "津贴", "奖金", "钱", "好处", "经费", "待遇"}
)

# Words of any public-service question (money, employers, paperwork, social insurance, people):
# they say what kind of thing is asked, not what about. A question made only of these plus a
# topic the documents never mention (灵活就业人员社保怎么交, 残疾人补贴怎么申请) is not answered
# by a clause that merely shares them (see ``scope.Coverage.topic``).
_GENERIC_TEXT = """
    补贴 补助 奖补 资助 奖励 津贴 奖金 钱 资金 经费 待遇 好处 福利 费用 费 工资 收入
    企业 单位 用人单位 公司 老板 政府 部门 机构 国家 地方 当地
    社会保险 社保 保险 人员 个人 每人 人 职工 员工 工人 家属 孩子 老婆 老公
    办理 办 申请 申报 手续 材料 流程 条件 标准 比例 时间 期限 地点 网上 线上 在线 窗口
    领取 查询 缴纳 缴费 交 补办 证书 证明 资格 服务 工作 上班 事情 事 东西 信息 取得 获得
"""
GENERIC_WORDS: frozenset[str] = frozenset(_GENERIC_TEXT.split())

# Function words, question words and chatty fillers: never evidence of a topic.
_STOPWORD_TEXT = """
    的 了 吗 呢 啊 吧 呀 哦 哈 嘛 么 是 在 有 和 与 及 或 都 也 就 还 又 再 很 太 更 最 我 你
    他 她 它 我们 你们 他们 咱 咱们 俺 自己 这 那 这个 那个 这些 那些 哪 哪个 哪些 哪里 哪儿
    什么 啥 怎么 怎样 怎么样 如何 为什么 多少 几 几个 多 能 能不能 可以 可不可以 会 会不会 要
    要不要 想 想要 需要 请问 问 问一下 一下 请 麻烦 您 好 你好 谢谢 知道 告诉 了解一下 有没有
    没有 没 不 能否 是否 给 拿 领 得 到 被 把 让 对 从 向 为 以 于 等 等等 吧 嗯 哎 喂 个 之 其
    么样 怎么办 办 咋 咋办 呗 哇 啦 着 过 上 下 里 中 后 前 时候 现在 今年 去年 一个 有个 政策
    规定 相关 具体 情况 方面 问题 里面 当地 这边 那边 我们这 本地 这里 好几个 几个 多个 多少钱
    多少年 一些 有些 所有 这种 那种 还有 以及 应该 必须 已经 刚刚 刚 正在 哪些 啥子 么子 搞
"""
# Directional complements and hedges of spoken questions (刚从外省过来, 才能拿); time and
# direction adverbs (以后还能往上评吗) that name no topic; dropping the last matter before a
# new question (算了, 不测了, 不问这个了).
_SPOKEN_TEXT = """
    以后 往后 往上 再往上 今后 将来 以前 之后 后来 能行 行吗 行不 行不行 中吗
    过来 回来 过去 出来 进来 起来 下来 上来 才能 才 可 一家 刚来 靠谱 到底 究竟 一般 大概
    刚好 正好 顺便 顺带 顺带着 顺手 顺道 捎带 捎带着 专门 不能 不管 管不管 弄 怎么弄 咋弄 咋整 咋搞 怎么搞 咋个搞 算不算 是不是 一共 总共 大约
    干什么 干啥 做什么 哪些地方 什么地方 啥地方 区里 市里 县里 这里 那里 举个例子 例子 比如
    听说 据说 听人说 真的 假的 是真的 这么 那么 这样 那样 同事 朋友 亲戚 家里 家人 老乡 俺们
    人家 一直 总是 老是 平时 文件里 文件上 上面 说的 怎么说 咋说 啥意思 什么意思 打听 打听一下
    回事 咋回事 怎么回事 玩意儿 玩意 东西 不会 会不会 晓得 搞了个 弄了个 有啥用 啥用 多年 好多年
    问下 问一问 好几年 迟迟 没动静 一般 看不起 被人 乐意 得劲 咋样 咋弄 整啥 干啥子 啥子 么得 莫得
    类型 种类 哪几种 几种 哪一类 哪类 方式 形式
    咧 嘞 哩 噻 呐 喔 哟 呦 咯 啵 捏 撒
    旮旯 这旮旯 这块儿 这块 这疙瘩 咱这 咱们这 俺们这 俺这 我这
    如今 现如今 眼下 目前 最近 近来 前年 当时 这阵子 那会儿 这会儿 前几年 这两年 今天 昨天
    上个月 上月 前段时间 前阵子 阵子 一阵子 那阵子 年初 年前
    不要 还给 干嘛 用来 拿来 用在 用到 花在 是真的不 是不是真的 真的不 靠谱吗 靠不靠谱
    哪些方面 哪方面 什么方面 啥方面 说法 讲法 出处 额外 另外 到哪去 哪去 意思
    省里 镇里 镇上 村里 乡里 县上 市上 区上 街上
    算了 算啦 不测 不测了 不问 不问了 换个问题 先不说
    硬性 硬性规定 硬性要求 硬杠杠 明文规定 明确规定 死规定 有规定 有要求
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split()) | frozenset(_SPOKEN_TEXT.split())

# Words asking how long, how much, when, which: typed in pinyin run together with the topic and
# among characters (「学徒制补助zuichang几年」, 「jishi butie duoshao」), they are read as these.
_PINYIN_ASKS_TEXT = """
    最长 最短 最多 最少 最高 最低 多长 多长时间 多久 几年 几个月 几天 几次 多少 多少年 多少钱
    多少天 多少个 几个 什么时候 啥时候 哪些 哪里 哪儿 怎么 怎么办 怎么样 如何 为什么 能不能
    可不可以 有没有 是不是
"""
PINYIN_ASKS: frozenset[str] = frozenset(_PINYIN_ASKS_TEXT.split())

# Family members a worker asks for (「我老公在洪泽开铲车的…」「俺家孩子在技校读书…」): they say
# whose case it is, not what is asked, unless the question is about the family member's own
# benefit (孩子上学, 老婆安排工作: ``FAMILY_BENEFIT_RE``).
_RELATIVES_TEXT = """
    老公 老婆 爱人 媳妇 媳妇儿 丈夫 妻子 对象 老伴 孩子 儿子 女儿 闺女 小孩 娃 娃娃 孩儿
    弟弟 哥哥 姐姐 妹妹 兄弟 姐妹 爸爸 妈妈 老爸 老妈 父亲 母亲 爹 娘 公公 婆婆 岳父 岳母
    侄子 侄女 外甥 外甥女 表弟 表哥 表妹 表姐 堂弟 堂哥 女婿 儿媳 姐夫 妹夫 小舅子 大舅哥
    舅舅 叔叔 姑姑 阿姨 家属 家里人
"""
RELATIVES: frozenset[str] = frozenset(_RELATIVES_TEXT.split())
# What a family member may themselves be given: schooling, a job, residence, care.
FAMILY_BENEFIT_RE = re.compile(
    r"上学|入学|就学|入园|入托|读书.{0,4}(?:照顾|优先|安排)|落户|户口|随迁|就业|安排工作|"
    r"找工作|安置|照顾|优先"
)


# One-character verbs and measure words of spoken questions (能补多少, 怎么交, 考了, 3年, 多少人):
# they never name a topic. Any other lone character after a word is part of a compound noun
# the dictionary did not know (失业+金, 社保+卡, 学籍+号), see ``attach_single_nouns``.
_SPOKEN_VERB_TEXT = """
    补 考 来 去 奖 评 建 跟 满 干 按 交 缴 发 学 用 当 出 帮 升 算 签 分 填 做 降 指 开 定 加
    打 叫 由 创 成 招 设 研 找 写 举 管 占 挣 近 换 丢 查 退 吃 讲 抢 涨 充 看 买 卖 报 贷 迁
    忘 带 赔 审 转 挂 约 付 罚 陪 选 送 聘 搬 借 还 取 存 修 收 晋 扣 停 投 装 跑 走 回 进 入
    起 坐 读 听 说 试 测 改 留 离 住 办 领 拿 给 上 下 到 过 谁 靠 凭 教 培 练 比 再 合 搞 弄
"""
SPOKEN_VERBS: frozenset[str] = frozenset(_SPOKEN_VERB_TEXT.split())
_MEASURE_TEXT = (
    "年 月 天 日 周 人 次 个 家 名 所 场 元 块 岁 种 份 项 条 张 本 间 位 批 班 末 底 初"
)
SINGLE_VERBS: frozenset[str] = SPOKEN_VERBS | frozenset(_MEASURE_TEXT.split())
# Result and direction complements (考出, 评上, 拿到, 招来): a spoken verb phrase.
COMPLEMENTS: frozenset[str] = frozenset("出到上来去下好完成过起掉走回住着")


# A preposition or particle after a verb (开在, 设在, 说过): never the end of a noun. (A result
# complement such as 到 makes a verb phrase the documents may not print: 迁到 names a topic.)
_LOCATIVE_PARTICLES = frozenset("在着过了的")


def attach_single_nouns(
    tokens: list[str],
    is_word: Callable[[str], bool],
    stopwords: frozenset[str],
    typo_of: Callable[[str], bool] = lambda _w: False,
    verbs: frozenset[str] = frozenset(),
) -> list[str]:
    """Rejoin compound nouns the segmenter split because it did not know them.

    Two lone characters that make a dictionary word are one (个+税 -> 个税); a lone character
    that is neither a stopword nor a spoken verb or measure word (``SINGLE_VERBS``) joins the
    word before it (失业+金 -> 失业金, 社会保险+卡 -> 社会保险卡), so that a question about
    something else is not read as one about the word it starts with. ``typo_of(compound)``
    True keeps them apart: the compound is likely a misspelt known word (购房卷 for 购房券).
    A lone character in ``verbs`` (the dictionary's single-character verbs: 配, 涨) stays
    apart too: 政府+配 is "the government matches", not a new noun.
    """

    def lone(t: str) -> bool:
        return len(t) == 1 and "\u4e00" <= t <= "\u9fff"

    out: list[str] = []
    for t in tokens:
        prev = out[-1] if out else ""
        if (
            lone(t)
            and lone(prev)
            and is_word(prev + t)
            and prev + t not in stopwords
            # 开+在, 设+在 (开在哪): a verb and where, not a compound noun
            and t not in _LOCATIVE_PARTICLES
        ) or (
            lone(t)
            and t not in stopwords
            and t not in SINGLE_VERBS
            and t not in verbs
            and t not in MONEY_WORDS
            and t not in "一二三四五六七八九十两几半"
            and len(prev) >= 2
            and prev not in stopwords
            and all("\u4e00" <= c <= "\u9fff" for c in prev)
            and not typo_of(prev + t)
        ):
            out[-1] = prev + t
        else:
            out.append(t)
    return out


def rewrite_grades(text: str) -> str:
    """``三级工``/``3级`` -> ``高级工`` and so on (国家职业技能等级 five grades)."""

    def sub(m: re.Match[str]) -> str:
        level = GRADE_BY_NUMERAL[m.group(1)]
        # 「五级初级工」「四级中级工」: the grade said both ways is said once
        return "" if text.startswith(level, m.end()) else level

    return _GRADE_RE.sub(sub, text)


# 技师证 / 高级工证 / 电工证: "the certificate of X" is written X + 证书 in the documents.
# Only after a trade, grade or qualification word: 身份证, 驾驶证, 结婚证 are other papers.
_CERT_RE = re.compile(r"(?<=[工师格级能手匠得])证(?![书明件券])")


# 一年 alone often means "a year" as in 一年补多少 (per year): only 一年以上 and the like convert.
_DURATION_RE = re.compile(
    r"([二两三四五六七八九十]{1,3}|一(?=(?:个)?(?:年|月)(?:以上|以下|以内|多)))(?=(?:个)?(?:年|月|周岁))"
)


@cache
def _cn2an() -> Any:
    # cn2an takes a few hundred milliseconds to import; most questions hold no numeral, so
    # the service's start-up does not pay for it.
    return importlib.import_module("cn2an")


def _cn_to_int(numeral: str) -> int:
    """A Chinese numeral (三, 十二, 两) as an int (cn2an); 0 when it is not one."""
    try:
        return int(_cn2an().cn2an(numeral, "smart"))
    except ValueError:
        return 0


def numerals_to_digits(text: str) -> str:
    """``三年`` -> ``3年``, ``六个月`` -> ``6个月``: durations are written in digits in the
    documents (``3年以上``)."""
    return _DURATION_RE.sub(lambda m: str(_cn_to_int(m.group(1)) or m.group(1)), text)


# 补多少, 奖几千, 能补一半: the lone verb stands for the subsidy or reward asked about (not the
# 奖 of 一等奖, 大奖).
_MONEY_VERB_RE = re.compile(r"(?<![等大])([补奖])(?=[了到得]?(?:多少|几|一半|百分之|\d))")


# 考出来技师, 考了个中级工, 考到证: passing the exam is what the documents call 取得 (the grade
# or certificate).
_PASSED_RE = re.compile(
    r"(?:考(?:下来|出来|下|出|到|上|过|取|完)?了?个?|(?:整|弄|搞|拿)(?:了个|个|了|到|下))"
    r"(?=[初中高]级工|(?:高级)?技师|证|[一二三四五1-5]级|技能(?:等级)?证|职业资格|(?:职业)?(?:技能)?等级证)"
)
# 技师证考下来了: the same, said after the certificate.
_PASSED_AFTER_RE = re.compile(r"(?<=[工师书])考(?:下来|出来|到手|到|过|上)了?")
# 礼拜三, 星期天: the documents write weekdays 周三, 周日.
_WEEKDAY_RE = re.compile(r"(?:礼拜|星期)([一二三四五六日天])")
# 一个月多给几百, 每个月能拿多少: money by the month, which the documents write 每月 (每人每月
# 600元). Not a month of something done (社保交一个月, 干满一个月).
_PER_MONTH_RE = re.compile(
    r"每个月|(?<![交缴干满做上了过第])(?:一个月|一月)"
    r"(?=(?:额外|另外|能|多|再|可以|都|还){0,2}(?:给|发|补|奖|拿|领))"
)
# 多给几百块, 多发多少钱: money given on top, which the documents call a 补贴 or 奖励 (多发 is
# no word of theirs: 「多给」 becomes 「补贴」).
_EXTRA_MONEY_RE = re.compile(r"多([给发拿领])(?=[^，。？?！!]{0,3}(?:钱|块|元|[百千万]|多少))")
# 还给升级吗, 能提级不, 升等级: a worker going up a grade, which the documents call 晋级 (晋升
# 一个技能等级); not an industry's or a product's upgrade (转型升级, 提档升级, 产业升级).
_GRADE_UP_RE = re.compile(r"(?<!转型)(?<!提档)(?<!产业)(?<!设备)(?<!技术)(?:升级|提级|升等级)")
# 收费培训, 收钱的培训班, 要交钱的培训: training one pays for, which the documents call
# 有偿性社会培训 (of a school; not 培训费 nor 免费培训).
_PAID_TRAINING_RE = re.compile(
    r"(?:收费|收钱|要钱|交钱|花钱|付费|掏钱|有偿)(?:性)?的?(?:社会)?培训(?:班|课)?"
)
# 学门手艺, 学个技术, 学点技能: a worker learning a skill, which the documents call 技能培训.
_LEARN_SKILL_RE = re.compile(
    r"(?<![大中小留])学(?:一门|一个|一点|门|个|点)?(?:技术|手艺|技能)(?!人才)"
)
# 培训要钱不, 技能培训收费吗: whether training costs money is answered where the documents say
# it is free (免费技能培训); not 职称评审怎么收费, which no clause prices.
_TRAINING_COST_RE = re.compile(
    r"培训(?:还|也)?(?:要不要钱|要钱|收不收费|(?:要|需要|得)?(?:收费|收钱|交钱|花钱|掏钱))"
    r"(?:吗|么|不|没|呢)?"
)
# 挣的钱, 赚来的钱, 创收的钱: what an organisation earns, which the documents call its 收入.
_EARNED_RE = re.compile(r"(?:挣|赚|创收)(?:来|到|回来|下)?的?(?:钱|票子)")
# 在学校 (上课, 期间), 在学校里: being at school, which the documents write 在校.
_AT_SCHOOL_RE = re.compile(r"在学校(?:里|里面)?")
# 骗钱, 骗保, 骗奖金: obtaining money by deceit, which the documents write 骗取.
_FRAUD_RE = re.compile(r"骗(?=[补奖钱资保])")
# 用假材料, 交了伪造的证明, 造假, 编造人数: obtaining by false papers, which the documents write
# 弄虚作假 (叶集 十: 对弄虚作假骗取的奖补资金…予以收回); 冒领, 套取 are its 骗取.
_FAKE_PAPERS_RE = re.compile(
    r"(?:用|拿|交|提供|报|弄|搞|做|开)?了?(?:假的?|伪造的?|虚假的?|编造的?)"
    r"(?:材料|证明|证书|资料|发票|合同|社保|证件|单据|名单|人数|证)"
    r"|(?<!弄虚)造假|(?<!弄虚)作假|伪造|编造"
)
_CLAIMED_FALSELY_RE = re.compile(r"冒领|套取|冒充(?=[^，。？?]{0,4}领)")

# 降低企业负担, 减轻单位的费用, 少交保险费: lowering what employers pay, the documents' 降费减负
# (降低企业培训成本 stays: a cost of training, not of fees).
_LOWER_FEES_RE = re.compile(
    r"(?:降低|减轻|减少|降|减|少交)(?:企业|单位|厂里|公司)?的?(?:负担|费用|缴费|社保费|保险费|费率)"
)

# Placing first, second, third in a contest said as a rank (头名, 状元, 冠军, 亚军, 季军): the
# 第一名 … that ``SYNONYM_GROUPS`` read as the documents' 一、二、三等奖. 状元 of a contest's
# name (技能状元大赛, 状元赛) stays.
_RANK_PRIZES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"头名|头一名|状元(?![大赛])|冠军"), "第一名"),
    (re.compile(r"亚军"), "第二名"),
    (re.compile(r"季军|探花"), "第三名"),
)

# 娃儿在中专读书, 孩子上职校, 读技校: someone studying at a vocational school, the documents'
# 职业院校 (毕业) 学生 (连云港 五: 获得学历证书的同时取得职业技能等级证书); the child said with
# it is that student, not a 子女 of the family benefits.
_VOCATIONAL = r"技校|职校|中专|职业中专|技工学校|技工院校|职业学校|职业院校|技师学院|中职|职高"
_CHILD_AT_SCHOOL_RE = re.compile(
    r"(?:娃儿|娃子|娃娃|娃|孩子|小孩|孩儿|儿子|闺女|女儿)(?=[^，。？?]{0,3}(?:读|上|在|念)"
    rf"[^，。？?]{{0,2}}(?:{_VOCATIONAL}))"
)
_AT_VOCATIONAL_RE = re.compile(
    rf"(?:在|读|上|念)的?({_VOCATIONAL})(?:里|里面)?(?:读书|上学|念书|学习|读)?(?!学生|毕业)"
)


# 招技师, 招个高级工, 招些人才, 挖来一个技师: an employer taking on a skilled worker, which the documents call
# 引进 (新引进的技师). Not 招聘, 招生, 招工 (hiring in general, enrolling).
_RECRUIT_RE = re.compile(
    r"(?:招|挖)(?:来|到|进|收|引|过来)?(?:了|过)?(?:个|些|几个|一些|一批|一个|两个|点|一名|几名)?"
    r"(?=(?:首席)?技师|高级技师|[初中高]级工|(?:高)?技能人才|人才|技术工人|技工|能工巧匠)"
)

# The lines of business an employer is in (化工企业, 做纺织的厂): context of who the employer is,
# never the topic of a skilled-worker question. The documents print some of them (宿迁 lists
# 化学纤维 and 纺织服装 among its industries), where the words alone cannot tell a sector from a
# policy term: those are listed here. Any other word in a sector's place — before an employer
# noun (餐饮行业, 物业公司), in 做X的 / 干X这行 / 跑X的 — that the documents never print is a line
# of business by that place alone (外卖, 家政, 网约车), however new the trade. ``sector_context``.
_SECTOR_TEXT = """
    化工 精细化工 盐化工 石化 化纤 化学纤维 纺织 纺织服装 服装 针织 印染 家纺 鞋业 制鞋 皮革
    电子 电子信息 电器 家电 智能家电 半导体 集成电路 芯片 光电 光伏 晶硅光伏 锂电 电池 新能源
    新材料 有机新材料 机械 机械制造 机电 装备 装备制造 激光装备 数控 汽车 汽配 汽车零部件
    零部件 船舶 航空 五金 模具 铸造 锻造 冶金 钢铁 金属 有色 建材 水泥 玻璃 功能玻璃 陶瓷
    塑料 塑胶 橡胶 造纸 包装 印刷 家具 家居 高端家居 木业 木材 食品 食品加工 绿色食品 酿造
    酿酒 白酒 酒业 饮料 粮油 农产品 医药 生物医药 制药 医疗器械 建筑 建筑业 物流 电商
    软件 互联网 通信 仪器 仪表 电力 能源 环保 煤炭 矿山 石油 军工
"""
SECTOR_WORDS: frozenset[str] = frozenset(_SECTOR_TEXT.split())
# The employer a sector word describes (化工企业, 化学纤维企业, 纺织的厂, 食品行业).
_EMPLOYER_AFTER_RE = re.compile(
    r"^(?:[类型性]|相关|这[一]?块|方面)?(?:的)?(?:企业|公司|厂家|工厂|厂|单位|行业|产业|老板|集团|车间|平台|店)"
)
_EMPLOYER_NOUNS = (
    "企业",
    "公司",
    "厂家",
    "工厂",
    "厂",
    "单位",
    "行业",
    "产业",
    "老板",
    "集团",
    "车间",
)
# A sector's name going on (食品|加工企业, 新能源|汽车企业) before the employer.
_SECTOR_CHAIN_RE = re.compile(
    r"^([^\s，,。？?！!、；;：:给去到在向找让和跟与或被把对从帮]{0,3}?)"
    + _EMPLOYER_AFTER_RE.pattern.removeprefix("^")
)
# 做化工的, 干纺织这行, 搞电子的, 跑外卖的, 开网约车的: the line the speaker's employer (or they)
# work in.
_LINE_OF_WORK_RE = re.compile(r"(?:做|干|搞|从事|在|跑|送|开)$")
_LINE_AFTER_RE = re.compile(r"^(?:的|这行|这一行|行业|那行)")
# A worker named by the job they do (外卖骑手, 网约车司机, 快递员, 保洁员): who asks.
_WORKER_ENDINGS = ("骑手", "司机", "员")


@cache
def trade_names() -> frozenset[str]:
    """The occupations (职业分类大典 names and the names people use for them: 厨师, 保姆,
    快递员) of ``policy_kb/data/trades.tsv``, the talent database's table of 工种."""
    from importlib import resources

    text = resources.files("policy_kb").joinpath("data/trades.tsv").read_text("utf-8")
    out: set[str] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        out.add(cells[0].strip())
        if len(cells) > 2:
            out.update(a.strip() for a in cells[2].split(",") if a.strip())
    return frozenset(out)


def _field_word(word: str) -> bool:
    """A word of the field's own vocabulary (学徒制, 民营企业, 技师, 补贴): never a sector."""
    return (
        word in _FIELD_VOCABULARY
        or word in GENERIC_WORDS
        or word in STOPWORDS
        or word in PEOPLE_WORDS
        or word.endswith(PEOPLE_ENDINGS)
    )


def sector_context(
    text: str, words: Sequence[str], printed: Callable[[str], bool] | None = None
) -> frozenset[str]:
    """The ``words`` of ``text`` that name the employer's line of business or the worker's job
    (化工企业, 化学纤维 in 「化学纤维企业」, 纺织 in 「我们是做纺织的」, 食品 and 加工 of
    「食品加工企业」, 餐饮 of 「餐饮行业」, 外卖 of 「跑外卖的」, 厨师, 快递员): context of who asks,
    not what is asked. Only said of the employer or the worker: 「食品安全」「新能源汽车补贴」
    are about the thing itself. ``printed(word)``: whether the documents print the word (or
    shorten a word they print: 规上企业); a word they print is a sector only when listed in
    ``SECTOR_WORDS``. None: only the listed sectors."""

    def unprinted(w: str) -> bool:
        # a word of no document, nor of the field, standing where a sector or a job does
        return (
            printed is not None
            and has_cjk_only(w)
            and not _field_word(w)
            and not any(f in w for f in _FIELD_VOCABULARY if len(f) >= 2)
            and not printed(w)
        )

    out: set[str] = set()
    trades = trade_names()
    for w in dict.fromkeys(words):
        listed = any(s in w for s in SECTOR_WORDS)
        head = next((w[: -len(n)] for n in _EMPLOYER_NOUNS if w.endswith(n)), "")
        if head and (any(s in head for s in SECTOR_WORDS) or (unprinted(head) and unprinted(w))):
            out.add(w)  # 化工企业, 电子厂, 纺织公司, 餐饮行业: one word
            continue
        if (
            w in trades
            or w in _WORKER_ENDINGS
            or (len(w) >= 3 and w.endswith(_WORKER_ENDINGS))
            # 快递|员, 外卖|骑手: the job's ending cut off as a word of its own
            or any(w + e in text for e in _WORKER_ENDINGS)
            or any(t.startswith(w) and t in text for t in trades)
        ) and unprinted(w):
            out.add(w)  # 厨师, 保姆, 外卖骑手, 快递员: the worker's job
            continue
        if not listed and (printed is None or not has_cjk_only(w) or _field_word(w)):
            continue
        start = text.find(w)
        while start >= 0:
            before, after = text[:start], text[start + len(w) :]
            m = _SECTOR_CHAIN_RE.match(after)
            placed = m is not None or (
                _LINE_OF_WORK_RE.search(before) is not None
                and _LINE_AFTER_RE.match(after) is not None
            )
            if placed and (listed or unprinted(w)):
                out.add(w)
                if m is not None and listed:
                    # the rest of the sector's name (加工 of 食品加工企业)
                    out.update(x for x in words if x and x in m.group(1))
                break
            start = text.find(w, start + 1)
    return frozenset(out)


def has_cjk_only(word: str) -> bool:
    """Is ``word`` two or more Chinese characters and nothing else?"""
    return len(word) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in word)


# The field's own words (its terms and synonyms): never a line of business.
_FIELD_VOCABULARY: frozenset[str] = frozenset(DOMAIN_TERMS) | frozenset(
    w for g in SYNONYM_GROUPS for w in g
)

# Who a rule is for, said of people (人才, 技术工人, 毕业生): a question's who, not the kind of
# thing it asks about (``index.SearchIndex._kind_words``); skill levels are such words too.
_PEOPLE_TEXT = """
    人才 技能人才 高技能人才 技术工人 技工 职工 员工 工人 产业工人 劳动者 人员 毕业生 学生
    学徒 师傅 工匠 能手 技术能手 领军人才 高层次人才 青年 农民工
"""
PEOPLE_WORDS: frozenset[str] = frozenset(_PEOPLE_TEXT.split())
# … and the endings that make a word name people (外来劳动者, 退役军人, 高校毕业生)
PEOPLE_ENDINGS: tuple[str, ...] = ("人才", "工人", "人员", "劳动者", "毕业生", "军人", "士兵")
#: Nouns for an employer (化工企业, 电子厂, 用人单位): who employs, not what is asked.
EMPLOYER_NOUNS: tuple[str, ...] = (
    "企业", "公司", "厂家", "工厂", "厂", "单位", "行业", "产业", "老板", "集团", "车间",
)  # fmt: skip


# Words the documents also print in another sense than a worker's question means: 落户 of a
# worker is household registration (人才落户, 办理落户手续); 落户企业, 项目落户 are enterprises
# and projects settling in the district. A clause printing the word only in the other sense
# does not carry the question's word (``scope.Coverage.printed_in``).
OTHER_SENSES: dict[str, re.Pattern[str]] = {
    "落户": re.compile(
        r"落户(?=(?:的|到|在)?(?:企业|项目|园区|工厂|公司|我区|本区|我市))"
        r"|(?<=企业|项目|工厂|公司|客商|招商)落户"
    ),
}


# Regional question words (southwestern, Cantonese, Hubei, Henan, northeastern speech) read as
# the Mandarin ones every other rule knows: 几多/好多 → 多少, 木有/冇/没得 → 没有, 啥子/么子 →
# 什么, 咋个 → 怎么, and the tags 中不中/得不得/成不成 closing a question → 吗.
# 好多 means "many" as often as "how much": only where it asks — before a unit of money or the
# question's end, or after a verb of paying (补好多, 是好多) — is it read as 多少.
_MONEY_UNIT = r"(?:钱|块|元|万|千|百)"  # 好多人, 好多年: many people, many years
_ASK_END = r"(?=[吗呢啊呀哦嘛哈?？!！。，,\s]|$)"
_REGIONAL_ASKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"几多"), "多少"),
    (re.compile(r"好多(?=" + _MONEY_UNIT + r"|[?？]|$)"), "多少"),
    (re.compile(r"(?<=[是补给发奖拿领贴有])好多" + _ASK_END), "多少"),
    (re.compile(r"有(?:冇|木有|莫得|么得|没得)"), "有没有"),
    (re.compile(r"木有|莫有|冇得|冇有|冇"), "没有"),
    (re.compile(r"(?<=[有])没得|没得(?=[吗呢啊?？。，,!！\s]|$)"), "没有"),
    (re.compile(r"(?<![什那这怎多])(?:啥子|么子|么事)(?!们)"), "什么"),
    (re.compile(r"咋个(?!人)"), "怎么"),
    (re.compile(r"(?:中不中|得不得|成不成|行不行|可不可)" + _ASK_END), "吗"),
)


def standard_asks(text: str) -> str:
    """``text`` with regional question words replaced by standard Mandarin ones (几多 → 多少,
    冇得 → 没有, 啥子 → 什么, 咋个 → 怎么, a closing 中不中 → 吗); else unchanged. Every rule
    reading what a question asks (amount, yes/no, how) is written for the standard words."""
    for pattern, standard in _REGIONAL_ASKS:
        text = pattern.sub(standard, text)
    return text


# An employer paying its skilled workers more (涨工资, 加薪, 多发工资, 提高待遇) and asking
# what the government adds: the documents' 给予高技能人才特殊待遇（…增资部分）and its 配套补助.
# Said without such an ask, a raise stays the 工资增幅 of the synonyms.
_PAY_RISE_RE = re.compile(
    r"(?:涨|加|提高|提|增加|多发|多给|上调|调高)(?:了|点|些|一点|一些)?(?:工资|薪水|薪资|薪酬|待遇)"
    r"|(?:涨|加)薪|(?:工资|薪水|待遇)(?:往上)?(?:涨|提|加|提高|上调)(?:了|点|些|一点|一些)?(?![幅度])"
)
_GOVERNMENT_TOP_UP_RE = re.compile(r"补|配套|政府|财政|奖励|扶持|支持|给不给钱|有没有钱|有钱")


def employer_pay_rise(text: str) -> str:
    """``text`` with an employer's raise for its workers, asked with what the government adds
    (「厂里给高级工多发工资，区里补不补」), read as the documents' 特殊待遇增资 (洪泽 三（三）4:
    不低于50%的配套补助); unchanged otherwise."""
    m = _PAY_RISE_RE.search(text)
    if m is None or not _GOVERNMENT_TOP_UP_RE.search(text[: m.start()] + text[m.end() :]):
        return text
    return text[: m.start()] + "特殊待遇增资" + text[m.end() :]


# Sums typed as digits with a unit of counting (5百, 3千5, 2k, 1.5k) are the digits the
# documents print (500元, 3500元); 6w is 6万 as they print 6万人, 30万元. Not 3千万: a count
# of 万 stays as typed.
_DIGIT_THOUSANDS_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s?k(?![a-z])")
_DIGIT_TEN_THOUSANDS_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s?w(?![a-z])")
_DIGIT_UNIT_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?[百千](?:\d(?![\d.]))?(?![万亿])")
# 第3名, 第1, 3等奖: a rank by its digit is the rank the documents write in characters (第一名,
# 三等奖); not 第3条, 第2批, 第1年 (a count of something else).
_DIGIT_RANK_RE = re.compile(r"第([1-9])(?:名)?(?![\d.条款项批届年期次季个章节号页天周月轮档级类])")
_RANK_NUMERALS = " 一二三四五六七八九"
# 1等奖, and 拿了个3等 / 得了2等 with 奖 left out; 前3名 (the top three)
_DIGIT_PRIZE_RE = re.compile(r"(?<![\d.])([1-9])等奖|(?<=[拿得获了个])([1-9])等(?![奖级\d])")
_DIGIT_TOP_RE = re.compile(r"前([1-9])名")


def digit_amounts(text: str) -> str:
    """Sums and ranks typed with digits read as the documents write them (cn2an): 5百 -> 500,
    3千5 -> 3500, 2k -> 2000, 6w -> 6万, 第3名 / 第3 -> 第三名, 1等奖 / 拿了2等 -> 一等奖 /
    二等奖, 前3名 -> 前三名. Text of
    normalised (lower-case) form."""
    if not any(c.isdigit() for c in text):
        return text

    def thousands(m: re.Match[str]) -> str:
        return f"{round(float(m.group(1)) * 1000)}"

    def counted(m: re.Match[str]) -> str:
        import cn2an  # ~0.12 s of CPU to import: only for a sum typed this way

        try:
            return str(cn2an.cn2an(m.group(), "smart"))
        except ValueError:
            return m.group()

    text = _DIGIT_THOUSANDS_RE.sub(thousands, text)
    text = _DIGIT_TEN_THOUSANDS_RE.sub(lambda m: m.group(1) + "万", text)
    text = _DIGIT_UNIT_RE.sub(counted, text)
    text = _DIGIT_RANK_RE.sub(lambda m: "第" + _RANK_NUMERALS[int(m.group(1))] + "名", text)
    text = _DIGIT_TOP_RE.sub(lambda m: "前" + _RANK_NUMERALS[int(m.group(1))] + "名", text)
    return _DIGIT_PRIZE_RE.sub(
        lambda m: _RANK_NUMERALS[int(m.group(1) or m.group(2))] + "等奖", text
    )


def apply_rewrites(text: str) -> str:
    """Colloquial phrasings replaced by the documents' wording (sums and ranks in digits, then
    grades, first)."""
    text = digit_amounts(text)
    text = employer_pay_rise(text)
    text = rewrite_grades(text)
    text = _WEEKDAY_RE.sub(lambda m: "周" + ("日" if m.group(1) == "天" else m.group(1)), text)
    text = text.replace("每个周", "每周")
    text = _PER_MONTH_RE.sub("每月", text)
    text = _GRADE_UP_RE.sub("晋级", text)
    text = _EXTRA_MONEY_RE.sub("补贴", text)
    text = _FRAUD_RE.sub("骗取", text)
    text = _FAKE_PAPERS_RE.sub("弄虚作假", text)
    text = _CLAIMED_FALSELY_RE.sub("骗取", text)
    text = _LOWER_FEES_RE.sub("降费减负", text)
    for rank, prize in _RANK_PRIZES:
        text = rank.sub(prize, text)
    text = _RECRUIT_RE.sub("引进", text)
    text = _PAID_TRAINING_RE.sub("有偿性社会培训", text)
    text = _LEARN_SKILL_RE.sub("技能培训", text)
    text = _TRAINING_COST_RE.sub("培训免费吗", text)
    text = _EARNED_RE.sub("收入", text)
    text = _CHILD_AT_SCHOOL_RE.sub("", text)
    if "学生" not in text:  # 在技校读书的学生: the student is said already
        text = _AT_VOCATIONAL_RE.sub(lambda m: m.group(1) + "学生", text)
    text = _AT_SCHOOL_RE.sub("在校", text)
    text = _PASSED_RE.sub("取得", text)
    text = _MONEY_VERB_RE.sub(lambda m: "补贴" if m.group(1) == "补" else "奖励", text)
    text = _CERT_RE.sub("证书", text)
    text = _PASSED_AFTER_RE.sub("已取得", text)
    for old, new in REWRITES:
        # (new printed inside old itself, 带徒 of 带徒弟, is no sign it was said already)
        if old in text and (new not in text.replace(old, "") or new in old):
            text = _rewrite(text, old, new)
    return text


def _rewrite(text: str, old: str, new: str) -> str:
    """Replace ``old`` by ``new`` except where ``old`` is already inside the long form, perhaps
    misspelt after it (房补 in 住房补帖 stays: the typo repair makes it 住房补贴), or where a
    word of this lexicon crosses its start or end (工资涨 in 工资涨幅 stays: 涨幅 is a word of
    its own, a synonym of the documents' 增幅; 劳模 in 劳模创新工作室, a term as printed)."""
    k = new.find(old)
    out = []
    i = 0
    while True:
        j = text.find(old, i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        keep = (k > 0 and text[max(0, j - k) : j] == new[:k]) or _crosses_word(
            text, j, j + len(old)
        )
        out.append(text[i:j] + (old if keep else new))
        i = j + len(old)


# The lexicon's own words (field terms, synonyms): a rewrite must not cut one in two.
_LEXICON_WORDS: frozenset[str] = frozenset(
    w for w in (*DOMAIN_TERMS, *(x for g in SYNONYM_GROUPS for x in g)) if len(w) >= 2
)
_LONGEST_WORD = max(len(w) for w in _LEXICON_WORDS)


def _crosses_word(text: str, start: int, end: int) -> bool:
    """Does a lexicon word in ``text`` begin or end strictly inside ``text[start:end]`` while
    reaching beyond it (so that rewriting the span would cut the word)?"""
    for a in range(max(0, start - _LONGEST_WORD + 1), end):
        for b in range(max(a + 2, start + 1), min(len(text), a + _LONGEST_WORD) + 1):
            inside_start = a < start < b
            inside_end = a < end < b
            if (inside_start or inside_end) and text[a:b] in _LEXICON_WORDS:
                return True
    return False


def synonym_map() -> dict[str, tuple[str, ...]]:
    """word -> the other members of its synonym groups (a word may sit in several groups)."""
    out: dict[str, list[str]] = {}
    for group in SYNONYM_GROUPS:
        for w in group:
            bucket = out.setdefault(w, [])
            bucket.extend(x for x in group if x != w and x not in bucket)
    return {k: tuple(v) for k, v in out.items()}
