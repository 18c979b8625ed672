"""Typed SQLAlchemy 2.0 models: the curated content (content.py), what conversations write at
run time (runtime.py), what the centre managers' console keeps (console.py) and reminders
(reminders.py). All share one
declarative Base so Alembic sees every table."""

from .base import Base, table, utc_now
from .console import ConsoleSession, ConsoleUser, PasswordLink, PublishedChange, SignInCount
from .content import ContentDocument
from .reminders import Heartbeat, ReminderMessage, Subscriber, Subscription, ToldDate
from .runtime import ChannelSession, Conversation, Feedback, InboundMessage, Unanswered

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
