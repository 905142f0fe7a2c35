"""wechatpy's message object built from the guarded ElementTree root: the XML parsed once.

``wechatpy.parse_message`` would parse the text a second time (xmltodict on expat); this
gives its message classes the same dict xmltodict would (child text, None when empty,
nested elements as dicts, repeated ones as lists) and picks the class the same way.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from wechatpy.events import EVENT_TYPES
from wechatpy.messages import MESSAGE_TYPES, UnknownMessage


def element_dict(element: Element) -> dict[str, Any]:
    """The children of ``element`` as xmltodict renders them (attributes ignored)."""
    out: dict[str, Any] = {}
    for child in element:
        value: Any = element_dict(child) if len(child) else (child.text or None)
        if child.tag in out:
            previous = out[child.tag]
            out[child.tag] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            out[child.tag] = value
    return out


def message_from_root(root: Element) -> Any:
    """The wechatpy message or event for ``root`` (``UnknownMessage`` for unknown types),
    chosen exactly as ``wechatpy.parser.parse_message`` (1.8.18) chooses it."""
    message = element_dict(root)
    message_type = str(message.get("MsgType") or "").lower()
    if message_type == "event" or message_type.startswith("device_"):
        event_type = str(message["Event"]).lower() if message.get("Event") else None
        if event_type is None and message_type.startswith("device_"):
            event_type = message_type
        elif message_type.startswith("device_"):
            event_type = f"device_{event_type}"
        event_key = message.get("EventKey")
        if event_type == "subscribe" and isinstance(event_key, str) and event_key:
            if event_key.startswith(("scanbarcode|", "scanimage|")):
                event_type = "subscribe_scan_product"
                message["Event"] = event_type
            elif event_key.startswith("qrscene_"):
                event_type = "subscribe_scan"
                message["Event"] = event_type
                message["EventKey"] = event_key[len("qrscene_") :]
        return EVENT_TYPES.get(event_type, UnknownMessage)(message)
    return MESSAGE_TYPES.get(message_type, UnknownMessage)(message)
