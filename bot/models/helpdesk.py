"""What the helpdesk keeps (bot.helpdesk): a citizen's question for a person, and every message
of it.

A ticket is for a centre (or, when none is known, the province's coordinators). It holds the
citizen's keyed hash (never the number itself), the phone number only where a reply must be
sent to it (SMS, WhatsApp, USSD), encrypted with REMINDER_KEY as reminders' numbers are, and
removed when the ticket is closed; the channel and language to answer in; a reference the person
can quote; its status (new, assigned, answered, closed) with who set it and when.

An entry is one message of the ticket: the citizen's (kind "citizen"), what the bot had answered
before ("context": the questions, never the person's words), a staff member's reply ("reply")
with its delivery, or an internal note ("note") or event ("event") staff see. Texts are kept
while the ticket is open and LOG_RETENTION_DAYS after it closed (bot.privacy.purge).

A canned reply is a text staff keep to answer common questions with, in one language: for one
centre, or (no centre) for a whole province. Who may keep and use which: bot.helpdesk.staff.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utc_now


class Ticket(Base):
    """One citizen's question for a person (see the module docstring)."""

    __tablename__ = "helpdesk_tickets"
    __table_args__ = (Index("ix_helpdesk_tickets_status_created", "status", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    centre: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    province: Mapped[str | None] = mapped_column(String(8), nullable=True, index=True)
    provider: Mapped[str | None] = mapped_column(String(64), nullable=True)
    channel: Mapped[str] = mapped_column(String(16))  # sms | whatsapp | ussd | web
    lang: Mapped[str] = mapped_column(String(8))
    # The Fernet token of the E.164 number a reply is sent to; None on the web, and once closed.
    number: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # The number's last four digits, to show staff a masked number ("*** *** 4567").
    number_tail: Mapped[str | None] = mapped_column(String(4), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="new")  # new | assigned | answered | closed
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("console_users.id"), nullable=True, index=True)
    status_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)
    # The citizen's last message (WhatsApp allows free text for 24 hours after it).
    citizen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    first_reply_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # When the citizen was told nobody answered in time (once), and the ticket flagged.
    late_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)


class TicketEntry(Base):
    """One message of a ticket (see the module docstring). A reply's `delivery` is: queued (to
    send), sending (claimed by a worker), sent (handed to Twilio; `provider_status` is what its
    status callback said last), waiting (for a web user to open the chat), shown (they saw it),
    failed (for good: `error`), not_sent (the person said STOP, or no number can be reached)."""

    __tablename__ = "helpdesk_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("helpdesk_tickets.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # citizen | context | reply | note | event
    text: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("console_users.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    via: Mapped[str | None] = mapped_column(String(16), nullable=True)  # sms | whatsapp | web
    delivery: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    sid: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    provider_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    error: Mapped[str | None] = mapped_column(String(120), nullable=True)


class CannedReply(Base):
    """A reply kept to answer common questions with (see the module docstring): a centre's
    (`centre` set, `province` the centre's) or a province's (`centre` None), in one language of
    bot.i18n.LANGUAGES, within bot.helpdesk.staff.REPLY_SEGMENTS SMS segments."""

    __tablename__ = "helpdesk_canned_replies"
    id: Mapped[int] = mapped_column(primary_key=True)
    centre: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    province: Mapped[str | None] = mapped_column(String(8), nullable=True, index=True)
    lang: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("console_users.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
