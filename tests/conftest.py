"""Shared fixtures: a throw-away database and Redis namespace per run, app factories, and a
WeChat simulator that signs and encrypts requests the way WeChat's servers do.

Embedded defaults (no DATABASE_URL / REDIS_URL): a SQLite file in pytest's tmp dir and the
in-process Redis. With ``DATABASE_URL=postgresql+psycopg://...`` a fresh database
``bluecard_test_<run>`` is created on that server and dropped at the end; with ``REDIS_URL``
every key lives under ``bluecard-test-<run>:`` and only those keys are deleted at the end.
"""

from __future__ import annotations

import itertools
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from factories.testapp import (
    AES_KEY,
    RUN_ID,
    RUN_PREFIX,
    WECHAT_APP_ID,
    WECHAT_TOKEN,
    EchoBot,
    base_config,
    throwaway_database,
    unique_prefix,
    wechat_signature,
)
from fakes.fake_wechat import FakeWeChat
from werobot.crypto import MessageCrypt

# the browser tests' fixtures (server, driver, browsers) and the documents' bundled_registry,
# for every test folder
pytest_plugins = ["factories.browser", "factories.documents"]


# -- throw-away database and Redis namespace ------------------------------------------------
@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, fake_knowledge: Any) -> Iterator[str]:
    """URL of this run's database, migrated to head once."""
    from bluecard import create_app
    from bluecard.extensions import db, upgrade_database

    with throwaway_database(tmp_path_factory.mktemp("db"), f"bluecard_test_{RUN_ID}") as url:
        config = base_config(url, f"{RUN_PREFIX}:migrate")
        config.update(KNOWLEDGE=fake_knowledge, BOT_FACTORY=lambda *_: EchoBot())
        app = create_app(config)
        upgrade_database(app)
        with app.app_context():
            db.engine.dispose()
        yield url


@pytest.fixture(scope="session")
def redis_cleanup() -> Iterator[None]:
    """Delete this run's keys (and only those) from the real Redis at the end of the run."""
    yield
    url = os.environ.get("REDIS_URL")
    if url:
        import redis

        client = redis.Redis.from_url(url)
        for key in client.scan_iter(match=f"{RUN_PREFIX}:*", count=500):
            client.delete(key)
        client.close()


# -- knowledge --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def fake_knowledge() -> Any:
    """A two-document knowledge base (one draft) and an index that answers from it, for
    plumbing tests that must not depend on the real corpus or ranking."""
    from datetime import date

    from bluecard.knowledge import Knowledge
    from policy_kb.model import Clause, Document, DocumentMeta, KnowledgeBase

    def doc(doc_id: str, status: str, wenhao: str | None) -> Document:
        meta = DocumentMeta(
            doc_id=doc_id,
            title=f"{doc_id} 实施方案",
            issuer="测试机关",
            wenhao=wenhao,
            issued_on=date(2021, 2, 5) if wenhao else None,
            issued_note=None if wenhao else "未印发文日期",
            regions=("洪泽区",),
            status=status,  # type: ignore[arg-type]
            horizon="至2025年",
            horizon_end=date(2025, 12, 31),
        )
        clauses = [
            Clause(doc_id, "一", "一", "总体要求", "第一条正文。", None, 1),
            Clause(doc_id, "一（一）", "一（一）", "目标", "子条款正文。", "一", 2),
            Clause(doc_id, "二", "二", "保障", "第二条正文。", None, 1),
        ]
        return Document(meta, clauses)

    kb = KnowledgeBase(
        {
            "fake-2021": doc("fake-2021", "in_force", "测办发〔2021〕1号"),
            "fake-draft": doc("fake-draft", "draft", None),
        }
    )
    return Knowledge(kb, FakeIndex())


@dataclass
class FakeHit:
    doc_id: str
    clause_id: str
    score: float

    def to_json(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "clause_id": self.clause_id, "score": self.score}


@dataclass
class FakeResult:
    query: str
    answered: bool
    region: str | None
    hits: list[FakeHit]
    about_document: bool = False
    uncovered_places: tuple[str, ...] = ()


class FakeIndex:
    """Answers any question containing 补贴 with one hit; records the calls it got."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, str | None]] = []

    def search(
        self, q: str, top: int = 3, region: str | None = None, prefer_region: str | None = None
    ) -> FakeResult:
        self.calls.append((q, top, region))
        hits = [FakeHit("fake-2021", "一（一）", 1.5)][:top] if "补贴" in q else []
        return FakeResult(q, bool(hits), region, hits)


@pytest.fixture(scope="session")
def real_knowledge() -> Any:
    """The real knowledge base (bundled corpus) and search index, built once per run."""
    from bluecard.knowledge import load_knowledge

    return load_knowledge(None)


# -- apps --------------------------------------------------------------------------------------
@pytest.fixture
def make_app(
    database_url: str, redis_cleanup: None, fake_knowledge: Any
) -> Iterator[Callable[..., Any]]:
    """``make_app(bot=None, knowledge=None, **config)``: a fresh app on this run's database
    and a Redis prefix of its own. Without ``bot`` the real Bot is built (on ``knowledge``,
    default the fake knowledge). Tables are emptied after the test."""
    apps: list[Any] = []

    def factory(bot: Any = None, knowledge: Any = None, **overrides: Any) -> Any:
        from bluecard import create_app

        config = base_config(database_url, unique_prefix())
        config["KNOWLEDGE"] = knowledge or fake_knowledge
        if bot is not None:
            config["BOT_FACTORY"] = lambda _knowledge, _store, _services: bot
        config.update(overrides)
        app = create_app(config)
        apps.append(app)
        return app

    yield factory
    _empty_tables(apps)


@pytest.fixture
def real_app(make_app: Callable[..., Any], real_knowledge: Any) -> Any:
    """An app answering on the real knowledge base and search (chats as workers have them)."""
    return make_app(knowledge=real_knowledge)


def _empty_tables(apps: list[Any]) -> None:
    from bluecard.extensions import db

    for app in apps:
        with app.app_context():
            if app.config["BLUECARD_SETTINGS"].database_url is None:
                continue  # its own embedded database, removed with the tmp dir
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
            db.session.commit()
            db.session.remove()
            # Close pooled connections: PostgreSQL can then drop the database cleanly.
            db.engine.dispose()


@pytest.fixture
def echo_bot() -> EchoBot:
    """A fresh EchoBot."""
    return EchoBot()


@pytest.fixture
def app(make_app: Callable[..., Any], echo_bot: EchoBot) -> Any:
    """An app whose bot is the EchoBot (plumbing tests)."""
    return make_app(bot=echo_bot)


@pytest.fixture
def client(app: Any) -> Any:
    """Flask test client of ``app``."""
    return app.test_client()


@pytest.fixture
def ctx(app: Any) -> Iterator[Any]:
    """``app`` with an application context held for the test, so it calls services directly
    (a module overrides ``app`` or ``ctx`` for another app); the database session is
    removed after."""
    from bluecard.extensions import db

    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def fake() -> Iterator[FakeWeChat]:
    """WeChat's API servers faked (tests/fakes/fake_wechat.py), running for the test."""
    with FakeWeChat() as server:
        yield server


@pytest.fixture
def napp_knowledge() -> Any:
    """The knowledge base ``napp`` answers on: None, the fake one; a module whose notifications
    link real clauses overrides it with ``real_knowledge``."""
    return None


@pytest.fixture
def napp(make_app: Callable[..., Any], fake: FakeWeChat, napp_knowledge: Any) -> Iterator[Any]:
    """An app that sends notifications to ``fake`` (``notify_config``: template ids, a high
    rate), on ``napp_knowledge``, with an application context held; the database session is
    removed and the send queue cleared after."""
    from notif_helpers import clear_queue, notify_config

    from bluecard.extensions import db

    app = make_app(knowledge=napp_knowledge, **notify_config(fake))
    with app.app_context():
        yield app
        db.session.remove()
    clear_queue(app)


# -- WeChat simulator ----------------------------------------------------------------------
_msg_ids = itertools.count(int(time.time()) * 1000)


@dataclass
class WeChatSim:
    """Builds the XML WeChat sends and posts it signed: plaintext, safe or compatible mode.

    Encryption uses WeRoBot's implementation (werobot.crypto), independent of wechatpy which
    the server uses, so the two must agree on the wire format.
    """

    token: str = WECHAT_TOKEN
    app_id: str = WECHAT_APP_ID
    aes_key: str = AES_KEY
    account: str = "gh_bluecard"

    @property
    def crypt(self) -> MessageCrypt:
        return MessageCrypt(self.token, self.aes_key, self.app_id)

    def text(self, content: str, openid: str = "oUser0001", msg_id: int | None = None) -> str:
        msg_id = msg_id or next(_msg_ids)
        return self._xml(
            openid,
            "text",
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId>",
        )

    def event(
        self,
        event: str,
        openid: str = "oUser0001",
        key: str | None = None,
        extra: str = "",
        create_time: int | None = None,
    ) -> str:
        body = f"<Event><![CDATA[{event}]]></Event>"
        if key is not None:
            body += f"<EventKey><![CDATA[{key}]]></EventKey>"
        return self._xml(openid, "event", body + extra, create_time)

    def message(self, msg_type: str, inner: str, openid: str = "oUser0001") -> str:
        return self._xml(openid, msg_type, inner + f"<MsgId>{next(_msg_ids)}</MsgId>")

    def _xml(self, openid: str, msg_type: str, inner: str, create_time: int | None = None) -> str:
        return (
            f"<xml><ToUserName><![CDATA[{self.account}]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{create_time or int(time.time())}</CreateTime>"
            f"<MsgType><![CDATA[{msg_type}]]></MsgType>{inner}</xml>"
        )

    def signed_query(self, **extra: str) -> dict[str, str]:
        timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
        query = {
            "signature": wechat_signature(self.token, timestamp, nonce),
            "timestamp": timestamp,
            "nonce": nonce,
            "openid": "oUser0001",
        }
        query.update(extra)
        return query

    def post(
        self, client: Any, xml: str | bytes, mode: str = "raw", query: dict[str, str] | None = None
    ) -> Any:
        """POST ``xml`` as WeChat would in ``mode`` (raw, aes, compat); returns the response
        with ``.reply`` = the (decrypted) reply XML root, or None for ``success``/empty.
        After an answer, the app's queued message-log rows are written, as its flusher thread
        would within a fraction of a second (``bluecard.followers.msglog``)."""
        query = dict(query or self.signed_query())
        data = xml
        if mode in ("aes", "compat"):
            plain = xml.decode() if isinstance(xml, bytes) else xml
            encrypt = self.crypt.prp_crypto.encrypt(plain, self.app_id).decode()
            query["encrypt_type"] = "aes"
            query["msg_signature"] = wechat_signature(
                self.token, query["timestamp"], query["nonce"], encrypt
            )
            envelope = f"<Encrypt><![CDATA[{encrypt}]]></Encrypt>"
            if mode == "compat":
                # Compatible mode: the plaintext fields travel alongside the ciphertext.
                data = plain.replace("</xml>", envelope + "</xml>")
            else:
                data = f"<xml><ToUserName><![CDATA[{self.account}]]></ToUserName>{envelope}</xml>"
        response = client.post("/wechat", query_string=query, data=data, content_type="text/xml")
        response.reply = self._reply_root(response, mode)
        if response.status_code == 200:
            from bluecard.followers.msglog import flush_message_log

            flush_message_log(client.application)
        return response

    def say(self, app: Any, text: str, openid: str = "oUser0001", mode: str = "raw") -> str:
        """``text`` from ``openid`` through ``app``'s callback (``post`` in ``mode``): the
        reply's text. Fails unless the callback answered (200 with a reply)."""
        response = self.post(app.test_client(), self.text(text, openid=openid), mode=mode)
        assert response.status_code == 200
        assert response.reply is not None, response.get_data(as_text=True)
        return response.reply.findtext("Content") or ""

    def _reply_root(self, response: Any, mode: str) -> ET.Element | None:
        body = response.get_data(as_text=True)
        if response.status_code != 200 or body in ("", "success"):
            return None
        if mode in ("aes", "compat"):
            envelope = ET.fromstring(body)
            plain = self.crypt.decrypt_message(
                envelope.findtext("TimeStamp"),
                envelope.findtext("Nonce"),
                envelope.findtext("MsgSignature"),
                envelope.findtext("Encrypt"),
            )
            body = plain.decode() if isinstance(plain, bytes) else plain
        return ET.fromstring(body)


@pytest.fixture
def wx() -> WeChatSim:
    """The WeChat simulator, configured like the test apps."""
    return WeChatSim()
