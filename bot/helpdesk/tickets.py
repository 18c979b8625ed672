"""What a conversation turn reads and writes of the helpdesk (bot.dialogue.conversation).

Reads, before the turn, only for a person whose state names an open ticket (`Desk`): the ticket
(still open?), the staff replies waiting to be shown to them, and how many tickets they opened
today. Writes, in the turn's transaction: a ticket opened (with what the bot answered before, as
questions, never the person's words, and the person's question), a message added to it, replies
marked shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from ..content.snapshot import Content, pick
from ..i18n import Texts
from ..models import Ticket, TicketEntry, table

if TYPE_CHECKING:
    from ..database import Database
    from . import Helpdesk

TICKETS, ENTRIES = table(Ticket), table(TicketEntry)
# The citizen's words kept per message at most (a message is one line, masked: bot.cleaning).
TEXT_CHARS = 1000


@dataclass
class Desk:
    """What a turn knows of the person's helpdesk: their open ticket (reference, centre,
    province), the replies waiting for them ({"id", "reference", "centre", "text"}), tickets
    they opened today, the channel they write on, and the bound per day."""

    channel: str
    per_day: int
    open: dict[str, Any] | None = None
    replies: list[dict[str, Any]] = field(default_factory=list)
    opened_today: int = 0


def desk(
    database: Database,
    user_key: str,
    channel: str,
    per_day: int,
    reference: str | None,
    opening: bool,
    since: dt.datetime,
) -> Desk:
    """The person's Desk. The database is read only for what the turn can need: their tickets
    opened since `since` when they are about to open one (opening), and the ticket their state
    names (reference) with the replies waiting for them."""
    found = Desk(channel, per_day)
    if opening:
        counted = database.read_one(_OPENED_SINCE, {"key": user_key, "since": since})
        found.opened_today = int(counted[0]) if counted is not None else 0
    if reference is None:
        return found
    row = database.read_one(_OPEN, {"key": user_key, "reference": reference})
    if row is not None and row.status != "closed":
        found.open = {"reference": row.reference, "centre": row.centre, "province": row.province}
    found.replies = [
        {"id": r.id, "reference": r.reference, "centre": r.centre, "text": r.text}
        for r in database.read_all(_WAITING, {"key": user_key})
    ]
    return found


_OPEN = select(TICKETS.c.reference, TICKETS.c.centre, TICKETS.c.province, TICKETS.c.status).where(
    TICKETS.c.user_key == bindparam("key"), TICKETS.c.reference == bindparam("reference")
)
_OPENED_SINCE = select(func.count().label("count")).where(
    TICKETS.c.user_key == bindparam("key"), TICKETS.c.created_at >= bindparam("since")
)
_WAITING = (
    select(ENTRIES.c.id, ENTRIES.c.text, TICKETS.c.reference, TICKETS.c.centre)
    .join(TICKETS, TICKETS.c.id == ENTRIES.c.ticket_id)
    .where(TICKETS.c.user_key == bindparam("key"), ENTRIES.c.kind == "reply", ENTRIES.c.delivery == "waiting")
    .order_by(ENTRIES.c.id)
)


def writing(
    helpdesk: Helpdesk, user_key: str, phone: str | None, changes: list[dict[str, Any]], now: dt.datetime
) -> list[Any]:
    """The writes (functions of the turn's connection) that make the turn's helpdesk changes
    (phone: the person's E.164 number when an SMS reaches it, kept sealed with a ticket):
    {"open": {reference, centre, province, provider, lang, channel, text, context}},
    {"add": {reference, text}}, {"shown": [entry ids]}."""
    writes = []
    for change in changes:
        if "open" in change:
            opened = change["open"]
            sealed, tail = helpdesk.sealed(phone, opened["channel"])
            writes.append(_opening(user_key, opened, sealed, tail, now))
        elif "add" in change:
            writes.append(_adding(user_key, change["add"]["reference"], change["add"]["text"], now))
        elif "shown" in change:
            writes.append(_showing(user_key, change["shown"]))
    return writes


def _opening(user_key: str, opened: dict[str, Any], number: bytes | None, tail: str | None, now: dt.datetime):
    def write(connection: Connection) -> None:
        ticket = connection.scalar(
            insert(TICKETS)
            .values(
                reference=opened["reference"],
                user_key=user_key,
                centre=opened.get("centre"),
                province=opened.get("province"),
                provider=opened.get("provider"),
                channel=opened["channel"],
                lang=opened["lang"],
                number=number,
                number_tail=tail,
                status="new",
                created_at=now,
                citizen_at=now,
            )
            .returning(TICKETS.c.id)
        )
        entries = [{"kind": "context", "text": line} for line in opened.get("context", [])]
        entries.append({"kind": "citizen", "text": opened["text"][:TEXT_CHARS]})
        connection.execute(
            insert(ENTRIES), [dict(entry, ticket_id=ticket, created_at=now, attempts=0) for entry in entries]
        )

    return write


def _adding(user_key: str, reference: str, text: str, now: dt.datetime):
    def write(connection: Connection) -> None:
        ticket = connection.scalar(
            select(TICKETS.c.id).where(
                TICKETS.c.user_key == user_key, TICKETS.c.reference == reference, TICKETS.c.status != "closed"
            )
        )
        if ticket is None:  # closed meanwhile: the turn said it was added; staff see it in no ticket
            return
        connection.execute(
            insert(ENTRIES).values(ticket_id=ticket, kind="citizen", text=text[:TEXT_CHARS], created_at=now, attempts=0)
        )
        connection.execute(update(TICKETS).where(TICKETS.c.id == ticket).values(citizen_at=now))

    return write


def _showing(user_key: str, ids: list[int]):
    def write(connection: Connection) -> None:
        mine = select(TICKETS.c.id).where(TICKETS.c.user_key == user_key)
        connection.execute(
            update(ENTRIES)
            .where(ENTRIES.c.id.in_(ids), ENTRIES.c.ticket_id.in_(mine), ENTRIES.c.delivery == "waiting")
            .values(delivery="shown")
        )

    return write


def take_replies(database: Database, user_key: str) -> list[dict[str, Any]]:
    """The staff replies waiting for a web user ({"id", "reference", "centre", "lang", "text"}),
    marked shown (the widget shows them: POST /api/replies)."""
    rows = database.read_all(_WAITING_WITH_LANG, {"key": user_key})
    if rows:
        with database.begin() as connection:
            _showing(user_key, [row.id for row in rows])(connection)
    return [{"id": r.id, "reference": r.reference, "centre": r.centre, "lang": r.lang, "text": r.text} for r in rows]


_WAITING_WITH_LANG = _WAITING.add_columns(TICKETS.c.lang)


def has_open(database: Database, user_key: str) -> bool:
    """Whether the person has a ticket still open."""
    return database.read_one(_ANY_OPEN, {"key": user_key}) is not None


_ANY_OPEN = select(TICKETS.c.id).where(TICKETS.c.user_key == bindparam("key"), TICKETS.c.status != "closed").limit(1)


def from_whom(content: Content, texts: Texts, centre: str | None) -> str:
    """Who answers a ticket, in texts' language: the centre, else the province's coordinators."""
    found = content.centres.get(centre or "")
    return pick(found.name, texts.lang) if found else texts.gettext("the Thusong coordinators of your province")


def shown(content: Content, texts: Texts, reply: dict[str, Any]) -> str:
    """A staff reply as the citizen reads it in the chat, under who wrote it."""
    heading = texts.gettext("Reply from %(who)s (%(reference)s):") % {
        "who": from_whom(content, texts, reply["centre"]),
        "reference": reply["reference"],
    }
    return heading + "\n" + reply["text"]
