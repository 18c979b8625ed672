"""What channel adapters keep in the database between requests.

`answer_once(database, channel, message_id, produce)` makes a provider's retried message give
the same reply and advance the conversation once, using a unique constraint (never
check-then-insert): produce(delivery) answers a first delivery, and a repeat gets the stored
reply. `ChannelSessions` keeps small per-session data: SMS pages still to send, a USSD
session's screens.

Both hand out *writes* instead of writing at once: `delivery.storing(reply)` and
`sessions.saving(key, data)` are `Write`s, functions of a connection in a transaction, that the
adapter gives to `Conversations.respond(inbound, writes=...)` (or to `commit`) so its channel
data, the reply and the conversation's new state commit together, in one write. An adapter
never holds a connection, and does what must not be repeated (sending an SMS) after the commit.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from ..dialogue.conversation import Write
from ..models import ChannelSession, InboundMessage, table

# A claim on a MessageSid lapses after CLAIM_SECONDS: Twilio retries after 15 s, and the retry
# of a message whose worker died (or lost its database) takes the claim over at once.
CLAIM_SECONDS = 5.0
# A repeat waits at most this long for a live claim to be answered or to lapse.
DUPLICATE_WAIT_SECONDS = CLAIM_SECONDS + 3.0

_MESSAGES = table(InboundMessage)
_SESSIONS = table(ChannelSession)
_THIS = (_MESSAGES.c.channel == bindparam("ch"), _MESSAGES.c.message_id == bindparam("mid"))
_MINE = _THIS + (_MESSAGES.c.reply.is_(None), _MESSAGES.c.created_at == bindparam("claimed"))
_CLAIM = insert(_MESSAGES)
_TAKE_OVER = (
    update(_MESSAGES)
    .where(*_THIS, _MESSAGES.c.reply.is_(None), _MESSAGES.c.created_at < bindparam("lapsed"))
    .values(created_at=bindparam("claimed"))
)
_SET_REPLY = update(_MESSAGES).where(*_MINE).values(reply=bindparam("answer"))
_STORED = select(_MESSAGES.c.reply).where(*_THIS)
_FORGET = delete(_MESSAGES).where(*_MINE)
_LOAD = select(_SESSIONS.c.data).where(_SESSIONS.c.key == bindparam("k"))
_UPDATE_SESSION = update(_SESSIONS).where(_SESSIONS.c.key == bindparam("k"))
_INSERT_SESSION = insert(_SESSIONS)


class ClaimLost(Exception):
    """The claim on a message lapsed and another delivery answered it or took it over."""


class StillAnswering(Exception):
    """A repeat waited DUPLICATE_WAIT_SECONDS and the message was neither answered nor free."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def commit(database, *writes: Write) -> None:
    """Run writes in one transaction of their own (when there is no conversation turn to join)."""
    with database.begin() as connection:
        for write in writes:
            write(connection)


class Delivery:
    """One claimed delivery of a provider's message (or, without a message id, nothing to
    match repeats on): `storing(reply)` is the write that records its reply."""

    def __init__(self, ids: dict[str, Any] | None = None, claimed: dt.datetime | None = None) -> None:
        self._mine = dict(ids, claimed=claimed) if ids is not None else None
        self.stored: str | None = None

    def storing(self, reply: str) -> Write:
        """The write that stores reply as this message's answer; it raises ClaimLost (rolling
        its transaction back) when the claim lapsed and another delivery answered the message
        or took it over meanwhile."""

        def write(connection: Connection) -> None:
            if self._mine is None:
                return
            if connection.execute(_SET_REPLY, dict(self._mine, answer=reply)).rowcount != 1:
                raise ClaimLost(self._mine["ch"])
            self.stored = reply

        return write

    def release(self, database) -> None:
        """Give the claim up (the first delivery failed: a retry answers afresh)."""
        if self._mine is not None:
            with database.begin() as connection:
                connection.execute(_FORGET, self._mine)


def answer_once(
    database, channel: str, message_id: str, produce: Callable[[Delivery], str], user_key: str | None = None
) -> str:
    """produce(delivery) the reply for a first delivery of message_id; a repeat gets the stored reply.

    A delivery claims the message (a row, unique per channel and id) for CLAIM_SECONDS; the
    claim time is its token. produce commits delivery.storing(reply) with its other writes (the
    conversation's new state); if it does not, the reply is stored after it returns. Storing
    the reply succeeds only while the reply is empty and the claim is still this delivery's, so
    whatever dies or stalls, at most one delivery's writes commit: the conversation advances at
    most once per message. A repeat waits while a live claim is being answered; a claim that
    lapsed (its worker was killed, or lost its database) is taken over at once; a failed first
    delivery releases its claim. Without a message_id there is nothing to match repeats on:
    produce answers and nothing is stored.
    """
    if not message_id:
        return produce(Delivery())
    ids = {"ch": channel, "mid": message_id}
    claimed = _claim(database, ids, user_key)
    if not isinstance(claimed, dt.datetime):
        return claimed
    delivery = Delivery(ids, claimed)
    try:
        reply = produce(delivery)
        if delivery.stored != reply:
            commit(database, delivery.storing(reply))
    except ClaimLost:
        return _wait_for_reply(database, ids)
    except BaseException:
        delivery.release(database)
        raise
    return reply


def _claim(database, ids: dict, user_key: str | None):
    """The claim time (this delivery's token) once the message is claimed, or the reply stored
    by another delivery. Raises StillAnswering after DUPLICATE_WAIT_SECONDS."""
    deadline = time.monotonic() + DUPLICATE_WAIT_SECONDS
    while True:
        claimed = _now()
        try:
            with database.begin() as connection:
                connection.execute(
                    _CLAIM,
                    {
                        "channel": ids["ch"],
                        "message_id": ids["mid"],
                        "reply": None,
                        "user_key": user_key,
                        "created_at": claimed,
                    },
                )
            return claimed
        except IntegrityError:
            pass
        row = database.read_one(_STORED, ids)
        if row is not None and row.reply is not None:
            return row.reply
        with database.begin() as connection:
            lapsed = claimed - dt.timedelta(seconds=CLAIM_SECONDS)
            if connection.execute(_TAKE_OVER, dict(ids, claimed=claimed, lapsed=lapsed)).rowcount == 1:
                return claimed
        if time.monotonic() > deadline:
            raise StillAnswering(ids["ch"])
        time.sleep(0.05)


def _wait_for_reply(database, ids: dict) -> str:
    """The reply another delivery stored, waiting for it while it is being written."""
    deadline = time.monotonic() + DUPLICATE_WAIT_SECONDS
    while True:
        row = database.read_one(_STORED, ids)
        if row is not None and row.reply is not None:
            return row.reply
        if time.monotonic() > deadline:
            raise StillAnswering(ids["ch"])
        time.sleep(0.05)


class ChannelSessions:
    """Per-session data of channel adapters, as JSON under a key."""

    def __init__(self, database) -> None:
        self.database = database

    def load(self, key: str) -> dict[str, Any]:
        """The data stored under key ({} when none)."""
        row = self.database.read_one(_LOAD, {"k": key})
        return dict(row.data) if row and isinstance(row.data, dict) else {}

    def saving(self, key: str, data: dict[str, Any], user_key: str | None = None) -> Write:
        """Store data under key (replacing what was there; user_key says whose it is), as a write
        in the caller's transaction (an IntegrityError when the row was
        created concurrently: the caller's transaction is then retried)."""
        return lambda connection: self.save_on(connection, key, data, user_key)

    @staticmethod
    def save_on(connection, key: str, data: dict[str, Any], user_key: str | None = None) -> None:
        """save() in the caller's transaction on connection (IntegrityError if the row was
        created concurrently: the caller's transaction is then retried)."""
        values = {"data": data, "updated_at": _now()}
        if user_key:
            values["user_key"] = user_key
        if connection.execute(_UPDATE_SESSION, dict(values, k=key)).rowcount == 0:
            connection.execute(_INSERT_SESSION, dict(values, key=key, user_key=user_key))
