"""Benchmark of policy notifications at scale, against the local fake of WeChat.

    .venv/bin/python scripts/bench_notify.py                    # 100,000 recipients
    .venv/bin/python scripts/bench_notify.py --recipients 2000  # quick check

Needs PostgreSQL and Redis (``--database-url`` / ``--redis-url``, default the DATABASE_URL /
REDIS_URL environment or the local servers). A throw-away database ``bluecard_bench_<id>``
is created on that server and dropped at the end; Redis keys live under ``bench-<id>:``.

What it does and prints:
1. starts the fake WeChat (``python -m tests.fakes.fake_wechat``) as a subprocess;
2. creates N card holders (叶集区 技师, active cards, following) plus 1% opted out and 1%
   unfollowed (they must get nothing);
3. for 1, 2 and 4 RQ workers (``python -m bluecard.notifications.worker --burst`` subprocesses): confirms
   a notification to 叶集区 技师 card holders (time to write the N recipient rows and enqueue),
   then the send rate;
4. a crash run: one worker is SIGKILLed mid-run and restarted; prints sent, received by the
   fake, duplicates (a recipient receiving the notification twice) and lost (an eligible
   recipient with no message) — both must be 0;
5. optionally a run at a realistic rate limit (``--realistic-rate``, on a smaller audience).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

APP_ID, APP_SECRET, TEMPLATE_ID = "wxbench000000001", "benchsecret", "TPL_bench_policy"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_json(url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if body is not None else "GET")
    with urllib.request.urlopen(request, timeout=60) as response:
        return dict(json.loads(response.read()))


class Bench:
    """The environment of one benchmark: database, Redis prefix, fake, app."""

    def __init__(self, args: argparse.Namespace, database_url: str) -> None:
        self.args = args
        self.prefix = f"bench-{uuid.uuid4().hex[:8]}"
        self.port = args.port or free_port()
        self.fake_url = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ,
            DATABASE_URL=database_url,
            REDIS_URL=args.redis_url,
            REDIS_PREFIX=self.prefix,
            SECRET_KEY="bench-secret",
            WECHAT_APP_ID=APP_ID,
            WECHAT_APP_SECRET=APP_SECRET,
            WECHAT_API_BASE=f"{self.fake_url}/cgi-bin/",
            WECHAT_TEMPLATE_ID=TEMPLATE_ID,
            NOTIFY_RATE_PER_SECOND=str(args.rate),
            AUTO_MIGRATE="false",
            PYTHONPATH=str(ROOT),
        )
        self.fake: subprocess.Popen[bytes] | None = None
        self.app: Any = None

    # -- set-up ----------------------------------------------------------------------------
    def start_fake(self) -> None:
        self.fake = subprocess.Popen(
            [sys.executable, "-m", "tests.fakes.fake_wechat", "--port", str(self.port)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                http_json(f"{self.fake_url}/_stats")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the fake WeChat did not start")

    def build_app(self, rate: float) -> Any:
        from bluecard import create_app

        overrides = {
            k: self.env[k]
            for k in (
                "DATABASE_URL",
                "REDIS_URL",
                "REDIS_PREFIX",
                "SECRET_KEY",
                "WECHAT_APP_ID",
                "WECHAT_APP_SECRET",
                "WECHAT_API_BASE",
                "WECHAT_TEMPLATE_ID",
            )
        }
        overrides["NOTIFY_RATE_PER_SECOND"] = rate
        overrides["AUTO_MIGRATE"] = False
        return create_app(overrides)

    def populate(self, n: int) -> tuple[int, set[str]]:
        """N card holders of 叶集区 技师 (+1% opted out, +1% unfollowed); returns the staff id
        of a policy user and the openids that must receive."""
        from sqlalchemy import insert

        from bluecard.extensions import db, upgrade_database
        from bluecard.models import BlueCard, Follower, StaffUser, utcnow
        from bluecard.runtime import current_runtime

        upgrade_database(self.app)
        with self.app.app_context():
            cipher = current_runtime().cipher
            now = utcnow()
            sealed = {
                k: cipher.encrypt(v)
                for k, v in (
                    ("name", "工人"),
                    ("id", "341504199001010000"),
                    ("phone", "13800000000"),
                    ("ss", "SS00000000"),
                )
            }
            extra = max(n // 100, 1)
            eligible: set[str] = set()
            batch = 5000
            total = n + 2 * extra
            for start in range(0, total, batch):
                cards, followers = [], []
                for i in range(start, min(start + batch, total)):
                    openid = f"oBench{i:07d}"
                    opted_out = n <= i < n + extra
                    subscribed = not (i >= n + extra)
                    if not opted_out and subscribed:
                        eligible.add(openid)
                    followers.append(
                        {
                            "openid": openid,
                            "subscribed": subscribed,
                            "opted_out": opted_out,
                            "created_at": now,
                        }
                    )
                    cards.append(
                        {
                            "openid": openid,
                            "status": "active",
                            "card_no": f"3415042026{i:07d}",
                            "name_enc": sealed["name"],
                            "id_number_enc": sealed["id"],
                            "id_number_hash": f"bench{i:059d}",
                            "phone_enc": sealed["phone"],
                            "social_security_no_enc": sealed["ss"],
                            "skill_level": "技师",
                            "certificate_no": f"C{i}",
                            "certificate_issuer": "六安市人社局",
                            "certificate_date": date(2024, 1, 1),
                            "district": "叶集区",
                            "district_code": "341504",
                            "qr_version": 1,
                            "consented_at": now,
                            "applied_at": now,
                        }
                    )
                db.session.execute(insert(Follower), followers)
                db.session.execute(insert(BlueCard), cards)
                db.session.commit()
            staff = StaffUser(
                username="bench-policy",
                display_name="bench",
                password_hash="x",
                role="policy",
                active=True,
                created_at=now,
            )
            db.session.add(staff)
            db.session.commit()
            return staff.id, eligible

    # -- runs ---------------------------------------------------------------------------------
    def confirm(self, staff_id: int, title: str, parallel: int) -> tuple[int, float, int]:
        """Draft + confirm to 叶集区 技师 card holders; (id, seconds to write rows and
        enqueue, rows written)."""
        from bluecard.notifications import services as notif
        from bluecard.staff.audit import Actor

        actor = Actor(staff_id, "bench-policy", "policy")
        with self.app.app_context():
            draft = notif.create_draft(
                actor,
                title=title,
                body="请持蓝卡申报。",
                audience={"kind": "card_holders", "district": "叶集区", "skill_level": "技师"},
            )
            started = time.perf_counter()
            view = notif.confirm(actor, draft.id, parallel=parallel)
            elapsed = time.perf_counter() - started
            return draft.id, elapsed, view.total

    def worker(self, *extra: str, rate: float | None = None) -> subprocess.Popen[bytes]:
        env = dict(self.env)
        if rate is not None:
            env["NOTIFY_RATE_PER_SECOND"] = str(rate)
        return subprocess.Popen(
            [sys.executable, "-m", "bluecard.notifications.worker", "--burst", *extra],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def progress(self, notification_id: int) -> Any:
        from bluecard.notifications import services as notif

        with self.app.app_context():
            return notif.get_notification(notification_id)

    def fake_stats(self, notification_id: int) -> dict[str, Any]:
        stats = http_json(f"{self.fake_url}/_stats?messages=1")
        mine = [
            m
            for m in stats["messages"]
            if str(m.get("client_msg_id", "")).startswith(f"bc-{notification_id}-")
        ]
        per_user: dict[str, int] = {}
        for m in mine:
            per_user[m["touser"]] = per_user.get(m["touser"], 0) + 1
        times = [m["received_at"] for m in mine]
        return {
            "received": len(mine),
            "per_user": per_user,
            "duplicates": sum(c - 1 for c in per_user.values() if c > 1),
            "span": (max(times) - min(times)) if len(times) > 1 else 0.0,
            "dedup_hits": stats["calls"].get("dedup_hit", 0),
        }

    def stop(self) -> None:
        if self.fake:
            self.fake.terminate()
            self.fake.wait(10)


def wait_all(workers: list[subprocess.Popen[bytes]]) -> None:
    for w in workers:
        _, err = w.communicate()
        if w.returncode:
            print(err.decode()[-2000:], file=sys.stderr)
            raise RuntimeError(f"worker exited with {w.returncode}")


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import throwaway_database

    rows: list[dict[str, Any]] = []
    name = f"bluecard_bench_{uuid.uuid4().hex[:8]}"
    os.environ["DATABASE_URL"] = args.database_url
    with throwaway_database(Path("/tmp"), name) as url:
        bench = Bench(args, url)
        bench.start_fake()
        try:
            bench.app = bench.build_app(args.rate)
            t0 = time.perf_counter()
            staff_id, eligible = bench.populate(args.recipients)
            print(
                f"created {args.recipients} eligible card holders (+opted-out/unfollowed) in {time.perf_counter() - t0:.1f} s",
                flush=True,
            )
            for count in [int(c) for c in args.workers.split(",") if c.strip()]:
                nid, enqueue_s, total = bench.confirm(staff_id, f"基准 {count} 个 worker", count)
                started = time.perf_counter()
                wait_all([bench.worker() for _ in range(count)])
                wall = time.perf_counter() - started
                rows.append(
                    summarise(bench, nid, f"{count} worker(s)", enqueue_s, total, wall, eligible)
                )
                print_row(rows[-1])
            # Crash: one worker, SIGKILLed mid-run, restarted.
            if not args.no_crash:
                nid, enqueue_s, total = bench.confirm(staff_id, "基准 崩溃恢复", 1)
                started = time.perf_counter()
                victim = bench.worker("--lease", "5")
                target = int(total * args.kill_at)
                while bench.fake_stats(nid)["received"] < target:
                    if victim.poll() is not None:
                        raise RuntimeError("the worker finished before it could be killed")
                    time.sleep(0.2)
                victim.send_signal(signal.SIGKILL)
                victim.wait()
                killed_at = bench.fake_stats(nid)["received"]
                mid = bench.progress(nid)
                print(f"SIGKILL after {killed_at} received; rows then: {mid.counts}", flush=True)
                time.sleep(16)  # the dead run's "alive" mark expires (ACTIVE_TTL 15 s)
                wait_all([bench.worker("--lease", "5")])
                wall = time.perf_counter() - started
                row = summarise(
                    bench, nid, "1 worker, SIGKILL + restart", enqueue_s, total, wall, eligible
                )
                row["killed_at"] = killed_at
                rows.append(row)
                print_row(row)
            if args.realistic_rate:
                small = min(args.realistic_recipients, args.recipients)
                # The same audience, measured over its first `small` messages, then cancelled.
                bench.app = bench.build_app(args.realistic_rate)
                nid, enqueue_s, total = bench.confirm(staff_id, "基准 真实限速", 2)
                started = time.perf_counter()
                workers = [bench.worker(rate=args.realistic_rate) for _ in range(2)]
                while bench.fake_stats(nid)["received"] < small:
                    time.sleep(0.5)
                stats = bench.fake_stats(nid)
                # Enough measured: cancel the rest (the runs stop at their next batch).
                from bluecard.notifications import services as notif
                from bluecard.staff.audit import Actor

                with bench.app.app_context():
                    notif.cancel(Actor(staff_id, "bench-policy", "policy"), nid)
                for w in workers:
                    w.wait(120)
                rows.append(
                    {
                        "run": f"2 workers, limit {args.realistic_rate:g}/s (first {small})",
                        "recipients": small,
                        "enqueue_s": enqueue_s,
                        "wall_s": time.perf_counter() - started,
                        "send_rate": stats["received"] / stats["span"] if stats["span"] else 0.0,
                        "sent": stats["received"],
                        "received": stats["received"],
                        "duplicates": stats["duplicates"],
                        "lost": "-",
                        "dedup_hits": stats["dedup_hits"],
                    }
                )
                print_row(rows[-1])
        finally:
            bench.stop()
            if bench.app is not None:
                from bluecard.extensions import db

                with bench.app.app_context():
                    db.session.remove()
                    db.engine.dispose()
            import redis

            client = redis.Redis.from_url(args.redis_url)
            for key in client.scan_iter(match=f"{bench.prefix}:*", count=1000):
                client.delete(key)
            for key in client.scan_iter(match=f"rq:*{bench.prefix}*", count=1000):
                client.delete(key)
    return rows


def summarise(
    bench: Bench,
    nid: int,
    label: str,
    enqueue_s: float,
    total: int,
    wall: float,
    eligible: set[str],
) -> dict[str, Any]:
    view = bench.progress(nid)
    stats = bench.fake_stats(nid)
    lost = len(eligible - set(stats["per_user"]))
    return {
        "run": label,
        "recipients": total,
        "enqueue_s": enqueue_s,
        "wall_s": wall,
        "send_rate": stats["received"] / stats["span"] if stats["span"] else 0.0,
        "sent": view.counts["sent"],
        "received": stats["received"],
        "duplicates": stats["duplicates"],
        "lost": lost,
        "dedup_hits": stats["dedup_hits"],
        "status": view.status,
        "wrongly_sent": len(set(stats["per_user"]) - eligible),
    }


HEADER = f"{'run':<44} {'rows':>7} {'enqueue s':>9} {'wall s':>7} {'msg/s':>7} {'sent':>7} {'received':>8} {'dup':>4} {'lost':>5}"


def print_row(row: dict[str, Any]) -> None:
    print(
        f"{row['run']:<44} {row['recipients']:>7} {row['enqueue_s']:>9.2f} {row['wall_s']:>7.1f} "
        f"{row['send_rate']:>7.0f} {row['sent']:>7} {row['received']:>8} {row['duplicates']:>4} {row['lost']!s:>5}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--workers", default="1,2,4", help="worker counts to measure")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL")
        or "postgresql+psycopg://root@127.0.0.1:5432/postgres",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    )
    parser.add_argument(
        "--rate", type=float, default=1_000_000, help="NOTIFY_RATE_PER_SECOND for the scale runs"
    )
    parser.add_argument("--realistic-rate", type=float, default=50.0, help="0 to skip that run")
    parser.add_argument("--realistic-recipients", type=int, default=1000)
    parser.add_argument(
        "--kill-at", type=float, default=0.4, help="fraction sent before the SIGKILL"
    )
    parser.add_argument("--port", type=int, default=0, help="fake WeChat port (0: pick one)")
    parser.add_argument("--no-crash", action="store_true", help="skip the SIGKILL run")
    args = parser.parse_args()
    import logging

    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    print(
        f"recipients={args.recipients} rate limit={args.rate:g}/s workers={args.workers}",
        flush=True,
    )
    rows = run(args)
    print()
    print(HEADER)
    for row in rows:
        print_row(row)
    bad = [
        r for r in rows if r["duplicates"] or (r["lost"] not in (0, "-")) or r.get("wrongly_sent")
    ]
    print(
        "\nzero lost, zero duplicated, nobody opted-out reached"
        if not bad
        else f"\nPROBLEM in {[r['run'] for r in bad]}"
    )
    return 1 if bad else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
