"""Conversations kept in the database, so any worker can take a person's next message.

`Conversations.respond(inbound)` reads the person's state (by keyed hash), runs one turn of
the engine on the current content snapshot, and writes the new state, any feedback and any
change to the person's reminders (bot.reminders, when configured) and helpdesk tickets
(bot.helpdesk) in one short transaction
that succeeds only if no other turn of this person was written meanwhile (else the turn is
computed again): one read and one write per turn, no lock held while the
engine works, and concurrent messages of one person each advance the conversation once.

A channel adapter adds its own data to that one write with `writes(reply)`: a pure function
of the reply that returns writes (functions of the transaction's connection, such as
bot.channels.store's `storing` and `saving`). It may be called more than once, when the turn is
computed again; only the writes of the committed turn are kept, and nothing else happens in it:
whatever must happen once (sending an SMS) happens after `respond` returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from ..cleaning import one_line
from ..helpdesk import PHONE_CHANNELS, tickets
from ..messages import Inbound, Reply
from ..models import Conversation, Feedback, Unanswered, table
from . import engine, identity
from .identity import user_key
from .state import State

if TYPE_CHECKING:
    from ..content.snapshot import Content
    from ..content.store import SnapshotCache
    from ..database import AnyRow, Database
    from ..helpdesk import Helpdesk
    from .reminding import Reminders

# Tries of an optimistic turn before the last one, which locks the person's row.
ATTEMPTS = 4
Write = Callable[[Connection], None]
Writes = Callable[[Reply], Sequence[Write]]


def _nothing(reply: Reply) -> Sequence[Write]:
    return ()


class Conversations:
    """The conversation core bound to a database, a content snapshot cache and settings."""

    def __init__(
        self, database: Database, snapshots: SnapshotCache, secret: str, locales_dir: str, today: Callable[[], dt.date]
    ) -> None:
        self.database = database
        self.snapshots = snapshots
        self.secret = secret
        self.locales_dir = locales_dir
        self.today = today
        # Reminders when configured (bot.reminders.Reminders; create_app sets it), else None.
        self.reminders: Reminders | None = None
        # The helpdesk (bot.helpdesk.Helpdesk; create_app sets it), else None (help lines only).
        self.helpdesk: Helpdesk | None = None

    def respond(self, inbound: Inbound, writes: Writes = _nothing) -> Reply:
        """Answer one inbound message and remember the conversation; writes(reply) are committed
        with the new state (see the module docstring)."""
        key = inbound.key or user_key(self.secret, inbound.user)
        content = self.snapshots.get()
        for _attempt in range(ATTEMPTS - 1):
            reply = self._turn(key, content, inbound, writes)
            if reply is not None:
                return reply
        reply = self._turn(key, content, inbound, writes, lock=True)
        if reply is None:
            raise RuntimeError("the conversation kept changing under this turn")
        return reply

    def language(self, user: str) -> str:
        """The language the person was last answered in ("en" for someone new)."""
        with self.database.session() as session:
            lang = session.scalar(select(Conversation.lang).where(Conversation.user_key == user_key(self.secret, user)))
        return lang or "en"

    def _turn(self, key: str, content: Content, inbound: Inbound, writes: Writes, lock: bool = False) -> Reply | None:
        """One turn, or None when another message of this person was written meanwhile.

        Optimistic: the state is read without a lock, the turn computed, and the new state
        written only if `turns` is still what was read, so no lock is held while the engine
        works. With lock=True the whole turn runs in one transaction with the row locked.
        """
        if lock:
            with self.database.begin() as connection:
                row = connection.execute(_READ_LOCKED, {"key": key}).first()
                reply, write = self._compute(key, row, content, inbound)
                write(connection)
                for extra in writes(reply):
                    extra(connection)
            return reply
        row = self.database.read_one(_READ, {"key": key})
        reply, write = self._compute(key, row, content, inbound)
        try:
            with self.database.begin() as connection:
                if not write(connection):
                    return None
                for extra in writes(reply):
                    extra(connection)
        except IntegrityError:
            return None  # two first messages of one person at once: the other created the row
        return reply

    def _compute(
        self, key: str, row: AnyRow | None, content: Content, inbound: Inbound
    ) -> tuple[Reply, Callable[[Connection], bool]]:
        """The reply to inbound given the stored row (or None), and the function that writes
        the new state on a connection (False if the row changed since it was read)."""
        state = State.from_json(row.state if row else {}, row.lang if row else "en", row.lang_chosen if row else False)
        reminders = self.reminders
        reminding = reminders.reminding(key, inbound.user, inbound.channel) if reminders else None
        desk = self._desk(key, inbound, state)
        reply, feedback, unanswered, changes, desk_changes = engine.respond(
            content, state, inbound, self.today(), self.locales_dir, reminding, desk
        )
        change_reminders = reminders.changing(key, inbound.user, state.lang, changes) if reminders and changes else None
        now = dt.datetime.now(dt.UTC)
        desk_writes = []
        if self.helpdesk is not None and desk_changes:
            reached = identity.sms_reaches(inbound.user, self.helpdesk.regions)
            phone = identity.phone_number(inbound.user) if reached else None
            desk_writes = tickets.writing(self.helpdesk, key, phone, desk_changes, self.helpdesk.now())
        values = {
            "state": state.to_json(),
            "lang": state.lang,
            "lang_chosen": state.lang_chosen,
            "turns": ((row.turns or 0) if row else 0) + 1,
            "updated_at": now,
        }
        records = [
            {
                "user_key": key,
                "centre_slug": item["centre"],
                "rating": item["rating"],
                "text": one_line(item["text"]) if item["text"] else item["text"],
                "lang": item["lang"],
                "reference": item["reference"],
                "created_at": now,
            }
            for item in feedback
        ]

        def write(connection: Connection) -> bool:
            if row is None:
                connection.execute(_INSERT, dict(values, user_key=key, created_at=now))
            elif connection.execute(_UPDATE, dict(values, row_id=row.id, seen=row.turns)).rowcount != 1:
                return False
            if records:
                connection.execute(_INSERT_FEEDBACK, records)
            if unanswered:
                connection.execute(_INSERT_UNANSWERED, [dict(item, created_at=now) for item in unanswered])
            if change_reminders:
                change_reminders(connection)
            for desk_write in desk_writes:
                desk_write(connection)
            return True

        return reply, write

    def _desk(self, key: str, inbound: Inbound, state: State) -> tickets.Desk | None:
        """The person's helpdesk for this turn (read only when their state names a ticket, or
        they are about to open one), or None where there is no helpdesk."""
        if self.helpdesk is None:
            return None
        # About to open one: asked for their question, or offered a choice that opens one (feedback's).
        pending = state.pending is not None and state.pending["intent"] == "talk_to_person"
        offered = any(act["intent"] == "talk_to_person" and "text" in act["entities"] for act in state.options.values())
        since = self.helpdesk.now() - dt.timedelta(days=1)
        channel = inbound.channel if inbound.channel in PHONE_CHANNELS else "web"
        per_day = self.helpdesk.per_day if inbound.tickets else 0
        return tickets.desk(self.database, key, channel, per_day, state.ticket, pending or offered, since)


_TABLE = table(Conversation)
_READ = select(_TABLE.c.id, _TABLE.c.lang, _TABLE.c.lang_chosen, _TABLE.c.state, _TABLE.c.turns).where(
    _TABLE.c.user_key == bindparam("key")
)
_READ_LOCKED = _READ.with_for_update()
_INSERT = insert(_TABLE)
_UPDATE = update(_TABLE).where(_TABLE.c.id == bindparam("row_id"), _TABLE.c.turns == bindparam("seen"))
_INSERT_FEEDBACK = insert(table(Feedback))
_INSERT_UNANSWERED = insert(table(Unanswered))
