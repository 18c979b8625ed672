"""Load test: gunicorn on loopback (the Procfile's web line) driven by wrk with bench/load.lua,
at least 1,000 concurrent conversations over SMS, USSD and the API for 60 s; then checks that
the server held.

Usage: .venv/bin/python -m bench.load [--database URL] [--conversations 1000] [--seconds 60]
       [--workers 2] [--port 5090] [--redis URL | --no-redis] [--servers N]
(`make load` runs it on SQLite; pass a PostgreSQL URL such as
postgresql+psycopg://postgres@127.0.0.1:5432/thusong_load to run it there: that database is
dropped and created afresh. `--servers 2` starts two app servers on the next ports, each as the
Procfile says, behind deploy/nginx-thusong.conf under Debian's nginx on --port, and loads them
through nginx: `make scale-out` does that on PostgreSQL and Redis.)

Checks, each printed with its figure; the exit status is 1 if any fails:
- no 5xx and no apology (a turn that could not be answered), no connection errors;
- the server log holds no "database is locked" and no traceback;
- nothing half-written: every stored MessageSid has its reply;
- one stored message per unique MessageSid, none missing: each SMS conversation's stored
  message numbers are exactly 1..n, and its conversation advanced exactly n turns (the retries
  advanced nothing);
- every conversation's state reads back, in one of the 11 languages; every USSD session's
  stored screens are well-formed and within the screen size;
- with several app servers: each answered a share of the load, and the rate limit is shared
  (one person's requests, spread over the servers by nginx, are asked to wait after exactly
  RATE_LIMIT of them, which holds only if the servers count in one Redis).

The rate limit stays on, raised to 600 per minute: each load conversation sends about one
message a second, far faster than a person types.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bench.server import BIN, NGINX, ROOT, Nginx, Server, environment, have_wrk, nginx_site, procfile

SECRET = "load-test-secret"
RATE = 600  # requests per minute one person may send (RATE_LIMIT during the load)


def fresh_database(url: str | None, folder: Path) -> str:
    """The URL of an empty database: a new SQLite file, or the PostgreSQL database at url
    dropped and created again."""
    if not url:
        return "sqlite:///%s" % (folder / "load.sqlite3")
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % parsed.database))
        connection.execute(text('CREATE DATABASE "%s"' % parsed.database))
    admin.dispose()
    return url


def port_open(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=0.5).close()
        return True
    except OSError:
        return False


def run_wrk(port: int, conversations: int, seconds: int, threads: int) -> tuple[dict, str]:
    env = dict(os.environ, CONVERSATIONS=str(conversations), THREADS=str(threads))
    command = [
        "wrk",
        "-t%d" % threads,
        "-c%d" % conversations,
        "-d%ds" % seconds,
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(ROOT / "bench" / "load.lua"),
        "http://127.0.0.1:%d" % port,
    ]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    line = next(row for row in output.splitlines() if row.startswith("LOAD "))
    return json.loads(line[5:]), output


def wait_until_idle(url: str, quiet_seconds: float = 2.0, longest: float = 120.0) -> None:
    """Wait until the server has answered every request wrk sent (the stored messages stop
    changing), so that stopping it drops nothing that was delivered."""
    engine = create_engine(url)
    last, since, deadline = None, time.time(), time.time() + longest
    while time.time() < deadline:
        with engine.connect() as connection:
            now = connection.execute(text("SELECT count(*), sum(turns) FROM conversations")).one()
        if now != last:
            last, since = now, time.time()
        elif time.time() - since >= quiet_seconds:
            break
        time.sleep(0.2)
    engine.dispose()


def check_database(url: str, conversations: int, screen_chars: int) -> list[tuple[str, bool, str]]:
    """The consistency checks on what the load left in the database."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy.orm import Session

    from bot.dialogue.identity import user_key
    from bot.dialogue.state import State
    from bot.i18n import LANGUAGES
    from bot.models import ChannelSession, Conversation, InboundMessage

    engine = create_engine(url)
    results = []
    with Session(engine) as session:
        half = session.scalar(select(func.count()).select_from(InboundMessage).where(InboundMessage.reply.is_(None)))
        results.append(("nothing half-written (stored messages without their reply)", half == 0, str(half)))
        turns = dict(session.execute(select(Conversation.user_key, Conversation.turns)).all())
        numbers: dict[int, list[int]] = {}
        for (sid,) in session.execute(select(InboundMessage.message_id).where(InboundMessage.channel == "sms")):
            match = re.fullmatch(r"SMload(\d{5})n(\d{6})", sid)
            if match:
                numbers.setdefault(int(match.group(1)), []).append(int(match.group(2)))
        bad_numbers, bad_turns, checked = [], [], 0
        for c in range(0, conversations, 3):
            got = sorted(numbers.get(c, []))
            if not got:
                continue
            checked += 1
            if got != list(range(1, len(got) + 1)):
                bad_numbers.append(c)
            if turns.get(user_key(SECRET, "+2783%07d" % c)) != len(got):
                bad_turns.append(c)
        stored = sum(len(v) for v in numbers.values())
        results.append(
            (
                "one stored message per unique MessageSid, none missing (%d messages, %d conversations)"
                % (stored, checked),
                not bad_numbers and checked > 0,
                "bad: %s" % bad_numbers[:5],
            )
        )
        results.append(
            (
                "each SMS conversation advanced once per unique message (retries advanced nothing)",
                not bad_turns and checked > 0,
                "bad: %s" % bad_turns[:5],
            )
        )
        unreadable = 0
        for row in session.scalars(select(Conversation)):
            try:
                state = State.from_json(row.state, row.lang, row.lang_chosen)
                unreadable += not (state.lang in LANGUAGES and row.turns >= 1)
            except Exception:
                unreadable += 1
        results.append(
            (
                "every conversation's state reads back (%d conversations)" % len(turns),
                unreadable == 0,
                "%d unreadable" % unreadable,
            )
        )
        malformed = 0
        sessions = 0
        for row in session.scalars(select(ChannelSession).where(ChannelSession.key.like("ussd:%"))):
            sessions += 1
            data, pages = row.data or {}, (row.data or {}).get("pages") or []
            malformed += not (
                pages
                and 0 <= data.get("page", 0) < len(pages)
                and all(p[:4] in ("CON ", "END ") and len(p) <= screen_chars for p in pages)
            )
        results.append(
            (
                "every USSD session's screens well-formed (%d sessions)" % sessions,
                malformed == 0 and sessions > 0,
                "%d malformed" % malformed,
            )
        )
    engine.dispose()
    return results


def shared_rate_limit(port: int, limit: int) -> int | None:
    """How many requests one new API user got answered through nginx before being asked to wait
    (None if never within limit + 5): equal to limit only if every app server counts in one place."""
    user = "shared-limit-%d" % time.time_ns()
    for number in range(limit + 5):
        request = urllib.request.Request(
            "http://127.0.0.1:%d/api/chat" % port,
            headers={"Content-Type": "application/json"},
            data=json.dumps({"user": user, "text": "hi"}).encode(),
        )
        try:
            urllib.request.urlopen(request, timeout=30).close()
        except urllib.error.HTTPError as error:
            error.close()
            if error.code == 429:
                return number
            raise
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a PostgreSQL URL (default: a new SQLite file)")
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=5090)
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/13",
        help="REDIS_URL for the rate limit counters (used when reachable)",
    )
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument(
        "--servers", type=int, default=1, help="app servers behind nginx (more than 1: on ports port+1, port+2, ...)"
    )
    args = parser.parse_args()
    if not have_wrk():
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    if args.servers > 1 and not NGINX.exists():
        raise SystemExit("--servers needs Debian's nginx (apt-get install nginx-light)")
    folder = Path(tempfile.mkdtemp(prefix="thusong-load-"))
    url = fresh_database(args.database, folder)
    redis = "" if args.no_redis or not port_open("127.0.0.1", 6379) else args.redis
    env = environment(
        args.port,
        DATABASE_URL=url,
        SECRET_KEY=SECRET,
        WEB_CONCURRENCY=str(args.workers),
        RATE_LIMIT="%d per minute" % RATE,
        REDIS_URL=redis,
        TWILIO_AUTH_TOKEN="",
    )
    subprocess.run(["sh", "-c", procfile("release")], cwd=ROOT, env=env, check=True, capture_output=True)
    if redis:
        subprocess.run(
            [str(BIN / "python"), "-c", "import redis; redis.Redis.from_url(%r).flushdb()" % redis], check=True
        )
    ports = [args.port + n + 1 for n in range(args.servers)] if args.servers > 1 else [args.port]
    log_paths = [folder / ("server-%d.log" % port) for port in ports]
    with ExitStack() as stack:
        for port, log_path in zip(ports, log_paths, strict=True):
            settings = dict(env, PORT=str(port), TRUSTED_PROXIES="1" if args.servers > 1 else "0")
            stack.enter_context(Server(procfile("web"), settings, log_path))
        nginx = None
        if args.servers > 1:
            nginx = stack.enter_context(
                Nginx(
                    nginx_site(args.port, ports),
                    args.port,
                    folder,
                    access_log=True,
                    connections=4 * args.conversations + 64,
                )
            )
        started = time.time()
        summary, output = run_wrk(args.port, args.conversations, args.seconds, args.threads)
        elapsed = time.time() - started
        wait_until_idle(url)
        shared = shared_rate_limit(args.port, RATE) if nginx else None
        shares = nginx.upstreams() if nginx else {}
    log_text = "".join(path.read_text(errors="replace") for path in log_paths)
    checks = [
        ("no 5xx", summary["fives"] == 0, str(summary["fives"])),
        ("no apology (every turn answered)", summary["apologies"] == 0, str(summary["apologies"])),
        (
            "no connection, read or timeout errors",
            summary["errors_connect"] + summary["errors_read"] + summary["errors_timeout"] == 0,
            "%(errors_connect)d/%(errors_read)d/%(errors_timeout)d" % summary,
        ),
        (
            'no "database is locked" in the server log',
            "database is locked" not in log_text,
            str(log_text.count("database is locked")),
        ),
        ("no traceback in the server log", "Traceback" not in log_text, str(log_text.count("Traceback"))),
    ]
    if nginx:
        answered = {address: count for address, count in shares.items() if address != "-"}
        checks.append(
            (
                "every app server answered a share through nginx",
                len(answered) == args.servers and min(answered.values()) > 0,
                ", ".join("%s: %d" % item for item in sorted(answered.items())),
            )
        )
        checks.append(
            (
                "the rate limit is shared: one person is asked to wait after exactly %d requests "
                "spread over the servers" % RATE,
                shared == RATE,
                "asked to wait after %s" % shared,
            )
        )
    checks += check_database(url, args.conversations, 160)
    backend = make_url(url).get_backend_name()
    print(
        "load: %d conversations (%d SMS, %d USSD, %d API) for %d s on %s, %d app server(s)%s x %d workers, "
        "Redis %s"
        % (
            args.conversations,
            len(range(0, args.conversations, 3)),
            len(range(1, args.conversations, 3)),
            len(range(2, args.conversations, 3)),
            args.seconds,
            backend,
            args.servers,
            " behind nginx" if args.servers > 1 else "",
            args.workers,
            "on" if redis else "off",
        )
    )
    print(
        "  %d requests in %.1f s = %.0f req/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms"
        % (
            summary["requests"],
            elapsed,
            summary["requests"] / args.seconds,
            summary["p50_ms"],
            summary["p99_ms"],
            summary["max_ms"],
        )
    )
    print(
        "  sent: %(sms)d SMS, %(ussd)d USSD, %(web)d API" % summary["sent"]
        + "; %d deliberate retries; statuses %s; %d asked to wait"
        % (summary["retries"], summary["statuses"], summary["waits"])
    )
    for label, ok, figure in checks:
        print("  %s %s (%s)" % ("ok  " if ok else "FAIL", label, figure))
    if not all(ok for _, ok, _ in checks):
        print("server logs: %s" % " ".join(map(str, log_paths)))
        print(output)
        return 1
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
