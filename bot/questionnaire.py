"""The eligibility questionnaire: one question at a time, only those whose answer can still
change the result, driven by the engine's ``unknown`` list: a field the answers imply
(``implied``: a 重点产业企业 is the district's own) is not asked, nor one with few possible
answers (yes/no, the employer's kind) none of which changes the benefits or the pending rules
(``Questionnaire._can_change``); the result's ``unknown`` keeps only fields that matter.

The same state machine serves the chat (text answers) and the mini-program API (text or
structured values). State lives in the session store under ``bot:quiz:<user>`` and expires
after 30 minutes of silence; a marker (``bot:quiz-seen:<user>``, one day) lets the bot tell a
returning worker that the old questionnaire has expired instead of misreading their answer.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import parsing
from bot.lunar import LunarSpan, confirm_text, lunar_span, noted_text
from bot.parsing import SKIP, AnswerError, duration_about, duration_range
from bot.profile_facts import began_said, facts_in
from bot.questions import FIELD_LABELS, QUESTIONS, Question
from bot.store import SessionStore
from policy_kb import eligibility
from policy_kb.eligibility import ProfileError, parse_profile
from policy_kb.eligibility.catalogue import default_catalogue
from policy_kb.eligibility.profile import EMPLOYER_TYPES, field_spec
from policy_kb.search.text import simplified

# A number with its unit (3年, 8个月, 1.5万元): a quantity, not an option number.
_QUANTITY = re.compile(
    r"[0-9０-９.．一二三四五六七八九十两半]+\s*(?:个)?(?:年|月|岁|万|千|百|元|块|天|周|次|人)"
)
QUIZ_TTL_SECONDS = 30 * 60
SEEN_TTL_SECONDS = 24 * 3600

_UNREAD = object()  # the current question's answer was not in the message

Evaluator = Callable[[dict[str, Any]], dict[str, Any]]
"""profile dict (docs/contracts.md "Worker profile") → result dict ("Eligibility result"); raises
``policy_kb.eligibility.ProfileError`` for an invalid profile."""


def default_evaluator(profile: dict[str, Any]) -> dict[str, Any]:
    """Evaluate with the bundled rules catalogue (``policy_kb.eligibility``)."""
    # through the module, so a test counting the engine's calls sees these too
    return eligibility.evaluate(parse_profile(profile)).to_dict()


@dataclass(frozen=True)
class Step:
    """Where the questionnaire is after a start, an answer or a correction.

    kind: ``"question"`` (ask ``question``; ``hint`` set when the last answer was not
    understood; ``result`` the engine's result so far, when evaluated), ``"result"`` (``result`` holds the engine's result dict), ``"none"`` (no
    questionnaire running), ``"expired"`` (it ran out of time), ``"cancelled"``.
    answers: the profile collected so far (JSON values).
    """

    kind: str
    question: Question | None = None
    hint: str | None = None
    result: dict[str, Any] | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    """the fields in the order they were answered (for 「上一步」 after a result)"""


class Questionnaire:
    """Adaptive questionnaire over a session store (see module docstring)."""

    def __init__(
        self,
        store: SessionStore,
        evaluate: Evaluator = default_evaluator,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.store = store
        self.evaluate = evaluate
        self.today = today
        # What each profile tried by ``_can_change`` gives the worker (``_outcome``), while the
        # same catalogue is in use: a message works the waiting question out several times
        # (answered, answered aside, asked again), each time trying the same answers.
        self._tried: dict[str, tuple[frozenset[Any], frozenset[Any]]] = {}
        self._tried_on: object | None = None
        # The step ``current`` gave last, and the state it left (``_snapshot``): the same state
        # gives the same step, and a message asks for it two or three times.
        self._last: tuple[tuple[Any, ...], Step] | None = None

    # -- state ------------------------------------------------------------------------
    def _key(self, uid: str) -> str:
        return f"bot:quiz:{uid}"

    def _load(self, uid: str) -> dict[str, Any] | None:
        return self.store.get(self._key(uid))

    def _save(self, uid: str, state: dict[str, Any]) -> None:
        self.store.set(self._key(uid), state, QUIZ_TTL_SECONDS)
        self.store.set(f"bot:quiz-seen:{uid}", {"at": self.today().isoformat()}, SEEN_TTL_SECONDS)

    def active(self, uid: str) -> bool:
        """True while a questionnaire is running for the user."""
        return self._load(uid) is not None

    def expired(self, uid: str) -> bool:
        """True (once) when the user had a questionnaire that timed out; clears the marker."""
        if self.active(uid) or self.store.get(f"bot:quiz-seen:{uid}") is None:
            return False
        self.store.delete(f"bot:quiz-seen:{uid}")
        return True

    # -- transitions ------------------------------------------------------------------
    def start(self, uid: str, seed: dict[str, Any] | None = None, said: str = "") -> Step:
        """Begin (or restart) with known facts ``seed`` (e.g. the remembered region); ``said``:
        the message they were read from, for a lunar date in it (「去年冬月拿的证」) whose day
        within the month changes the result: that date is asked first."""
        state: dict[str, Any] = {
            "answers": dict(seed or {}),
            "order": [],
            "skipped": [],
            "current": None,
        }
        lunar = lunar_span(said, self.today()) if said else None
        dated = next((n for n in state["answers"] if field_spec(n).type == "date"), None)
        if lunar is not None and dated is not None and "region" in state["answers"]:
            state["answers"].pop(dated)
            last = min(lunar.last, self.today())
            if self._values_matter(state, dated, lunar.first.isoformat(), last.isoformat()):
                state["current"] = dated
                self._save(uid, state)
                hint = confirm_text(lunar)
                return Step("question", QUESTIONS[dated], hint=hint, answers=state["answers"])
            state["answers"][dated] = lunar.first.isoformat()
            step = self._advance(uid, state)
            hint = noted_text(lunar)
            return dataclasses.replace(step, hint=f"{hint}\n{step.hint}" if step.hint else hint)
        asked = self._month_first(uid, state, said) if said else None
        return asked if asked is not None else self._advance(uid, state)

    def _month_first(self, uid: str, state: dict[str, Any], said: str) -> Step | None:
        """The month asked of a length ``said`` by its year alone (「大前年进的厂」, kept in
        ``state`` as its fewer months) when a rule's threshold lies inside that year: the
        length is forgotten and asked with the month (``_ask_month``); None when no such
        length, or when every month of the year gives the same result."""
        if "region" not in state["answers"]:
            return None
        for name in _DURATIONS:
            year = _year_began(name, said, self.today())
            span = _since_span(name, said, self.today()) if year is not None else None
            if year is None or span is None or name not in state["answers"]:
                continue
            per = _DURATIONS[name]
            low, high = (span[0], span[1]) if per == 1 else (span[0] / per, span[1] / per)
            if self._values_matter(state, name, low, high):
                # 「大前年进的厂」 where 3 years is the line: the month is asked first
                state["answers"].pop(name)
                if name in state["order"]:
                    state["order"].remove(name)
                state["current"] = name
                ends = {"low": _duration(name, low), "high": _duration(name, high)}
                hint = self._ask_month(uid, state, name, year, ends)
                return Step("question", QUESTIONS[name], hint=hint, answers=state["answers"])
        return None

    def waiting_for(self, uid: str) -> str | None:
        """The profile field the questionnaire is waiting for, or None (reads, never advances)."""
        state = self._load(uid)
        return None if state is None else state.get("current")

    def current(self, uid: str) -> Step:
        """The question waiting for an answer, or kind "none"."""
        state = self._load(uid)
        if state is None:
            return Step("none")
        if self._last is not None and _same(self._last[0], self._snapshot(uid, state)):
            # ``_advance`` of the state it left: the same question, asked of the same answers
            # (it would only save that state again)
            return self._last[1]
        step = self._advance(uid, state)
        after = self._load(uid)
        self._last = (self._snapshot(uid, after), step) if after is not None else None
        return step

    def _snapshot(self, uid: str, state: dict[str, Any]) -> tuple[Any, ...]:
        """What ``_advance`` reads: the worker, their questionnaire, the day, the catalogue."""

        data = json.dumps(state, sort_keys=True, ensure_ascii=False, default=str)
        return (uid, data, self.today(), default_catalogue())

    def answer(self, uid: str, text: str, facts: dict[str, Any] | None = None) -> Step:
        """Read a typed answer to the current question, and every other field ``facts`` holds
        (what the message states, ``bot.profile_facts``). Nothing understood: the same
        question again with a hint (nothing is stored, nothing is lost)."""
        state = self._load(uid)
        if state is None:
            return Step("none")
        q = QUESTIONS[state["current"]]
        text = simplified(text)  # 「區級二等獎」「兩年」: traditional characters
        facts = {k: v for k, v in (facts or {}).items() if k in QUESTIONS}
        began = state.pop("began_in", None)
        if began is not None and began.get("field") == q.field:
            # 「5月」 after 「去年进的厂」 was asked its month: that month of the year said
            month = parsing.month_alone(text)
            if month is not None:
                text = f"{began['year']}年{month}月开始"
                facts.pop(q.field, None)
        if q.field in facts:
            value: Any = facts.pop(q.field)
        else:
            # 「社保交满3年了」 while honours are asked: a quantity the message states as another
            # fact is that fact's, never the number of an option of this question; and the
            # parts stating other facts (「没拿过比赛奖」) do not answer this one (「没」 ≠ 否)
            own = _QUANTITY.sub("", _other_parts(text, self.today())) if facts else text
            try:
                if not own.strip(" ，,。；;"):
                    raise AnswerError("")
                value = q.parse_for(own, self.today(), state["answers"])
            except AnswerError as err:
                dated = date_instead(q, text, self.today(), state["answers"])
                if dated is not None:
                    # 「今年3月」 while a prize is asked: the certificate's date, said early
                    facts = {**facts, "level_obtained_on": dated}
                if not facts:
                    return Step("question", q, hint=str(err), answers=state["answers"])
                value = _UNREAD
        if value is _UNREAD and q.field == "skill_level" and set(facts) == {"level_obtained_on"}:
            # 「去年」 alone while the level is asked: a certificate's date, but of which level?
            # the level is asked again and the date left for its own question
            return Step("question", q, hint=LEVEL_NOT_DATE, answers=state["answers"])
        note = None
        lunar = lunar_span(text, self.today())
        given = ([q.field] if value is not _UNREAD else []) + list(facts)
        dated = next((name for name in given if field_spec(name).type == "date"), None)
        if lunar is not None and dated is not None:
            # 「去年冬月」: a lunar month spans two Gregorian months; where the day falls is
            # asked when it changes the result, else the month's first day is kept
            last = min(lunar.last, self.today())
            if self._values_matter(state, dated, lunar.first.isoformat(), last.isoformat()):
                self._ask_exactly(uid, state, dated, facts, q.field, value)
                hint = confirm_text(lunar)
                return Step("question", QUESTIONS[dated], hint=hint, answers=state["answers"])
            note = noted_text(lunar)
        ranged = _range_in(text, given, {**facts, q.field: value}, self.today())
        if ranged is not None:
            # 「七八个月」「一到两年」: the shorter end is kept unless a rule's threshold lies
            # inside the range; then the exact length is asked
            name, low, high = ranged
            if self._values_matter(state, name, low, high):
                self._ask_exactly(uid, state, name, facts, q.field, value)
                ends = {"low": _duration(name, low), "high": _duration(name, high)}
                year = _year_began(name, text, self.today()) if lunar is None else None
                if lunar is not None:
                    hint = LUNAR_SINCE_CONFIRM.format(
                        span=lunar.said(), example=_day_in(lunar), **ends
                    )
                elif year is not None:
                    hint = self._ask_month(uid, state, name, year, ends)
                else:
                    hint = RANGE_CONFIRM.format(**ends)
                return Step("question", QUESTIONS[name], hint=hint, answers=state["answers"])
            note = RANGE_NOTED.format(low=_duration(name, low), high=_duration(name, high))
        about = _about_in(text, given, {**facts, q.field: value}) if ranged is None else None
        if about is not None:
            # 「差不多3年」「两年多」: kept as said unless a rule's threshold lies within what it
            # may be; then the exact length is asked, as for a range
            name, low, high = about
            # asked once: a worker who can only say it roughly again is taken at their word
            if state.get("roughly") != name and self._values_matter(state, name, low, high):
                state["roughly"] = name
                self._ask_exactly(uid, state, name, facts, q.field, value)
                hint = ABOUT_CONFIRM.format(low=_duration(name, low), high=_duration(name, high))
                return Step("question", QUESTIONS[name], hint=hint, answers=state["answers"])
        for name, fact in facts.items():
            self._record(state, name, fact)
        if value is _UNREAD:
            state["current"] = None
            step = self._advance(uid, state)
            if step.kind == "question":
                # 「民营企业，合同签了两年」 asked something else: say what was kept, ask again
                noted = "、".join(FIELD_LABELS.get(name, name) for name in facts)
                step = dataclasses.replace(step, hint=f"已记下：{noted}。")
        else:
            step = self._store_value(uid, state, q.field, value)
        if note and step.kind in ("question", "result"):
            return dataclasses.replace(step, hint=f"{note}\n{step.hint}" if step.hint else note)
        return step

    def _ask_exactly(
        self,
        uid: str,
        state: dict[str, Any],
        name: str,
        facts: dict[str, Any],
        waiting: str,
        value: Any,
    ) -> None:
        """Keep what else the message said (and the answer to the question ``waiting``) and
        make ``name`` the question asked next: its value was said too loosely to decide."""
        facts.pop(name, None)
        if value not in (_UNREAD, SKIP) and waiting != name:
            facts[waiting] = value
        for other, fact in facts.items():
            self._record(state, other, fact)
        state["current"] = name
        self._save(uid, state)

    def _ask_month(
        self, uid: str, state: dict[str, Any], name: str, year: int, ends: dict[str, str]
    ) -> str:
        """Remember that ``name`` began in ``year`` (its month is asked, so 「5月」 alone then
        is that month of that year) and give the hint asking for the month."""
        state["began_in"] = {"field": name, "year": year}
        self._save(uid, state)
        other = YEAR_SINCE_OTHER.get(name, "或一共几年几个月")
        return YEAR_SINCE_CONFIRM.format(year=year, example=f"{year}年5月", other=other, **ends)

    def _values_matter(self, state: dict[str, Any], name: str, *values: Any) -> bool:
        """Whether ``name``'s answer being one or another of ``values`` (the ends of a lunar
        month or of a range said) changes the result on the answers in ``state``."""
        outcomes = set()
        for value in values:
            try:
                tried = self.evaluate(self._profile({**state["answers"], name: value}))
            except ValueError:  # ProfileError: a day still to come
                continue
            outcomes.add(_outcome(tried))
        return len(outcomes) > 1

    def why_asked(self, uid: str) -> list[str]:
        """「为啥问这个」: the benefits that hang on the question waiting — pending on it, or
        (a yes/no or a kind) given under one answer and not another, a 区内企业 presumed —
        each as 「title：what it gives」, most money first; [] when none (nothing is stored)."""
        state = self._load(uid)
        if state is None or not state.get("current") or "region" not in state["answers"]:
            return []
        name, answers = state["current"], state["answers"]
        options = _options(name, implied(answers))
        outcomes = [self._evaluate(state)]
        for value in options or ():
            try:
                outcomes.append(self.evaluate(self._profile({**answers, name: value})))
            except ValueError:  # ProfileError: that answer is not possible here
                continue
        said: dict[str, str] = {}
        held: list[set[str]] = []
        for result in outcomes:
            got = [*(result.get("pending") or []), *(result.get("benefits") or [])]
            for rule in got:
                if options is None and name not in (rule.get("unknown") or []):
                    continue
                text = f"{rule.get('title')}：{rule.get('amount_text')}"
                said.setdefault(str(rule.get("rule_id")), text if rule.get("amount_text") else "")
            held.append({str(rule.get("rule_id")) for rule in got})
        always = set.intersection(*held[1:]) if options else set()
        return [text for rule_id, text in said.items() if text and rule_id not in always]

    def finish(self, uid: str, facts: dict[str, Any] | None = None) -> Step:
        """「别的不清楚」「我能拿多少」: the result now, with every question not yet answered left
        unknown (the result's ``unknown`` lists them). ``facts``: fields the same message
        states, kept first. Without a region nothing can be evaluated: it is asked."""
        state = self._load(uid)
        if state is None:
            return Step("none")
        for name, fact in (facts or {}).items():
            if name in QUESTIONS:
                self._record(state, name, fact)
        answers = state["answers"]
        if "region" not in answers:
            return self._ask(uid, state, "region")
        result = self._settled(state["answers"], self._evaluate(state))
        self.store.delete(self._key(uid))
        self.store.delete(f"bot:quiz-seen:{uid}")
        return Step("result", result=result, answers=state["answers"], order=tuple(state["order"]))

    def result_for(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The result ``answers`` (a profile as the questionnaire keeps it) would give, its
        ``unknown`` only the fields whose answer could change it; nothing is stored. Raises
        ``policy_kb.eligibility.ProfileError`` for answers the engine refuses."""
        return self._settled(answers, self.evaluate(self._profile(answers)))

    def correct(self, uid: str, facts: dict[str, Any], said: str = "") -> Step:
        """「你记错了，社保是5个月」: keep ``facts`` over the answers given, then go on (the next
        question, or the result when nothing is left to ask). ``said``: the message, so a
        length corrected by its year alone (「不对，是大前年进的厂」) has its month asked when a
        threshold lies inside that year, as for a first answer (``_month_first``)."""
        state = self._load(uid)
        if state is None:
            return Step("none")
        for name, fact in facts.items():
            if name in QUESTIONS:
                self._record(state, name, fact)
        asked = self._month_first(uid, state, said) if said else None
        return asked if asked is not None else self._advance(uid, state)

    def _record(self, state: dict[str, Any], name: str, value: Any) -> None:
        """Keep one answer (JSON value) and remember it was given, for 「上一步」."""
        state["answers"][name] = value.isoformat() if isinstance(value, date) else value
        if name in state["skipped"]:
            state["skipped"].remove(name)
        if name in state["order"]:
            state["order"].remove(name)
        state["order"].append(name)

    def set_value(self, uid: str, field_name: str, value: Any) -> Step:
        """Store a structured answer (mini-program) after the engine has validated it.
        Raises KeyError for a field the questionnaire does not ask."""
        state = self._load(uid)
        if state is None:
            return Step("none")
        if field_name not in QUESTIONS:
            raise KeyError(field_name)
        return self._store_value(uid, state, field_name, value)

    def back(self, uid: str) -> Step:
        """「上一步」: forget the last answer and ask it again."""
        state = self._load(uid)
        if state is None:
            return Step("none")
        for last in reversed(list(state["order"])):
            kept = state["answers"].pop(last, _UNREAD)
            if self._would_ask(state, last):
                state["order"].remove(last)
                if last in state["skipped"]:
                    state["skipped"].remove(last)
                state["current"] = last
                self._save(uid, state)
                return Step("question", QUESTIONS[last], answers=state["answers"])
            if kept is not _UNREAD:
                # a fact said in passing that no answer of which changes the result (宿迁, the
                # employer in the district beside a 重点产业 one): kept as it was — going back
                # forgets only the answer asked again — and the step before it is the one
                state["answers"][last] = kept
        return self._advance(uid, state)

    def reopen(self, uid: str, answers: dict[str, Any], order: list[str]) -> Step:
        """「上一步」 right after a result: the questionnaire again with ``answers`` (``order``:
        the fields as they were answered), its last answer forgotten and asked again."""
        given = [name for name in order if name in answers]
        state: dict[str, Any] = {
            "answers": dict(answers),
            "order": given or [name for name in answers if name != "region"],
            "skipped": [],
            "current": None,
            # taken up again after a result: a correction now is compared with that result
            "reopened": True,
        }
        self._save(uid, state)
        return self.back(uid)

    def month_after_result(
        self,
        uid: str,
        answers: dict[str, Any],
        order: list[str],
        facts: dict[str, Any],
        said: str,
    ) -> Step | None:
        """「不对，是大前年进的厂」 right after a result: when ``facts`` correct a length by its
        year alone (``said``) and a rule's line lies inside that year, the questionnaire is taken
        up again asking the month, as a correction during it is (``correct``); the rest it had
        left open (``answers`` lack them) stay unasked, so the result follows the month. None,
        and nothing stored, when no month is needed."""
        if not any(name in facts for name in _DURATIONS):
            return None
        given = [name for name in order if name in answers and name not in facts]
        state: dict[str, Any] = {
            "answers": {**answers, **facts},
            "order": given + [name for name in facts if name != "region"],
            "skipped": [name for name in QUESTIONS if name not in answers and name not in facts],
            "current": None,
            "reopened": True,
        }
        return self._month_first(uid, state, said)

    def reopened(self, uid: str) -> bool:
        """Whether the questionnaire running was taken up again after its result (「上一步」
        then), so the result before it is the one a change is measured against."""
        state = self._load(uid)
        return bool(state and state.get("reopened"))

    def _would_ask(self, state: dict[str, Any], name: str) -> bool:
        """Whether the questionnaire would ask ``name`` with the answers in ``state``."""
        answers = state["answers"]
        if name in ("region", "skill_level") or "region" not in answers:
            return True
        result = self._evaluate(state)
        return name in result.get("unknown", []) and self._can_change(answers, name, result)

    def change(self, uid: str, field_name: str) -> Step:
        """「改一下社保月数」: forget that answer and ask it now."""
        state = self._load(uid)
        if state is None:
            return Step("none")
        state["answers"].pop(field_name, None)
        if field_name in state["order"]:
            state["order"].remove(field_name)
        if field_name in state["skipped"]:
            state["skipped"].remove(field_name)
        state["current"] = field_name
        self._save(uid, state)
        return Step("question", QUESTIONS[field_name], answers=state["answers"])

    def cancel(self, uid: str) -> Step:
        """「退出」: drop the questionnaire."""
        self.store.delete(self._key(uid))
        self.store.delete(f"bot:quiz-seen:{uid}")
        return Step("cancelled")

    # -- internals --------------------------------------------------------------------
    def _store_value(self, uid: str, state: dict[str, Any], name: str, value: Any) -> Step:
        if value is SKIP:
            state["skipped"].append(name)
        else:
            state["answers"][name] = value.isoformat() if isinstance(value, date) else value
        # answered and skipped questions alike: 「上一步」 goes back to whatever was asked last
        if name in state["order"]:
            state["order"].remove(name)
        state["order"].append(name)
        state["current"] = None
        return self._advance(uid, state)

    def _profile(self, answers: dict[str, Any]) -> dict[str, Any]:
        profile = implied(answers)
        if "competition" in profile and profile["competition"] is None:
            profile["competition"] = "无"  # the engine's word for "took part in none / no prize"
        profile.setdefault("as_of", self.today().isoformat())
        return profile

    def _advance(self, uid: str, state: dict[str, Any]) -> Step:
        answers = state["answers"]
        if "region" not in answers:
            return self._ask(uid, state, "region")
        # the level next: it decides most amounts, so the questions after it are fewer
        if "skill_level" not in answers and "skill_level" not in state["skipped"]:
            return self._ask(uid, state, "skill_level")
        result = self._evaluate(state)
        answers = state["answers"]
        asked = set(answers) | set(state["skipped"])
        pending = [f for f in result.get("unknown", []) if f in QUESTIONS and f not in asked]
        # the question waiting first, then the others most money first; each tried only
        # until one can change the result (trying means evaluating its possible answers)
        current = state.get("current")
        for name in sorted(pending, key=lambda f: f != current):
            if self._can_change(answers, name, result):
                return self._ask(uid, state, name, result)
        self.store.delete(self._key(uid))
        self.store.delete(f"bot:quiz-seen:{uid}")
        settled = self._settled(answers, result)
        return Step("result", result=settled, answers=answers, order=tuple(state["order"]))

    def _can_change(self, answers: dict[str, Any], name: str, result: dict[str, Any]) -> bool:
        """Whether some answer to ``name`` could change ``result`` (the answers' own): for a
        field with few possible answers (yes/no, the employer's kind, narrowed by what the
        answers imply: a 重点产业企业 is not a 事业单位), each is tried and compared on what the
        worker gets and what may still come (benefits with amounts, pending rules); a field
        with open answers (a number, a date, a prize) is taken to matter whenever the engine
        lists it."""
        options = _options(name, implied(answers))
        if options is None:
            return True
        base = _outcome(result)
        for value in options:
            try:
                tried = self._tried_outcome(self._profile({**answers, name: value}))
            except ValueError:  # ProfileError: that answer is not possible here
                continue
            if tried != base:
                return True
        return False

    def _tried_outcome(self, profile: dict[str, Any]) -> tuple[frozenset[Any], frozenset[Any]]:
        """``_outcome`` of the engine's result for ``profile``, kept for this questionnaire
        while the catalogue in use is the same (raises as ``evaluate`` does; a raise is not
        kept)."""

        catalogue = default_catalogue()
        if catalogue is not self._tried_on:
            self._tried.clear()
            self._tried_on = catalogue
        key = json.dumps(profile, sort_keys=True, ensure_ascii=False, default=str)
        found = self._tried.get(key)
        if found is None:
            found = self._tried[key] = _outcome(self.evaluate(profile))
        return found

    def _settled(self, answers: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
        """``result`` with ``unknown`` keeping only the fields whose answer could change it
        (a copy; the engine's dict is left as it is)."""
        unknown = [f for f in result.get("unknown", []) if self._can_change(answers, f, result)]
        if len(unknown) == len(result.get("unknown", [])):
            return result
        return {**result, "unknown": unknown}

    def _evaluate(self, state: dict[str, Any]) -> dict[str, Any]:
        """The engine's result for the answers so far. An answer the engine refuses (a fact read
        from free words that does not hold, e.g. a date after the evaluation day) is dropped,
        to be asked again, instead of failing the message."""

        try:
            return self.evaluate(self._profile(state["answers"]))
        except ProfileError as err:
            bad = {name for name, _message in err.errors}
            if not bad & set(state["answers"]) - {"region"}:
                raise
            for name in bad:
                state["answers"].pop(name, None)
                if name in state["order"]:
                    state["order"].remove(name)
            return self.evaluate(self._profile(state["answers"]))

    def _ask(
        self, uid: str, state: dict[str, Any], name: str, result: dict[str, Any] | None = None
    ) -> Step:
        """Ask ``name`` next; ``result``: the engine's result so far (what is already sure)."""
        state["current"] = name
        self._save(uid, state)
        return Step("question", QUESTIONS[name], answers=state["answers"], result=result)


LEVEL_NOT_DATE = (
    "不好意思，这一题问的是你现在的技能等级，不是拿证的时间（拿证时间后面会单独问）。"
    "请回复等级，如「高级工」「技师」。"
)


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Two ``Questionnaire._snapshot``s alike: equal values, the very same catalogue."""
    return a[:-1] == b[:-1] and a[-1] is b[-1]


_ENTERPRISES = tuple(t for t in EMPLOYER_TYPES if t.endswith("企业"))


# months in one unit of each duration the questionnaire asks
_DURATIONS = {"contract_years": 12, "tenure_years": 12, "insurance_months": 1}
RANGE_CONFIRM = "你说的是{low}到{high}，正好卡在政策要求的线上，差一点结果就不一样。请说个准数（看合同或社保缴费记录）。"
LUNAR_SINCE_CONFIRM = (
    "从{span}算到现在是{low}到{high}，正好卡在政策要求的线上。"
    "请回复公历哪天开始的（如「{example}」），或缴费记录上的月数。"
)
RANGE_NOTED = "按{low}记下（{low}到{high}之间结果都一样）。"
YEAR_SINCE_CONFIRM = (
    "你说的是{year}年，没说几月：算到现在是{low}到{high}，正好卡在政策要求的线上，"
    "差一个月结果就不一样。请回复几月开始的（如「{example}」），{other}。"
)
#: What else answers the month asked of a year said, per field (``YEAR_SINCE_CONFIRM``).
YEAR_SINCE_OTHER = {
    "insurance_months": "或缴费记录上的月数",
    "tenure_years": "或在这干了几年几个月",
}
ABOUT_CONFIRM = "你说的是个大概数，可能在{low}到{high}之间，正好卡在政策要求的线上，差一点结果就不一样。请说个准数（看合同或社保缴费记录）。"


def _about_in(
    text: str, given: list[str], values: dict[str, Any]
) -> tuple[str, float, float] | None:
    """The duration field a roughly said length (「差不多3年」「两年多」) was kept for as said,
    with the shortest and longest it may be in that field's unit; None when none was."""

    for name in given:
        per = _DURATIONS.get(name)
        value = values.get(name)
        if per is None or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        about = duration_about(text, "months" if per == 1 else "years")
        if about is None or abs(value * per - about[1]) > 0.05:
            continue
        if per == 1:
            return name, int(about[0]), int(about[2])
        return name, round(about[0] / per, 2), round(about[2] / per, 2)
    return None


def _range_in(
    text: str, given: list[str], values: dict[str, Any], today: date
) -> tuple[str, float, float] | None:
    """The duration field a range answer (「七八个月」) gave its shorter end to, with the range's
    ends in that field's unit; None when the message says no range."""

    for name in given:
        per = _DURATIONS.get(name)
        value = values.get(name)
        if per is None or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        span = _since_span(name, text, today) or duration_range(
            text, "months" if per == 1 else "years", today
        )
        # tenure is kept in years to two places: within 0.06 of a month of the months said
        if span is None or abs(value * per - span[0]) > 0.1:
            continue
        low, high = span[0] / per, span[1] / per
        if per == 1:
            return name, int(low), int(high)
        return name, round(low, 2), round(high, 2)
    return None


def _since_span(name: str, text: str, today: date) -> tuple[float, float] | None:
    """The fewest and most months ``text`` gives ``name`` by saying when it began
    (「社保去年开始交的」), when those differ (a year or a lunar month said); else None."""
    when = began_said(name, text)
    span = None if when is None else parsing.months_since(when + "开始", today)
    return span if span is not None and span[0] < span[1] else None


def _year_began(name: str, text: str, today: date) -> int | None:
    """The year ``text`` says ``name`` began in when it says no month (「去年进的厂」, or
    the whole answer 「2024年」), else None."""
    when = began_said(name, text)
    span = parsing.year_only(when if when is not None else parsing.since_when(text), today)
    return None if span is None else span[0].year


_DATE_WORDS = re.compile(r"\d{4}|\d{2}年|[年月]|腊月|正月|冬月")


# 「三年前进厂的」「去年入职」: when the worker started work or paying 社保, never when the
# certificate was got
_STARTED = re.compile(
    r"进厂|入职|进的|来的|进来|进公司|进单位|上班|参加工作|干活|开始交|交社保|参保"
)


def date_instead(q: Question, text: str, today: date, answers: dict[str, Any]) -> str | None:
    """A message that is only a date (「今年3月」「2023年」「去年腊月」), sent while another
    question than the certificate's date waits: the certificate's date (ISO; said early, or
    said again otherwise), else None."""
    name = "level_obtained_on"
    if q.field == name or name not in QUESTIONS:
        return None
    if not _DATE_WORDS.search(text) or _STARTED.search(text):
        return None
    try:
        value = QUESTIONS[name].parse(text, today)
    except AnswerError:
        return None
    return value.isoformat() if isinstance(value, date) else None


def _day_in(lunar: LunarSpan) -> str:
    """A Gregorian day inside ``lunar``, as an example answer."""
    day = lunar.first + (lunar.last - lunar.first) // 2
    return f"{day.year}年{day.month}月{day.day}日"


def _duration(name: str, value: float) -> str:
    """A length as a worker says it: 8个月, 2年, 半年, 1年11个月."""
    months = round(value if name == "insurance_months" else value * 12)
    if name == "insurance_months" or months < 12:
        return "半年" if months == 6 and name != "insurance_months" else f"{months}个月"
    years, rest = divmod(months, 12)
    return f"{years}年" + (f"{rest}个月" if rest else "")


def _options(name: str, answers: dict[str, Any]) -> tuple[Any, ...] | None:
    """The answers ``name`` can still take given ``answers`` (``implied`` already applied),
    or None when they are open (numbers, dates, prizes, titles)."""
    spec = field_spec(name)
    if spec.type == "bool":
        return (True, False)
    if name == "employer_type":
        # 「重点产业、战略性新兴产业企业」 is an enterprise
        return _ENTERPRISES if answers.get("key_industry") is True else EMPLOYER_TYPES
    return None


def _outcome(result: dict[str, Any]) -> tuple[frozenset[Any], frozenset[Any]]:
    """What a result gives the worker, for comparison: benefits with their amounts, and the
    rules still pending."""
    benefits = frozenset(
        (b.get("rule_id"), b.get("amount_yuan"), b.get("per")) for b in result.get("benefits", [])
    )
    return benefits, frozenset(p.get("rule_id") for p in result.get("pending", []))


def implied(answers: dict[str, Any]) -> dict[str, Any]:
    """``answers`` with the facts they imply added, never overriding one given.

    A 重点产业 / 战略性新兴产业 employer (key_industry true) is one of the worker's district:
    the only rules naming it (洪泽 三（三）1) read 「我区重点产业、战略性新兴产业企业」, the
    district's own list, so 「单位是在本区注册的吗」 could not change the result and is not
    asked (employer_in_region true). A worker who said otherwise keeps their answer."""
    out = dict(answers)
    if out.get("key_industry") is True:
        out.setdefault("employer_in_region", True)
    return out


_PART = re.compile(r"[，,。；;！!？?\s]+")


def _other_parts(text: str, today: date) -> str:
    """The parts of ``text`` that state no profile fact of their own (``facts_in``)."""

    return "，".join(p for p in _PART.split(text) if p and not facts_in(p, today))
