"""The /wechat callback over HTTP: signed as WeChat signs, in every mode, against hostile input.

The bot here is the EchoBot (these tests are about the plumbing); answer content goes through
the real bot in test_answers.py.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring as safe_fromstring
from factories.testapp import (
    AES_KEY,
    WECHAT_APP_ID,
    WECHAT_TOKEN,
    BrokenBot,
    EchoBot,
    wechat_signature,
)
from sqlalchemy import select

from bluecard.extensions import db
from bluecard.models import Follower, MessageLog
from bot.reply import Reply

pytestmark = pytest.mark.e2e


def _logs(app: Any) -> list[MessageLog]:
    with app.app_context():
        rows = db.session.execute(select(MessageLog).order_by(MessageLog.id)).scalars().all()
        db.session.expunge_all()
        return list(rows)


def _follower(app: Any, openid: str) -> Follower | None:
    with app.app_context():
        row = db.session.execute(
            select(Follower).where(Follower.openid == openid)
        ).scalar_one_or_none()
        db.session.expunge_all()
        return row


# -- server verification (GET) -------------------------------------------------------------
def test_get_echoes_echostr_when_signed(client, wx):
    response = client.get("/wechat", query_string=wx.signed_query(echostr="echo123"))
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "echo123"


@pytest.mark.parametrize(
    "tamper",
    [
        {"signature": "0" * 40},
        {"signature": ""},
        {"timestamp": "1"},  # signature no longer matches
    ],
)
def test_get_with_bad_signature_is_403(client, wx, tamper):
    query = wx.signed_query(echostr="echo123")
    query.update(tamper)
    response = client.get("/wechat", query_string=query)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert "echo123" not in response.get_data(as_text=True)


# -- plaintext, safe and compatible modes ---------------------------------------------------
@pytest.mark.parametrize("mode", ["raw", "aes", "compat"])
def test_text_message_is_answered_in_every_mode(app, client, wx, echo_bot, mode):
    response = wx.post(client, wx.text("你好，补贴怎么领", openid="oModeUser"), mode=mode)
    assert response.status_code == 200
    reply = response.reply
    assert reply.findtext("MsgType") == "text"
    assert reply.findtext("Content") == "你说：你好，补贴怎么领"
    assert reply.findtext("ToUserName") == "oModeUser"
    assert reply.findtext("FromUserName") == "gh_bluecard"
    assert echo_bot.texts == [("oModeUser", "你好，补贴怎么领")]
    if mode != "raw":
        # The reply is an encrypted envelope, not plaintext.
        assert "<Encrypt>" in response.get_data(as_text=True)
        assert "你说" not in response.get_data(as_text=True)


def test_safe_mode_with_wechatpy_request_and_werobot_reply_check(client, wx):
    """Request encrypted by wechatpy (as our own library would), reply checked by WeRoBot."""
    from wechatpy.crypto import WeChatCrypto

    query = wx.signed_query()
    crypto = WeChatCrypto(WECHAT_TOKEN, AES_KEY, WECHAT_APP_ID)
    envelope = crypto.encrypt_message(wx.text("emoji 👷 技师"), query["nonce"], query["timestamp"])
    envelope_root = safe_fromstring(envelope)
    query.update(encrypt_type="aes", msg_signature=envelope_root.findtext("MsgSignature"))
    response = client.post("/wechat", query_string=query, data=envelope, content_type="text/xml")
    assert response.status_code == 200
    reply = wx._reply_root(response, "aes")
    assert reply.findtext("Content") == "你说：emoji 👷 技师"


def _post_ciphertext(
    client, wx, encrypt: str, *, token: str = WECHAT_TOKEN, signed: str | None = None
):
    """POST ``encrypt`` as safe mode's Encrypt field, msg_signature made with ``token`` over
    ``signed`` (default: ``encrypt`` itself, as WeChat signs)."""
    query = wx.signed_query()
    query.update(
        encrypt_type="aes",
        msg_signature=wechat_signature(
            token, query["timestamp"], query["nonce"], signed or encrypt
        ),
    )
    data = f"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    return client.post("/wechat", query_string=query, data=data)


def test_safe_mode_bad_msg_signature_is_403(client, wx, echo_bot):
    encrypt = wx.crypt.prp_crypto.encrypt(wx.text("hi"), WECHAT_APP_ID).decode()
    response = _post_ciphertext(client, wx, encrypt, token="wrongtoken")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert echo_bot.texts == []


def test_safe_mode_signature_over_other_ciphertext_is_403(client, wx):
    """msg_signature must cover THIS Encrypt field; a valid plain signature is not enough."""
    encrypt = wx.crypt.prp_crypto.encrypt(wx.text("hi"), WECHAT_APP_ID).decode()
    other = wx.crypt.prp_crypto.encrypt(wx.text("other"), WECHAT_APP_ID).decode()
    response = _post_ciphertext(client, wx, encrypt, signed=other)
    assert response.status_code == 403


def test_safe_mode_for_another_appid_is_403(client, wx):
    encrypt = wx.crypt.prp_crypto.encrypt(wx.text("hi"), "wxsomeoneelse0000").decode()
    response = _post_ciphertext(client, wx, encrypt)
    assert response.status_code == 403


def test_safe_mode_garbage_ciphertext_is_400(client, wx):
    response = _post_ciphertext(client, wx, "bm90IGEgY2lwaGVydGV4dA==")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_plaintext_post_with_bad_signature_is_403_and_not_processed(app, client, wx, echo_bot):
    query = wx.signed_query()
    query["signature"] = "f" * 40
    response = wx.post(client, wx.text("hi"), query=query)
    assert response.status_code == 403
    assert echo_bot.texts == []
    assert _logs(app) == []


def test_plaintext_post_without_signature_is_403(client, wx):
    response = client.post("/wechat", data=wx.text("hi"))
    assert response.status_code == 403


def test_safe_mode_request_when_not_configured_is_400(make_app, wx, echo_bot):
    client = make_app(bot=echo_bot, WECHAT_ENCODING_AES_KEY=None).test_client()
    assert wx.post(client, wx.text("hi"), mode="aes").status_code == 400
    # Plaintext still works on that server.
    assert wx.post(client, wx.text("hi"), mode="raw").status_code == 200


def test_callback_without_token_configured_is_503(make_app, wx, echo_bot):
    client = make_app(bot=echo_bot, WECHAT_TOKEN=None, WECHAT_ENCODING_AES_KEY=None).test_client()
    response = client.get("/wechat", query_string=wx.signed_query(echostr="x"))
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "not_configured"


# -- de-duplication of WeChat's retries ---------------------------------------------------------
@pytest.mark.parametrize("mode", ["raw", "aes"])
def test_retries_get_the_same_reply_and_are_recorded_once(app, client, wx, echo_bot, mode):
    xml = wx.text("洪泽引进技师补贴", openid="oRetry", msg_id=912345678901234567)
    replies = [wx.post(client, xml, mode=mode) for _ in range(3)]
    assert {r.status_code for r in replies} == {200}
    rendered = [
        safe_fromstring(r.get_data(as_text=True)) if mode == "raw" else r.reply for r in replies
    ]
    first = rendered[0]
    for other in rendered[1:]:
        # Identical reply, CreateTime included.
        assert [(e.tag, e.text) for e in other] == [(e.tag, e.text) for e in first]
    assert len(echo_bot.texts) == 1
    logs = _logs(app)
    assert len(logs) == 1
    assert logs[0].msg_id == "912345678901234567"
    assert logs[0].question == "洪泽引进技师补贴"
    assert logs[0].intent == "echo"
    assert logs[0].clause_refs == ["fake-2021#一（一）"]


def test_event_retries_are_deduplicated_by_sender_and_create_time(app, client, wx, echo_bot):
    xml = wx.event("subscribe", openid="oEventRetry", create_time=1700000000)
    first = wx.post(client, xml)
    second = wx.post(client, xml)
    assert first.get_data() == second.get_data()
    assert len(echo_bot.events) == 1
    # Same user, another second: a new event.
    wx.post(client, wx.event("subscribe", openid="oEventRetry", create_time=1700000001))
    assert len(echo_bot.events) == 2
    assert len(_logs(app)) == 2


def test_retry_during_processing_waits_for_the_first_reply(make_app, wx):
    bot = EchoBot(delay=0.4)
    app = make_app(bot=bot, DEDUP_WAIT_SECONDS=3.0)
    xml = wx.text("慢问题", openid="oSlow", msg_id=77)
    results: dict[str, Any] = {}

    def first() -> None:
        results["first"] = wx.post(app.test_client(), xml)

    thread = threading.Thread(target=first)
    thread.start()
    time.sleep(0.1)  # the first attempt is now inside the bot
    results["retry"] = wx.post(app.test_client(), xml)
    thread.join()
    assert results["retry"].get_data() == results["first"].get_data()
    assert results["first"].reply.findtext("Content") == "你说：慢问题"
    assert len(bot.texts) == 1
    assert len(_logs(app)) == 1


def test_retry_answers_success_when_first_attempt_takes_too_long(make_app, wx):
    bot = EchoBot(delay=0.8)
    app = make_app(bot=bot, DEDUP_WAIT_SECONDS=0.2)
    xml = wx.text("很慢的问题", openid="oSlower", msg_id=78)
    thread = threading.Thread(target=lambda: wx.post(app.test_client(), xml))
    thread.start()
    time.sleep(0.1)
    retry = wx.post(app.test_client(), xml)
    thread.join()
    assert retry.status_code == 200
    assert retry.get_data(as_text=True) == "success"
    assert len(bot.texts) == 1


def test_retry_processes_a_message_whose_first_attempt_died(make_app, wx, monkeypatch):
    import handlers.dedup

    bot = EchoBot()
    app = make_app(bot=bot, DEDUP_WAIT_SECONDS=0.1)
    # A worker claimed MsgId 79 and was killed before answering or logging (lease run out).
    monkeypatch.setattr(handlers.dedup, "LEASE_SECONDS", -1.0)
    assert app.extensions["handlers.callback"].dedup.claim("msg:79")
    monkeypatch.setattr(handlers.dedup, "LEASE_SECONDS", 6.0)
    retry = wx.post(app.test_client(), wx.text("没人回答的问题", openid="oOrphan", msg_id=79))
    assert retry.reply.findtext("Content") == "你说：没人回答的问题"
    assert [row.dedup_key for row in _logs(app)] == ["msg:79"]
    again = wx.post(app.test_client(), wx.text("没人回答的问题", openid="oOrphan", msg_id=79))
    assert again.get_data() == retry.get_data()
    assert len(bot.texts) == 1


# -- events -------------------------------------------------------------------------------------
def test_subscribe_welcomes_and_records_follower(app, client, wx, echo_bot):
    response = wx.post(client, wx.event("subscribe", openid="oNewFan"))
    assert response.reply.findtext("Content") == "事件：subscribe，参数：None"
    follower = _follower(app, "oNewFan")
    assert follower.subscribed is True
    assert follower.subscribed_at is not None
    assert follower.last_message_at is not None


def test_subscribe_by_qr_scene_passes_scene_without_prefix(app, client, wx, echo_bot):
    xml = wx.event(
        "subscribe", openid="oQrFan", key="qrscene_叶集区", extra="<Ticket><![CDATA[T1]]></Ticket>"
    )
    wx.post(client, xml)
    assert echo_bot.events == [("oQrFan", "subscribe", "叶集区")]
    log = _logs(app)[0]
    assert (log.event, log.event_key) == ("subscribe_scan", "叶集区")


def test_unsubscribe_is_recorded_without_reply(app, client, wx, echo_bot):
    wx.post(client, wx.event("subscribe", openid="oLeaver", create_time=1700000100))
    response = wx.post(client, wx.event("unsubscribe", openid="oLeaver", create_time=1700000200))
    assert response.get_data(as_text=True) == "success"
    follower = _follower(app, "oLeaver")
    assert follower.subscribed is False
    assert follower.unsubscribed_at is not None
    assert follower.subscribed_at is not None


def test_menu_click_and_scan_go_to_the_bot(app, client, wx, echo_bot):
    click = wx.post(client, wx.event("CLICK", openid="oMenu", key="MENU_HELP"))
    scan = wx.post(
        client,
        wx.event("SCAN", openid="oMenu", key="yeji", extra="<Ticket><![CDATA[T]]></Ticket>"),
    )
    assert click.reply.findtext("Content") == "事件：click，参数：MENU_HELP"
    assert scan.reply.findtext("Content") == "事件：scan，参数：yeji"
    assert [(e, k) for _, e, k in echo_bot.events] == [("click", "MENU_HELP"), ("scan", "yeji")]


def test_template_send_job_finish_is_recorded_only(app, client, wx, echo_bot):
    xml = wx.event(
        "TEMPLATESENDJOBFINISH",
        openid="oTpl",
        extra="<MsgID>200163836</MsgID><Status><![CDATA[success]]></Status>",
    )
    response = wx.post(client, xml)
    assert response.get_data(as_text=True) == "success"
    assert echo_bot.events == []
    log = _logs(app)[0]
    assert (log.event, log.msg_id, log.event_key) == (
        "templatesendjobfinish",
        "200163836",
        "success",
    )
    # A delivery report does not open the 48 h customer-service window.
    assert _follower(app, "oTpl").last_message_at is None


def test_subscribe_msg_popup_event_is_parsed_from_raw_xml(app, client, wx, echo_bot):
    popup = (
        "<SubscribeMsgPopupEvent>"
        "<List><TemplateId><![CDATA[tplA]]></TemplateId>"
        "<SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString>"
        "<PopupScene>2</PopupScene></List>"
        "<List><TemplateId><![CDATA[tplB]]></TemplateId>"
        "<SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString>"
        "<PopupScene>2</PopupScene></List>"
        "</SubscribeMsgPopupEvent>"
    )
    response = wx.post(client, wx.event("subscribe_msg_popup_event", openid="oPop", extra=popup))
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "success"
    log = _logs(app)[0]
    assert (log.event, log.event_key) == ("subscribe_msg_popup_event", "tplA:accept,tplB:reject")


def test_unknown_event_is_recorded_without_reply(app, client, wx, echo_bot):
    xml = wx.event(
        "LOCATION",
        openid="oLoc",
        extra="<Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision>",
    )
    response = wx.post(client, xml)
    assert response.get_data(as_text=True) == "success"
    log = _logs(app)[0]
    assert log.event == "location"
    assert log.event_key is None and log.question is None  # no coordinates kept


@pytest.mark.parametrize(
    ("msg_type", "inner"),
    [
        ("image", "<PicUrl><![CDATA[http://x/p.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId>"),
        ("voice", "<MediaId><![CDATA[m2]]></MediaId><Format><![CDATA[amr]]></Format>"),
        (
            "location",
            "<Location_X>23.1</Location_X><Location_Y>113.3</Location_Y><Scale>20</Scale>"
            "<Label><![CDATA[某地]]></Label>",
        ),
        ("video", "<MediaId><![CDATA[m3]]></MediaId><ThumbMediaId><![CDATA[t]]></ThumbMediaId>"),
    ],
)
def test_non_text_messages_get_a_polite_text(app, client, wx, echo_bot, msg_type, inner):
    response = wx.post(client, wx.message(msg_type, inner, openid="oMedia"))
    assert "目前只能回答文字问题" in response.reply.findtext("Content")
    assert echo_bot.texts == []
    log = _logs(app)[0]
    assert (log.msg_type, log.intent, log.question) == (msg_type, "unsupported", None)


def test_bot_failure_still_answers_and_records(make_app, wx):
    app = make_app(bot=BrokenBot())
    response = wx.post(app.test_client(), wx.text("问题", openid="oBroken"))
    assert response.status_code == 200
    assert "稍后" in response.reply.findtext("Content")
    assert _logs(app)[0].intent == "error"
    # A follow is recorded even when the welcome could not be produced.
    wx.post(app.test_client(), wx.event("subscribe", openid="oBroken2"))
    assert _follower(app, "oBroken2").subscribed is True


# -- hostile input ----------------------------------------------------------------------------
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xml><ToUserName>gh</ToUserName><FromUserName>oEvil</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&lol4;</Content><MsgId>1</MsgId></xml>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName>gh</ToUserName><FromUserName>oEvil</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>2</MsgId></xml>"""


@pytest.mark.parametrize("mode", ["raw", "aes"])
@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_attacks_are_refused(app, client, wx, echo_bot, payload, mode):
    response = wx.post(client, payload, mode=mode)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    assert echo_bot.texts == []
    assert "root:" not in response.get_data(as_text=True)
    # The server is still up.
    assert wx.post(client, wx.text("still there?")).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b"<xml><unclosed>",
        b"not xml at all",
        b"<notxml><MsgType>text</MsgType></notxml>",
        b"<xml><ToUserName>gh</ToUserName></xml>",  # no sender, no type
        b"\xff\xfe<xml/>",  # not UTF-8
        b"",
    ],
)
def test_malformed_bodies_are_400(client, wx, body):
    response = wx.post(client, body)
    assert response.status_code == 400
    assert set(response.get_json()) == {"error"}


def test_body_over_one_mib_is_413(client, wx):
    big = wx.text("补" * (1024 * 1024 // 3 + 10))
    assert len(big.encode()) > 1024 * 1024
    response = wx.post(client, big)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert wx.post(client, wx.text("小问题")).status_code == 200


@pytest.mark.parametrize("mode", ["raw", "aes"])
def test_control_characters_are_stripped(app, client, wx, echo_bot, mode):
    response = wx.post(client, wx.text("洪泽\x00技师\x1d补贴\x07", openid="oCtl"), mode=mode)
    assert response.status_code == 200
    assert echo_bot.texts == [("oCtl", "洪泽技师补贴")]
    assert response.reply.findtext("Content") == "你说：洪泽技师补贴"


def test_character_reference_to_a_control_char_is_400(client, wx):
    response = wx.post(client, wx.text("a").replace("<Content><![CDATA[a]]>", "<Content>&#x1d;"))
    assert response.status_code == 400


@pytest.mark.parametrize("mode", ["raw", "aes"])
def test_cdata_terminator_in_reply_is_escaped(client, wx, mode):
    tricky = "看这里 ]]> <b>&amp; ]]]]>"
    # CDATA cannot carry "]]>" inside a request either, so send it as character data.
    xml = wx.text("x").replace(
        "<![CDATA[x]]>", tricky.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    )
    response = wx.post(client, xml, mode=mode)
    assert response.status_code == 200
    # The reply parses (it would not if "]]>" ended the CDATA early) and says exactly that.
    assert response.reply.findtext("Content") == "你说：" + tricky


def test_hostile_sender_name_cannot_break_the_reply(client, wx):
    xml = wx.text("hi", openid="oUser0001").replace("oUser0001", "o]]><x>")
    response = wx.post(client, xml)
    assert response.status_code == 400  # not an openid at all


def test_logs_carry_no_message_content_or_openid(app, client, wx, caplog):
    caplog.set_level("DEBUG")
    wx.post(client, wx.text("我的电话13812345678，洪泽补贴", openid="oPrivateUser42"))
    text = caplog.text
    assert "oPrivateUser42" not in text
    assert "13812345678" not in text and "洪泽补贴" not in text
    stored = _logs(app)[0].question
    assert "13812345678" not in stored and "洪泽补贴" in stored


def test_overlong_bot_reply_is_cut_to_wechat_limit(make_app, wx):
    class Verbose(EchoBot):
        def on_text(self, user_id, text):
            return Reply("补贴" * 2000, "answer")

    app = make_app(bot=Verbose())
    content = wx.post(app.test_client(), wx.text("x")).reply.findtext("Content")
    assert len(content.encode("utf-8")) <= 2048
    assert content.endswith("…") and content.startswith("补贴补贴")


@pytest.mark.parametrize("mode", ["raw", "aes"])
def test_replayed_request_with_an_old_timestamp_is_403_and_not_processed(
    app, client, wx, echo_bot, mode
):
    """A correctly signed request captured and replayed after the MsgId memory (DEDUP_TTL)
    would be answered again; its signed timestamp gives it away."""
    old = str(int(time.time()) - 3600)
    nonce = "replayed01"
    query = {
        "signature": wechat_signature(wx.token, old, nonce),
        "timestamp": old,
        "nonce": nonce,
        "openid": "oUser0001",
    }
    response = wx.post(client, wx.text("旧消息重放", msg_id=77001), mode=mode, query=query)
    assert response.status_code == 403
    assert echo_bot.texts == []
    assert _logs(app) == []
