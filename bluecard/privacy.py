"""Keeping personal data out of logs and statistics (个人信息保护法).

``redact`` removes 身份证号, phone numbers and other long digit runs from text before it is
stored; ``mask_openid`` gives logs a stable pseudonym instead of the openid.
"""

from __future__ import annotations

import hashlib
import re

REDACTED = "[已隐去]"

_D = "[0-9０-９]"  # ASCII and full-width digits: people type both
_PATTERNS = (
    # 身份证号 written in groups: 6-8-4 (last may be X), and 11-digit mobiles as 3-4-4.
    re.compile(rf"{_D}{{6}}[ -]{_D}{{8}}[ -]{_D}{{3}}[0-9０-９Xx]"),
    re.compile(rf"1{_D}{{2}}[ -]{_D}{{4}}[ -]{_D}{{4}}"),
    # Any run of 7+ digits (身份证号 with optional X, phones, bank cards, landlines). Amounts,
    # years and clause numbers in policy questions are shorter than that.
    re.compile(rf"{_D}{{7,}}[Xx]?"),
)


def redact(text: str) -> str:
    """``text`` with ID-number-, phone- and other 7+-digit runs replaced by 「[已隐去]」.

    >>> redact("我的身份证号是32081319900101123X，电话138 1234 5678")
    '我的身份证号是[已隐去]，电话[已隐去]'
    """
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


def mask_openid(openid: str | None) -> str:
    """A short stable pseudonym for logs (``u:3f2a9c1b``): correlates lines, names no one."""
    if not openid:
        return "u:-"
    return "u:" + hashlib.sha256(openid.encode()).hexdigest()[:8]
