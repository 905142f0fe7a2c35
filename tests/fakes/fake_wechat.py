"""A local fake of WeChat's API (api.weixin.qq.com/cgi-bin) for tests and the benchmark.

A small threaded HTTP server on 127.0.0.1 that behaves like WeChat where notifications care:

- ``GET /cgi-bin/token``: issues ``access_token`` values (``TOKEN-<n>``), counts fetches.
- ``POST /cgi-bin/message/template/send``: checks the token (40001 if unknown or expired),
  de-duplicates by ``(touser, client_msg_id)`` like WeChat ("对于同一个openid + client_msg_id,
  只发送一条消息, 10分钟有效": a repeat answers the first msgid and is not delivered again),
  records every accepted message and answers ``{"errcode": 0, "msgid": N}``.
- ``POST /cgi-bin/message/subscribe/send``: the mini-program subscribe message (no dedup).
- ``POST /cgi-bin/message/custom/send``: a customer-service message (客服消息); refused with
  45015 for a user in ``{"closed_window": ["openid"]}`` (their 48 hours have passed).

- ``GET /sns/jscode2session``: mini-program login (``wx.login`` code → openid). Any code is
  accepted once (a second use answers 40163 like WeChat); the part of the code before its
  first ``-`` names the user, so ``worker1-a`` and ``worker1-b`` log the same worker in twice
  (openid ``FakeWeChat.openid_for(appid, "worker1")``). No access_token is needed or checked.

Control endpoints (JSON) to make it misbehave:

- ``POST /_control`` with any of ``{"fail_next": N, "fail_errcode": -1}`` (the next N sends
  answer that errcode), ``{"http_error_next": N}`` (the next N sends answer HTTP 502),
  ``{"throttle_ms": 20}`` (each send sleeps), ``{"quota": true}`` (sends answer 45009 until
  turned off), ``{"reject": {"openid": 43004}}`` (that user always refused with that errcode),
  ``{"expire_tokens": true}`` (every issued token becomes invalid: next call gets 40001).
- ``GET /_stats``: counters and, with ``?messages=1``, every accepted message.
- ``POST /_reset``: forget everything.

Run it alone: ``python -m tests.fakes.fake_wechat --port 8801`` (or scripts/fake_wechat.py),
then point the service at it with ``WECHAT_API_BASE=http://127.0.0.1:8801/cgi-bin/``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import itertools
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class FakeState:
    """Everything the fake remembers; guarded by ``lock``."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    tokens: set[str] = field(default_factory=set)
    token_fetches: int = 0
    token_counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    msgid_counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1000001))
    dedup: dict[tuple[str, str], int] = field(default_factory=dict)
    messages: list[dict[str, Any]] = field(default_factory=list)
    subscribe_messages: list[dict[str, Any]] = field(default_factory=list)
    custom_messages: list[dict[str, Any]] = field(default_factory=list)
    closed_window: set[str] = field(default_factory=set)
    used_codes: set[tuple[str, str]] = field(default_factory=set)
    logins: list[dict[str, str]] = field(default_factory=list)
    calls: Counter[str] = field(default_factory=Counter)
    fail_next: int = 0
    fail_errcode: int = -1
    http_error_next: int = 0
    throttle_ms: float = 0.0
    quota: bool = False
    reject: dict[str, int] = field(default_factory=dict)

    def reset(self) -> None:
        with self.lock:
            fresh = FakeState()
            for name in (
                "tokens",
                "token_fetches",
                "token_counter",
                "msgid_counter",
                "dedup",
                "messages",
                "subscribe_messages",
                "custom_messages",
                "closed_window",
                "used_codes",
                "logins",
                "calls",
                "fail_next",
                "fail_errcode",
                "http_error_next",
                "throttle_ms",
                "quota",
                "reject",
            ):
                setattr(self, name, getattr(fresh, name))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the senders reuse their connections
    # Headers and body leave in one write (flushed by handle_one_request) and Nagle is off:
    # otherwise Nagle + delayed ACK add ~40 ms to every keep-alive response.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: 100k requests in a benchmark

    # -- plumbing --------------------------------------------------------------------------
    def _send_json(self, body: dict[str, Any], status: int = 200) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            value = json.loads(raw or b"{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    # -- routes ------------------------------------------------------------------------------
    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = parse_qs(url.query)
        state = self.server.state
        if url.path == "/cgi-bin/token":
            with state.lock:
                state.token_fetches += 1
                token = f"TOKEN-{next(state.token_counter)}"
                state.tokens.add(token)
            self._send_json({"access_token": token, "expires_in": 7200})
        elif url.path == "/sns/jscode2session":
            self._send_json(code_to_session(state, query))
        elif url.path == "/_stats":
            self._send_json(stats(state, with_messages=query.get("messages") == ["1"]))
        else:
            self._send_json({"errcode": 404, "errmsg": "not found"}, 404)

    def do_POST(self) -> None:
        url = urlparse(self.path)
        query = parse_qs(url.query)
        body = self._body()
        state = self.server.state
        if url.path == "/_control":
            control(state, body)
            self._send_json({"ok": True})
        elif url.path == "/_reset":
            state.reset()
            self._send_json({"ok": True})
        elif url.path in (
            "/cgi-bin/message/template/send",
            "/cgi-bin/message/subscribe/send",
            "/cgi-bin/message/custom/send",
        ):
            status, answer = send(state, url.path, (query.get("access_token") or [""])[0], body)
            self._send_json(answer, status)
        else:
            self._send_json({"errcode": 404, "errmsg": "not found"}, 404)


def openid_for(appid: str, user: str) -> str:
    """The openid the fake gives ``user`` (the part of a login code before its first ``-``)
    of the mini-program ``appid``: 28 characters, stable, like WeChat's per-app openids."""
    digest = hashlib.sha256(f"{appid}:{user}".encode()).digest()
    return "o" + base64.urlsafe_b64encode(digest).decode()[:27]


def code_to_session(state: FakeState, query: dict[str, list[str]]) -> dict[str, Any]:
    """GET /sns/jscode2session (see the module docstring)."""

    def one(name: str) -> str:
        return (query.get(name) or [""])[0]

    appid, secret, code = one("appid"), one("secret"), one("js_code")
    with state.lock:
        state.calls["jscode2session"] += 1
        if not appid or not secret:
            return {"errcode": 40013, "errmsg": "invalid appid or secret"}
        if one("grant_type") != "authorization_code":
            return {"errcode": 40002, "errmsg": "invalid grant_type"}
        if not code:
            return {"errcode": 41008, "errmsg": "missing code"}
        if (appid, code) in state.used_codes:
            return {"errcode": 40163, "errmsg": "code been used"}
        state.used_codes.add((appid, code))
        openid = openid_for(appid, code.split("-", 1)[0])
        state.logins.append({"appid": appid, "openid": openid})
    session_key = base64.b64encode(hashlib.sha256(f"sk:{appid}:{code}".encode()).digest()[:16])
    return {"openid": openid, "session_key": session_key.decode()}


def control(state: FakeState, body: dict[str, Any]) -> None:
    """Apply a ``/_control`` request (see the module docstring)."""
    with state.lock:
        if "fail_next" in body:
            state.fail_next = int(body["fail_next"])
            state.fail_errcode = int(body.get("fail_errcode", -1))
        if "http_error_next" in body:
            state.http_error_next = int(body["http_error_next"])
        if "throttle_ms" in body:
            state.throttle_ms = float(body["throttle_ms"])
        if "quota" in body:
            state.quota = bool(body["quota"])
        if "reject" in body:
            state.reject.update({str(k): int(v) for k, v in dict(body["reject"]).items()})
        if "closed_window" in body:
            state.closed_window = {str(o) for o in body["closed_window"]}
        if body.get("expire_tokens"):
            state.tokens.clear()


def send(
    state: FakeState, path: str, token: str, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """One template or subscribe send: (HTTP status, JSON answer)."""
    kind = "subscribe" if path.endswith("subscribe/send") else "template"
    if path.endswith("custom/send"):
        kind = "custom"
    if state.throttle_ms:
        time.sleep(state.throttle_ms / 1000)
    with state.lock:
        state.calls[kind] += 1
        if token not in state.tokens:
            state.calls["40001"] += 1
            return 200, {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"}
        if state.http_error_next > 0:
            state.http_error_next -= 1
            state.calls["http_error"] += 1
            return 502, {"errcode": -1, "errmsg": "bad gateway"}
        if state.quota:
            state.calls["45009"] += 1
            return 200, {"errcode": 45009, "errmsg": "reach max api daily quota limit"}
        if state.fail_next > 0:
            state.fail_next -= 1
            state.calls[f"fail_{state.fail_errcode}"] += 1
            return 200, {"errcode": state.fail_errcode, "errmsg": "system error"}
        touser = str(body.get("touser") or "")
        if kind == "custom":
            if not touser or body.get("msgtype") != "text":
                return 200, {"errcode": 40003, "errmsg": "invalid openid or msgtype"}
            if touser in state.closed_window:
                state.calls["45015"] += 1
                return 200, {"errcode": 45015, "errmsg": "response out of time limit"}
            state.custom_messages.append(dict(body, received_at=time.time()))
            return 200, {"errcode": 0, "errmsg": "ok"}
        if not touser or not body.get("template_id"):
            return 200, {"errcode": 40003, "errmsg": "invalid openid"}
        if touser in state.reject:
            code = state.reject[touser]
            state.calls[f"reject_{code}"] += 1
            return 200, {"errcode": code, "errmsg": "require subscribe"}
        if kind == "subscribe":
            state.subscribe_messages.append(dict(body))
            return 200, {"errcode": 0, "errmsg": "ok"}
        client_msg_id = str(body.get("client_msg_id") or "")
        if client_msg_id and (touser, client_msg_id) in state.dedup:
            state.calls["dedup_hit"] += 1
            return 200, {
                "errcode": 0,
                "errmsg": "ok",
                "msgid": state.dedup[(touser, client_msg_id)],
            }
        msgid = next(state.msgid_counter)
        if client_msg_id:
            state.dedup[(touser, client_msg_id)] = msgid
        state.messages.append(dict(body, msgid=msgid, received_at=time.time()))
        return 200, {"errcode": 0, "errmsg": "ok", "msgid": msgid}


def stats(state: FakeState, *, with_messages: bool = False) -> dict[str, Any]:
    """Counters: accepted messages, distinct recipients, recipients with more than one message
    for the same notification (client_msg_id ``bc-<notification>-<recipient>``), token fetches."""
    with state.lock:
        per_user: Counter[tuple[str, str]] = Counter()
        for m in state.messages:
            notification = str(m.get("client_msg_id") or "").split("-")[1:2]
            per_user[(m["touser"], notification[0] if notification else "")] += 1
        out: dict[str, Any] = {
            "accepted": len(state.messages),
            "subscribe_accepted": len(state.subscribe_messages),
            "distinct_recipients": len(per_user),
            "duplicates": sum(n - 1 for n in per_user.values() if n > 1),
            "token_fetches": state.token_fetches,
            "logins": len(state.logins),
            "calls": dict(state.calls),
        }
        if with_messages:
            out["messages"] = list(state.messages)
            out["subscribe_messages"] = list(state.subscribe_messages)
        return out


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.state = FakeState()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a sender killed mid-request (the crash benchmark) resets its connection


class FakeWeChat:
    """The fake running in a background thread: ``with FakeWeChat() as fake: fake.api_base``.

    Test helpers read and steer it directly (``fake.state``, ``fake.control(...)``,
    ``fake.messages``), the same state the HTTP control endpoints change.
    """

    def __init__(self, port: int = 0) -> None:
        self._server = _Server(port)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def api_base(self) -> str:
        """Value for WECHAT_API_BASE."""
        return f"http://127.0.0.1:{self.port}/cgi-bin/"

    @property
    def state(self) -> FakeState:
        return self._server.state

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Accepted template messages, in arrival order (a copy)."""
        with self.state.lock:
            return list(self.state.messages)

    @property
    def subscribe_messages(self) -> list[dict[str, Any]]:
        """Accepted mini-program subscribe messages (a copy)."""
        with self.state.lock:
            return list(self.state.subscribe_messages)

    @property
    def custom_messages(self) -> list[dict[str, Any]]:
        """Accepted customer-service messages (客服消息), in arrival order (a copy)."""
        with self.state.lock:
            return list(self.state.custom_messages)

    @property
    def logins(self) -> list[dict[str, str]]:
        """Accepted mini-program logins (appid, openid), in order (a copy)."""
        with self.state.lock:
            return list(self.state.logins)

    @staticmethod
    def openid_for(appid: str, user: str) -> str:
        """The openid a login code ``<user>-…`` gets (see ``openid_for``)."""
        return openid_for(appid, user)

    def control(self, **settings: Any) -> None:
        """Same as POST /_control with ``settings``."""
        control(self.state, settings)

    def stats(self) -> dict[str, Any]:
        return stats(self.state)

    def start(self) -> FakeWeChat:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeWeChat:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """``python -m tests.fakes.fake_wechat --port N``: serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--port", type=int, default=8801)
    args = parser.parse_args(argv)
    server = _Server(args.port)
    print(f"fake WeChat on http://127.0.0.1:{server.server_address[1]}/cgi-bin/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
