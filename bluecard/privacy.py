"""Keeping personal data out of logs and statistics (个人信息保护法).

``redact`` (from ``policy_kb.redaction``, pure, so the bot uses it too) removes 身份证号, phone, bank-card and 社保卡 numbers from text before it is stored
or logged, however they are grouped (spaces, dashes, dots, full-width digits and spaces);
``mask_numbers`` masks such numbers but their last 4 digits, for a page shown to the person
they belong to; ``mask_card_no`` masks a 技工蓝卡 number the same way for the WeChat messages
that name it; ``form_step_marker`` is what the message log keeps of a message typed inside a form (the card
application, the questionnaire): the step it answered, never its text; ``mask_openid`` gives
logs a stable pseudonym instead of the openid; ``install_log_redaction`` redacts every log
line of the process (``redact_keeping_digests``: hex digests, hashes and ids in a line keep
their digits).
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Any

from policy_kb.redaction import REDACTED, mask_numbers, redact, redact_keeping_digests

__all__ = [
    "FAILED_TURN_MARKER",
    "FORM_INTENTS",
    "REDACTED",
    "form_step_marker",
    "install_log_redaction",
    "mask_card_no",
    "mask_numbers",
    "mask_openid",
    "redact",
    "redact_keeping_digests",
]

#: Bot reply intents that mean the message was typed inside a form (the card application or
#: the questionnaire), or held a personal number typed outside one (a phone change, a 身份证号
#: sent on its own): such messages are logged as the step, never as text.
FORM_INTENTS = frozenset(
    {
        "card_form",
        "card_confirm",
        "card_submitted",
        "card_refused",
        "card_cancel",
        "card_expired",
        "phone_change",
        "personal_number",
        "quiz",
        "quiz_result",
        "quiz_whatif",
        "quiz_explain",
        "quiz_cancel",
        "quiz_expired",
    }
)


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

#: The ``q`` argument of a search path in a logged request line (werkzeug's access log:
#: ``"GET /console/search?q=%E7%8E%8B… HTTP/1.1"``): a name searched for cannot be told from
#: other words, so the whole value goes, whatever it is. The paths: card search in the
#: console and the staff API, and the policy search a worker types a question into.
_SEARCH_QUERY = re.compile(
    r"((?:/console/search|/api/v1/staff/cards|/api/v1/search)\?(?:[^\s\"&#?]*&)*q=)[^\s\"&#]*"
)


def redact_search_queries(line: str) -> str:
    """``line`` with the ``q`` value of every search path's URL replaced by REDACTED."""
    return _SEARCH_QUERY.sub(lambda m: m.group(1) + REDACTED, line) if "q=" in line else line


def install_log_redaction() -> None:
    """Redact every log record of this process (``redact_keeping_digests`` over the
    formatted message), so a number typed by a user never reaches a log line, whoever logs
    it, while an index cache key, a sha256 or a request id in the line stays readable; and a
    search path's ``q`` value entirely (``redact_search_queries``: a name is not a number).
    Idempotent."""
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
        clean = redact_search_queries(redact_keeping_digests(message))
        if clean != message:
            record.msg, record.args = clean, None
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
