"""The queue: `tick(app)` does a minute's work; RQ workers (Redis) or this process send.

`tick` plans what is due (planner), settles messages whose worker died (delivery.recover) and
hands every due message to the queue: with REDIS_URL, one RQ job per message on the
"reminders" queue (`rq worker reminders` runs them, any number of workers); without, it sends
them itself, one after another. A message handed out and not sent within REQUEUE_AFTER (its job
was lost with Redis) is handed out again; the claim in `deliver` makes a second job harmless.

In production `rq cron bot.clock` enqueues the tick (bot.worker.tick_job) every minute on
CLOCK_QUEUE and `rq worker` runs the jobs of both queues (Procfile `clock:` and `worker:`); with
no Redis, `flask --app bot reminders run` ticks every minute in one process. The jobs RQ runs
are in bot.worker, the worker process's entry, which builds the app: nothing here imports it.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select, update

from ..database import utc
from ..models import Heartbeat, table
from .delivery import deliver, recover
from .planner import plan
from .subscriptions import MESSAGES

if TYPE_CHECKING:
    from flask import Flask

    from . import Reminders

log = logging.getLogger(__name__)
QUEUE = "reminders"
# The ticks go on a queue of their own that workers take first (`rq worker reminders-clock
# reminders`): a backlog of messages never holds back the next plan (a cancellation goes at once).
CLOCK_QUEUE = "reminders-clock"
REQUEUE_AFTER = dt.timedelta(minutes=10)
# Messages handed out per tick at most (the rest go at the next tick).
HAND_OUT = 50_000
TICK_SECONDS = 60
# A heartbeat older than this says the sender (the tick, every minute) has stopped.
SENDER_LATE_SECONDS = 5 * 60
# The RQ job that sends one message (by name: bot.worker builds the app the job runs with).
DELIVER_JOB = "bot.worker.deliver_job"


def reminders_of(app: Flask) -> Reminders:
    """The app's reminders; RuntimeError when they are not configured."""
    reminders = app.extensions.get("reminders")
    if reminders is None:
        raise RuntimeError("reminders are not configured: set REMINDER_KEY and Twilio's settings (README)")
    return reminders


def queue(reminders: Reminders) -> Any:
    """The RQ queue on REDIS_URL."""
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE, connection=Redis.from_url(reminders.redis_url))


def tick(app: Flask, now: dt.datetime | None = None) -> dict[str, int]:
    """Plan, settle and hand out what is due at now (default: the reminders' clock); counts."""
    reminders = reminders_of(app)
    now = now or reminders.now()
    content = app.extensions["snapshots"].get()
    with reminders.database.begin() as connection:
        counts = {"planned": plan(connection, content, now, reminders.zone, reminders.per_month)}
    counts.update(recover(reminders, now))
    ids = _hand_out(reminders, now, queued=bool(reminders.redis_url))
    counts["handed out"] = len(ids)
    if ids and reminders.redis_url:
        from rq import Queue

        jobs = [Queue.prepare_data(DELIVER_JOB, (mid,), result_ttl=0, failure_ttl=7 * 24 * 3600) for mid in ids]
        target = queue(reminders)
        for start in range(0, len(jobs), 1000):
            target.enqueue_many(jobs[start : start + 1000])
    else:
        for mid in ids:
            outcome = deliver(reminders, mid)
            counts[outcome] = counts.get(outcome, 0) + 1
    beat(reminders.database, now)
    if any(counts.values()):
        log.info("reminders: %s", ", ".join("%s %d" % pair for pair in counts.items() if pair[1]))
    return counts


HEARTBEATS = table(Heartbeat)


def beat(database: Any, now: dt.datetime) -> None:
    """Keep that the tick ran at now (the sender's heartbeat: last_beat)."""
    from .subscriptions import insert_new  # (the dialect's INSERT that leaves a row there alone)

    with database.begin() as connection:
        if connection.execute(update(HEARTBEATS).where(HEARTBEATS.c.name == "tick").values(at=now)).rowcount == 0:
            connection.execute(insert_new(connection, HEARTBEATS), [{"name": "tick", "at": now}])


def last_beat(database: Any) -> dt.datetime | None:
    """When the tick last ran (UTC), or None when it never has."""
    row = database.read_one(select(HEARTBEATS.c.at).where(HEARTBEATS.c.name == "tick"), {})
    return utc(row.at) if row is not None else None


def _hand_out(reminders: Reminders, now: dt.datetime, queued: bool) -> list[int]:
    """The ids of due messages, now marked handed out; for a queue, those not handed out lately
    (sent inline, any still queued is due: the tick that handed it out died)."""
    due = [MESSAGES.c.status == "queued", MESSAGES.c.due_at <= now]
    if queued:
        due.append(or_(MESSAGES.c.enqueued_at.is_(None), MESSAGES.c.enqueued_at < now - REQUEUE_AFTER))
    with reminders.database.begin() as connection:
        ids = list(connection.scalars(select(MESSAGES.c.id).where(*due).order_by(MESSAGES.c.id).limit(HAND_OUT)))
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            connection.execute(update(MESSAGES).where(MESSAGES.c.id.in_(chunk)).values(enqueued_at=now))
    return ids


def run(app: Flask, every: int = TICK_SECONDS) -> None:
    """Tick every `every` seconds, on the minute, until interrupted (the embedded default)."""
    from ..helpdesk.late import tick as helpdesk_tick  # (the helpdesk shares this clock)

    while True:
        try:
            tick(app)
            helpdesk_tick(app.extensions["helpdesk"])
        except Exception:  # a database outage: log it and try again at the next tick
            log.exception("reminders: the tick failed")
        time.sleep(every - time.time() % every)
