"""The callback's XML guard parses most bodies with the C parser and hands anything naming a
DOCTYPE to defusedxml: either way a body is accepted or refused exactly as defusedxml alone
would, with the same tree."""

from __future__ import annotations

import defusedxml.ElementTree as SafeET
import pytest
from defusedxml import DefusedXmlException

from handlers.xmlguard import XmlRejected, parse_xml

BODIES = [
    "<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[补贴多少]]></Content></xml>",
    "<xml><Content><![CDATA[网页里写着 <!DOCTYPE html> 是什么]]></Content></xml>",
    "<xml><Content>&#x41;&lt;&amp;</Content></xml>",
    '<?xml version="1.0" encoding="UTF-16"?><xml><a>编码声明</a></xml>',
    '<!DOCTYPE xml [<!ENTITY a "笑">]><xml>&a;&a;</xml>',
    '<!DOCTYPE xml SYSTEM "http://127.0.0.1/x.dtd"><xml/>',
    "<xml>&undeclared;</xml>",
    "<xml><a></xml>",
    "<!doctype xml><xml/>",
    "<other/>",
]


def _defused(text: str) -> tuple[str, list[tuple[str, str | None]]] | str:
    try:
        root = SafeET.fromstring(text, forbid_dtd=True)
    except DefusedXmlException:
        return "refused: DTD"
    except Exception:
        return "refused: malformed"
    return root.tag, [(e.tag, e.text) for e in root.iter()]


@pytest.mark.parametrize("text", BODIES)
def test_guard_accepts_and_refuses_as_defusedxml(text):
    expected = _defused(text)
    try:
        root = parse_xml(text)[1]
    except XmlRejected as exc:
        if str(exc) == "DTDs and entities are not accepted":
            assert expected == "refused: DTD"
        elif str(exc) == "root element must be <xml>":
            assert not isinstance(expected, str) and expected[0] != "xml"
        else:
            assert expected == "refused: malformed"
        return
    assert expected == (root.tag, [(e.tag, e.text) for e in root.iter()])
    assert root.tag == "xml"
