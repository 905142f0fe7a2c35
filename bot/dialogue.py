"""The bot: one entry point per incoming text or event, the same for every channel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from bot import texts
from bot.answer import compose
from bot.cardform import (
    ASKED,
    CONFIRM_WORDS,
    CardForm,
    FormStep,
    field_named_in,
    render_card,
    render_field,
    render_summary,
)
from bot.compare import compare_regions
from bot.intents import (
    QUIZ_BACK,
    QUIZ_CANCEL,
    bare,
    classify,
    is_change_request,
    looks_like_question,
    region_request,
)
from bot.paging import paginate
from bot.questionnaire import Evaluator, Questionnaire, Step, default_evaluator
from bot.questions import question_for_change
from bot.reply import Reply
from bot.results import render_result
from bot.services import BotServices
from bot.store import SessionStore
from policy_kb.regions import REGIONS, find_region_in_text

if TYPE_CHECKING:
    from policy_kb.model import KnowledgeBase
    from policy_kb.search import SearchIndex

PAGES_TTL_SECONDS = 30 * 60
SAVED_RESULT_TTL_SECONDS = 24 * 3600
SEARCH_TOP = 3
REGION_NAMES = "、".join(r.name for r in REGIONS)


class Bot:
    """Channel-agnostic dialogue over the policy knowledge base.

    kb: the ``KnowledgeBase``; index: a ``SearchIndex`` built on it (both built once per
    process by the caller); store: per-user state (region, paging, menus), JSON dicts with
    expiry; services: optional hooks into the service core (stored profiles, blue cards) —
    None in the terminal chat without a database; today: the date used for 当年 and for
    "period has passed" warnings.

    State keys: ``bot:user:<id>`` (region, current menu; kept), ``bot:pages:<id>`` (pages of
    the last long answer; 30 minutes).
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
    ) -> None:
        self.kb = kb
        self.index = index
        self.store = store
        self.services = services
        self.today = today
        self.evaluate = evaluate
        self.quiz = Questionnaire(store, evaluate, today)
        self.card_form = CardForm(store, today)
        self._intents: dict[str, Callable[[str, str], Reply]] = {
            "more": self._more,
            "greeting": lambda uid, _t: Reply(texts.WELCOME, "greeting"),
            "help": lambda uid, _t: Reply(texts.HELP.format(regions=REGION_NAMES), "help"),
            "topics": lambda uid, _t: self._topic_menu(uid, texts.TOPIC_MENU_HEAD, "topics"),
            "thanks": lambda uid, _t: Reply("不客气！还有问题随时问我。", "thanks"),
            "set_region": self._set_region,
            "unknown_region": lambda uid, _t: Reply(
                texts.REGION_UNKNOWN.format(regions=REGION_NAMES), "unknown_region"
            ),
            "vague": lambda uid, _t: self._topic_menu(uid, texts.VAGUE, "vague"),
            "quiz": lambda uid, _t: self._quiz_step(uid, self.quiz.start(uid, self._seed(uid))),
            "save_profile": self._save_profile,
            "delete_profile": self._delete_profile,
            "compare": self._compare,
            "card_apply": lambda uid, _t: self._card_start(uid),
            "my_card": lambda uid, _t: self._my_card(uid),
            "opt_out": lambda uid, _t: self._opt(uid, out=True),
            "opt_in": lambda uid, _t: self._opt(uid, out=False),
            "question": self._question,
        }
        self._events: dict[str, Callable[[str, str | None], Reply]] = {
            "subscribe": self._subscribe,
            "unsubscribe": lambda uid, _k: Reply("", "unsubscribe"),
            "click": self._click,
            "scan": self._scan,
        }
        self._clicks: dict[str, Callable[[str], Reply]] = {
            "MENU_TOPICS": lambda uid: self._intents["topics"](uid, ""),
            "MENU_HELP": lambda uid: self._intents["help"](uid, ""),
            "MENU_QUIZ": lambda uid: self._intents["quiz"](uid, ""),
            "MENU_CARD": lambda uid: self._my_card(uid),
            "MENU_APPLY": lambda uid: self._card_start(uid),
            "MENU_REGION": lambda uid: Reply(
                f"请回复「我在+区名」设置你所在的地区，现有：{REGION_NAMES}。", "region_prompt"
            ),
        }

    # -- user state ---------------------------------------------------------------------
    def _user(self, uid: str) -> dict[str, Any]:
        return self.store.get(f"bot:user:{uid}") or {}

    def _save_user(self, uid: str, state: dict[str, Any]) -> None:
        self.store.set(f"bot:user:{uid}", state)

    def region_of(self, uid: str) -> str | None:
        """The region the user chose (「我在叶集」), or None."""
        region = self._user(uid).get("region")
        return str(region) if region else None

    def set_region(self, uid: str, region: str) -> None:
        """Remember ``region`` (canonical name) for the user."""
        state = self._user(uid)
        state["region"] = region
        self._save_user(uid, state)

    # -- entry points ---------------------------------------------------------------------
    def on_text(self, user_id: str, text: str) -> Reply:
        """Answer one text message from ``user_id`` (an openid, or any stable user key).

        Never raises for odd input: empty or unintelligible text gets help, not an error.
        """
        if not text or not text.strip():
            return Reply(texts.HELP.format(regions=REGION_NAMES), "help")
        if self.card_form.active(user_id):
            return self._card_turn(user_id, text)
        if self.card_form.expired(user_id):
            if classify(text) == "question" and not looks_like_question(text):
                return Reply(texts.CARD_EXPIRED, "card_expired")
            reply = self._route(user_id, text)
            return Reply(
                texts.CARD_EXPIRED + ("\n" + reply.text if reply.text else ""),
                reply.intent,
                reply.clause_refs,
                reply.has_more,
            )
        return self._route(user_id, text)

    def _route(self, user_id: str, text: str) -> Reply:
        """``on_text`` once no card form is running."""
        if self.quiz.active(user_id):
            return self._quiz_turn(user_id, text)
        if self.quiz.expired(user_id):
            intent = classify(text)
            if intent == "question" and not looks_like_question(text):
                return Reply(texts.QUIZ_EXPIRED, "quiz_expired")
            reply = self._intents[intent](user_id, text)
            return Reply(
                texts.QUIZ_EXPIRED + "\n" + reply.text,
                reply.intent,
                reply.clause_refs,
                reply.has_more,
            )
        picked = self._menu_pick(user_id, text)
        if picked is not None:
            return picked
        return self._intents[classify(text)](user_id, text)

    def on_event(self, user_id: str, event: str, key: str | None = None) -> Reply:
        """React to an event: ``subscribe`` (key: scene or None), ``unsubscribe``, ``click``
        (key: menu EventKey), ``scan`` (key: scene). Unknown events get an empty Reply."""
        handler = self._events.get(event)
        return handler(user_id, key) if handler else Reply("", "ignored")

    # -- intents ----------------------------------------------------------------------------
    def _respond_paged(self, uid: str, text: str, intent: str, refs: tuple[str, ...] = ()) -> Reply:
        pages = paginate(text)
        if len(pages) > 1:
            self.store.set(f"bot:pages:{uid}", {"pages": pages[1:]}, PAGES_TTL_SECONDS)
        else:
            self.store.delete(f"bot:pages:{uid}")
        return Reply(pages[0], intent, refs, has_more=len(pages) > 1)

    def _more(self, uid: str, _text: str) -> Reply:
        saved = self.store.get(f"bot:pages:{uid}")
        pages = list(saved["pages"]) if saved else []
        if not pages:
            return Reply(texts.NO_MORE, "more")
        first, rest = pages[0], pages[1:]
        if rest:
            self.store.set(f"bot:pages:{uid}", {"pages": rest}, PAGES_TTL_SECONDS)
        else:
            self.store.delete(f"bot:pages:{uid}")
        return Reply(first, "more", has_more=bool(rest))

    def _set_region(self, uid: str, text: str) -> Reply:
        region = region_request(text)
        assert region is not None  # classify() only routes here when there is one
        self.set_region(uid, region)
        if self.services is not None:
            self.services.remember_region(uid, region)
        return Reply(texts.REGION_SET.format(region=region), "set_region")

    def _topic_menu(self, uid: str, head: str, intent: str) -> Reply:
        state = self._user(uid)
        state["menu"] = "topics"
        self._save_user(uid, state)
        items = "\n".join(f"{i}. {label}" for i, (label, _q) in enumerate(texts.TOPICS, 1))
        return Reply(f"{head}\n{items}", intent)

    def _menu_pick(self, uid: str, text: str) -> Reply | None:
        """A bare number right after the topic menu picks a topic; anything else leaves it."""
        state = self._user(uid)
        if state.get("menu") != "topics":
            return None
        choice = bare(text)
        if not choice.isdigit():
            return None
        n = int(choice)
        if not 1 <= n <= len(texts.TOPICS):
            return Reply(f"请回复1到{len(texts.TOPICS)}之间的数字，或直接打字提问。", "topics")
        state.pop("menu", None)
        self._save_user(uid, state)
        return self._question(uid, texts.TOPICS[n - 1][1])

    def _question(self, uid: str, text: str) -> Reply:
        named = find_region_in_text(text)
        remembered = self.region_of(uid)
        region = named or remembered
        # A district the question names decides; a remembered one only breaks near-ties, so
        # a 叶集 worker asking about 宿迁's 订单班 still gets the clause that answers.
        result = self.index.search(
            text, top=SEARCH_TOP, region=named, prefer_region=None if named else remembered
        )
        if not result.answered or not result.hits:
            window = texts.SERVICE_WINDOWS.get(region or "", "")
            return Reply(texts.NOT_ANSWERED.format(window=window), "not_answered")
        hint = None
        top_regions = self.kb.document(result.hits[0].doc_id).meta.regions
        if region is None and top_regions:
            hint = texts.REGION_HINT.format(region="、".join(top_regions))
        body = compose(text, result, self.kb, self.today(), region_hint=hint)
        if "蓝卡" in text:
            # Someone asking about the blue card usually wants one: say how, before the clause.
            body = texts.CARD_APPLY_TIP + "\n" + body
        refs = tuple(f"{h.doc_id}#{h.clause_id}" for h in result.hits)
        return self._respond_paged(uid, body, "answer", refs)

    # -- questionnaire ---------------------------------------------------------------------
    def _seed(self, uid: str) -> dict[str, Any]:
        region = self.region_of(uid)
        return {"region": region} if region else {}

    def _quiz_turn(self, uid: str, text: str) -> Reply:
        """One message while the questionnaire runs: cancel, back, correct, answer, or a
        policy question answered in between (the questionnaire then resumes)."""
        b = bare(text)
        if b in QUIZ_CANCEL:
            self.quiz.cancel(uid)
            return Reply(texts.QUIZ_CANCELLED, "quiz_cancel")
        if b in QUIZ_BACK:
            return self._quiz_step(uid, self.quiz.back(uid))
        if is_change_request(text):
            target = question_for_change(text)
            if target is not None:
                return self._quiz_step(uid, self.quiz.change(uid, target))
        step = self.quiz.answer(uid, text)
        if step.hint and looks_like_question(text):
            answer = self._question(uid, text)
            assert step.question is not None
            resume = texts.QUIZ_RESUME.format(question=step.question.render())
            return Reply(answer.text + "\n\n" + resume, answer.intent, answer.clause_refs)
        return self._quiz_step(uid, step)

    def _quiz_step(self, uid: str, step: Step) -> Reply:
        if step.kind == "question" and step.question is not None:
            prefix = f"{step.hint}\n" if step.hint else ""
            return Reply(prefix + step.question.render() + texts.QUIZ_FOOTER, "quiz")
        if step.kind == "result" and step.result is not None:
            self.store.set(
                f"bot:last-quiz:{uid}",
                {"answers": step.answers, "result": step.result},
                SAVED_RESULT_TTL_SECONDS,
            )
            return self._respond_paged(uid, render_result(step.result), "quiz_result")
        return Reply(texts.QUIZ_NONE, "quiz")

    def _save_profile(self, uid: str, _text: str) -> Reply:
        last = self.store.get(f"bot:last-quiz:{uid}")
        if not last:
            return Reply(texts.SAVE_NOTHING, "save_profile")
        if self.services is None:
            return Reply(texts.SAVE_UNAVAILABLE, "save_profile")
        self.services.save_profile(uid, last["answers"])
        self.store.delete(f"bot:last-quiz:{uid}")
        return Reply(texts.SAVED, "save_profile")

    def _compare(self, uid: str, text: str) -> Reply:
        last = self.store.get(f"bot:last-quiz:{uid}") or {}
        body = compare_regions(
            text, dict(last.get("answers") or {}), self.evaluate, self.today().isoformat()
        )
        return self._respond_paged(uid, body, "compare")

    def _delete_profile(self, uid: str, _text: str) -> Reply:
        self.store.delete(f"bot:last-quiz:{uid}")
        if self.services is None:
            return Reply(texts.SAVE_UNAVAILABLE, "delete_profile")
        deleted = self.services.delete_profile(uid)
        return Reply(texts.PROFILE_DELETED if deleted else texts.PROFILE_NONE, "delete_profile")

    # -- blue card --------------------------------------------------------------------------
    def _card_start(self, uid: str) -> Reply:
        if self.services is None:
            return Reply(texts.CARD_UNAVAILABLE, "card_apply")
        # Say it now rather than after eleven answers: one live card per person.
        card = self.services.my_card(uid)
        if card is not None and card.status in ("pending", "active"):
            label = card.status_label or card.status
            return Reply(texts.CARD_ALREADY.format(status=label), "card_apply")
        step = self.card_form.start(uid)
        head = texts.CARD_START.format(count=len(ASKED))
        return Reply(head + "\n" + render_field(step), "card_form")

    def _card_turn(self, uid: str, text: str) -> Reply:
        """One message while the card form runs: cancel, back, a correction, the final
        confirmation, or the answer to the current field."""
        b = bare(text)
        if b in QUIZ_CANCEL:
            self.card_form.cancel(uid)
            return Reply(texts.CARD_CANCELLED, "card_cancel")
        if b in QUIZ_BACK:
            return self._card_step(uid, self.card_form.back(uid))
        target = field_named_in(text)
        if target is not None:
            return self._card_step(uid, self.card_form.change(uid, target))
        step = self.card_form.current(uid)
        if step.kind == "confirm":
            if b in CONFIRM_WORDS:
                return self._card_submit(uid)
            return Reply(render_summary(step.values, hint=texts.CARD_CONFIRM_AGAIN), "card_confirm")
        return self._card_step(uid, self.card_form.answer(uid, text))

    def _card_step(self, uid: str, step: FormStep) -> Reply:
        if step.kind == "field":
            return Reply(render_field(step), "card_form")
        if step.kind == "confirm":
            return Reply(render_summary(step.values, noted=step.noted), "card_confirm")
        return Reply(texts.CARD_CANCELLED, "card_cancel")

    def _card_submit(self, uid: str) -> Reply:
        if self.services is None:
            self.card_form.cancel(uid)
            return Reply(texts.CARD_UNAVAILABLE, "card_apply")
        form = self.card_form.values(uid) | {"consent": True}
        outcome = self.services.apply_card(uid, form)
        if outcome.ok:
            self.card_form.cancel(uid)
            body = texts.CARD_SUBMITTED.format(
                status=outcome.status_label or "审核中", district=outcome.district
            )
            return Reply(body, "card_submitted")
        message = outcome.message or "请稍后再试"
        if outcome.errors:
            step = self.card_form.reject(uid, dict(outcome.errors))
            if step.kind == "field":
                return Reply(render_field(step), "card_form")
        self.card_form.cancel(uid)
        return Reply(texts.CARD_SUBMIT_FAILED.format(message=message), "card_refused")

    def _my_card(self, uid: str) -> Reply:
        if self.services is None:
            return Reply(texts.CARD_UNAVAILABLE, "my_card")
        return self._respond_paged(uid, render_card(self.services.my_card(uid)), "my_card")

    def _opt(self, uid: str, *, out: bool) -> Reply:
        hook = "opt_out" if out else "opt_in"
        if self.services is None:
            return Reply(texts.OPT_UNAVAILABLE, hook)
        if out:
            self.services.opt_out(uid)
        else:
            self.services.opt_in(uid)
        return Reply(texts.OPTED_OUT if out else texts.OPTED_IN, hook)

    # -- events -----------------------------------------------------------------------------
    def _subscribe(self, uid: str, scene: str | None) -> Reply:
        region = find_region_in_text(scene) if scene else None
        if region:
            self.set_region(uid, region)
            return Reply(texts.WELCOME + "\n" + texts.REGION_SET.format(region=region), "subscribe")
        return Reply(texts.WELCOME, "subscribe")

    def _scan(self, uid: str, scene: str | None) -> Reply:
        region = find_region_in_text(scene) if scene else None
        if region:
            self.set_region(uid, region)
            return Reply(texts.REGION_SET.format(region=region), "scan")
        return Reply(texts.WELCOME, "scan")

    def _click(self, uid: str, key: str | None) -> Reply:
        handler = self._clicks.get(key or "")
        if handler is None:
            return Reply(texts.HELP.format(regions=REGION_NAMES), "click")
        return handler(uid)
