"""Keeping personal data out of logs and statistics (个人信息保护法).

``redact`` removes 身份证号, phone, bank-card and 社保卡 numbers from text before it is stored
or logged, however they are grouped (spaces, dashes, dots, full-width digits and spaces);
``mask_numbers`` masks such numbers but their last 4 digits, for a page shown to the person
they belong to; ``mask_card_no`` masks a 技工蓝卡 number the same way for the WeChat messages
that name it; ``form_step_marker`` is what the message log keeps of a message typed inside a form (the card
application, the questionnaire): the step it answered, never its text; ``mask_openid`` gives
logs a stable pseudonym instead of the openid; ``install_log_redaction`` redacts every log
line of the process.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Any

REDACTED = "[已隐去]"

_D = "[0-9０-９]"  # ASCII and full-width digits: people type both
#: What people put between digit groups: spaces (also full-width), dashes, dots, underscores.
_SEP = r"[ \t\u3000\-‐‑‒–—―－_.·・/／]"
#: A run of digits with at most two separator characters between any two, and an optional
#: trailing X (身份证号 check character).
_RUN = re.compile(rf"{_D}(?:{_SEP}{{0,2}}{_D})*(?:{_SEP}{{0,2}}[XxＸｘ])?")
#: A run this long without separators is a 身份证号, phone, bank card or 社保卡号 (amounts,
#: years and clause numbers in policy questions are shorter).
_PLAIN_DIGITS = 7
#: With separators, dates (2021-01-01: 8 digits) stay; phones (11), 社保卡 (9+), 身份证号 (18)
#: and bank cards (16-19) go.
_GROUPED_DIGITS = 9

#: Bot reply intents that mean the message was typed inside a form (the card application or
#: the questionnaire): such messages are logged as the step, never as text.
FORM_INTENTS = frozenset(
    {
        "card_form",
        "card_confirm",
        "card_submitted",
        "card_refused",
        "card_cancel",
        "card_expired",
        "quiz",
        "quiz_result",
        "quiz_cancel",
        "quiz_expired",
    }
)


def _redact_run(match: re.Match[str]) -> str:
    run = match.group(0)
    digits = sum(ch.isdigit() for ch in run)
    grouped = any(not (ch.isdigit() or ch in "XxＸｘ") for ch in run)
    if digits >= (_GROUPED_DIGITS if grouped else _PLAIN_DIGITS):
        return REDACTED
    return run


def redact(text: str) -> str:
    """``text`` with 身份证号, phone, bank-card, 社保卡 and other long digit runs replaced by
    「[已隐去]」, in any grouping: 7+ digits in a row, or 9+ digits split by spaces, dashes or
    dots (dates such as 2021-01-01 stay).

    >>> redact("我的身份证号是3415 0419 9005 1230 11，电话138-1234-5678")
    '我的身份证号是[已隐去]，电话[已隐去]'
    """
    return _RUN.sub(_redact_run, text)


def mask_numbers(text: str) -> str:
    """``text`` with every number ``redact`` would remove (a card number, 身份证号, phone)
    masked instead, all but its last 4 digits shown as ``*`` — for a page that may show
    text to the person it is about (their 技工蓝卡 number), where the tail lets them tell
    which one; amounts, dates and clause numbers stay.

    >>> mask_numbers("你的技工蓝卡已审核通过，卡号 3408012026000123。")
    '你的技工蓝卡已审核通过，卡号 ************0123。'
    """

    def _mask(match: re.Match[str]) -> str:
        run = match.group(0)
        if _redact_run(match) == run:
            return run
        kept = [i for i, ch in enumerate(run) if ch.isdigit() or ch in "XxＸｘ"][-4:]
        return "".join(ch if i in kept or not ch.isalnum() else "*" for i, ch in enumerate(run))

    return _RUN.sub(_mask, text)


def mask_card_no(card_no: str | None) -> str:
    """A 技工蓝卡 number as WeChat messages carry it: all but its last 4 digits as ``*``, as
    the worker's pages show it (``mask_numbers``). The full number is printed on the worker's
    card; a chat message, its screenshot or a forward need only the tail to tell which card.
    None or "" gives "".

    >>> mask_card_no("3408012026000123")
    '************0123'
    """
    if not card_no:
        return ""
    return "*" * max(0, len(card_no) - 4) + card_no[-4:]


def form_step_marker(step: str) -> str:
    """What the message log keeps of a message typed inside a form: the field it answered
    (``Reply.step``, e.g. 「〔表单：id_number〕」), or the bot's reply intent when no field was
    waiting (「〔表单：card_confirm〕」)."""
    return f"〔表单：{step}〕"


#: What the message log keeps of a message the bot failed on: it may have been typed inside a
#: form (a name, an address) and the failed turn cannot say, so none of it is kept.
FAILED_TURN_MARKER = "〔出错：原文未记录〕"


def mask_openid(openid: str | None) -> str:
    """A short stable pseudonym for logs (``u:3f2a9c1b``): correlates lines, names no one."""
    if not openid:
        return "u:-"
    return "u:" + hashlib.sha256(openid.encode()).hexdigest()[:8]


_installed = False


def install_log_redaction() -> None:
    """Redact every log record of this process (``redact`` over the formatted message), so
    a number typed by a user never reaches a log line, whoever logs it. Idempotent."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to logging to report
            return record
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
