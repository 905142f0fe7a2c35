"""The bot: one entry point per incoming text or event, the same for every channel."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot import texts
from bot.answer import (
    RELATED_FIRST_PAGE,
    RELATED_SECOND_PAGE,
    Answer,
    answering_sentence,
    asks_money,
    citation,
    clause_text,
    compose,
    document_facts,
    names_amount,
    related_line,
    stacking_ruling_first,
    warnings,
    where_in,
)
from bot.aspects import (
    ASPECTS,
    OTHER_SIDE,
    PERIOD_FIELD,
    RECIPIENT,
    SIDE_WORDS,
    aspect_asked,
    beneficiary_asked,
    condition_hit,
    enterprise_asked,
    kind_asked,
    named_only,
    other_side_hit,
    other_side_sentence,
    printed_value,
    recipient_asked,
    rule_of,
    side_lead,
    topic_side,
)
from bot.cardform import (
    ASIDE_INTENTS,
    ASKED,
    CODE_FIELDS,
    CONFIRM_WORDS,
    CardForm,
    FormStep,
    asks_instead,
    field_named_in,
    fields_in,
    question_without_name,
    render_application,
    render_card,
    render_field,
    render_summary,
)
from bot.cases import Case, case_amounts
from bot.clauses import (
    hit_of,
    number_of,
    other_row,
    target_elsewhere,
    target_whole,
    topic_of_result,
    where_to_apply,
)
from bot.compare import compare_regions
from bot.context import (
    CONTEXT_KEY,
    CONTEXT_TTL_SECONDS,
    MAX_FOLLOW_UP_CHARS,
    Swap,
    Topic,
    admission_first,
    asking_part,
    asks_about_document,
    asks_if_eligible,
    asks_where_to_apply,
    asks_whose_place,
    continues_topic,
    ellipsis_in,
    follow_up_core,
    leans_on_context,
    level_in,
    level_spans,
    names_nothing,
    place_ask_in,
    returned_to_topic,
    rule_for,
    swap_in,
    swapped_question,
)
from bot.coverage import asks_coverage, coverage_reply
from bot.explain import asks_how_worked_out, explanation, pays, pending_lines
from bot.followup import (
    answer_follow_up,
    asks_figure_of_plan,
    asks_figure_outright,
    choice_in,
    key_words,
    level_sentence,
    lists_levels,
    pick_choice,
    plan_figure,
)
from bot.formfields import document_form, field_asked, field_instruction, form_clauses
from bot.future import counted_year, future_level
from bot.guide import guide_asked, names_nothing_else, render_guide
from bot.insurance import gap_note, insurance_gap
from bot.intents import (
    CARD_WORDS,
    QUIZ_BACK,
    QUIZ_CANCEL,
    asks_back,
    asks_to_ask,
    bare,
    cancels_quiz,
    classify,
    finish_after,
    finishes_quiz,
    is_change_request,
    leading_place,
    looks_like_question,
    phone_in,
    place_statement,
    stated_location,
    wants_phone_change,
    without_aside_lead,
    without_small_talk,
)
from bot.intents import (
    ORG_ASKS as _ORG_ASKS,
)
from bot.others import called, owned, pronoun, split_by_person, without_names, without_person
from bot.paging import MORE_HINT, paginate, paginate_items, paginate_packed, utf8_len
from bot.parsing import SKIP, AnswerError
from bot.personal_numbers import numbers_typed
from bot.personal_numbers import reply_text as numbers_reply
from bot.places import Place, covered_regions, named_place, names_home_title, places_in
from bot.profile_facts import facts_in
from bot.questionnaire import (
    QUIZ_TTL_SECONDS,
    Evaluator,
    Questionnaire,
    Step,
    date_instead,
    default_evaluator,
)
from bot.questions import FIELD_LABELS, QUESTIONS, Question, asks_why_asked, question_for_change
from bot.reply import MAX_REPLY_BYTES, Reply
from bot.results import (
    DISTINCTIONS,
    result_items,
    sure_so_far,
    unmet_text,
)
from bot.services import BotServices
from bot.several import condensed, questions_in
from bot.standing import asks_usable_now, not_in_force_reply
from bot.state import UserState
from bot.store import SessionStore
from bot.story import (
    asked_sentence_first,
    certificate_award_first,
    certificate_award_hit,
    introduction_first,
    prize_sentence_first,
)
from bot.told import asks_for_result, told_facts, worker_place_words
from bot.turn import Turn
from bot.verdict import (
    CASE_FIELDS,
    asked_conditions,
    asks_enough,
    bare_length,
    conditions_left,
    enough_lines,
    enough_parts,
    only_length,
    other_length,
    rule_verdicts,
    stated_text,
    without_enough,
)
from bot.whatif import (
    asks_beyond,
    bare_value,
    changes_text,
    place_lines,
    restates,
    supposes,
    whatif_lines,
)
from bot.whatif import completed as whatif_completed
from bot.whatif import reading as whatif_reading
from policy_kb.docinfo import INFO_CLAUSE_ID
from policy_kb.eligibility.catalogue import Rule, default_catalogue
from policy_kb.ingest import split_sentences
from policy_kb.places import resolve_places
from policy_kb.redaction import redact
from policy_kb.regions import find_region_in_text
from policy_kb.search import Hit
from policy_kb.search.intent import asks_purpose, definition_term
from policy_kb.search.recipient import pays_enterprise
from policy_kb.search.text import normalize, simplified
from policy_kb.targets import Target

if TYPE_CHECKING:
    from policy_kb.model import Document, KnowledgeBase
    from policy_kb.search import SearchIndex, SearchResult

PAGES_TTL_SECONDS = 30 * 60
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*万?元|%")
# A question asking for cash (「有补贴吗」「能拿钱不」), and a clause granting some, printed with
# or without its amount (「按规定给予补贴」)
# money the worker would receive; 钱 only when it is not money paid out (交钱, 花钱, 收钱, 要钱:
# 「考证要交钱吗」 asks about a fee, not a subsidy)
_ASKS_CASH = re.compile(
    r"补贴|补助|奖励|奖金|(?<![交花收要付掏出缴])钱(?!交|付)|补多|奖多|几万|几千|资助|津贴"
)
_GRANTS_CASH = re.compile(r"补贴|补助|奖励|奖金|资助|津贴|经费|资金")
# 「再说下」「再讲一遍」 after the words going back to the earlier subject: that answer again
_SAY_AGAIN = re.compile(
    r"^(?:你|再|重新)*(?:说|讲|看|发)(?:一下|下|一遍|遍|说|讲|看)?(?:吧|呗|哈)?$"
)
SHORT_FOLLOW_UP_CHARS = 12  # an unanswered message this short may lean on the last answer
SAVED_RESULT_TTL_SECONDS = 24 * 3600
SEARCH_TOP = 8
# A remembered place's clause answers when it scores at least this share of the best clause.
PLACE_FIRST_SHARE = 0.7
RELATED_PER_PAGE = 3
# The worker speaking of themselves, not supposing (「要是我是技师呢」 supposes).
_SPEAKS_OF_SELF = re.compile(r"我|俺|咱|本人")
_SUPPOSING = re.compile(r"要是|如果|假如|假设|万一|比如")
# 「那我呢」「我自己呢」「那我本人咋样」: back to the worker after an answer for someone else
_BACK_TO_SELF = re.compile(
    r"^(?:那|那么)?(?:我|俺)(?:自己|本人)?(?:呢|咋样|怎么样|能拿多少|能领多少)$"
)
# 「是一次性给吗」「是按月发的吗」「是给个人的么」: is it (the words), yes or no.
_IS_IT = re.compile(
    r"^(?:那|那么)?(?:是|这是|这个是|都是|也是)(.{2,8}?)(?:给|发|发放|补|补贴|奖励|拿|领|算)?"
    r"(?:的)?(?:吗|么|嘛|不|不是|没)$"
)
# The last question asked again where the worker now is: 「那边呢」「这边咋样」「当地有吗」.
# 「不对」「我说错了」「刚才搞错了」: a part of a message taking back what the worker said before
_CORRECTION = re.compile(
    r"^(?:(?:不对|不是|错了|说错了|搞错了|弄错了|讲错了|打错了|写错了)+|(?:我|俺|刚才|刚刚|前面|之前)+"
    r"(?:说|讲|打|写|搞|弄)错了?(?:了|啦)?)[了啦啊呀哈的]*$"
)
# 「我其实在…」「我本来就在…」: words softening a correction, not part of the place
_HEDGE = re.compile(r"其实|实际上|实际|本来就?|应该|原来就?")
_CORRECTS = re.compile(r"不对|不是|错了|说错|搞错|弄错|讲错|打错|写错")
_SAME_THERE = re.compile(
    r"^(?:那|那么)?(?:那边|那里|这边|这里|当地|那块|这块)?(?:的)?(?:政策)?"
    r"(?:呢|咋样|怎么样|如何|有吗|有没有|多少|给多少|是多少|又是多少)+$"
)
# What the message log keeps of a message holding a personal number typed outside a form.
_NUMBER_STEP = "personal_number"
# What the message log keeps of a message that named a person (``bot.others.without_names``).
_NAME_STEP = "person_name"
# Requests the questionnaire steps aside for (the card, the worker's own cases, notifications).
# What each question of a message asking several may be answered with, side by side.
_ANSWERS_SEVERAL = frozenset({"answer", "not_answered", "document", "place_uncovered"})
_NUMBERS = "①②③"
_MAY_BE_SEVERAL = frozenset({"question", "my_applications"})
# where an answer in the questionnaire ends and what it asks begins (「8个月，够不够？」)
_PART_BREAK = re.compile(r"[，,。；;！!\s]+")
# what 「能查哪些地方」「都有哪些文件」 may first read as (a question, the menu, a help ask)
_MAY_ASK_COVERAGE = frozenset({"question", "topics", "help", "list_benefits", "vague"})
# 申兑指南 facts no document prints: asked with no topic, answered from the district's guide.
#: The longest bare value a reply repeats back to the worker (「七八个月」「去年冬月」).
_ECHO_AT_MOST = 8
_GUIDE_ONLY = frozenset({"phone", "processing"})
_LEAVES_QUIZ = frozenset(
    {"card_apply", "my_card", "my_applications", "phone_change", "opt_out", "opt_in"}
)
# What a question typed inside the questionnaire or the card form is served as (else searched).
_QUIZ_ASIDE_INTENTS = frozenset({"question", "help", "topics", "vague"})
_CARD_ASIDE_INTENTS = _QUIZ_ASIDE_INTENTS | ASIDE_INTENTS
# 「这个卡」「这张卡」 typed in the card form: the 技工蓝卡.
_THIS_CARD = re.compile(r"(?:这个|这张|这|该|此|那个|那张)卡(?!号)|^卡(?=[^号])")
_QUESTION_WORD = re.compile(r"怎么|如何|咋|啥|什么|哪|多少|能不能|可不可以|有没有|几")
# 「…能领不」「…可以吗」「…够不够」: a message ending by asking whether it is enough.
_ASKS_IF_AT_END = re.compile(
    r"(?:能|可以|能不能|可不可以|符合|符不符合|够|够不够|有没有资格|行)(?:领|拿|申请|享受|申领)?(?:到)?"
    r"(?:吗|不|没|么|呢|不行|不够)?$"
)
# Several benefits at once: 「两个都能拿吗」「能同时享受吗」「可以叠加不」.
_ASKS_COMBINED = re.compile(r"两个|两份|两项|几个|都能|都可以|同时|一起|叠加|重复|兼得|一块")
# A field a worker mentions without its number, in a questionnaire message (「合同也签了」).
_MENTIONED_FIELDS = {
    "contract_years": re.compile(r"合同"),
    "insurance_months": re.compile(r"社保|社会保险|五险|保险"),
}
# An honour or title (全国技术能手, 江淮杰出工匠, 中华技能大奖, 劳动模范): a subject with no skill level.
# Being brought in from elsewhere: the occasion of an introduction clause (引进, 从区外招).
_INTRODUCED = re.compile(r"引进|招引|引来|招来|从外地|从区外|区外|外地")
# The words around a title said after 「那引进…」 that no clause prints with the title itself.
_INTRODUCTION_NOISE = re.compile(
    r"引进来|招进来|引进|招引|引来|招来|从外地|从区外|区外|外地|要是|如果|假如|万一|的是个|的是|的话|的"
    r"|是个|一个|个|获得者|得主|人才"
)
_TITLE = re.compile(r"能手|工匠|大奖|称号|劳模|劳动模范|技能大师|荣誉|奖章")
# A question naming a form to fill in (调查表, 登记表, 申请表, 表格).
_NAMES_FORM = re.compile(r"[查记请报计总息况求填]的?表|表格|表单|[张份个]表")
_SPEAKS_AS_ORGANISATION = re.compile(
    r"(?:我们|我司|本公司|本单位|我单位|我厂|我校)(?:这边)?(?:是|这家|这个)?[^，。,；;]{0,12}"
    r"(?:企业|公司|厂|单位|学校|学院|机构|中介)|(?:我|本人)是[^，。,；;]{0,6}(?:老板|负责人|人事|HR|hr|厂长)"
    # 「我司在洪泽」「本单位位于叶集」: where the organisation is
    r"|(?:我司|本公司|本单位|我单位|我厂|我校)(?=在|位于|地处|注册在)"
)


class Bot:
    """Channel-agnostic dialogue over the policy knowledge base.

    kb: the ``KnowledgeBase``; index: a ``SearchIndex`` built on it (both built once per
    process by the caller); store: per-user state, JSON dicts with expiry (one record per
    worker, ``bot.state``); services: optional hooks into the service core (stored profiles,
    blue cards) — None in the terminal chat without a database; today: the date used for 当年
    and for "period has passed" warnings; clock: wall-clock seconds for the state's expiry.

    Each message reads the worker's state once and writes it at most once (``bot.state``);
    its parts: kept facts (place, open menu), the last answer's topic and pages (30 minutes),
    the questionnaire and the last result, and a note of an open card form (whose personal
    values keep their own key and expiry).
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        index: SearchIndex,
        store: SessionStore,
        *,
        services: BotServices | None = None,
        today: Callable[[], date] = date.today,
        evaluate: Evaluator = default_evaluator,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.kb = kb
        self.index = index
        self.store = store
        self.services = services
        self.today = today
        self.evaluate = evaluate
        self.clock = clock
        # Each document's clause ids, read the first time ``_holds`` asks (with the document
        # read: one replaced in ``kb`` under the same id is read afresh).
        self._clause_ids: dict[str, tuple[Document, frozenset[str]]] = {}
        self._intents: dict[str, Callable[[Turn, str], Reply]] = {
            "more": self._more,
            "original": self._original,
            "greeting": lambda t, _x: Reply(texts.WELCOME, "greeting"),
            "help": lambda t, _x: Reply(texts.HELP.format(regions=self.region_names), "help"),
            "topics": lambda t, _x: self._topic_menu(t, texts.TOPIC_MENU_HEAD, "topics"),
            "thanks": lambda t, x: Reply(
                texts.THANKED if re.search(r"谢|感谢|辛苦", x) else texts.NODDED, "thanks"
            ),
            "set_region": self._set_place,
            "unknown_region": self._set_place,
            "vague": self._clarify,
            "list_benefits": self._list_benefits,
            "quiz": self._quiz_start,
            "save_profile": self._save_profile,
            "delete_profile": self._delete_profile,
            "compare": self._compare,
            "card_apply": lambda t, _x: self._card_start(t),
            "my_card": lambda t, _x: self._my_card(t),
            "phone_change": self._phone_change,
            "my_applications": lambda t, _x: self._my_applications(t),
            "opt_out": lambda t, _x: self._opt(t, out=True),
            "opt_in": lambda t, _x: self._opt(t, out=False),
            "question": self._question,
        }
        self._events: dict[str, Callable[[Turn, str | None], Reply]] = {
            "subscribe": self._subscribe,
            "unsubscribe": lambda t, _k: Reply("", "unsubscribe"),
            "click": self._click,
            "scan": self._scan,
        }
        self._clicks: dict[str, Callable[[Turn], Reply]] = {
            "MENU_TOPICS": lambda t: self._intents["topics"](t, ""),
            "MENU_HELP": lambda t: self._intents["help"](t, ""),
            "MENU_QUIZ": lambda t: self._intents["quiz"](t, ""),
            "MENU_CARD": lambda t: self._my_card(t),
            "MENU_APPLY": lambda t: self._card_start(t),
            "MENU_REGION": lambda t: Reply(
                f"请回复「我在+区名」设置你所在的地区，现有：{self.region_names}。", "region_prompt"
            ),
        }
        self._follow_ups: tuple[Callable[[Turn, str, Topic], Reply | None], ...] = (
            # 「现在能办吗」 of a draft's clause: not in force, said first
            self._standing_follow_up,
            self._whose_place_follow_up,
            # 「假如做够三年呢」「换成国企呢」: the last answer again under one fact otherwise
            self._whatif_follow_up,
            # 「我在洪泽能办吗」 of a rule 洪泽 does not hold: said so, no questionnaire for it
            lambda t, x, p: self._place_ask_follow_up(t, x, p, missing_only=True),
            self._eligibility_follow_up,
            self._place_ask_follow_up,
            self._row_follow_up,
            # 「那明年考下技师呢」「等我拿到技师证呢」: a later grade, from the same clause
            self._future_level_follow_up,
            self._swap_follow_up,
            self._form_field_follow_up,
            # 「技能人才总数要到多少」 after a plan's target year: the same plan's figure
            self._plan_figure_follow_up,
            # 「合同得签几年」「分几年给」「给谁」「个人呢」: one handler per kind of question
            # (``_by_kind``)
            self._asked_follow_up,
            self._document_follow_up,
            self._choice_follow_up,
            self._yes_no_follow_up,
            self._guide_follow_up,
            self._clause_follow_up,
            self._continued_follow_up,
            self._ellipsis_follow_up,
        )

        # What a short follow-up asks of the clause just answered (``aspects.kind_asked``) →
        # the one handler answering that kind of question.
        self._by_kind: dict[str, Callable[[Turn, str, Topic], Reply | None]] = {
            **{aspect.label: self._condition_follow_up for aspect in ASPECTS},
            RECIPIENT: self._recipient_follow_up,
            OTHER_SIDE: self._beneficiary_follow_up,
        }

    @cached_property
    def covered(self) -> tuple[str, ...]:
        """The regions this bot's knowledge base holds documents for (``covered_regions``)."""
        return covered_regions(self.kb)

    @cached_property
    def _clause_texts(self) -> tuple[str, ...]:
        """Every clause's text, for how many print a word (``key_words``)."""
        return tuple(c.text for d in self.kb.documents.values() for c in d.clauses)

    def _named_place(self, text: str) -> Place | None:
        """The place ``text`` names, covered only where this bot holds a document for it."""
        return named_place(text, self.covered)

    @property
    def region_names(self) -> str:
        """The places this bot holds documents for, as it says them (「已收录」): from its
        knowledge base, so a district published at run time is listed by the bot built on it."""
        return "、".join(self.covered)

    # -- state outside a message ---------------------------------------------------------
    def _open(self, uid: str) -> Turn:
        state = UserState.load(self.store, uid, self.clock())
        return Turn(
            uid,
            state,
            Questionnaire(state, self.evaluate, self.today),
            CardForm(state, self.today),
            self._holds,
        )

    def _holds(self, doc_id: str, clause_id: str) -> bool:
        """True while the knowledge base holds the clause (or the document, for 文件信息)."""
        doc = self.kb.documents.get(doc_id)
        if doc is None:
            return False
        if clause_id == INFO_CLAUSE_ID:
            return True
        known = self._clause_ids.get(doc_id)
        if known is None or known[0] is not doc:
            known = (doc, frozenset(c.clause_id for c in doc.clauses))
            self._clause_ids[doc_id] = known
        return clause_id in known[1]

    def region_of(self, uid: str) -> str | None:
        """The covered region the user chose (「我在叶集」), or None."""
        place = self._open(uid).place
        return place.region if place else None

    def set_region(self, uid: str, region: str) -> None:
        """Remember ``region`` (canonical name) for the user."""
        turn = self._open(uid)
        turn.set_user(region=region, place=Place(region, region).to_json())
        turn.state.save(self.store)

    def quiz_active(self, uid: str) -> bool:
        """True while a questionnaire is running for the user."""
        return self._open(uid).quiz.active(uid)

    def card_form_active(self, uid: str) -> bool:
        """True while a blue-card application form is being filled in by the user."""
        return self._open(uid).card.active(uid)

    # -- entry points ---------------------------------------------------------------------
    def on_text(self, user_id: str, text: str) -> Reply:
        """Answer one text message from ``user_id`` (an openid, or any stable user key).

        The worker's state is read once before and written once after. Never raises for odd
        input: empty or unintelligible text gets help, not an error.
        """
        if not text or not text.strip():
            return Reply(texts.HELP.format(regions=self.region_names), "help")
        turn = self._open(user_id)
        try:
            # 「洪澤引進技師補貼多少」: traditional characters read as the documents print them
            return self._on_text(turn, simplified(text))
        finally:
            turn.state.save(self.store)

    def on_event(self, user_id: str, event: str, key: str | None = None) -> Reply:
        """React to an event: ``subscribe`` (key: scene or None), ``unsubscribe``, ``click``
        (key: menu EventKey), ``scan`` (key: scene). Unknown events get an empty Reply."""
        handler = self._events.get(event)
        if handler is None:
            return Reply("", "ignored")
        turn = self._open(user_id)
        try:
            return handler(turn, key)
        finally:
            turn.state.save(self.store)

    def _on_text(self, turn: Turn, text: str) -> Reply:
        # The field a form was waiting for: what a message log keeps instead of the answer.
        asked = turn.card.waiting_for(turn.uid) or turn.quiz.waiting_for(turn.uid)
        reply = self._reply_to(turn, text)
        return replace(reply, step=asked) if asked else reply

    def _reply_to(self, turn: Turn, text: str) -> Reply:
        uid = turn.uid
        if turn.card.active(uid):
            return self._card_turn(turn, text)
        typed = self._number_outside_form(turn, text)
        if typed is not None:
            return typed
        # 「我徒弟张三丰考了高级工」: a person's name is nobody's policy topic. It is taken out
        # before anything reads the message (never searched, never kept with the question), and
        # the message log keeps the marker of the reply's step instead of the text.
        text, named = without_names(text)
        reply = self._after_form_checks(turn, text)
        return replace(reply, step=reply.step or _NAME_STEP) if named else reply

    def _after_form_checks(self, turn: Turn, text: str) -> Reply:
        if turn.card.expired(turn.uid):
            if classify(text) == "question" and not looks_like_question(text):
                return Reply(texts.CARD_EXPIRED, "card_expired")
            reply = self._route(turn, text)
            return _prefixed(texts.CARD_EXPIRED, reply)
        return self._route(turn, text)

    def _number_outside_form(self, turn: Turn, text: str) -> Reply | None:
        """「我的身份证号是3415…」 with no form open: a 身份证号, phone or 社保卡号 is taken only
        in the card form. Each one failing its check is said so (身份证号校验不通过), with how to
        apply; the number is never searched nor kept in the dialogue's state, and the reply's
        step makes the message log keep a marker, never the text. A question typed with it
        (「身份证号3415…，能办蓝卡吗」) is answered without the number."""
        if wants_phone_change(text):
            return None  # 「手机号改为139…」: the card's number, changed (``_phone_change``)
        typed = numbers_typed(text, self.today())
        if typed is None:
            return None
        head = numbers_reply(typed)
        if turn.card.expired(turn.uid):
            head = texts.CARD_EXPIRED + "\n" + head
        rest = typed.rest
        if turn.quiz.active(turn.uid):
            # in the questionnaire: the rest read as any message there (an answer, a question
            # answered aside), else its question asked again
            if bare(rest):
                return replace(_prefixed(head, self._route(turn, rest)), step=_NUMBER_STEP)
            step = turn.quiz.current(turn.uid)
            return replace(_prefixed(head, self._quiz_step(turn, step)), step=_NUMBER_STEP)
        if _asks_or_tells(rest):
            # the question is answered whatever the number's check said: the notice first, then
            # the answer, shortened (the notice to its verdict, then the related list) to fit
            answered = self._route(turn, rest)
            for lead in (head, numbers_reply(typed, short=True)):
                for body in (answered.text, _without_related(answered.text)):
                    both = _prefixed(lead, replace(answered, text=body))
                    if utf8_len(both.text) <= MAX_REPLY_BYTES:
                        return replace(both, step=_NUMBER_STEP)
            head += "\n" + texts.ASK_WITHOUT_NUMBER
        return Reply(head, "personal_number", step=_NUMBER_STEP)

    def _route(self, turn: Turn, text: str) -> Reply:
        """``on_text`` once no card form is running."""
        uid = turn.uid
        if turn.quiz.active(uid):
            return self._quiz_turn(turn, text)
        if turn.quiz.expired(uid):
            intent = classify(text)
            if intent == "question" and not looks_like_question(text):
                return Reply(texts.QUIZ_EXPIRED, "quiz_expired")
            return _prefixed(texts.QUIZ_EXPIRED, self._dispatch(turn, text, intent))
        # 「吃了没，…」: small talk before the question changes nothing of how it is read
        text = without_small_talk(text)
        back = self._back_to_topic(turn, text)
        if isinstance(back, Reply):
            return back
        text = back
        # 「是技师 打错了」: read as the admission-first correction it is
        text = admission_first(text)
        gap = insurance_gap(text)
        if gap is not None:
            # 「社保断了3个月，之前交了5年」: the total paid is the worker's months of insurance,
            # judged against the clause's condition; the gap said as the documents leave it
            reply = self._route_read(turn, gap.text)
            if reply.intent != "answer":
                return reply
            return replace(reply, text=_after_first(reply.text, gap_note(gap)))
        return self._route_read(turn, text)

    def _back_to_topic(self, turn: Turn, text: str) -> Reply | str:
        """「回到刚才那个，…」「接着刚才的说」 after an aside: the subject before the aside is the
        topic again (whether the aside was answered with a clause of its own or, left
        unanswered, ended the topic), and
        the message is read without the words going back. Those words alone: the last answer
        again. Any other message: itself."""
        returned, rest = returned_to_topic(text)
        if not returned:
            return text
        topic = turn.topic
        earlier = turn.earlier_topic()
        if earlier is not None and (
            topic is None or (earlier.doc_id, earlier.clause_id) != (topic.doc_id, topic.clause_id)
        ):
            # going back passes over the aside, answered (「蓝卡是什么」) or not
            turn.set_topic(earlier)
            topic = earlier
        if topic is not None and (not bare(rest) or _SAY_AGAIN.match(bare(rest))):
            return self._answer(turn, topic.question, level=topic.level, region=topic.region)
        return rest if bare(rest) else text

    def _route_read(self, turn: Turn, text: str) -> Reply:
        """``_route`` once the message is read as typed (an admission put first, a 社保 gap told
        as the total paid)."""
        picked = self._menu_pick(turn, text)
        if picked is not None:
            return picked
        supposed = self._after_result(turn, text)
        if supposed is not None:
            return supposed
        again = self._result_again(turn, text)
        if again is not None:
            return again
        told = self._told_result(turn, text)
        if told is not None:
            return told
        self._remember_facts(turn, text)
        intent = classify(text)
        if intent == "question" and turn.topic is None and asks_for_result(text):
            # 「看结果」「就这些」 with nothing told or asked before: the questionnaire
            intent = "quiz"
        return self._dispatch(turn, text, intent)

    def _result_again(self, turn: Turn, text: str) -> Reply | None:
        """「就这些」「别的不清楚」 once the questionnaire ended by itself (the worker's message
        answered everything it could ask): the result just shown, again — what they get, how
        much, under which clause, and the facts still unknown that could add more. Only while
        that result is the last thing discussed (no answer since); a nod (「好了」) is not."""
        last = turn.state.get(f"bot:last-quiz:{turn.uid}")
        if not last or not finishes_quiz(text) or classify(text) == "thanks":
            return None
        if last.get("topic") != turn.state.get(CONTEXT_KEY):
            return None
        return self._pages(turn, paginate_packed(result_items(last["result"])), "quiz_result")

    def _remember_facts(self, turn: Turn, text: str) -> None:
        """Keep what the worker says of themselves (「我是外地引进的技师，合同签了2年」) for
        the session, so a questionnaire or card form started later does not ask it again. Only
        a message speaking of the worker counts: 「引进技师补多少」 asks of anyone; so does a
        list of facts asking nothing (「洪泽，技师，合同签了1年」, ``bot.told``), which is also
        noted as just told (``bot:told:<user>``, until the next message: 「就这些」 then gives
        its result) and whose place (the part naming only a place) becomes the worker's."""
        key = f"bot:told:{turn.uid}"
        # facts told of someone else (「我媳妇是技师」) or a condition asked about (「是不是要干满
        # 3年」) are not the worker's own
        text = _own_words(text)
        told = {} if _SPEAKS_AS_ORGANISATION.search(text) else told_facts(text, self.today())
        if told:
            before = (turn.state.get(key) or {}).get("facts") or {}
            turn.state.set(key, {"facts": before | told}, CONTEXT_TTL_SECONDS)
            words = worker_place_words(text)
            place = self._named_place(words) if words else None
            if place is not None:
                turn.set_user(region=place.region, place=place.to_json())
                if place.region is not None and self.services is not None:
                    self.services.remember_region(turn.uid, place.region)
        else:
            turn.state.delete(key)
        if not told and (not _SPEAKS_OF_SELF.search(text) or _SUPPOSING.search(text)):
            return
        said = told or facts_in(text, self.today())
        facts = {k: v for k, v in said.items() if k != "region"}
        if facts:
            kept = dict(turn.state.get(f"bot:facts:{turn.uid}") or {})
            turn.state.set(f"bot:facts:{turn.uid}", kept | facts, CONTEXT_TTL_SECONDS)

    def _told_result(self, turn: Turn, text: str) -> Reply | None:
        """「好了，出结果吧」「就这些」「我能拿多少」 right after a message listing the worker's facts
        (``_remember_facts``): the eligibility result of those facts (with any the same message
        adds, 「社保交了7个月，就这些」), as the words do at the end of the questionnaire — only
        the fields that could still change it named as to confirm; without a place, the place
        is asked. None for any other message."""
        key = f"bot:told:{turn.uid}"
        told = turn.state.get(key)
        before_end = finish_after(text)
        # 「叶集，技师，民营企业，就这些」: told and done in one message
        now_told = told_facts(before_end, self.today()) if before_end else {}
        if _SPEAKS_AS_ORGANISATION.search(text):
            now_told = {}
        if not now_told and (not told or not asks_for_result(text)):
            return None
        turn.state.delete(key)
        if now_told:
            self._remember_facts(turn, before_end or "")
            turn.state.delete(key)
        seed: dict[str, Any] = {}
        place = turn.place
        if place is not None and place.region:
            seed["region"] = place.region
        seed.update(self._said_facts(turn))
        seed.update((told or {}).get("facts") or {})
        seed.update(facts_in(before_end or "", self.today()))
        turn.state.delete(f"bot:quiz-sure:{turn.uid}")
        step = turn.quiz.start(turn.uid, seed)
        if step.kind == "question":
            step = turn.quiz.finish(turn.uid)
            if step.kind == "question":
                step = replace(step, hint=texts.QUIZ_FINISH_NEEDS_REGION)
        return self._quiz_step(turn, step)

    def _said_facts(self, turn: Turn) -> dict[str, Any]:
        """The profile facts the worker stated of themselves this session (``_remember_facts``)."""
        return dict(turn.state.get(f"bot:facts:{turn.uid}") or {})

    def _dispatch(self, turn: Turn, text: str, intent: str, *, split: bool = True) -> Reply:
        if intent in _MAY_ASK_COVERAGE and asks_coverage(text):
            # 「能查哪些地方」「都有哪些文件」: the bot's own coverage, from its knowledge base,
            # never a follow-up on the last clause
            return Reply(coverage_reply(self.kb, self.today()), "coverage")
        if intent in ("question", "quiz"):
            # 「要是我媳妇是技师呢」「我徒弟考了高级工，他能拿多少」: answered for that person
            for_other = self._other_person(turn, text)
            if for_other is not None:
                return for_other
        if intent == "quiz" and turn.topic is not None and asks_enough(text):
            # 「我社保交了4个月，合同签了2年，够不够」 after an answer: that clause's conditions
            # against the facts, not the whole questionnaire
            judged = self._whatif_follow_up(turn, text, turn.topic)
            if judged is not None:
                return judged
        if intent in ("question", "quiz", "set_region"):
            # 「那换成泗洪呢，国企，去年拿的证」「搞错了，其实我在台儿庄，企业是区里的」: read before
            # the facts make it the worker's own situation
            elsewhere = self._place_and_facts_follow_up(turn, text, intent)
            if elsewhere is not None:
                return elsewhere
        if intent == "question" and self._tells_own_situation(text):
            # 「…今年考上了技师，听说有奖金，是真的不」: the certificate's award answers, not the
            # questionnaire's summary
            award = self._award_for_story(turn, text)
            if award is not None:
                return award
            intent = "quiz"
        if intent == "question" and self._states_place(text):
            intent = "set_region"
        pending = turn.state.get(f"bot:unanswered:{turn.uid}")
        if (
            intent == "question"
            and turn.topic is None
            and not pending
            and self._named_place_de(text)
        ):
            # 「淮安洪泽的」 with nothing asked before: where the worker is from (after a
            # question waiting for its place, 「洪泽的」 answers it there)
            intent = "set_region"
        if intent == "compare" and turn.topic is not None and asks_whose_place(text):
            # 「这条是哪个区的规定」 after an answer: whose rule it is, not a comparison
            intent = "question"
        if intent in _MAY_BE_SEVERAL and split:
            several = questions_in(text)
            # 「…有补贴吗，怎么申请，多久到账」 reads as the worker's own applications whole,
            # but each part is a question about a subsidy
            if several and (
                intent == "question" or all(classify(q) == "question" for q in several)
            ):
                return self._several(turn, several)
        if (
            intent == "quiz"
            and turn.topic is not None
            and beneficiary_asked(text) == "person"
            and topic_side(turn.topic) == "organisation"
        ):
            # 「那我本人能拿多少」 after a clause paying the employer: the worker's own clause
            # (after one paying the worker it asks what they get: the questionnaire)
            switched = self._beneficiary_follow_up(turn, text, turn.topic)
            if switched is not None:
                return switched
        if intent == "question":
            topic = turn.topic or self._earlier_for_swap(turn, text)
            moved = self._moved_there(turn, text) if topic is not None else None
            if moved is not None:
                # 「我后来调到叶集了，那边呢」: remembered there, and the last question asked again
                text = moved
            if topic is not None:
                for follow_up in self._follow_ups:
                    reply = follow_up(turn, text, topic)
                    if reply is not None:
                        return reply
            kind = guide_asked(text)
            if kind in _GUIDE_ONLY or (kind is not None and names_nothing_else(text)):
                # 「你们电话多少」 with nothing asked before: no document prints a phone or a
                # time limit, the district's 申兑指南 may
                return self._guide_of_place(turn, text, kind)
            swap = swap_in(text)
            unanswered = (turn.state.get(f"bot:unanswered:{turn.uid}") or {}).get("question")
            if topic is None and swap is not None and swap.place and unanswered:
                # 「南京引进技师补多少」 (no document) then 「那洪泽的呢」: the same question there
                asked = swapped_question(Topic(str(unanswered), "", ""), swap)
                return self._answer(turn, asked)
            there = self._named_place(swap.place) if swap is not None and swap.place else None
            if topic is None and swap is not None and not swap.level and there and there.covered:
                # 「那台儿庄呢」 with nothing asked before: what that place offers
                return self._list_benefits(turn, there.name)
        return self._intents[intent](turn, text)

    def _earlier_for_swap(self, turn: Turn, text: str) -> Topic | None:
        """「那技师呢」「企业呢」 right after an aside of the worker's own that went unanswered
        (which ended the topic): a level or a side swapped asks nothing of the aside, so the
        answer before it is the topic again; None for any other message."""
        earlier = turn.earlier_topic()
        if earlier is None:
            return None
        swap = swap_in(text)
        if (swap is not None and swap.level and not swap.place) or beneficiary_asked(text):
            turn.set_topic(earlier)
            return earlier
        return None

    def _guide_of_place(self, turn: Turn, text: str, kind: str) -> Reply:
        """A phone or time-limit question about no benefit: the district's own 申兑指南 (the
        place named, else the remembered one), or which district, asked back."""
        place = self._named_place(text) or turn.place
        if place is None or place.region is None:
            return Reply(texts.GUIDE_WHICH_PLACE.format(regions=self.region_names), "not_answered")
        region = place.region
        guide = self.services.benefit_guide(region, None) if self.services is not None else None
        window = texts.SERVICE_WINDOWS.get(region, "")
        return Reply(render_guide(kind, guide, region, window), "answer")

    def _several(self, turn: Turn, asked: list[str]) -> Reply:
        """「学徒制补贴多少，要交啥材料」: each question answered in turn (a later one may lean
        on the one before), their leads and sentences on the first page, numbered, the full
        answers on 「更多」. A questionnaire or form one of them starts ends the round there."""
        heads: list[str] = []
        items: list[str] = []
        refs: list[str] = []
        intents: list[str] = []
        shown: set[str] = set()
        key = f"bot:pages:{turn.uid}"
        for i, question in enumerate(asked):
            reply = self._dispatch(turn, question, classify(question), split=False)
            if reply.intent not in _ANSWERS_SEVERAL:
                # a questionnaire, a form or a refusal: it speaks for itself from here
                head = "\n\n".join(heads)
                return replace(reply, text=(head + "\n\n" + reply.text) if head else reply.text)
            saved = turn.state.get(key) if reply.has_more else None
            more = list(saved["pages"]) if saved else []
            lines = condensed(reply.text).split("\n")
            # the same sentence, citation or warning as the answer above: said once
            kept = [line for line in lines if line.startswith("👉") or line not in shown]
            if kept and kept[-1].endswith("：") and len(kept) < len(lines):
                kept[-1] = kept[-1][:-1] + "。"  # what the colon led to is said above
            if any(line in shown and not line.startswith(("👉", "⚠️")) for line in lines):
                kept.append(texts.SEVERAL_SAME_SOURCE)
            shown.update(lines)
            short = "\n".join(kept)
            number = _NUMBERS[i]
            heads.append(f"{number} {question}\n{short}")
            full = reply.text.split("\n（回复「更多」")[0]
            if full != short or more:
                items.append(f"{number} {question}（全文）\n{full}")
                items.extend(page.split("\n（回复「更多」")[0] for page in more)
            refs.extend(reply.clause_refs)
            intents.append(reply.intent)
        intent = "answer" if "answer" in intents else intents[0]
        pages = paginate_items("\n\n".join(heads), items, first_hint=texts.SEVERAL_MORE_HINT)
        return self._pages(turn, pages, intent, tuple(dict.fromkeys(refs)))

    def _other_person(self, turn: Turn, text: str) -> Reply | None:
        """A message telling or supposing facts of someone else (``bot.others``: 「要是我老婆是
        技师呢」「我徒弟考了高级工，他能拿多少」「那她呢」 after one): answered for that person —
        the last clause again for their level and facts, with what they would still need, or
        their question searched without the person words — and said to be theirs. The worker's
        own level, remembered facts and later answers are untouched; 「那我呢」 next answers the
        last clause for the worker again. None for a message about no one else."""
        key = f"bot:other:{turn.uid}"
        before = turn.state.get(key)
        split = split_by_person(text, pronoun_is_other=bool(before))
        topic = turn.topic
        if split is None:
            turn.state.delete(key)
            if before and topic is not None and _BACK_TO_SELF.match(bare(text)):
                return self._for_self(turn, topic, before.get("own_level"))
            return None
        today = self.today()
        who = split.who
        if who in ("他", "她") and before:
            who = str(before.get("who") or who)
        facts = {
            k: v for k, v in facts_in(stated_text(split.other), today).items() if k != "region"
        }
        if before and who == before.get("who"):
            # 「那她呢」「她要是干了5年呢」: the same person, what was said of them before kept
            facts = dict(before.get("facts") or {}) | facts
        if not facts and not before and not owned(text):
            return None  # 「带徒师傅是怎么选的」: a person word asking a rule, no one's case
        rest = without_person(split.other)
        if before:
            own_level = before.get("own_level")
        else:
            mine = self._said_facts(turn).get("skill_level")
            own_level = mine if isinstance(mine, str) else (topic.level if topic else None)
        turn.state.set(
            key, {"who": who, "own_level": own_level, "facts": facts}, CONTEXT_TTL_SECONDS
        )
        lead = texts.OTHER_PERSON.format(
            who=called(who), facts=f"（{changes_text(facts)}）" if facts else ""
        )
        last = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}") if topic else None
        # the place the message names (theirs first: 「我媳妇要是在叶集考了技师呢」; else the
        # worker's own part: 「我在洪泽，我徒弟考了高级工…」) answers, not the last answer's
        place = self._named_place(split.other) or self._named_place(split.own)
        there = place if place is not None and place.covered and place.region else None
        if there is not None and there.name not in rest:
            rest = there.name + "，" + rest
        if (
            topic is not None
            and there is not None
            and last is not None
            and not self._in_region(last, str(there.region))
        ):
            # the last question asked there, at their level: the clause there granting alike
            # for the same occasion first, else search there; never the last place's clause
            level = facts.get("skill_level")
            question = swapped_question(
                topic, Swap(level if isinstance(level, str) else None, there.name)
            )
            question += "，" + without_person(stated_text(split.other))
            reply = self._alike_there(turn, topic, question, str(there.region))
            if reply is None:
                reply = self._answer(turn, question)
            return self._said_for_other(turn, topic, reply, own_level, lead)
        if topic is not None and last is not None and not asks_beyond(rest, today):
            level = facts.get("skill_level")
            question = topic.question
            if isinstance(level, str):
                question = _level_swapped(question, topic.level, level)
            else:
                # their level untold: the clause's amounts for every level, not the asked one
                asked_level = topic.level or level_in(question)
                question = question.replace(asked_level, "", 1) if asked_level else question
            hit = replace(last, sentence=topic.sentence or last.sentence)
            answer = compose(
                question, [hit], self.kb, today, level=level if isinstance(level, str) else None
            )
            case = {k: v for k, v in facts.items() if k in CASE_FIELDS}
            lines = [v.line() for v in rule_verdicts(topic.rule, case)]
            left = conditions_left(topic.rule, facts)
            if left:
                lines.append(
                    texts.OTHER_STILL_NEEDS.format(who=pronoun(who), needs="；".join(left))
                )
            first = _after_amount(answer.first, answer.amount, lines)
            # whose case it is, right after the answering line (the amount, else the verdict
            # or the clause's sentence)
            first = _after_first(first, lead)
            pages = paginate_items(first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
            return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))
        if not facts and not rest.strip("呢吗？?，, "):
            return None  # 「我媳妇呢」 with nothing answered before: nothing to answer for her
        return self._said_for_other(turn, topic, self._answer(turn, rest), own_level, lead)

    @staticmethod
    def _said_for_other(
        turn: Turn, topic: Topic | None, reply: Reply, own_level: str | None, lead: str
    ) -> Reply:
        """``reply``, answered for someone else, with whose case it is after its answering
        line; the topic it set goes on at the worker's own level (the level searched was
        theirs)."""
        now = turn.topic
        if now is not None and now is not topic:
            turn.set_topic(replace(now, level=own_level))
        if reply.intent != "answer":
            return reply
        return replace(reply, text=_after_first(reply.text, lead))

    def _for_self(self, turn: Turn, topic: Topic, own_level: str | None) -> Reply | None:
        """「那我呢」 after an answer for someone else: the last clause for the worker, at their
        own level (or the whole sentence when they gave none)."""
        last = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}")
        if last is None:
            return None
        hit = replace(last, sentence=topic.sentence or last.sentence)
        question = topic.question
        if own_level:
            question = _level_swapped(question, topic.level, own_level)
        answer = compose(question, [hit], self.kb, self.today(), level=own_level)
        mine = self._said_facts(turn)
        case = {k: v for k, v in mine.items() if k in CASE_FIELDS}
        lines = [texts.BACK_TO_SELF] + [v.line() for v in rule_verdicts(topic.rule, case)]
        first = _after_amount(answer.first, answer.amount, lines)
        pages = paginate_items(first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _place_and_facts_follow_up(self, turn: Turn, text: str, intent: str) -> Reply | None:
        """「那换成泗洪呢，国企，证去年拿的」, or a correction 「搞错了，其实我在台儿庄，企业是区里的」:
        the last question (answered or not) asked again for that place, with the facts said after
        it, so the same kind of benefit there answers, its amount for those facts first. The place
        comes first, as a swap (「那…呢」) or, after words taking back what was said, as where the
        worker is (then remembered); every later part states a fact and asks nothing of its own.
        Anything else is not this (None)."""
        topic = turn.topic
        unanswered = (turn.state.get(f"bot:unanswered:{turn.uid}") or {}).get("question")
        if topic is None and not unanswered:
            return None
        parts = [bare(p) for p in re.split(r"[，,。；;！!？?\s]+", text) if bare(p)]
        corrects = False
        while parts and _CORRECTION.match(parts[0]):
            corrects = True
            parts = parts[1:]
        if len(parts) < 2:
            return None
        head, rest = parts[0], "，".join(parts[1:])
        if _CORRECTS.search(head):
            corrects = True
            head = _CORRECTS.sub("", head)
        name: str | None = None
        place: Place | None = None
        swap = swap_in(head)
        if swap is not None and swap.place and not (swap.level or swap.rank or swap.whole):
            name = swap.place
            place = self._named_place(name)
        elif corrects:
            said = stated_location(_HEDGE.sub("", head))
            place = self._named_place(said) if said else None
            name = place.name if place is not None else None
        if name is None or place is None or not place.covered:
            return None
        if intent != "question" and not corrects and swap is None:
            return None
        today = self.today()
        said_facts = {k: v for k, v in facts_in(rest, today).items() if k != "region"}
        if not said_facts or any(
            _QUESTION_WORD.search(p) or looks_like_question(p) for p in parts[1:]
        ):
            return None  # 「…，住房补贴怎么申请」: a question of its own, answered as one
        told = ""
        for part in parts[1:]:
            # each part tells a fact, alone or with those before it (「做了六年，社保一直在交」)
            if facts_in(told + part, today) == facts_in(told, today):
                return None  # 「…，住房补贴」: a subject of its own
            told += part + "，"
        if corrects:
            turn.set_user(region=place.region, place=place.to_json())
            if place.region is not None and self.services is not None:
                self.services.remember_region(turn.uid, place.region)
        last = topic if topic is not None else Topic(str(unanswered), "", "")
        question = swapped_question(last, Swap(None, name)) + "，" + rest
        if topic is not None and place.region is not None:
            alike = self._alike_there(turn, topic, question, place.region)
            if alike is not None:
                return alike
        return self._answer(turn, question)

    def _alike_there(self, turn: Turn, topic: Topic, question: str, region: str) -> Reply | None:
        """The last question asked in ``region``: the clause there granting alike for the same
        occasion as the last answer's rule leads (its 当年取证奖励 after another place's
        取证奖励), though the facts the question tells fit another of its clauses. None when
        the last answer granted no rule, or nothing there grants alike."""
        if topic.rule is None:
            return None
        result = self.index.search(question, top=SEARCH_TOP, region=region)
        hits = list(result.hits) if result.answered and not result.about_document else []
        theirs = [h for h in hits if self._in_region(h, region)]
        alike = next(
            (
                h
                for h in theirs
                if self._grants_alike(topic, question, h)
                and _same_occasion(topic.rule, self._rule_of_hit(question, h))
            ),
            None,
        )
        if alike is None:
            return None
        # its related clauses are the place's own: another place's amounts listed under it
        # would read as if they applied there
        others = [h for h in theirs if h is not alike]
        return self._reply_answer(turn, question, [alike, *others], [], None, region, None)

    @staticmethod
    def _rule_of_hit(question: str, hit: Hit) -> str | None:
        return rule_for(hit.doc_id, hit.number, answering_sentence(question, hit))

    def _moved_there(self, turn: Turn, text: str) -> str | None:
        """「我调到叶集了，那边呢」「俺现在在泗洪，这边咋样」: the worker says where they are now
        and asks the last question there; that place is remembered and the message read as
        「那叶集呢」. None when the message says anything more."""
        said = stated_location(text)
        place = self._named_place(said) if said else None
        if said is None or place is None:
            return None
        parts = [p for p in re.split(r"[，,。；;！!？?\s]+", text) if p]
        rest = "".join(bare(p) for p in parts if said not in p)
        if not rest or not _SAME_THERE.match(rest):
            return None
        turn.set_user(region=place.region, place=place.to_json())
        if place.region is not None and self.services is not None:
            self.services.remember_region(turn.uid, place.region)
        return f"那{place.name}呢"

    @staticmethod
    def _asks_as_organisation(turn: Turn, text: str) -> bool:
        """「企业能拿啥」「我们单位能申请什么」, or any question after 「我们是一家企业」: asked
        for an employer or a school, not a worker."""
        if _ORG_ASKS.search(bare(text)):
            return True
        return bool(turn.user.get("organisation")) and not _SPEAKS_AS_WORKER.search(text)

    def _tells_own_situation(self, text: str) -> bool:
        """「我是外地引进的技师，在洪泽上班，合同签了2年」: a worker telling two or more facts of
        their own and asking nothing wants to know what that gets them (the questionnaire,
        seeded with them). An employer or a school introducing itself (「我们是一家企业」) does
        not: the questionnaire is a worker's."""
        if looks_like_question(text) or _SPEAKS_AS_ORGANISATION.search(text):
            return False
        if bare(stated_text(text)) != bare(text):
            return False  # 「…，是不是要干满3年」: it asks about a condition, a question
        return self._own_facts_count(text) >= 2

    def _named_place_de(self, text: str) -> bool:
        """「洪泽的」「淮安洪泽的」: a covered place and 「的」, the whole message."""
        b = bare(text)
        if not b.endswith("的"):
            return False
        mentions = resolve_places(b[:-1])
        if len(mentions) != 1 or mentions[0].start != 0 or mentions[0].end != len(b) - 1:
            return False
        place = self._named_place(b[:-1])
        return place is not None and place.covered

    @staticmethod
    def _states_place(text: str) -> bool:
        stated = place_statement(text)
        return stated is not None and bool(places_in(stated))

    # -- answers --------------------------------------------------------------------------
    def _respond_paged(
        self, turn: Turn, text: str, intent: str, refs: tuple[str, ...] = ()
    ) -> Reply:
        return self._pages(turn, paginate(text), intent, refs)

    def _pages(
        self, turn: Turn, pages: list[str], intent: str, refs: tuple[str, ...] = ()
    ) -> Reply:
        key = f"bot:pages:{turn.uid}"
        if len(pages) > 1:
            turn.state.set(key, {"pages": pages[1:]}, PAGES_TTL_SECONDS)
        else:
            turn.state.delete(key)
        return Reply(pages[0], intent, refs, has_more=len(pages) > 1)

    def _fit(self, turn: Turn, reply: Reply) -> Reply:
        """``reply`` with words said before its first page (a correction, a reading of a
        date) kept within one message: its text paged again, the pages after it kept."""
        if utf8_len(reply.text) <= MAX_REPLY_BYTES:
            return reply
        key = f"bot:pages:{turn.uid}"
        rest: list[str] = list((turn.state.get(key) or {}).get("pages") or [])
        text = reply.text
        if reply.has_more and rest and text.endswith(MORE_HINT):
            text = text[: -len(MORE_HINT)].rstrip("\n")
        else:
            rest = []
        room = MAX_REPLY_BYTES - (utf8_len("\n" + MORE_HINT) if rest else 0)
        pages = paginate(text, room)
        if rest:
            pages[-1] += "\n" + MORE_HINT
        return self._pages(turn, pages + rest, reply.intent, reply.clause_refs)

    def _more(self, turn: Turn, _text: str) -> Reply:
        key = f"bot:pages:{turn.uid}"
        saved = turn.state.get(key)
        pages = list(saved["pages"]) if saved else []
        if not pages:
            return self._more_related(turn)
        first, rest = pages[0], pages[1:]
        if rest:
            turn.state.set(key, {"pages": rest}, PAGES_TTL_SECONDS)
        else:
            turn.state.delete(key)
            topic = turn.topic
            if topic is not None and topic.related:
                first += "\n" + texts.MORE_RELATED_HINT
        return Reply(first, "more", has_more=bool(rest))

    def _more_related(self, turn: Turn) -> Reply:
        """「更多」 after the last page: the next related clauses of the last answer."""
        topic = turn.topic
        if topic is None or not topic.related:
            return Reply(texts.NO_MORE, "more")
        shown, rest = topic.related[:RELATED_PER_PAGE], topic.related[RELATED_PER_PAGE:]
        hits = [h for h in (hit_of(self.kb, ref) for ref in shown) if h is not None]
        turn.set_topic(_replace_related(topic, rest))
        if not hits:
            return Reply(texts.NO_MORE, "more")
        lines = [texts.MORE_RELATED_HEAD] + [related_line(self.kb, h, 80) for h in hits]
        return Reply("\n".join(lines), "more", tuple(shown), has_more=bool(rest))

    def _original(self, turn: Turn, _text: str) -> Reply:
        topic = turn.topic
        hit = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}") if topic else None
        if hit is None and topic is not None and topic.doc_id in self.kb.documents:
            # the topic is a document itself (文件信息): its printed lines
            info = self.index.document_info(topic.doc_id)
            body = "文件上印的：\n" + info.text
            return self._respond_paged(
                turn, body, "original", (f"{topic.doc_id}#{info.clause_id}",)
            )
        if hit is None:
            return Reply(texts.NO_ORIGINAL, "original")
        meta = self.kb.document(hit.doc_id).meta
        body = f"条款原文（{citation(meta, where_in(hit))}）：\n{clause_text(hit)}"
        return self._respond_paged(turn, body, "original", (f"{hit.doc_id}#{hit.clause_id}",))

    def _set_place(self, turn: Turn, text: str) -> Reply:
        stated = place_statement(text) or text
        place = self._named_place(stated)
        if place is None:
            region = find_region_in_text(stated)
            place = Place(region, region) if region else None
        if place is None:
            return Reply(texts.REGION_UNKNOWN.format(regions=self.region_names), "unknown_region")
        turn.set_user(region=place.region, place=place.to_json())
        if place.region is None:
            reply = texts.PLACE_REMEMBERED_UNCOVERED.format(
                place=place.name, regions=self.region_names
            )
            return Reply(reply, "unknown_region")
        if self.services is not None:
            self.services.remember_region(turn.uid, place.region)
        if place.inside:
            reply = texts.REGION_SET_INSIDE.format(place=place.said, region=place.region)
            return Reply(reply, "set_region")
        return Reply(texts.REGION_SET.format(region=place.region), "set_region")

    def _topic_menu(self, turn: Turn, head: str, intent: str) -> Reply:
        turn.set_user(menu="topics")
        items = "\n".join(f"{i}. {label}" for i, (label, _q) in enumerate(texts.TOPICS, 1))
        return Reply(f"{head}\n{items}", intent)

    def _clarify(self, turn: Turn, text: str) -> Reply:
        """A one-word message (「补贴」): a short question with numbered choices."""
        card = bare(text) in CARD_WORDS
        turn.set_user(menu="clarify-card" if card else "clarify")
        choices = texts.CLARIFY_CARD if card else texts.CLARIFY_CHOICES
        items = "\n".join(f"{i}. {label}" for i, (label, _q) in enumerate(choices, 1))
        if asks_to_ask(text):
            head = texts.CLARIFY_ASK
        else:
            head = texts.CLARIFY_HEAD.format(word=bare(text) or text.strip())
        return Reply(f"{head}\n{items}", "vague")

    def _menu_pick(self, turn: Turn, text: str) -> Reply | None:
        """A bare number right after a numbered menu picks from it; anything else leaves it."""
        menu = turn.user.get("menu")
        choices = {
            "topics": texts.TOPICS,
            "clarify": texts.CLARIFY_CHOICES,
            "clarify-card": texts.CLARIFY_CARD,
        }.get(str(menu))
        if choices is None:
            return None
        choice = bare(text)
        if not choice.isdigit():
            turn.set_user(menu=None)
            return None
        n = int(choice)
        if not 1 <= n <= len(choices):
            return Reply(f"请回复1到{len(choices)}之间的数字，或直接打字提问。", "topics")
        turn.set_user(menu=None)
        picked = choices[n - 1][1]
        return self._dispatch(turn, picked, classify(picked))

    def _list_benefits(self, turn: Turn, text: str) -> Reply:
        """「叶集有哪些补贴」: every benefit the place's rules grant, with its amount, and how to
        find out which are the worker's own; without a covered place, the clarifying menu."""
        place = self._named_place(text) or turn.place
        if place is None or place.region is None:
            return self._clarify(turn, text)
        result = self.evaluate({"region": place.region, "as_of": self.today().isoformat()})
        items = [*(result.get("benefits") or []), *(result.get("pending") or [])]
        if not items:
            return self._answer(turn, text)
        lines = [texts.BENEFITS_LIST_HEAD.format(region=place.region)]
        lines += [f"{i}. {b.get('title')}：{b.get('amount_text')}" for i, b in enumerate(items, 1)]
        lines.append(texts.BENEFITS_LIST_TAIL.format(region=place.name))
        return self._pages(turn, paginate_packed(lines), "list_benefits")

    # -- questions ------------------------------------------------------------------------
    def _question(self, turn: Turn, text: str) -> Reply:
        # 「先插一句，…」「问个事，…」: the question is what follows
        text = without_aside_lead(text)
        place = None
        for said in (leading_place(text), stated_location(text)):
            place = self._named_place(said) if said else None
            if place is not None:
                break
        if place is not None:
            # 「我在叶集，…」: where they are, said in passing, is remembered too
            turn.set_user(region=place.region, place=place.to_json())
            if place.region is not None and self.services is not None:
                self.services.remember_region(turn.uid, place.region)
        if (
            _SPEAKS_AS_ORGANISATION.search(text)
            and not looks_like_question(text)
            and not _QUESTION_WORD.search(text)
        ):
            # 「我们是洪泽一家做电子的民营企业」: an introduction, no question yet
            if place is None:
                # 「我们公司在洪泽」: where the company is, remembered as the worker's place
                place = self._named_place(text)
                if place is not None:
                    turn.set_user(region=place.region, place=place.to_json())
                    if place.region is not None and self.services is not None:
                        self.services.remember_region(turn.uid, place.region)
            where = f"：你们在{place.name}。" if place is not None else "。"
            turn.set_user(organisation=True)
            return Reply(texts.ORGANISATION_NOTED.format(place=where), "introduction")
        reply = self._answer(turn, text)
        if reply.intent == "not_answered" and self._own_facts_count(text) >= 2:
            award = self._award_for_story(turn, text)
            if award is not None:
                return award
            # 「俺在台儿庄干焊工，去年八月考下来的高级工证，有没有钱拿」: a story of their own
            # that no clause matches as a whole: what those facts get them
            return self._quiz_start(turn, text)
        if (
            reply.intent == "not_answered"
            and asks_for_result(text)
            and not turn.state.get(f"bot:last-quiz:{turn.uid}")
        ):
            # 「看结果」「就这些」 with no facts told before: the questionnaire, from its start
            return self._quiz_start(turn, text)
        return reply

    def _award_for_story(self, turn: Turn, text: str) -> Reply | None:
        """「…今年考上了技师，听说有奖金，是真的不」 answered by the worker's place's award for a
        level newly obtained (``story.certificate_award_hit``) when search found nothing for
        the story as a whole, rather than a questionnaire's summary; None otherwise."""
        own = _own_words(text)
        facts = facts_in(own, self.today())
        place = turn.place
        region = facts.get("region") or (place.region if place is not None else None)
        if not isinstance(region, str):
            return None
        hit = certificate_award_hit(self.kb, own, facts, region)
        if hit is None:
            return None
        return self._reply_answer(turn, text, [hit], [], None, region, level_in(text))

    def _own_facts_count(self, text: str) -> int:
        """How many profile facts (besides the place) ``text`` states of the worker."""
        text = _own_words(text)
        if not _SPEAKS_OF_SELF.search(text) or _SUPPOSING.search(text):
            return 0
        return len([k for k in facts_in(text, self.today()) if k != "region"])

    def _answer(
        self, turn: Turn, text: str, *, level: str | None = None, region: str | None = None
    ) -> Reply:
        """Search ``text`` for the place it names, else the worker's remembered place, and
        answer. ``level``: the skill level the answer is about (a swap names it); ``region``:
        the place the last answer was for, which a swap of the level stays in (as if named)
        unless the worker is in a place without a document (then its caveat applies)."""
        named = self._named_place(text)
        said = stated_location(text)
        now = self._named_place(said) if said else None
        if self._title_of_home(text, now, named):
            # 「俺是个六安市首席技师，厂子在叶集，…」: 六安市 starts the title its district
            # 叶集 prints, the worker's place is the district named
            now = named
        if named is not None and now is not None and now != named:
            # 「以前在洪泽干，现在到台儿庄了，…」: where the worker is now answers, and the
            # place they left is no part of the question
            parts = [p for p in re.split(r"[，,。；;！!\s]+", text) if p]
            asking = [p for p in parts if not resolve_places(p)]
            if asking:
                text = now.name + "，".join(asking)
            named = now
        remembered = turn.place
        home_title = False
        if self._title_of_home(text, named, remembered):
            # 「六安市首席技师每月多少」 from a worker in 叶集 (or one of its towns): the honour
            # its city awards, which 叶集's document prints; the question is the worker's place's
            named = None
            home_title = True
        if named is None and region and (remembered is None or remembered.covered):
            named = Place(region, region)
        if named is None and remembered is None:
            # 「北京有没有补贴」 then 「首席技师每月有奖励吗」: still about 北京, said as for a
            # worker remembered there
            remembered = self._place_asked_before(turn)
        if named is not None and not named.covered:
            # kept for a place swap (「那洪泽的呢」), as long as a topic would be; the last
            # answer's topic gives way (follow-ups now lean on this question)
            kept = {"question": text, "place": named.to_json()}
            turn.keep_unanswered(kept, PAGES_TTL_SECONDS)
            turn.drop_topic()
            reply = texts.PLACE_UNCOVERED.format(place=named.name, regions=self.region_names)
            return Reply(reply, "place_uncovered")
        notes: list[str] = []
        caveat: str | None = None
        steered: Place | None = None
        if named is not None:
            assert named.region is not None
            query = text if named.name in text or not named.inside else named.name + text
            result = self.index.search(query, top=SEARCH_TOP, region=named.region)
            if result.answered and result.hits and not result.about_document:
                top = result.hits[0]
                if not self._in_region(top, named.region):
                    # the search ranks the topic above the place: nothing of the named place
                    # is about this, so another place's rule answers and must say so first
                    top_regions = self.kb.document(top.doc_id).meta.regions
                    caveat = texts.PLACE_ELSEWHERE.format(
                        remembered=named.region, region="、".join(top_regions) or "其他地区"
                    )
            if named.inside and caveat is None:
                notes.append(texts.PLACE_INSIDE.format(place=named.said, region=named.region))
        elif remembered is not None and remembered.region is not None:
            # (the title's city told search the worker's place: 「六安的首席技师」 names no place)
            query = (remembered.name + text) if remembered.inside or home_title else text
            result, elsewhere = self._search_place_first(query, remembered)
            if (
                elsewhere
                and result.hits
                and (self._pays(text, result.hits[0]) or self._holds_none(query, remembered))
            ):
                # 「我是宿迁的」 then 「引进技师有一次性补贴吗」 when only 洪泽 pays one: another
                # place's amounts would read as the worker's own; which places have it is said.
                # So for a rule the place's documents hold nothing on (洪泽 then 「落户有什么条
                # 件」: its 落户企业 are enterprises settling, no rule for the worker's 户口).
                return self._not_held_here(turn, text, remembered, result)
            # answered from another place (what 蓝卡 is): said first, before the clause
            caveat = elsewhere[0] if elsewhere else None
            if remembered.inside and caveat is None:
                # 「我在沭阳」 then 「订单班补多少」: whose policy answers, said with it
                notes.append(
                    texts.PLACE_INSIDE.format(place=remembered.said, region=remembered.region)
                )
        elif remembered is not None and not remembered.covered:
            # A worker in 苏州 asking 「引进技师有补贴吗」: another place's amounts would read as
            # if they applied there. Say so, and how to ask about a place that has a document.
            example = text.strip()[:12]
            # kept for a place swap (「那洪泽的呢」), as for a place named without a document
            turn.keep_unanswered({"question": text}, PAGES_TTL_SECONDS)
            reply = texts.PLACE_UNCOVERED_ASK.format(
                place=remembered.name, regions=self.region_names, example=example
            )
            return Reply(reply, "place_uncovered")
        else:
            query = text
            topic = turn.topic
            # 「还有…吗」 going on from an answer: its place wins ties (never a clear answer)
            lean = topic.region if topic is not None and continues_topic(text) else None
            result = self.index.search(text, top=SEARCH_TOP, prefer_region=lean)
            steer = self._topic_place(turn)
            if steer is not None and result.answered and result.hits and not result.about_document:
                # no place said nor remembered: the last answer's place answers a question
                # search answers, as a remembered place would, and the reply says so (or whose
                # clause it gave instead)
                placed, elsewhere = self._search_place_first(text, steer)
                if placed.answered and placed.hits:
                    result = placed
                    steered = steer if not elsewhere else None
        if result.uncovered_places and not result.answered:
            place_names = "、".join(result.uncovered_places)
            reply = texts.PLACE_UNCOVERED.format(place=place_names, regions=self.region_names)
            return Reply(reply, "place_uncovered")
        if (not result.answered or not result.hits) and named is None:
            # 「社保要交多久」 right after an answer: nothing answers it alone, the last
            # clause may (its conditions, its period).
            topic = turn.topic
            if topic is not None and len(bare(text)) <= SHORT_FOLLOW_UP_CHARS:
                hit = answer_follow_up(self.kb, self.index, topic, text)
                if hit is None and names_nothing(text):
                    # 「有啥用」「能补点啥」: asks of what was just said, in no words of its own
                    last = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}")
                    hit = replace(last, sentence=topic.sentence or last.sentence) if last else None
                if hit is not None:
                    answer = compose(text, [hit], self.kb, self.today(), level=topic.level)
                    turn.set_topic(_moved_to(topic, hit, text, answer.amount))
                    pages = paginate_items(answer.first, answer.more)
                    return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))
        if result.about_document and not result.hits:
            # 「这个政策过期了吗」 with nothing before it: which document is meant is asked; a
            # place said next asks it again there
            turn.keep_unanswered({"question": text}, PAGES_TTL_SECONDS)
            return Reply(texts.WHICH_DOCUMENT.format(regions=self.region_names), "which_document")
        if not result.answered or not result.hits:
            where = named or remembered
            region = where.region if where is not None else None
            window = texts.SERVICE_WINDOWS.get(region or "", "")
            if len(bare(text)) > SHORT_FOLLOW_UP_CHARS:
                # a question of its own, unanswered: 「那要是在洪泽呢」 next asks it there, not
                # the answer before it
                kept = {"question": text}
                turn.keep_unanswered(kept, PAGES_TTL_SECONDS)
                turn.drop_topic()
            return Reply(texts.NOT_ANSWERED.format(window=window), "not_answered")
        if result.about_document:
            return self._document_reply(turn, result.hits[0].doc_id, text)
        hits = result.hits
        where = named or remembered or steered
        if where is not None and where.region and self._in_region(hits[0], where.region):
            # answered for the worker's place: its related clauses are that place's too
            hits = [h for h in hits if self._in_region(h, where.region)]
        if self._asks_as_organisation(turn, text):
            hits = _organisation_first(hits)
        else:
            # a story's occasion (a certificate just got, a district contest's prize) picks the
            # clause and sentence its question is about, over one naming the same levels
            own = _own_words(text)
            facts = facts_in(own, self.today())
            if len([k for k in facts if k != "region"]) >= 2:
                hits = asked_sentence_first(text, hits)
            hits = certificate_award_first(self.kb, own, hits, facts)
            hits = introduction_first(self.kb, own, hits, facts)
            hits = prize_sentence_first(text, hits)
        # the place said is the place of the clause shown (after any reordering above)
        top_regions = self.kb.document(hits[0].doc_id).meta.regions
        answer_region = top_regions[0] if top_regions else None
        if caveat is not None and where is not None and where.region:
            caveat = None if self._in_region(hits[0], where.region) else caveat
        if caveat is None and where is not None and where.region:
            caveat = self._no_cash_here(text, hits[0], where.region)
        if steered is not None and answer_region == steered.region:
            notes.append(texts.TOPIC_PLACE_NOTE.format(region=steered.region))
        elif named is None and remembered is None and top_regions:
            notes.append(texts.REGION_HINT.format(region="、".join(top_regions)))
        return self._reply_answer(
            turn, query, hits, notes, caveat, answer_region, level or level_in(text)
        )

    def _no_cash_here(self, question: str, hit: Hit, region: str) -> str | None:
        """「考了高级工有补贴吗」 answered by ``region``'s clause ``hit`` that grants no money at
        all (no amount, no 补贴/奖励 — 「按照大专学历落实相关待遇」): the line saying the place's
        documents hold no such cash benefit, before the clause they do hold; None otherwise
        (a question not about money, another place's clause, or a clause paying something)."""
        if not _ASKS_CASH.search(question) or not self._in_region(hit, region):
            return None
        if names_amount(hit.text) or _GRANTS_CASH.search(hit.text):
            return None
        return texts.NO_CASH_HERE.format(place=region)

    def _title_of_home(self, text: str, outside: Place | None, home: Place | None) -> bool:
        """Whether ``text`` names a place ``outside`` the documents only as the start of a title
        that ``home``'s (covered) district prints (六安市 in 「六安市首席技师」 for 叶集)."""
        return (
            outside is not None
            and not outside.covered
            and home is not None
            and home.region is not None
            and self._names_home_title(text, home.region)
        )

    def _names_home_title(self, text: str, home: str) -> bool:
        """True when the only places without a document ``text`` names are the city the covered
        ``home`` lies in, as the start of words ``home``'s documents print (its honour, 「六安市
        首席技师」): search reads such a name as no place (``Query.uncovered``) and so does the
        dialogue for a worker in that city's covered district (``names_home_title``)."""
        docs = [d for d in self.kb.documents.values() if home in d.meta.regions]

        def prints(words: str) -> bool:
            return any(words in c.text for d in docs for c in d.clauses)

        return names_home_title(text, home, prints)

    @staticmethod
    def _pays(question: str, hit: Hit) -> bool:
        """True when ``question`` asks for money or the sentence answering it names a sum."""
        return asks_money(question) or names_amount(answering_sentence(question, hit))

    def _holds_none(self, query: str, place: Place) -> bool:
        """True when no clause of the covered ``place``'s documents answers ``query`` at all
        (searched for that place, another place's clause comes first), unless it asks what a
        term means or what a thing is for."""
        assert place.region is not None
        if definition_term(normalize(query)) or asks_purpose(query):
            return False  # 「蓝卡是什么」「蓝卡是干啥的」: what a thing is or is for, anywhere
        local = self.index.search(query, top=SEARCH_TOP, region=place.region)
        return not (local.answered and local.hits and self._in_region(local.hits[0], place.region))

    def _not_held_here(self, turn: Turn, text: str, place: Place, result: SearchResult) -> Reply:
        """The worker's remembered covered ``place`` holds nothing on ``text`` (``result``:
        the search everywhere, best first): said plainly, with the places whose clauses answer
        it nearly as well as the best. The question is kept for 「那洪泽的呢」 (the last answer's
        topic gives way, as for any unanswered question)."""
        top = result.hits[0]
        regions: list[str] = []
        for hit in result.hits:
            if hit.score < PLACE_FIRST_SHARE * top.score:
                continue
            for region in self.kb.document(hit.doc_id).meta.regions:
                if region != place.region and region not in regions:
                    regions.append(region)
        regions = regions or ["其他地区"]
        turn.keep_unanswered({"question": text}, PAGES_TTL_SECONDS)
        turn.drop_topic()
        window = texts.SERVICE_WINDOWS.get(place.region or "", "")
        said = texts.PLACE_HAS_NONE.format(
            place=place.region,
            elsewhere="、".join(regions),
            example=_short_place(regions[0]),
            window=window,
        )
        return Reply(said, "not_answered")

    def _topic_place(self, turn: Turn) -> Place | None:
        """The covered place of the last answer, which steers a question naming none when the
        worker has not said where they are; None without one."""
        topic = turn.topic
        if topic is None or topic.region is None or topic.region not in self.covered:
            return None
        return Place(topic.region, topic.region)

    def _place_asked_before(self, turn: Turn) -> Place | None:
        """The place without a document the last unanswered question named (kept until an
        answer gives the dialogue a topic again), or None."""
        kept = turn.state.get(f"bot:unanswered:{turn.uid}") or {}
        place = Place.from_json(kept.get("place"))
        return place if place is not None and not place.covered else None

    def _search_place_first(self, query: str, place: Place) -> tuple[SearchResult, list[str]]:
        """Search everywhere; a clause of the worker's place answers when it is nearly as good
        as the best one, else the best one answers and the reply says it is from elsewhere."""
        assert place.region is not None
        result = self.index.search(query, top=SEARCH_TOP, prefer_region=place.region)
        if not result.answered or not result.hits:
            return result, []
        mine = [h for h in result.hits if self._in_region(h, place.region)]
        top = result.hits[0]
        if mine and (mine[0] is top or mine[0].score >= PLACE_FIRST_SHARE * top.score):
            hits = [mine[0]] + [h for h in result.hits if h is not mine[0]]
            return _with_hits(result, hits), []
        local = self.index.search(query, top=SEARCH_TOP, region=place.region)
        first = local.hits[0] if local.answered and local.hits else None
        if (
            first is not None
            and self._in_region(first, place.region)
            and first.score >= PLACE_FIRST_SHARE * top.score
        ):
            return local, []
        top_regions = self.kb.document(top.doc_id).meta.regions
        note = texts.PLACE_ELSEWHERE.format(
            remembered=place.name, region="、".join(top_regions) or "其他地区"
        )
        return result, [note]

    def _caveat(self, turn: Turn, hit: Hit) -> str | None:
        """The first line of an answer to a worker in a place without a document: whose rule
        this is, and that it does not apply where they are. None for everyone else."""
        place = turn.place
        if place is None or place.covered:
            return None
        regions = "、".join(self.kb.document(hit.doc_id).meta.regions) or "其他地区"
        return texts.PLACE_CAVEAT.format(place=place.name, region=regions)

    def _known_level(self, turn: Turn, question: str = "") -> str | None:
        """The worker's skill level as they told it: the questionnaire's answer, else the level
        of the last question they asked (not for a question about an honour or title: the
        level a title names, 「六安市首席技师」, is not the worker's)."""
        last = turn.state.get(f"bot:last-quiz:{turn.uid}") or {}
        level = dict(last.get("answers") or {}).get("skill_level")
        if isinstance(level, str) and level and level != "无":
            return level
        topic = turn.topic
        if topic is None or (_TITLE.search(question) and not level_in(question)):
            return None
        return topic.level

    def _in_region(self, hit: Hit, region: str) -> bool:
        return region in self.kb.document(hit.doc_id).meta.regions

    def _reply_answer(
        self,
        turn: Turn,
        question: str,
        hits: list[Hit],
        notes: list[str],
        caveat: str | None,
        region: str | None,
        level: str | None,
    ) -> Reply:
        hits = stacking_ruling_first(question, self.kb, hits)
        answer: Answer = compose(
            question,
            hits,
            self.kb,
            self.today(),
            notes=tuple(notes),
            caveat=caveat,
            level=level or self._known_level(turn, question),
        )
        first = answer.first
        aspect = aspect_asked(question)
        value = printed_value(aspect, answering_sentence(question, hits[0])) if aspect else None
        if aspect is not None and value is not None:
            # 「合同要签几年」: the condition's value as the clause prints it leads
            lines = [line for line in first.split("\n") if line != answer.amount]
            first = f"👉 {aspect.label}：{value}\n" + "\n".join(lines)
        top = hits[0]
        sentence = answering_sentence(question, top)
        rule = rule_for(top.doc_id, top.number, sentence)
        today = self.today()
        # 「是不是要干满3年」 asks a condition, it states no fact: only what the worker stated of
        # the case (``stated_text``) is judged; a condition asked is answered with the rule's
        stated = {
            k: v for k, v in facts_in(stated_text(question), today).items() if k in CASE_FIELDS
        }
        asked = {
            k: v
            for k, v in facts_in(question, today).items()
            if k in CASE_FIELDS and k not in stated
        }
        lines = asked_conditions(rule, asked) if asked else []
        if stated:
            # 「我在民营企业干了两年…」: what the worker said of their case against the rule's
            # conditions, next to the amount (never the amount alone, as if it applied); a
            # length the rule does not test, while it tests another, said which it needs
            lines += [v.line() for v in rule_verdicts(rule, stated)]
            lines += other_length(rule, stated)
        if lines:
            # the clause's own sentence first (the amount as printed), then what the worker
            # said against its conditions: a story's reply never reads as a summary alone
            first = _after_sentence(first, sentence, answer.amount, lines)
        if "蓝卡" in question and not turn.card.active(turn.uid):
            # Someone asking about the blue card usually wants one: say how, before the clause
            # (not while they are filling the form in)
            first = texts.CARD_APPLY_TIP + "\n" + first
        refs = tuple(f"{h.doc_id}#{h.clause_id}" for h in hits)
        turn.set_topic(
            Topic(
                question=question,
                doc_id=top.doc_id,
                clause_id=top.clause_id,
                region=region,
                level=level,
                amount=answer.amount,
                related=_not_shown(hits),
                sentence=sentence,
                rule=rule,
            )
        )
        pages = paginate_items(first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", refs[:3])

    # -- follow-ups -----------------------------------------------------------------------
    def _whatif_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「假如做够三年呢」「如果合同签了两年呢」「换成国企呢」 after an answer granting a
        catalogue rule: the worker's last question with that one fact otherwise (each
        supposition starts from what they asked, not from the one before): the clause again,
        its amount first (for the level supposed, if one is), then whether the rule's condition
        on that fact is now met — or that the rule sets none on it. A level alone is a swap
        (``_swap_follow_up``); a place, or anything asked beyond the supposition, is not this.
        """
        # 「我社保交了4个月，合同签了2年，够不够」: the worker's own facts, asked whether they do
        enough = not supposes(text) and asks_enough(text)
        if topic.rule is None or not (supposes(text) or enough):
            return None
        today = self.today()
        said = facts_in(text, today)
        if any(k not in CASE_FIELDS for k in said):
            return None  # 「要是在洪泽呢」: a place, or a fact no rule of a case tests
        if enough:
            before, last_part = enough_parts(text)
            if not said or any(not facts_in(p, today) for p in before):
                return None  # a part of its own besides the facts: a question, answered so
            if facts_in(last_part, today) and not _SPEAKS_OF_SELF.search(text):
                return None  # 「合同签1年够吗」: whether such a length would do, of no one
        supposed = said or bare_length(text, topic.rule)
        if not supposed or set(supposed) == {"skill_level"}:
            return None
        if said and not enough and asks_beyond(text, today):
            return None  # 「如果是国企，住房补贴怎么申请」: a question of its own
        if not said and not only_length(text):
            return None
        last = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}")
        if last is None:
            return None
        asked = {
            k: v
            for k, v in facts_in(stated_text(topic.question), today).items()
            if k in CASE_FIELDS
        }
        question = topic.question
        level = supposed.get("skill_level")
        if isinstance(level, str):
            question = _level_swapped(question, topic.level, level)
        hit = replace(last, sentence=topic.sentence or last.sentence)
        answer = compose(question, [hit], self.kb, today, level=level or topic.level)
        found = rule_verdicts(topic.rule, asked | supposed)
        changed = [v.line() for v in found if v.field in supposed]
        others = [v.line() for v in found if v.field not in supposed and not v.met]
        untested = [k for k in supposed if k not in {v.field for v in found}]
        lines = changed + others
        # 「假如我干了4年呢」 of a rule on years of insurance: which fact it needs, asked
        instead = other_length(topic.rule, asked | supposed, tuple(untested))
        lines += instead
        untested = [k for k in untested if not any(FIELD_LABELS.get(k, k) in i for i in instead)]
        if untested:
            labels = "、".join(FIELD_LABELS.get(k, k) for k in untested)
            lines.append(texts.WHATIF_UNTESTED.format(fields=labels))
        first = _after_amount(answer.first, answer.amount, lines)
        turn.set_topic(replace(topic, level=level if isinstance(level, str) else topic.level))
        pages = paginate_items(first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _eligibility_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「我能领吗」 after an answer: the questionnaire, seeded with the answer's place and
        level, tells whether this worker gets it (the rule shows as a benefit or near miss)."""
        told: dict[str, Any] = {}
        if _ASKS_IF_AT_END.search(bare(text)) and not _ASKS_COMBINED.search(text):
            # 「我才干了两年能领不」; not 「我还是安徽省技术能手，两个都能拿吗」 (the rule on
            # holding several, asked of the clause)
            told = {k: v for k, v in facts_in(text, self.today()).items() if k not in DISTINCTIONS}
        if not asks_if_eligible(text) and not (told and _SPEAKS_OF_SELF.search(text)):
            return None
        meta = self.kb.document(topic.doc_id).meta
        if meta.status == "draft":
            # 「那我能去申请不」 after a draft's clause: nobody can yet
            number = number_of(self.kb, topic)
            said = texts.DRAFT_NOT_YET.format(document=citation(meta, number))
            return Reply(said, "answer", (f"{topic.doc_id}#{topic.clause_id}",))
        seed = self._seed(turn, topic.question)  # 「从外地引进技师」 in the question counts
        seed.update(told)  # 「我才干了两年能领不」: what this message says of the worker
        if topic.region:
            seed["region"] = topic.region
        turn.state.delete(f"bot:quiz-sure:{turn.uid}")
        step = turn.quiz.start(turn.uid, seed)
        reply = self._quiz_step(turn, step)
        short = self._short_of(topic, step)
        if short:
            # what they said already fails the rule just answered: said first, by field
            return _prefixed(texts.SHORT_OF.format(unmet=short), reply)
        return _prefixed(texts.QUIZ_FOR_TOPIC, reply)

    @staticmethod
    def _short_of(topic: Topic, step: Step) -> str:
        """The conditions of the topic's rule the worker's answers already fail (「连续工作
        年限要求3年，你是2年」), or "" when none is known to fail."""
        if topic.rule is None or step.result is None:
            return ""
        for near in step.result.get("near_misses") or []:
            if near.get("rule_id") == topic.rule:
                as_of = step.result.get("as_of")
                return "；".join(unmet_text(u, as_of) for u in near.get("unmet") or [])
        return ""

    def _whose_place_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「哪个地方的政策」「这是哪里的规定」: the place whose document the last answer
        quoted, with the citation."""
        if not asks_whose_place(text):
            return None
        meta = self.kb.document(topic.doc_id).meta
        number = number_of(self.kb, topic)
        region = "、".join(meta.regions) or "其他地区"
        said = texts.WHOSE_PLACE.format(region=region, source=citation(meta, number).strip())
        lines = [said, *warnings(meta, self.today())]
        return Reply("\n".join(lines), "answer", (f"{topic.doc_id}#{topic.clause_id}",))

    def _place_ask_follow_up(
        self, turn: Turn, text: str, topic: Topic, *, missing_only: bool = False
    ) -> Reply | None:
        """「我在洪泽能办吗」「到叶集可以领不」 after an answer: the last question asked of that
        place (remembered when the worker says they are there). ``missing_only``: only when
        the place holds nothing on it (``_topic_not_there``), else None."""
        said = place_ask_in(text)
        place = self._named_place(said) if said else None
        if said is None or place is None or not place.covered:
            return None
        swap = Swap(None, place.name)
        reply = (
            self._topic_not_there(topic, swapped_question(topic, swap), place.name)
            if missing_only
            else self._swap(turn, topic, swap)
        )
        if reply is not None and stated_location(text) is not None:
            turn.set_user(region=place.region, place=place.to_json())
            if place.region is not None and self.services is not None:
                self.services.remember_region(turn.uid, place.region)
        return reply

    def _topic_not_there(self, topic: Topic, question: str, name: str) -> Reply | None:
        """The last answer asked of another covered place (``question``, naming it) when
        search, asked about that place, still ranks another place's clause first (nothing of
        the place is about it): whose policy the last answer was, and that this place has none
        — never an unrelated clause of the place's document, nor the same clause again. None
        when the place's own clause leads (answered as usual) or it is the topic's place."""
        place = self._named_place(name)
        if place is None or place.region is None or place.region == topic.region:
            return None
        if place.region in self.kb.document(topic.doc_id).meta.regions:
            return None
        result = self.index.search(question, top=SEARCH_TOP, region=place.region)
        if not result.answered or not result.hits or result.about_document:
            return None
        key = (topic.doc_id, topic.clause_id)
        own = next((h for h in result.hits if (h.doc_id, h.clause_id) == key), None)
        # what the last answer's clause scores for the question asked again (else the best)
        ref = own.score if own is not None else max(h.score for h in result.hits)
        first = result.hits[0]
        last = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}")
        words = key_words(topic.question, last.text, self._clause_texts) if last else frozenset()
        if self._in_region(first, place.region) and (
            not words
            or any(
                w in h.text
                for h in result.hits[:3]
                if self._in_region(h, place.region)
                for w in words
            )
            or (own is not None and first.score >= PLACE_FIRST_SHARE * own.score)
            or self._grants_alike(topic, question, first)
        ):
            return None  # the place's own clause leads, about the same thing: answered
        # the place's clause listed first is about something else (宿迁's 中级工班 after 叶集's
        # 中级工 落户; 洪泽's prizes after 叶集's 赛事补助): it has none, said so
        meta = self.kb.document(topic.doc_id).meta
        number = number_of(self.kb, topic)
        head = texts.TOPIC_NOT_THERE.format(
            region="、".join(meta.regions) or "其他地区",
            source=citation(meta, number).strip(),
            place=place.region,
        )
        # the places whose clauses are about it: printing its key word, else nearly as good
        others: list[str] = []
        unplaced = question
        for m in reversed(resolve_places(question)):
            unplaced = unplaced[: m.start] + unplaced[m.end :]
        everywhere = self.index.search(unplaced, top=SEARCH_TOP) if words else result
        for hit in everywhere.hits:
            about = (
                any(w in hit.text for w in words) if words else hit.score >= PLACE_FIRST_SHARE * ref
            )
            if not about:
                continue
            for region in self.kb.document(hit.doc_id).meta.regions:
                if region not in (place.region, *meta.regions, *others):
                    others.append(region)
        if others:
            head += texts.TOPIC_ALSO_ELSEWHERE.format(
                elsewhere="、".join(others), example=_short_place(others[0])
            )
        window = texts.SERVICE_WINDOWS.get(place.region, "")
        tail = texts.ASK_THE_WINDOW.format(window=window)
        return Reply(head + "\n" + tail, "answer", (f"{topic.doc_id}#{topic.clause_id}",))

    @staticmethod
    def _grants_alike(topic: Topic, question: str, hit: Hit) -> bool:
        """True when ``hit`` grants a catalogue rule like the last answer's: the same side paid
        as often (叶集's 取证奖励 and 洪泽's 当年取证奖励, 叶集's 引进 生活补贴 and 洪泽's 引进
        一次性补贴), though printed in other words; a subsidy to the organiser of a contest is
        not a prize to its contestants."""
        mine = rule_of(topic.rule)
        theirs = rule_of(rule_for(hit.doc_id, hit.number, answering_sentence(question, hit)))
        if mine is None or theirs is None or mine.amount.per is None:
            return False  # an entitlement (落户, 学历待遇) is alike only in its own words
        return (mine.beneficiary, mine.amount.per) == (theirs.beneficiary, theirs.amount.per)

    def _row_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「苏宿工业园区呢」 after a row of a table (沭阳县's targets): that row of the same
        table, before the label is read as a place (a 园区 inside the same city would ask the
        whole question again and lose the table)."""
        swap = swap_in(text)
        if len(bare(text)) > MAX_FOLLOW_UP_CHARS or (swap is not None and swap.whole):
            return None  # 「全市呢」: the whole region's row, led by its figure (_target_whole)
        found = other_row(self.kb, topic, follow_up_core(text))
        if found is None:
            return None
        hit, label, before = found
        question = (
            topic.question.replace(before, label, 1)
            if before in topic.question
            else label + asking_part(topic.question)
        )
        answer = compose(question, [hit], self.kb, self.today())
        turn.set_topic(
            replace(
                topic,
                question=question,
                clause_id=hit.clause_id,
                sentence=hit.sentence,
                amount=answer.amount,
                rule=None,
            )
        )
        pages = paginate_items(answer.first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _standing_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「现在能办吗」「还有效吗」 after a clause of a document not in force (a 征求意见稿,
        expired, superseded, not yet in force): said so, with its citation and warnings; None
        for a document in force (the other follow-ups answer)."""
        if not asks_usable_now(text) or topic.doc_id not in self.kb.documents:
            return None
        meta = self.kb.document(topic.doc_id).meta
        hit = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}")
        source = citation(meta, where_in(hit)) if hit is not None else meta.citation()
        said = not_in_force_reply(meta, source, self.today())
        if said is None:
            return None
        return Reply(said, "answer", (f"{topic.doc_id}#{topic.clause_id}",))

    def _future_level_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「那明年考下技师呢」「以后要是考了高级技师呢」「再考个技师能拿多少」 after an answer
        about a grade award: that level from the same clause (``_same_clause_for_level``) and,
        when the clause pays for a grade got 当年 (洪办发〔2021〕10号 三（三）4), which year it
        would count in. None when the last clause names no level (searched as any question)."""
        later = future_level(text)
        hit = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}") if later else None
        if later is None or hit is None or not (topic.level or _levels_named(topic.sentence)):
            return None
        question = swapped_question(topic, Swap(later.level, None))
        reply = self._same_clause_for_level(turn, topic, question, later.level)
        if reply is None:
            return None
        # the last question named a place whose documents did not hold it: still said
        asked = self._named_place(topic.question)
        regions = self.kb.document(hit.doc_id).meta.regions
        if asked is not None and asked.region and asked.region not in regions:
            head = texts.PLACE_ELSEWHERE.format(
                remembered=asked.region, region="、".join(regions) or "其他地区"
            )
            if head not in reply.text:
                reply = replace(reply, text=head + "\n" + reply.text)
        sentence = level_sentence(hit.text, later.level, topic.sentence) or topic.sentence
        if "当年" not in sentence:
            return reply
        year = counted_year(later.when, self.today())
        note = (
            texts.FUTURE_LEVEL_ANY_YEAR.format(level=later.level)
            if year is None
            else texts.FUTURE_LEVEL_IN_YEAR.format(level=later.level, year=year)
        )
        now = turn.topic
        rows = reply.text.split("\n")
        at = rows.index(now.amount) + 1 if now and now.amount and now.amount in rows else 1
        return replace(reply, text="\n".join([*rows[:at], note, *rows[at:]]))

    def _swap_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「那技师呢」「那洪泽的呢」: the last question for another level or place."""
        swap = swap_in(text)
        if swap is None:
            return None
        reply = self._swap(turn, topic, swap)
        now = turn.topic
        if (
            swap.place
            and reply.intent == "answer"
            and now is not None
            and topic.region
            and now.region
            and now.region != topic.region
        ):
            # 「要是换成叶集呢」: the answer there, said to replace the old place's — never the
            # old place's answer kept silently, nor its amounts repeated as if they applied
            line = texts.PLACE_MOVED.format(old=topic.region, new=now.region)
            rows = reply.text.split("\n")
            at = rows.index(now.amount) + 1 if now.amount and now.amount in rows else 1
            reply = replace(reply, text="\n".join([*rows[:at], line, *rows[at:]]))
        return reply

    def _swap(self, turn: Turn, topic: Topic, swap: Swap) -> Reply:
        """The last question asked again with ``swap``'s level, place or prize rank."""
        question = swapped_question(topic, swap)
        if swap.rank and swap.level is None and swap.place is None:
            same = self._same_clause_for_rank(turn, topic, question, swap.rank)
            if same is not None:
                return same
        if swap.level and swap.place is None:
            same = self._same_clause_for_level(turn, topic, question, swap.level)
            if same is not None:
                return same
        if swap.whole and not (swap.place or swap.level or swap.rank):
            whole = target_whole(self.kb, topic)
            if whole is not None:
                return self._target_whole(turn, topic, question, *whole)
        if swap.place and not (swap.level or swap.rank):
            target = self._target_elsewhere(turn, topic, question, swap.place)
            if target is not None:
                return target
            # a place without the thing asked says so first (住房补贴 where none is paid),
            # rather than leading with another of its benefits for the same occasion
            missing = self._topic_not_there(topic, question, swap.place)
            if missing is not None:
                return missing
            there = self._named_place(swap.place)
            if there is not None and there.covered and there.region != topic.region:
                # the same occasion's benefit there first (a new level's award for a new
                # level's award), as for a place switched with facts
                alike = self._alike_there(turn, topic, question, str(there.region))
                if alike is not None:
                    return alike
        # the question as re-asked names the place if either question did; otherwise the
        # remembered place answers, with its caveats, exactly as for the first question
        stay = topic.region if swap.place is None else None
        return self._answer(turn, question, level=swap.level or topic.level, region=stay)

    def _money_again(self, turn: Turn, topic: Topic, text: str) -> Reply | None:
        """The amount asked after a clause without one: the last question and this one as one
        question, when its answer names an amount; None otherwise."""
        question = topic.question + "，" + text
        result = self.index.search(question, top=SEARCH_TOP, region=topic.region)
        if not result.answered or not result.hits:
            return None
        top = result.hits[0]
        if (top.doc_id, top.clause_id) == (topic.doc_id, topic.clause_id):
            return None
        if not names_amount(answering_sentence(question, top)):
            return None
        return self._answer(turn, question, level=topic.level, region=topic.region)

    def _target_whole(
        self, turn: Turn, topic: Topic, question: str, target: Target, hit: Hit
    ) -> Reply:
        """「全市一共多少个」 after a county's target row: the whole region's row, led by its
        figure (「👉 全市：培育和谐劳动关系企业数 90个」)."""
        answer = compose(question, [hit], self.kb, self.today())
        head = f"👉 {target.district}{target.area}：{target.indicator} {target.value:g}{target.unit}（{target.period}）"
        turn.set_topic(
            replace(topic, question=question, clause_id=hit.clause_id, sentence=hit.sentence)
        )
        pages = paginate_items(
            head + "\n" + answer.first, answer.more, first_hint=texts.FIRST_PAGE_HINT
        )
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _target_elsewhere(self, turn: Turn, topic: Topic, question: str, name: str) -> Reply | None:
        """「连云港呢」 after a target: the same kind of target printed for that place."""
        place = self._named_place(name)
        if place is None or place.region is None or place.inside:
            return None
        hit = target_elsewhere(self.kb, topic, question, place.region)
        if hit is None:
            return None
        answer = compose(question, [hit], self.kb, self.today())
        turn.set_topic(
            Topic(question, hit.doc_id, hit.clause_id, place.region, sentence=hit.sentence)
        )
        pages = paginate_items(answer.first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _ellipsis_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「建实训基地咧」 after 「…校企合作最多补多钱」: the last question's asking part about
        the new subject, in the last answer's place unless the message names one."""
        subject = ellipsis_in(text)
        if subject is None:
            return None
        question = subject + asking_part(topic.question)
        stay = None
        if self._named_place(subject) is None:
            # the place the last question named (a county too), else the one it was for
            # (a place inside a title, 「六安市首席技师」, steers nothing: covered ones only)
            mentions = resolve_places(topic.question)
            named = "".join(m.text for m in mentions if m.covered) or "".join(
                m.text for m in mentions
            )
            question = named + question
            remembered = turn.place
            if not named and (remembered is None or remembered.region != topic.region):
                stay = topic.region
        kept = self._introduced_alike(turn, topic, question, subject)
        if kept is not None:
            return kept
        # 「要是评上全国技术能手呢」 after 「六安市首席技师有啥待遇」: a title of its own, not the
        # last question's skill level
        carried = None if _TITLE.search(subject) else topic.level
        return self._answer(turn, question, level=level_in(subject) or carried, region=stay)

    def _introduced_alike(
        self, turn: Turn, topic: Topic, question: str, subject: str
    ) -> Reply | None:
        """「那引进个技术能手呢」 after an answer about bringing someone in: the sentence of the
        same clause introducing that title (an introduction clause often grants one sum for
        levels and another for titles), never another clause merely naming the title (an
        honour's award). None when the last sentence was no introduction, the subject keeps
        no introduction, or the clause does not name it."""
        if not _INTRODUCED.search(subject) or not _INTRODUCED.search(topic.sentence or ""):
            return None
        core = _INTRODUCTION_NOISE.sub("", subject)
        if len(core) < 3 or level_in(core) == core:
            return None  # a level alone: the level swap answers it
        hit = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}")
        if hit is None:
            return None
        sentence = next(
            (
                s
                for s in split_sentences(hit.text) or [hit.text]
                if core in s and _INTRODUCED.search(s)
            ),
            None,
        )
        if sentence is None:
            return None
        hit = replace(hit, sentence=sentence)
        answer = compose(question, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit))
        turn.set_topic(
            replace(
                topic,
                question=question,
                amount=answer.amount,
                sentence=sentence,
                rule=rule_for(hit.doc_id, hit.number, sentence),
            )
        )
        pages = paginate_items(answer.first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _same_clause_for_rank(
        self, turn: Turn, topic: Topic, question: str, rank: str
    ) -> Reply | None:
        """「二等奖呢」 answered from the clause just cited when one of its sentences gives that
        prize rank its own amount; None otherwise (search again)."""
        hit = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}")
        if hit is None:
            return None
        sentence = next(
            (
                s
                for s in split_sentences(hit.text) or [hit.text]
                if Case("rank", rank) in case_amounts(s)
            ),
            None,
        )
        if sentence is None:
            return None
        hit = replace(hit, sentence=sentence)
        answer = compose(question, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit))
        turn.set_topic(replace(topic, question=question, amount=answer.amount))
        pages = paginate_items(answer.first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _same_clause_for_level(
        self, turn: Turn, topic: Topic, question: str, level: str
    ) -> Reply | None:
        """「那技师呢」 answered from the clause just cited when it gives that level its own
        amount, or gives one amount whatever the level (then it says so); None when the clause
        lists other levels only (search again)."""
        hit = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}")
        if hit is None:
            return None
        sentence = level_sentence(hit.text, level, topic.sentence)
        notes: tuple[str, ...] = ()
        named = _levels_named(topic.sentence)
        if sentence is None and named and level not in named:
            # 「高级工也有吗」 after a sentence for 高级技师、技师 only: it does not reach 高级工
            hit = replace(hit, sentence=topic.sentence)
            answer = compose(question, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit))
            head = texts.NOT_FOR_LEVEL.format(levels="、".join(named), level=level)
            turn.set_topic(replace(topic, question=question, level=level, amount=None))
            pages = paginate_items(
                head + "\n" + answer.first, answer.more, first_hint=texts.FIRST_PAGE_HINT
            )
            return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))
        if sentence is None:
            # 「同样适用」 only of an amount: a clause granting nothing by level is searched again
            if lists_levels(hit.text) or not topic.sentence or not _AMOUNT.search(topic.sentence):
                return None
            sentence = topic.sentence
            notes = (texts.SAME_FOR_EVERY_LEVEL.format(level=level),)
        hit = replace(hit, sentence=sentence)
        caveat = self._caveat(turn, hit)
        answer = compose(
            question, [hit], self.kb, self.today(), notes=notes, caveat=caveat, level=level
        )
        turn.set_topic(replace(topic, question=question, level=level, amount=answer.amount))
        pages = paginate_items(answer.first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _form_field_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「企业规模怎么填」「经营领域填啥」 after an answer from a form (a 调查表 in a
        document's 附件): the form's own instruction for that field (its 填表说明 entry, else
        the line listing it), before any search could answer from another document's clause
        sharing the words. None when the last clause is in no form or the message names none
        of its fields."""
        clauses = form_clauses(self.kb, topic.doc_id, topic.clause_id)
        if not clauses and _NAMES_FORM.search(topic.question):
            # 「…那个调查表叫啥」 answered with the document's facts: the form it attaches
            clauses = document_form(self.kb, topic.doc_id)
        label = field_asked(text, clauses) if clauses else None
        found = field_instruction(clauses, label) if label else None
        hit = hit_of(self.kb, f"{topic.doc_id}#{found.clause.clause_id}") if found else None
        if found is None or hit is None:
            return None
        form = clauses[0].heading
        # cited with the form's title, as search cites a paragraph of an attachment
        hit = replace(hit, sentence=found.sentence, heading=hit.heading or form)
        answer = compose(text, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit))
        lead = texts.FORM_FIELD_EXPLAINED if found.explained else texts.FORM_FIELD_LISTED
        head = lead.format(form=f"《{form}》" if form else "这张表", field=label)
        # still the form: the next field asked about is found in it too
        turn.set_topic(
            replace(topic, clause_id=found.clause.clause_id, sentence=found.sentence, rule=None)
        )
        pages = paginate_items(
            head + "\n" + answer.first, answer.more, first_hint=texts.FIRST_PAGE_HINT
        )
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _plan_figure_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「培训人次要达到多少」「学徒制的目标呢」 after an answer about a plan's targets (its
        target year, a sentence setting them): the figure the same document sets for what is
        named, led by it as printed, in the same place (another city's plan sets its own
        figures); None when the message names another place or the document sets none."""
        if not asks_figure_of_plan(text, topic):
            return None
        named = self._named_place(text)
        if named is not None and not self._names_topic_place(named, topic):
            return None
        outright = asks_figure_outright(text)
        # 「学徒制呢」: kept as the whole question it stands for, so a place swapped next
        # (「连云港呢」) asks that place's figure of it
        asked = text if outright else follow_up_core(text) + "要达到多少"
        found = plan_figure(self.kb, topic.doc_id, asked, min_words=2 if outright else 3)
        if found is None or not self._plan_clause(topic, found[0].clause_id):
            return None
        hit, figure = found
        answer = compose(asked, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit))
        lines = [line for line in answer.first.split("\n") if line != answer.amount]
        turn.set_topic(
            replace(topic, question=asked, clause_id=hit.clause_id, sentence=hit.sentence)
        )
        pages = paginate_items(
            f"👉 {figure}\n" + "\n".join(lines), answer.more, first_hint=texts.FIRST_PAGE_HINT
        )
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _plan_clause(self, topic: Topic, clause_id: str) -> bool:
        """Whether the clause ``clause_id`` answers a figure of the plan the topic is about: the
        topic was the document's targets (its facts, preamble or 目标 section) or that very
        clause; after a row of a target table, another row is the table's (``_row_follow_up``,
        ``_ellipsis_follow_up``), not a sentence elsewhere in the plan."""
        if clause_id == topic.clause_id or topic.clause_id in (INFO_CLAUSE_ID, "序言"):
            return True
        try:
            heading = self.kb.clause(topic.doc_id, topic.clause_id).heading
        except KeyError:
            return False
        return "目标" in heading

    def _document_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「这个文件哪天发的」「还有效吗」「文号呢」: the last answer's document; also when the
        message names the place that document is for (「沭阳这个是哪个文件定的」 after 宿迁's
        clause: the place said again, not another place asked about)."""
        if not asks_about_document(text):
            return None
        named = self._named_place(text)
        if named is not None and not self._names_topic_place(named, topic):
            return None
        if len(bare(text)) > 20:
            return None
        return self._document_reply(turn, topic.doc_id, text)

    def _names_topic_place(self, named: Place, topic: Topic) -> bool:
        """Whether the place a follow-up names is the one the last answer was for: the topic's
        place or its document's (a county or town of it included, 泗洪 for 宿迁市)."""
        if named.region is None:
            return False
        regions = {*self.kb.document(topic.doc_id).meta.regions, topic.region}
        return named.region in regions

    def _document_reply(self, turn: Turn, doc_id: str, question: str) -> Reply:
        """A document's printed facts, the one asked for first; 「更多」: its printed lines."""
        meta = self.kb.document(doc_id).meta
        form = document_form(self.kb, doc_id) if _NAMES_FORM.search(question) else []
        if form and form[0].heading:
            # 「…要填的那个调查表叫啥」: the form the document attaches, by its title, and the
            # dialogue now on it (its fields are asked next: 「企业规模怎么填」)
            number = form[0].number
            said = texts.FORM_OF_DOCUMENT.format(
                form=form[0].heading, source=citation(meta, number).strip()
            )
            regions = meta.regions
            turn.set_topic(
                Topic(question, doc_id, form[0].clause_id, regions[0] if regions else None)
            )
            lines = [said, *warnings(meta, self.today())]
            return Reply("\n".join(lines), "answer", (f"{doc_id}#{form[0].clause_id}",))
        info = self.index.document_info(doc_id, question)
        body = document_facts(meta, self.today(), question, info.sentence)
        more = ["文件上印的：\n" + info.text] if info.text else []
        pages = paginate_items(body, more, first_hint=texts.DOCUMENT_MORE_HINT)
        topic = turn.topic
        if topic is None or topic.doc_id != doc_id:
            regions = meta.regions
            turn.set_topic(Topic(question, doc_id, info.clause_id, regions[0] if regions else None))
        return self._pages(turn, pages, "document", (f"{doc_id}#{info.clause_id}",))

    def _choice_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「是按税前还是税后算」「是给企业还是给个人」: the option the last answer's sentence
        bears out, said first, then that sentence; None when it bears out neither (or both)."""
        choice = choice_in(text)
        if choice is None or len(bare(text)) > MAX_FOLLOW_UP_CHARS:
            return None
        hit = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}")
        sentence = topic.sentence or (hit.sentence if hit else "")
        picked = pick_choice(choice, sentence) if hit is not None else None
        if hit is None or picked is None:
            return None
        hit = replace(hit, sentence=sentence)
        answer = compose(text, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit))
        first = f"👉 {choice.said(picked)}\n{answer.first}"
        pages = paginate_items(first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _yes_no_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「是一次性给吗」「是按月发吗」: yes, when the last answer's sentence says those very
        words, said first with that sentence; None otherwise (answered as before)."""
        m = _IS_IT.match(bare(text))
        if m is None:
            return None
        words = m.group(1)
        hit = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}")
        sentence = topic.sentence or (hit.sentence if hit else "")
        if hit is None or len(words) < 2:
            return None
        same = _same_period(words, sentence)
        if words in sentence or same:
            head = texts.SAID_YES.format(words=same or words)
        else:
            # 「是按月发吗」 of a one-off sum: no, and the words it does say
            other = _other_way_paid(words, sentence)
            if other is None:
                return None
            head = texts.SAID_NO.format(words=other)
        hit = replace(hit, sentence=sentence)
        answer = compose(text, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit))
        first = head + "\n" + answer.first
        pages = paginate_items(first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _guide_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「要带啥材料」「多久能批下来」「电话多少」「去哪办」 after a clause: the district's
        申兑指南 for the benefit (``BotServices.benefit_guide``); where to apply leads with the
        office the document prints. None when the message asks something else or names a
        place of its own."""
        kind = guide_asked(text)
        if kind is None or topic.region is None or self._named_place(text) is not None:
            return None
        guide = (
            self.services.benefit_guide(topic.region, topic.rule)
            if self.services is not None
            else None
        )
        window = texts.SERVICE_WINDOWS.get(topic.region, "")
        ref = (f"{topic.doc_id}#{topic.clause_id}",)
        if kind == "where":
            printed = where_to_apply(self.kb, topic, self.today())
            if guide is not None and guide.where and printed is not None:
                link = f"\n📋 申兑指南：{guide.page_url}" if guide.page_url else ""
                return Reply(
                    f"{printed}\n办理地点（本区申兑指南）：{guide.where}{link}", "answer", ref
                )
            if printed is not None:
                link = f"\n📋 申兑指南：{guide.page_url}" if guide and guide.page_url else ""
                return Reply(printed + link, "answer", ref)
            if guide is None or not guide.where:
                return None  # the clause's own words may say where (「向区人社局申报」)
        return Reply(render_guide(kind, guide, topic.region, window), "answer", ref)

    def _clause_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「分几年给」「是给企业还是给个人」: answered from the last clause and its neighbours."""
        if not leans_on_context(text):
            return None
        return self._from_clause(turn, text, topic)

    def _from_clause(self, turn: Turn, text: str, topic: Topic) -> Reply:
        """A follow-up answered from the last clause, its neighbours and its document's clauses
        search finds for it (``followup.answer_follow_up``), else said unstated there."""
        if asks_where_to_apply(text):
            where = where_to_apply(self.kb, topic, self.today())
            if where is not None:
                return Reply(where, "answer", (f"{topic.doc_id}#{topic.clause_id}",))
        hit = answer_follow_up(self.kb, self.index, topic, text)
        if hit is None and asks_money(text):
            # 「补多少钱」 after a clause naming no amount (search led with the wrong one): the
            # last question with this one, asked again in the same place
            again = self._money_again(turn, topic, text)
            if again is not None:
                return again
        if hit is None:
            return self._unstated(topic)
        answer = compose(text, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit))
        turn.set_topic(
            Topic(
                question=topic.question,
                doc_id=hit.doc_id,
                clause_id=hit.clause_id,
                region=topic.region,
                level=topic.level,
                amount=answer.amount,
                related=topic.related,
                # the sentence shown (a money question leads with the clause's amount)
                sentence=answering_sentence(text, hit),
                rule=rule_for(hit.doc_id, hit.number, answering_sentence(text, hit)),
            )
        )
        pages = paginate_items(answer.first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _unstated(self, topic: Topic) -> Reply:
        """The last clause (and its neighbours) do not say what the follow-up asks: said so,
        with the service window."""
        meta = self.kb.document(topic.doc_id).meta
        number = number_of(self.kb, topic)
        window = texts.SERVICE_WINDOWS.get(topic.region or "", "")
        unstated = texts.FOLLOW_UP_UNSTATED.format(document=citation(meta, number), window=window)
        # 「那我现在能照这个去办吗」 after a draft's clause: what the document is, said again
        standing = warnings(meta, self.today())
        return Reply("\n".join([unstated, *standing]), "not_answered")

    def _continued_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「还给升级吗」「另外还能晋升等级吗」 after an answer: answered from the last clause or
        its document when one of its sentences says that (in the search's synonyms too), before
        a search everywhere could answer from another place's clause; None otherwise."""
        if not continues_topic(text):
            return None
        hit = answer_follow_up(self.kb, self.index, topic, text)
        if hit is None:
            return None
        answer = compose(text, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit))
        turn.set_topic(_moved_to(topic, hit, text, answer.amount))
        pages = paginate_items(answer.first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _asked_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """A follow-up asking one kind of thing of the clause just answered (a condition, 期限,
        对象, who is paid, the other side): that kind's handler (``_by_kind``); None when the
        message asks none of them, names a place of its own, or the handler finds no answer
        (then the clause's neighbours are read, ``_clause_follow_up``)."""
        kind = kind_asked(text)
        if kind is None or self._named_place(text) is not None:
            return None
        return self._by_kind[kind](turn, text, topic)

    def _condition_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「合同得签几年」「社保交几个月」「分几年给」 after an answer: the condition's value leads
        (「👉 劳动合同：1年以上」), from the sentence shown, else the rest of its clause, else the
        rule it grants, else the clauses of the same document and place nearest the question;
        said unstated when none sets it."""
        aspect = aspect_asked(text)
        if aspect is None:
            return None
        found = condition_hit(self.kb, self.index, topic, aspect, text)
        elsewhere = found is None or (found[0].doc_id, found[0].clause_id) != (
            topic.doc_id,
            topic.clause_id,
        )
        if named_only(text) is not None and aspect.field is not None and elsewhere:
            return None  # 「社保呢」 of a clause setting no such condition: maybe its subsidy
        meta = self.kb.document(topic.doc_id).meta
        region = topic.region or "、".join(meta.regions) or "当地"
        if found is None and aspect.field == PERIOD_FIELD:
            # 「补几年」 neither the clause nor a neighbour on the same thing says: said so
            # (another subsidy's period, or a contract's years, is no answer)
            return self._unstated(topic)
        if found is None and not aspect.beyond:
            # 「什么人能参加」 the clause does not name: its conditions, read from it and its
            # neighbours, else said unstated (never a search answering something else)
            return self._from_clause(turn, text, topic)
        if found is None:
            window = texts.SERVICE_WINDOWS.get(topic.region or "", "")
            said = texts.ASPECT_UNSTATED.format(
                document=citation(meta, number_of(self.kb, topic)),
                aspect=aspect.label,
                region=region,
                window=window,
            )
            return Reply(said, "not_answered", (f"{topic.doc_id}#{topic.clause_id}",))
        hit, value = found
        # the clause just shown (or, said so below, another of its place): no place note
        answer = compose(text, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit))
        lines = [line for line in answer.first.split("\n") if line != answer.amount]
        if (hit.doc_id, hit.clause_id) != (topic.doc_id, topic.clause_id):
            # the last clause does not say it: another clause of its place does
            lines.insert(0, texts.ASPECT_OTHER_CLAUSE.format(aspect=aspect.label, region=region))
        first = f"👉 {aspect.label}：{value}\n" + "\n".join(lines)
        turn.set_topic(
            replace(
                topic,
                doc_id=hit.doc_id,
                clause_id=hit.clause_id,
                sentence=hit.sentence,
                rule=rule_for(hit.doc_id, hit.number, hit.sentence) or topic.rule,
            )
        )
        pages = paginate_items(first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _recipient_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「给谁的」「是给企业还是给个人」「是给个人的吗」 after an answer: whom the last
        answer's money goes to (its rule's beneficiary, else its sentence's grammar:
        ``aspects.topic_side``) leads, then that sentence. None when neither tells (the
        clause's neighbours are read then)."""
        asked = recipient_asked(text)
        side = topic_side(topic)
        hit = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}")
        sentence = topic.sentence or (hit.sentence if hit else "")
        if asked is None or hit is None or not sentence:
            return None
        if asked.choice is not None:
            picked = pick_choice(asked.choice, sentence, side)
            lead = f"👉 {asked.choice.said(picked)}" if picked is not None else None
        elif side is None:
            lead = None
        elif asked.named is not None and asked.named != side:
            lead = texts.PAID_TO_NO.format(side=SIDE_WORDS[side])
        elif asked.named == "person":
            lead = texts.PAID_TO_YES.format(side=SIDE_WORDS[side])
        elif asked.word and asked.word in sentence:
            # 「是给学校的吗」 of a sentence paying 学校: yes, in the worker's word
            lead = texts.PAID_TO_YES.format(side=asked.word)
        else:
            lead = texts.PAID_TO.format(side=SIDE_WORDS[side])
        if lead is None:
            return None
        hit = replace(hit, sentence=sentence)
        answer = compose(text, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit))
        pages = paginate_items(
            lead + "\n" + answer.first, answer.more, first_hint=texts.FIRST_PAGE_HINT
        )
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _beneficiary_follow_up(self, turn: Turn, text: str, topic: Topic) -> Reply | None:
        """「个人呢」「那我本人能拿多少」 after a clause paying the employer (「企业呢」「单位能拿
        吗」 after one paying the worker): the rule of the same document and section paying that
        side about the same thing (``aspects.other_side_rule``), or that the document has none.
        None when the message names no side, or the side the last answer already pays."""
        side = beneficiary_asked(text)
        before = topic_side(topic)
        if side is None:
            return None
        if before is None:
            # 「单位能拿多少」 after a sentence granting nothing of its own (「开展学徒制培训」):
            # the same document's sentence paying that side about the same thing, if any
            alike = other_side_sentence(self.kb, topic, side)
            return None if alike is None else self._other_side_reply(turn, text, topic, alike)
        if (
            side == before == "organisation"
            and enterprise_asked(text)
            and topic.sentence
            and not pays_enterprise(topic.sentence)
        ):
            # 「那给企业的呢」 after a sentence paying a training base or a school: an enterprise
            # is another organisation, so the same document's sentence paying enterprises
            alike = other_side_sentence(self.kb, topic, side, enterprise=True)
            if alike is not None:
                head = texts.OTHER_ORGANISATION
                return self._other_side_reply(turn, text, topic, alike, head)
        if side == before:
            # 「个人呢」 after a clause paying the worker: yes, this one, said again
            same = hit_of(self.kb, f"{topic.doc_id}#{topic.clause_id}")
            if same is None or not topic.sentence:
                return None
            same = replace(same, sentence=topic.sentence)
            question = (topic.level or "") + text
            answer = compose(
                question, [same], self.kb, self.today(), caveat=self._caveat(turn, same)
            )
            first = texts.OTHER_SIDE_SAME.format(side=SIDE_WORDS[side]) + "\n" + answer.first
            pages = paginate_items(first, answer.more, first_hint=texts.FIRST_PAGE_HINT)
            return self._pages(turn, pages, "answer", (f"{same.doc_id}#{same.clause_id}",))
        meta = self.kb.document(topic.doc_id).meta
        number = number_of(self.kb, topic)
        found = other_side_hit(self.kb, topic, side)
        if found is None:
            # no catalogue rule of that side (a training subsidy): a sentence of the same
            # document paying it about the same thing, with the side said first
            alike = other_side_sentence(self.kb, topic, side)
            if alike is not None:
                head = texts.OTHER_SIDE.format(before=SIDE_WORDS[before], side=SIDE_WORDS[side])
                return self._other_side_reply(turn, text, topic, alike, head)
        if found is None:
            window = texts.SERVICE_WINDOWS.get(topic.region or "", "")
            said = texts.OTHER_SIDE_NONE.format(
                document=citation(meta, number),
                before=SIDE_WORDS[before],
                side=SIDE_WORDS[side],
                window=window,
            )
            return Reply(said, "answer", (f"{topic.doc_id}#{topic.clause_id}",))
        rule, hit = found
        question = (topic.level or "") + text
        answer = compose(question, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit))
        lines = answer.first.split("\n")
        if answer.amount is None:
            lead = side_lead(side, hit.sentence)
            if lead is not None:
                lines.insert(0, lead)
        head = texts.OTHER_SIDE.format(before=SIDE_WORDS[before], side=SIDE_WORDS[side])
        turn.set_topic(
            replace(
                topic,
                clause_id=hit.clause_id,
                sentence=hit.sentence,
                amount=answer.amount,
                rule=rule.id,
            )
        )
        pages = paginate_items(
            head + "\n" + "\n".join(lines), answer.more, first_hint=texts.FIRST_PAGE_HINT
        )
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    def _other_side_reply(
        self, turn: Turn, text: str, topic: Topic, hit: Hit, head: str | None = None
    ) -> Reply:
        """``hit`` (a sentence paying the side asked) as the answer, led by ``head`` (the last
        answer paid the other side) when given and by its amount for that side; the topic moves
        to it."""
        side = beneficiary_asked(text)
        answer = compose(
            (topic.level or "") + text, [hit], self.kb, self.today(), caveat=self._caveat(turn, hit)
        )
        lines = answer.first.split("\n")
        if answer.amount is None and side is not None:
            lead = side_lead(side, hit.sentence)
            if lead is not None:
                lines.insert(0, lead)
        if head is not None:
            lines.insert(0, head)
        turn.set_topic(
            replace(
                topic,
                clause_id=hit.clause_id,
                sentence=hit.sentence,
                amount=answer.amount,
                rule=rule_for(hit.doc_id, hit.number, hit.sentence),
            )
        )
        pages = paginate_items("\n".join(lines), answer.more, first_hint=texts.FIRST_PAGE_HINT)
        return self._pages(turn, pages, "answer", (f"{hit.doc_id}#{hit.clause_id}",))

    # -- questionnaire ---------------------------------------------------------------------
    def _seed(self, turn: Turn, text: str = "") -> dict[str, Any]:
        seed: dict[str, Any] = {}
        place = turn.place
        if place is not None and place.region:
            seed["region"] = place.region
        topic = turn.topic
        if topic is not None and topic.level:
            seed["skill_level"] = topic.level
        seed.update(self._said_facts(turn))
        seed.update(facts_in(text, self.today()))
        said = stated_location(text)
        now = self._named_place(said) if said else None
        if now is not None and now.region:
            seed["region"] = now.region  # where they are now, not where they were
        return seed

    def _quiz_start(self, turn: Turn, text: str) -> Reply:
        turn.state.delete(f"bot:told:{turn.uid}")  # what was told is the questionnaire's now
        last = turn.state.get(f"bot:last-quiz:{turn.uid}")
        if last and finishes_quiz(text):
            # 「所以我能拿多少？」 right after a result: that result again, not a new round
            items = result_items(last["result"])
            return self._pages(turn, paginate_packed(items), "quiz_result")
        turn.state.delete(f"bot:quiz-sure:{turn.uid}")
        seed = self._seed(turn, text)
        step = turn.quiz.start(turn.uid, seed, said=text)
        told_then_done = finish_after(text)
        if step.kind == "question" and told_then_done and facts_in(told_then_done, self.today()):
            # 「帮我算算：台儿庄，区里比赛拿过奖，别的没了」: nothing more to ask about
            step = turn.quiz.finish(turn.uid)
            if step.kind == "question":
                step = replace(step, hint=texts.QUIZ_FINISH_NEEDS_REGION)
        reply = self._quiz_step(turn, step)
        told = [k for k in facts_in(text, self.today()) if k != "region"]
        if (
            reply.intent == "quiz"
            and len(told) >= 2
            and seed.get("region")
            and "可以确定" not in reply.text
        ):
            # the worker told their situation: say which place it is worked out for
            return _prefixed(texts.QUIZ_TOLD.format(region=seed["region"]), reply)
        return reply

    def _quiz_turn(self, turn: Turn, text: str) -> Reply:
        """One message while the questionnaire runs: cancel, back, correct, answer (every
        field the message states), or a policy question answered in between (the
        questionnaire then resumes)."""
        uid, quiz = turn.uid, turn.quiz
        b = bare(text)
        if b in QUIZ_CANCEL:
            quiz.cancel(uid)
            return Reply(texts.QUIZ_CANCELLED, "quiz_cancel")
        asked = question_after_cancel(text)
        if asked is not None:
            # 「不测了，洪泽引进个技师给多少」: the questionnaire ends and the question is answered,
            # the answer first and the questionnaire's end said after it when it fits
            quiz.cancel(uid)
            reply = self._dispatch(turn, asked, classify(asked))
            told = reply.text + "\n" + texts.QUIZ_CANCELLED
            if utf8_len(told) <= MAX_REPLY_BYTES:
                return replace(reply, text=told)
            return reply
        if b in QUIZ_BACK:
            return self._quiz_step(turn, quiz.back(uid))
        intent = classify(text)
        if intent in _LEAVES_QUIZ:
            # 「我要办蓝卡」 mid-way: the questionnaire stops, what it learnt is kept (the card
            # form offers the level and place), and the request is served
            kept = self._said_facts(turn) | quiz.current(uid).answers
            turn.state.set(f"bot:facts:{uid}", kept, CONTEXT_TTL_SECONDS)
            quiz.cancel(uid)
            return _prefixed(texts.QUIZ_LEFT, self._dispatch(turn, text, intent))
        if cancels_quiz(text):
            quiz.cancel(uid)
            return Reply(texts.QUIZ_CANCELLED, "quiz_cancel")
        if asks_why_asked(text):
            # 「咋还问这个」: the benefits that hang on the question, then the question again
            why = "\n".join(f"· {b}" for b in quiz.why_asked(uid))
            hint = texts.QUIZ_WHY_ASKED.format(benefits=why) if why else texts.QUIZ_WHY_ASKED_NONE
            return self._quiz_step(turn, replace(quiz.current(uid), hint=hint))
        worked = asks_how_worked_out(text)
        explained = self._quiz_explained(turn, worked) if worked is not None else None
        if explained is not None:
            # 「咋算的」: how the result so far came about, then the question again
            return explained
        now = quiz.current(uid)
        theirs = split_by_person(text)
        if theirs is not None and not theirs.own:
            # 「要是我儿子也是技师呢」 mid-way: someone else's case is no answer, supposition or
            # correction of the worker's; said so, and the question again
            hint = texts.QUIZ_OTHER_PERSON.format(who=called(theirs.who))
            return self._quiz_step(turn, replace(now, hint=hint))
        if theirs is not None:
            text = theirs.own  # 「我是高级工，我媳妇是技师」: the worker's part answers
        both = self._answer_and_ask(turn, text, now)
        if both is not None:
            return both
        said_region = now.answers.get("region")
        stated = facts_in(text, self.today(), said_region if isinstance(said_region, str) else None)
        stated = whatif_completed(text, stated, now.answers, self.today())
        kind = whatif_reading(text, stated, now.answers)
        if kind == "suppose" and asks_beyond(text, self.today()):
            kind = None  # 「如果是技师，住房补贴怎么申请」: a question, answered in between
        supposed = (
            self._suppose(turn, now.answers, stated, resume=True) if kind == "suppose" else None
        )
        if supposed is not None:
            # 「假如社保才缴了3个月」: the answers so far with that fact otherwise, then the
            # question again; what the worker said is kept as said
            return supposed
        if (
            kind is None
            and restates(text, stated, self.today())
            and any(
                k in now.answers and now.answers[k] != v for k, v in stated.items() if k != "region"
            )
        ):
            kind = "correct"  # 「社保其实交了5个月」: an answer given before, said otherwise
        if kind == "correct":
            # 「你记错了，合同是3年」: replaced, and the questionnaire goes on
            fixed = {k: v for k, v in stated.items() if k != "region" or k in now.answers}
            said_before, was = self._before_fix(turn, now.answers)
            step = quiz.correct(uid, fixed, text)  # the text: a year alone has its month asked
            return self._corrected(turn, step, fixed, said_before, was)
        if is_change_request(text):
            target = question_for_change(text)
            if target is not None:
                # 「合同改成3年」: the new value with it is kept; 「改一下合同」 asks it again
                value = _value_given(QUESTIONS[target], text, self.today(), now.answers)
                if value is not None:
                    fixed = {target: value}
                    said_before, was = self._before_fix(turn, now.answers)
                    return self._corrected(turn, quiz.correct(uid, fixed), fixed, said_before, was)
                return self._quiz_step(turn, quiz.change(uid, target))
        before_end = finish_after(text)
        if finishes_quiz(text) or before_end is not None:
            # 「去年区里比赛拿了个二等奖，其他没啥了」: what it says is kept, then the result
            told = before_end if before_end is not None else text
            region = said_region if isinstance(said_region, str) else None
            step = quiz.finish(uid, facts_in(told, self.today(), region))
            if step.kind == "question":
                # 「就这些」 before the place: nothing can be worked out without it
                step = replace(step, hint=texts.QUIZ_FINISH_NEEDS_REGION)
            return self._quiz_step(turn, step)
        if asks_back(text):
            return self._quiz_aside(turn, text)
        current = now.question
        said = self._said_without_value(text, now)
        given = _length_beside(QUESTIONS[said], text, self.today()) if said else None
        if said is not None and given is not None:
            # 「社保一直交的，五年了」: the length said in another part is that field's
            fixed = {said: given}
            said_before, was = self._before_fix(turn, now.answers)
            return self._corrected(turn, quiz.correct(uid, fixed), fixed, said_before, was)
        if said is not None:
            # 「合同也签了」: signed, but for how long? asked now, the current question after
            step = quiz.change(uid, said)
            return self._quiz_step(turn, replace(step, hint=_why_asked_again(said, text, self)))
        place = self._named_place(text)
        if current is not None and current.field == "region" and place and not place.covered:
            # 「苏州」: said plainly, and the worker can still pick a covered place
            uncovered = texts.PLACE_UNCOVERED.format(place=place.name, regions=self.region_names)
            return Reply(uncovered + "\n" + current.render() + texts.QUIZ_FOOTER, "quiz")
        if stated and looks_like_question(text) and _adds_nothing(stated, now.answers):
            # 「宿迁那个文件还有效不」 with 宿迁 told already: a question about it, not an answer
            return self._quiz_aside(turn, text)
        redated = (
            date_instead(current, text, self.today(), now.answers)
            if current is not None
            and not stated
            and _value_given(current, text, self.today(), now.answers) is None
            else None
        )
        if redated and now.answers.get("level_obtained_on") not in (None, redated):
            # 「去年5月」 while another question waits: the certificate's date said otherwise
            fixed = {"level_obtained_on": redated}
            said_before, was = self._before_fix(turn, now.answers)
            return self._corrected(turn, quiz.correct(uid, fixed), fixed, said_before, was)
        step = quiz.answer(uid, text, stated)
        if step.hint and (
            looks_like_question(text) or (turn.topic is not None and kind_asked(text) is not None)
        ):
            # 「是给企业还是个人」 after a question answered in between: asked of that answer
            return self._quiz_aside(turn, text)
        return self._quiz_step(turn, step)

    def _answer_and_ask(self, turn: Turn, text: str, now: Step) -> Reply | None:
        """「8个月，够不够？」「三年了吧，奖励啥时候发？」: an answer to the question waiting,
        then something asked. The answer is taken (the questionnaire goes on), and the ask is
        acknowledged — 够不够 is what the result decides, clause by clause — or answered in
        between before the next question. None when the first part answers nothing (the
        message is read as usual)."""
        current = now.question
        parts = [p for p in _PART_BREAK.split(text.strip()) if bare(p)]
        alone = without_enough(text) if len(parts) == 1 else None
        if alone is not None:
            parts = [alone, text.strip()[len(alone) :]]  # 「8个月够吗」: the length, then the ask
        if (
            current is None
            or len(parts) < 2
            or not (looks_like_question(text) or asks_enough(text))
        ):
            return None
        fact, ask = parts[0], "，".join(parts[1:])
        if looks_like_question(fact) or asks_enough(fact):
            return None
        if _value_given(current, fact, self.today(), now.answers) is None:
            return None
        region = now.answers.get("region")
        stated = facts_in(fact, self.today(), region if isinstance(region, str) else None)
        step = turn.quiz.answer(turn.uid, fact, stated)
        if step.hint and step.kind == "question" and step.question == current:
            return None  # refused after all: read as usual
        noted = texts.QUIZ_NOTED.format(fact=fact.strip())
        if asks_enough(ask) or step.kind != "question":
            # 「够不够」: each benefit's condition is judged in the result, none here alone
            said = texts.QUIZ_NOTED_ENOUGH if asks_enough(ask) else texts.QUIZ_NOTED_ASK_LATER
            judged = _quiz_enough(current.field, step) if asks_enough(ask) else ""
            hint = noted + (judged or said.format(ask=ask.strip(" ？?")))
            return self._quiz_step(turn, replace(step, hint=hint + (step.hint or "")))
        reply = self._quiz_aside(turn, ask)
        return replace(reply, text=noted + "\n" + reply.text)

    def _suppose(
        self, turn: Turn, answers: dict[str, Any], supposed: dict[str, Any], *, resume: bool
    ) -> Reply | None:
        """A what-if on the worker's own facts (``bot.whatif``): the result of ``answers``
        with ``supposed`` over them, said as what changes; ``resume``: the questionnaire's
        question again after it. Nothing is stored. None when the engine refuses the
        supposed facts (a date still to come): the message is read as otherwise."""
        changes = {k: v for k, v in supposed.items() if k != "region" and answers.get(k) != v}
        changes = changes or {k: v for k, v in supposed.items() if k != "region"}
        try:
            before = turn.quiz.result_for(answers)
            after = turn.quiz.result_for({**answers, **changes})
        except ValueError:  # ProfileError: a supposed fact the engine refuses
            return None
        lines = [texts.WHATIF_HEAD.format(changes=changes_text(changes))]
        lines += whatif_lines(before, after)
        lines.append(texts.WHATIF_TAIL)
        text = "\n".join(lines)
        current = turn.quiz.current(turn.uid) if resume else None
        if current is not None and current.question is not None:
            question = current.question.render_for(current.answers)
            text += "\n\n" + texts.QUIZ_RESUME.format(question=question)
        return Reply(text, "quiz_whatif")

    def _before_fix(
        self, turn: Turn, answers: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """What a correction in the questionnaire is measured against: the answers so far and
        no result, or — in a questionnaire taken up again after its result with 「上一步」 —
        that result's answers with those given since over them, and that result itself
        (the answers so far lack what going back set aside: never compared on their own)."""
        last = turn.state.get(f"bot:last-quiz:{turn.uid}")
        if not last or not turn.quiz.reopened(turn.uid):
            return dict(answers), None
        return {**dict(last.get("answers") or {}), **answers}, last.get("result")

    def _corrected(
        self,
        turn: Turn,
        step: Step,
        fixed: dict[str, Any],
        before: dict[str, Any],
        was_result: dict[str, Any] | None = None,
    ) -> Reply:
        """The questionnaire's next step after a correction, saying what was changed (or
        noted, when ``before``, the answers it corrected, held none of it: 「应该是3年吧」);
        ``was_result``: the result the change is measured against (default: ``before``'s)."""
        wording = texts.CORRECTED if any(k in before for k in fixed) else texts.NOTED
        said = wording.format(changes=changes_text(fixed))
        if wording == texts.CORRECTED and isinstance(before.get("region"), str):
            # what the corrected fact changes in the result: benefits lost, gained, amounts
            try:
                was = was_result or turn.quiz.result_for(before)
                now = turn.quiz.result_for({**before, **fixed})
            except ValueError:  # ProfileError
                pass
            else:
                changed = "\n".join(whatif_lines(was, now))
                said += "\n" + texts.RESULT_CHANGES.format(lines=changed)
        if step.kind == "question":
            # a hint of the step's own asks the corrected length's month (a year said alone)
            return self._quiz_step(turn, replace(step, hint=step.hint or said))
        return self._fit(turn, _prefixed(said, self._quiz_step(turn, step)))

    def _after_result(self, turn: Turn, text: str) -> Reply | None:
        """A what-if or a correction right after a questionnaire's result (nothing asked
        since): the result again with that fact otherwise — supposed (the result kept as it
        is) or corrected (the new result kept in its place). None for any other message."""
        last = turn.state.get(f"bot:last-quiz:{turn.uid}")
        if bare(text) in QUIZ_BACK:
            # 「上一步」「返回」 with no questionnaire running: the last one again at its last
            # question (also after a question asked since), else how to start one
            if not last:
                return Reply(texts.QUIZ_NONE, "quiz")
            answers = dict(last.get("answers") or {})
            order = [str(k) for k in last.get("order") or answers]
            return self._quiz_step(turn, turn.quiz.reopen(turn.uid, answers, order))
        if bare(text) in QUIZ_CANCEL and not turn.quiz.active(turn.uid):
            return Reply(texts.NOTHING_TO_CANCEL, "quiz_cancel")
        if not last:
            return None
        answers = dict(last.get("answers") or {})
        # nothing asked since the result: its topic is still the last one
        just_after = last.get("topic") == turn.state.get(CONTEXT_KEY)
        worked = asks_how_worked_out(text) if just_after else None
        lines = explanation(last["result"], answers, worked) if worked is not None else []
        if lines:
            # 「咋算的」 after the result: each amount's clause and arithmetic
            return self._pages(turn, paginate("\n".join(lines)), "quiz_explain")
        region = answers.get("region")
        stated = facts_in(text, self.today(), region if isinstance(region, str) else None)
        still = [f for f in last["result"].get("unknown") or [] if f in QUESTIONS]
        if just_after and not stated and still and bare(text) not in _NODS:
            # 「没有」 right after a result still needing 竞赛获奖: the answer to the first
            # fact it needs (the reply says which it was kept as)
            try:
                value = QUESTIONS[still[0]].parse_for(text, self.today(), answers)
            except AnswerError:
                value = SKIP
            if value is not SKIP:
                stated = {still[0]: value}
        if just_after and not stated and bare_value(text):
            # 「七八个月」「冬月」 alone: which fact is it?
            # echoed only while short: a long run of numerals may be a phone number read out
            said = text.strip() if len(text.strip()) <= _ECHO_AT_MOST else "这个数"
            return Reply(texts.WHICH_FACT.format(value=said), "quiz_result")
        if split_by_person(text) is not None:
            return None  # 「要是我媳妇是技师呢」: someone else's case, never the worker's answers
        moved = self._result_elsewhere(turn, text, answers) if just_after else None
        if moved is not None:
            return moved
        stated = whatif_completed(text, stated, answers, self.today())
        kind = whatif_reading(text, stated, answers) if just_after else None
        if kind == "suppose" and asks_beyond(text, self.today()):
            return None
        # 「我合同是两年的」: the fact as it is, said again — also after other questions, when
        # it is one the questionnaire was answered on
        answered = just_after or any(k in answers for k in stated if k != "region")
        if kind is None and answered and restates(text, stated, self.today()):
            kind = "correct"
        if kind is None or not isinstance(region, str):
            return None
        if kind == "suppose":
            return self._suppose(turn, answers, stated, resume=False)
        fixed = {k: v for k, v in stated.items() if k != "region"}
        order = [str(k) for k in last.get("order") or answers]
        asked = turn.quiz.month_after_result(turn.uid, answers, order, fixed, text)
        if asked is not None:
            # 「不对，是大前年进的厂」 where the line falls inside that year: its month first
            return self._quiz_step(turn, asked)
        try:
            result = turn.quiz.result_for({**answers, **fixed})
        except ValueError:
            return None
        if all(k in answers and answers[k] == v for k, v in fixed.items()):
            same = texts.RESTATED_SAME.format(changes=changes_text(fixed))
            return Reply(same, "quiz_result")
        order = [k for k in last.get("order") or answers if k not in fixed] + list(fixed)
        step = Step("result", result=result, answers={**answers, **fixed}, order=tuple(order))
        return self._corrected(turn, step, fixed, answers)

    def _result_elsewhere(self, turn: Turn, text: str, answers: dict[str, Any]) -> Reply | None:
        """「要是换成洪泽呢」「假如我调到台儿庄」 right after a questionnaire's result: the same
        answers evaluated in that covered place, said as what changes (benefits of the old
        place lost, those of the new one gained, the total), nothing stored. None when the
        message moves nowhere else, or the engine refuses the answers there."""
        swap = swap_in(text)
        if swap is None or not swap.place or swap.level or swap.rank or swap.whole:
            return None
        there = self._named_place(swap.place)
        region = answers.get("region")
        if there is None or not there.covered or not there.region or there.region == region:
            return None
        try:
            before = turn.quiz.result_for(answers)
            after = turn.quiz.result_for({**answers, "region": there.region})
        except ValueError:  # ProfileError
            return None
        lines = [texts.WHATIF_PLACE_HEAD.format(old=region, new=there.region)]
        lines += place_lines(before, after, str(region), there.region)
        lines.append(texts.WHATIF_TAIL)
        return self._pages(turn, paginate("\n".join(lines)), "quiz_whatif")

    def _quiz_explained(self, turn: Turn, subject: str) -> Reply | None:
        """「咋算的」 in the questionnaire: the amounts sure so far with their clause and
        arithmetic, else what the question waiting decides; then the question again. None when
        the words name something the result holds nothing of (a policy question, searched)."""
        now = turn.quiz.current(turn.uid)
        if now.question is None:
            return None
        result = now.result
        if result is None and isinstance(now.answers.get("region"), str):
            try:
                result = turn.quiz.result_for(now.answers)
            except ValueError:
                result = None
        lines = explanation(result, now.answers, subject) if result else []
        if not lines and subject:
            return None
        if not subject and not (result and pays(result)):
            # nothing paid yet: what the question waiting decides
            why = turn.quiz.why_asked(turn.uid)
            missed = [line for line in lines if line.startswith("· 差一点")]
            lines = (why and pending_lines(result or {}, why)) or lines
            lines = lines or pending_lines(result or {}, []) or [texts.QUIZ_EXPLAIN_NOTHING]
            if missed and missed[0] not in lines:
                lines = [*lines, texts.QUIZ_EXPLAIN_MISSED, *missed]
        question = now.question.render_for(now.answers)
        resume = texts.QUIZ_RESUME.format(question=question) + texts.QUIZ_FOOTER
        room = MAX_REPLY_BYTES - utf8_len(resume) - 2
        if utf8_len("\n".join(lines)) > room:
            lines = [line for line in lines if not line.startswith("   原文：")]
        while len(lines) > 1 and utf8_len("\n".join(lines)) > room:
            lines.pop()  # one page: the question must stay with it
        return Reply("\n".join(lines) + "\n\n" + resume, "quiz_explain")

    def _said_without_value(self, text: str, now: Step) -> str | None:
        """The field a questionnaire message mentions without its number (「合同也签了」
        「社保一直交着」), when it is not asked yet and the message answers nothing else; None
        otherwise."""
        if now.question is None or facts_in(text, self.today()) or looks_like_question(text):
            return None
        for name, pattern in _MENTIONED_FIELDS.items():
            if pattern.search(text) and name not in now.answers and name != now.question.field:
                return name
        return None

    def _quiz_aside(self, turn: Turn, text: str) -> Reply:
        """A question in the middle of the questionnaire: answer it (for the place the
        questionnaire was told, when no other is remembered), then ask again."""
        region = turn.quiz.current(turn.uid).answers.get("region")

        def again() -> str | None:
            current = turn.quiz.current(turn.uid)
            if current.question is None:
                return None
            return texts.QUIZ_RESUME.format(question=current.question.render_for(current.answers))

        return self._aside(
            turn, text, region=region if isinstance(region, str) else None, resume=again
        )

    def _aside(
        self,
        turn: Turn,
        text: str,
        *,
        region: str | None,
        resume: Callable[[], str | None],
        dispatched: frozenset[str] = _QUIZ_ASIDE_INTENTS,
    ) -> Reply:
        """A question typed inside the questionnaire or the card form: answered as outside it
        (for ``region``, the place the form was told, when the worker has none remembered),
        then ``resume()`` — the step asked again, or None when nothing is pending. Intents in
        ``dispatched`` are served as such; any other is searched as a question (the form
        decided the message asks)."""
        if turn.place is None and region:
            turn.set_user(region=region, place=Place(region, region).to_json())
        text = without_aside_lead(text)
        intent = classify(text)
        if intent in dispatched:
            answer = self._dispatch(turn, text, intent)
        else:
            answer = self._question(turn, text)
        again = resume()
        if again is None:
            return answer
        text = answer.text + "\n\n" + again
        if utf8_len(text) > MAX_REPLY_BYTES:
            # one message: inside the questionnaire 「更多」 is an answer, so the aside keeps
            # what fits of its first page and the question comes whole
            body = answer.text.removesuffix(MORE_HINT).rstrip("\n")
            room = MAX_REPLY_BYTES - utf8_len("\n\n" + again)
            text = paginate(body, room)[0].removesuffix(MORE_HINT).rstrip("\n") + "\n\n" + again
        return Reply(text, answer.intent, answer.clause_refs)

    def _quiz_step(self, turn: Turn, step: Step) -> Reply:
        if step.kind == "question" and step.question is not None:
            prefix = f"{step.hint}\n" if step.hint else ""
            prefix += self._sure_news(turn, step)
            prompt = step.question.render_for(step.answers)
            return Reply(prefix + prompt + texts.QUIZ_FOOTER, "quiz")
        if step.kind == "result" and step.result is not None:
            region = step.answers.get("region")
            if turn.place is None and isinstance(region, str):
                # the place the questionnaire was told is the worker's for what they ask next
                turn.set_user(region=region, place=Place(region, region).to_json())
            result_topic = topic_of_result(self.kb, step.result)
            if result_topic is not None:
                turn.set_topic(result_topic)
            # the topic the result leaves: while it stands, nothing was asked since
            # (``_result_again``)
            shown: dict[str, Any] = {"answers": step.answers, "result": step.result}
            shown["order"] = list(step.order)
            shown["topic"] = turn.state.get(CONTEXT_KEY)
            turn.state.set(f"bot:last-quiz:{turn.uid}", shown, SAVED_RESULT_TTL_SECONDS)
            reply = self._pages(turn, paginate_packed(result_items(step.result)), "quiz_result")
            return self._fit(turn, _prefixed(step.hint, reply)) if step.hint else reply
        return Reply(texts.QUIZ_NONE, "quiz")

    def _sure_news(self, turn: Turn, step: Step) -> str:
        """「已经可以确定：…」 when the last answer made a benefit certain (said once each)."""
        if step.result is None:
            return ""
        key = f"bot:quiz-sure:{turn.uid}"
        said = set((turn.state.get(key) or {}).get("said") or [])
        sure = sure_so_far(step.result)
        new = [line for line in sure if line not in said]
        if not new:
            return ""
        turn.state.set(key, {"said": sorted(said | set(new))}, QUIZ_TTL_SECONDS)
        lines = "\n".join(f"✅ {line}" for line in new)
        head = texts.QUIZ_SURE_HEAD.format(region=step.answers.get("region") or "你所在的地区")
        return f"{head}\n{lines}\n{texts.QUIZ_SURE_TAIL}\n"

    def _save_profile(self, turn: Turn, _text: str) -> Reply:
        key = f"bot:last-quiz:{turn.uid}"
        last = turn.state.get(key)
        if not last:
            return Reply(texts.SAVE_NOTHING, "save_profile")
        if self.services is None:
            return Reply(texts.SAVE_UNAVAILABLE, "save_profile")
        self.services.save_profile(turn.uid, last["answers"])
        turn.state.delete(key)
        return Reply(texts.SAVED, "save_profile")

    def _compare(self, turn: Turn, text: str) -> Reply:
        last = turn.state.get(f"bot:last-quiz:{turn.uid}") or {}
        body = compare_regions(
            text, dict(last.get("answers") or {}), self.evaluate, self.today().isoformat()
        )
        return self._respond_paged(turn, body, "compare")

    def _delete_profile(self, turn: Turn, _text: str) -> Reply:
        turn.state.delete(f"bot:last-quiz:{turn.uid}")
        # what the worker said in passing (facts, the last answer's level and place) is theirs
        # too: not used again once they ask to forget
        turn.state.delete(f"bot:facts:{turn.uid}")
        turn.state.delete(f"bot:told:{turn.uid}")
        turn.state.delete(CONTEXT_KEY)
        turn.state.delete(f"bot:earlier:{turn.uid}")
        if self.services is None:
            return Reply(texts.SAVE_UNAVAILABLE, "delete_profile")
        deleted = self.services.delete_profile(turn.uid)
        return Reply(texts.PROFILE_DELETED if deleted else texts.PROFILE_NONE, "delete_profile")

    # -- blue card --------------------------------------------------------------------------
    def _known_for_card(self, turn: Turn) -> dict[str, str]:
        """What the worker already said that the card form asks: skill level and district."""
        known: dict[str, str] = {}
        last = turn.state.get(f"bot:last-quiz:{turn.uid}") or {}
        answers = dict(last.get("answers") or {})
        level = answers.get("skill_level") or self._said_facts(turn).get("skill_level")
        topic = turn.topic
        if not level and topic is not None:
            level = topic.level
        if isinstance(level, str) and level and level != "无":
            known["skill_level"] = level
        place = turn.place
        region = (
            answers.get("region")
            or (place.region if place else None)
            or self._said_facts(turn).get("region")
        )
        if isinstance(region, str) and region:
            known["district"] = region
        return known

    def _card_start(self, turn: Turn) -> Reply:
        if self.services is None:
            return Reply(texts.CARD_UNAVAILABLE, "card_apply")
        # Say it now rather than after eleven answers: one live card per person.
        start = self.services.card_start(turn.uid)
        if not start.can_apply:
            # suspended (since when, why), under review or already valid: before any question
            message = start.message or texts.CARD_ALREADY.format(status=start.status or "")
            return Reply(message + texts.CARD_HELD_TAIL, "card_apply")
        step = turn.card.start(turn.uid, self._known_for_card(turn))
        head = texts.CARD_START.format(count=len(ASKED))
        return Reply(head + "\n" + render_field(step), "card_form")

    def _card_turn(self, turn: Turn, text: str) -> Reply:
        """One message while the card form runs: cancel, back, a correction, the final
        confirmation, a question (answered, then the step again), several fields at once, or
        the answer to the current field."""
        uid, form = turn.uid, turn.card
        b = bare(text)
        if b in QUIZ_CANCEL:
            form.cancel(uid)
            return Reply(texts.CARD_CANCELLED, "card_cancel")
        if b in QUIZ_BACK:
            return self._card_step(form.back(uid))
        target = field_named_in(text)
        if target is not None:
            return self._card_step(form.change(uid, target))
        step = form.current(uid)
        if classify(text) == "card_apply" and step.kind == "field":
            return Reply(texts.CARD_IN_PROGRESS + "\n" + render_field(step), "card_form")
        if b in CONFIRM_WORDS and step.kind == "confirm":
            return self._card_submit(turn)
        if asks_instead(text):
            # 「蓝卡有啥用」 at any step: answered as outside the form, then the step again
            return self._card_aside(turn, text)
        current = step.field.name if step.field is not None else None
        given = fields_in(text, current, self.today(), frozenset(step.values))
        if len(given) >= 2 or (given and current not in given):
            # 「张三，身份证号3201…」: every field the message states, each checked
            return self._card_step(form.fill(uid, given))
        if step.kind == "confirm":
            return Reply(render_summary(step.values, hint=texts.CARD_CONFIRM_AGAIN), "card_confirm")
        if current is not None and redact(text) != text and current not in CODE_FIELDS:
            # 「叶集木器厂，法人电话138…」: the answer without the number, which is nobody's
            # answer here; a number alone at a free-text step is asked again, not kept
            value = given.get(current)
            if value is None or redact(value) != value:
                refused = replace(step, hint=texts.CARD_NUMBER_IN_TEXT)
                return self._card_step(refused)
            return self._card_step(form.answer(uid, value))
        if current in CODE_FIELDS and given.get(current):
            # 「身份证号3415…」 refused: the number is checked without its label, so the
            # worker hears what is wrong with it (校验位), not a length counting the label
            return self._card_step(form.answer(uid, given[str(current)]))
        return self._card_step(form.answer(uid, text))

    def _card_aside(self, turn: Turn, text: str) -> Reply:
        """A question in the middle of the card form (``asks_instead``), answered through the
        questionnaire's own ``_aside``: one naming no subject of its own that no document
        answers (「要交钱吗」「这个卡干嘛的」) is about the 技工蓝卡. The form's district answers
        for a worker with no remembered place. A questionnaire the question would start waits
        until the form is done."""
        uid, form = turn.uid, turn.card
        # a name said with the question (「我叫…，办卡要交钱吗」) is neither searched nor kept as
        # the dialogue's question
        step = form.current(uid)
        text = question_without_name(text, step.field.name if step.field else None, self.today())
        question = text
        if classify(text) == "question":
            question = _THIS_CARD.sub("技工蓝卡", text, count=1)
            if "蓝卡" not in question and not self.index.search(question, top=1).answered:
                question = "技工蓝卡" + question
        district = form.values(uid).get("district")
        quiz_before = turn.quiz.active(uid)

        def again() -> str | None:
            step = form.current(uid)
            if step.kind == "field":
                return texts.CARD_RESUME.format(field=render_field(step))
            if step.kind == "confirm":
                return texts.CARD_RESUME.format(field=render_summary(step.values))
            return None

        if classify(text) == "quiz":
            return Reply(texts.CARD_QUIZ_LATER + "\n\n" + (again() or ""), "card_form")
        reply = self._aside(
            turn, question, region=district, dispatched=_CARD_ASIDE_INTENTS, resume=again
        )
        if not quiz_before and turn.quiz.active(uid):
            turn.quiz.cancel(uid)
            return Reply(texts.CARD_QUIZ_LATER + "\n\n" + (again() or ""), "card_form")
        return reply

    @staticmethod
    def _card_step(step: FormStep) -> Reply:
        if step.kind == "field":
            return Reply(render_field(step), "card_form")
        if step.kind == "confirm":
            return Reply(render_summary(step.values, noted=step.noted), "card_confirm")
        return Reply(texts.CARD_CANCELLED, "card_cancel")

    def _card_submit(self, turn: Turn) -> Reply:
        uid, form = turn.uid, turn.card
        if self.services is None:
            form.cancel(uid)
            return Reply(texts.CARD_UNAVAILABLE, "card_apply")
        values = form.values(uid) | {"consent": True}
        outcome = self.services.apply_card(uid, values)
        if outcome.ok:
            form.cancel(uid)
            body = texts.CARD_SUBMITTED.format(
                status=outcome.status_label or "审核中", district=outcome.district
            )
            return Reply(body, "card_submitted")
        message = outcome.message or "请稍后再试"
        if outcome.errors:
            step = form.reject(uid, dict(outcome.errors))
            if step.kind == "field":
                return Reply(render_field(step), "card_form")
        form.cancel(uid)
        return Reply(texts.CARD_SUBMIT_FAILED.format(message=message), "card_refused")

    def _my_card(self, turn: Turn) -> Reply:
        if self.services is None:
            return Reply(texts.CARD_UNAVAILABLE, "my_card")
        return self._respond_paged(turn, render_card(self.services.my_card(turn.uid)), "my_card")

    def _phone_change(self, turn: Turn, text: str) -> Reply:
        """「手机号改为139…」: the card's number changed at once (the worker's own WeChat account
        is who they are, as for 「我的蓝卡」), or how to say it, or why not."""
        if self.services is None:
            return Reply(texts.CARD_UNAVAILABLE, "phone_change")
        number = phone_in(text)
        if number is None:
            return Reply(texts.PHONE_CHANGE_HOW, "phone_change")
        outcome = self.services.change_phone(turn.uid, number)
        if outcome.ok:
            return Reply(texts.PHONE_CHANGED.format(phone=outcome.phone_masked), "phone_change")
        said = texts.PHONE_NOT_CHANGED.format(why=outcome.message.rstrip("。"))
        return Reply(said + ("\n" + texts.PHONE_RETRY if outcome.retry else ""), "phone_change")

    def _my_applications(self, turn: Turn) -> Reply:
        """「我的补贴申请进度」: each application with its state and dates."""
        if self.services is None:
            return Reply(texts.CARD_UNAVAILABLE, "my_applications")
        apps = self.services.my_applications(turn.uid)
        if not apps:
            return Reply(texts.APPLICATIONS_NONE, "my_applications")
        items = [render_application(i, a) for i, a in enumerate(apps, 1)]
        pages = paginate_packed([texts.APPLICATIONS_HEAD, *items])
        return self._pages(turn, pages, "my_applications")

    def _opt(self, turn: Turn, *, out: bool) -> Reply:
        hook = "opt_out" if out else "opt_in"
        if self.services is None:
            return Reply(texts.OPT_UNAVAILABLE, hook)
        if out:
            self.services.opt_out(turn.uid)
        else:
            self.services.opt_in(turn.uid)
        return Reply(texts.OPTED_OUT if out else texts.OPTED_IN, hook)

    # -- events -----------------------------------------------------------------------------
    def _region_from_scene(self, turn: Turn, scene: str | None) -> str | None:
        region = find_region_in_text(scene) if scene else None
        if region:
            turn.set_user(region=region, place=Place(region, region).to_json())
        return region

    def _subscribe(self, turn: Turn, scene: str | None) -> Reply:
        region = self._region_from_scene(turn, scene)
        if region:
            return Reply(texts.WELCOME + "\n" + texts.REGION_SET.format(region=region), "subscribe")
        return Reply(texts.WELCOME, "subscribe")

    def _scan(self, turn: Turn, scene: str | None) -> Reply:
        region = self._region_from_scene(turn, scene)
        if region:
            return Reply(texts.REGION_SET.format(region=region), "scan")
        return Reply(texts.WELCOME, "scan")

    def _click(self, turn: Turn, key: str | None) -> Reply:
        handler = self._clicks.get(key or "")
        if handler is None:
            return Reply(texts.HELP.format(regions=self.region_names), "click")
        return handler(turn)


_CHANGE_WORDS = re.compile(
    r"改成|改为|改到|改|修改|更正|重填|填错了?|写错了?|选错了?|应该是|其实是"
)


def _why_asked_again(field: str, text: str, bot: Bot) -> str:
    """The hint before a field asked again: the parser's own reason when the message gave a
    number it could not take (「社保是13812345678个月」: too long), else 「具体多久」."""
    if any(ch.isdigit() for ch in text):
        try:
            QUESTIONS[field].parse_for(text, bot.today(), {})
        except AnswerError as err:
            return str(err)
    return texts.QUIZ_HOW_MUCH


def _value_given(question: Question, text: str, today: date, answers: dict[str, Any]) -> Any:
    """The value a change request states for ``question`` (「合同改成3年」 → 3.0), read as an
    answer to it once the words asking for the change are taken out; None when it states
    none (「改一下合同」) or only 「不知道」."""
    rest = _CHANGE_WORDS.sub("", text)
    for kw in question.keywords:
        rest = rest.replace(kw, "")
    if not bare(rest):
        return None
    try:
        value = question.parse_for(rest, today, answers)
    except AnswerError:
        return None
    return None if value is SKIP else value


# a nod or thanks after a result answers nothing it still needs
_NODS = frozenset(
    {
        "好",
        "好的",
        "嗯",
        "嗯嗯",
        "恩",
        "哦",
        "噢",
        "ok",
        "okay",
        "行",
        "可以",
        "对",
        "是的",
        "知道了",
        "明白",
        "明白了",
        "收到",
        "谢谢",
        "多谢",
        "好吧",
    }
)


def _length_beside(question: Question, text: str, today: date) -> Any:
    """The length a part of ``text`` with a number says (「社保一直交的，五年了」 → 60 months
    for the insurance question), or None."""
    for part in re.split(r"[，,。；;！!\s]+", text):
        if not re.search(r"[\d一二两三四五六七八九十半]", part):
            continue
        try:
            value = question.parse(part, today)
        except AnswerError:
            continue
        if value is not SKIP:
            return value
    return None


def _short_place(region: str) -> str:
    """A region as a worker types it (洪泽区 → 洪泽, 宿迁市 → 宿迁), for an example reply."""
    return region[:-1] if len(region) > 2 and region[-1] in "区县市" else region


def _moved_to(topic: Topic, hit: Hit, text: str, amount: str | None) -> Topic:
    """``topic`` after a follow-up ``text`` was answered by ``hit``: its clause, amount and the
    sentence shown, since what was shown is what the next follow-up leans on (「要是技师呢」)."""
    shown = answering_sentence(text, hit)
    return replace(
        topic,
        doc_id=hit.doc_id,
        clause_id=hit.clause_id,
        amount=amount,
        sentence=shown,
        rule=rule_for(hit.doc_id, hit.number, shown),
    )


#: The facts that say what earns a benefit (being introduced, a level newly obtained, a prize, an
#: honour), as against who may have it: two rules are for the same occasion when they test the
#: same of these.
_OCCASION_FIELDS = frozenset({"introduced", "level_obtained_on", "competition", "honors"})


def _same_occasion(mine: str | None, theirs: str | None) -> bool:
    """Whether two catalogue rules are earned by the same occasion (``_OCCASION_FIELDS``):
    one place's award for a certificate and another's, not the other's subsidy for being
    introduced."""
    a, b = rule_of(mine), rule_of(theirs)
    if a is None or b is None:
        return False

    def occasion(rule: Rule) -> frozenset[str]:
        fields = {f for cond in rule.conditions for f in cond.fields()}
        return frozenset(fields & _OCCASION_FIELDS)

    return occasion(a) == occasion(b)


def _adds_nothing(stated: dict[str, Any], answers: dict[str, Any]) -> bool:
    """True when every fact of ``stated`` is already in ``answers`` with the same value."""
    return all(k in answers and answers[k] == v for k, v in stated.items())


def _after_amount(first: str, amount: str | None, lines: list[str]) -> str:
    """``first`` (an answer's first page) with ``lines`` right after its amount line, or
    first when it leads with none."""
    if not lines:
        return first
    rows = first.split("\n")
    at = rows.index(amount) + 1 if amount and amount in rows else 0
    return "\n".join([*rows[:at], *lines, *rows[at:]])


def _after_sentence(first: str, sentence: str, amount: str | None, lines: list[str]) -> str:
    """``first`` (an answer's first page) with ``lines`` right after the row printing the
    answering ``sentence``; after its amount line (``_after_amount``) when no row prints it."""
    key = re.sub(r"\s", "", sentence)[:16]
    rows = first.split("\n")
    at = next((i for i, row in enumerate(rows) if key and key in re.sub(r"\s", "", row)), None)
    if at is None:
        return _after_amount(first, amount, lines)
    return "\n".join([*rows[: at + 1], *lines, *rows[at + 1 :]])


def _level_swapped(question: str, old: str | None, level: str) -> str:
    """``question`` about ``level`` instead of the level it names (``old``, else its own)."""
    old = old or level_in(question)
    return question.replace(old, level, 1) if old and old in question else level + question


def _own_words(text: str) -> str:
    """What ``text`` says of the worker's own case: without the parts about someone else
    (``bot.others``) and without the conditions it asks about (``verdict.stated_text``)."""
    split = split_by_person(text)
    return stated_text(split.own if split is not None else text)


def _after_first(text: str, line: str) -> str:
    """``text`` with ``line`` after its first line (the answering sentence stays first)."""
    rows = text.split("\n")
    return "\n".join([rows[0], line, *rows[1:]])


# Intents of a message's rest (its personal number taken out) that ask or tell something the
# bot answers: a question, the worker's situation (the questionnaire), a list of benefits, a
# comparison.
_ANSWERED_AFTER_NUMBER = frozenset({"quiz", "list_benefits", "compare"})


def _asks_or_tells(rest: str) -> bool:
    """Whether the rest of a message holding a personal number asks or tells something to answer
    (「…，能领啥」「…，在洪泽干了5年的技师，看看能拿多少」), not only the number's own words."""
    if not bare(rest):
        return False
    intent = classify(rest)
    return intent in _ANSWERED_AFTER_NUMBER or (intent == "question" and looks_like_question(rest))


def _without_related(text: str) -> str:
    """A reply's text without its list of related clauses (the 「相关条款：」 heading and its
    「· 」 lines), for a first page that must make room for a notice before it."""
    return "\n".join(
        line for line in text.splitlines() if not line.startswith(("相关条款：", "· "))
    )


def _prefixed(head: str, reply: Reply) -> Reply:
    """``reply`` with ``head`` said first (an expired form or questionnaire)."""
    text = head + ("\n" + reply.text if reply.text else "")
    return Reply(text, reply.intent, reply.clause_refs, reply.has_more)


def _not_shown(hits: list[Hit]) -> tuple[str, ...]:
    """``doc#clause`` of the hits an answer's pages did not show (for 「更多」 after them)."""
    top = hits[0]
    related = [h for h in hits[1:] if (h.doc_id, h.clause_id) != (top.doc_id, top.clause_id)]
    rest = related[RELATED_FIRST_PAGE + RELATED_SECOND_PAGE :]
    return tuple(f"{h.doc_id}#{h.clause_id}" for h in rest)


def _with_hits(result: SearchResult, hits: list[Hit]) -> SearchResult:
    return replace(result, hits=hits)


def _replace_related(topic: Topic, related: tuple[str, ...]) -> Topic:
    return replace(topic, related=related)


# Words by which a sentence reaches levels it does not name (技师及以上, 高技能人才).
_INCLUSIVE = re.compile(r"以上|以下|及其|高技能人才|技能人才|各类|各级|等级|等技能")


def _levels_named(sentence: str | None) -> tuple[str, ...]:
    """The skill levels ``sentence`` names one by one (「…的高级技师、技师，…」), or () when it
    names none or reaches others by a general word (技师及以上, 高技能人才)."""
    if not sentence or _INCLUSIVE.search(sentence):
        return ()
    return tuple(dict.fromkeys(level for _s, _e, level in level_spans(sentence)))


# How a sum is paid: once, or by period (「是按月发吗」 of a 「一次性」 sum is answered no).
_PAID_ONCE = re.compile(r"一次性")
_PAID_BY_PERIOD = re.compile(r"按月|每月|逐月|按年|每年|逐年|分年|分期|分\d+年")


def _other_way_paid(words: str, sentence: str) -> str | None:
    """The words of ``sentence`` saying a sum is paid the other way from ``words`` (按月 vs
    一次性), or None when ``words`` is not about how it is paid or the sentence does not say."""
    for asked, other in ((_PAID_BY_PERIOD, _PAID_ONCE), (_PAID_ONCE, _PAID_BY_PERIOD)):
        if asked.search(words):
            m = other.search(sentence)
            return m.group(0) if m else None
    return None


_PERIOD_WORD = re.compile(r"(?:按|每|逐)(月|年)")


def _same_period(words: str, sentence: str) -> str | None:
    """The words of ``sentence`` paying by the period ``words`` asks about (「按月」 and
    「每月」 alike), or None."""
    asked = _PERIOD_WORD.search(words)
    if asked is None:
        return None
    said = next((m for m in _PERIOD_WORD.finditer(sentence) if m.group(1) == asked.group(1)), None)
    return said.group(0) if said else None


# An organisation's answer may lead with a clause this much less relevant than the top one.
ORGANISATION_SHARE = 0.5
# A question spoken as a worker after all (「我个人能拿多少」).
_SPEAKS_AS_WORKER = re.compile(r"我个人|本人|自己|俺自己|职工个人")


def _organisation_first(hits: list[Hit]) -> list[Hit]:
    """``hits`` with the first clause paying an employer or an institution (the catalogue's
    beneficiary) put first, when it is nearly as relevant as the top clause (a worker's)."""

    paid = {r.id: r.beneficiary for r in default_catalogue().rules}
    top = hits[0]

    def pays_organisation(hit: Hit) -> bool:
        rule = rule_for(hit.doc_id, hit.number, hit.sentence)
        return rule is not None and paid.get(rule) in ("employer", "institution")

    if pays_organisation(top):
        return hits
    for hit in hits[1:]:
        if hit.score >= ORGANISATION_SHARE * top.score and pays_organisation(hit):
            return [hit] + [h for h in hits if h is not hit]
    return hits


# 「算了」「不测了」「先不算了吧」「退出」 opening a message that goes on to ask something else.
_CANCEL_LEAD = re.compile(
    r"^(?:好吧|那|那就|哎|唉|行)?[，,\s]*"
    r"(?:(?:先|还是)?(?:算了|不测了|不算了|不想测了|不想算了|不用测了|不用算了|不填了|不答了|别测了"
    r"|别算了|不玩了|不弄了|退出测算|退出|取消测算|取消|停一下|先停)(?:吧|啊|呀|哈)?[，,。！!\s]*)+"
)


def question_after_cancel(text: str) -> str | None:
    """The question a message cancelling the questionnaire goes on to ask (「算了不测了，叶集
    落户要什么条件」 → 「叶集落户要什么条件」), or None when it asks nothing after the
    cancelling words (a plain 「算了吧」 just cancels)."""
    m = _CANCEL_LEAD.match(text.strip())
    if m is None:
        return None
    rest = text.strip()[m.end() :].strip()
    if len(bare(rest)) < 4 or not (looks_like_question(rest) or _QUESTION_WORD.search(rest)):
        return None
    return rest


def _quiz_enough(name: str, step: Step) -> str:
    """「够不够」 asked with an answer to ``name``: the answer against the lines of the rules
    the result after it still holds in play (benefits, pending, near misses), or "" when none
    of them tests that fact."""
    value = step.answers.get(name)
    result = step.result or {}
    if value is None:
        return ""
    rule_ids = [
        str(r.get("rule_id"))
        for key in ("benefits", "pending", "near_misses")
        for r in result.get(key, [])
    ]
    lines = enough_lines(name, value, rule_ids)
    return texts.QUIZ_ENOUGH_JUDGED.format(lines="\n".join(lines)) if lines else ""
