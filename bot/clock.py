"""`rq cron bot.clock` (Procfile `clock:`): the clock. It enqueues bot.worker's `tick_job` on
the clock's queue every minute; `rq worker reminders-clock reminders` runs it before any message
waiting (see bot.reminders.jobs)."""

from rq import cron

from .reminders.jobs import CLOCK_QUEUE, TICK_SECONDS
from .worker import tick_job

cron.register(tick_job, queue_name=CLOCK_QUEUE, interval=TICK_SECONDS, result_ttl=0)
