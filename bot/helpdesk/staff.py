"""What console users do with tickets (bot.console.helpdesk gives it pages).

Who sees what, as for the rest of the console: a centre manager the tickets of their centres, a
provincial coordinator every ticket of their province (those without a centre included), an
administrator all (`may_see`, `visible`). Every action is kept on the ticket with who and when
(a reply and a note are entries of their own; assigning, closing and reopening are events) and
logged. A reply is cleaned of control characters, kept within
REPLY_SEGMENTS SMS segments, stored, and then handed to bot.helpdesk.delivery, which sends it
once on the citizen's channel: only ever to the number stored with the ticket.

Canned replies (bot.models.CannedReply) are texts kept to answer common questions with, one
language each: a centre's, or a whole province's (no centre). Who keeps them (`may_keep`): a
centre manager those of the centres they manage (never province-wide ones), a provincial
coordinator those of their province (its centres' and the province-wide ones), an administrator
all. Anyone who may see a ticket may use those offered on it (`canned_for`). A canned reply is
cleaned and measured as a reply is (`clean_reply`), in its language.
"""

from __future__ import annotations

import datetime as dt
import logging
import statistics
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ..cleaning import lines, one_line
from ..content.snapshot import CentreInfo, Content
from ..i18n import LANGUAGES
from ..models import CannedReply, Ticket, TicketEntry
from ..text import sms_text
from . import STATUSES

log = logging.getLogger(__name__)
REPLY_SEGMENTS = 3
NOTE_CHARS = 2000
# A canned reply's title: at most this many characters (bot.models.CannedReply.title).
CANNED_TITLE_CHARS = 80


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


def may_keep(user: Any, centre: str | None, province: str | None) -> bool:
    """Whether user may add, change and delete the canned replies of centre (a slug, in
    province), or, when centre is None, the province-wide ones of province (see the module
    docstring). For a kept reply: may_keep(user, reply.centre, reply.province)."""
    if user.role == "admin":
        return True
    if user.role == "coordinator":
        return province is not None and province == user.province
    return centre is not None and centre in user.centres


def canned_for(session: Session, user: Any, content: Content, ticket: Ticket) -> list[CannedReply]:
    """The canned replies user may use on ticket: none unless they may see it (`may_see`); else
    those in the ticket's language of its centre (if it has one) and the province-wide ones of
    its province; the centre's first, then by title."""
    if not may_see(user, ticket, content):
        return []
    scopes = []
    if ticket.centre is not None:
        scopes.append(CannedReply.centre == ticket.centre)
    if ticket.province is not None:
        scopes.append(and_(CannedReply.centre.is_(None), CannedReply.province == ticket.province))
    if not scopes:
        return []
    rows = session.scalars(select(CannedReply).where(CannedReply.lang == ticket.lang, or_(*scopes)))
    return sorted(rows, key=lambda c: (c.centre is None, c.title.lower(), c.id))


def canned_list(session: Session, user: Any, content: Content, centre_slug: str) -> list[CannedReply]:
    """The canned replies of a centre, in every language, and the province-wide ones of its
    province: by language (in bot.i18n.LANGUAGES' order), the centre's first, then by title.
    StaffError when there is no such centre or user does not look after it (a manager of it, a
    coordinator of its province, an administrator)."""
    centre = _centre_looked_after(user, content, centre_slug)
    query = select(CannedReply).where(
        or_(
            CannedReply.centre == centre_slug,
            and_(CannedReply.centre.is_(None), CannedReply.province == centre.province),
        )
    )
    order = {code: i for i, code in enumerate(LANGUAGES)}
    return sorted(
        session.scalars(query), key=lambda c: (order.get(c.lang, len(order)), c.centre is None, c.title.lower(), c.id)
    )


def canned_on(session: Session, user: Any, content: Content, centre_slug: str, canned_id: int) -> CannedReply:
    """Canned reply canned_id as one of canned_list(centre_slug): StaffError when it is not
    (no such reply, another centre's or province's, a centre user does not look after)."""
    centre = _centre_looked_after(user, content, centre_slug)
    found = session.get(CannedReply, canned_id)
    if found is None or not (
        found.centre == centre_slug or (found.centre is None and found.province == centre.province)
    ):
        raise StaffError("There is no such canned reply for this centre.")
    return found


def save_canned(
    session: Session,
    user: Any,
    content: Content,
    centre: str | None,
    province: str | None,
    lang: str,
    title: str,
    text: str,
    now: dt.datetime,
    canned_id: int | None = None,
) -> CannedReply:
    """Add a canned reply (canned_id None) or change canned_id, and flush it; who may is
    `may_keep` (of the reply as it was and as it becomes). It is centre's (a slug of content:
    its province is the centre's; a province given must be the same), or, centre None,
    province-wide for province (a province of content). lang is one of bot.i18n.LANGUAGES;
    title one line (bot.cleaning.one_line) of 1 to CANNED_TITLE_CHARS characters; text cleaned
    as a reply is, within REPLY_SEGMENTS SMS segments in lang (`clean_reply`). StaffError,
    saying why, when any of this does not hold: nothing is changed then."""
    if centre is not None:
        info = content.centres.get(centre)
        if info is None:
            raise StaffError("There is no such centre.")
        if province is not None and province != info.province:
            raise StaffError("This centre is not in that province.")
        province = info.province
    elif province is None or province not in content.provinces:
        raise StaffError("A canned reply for a whole province needs the province.")
    if not may_keep(user, centre, province):
        raise StaffError(_refusal(user, centre))
    found: CannedReply | None = None
    if canned_id is not None:
        found = session.get(CannedReply, canned_id)
        if found is None:
            raise StaffError("There is no such canned reply.")
        if not may_keep(user, found.centre, found.province):
            raise StaffError(_refusal(user, found.centre))
    if lang not in LANGUAGES:
        raise StaffError("The language must be one of: %s." % ", ".join(LANGUAGES.values()))
    title = one_line(title)
    if not title:
        raise StaffError("The title is empty.")
    if len(title) > CANNED_TITLE_CHARS:
        raise StaffError("The title is %d characters: at most %d are allowed." % (len(title), CANNED_TITLE_CHARS))
    if not lines(text).strip():
        raise StaffError("The text is empty.")
    cleaned = clean_reply(text, lang)
    if found is None:
        found = CannedReply(created_by=user.id, created_at=now)
        session.add(found)
    found.centre, found.province, found.lang, found.title, found.text = centre, province, lang, title, cleaned
    found.updated_at = now
    session.flush()
    log.info(
        "helpdesk: canned reply %d %s (user %s, %s)",
        found.id,
        "added" if canned_id is None else "changed",
        user.id,
        centre or "province %s" % province,
    )
    return found


def delete_canned(session: Session, user: Any, content: Content, centre_slug: str, canned_id: int) -> None:
    """Delete canned reply canned_id, one of canned_list(centre_slug) that user may keep
    (`may_keep`); StaffError otherwise (nothing deleted)."""
    found = canned_on(session, user, content, centre_slug, canned_id)
    if not may_keep(user, found.centre, found.province):
        raise StaffError(_refusal(user, found.centre))
    session.delete(found)
    session.flush()
    log.info("helpdesk: canned reply %d deleted (user %s, %s)", canned_id, user.id, centre_slug)


def _centre_looked_after(user: Any, content: Content, centre_slug: str) -> CentreInfo:
    centre = content.centres.get(centre_slug)
    if centre is None:
        raise StaffError("There is no such centre.")
    if user.role == "admin" or (user.role == "coordinator" and centre.province == user.province):
        return centre
    if user.role == "manager" and centre_slug in user.centres:
        return centre
    raise StaffError("You do not look after this centre.")


def _refusal(user: Any, centre: str | None) -> str:
    if user.role == "manager" and centre is None:
        return "Canned replies for a whole province are kept by the province's coordinators."
    return "You do not keep the canned replies of this centre or province."


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
    weeks = Counter("%d-W%02d" % tuple(_utc(t.created_at).astimezone(zone).isocalendar())[:2] for t in rows)
    answered = [t for t in rows if t.first_reply_at is not None]
    hours = [(_utc(t.first_reply_at) - _utc(t.created_at)).total_seconds() / 3600 for t in answered]
    due = [t for t in rows if t.first_reply_at is not None or working_day(_utc(t.created_at)) <= now]
    in_time = [
        t for t in due if t.first_reply_at is not None and _utc(t.first_reply_at) <= working_day(_utc(t.created_at))
    ]
    return {
        "weeks": sorted(weeks.items(), reverse=True),
        "median_hours": round(statistics.median(hours), 1) if hours else None,
        "in_time": (len(in_time), len(due)),
        "late": sum(1 for t in rows if t.late_at is not None and t.status != "closed"),
    }


def _utc(moment: dt.datetime) -> dt.datetime:
    from ..database import utc

    return utc(moment)
