"""Finding personal numbers in free text, in any grouping, to remove or mask them.

PURE: no I/O, nothing of this project's other packages (``bot`` and ``bluecard`` both use it).

- ``redact(text) -> str``: 身份证号, phone, bank-card and 社保卡 numbers replaced by
  ``REDACTED``, however they are grouped (spaces, dashes, dots, underscores, full-width).
- ``mask_numbers(text) -> str``: the same numbers masked but their last 4 digits.
- ``join_digit_groups(text) -> str``: such numbers with their separators removed
  (「3201 0219 8706 2310 03」 → 「320102198706231003」), so their shape can be read.
- ``redact_keeping_digests(text) -> str``: ``redact`` for log lines, which also carry hex
  digests, hashes and ids (an index cache key, a file's sha256, a request or job id): those
  stay whole, everything around them is redacted.
"""

from __future__ import annotations

import re

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
#: The longest number one person types as one (a bank card: 19 digits).
_LONGEST_NUMBER = 19
#: With separators, dates (2021-01-01: 8 digits) stay; phones (11), 社保卡 (9+), 身份证号 (18)
#: and bank cards (16-19) go.
_GROUPED_DIGITS = 9
#: Seven digits close enough to be one run: a text without this has nothing to redact, so it
#: is returned as it is without looking at each run (most log lines and messages).
_SEVEN = re.compile(rf"{_D}(?:{_SEP}{{0,2}}{_D}){{{_PLAIN_DIGITS - 1}}}")
#: A number read out in Chinese numerals (「一三九一二三四五六七八」, 幺 for one), or mixed
#: with digits (「139一2345678」): seven or more in a row, with at least one Chinese numeral
#: (no amount, date or clause number is written like that: they carry 十/百/千/年).
_CN_D = "[0-9０-９〇零一二三四五六七八九幺]"
#: Read-out numbers are grouped by spaces or a hyphen at most (a dash between two years is a
#: range, 「二〇二一—二〇二三年」).
_CN_SEP = r"[ \t\u3000\-－]"
_CN_RUN = re.compile(
    rf"(?<![0-9０-９〇零一二三四五六七八九幺十百千万])"
    rf"{_CN_D}(?:{_CN_SEP}{{0,2}}{_CN_D}){{{_PLAIN_DIGITS - 1},}}"
)
_YEARS = re.compile(r"^(?:(?:一九|二〇|二零)[〇零一二三四五六七八九]{2}[ \t\u3000\-－]*)+$")


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
    text = _redact_spoken(text)
    if not _SEVEN.search(text):
        return text
    return _RUN.sub(_redact_run, text)


def _redact_spoken(text: str) -> str:
    """``text`` with numbers read out in Chinese numerals (``_CN_RUN``) replaced."""
    if not _CN_DIGIT.search(text):
        return text

    def _spoken(match: re.Match[str]) -> str:
        run = match.group(0)
        if not any(ch in _CN_NUMERALS for ch in run) or _YEARS.match(run):
            return run  # digits only (``_RUN``'s to judge), or years (「二〇二一-二〇二三」)
        return REDACTED

    return _CN_RUN.sub(_spoken, text)


_CN_NUMERALS = frozenset("〇零一二三四五六七八九幺")
_CN_DIGIT = re.compile(
    rf"[〇零一二三四五六七八九幺]{_CN_SEP}{{0,2}}{_CN_D}|{_CN_D}{_CN_SEP}{{0,2}}[〇零一二三四五六七八九幺]"
)


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


def join_digit_groups(text: str) -> str:
    """``text`` with every number ``redact`` would remove written without its separators
    (「139-1234-5678」 → 「13912345678」); dates, amounts and short numbers stay as typed, and
    so do runs longer than one number (19 digits): several numbers side by side.

    >>> join_digit_groups("叶集木器厂 3201 0219 8706 2310 03，2021-01-01")
    '叶集木器厂 320102198706231003，2021-01-01'
    """

    def _join(match: re.Match[str]) -> str:
        run = match.group(0)
        joined = "".join(ch for ch in run if ch.isdigit() or ch in "XxＸｘ")
        if _redact_run(match) == run or len(joined) > _LONGEST_NUMBER:
            # longer than any one number: several typed side by side (「3201… 1361…」)
            return run
        return joined

    return _RUN.sub(_join, text)


#: A hex digest or id standing as a word of a log line, kept whole by
#: ``redact_keeping_digests``: exactly 32, 40, 64 or 128 hex characters (md5, sha1 and the
#: index cache key, sha256, sha512), or a UUID (request and RQ job ids), with a letter a–f
#: among them, so a run of digits alone is never taken for one (it is redacted as a number).
#: Only the digests' own lengths: a 36-character run may be a phone typed against a digest.
_HEX_DIGEST = (
    r"(?:[0-9a-fA-F]{64}){1,2}|[0-9a-fA-F]{40}|[0-9a-fA-F]{32}"
    r"|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
#: The same lengths after a whole-word label saying it is a digest (``sha256=…``, ``hash:…``;
#: not ``phone_hash=``), or the logs' openid pseudonym (``u:3f2a9c1b``,
#: ``bluecard.privacy.mask_openid``, 8 hex characters, too short for any personal number).
_LABELLED_DIGEST = (
    rf"(?:(?i:sha1|sha256|sha512|md5|digest|hash|checksum|etag)[=:](?:{_HEX_DIGEST})"
    r"|u:[0-9a-f]{8})"
)
_DIGEST = re.compile(
    # never right after a digit group (「138 1234 5678abcd…」 is a phone, then hex)
    rf"(?<![0-9A-Za-z_])(?<![0-9][\s\-－])"
    rf"(?:(?P<labelled>{_LABELLED_DIGEST})|(?P<bare>{_HEX_DIGEST}))(?![0-9A-Za-z])"
)
#: Stands for a kept digest while the line is redacted: private-use characters, no digit.
_KEPT = "\ue000{}\ue001"


#: Digit runs that look like a personal number typed against hex: 11 or more digits at an
#: edge (a phone, a 身份证号 glued to letters), or 17 or more anywhere. A random sha1 has such
#: a run about one time in a hundred; then it loses its digits, which costs only readability.
_EDGE_NUMBER = re.compile(r"^[0-9]{11}|[0-9]{11}$|[0-9]{17}")


def _is_digest(match: re.Match[str]) -> bool:
    value = match.group(0)
    if value.startswith("u:"):
        return True
    hexpart = value.split("=")[-1].split(":")[-1]
    # a UUID's groups are its own structure: no personal number fits one
    if "-" not in hexpart and _EDGE_NUMBER.search(hexpart):
        return False
    return any(ch in "abcdefABCDEF" for ch in hexpart)


def redact_keeping_digests(text: str) -> str:
    """``redact`` for a log line: 身份证号, phone, bank-card and 社保卡 numbers replaced by
    「[已隐去]」 as ``redact`` does, while hex digests, hashes and ids keep their digits — a
    word of 32, 40, 64 or 128 hex characters or a UUID with a letter a–f in it (also after
    ``sha256=`` / ``md5:`` / ``digest=`` / ``hash=`` …), or the openid pseudonym
    ``u:<8 hex>``; never one holding what looks like a personal number (``_EDGE_NUMBER``).
    Without this, an index cache key or a file's sha256 in a log line has its digit runs cut
    out, and the line no longer names the file.

    >>> redact_keeping_digests("index loaded from /c/2d711642b726b04401627ca9fbac32f5c8530fb1.pickle")
    'index loaded from /c/2d711642b726b04401627ca9fbac32f5c8530fb1.pickle'
    >>> redact_keeping_digests("hash=13812345678 电话13812345678")
    'hash=[已隐去] 电话[已隐去]'
    """
    text = _redact_spoken(text)
    if not _SEVEN.search(text):
        return text  # no run of 7 digits: nothing redact would change, digest or not
    kept: list[str] = []

    def _keep(match: re.Match[str]) -> str:
        if not _is_digest(match):
            return match.group(0)
        kept.append(match.group(0))
        return _KEPT.format(chr(0xE100 + len(kept) - 1))

    # the whole line is redacted at once (a number is never cut at a digest's edge), then the
    # digests are put back
    hidden = _DIGEST.sub(_keep, text)
    if not kept:
        return redact(text)
    line = redact(hidden)
    for i, digest in enumerate(kept):
        line = line.replace(_KEPT.format(chr(0xE100 + i)), digest)
    return line
