"""Tables written while people talk to the bot.

No raw phone number or user id is ever stored: `user_key` is an HMAC of the user id keyed
with SECRET_KEY (bot.dialogue.identity).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utc_now


class Conversation(Base):
    """One person's conversation state, so any worker can take their next message."""

    __tablename__ = "conversations"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), unique=True)
    lang: Mapped[str] = mapped_column(String(8), default="en")
    lang_chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    turns: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)


class Feedback(Base):
    """What a citizen told us about a centre, kept for the centre manager."""

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    centre_slug: Mapped[str | None] = mapped_column(String(64), index=True)
    rating: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)
    # The short code the person was given to quote (TB-7QK3).
    reference: Mapped[str | None] = mapped_column(String(16), index=True)
    # Where the centre's manager is with it (new, seen, answered), who set that and when.
    status: Mapped[str] = mapped_column(String(16), default="new", server_default="new")
    status_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Unanswered(Base):
    """A message the bot could not understand, or a place it did not know, for the people who
    improve the vocabularies and the content: the text with numbers and addresses masked, its
    language and the province it is about when known. No user key: it is no one's."""

    __tablename__ = "unanswered"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # not_understood | unknown_place
    text: Mapped[str] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(8))
    province: Mapped[str | None] = mapped_column(String(8), nullable=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)


class InboundMessage(Base):
    """A provider's message id seen once, with the reply given to it.

    Twilio retries a webhook after 15 s: the unique constraint makes the same MessageSid, in a
    row or concurrently, advance the conversation once and get the same reply.
    """

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "message_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[str] = mapped_column(String(64))
    reply: Mapped[str | None] = mapped_column(Text)  # None while the first delivery is answered
    # Whose message it was (keyed hash), so `flask forget` can remove it.
    user_key: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)


class ChannelSession(Base):
    """What a channel adapter keeps between requests: SMS pages still to send, a USSD session."""

    __tablename__ = "channel_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    user_key: Mapped[str | None] = mapped_column(String(64), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)
