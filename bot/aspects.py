"""Follow-ups on one condition of the clause just answered, on who it pays, and on its other
beneficiary; ``kind_asked`` says which kind a short follow-up is, one key per kind, so the
dialogue has one handler per kind of question (no two paths answering 「分几年给」 or 「给谁」).

**Conditions.** After an answer the worker asks about one condition of it in a few words that
name no place and no subject of their own (「合同得签几年」「社保交满几个月才行」「工作要干满几年」
「年龄有限制吗」). ``aspect_asked`` says which condition (an ``Aspect``: 劳动合同, 社会保险, 工作年限,
年龄); ``printed_value`` reads its value from a clause sentence as printed (签订1年以上劳动合同 →
1年以上); ``rule_value`` from the catalogue rule the sentence grants (its condition on the
profile field, by its label when it has one). The dialogue leads with it: 「👉 劳动合同：1年以上」.

**Who is paid.** 「给谁的」「是给企业还是给个人」「是发给厂里的吧」: ``recipient_asked`` reads
how it is asked; the dialogue says the side ``topic_side`` gives first.

**Beneficiary.** 「个人呢」「那我本人能拿多少」 after a clause paying the employer, 「企业呢」
「单位能拿吗」 after one paying the worker: ``beneficiary_asked`` says which side the message names
(and nothing else), ``topic_side`` which side the last answer's rule (else its sentence's
grammar, ``sentence_recipient``) pays, and ``other_side_rule`` the catalogue rule of the same
document and section paying the other side about the same thing (its quote sharing most
character pairs with the sentence just shown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from bot.clauses import clause_quoting, hit_of
from bot.context import GENERIC_CHARS, MAX_FOLLOW_UP_CHARS, Topic, level_spans
from bot.followup import Choice, another_grant, choice_in, neighbours, recipient_kind, same_thing
from bot.intents import bare
from policy_kb.eligibility.catalogue import AnyOf, Condition, Rule, default_catalogue
from policy_kb.ingest import split_sentences
from policy_kb.places import resolve_places
from policy_kb.search import Hit
from policy_kb.search.recipient import pays_enterprise, sentence_recipient

if TYPE_CHECKING:
    from policy_kb.model import KnowledgeBase
    from policy_kb.search import SearchIndex

SEARCH_TOP = 8

Side = Literal["person", "organisation"]

# What a follow-up asking about a condition may say besides naming it: asking words, the verbs
# of having one (签/交/缴/满/够/参保), and 限制 / 规定.
_CONDITION_CHARS = GENERIC_CHARS | frozenset(
    "签订交缴纳满够得须必续连参保干做限制规定求对少大小硬性定嘛呀啥不没才行算起码至"
    # who may take part (「什么人能参加」「哪些人能报名」)
    "加报名"
)
# A question, not a statement of the worker's own condition (「合同签了2年」 is a fact).
_ASKS = re.compile(
    r"谁|几|多久|多长|多少|多大|啥|什么|咋|怎|哪|吗|么|嘛|[不没]$|要求|限制|年限|规定"
)
_FIGURE = re.compile(r"\d|[一二两三四五六七八九十半][个]?(?:年|月|岁)")
# Money asked of it (「社保补多少」): a subsidy of its own, not a condition.
_MONEY = re.compile(r"补|奖|贴|钱|领|拿|发")


@dataclass(frozen=True)
class Aspect:
    """One condition a clause may set: ``label`` as the reply names it; ``field``: the profile
    field a catalogue rule tests it on (None when no rule does; ``PERIOD_FIELD``: the rule's
    amount); ``unit``: that field's unit; ``named``: the words naming it in a question;
    ``printed``: its value in a clause sentence (the first group that matched; its
    alternatives tried in turn, so a stated 期限 wins over 在合同期内 printed before it);
    ``beyond``: when the clause does not state it, the rule and the same place's clauses may."""

    label: str
    field: str | None
    unit: str
    named: re.Pattern[str]
    printed: tuple[re.Pattern[str], ...]
    money_ok: bool = False  # asked with 补/领/拿 (「补几年」「谁能领」): still this aspect
    beyond: bool = True


_AMOUNT_OF_TIME = (
    r"[\d一二两三四五六七八九十半]+个?(?:年|月|周岁|岁)(?:以上|及以上|以下|及以下)?(?:（含\d+年）)?"
)


def _tried(*patterns: str) -> tuple[re.Pattern[str], ...]:
    """Patterns tried in turn: the first that matches gives the value."""
    return tuple(re.compile(p) for p in patterns)


ASPECTS: tuple[Aspect, ...] = (
    Aspect(
        "劳动合同",
        "contract_years",
        "年",
        re.compile(r"劳动合同|聘用合同|合同|劳动关系"),
        _tried(
            r"签订(?:了)?(" + _AMOUNT_OF_TIME + r")(?:的)?(?:劳动|聘用|用工)?合同",
            r"(?:劳动|聘用)?合同(?:期限?)?(?:在|为|满|达到?)?(" + _AMOUNT_OF_TIME + r")",
            r"((?:已|已经|依法)?签订(?:了)?(?:劳动|聘用)合同)",
        ),
    ),
    Aspect(
        "社会保险",
        "insurance_months",
        "个月",
        re.compile(r"社会保险|社保|五险|养老保险|参保|保险"),
        _tried(
            r"缴纳(?:了)?(" + _AMOUNT_OF_TIME + r")(?:的)?(?:城镇职工)?(?:基本)?(?:养老)?"
            r"(?:社会保险|社保|保险)",
            r"(?:社会保险|社保)(?:缴费)?(?:年限|时间)?((?:满|达到?|累计)?" + _AMOUNT_OF_TIME + r")",
            r"((?:依法|按规定|按时)?(?:参加|缴纳)(?:了)?(?:城镇职工)?社会保险)",
        ),
    ),
    Aspect(
        "工作年限",
        "tenure_years",
        "年",
        re.compile(r"工作年限|工龄|连续工作|工作|(?:干|做)(?=(?:满|够|了)?(?:几|多少|多久|多长))"),
        _tried(
            r"(?:连续)?(?:工作|从事[^，。；]{0,10}?工作)(?:满|达到?)?(" + _AMOUNT_OF_TIME + r")"
        ),
    ),
    Aspect(
        "年龄",
        None,
        "岁",
        re.compile(r"年龄|年纪|岁数|多大|几岁|多少岁"),
        _tried(
            r"((?:年龄|年满)?(?:在)?\d+周?岁(?:以上|及以上|以下|及以下)?(?:[—\-至到]\d+周?岁)?)"
        ),
    ),
)


PERIOD_FIELD = "amount.period"

#: How long or how often the money is paid, and who it is for: asked with money words too.
ASPECTS += (
    Aspect(
        "期限",
        PERIOD_FIELD,
        "年",
        re.compile(
            r"期限|(?:补|给|发|领|拿|享受)(?:几年|多久|多长时间|几次)|分几年|分几次|几年(?=(?:呢|啊)?$)"
        ),
        _tried(
            r"((?:补助|补贴|资助|奖励|享受)?期限(?:最长|最短)?(?:不超过|不少于|不低于|为|是)?"
            r"[\d一二两三四五六七八九十]+年)",
            r"(分[\d一二两三]+年[^，。；]{0,6}?(?:到位|发放|拨付|兑现)?)",
            r"(在(?:合同|聘任|聘用|培养|培训)期(?:间|内))",
            r"(一次性)",
        ),
        money_ok=True,
        beyond=False,
    ),
    Aspect(
        "对象",
        None,
        "",
        re.compile(r"哪些人|什么人|啥人|哪类人|谁(?:能|可以)|对象|适用于?谁|适用(?:哪些|什么)"),
        _tried(r"^(?:对|对于)((?:(?!，).){4,60}?)(?:的)?(?=，)"),
        money_ok=True,
        beyond=False,
    ),
)


# 「合同呢」「那社保方面呢」: a condition named and nothing asked (``named_only``).
_NAMED_ONLY = re.compile(r"^(?:那|那么)?(.{2,4}?)(?:方面|这块|这方面|的要求|要求)?(?:呢|咧|嘞)$")


def named_only(text: str) -> Aspect | None:
    """The condition a 「合同呢」「社保方面呢」 names, with nothing else; None otherwise (工作
    alone is no condition). It asks the condition only of a clause stating it; otherwise it may
    lean on the last question (「社保呢」: its 社保 subsidy)."""
    m = _NAMED_ONLY.match(bare(text))
    if m is None or m.group(1) == "工作":
        return None
    return next(
        (a for a in ASPECTS if a.field != PERIOD_FIELD and a.named.fullmatch(m.group(1))), None
    )


def aspect_asked(text: str) -> Aspect | None:
    """The condition a short follow-up asks about (「合同得签几年」 → 劳动合同; 「合同呢」, see
    ``named_only``), or None: a longer message, one naming a place or a skill level, one stating
    a figure (a fact of the worker's own), or one with words of its own besides the condition
    (a new subject)."""
    b = bare(text)
    only = named_only(text)
    if only is not None:
        return only
    if not 2 <= len(b) <= MAX_FOLLOW_UP_CHARS or not _ASKS.search(b) or _FIGURE.search(b):
        return None
    if resolve_places(b) or level_spans(b):
        return None
    for aspect in ASPECTS:
        if not aspect.named.search(b):
            continue
        if _MONEY.search(b) and not aspect.money_ok:
            return None
        rest = aspect.named.sub("", b)
        own = [ch for ch in rest if ch not in _CONDITION_CHARS]
        return aspect if not own else None
    return None


def _spoken(value: str) -> str:
    return value.replace("及以上", "以上").replace("及以下", "以下")


def printed_value(aspect: Aspect, sentence: str) -> str | None:
    """``aspect``'s value as ``sentence`` prints it (「签订1年以上劳动合同」 → 1年以上; 「已签订
    劳动合同」 → 已签订劳动合同（没写年限）), or None when the sentence sets no such condition."""
    plain = re.sub(r"\s", "", sentence)
    if aspect.label == "对象" and sentence_recipient(plain) != "person":
        # 「对为我区企业…引进…人才，…的企业、中介机构」: the 对 phrase names who is paid only
        # when the money goes to the people it names
        return None
    found = None
    for pattern in aspect.printed:
        found = pattern.search(plain)
        if found is not None and any(found.groups()):
            break
        found = None
    if found is None:
        return None
    value = next(g for g in found.groups() if g)
    if aspect.field == PERIOD_FIELD and value == "一次性":
        return "一次性（给一次，不分年）"
    if aspect.field in (PERIOD_FIELD, None):
        return value
    if _FIGURE.search(value):
        return _spoken(value)
    return f"{value}（没写{'多少个月' if aspect.unit == '个月' else '多少' + aspect.unit}）"


_WORDS = {"at_least": "{v}{u}以上", "more_than": "超过{v}{u}", "at_most": "{v}{u}以下"}


def _conditions(conds: tuple[Condition | AnyOf, ...]) -> list[Condition]:
    out: list[Condition] = []
    for c in conds:
        out.extend(_conditions(c.options) if isinstance(c, AnyOf) else [c])
    return out


def rule_of(rule_id: str | None) -> Rule | None:
    """The catalogue rule with that id, or None."""
    if rule_id is None:
        return None
    return next((r for r in default_catalogue().rules if r.id == rule_id), None)


def rule_value(aspect: Aspect, rule_id: str | None) -> str | None:
    """``aspect``'s value as the rule tests it (its label when it has one: 「依法参加社会保险
    （在现单位参保）」; else 1年以上), or None when the rule sets no such condition."""
    rule = rule_of(rule_id)
    if rule is None or aspect.field is None:
        return None
    if aspect.field == PERIOD_FIELD:
        amount = rule.amount
        if amount.max_years:
            return f"最长{amount.max_years:g}年"
        if amount.min_years:
            return f"不少于{amount.min_years:g}年"
        return "一次性（给一次，不分年）" if amount.per == "once" else None
    for cond in _conditions(rule.conditions):
        if cond.field != aspect.field:
            continue
        if cond.label:
            return cond.label
        shape = _WORDS.get(cond.op)
        if shape is not None and isinstance(cond.value, int | float):
            return shape.format(v=f"{cond.value:g}", u=aspect.unit)
    return None


def condition_hit(
    kb: KnowledgeBase, index: SearchIndex, topic: Topic, aspect: Aspect, text: str
) -> tuple[Hit, str] | None:
    """Where ``aspect`` of the last answer is stated, as (the hit, its sentence the one stating
    it; the value): the sentence shown, the rest of its clause, the rule it grants, then (for
    an aspect ``beyond`` the clause) the clauses of the same document, then of the same place,
    that search finds for the last question with this one. None when none states it."""
    last = hit_of(kb, f"{topic.doc_id}#{topic.clause_id}")
    if last is not None:
        shown = topic.sentence or last.sentence
        for sentence in [shown, *(split_sentences(last.text) or [last.text])]:
            if another_grant(sentence, shown):
                continue  # the same clause's other subsidy: its period is not this one's
            value = printed_value(aspect, sentence)
            if value is not None:
                return replace(last, sentence=sentence), value
        value = rule_value(aspect, topic.rule)
        if value is not None:
            return replace(last, sentence=shown), value
        if aspect.field == PERIOD_FIELD:
            return _period_nearby(kb, topic, shown)
    if not aspect.beyond:
        return None
    region = topic.region or next(iter(kb.document(topic.doc_id).meta.regions), None)
    result = index.search(topic.question + "，" + text, top=SEARCH_TOP, region=region)
    hits = [h for h in result.hits if h.doc_id == topic.doc_id] + [
        h
        for h in result.hits
        if h.doc_id != topic.doc_id and region in kb.document(h.doc_id).meta.regions
    ]
    for hit in hits:
        for sentence in [hit.sentence, *(split_sentences(hit.text) or [hit.text])]:
            value = printed_value(aspect, sentence)
            if value is not None:
                return replace(hit, sentence=sentence), value
    return None


def _period_nearby(kb: KnowledgeBase, topic: Topic, shown: str) -> tuple[Hit, str] | None:
    """The period a clause next to the last one states of the same thing (「补助期限为2年」 in
    a sentence of its own granting nothing, about what ``shown`` grants), or None: a sentence
    granting a sum of its own is another subsidy, its period not this one's."""
    period = next(a for a in ASPECTS if a.field == PERIOD_FIELD)
    for clause in neighbours(kb, topic.doc_id, topic.clause_id)[1:]:
        for sentence in split_sentences(clause.text) or [clause.text]:
            if sentence_recipient(sentence) is not None or not same_thing(sentence, shown):
                continue
            value = printed_value(period, sentence)
            hit = hit_of(kb, f"{clause.doc_id}#{clause.clause_id}")
            if value is not None and hit is not None:
                return replace(hit, sentence=sentence), value
    return None


# -- who is paid -------------------------------------------------------------------------------

# 「给谁」「发给谁的」「补给谁」「钱归谁」: who receives the money of the clause just answered.
_WHO_PAID = re.compile(
    r"^(?:这|那|这个|那个)?(?:钱|补贴|奖励|补助)?(?:是|都是)?(?:[发补奖]?给谁|归谁)(?:的|的钱)?(?:呢|啊|呀|哈)?$"
)
# 「是给个人的吗」「钱是发给企业的不」: yes or no, one side named.
_IS_PAID_TO = re.compile(
    r"^(?:那|那么)?(?:这|这个)?(?:钱|补贴|奖励|补助)?(?:是|都是|也是)(?:发|补|奖)?给(.{1,6}?)(?:的)?"
    r"(?:吗|么|嘛|吧|不|不是|没)$"
)


@dataclass(frozen=True)
class RecipientAsk:
    """A follow-up asking who the last clause's money goes to: 「给谁」 (neither set),
    「是给企业还是给个人」 (``choice``), 「是给个人的吗」 (``named``: the one side named)."""

    choice: Choice | None = None
    named: Side | None = None
    word: str = ""  # the side as the worker named it (「学校」)


def recipient_asked(text: str) -> RecipientAsk | None:
    """Whether a short follow-up asks who is paid, and how (``RecipientAsk``), or None."""
    b = bare(text)
    if len(b) > MAX_FOLLOW_UP_CHARS:
        return None
    choice = choice_in(text)
    if choice is not None:
        kinds = {recipient_kind(choice.first), recipient_kind(choice.second)}
        return RecipientAsk(choice=choice) if kinds == {"person", "organisation"} else None
    if _WHO_PAID.search(b):
        return RecipientAsk()
    m = _IS_PAID_TO.match(b)
    kind = recipient_kind(m.group(1)) if m else None
    if kind is None:
        return None
    assert m is not None
    side: Side = "person" if kind == "person" else "organisation"
    return RecipientAsk(named=side, word=m.group(1))


# -- what a follow-up asks: the key of the dialogue's handlers -----------------------------------

#: 「给谁」「是给企业还是给个人」「是给个人的吗」
RECIPIENT = "给谁"
#: 「个人呢」「企业呢」: the same thing paid to the other side
OTHER_SIDE = "另一方"


def kind_asked(text: str) -> str | None:
    """What a short follow-up asks of the clause just answered, one key per kind of question:
    a condition's label (劳动合同, 社会保险, 工作年限, 年龄, 期限, 对象; ``aspect_asked``),
    ``RECIPIENT`` or ``OTHER_SIDE``; None for anything else."""
    aspect = aspect_asked(text)
    if aspect is not None:
        return aspect.label
    if beneficiary_asked(text) is not None:
        return OTHER_SIDE
    if recipient_asked(text) is not None:
        return RECIPIENT
    return None


# -- the other beneficiary ----------------------------------------------------------------------

_PERSON = r"(?:我|俺)?(?:个人|本人|自己)|职工(?:个人|本人|自己)?|工人(?:个人|本人|自己)?|员工(?:个人|本人|自己)?|人才(?:本人|自己)"
_ORGANISATION = (
    r"(?:我们|我司|咱们?)?(?:企业|单位|用人单位|公司|厂里|厂子|工厂|老板|东家|中介|中介机构)"
)
_SIDE = re.compile(
    # 「那给企业的呢」「发给个人的有吗」: the side named as who is given it
    r"^(?:那|那么|那要是|要是)?(?:给|发给|补给|奖给|对)?(?:("
    + _PERSON
    + r")|("
    + _ORGANISATION
    + r"))"
    r"(?:这边|那边|方面|的话)?(?:的|呢|咧|嘞)?"
    # what may follow: asking whether or how much this side gets
    r"(?:也|还)?(?:能|可以|可|能够)?(?:拿|领|得|申请|申领|享受|有|给)?(?:到)?(?:多少钱?|多少|啥|什么|点啥)?"
    r"(?:钱|补贴|补助|奖励)?(?:吗|么|嘛|不|没|没有|呢|咧)?$"
)

# A rule of the other side answers only about the same thing as the last one: its quote shares
# at least this share of character pairs (Jaccard) with the sentence just shown, in the same
# section (三（三）1 and 三（三）2: 引进 of 高技能人才, one to the worker, one to the employer).
MIN_SAME_THING = 0.15


def beneficiary_asked(text: str) -> Side | None:
    """The side a short follow-up asks about and nothing else (「个人呢」「那我本人能拿多少」 →
    person; 「企业呢」「单位能拿吗」 → organisation), or None."""
    b = bare(text)
    if len(b) > MAX_FOLLOW_UP_CHARS:
        return None
    m = _SIDE.match(b)
    if m is None:
        return None
    return "person" if m.group(1) else "organisation"


def _side_of(beneficiary: str) -> Side:
    return "person" if beneficiary == "individual" else "organisation"


def topic_side(topic: Topic) -> Side | None:
    """Whom the last answer's money goes to: its rule's beneficiary, else the sentence's
    grammar (``sentence_recipient``), else None."""
    rule = rule_of(topic.rule)
    if rule is not None:
        return _side_of(rule.beneficiary)
    return sentence_recipient(topic.sentence) if topic.sentence else None


def _pairs(text: str) -> set[str]:
    plain = re.sub(r"[\s，。、；：（）“”\d%/.]", "", text)
    return {plain[i : i + 2] for i in range(len(plain) - 1)}


def _section(number: str) -> str:
    """The section a clause number is in: 三（三） of 三（三）1; 四 of 四."""
    return re.sub(r"\d+$", "", number) or number


def other_side_rule(topic: Topic, number: str, side: Side) -> Rule | None:
    """The catalogue rule of the topic's document and section (``number``: the topic clause's
    printed number) paying ``side`` about the same thing as the sentence just shown, or None."""
    about = _pairs(topic.sentence)
    if not about:
        return None
    best: tuple[float, Rule] | None = None
    for rule in default_catalogue().rules:
        if rule.doc.doc_id != topic.doc_id or _side_of(rule.beneficiary) != side:
            continue
        if _section(rule.clause) != _section(number) or rule.id == topic.rule:
            continue
        theirs = _pairs(rule.quote)
        share = len(about & theirs) / len(about | theirs) if theirs else 0.0
        if share >= MIN_SAME_THING and (best is None or share > best[0]):
            best = (share, rule)
    return best[1] if best else None


SIDE_WORDS: dict[Side, str] = {"person": "个人", "organisation": "企业（单位）"}


def other_side_hit(kb: KnowledgeBase, topic: Topic, side: Side) -> tuple[Rule, Hit] | None:
    """``other_side_rule`` of the topic's clause and its hit, the sentence the rule quotes
    first; None when there is no such rule or its clause is gone."""
    try:
        number = kb.clause(topic.doc_id, topic.clause_id).number
    except KeyError:
        return None
    rule = other_side_rule(topic, number, side)
    clause_id = clause_quoting(kb, rule.doc.doc_id, rule.clause, rule.quote) if rule else None
    hit = hit_of(kb, f"{topic.doc_id}#{clause_id}") if clause_id else None
    if rule is None or hit is None:
        return None
    core = re.sub(r"\s", "", rule.quote).rstrip("。；;")
    sentence = next(
        (s for s in split_sentences(hit.text) if core in re.sub(r"\s", "", s)), rule.quote
    )
    return rule, replace(hit, sentence=sentence)


# An amount with its rate (500元/人, 4000元/人/年, 每班每年1万元).
_AMOUNT_RATE = re.compile(
    r"(?:每[人班个家所年月]+)?\d+(?:\.\d+)?(?:[-—～]\d+(?:\.\d+)?)?万?元(?:/[人年月班次]+)*"
)


def side_lead(side: Side, sentence: str) -> str | None:
    """「👉 发给企业（单位）：500元/人」: the first amount ``sentence`` grants, or None."""
    m = _AMOUNT_RATE.search(sentence)
    return f"👉 发给{SIDE_WORDS[side]}：{m.group(0)}" if m else None


_MONEY_NOUN = re.compile(
    r"\d[\d\-—.]*\s*万?元(?:/人)?(?:/年)?的?([\u4e00-\u9fff]{0,4}(?:补贴|补助|奖励|资助|经费))"
)


def money_noun(sentence: str) -> str | None:
    """The kind of money a sentence grants, as printed right after its amount (「2000-5000元/人
    的培训补贴」 → 培训补贴), or None."""
    m = _MONEY_NOUN.search(sentence)
    return m.group(1) if m else None


_ENTERPRISE_ASKED = re.compile(r"企业|公司|厂|老板|东家")


def enterprise_asked(text: str) -> bool:
    """Whether a follow-up naming the organisation side names an enterprise (「那给企业的呢」
    「厂里能拿吗」), not just any organisation (「单位呢」)."""
    return bool(_ENTERPRISE_ASKED.search(bare(text)))


def other_side_sentence(
    kb: KnowledgeBase, topic: Topic, side: Side, *, enterprise: bool = False
) -> Hit | None:
    """A sentence of the topic's document granting an amount to ``side`` about the same thing
    as the last answer (at least ``MIN_SAME_THING`` of character pairs shared with its sentence
    or, when that sentence grants nothing, its question), the closest first; None when the
    document has none. For a subject the catalogue holds no rule of (a training subsidy).
    ``enterprise``: only a sentence paying an enterprise (``pays_enterprise``), for 「那给企业的
    呢」 after a sentence paying another organisation (a training base)."""
    about = _pairs(topic.sentence) | _pairs(topic.question)
    if not about:
        return None
    paid = money_noun(topic.sentence) if topic.sentence else None
    best: tuple[float, Hit] | None = None
    for clause in kb.document(topic.doc_id).clauses:
        for sentence in split_sentences(clause.text):
            if sentence == topic.sentence or sentence_recipient(sentence) != side:
                continue
            if enterprise and not pays_enterprise(sentence):
                continue
            theirs = _pairs(sentence)
            share = len(about & theirs) / len(about | theirs) if theirs else 0.0
            if enterprise and share < MIN_SAME_THING and money_noun(sentence) == paid:
                # a long sentence about a training base shares few words with a short one
                # paying enterprises, yet both grant the same 培训补贴
                share = MIN_SAME_THING
            if share < MIN_SAME_THING or (best is not None and share <= best[0]):
                continue
            hit = hit_of(kb, f"{topic.doc_id}#{clause.clause_id}")
            if hit is not None:
                best = (share, replace(hit, sentence=sentence))
    return best[1] if best else None
