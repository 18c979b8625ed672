"""The Procfile's worker: and clock: lines, run as an operator runs them: the worker takes the
clock's tick from Redis and runs it against the database of its environment; the clock's module
registers that tick every minute on the clock's queue."""

from __future__ import annotations

import os
import shlex
import subprocess

import pytest
from reminders_support import KEY, REDIS, SENDER, redis_up

from bench.server import BIN, ROOT, procfile

pytestmark = pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1")


def test_the_worker_line_runs_the_clocks_tick_against_its_database(new_app):
    from redis import Redis
    from rq import Queue

    from bot import worker
    from bot.reminders import jobs

    app = new_app()
    redis = Redis.from_url(REDIS)
    redis.flushdb()
    job = Queue(jobs.CLOCK_QUEUE, connection=redis).enqueue(worker.tick_job)
    env = dict(
        os.environ,
        PATH="%s:%s" % (BIN, os.environ.get("PATH", "")),
        REDIS_URL=REDIS,
        DATABASE_URL=app.config["DATABASE_URL"],
        SECRET_KEY="test-secret",
        REMINDER_KEY=KEY,
        TWILIO_ACCOUNT_SID="AC" + "0" * 32,
        TWILIO_AUTH_TOKEN="test",
        TWILIO_SMS_FROM=SENDER,
        USSD_TOKEN="procfile-test",
    )
    command = procfile("worker").replace('"$REDIS_URL"', shlex.quote(REDIS)) + " --burst"
    done = subprocess.run(command, shell=True, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    job.refresh()
    assert job.is_finished, done.stderr[-2000:]
    assert job.return_value() == {
        "planned": 0,
        "queued again": 0,
        "sent (said by Twilio)": 0,
        "handed out": 0,
        # the helpdesk's minute, on the same clock (bot.helpdesk.late.tick)
        "late tickets told": 0,
        "replies settled": 0,
        "replies handed out again": 0,
    }


def test_the_clock_line_registers_the_tick_every_minute_on_the_clocks_queue(monkeypatch):
    import importlib

    from rq import cron

    from bot import worker
    from bot.reminders import jobs

    assert procfile("clock").endswith("bot.clock")
    module = importlib.import_module("bot.clock")
    registered = []
    monkeypatch.setattr(cron, "register", lambda func, **how: registered.append((func, how)))
    importlib.reload(module)  # as `rq cron` loads it
    [(func, how)] = registered
    assert func is worker.tick_job and how["queue_name"] == jobs.CLOCK_QUEUE and how["interval"] == jobs.TICK_SECONDS
