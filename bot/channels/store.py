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
from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..models import ChannelSession, InboundMessage

# A claim on a MessageSid lapses after CLAIM_SECONDS: Twilio retries after 15 s, and the retry
# of a message whose worker died (or lost its database) takes the claim over at once.
CLAIM_SECONDS = 5.0
# A repeat waits at most this long for a live claim to be answered or to lapse.
DUPLICATE_WAIT_SECONDS = CLAIM_SECONDS + 3.0
Record = Callable[[Any, str], None]
"""record(connection, reply): store the reply of the message being answered, in the caller's
transaction on connection; raises ClaimLost (rolling that transaction back) when the claim
lapsed and another delivery answered or took the message over meanwhile."""

_MESSAGES = InboundMessage.__table__
_SESSIONS = ChannelSession.__table__
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


def answer_once(
    database, channel: str, message_id: str, produce: Callable[[Record], str], user_key: str | None = None
) -> str:
    """produce(record) the reply for a first delivery of message_id; a repeat gets the stored reply.

    A delivery claims the message (a row, unique per channel and id) for CLAIM_SECONDS; the
    claim time is its token. produce may call record(connection, reply) in its own transaction
    so the reply is stored with its other writes (the conversation's new state); if it does
    not, the reply is stored after it returns. Storing the reply succeeds only while the reply
    is empty and the claim is still this delivery's, so whatever dies or stalls, at most one
    delivery's writes commit: the conversation advances at most once per message.
    A repeat waits while a live claim is being answered; a claim that lapsed (its worker was
    killed, or lost its database) is taken over at once; a failed first delivery releases its
    claim. Without a message_id there is nothing to match repeats on: produce answers and
    nothing is stored.
    """
    ids = {"ch": channel, "mid": message_id}
    if not message_id:
        return produce(lambda connection, reply: None)
    claimed = _claim(database, ids, user_key)
    if not isinstance(claimed, dt.datetime):
        return claimed
    mine = dict(ids, claimed=claimed)
    recorded = []

    def record(connection, reply: str) -> None:
        if connection.execute(_SET_REPLY, dict(mine, answer=reply)).rowcount != 1:
            raise ClaimLost(channel)
        recorded.append(reply)

    try:
        reply = produce(record)
        if reply not in recorded:
            with database.begin() as connection:
                record(connection, reply)
    except ClaimLost:
        return _wait_for_reply(database, ids)
    except BaseException:
        with database.begin() as connection:
            connection.execute(_FORGET, mine)
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

    def save(self, key: str, data: dict[str, Any], user_key: str | None = None) -> None:
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
    def save_on(connection, key: str, data: dict[str, Any], user_key: str | None = None) -> None:
        """save() in the caller's transaction on connection (IntegrityError if the row was
        created concurrently: the caller's transaction is then retried)."""
        values = {"data": data, "updated_at": _now()}
        if user_key:
            values["user_key"] = user_key
        if connection.execute(_UPDATE_SESSION, dict(values, k=key)).rowcount == 0:
            connection.execute(_INSERT_SESSION, dict(values, key=key, user_key=user_key))
