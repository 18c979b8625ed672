"""Tickets nobody answered in time: `late(helpdesk)` flags them and tells each citizen once.

A person promises a first answer within one working day (`answer_by`): by the same time on the
next working day (Monday to Friday, not a public holiday); a ticket opened outside a working day
counts from the next working day's OPENS. A ticket past it with no reply is flagged (`late_at`,
shown on the province's inbox) and the citizen is told once, in their language, with the
department's help line; the message goes as a reply does (bot.helpdesk.delivery). `tick`, run
every minute by the same clock as reminders (bot.worker, `flask --app bot reminders run`), does
that and hands out again the replies to try again.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update

from ..calendar.public_holidays import holiday
from ..content.snapshot import pick
from ..database import utc
from ..i18n import Texts
from .delivery import dispatch, resend
from .tickets import ENTRIES, TICKETS, from_whom

if TYPE_CHECKING:
    from . import Helpdesk

OPENS = dt.time(8, 0)


def working(day: dt.date) -> bool:
    return day.weekday() < 5 and holiday(day) is None


def answer_by(created: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """When a first answer to a ticket opened at created is due (see the module docstring)."""
    local = utc(created).astimezone(zone)
    start = local
    if not working(local.date()):
        day = local.date() + dt.timedelta(days=1)
        while not working(day):
            day += dt.timedelta(days=1)
        start = dt.datetime.combine(day, OPENS, tzinfo=zone)
    day = start.date() + dt.timedelta(days=1)
    while not working(day):
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, start.timetz()).astimezone(dt.UTC)


def late(helpdesk: Helpdesk) -> dict[str, int]:
    """Flag open tickets with no reply past answer_by and tell their citizens (once)."""
    now = helpdesk.now()
    content = helpdesk.snapshots.get()
    told = 0
    with helpdesk.database.begin() as connection:
        waiting = connection.execute(
            select(TICKETS).where(
                TICKETS.c.status != "closed", TICKETS.c.first_reply_at.is_(None), TICKETS.c.late_at.is_(None)
            )
        ).all()
    for ticket in waiting:
        if answer_by(ticket.created_at, helpdesk.zone) > now:
            continue
        texts = Texts(ticket.lang, helpdesk.locales_dir)
        where = from_whom(content, texts, ticket.centre)
        provider = content.providers.get(ticket.provider or "")
        every = [p for p in content.providers.values() if p.help_line]
        lines = [provider] if provider and provider.help_line else every
        text = texts.gettext(
            "Sorry: nobody at %(where)s has answered your question %(reference)s yet. It stays open and a person "
            "will answer. If it is urgent, call: %(lines)s."
        ) % {
            "where": where,
            "reference": ticket.reference,
            "lines": ", ".join("%s %s" % (pick(p.name, ticket.lang), p.help_line) for p in lines),
        }
        with helpdesk.database.begin() as connection:
            flagged = connection.execute(
                update(TICKETS).where(TICKETS.c.id == ticket.id, TICKETS.c.late_at.is_(None)).values(late_at=now)
            ).rowcount
            if not flagged:  # another clock flagged it
                continue
            connection.execute(
                insert(ENTRIES).values(
                    ticket_id=ticket.id,
                    kind="event",
                    text="late: no answer within one working day",
                    created_at=now,
                    attempts=0,
                )
            )
            entry = connection.scalar(
                insert(ENTRIES)
                .values(ticket_id=ticket.id, kind="late", text=text, created_at=now, delivery="queued", attempts=0)
                .returning(ENTRIES.c.id)
            )
        dispatch(helpdesk, int(entry))
        told += 1
    return {"late tickets told": told}


def tick(helpdesk: Helpdesk) -> dict[str, int]:
    """The helpdesk's minute: late tickets, and replies to try again (bot.helpdesk.delivery)."""
    return late(helpdesk) | resend(helpdesk)
