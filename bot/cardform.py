"""The blue-card application form in chat: one field at a time, each answer validated as it
is typed (``policy_kb.card_form.validate_field``), then a masked summary and explicit consent
(「确认提交」) before the service core receives it.

State lives in the session store under ``bot:card:<user>`` and expires after 30 minutes of
silence (it holds personal data: the shorter the better); a marker (``bot:card-seen:<user>``,
one day) lets the bot say that an old form expired instead of misreading the next message.

The service core is reached only through ``bot.services.BotServices`` (``apply_card``,
``my_card``), so this module stays pure. Full 身份证号, phone and
社保卡号 are never echoed: confirmations show them masked.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.intents import bare, classify
from bot.services import ApplicationView, CardView
from bot.store import SessionStore
from policy_kb.card_form import (
    CARD_FIELDS,
    CardField,
    CardFieldError,
    field_by_name,
    validate_field,
)
from policy_kb.eligibility import canonical_skill_level
from policy_kb.identifiers import mask_id_number, mask_name, mask_phone, mask_tail
from policy_kb.redaction import join_digit_groups, mask_numbers, redact
from policy_kb.regions import canonical_region

CARD_FORM_TTL_SECONDS = 30 * 60
SEEN_TTL_SECONDS = 24 * 3600

#: Fields asked one by one; consent is given at the summary (「确认提交」).
ASKED: tuple[CardField, ...] = tuple(f for f in CARD_FIELDS if f.name != "consent")
CONFIRM = "confirm"
CONFIRM_WORDS = frozenset(
    {"确认提交", "确认", "提交", "同意", "同意并提交", "我同意", "确认无误", "确定", "是"}
)
#: Words naming a field in a correction (「改手机号」「身份证填错了」), longest first.
_FIELD_WORDS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        (
            ("姓名", "name"),
            ("名字", "name"),
            ("身份证", "id_number"),
            ("手机", "phone"),
            ("电话", "phone"),
            ("技能等级", "skill_level"),
            ("等级", "skill_level"),
            ("证书编号", "certificate_no"),
            ("证书号", "certificate_no"),
            ("发证机构", "certificate_issuer"),
            ("发证单位", "certificate_issuer"),
            ("发证日期", "certificate_date"),
            ("发证时间", "certificate_date"),
            ("工作单位", "employer_name"),
            ("单位名称", "employer_name"),
            ("信用代码", "credit_code"),
            ("地区", "district"),
            ("社保卡", "social_security_no"),
            ("社保号", "social_security_no"),
        ),
        key=lambda item: -len(item[0]),
    )
)
#: Agreeing that what the worker said before still holds (「对」「是的」「没错」).
AGREE_WORDS = frozenset(
    {"对", "对的", "是", "是的", "没错", "嗯", "确认", "沿用", "好", "好的", "ok", "1"}
)
_CHANGE_WORDS = ("改", "修改", "更正", "重填", "填错", "写错", "输错")


@dataclass(frozen=True)
class FormStep:
    """Where the form is. kind: ``"field"`` (ask ``field``; ``hint`` says why the last answer
    was refused), ``"confirm"`` (show the summary), ``"none"`` (no form running),
    ``"cancelled"``. noted: the masked value just recorded (for 「已记下」); proposed: what the
    worker already said for this field (level, district), offered for confirmation."""

    kind: str
    field: CardField | None = None
    hint: str | None = None
    noted: str | None = None
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    proposed: str | None = None


#: Fields answered in free text: whatever was typed with the answer is kept with it.
_FREE_TEXT_FIELDS = frozenset({"employer_name", "certificate_issuer"})


def display_value(name: str, value: Any) -> str:
    """How a stored answer is shown back: personal identifiers masked, the rest as is."""
    text = str(value)
    if name == "name":
        return mask_name(text)
    if name == "id_number":
        return mask_id_number(text)
    if name == "phone":
        return mask_phone(text)
    if name == "social_security_no":
        return mask_tail(text)
    if name in _FREE_TEXT_FIELDS:
        # a number typed with the text (a 身份证号 after the employer) is never echoed in full
        return mask_numbers(text)
    return text


def field_named_in(text: str) -> str | None:
    """The field a short correction names (「改手机号」, 「身份证填错了」), or None."""
    b = bare(text)
    if len(b) > 14 or not any(w in b for w in _CHANGE_WORDS):
        return None
    return next((name for word, name in _FIELD_WORDS if word in b), None)


# -- what one message states ---------------------------------------------------------------
# 「张三 3201…」「王五，身份证号3201…，手机139…」: several fields in one message. A label names
# the field of the value after it (in the same part or the next); an unlabeled value is the
# field asked now when it is one, else the field its shape says (18 digits: a 身份证号).
_LABELS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        (
            *_FIELD_WORDS,
            ("身份证号码", "id_number"),
            ("身份证号", "id_number"),
            ("证件号码", "id_number"),
            ("证件号", "id_number"),
            ("手机号码", "phone"),
            ("手机号", "phone"),
            ("电话号码", "phone"),
            ("联系电话", "phone"),
            ("联系方式", "phone"),
            ("名字叫", "name"),
            ("我叫", "name"),
            ("名叫", "name"),
            ("社会保障卡号", "social_security_no"),
            ("社保卡号", "social_security_no"),
            ("统一社会信用代码", "credit_code"),
            ("证书号码", "certificate_no"),
            ("单位", "employer_name"),
        ),
        key=lambda item: -len(item[0]),
    )
)
# Words before a value that say nothing of which field it is (「我是张三」「本人李四」).
_SOFT_LEAD = re.compile(r"^(?:我是|本人是?|叫)")
_OWNER = re.compile(r"^(?:我的|本人的?|我)")
_AFTER_LABEL = re.compile(r"^(?:号码|号)?(?:是|为|叫)?[：:]?")
# A label of an identifier followed by its digits anywhere in a message (「李四身份证3201…」):
# split there. The digits must follow, so 「电话设备厂」 stays one employer name.
_SPLIT_BEFORE = re.compile(
    r"(?:我的|本人的?)?(?:身份证号码|身份证号|身份证|证件号码?|手机号码?|手机|电话号码|联系电话|电话)"
    r"(?=(?:号码|号)?(?:是|为|：|:)?\s*\d)"
)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A long run of digits glued to words (「张三320102…」): the words and the number apart.
_GLUED = re.compile(
    rf"(?<=[{_HAN}])(?=\d{{7}})|(?<=\d{{7}})(?=[{_HAN}])|(?<=\d{{6}}[Xx])(?=[{_HAN}])"
)
_PART = re.compile(r"[\s，,。；;、！!？?/|：:]+")
_PLAIN_NAME = re.compile(rf"[{_HAN}]{{2,4}}|[{_HAN}]{{1,10}}(?:·[{_HAN}]{{1,10}})+")
# What a value looks like once spaces are gone: 身份证号 (15 or 18, or mistyped 16-19
# digits — its length is then named in the re-prompt), 手机号, 统一社会信用代码.
_ID_SHAPE = re.compile(r"\d{17}[\dX]|\d{15,19}")
_PHONE_SHAPE = re.compile(r"1\d{10}")
# GB 32100: two code letters or digits, the 6-digit 行政区划码, ten more (a letter among them)
_CREDIT_SHAPE = re.compile(r"[1-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}")
# A certificate number: letters and digits, a letter among them (S000034150000243000123).
_CERT_SHAPE = re.compile(r"(?=.*[A-Z])(?=.*\d)[A-Z0-9]{8,40}")
#: Fields whose answer is itself a code: a number typed there is theirs, whatever its shape.
CODE_FIELDS = frozenset(
    {"id_number", "phone", "certificate_no", "credit_code", "social_security_no"}
)
_DATE_SHAPE = re.compile(r"\d{4}(?:[-./]\d{1,2}[-./]\d{1,2}|年\d{1,2}月\d{1,2}[日号]?)")
_ASKED_NAMES = frozenset(f.name for f in ASKED)
# Not values: a greeting or a nod said with them.
_FILLER_INTENTS = frozenset({"greeting", "thanks"})


def _shape_of(value: str, today: date) -> str | None:
    """The field a value without a label must be, by its shape, or None."""
    compact = re.sub(r"[\s\-]", "", value).upper()
    if _PHONE_SHAPE.fullmatch(compact):
        return "phone"
    if _ID_SHAPE.fullmatch(compact):
        return "id_number"
    if _CREDIT_SHAPE.fullmatch(compact):
        return "credit_code"
    if _CERT_SHAPE.fullmatch(compact):
        return "certificate_no"
    if _DATE_SHAPE.fullmatch(compact):
        return "certificate_date"
    if canonical_skill_level(value) is not None:
        return "skill_level"
    if canonical_region(value) is not None:
        return "district"
    if _PLAIN_NAME.fullmatch(value):
        return "name"
    return None


def _valid(name: str, value: str, today: date) -> bool:
    try:
        validate_field(name, value, today=today)
    except CardFieldError:
        return False
    return True


def _labelled(part: str) -> tuple[str | None, str]:
    """(field, value) of a part opening with a label (「身份证号是3201…」 → id_number, 「3201…」),
    or (None, part); the value is "" when it comes in the next part."""
    for rest in (part, _OWNER.sub("", part)):
        for word, name in _LABELS:
            if rest.startswith(word):
                return name, _AFTER_LABEL.sub("", rest[len(word) :])
    return None, part


# The worker's own fields: a value of theirs typed later must say so (「我的手机…」).
_IDENTITY = frozenset({"name", "id_number", "phone"})
# A part saying its value is the worker's own (「我的手机」「本人电话」「我叫…」).
_MINE = re.compile(r"^(?:我的|本人|我叫|我是|我)")
# Someone else whose name or number may be typed with an answer (「法人电话…」「老板王强」):
# their values are never the worker's.
_OTHER_PERSON = re.compile(
    r"法人|法定代表人|老板|联系人|负责人|经理|厂长|主管|同事|爱人|老婆|老公|妻子|丈夫|家属"
)


def fields_in(
    text: str, current: str | None, today: date, known: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Every field of the form ``text`` states, as typed (not yet validated): field name →
    value. ``current``: the field being asked, which an unlabeled value answers first when it
    is a valid answer to it. Labels (姓名, 身份证号, 手机 …) name the value after them;
    unlabeled values are read by shape (18 digits: 身份证号; 11 from 1: 手机号; 2–4 Chinese
    characters: 姓名; a skill level; a covered district), digit groups joined first
    (「3201 0219 …」). A part none of these fits, a greeting or a nod, is left out. The first
    value for a field wins. ``known``: the fields already answered; the worker's name,
    身份证号 or phone among them is replaced only at its own step or when the part says it is
    theirs (「我的手机…」), and none is read after a word naming someone else (「法人电话…」
    「老板王强」)."""
    t = join_digit_groups(unicodedata.normalize("NFKC", text).strip())
    t = _SPLIT_BEFORE.sub(lambda m: "，" + m.group(0), t)
    t = _GLUED.sub("，", t)
    parts = [p for p in _PART.split(t) if p]
    found: dict[str, str] = {}
    named: str | None = None  # the first unlabeled part shaped like a name
    waiting: str | None = None  # a label whose value is the next part
    waiting_mine = False
    other = False  # someone else was named: no later name or number is the worker's

    def take(name: str, value: str, mine: bool) -> None:
        if name in _IDENTITY and name != current and not mine and (other or name in known):
            return
        found.setdefault(name, value)

    for part in parts:
        mine = bool(_MINE.match(part))
        someone_else = not mine and bool(_OTHER_PERSON.search(part))
        other = other or someone_else
        if waiting is not None:
            label, value = _labelled(part)
            if label is None:
                take(waiting, part, waiting_mine or mine)
                waiting = None
                continue
            waiting = None
        else:
            label, value = _labelled(part)
        if label is not None:
            if value:
                take(label, value, mine)
            else:
                waiting, waiting_mine = label, mine
            continue
        value = _SOFT_LEAD.sub("", part) or part
        if classify(part) in _FILLER_INTENTS or bare(part) in AGREE_WORDS | CONFIRM_WORDS:
            continue
        shape = _shape_of(value, today)
        # 「法人」「老板王强」 answers no step: it says whose the next value is
        asked = current in _ASKED_NAMES and current not in found and not someone_else
        # a 身份证号 typed at a free-text step (工作单位), or 「技师」 at the name step, is what
        # its shape says, not a strange answer; a code field takes any code typed there
        fits = current in CODE_FIELDS or shape in (None, "name", current)
        if asked and fits and _valid(str(current), value, today):
            found[str(current)] = value
            continue
        if shape == "name":
            if not other or mine:
                named = named or value
        elif shape is not None and shape not in found:
            take(shape, value, mine)
    # a few Chinese characters are a name only beside an identifier (「张三 3201…」) or at the
    # name step: alone at another step they are a poor answer to it (「没有证书」), not a name
    if named and "name" not in found and (current == "name" or {"id_number", "phone"} & set(found)):
        take("name", named, False)
    return found


# -- a question instead of an answer -----------------------------------------------------------
# Asking words, a question mark or a final particle (「蓝卡有啥用」「要交钱吗」「这个卡干嘛的」).
# None of them is a character of a name, an employer or an issuer as typed (呢 only ends a
# question: 呢绒厂 is an employer; 何 and 么 alone are surnames: 何平, 么丽).
_ASKS = re.compile(
    r"[?？]|(?:吗|呢|嘛|么|不)$|啥|咋|什么|怎么|怎样|如何|为何|为什么|哪|多少|几(?:[个年月天号岁块次]|时)"
    r"|干嘛|干吗|能不能|可不可以|是不是|有没有|要不要|用不用|会不会|行不行|需不需要|算不算"
    r"|多久|多长时间|谁"
)
# Digits enough to be part of an identifier: such a message is form input, never a question to
# search (a 身份证号 must not reach the search, the topic or a reply).
_IDENTIFIER_DIGITS = re.compile(r"\d{6}")
#: What the bot does for a command word at any step (「菜单」「帮助」「你好」「我的蓝卡」), then
#: asks the step again.
ASIDE_INTENTS = frozenset(
    {"help", "topics", "more", "original", "greeting", "my_card", "my_applications", "vague"}
    | {"list_benefits", "compare"}
)


def asks_instead(text: str) -> bool:
    """A message typed at a form step that asks something instead of answering it: asking
    words (啥, 怎么, 多少 …), a question mark, a final 吗/呢/么/嘛/不, or a command the bot
    knows (``ASIDE_INTENTS``). Never a message holding six digits in a row or a number
    ``redact`` would remove, however grouped (an identifier being typed). A plausible name (2–4 Chinese characters, no asking word: 何平, 么丽) is
    not a question."""
    b = bare(text)
    if not b or _IDENTIFIER_DIGITS.search(b) or redact(text) != text:
        # a number in any grouping (「139-1234-5678可以吗」): form input, never searched
        return False
    if classify(text) in ASIDE_INTENTS:
        return True
    ends_not = b.endswith("不") and len(b) < 3  # 「要不」 is no question, 「交钱不」 is
    return bool(_ASKS.search(text.strip()) or _ASKS.search(b)) and not ends_not


def question_without_name(text: str, current: str | None, today: date) -> str:
    """The question in ``text`` with a part stating the worker's name left out
    (「我叫孙晓峰，办卡要交钱吗」 → 「办卡要交钱吗」), so the name is neither searched nor kept
    as the dialogue's question; ``text`` itself when it states none."""
    name = fields_in(text, current, today).get("name")
    if not name:
        return text
    t = unicodedata.normalize("NFKC", text).strip()
    kept = [p for p in _PART.split(t) if p and name not in p]
    return "，".join(kept) or text


def _none() -> FormStep:
    """The step meaning "no form is running"."""
    return FormStep("none")


class CardForm:
    """The guided application form over a session store (see module docstring)."""

    def __init__(self, store: SessionStore, today: Callable[[], date] = date.today) -> None:
        self.store = store
        self.today = today

    # -- state ----------------------------------------------------------------------------
    def _key(self, uid: str) -> str:
        return f"bot:card:{uid}"

    def _load(self, uid: str) -> dict[str, Any] | None:
        return self.store.get(self._key(uid))

    def _save(self, uid: str, state: dict[str, Any]) -> None:
        self.store.set(self._key(uid), state, CARD_FORM_TTL_SECONDS)
        self.store.set(f"bot:card-seen:{uid}", {"at": self.today().isoformat()}, SEEN_TTL_SECONDS)

    def active(self, uid: str) -> bool:
        """True while a form is being filled in for the user."""
        return self._load(uid) is not None

    def expired(self, uid: str) -> bool:
        """True (once) when the user had a form that timed out; clears the marker."""
        if self.active(uid) or self.store.get(f"bot:card-seen:{uid}") is None:
            return False
        self.store.delete(f"bot:card-seen:{uid}")
        return True

    def values(self, uid: str) -> dict[str, Any]:
        """The answers collected so far (normalised values)."""
        state = self._load(uid)
        return dict(state["values"]) if state else {}

    # -- transitions ----------------------------------------------------------------------
    def start(self, uid: str, known: dict[str, str] | None = None) -> FormStep:
        """Begin (or restart) a form. ``known``: what the worker already said for some fields
        (skill_level, district); each is offered for confirmation instead of asked afresh."""
        proposed = {k: v for k, v in (known or {}).items() if any(f.name == k for f in ASKED)}
        return self._advance(
            uid, {"values": {}, "order": [], "current": None, "proposed": proposed}
        )

    def waiting_for(self, uid: str) -> str | None:
        """The name of the field the form is waiting for ("confirm" at the summary), or None;
        reads the state without advancing it."""
        state = self._load(uid)
        return None if state is None else state.get("current")

    def current(self, uid: str) -> FormStep:
        """What the form waits for, or kind "none"."""
        state = self._load(uid)
        return _none() if state is None else self._advance(uid, state)

    def answer(self, uid: str, text: str) -> FormStep:
        """Validate a typed answer to the current field; refused: the same field again with a
        hint naming the problem (nothing stored)."""
        state = self._load(uid)
        if state is None:
            return _none()
        name = state["current"]
        if name == CONFIRM or name is None:
            return self._advance(uid, state)
        proposed = (state.get("proposed") or {}).get(name)
        if proposed and bare(text) in AGREE_WORDS:
            text = str(proposed)
        try:
            value = validate_field(name, text, today=self.today())
        except CardFieldError as err:
            return FormStep("field", field_by_name(name), hint=str(err), values=state["values"])
        state["values"][name] = value
        if name in state["order"]:
            state["order"].remove(name)
        state["order"].append(name)
        state["current"] = None
        noted = f"{field_by_name(name).label}：{display_value(name, value)}"
        step = self._advance(uid, state)
        return dataclasses.replace(step, noted=noted)

    def fill(self, uid: str, given: dict[str, str]) -> FormStep:
        """Several fields from one message (``fields_in``): each validated and kept on its own.
        A refused one is asked next, with the hint naming its problem (the others stay kept),
        unless it was answered before and is not the field asked now: that answer stays;
        otherwise the first field still missing (or the summary). ``noted``: what was kept,
        masked."""
        state = self._load(uid)
        if state is None:
            return _none()
        noted: list[str] = []
        errors: dict[str, str] = {}
        for f in ASKED:
            if f.name not in given:
                continue
            try:
                value = validate_field(f.name, given[f.name], today=self.today())
            except CardFieldError as err:
                if f.name not in state["values"] or f.name == state["current"]:
                    # a refused value beside a kept answer (a landline after the employer)
                    # leaves that answer as it was: only a field still open is asked again
                    errors[f.name] = str(err)
                continue
            state["values"][f.name] = value
            if f.name in state["order"]:
                state["order"].remove(f.name)
            state["order"].append(f.name)
            noted.append(f"{f.label}：{display_value(f.name, value)}")
        said = "，".join(noted) or None
        if errors:
            bad = next(iter(errors))
            state["current"] = bad
            self._save(uid, state)
            field = field_by_name(bad)
            return FormStep("field", field, hint=errors[bad], noted=said, values=state["values"])
        state["current"] = None
        return dataclasses.replace(self._advance(uid, state), noted=said)

    def back(self, uid: str) -> FormStep:
        """「上一步」: forget the last answer and ask it again."""
        state = self._load(uid)
        if state is None:
            return _none()
        if state["order"]:
            last = state["order"].pop()
            state["values"].pop(last, None)
            state["current"] = last
            self._save(uid, state)
            return FormStep("field", field_by_name(last), values=state["values"])
        return self._advance(uid, state)

    def change(self, uid: str, name: str) -> FormStep:
        """「改手机号」: ask that field again (its old answer is dropped)."""
        state = self._load(uid)
        if state is None:
            return _none()
        state["values"].pop(name, None)
        if name in state["order"]:
            state["order"].remove(name)
        state["current"] = name
        self._save(uid, state)
        return FormStep("field", field_by_name(name), values=state["values"])

    def reject(self, uid: str, errors: dict[str, str]) -> FormStep:
        """The service refused some answers: drop them and ask the first again with its
        message."""
        state = self._load(uid)
        if state is None:
            return _none()
        bad = [f.name for f in ASKED if f.name in errors]
        if not bad:
            return self._advance(uid, state)
        for name in bad:
            state["values"].pop(name, None)
            if name in state["order"]:
                state["order"].remove(name)
        state["current"] = bad[0]
        self._save(uid, state)
        return FormStep("field", field_by_name(bad[0]), hint=errors[bad[0]], values=state["values"])

    def cancel(self, uid: str) -> FormStep:
        """「退出」 or after submitting: drop the form and everything typed into it."""
        self.store.delete(self._key(uid))
        self.store.delete(f"bot:card-seen:{uid}")
        return FormStep("cancelled")

    # -- internals ------------------------------------------------------------------------
    def _advance(self, uid: str, state: dict[str, Any]) -> FormStep:
        values = state["values"]
        current = state.get("current")
        if current and current != CONFIRM and current not in values:
            name = current
        else:
            name = next((f.name for f in ASKED if f.name not in values), CONFIRM)
        state["current"] = name
        self._save(uid, state)
        if name == CONFIRM:
            return FormStep("confirm", values=values)
        proposed = (state.get("proposed") or {}).get(name)
        return FormStep("field", field_by_name(name), values=values, proposed=proposed)


# -- what the user reads ------------------------------------------------------------------
FORM_FOOTER = "（回复「上一步」改上一项，「退出」放弃申请）"


def render_field(step: FormStep) -> str:
    """The question for ``step.field``, with its position, the refusal hint and what was
    just recorded (masked)."""
    assert step.field is not None
    index = next(i for i, f in enumerate(ASKED, 1) if f.name == step.field.name)
    lines = []
    if step.noted:
        lines.append(f"已记下 {step.noted}")
    if step.hint:
        lines.append(f"{step.hint}。请重新输入{step.field.label}：")
    lines.append(f"（{index}/{len(ASKED)}）{step.field.label}")
    if step.proposed and not step.hint:
        lines.append(
            f"你之前说过{step.field.label}是「{step.proposed}」，对吗？"
            f"回复「对」沿用，或直接回复正确的{step.field.label}。"
        )
        return "\n".join(lines) + "\n" + FORM_FOOTER
    lines.append(step.field.prompt)
    if step.field.example and not step.hint:
        lines.append(f"例如：{step.field.example}")
    return "\n".join(lines) + "\n" + FORM_FOOTER


CONSENT_TEXT = (
    "个人信息处理同意：提交即表示你同意人社部门为办理技工蓝卡收集、使用上述个人信息"
    "（姓名、身份证号、手机号、社保卡号、证书和工作单位），加密保存，仅用于蓝卡审核、"
    "窗口核验、补贴申领和政策通知，不向无关方提供；你可以随时申请查询或更正。"
)


def render_summary(
    values: dict[str, Any], noted: str | None = None, hint: str | None = None
) -> str:
    """The masked summary and the consent question."""
    lines = []
    if noted:
        lines.append(f"已记下 {noted}")
    if hint:
        lines.append(hint)
    lines.append("请核对你的蓝卡申请：")
    for f in ASKED:
        if f.name in values:
            lines.append(f"· {f.label}：{display_value(f.name, values[f.name])}")
    lines.append("")
    lines.append(CONSENT_TEXT)
    lines.append(
        "回复「确认提交」表示同意并提交；回复「改+项目」修改（如「改手机号」），「退出」放弃。"
    )
    return "\n".join(lines)


def render_card(card: CardView | None) -> str:
    """「我的蓝卡」: status, number, level, district, masked name, and each subsidy
    application (status, amount in yuan, clause); or how to apply."""
    if card is None:
        return "你还没有申请技工蓝卡。回复「申请蓝卡」开始填写（需要身份证号、职业技能等级证书、工作单位的统一社会信用代码和社保卡号）。"
    lines = ["你的技工蓝卡", f"状态：{card.status_label or card.status}"]
    if card.card_no:
        lines.append(f"卡号：{card.card_no}")
    lines.append(f"姓名：{card.name_masked}")
    lines.append(f"技能等级：{card.skill_level}")
    lines.append(f"地区：{card.district}")
    if card.employer_name:
        lines.append(f"工作单位：{card.employer_name}")
    if card.applied_on:
        lines.append(f"申请日期：{card.applied_on}")
    lines.extend(_CARD_STATUS_NOTES.get(card.status, ()))
    if card.status == "rejected":
        # typed by staff: a number they quoted (a 身份证号, a phone) is not shown in full
        reason = mask_numbers(card.reject_reason) if card.reject_reason else "（未说明）"
        lines.insert(-1, f"未通过原因：{reason}")
    if card.applications:
        lines.append("")
        lines.append("补贴申请：")
        lines.extend(render_application(i, a) for i, a in enumerate(card.applications, 1))
    elif card.status == "active":
        lines.append("暂无补贴申请。")
    return "\n".join(lines)


#: What the worker is told under each card status (the reason is added for rejections).
_CARD_STATUS_NOTES: dict[str, tuple[str, ...]] = {
    "pending": ("正在审核，审核结果会在这里显示。",),
    "rejected": ("修改后可以回复「申请蓝卡」重新申请。",),
    "suspended": ("此卡已暂停使用，如有疑问请到窗口咨询。",),
    "revoked": ("此卡已注销，如有疑问请到窗口咨询。",),
    "active": ("到服务窗口办理时，在小程序里出示蓝卡二维码。",),
}


def render_application(number: int, app: ApplicationView) -> str:
    """One numbered line (two with a reason) of a subsidy application: benefit, amount in
    yuan, status, dates and where it is granted."""
    line = f"{number}. {app.benefit} {app.amount_yuan}元 · {app.status_label}"
    dates = "，".join(
        f"{label}{day}"
        for label, day in (("受理于", app.opened_on), ("办结于", app.decided_on))
        if day
    )
    if dates:
        line += f"（{dates}）"
    # a citation that already ends with the clause number is not followed by it again (「四 四」)
    clause = "" if app.clause and app.citation.endswith(app.clause) else app.clause
    source = " ".join(part for part in (app.citation, clause) if part)
    if source:
        line += f"\n   依据：{source}"
    if app.reject_reason:
        line += f"\n   原因：{mask_numbers(app.reject_reason)}"
    return line
