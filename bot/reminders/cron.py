"""`rq cron bot.reminders.cron`: the clock. It enqueues `tick_job` on the reminders queue every
minute; an `rq worker reminders` runs it (see bot.reminders.jobs and the Procfile)."""

from rq import cron

from .jobs import QUEUE, TICK_SECONDS, tick_job

cron.register(tick_job, queue_name=QUEUE, interval=TICK_SECONDS, result_ttl=0)
