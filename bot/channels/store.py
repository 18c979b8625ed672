"""What channel adapters keep in the database between requests.

`answer_once` makes a provider's retried message give the same reply and advance the
conversation once, using a unique constraint (never check-then-insert). `ChannelSessions`
keeps small per-session data: SMS pages still to send, a USSD session's screens.

Both can write on a connection the caller already has in a transaction (`record`, `save_on`):
an adapter passes them to `Conversations.respond(inbound, also=...)` so its channel data, the
reply and the conversation's new state commit together, in one write.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import Any, Callable, Optional

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..models import ChannelSession, InboundMessage

DUPLICATE_WAIT_SECONDS = 12.0
Record = Callable[[Any, str], None]
"""record(connection, reply): store the reply of the message being answered, in the caller's
transaction on connection."""

_MESSAGES = InboundMessage.__table__
_SESSIONS = ChannelSession.__table__
_CLAIM = insert(_MESSAGES)
_SET_REPLY = update(_MESSAGES).where(_MESSAGES.c.channel == bindparam("ch"),
                                     _MESSAGES.c.message_id == bindparam("mid"))
_STORED = select(_MESSAGES.c.reply).where(_MESSAGES.c.channel == bindparam("ch"),
                                          _MESSAGES.c.message_id == bindparam("mid"))
_FORGET = delete(_MESSAGES).where(_MESSAGES.c.channel == bindparam("ch"), _MESSAGES.c.message_id == bindparam("mid"))
_LOAD = select(_SESSIONS.c.data).where(_SESSIONS.c.key == bindparam("k"))
_UPDATE_SESSION = update(_SESSIONS).where(_SESSIONS.c.key == bindparam("k"))
_INSERT_SESSION = insert(_SESSIONS)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def answer_once(database, channel: str, message_id: str, produce: Callable[[Record], str],
                user_key: Optional[str] = None) -> str:
    """produce(record) the reply for a first delivery of message_id; a repeat gets the stored reply.

    produce may call record(connection, reply) in a transaction of its own so the reply is
    stored with its other writes; if it does not, the reply is stored after it returns.
    A repeat that arrives while the first is still being answered waits for it. If the first
    failed (its claim was removed), the repeat answers in its place. Without a message_id
    there is nothing to match repeats on: produce answers and nothing is stored.
    """
    ids = {"ch": channel, "mid": message_id}
    if not message_id:
        return produce(lambda connection, reply: None)
    for _attempt in range(2):
        try:
            with database.begin() as connection:
                connection.execute(_CLAIM, {"channel": channel, "message_id": message_id, "reply": None,
                                            "user_key": user_key, "created_at": _now()})
        except IntegrityError:
            stored = _wait_for_reply(database, ids)
            if stored is not None:
                return stored
            continue
        recorded = []

        def record(connection, reply: str) -> None:
            connection.execute(_SET_REPLY, dict(ids, reply=reply))
            recorded.append(reply)

        try:
            reply = produce(record)
        except BaseException:
            with database.begin() as connection:
                connection.execute(_FORGET, ids)
            raise
        if reply not in recorded:
            with database.begin() as connection:
                record(connection, reply)
        return reply
    return produce(lambda connection, reply: None)


def _wait_for_reply(database, ids: dict):
    deadline = time.monotonic() + DUPLICATE_WAIT_SECONDS
    while True:
        row = database.read_one(_STORED, ids)
        if row is None:
            return None  # the first delivery failed and released its claim
        if row.reply is not None or time.monotonic() > deadline:
            return row.reply
        time.sleep(0.05)


class ChannelSessions:
    """Per-session data of channel adapters, as JSON under a key."""

    def __init__(self, database) -> None:
        self.database = database

    def load(self, key: str) -> dict[str, Any]:
        """The data stored under key ({} when none)."""
        row = self.database.read_one(_LOAD, {"k": key})
        return dict(row.data) if row and isinstance(row.data, dict) else {}

    def save(self, key: str, data: dict[str, Any], user_key: Optional[str] = None) -> None:
        """Store data under key, replacing what was there; user_key says whose it is."""
        for attempt in range(2):
            try:
                with self.database.begin() as connection:
                    self.save_on(connection, key, data, user_key)
                return
            except IntegrityError:
                if attempt:
                    raise  # created concurrently: the second attempt updates it

    @staticmethod
    def save_on(connection, key: str, data: dict[str, Any], user_key: Optional[str] = None) -> None:
        """save() in the caller's transaction on connection (IntegrityError if the row was
        created concurrently: the caller's transaction is then retried)."""
        values = {"data": data, "updated_at": _now()}
        if user_key:
            values["user_key"] = user_key
        if connection.execute(_UPDATE_SESSION, dict(values, k=key)).rowcount == 0:
            connection.execute(_INSERT_SESSION, dict(values, key=key, user_key=user_key))
