"""`flask --app bot reminders run|tick|status`: the scheduler without Redis, one tick by hand,
and what is planned and sent (counts only)."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from . import jobs
from .subscriptions import MESSAGES, SUBSCRIPTIONS

reminders_cli = AppGroup("reminders", help="Reminders by SMS: the scheduler and its counts.")


def _mode() -> str:
    """Which machinery sends reminders with these settings, in words."""
    if current_app.extensions.get("reminders") is None:
        return "off: set REMINDER_KEY, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_SMS_FROM to send them"
    if current_app.config["REDIS_URL"]:
        return "on: RQ workers on REDIS_URL send them (Procfile worker: and clock:)"
    return "on: sent from this process every minute (no REDIS_URL: no queue)"


@reminders_cli.command("mode")
def mode_command():
    """Say whether reminders are sent, and by what."""
    click.echo("reminders " + _mode())


@reminders_cli.command("run")
def run_command():
    """Without Redis: plan and send due reminders every minute, in this process, until stopped.
    With REDIS_URL set, run `rq worker reminders` and `rq cron bot.clock` instead."""
    click.echo("reminders " + _mode())
    if current_app.extensions.get("reminders") is None:
        return
    if current_app.config["REDIS_URL"]:
        click.echo("REDIS_URL is set: run the Procfile's worker: and clock: processes instead.", err=True)
        sys.exit(2)
    jobs.run(current_app._get_current_object())  # type: ignore[attr-defined]


@reminders_cli.command("tick")
def tick_command():
    """Plan, settle and hand out (or, without Redis, send) what is due now, once."""
    if current_app.extensions.get("reminders") is None:
        click.echo("reminders " + _mode(), err=True)
        sys.exit(1)
    counts = jobs.tick(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo(", ".join("%s: %d" % pair for pair in counts.items()))


@reminders_cli.command("status")
def status_command():
    """People with reminders per centre and provider, and messages per status (no one named)."""
    database = current_app.extensions["database"]
    people = database.read_all(
        select(SUBSCRIPTIONS.c.centre, SUBSCRIPTIONS.c.provider, func.count())
        .where(SUBSCRIPTIONS.c.ended_at.is_(None))
        .group_by(SUBSCRIPTIONS.c.centre, SUBSCRIPTIONS.c.provider)
        .order_by(SUBSCRIPTIONS.c.centre, SUBSCRIPTIONS.c.provider)
    )
    click.echo("reminders " + _mode())
    for centre, provider, count in people:
        click.echo("%s %s: %d" % (centre, provider, count))
    statuses = database.read_all(select(MESSAGES.c.status, func.count()).group_by(MESSAGES.c.status))
    click.echo("messages: " + (", ".join("%s %d" % (s, n) for s, n in statuses) or "none"))
