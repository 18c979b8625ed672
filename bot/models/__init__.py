"""Typed SQLAlchemy 2.0 models: the curated content (content.py), what conversations write at
run time (runtime.py), what the centre managers' console keeps (console.py) and reminders
(reminders.py). All share one
declarative Base so Alembic sees every table."""

import datetime as dt
from typing import cast

from sqlalchemy import Table
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """The declarative base of every table."""


def utc_now() -> dt.datetime:
    """Now, in UTC with its zone: the default of every table's time columns."""
    return dt.datetime.now(dt.UTC)


def table(model: type[Base]) -> Table:
    """The model's Table, for Core statements (SQLAlchemy types `__table__` as any FromClause)."""
    return cast(Table, model.__table__)


from .console import ConsoleSession, ConsoleUser, PasswordLink, PublishedChange, SignInCount  # noqa: E402
from .content import ContentDocument  # noqa: E402
from .reminders import Heartbeat, ReminderMessage, Subscriber, Subscription, ToldDate  # noqa: E402
from .runtime import ChannelSession, Conversation, Feedback, InboundMessage, Unanswered  # noqa: E402

__all__ = [
    "Base",
    "ChannelSession",
    "ConsoleSession",
    "ConsoleUser",
    "ContentDocument",
    "Conversation",
    "Feedback",
    "Heartbeat",
    "InboundMessage",
    "PasswordLink",
    "PublishedChange",
    "ReminderMessage",
    "SignInCount",
    "Subscriber",
    "Subscription",
    "ToldDate",
    "Unanswered",
    "table",
    "utc_now",
]
