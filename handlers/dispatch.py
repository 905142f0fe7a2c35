"""What each message type and event does: a table of handlers, each returning an Outcome.

A handler gets the bot, the parsed wechatpy message and the raw XML root (for what wechatpy
1.8.18 does not parse, e.g. the subscribe-message popup event). It may call the bot; it never
touches the database: the callback records the Outcome through bluecard.services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from xml.etree.ElementTree import Element

from bluecard.notifications.services import record_template_delivery
from bluecard.privacy import FAILED_TURN_MARKER, FORM_INTENTS, form_step_marker
from bot.reply import Reply

UNSUPPORTED_TEXT = (
    "目前只能回答文字问题，请直接打字提问，例如「洪泽引进技师有多少补贴」。"
    "回复「帮助」查看使用说明。"
)
ERROR_TEXT = "抱歉，系统暂时出了点问题，请稍后再问一次。"

#: Longest text passed to the bot; WeChat itself caps a text message near 2048 bytes.
MAX_TEXT_CHARS = 2000
NO_REPLY = Reply("", "none")


@dataclass(frozen=True)
class Outcome:
    """What handling one message produced.

    reply: what to answer (empty text: no reply). question: the user's text, to be logged
    (redacted). event_key: the event's parameter worth logging. msg_id: overrides the
    message's MsgId (TEMPLATESENDJOBFINISH carries its own MsgID). follow: follow change.
    opens_window: the user acted, (re)opening the 48 h customer-service window.
    """

    reply: Reply
    question: str | None = None
    event_key: str | None = None
    msg_id: str | None = None
    follow: Literal["subscribe", "unsubscribe"] | None = None
    opens_window: bool = False


Handler = Callable[[Any, Any, Element], Outcome]


def on_text(bot: Any, msg: Any, root: Element) -> Outcome:
    """A text message: the bot answers it. A message typed inside a form (the bot's reply
    intent is one of ``FORM_INTENTS``: a card-application field, the confirmation, a
    questionnaire answer) is logged as the step it answered, never as its text; a message the
    bot failed on as ``FAILED_TURN_MARKER`` (it may have been a form's answer); any other
    text is logged redacted (``record_interaction``)."""
    text = (msg.content or "")[:MAX_TEXT_CHARS]
    reply = bot.on_text(msg.source, text)
    if reply.intent == "error":
        return Outcome(reply, question=FAILED_TURN_MARKER, opens_window=True)
    in_form = reply.intent in FORM_INTENTS or bool(reply.step)
    question = form_step_marker(reply.step or reply.intent) if in_form else text
    return Outcome(reply, question=question, opens_window=True)


def on_unsupported(bot: Any, msg: Any, root: Element) -> Outcome:
    """Image, voice, video, location, link, file...: a polite pointer to text questions.

    Nothing of the content is kept (a location or a photo is personal data).
    """
    return Outcome(Reply(UNSUPPORTED_TEXT, "unsupported"), opens_window=True)


def on_subscribe(bot: Any, msg: Any, root: Element) -> Outcome:
    """Follow, plain or by scanning a parametric QR code (key = scene without qrscene_)."""
    scene = (getattr(msg, "scene_id", None) or None) if msg.event == "subscribe_scan" else None
    reply = bot.on_event(msg.source, "subscribe", scene)
    return Outcome(reply, event_key=scene, follow="subscribe", opens_window=True)


def on_unsubscribe(bot: Any, msg: Any, root: Element) -> Outcome:
    """Unfollow: recorded; WeChat shows nothing to someone who left, so never a reply."""
    bot.on_event(msg.source, "unsubscribe", None)
    return Outcome(NO_REPLY, follow="unsubscribe")


def on_click(bot: Any, msg: Any, root: Element) -> Outcome:
    """A custom-menu CLICK: the bot answers the menu key."""
    key = getattr(msg, "key", None) or None
    return Outcome(bot.on_event(msg.source, "click", key), event_key=key, opens_window=True)


def on_scan(bot: Any, msg: Any, root: Element) -> Outcome:
    """An existing follower scanned a parametric QR code."""
    scene = getattr(msg, "scene_id", None) or None
    return Outcome(bot.on_event(msg.source, "scan", scene), event_key=scene, opens_window=True)


def on_template_finished(bot: Any, msg: Any, root: Element) -> Outcome:
    """TEMPLATESENDJOBFINISH: record which template message reached the user (Status:
    ``success``, ``failed:user block``, ``failed: system failed``) on the notification
    recipient whose wx_msgid is the event's MsgID (through the notifications service)."""
    status = (root.findtext("Status") or "").strip() or None
    msg_id = (root.findtext("MsgID") or root.findtext("MsgId") or "").strip() or None
    record_template_delivery(msg_id, status)
    return Outcome(NO_REPLY, event_key=status, msg_id=msg_id)


def on_subscribe_popup(bot: Any, msg: Any, root: Element) -> Outcome:
    """subscribe_msg_popup_event (wechatpy 1.8.18 cannot parse it): the user accepted or
    rejected one-time subscription templates; recorded as ``template_id:status`` pairs."""
    choices = [
        f"{item.findtext('TemplateId') or '?'}:{item.findtext('SubscribeStatusString') or '?'}"
        for item in root.iter("List")
    ]
    return Outcome(NO_REPLY, event_key=",".join(choices) or None)


def on_other_event(bot: Any, msg: Any, root: Element) -> Outcome:
    """Any other event (VIEW, LOCATION report...): recorded, no reply, no content kept."""
    return Outcome(NO_REPLY)


MESSAGE_HANDLERS: dict[str, Handler] = {"text": on_text}

EVENT_HANDLERS: dict[str, Handler] = {
    "subscribe": on_subscribe,
    "subscribe_scan": on_subscribe,
    "unsubscribe": on_unsubscribe,
    "click": on_click,
    "scan": on_scan,
    "templatesendjobfinish": on_template_finished,
    "subscribe_msg_popup_event": on_subscribe_popup,
}


def handler_for(msg_type: str, event: str | None) -> Handler:
    """The handler of a message type, or of an event when ``msg_type`` is ``event``."""
    if msg_type == "event":
        return EVENT_HANDLERS.get(event or "", on_other_event)
    return MESSAGE_HANDLERS.get(msg_type, on_unsupported)
