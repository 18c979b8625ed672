"""`make bench-reminders`: 10,000 people with a reminder for one service day, planned, queued on
Redis and sent by RQ workers through a fake Twilio client at REMINDER_SEND_RATE.

A copy of the shipped SQLite database (or --database, e.g. a PostgreSQL URL, emptied first)
gets 10,000 subscribers to Home Affairs at Jozini (numbers encrypted as in production) and a
confirmed weekly schedule; with the clock at 17:00 the day before, one tick plans and enqueues,
then --workers worker processes (rq's SimpleWorker, as the Procfile's worker: line) send. Each
worker's fake client writes every message it is given, with the time, to a file. Checked: every
person got exactly one message (no duplicate, no loss), every row is `sent`, and no one-second
window of the run (moving, not calendar seconds) saw more sends than the rate allows (give or
take one per worker: a worker writes the time a moment after the limiter let it send). Needs
Redis (REDIS_URL, default db 12 of the local one, emptied first).

Usage: .venv/bin/python -m bench.reminders [--people 10000] [--rate "30 per second"] [--workers 2]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.server import ROOT

KEY = "Zm9yIHRlc3RzIG9ubHk6IHRoaXJ0eS10d28gYnl0ZXM="
DAY_BEFORE = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)  # Monday 17:00 in South Africa


def settings(url: str, redis: str, rate: str) -> dict:
    return {
        "DATABASE_URL": url,
        "REDIS_URL": redis,
        "REMINDER_KEY": KEY,
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_AUTH_TOKEN": "bench",
        "TWILIO_SMS_FROM": "+27600000000",
        "USSD_TOKEN": "bench",
        "REMINDER_SEND_RATE": rate,
        "RATE_LIMIT": "off",
    }


def app_for(env: dict):
    """The app on env's settings with the bench's clock (the reminders read NOW)."""
    os.environ.update(env)
    from bot import create_app

    return create_app({"NOW": lambda: DAY_BEFORE, "TESTING": True})


def worker(out: str) -> None:
    """A worker process: send every queued job through a fake client that records to out."""
    from redis import Redis
    from rq import SimpleWorker

    from bot import worker
    from bot.reminders import jobs

    app = app_for({})
    sink = open(out, "a", buffering=1)  # noqa: SIM115 - kept open for the worker's life

    class Recorder:
        messages = None

        def create(self, **message):
            sink.write(json.dumps({"to": message["to"], "at": time.time()}) + "\n")
            return type("Sent", (), {"sid": "SM" + "0" * 32})()

    recorder = Recorder()
    recorder.messages = recorder
    app.extensions["reminders"].client = recorder
    worker.use(app)
    queue = jobs.queue(app.extensions["reminders"])
    SimpleWorker([queue], connection=Redis.from_url(app.config["REDIS_URL"])).work(burst=True, logging_level="WARNING")


def prepare(app, people: int) -> list[str]:
    """people subscribers to Home Affairs at Jozini and a confirmed schedule; their numbers."""
    from bot.dialogue.reminding import Change
    from bot.models import ConsoleUser, PublishedChange
    from bot.reminders import subscriptions

    reminders = app.extensions["reminders"]
    numbers = ["+2782%07d" % n for n in range(people)]
    change = Change("subscribe", "jozini", "home-affairs", consent="bench")
    earlier = DAY_BEFORE - dt.timedelta(days=3)
    with app.extensions["database"].begin() as connection:
        for number in numbers:
            subscriptions.apply(connection, reminders.numbers, "key-" + number, number, "en", [change], earlier)
    with app.extensions["database"].session() as session, session.begin():
        user = ConsoleUser(email="bench@example.org", role="admin", password_hash="-")
        session.add(user)
        session.flush()
        value = {"provider": "home-affairs", "repeat": {"every": "week", "weekday": "tuesday"}, "time": "08:00-14:00"}
        session.add(
            PublishedChange(
                kind="service_day",
                centre="jozini",
                target="home-affairs",
                value=value,
                user_id=user.id,
                at=earlier,
            )
        )
    return numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rate", default="30 per second")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default="")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/12")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    from redis import Redis

    Redis.from_url(args.redis).flushdb()
    folder = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    if args.database:
        url = args.database
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "bot", "content", "load"],
            env=dict(os.environ, DATABASE_URL=url),
            check=True,
            capture_output=True,
        )
    else:
        shutil.copy(ROOT / "instance" / "thusong.sqlite3", folder / "db.sqlite3")
        url = "sqlite:///%s" % (folder / "db.sqlite3")
    env = settings(url, args.redis, args.rate)
    app = app_for(env)
    started = time.perf_counter()
    numbers = prepare(app, args.people)
    subscribed = time.perf_counter() - started

    from bot.reminders import jobs

    started = time.perf_counter()
    counts = jobs.tick(app)
    ticked = time.perf_counter() - started
    outs = [folder / ("sent-%d.jsonl" % i) for i in range(args.workers)]
    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.reminders", "--worker", str(out)], env=dict(os.environ, **env), cwd=ROOT
        )
        for out in outs
    ]
    for process in workers:
        process.wait()
    sending = time.perf_counter() - started
    sent = [json.loads(line) for out in outs if out.exists() for line in out.read_text().splitlines()]
    per_person = collections.Counter(m["to"] for m in sent)
    times = sorted(m["at"] for m in sent)
    busiest, start = 0, 0
    for end, moment in enumerate(times):  # the most sends in any one second (a moving window)
        while moment - times[start] >= 1.0:
            start += 1
        busiest = max(busiest, end - start + 1)
    from sqlalchemy import func, select

    from bot.reminders.subscriptions import MESSAGES

    statuses = dict(
        app.extensions["database"].read_all(select(MESSAGES.c.status, func.count()).group_by(MESSAGES.c.status))
    )
    from limits import parse

    allowed = parse(args.rate).amount / parse(args.rate).get_expiry()
    report = {
        "people": args.people,
        "database": url.split(":")[0],
        "subscribing (s)": round(subscribed, 2),
        "tick: plan + enqueue (s)": round(ticked, 2),
        "planned": counts.get("planned"),
        "enqueued": counts.get("handed out"),
        "workers": args.workers,
        "sending (s)": round(sending, 1),
        "sent": len(sent),
        "people reached once": sum(1 for n in numbers if per_person[n] == 1),
        "duplicates": sum(c - 1 for c in per_person.values() if c > 1),
        "lost": sum(1 for n in numbers if per_person[n] == 0),
        "statuses": statuses,
        "rate allowed (/s)": allowed,
        "rate achieved (/s)": round(len(sent) / sending, 1) if sending else 0,
        "most in any 1 s": busiest,
    }
    for key, value in report.items():
        print("%-28s %s" % (key, value))
    ok = (
        report["duplicates"] == 0
        and report["lost"] == 0
        and busiest <= allowed + args.workers
        and statuses == {"sent": args.people}
    )
    print("OK" if ok else "FAILED")
    shutil.rmtree(folder, ignore_errors=True)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
