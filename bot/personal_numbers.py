"""A personal number typed outside any form (「我的身份证号是3415…」「手机13912345678」
「社保卡号A1234567」): which kind it is, whether it passes its check, and the message without it.

Such a number is taken only inside the 技工蓝卡 form (``bot.cardform``), where it is validated,
masked and stored encrypted. Typed anywhere else it is never searched, never kept in the
dialogue's state and never logged (the reply's intent is one the message log keeps as a marker):
the worker is told whether it passes (GB 11643 for a 身份证号, ``policy_kb.identifiers``) and
how to apply. PURE: nothing of the service core.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from policy_kb.card_form import CardFieldError, validate_field
from policy_kb.identifiers import IdentifierError, check_id_number, check_phone
from policy_kb.redaction import join_digit_groups, redact

#: What each kind is called in a reply.
LABELS = {"id_number": "身份证号", "phone": "手机号", "social_security_no": "社保卡号"}

_OWN = r"(?:我的|本人的?|俺的|我)?"
_SAYS = r"(?:号码|号)?(?:是|为|叫)?[：:\s]*"
# A label right before a value names its kind, whatever the value's shape.
_LABELLED = re.compile(
    rf"{_OWN}(?:(?P<id_number>公民身份号码|身份证号码|身份证号|身份证|证件号码|证件号)"
    rf"|(?P<social_security_no>社会保障卡号|社会保障卡|社会保障号码|社保卡号|社保卡|社保号码|社保号)"
    rf"|(?P<phone>手机号码|手机号|手机|电话号码|联系电话|电话))"
    rf"{_SAYS}(?P<value>[0-9A-Za-z]*[0-9][0-9A-Za-z]*)"
)
# Without a label, only a shape that is nothing else: 18 characters ending in a digit or X (a
# 身份证号), or 11 digits from 1 (a mobile phone), standing apart from other letters and digits.
_SHAPED = re.compile(
    r"(?<![0-9A-Za-z])(?:(?P<id_number>[0-9]{17}[0-9Xx])|(?P<phone>1[0-9]{10}))(?![0-9A-Za-z])"
)
# Another code's label just before an unlabelled number (信用代码, 证书编号, 银行卡号): not ours.
_OTHER_CODE = re.compile(r"(?:代码|编号|银行卡号?|卡号|账号|单号)(?:是|为)?[：:\s]*$")
# A labelled value this short is a count or a year asked about (「身份证号18位吗」), not a number.
_FEWEST_DIGITS = 6


@dataclass(frozen=True)
class TypedNumber:
    """One personal number in a message. kind: ``id_number``, ``phone`` or
    ``social_security_no``; problem: why it does not pass its check (in Chinese, as the
    validators say it), None when it does. The number itself is not kept."""

    kind: str
    problem: str | None

    @property
    def label(self) -> str:
        """What the reply calls it (身份证号, 手机号, 社保卡号)."""
        return LABELS[self.kind]


@dataclass(frozen=True)
class NumbersTyped:
    """The personal numbers a message holds and what it says besides them (``rest``: the
    message without the numbers and their labels, anything else long redacted)."""

    numbers: tuple[TypedNumber, ...]
    rest: str


def _problem(kind: str, value: str, today: date) -> str | None:
    try:
        if kind == "id_number":
            check_id_number(value, today)
        elif kind == "phone":
            check_phone(value)
        else:
            validate_field(kind, value, today=today)
    except (IdentifierError, CardFieldError) as err:
        return str(err)
    return None


def numbers_typed(text: str, today: date) -> NumbersTyped | None:
    """The 身份证号, mobile phones and 社保卡号 ``text`` holds (labelled, in any digit grouping,
    or an unlabelled 18-character 身份证号 or 11-digit mobile), each checked; None when it holds
    none. 「身份证号18位吗」「社保交了12个月」 hold none."""
    t = join_digit_groups(unicodedata.normalize("NFKC", text))
    found: list[tuple[int, int, TypedNumber]] = []
    for m in _LABELLED.finditer(t):
        value = m.group("value")
        if sum(ch.isdigit() for ch in value) < _FEWEST_DIGITS:
            continue
        kind = next(k for k in LABELS if m.group(k))
        found.append((m.start(), m.end(), TypedNumber(kind, _problem(kind, value, today))))
    for m in _SHAPED.finditer(t):
        if any(start <= m.start() < end for start, end, _ in found):
            continue
        if _OTHER_CODE.search(t[max(0, m.start() - 10) : m.start()]):
            continue
        kind = "id_number" if m.group("id_number") else "phone"
        found.append((m.start(), m.end(), TypedNumber(kind, _problem(kind, m.group(0), today))))
    if not found:
        return None
    found.sort(key=lambda item: item[0])
    rest, at = [], 0
    for start, end, _ in found:
        rest.append(t[at:start])
        at = end
    rest.append(t[at:])
    return NumbersTyped(tuple(n for _, _, n in found), redact("".join(rest)).strip(" ，,。；;"))


def reply_text(typed: NumbersTyped, *, short: bool = False) -> str:
    """What the worker is told: each number that does not pass, plainly, with why; else that
    such numbers are taken only in the 技工蓝卡 form; how to start it; that nothing was kept.
    ``short`` (before an answer to the rest of the message that needs the room): only each
    failing number's verdict and that nothing was kept."""
    if short:
        failing = [n for n in typed.numbers if n.problem is not None]
        said = [
            f"你发来的{n.label}{'校验不通过' if n.kind == 'id_number' else '不对'}，请核对。"
            for n in failing
        ]
        return "\n".join([*said, "为保护你的隐私，这条消息里的号码没有保存，也没有拿去查询。"])
    lines = []
    for number in typed.numbers:
        if number.problem is None:
            continue
        verdict = "校验不通过" if number.kind == "id_number" else "不对"
        why = number.problem.removeprefix(number.label).rstrip("。")
        lines.append(f"你发来的{number.label}{verdict}，请核对：{why}。")
    kinds = "、".join(dict.fromkeys(n.label for n in typed.numbers))
    if lines:
        lines.append(f"申请技工蓝卡请回复「申请蓝卡」，{kinds}在申请表里填到那一项时再输入。")
    else:
        lines.append(
            f"{kinds}只在申请技工蓝卡的表单里填写（加密保存），单独发来的不会用。"
            "回复「申请蓝卡」开始填写，填到那一项时再输入。"
        )
    if any(n.kind == "phone" for n in typed.numbers):
        lines.append("已有蓝卡要换手机号，请回复「手机号改为」加新号码。")
    lines.append("为保护你的隐私，这条消息里的号码没有保存，也没有拿去查询。")
    return "\n".join(lines)
