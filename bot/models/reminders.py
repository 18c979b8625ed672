"""What reminders keep (bot.reminders): who asked for them, about what, and every message.

The phone number is the one thing stored that is not a keyed hash: it is needed to send, so it
is kept encrypted (Fernet, key REMINDER_KEY), only for a person who said yes, with the words
they said yes to and when; it is deleted on STOP, on `flask forget`, and when the person has no
reminder left (POPIA).

A message is one row per (subscriber, kind, key) (the unique constraint): however often the
scheduler runs, retries or restarts, a reminder for one date, a cancellation of one date or one
notice is planned once per person, and sent at most once (see bot.reminders.delivery).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utc_now


class Subscriber(Base):
    """A person who said yes to reminders: their encrypted number and language."""

    __tablename__ = "reminder_subscribers"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), unique=True)
    # The Fernet token of the E.164 number; None once the person has no reminder left.
    number: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    lang: Mapped[str] = mapped_column(String(8))
    # Set when a message to the number failed for good (Twilio said it cannot be delivered to).
    paused_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    paused_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Subscription(Base):
    """One person's reminders for one provider at one centre: the words they said yes to (in
    English, whatever language they read them in) and when (created_at); ended_at once stopped."""

    __tablename__ = "reminder_subscriptions"
    __table_args__ = (
        UniqueConstraint("subscriber_id", "centre", "provider"),
        Index("ix_reminder_subscriptions_centre_provider", "centre", "provider"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("reminder_subscribers.id", ondelete="CASCADE"))
    centre: Mapped[str] = mapped_column(String(64))
    provider: Mapped[str] = mapped_column(String(64))
    consent: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ToldDate(Base):
    """A confirmed service day a person with reminders was told of: in an answer, in the
    confirmation of their reminder, or by a reminder. Only they are told when it is cancelled or
    closed (bot.reminders.planner); kept until `purge`, LOG_RETENTION_DAYS after the day."""

    __tablename__ = "reminder_told_dates"
    __table_args__ = (UniqueConstraint("subscriber_id", "centre", "provider", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("reminder_subscribers.id", ondelete="CASCADE"), index=True)
    centre: Mapped[str] = mapped_column(String(64))
    provider: Mapped[str] = mapped_column(String(64))
    day: Mapped[dt.date] = mapped_column(index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class ReminderMessage(Base):
    """One message planned for one person: a reminder the day before a service day (kind "day"),
    a date they were told of that is no longer a service day ("cancelled"), a closure over dates
    they were told of ("closed") or another notice ("notice"), and what became of it.

    status: queued (waiting for due_at), sending (claimed by a worker), sent, failed (for good),
    skipped (stopped, paused, over the month's bound, or too late to be useful) or unknown (a
    worker died while Twilio may have taken it, and no status callback says whether it did: never
    sent again). delivery is what Twilio's status callback said last (delivered, undelivered...).
    No user key and no text: the centre and provider are for the console's counts; the words are
    made when it is sent.
    """

    __tablename__ = "reminder_messages"
    __table_args__ = (
        UniqueConstraint("subscriber_id", "kind", "key"),
        Index("ix_reminder_messages_due", "status", "due_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("reminder_subscribers.id", ondelete="CASCADE"), index=True)
    centre: Mapped[str] = mapped_column(String(64))
    provider: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # day | cancelled | closed | notice
    # What it is about: "centre/provider/date" (day, cancelled), "centre/provider/notice id"
    # (closed) or "centre/notice id" (notice).
    key: Mapped[str] = mapped_column(String(160))
    # The last day it is about: the service day, the cancelled date, a notice's last day (it is
    # kept until then, so it is never planned again).
    day: Mapped[dt.date | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # The last time it was handed to the queue (a job lost with Redis is handed again later).
    enqueued_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sid: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    delivery: Mapped[str | None] = mapped_column(String(16), nullable=True)
    error: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Heartbeat(Base):
    """When a part of the reminders last did its work (`name` "tick": the clock's planning and
    sending), so /healthz and the console can say when the sender has stopped."""

    __tablename__ = "reminder_heartbeats"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
