"""Benchmark of the official-account callback (POST /wechat) against a bare WeRoBot echo bot.

    .venv/bin/python scripts/bench_callback.py                          # 2 workers, 50 conns, 20 s
    .venv/bin/python scripts/bench_callback.py --duration 5 --connections 10   # quick check
    .venv/bin/python scripts/bench_callback.py --py-spy /tmp/worker.txt  # + profile of one worker

Needs PostgreSQL and Redis (``--database-url`` / ``--redis-url``, default the local servers
127.0.0.1:5432 as root and 127.0.0.1:6379/0). What it does:

1. creates a throw-away database ``bench_callback_<id>`` on that server and applies the
   migrations (``flask --app wsgi bluecard migrate``); the service's Redis keys all live under
   ``bench-callback-<id>:``;
2. starts the project under ``gunicorn -w N --preload wsgi:app`` (plaintext mode) and a bare
   WeRoBot 1.13.1 echo bot with the same token under the same gunicorn settings on another port
   — the same worker class for both: ``gthread`` with 8 threads by default, the project's own
   setting (``gunicorn.conf.py``), ``--worker-class sync`` for the other;
3. drives each with the same load: C concurrent clients in one asyncio loop, each a worker
   (its own FromUserName) sending signed plaintext text messages with real questions and unique
   MsgIds, one after another, for a warm-up then a fixed measured duration;
4. prints requests/s, p50 and p99 latency, errors (non-200, or no <Content> in the reply), the
   ratio project/echo, the time from starting gunicorn to the first answered request, the
   CPU the gunicorn master had used by then (with ``--preload``, the start-up's own work; it
   moves much less with the machine's other work than the time does), and the
   CPU the workers used per request sent (warm-up included; unlike the rest it hardly depends
   on what else the machine is running).

Everything it started (gunicorn process groups, the database, the Redis keys under its prefix)
is removed at the end, also on Ctrl-C or an error. Only loopback addresses are used; the load
stops by itself (bounded in time, and each request times out).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "benchtoken"
HOST = "127.0.0.1"

#: Questions a skilled worker might type; the bench cycles through them.
QUESTIONS: tuple[str, ...] = (
    "洪泽区引进的高级技师有什么补贴？",
    "我在洪泽考了技师证，能领多少钱？",
    "洪泽区技能大师工作室怎么申报，有资助吗？",
    "洪泽的企业招了高技能人才，单位有奖励吗",
    "在洪泽区买房，高级工有购房补贴吗？",
    "洪泽区首席技师评选条件是什么",
    "我是电工，洪泽区对取得高级工证书的有没有奖励",
    "洪泽区技能人才的生活补贴按月发还是一次性发？",
    "台儿庄区技能人才有哪些扶持政策？",
    "台儿庄引进技师给不给住房补贴",
    "在台儿庄区参加职业技能竞赛获奖有奖金吗？",
    "台儿庄的技能等级认定补贴标准是多少",
    "我在台儿庄干焊工，考了高级工，能申请啥补助",
    "台儿庄区新建技能大师工作室给多少钱？",
    "台儿庄区对技工院校毕业生有就业补贴吗",
    "宿迁市高技能人才培养有什么奖励政策",
    "宿迁对新取得技师证书的职工补贴多少？",
    "宿迁市的技能人才需要满足什么条件才能申请补贴？",
    "在宿迁工作的高级技师能落户吗，有安家费吗",
    "宿迁市企业开展新型学徒制培训有补贴吗？",
    "宿迁市级技能大师工作室资助标准",
    "宿迁这个政策什么时候到期？",
    "连云港市技能人才政策现在正式实施了吗？",
    "连云港对高级技师有没有一次性奖励",
    "连云港引进急需紧缺的技能人才给多少生活补贴？",
    "连云港市技能人才可以享受哪些医疗待遇",
    "我在连云港港口当起重工，考了技师证有补助吗",
    "连云港的征求意见稿里说的补贴能领吗？",
    "连云港市技工院校学生参加技能竞赛有奖吗",
    "叶集区引进技师有住房补贴吗",
    "叶集区高级工每个月能领多少生活补贴？",
    "在叶集买房子，技能人才有购房补贴吗",
    "叶集区的技能人才子女上学有照顾吗？",
    "叶集引进高技能人才的安家补贴是多少",
    "叶集区企业新招技工有社保补贴吗",
    "我是叶集的数控车工，中级工能享受什么政策",
    "技师和高级技师的补贴差多少？",
    "申请技能补贴要准备哪些材料",
    "补贴是打到个人账户还是发给单位？",
    "职业技能等级证书和职业资格证书都认吗？",
    "我明年才拿到证，还能申请今年的补贴吗",
    "外地考的技师证在洪泽能申请补贴吗？",
)


# -- the WeRoBot echo bot (gunicorn imports this module: 'bench_callback:echo_app()') -------
def echo_app() -> Any:
    """WSGI app of a bare WeRoBot echo bot with the bench token (``BENCH_TOKEN``)."""
    import werobot

    robot = werobot.WeRoBot(token=os.environ.get("BENCH_TOKEN", TOKEN), enable_session=False)

    @robot.text  # type: ignore[untyped-decorator]
    def echo(message: Any) -> str:
        return str(message.content)

    return robot.wsgi


# -- environment: database, Redis namespace, processes -----------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _psycopg_admin_url(sqlalchemy_url: str) -> tuple[str, Any]:
    from sqlalchemy.engine import make_url

    url = make_url(sqlalchemy_url.replace("postgres://", "postgresql+psycopg://", 1))
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return admin, url


@contextlib.contextmanager
def throwaway_database(base_url: str, name: str) -> Iterator[str]:
    """A new empty PostgreSQL database ``name`` on the server of ``base_url``; dropped on exit."""
    import psycopg

    admin, url = _psycopg_admin_url(base_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def count_logged(sqlalchemy_url: str) -> int:
    """Rows in the bench database's message log (every answered request should have one)."""
    import psycopg

    admin, _ = _psycopg_admin_url(sqlalchemy_url)
    with psycopg.connect(admin) as conn:
        row = conn.execute("SELECT count(*) FROM message_log").fetchone()
    return int(row[0]) if row else 0


def clean_redis(redis_url: str, prefix: str) -> int:
    """Delete every key containing this run's prefix (service keys, limiter, rq); count them."""
    import redis

    client = redis.Redis.from_url(redis_url)
    n = 0
    try:
        for pattern in (f"{prefix}:*", f"*{prefix}*"):
            for key in client.scan_iter(match=pattern, count=1000):
                deleted: Any = client.delete(key)
                n += int(deleted)
    finally:
        client.close()
    return n


@dataclass
class Server:
    """One gunicorn (own process group) on a loopback port."""

    name: str
    port: int
    proc: subprocess.Popen[bytes]
    started: float
    log_path: Path

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True
        ).stdout
        return [int(p) for p in out.split()]

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        # Workers left behind by a dead master belong to the same group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def log_tail(self, n: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""


def start_gunicorn(
    name: str,
    app_spec: str,
    env: dict[str, str],
    workers: int,
    tmp: Path,
    extra: list[str] | None = None,
) -> Server:
    port = free_port()
    log_path = tmp / f"{name}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed with the process
    cmd = [
        sys.executable, "-m", "gunicorn",
        "-w", str(workers), "--preload",
        "-b", f"{HOST}:{port}",
        "--log-level", "warning",
        *(extra or []),
        app_spec,
    ]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()
    return Server(name, port, proc, started, log_path)


# -- the load ---------------------------------------------------------------------------------
def signed_request(port: int, openid: str, msg_id: int, text: str) -> bytes:
    """A plaintext-mode WeChat text message, signed the way WeChat signs it."""
    ts, nonce = str(int(time.time())), str(random.randint(0, 10**9))
    sig = hashlib.sha1("".join(sorted([TOKEN, ts, nonce])).encode()).hexdigest()
    body = (
        f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{ts}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    ).encode()
    head = (
        f"POST /wechat?signature={sig}&timestamp={ts}&nonce={nonce}&openid={openid} HTTP/1.1\r\n"
        f"Host: {HOST}:{port}\r\nContent-Type: text/xml\r\nContent-Length: {len(body)}\r\n"
        f"Connection: close\r\n\r\n"
    ).encode()
    return head + body


async def one_request(port: int, payload: bytes, timeout: float) -> tuple[int, bytes]:
    """Send ``payload`` on a new connection; (status, body). Gunicorn's sync workers close
    the connection after each response, as WeChat's own deliveries are one per connection."""

    async def go() -> tuple[int, bytes]:
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            writer.write(payload)
            raw = await reader.read()
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
        head, _, body = raw.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
        return status, body

    return await asyncio.wait_for(go(), timeout)


#: The callback's apology when the bot raised (handlers.dispatch.ERROR_TEXT): not an answer.
APOLOGY = "抱歉，系统暂时出了点问题".encode()


def reply_text(body: bytes) -> str:
    """The <Content> of a passive text reply ("" when there is none)."""
    if b"<Content>" not in body:
        return ""
    content = body.split(b"<Content>", 1)[1].split(b"</Content>", 1)[0]
    return content.replace(b"<![CDATA[", b"").replace(b"]]>", b"").strip().decode(errors="replace")


def verdict(status: int, body: bytes) -> str | None:
    """None when answered: 200 with a passive text reply carrying content; else the error."""
    if status != 200:
        return f"http {status}"
    if APOLOGY in body:
        return "apology"
    return None if reply_text(body) else "no reply"


_msg_ids = iter(range(int(time.time() * 1000) * 1000, 1 << 63))


@dataclass
class LoadResult:
    duration: float
    latencies: list[float] = field(default_factory=list)  # seconds, answered and not
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    timeouts_after_end: int = 0
    sample: str = ""
    sent: int = 0  # every request sent, warm-up included
    cpu_seconds: float = 0.0  # CPU the server's workers used during warm-up and load
    startup_cpu: float = float("nan")  # CPU seconds of the gunicorn master at the first answer

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def cpu_ms(self) -> float:
        """Workers' CPU milliseconds per request sent (independent of what else runs)."""
        return 1000 * self.cpu_seconds / self.sent if self.sent else float("nan")

    @property
    def rps(self) -> float:
        return self.count / self.duration if self.duration else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))] * 1000


async def drive(
    port: int, run_tag: str, connections: int, warmup: float, duration: float, timeout: float
) -> LoadResult:
    """C clients for warmup + duration seconds; only requests that start after the warm-up and
    finish before the end are measured."""
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    start, end = t0 + warmup, t0 + warmup + duration
    result = LoadResult(duration)

    async def client(i: int) -> None:
        openid = f"oBench{run_tag}{i:04d}"
        k = i
        while loop.time() < end:
            text = QUESTIONS[k % len(QUESTIONS)]
            k += 7
            payload = signed_request(port, openid, next(_msg_ids), text)
            sent = loop.time()
            result.sent += 1
            try:
                status, body = await one_request(port, payload, timeout)
                kind = verdict(status, body)
                if not kind and not result.sample:
                    result.sample = f"«{text}» → {reply_text(body)}"
            except TimeoutError:
                kind = "timeout"
            except OSError as exc:
                kind = type(exc).__name__
            done = loop.time()
            if sent >= start and done <= end:
                result.latencies.append(done - sent)
                if kind:
                    result.error(kind)
            elif sent >= start and kind == "timeout":
                result.timeouts_after_end += 1

    # Bounded: every request times out, and no client starts one after `end`.
    tasks = [asyncio.create_task(client(i)) for i in range(connections)]
    try:
        done, _ = await asyncio.wait(tasks, timeout=warmup + duration + timeout + 5)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    for task in done:
        task.result()  # a bug in a client surfaces here
    return result


async def first_answer(server: Server, limit: float) -> float:
    """Seconds from starting gunicorn until a request is answered (polls every 20 ms)."""
    deadline = server.started + limit
    while time.perf_counter() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.name} exited:\n{server.log_tail()}")
        payload = signed_request(server.port, "oBenchStartup", next(_msg_ids), "你好")
        try:
            status, body = await one_request(server.port, payload, 10)
            if verdict(status, body) is None:
                return time.perf_counter() - server.started
        except (OSError, TimeoutError):
            pass
        await asyncio.sleep(0.02)
    raise RuntimeError(f"{server.name}: no answer within {limit} s:\n{server.log_tail()}")


# -- the run ----------------------------------------------------------------------------------
def fmt_row(name: str, r: LoadResult, startup: float) -> str:
    kinds = ", ".join(f"{k}: {v}" for k, v in sorted(r.error_kinds.items()))
    return (
        f"{name:<8} {r.rps:>9.1f} {r.pct(0.50):>8.1f} {r.pct(0.99):>8.1f} {r.count:>8} "
        f"{r.errors:>7} {startup:>10.2f} {r.startup_cpu:>12.2f} {r.cpu_ms:>10.2f}"
        + (f"   ({kinds})" if kinds else "")
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process ``pid`` has used (all its threads); 0 when gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(
    server: Server, args: argparse.Namespace, tag: str, spy: list[str] | None = None
) -> tuple[LoadResult, float]:
    startup = asyncio.run(first_answer(server, args.startup_limit))
    startup_cpu = cpu_seconds(server.proc.pid)  # the master: it built the app (--preload)
    profiler = None
    if spy:
        pid = server.worker_pids()[0]
        profiler = subprocess.Popen(
            [*spy, "--pid", str(pid), "--duration", str(int(args.warmup + args.duration))],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )  # fmt: skip
    workers = server.worker_pids()
    cpu_before = sum(cpu_seconds(pid) for pid in workers)
    try:
        result = asyncio.run(
            drive(server.port, tag, args.connections, args.warmup, args.duration, args.timeout)
        )
        result.cpu_seconds = sum(cpu_seconds(pid) for pid in workers) - cpu_before
        result.startup_cpu = startup_cpu
    finally:
        if profiler is not None:
            try:
                _, err = profiler.communicate(timeout=60)
                if profiler.returncode:
                    print(f"py-spy: {err.decode(errors='replace')[-500:]}", file=sys.stderr)
            except subprocess.TimeoutExpired:
                os.killpg(profiler.pid, signal.SIGKILL)
                profiler.wait()
    return result, startup


def worker_args(args: argparse.Namespace) -> list[str]:
    """gunicorn's worker class and threads, the same for the project and the echo bot."""
    extra = ["-k", args.worker_class]
    if args.worker_class == "gthread":
        extra += ["--threads", str(args.threads)]
    return extra


def run(args: argparse.Namespace) -> int:
    run_id = uuid.uuid4().hex[:8]
    prefix = f"bench-callback-{run_id}"
    db_name = f"bench_callback_{run_id}"
    tmp = Path(tempfile.mkdtemp(prefix="bench-callback-"))
    servers: list[Server] = []
    rows: dict[str, tuple[LoadResult, float]] = {}
    logged: list[int | None] = [None]
    print(
        f"bench_callback: {args.workers} gunicorn {args.worker_class} workers"
        + (f" × {args.threads} threads" if args.worker_class == "gthread" else "")
        + f", {args.connections} connections, "
        f"{args.warmup:g} s warm-up + {args.duration:g} s measured; db {db_name}, "
        f"redis prefix {prefix}:",
        flush=True,
    )
    try:
        with throwaway_database(args.database_url, db_name) as url:
            env = {
                k: v for k, v in os.environ.items()
                if k not in ("WECHAT_ENCODING_AES_KEY", "WECHAT_APP_SECRET", "POLICY_KB_DIR")
            }  # fmt: skip
            env.update(
                DATABASE_URL=url,
                REDIS_URL=args.redis_url,
                REDIS_PREFIX=prefix,
                WECHAT_TOKEN=TOKEN,
                WECHAT_APP_ID="wxbench000000001",
                SECRET_KEY="bench-callback-secret",
                WECHAT_API_BASE="http://127.0.0.1:9/cgi-bin/",  # never leaves the machine
                AUTO_MIGRATE="false",
                FLASK_DEBUG="0",
                BENCH_TOKEN=TOKEN,
                PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "scripts")]),
            )
            migrate = subprocess.run(
                [sys.executable, "-m", "flask", "--app", "wsgi", "bluecard", "migrate"],
                cwd=ROOT, env=env, capture_output=True, text=True,
            )  # fmt: skip
            if migrate.returncode:
                print(migrate.stdout[-2000:], migrate.stderr[-2000:], file=sys.stderr)
                raise RuntimeError("migration failed")
            spy = None
            if args.py_spy:
                spy = [
                    str(Path(sys.executable).parent / "py-spy"), "record",
                    "--rate", "200", "--format", args.py_spy_format,
                    "--output", args.py_spy, "--nonblocking", "--idle",
                ]  # fmt: skip
            targets = [
                ("project", "wsgi:app", spy),
                ("echo", "bench_callback:echo_app()", None),
            ]
            if args.only:
                targets = [t for t in targets if t[0] == args.only]
            try:
                for name, spec, profiler in targets:
                    server = start_gunicorn(name, spec, env, args.workers, tmp, worker_args(args))
                    servers.append(server)
                    rows[name] = measure(server, args, f"{run_id}{name[0]}", profiler)
                    server.stop()
                    if name == "project":
                        logged[0] = count_logged(url)
                    tail = server.log_tail(1500)
                    if "Traceback" in tail or "ERROR" in tail:
                        print(f"{name} log (tail):\n{tail}", file=sys.stderr)
            finally:
                _shield()
                # Before the database is dropped: the workers hold connections to it.
                for server in servers:
                    server.stop()
    finally:
        _shield()
        for server in servers:
            server.stop()
        with contextlib.suppress(Exception):
            n = clean_redis(args.redis_url, prefix)
            print(f"cleaned up: database {db_name} dropped, {n} Redis keys deleted", flush=True)
        for f in tmp.iterdir():
            f.unlink()
        tmp.rmdir()

    print()
    print(f"{'':<8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'requests':>8} {'errors':>7} "
          f"{'start-up s':>10} {'start-up cpu':>12} {'cpu ms/req':>10}")  # fmt: skip
    for name, (result, startup) in rows.items():
        print(fmt_row(name, result, startup))
    for name, (result, _) in rows.items():
        print(f"{name}: {result.sent} requests sent in all; sample {result.sample[:120]!r}")
    if logged[0] is not None:
        print(f"message_log rows after the project stopped: {logged[0]}")
    if "project" in rows and "echo" in rows and rows["echo"][0].rps:
        ratio = rows["project"][0].rps / rows["echo"][0].rps
        p99 = rows["project"][0].pct(0.99)
        print(
            f"ratio project/echo: {ratio:.3f}   (targets: ratio >= 0.4, p99 <= 100 ms, "
            f"0 errors, start-up <= 2 s; project p99 {p99:.0f} ms)"
        )
    return 0


def _shield() -> None:
    """From here on, a second Ctrl-C (or SIGTERM) must not cut the clean-up short."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)


def _interrupt(*_: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--duration", type=float, default=20.0, help="measured seconds (default 20)")
    p.add_argument("--warmup", type=float, default=3.0, help="warm-up seconds (default 3)")
    p.add_argument("--connections", type=int, default=50, help="concurrent clients (50)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers for both (2)")
    p.add_argument("--worker-class", default="gthread", choices=("sync", "gthread"),
                   help="gunicorn worker class for both (default gthread, as gunicorn.conf.py)")  # fmt: skip
    p.add_argument("--threads", type=int, default=8,
                   help="threads per gthread worker, both (default 8, as gunicorn.conf.py)")  # fmt: skip
    p.add_argument("--timeout", type=float, default=10.0, help="per-request timeout, s (10)")
    p.add_argument("--startup-limit", type=float, default=60.0,
                   help="give up if nothing is answered this long after start (60 s)")  # fmt: skip
    p.add_argument("--only", choices=("project", "echo"), help="run one target only")
    p.add_argument("--py-spy", metavar="OUT",
                   help="record one project worker with py-spy (wall clock, --idle) during "
                   "warm-up and load into OUT")  # fmt: skip
    p.add_argument("--py-spy-format", default="raw", choices=("raw", "flamegraph", "speedscope"))
    p.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL")
        or "postgresql+psycopg://root@127.0.0.1:5432/postgres",
        help="any database URL on the PostgreSQL server to use (a new database is created)",
    )
    p.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/0",
    )
    args = p.parse_args(argv)
    for url in (args.database_url, args.redis_url):
        host = url.split("@")[-1].split("//")[-1].split(":")[0].split("/")[0]
        if host not in ("127.0.0.1", "localhost", "::1"):
            p.error(f"loopback servers only: {url}")
    if args.py_spy and not (Path(sys.executable).parent / "py-spy").exists():
        p.error("--py-spy needs py-spy in this venv: .venv/bin/pip install py-spy")
    if args.duration <= 0 or args.connections <= 0 or args.workers <= 0:
        p.error("--duration, --connections and --workers must be positive")
    # Ctrl-C, SIGTERM and SIGHUP all unwind through run()'s finally blocks (SIGINT installed
    # explicitly: a shell starting the bench in the background would have it ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)  # asyncio.run cancels cleanly
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupt)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("interrupted; cleaned up", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
