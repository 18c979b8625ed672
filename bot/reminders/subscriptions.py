"""Who gets reminders about what: subscribing, stopping, listing, forgetting.

The conversation core changes subscriptions in the transaction of the turn that asked for it
(`changing(...)` returns a write for bot.dialogue.conversation), so a "yes" is stored with the
turn that confirms it, or not at all. The number is kept encrypted with Fernet (REMINDER_KEY):
set on a "yes", replaced by None once the person has no reminder left, deleted by `forget`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from ..dialogue.reminding import Change
from ..models import ReminderMessage, Subscriber, Subscription, ToldDate, table

if TYPE_CHECKING:
    from ..database import Database

SUBSCRIBERS, SUBSCRIPTIONS, MESSAGES = table(Subscriber), table(Subscription), table(ReminderMessage)
TOLD = table(ToldDate)


class Numbers:
    """Encrypts and decrypts phone numbers with the REMINDER_KEY (a Fernet key)."""

    def __init__(self, key: str) -> None:
        from cryptography.fernet import Fernet  # (imported only where reminders are configured)

        self._fernet = Fernet(key.encode("ascii"))

    def seal(self, number: str) -> bytes:
        return self._fernet.encrypt(number.encode("ascii"))

    def open(self, token: bytes | None) -> str | None:
        """The number, or None when there is none or it was sealed with another key."""
        from cryptography.fernet import InvalidToken

        if not token:
            return None
        try:
            return self._fernet.decrypt(bytes(token)).decode("ascii")
        except InvalidToken:
            return None


def active(database: Database, user_key: str) -> list[tuple[str, str]]:
    """(centre, provider) of the person's reminders, oldest first."""
    rows = database.read_all(_ACTIVE, {"key": user_key})
    return [(row.centre, row.provider) for row in rows]


_ACTIVE = (
    select(SUBSCRIPTIONS.c.centre, SUBSCRIPTIONS.c.provider)
    .join(SUBSCRIBERS, SUBSCRIBERS.c.id == SUBSCRIPTIONS.c.subscriber_id)
    .where(SUBSCRIBERS.c.user_key == bindparam("key"), SUBSCRIPTIONS.c.ended_at.is_(None))
    .order_by(SUBSCRIPTIONS.c.id)
)


def apply(
    connection: Connection,
    numbers: Numbers,
    user_key: str,
    number: str,
    lang: str,
    changes: Sequence[Change],
    now: dt.datetime,
) -> None:
    """Make changes for the person (user_key, whose phone number is number) on connection.

    Subscribing stores the number (encrypted), the language and the consent, and starts (or
    starts again) the reminder; a paused number is resumed (the person is writing from it). When
    no reminder is left the number is removed. Dates the person was told of are kept for the
    reminders they have. Concurrent first subscriptions of one person raise IntegrityError (the
    conversation core computes the turn again)."""
    subscriber = connection.execute(select(SUBSCRIBERS.c.id).where(SUBSCRIBERS.c.user_key == user_key)).first()
    subscriber_id = subscriber.id if subscriber else None
    ended = False
    for change in changes:
        if change.action == "subscribe" and change.centre and change.provider:
            values = {"number": numbers.seal(number), "lang": lang}
            if subscriber_id is None:
                subscriber_id = connection.execute(
                    insert(SUBSCRIBERS).values(user_key=user_key, **values).returning(SUBSCRIBERS.c.id)
                ).scalar_one()
            else:
                connection.execute(
                    update(SUBSCRIBERS)
                    .where(SUBSCRIBERS.c.id == subscriber_id)
                    .values(paused_at=None, paused_reason=None, **values)
                )
            _start(connection, subscriber_id, change, now)
            told(connection, subscriber_id, change, now)
        elif subscriber_id is not None and change.action == "told":
            told(connection, subscriber_id, change, now)
        elif subscriber_id is not None and change.action in ("end", "end_all"):
            ended = True
            which = [SUBSCRIPTIONS.c.subscriber_id == subscriber_id, SUBSCRIPTIONS.c.ended_at.is_(None)]
            if change.action == "end" and change.centre:
                which.append(SUBSCRIPTIONS.c.centre == change.centre)
            if change.action == "end" and change.provider:
                which.append(SUBSCRIPTIONS.c.provider == change.provider)
            connection.execute(update(SUBSCRIPTIONS).where(*which).values(ended_at=now))
    if subscriber_id is not None and ended:
        left = connection.execute(
            select(func.count())
            .select_from(SUBSCRIPTIONS)
            .where(SUBSCRIPTIONS.c.subscriber_id == subscriber_id, SUBSCRIPTIONS.c.ended_at.is_(None))
        ).scalar_one()
        if not left:
            connection.execute(update(SUBSCRIBERS).where(SUBSCRIBERS.c.id == subscriber_id).values(number=None))
            # What was planned and not yet sent is not sent.
            connection.execute(
                update(MESSAGES)
                .where(MESSAGES.c.subscriber_id == subscriber_id, MESSAGES.c.status == "queued")
                .values(status="skipped", error="stopped")
            )


def _start(connection: Connection, subscriber_id: int, change: Change, now: dt.datetime) -> None:
    """Start (or start again, from now, with its new consent) the subscriber's reminder for the
    change's provider at its centre."""
    which = and_(
        SUBSCRIPTIONS.c.subscriber_id == subscriber_id,
        SUBSCRIPTIONS.c.centre == change.centre,
        SUBSCRIPTIONS.c.provider == change.provider,
    )
    row = connection.execute(select(SUBSCRIPTIONS.c.ended_at).where(which)).first()
    values = {"consent": change.consent, "created_at": now, "ended_at": None}
    if row is None:
        connection.execute(
            insert(SUBSCRIPTIONS).values(
                subscriber_id=subscriber_id, centre=change.centre, provider=change.provider, **values
            )
        )
    elif row.ended_at is not None:
        connection.execute(update(SUBSCRIPTIONS).where(which).values(**values))


def told(connection: Connection, subscriber_id: int, change: Change, now: dt.datetime) -> None:
    """Keep that the subscriber was told of change.dates for change.provider at change.centre,
    when they have that reminder (each date once)."""
    if not change.dates:
        return
    active = connection.execute(
        select(SUBSCRIPTIONS.c.id).where(
            SUBSCRIPTIONS.c.subscriber_id == subscriber_id,
            SUBSCRIPTIONS.c.centre == change.centre,
            SUBSCRIPTIONS.c.provider == change.provider,
            SUBSCRIPTIONS.c.ended_at.is_(None),
        )
    ).first()
    if active is None:
        return
    rows = [
        {"subscriber_id": subscriber_id, "centre": change.centre, "provider": change.provider, "day": day}
        | {"created_at": now}
        for day in sorted(set(change.dates))
    ]
    connection.execute(insert_new(connection, TOLD), rows)


def insert_new(connection: Connection, table_: Any) -> Any:
    """An INSERT into table_ that leaves out rows its unique constraints already hold."""
    from sqlalchemy.dialects import postgresql, sqlite  # (only where reminders are written)

    dialect = connection.dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table_).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table_).on_conflict_do_nothing()
    return insert(table_)


def forget(connection: Connection, user_key: str) -> dict[str, int]:
    """Remove the person's number, consent, reminders and messages; how many rows went."""
    ids = select(SUBSCRIBERS.c.id).where(SUBSCRIBERS.c.user_key == user_key).scalar_subquery()
    return {
        "reminder messages": connection.execute(delete(MESSAGES).where(MESSAGES.c.subscriber_id == ids)).rowcount,
        "dates told": connection.execute(delete(TOLD).where(TOLD.c.subscriber_id == ids)).rowcount,
        "reminders": connection.execute(delete(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.subscriber_id == ids)).rowcount,
        "reminder numbers": connection.execute(delete(SUBSCRIBERS).where(SUBSCRIBERS.c.user_key == user_key)).rowcount,
    }


def purge(connection: Connection, cutoff: dt.datetime) -> dict[str, int]:
    """Remove messages settled before cutoff about days before it (a message about a later day
    is kept, or it would be planned again), reminders ended before cutoff, and people with no
    number and nothing left."""
    settled = MESSAGES.c.status.in_(("sent", "failed", "skipped", "unknown"))
    past = or_(MESSAGES.c.day.is_(None), MESSAGES.c.day < cutoff.date())
    counts = {
        "reminder messages": connection.execute(
            delete(MESSAGES).where(settled, past, MESSAGES.c.created_at < cutoff)
        ).rowcount,
        "ended reminders": connection.execute(delete(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.ended_at < cutoff)).rowcount,
        "dates told": connection.execute(delete(TOLD).where(TOLD.c.day < cutoff.date())).rowcount,
    }
    has_any = select(SUBSCRIPTIONS.c.id).where(SUBSCRIPTIONS.c.subscriber_id == SUBSCRIBERS.c.id).exists()
    has_messages = select(MESSAGES.c.id).where(MESSAGES.c.subscriber_id == SUBSCRIBERS.c.id).exists()
    has_told = select(TOLD.c.id).where(TOLD.c.subscriber_id == SUBSCRIBERS.c.id).exists()
    counts["reminder consents"] = connection.execute(
        delete(SUBSCRIBERS).where(SUBSCRIBERS.c.number.is_(None), ~has_any, ~has_messages, ~has_told)
    ).rowcount
    return counts


def pause(connection: Connection, subscriber_id: int, reason: str, now: dt.datetime) -> None:
    """Send the person nothing more (their number failed for good) until they write again."""
    connection.execute(
        update(SUBSCRIBERS)
        .where(SUBSCRIBERS.c.id == bindparam("sid"), SUBSCRIBERS.c.paused_at.is_(None))
        .values(paused_at=now, paused_reason=reason[:32]),
        {"sid": subscriber_id},
    )


def counts(database: Database, centre: str, since: dt.datetime) -> list[dict[str, int | str]]:
    """Per provider at centre: people with reminders now, and messages sent and failed since
    (failed: Twilio refused it, or reported it undelivered) for the console; never who."""
    people = database.read_all(
        select(SUBSCRIPTIONS.c.provider, func.count())
        .where(SUBSCRIPTIONS.c.centre == centre, SUBSCRIPTIONS.c.ended_at.is_(None))
        .group_by(SUBSCRIPTIONS.c.provider)
    )
    messages = database.read_all(
        select(MESSAGES.c.provider, MESSAGES.c.status, MESSAGES.c.delivery, func.count())
        .where(MESSAGES.c.centre == centre, MESSAGES.c.created_at >= since, MESSAGES.c.status.in_(("sent", "failed")))
        .group_by(MESSAGES.c.provider, MESSAGES.c.status, MESSAGES.c.delivery)
    )
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for provider, count in people:
        found[provider]["people"] = count
    for provider, status, delivery, count in messages:
        found[provider]["failed" if status == "failed" or delivery in ("failed", "undelivered") else "sent"] += count
    return [
        {"provider": provider, "people": seen["people"], "sent": seen["sent"], "failed": seen["failed"]}
        for provider, seen in sorted(found.items())
    ]
