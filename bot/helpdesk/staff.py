"""What console users do with tickets (bot.console.helpdesk gives it pages).

Who sees what, as for the rest of the console: a centre manager the tickets of their centres, a
provincial coordinator every ticket of their province (those without a centre included), an
administrator all (`may_see`, `visible`). Every action is kept on the ticket with who and when
(a reply and a note are entries of their own; assigning, closing and reopening are events) and
logged. A reply is cleaned of control characters, kept within REPLY_SEGMENTS SMS segments,
stored, and then handed to bot.helpdesk.delivery, which sends it once on the citizen's channel:
only ever to the number stored with the ticket. Canned replies are in bot.helpdesk.canned.
"""

from __future__ import annotations

import datetime as dt
import logging
import statistics
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..cleaning import lines
from ..content.snapshot import Content
from ..database import utc
from ..models import Ticket, TicketEntry
from ..text import sms_text
from . import STATUSES

log = logging.getLogger(__name__)
REPLY_SEGMENTS = 3
NOTE_CHARS = 2000


class StaffError(ValueError):
    """An action that cannot be done as asked (the message says why)."""


def visible(query: Any, user: Any, content: Content) -> Any:
    """query (of Ticket) narrowed to the tickets user may see."""
    if user.role == "admin":
        return query
    if user.role == "coordinator":
        return query.where(Ticket.province == user.province)
    mine = [slug for slug in user.centres if slug in content.centres]
    return query.where(Ticket.centre.in_(mine))


def may_see(user: Any, ticket: Ticket, content: Content) -> bool:
    """Whether user may see and answer ticket."""
    if user.role == "admin":
        return True
    if user.role == "coordinator":
        return ticket.province == user.province
    return ticket.centre is not None and ticket.centre in user.centres


def inbox(
    session: Session, user: Any, content: Content, centre: str | None = None, closed: bool = False
) -> list[Ticket]:
    """The tickets user may see (of one centre when given): open ones, new first, the longest
    waiting first; closed ones (newest first) when closed."""
    query = visible(select(Ticket), user, content)
    if centre is not None:
        query = query.where(Ticket.centre == centre)
    if closed:
        return list(
            session.scalars(query.where(Ticket.status == "closed").order_by(Ticket.closed_at.desc()).limit(200))
        )
    rows = list(session.scalars(query.where(Ticket.status != "closed")))
    order = {status: i for i, status in enumerate(STATUSES)}
    return sorted(rows, key=lambda t: (order.get(t.status, 9), t.created_at))


def entries(session: Session, ticket: Ticket) -> list[TicketEntry]:
    return list(session.scalars(select(TicketEntry).where(TicketEntry.ticket_id == ticket.id).order_by(TicketEntry.id)))


def clean_reply(text: str, lang: str) -> str:
    """The reply as it will be sent: control characters removed, lines kept; StaffError when
    empty or over REPLY_SEGMENTS SMS segments (in the letters the SMS channel uses)."""
    cleaned = lines(text).strip()
    if not cleaned:
        raise StaffError("The reply is empty.")
    _encoding, segments = sms_text.segments(sms_text.for_sms(cleaned, lang))
    if segments > REPLY_SEGMENTS:
        raise StaffError("The reply is %d SMS segments: at most %d are allowed." % (segments, REPLY_SEGMENTS))
    return cleaned


def reply(session: Session, ticket: Ticket, user_id: int, text: str, now: dt.datetime) -> TicketEntry:
    """Store a reply to ticket (queued to be sent once committed: bot.helpdesk.delivery.dispatch)."""
    if ticket.status == "closed":
        raise StaffError("This ticket is closed: reopen it to reply.")
    entry = TicketEntry(
        ticket_id=ticket.id,
        kind="reply",
        text=clean_reply(text, ticket.lang),
        user_id=user_id,
        created_at=now,
        delivery="queued",
        attempts=0,
    )
    session.add(entry)
    ticket.status, ticket.status_by, ticket.status_at = "answered", user_id, now
    ticket.first_reply_at = ticket.first_reply_at or now
    session.flush()
    log.info("helpdesk: ticket %s answered (user %s, reply %d)", ticket.reference, user_id, entry.id)
    return entry


def assign(session: Session, ticket: Ticket, user_id: int, email: str, now: dt.datetime) -> None:
    ticket.assigned_to = user_id
    if ticket.status == "new":
        ticket.status = "assigned"
    ticket.status_by, ticket.status_at = user_id, now
    event(session, ticket, user_id, "assigned to %s" % email, now)


def close(session: Session, ticket: Ticket, user_id: int | None, now: dt.datetime) -> None:
    """Close ticket: its number is removed (nothing more can be sent to it; a reply after it is
    reopened waits in the chat). Its texts are kept LOG_RETENTION_DAYS from now."""
    if ticket.status == "closed":
        raise StaffError("This ticket is closed already.")
    ticket.status, ticket.status_by, ticket.status_at, ticket.closed_at = "closed", user_id, now, now
    ticket.number = None
    event(session, ticket, user_id, "closed", now)


def reopen(session: Session, ticket: Ticket, user_id: int, now: dt.datetime) -> None:
    if ticket.status != "closed":
        raise StaffError("This ticket is open.")
    ticket.status = "answered" if ticket.first_reply_at else ("assigned" if ticket.assigned_to else "new")
    ticket.status_by, ticket.status_at, ticket.closed_at = user_id, now, None
    event(session, ticket, user_id, "reopened", now)


def note(session: Session, ticket: Ticket, user_id: int, text: str, now: dt.datetime) -> None:
    cleaned = lines(text).strip()
    if not cleaned:
        raise StaffError("The note is empty.")
    log.info("helpdesk: ticket %s noted (user %s)", ticket.reference, user_id)
    session.add(
        TicketEntry(
            ticket_id=ticket.id, kind="note", text=cleaned[:NOTE_CHARS], user_id=user_id, created_at=now, attempts=0
        )
    )


def event(session: Session, ticket: Ticket, user_id: int | None, what: str, now: dt.datetime) -> None:
    session.add(TicketEntry(ticket_id=ticket.id, kind="event", text=what, user_id=user_id, created_at=now, attempts=0))
    log.info("helpdesk: ticket %s %s (user %s)", ticket.reference, what, user_id)


def masked_number(ticket: Ticket) -> str:
    """The citizen's number as staff see it ("*** *** 4567"), or "" for none."""
    return "*** *** " + ticket.number_tail if ticket.number_tail else ""


# The counts cover this many weeks back.
COUNTED_WEEKS = 12


def counts(
    session: Session,
    user: Any,
    content: Content,
    now: dt.datetime,
    working_day: Callable[[dt.datetime], dt.datetime],
    zone: dt.tzinfo,
    centre: str | None = None,
) -> dict[str, Any]:
    """Over the tickets user sees (of one centre when given) opened in the last COUNTED_WEEKS:
    tickets per week (ISO weeks in zone, newest first), the median hours to the first answer,
    how many were answered within one working day of those due by now (working_day(created_at)
    gives when that is), and the open tickets flagged late."""
    since = now - dt.timedelta(weeks=COUNTED_WEEKS)
    query = visible(select(Ticket), user, content).where(Ticket.created_at >= since)
    if centre is not None:
        query = query.where(Ticket.centre == centre)
    rows = list(session.scalars(query))
    weeks = Counter("%d-W%02d" % tuple(utc(t.created_at).astimezone(zone).isocalendar())[:2] for t in rows)
    answered = [t for t in rows if t.first_reply_at is not None]
    hours = [(utc(t.first_reply_at) - utc(t.created_at)).total_seconds() / 3600 for t in answered]
    due = [t for t in rows if t.first_reply_at is not None or working_day(utc(t.created_at)) <= now]
    in_time = [
        t for t in due if t.first_reply_at is not None and utc(t.first_reply_at) <= working_day(utc(t.created_at))
    ]
    return {
        "weeks": sorted(weeks.items(), reverse=True),
        "median_hours": round(statistics.median(hours), 1) if hours else None,
        "in_time": (len(in_time), len(due)),
        "late": sum(1 for t in rows if t.late_at is not None and t.status != "closed"),
    }
