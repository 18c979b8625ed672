"""The RQ worker process's entry (Procfile `worker:`): the jobs it runs, with the app it builds.

`rq worker reminders-clock reminders helpdesk` runs `tick_job` (enqueued every minute by `rq
cron bot.clock`), `deliver_job(message_id)` (enqueued by bot.reminders.jobs.tick, by name) and
`deliver_reply_job(entry_id)` (a helpdesk reply, enqueued by bot.helpdesk.delivery.dispatch). The
process builds its app from the environment once, as the web process does (`worker_app`);
tests and benchmarks hand theirs to `use`. This is the top of the layers: it may import
create_app, and nothing imports it.
"""

from __future__ import annotations

from flask import Flask

from . import create_app
from .helpdesk.delivery import deliver as deliver_reply
from .helpdesk.late import tick as helpdesk_tick
from .reminders.delivery import deliver
from .reminders.jobs import reminders_of, tick

_app: Flask | None = None


def use(app: Flask | None) -> None:
    """Run this process's jobs with app (tests, benchmarks); None: build it from the environment."""
    global _app
    _app = app


def worker_app() -> Flask:
    """The app the jobs of this process run with (built from the environment once)."""
    global _app
    if _app is None:
        _app = create_app()
    return _app


def tick_job() -> dict[str, int]:
    """The RQ job `rq cron bot.clock` enqueues every minute: reminders (when configured) and
    the helpdesk's late tickets."""
    app = worker_app()
    counts = tick(app) if app.extensions.get("reminders") is not None else {}
    return counts | helpdesk_tick(app.extensions["helpdesk"])


def deliver_reply_job(entry_id: int) -> str:
    """The RQ job that sends one helpdesk reply (bot.helpdesk.delivery)."""
    return deliver_reply(worker_app().extensions["helpdesk"], entry_id)


def deliver_job(message_id: int) -> str:
    """The RQ job that sends one message."""
    return deliver(reminders_of(worker_app()), message_id)
