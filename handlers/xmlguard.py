"""Parsing XML from the network without trusting it.

WeChat's XML is tiny and never has a DTD, so any DOCTYPE (the carrier of entity expansion
"billion laughs" and external entities/XXE) is refused outright by defusedxml before
wechatpy's own parser (xmltodict on expat) sees the text. Control characters, which XML 1.0
forbids and which make expat (and so wechatpy) raise, are stripped first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

# C0 controls except tab/newline/carriage return, DEL, C1 controls, and the two
# non-characters XML 1.0 excludes.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
#: XML is case-sensitive: a DTD can only begin with exactly this.
_DOCTYPE = "<!DOCTYPE"


class XmlRejected(ValueError):
    """The XML is malformed or uses a forbidden construct (DTD, entities); the message is safe
    to show."""


def strip_control_chars(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (and without DEL and C1 controls)."""
    return _CONTROL.sub("", text)


def decode_body(data: bytes) -> str:
    """The request body as text (UTF-8, BOM tolerated). Raises XmlRejected if not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise XmlRejected("body is not UTF-8") from exc


def parse_xml(text: str) -> tuple[str, Element]:
    """Parse a WeChat XML document: control characters stripped, DTDs refused, root <xml>.

    Returns the cleaned text (safe to hand to wechatpy's parser) and its root element.
    Raises XmlRejected for anything else.
    """
    text = strip_control_chars(text)
    try:
        root = _fromstring(text)
    except DefusedXmlException as exc:
        raise XmlRejected("DTDs and entities are not accepted") from exc
    except (ParseError, ValueError) as exc:  # ValueError: e.g. an unsupported encoding
        raise XmlRejected("malformed XML") from exc
    if root.tag != "xml":
        raise XmlRejected("root element must be <xml>")
    return text, root


def _fromstring(text: str) -> Element:
    """The root of ``text``; raises DefusedXmlException for a DTD, ParseError if malformed."""
    if _DOCTYPE in text:
        return SafeET.fromstring(text, forbid_dtd=True)  # type: ignore[no-any-return]
    # Without a DOCTYPE there is no DTD, so no entity can be declared nor an external one
    # referenced: nothing defusedxml refuses can occur, and the C parser (half the CPU of
    # defusedxml's pure-Python one) gives the same tree or the same ParseError. Text given as
    # str is parsed as UTF-8 whatever encoding it declares, so no DOCTYPE hides in another
    # encoding. "<!DOCTYPE" anywhere, even inside CDATA, goes to defusedxml, which decides.
    return ET.fromstring(text)


def cdata(value: str) -> str:
    """``value`` as a CDATA section that stays valid whatever it contains.

    ``]]>`` would end the section early (wechatpy does not escape it), so it is split across
    two sections; forbidden control characters are dropped.
    """
    return "<![CDATA[" + strip_control_chars(value).replace("]]>", "]]]]><![CDATA[>") + "]]>"
