"""What channel adapters keep in the database between requests.

`answer_once` makes a provider's retried message give the same reply and advance the
conversation once, using a unique constraint (never check-then-insert). `ChannelSessions`
keeps small per-session data: SMS pages still to send, a USSD session's screens.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import Any, Callable, Optional

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..models import ChannelSession, InboundMessage

DUPLICATE_WAIT_SECONDS = 12.0


def answer_once(database, channel: str, message_id: str, produce: Callable[[], str],
                user_key: Optional[str] = None) -> str:
    """produce() the reply for a first delivery of message_id; a repeat gets the stored reply.

    A repeat that arrives while the first is still being answered waits for it. If the first
    failed (its claim was removed), the repeat answers in its place.
    """
    for _attempt in range(2):
        try:
            with database.session() as session, session.begin():
                session.add(InboundMessage(channel=channel, message_id=message_id, reply=None, user_key=user_key))
        except IntegrityError:
            stored = _wait_for_reply(database, channel, message_id)
            if stored is not None:
                return stored
            continue
        try:
            reply = produce()
        except BaseException:
            _forget(database, channel, message_id)
            raise
        with database.session() as session, session.begin():
            row = session.scalars(select(InboundMessage).where(
                InboundMessage.channel == channel, InboundMessage.message_id == message_id)).one()
            row.reply = reply
        return reply
    return produce()


def _wait_for_reply(database, channel: str, message_id: str):
    deadline = time.monotonic() + DUPLICATE_WAIT_SECONDS
    while True:
        with database.session() as session:
            row = session.scalars(select(InboundMessage).where(
                InboundMessage.channel == channel, InboundMessage.message_id == message_id)).first()
        if row is None:
            return None  # the first delivery failed and released its claim
        if row.reply is not None or time.monotonic() > deadline:
            return row.reply
        time.sleep(0.05)


def _forget(database, channel: str, message_id: str) -> None:
    with database.session() as session, session.begin():
        session.execute(delete(InboundMessage).where(
            InboundMessage.channel == channel, InboundMessage.message_id == message_id))


class ChannelSessions:
    """Per-session data of channel adapters, as JSON under a key."""

    def __init__(self, database) -> None:
        self.database = database

    def load(self, key: str) -> dict[str, Any]:
        """The data stored under key ({} when none)."""
        with self.database.session() as session:
            row = session.scalars(select(ChannelSession).where(ChannelSession.key == key)).first()
            return dict(row.data) if row and isinstance(row.data, dict) else {}

    def save(self, key: str, data: dict[str, Any], user_key: Optional[str] = None) -> None:
        """Store data under key, replacing what was there; user_key says whose it is."""
        for _attempt in range(2):
            try:
                with self.database.session() as session, session.begin():
                    row = session.scalars(select(ChannelSession).where(ChannelSession.key == key)).first()
                    if row is None:
                        session.add(ChannelSession(key=key, data=data, user_key=user_key))
                    else:
                        row.data = data
                        row.user_key = user_key or row.user_key
                        row.updated_at = dt.datetime.now(dt.timezone.utc)
                return
            except IntegrityError:
                continue  # created concurrently: update it on the second attempt
