"""Replay the attacks of issue #10 against a running copy of the service and print a table:
attack, expected, observed, PASS/FAIL. Exit 0 when every attack is refused, 1 otherwise.

    .venv/bin/python scripts/attack_check.py

It is independent of the test suite: it starts the service as a separate process on the
embedded defaults (a SQLite file and the in-process store in a temporary instance folder),
creates staff accounts with the command line, talks to it over HTTP only (console forms
with their CSRF tokens, the staff API, signed WeChat callbacks), and reads the SQLite file
and the server's log output like an operator would. A second copy is started with REDIS_URL
pointing at a closed port for the Redis-down checks.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
TOKEN = "attackchecktoken"
PASSWORD = "correct horse battery staple"
WINDOW = "叶集区政务服务中心 3号窗口"
OPENID = "oAttackWorker0001"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Result:
    attack: str
    expected: str
    observed: str
    ok: bool


RESULTS: list[Result] = []


def record(attack: str, expected: str, observed: str, ok: bool) -> None:
    """One row of the report."""
    RESULTS.append(Result(attack, expected, observed, ok))


# -- identifiers with valid check characters (GB 11643, GB 32100) ------------------------
def id_number(area: str = "341504", birth: str = "19900419", seq: int = 123) -> str:
    """A valid 身份证号."""
    body = f"{area}{birth}{seq:03d}"
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body))
    return body + "10X98765432"[total % 11]


def credit_code(area: str = "341504") -> str:
    """A valid 统一社会信用代码 registered in ``area``."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = f"91{area}MA{uuid.uuid4().int % 10**7:07d}"[:17]
    total = sum(alphabet.index(c) * (3**i % 31) for i, c in enumerate(body))
    return body + alphabet[(31 - total % 31) % 31]


# -- the service ----------------------------------------------------------------------------
def free_port() -> int:
    """A TCP port nobody listens on (now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_env(instance: Path) -> dict[str, str]:
    """Embedded defaults in ``instance`` with a WeChat token for the callback."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL")}
    env.update(
        SECRET_KEY="attack-check-secret",
        DATABASE_URL=f"sqlite:///{instance / 'bluecard.sqlite3'}",
        AUTO_MIGRATE="true",
        WECHAT_TOKEN=TOKEN,
        WECHAT_APP_ID="wx0000000000000001",
        WECHAT_APP_SECRET="attack-check-app-secret",
        # Above the 7+7 attempts of the enumeration check: the lock-out is what is tested.
        LOGIN_RATE_LIMIT="1000 per minute",
        PYTHONPATH=str(ROOT),
    )
    return env


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``flask --app wsgi bluecard ARGS`` with ``env``."""
    return subprocess.run(
        [PYTHON, "-m", "flask", "--app", "wsgi", "bluecard", *args],
        cwd=ROOT,
        env={**env, "BLUECARD_STAFF_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=120,
    )


class Server:
    """The service in a subprocess (Flask's server, threaded), its output in a file."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "flask", "--app", "wsgi", "run", "--port", str(self.port)],
            cwd=ROOT,
            env={**env, "FLASK_DEBUG": "0"},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/healthz", timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.3)
        raise SystemExit(f"the service did not start; see {log_path}")

    def stop(self) -> None:
        """Stop the server process (ours: by its id)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()

    def log_text(self) -> str:
        """Everything the server logged so far."""
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")


# -- clients --------------------------------------------------------------------------------
class Console:
    """A browser on the console: cookies kept, forms posted with the page's CSRF token."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.url + path, allow_redirects=False, timeout=30)

    def post_form(self, page: str, path: str, data: dict[str, str]) -> requests.Response:
        html = self.get(page).text
        match = _CSRF.search(html)
        token = match.group(1) if match else ""
        return self.http.post(
            self.url + path, data={**data, "csrf_token": token}, allow_redirects=False, timeout=30
        )

    def login(self, username: str, password: str = PASSWORD) -> requests.Response:
        return self.post_form(
            "/console/login",
            "/console/login",
            {"username": username, "password": password, "window": WINDOW},
        )


def api_login(url: str, username: str, password: str = PASSWORD) -> requests.Response:
    """POST /api/v1/staff/login."""
    return requests.post(
        url + "/api/v1/staff/login",
        json={"username": username, "password": password, "window": WINDOW},
        timeout=30,
    )


def signed(timestamp: str | None = None, nonce: str | None = None) -> dict[str, str]:
    """A plaintext-mode signature for the callback."""
    timestamp = timestamp or str(int(time.time()))
    nonce = nonce or uuid.uuid4().hex[:10]
    signature = hashlib.sha1("".join(sorted([TOKEN, timestamp, nonce])).encode()).hexdigest()
    return {"signature": signature, "timestamp": timestamp, "nonce": nonce}


_msg_ids = iter(range(7_000_000_001, 7_100_000_000))


def text_xml(content: str, openid: str = OPENID) -> str:
    """A WeChat text message."""
    return (
        "<xml><ToUserName><![CDATA[gh_attack]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{next(_msg_ids)}</MsgId></xml>"
    )


def say(url: str, content: str, query: dict[str, str] | None = None) -> requests.Response:
    """Send a signed text message to /wechat."""
    return requests.post(
        url + "/wechat",
        params=query or signed(),
        data=text_xml(content).encode(),
        headers={"Content-Type": "text/xml"},
        timeout=30,
    )


# -- the attacks ----------------------------------------------------------------------------
PERSON = id_number()
NAME = "欧阳秀英"
PHONE = "13987654321"
SOCIAL = "341504198807154"


def spaced(value: str, group: int = 4) -> str:
    return " ".join(value[i : i + group] for i in range(0, len(value), group))


def chat_card_application(url: str) -> bool:
    """Apply for a card in chat with the numbers typed in spaced groups."""
    answers = [
        "申请蓝卡",
        NAME,
        spaced(PERSON),  # 「3415 0419 9004 1912 3X」
        "139-8765-4321",
        "三级",
        "S0000341500002430099",
        "六安市职业技能鉴定中心",
        "2022年9月1日",
        "叶集精工机械有限公司",
        credit_code(),
        "六安市叶集区",
        spaced(SOCIAL, 3),
        "确认提交",
    ]
    last = None
    for answer in answers:
        last = say(url, answer)
    return last is not None and "已提交" in last.text


def plaintext_grep(db_path: Path, log_text: str) -> None:
    """Every text column of every table (except *_enc ciphertexts) and the log."""
    digits_variants = {PERSON, spaced(PERSON), PHONE, "139-8765-4321", SOCIAL, spaced(SOCIAL, 3)}
    for value in (PERSON, PHONE, SOCIAL):  # any 7-digit slice of the numbers
        digits_variants |= {value[i : i + 7] for i in range(len(value) - 6)}
    secrets = digits_variants | {NAME}
    found: list[str] = []
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            columns = [
                r[1]
                for r in conn.execute(f'PRAGMA table_info("{table}")')
                if not r[1].endswith("_enc")
            ]
            for row in conn.execute(
                f'SELECT {", ".join(f"{c!r}" for c in columns)} FROM "{table}"'
            ):
                text = " ".join(str(v) for v in row if v is not None)
                found += [f"{table}:{s}" for s in secrets if s in text]
    in_log = [s for s in secrets if s in log_text]
    record(
        "chat card application with spaced numbers; grep every table's text columns",
        "no name/身份证号/phone/社保卡号 outside *_enc",
        "clean" if not found else f"found {sorted(set(found))[:4]}",
        not found,
    )
    record(
        "same values in the server's log lines",
        "none",
        "clean" if not in_log else f"found {in_log[:4]}",
        not in_log,
    )


def card_code(env: dict[str, str], card_id: int) -> str:
    """The on-screen (dynamic) QR code of the card, as the holder's phone shows it: signed
    with the service's key (the console prints it only as an image)."""
    sys.path.insert(0, str(ROOT))
    from bluecard.cards import qr
    from bluecard.config import load_settings
    from bluecard.crypto import card_signing_key

    settings = load_settings(environ=env)
    token, _ = qr.issue_token(
        card_signing_key(settings), card_id, 1, qr.KIND_DYNAMIC, ttl_seconds=90
    )
    return token


def district_crossing(url: str, env: dict[str, str]) -> None:
    """A 洪泽区 reviewer and clerk against a 叶集区 card."""
    home_reviewer = Console(url)
    home_reviewer.login("yeji.reviewer")
    review = home_reviewer.get("/console/review").text
    ids = re.findall(r"/console/cards/(\d+)/review", review)
    if not ids:
        record("district crossing", "a 叶集区 pending card to attack", "none found", False)
        return
    card_id = ids[0]
    outsider = Console(url)
    outsider.login("hongze.reviewer")
    listed = card_id in re.findall(r"/console/cards/(\d+)", outsider.get("/console/review").text)
    record(
        "洪泽区 reviewer lists 叶集区 pending cards",
        "not listed",
        "listed" if listed else "not listed",
        not listed,
    )
    opened = outsider.get(f"/console/cards/{card_id}")
    full_id = PERSON in opened.text
    record(
        "洪泽区 reviewer opens the 叶集区 card (full 身份证号)",
        "404, no 身份证号",
        f"{opened.status_code}{', 身份证号 shown' if full_id else ''}",
        opened.status_code == 404 and not full_id,
    )
    approved = outsider.post_form(
        "/console/", f"/console/cards/{card_id}/review", {"decision": "approve"}
    )
    record(
        "洪泽区 reviewer approves the 叶集区 card",
        "404",
        str(approved.status_code),
        approved.status_code == 404,
    )
    ok = home_reviewer.post_form(
        "/console/review", f"/console/cards/{card_id}/review", {"decision": "approve"}
    )
    if ok.status_code != 303:
        record("district crossing: scan", "the 叶集区 card approved", str(ok.status_code), False)
        return
    code = card_code(env, int(card_id))
    hongze = api_login(url, "hongze.clerk").json()["token"]
    yeji = api_login(url, "yeji.clerk").json()["token"]
    scans = [
        requests.post(
            url + "/api/v1/staff/scan",
            json={"code": code},
            headers={"Authorization": f"Bearer {t}"},
            timeout=30,
        ).status_code
        for t in (hongze, yeji)
    ]
    record(
        "洪泽区 clerk scans the 叶集区 card (staff API); 叶集区 clerk as control",
        "404 / 200",
        f"{scans[0]} / {scans[1]}",
        scans == [404, 200],
    )


def copied_cookie(url: str) -> None:
    """A console cookie copied before logout, used after it."""
    victim = Console(url)
    victim.login("yeji.clerk")
    thief = Console(url)
    thief.http.cookies.update(victim.http.cookies.get_dict())
    before = thief.get("/console/scan").status_code
    victim.post_form("/console/", "/console/logout", {})
    after = thief.get("/console/scan")
    ended = after.status_code == 303 and "/console/login" in after.headers.get("Location", "")
    record(
        "console cookie copied before logout, used after it",
        "200 before, redirect to login after",
        f"{before} before, {after.status_code} after",
        before == 200 and ended,
    )


def out_of_range_ids(url: str) -> None:
    """Ids that overflow a 64-bit integer in paths."""
    token = api_login(url, "admin.all").json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    big = "99999999999999999999"
    statuses = [
        requests.post(f"{url}/api/v1/staff/applications/{big}/pay", headers=auth, timeout=30),
        requests.post(
            f"{url}/api/v1/staff/cards/{big}/applications",
            json={"rule_id": "x"},
            headers=auth,
            timeout=30,
        ),
        requests.get(f"{url}/api/v1/staff/notifications/{big}", headers=auth, timeout=30),
    ]
    codes = [r.status_code for r in statuses]
    record(
        "POST applications/{20 digits}/pay, cards/{…}/applications, GET notifications/{…}",
        "404 404 404",
        " ".join(map(str, codes)),
        codes == [404, 404, 404],
    )


def enumeration(url: str) -> None:
    """7 wrong passwords: an existing account against an unknown username."""

    def tries(username: str) -> list[tuple[int, str, float]]:
        out = []
        for _ in range(7):
            started = time.perf_counter()
            r = api_login(url, username, "wrong password!")
            out.append((r.status_code, r.json()["error"]["message"], time.perf_counter() - started))
        return out

    known, unknown = tries("enum.target"), tries("no.such.user")
    answers_known = sorted({(s, m) for s, m, _ in known})
    answers_unknown = sorted({(s, m) for s, m, _ in unknown})
    ratio = statistics.median(t for *_, t in known[5:]) / statistics.median(t for *_, t in unknown)
    same = answers_known == answers_unknown and len(answers_known) == 1
    record(
        "7 wrong passwords: existing (locked after 5) vs unknown username",
        "same status and message, similar time",
        f"{answers_known[0][0] if same else answers_known} vs "
        f"{answers_unknown[0][0] if same else answers_unknown}, time ratio {ratio:.2f}",
        same and 0.5 < ratio < 2.0,
    )


def replay(url: str) -> None:
    """A captured plaintext-mode signature/timestamp/nonce with another body."""
    query = signed()
    first = say(url, "你好", query)
    again = say(url, "伪造的另一条消息", query)
    record(
        "plaintext-mode signature/timestamp/nonce reused with another body",
        "200 then 403",
        f"{first.status_code} then {again.status_code}",
        first.status_code == 200 and again.status_code == 403,
    )


def redis_down(env: dict[str, str], instance: Path) -> None:
    """A second copy whose REDIS_URL points at a closed port."""
    server = Server(
        {**env, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}, instance / "down.log"
    )
    try:
        callback = say(server.url, "你好")
        login = api_login(server.url, "yeji.clerk")
        console = Console(server.url).login("yeji.clerk")
        health = requests.get(server.url + "/healthz", timeout=30)
        time.sleep(0.5)
        log = server.log_text()
    finally:
        server.stop()
    record(
        "Redis down: POST /wechat", "503", str(callback.status_code), callback.status_code == 503
    )
    logged = "staff login refused: Redis unreachable" in log
    record(
        "Redis down: staff login (API, console)",
        "503, 503, log line",
        f"{login.status_code}, {console.status_code}, {'log line' if logged else 'no log line'}",
        login.status_code == 503 and console.status_code == 503 and logged,
    )
    body = (
        health.json()
        if health.headers.get("Content-Type", "").startswith("application/json")
        else {}
    )
    record(
        "Redis down: GET /healthz",
        '503 naming "redis": "down"',
        f"{health.status_code} {body}",
        health.status_code == 503 and body.get("redis") == "down",
    )
    no_trace = all("Traceback" not in r.text for r in (callback, login, console, health))
    record(
        "Redis down: any stack trace in a response", "none", "none" if no_trace else "yes", no_trace
    )


def main() -> int:
    """Run every attack and print the table."""
    with tempfile.TemporaryDirectory(prefix="attack-check-") as tmp:
        instance = Path(tmp)
        env = base_env(instance)
        migrated = cli(env, "migrate")
        if migrated.returncode != 0:
            print(migrated.stderr, file=sys.stderr)
            return 2
        accounts = [
            ("yeji.reviewer", "reviewer", "叶集区"),
            ("yeji.clerk", "clerk", "叶集区"),
            ("hongze.reviewer", "reviewer", "洪泽区"),
            ("hongze.clerk", "clerk", "洪泽区"),
            ("enum.target", "clerk", "叶集区"),
            ("admin.all", "admin", None),
        ]
        for username, role, district in accounts:
            args = ["create-staff", username, "--role", role, "--name", username]
            made = cli(env, *args, *(["--district", district] if district else []))
            if made.returncode != 0:
                print(made.stdout, made.stderr, file=sys.stderr)
                return 2
        no_district = cli(env, "create-staff", "x.clerk", "--role", "clerk", "--name", "x")
        record(
            "create-staff --role clerk without --district",
            "exit 2 naming --district",
            f"exit {no_district.returncode}"
            + (" naming --district" if "--district" in no_district.stderr else ""),
            no_district.returncode == 2 and "--district" in no_district.stderr,
        )
        server = Server(env, instance / "server.log")
        try:
            applied = chat_card_application(server.url)
            record("chat card application submitted", "已提交", str(applied), applied)
            district_crossing(server.url, env)
            copied_cookie(server.url)
            out_of_range_ids(server.url)
            enumeration(server.url)
            replay(server.url)
            time.sleep(0.5)
            plaintext_grep(instance / "bluecard.sqlite3", server.log_text())
        finally:
            server.stop()
        redis_down(env, instance)

    width = max(len(r.attack) for r in RESULTS)
    print(f"| {'attack':<{width}} | expected | observed | result |")
    print(f"|{'-' * (width + 2)}|---|---|---|")
    for r in RESULTS:
        print(
            f"| {r.attack:<{width}} | {r.expected} | {r.observed} | {'PASS' if r.ok else 'FAIL'} |"
        )
    failed = sum(not r.ok for r in RESULTS)
    print(f"\n{len(RESULTS) - failed} PASS, {failed} FAIL")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
