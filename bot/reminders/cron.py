"""`rq cron bot.reminders.cron`: the clock. It enqueues `tick_job` on the clock's queue every
minute; `rq worker reminders-clock reminders` runs it before any message waiting (see
bot.reminders.jobs and the Procfile)."""

from rq import cron

from .jobs import CLOCK_QUEUE, TICK_SECONDS, tick_job

cron.register(tick_job, queue_name=CLOCK_QUEUE, interval=TICK_SECONDS, result_ttl=0)
