"""What the bot says in its own words: welcome, help, topic menu, not-answered, warnings.

Service windows are those the documents themselves name; nothing here invents a phone number.
"""

from __future__ import annotations

WELCOME = (
    "欢迎关注技工蓝卡！我能帮你查技能人才政策：\n"
    "· 直接问问题，如「洪泽引进技师有多少补贴」\n"
    "· 说「我能领哪些补贴」或「测一测」，一项项问你，算算能领多少\n"
    "· 回复「我在叶集」记住你所在的区，以后优先查当地政策\n"
    "· 回复「菜单」看常见问题\n"
    "· 回复「申请蓝卡」办理技工蓝卡，「我的蓝卡」查看进度"
)

HELP = (
    "使用说明：\n"
    "1. 直接打字提问，比如「叶集引进技师有住房补贴吗」「考了高级工有奖励吗」\n"
    "2. 回复「菜单」看常见问题，回复数字选择\n"
    "3. 回复「我在+区名」设置所在地区（现有：{regions}）\n"
    "4. 说「我能领哪些补贴」做补贴测算；答案后回复「更多」看下一页，「原文」看条款全文\n"
    "5. 答案之后可以接着问，如「那技师呢」「分几年给」「这个文件哪天发的」\n"
    "6. 回复「申请蓝卡」办理技工蓝卡，「我的蓝卡」查看卡，「我的补贴申请」查进度；"
    "「退订」不再接收政策通知\n"
    "答案都来自政府正式文件，并注明文件、条款和日期。"
)

# (label, query sent to the knowledge base). Queries are general phrasings of the topics the
# five documents cover, not copies of any test question.
TOPICS: tuple[tuple[str, str], ...] = (
    ("引进高技能人才补贴", "从外地引进高技能人才的补贴"),
    ("考证（取得技能等级）奖励", "取得技能等级证书的奖励"),
    ("技能大赛获奖奖励", "技能竞赛获奖选手奖励"),
    ("荣誉称号奖励（技术能手、工匠）", "荣誉称号奖励"),
    ("新型学徒制补贴", "新型学徒制补贴标准"),
    ("技工蓝卡", "技工蓝卡制度"),
    ("落户和住房", "技能人才落户"),
    ("职称评审", "高技能人才参加工程系列职称评审"),
)

TOPIC_MENU_HEAD = "常见问题，回复数字查看："

NOT_ANSWERED = (
    "抱歉，这个问题在现有的技能人才政策文件里没有找到答案。\n"
    "你可以问：引进人才补贴、考证奖励、技能大赛奖励、新型学徒制、技工蓝卡、落户等（回复「菜单」看全部）。\n"
    "具体情况也可以到当地人社部门的高技能人才服务窗口咨询{window}。"
)

#: A question about "this document" with no document named, remembered or just answered.
WHICH_DOCUMENT = (
    "你问的是哪个地区的文件？现有：{regions}。\n"
    "回复地区名即可（如「洪泽的」），或把地区写进问题里（如「叶集的文件还有效吗」）。"
)

# The service windows the documents name, by region.
SERVICE_WINDOWS: dict[str, str] = {
    "洪泽区": "（洪泽区：公共就业服务机构的高技能人才专项服务窗口）",
    "台儿庄区": "（台儿庄区：市民中心高技能人才服务窗口）",
    "宿迁市": "（宿迁市：人才服务“一站式”窗口）",
}

REGION_SET = (
    "好的，已记住你在{region}。以后的问题会优先查{region}的政策（回复「我在+区名」可以更改）。"
)
REGION_UNKNOWN = (
    "暂时没有这个地区的政策文件。现有地区：{regions}。回复「我在叶集」这样的句子来设置。"
)
REGION_HINT = "（没说地区，先给你{region}的条款；回复「我在+区名」可记住你的地区）"
#: A question naming no place, answered for the place of the answer before it.
TOPIC_PLACE_NOTE = "（没说地区，按刚才{region}的政策回答；问别处请带上地区名）"
#: A condition asked of the last clause that neither it nor its place's clauses state.
ASPECT_UNSTATED = (
    "刚才那条（{document}）没有写{aspect}方面的要求，{region}的其他条款也没写。"
    "具体可以到当地人社部门的高技能人才服务窗口咨询{window}。"
)
#: A condition the last clause does not state, found in another clause of its place.
ASPECT_OTHER_CLAUSE = "（刚才那条没写{aspect}，以下是{region}另一条的规定）"
#: The clause of the same thing paying the other side (the worker, or the employer).
OTHER_SIDE = "刚才那条是发给{before}的；发给{side}的是这条："
#: Who the last clause's money goes to: 「给谁的」, 「是给个人的吗」.
PAID_TO = "👉 发给{side}"
PAID_TO_YES = "👉 是的，发给{side}"
PAID_TO_NO = "👉 不是，发给{side}"
OTHER_SIDE_SAME = "👉 刚才那条就是发给{side}的"
# after a sentence paying a training base or a school, asked about enterprises
OTHER_ORGANISATION = "刚才那条发给的不是企业；发给企业的是这条："
OTHER_SIDE_NONE = (
    "刚才那条（{document}）的钱是发给{before}的；这份文件里同一事项没有发给{side}的条款。"
    "具体可以到当地人社部门的高技能人才服务窗口咨询{window}。"
)

DRAFT_WARNING = "⚠️ 注意：这是征求意见稿（草案），尚未正式生效，不能作为申领依据。"
EXPIRED_WARNING = "⚠️ 该文件的目标期（{horizon}）已过，条款是否仍在执行，请向当地人社部门确认。"

NO_MORE = "没有更多内容了。可以继续提问，或回复「菜单」。"
UNSUPPORTED_MESSAGE = "目前只能回答文字问题，请把你的问题打字发给我。"
VAGUE = "你想了解哪方面？" + TOPIC_MENU_HEAD

QUIZ_FOOTER = "\n（回复「上一步」改上一题，「退出」结束测算）"
QUIZ_CANCELLED = "已退出补贴测算。想再测随时回复「测一测」。"
QUIZ_EXPIRED = "上次的补贴测算超过30分钟没有回复，已经自动结束了。回复「测一测」可以重新开始。"
QUIZ_RESUME = "——测算还在继续——\n{question}"
SAME_FOR_EVERY_LEVEL = "（这一条没有按技能等级区分，{level}也按这条执行）"
OFFICE_IS_RESPONSIBLE = "（文件写的是责任单位，没有写明申领窗口）"
QUIZ_FINISH_NEEDS_REGION = "好的，先按你说的算。不过得知道你在哪个区（市）工作，才能算出结果："
QUIZ_HOW_MUCH = "好的，那问一下具体多久："
QUIZ_WHY_ASKED = (
    "问这个，是因为下面这些还要看这一条：\n{benefits}\n不清楚可以回复「不知道」，跳过这一题。"
)
QUIZ_WHY_ASKED_NONE = "这一条会影响测算结果；不清楚可以回复「不知道」，跳过这一题。"
SAID_YES = "👉 是的，条款写的是「{words}」："
SAID_NO = "👉 不是，条款写的是「{words}」："
QUIZ_TOLD = "按你说的情况，按{region}的政策帮你算，再问几个问题："
THANKED = "不客气！还有问题随时问我。"
NODDED = "好的！还有问题随时问我。"
QUIZ_LEFT = "（测算先停下，已填的会记着；回复「测一测」可以重新开始）"
ORGANISATION_NOTED = (
    "好的，记下了{place}有什么想问的直接说，比如「企业引进技师有什么补贴」"
    "「企业办培训能补多少」「建技能大师工作室有啥支持」。"
)
DRAFT_NOT_YET = (
    "👉 现在还不能按这条申请：{document}出自征求意见稿（草案），尚未正式生效，不能作为申领依据。"
    "正式印发后再来问我，或到当地人社部门咨询。"
)
SHORT_OF = "👉 按你说的，刚才那条你还差一点：{unmet}。其他条件我再问问你："
NOT_FOR_LEVEL = "👉 刚才那条只写了{levels}，没有{level}："
FOLLOW_UP_UNSTATED = (
    "刚才那条（{document}）没有写明这一点。具体可以到当地人社部门的高技能人才服务窗口咨询{window}。"
)
QUIZ_FOR_TOPIC = "能不能领要看你的情况，我问你几个问题（不清楚的回复「不知道」）："
QUIZ_SURE_HEAD = "按你说的，在{region}已经可以确定："
QUIZ_SURE_TAIL = "再回答几个问题，看看还能领哪些："
QUIZ_NONE = "现在没有进行中的测算，回复「测一测」开始。"
WHATIF_HEAD = "🤔 假设{changes}（其他照你说的）："
# a what-if on the last answer changing a fact its rule does not test
WHATIF_UNTESTED = "ℹ️ 本条对{fields}没有要求，按这条金额不变"
# an answer for someone the worker speaks of (their spouse, 徒弟 …), not for the worker
OTHER_PERSON = "👤 这是按{who}的情况答的{facts}；你自己的情况还按你说的，没有改动"
OTHER_STILL_NEEDS = "ℹ️ {who}能不能领，还要看{who}自己是否满足：{needs}"
QUIZ_OTHER_PERSON = "（这是{who}的情况，测算只按你自己的情况算；想查{who}的，测算结束后再问）"
BACK_TO_SELF = "👤 这是按你自己的情况答的"
# a follow-up moving the last question to another place: what the answer was before
# (the old place's amounts are not repeated: they would read as if they applied here)
PLACE_MOVED = "🔁 换到{new}：以上是{new}的规定，上一条{old}的金额和条件在{new}不适用"
# a what-if moving the questionnaire's answers to another place
WHATIF_PLACE_HEAD = "🤔 假设在{new}（其他照你说的；上面的结果是按{old}算的）："
WHATIF_TAIL = "（只是假设，你说的情况没有改动；如果是之前说错了，直接告诉我「改成……」）"
CORRECTED = "好的，已改为：{changes}。"
NOTED = "好的，已记下：{changes}。"
# a fact restated after the result, as it was answered
RESTATED_SAME = (
    "你之前说的也是：{changes}，测算结果不变。想改别的，直接说「合同其实是3年」这样就行。"
)
RESULT_CHANGES = "和刚才的结果比：\n{lines}"
WHICH_FACT = (
    "你说的「{value}」是哪一项？比如「社保交了七八个月」「合同签了两年」「证是去年腊月拿的」，"
    "我按它重新算。"
)
NOTHING_TO_CANCEL = "现在没有进行中的测算或表单，不用退出。想测算回复「测一测」。"
QUIZ_EXPLAIN_MISSED = "按你已经说的，这些领不了："
QUIZ_EXPLAIN_NOTHING = (
    "还没算出金额：先把下面的问题答完，结果出来后回复「咋算的」可以看每一项怎么算的。"
)
SAVE_NOTHING = "还没有可以保存的测算结果，先回复「测一测」做一次测算吧。"
SAVE_UNAVAILABLE = "这里不能保存档案（终端试用模式）。在公众号或小程序里可以保存。"
SAVED = "已保存你的档案。有新政策让你符合条件时会通知你；回复「删除档案」可随时清除。"
PROFILE_DELETED = "已删除你保存的档案，不会再据此给你推送政策提醒。"
PROFILE_NONE = "你还没有保存过档案。"

PHONE_CHANGED = (
    "已把你技工蓝卡上登记的手机号改为 {phone}。如果不是你本人操作，请尽快到高技能人才服务窗口说明。"
)
PHONE_CHANGE_HOW = (
    "要改技工蓝卡上登记的手机号，请直接发「手机号改为」加新号码，"
    "例如：手机号改为 139 0000 0000。号码只用于联系你，不会出现在二维码上。"
)
PHONE_NOT_CHANGED = "手机号没有改：{why}。"
PHONE_RETRY = "请重新发「手机号改为」加新号码。"
CARD_UNAVAILABLE = (
    "申请和查询技工蓝卡需要联网服务，这里（终端试用模式）办不了。"
    "请在公众号或小程序里回复「申请蓝卡」。"
)
CARD_CANCELLED = "已退出蓝卡申请，填写的信息没有保存。想办理随时回复「申请蓝卡」。"
ASK_WITHOUT_NUMBER = "你的问题请不带号码再发一次。"
CARD_EXPIRED = "上次的蓝卡申请超过30分钟没有回复，已经自动结束，填写的信息已清除。回复「申请蓝卡」可以重新开始。"
CARD_ALREADY = "你已有一张{status}的技工蓝卡，不能重复申请。回复「我的蓝卡」查看；换了工作单位请到服务窗口办理变更。"
CARD_HELD_TAIL = "\n回复「我的蓝卡」查看这张卡。"
CARD_START = "开始申请技工蓝卡，共{count}项，一项一项填。"
CARD_IN_PROGRESS = "你的蓝卡申请正在填写中，接着填这一项就行："
FORM_FIELD_EXPLAINED = "👉 {form}的「{field}」一栏，填表说明是这样写的："
FORM_FIELD_LISTED = "👉 {form}列了「{field}」这一栏，填表说明没有另外解释，表上是这样印的："
CARD_RESUME = "——蓝卡申请还在继续——\n{field}"
CARD_QUIZ_LATER = "先把蓝卡申请填完；填完后回复「测一测」，帮你算算能领哪些补贴。"
CARD_NUMBER_IN_TEXT = "这一项不用填身份证号、电话等号码（号码没有记下）"
CARD_CONFIRM_AGAIN = "请回复「确认提交」同意并提交，或「改+项目」修改，「退出」放弃。"
CARD_SUBMITTED = (
    "已提交你的技工蓝卡申请（{status}）。{district}人社部门审核后，结果会在「我的蓝卡」里显示。"
)
CARD_SUBMIT_FAILED = "提交没有成功：{message}"
OPT_UNAVAILABLE = "这里（终端试用模式）不推送政策通知。在公众号里回复「退订」或「订阅」。"
OPTED_OUT = "已退订：不再给你推送政策通知。想重新接收，回复「订阅」。"
OPTED_IN = "已订阅：有适合你的新政策会通知你。回复「退订」可随时取消。"

#: Put before the answer to a question about the blue card (蓝卡是什么, 怎么申请蓝卡).
CARD_APPLY_TIP = "💳 回复「申请蓝卡」即可在这里办理技工蓝卡，「我的蓝卡」查看进度。"

GUIDE_WHICH_PLACE = "你在哪个区县？各区的咨询电话和办理时限写在当地的申兑指南里。回复「我在+区名」（{regions}）我告诉你当地的。"
SEVERAL_SAME_SOURCE = "（条款和出处同上）"
SEVERAL_MORE_HINT = "（回复「更多」看每个问题的条款原文和相关条款）"
FIRST_PAGE_HINT = "（回复「更多」看条款原文和相关条款）"
DOCUMENT_MORE_HINT = "（回复「更多」看文件上印的原文）"
# a later grade asked of a clause paying for one got 当年 (洪办发〔2021〕10号 三（三）4)
FUTURE_LEVEL_IN_YEAR = (
    "🗓 本条奖励的是「当年获得」的等级：{level}按拿到证的年份算，{year}拿到就算那一年的，"
    "到时按那一年的规定申请。"
)
FUTURE_LEVEL_ANY_YEAR = (
    "🗓 本条奖励的是「当年获得」的等级：{level}哪一年拿到证就算哪一年的，到时按那一年的规定申请。"
)
# an answer in the questionnaire that also asks (「8个月，够不够？」)
QUIZ_NOTED = "📝 记下了：{fact}。"
QUIZ_NOTED_ENOUGH = (
    "够不够要看每项补贴各自的条件，答完后的测算结果会逐项写明符合哪项、差在哪里"
    "（随时回复「咋算的」看目前的情况）。"
)
# the answer set against the lines of the clauses still in play, before the next question
QUIZ_ENOUGH_JUDGED = "对照目前可能适用的条款：\n{lines}\n（其他条件答完后，测算结果会逐项写明）"
QUIZ_NOTED_ASK_LATER = "你问的「{ask}」，看完结果后再问我一次就好。"
NO_ORIGINAL = "还没有可以看原文的条款。先问个问题吧，比如「洪泽引进技师有多少补贴」。"
MORE_RELATED_HINT = "（回复「更多」看其他相关条款）"
MORE_RELATED_HEAD = "还有这些相关条款（问得更具体些可以直接看答案）："
NO_CONTEXT = "你是想问哪一条政策呢？把问题说完整些，比如「叶集引进技师有住房补贴吗」。"

#: A place the worker named that has no document in the knowledge base.
PLACE_UNCOVERED = (
    "暂时没有收录{place}的技能人才政策文件，不能告诉你{place}的规定。现有政策的地区：{regions}。"
)
PLACE_REMEMBERED_UNCOVERED = (
    "好的，记住你在{place}。不过暂时没有收录{place}的技能人才政策文件，"
    "现有政策的地区：{regions}。想了解这些地区的规定，问题里写上地区名即可（如「叶集引进技师补贴」）。"
)
PLACE_CAVEAT = "⚠️ 没有{place}的政策文件；以下是{region}的规定，不适用于{place}，仅供参考。"
#: A question from a worker in a place without a document that names no other place: no other
#: place's rule is shown (its amounts read as if they applied); how to ask about one is.
PLACE_UNCOVERED_ASK = (
    "暂时没有收录{place}的技能人才政策文件，不能告诉你{place}的规定。现有政策的地区：{regions}。"
    "想了解这些地区的规定，问题里写上地区名即可（如「叶集{example}」）。"
)
PLACE_INSIDE = "（{place}属于{region}，以下是{region}的政策）"
#: A question about the whole city (全市, 市里) answered by a district's clause: no city's own
#: document holds one, and the district's rule must not read as the city's.
CITY_WIDE_DISTRICT = (
    "⚠️ 市级政策文件里没有找到这一项；以下是{region}（{city}下属的区）的规定，只适用于{region}。"
)
# 「台儿庄几项补贴能叠加吗」 where the place's document says nothing on taking several together
NO_STACKING_RULE = (
    "ℹ️ 《{title}》没有写几项补贴、奖励能不能同时享受（叠加）；下面是相关条款，"
    "能否同时领取请向当地人社部门确认。"
)
#: The place asked about pays no cash for what is asked; its own related clause follows (never
#: another place's amounts).
NO_CASH_HERE = "👉 {place}的文件里没有这项现金补贴。{place}文件里相关的规定是这条："
PLACE_ELSEWHERE = (
    "⚠️ {remembered}的政策里没有找到这一项；以下是{region}的规定，不一定适用于{remembered}。"
)
#: A worker remembered in a covered place asks about something its documents do not hold: said
#: plainly, with the places whose documents do (another place's amounts would read as theirs).
PLACE_HAS_NONE = (
    "{place}的政策文件里没有找到这一项。{elsewhere}有这方面的规定，"
    "想看可以回复「那{example}的呢」；具体情况也可以到当地人社部门咨询{window}。"
)
#: After an answer, another place asked about (「那边能办吗」「X区有没有」) whose documents do not
#: hold it: whose policy the answer was, and that the asked place has none held.
TOPIC_NOT_THERE = "👉 刚才说的是{region}的政策（{source}），{place}的政策文件里没有这一项。"
TOPIC_ALSO_ELSEWHERE = "{elsewhere}也有这方面的规定，想看可以回复「那{example}的呢」。"
ASK_THE_WINDOW = "具体情况可以到当地人社部门的高技能人才服务窗口咨询{window}。"
#: 「要填的那个表叫啥」 of a document attaching one form: its title, where it is printed.
FORM_OF_DOCUMENT = "👉 要填的是《{form}》（{source}），各栏怎么填可以接着问，如「企业类型怎么填」。"
#: 「这是哪里的政策」 after an answer: the answering document's place.
WHOSE_PLACE = "👉 这是{region}的政策：{source}。"
PLACE_ANSWER_FOR = "（按你所在的{region}回答；回复「我在+区名」可以更改）"
REGION_SET_INSIDE = (
    "好的，已记住你在{place}（属于{region}）。以后的问题会优先查{region}的政策"
    "（回复「我在+区名」可以更改）。"
)

APPLICATIONS_NONE = "你还没有补贴申请。有了蓝卡后，到服务窗口出示蓝卡二维码即可办理补贴申请。"
APPLICATIONS_HEAD = "你的补贴申请："
DOCUMENT_FACT_UNPRINTED = "文件上没有印这一项。文件上印的是："

#: A one-word message: what about it? (numbered; the worker replies with a number)
CLARIFY_ASK = "好的，请说。想问哪方面？回复数字，或直接打字提问："
CLARIFY_HEAD = "你想了解「{word}」的哪方面？回复数字："
CLARIFY_CHOICES: tuple[tuple[str, str], ...] = (
    ("我能领哪些补贴（测一测）", "测一测"),
    ("引进人才补贴", "从外地引进高技能人才的补贴"),
    ("考证（技能等级）奖励", "取得技能等级证书的奖励"),
    ("技能大赛获奖奖励", "技能竞赛获奖选手奖励"),
    ("新型学徒制补贴", "新型学徒制补贴标准"),
    ("我的补贴申请进度", "我的补贴申请"),
)

CLARIFY_CARD: tuple[tuple[str, str], ...] = (
    ("技工蓝卡是什么、有什么用", "技工蓝卡制度"),
    ("申请蓝卡", "申请蓝卡"),
    ("我的蓝卡（审核进度）", "我的蓝卡"),
)

CARD_REUSE = "你之前说过：{facts}。对吗？回复「对」沿用，或直接回复正确的{label}。"

#: 「叶集有哪些补贴」: the head and tail of the list of a place's benefits.
BENEFITS_LIST_HEAD = "📋 {region}政策里的补贴和奖励："
BENEFITS_LIST_TAIL = "哪些是你能领的，回复「测一测」问几个问题就能算出来；想细问某一项，直接打字问即可（如「{region}引进技师补贴多少」）。"
