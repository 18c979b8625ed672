"""What the centre managers' console keeps: accounts, one-time password links, and every fact a
manager published (bot.console, bot.content.published).

Published facts are never updated or deleted: each change is a new row holding the value after
it and the value before it, who made it and when, so the history of every record can be shown
and nothing disappears without a trace.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utc_now


class ConsoleUser(Base):
    """A person who may use the console: a centre manager (centres), a provincial coordinator
    (province) or an administrator. Passwords are stored only as hashes."""

    __tablename__ = "console_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256), nullable=True)
    role: Mapped[str] = mapped_column(String(16))  # manager | coordinator | admin
    centres: Mapped[list[str]] = mapped_column(JSON, default=list)
    province: Mapped[str | None] = mapped_column(String(8), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PasswordLink(Base):
    """A one-time link to set a password: only the token's hash is kept; it expires."""

    __tablename__ = "console_password_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("console_users.id"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ConsoleSession(Base):
    """A sign-in: its cookie carries a random token, of which only the hash is kept. It ends at
    `expires_at` (CONSOLE_SESSION_HOURS after sign-in, never renewed), or when the user signs
    out, is disabled or gets a new password (`ended_at`): a copied cookie then opens nothing."""

    __tablename__ = "console_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("console_users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SignInCount(Base):
    """Sign-ins tried under one key (an account from one address, or one address) in the window
    that began at `window_start` (bot.console.attempts counts them, shared by every worker)."""

    __tablename__ = "console_sign_in_counts"
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    window_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    count: Mapped[int] = mapped_column(Integer)


class PublishedChange(Base):
    """One change a console user published to a record of a centre: `value` after it (None when
    it was withdrawn), `previous` before it. The newest change of a (kind, centre, target) is in
    force.

    `replaces` is the id of the change it was made over (0 for a record's first): unique per
    record, so two people who changed the version they both read cannot both be written; the
    second is told to reload (optimistic concurrency, bot.console.changes)."""

    __tablename__ = "published_changes"
    __table_args__ = (
        UniqueConstraint(
            "kind", "centre", "target", "replaces", name="uq_published_changes_kind_centre_target_replaces"
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # service_day
    centre: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(160))  # service_day: "provider" or "provider/service"
    value: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("console_users.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    replaces: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
